//go:build unix

package clients

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// What s_client and Node print by chance for the encrypted-key story
// (explain's Also), shown with the real clients: the kit pipes its request
// into s_client, which reads the request's first line as the key's pass
// phrase; Node tries an empty one. A key whose decryption with that wrong pass phrase
// ends in invalid padding (most keys) fails as the prediction's message says,
// word for word; one whose decryption happens to end in valid padding (about
// one in 256) as its Also says.
func TestPassPhraseByChance(t *testing.T) {
	needTools(t)
	// The kit's request's first line, which s_client reads as the pass phrase.
	const password, kitLine = "the real one", "GET /vault HTTP/1.1"
	tr, err := handshake.Run(context.Background(), scenario.Lookup("mtls-encrypted-key").Scenario().On(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	predicted := explain.Clients(tr)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "courier"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		client string
		// wrong is the pass phrase the client tries: s_client the kit's
		// request's first line, Node an empty one.
		wrong     string
		luckyCode string // the class of the message by chance
		run       func(ctx context.Context, dir string) (Observed, error)
	}{
		{explain.OpenSSL, kitLine, "error:1E08010C", func(ctx context.Context, dir string) (Observed, error) {
			// The key is read before any connection: port 1 is never reached.
			out, err := command(ctx, Run{Dir: dir}, "openssl", "s_client", "-connect", "127.0.0.1:1", "-cert", "client.crt", "-key", "client.key", "-pass", "pass:"+kitLine)
			if err != nil {
				return Observed{}, err
			}
			return sClientOutcome(out)
		}},
		{explain.Node, "", "ERR_OSSL_UNSUPPORTED", func(ctx context.Context, dir string) (Observed, error) {
			out, err := command(ctx, Run{Dir: dir}, "node", "-e", `const fs = require("fs");
				try { require("tls").createSecureContext({key: fs.readFileSync("client.key"), cert: fs.readFileSync("client.crt")}); console.log("{}"); }
				catch (e) { console.log(JSON.stringify({class: e.code, message: e.message})); }`)
			if err != nil {
				return Observed{}, err
			}
			o := Observed{OK: true}
			if err := json.Unmarshal([]byte(out.stdout), &o); err != nil {
				return Observed{}, fmt.Errorf("node: %v: %s%s", err, out.stdout, out.stderr)
			}
			o.OK = o.Message == ""
			return o, nil
		}},
	} {
		want := predicted[c.client]
		if want.Also == "" {
			t.Fatalf("%s: the prediction has no message by chance", c.client)
		}
		// An encrypted copy of the key of each kind, found by trying.
		var lucky, unlucky []byte
		for i := 0; i < 5000 && (lucky == nil || unlucky == nil); i++ {
			block, err := pki.EncryptedKeyPEM(key, password)
			if err != nil {
				t.Fatal(err)
			}
			if validPadding(t, block, c.wrong) {
				lucky = block
			} else {
				unlucky = block
			}
		}
		if lucky == nil || unlucky == nil {
			t.Fatalf("%s: 5000 encryptions of the key: lucky %v, unlucky %v", c.client, lucky != nil, unlucky != nil)
		}
		for _, tc := range []struct {
			name  string
			block []byte
			lucky bool
		}{{"invalid padding", unlucky, false}, {"valid padding", lucky, true}} {
			dir := t.TempDir()
			for name, b := range map[string][]byte{"client.crt": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), "client.key": tc.block} {
				if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			o, err := c.run(ctx, dir)
			cancel()
			if err != nil {
				t.Fatalf("%s, %s: %v", c.client, tc.name, err)
			}
			o.Message = Mask(o.Message, "1")
			expect, class := want.Message, want.Class
			if tc.lucky {
				expect, class = want.Also, c.luckyCode
			}
			if o.OK || o.Message != expect || o.Class != class || !printsAsPredicted(o, want, true) {
				t.Errorf("%s, %s: the real client printed (ok=%v, class %s)\n  %s\nwant (class %s)\n  %s", c.client, tc.name, o.OK, o.Class, o.Message, class, expect)
			}
		}
	}
}

// validPadding reports whether an ENCRYPTED PRIVATE KEY block (as
// pki.EncryptedKeyPEM writes it: PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC)
// decrypted with password ends in valid PKCS#7 padding.
func validPadding(t *testing.T, block []byte, password string) bool {
	t.Helper()
	p, _ := pem.Decode(block)
	var info struct {
		Algorithm struct {
			Algorithm asn1.ObjectIdentifier
			Params    struct {
				KDF struct {
					Algorithm asn1.ObjectIdentifier
					Params    struct {
						Salt       []byte
						Iterations int
						PRF        pkix.AlgorithmIdentifier
					}
				}
				Scheme struct {
					Algorithm asn1.ObjectIdentifier
					IV        []byte
				}
			}
		}
		Data []byte
	}
	if p == nil {
		t.Fatal("no PEM block")
	}
	if _, err := asn1.Unmarshal(p.Bytes, &info); err != nil {
		t.Fatal(err)
	}
	kdf := info.Algorithm.Params.KDF.Params
	dk, err := pbkdf2.Key(sha256.New, password, kdf.Salt, kdf.Iterations, 32)
	if err != nil {
		t.Fatal(err)
	}
	c, err := aes.NewCipher(dk)
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Clone(info.Data)
	cipher.NewCBCDecrypter(c, info.Algorithm.Params.Scheme.IV).CryptBlocks(data, data)
	n := int(data[len(data)-1])
	if n < 1 || n > aes.BlockSize {
		return false
	}
	for _, b := range data[len(data)-n:] {
		if int(b) != n {
			return false
		}
	}
	return true
}
