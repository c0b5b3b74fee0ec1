package explain

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// The words of a badge out of date follow which certificate's dates failed:
// the badge itself, or a CA above it, which the bank holds among the issuers
// it trusts (the courier sends its badge alone) and must renew itself.
func TestBadgeDatesWords(t *testing.T) {
	heldIntermediate := func(s *scenario.Scenario) *scenario.Scenario {
		in := *s.Spec(scenario.ClientCA)
		in.Name, in.CommonName, in.Issuer = "badge-office", "Badge Office 2", scenario.ClientCA
		s.Certs = append(s.Certs, in)
		s.Spec(scenario.BadgeName).Issuer = in.Name
		s.Server.ClientCAs = append(s.Server.ClientCAs, in.Name)
		return s
	}
	for _, tc := range []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		reason       handshake.Reason
		bad          string // the certificate the words name
		words        []string
		side         string
	}{
		{"the badge expired", "mtls-expired-client", func(s *scenario.Scenario) {}, handshake.ClientCertExpired,
			"courier-42", []string{"The courier's badge has expired", "The badge is genuine", "Renew the badge: courier-42"}, "client"},
		{"the bank's badge CA expired", "mtls-ok", func(s *scenario.Scenario) { s.Spec(scenario.ClientCA).NotAfter = -1 }, handshake.ClientCertExpired,
			"Bank Courier CA", []string{"A CA the bank trusts to issue badges has expired", "badge is in date", "Your badge is in date: Bank Courier CA"}, "server"},
		{"the bank's badge CA not valid yet", "mtls-ok", func(s *scenario.Scenario) { s.Spec(scenario.ClientCA).NotBefore = 3 }, handshake.ClientCertNotYetValid,
			"Bank Courier CA", []string{"A CA the bank trusts to issue badges is not valid yet", "badge is in date", "Your badge is in date, but Bank Courier CA"}, "server"},
		{"an intermediate the bank trusts expired", "mtls-ok", func(s *scenario.Scenario) { heldIntermediate(s).Spec("badge-office").NotAfter = -1 }, handshake.ClientCertExpired,
			"Badge Office 2", []string{"A CA the bank trusts to issue badges has expired", "badge is in date", "Your badge is in date: Badge Office 2"}, "server"},
		{"the badge expired, and verify=False let an expired bank pass", "mtls-expired-client", func(s *scenario.Scenario) {
			s.Client.Verify = scenario.VerifyFalse
			s.Spec(scenario.Leaf).NotAfter = -1
		}, handshake.ClientCertExpired, "courier-42", []string{"The courier's badge has expired", "Renew the badge: courier-42"}, "client"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup(tc.preset).At(scenario.PresetClock)
			tc.edit(s)
			tr := run(t, s)
			if tr.Outcome.Reason != tc.reason {
				t.Fatalf("outcome %s (%s), want %s", tr.Outcome.Reason, tr.Outcome.Detail, tc.reason)
			}
			e, _ := checkRendered(t, tr)
			all := strings.Join([]string{e.Headline, e.Analogy, e.Technical, e.Fix.Summary}, "\n")
			for _, w := range append(tc.words, tc.bad) {
				if !strings.Contains(all, w) {
					t.Errorf("no %q in\n%s", w, all)
				}
			}
			if tc.bad != "courier-42" && strings.Contains(all, "Renew the badge") {
				t.Errorf("the badge is in date, and the words renew it:\n%s", all)
			}
			fixed, side, ok := Fixed(tr)
			if !ok || e.Fix.Side != tc.side || side != tc.side {
				t.Fatalf("fix side %q, cure %q (%v), want %q", e.Fix.Side, side, ok, tc.side)
			}
			if s.Client.Verify == scenario.VerifyFalse {
				return // the cure turns verification on: the bank's certificate still fails
			}
			if after := run(t, fixed); !after.Outcome.OK {
				t.Errorf("after the fix: %s (%s)", after.Outcome.Reason, after.Outcome.Detail)
			}
		})
	}
}

// Node loads a certificate without its key and connects without a badge: it
// meets what a courier with no badge meets, by the bank's policy and version
// (clients' mtls-no-cert, mtls-no-cert-tls12, badge-optional and the
// mtls-cert-without-key variants prove each), where the others fail to load.
func TestNodeCertWithoutKey(t *testing.T) {
	for _, tc := range []struct {
		name      string
		edit      func(*scenario.Scenario)
		ok        bool
		class, in string
	}{
		{"required, TLS 1.3", func(*scenario.Scenario) {}, false, "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", "tlsv13 alert certificate required"},
		{"required, bank at TLS 1.2", func(s *scenario.Scenario) { s.Server.MaxVersion = scenario.TLS12 }, false, "EPROTO", "write EPROTO {thread}:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure"},
		{"required, courier at TLS 1.2", func(s *scenario.Scenario) { s.Client.MaxVersion = scenario.TLS12 }, false, "EPROTO", "sslv3 alert handshake failure"},
		{"any required, TLS 1.3", func(s *scenario.Scenario) { s.Server.ClientAuth = scenario.AuthRequireAny }, false, "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", "tlsv13 alert certificate required"},
		{"verified if given", func(s *scenario.Scenario) { s.Server.ClientAuth = scenario.AuthVerifyIfGiven }, true, "", "200 OK"},
		{"verified if given, TLS 1.2", func(s *scenario.Scenario) {
			s.Server.ClientAuth = scenario.AuthVerifyIfGiven
			s.Server.MaxVersion = scenario.TLS12
		}, true, "", "200 OK"},
		{"requested", func(s *scenario.Scenario) { s.Server.ClientAuth = scenario.AuthRequest }, true, "", "200 OK"},
	} {
		s := scenario.Lookup("mtls-cert-without-key").At(scenario.PresetClock)
		tc.edit(s)
		tr := run(t, s)
		if tr.Outcome.Reason != handshake.ClientKeyMissing {
			t.Fatalf("%s: %s", tc.name, tr.Outcome.Reason)
		}
		v := Clients(tr)[Node]
		if v.OK != tc.ok || v.Class != tc.class || !strings.Contains(v.Message, tc.in) {
			t.Errorf("%s: ok=%v %s %q, want ok=%v %s and %q", tc.name, v.OK, v.Class, v.Message, tc.ok, tc.class, tc.in)
		}
		if v.Note == "" {
			t.Errorf("%s: no note says why Node does otherwise than Go", tc.name)
		}
		// Served without its badge, Node still has its key to pass.
		lens, err := Lens(&Report{Trace: tr, Clients: Clients(tr)}, Node)
		if err != nil {
			t.Fatal(err)
		}
		if tc.ok && (!strings.Contains(lens.Headline, "without its badge") || strings.Contains(lens.Fix.Summary, "Nothing to fix") || lens.Fix.Side != "client") {
			t.Errorf("%s: the lens says %q, fix (%s) %q", tc.name, lens.Headline, lens.Fix.Side, lens.Fix.Summary)
		}
	}
}
