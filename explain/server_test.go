package explain

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// Every cure that is the bank's comes as configuration for nginx, Apache,
// Caddy and Go; every story whose cure it is says the person's code is fine.
func TestServerFixes(t *testing.T) {
	for i, rule := range fixes {
		r := handshake.Reason(i)
		if rule.side != "server" || noServerConfig[r] {
			continue
		}
		c := cureOf(r)
		if c == noServerCure {
			t.Errorf("%s: the bank's cure has no configuration", r)
			continue
		}
		sf := serverFixes[c]
		for name, conf := range map[string]string{"nginx": sf.Nginx, "Apache": sf.Apache, "Caddy": sf.Caddy, "Go": sf.Go} {
			if strings.TrimSpace(conf) == "" {
				t.Errorf("%s: no %s configuration", r, name)
			}
		}
	}
	for _, p := range scenario.Presets {
		tr, err := handshake.Run(t.Context(), p.At(scenario.PresetClock))
		if err != nil {
			t.Fatal(err)
		}
		fix := Explain(tr).Fix
		// A bank signing with another certificate's key fails vaguely, but
		// its cure is known: the certificate's own key.
		bank := fix.Side == "server" && !tr.Outcome.OK && (!noServerConfig[tr.Outcome.Reason] || newFacts(tr).wrongKey()) && tr.Scenario.Imposter == nil
		if !tr.Outcome.OK && bank != (fix.Server != nil) || bank && !strings.HasPrefix(fix.Summary, "Your code is fine") {
			t.Errorf("%s: cure on the %s side, server configuration %v, summary %q", p.ID, fix.Side, fix.Server != nil, fix.Summary)
		}
	}
	if v := Explain(mustRun(t, "missing-intermediate")).Fix.Server; v == nil || !strings.Contains(v.Nginx, "fullchain") || !strings.Contains(v.Go, "intermediate.Raw") || !strings.Contains(v.Apache, "2.4.8") {
		t.Errorf("missing-intermediate: %+v", v)
	}
}

func mustRun(t *testing.T, id string) *handshake.Trace {
	t.Helper()
	tr, err := handshake.Run(t.Context(), scenario.Lookup(id).At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// noServerConfig are the bank-side reasons no configuration cures: nothing to
// fix, or a failure too vague to name one.
var noServerConfig = map[handshake.Reason]bool{handshake.OK: true, handshake.HandshakeFailure: true, handshake.Timeout: true}
