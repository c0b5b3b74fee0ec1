package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/pki"
)

func TestPresetsValidate(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Presets {
		if p.ID == "" || p.Title == "" || p.Story == "" {
			t.Errorf("preset %q lacks an id, title or story", p.ID)
		}
		if seen[p.ID] {
			t.Errorf("preset id %q is used twice", p.ID)
		}
		seen[p.ID] = true
		if got := Lookup(p.ID); got != p {
			t.Errorf("Lookup(%q) = %v, want the preset", p.ID, got)
		}
		s := p.At(PresetClock)
		if err := s.Validate(); err != nil {
			t.Errorf("preset %s: %v", p.ID, err)
		}
		if s.ID != p.ID || s.Title != p.Title || s.Story != p.Story {
			t.Errorf("preset %s: scenario carries id/title/story %q/%q/%q", p.ID, s.ID, s.Title, s.Story)
		}
	}
	if Lookup("no-such-preset") != nil {
		t.Error("Lookup of an unknown id returned a preset")
	}
}

// TestPresetScenarioIsFresh guards the editor: changing one copy of a preset must
// not change the next.
func TestPresetScenarioIsFresh(t *testing.T) {
	p := Lookup("mtls-ok")
	a := p.At(PresetClock)
	a.Certs[0].DNSNames = append(a.Certs[0].DNSNames, "changed.example")
	a.Server.ClientCAs[0] = "changed"
	b := p.At(PresetClock)
	if len(b.Certs[0].DNSNames) != 0 || b.Server.ClientCAs[0] != ClientCA {
		t.Fatal("a preset's scenarios share state")
	}
	c := b.Clone()
	c.Certs[2].DNSNames[0] = "changed.example"
	*c.Certs[1].MaxPathLen = 5
	c.Client.Groups = append(c.Client.Groups, X25519)
	if b.Certs[2].DNSNames[0] != ServerHost || *b.Certs[1].MaxPathLen != 0 || len(b.Client.Groups) != 0 {
		t.Fatal("Clone shares state with the original")
	}
}

// problemFields returns the Field of every problem in err, which must be Problems.
func problemFields(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Validate returned %T (%v), want Problems", err, err)
	}
	var fields []string
	for _, p := range ps {
		if p.Message == "" {
			t.Errorf("problem at %s has no message", p.Field)
		}
		fields = append(fields, p.Field)
	}
	return fields
}

func TestValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	names := func(n int, name string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = name
		}
		return out
	}
	manyCerts := func(s *Scenario) {
		for i := len(s.Certs); i <= MaxCerts; i++ {
			extra := s.Certs[2].Clone()
			extra.Name = fmt.Sprintf("extra-%d", i)
			s.Certs = append(s.Certs, extra)
		}
	}
	tests := []struct {
		name   string
		preset string // default verify-true
		edit   func(s *Scenario)
		want   []string // problem fields, in the order Validate reports them
	}{
		// The scenario itself.
		{"id too long", "", func(s *Scenario) { s.ID = long(65) }, []string{"id"}},
		{"title too long", "", func(s *Scenario) { s.Title = long(MaxTitleLen + 1) }, []string{"title"}},
		{"story too long", "", func(s *Scenario) { s.Story = long(MaxStoryLen + 1) }, []string{"story"}},
		{"no clock: today", "", func(s *Scenario) { s.Now, s.Today = time.Time{}, false }, nil},
		{"clock before 1970", "", func(s *Scenario) { s.Now = time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC) }, []string{"now"}},
		{"clock after 2899", "", func(s *Scenario) { s.Now = time.Date(2900, 1, 1, 0, 0, 0, 0, time.UTC) }, []string{"now"}},

		// Certificates: how many, and each spec's own fields.
		{"no certificates", "", func(s *Scenario) { s.Certs = nil }, []string{"certs", "server.send[0]", "server.send[1]"}},
		{"too many certificates", "", manyCerts, []string{"certs"}},
		{"empty name", "", func(s *Scenario) { s.Certs[2].Name = ""; s.Server.Key = "intermediate" },
			[]string{"certs[2].name", "server.send[0]"}},
		{"bad name", "", func(s *Scenario) { s.Certs[0].Name = "root ca"; s.Certs[1].Issuer = "root ca" }, []string{"certs[0].name"}},
		{"name too long", "", func(s *Scenario) { s.Certs[0].Name = long(33); s.Certs[1].Issuer = long(33) }, []string{"certs[0].name"}},
		{"duplicate name", "", func(s *Scenario) { s.Certs[2].Name = Intermediate }, []string{"certs[2].name", "server.send[0]"}},
		{"cn too long", "", func(s *Scenario) { s.Certs[2].CommonName = long(pki.MaxTextLen + 1) }, []string{"certs[2].cn"}},
		{"org too long", "", func(s *Scenario) { s.Certs[1].Organization = long(pki.MaxTextLen + 1) }, []string{"certs[1].org"}},
		{"no subject", "", func(s *Scenario) {
			l := &s.Certs[2]
			l.CommonName, l.Organization, l.DNSNames = "", "", nil
		}, []string{"certs[2].cn"}},
		{"too many DNS names", "", func(s *Scenario) { s.Certs[2].DNSNames = names(pki.MaxNames+1, "a.example") }, []string{"certs[2].dns"}},
		{"empty DNS name", "", func(s *Scenario) { s.Certs[2].DNSNames[1] = "" }, []string{"certs[2].dns[1]"}},
		{"DNS name with a space", "", func(s *Scenario) { s.Certs[2].DNSNames[0] = "bank example" }, []string{"certs[2].dns[0]"}},
		{"DNS name with an empty label", "", func(s *Scenario) { s.Certs[2].DNSNames[0] = "bank..example" }, []string{"certs[2].dns[0]"}},
		{"DNS name too long", "", func(s *Scenario) { s.Certs[2].DNSNames[0] = strings.Repeat("a.", 127) + "a" }, []string{"certs[2].dns[0]"}},
		{"wildcard not leftmost", "", func(s *Scenario) { s.Certs[2].DNSNames[0] = "bank.*.example" }, []string{"certs[2].dns[0]"}},
		{"a certificate chosen by an address", "", func(s *Scenario) { s.Server.ByName = &NamedChain{Name: "192.0.2.1", Send: []string{"leaf"}} }, []string{"server.by_name.name"}},
		{"a certificate chosen by name, sending nothing", "", func(s *Scenario) { s.Server.ByName = &NamedChain{Name: "shop.example"} }, []string{"server.by_name.send"}},
		{"a certificate chosen by name at a bank asking for badges", "mtls-ok", func(s *Scenario) {
			s.Server.ByName = &NamedChain{Name: "shop.example", Send: []string{"leaf"}}
		}, []string{"server.by_name"}},
		{"too many generated names", "", func(s *Scenario) { s.Certs[2].MoreNames = pki.MaxMoreNames + 1 }, []string{"certs[2].more_names"}},
		{"too many IPs", "", func(s *Scenario) { s.Certs[2].IPAddresses = names(pki.MaxNames+1, "192.0.2.1") }, []string{"certs[2].ips"}},
		{"bad IP", "", func(s *Scenario) { s.Certs[2].IPAddresses = []string{"192.0.2.1", "192.0.2.300"} }, []string{"certs[2].ips[1]"}},
		{"IP with a zone", "", func(s *Scenario) { s.Certs[2].IPAddresses = []string{"fe80::1%eth0"} }, []string{"certs[2].ips[0]"}},
		{"not_before too far", "", func(s *Scenario) { s.Certs[2].NotBefore = -pki.MaxDays - 1 }, []string{"certs[2].not_before"}},
		{"not_after too far", "", func(s *Scenario) { s.Certs[2].NotAfter = pki.MaxDays + 1 }, []string{"certs[2].not_after"}},
		{"not_after before not_before", "", func(s *Scenario) { s.Certs[1].NotBefore, s.Certs[1].NotAfter = 5, 4 }, []string{"certs[1].not_after"}},
		{"unknown key type", "", func(s *Scenario) { s.Certs[2].Key = "rsa-512" }, []string{"certs[2].key"}},
		{"missing key type", "", func(s *Scenario) { s.Certs[2].Key = "" }, []string{"certs[2].key"}},
		{"unknown hash", "", func(s *Scenario) { s.Certs[2].Hash = "md5" }, []string{"certs[2].hash"}},
		{"path length on a leaf", "", func(s *Scenario) { s.Certs[2].MaxPathLen = ptr(1) }, []string{"certs[2].max_path_len"}},
		{"negative path length", "", func(s *Scenario) { s.Certs[1].MaxPathLen = ptr(-1) }, []string{"certs[1].max_path_len"}},
		{"path length too large", "", func(s *Scenario) { s.Certs[1].MaxPathLen = ptr(pki.MaxPathLimit + 1) }, []string{"certs[1].max_path_len"}},
		{"no basic constraints on a CA", "", func(s *Scenario) { s.Certs[0].NoBasicConstraints = true }, []string{"certs[0].no_basic_constraints"}},
		{"unknown key usage", "", func(s *Scenario) { s.Certs[2].KeyUsage = []string{pki.KUDigitalSignature, "sign_everything"} }, []string{"certs[2].ku[1]"}},
		{"unknown extended key usage", "", func(s *Scenario) { s.Certs[2].ExtKeyUsage = []string{"code_signing"} }, []string{"certs[2].eku[0]"}},
		{"too many permitted names", "", func(s *Scenario) { s.Certs[1].PermittedDNS = names(pki.MaxNames+1, ".example") }, []string{"certs[1].permitted_dns"}},
		{"bad permitted name", "", func(s *Scenario) { s.Certs[1].PermittedDNS = []string{".corp.example", "*.bank.example"} }, []string{"certs[1].permitted_dns[1]"}},
		{"bad excluded name", "", func(s *Scenario) { s.Certs[1].ExcludedDNS = []string{""} }, []string{"certs[1].excluded_dns[0]"}},

		{"issuer URL", "", func(s *Scenario) { s.Certs[2].IssuerURL = "https://pki.bank.example/ca.crt" }, nil},
		{"issuer URL not http", "", func(s *Scenario) { s.Certs[2].IssuerURL = "ldap://pki.bank.example/ca" }, []string{"certs[2].issuer_url"}},
		{"issuer URL without host", "", func(s *Scenario) { s.Certs[2].IssuerURL = "http:///ca.crt" }, []string{"certs[2].issuer_url"}},
		{"issuer URL with a space", "", func(s *Scenario) { s.Certs[2].IssuerURL = "http://pki.example/my ca.crt" }, []string{"certs[2].issuer_url"}},
		{"issuer URL not ASCII", "", func(s *Scenario) { s.Certs[2].IssuerURL = "http://pkí.example/ca.crt" }, []string{"certs[2].issuer_url"}},
		{"issuer URL too long", "", func(s *Scenario) { s.Certs[2].IssuerURL = "http://a.example/" + long(pki.MaxNameLen) }, []string{"certs[2].issuer_url"}},
		{"CRL and OCSP URLs", "", func(s *Scenario) { s.Certs[2].CRLURL, s.Certs[2].OCSPURL = RootCRLURL, OCSPURL }, nil},
		{"CRL URL not http", "", func(s *Scenario) { s.Certs[2].CRLURL = "ldap://crl.example/ca" }, []string{"certs[2].crl_url"}},
		{"OCSP URL with a space", "", func(s *Scenario) { s.Certs[2].OCSPURL = "http://ocsp.example/a b" }, []string{"certs[2].ocsp_url"}},
		{"revoked with nowhere to say so", "", func(s *Scenario) { s.Certs[2].Revoked = true }, []string{"certs[2].revoked"}},
		{"revoked self-signed", "", func(s *Scenario) { s.Certs[0].Revoked, s.Certs[0].CRLURL = true, RootCRLURL }, []string{"certs[0].revoked"}},
		{"staple without a responder", "", func(s *Scenario) { s.Server.StapleOCSP = true }, []string{"server.staple_ocsp"}},
		{"staple with a responder", "", func(s *Scenario) { s.Server.StapleOCSP, s.Certs[2].OCSPURL = true, OCSPURL }, nil},
		{"OCSP under an Ed25519 issuer", "", func(s *Scenario) { s.Certs[1].Key, s.Certs[2].OCSPURL = pki.Ed25519, OCSPURL }, []string{"certs[2].ocsp_url"}},

		// Certificates: how they refer to each other.
		{"unknown issuer", "", func(s *Scenario) { s.Certs[2].Issuer = "nobody" }, []string{"certs[2].issuer"}},
		{"issuer cycle", "", func(s *Scenario) { s.Certs[0].Issuer = Leaf }, []string{"certs[0].issuer"}},

		// The bank.
		{"nothing sent", "", func(s *Scenario) { s.Server.Send = nil }, []string{"server.send"}},
		{"too much sent", "", func(s *Scenario) { s.Server.Send = names(MaxSend+1, Leaf) }, []string{"server.send"}},
		{"unknown certificate sent", "", func(s *Scenario) { s.Server.Send[1] = "intermediat" }, []string{"server.send[1]"}},
		{"unknown server key", "", func(s *Scenario) { s.Server.Key = "nobody" }, []string{"server.key"}},
		{"unknown server min version", "", func(s *Scenario) { s.Server.MinVersion = "1.4" }, []string{"server.min_version"}},
		{"unknown server max version", "", func(s *Scenario) { s.Server.MaxVersion = "1.4" }, []string{"server.max_version"}},
		{"unknown versions are not compared", "", func(s *Scenario) { s.Server.MinVersion, s.Server.MaxVersion = "2.0", TLS13 }, []string{"server.min_version"}},
		{"server max below min", "", func(s *Scenario) { s.Server.MinVersion, s.Server.MaxVersion = TLS13, TLS12 }, []string{"server.max_version"}},
		{"too many server groups", "", func(s *Scenario) { s.Server.Groups = append(slices.Clone(Groups), X25519) }, []string{"server.groups"}},
		{"unknown server group", "", func(s *Scenario) { s.Server.Groups = []Group{X25519, "ffdhe2048"} }, []string{"server.groups[1]"}},
		{"server group twice", "", func(s *Scenario) { s.Server.Groups = []Group{X25519, P256, X25519} }, []string{"server.groups[2]"}},
		{"too many suites", "", func(s *Scenario) {
			s.Server.CipherSuites = names(33, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
		}, []string{"server.cipher_suites"}},
		{"TLS 1.3 suite", "", func(s *Scenario) { s.Server.CipherSuites = []string{"TLS_AES_128_GCM_SHA256"} }, []string{"server.cipher_suites[0]"}},
		{"unknown suite", "", func(s *Scenario) {
			s.Server.CipherSuites = []string{"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_RC4_128_MD5"}
		}, []string{"server.cipher_suites[1]"}},
		{"too many server protocols", "", func(s *Scenario) { s.Server.ALPN = names(MaxListLen+1, "h2") }, []string{"server.alpn"}},
		{"empty server protocol", "", func(s *Scenario) { s.Server.ALPN = []string{"h2", ""} }, []string{"server.alpn[1]"}},
		{"long server protocol", "", func(s *Scenario) { s.Server.ALPN = []string{long(MaxALPNLen + 1)} }, []string{"server.alpn[0]"}},
		{"unknown client auth", "", func(s *Scenario) { s.Server.ClientAuth = "maybe" }, []string{"server.client_auth"}},
		{"verifying bank trusts no CA", "mtls-ok", func(s *Scenario) { s.Server.ClientCAs = nil }, []string{"server.client_cas"}},
		{"unknown client CA", "mtls-ok", func(s *Scenario) { s.Server.ClientCAs = []string{ClientCA, "nobody"} }, []string{"server.client_cas[1]"}},
		{"too many client CAs", "mtls-ok", func(s *Scenario) { s.Server.ClientCAs = names(MaxListLen+1, ClientCA) }, []string{"server.client_cas"}},
		{"request without CAs is fine", "mtls-ok", func(s *Scenario) { s.Server.ClientAuth, s.Server.ClientCAs = AuthRequireAny, nil }, nil},

		// The courier.
		{"no dial", "", func(s *Scenario) { s.Client.Dial = "" }, []string{"client.dial"}},
		{"dial not a host", "", func(s *Scenario) { s.Client.Dial = "https://bank.example/" }, []string{"client.dial"}},
		{"dial an IP with a zone", "", func(s *Scenario) { s.Client.Dial = "fe80::1%eth0" }, []string{"client.dial"}},
		{"dial an IPv6 address", "", func(s *Scenario) { s.Client.Dial = "2001:db8::1" }, nil},
		{"path without its slash", "", func(s *Scenario) { s.Client.Path = "api" }, []string{"client.path"}},
		{"path with a quote", "", func(s *Scenario) { s.Client.Path = "/it's" }, []string{"client.path"}},
		{"path with a space", "", func(s *Scenario) { s.Client.Path = "/a b" }, []string{"client.path"}},
		{"path too long", "", func(s *Scenario) { s.Client.Path = "/" + strings.Repeat("a", 1024) }, []string{"client.path"}},
		{"bad SNI", "", func(s *Scenario) { s.Client.SNI = "bank example" }, []string{"client.sni"}},
		{"IP as SNI", "", func(s *Scenario) { s.Client.SNI = "192.0.2.1" }, []string{"client.sni"}},
		{"SNI with its final dot", "", func(s *Scenario) { s.Client.SNI = "www.bank.example." }, []string{"client.sni"}},
		{"unknown trust", "", func(s *Scenario) { s.Client.Verify = "maybe" }, []string{"client.verify"}},
		{"missing trust", "", func(s *Scenario) { s.Client.Verify = "" }, []string{"client.verify"}},
		{"empty bundle", "custom-ca-bundle", func(s *Scenario) { s.Client.Bundle = nil }, []string{"client.bundle"}},
		{"unknown bundle entry", "custom-ca-bundle", func(s *Scenario) { s.Client.Bundle = []string{Root, "nobody"} }, []string{"client.bundle[1]"}},
		{"bundle too long", "custom-ca-bundle", func(s *Scenario) { s.Client.Bundle = names(MaxListLen+1, Root) }, []string{"client.bundle"}},
		{"bundle without verify=bundle", "", func(s *Scenario) { s.Client.Bundle = []string{Root} }, []string{"client.bundle"}},
		{"unknown cert mode", "mtls-ok", func(s *Scenario) { s.Client.Cert = "pfx" }, []string{"client.cert"}},
		{"badge missing", "mtls-ok", func(s *Scenario) { s.Client.Badge = "" }, []string{"client.badge"}},
		{"unknown badge", "mtls-ok", func(s *Scenario) { s.Client.Badge = "nobody" }, []string{"client.badge"}},
		{"encrypted key without password", "mtls-encrypted-key", func(s *Scenario) { s.Client.KeyPassword = "" }, []string{"client.key_password"}},
		{"password too long", "mtls-encrypted-key", func(s *Scenario) { s.Client.KeyPassword = long(MaxPassword + 1) }, []string{"client.key_password"}},
		{"unknown client version", "", func(s *Scenario) { s.Client.MaxVersion = "SSLv3" }, []string{"client.max_version"}},
		{"client max below min", "", func(s *Scenario) { s.Client.MinVersion, s.Client.MaxVersion = TLS13, TLS12 }, []string{"client.max_version"}},
		{"unknown client group", "", func(s *Scenario) { s.Client.Groups = []Group{"x448"} }, []string{"client.groups[0]"}},
		{"empty client protocol", "", func(s *Scenario) { s.Client.ALPN = []string{""} }, []string{"client.alpn[0]"}},

		// The imposter.
		{"imposter sends nothing", "verify-false-mitm", func(s *Scenario) { s.Imposter.Send = nil }, []string{"imposter.send"}},
		{"imposter sends an unknown certificate", "verify-false-mitm", func(s *Scenario) { s.Imposter.Send = []string{"nobody"} }, []string{"imposter.send[0]"}},

		// Everything at once, in the order of the scenario.
		{"every problem at once", "mtls-ok", func(s *Scenario) {
			s.Title = long(MaxTitleLen + 1)
			s.Certs[1].NotBefore, s.Certs[1].NotAfter = 1, 0
			s.Certs[2].Issuer = "nobody"
			s.Certs[0].Issuer = Root // self-signed spelled out: no problem
			s.Server.ClientCAs = nil
			s.Client.Bundle = []string{Root}
			s.Client.Badge = "nobody"
		}, []string{"title", "certs[1].not_after", "certs[2].issuer", "server.client_cas", "client.bundle", "client.badge"}},
		// The courier's environment.
		{"session bundle without a bundle", "", func(s *Scenario) { s.Client.Session = &Session{Verify: VerifyBundle} }, []string{"client.bundle"}},
		{"Session.verify=False", "", func(s *Scenario) { s.Client.Session = &Session{Verify: VerifyFalse} }, []string{"client.session.verify"}},
		{"unknown Session.verify", "", func(s *Scenario) { s.Client.Session = &Session{Verify: "maybe"} }, []string{"client.session.verify"}},
		{"unknown variable", "", func(s *Scenario) { s.Client.Env = []EnvVar{{Name: "PATH", Path: "x.pem", Public: true}} }, []string{"client.env[0].name"}},
		{"variable set twice", "", func(s *Scenario) {
			s.Client.Env = []EnvVar{{Name: EnvSSLCertFile, Path: "a.pem", Public: true}, {Name: EnvSSLCertFile, Path: "b.pem", Public: true}}
		}, []string{"client.env[1].name"}},
		{"public roots placed past the list", "", func(s *Scenario) {
			s.Client.Env = []EnvVar{{Name: EnvSSLCertFile, Path: "x.pem", Certs: []string{Root}, Public: true, PublicAt: 2}}
		}, []string{"client.env[0].certs"}},
		{"public roots placed, none held", "", func(s *Scenario) {
			s.Client.Env = []EnvVar{{Name: EnvSSLCertFile, Path: "x.pem", Certs: []string{Root}, PublicAt: 1}}
		}, []string{"client.env[0].certs"}},
		{"absolute path", "", func(s *Scenario) { s.Client.Env = []EnvVar{{Name: EnvSSLCertFile, Path: "/etc/x.pem", Public: true}} }, []string{"client.env[0].path"}},
		{"path with a quote", "", func(s *Scenario) { s.Client.Env = []EnvVar{{Name: EnvSSLCertFile, Path: "x'.pem", Public: true}} }, []string{"client.env[0].path"}},
		{"path climbing out", "", func(s *Scenario) { s.Client.Env = []EnvVar{{Name: EnvSSLCertFile, Path: "../x.pem", Public: true}} }, []string{"client.env[0].path"}},
		{"two bundles in one file", "", func(s *Scenario) {
			s.Client.Env = []EnvVar{{Name: EnvRequestsCABundle, Path: "x.pem", Certs: []string{Root}}, {Name: EnvCurlCABundle, Path: "x.pem", Public: true}}
		}, []string{"client.env[1].path"}},
		{"one bundle in one file", "", func(s *Scenario) {
			s.Client.Env = []EnvVar{{Name: EnvRequestsCABundle, Path: "x.pem", Certs: []string{Root}}, {Name: EnvCurlCABundle, Path: "x.pem", Certs: []string{Root}}}
		}, nil},
		{"one bundle in one file, listed in another order", "", func(s *Scenario) {
			s.Client.Env = []EnvVar{{Name: EnvRequestsCABundle, Path: "x.pem", Certs: []string{Root, Intermediate}}, {Name: EnvCurlCABundle, Path: "x.pem", Certs: []string{Intermediate, Root}}}
		}, nil},
		{"a bundle file as SSL_CERT_DIR", "", func(s *Scenario) {
			s.Client.Env = []EnvVar{{Name: EnvSSLCertFile, Path: "certs", Public: true}, {Name: EnvSSLCertDir, Path: "certs", Public: true}}
		}, []string{"client.env[1].path"}},
		{"a bundle inside another's path", "", func(s *Scenario) {
			s.Client.Env = []EnvVar{{Name: EnvSSLCertDir, Path: "certs", Public: true}, {Name: EnvRequestsCABundle, Path: "certs/cert-0.pem", Certs: []string{Root}}}
		}, []string{"client.env[1].path"}},
		{"a bundle where the kit puts the store", "", func(s *Scenario) {
			s.Client.OSStore = []string{Root}
			s.Client.Env = []EnvVar{{Name: EnvSSLCertFile, Path: OSStorePath, Certs: []string{Root}}}
		}, []string{"client.env[0].path"}},
		{"empty bundle", "", func(s *Scenario) { s.Client.Env = []EnvVar{{Name: EnvSSLCertFile, Path: "x.pem"}} }, []string{"client.env[0].certs"}},
		{"bundle of an unknown certificate", "", func(s *Scenario) {
			s.Client.Env = []EnvVar{{Name: EnvSSLCertFile, Path: "x.pem", Certs: []string{"nobody"}}}
		}, []string{"client.env[0].certs[0]"}},
		{"OS store of an unknown certificate", "", func(s *Scenario) { s.Client.OSStore = []string{"nobody"} }, []string{"client.os_store[0]"}},
		{"a cycle is found next to other problems", "", func(s *Scenario) {
			s.Title = long(MaxTitleLen + 1)
			s.Certs[0].Issuer = Intermediate
		}, []string{"title", "certs[0].issuer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := tt.preset
			if id == "" {
				id = "verify-true"
			}
			s := Lookup(id).At(PresetClock)
			tt.edit(s)
			err := s.Validate()
			if got := problemFields(t, err); !slices.Equal(got, tt.want) {
				t.Errorf("problems at %q, want %q\n%v", got, tt.want, err)
			}
		})
	}
}

func TestProblemsError(t *testing.T) {
	s := Lookup("verify-true").At(PresetClock)
	s.Certs[1].NotBefore, s.Certs[1].NotAfter = 5, 4
	s.Client.Dial = ""
	err := s.Validate()
	const want = "invalid scenario: certs[1].not_after: ends before it starts: valid from 5 until 4 days from the clock; client.dial: empty: the courier must dial a host name or IP address"
	if err == nil || err.Error() != want {
		t.Fatalf("Validate() = %v\nwant %s", err, want)
	}
}

// TestValidateIsDeterministic guards share-link and CLI messages: the same
// scenario gives the same text every time.
func TestValidateIsDeterministic(t *testing.T) {
	s := Lookup("verify-true").At(PresetClock)
	s.Certs[2].CommonName, s.Certs[2].Organization = strings.Repeat("c", 200), strings.Repeat("o", 200)
	s.Certs[1].PermittedDNS, s.Certs[1].ExcludedDNS = []string{"a..b"}, []string{"c..d"}
	s.Server.MinVersion, s.Server.MaxVersion = "1", "2"
	first := s.Validate().Error()
	for range 20 {
		if got := s.Validate().Error(); got != first {
			t.Fatalf("Validate gave\n%s\nthen\n%s", first, got)
		}
	}
}

// A dialled name that is no host name says what is wrong with it.
func TestDialProblems(t *testing.T) {
	long := strings.Repeat("a", 64)
	for dial, want := range map[string]string{
		"ünïcode.example": "xn-- (punycode)",
		"bank..example":   "empty label",
		".bank.example":   "empty label",
		long + ".example": "longer than 63 characters",
		"not a host!":     "neither a DNS name nor an IP address",
	} {
		s := Lookup("verify-true").At(PresetClock)
		s.Client.Dial = dial
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", dial, err, want)
		}
	}
}

// A clock written as the zero time is too early, and says which years a
// clock may be; no clock at all is today.
func TestZeroClockSaysTheYears(t *testing.T) {
	s := Lookup("verify-true").Scenario()
	if err := s.Validate(); err != nil {
		t.Errorf("no clock: %v", err)
	}
	js, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(js), `"now"`) {
		t.Errorf("a story that happens today has a clock in its JSON: %s", js)
	}
	if _, err := ParseJSON(js); err != nil {
		t.Errorf("no clock, from JSON: %v", err)
	}
	zero := strings.Replace(string(js), "{", `{"now":"0001-01-01T00:00:00Z",`, 1)
	if _, err := ParseJSON([]byte(zero)); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("years %d..%d", earliestYear, latestYear-1)) ||
		!strings.Contains(err.Error(), "now: too early: 0001-01-01T00:00:00Z is before 1970") {
		t.Errorf("zero clock: %v", err)
	}
}

// A scenario may have keys made on the spot, beyond those kept ready, worth
// at most MaxKeyCost RSA-2048 keys; the problem is at the key that goes over.
func TestKeyBudget(t *testing.T) {
	// with is verify-true with these keys: its own certificates take the
	// first ones, certificates its root signs the rest.
	with := func(keys ...pki.KeyType) *Scenario {
		s := Lookup("verify-true").At(PresetClock)
		for i, k := range keys {
			if i < len(s.Certs) {
				s.Certs[i].Key = k
				continue
			}
			s.Certs = append(s.Certs, pki.Spec{Name: fmt.Sprintf("extra%d", i), Issuer: s.Certs[0].Name, CommonName: "extra", NotAfter: 1, Key: k})
		}
		return s
	}
	n := func(n int, k pki.KeyType) []pki.KeyType { return slices.Repeat([]pki.KeyType{k}, n) }
	keys := func(lists ...[]pki.KeyType) []pki.KeyType { return slices.Concat(lists...) }
	ready := pki.ReadyKeys(pki.RSA4096)
	for _, tt := range []struct {
		name string
		keys []pki.KeyType
		over int    // the index of the certificate that goes over, -1 for none
		want string // the problem; for a scenario within the budget, its KeyCost
	}{
		{"all kept ready", n(ready, pki.RSA4096), -1, "0"},
		{"one RSA-4096 made", n(ready+1, pki.RSA4096), -1, "8"},
		{"two RSA-4096 made", n(ready+2, pki.RSA4096), ready + 1,
			"certs[8].key: too many keys to make: the 9th rsa-4096 key is made on the spot (7 are kept ready), and the keys the scenario makes would cost as much as 16 RSA-2048 keys, over the 8 allowed (seconds each in a browser); use ecdsa-p256, a smaller RSA key or fewer rsa-4096 keys"},
		{"two RSA-3072 made", n(ready+2, pki.RSA3072), -1, "6"},
		{"three RSA-3072 made", n(ready+3, pki.RSA3072), ready + 2, "the 10th rsa-3072 key is made on the spot"},
		{"five RSA-2048 made", n(ready+5, pki.RSA2048), -1, "5"},
		{"eight RSA-2048 made", keys(n(ready+8, pki.RSA2048)), -1, "8"},
		{"nine RSA-2048 made", keys(n(ready+9, pki.RSA2048)), ready + 8, "as much as 9 RSA-2048 keys"},
		{"an RSA-4096 made after an RSA-2048", keys(n(ready+1, pki.RSA2048), n(ready+1, pki.RSA4096)), 2*ready + 1,
			"the 8th rsa-4096 key is made on the spot (7 are kept ready), and the keys the scenario makes would cost as much as 9 RSA-2048 keys"},
		{"keys made in any order count alike", keys(n(ready, pki.RSA4096), n(ready+1, pki.RSA2048), n(1, pki.RSA4096)), 2*ready + 1, "as much as 9 RSA-2048 keys"},
		{"ECDSA costs nothing", n(MaxCerts, pki.ECDSAP384), -1, "0"},
		{"nor does Ed25519", n(MaxCerts, pki.Ed25519), -1, "0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := with(tt.keys...)
			err := s.Validate()
			if tt.over < 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if got := strconv.Itoa(s.KeyCost()); got != tt.want {
					t.Errorf("KeyCost %s, want %s", got, tt.want)
				}
				return
			}
			var ps Problems
			field := fmt.Sprintf("certs[%d].key", tt.over)
			if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Field != field || !strings.Contains(ps[0].Error(), tt.want) {
				t.Fatalf("got %v, want one problem at %s saying %q", err, field, tt.want)
			}
		})
	}
	if got := ordinal(1) + ordinal(2) + ordinal(3) + ordinal(11) + ordinal(12) + ordinal(22) + ordinal(113); got != "1st2nd3rd11th12th22nd113th" {
		t.Errorf("ordinals: %s", got)
	}
}

// A TLS 1.3 suite in the bank's list is said to be one: Go lets no one
// choose those, and "not a TLS 1.2 cipher suite Go offers" read as if Go
// did not know it.
func TestTLS13SuiteSaysSo(t *testing.T) {
	s := Lookup("3des-only-bank").At(PresetClock)
	s.Server.CipherSuites = []string{"TLS_AES_128_GCM_SHA256"}
	err := s.Validate()
	if err == nil || !strings.Contains(err.Error(), `"TLS_AES_128_GCM_SHA256" is a TLS 1.3 suite: Go offers all three and lets no one choose them`) {
		t.Errorf("Validate() = %v", err)
	}
}

// An IP address as SNI is refused in the probe worker's words: SNI carries
// a DNS name alone, and an empty SNI sends none.
func TestSNIAddress(t *testing.T) {
	for _, sni := range []string{"192.0.2.1", "2001:db8::1"} {
		s := Lookup("verify-true").At(PresetClock)
		s.Client.SNI = sni
		err := s.Validate()
		if want := `"` + sni + `" ` + SNIAddressWords; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v, want %q", err, want)
		}
	}
}

// An SNI with its final dot is refused as the probe worker refuses its sni=
// so: SNI carries the name without it.
func TestSNIFinalDot(t *testing.T) {
	s := Lookup("verify-true").At(PresetClock)
	s.Client.SNI = "www.bank.example."
	err := s.Validate()
	if err == nil || !strings.Contains(err.Error(), `"www.bank.example." ends in a dot`) || !strings.Contains(err.Error(), "name it www.bank.example;") {
		t.Errorf("%v, want a refusal of the dot naming the name without it", err)
	}
}
