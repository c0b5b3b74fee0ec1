package explain

import (
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// imposterEdits turn the verify=False story into ones whose courier verifies,
// and so refuses the imposter.
var imposterEdits = map[string]func(*scenario.Scenario){
	"verify=True": func(s *scenario.Scenario) { s.Client.Verify = scenario.VerifyTrue },
	"verify= the bank's root": func(s *scenario.Scenario) {
		s.Client.Verify, s.Client.Bundle = scenario.VerifyBundle, []string{scenario.Root}
	},
	"verify=True, TLS 1.2": func(s *scenario.Scenario) {
		s.Client.Verify, s.Server.MaxVersion = scenario.VerifyTrue, scenario.TLS12
	},
}

// An imposter the courier refuses is explained as an imposter, whatever check
// it failed: the fix never trusts its certificate, and the cure is the real bank
// answering again.
func TestImposterRefused(t *testing.T) {
	for name, edit := range imposterEdits {
		t.Run(name, func(t *testing.T) {
			s := scenario.Lookup("verify-false-mitm").At(scenario.PresetClock)
			edit(s)
			tr := run(t, s)
			if tr.Outcome.OK {
				t.Fatal("the courier accepted the imposter")
			}
			e, _ := checkRendered(t, tr)
			if e.Headline != imposterWords.headline || !strings.Contains(e.Technical, "imposter") || !strings.Contains(e.Analogy, "verification doing its job") {
				t.Errorf("not explained as an imposter: %q / %q", e.Headline, e.Technical)
			}
			if !strings.HasPrefix(e.Fix.Summary, "Nothing to fix on the courier's side") {
				t.Errorf("fix: %q", e.Fix.Summary)
			}
			if e.Fix.Right != e.Fix.Wrong {
				t.Errorf("the courier's call changes: %q, was %q", e.Fix.Right, e.Fix.Wrong)
			}
			fixed, side, ok := Fixed(tr)
			if !ok || side != "server" {
				t.Fatalf("Fixed: ok=%v side %q", ok, side)
			}
			if fixed.Imposter != nil || slices.Contains(fixed.Client.Bundle, s.Imposter.Send[0]) || fixed.Client.Verify != s.Client.Verify {
				t.Errorf("the cure trusts or keeps the imposter: %+v, imposter %v", fixed.Client, fixed.Imposter)
			}
			if after := run(t, fixed); !after.Outcome.OK || after.Outcome.Reason != handshake.OK {
				t.Errorf("with the real bank answering: %s (%s)", after.Outcome.Reason, after.Outcome.Detail)
			}
		})
	}
}

// The company's own inspecting proxy and an attacker fail alike; the words tell
// them apart by who signed what answered, and trust the first by its root only.
func TestProxyOrAttacker(t *testing.T) {
	tests := []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		tellApart    []string
		fix          []string
	}{
		{"the company's proxy", "corporate-proxy", nil,
			[]string{"installed by your IT", "-showcerts", "Example Corp TLS Inspection CA", "verify='company-ca.pem'", "never verify=False", "imposter"},
			[]string{"verify=\"ca.pem\"", "REQUESTS_CA_BUNDLE"}},
		{"an imposter", "verify-false-mitm", func(s *scenario.Scenario) { s.Client.Verify = scenario.VerifyTrue },
			[]string{"-showcerts", "installed by your IT", "never with verify=False", "do not make the courier trust it"},
			[]string{"Nothing to fix on the courier's side", "company's TLS-inspecting proxy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := scenario.Lookup(tt.preset).At(scenario.PresetClock)
			if tt.edit != nil {
				tt.edit(s)
			}
			tr := run(t, s)
			e, _ := checkRendered(t, tr)
			for _, w := range tt.tellApart {
				if !strings.Contains(e.TellApart, w) {
					t.Errorf("tell-apart lacks %q: %s", w, e.TellApart)
				}
			}
			for _, w := range tt.fix {
				if !strings.Contains(e.Fix.Summary, w) {
					t.Errorf("fix lacks %q: %s", w, e.Fix.Summary)
				}
			}
			if strings.Contains(e.TellApart, "(a proxy, ") {
				t.Errorf("a proxy is called untrustworthy without telling the company's own apart: %s", e.TellApart)
			}
		})
	}
}
