package pki

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func cacheSpecs() []Spec {
	return []Spec{
		{Name: "root", CommonName: "Root", NotBefore: -10, NotAfter: 10, Key: RSA2048, IsCA: true, KeyUsage: []string{KUCertSign}},
		{Name: "leaf", Issuer: "root", CommonName: "leaf", DNSNames: []string{"a.example"}, NotBefore: -1, NotAfter: 1, Key: RSA2048},
		{Name: "other", CommonName: "Other", NotBefore: -10, NotAfter: 10, Key: RSA2048, IsCA: true},
	}
}

func TestCacheReusesOnlyWhatDidNotChange(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewCache()
	first, err := c.Build(cacheSpecs(), now)
	if err != nil {
		t.Fatal(err)
	}
	same, err := c.Build(cacheSpecs(), now)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range first.Order {
		if !first.Get(n).Cert.Equal(same.Get(n).Cert) {
			t.Errorf("%s was re-crafted although nothing changed", n)
		}
	}

	// Changing the root re-crafts the root and what it signed, nothing else, and
	// no two certificates end up with one key.
	specs := cacheSpecs()
	specs[0].CommonName = "Root 2"
	changed, err := c.Build(specs, now)
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[string]bool{"root": false, "leaf": false, "other": true} {
		if got := first.Get(n).Cert.Equal(changed.Get(n).Cert); got != want {
			t.Errorf("%s reused = %v, want %v", n, got, want)
		}
	}
	if err := changed.Get("leaf").Cert.CheckSignatureFrom(changed.Get("root").Cert); err != nil {
		t.Errorf("the re-crafted leaf is not signed by the re-crafted root: %v", err)
	}
	keys := map[any]string{}
	for _, n := range changed.Order {
		k := changed.Get(n).Key
		if prev, dup := keys[k]; dup {
			t.Errorf("%s and %s share a key", prev, n)
		}
		keys[k] = n
	}

	// A different clock is a different certificate.
	later, err := c.Build(cacheSpecs(), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if later.Get("other").Cert.Equal(first.Get("other").Cert) {
		t.Error("a certificate was reused across clocks")
	}
}

// What a cache saved, another loads: the same specs at the same clock then
// craft nothing and get the very certificates and keys (a pooled RSA key is
// the pool's own, so builds keep handing out distinct keys); a changed spec
// crafts only what it changes.
func TestCacheSaveLoad(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	specs := append(cacheSpecs(),
		Spec{Name: "ec", Issuer: "other", CommonName: "ec", DNSNames: []string{"b.example"}, NotBefore: -1, NotAfter: 1, Key: ECDSAP384},
		Spec{Name: "ed", CommonName: "ed", NotBefore: -1, NotAfter: 1, Key: Ed25519})
	first := NewCache()
	want, err := first.Build(specs, now)
	if err != nil {
		t.Fatal(err)
	}
	if n := first.Crafted(); n != len(specs) {
		t.Fatalf("an empty cache crafted %d of %d", n, len(specs))
	}
	var saved bytes.Buffer
	if err := first.Save(&saved); err != nil {
		t.Fatal(err)
	}
	packed, err := Pack(saved.Bytes())
	must(t, err)

	// The set as Save wrote it, and packed.
	for _, l := range []struct {
		name string
		load func(*Cache) error
	}{
		{"PEM", func(c *Cache) error { return c.Load(saved.Bytes()) }},
		{"packed", func(c *Cache) error { return c.LoadPacked(packed) }},
	} {
		t.Run(l.name, func(t *testing.T) {
			specs := slices.Clone(specs)
			c := NewCache()
			must(t, l.load(c))
			got, err := c.Build(specs, now)
			if err != nil {
				t.Fatal(err)
			}
			if n := c.Crafted(); n != 0 {
				t.Errorf("a loaded cache crafted %d certificates", n)
			}
			for _, n := range want.Order {
				w, g := want.Get(n), got.Get(n)
				if !w.Cert.Equal(g.Cert) || !reflect.DeepEqual(w.Key.Public(), g.Key.Public()) || g.Spec.Name != n {
					t.Errorf("%s: loaded certificate or key differs", n)
				}
				if _, pooled := w.Key.(*rsa.PrivateKey); pooled && w.Key != g.Key {
					t.Errorf("%s: the pooled key came back as a copy", n)
				}
			}

			specs[1].DNSNames = []string{"c.example"} // the leaf under root
			if _, err := c.Build(specs, now); err != nil {
				t.Fatal(err)
			}
			if n := c.Crafted(); n != 1 {
				t.Errorf("changing one leaf crafted %d certificates", n)
			}
			later := NewCache()
			must(t, l.load(later))
			if _, err := later.Build(specs, now.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if n := later.Crafted(); n != len(specs) {
				t.Errorf("another clock reused saved certificates: crafted %d of %d", n, len(specs))
			}
		})
	}
}

// LoadPacked refuses a packed set cut short anywhere, or one whose last
// certificate has no key.
func TestCacheLoadPackedRefuses(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	first := NewCache()
	_, err := first.Build([]Spec{{Name: "ec", CommonName: "ec", NotBefore: -1, NotAfter: 1, Key: ECDSAP256}}, now)
	must(t, err)
	var saved bytes.Buffer
	must(t, first.Save(&saved))
	certBlock, _ := pem.Decode(saved.Bytes())
	packed, err := Pack(saved.Bytes())
	must(t, err)
	for n := 1; n < len(packed); n++ {
		if err := NewCache().LoadPacked(packed[:n]); err == nil {
			t.Fatalf("the packed set cut to %d of %d bytes: loaded", n, len(packed))
		}
	}
	alone, err := Pack(pem.EncodeToMemory(certBlock))
	must(t, err)
	if err := NewCache().LoadPacked(alone); err == nil {
		t.Error("a certificate alone: loaded")
	}
}

// Load refuses what Save never writes; a saved key that is not its
// certificate's is not used: the certificate is crafted afresh.
func TestCacheLoadRefuses(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	specs := []Spec{{Name: "ec", CommonName: "ec", NotBefore: -1, NotAfter: 1, Key: ECDSAP256}}
	first := NewCache()
	if _, err := first.Build(specs, now); err != nil {
		t.Fatal(err)
	}
	var saved bytes.Buffer
	must(t, first.Save(&saved))
	certBlock, rest := pem.Decode(saved.Bytes())
	keyBlock, _ := pem.Decode(rest)

	for name, b := range map[string][]byte{
		"text":                  []byte("not pem at all"),
		"a certificate alone":   pem.EncodeToMemory(certBlock),
		"a key alone":           pem.EncodeToMemory(keyBlock),
		"keys under other keys": append(pem.EncodeToMemory(certBlock), pem.EncodeToMemory(&pem.Block{Type: keyBlock.Type, Headers: map[string]string{"Cache-Key": "00"}, Bytes: keyBlock.Bytes})...),
	} {
		if err := NewCache().Load(b); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}

	other, err := freshKey(ECDSAP256)
	must(t, err)
	der, err := x509.MarshalPKCS8PrivateKey(other)
	must(t, err)
	wrong := append(pem.EncodeToMemory(certBlock), pem.EncodeToMemory(&pem.Block{Type: keyBlock.Type, Headers: keyBlock.Headers, Bytes: der})...)
	c := NewCache()
	must(t, c.Load(wrong))
	set, err := c.Build(specs, now)
	must(t, err)
	if c.Crafted() != 1 || !set.Get("ec").Key.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(set.Get("ec").Cert.PublicKey) {
		t.Errorf("a certificate saved with another's key was used (crafted %d)", c.Crafted())
	}
}

// A certificate made again at another clock, or under another issuer, keeps
// its key: only the signing is redone; a changed spec gets a key of its own.
// Saved and loaded, the keys are kept the same way; and a kept pooled key
// that another certificate of the build already has is not shared.
func TestCacheKeepsKeysAcrossClocks(t *testing.T) {
	day := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	specs := append(cacheSpecs(), Spec{Name: "ec", Issuer: "root", CommonName: "ec", NotBefore: -1, NotAfter: 1, Key: ECDSAP384})
	c := NewCache()
	first, err := c.Build(specs, day)
	must(t, err)
	made := c.KeysMade()
	if made != len(specs) {
		t.Fatalf("the first build made %d keys, want %d", made, len(specs))
	}
	var saved bytes.Buffer
	must(t, c.Save(&saved))
	loaded := NewCache()
	must(t, loaded.Load(saved.Bytes()))
	later := day.AddDate(0, 6, 5)
	for name, cache := range map[string]*Cache{"the same cache": c, "a cache loaded from it": loaded} {
		again, err := cache.Build(specs, later)
		must(t, err)
		for _, n := range first.Order {
			a, b := first.Get(n), again.Get(n)
			if !reflect.DeepEqual(a.Cert.PublicKey, b.Cert.PublicKey) {
				t.Errorf("%s: %s got another key at another clock", name, n)
			}
			if !b.Cert.NotAfter.Equal(b.Spec.NotAfter.At(later)) || bytes.Equal(a.Cert.Raw, b.Cert.Raw) {
				t.Errorf("%s: %s not made anew at the later clock: valid until %s", name, n, b.Cert.NotAfter)
			}
		}
	}
	if c.KeysMade() != made || loaded.KeysMade() != 0 {
		t.Errorf("keys made at the later clock: %d, and %d by the loaded cache", c.KeysMade()-made, loaded.KeysMade())
	}
	// A changed spec is another certificate: its own key.
	changed := append([]Spec(nil), specs...)
	changed[3].DNSNames = []string{"b.example"}
	set, err := c.Build(changed, later)
	must(t, err)
	if reflect.DeepEqual(set.Get("ec").Cert.PublicKey, first.Get("ec").Cert.PublicKey) {
		t.Error("a changed spec kept the key of the one it was")
	}
	// "leaf2" is leaf with another name; give it leaf's kept pooled key by
	// saving a build where leaf2 had it: in one build, the two do not share.
	other := NewCache()
	alone, err := other.Build([]Spec{cacheSpecs()[0], {Name: "leaf2", Issuer: "root", CommonName: "leaf", DNSNames: []string{"a.example"}, NotBefore: -1, NotAfter: 1, Key: RSA2048}}, day)
	must(t, err)
	both := NewCache()
	var b1, b2 bytes.Buffer
	must(t, c.Save(&b1))
	must(t, other.Save(&b2))
	must(t, both.Load(append(b1.Bytes(), b2.Bytes()...)))
	set, err = both.Build([]Spec{cacheSpecs()[0], cacheSpecs()[1], {Name: "leaf2", Issuer: "root", CommonName: "leaf", DNSNames: []string{"a.example"}, NotBefore: -1, NotAfter: 1, Key: RSA2048}}, later)
	must(t, err)
	if !alone.Get("leaf2").Key.(*rsa.PrivateKey).Equal(first.Get("leaf").Key) {
		t.Fatal("the two builds took different pooled keys: the test shares nothing")
	}
	if set.Get("leaf").Key.(*rsa.PrivateKey).Equal(set.Get("leaf2").Key) {
		t.Error("two certificates of one build share a pooled key")
	}
}

// Load only indexes the blocks, and decodes one when a build asks for it:
// whatever it indexed is found, a later certificate under the same key wins
// as it did when Load decoded everything, and what is amiss anywhere in the
// text refuses all of it (the build then crafts everything).
func TestCacheLoadIndex(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	specs := []Spec{
		{Name: "a", CommonName: "a", NotBefore: -1, NotAfter: 1, Key: ECDSAP256},
		{Name: "b", CommonName: "b", NotBefore: -1, NotAfter: 1, Key: Ed25519},
		{Name: "c", CommonName: "c", NotBefore: -1, NotAfter: 1, Key: RSA2048}, // a pooled key: a block without a body
	}
	// Two caches craft the same specs: the same Cache-Keys, other certificates.
	var s1, s2 bytes.Buffer
	for _, b := range []*bytes.Buffer{&s1, &s2} {
		c := NewCache()
		_, err := c.Build(specs, now)
		must(t, err)
		must(t, c.Save(b))
	}
	blocks := func(saved []byte) (out [][]byte) {
		for rest := saved; ; {
			b, r := pem.Decode(rest)
			if b == nil {
				return out
			}
			out, rest = append(out, rest[:len(rest)-len(r)]), r
		}
	}
	b1 := blocks(s1.Bytes())
	if len(b1) != 2*len(specs) {
		t.Fatalf("saved %d blocks, want %d", len(b1), 2*len(specs))
	}
	cat := func(bs ...[]byte) []byte { return bytes.Join(bs, nil) }
	damage := func(b []byte, at int, with string) []byte {
		return cat(b[:at], []byte(with), b[at+len(with):])
	}
	firstCert := b1[0]
	body := bytes.Index(firstCert, []byte("\n\n")) + 2 // after the headers

	tests := []struct {
		name  string
		loads [][]byte
		err   string // in Load's error, "" when it loads
		from  int    // whose certificates a build gets: 1 (s1), 2 (s2), 0 when Load refused
	}{
		{name: "as saved", loads: [][]byte{s1.Bytes()}, from: 1},
		{name: "without the last line end", loads: [][]byte{bytes.TrimSuffix(s1.Bytes(), []byte("\n"))}, from: 1},
		{name: "CRLF line ends", loads: [][]byte{bytes.ReplaceAll(s1.Bytes(), []byte("\n"), []byte("\r\n"))}, from: 1},
		{name: "blank lines between blocks", loads: [][]byte{bytes.ReplaceAll(s1.Bytes(), []byte("-----\n-----"), []byte("-----\n\n \n-----"))}, from: 1},
		{name: "two sets in one text: the later wins", loads: [][]byte{cat(s1.Bytes(), s2.Bytes())}, from: 2},
		{name: "two loads: the later wins", loads: [][]byte{s1.Bytes(), s2.Bytes()}, from: 2},
		{name: "a later load that fails keeps the earlier", loads: [][]byte{s1.Bytes(), s2.Bytes()[:s2.Len()-40]}, err: "cut short", from: 1},

		{name: "text", loads: [][]byte{[]byte("not pem at all")}, err: "no PEM"},
		{name: "text after the blocks", loads: [][]byte{cat(s1.Bytes(), []byte("and more\n"))}, err: "no PEM"},
		{name: "the last block cut short", loads: [][]byte{s1.Bytes()[:s1.Len()-40]}, err: "KEY block cut short"},
		{name: "cut after the BEGIN line", loads: [][]byte{cat(b1[0], b1[1], []byte("-----BEGIN CERTIFICATE-----\n"))}, err: "CERTIFICATE block cut short"},
		{name: "a block without its END line", loads: [][]byte{cat(bytes.TrimSuffix(firstCert, []byte("-----END CERTIFICATE-----\n")), b1[1])}, err: "CERTIFICATE block cut short"},
		{name: "an END line of another type", loads: [][]byte{cat(bytes.ReplaceAll(firstCert, []byte("END CERTIFICATE"), []byte("END CERTIFICATES")), b1[1])}, err: "CERTIFICATE block cut short"},
		{name: "a body damaged", loads: [][]byte{cat(damage(firstCert, body+10, "*"), b1[1])}, err: "not base64"},
		{name: "a body a character short", loads: [][]byte{cat(firstCert[:body+10], firstCert[body+11:], b1[1])}, err: "not base64"},
		{name: "a body with data after its padding", loads: [][]byte{cat(bytes.Replace(firstCert, []byte("\n-----END"), []byte("==AA\n-----END"), 1), b1[1])}, err: "not base64"},
		{name: "a certificate without its key", loads: [][]byte{cat(b1[0], b1[2], b1[3])}, err: "expected a certificate and its key"},
		{name: "a key without its certificate", loads: [][]byte{cat(b1[1], b1[2], b1[3])}, err: "expected a certificate and its key"},
		{name: "the last certificate without its key", loads: [][]byte{cat(b1[:len(b1)-1]...)}, err: "expected a certificate and its key"},
		{name: "a key under another Cache-Key", loads: [][]byte{cat(b1[0], b1[3])}, err: "expected a certificate and its key"},
	}
	want := [3]map[string][]byte{1: {}, 2: {}} // each set's certificates, by Cache-Key
	for i, set := range [][]byte{s1.Bytes(), s2.Bytes()} {
		for _, b := range blocks(set) {
			if cb, _ := pem.Decode(b); cb.Type == savedCertType {
				want[i+1][cb.Headers[headerKey]] = cb.Bytes
			}
		}
	}
	for _, tt := range tests {
		for _, sp := range specs { // one at a time: the first block, the last, any
			c := NewCache()
			var err error
			for _, l := range tt.loads {
				if e := c.Load(l); e != nil {
					err = e
				}
			}
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("%s: %v", tt.name, err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("%s: Load said %v, want %q", tt.name, err, tt.err)
			}
			set, err := c.Build([]Spec{sp}, now)
			must(t, err)
			if tt.from == 0 {
				if c.Crafted() != 1 {
					t.Errorf("%s: %s was taken from a text Load refused", tt.name, sp.Name)
				}
				continue
			}
			saved := want[tt.from][savedKey(cacheKey(specJSON(&sp), issuerKey(nil), now))]
			if c.Crafted() != 0 || !bytes.Equal(set.Get(sp.Name).Cert.Raw, saved) {
				t.Errorf("%s: %s crafted %d, or not the certificate of the set that wins", tt.name, sp.Name, c.Crafted())
			}
		}
	}
}

// isBase64 says what base64.StdEncoding says of a PEM body, once pem.Decode
// has dropped its spaces and tabs.
func TestIsBase64(t *testing.T) {
	for _, body := range []string{
		"", "\n", "AAAA", "AAA=", "AA==", "A===", "AAA", "A", "AAAAA",
		"AAAA\nAAAA\n", "AA\r\nAA\n", " AA\tAA ", "AA=\n=", "AA==AAAA", "AAA=A",
		"AA*A", "AA-A", "AA_A", "AAAA====", "AB+/", "ab09",
	} {
		_, err := base64.StdEncoding.DecodeString(strings.NewReplacer(" ", "", "\t", "").Replace(body))
		if got := isBase64([]byte(body)); got != (err == nil) {
			t.Errorf("isBase64(%q) = %v, base64 says %v", body, got, err)
		}
	}
}
