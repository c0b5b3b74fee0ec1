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
			s := scenario.Lookup("verify-true").Scenario()
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
