package pki

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"testing"
)

// TestRSAPoolFile reads rsapool.pem as a file, independently of the embedded
// copy's decoder: gen_rsapool.go promises 8 valid, distinct keys of each size.
func TestRSAPoolFile(t *testing.T) {
	data, err := os.ReadFile("rsapool.pem")
	if err != nil {
		t.Fatal(err)
	}
	counts := map[int]int{}
	seen := map[string]bool{}
	for rest := data; len(rest) > 0; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			t.Fatalf("%d bytes after the last PEM block", len(rest))
		}
		if b.Type != "PRIVATE KEY" {
			t.Fatalf("block type %q", b.Type)
		}
		k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			t.Fatalf("a %T in the RSA pool", k)
		}
		if err := rk.Validate(); err != nil {
			t.Fatalf("RSA-%d key: %v", rk.N.BitLen(), err)
		}
		if seen[rk.N.String()] {
			t.Fatalf("an RSA-%d key appears twice", rk.N.BitLen())
		}
		seen[rk.N.String()] = true
		counts[rk.N.BitLen()]++
	}
	want := map[KeyType]int{RSA1024: 8, RSA2048: 8, RSA3072: 8, RSA4096: 8}
	if len(counts) != len(want) {
		t.Errorf("key sizes %v, want 8 each of 1024, 2048, 3072 and 4096 bits", counts)
	}
	for kt, n := range want {
		if counts[kt.rsaBits()] != n || PoolSize(kt) != n {
			t.Errorf("%s: %d keys in the file, PoolSize %d, want %d", kt, counts[kt.rsaBits()], PoolSize(kt), n)
		}
	}
	for _, kt := range []KeyType{ECDSAP256, ECDSAP384, Ed25519} {
		if PoolSize(kt) != 0 {
			t.Errorf("PoolSize(%s) = %d, want 0: only RSA is pooled", kt, PoolSize(kt))
		}
	}
}

// BenchmarkBuildRSAChain measures what the pool is for: crafting an RSA chain in
// milliseconds.
func BenchmarkBuildRSAChain(b *testing.B) {
	ca := Spec{Name: "ca", CommonName: "CA", NotAfter: 1, Key: RSA4096, IsCA: true}
	in := Spec{Name: "in", Issuer: "ca", CommonName: "Intermediate", NotAfter: 1, Key: RSA3072, IsCA: true}
	l := Spec{Name: "l", Issuer: "in", CommonName: "leaf", NotAfter: 1, Key: RSA2048}
	for b.Loop() {
		if _, err := Build([]Spec{ca, in, l}, clock); err != nil {
			b.Fatal(err)
		}
	}
}
