package pki

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"
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
		if counts[kt.RSABits()] != n || PoolSize(kt) != n || ReadyKeys(kt) != n-1 {
			t.Errorf("%s: %d keys in the file, PoolSize %d, ReadyKeys %d, want %d and %d ready", kt, counts[kt.RSABits()], PoolSize(kt), ReadyKeys(kt), n, n-1)
		}
	}
	for _, kt := range []KeyType{ECDSAP256, ECDSAP384, Ed25519} {
		if PoolSize(kt) != 0 || ReadyKeys(kt) != 0 || MakeCost(kt) != 0 {
			t.Errorf("%s: PoolSize %d, ReadyKeys %d, MakeCost %d, want 0: only RSA is pooled, and only RSA costs to make", kt, PoolSize(kt), ReadyKeys(kt), MakeCost(kt))
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

// ReadyKeys is what a Build takes from the pool before it makes keys: the
// certificates past it get keys the pool does not hold.
func TestReadyKeys(t *testing.T) {
	ready := ReadyKeys(RSA1024)
	var specs []Spec
	for i := range ready + 2 {
		specs = append(specs, Spec{Name: fmt.Sprintf("c%d", i), CommonName: "c", NotAfter: 1, Key: RSA1024})
	}
	set, err := Build(specs, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	pooled := map[string]bool{}
	for _, k := range rsaPool()[1024] {
		pooled[k.N.String()] = true
	}
	made := 0
	for _, name := range set.Order {
		if !pooled[set.Get(name).Key.(*rsa.PrivateKey).N.String()] {
			made++
		}
	}
	if made != 2 {
		t.Errorf("%d RSA-1024 certificates got %d keys from outside the pool, want 2 (ReadyKeys %d)", len(specs), made, ready)
	}
}

// unreadPool forgets the pool read so far, for the rest of the test, and
// returns it.
func unreadPool(t *testing.T) map[int][]*rsa.PrivateKey {
	whole := rsaPool()
	poolMu.Lock()
	rsaKeys = nil
	poolMu.Unlock()
	t.Cleanup(func() {
		poolMu.Lock()
		rsaKeys, reading.keys, reading.rest = whole, nil, nil
		poolMu.Unlock()
	})
	return whole
}

// ReadPool reads the pool a key at a time: stopped by its checkpoint, it
// keeps the keys read and goes on from there at the next read, to the very
// keys a read at once gives.
func TestReadPoolStops(t *testing.T) {
	whole := unreadPool(t)
	stop := errors.New("a request waits")
	const perRead = 5
	stopped := 0
	for {
		checks := 0
		ctx := WithCheckpoint(context.Background(), func() error {
			if checks++; checks > perRead {
				return stop
			}
			return nil
		})
		err := ReadPool(ctx)
		if err == nil {
			break
		}
		if !errors.Is(err, stop) {
			t.Fatal(err)
		}
		if stopped++; stopped > 100 {
			t.Fatal("the pool's read goes on forever")
		}
	}
	total := 0
	for _, keys := range whole {
		total += len(keys)
	}
	if want := (total - 1) / perRead; stopped != want {
		t.Errorf("stopped %d times, want %d (%d keys, %d a read)", stopped, want, total, perRead)
	}
	got := rsaPool()
	for bits, keys := range whole {
		if len(got[bits]) != len(keys) {
			t.Fatalf("RSA-%d: %d keys read in steps, %d at once", bits, len(got[bits]), len(keys))
		}
		for i, k := range keys {
			if !k.Equal(got[bits][i]) {
				t.Errorf("RSA-%d: key %d read in steps is another", bits, i)
			}
		}
	}
}

// HoldPool gets the pool's PEM and parses none of it: the read that
// follows needs no network, and gives the same keys.
func TestHoldPool(t *testing.T) {
	whole := unreadPool(t)
	HoldPool()
	HoldPool() // once held, held
	poolMu.Lock()
	held, parsed, read := len(reading.rest), len(reading.keys), rsaKeys != nil
	poolMu.Unlock()
	if held != len(PoolPEM()) || parsed != 0 || read {
		t.Fatalf("held %d bytes of the pool's %d, %d sizes parsed, read %v: want it all held, none parsed", held, len(PoolPEM()), parsed, read)
	}
	if err := ReadPool(context.Background()); err != nil {
		t.Fatal(err)
	}
	for bits, keys := range whole {
		if got := rsaPool()[bits]; len(got) != len(keys) || !got[0].Equal(keys[0]) {
			t.Errorf("RSA-%d: %d keys read after HoldPool, want %d, the same", bits, len(got), len(keys))
		}
	}
}
