package handshake

import (
	"context"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

// TestRevocationOutcomes plays the revoked stories as they are and with the
// courier told to check revocation: Go's handshake alone lets a revoked
// certificate through; CheckRevocation, against the CRLs and the staple,
// refuses it; the revocation checks say which certificate and how it is known.
func TestRevocationOutcomes(t *testing.T) {
	check := func(s *scenario.Scenario) { s.Client.CheckRevocation = true }
	tests := []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		reason       Reason
		revoked      string // the certificate whose check fails, "" for none
		enforced     bool   // its check is enforced
		by           string // how the refusal knew: "(CRL)" or "(OCSP)"
		staple       bool   // the bank's OCSP response is on the wire
	}{
		{"leaf", "revoked-leaf", nil, RevokedUnchecked, "bank.example", false, "", true},
		{"intermediate", "revoked-intermediate", nil, RevokedUnchecked, "Playground Issuing CA 1", false, "", true},
		{"leaf, checked", "revoked-leaf", check, Revoked, "bank.example", true, "(CRL)", true},
		{"intermediate, checked", "revoked-intermediate", check, Revoked, "Playground Issuing CA 1", true, "(CRL)", true},
		{"leaf, checked, TLS 1.2", "revoked-leaf", func(s *scenario.Scenario) {
			check(s)
			s.Server.MaxVersion = scenario.TLS12
		}, Revoked, "bank.example", true, "(CRL)", true},
		{"leaf, checked, no staple", "revoked-leaf", func(s *scenario.Scenario) {
			check(s)
			s.Server.StapleOCSP = false
		}, Revoked, "bank.example", true, "(CRL)", false},
		// No CRL for the leaf: the staple alone tells.
		{"leaf, checked, OCSP only", "revoked-leaf", func(s *scenario.Scenario) {
			check(s)
			s.Spec(scenario.Leaf).CRLURL = ""
		}, Revoked, "bank.example", true, "(OCSP)", true},
		// Another SNI than the name dialled: the name is checked apart, the
		// revocation of the whole chain still is.
		{"intermediate, checked, another SNI", "revoked-intermediate", func(s *scenario.Scenario) {
			check(s)
			s.Client.SNI = "www.bank.example"
		}, Revoked, "Playground Issuing CA 1", true, "(CRL)", true},
		{"nothing published, checked", "verify-true", check, OK, "", false, "", false},
		{"leaf, verify=False", "revoked-leaf", func(s *scenario.Scenario) {
			check(s)
			s.Client.Verify = scenario.VerifyFalse
		}, InsecureSkipVerify, "bank.example", false, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := scenario.Lookup(tt.preset).At(scenario.PresetClock)
			if tt.edit != nil {
				tt.edit(s)
			}
			tr, err := Run(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			o := tr.Outcome
			if o.Reason != tt.reason || o.OK != (tt.reason != Revoked) {
				t.Fatalf("ok=%v reason=%s, want %s\nclient: %s\n%s", o.OK, o.Reason, tt.reason, o.ClientError, stepList(tr))
			}
			if tt.reason == Revoked {
				if o.Side == nil || *o.Side != Client || o.Alert != "bad_certificate" || o.Check < 0 || *tr.Steps[o.Check].Reason != Revoked {
					t.Errorf("refused by %v with %q, check %d", o.Side, o.Alert, o.Check)
				}
				if !strings.HasSuffix(o.ClientError, tt.by) || !strings.Contains(o.ClientError, tt.revoked) {
					t.Errorf("Go's error %q does not name %s %s", o.ClientError, tt.revoked, tt.by)
				}
			}
			failed := 0
			for _, st := range tr.Steps {
				if st.Kind != KindCheck || !strings.HasSuffix(st.Name, " is not revoked") {
					continue
				}
				if st.Advisory == tt.enforced || st.Advisory != (st.Spec != "") {
					t.Errorf("%s: advisory %v, spec %q; enforced should be %v", st.Name, st.Advisory, st.Spec, tt.enforced)
				}
				if !*st.OK {
					failed++
					if st.Name != tt.revoked+" is not revoked" || *st.Reason != Revoked {
						t.Errorf("failed check %q (%s)", st.Name, st.Detail)
					}
				}
			}
			if want := map[bool]int{true: 1}[tt.revoked != ""]; failed != want {
				t.Errorf("%d revocation checks failed, want %d:\n%s", failed, want, stepList(tr))
			}
			stapled := false
			for _, st := range tr.Steps {
				stapled = stapled || st.IsMessage(wire.TypeCertificateStatus) || st.IsMessage(wire.TypeCertificate) && strings.Contains(fieldNames(st.Fields), "OCSP response")
			}
			if stapled != tt.staple {
				t.Errorf("OCSP response on the wire: %v, want %v", stapled, tt.staple)
			}
		})
	}
}

// fieldNames lists every field's name, nested ones too.
func fieldNames(fs []Field) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Name + "\n" + fieldNames(f.Sub))
	}
	return b.String()
}
