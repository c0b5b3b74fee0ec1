//go:build !js

package pki

import (
	"bytes"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/internal/testtool"
)

// openssl runs the real openssl and returns its standard output.
func openssl(t *testing.T, args ...string) ([]byte, error) {
	t.Helper()
	return testtool.Run(t, "", "openssl", args...)
}

func TestEncryptedKeyPEM(t *testing.T) {
	const password = "correct horse battery staple é"
	for _, kt := range []KeyType{ECDSAP256, Ed25519, RSA2048} {
		t.Run(string(kt), func(t *testing.T) {
			t.Parallel()
			sp := leaf("badge", "")
			sp.Key = kt
			is := build(t, sp).Get("badge")
			enc, err := EncryptedKeyPEM(is.Key, password)
			if err != nil {
				t.Fatal(err)
			}
			blk, rest := pem.Decode(enc)
			if blk == nil || blk.Type != "ENCRYPTED PRIVATE KEY" || len(rest) != 0 {
				t.Fatalf("EncryptedKeyPEM wrote %q", enc)
			}
			if again, _ := EncryptedKeyPEM(is.Key, password); bytes.Equal(again, enc) {
				t.Error("two encryptions are identical: salt and IV are not fresh")
			}

			// Go cannot use it: that is the mtls-encrypted-key story.
			if _, err := tls.X509KeyPair(CertPEM(is.Cert), enc); err == nil {
				t.Error("tls.X509KeyPair accepted an encrypted key")
			}
			if _, err := x509.ParsePKCS8PrivateKey(blk.Bytes); err == nil {
				t.Error("x509.ParsePKCS8PrivateKey read an encrypted key")
			}

			// OpenSSL can, with the password.
			file := filepath.Join(t.TempDir(), "client.key")
			if err := os.WriteFile(file, enc, 0o600); err != nil {
				t.Fatal(err)
			}
			pubPEM, err := openssl(t, "pkey", "-in", file, "-passin", "pass:"+password, "-pubout")
			if err != nil {
				t.Fatal(err)
			}
			pb, _ := pem.Decode(pubPEM)
			if pb == nil {
				t.Fatalf("openssl pkey -pubout wrote %q", pubPEM)
			}
			pub, err := x509.ParsePKIXPublicKey(pb.Bytes)
			if err != nil || !publicEqual(pub, is.Key.Public()) {
				t.Fatalf("openssl pkey decrypted another key (%v)", err)
			}
			plainPEM, err := openssl(t, "pkcs8", "-in", file, "-passin", "pass:"+password)
			if err != nil {
				t.Fatal(err)
			}
			kb, _ := pem.Decode(plainPEM)
			if kb == nil || kb.Type != "PRIVATE KEY" {
				t.Fatalf("openssl pkcs8 wrote %q", plainPEM)
			}
			k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
			if err != nil || !k.(interface{ Equal(crypto.PrivateKey) bool }).Equal(is.Key) {
				t.Fatalf("openssl pkcs8 decrypted another key (%v)", err)
			}
			if _, err := openssl(t, "pkey", "-in", file, "-passin", "pass:wrong", "-noout"); err == nil {
				t.Error("openssl read the key with a wrong password")
			}
		})
	}
}

// TestEncryptedKeyScheme checks the key is protected the way the comment in
// pem.go says: PBES2 with PBKDF2-HMAC-SHA256 (2048 = 0x800 rounds) and AES-256-CBC.
func TestEncryptedKeyScheme(t *testing.T) {
	is := build(t, leaf("badge", "")).Get("badge")
	enc, err := EncryptedKeyPEM(is.Key, "pw")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "client.key")
	if err := os.WriteFile(file, enc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := openssl(t, "asn1parse", "-in", file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{":PBES2", ":PBKDF2", ":hmacWithSHA256", ":aes-256-cbc", "INTEGER           :0800"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("openssl asn1parse shows no %s:\n%s", want, out)
		}
	}
}
