//go:build ignore

// gen_rsapool writes rsapool.pem: RSA keys for every size a scenario may ask for.
// Run it with `go generate ./pki`.
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"log"
	"os"
)

// Enough keys of each size for the largest scenario: root, intermediate, leaf,
// imposter, client CA, badge and a mismatched key, plus a spare.
var sizes = []struct{ bits, count int }{{1024, 8}, {2048, 8}, {3072, 8}, {4096, 8}}

func main() {
	f, err := os.Create("rsapool.pem")
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range sizes {
		for range s.count {
			k, err := rsa.GenerateKey(rand.Reader, s.bits)
			if err != nil {
				log.Fatal(err)
			}
			der, err := x509.MarshalPKCS8PrivateKey(k)
			if err != nil {
				log.Fatal(err)
			}
			if err := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
				log.Fatal(err)
			}
		}
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
