package explain

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

// TestKeyExchangeWords: the verdict names the group that made the secret as
// the trace has it: the default hybrid with what it costs the ClientHello, a
// classical group after a HelloRetryRequest, TLS 1.2's curve; and a bank that
// takes only the hybrid refuses a classic courier in words that say so.
func TestKeyExchangeWords(t *testing.T) {
	for _, tc := range []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		has, lacks   []string
	}{
		{"default hybrid", "verify-true", nil,
			[]string{"X25519MLKEM768, a hybrid of the classical X25519 and the post-quantum ML-KEM-768", "this ClientHello is about {hello} kB"},
			[]string{"HelloRetryRequest", "classical group"}},
		{"a classic courier, a retry", "pq-bank-classic-courier", nil,
			[]string{"HelloRetryRequest: the courier had sent a key share for x25519 only, and the bank wants secp256r1", "secp256r1, a classical group: the courier offered no post-quantum group"},
			[]string{"a hybrid"}},
		{"the bank refuses the hybrid", "verify-true", func(s *scenario.Scenario) { s.Server.Groups = []scenario.Group{scenario.X25519} },
			[]string{"x25519, a classical group: the courier offered X25519MLKEM768 but the bank does not take it"}, []string{"HelloRetryRequest"}},
		{"TLS 1.2", "verify-true", func(s *scenario.Scenario) { s.Client.MaxVersion = scenario.TLS12 },
			[]string{"TLS 1.2 has no post-quantum key exchange"}, []string{"a hybrid"}},
		{"a bank taking only the hybrid", "pq-bank-classic-courier", func(s *scenario.Scenario) { s.Server.Groups = []scenario.Group{scenario.X25519MLKEM768} },
			[]string{"(x25519, secp256r1, secp384r1, secp521r1) and the bank's (x25519mlkem768)", "The bank takes only post-quantum key exchange, and this courier knows none"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup(tc.preset).At(scenario.PresetClock)
			if tc.edit != nil {
				tc.edit(s)
			}
			tr := run(t, s)
			hello := 0
			for _, st := range tr.Steps {
				if st.IsMessage(wire.TypeClientHello) {
					hello = len(st.Bytes)
					break
				}
			}
			technical := Explain(tr).Technical
			for _, w := range tc.has {
				if w = strings.ReplaceAll(w, "{hello}", fmt.Sprintf("%.1f", float64(hello)/1000)); !strings.Contains(technical, w) {
					t.Errorf("missing %q in:\n%s", w, technical)
				}
			}
			for _, w := range tc.lacks {
				if strings.Contains(technical, w) {
					t.Errorf("has %q in:\n%s", w, technical)
				}
			}
			if tc.preset == "verify-true" && tc.edit == nil && hello < 1200 {
				t.Errorf("the default ClientHello is %d bytes: no hybrid key share in it?", hello)
			}
			if tr.Outcome.Reason == handshake.OK && tr.Negotiated.HelloRetry != strings.Contains(technical, "HelloRetryRequest") {
				t.Errorf("hello retry %v, words: %s", tr.Negotiated.HelloRetry, technical)
			}
		})
	}
}

// TestPQOnlyBankLens: a bank that takes only X25519MLKEM768, met by Go's
// default courier, which gets in, and by the clients on an OpenSSL without
// ML-KEM, which it refuses with a handshake failure alert (clients'
// pq-only-bank-go-courier): their lenses say so in their words, not Go's
// "Both sides are satisfied"; Go's says Go's.
func TestPQOnlyBankLens(t *testing.T) {
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	s.Server.Groups = []scenario.Group{scenario.X25519MLKEM768}
	r := NewReport(run(t, s))
	if !r.Trace.Outcome.OK {
		t.Fatalf("Go's courier: %s", r.Trace.Outcome.Reason)
	}
	for _, client := range []string{Requests, Curl, OpenSSL, Node} {
		v, err := Lens(r, client)
		if err != nil {
			t.Fatal(err)
		}
		if v.OK || v.Reason != handshake.NoSharedGroup.String() || !strings.Contains(v.Headline, "only post-quantum") || !strings.Contains(v.Technical, "ML-KEM") ||
			v.Fix.Side != "server" || !strings.Contains(v.Fix.Summary, "classical group") || !strings.Contains(v.Disagree, "connects") {
			t.Errorf("%s's lens: ok=%v %s %q %q; fix (%s) %q; %q", client, v.OK, v.Reason, v.Headline, v.Technical, v.Fix.Side, v.Fix.Summary, v.Disagree)
		}
	}
	if v, _ := Lens(r, GoNetHTTP); !v.OK || v.Headline != r.Explanation.Headline {
		t.Errorf("Go's lens: %v %q", v.OK, v.Headline)
	}
}
