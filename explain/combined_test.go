package explain

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// twoFailures are stories in which two checks fail, and the name of the one Go
// does not report.
var twoFailures = []struct {
	name, preset string
	edit         func(*scenario.Scenario)
	other        string // the other failed check, by name
	side         string // who has to change something
}{
	{"expired and a wrong name", "expired", func(s *scenario.Scenario) { s.Client.Dial = "wrong.example" }, "certificate is for wrong.example", "both"},
	{"not yet valid and no intermediate", "missing-intermediate", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).NotBefore = 5 }, "chain ends at a trusted root", "server"},
	{"untrusted root and the wrong EKU", "untrusted-root", func(s *scenario.Scenario) {
		s.Spec(scenario.Leaf).ExtKeyUsage = []string{pki.EKUClientAuth}
	}, "bank.example may be used for serverAuth", "both"},
	{"verify=False over an expired certificate for another name", "expired", func(s *scenario.Scenario) {
		s.Client.Dial, s.Client.Verify = "wrong.example", scenario.VerifyFalse
	}, "certificate is for wrong.example", "both"},
}

// Two checks fail at once: the explanation and the fix name the one Go does not
// report, and the cure applies every failed check's fix, so the call that works
// does work. Go reports the first failure; the second must not survive the fix.
func TestCombinedFixesWork(t *testing.T) {
	for _, c := range twoFailures {
		t.Run(c.name, func(t *testing.T) {
			s := scenario.Lookup(c.preset).At(scenario.PresetClock)
			c.edit(s)
			tr := run(t, s)
			e, _ := checkRendered(t, tr)
			if !strings.Contains(e.Technical, c.other) || !strings.Contains(e.Fix.Summary, c.other) {
				t.Errorf("the other failed check, %q, is not named:\n  technical: %s\n  fix: %s", c.other, e.Technical, e.Fix.Summary)
			}
			fixed, side, ok := Fixed(tr)
			if !ok {
				t.Fatal("no cure")
			}
			// Who must change is every failed check's side, not only the
			// reported one's: an expired certificate dialled by a name it
			// does not list is the bank's to renew and the courier's to dial
			// right, and "your code is fine" would be wrong.
			if e.Fix.Side != c.side || side != c.side {
				t.Errorf("fix side %q, cure's side %q, want %q", e.Fix.Side, side, c.side)
			}
			if fine := strings.Contains(e.Fix.Summary, "Your code is fine"); fine != (c.side == "server") {
				t.Errorf("the fix says your code is fine (%v) when the side is %s: %s", fine, c.side, e.Fix.Summary)
			}
			if e.Fix.Right != RequestsProgram(fixed, "") {
				t.Errorf("the call that works, %q, is not the cured scenario's, %q", e.Fix.Right, RequestsProgram(fixed, ""))
			}
			if after := run(t, fixed); !after.Outcome.OK || after.Outcome.Reason != handshake.OK {
				t.Errorf("after the fix: %s (%s)", after.Outcome.Reason, after.Outcome.Detail)
			}
		})
	}
}

// A second failure without a cure the scenario can express is said, and no
// call is shown as working: the story has no cure to run.
func TestCombinedWithoutCure(t *testing.T) {
	s := scenario.Lookup("expired").At(scenario.PresetClock)
	s.Client.Dial = "wrong.example"
	tr := run(t, s)
	for i, st := range tr.Steps {
		if st.Kind == handshake.KindCheck && st.Reason != nil && *st.Reason == handshake.HostnameMismatch {
			r := handshake.BadSignature // as if a signature had failed instead
			tr.Steps[i].Reason = &r
		}
	}
	e, _ := checkRendered(t, tr)
	if !strings.Contains(e.Fix.Summary, "the call below still fails") || e.Fix.Right != e.Fix.Wrong {
		t.Errorf("the fix shows a working call: %q, right %q", e.Fix.Summary, e.Fix.Right)
	}
	if _, _, ok := Fixed(tr); ok {
		t.Errorf("a cure that leaves a failure")
	}
}

// A bank that signs with another certificate's key (the root's, an
// intermediate's) fails as crypto/tls makes it fail: the courier checks the
// bank's signature against the public key of the certificate it was sent,
// and it does not verify, whatever the courier trusts. The words say so, not
// "the handshake failed", and the cure is the certificate's own key.
func TestWrongKey(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(*scenario.Scenario)
		holder string
	}{
		{"the root's key", func(s *scenario.Scenario) { s.Server.Key = scenario.Root }, "Playground Public Root CA"},
		{"the intermediate's key", func(s *scenario.Scenario) { s.Server.Key = scenario.Intermediate }, "Playground Issuing CA 1"},
		{"an RSA root's key, TLS 1.3", func(s *scenario.Scenario) {
			s.Server.Key = scenario.Root
			s.Spec(scenario.Root).Key = pki.RSA2048
		}, "Playground Public Root CA"},
		{"the root's key, TLS 1.2", func(s *scenario.Scenario) {
			s.Server.Key, s.Server.MaxVersion = scenario.Root, scenario.TLS12
		}, "Playground Public Root CA"},
		{"the root's key, verify=False", func(s *scenario.Scenario) {
			s.Server.Key, s.Client.Verify = scenario.Root, scenario.VerifyFalse
		}, "Playground Public Root CA"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup("verify-true").At(scenario.PresetClock)
			tc.edit(s)
			tr := run(t, s)
			if tr.Outcome.Reason != handshake.HandshakeFailure || !strings.Contains(tr.Outcome.ClientError, "signature") {
				t.Fatalf("outcome %s, client error %q: crypto/tls no longer fails this way", tr.Outcome.Reason, tr.Outcome.ClientError)
			}
			e, _ := checkRendered(t, tr)
			for _, want := range []string{"The bank signs with a key that is not its certificate's", tc.holder, tr.Outcome.ClientError, "verify=False does not skip"} {
				if !strings.Contains(e.Headline+"\n"+e.Technical, want) {
					t.Errorf("no %q in\n%s\n%s", want, e.Headline, e.Technical)
				}
			}
			if !strings.Contains(e.Fix.Summary, "private key that belongs to bank.example") || e.Fix.Side != "server" ||
				e.Fix.Server == nil || !strings.Contains(e.Fix.Server.Go, "LoadX509KeyPair") {
				t.Errorf("fix (%s) %q, server %+v", e.Fix.Side, e.Fix.Summary, e.Fix.Server)
			}
			fixed, side, ok := Fixed(tr)
			if !ok || side != "server" {
				t.Fatalf("cure %v, side %q", ok, side)
			}
			if after := run(t, fixed); !after.Outcome.OK {
				t.Errorf("after the fix: %s (%s)", after.Outcome.Reason, after.Outcome.Detail)
			}
		})
	}
	// The root sent as the bank's own certificate, with its own key, is no
	// key problem: the name check refuses it.
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	s.Server.Send, s.Server.Key = []string{scenario.Root}, scenario.Root
	if tr := run(t, s); tr.Outcome.Reason != handshake.HostnameMismatch || strings.Contains(Explain(tr).Headline, "key") {
		t.Errorf("the root as the bank's certificate: %s, %q", tr.Outcome.Reason, Explain(tr).Headline)
	}
}

// A bank signing with another certificate's key whose own key is RSA-1024:
// the OpenSSL clients refuse the weak key with the chain, before the
// signature, and their lens says so; Node, which takes the key, reports the
// signature (clients' server-wrong-key-rsa1024 proves the words).
func TestWrongKeyWeakKey(t *testing.T) {
	s := scenario.Lookup("server-wrong-key").At(scenario.PresetClock)
	s.Spec(scenario.Leaf).Key = pki.RSA1024
	s.Spec(scenario.OtherSiteLeaf).Key = pki.RSA1024
	r := NewReport(run(t, s))
	for client, want := range map[string]string{Requests: "weak_key", Curl: "weak_key", OpenSSL: "weak_key", Node: "handshake_failure", GoNetHTTP: "handshake_failure"} {
		v, err := Lens(r, client)
		if err != nil {
			t.Fatal(err)
		}
		if v.OK || v.Reason != want {
			t.Errorf("%s: ok=%v %s %q, want %s", client, v.OK, v.Reason, v.Headline, want)
		}
		// The weak key's cure alone leaves the signature by the wrong
		// key: the fix says so.
		if want == "weak_key" && (!strings.Contains(v.Fix.Summary, "RSA-2048") || !strings.Contains(v.Fix.Summary, "'s private key, not the one that belongs to bank.example") ||
			!strings.Contains(v.Fix.Summary, "refuses it")) {
			t.Errorf("%s: the fix names one fault of two: %q", client, v.Fix.Summary)
		}
	}
	// Without the wrong key, the weak key's cure is the whole cure.
	s = scenario.Lookup("weak-key-rsa1024").At(scenario.PresetClock)
	if v, _ := Lens(NewReport(run(t, s)), Curl); v.Reason != "weak_key" || strings.Contains(v.Fix.Summary, "private key") {
		t.Errorf("the weak key alone: %s, fix %q", v.Reason, v.Fix.Summary)
	}
}
