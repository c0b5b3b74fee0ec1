package explain

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// Go says "no cipher suite in common" for three causes; the explanation and the
// fix name the real one, and the cure makes the handshake work. (The third, no
// suite in both lists, keeps the reason's own words; Go's courier offers every
// suite a scenario's bank may allow, so only a real host shows it.)
var cipherCases = []struct {
	name      string
	edit      func(*scenario.Scenario)
	technical string // in the technical words
	fix       string // in the fix's summary
}{
	{"no shared group", func(s *scenario.Scenario) {
		s.Client.Groups, s.Server.Groups = []scenario.Group{scenario.X25519}, []scenario.Group{scenario.P256}
		s.Server.MaxVersion = scenario.TLS12
	}, "the courier offers x25519, the bank accepts secp256r1", "share no key-exchange group"},
	{"a suite for another kind of key", func(s *scenario.Scenario) {
		s.Server.CipherSuites = []string{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}
		s.Server.MaxVersion = scenario.TLS12
	}, "needs a certificate with an RSA key and the bank's certificate has an ECDSA key", "need a certificate with an RSA key"},
}

func TestNoSharedCipherCause(t *testing.T) {
	for _, c := range cipherCases {
		t.Run(c.name, func(t *testing.T) {
			s := scenario.Lookup("verify-true").At(scenario.PresetClock)
			c.edit(s)
			tr := run(t, s)
			if tr.Outcome.Reason != handshake.NoSharedCipher {
				t.Fatalf("outcome %s (%s)", tr.Outcome.Reason, tr.Outcome.Detail)
			}
			e, _ := checkRendered(t, tr)
			if !strings.Contains(e.Technical, c.technical) || !strings.Contains(e.Fix.Summary, c.fix) {
				t.Errorf("technical %q\nfix %q\nwant %q and %q", e.Technical, e.Fix.Summary, c.technical, c.fix)
			}
			fixed, _, ok := Fixed(tr)
			if !ok {
				t.Fatal("no cure")
			}
			if after := run(t, fixed); !after.Outcome.OK {
				t.Errorf("after the fix: %s (%s)", after.Outcome.Reason, after.Outcome.Detail)
			}
		})
	}
}

// CPython's own cipher list (urllib3 2 keeps it) has no suite with a SHA-1 MAC:
// a bank that allows only those refuses requests on urllib3 2, and only it, in
// TLS 1.2, before any certificate check.
func TestSHA1OnlySuites(t *testing.T) {
	const refused = "[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure"
	// only12 has the bank speak TLS 1.2 at most, with these suites only.
	only12 := func(suites ...string) func(*scenario.Scenario) {
		return func(s *scenario.Scenario) { s.Server.MaxVersion, s.Server.CipherSuites = scenario.TLS12, suites }
	}
	cases := []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		refused      bool
	}{
		{"ECDSA CBC SHA-1", "verify-true", only12("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"), true},
		{"a GCM suite for the other key", "verify-true", only12("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), true},
		{"before the expired certificate", "expired", only12("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"), true},
		{"and a GCM suite", "verify-true", only12("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), false},
		{"TLS 1.3 negotiated", "verify-true", func(s *scenario.Scenario) {
			s.Server.CipherSuites = []string{"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"}
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := scenario.Lookup(c.preset).At(scenario.PresetClock)
			c.edit(s)
			cs := Clients(run(t, s))
			got := cs[Requests]
			if strings.Contains(got.Message, refused) != c.refused || got.OK == c.refused {
				t.Errorf("requests: ok=%v %s\n%s", got.OK, got.Message, got.Note)
			}
			if c.refused && !strings.Contains(got.Note, "SHA-1 MAC") {
				t.Errorf("requests' note does not say why: %s", got.Note)
			}
			for _, client := range ClientKeys {
				if client != Requests && strings.Contains(cs[client].Message, refused) {
					t.Errorf("%s refused too: %s", client, cs[client].Message)
				}
			}
		})
	}
}
