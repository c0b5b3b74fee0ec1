package handshake

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	casn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// pasteWorld is a root, an intermediate and a leaf for bank.example, crafted
// for the paste tests, with the leaf's key.
type pasteWorld struct {
	root, inter, leaf *x509.Certificate
	key               []byte // the leaf's private key, PEM
	// other is an unrelated root; impostor a root of the same name as root,
	// with another key.
	other, impostor *x509.Certificate
}

var pasteClock = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func craft(t testing.TB, specs ...pki.Spec) *pki.Set {
	t.Helper()
	set, err := pki.Build(specs, pasteClock)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func newPasteWorld(t testing.TB) pasteWorld {
	set := craft(t,
		pki.Spec{Name: "root", CommonName: "Paste Root", NotBefore: -100, NotAfter: 1000, Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}},
		pki.Spec{Name: "inter", Issuer: "root", CommonName: "Paste Issuing CA", NotBefore: -100, NotAfter: 900, Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}},
		pki.Spec{Name: "leaf", Issuer: "inter", CommonName: "bank.example", DNSNames: []string{"bank.example"}, NotBefore: -10, NotAfter: 80, Key: pki.ECDSAP256,
			ExtKeyUsage: []string{pki.EKUServerAuth}})
	key, err := pki.KeyPEM(set.Get("leaf").Key)
	if err != nil {
		t.Fatal(err)
	}
	others := craft(t,
		pki.Spec{Name: "other", CommonName: "Another Root", NotBefore: -100, NotAfter: 1000, Key: pki.ECDSAP256, IsCA: true},
		pki.Spec{Name: "impostor", CommonName: "Paste Root", NotBefore: -100, NotAfter: 1000, Key: pki.ECDSAP256, IsCA: true})
	return pasteWorld{root: set.Get("root").Cert, inter: set.Get("inter").Cert, leaf: set.Get("leaf").Cert, key: key,
		other: others.Get("other").Cert, impostor: others.Get("impostor").Cert}
}

func pemOf(certs ...*x509.Certificate) string { return string(pki.CertPEM(certs...)) }

// sClientNoise is what `openssl s_client -showcerts` prints around the
// certificates.
func sClientNoise(certs ...*x509.Certificate) string {
	var b strings.Builder
	b.WriteString("CONNECTED(00000003)\ndepth=2 CN = Paste Root\nverify error:num=19:self-signed certificate in certificate chain\n---\nCertificate chain\n")
	for i, c := range certs {
		b.WriteString(" " + string(rune('0'+i)) + " s:CN = " + c.Subject.CommonName + "\n   i:CN = " + c.Issuer.CommonName + "\n")
		b.WriteString("   a:PKEY: id-ecPublicKey, 256 (bit); sigalg: ecdsa-with-SHA256\n")
		b.WriteString(pemOf(c))
	}
	b.WriteString("---\nServer certificate\nsubject=CN = bank.example\n---\nSSL handshake has read 2345 bytes\n")
	return b.String()
}

// pkcs7 wraps certificates in a degenerate SignedData, as a .p7b holds them.
func pkcs7(certs ...*x509.Certificate) []byte {
	var b cryptobyte.Builder
	b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidSignedData)
		b.AddASN1(casn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1Int64(1)
				b.AddASN1(casn1.SET, func(b *cryptobyte.Builder) {})
				b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier([]int{1, 2, 840, 113549, 1, 7, 1})
				})
				b.AddASN1(casn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					for _, c := range certs {
						b.AddBytes(c.Raw)
					}
				})
				b.AddASN1(casn1.SET, func(b *cryptobyte.Builder) {})
			})
		})
	})
	return b.BytesOrPanic()
}

// Whatever form a chain is pasted in, the same certificates come out, and a
// private key among them is noticed and dropped.
func TestReadPaste(t *testing.T) {
	w := newPasteWorld(t)
	quoted := ""
	for line := range strings.Lines(pemOf(w.leaf, w.inter)) {
		quoted += ">   " + line
	}
	tests := []struct {
		name  string
		paste string
		certs []*x509.Certificate
		key   bool
	}{
		{"one PEM certificate", pemOf(w.leaf), []*x509.Certificate{w.leaf}, false},
		{"a chain, root first", pemOf(w.root, w.inter, w.leaf), []*x509.Certificate{w.root, w.inter, w.leaf}, false},
		{"s_client -showcerts output", sClientNoise(w.leaf, w.inter, w.root), []*x509.Certificate{w.leaf, w.inter, w.root}, false},
		{"quoted and indented in an e-mail", "Here is what the server sends:\n" + quoted, []*x509.Certificate{w.leaf, w.inter}, false},
		{"Windows line endings", strings.ReplaceAll(pemOf(w.leaf, w.inter), "\n", "\r\n"), []*x509.Certificate{w.leaf, w.inter}, false},
		{"DER", string(w.leaf.Raw), []*x509.Certificate{w.leaf}, false},
		{"DER certificates back to back", string(w.leaf.Raw) + string(w.inter.Raw), []*x509.Certificate{w.leaf, w.inter}, false},
		{"PKCS #7 DER", string(pkcs7(w.leaf, w.inter)), []*x509.Certificate{w.leaf, w.inter}, false},
		{"PKCS #7 PEM", string(pem.EncodeToMemory(&pem.Block{Type: "PKCS7", Bytes: pkcs7(w.inter, w.leaf)})), []*x509.Certificate{w.inter, w.leaf}, false},
		{"OpenSSL's TRUSTED CERTIFICATE", string(pem.EncodeToMemory(&pem.Block{Type: "TRUSTED CERTIFICATE", Bytes: append(append([]byte(nil), w.root.Raw...), 0x30, 0x00)})), []*x509.Certificate{w.root}, false},
		{"the key pasted along", pemOf(w.leaf) + string(w.key) + pemOf(w.inter), []*x509.Certificate{w.leaf, w.inter}, true},
		{"an RSA key in the old format", pemOf(w.leaf) + "-----BEGIN RSA PRIVATE KEY-----\nnot even base64 !!\n-----END RSA PRIVATE KEY-----\n", []*x509.Certificate{w.leaf}, true},
		{"an encrypted key", pemOf(w.leaf) + "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n", []*x509.Certificate{w.leaf}, true},
		{"an OpenSSH key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n" + pemOf(w.leaf), []*x509.Certificate{w.leaf}, true},
		{"a CSR beside the certificate", pemOf(w.leaf) + "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n", []*x509.Certificate{w.leaf}, false},
		{"base64 of DER, lines of 76", wrap(base64.StdEncoding.EncodeToString(w.leaf.Raw), 76), []*x509.Certificate{w.leaf}, false},
		{"a JWK's x5c entry, quoted", `"` + base64.StdEncoding.EncodeToString(w.inter.Raw) + `"`, []*x509.Certificate{w.inter}, false},
		{"base64url without padding", base64.RawURLEncoding.EncodeToString(w.leaf.Raw), []*x509.Certificate{w.leaf}, false},
		{"a Kubernetes secret's tls.crt", "  " + base64.StdEncoding.EncodeToString([]byte(pemOf(w.leaf, w.inter))) + "\n", []*x509.Certificate{w.leaf, w.inter}, false},
		{"base64 of PKCS #7", base64.StdEncoding.EncodeToString(pkcs7(w.leaf, w.inter)), []*x509.Certificate{w.leaf, w.inter}, false},
		{"base64 of a PEM key and its certificate", base64.StdEncoding.EncodeToString([]byte(string(w.key) + pemOf(w.leaf))), []*x509.Certificate{w.leaf}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := readPaste([]byte(tt.paste), "the chain", PageInputs, maxPastedCerts)
			if err != nil {
				t.Fatal(err)
			}
			if p.keyFound != tt.key {
				t.Errorf("key found = %v, want %v", p.keyFound, tt.key)
			}
			if len(p.certs) != len(tt.certs) {
				t.Fatalf("%d certificates, want %d", len(p.certs), len(tt.certs))
			}
			for i, c := range tt.certs {
				if p.certs[i].cert == nil || !p.certs[i].cert.Equal(c) {
					t.Errorf("certificate %d is not %s (%v)", i+1, c.Subject.CommonName, p.certs[i].err)
				}
			}
		})
	}
}

// Input that holds nothing to verify gets one sentence saying what is wrong,
// in words: no Go type, no decoder's message.
func TestReadPasteRefuses(t *testing.T) {
	w := newPasteWorld(t)
	good := pemOf(w.leaf)
	lines := strings.Split(good, "\n")
	missingLine := strings.Join(append(append([]string(nil), lines[:3]...), lines[4:]...), "\n")
	tests := []struct {
		name, paste, want string
	}{
		{"nothing", "  \n\t", "is empty"},
		{"2 MB of junk", strings.Repeat("junk ", 2<<20/5+1), "at most 1.0 MB is read"},
		{"prose", "Hello, this is my certificate, can you check it?", "holds no certificate"},
		{"binary junk", "\x01\x02\xff\xfe\x00", "neither PEM text nor a DER certificate"},
		{"only a key", string(w.key), "holds a private key and no certificate"},
		{"a DER key dropped", string(derOf(t, w.key)), "holds a private key and no certificate"},
		{"only a CSR", "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n", "a certificate signing request"},
		{"a line missing", missingLine, "certificate 1 of the chain is damaged"},
		{"no END line", strings.TrimSuffix(good, "-----END CERTIFICATE-----\n"), "certificate 1 of the chain is damaged"},
		{"base64 of no certificate", "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n", "certificate 1 of the chain is damaged"},
		{"second certificate cut short", good + pemOf(w.inter)[:200] + "\n-----END CERTIFICATE-----\n", "certificate 2 of the chain is damaged"},
		{"truncated DER", string(w.leaf.Raw[:len(w.leaf.Raw)-20]), "is not a DER certificate"},
		{"base64 of prose", base64.StdEncoding.EncodeToString([]byte("hello world, this is no certificate at all")), "holds no certificate"},
		{"base64 of truncated DER", base64.StdEncoding.EncodeToString(w.leaf.Raw[:len(w.leaf.Raw)-20]), "is not a DER certificate"},
		{"base64 of a DER key", base64.StdEncoding.EncodeToString(derOf(t, w.key)), "holds a private key and no certificate"},
		{"a PKCS #12 file", string(pfx(w.leaf)), "is a PKCS #12 file (.p12, .pfx), which holds a private key beside the certificates: it was not read"},
		{"a PKCS #12 file in base64", base64.StdEncoding.EncodeToString(pfx(w.leaf)), "is a PKCS #12 file"},
		{"too many certificates", strings.Repeat(good, maxPastedCerts+1), "at most 64 are read (a CA bundle is what the client trusts: paste it as the CA bundle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readPaste([]byte(tt.paste), "the chain", PageInputs, maxPastedCerts)
			var pe *PasteError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a PasteError", err)
			}
			msg := pe.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("%q does not say %q", msg, tt.want)
			}
			for _, internal := range []string{"x509:", "asn1", "pem:", "cryptobyte", "*", "\n"} {
				if strings.Contains(msg, internal) {
					t.Errorf("%q holds %q", msg, internal)
				}
			}
			if strings.Contains(msg, "PRIVATE") || strings.Contains(msg, "MII") {
				t.Errorf("%q repeats the pasted text", msg)
			}
		})
	}
}

// pfx is the shape of a PKCS #12 file (RFC 7292): version 3, an authSafe of
// data (here the certificate's DER, where a real one holds bags of the
// certificates and the key), and a MAC.
func pfx(c *x509.Certificate) []byte {
	var b cryptobyte.Builder
	b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(3)
		b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidData)
			b.AddASN1(casn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1OctetString(c.Raw)
			})
		})
		b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1OctetString(make([]byte, 20))
			b.AddASN1Int64(2048)
		})
	})
	return b.BytesOrPanic()
}

// wrap breaks s into lines of n characters.
func wrap(s string, n int) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + "\n")
		s = s[n:]
	}
	return b.String() + s + "\n"
}

func derOf(t *testing.T, p []byte) []byte {
	b, _ := pem.Decode(p)
	if b == nil {
		t.Fatal("no PEM")
	}
	return b.Bytes
}

// inspectCase is one pasted chain and what the inspection must make of it.
type inspectCase struct {
	name       string
	chain      func(w pasteWorld) string
	roots      func(w pasteWorld) string // "" means Mozilla's
	host       string
	now        time.Time
	reason     Reason
	order      func(w pasteWorld) []*x509.Certificate // the certificates, as ordered
	chainLen   int                                    // the path's length, root included
	wantHost   string
	wantPort   int
	wantKey    bool
	wantInNote string
}

// A pasted chain is verified as a courier verifies it: Go's verdict, the
// reason the checks find, the leaf put first.
func TestInspect(t *testing.T) {
	rootOnly := func(w pasteWorld) string { return pemOf(w.root) }
	tests := []inspectCase{
		{name: "verifies", chain: func(w pasteWorld) string { return pemOf(w.leaf, w.inter) }, roots: rootOnly, host: "bank.example", reason: OK, chainLen: 3},
		{name: "pasted root first", chain: func(w pasteWorld) string { return pemOf(w.root, w.inter, w.leaf) }, roots: rootOnly, host: "bank.example", reason: OK, chainLen: 3,
			order: func(w pasteWorld) []*x509.Certificate { return []*x509.Certificate{w.leaf, w.inter, w.root} }},
		{name: "served for a URL with a port", chain: func(w pasteWorld) string { return pemOf(w.inter, w.leaf) }, roots: rootOnly, host: "https://bank.example:8443/login?token=s3cret",
			reason: OK, chainLen: 3, wantHost: "bank.example", wantPort: 8443,
			// Its path and query are left out: a query may hold a token.
			wantInNote: `The host was given as a URL, "https://bank.example:8443", and the rest of it left out: the chain is checked for its host, bank.example, on port 8443`},
		{name: "another host", chain: func(w pasteWorld) string { return pemOf(w.leaf, w.inter) }, roots: rootOnly, host: "www.bank.example", reason: HostnameMismatch, chainLen: 3},
		{name: "an IP address", chain: func(w pasteWorld) string { return pemOf(w.leaf, w.inter) }, roots: rootOnly, host: "192.0.2.7", reason: HostnameMismatch, chainLen: 3},
		{name: "no host given", chain: func(w pasteWorld) string { return pemOf(w.leaf, w.inter) }, roots: rootOnly, reason: OK, chainLen: 3,
			wantHost: "bank.example", wantInNote: "No host was given"},
		{name: "expired", chain: func(w pasteWorld) string { return pemOf(w.leaf, w.inter) }, roots: rootOnly, host: "bank.example", now: pasteClock.AddDate(0, 0, 100), reason: Expired, chainLen: 3},
		{name: "not yet valid", chain: func(w pasteWorld) string { return pemOf(w.leaf, w.inter) }, roots: rootOnly, host: "bank.example", now: pasteClock.AddDate(0, 0, -20), reason: NotYetValid, chainLen: 3},
		{name: "the leaf alone", chain: func(w pasteWorld) string { return pemOf(w.leaf) }, roots: rootOnly, host: "bank.example", reason: MissingIntermediate, chainLen: 1},
		{name: "the wrong bundle", chain: func(w pasteWorld) string { return pemOf(w.leaf, w.inter) }, roots: func(w pasteWorld) string { return pemOf(w.other) }, host: "bank.example", reason: UnknownAuthority, chainLen: 2},
		{name: "a root of that name with another key", chain: func(w pasteWorld) string { return pemOf(w.leaf, w.inter) }, roots: func(w pasteWorld) string { return pemOf(w.impostor) }, host: "bank.example", reason: BadSignature, chainLen: 3},
		{name: "the leaf itself trusted", chain: func(w pasteWorld) string { return pemOf(w.leaf) }, roots: func(w pasteWorld) string { return pemOf(w.leaf) }, host: "bank.example", reason: OK, chainLen: 1},
		{name: "Mozilla's roots", chain: func(w pasteWorld) string { return pemOf(w.leaf, w.inter) }, host: "bank.example", reason: UnknownAuthority, chainLen: 2},
		{name: "the whole chain, root untrusted", chain: func(w pasteWorld) string { return pemOf(w.leaf, w.inter, w.root) }, host: "bank.example", reason: UntrustedRoot, chainLen: 3},
		{name: "a key pasted along", chain: func(w pasteWorld) string { return pemOf(w.leaf) + string(w.key) + pemOf(w.inter) }, roots: rootOnly, host: "bank.example", reason: OK, chainLen: 3,
			wantKey: true, wantInNote: "Treat it as exposed only if you pasted it somewhere else"},
		{name: "a key in the bundle", chain: func(w pasteWorld) string { return pemOf(w.leaf, w.inter) }, roots: func(w pasteWorld) string { return string(w.key) + pemOf(w.root) }, host: "bank.example", reason: OK, chainLen: 3,
			wantKey: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newPasteWorld(t)
			in := ChainInput{Chain: []byte(tt.chain(w)), Name: tt.host, Now: pasteClock}
			if tt.roots != nil {
				in.Roots = []byte(tt.roots(w))
			}
			if !tt.now.IsZero() {
				in.Now = tt.now
			}
			ins, err := Inspect(in)
			if err != nil {
				t.Fatal(err)
			}
			checkInspection(t, ins, tt.reason)
			checkSteps(t, ins.Trace)
			if tt.order != nil {
				for i, c := range tt.order(w) {
					if ins.Certificates[i].Subject != c.Subject.String() {
						t.Errorf("certificate %d is %s, want %s", i+1, ins.Certificates[i].Subject, c.Subject)
					}
				}
			}
			if len(ins.Chain) != tt.chainLen {
				t.Errorf("path %+v, want %d long", ins.Chain, tt.chainLen)
			}
			if tt.wantHost != "" && (ins.Host != tt.wantHost || ins.Port != tt.wantPort || ins.Trace.Scenario.Client.Dial != tt.wantHost) {
				t.Errorf("host %q port %d (dial %q), want %q %d", ins.Host, ins.Port, ins.Trace.Scenario.Client.Dial, tt.wantHost, tt.wantPort)
			}
			if ins.KeyFound != tt.wantKey {
				t.Errorf("key found = %v", ins.KeyFound)
			}
			if notes := strings.Join(ins.Notes, " "); !strings.Contains(notes, tt.wantInNote) || strings.Contains(notes, "s3cret") {
				t.Errorf("notes %q do not say %q, or repeat the query", notes, tt.wantInNote)
			}
			if got, want := ins.Trust.Mozilla, tt.roots == nil; got != want {
				t.Errorf("Mozilla trust %v, want %v", got, want)
			}
		})
	}
}

// checkInspection checks what every inspection must hold: Go's verdict, the
// reason, and a failed check of that reason exactly when it fails.
func checkInspection(t *testing.T, ins *Inspection, want Reason) {
	t.Helper()
	o := ins.Trace.Outcome
	if o.Reason != want || o.OK != (want == OK) {
		t.Fatalf("ok %v reason %s (%s), want %s", o.OK, o.Reason, o.Detail, want)
	}
	if want == OK {
		if o.Check != -1 {
			t.Errorf("a failed check (%d) on a chain that verifies", o.Check)
		}
		return
	}
	if o.Check < 0 || *ins.Trace.Steps[o.Check].Reason != want {
		t.Errorf("no failed check for %s", want)
	}
	if !strings.HasPrefix(o.ClientError, "tls: failed to") {
		t.Errorf("client error %q is not Go's TLS client's", o.ClientError)
	}
}

// The reasons no x509-limbo case reaches: a chain crafted for each.
func TestInspectCraftedReasons(t *testing.T) {
	base := func(edit func(inter, leaf *pki.Spec)) []pki.Spec {
		root := pki.Spec{Name: "root", CommonName: "Crafted Root", NotBefore: -100, NotAfter: 1000, Key: pki.ECDSAP256, IsCA: true}
		inter := pki.Spec{Name: "inter", Issuer: "root", CommonName: "Crafted CA", NotBefore: -100, NotAfter: 900, Key: pki.ECDSAP256, IsCA: true}
		leaf := pki.Spec{Name: "leaf", Issuer: "inter", CommonName: "bank.example", DNSNames: []string{"bank.example"}, NotBefore: -10, NotAfter: 80, Key: pki.ECDSAP256}
		edit(&inter, &leaf)
		return []pki.Spec{root, inter, leaf}
	}
	tests := []struct {
		name   string
		specs  []pki.Spec
		reason Reason
	}{
		{"an issuer whose key may not sign certificates", base(func(inter, leaf *pki.Spec) { inter.KeyUsage = []string{pki.KUDigitalSignature} }), CAKeyUsage},
		{"an issuer that is no CA", base(func(inter, leaf *pki.Spec) { inter.IsCA = false }), NotACA},
		{"a leaf for clients", base(func(inter, leaf *pki.Spec) { leaf.ExtKeyUsage = []string{pki.EKUClientAuth} }), WrongEKU},
		{"a SHA-1 signature", base(func(inter, leaf *pki.Spec) { inter.Hash = pki.SHA1 }), WeakSignature},
		{"a name outside the constraints", base(func(inter, leaf *pki.Spec) { inter.PermittedDNS = []string{"corp.example"} }), NameConstraints},
		{"a self-signed leaf", []pki.Spec{{Name: "leaf", CommonName: "bank.example", DNSNames: []string{"bank.example"}, NotBefore: -1, NotAfter: 10, Key: pki.ECDSAP256}}, SelfSigned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := craft(t, tt.specs...)
			var chain []*x509.Certificate
			for i := len(set.Order) - 1; i >= 0; i-- {
				if n := set.Order[i]; n != "root" {
					chain = append(chain, set.Get(n).Cert)
				}
			}
			roots := pemOf(set.Get("leaf").Cert)
			if r := set.Get("root"); r != nil {
				roots = pemOf(r.Cert)
			}
			if tt.reason == SelfSigned {
				roots = pemOf(newPasteWorld(t).root)
			}
			ins, err := Inspect(ChainInput{Chain: []byte(pemOf(chain...)), Roots: []byte(roots), Name: scenario.ServerHost, Now: pasteClock})
			if err != nil {
				t.Fatal(err)
			}
			checkInspection(t, ins, tt.reason)
		})
	}
}

// A certificate Go refuses to read is a verdict, not bad input: a Go client
// refuses the connection.
func TestInspectUnreadable(t *testing.T) {
	for _, c := range limboPeers(t, "rfc5280::duplicate-extensions", "webpki::malformed-aia", "rfc5280::serial::negative") {
		ins, err := Inspect(ChainInput{Chain: []byte(c), Name: "example.com", Now: pasteClock})
		if err != nil {
			t.Fatal(err)
		}
		checkInspection(t, ins, MalformedCertificate)
		if !strings.Contains(ins.Trace.Outcome.ClientError, "failed to parse certificate") {
			t.Errorf("client error %q", ins.Trace.Outcome.ClientError)
		}
	}
}

// limboPeers are the server certificates of the named x509-limbo cases.
func limboPeers(t *testing.T, ids ...string) []string {
	b, err := os.ReadFile("testdata/limbo/limbo.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Testcases []struct {
			ID   string `json:"id"`
			Peer string `json:"peer_certificate"`
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range doc.Testcases {
		if slices.Contains(ids, c.ID) {
			out = append(out, c.Peer)
		}
	}
	if len(out) != len(ids) {
		t.Fatalf("found %d of the cases %v", len(out), ids)
	}
	return out
}

// A long chain is laid out as a server sends it: records of at most 16 kB,
// whose fields tile their bytes.
func TestPastedRecords(t *testing.T) {
	msg := bytes.Repeat([]byte{0x0b}, 2*maxFragment+100)
	recs := records(msg)
	if len(recs) != 3 || len(recs[2].Bytes) != 5+100 {
		t.Fatalf("%d records", len(recs))
	}
	var joined []byte
	for i, r := range recs {
		if r.Record != i {
			t.Errorf("record %d says %d", i, r.Record)
		}
		joined = append(joined, r.Bytes[5:]...)
	}
	if !bytes.Equal(joined, msg) {
		t.Error("the records do not carry the message")
	}
	checkSteps(t, &Trace{Steps: recs})
}

// A key pasted into the box is taken out of it, whatever its kind, damaged or
// quoted; the certificates and the text around them stay.
func TestStripPrivateKeys(t *testing.T) {
	w := newPasteWorld(t)
	cert := pemOf(w.leaf)
	for name, tt := range map[string]struct {
		in    string
		found bool
	}{
		"a PKCS #8 key":     {"note\n" + string(w.key) + cert, true},
		"an RSA key":        {cert + "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n", true},
		"a key without END": {cert + "-----BEGIN EC PRIVATE KEY-----\nMHcC\nMore\n", true},
		"a quoted key":      {cert + "> -----BEGIN PRIVATE KEY-----\n> MIIE\n> -----END PRIVATE KEY-----\n", true},
		"certificates only": {"note\n" + cert, false},
		"a PuTTY key":       {"PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\nAAAA\n", true},
		// Base64 of a key goes whole; base64 of certificates stays.
		"a Kubernetes secret's tls.key": {base64.StdEncoding.EncodeToString(w.key), true},
		"a DER key in base64":           {wrap(base64.StdEncoding.EncodeToString(derOf(t, w.key)), 64), true},
		"a Kubernetes secret's tls.crt": {base64.StdEncoding.EncodeToString([]byte(cert)), false},
		"a PKCS #12 file in base64":     {base64.StdEncoding.EncodeToString(pfx(w.leaf)), true},
	} {
		out, found := StripPrivateKeys(tt.in)
		if found != tt.found {
			t.Errorf("%s: found %v", name, found)
		}
		if strings.Contains(out, "PRIVATE") || strings.Contains(out, "MIIE") || strings.Contains(out, "MHcC") || strings.Contains(out, "PuTTY") {
			t.Errorf("%s: left %q", name, out)
		}
		switch {
		case tt.found && !strings.Contains(tt.in, "-----BEGIN"), name == "a PuTTY key":
			if out != "" {
				t.Errorf("%s: left %q", name, out)
			}
		case out != tt.in && !strings.Contains(out, cert):
			t.Errorf("%s: the certificate went too", name)
		}
	}
}

// A bundle holding the bank's own certificate beside a whole public store
// (certifi's file with the server's certificate appended) has a twin: its
// bundle holds the leaf and as many of the other roots as a scenario's
// bundle holds, and says it left the rest out.
func TestTwinOfOwnCertificateBesideAStore(t *testing.T) {
	w := newPasteWorld(t)
	b, err := mozillaBundle()
	if err != nil {
		t.Fatal(err)
	}
	ins, err := Inspect(ChainInput{Chain: []byte(pemOf(w.leaf, w.inter)), Roots: pki.CertPEM(append(b.certs, w.leaf)...), Name: "bank.example", Now: pasteClock})
	if err != nil {
		t.Fatal(err)
	}
	twin, err := ins.Twin()
	if err != nil {
		t.Fatal(err)
	}
	s := twin.Scenario
	if !slices.Contains(s.Client.Bundle, "leaf") || !slices.Equal(s.Server.Send, []string{"leaf", "intermediate"}) || len(s.Client.Bundle) != scenario.MaxListLen {
		t.Errorf("the twin sends %v, its bundle holds %v, of %d certificates", s.Server.Send, s.Client.Bundle, len(s.Certs))
	}
	if !slices.ContainsFunc(twin.Approximations, func(a string) bool {
		return strings.HasPrefix(a, "left out ") && strings.Contains(a, "certificates the bundle holds beside the chain")
	}) {
		t.Errorf("approximations %q", twin.Approximations)
	}
	tr, err := Run(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Outcome.OK || !ins.Trace.Outcome.OK {
		t.Errorf("the twin: ok=%v %s; the paste: ok=%v %s", tr.Outcome.OK, tr.Outcome.Reason, ins.Trace.Outcome.OK, ins.Trace.Outcome.Reason)
	}
}

// A certificate signed with an algorithm Go does not know has no twin, and
// the words say so in a sentence.
func TestTwinOfAnUnknownSignature(t *testing.T) {
	w := newPasteWorld(t)
	// The leaf's ECDSA-with-SHA256 (1.2.840.10045.4.3.2), in the signed part
	// and outside it, made an OID Go does not know (…4.3.9).
	known := []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02}
	if bytes.Count(w.leaf.Raw, known) != 2 {
		t.Fatalf("the leaf names ECDSA-with-SHA256 %d times", bytes.Count(w.leaf.Raw, known))
	}
	der := bytes.ReplaceAll(w.leaf.Raw, known, append(known[:9:9], 0x09))
	ins, err := Inspect(ChainInput{Chain: der, Roots: []byte(pemOf(w.root)), Name: "bank.example", Now: pasteClock})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ins.Twin()
	var te *TwinError
	if !errors.As(err, &te) {
		t.Fatalf("twin: %v", err)
	}
	want := "bank.example's signature algorithm (an algorithm Go does not know)"
	if !slices.Contains(te.Missing, want) {
		t.Errorf("no twin because %q, want %q among them", te.Missing, want)
	}
}

// A host that is none, or a URL no TLS client fetches as it is, is refused in
// words, as every field that takes a host refuses it (scenario.ReadHost).
func TestInspectRefusesHost(t *testing.T) {
	w := newPasteWorld(t)
	for _, tc := range []struct{ name, want string }{
		{"ftp://bank.example/pub", `the host: "ftp://" is not https://`},
		{"http://bank.example/", "the host: http:// uses no TLS at all"},
		{"https://me:pw@bank.example/", "the host: the text carries a user name or password"},
		{"/v1/x", `the host: "/v1/x" has no host`},
		{"bank.example:99999", `the host: "99999" is not a port number`},
		{"bank..example", `the host "bank..example" is neither a DNS name nor an IP address`},
	} {
		_, err := Inspect(ChainInput{Chain: []byte(pemOf(w.leaf)), Name: tc.name, Now: pasteClock})
		var pe *PasteError
		if !errors.As(err, &pe) || !strings.HasPrefix(pe.Error(), tc.want) {
			t.Errorf("%q: %v, want a PasteError saying %q", tc.name, err, tc.want)
		}
	}
}
