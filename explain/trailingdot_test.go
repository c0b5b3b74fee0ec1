package explain

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// A name dialled with the dot a fully qualified name ends in
// ("bank.example.") plays as the name without it for Go, requests and curl:
// Go's crypto/tls sends it without the dot in SNI and crypto/x509 matches it
// without the dot; urllib3 hands Python's ssl the name without it; curl
// leaves it out of SNI and of its match. s_client and Node send the dot in
// SNI, and the story's bank, Go's crypto/tls, refuses that ClientHello with a
// decode_error alert (clients' TestRealClients, the trailing-dot variants,
// proves every word against the real clients). Its cure is its own: the
// certificate, never a name with a dot in it.
func TestTrailingDot(t *testing.T) {
	for _, id := range []string{"verify-true", "hostname-mismatch", "wildcard-too-deep", "expired", "mtls-no-cert", "sni-default-certificate"} {
		t.Run(id, func(t *testing.T) {
			plain := scenario.Lookup(id).At(scenario.PresetClock)
			if scenario.IsIP(plain.Client.Dial) {
				plain.Client.Dial = scenario.ServerHost
			}
			dotted := plain.Clone()
			dotted.Client.Dial += "."
			if err := dotted.Validate(); err != nil {
				t.Fatalf("%s refused: %v", dotted.Client.Dial, err)
			}
			want, tr := run(t, plain), run(t, dotted)
			if got := tr.Outcome; got.OK != want.Outcome.OK || got.Reason != want.Outcome.Reason {
				t.Errorf("with the dot: %s, without: %s", got.Reason, want.Outcome.Reason)
			}
			if sni := tr.Offered.SNI; sni != plain.Client.Dial {
				t.Errorf("SNI %q, want %q: Go sends the name without its dot", sni, plain.Client.Dial)
			}
			_, cs := checkRendered(t, tr)
			plainCs := Clients(want)
			for _, client := range []string{Requests, Requests1, Curl, GoNetHTTP} {
				if cs[client].OK != plainCs[client].OK || cs[client].Class != plainCs[client].Class {
					t.Errorf("%s: ok=%v %q with the dot, ok=%v %q without", client, cs[client].OK, cs[client].Class, plainCs[client].OK, plainCs[client].Class)
				}
			}
			for _, client := range []string{OpenSSL, Node} {
				c := cs[client]
				if c.OK || !strings.Contains(c.Message, "tlsv1 alert decode error") || !strings.Contains(c.Note, "trailing dot") {
					t.Errorf("%s: ok=%v %q (%s), want Go's bank refusing the dot in SNI", client, c.OK, c.Message, c.Note)
				}
				// The lens says why, whatever Go's own verdict, and the
				// cure is the courier's: the name without its dot.
				v, err := Lens(NewReport(tr), client)
				if err != nil {
					t.Fatal(err)
				}
				if v.Reason != "sni_trailing_dot" || v.Fix.Side != "client" || !strings.Contains(v.Fix.Summary, "Dial "+plain.Client.Dial+",") ||
					tr.Outcome.OK && !strings.Contains(v.Disagree, "trailing dot") {
					t.Errorf("%s's lens: %s (%s) %q, disagree %q", client, v.Reason, v.Fix.Side, v.Fix.Summary, v.Disagree)
				}
			}
			if fixed, _, ok := Fixed(tr); ok {
				if err := fixed.Validate(); err != nil {
					t.Errorf("the cure is no valid scenario: %v", err)
				}
				for _, sp := range fixed.Certs {
					for _, n := range sp.DNSNames {
						if strings.HasSuffix(n, ".") {
							t.Errorf("the cure puts %q in %s", n, sp.Name)
						}
					}
				}
				if after := run(t, fixed); !after.Outcome.OK {
					t.Errorf("after the cure: %s (%s)", after.Outcome.Reason, after.Outcome.Detail)
				}
			}
		})
	}
	// A probe that did not ask the host with the dot says nothing of its
	// refusing it (TestProbeTrailingDot: Node is then not said to connect).
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	s.Client.Dial += "."
	f := newFacts(run(t, s))
	f.s = &scenario.Scenario{Client: s.Client}
	if f.dotInSNI() {
		t.Error("a real host's server is said to refuse the dot")
	}
}
