package ui

import (
	"context"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// "Give the courier a badge" sets all a badge takes in one action: the
// handshake that follows is mutual TLS the bank verified, and the action is
// then done.
func TestGiveBadge(t *testing.T) {
	for _, tt := range []struct {
		preset   string
		disabled bool // the courier has a badge already
		policy   scenario.ClientAuth
	}{
		{"verify-true", false, scenario.AuthRequireAndVerify},
		{"custom-ca-bundle", false, scenario.AuthRequireAndVerify},
		{"mtls-no-cert", false, scenario.AuthRequireAndVerify},
		{"badge-optional", false, scenario.AuthVerifyIfGiven},
		{"mtls-ok", true, scenario.AuthRequireAndVerify},
	} {
		e := NewEditor(scenario.Lookup(tt.preset).At(scenario.PresetClock))
		if got := badgeOf(e).Disabled; got != tt.disabled {
			t.Errorf("%s: the badge action disabled = %v", tt.preset, got)
		}
		certs := len(e.S.Certs)
		must(t, e.Apply(Edit{Op: GiveBadge, Path: "client"}))
		if !e.Valid() {
			t.Fatalf("%s: after the badge: %v %v", tt.preset, e.problems, e.general)
		}
		if !badgeOf(e).Disabled {
			t.Errorf("%s: the badge action is not done after it ran", tt.preset)
		}
		if s := e.S; !s.Client.Cert.HasBadge() || s.Server.ClientAuth != tt.policy {
			t.Errorf("%s: cert=%s, policy %s", tt.preset, s.Client.Cert, s.Server.ClientAuth)
		}
		if tt.disabled && len(e.S.Certs) != certs {
			t.Errorf("%s: a courier with a badge got %d more certificates", tt.preset, len(e.S.Certs)-certs)
		}
		tr, err := handshake.Run(context.Background(), e.S)
		must(t, err)
		verified := false
		for _, st := range tr.Steps {
			if st.Kind == handshake.KindCheck && st.Side == handshake.Server && st.Checks == handshake.CheckAnchor {
				verified = !st.Advisory && st.OK != nil && *st.OK
			}
		}
		if !verified {
			t.Errorf("%s: the bank did not verify a good badge (outcome %s)", tt.preset, tr.Outcome.Reason)
		}
		if tr.Outcome.Reason != handshake.OK {
			t.Errorf("%s: outcome %s", tt.preset, tr.Outcome.Reason)
		}
	}
}

func badgeOf(e *Editor) Action {
	for _, g := range e.Form() {
		for _, a := range g.Actions {
			if a.Op == GiveBadge {
				return a
			}
		}
	}
	return Action{Label: "none"}
}

// The knobs few stories need fold under "Advanced", unfolded where the story
// uses one.
func TestAdvancedFolds(t *testing.T) {
	for _, tt := range []struct {
		preset, group string
		open          bool
	}{
		{"verify-true", "client", false},
		{"verify-true", "server", false},
		{"3des-only-bank", "server", true},
		{"name-constraints", "certs[1]", true},
	} {
		e := NewEditor(scenario.Lookup(tt.preset).At(scenario.PresetClock))
		found := false
		for _, g := range e.Form() {
			if g.ID != tt.group {
				continue
			}
			found = true
			n := 0
			for _, in := range g.Inputs {
				if in.Advanced {
					n++
				}
			}
			if n == 0 || n == len(g.Inputs) {
				t.Errorf("%s %s: %d of %d inputs advanced", tt.preset, tt.group, n, len(g.Inputs))
			}
			if g.AdvancedOpen != tt.open {
				t.Errorf("%s %s: advanced open = %v", tt.preset, tt.group, g.AdvancedOpen)
			}
		}
		if !found {
			t.Errorf("%s: no group %s", tt.preset, tt.group)
		}
	}
}
