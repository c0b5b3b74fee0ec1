package handshake

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// goRefusedAtVerification reads Go's verdict off one side's error: did that end
// fail because of a certificate it was checking (or, for the courier, loading)?
// The phrases are crypto/tls's own (Go 1.26): a *tls.CertificateVerificationError
// prints "tls: failed to verify certificate: ..."; the engine's VerifyConnection
// (an SNI other than the name dialled) returns x509's error as is; a missing
// required badge is "tls: client didn't provide a certificate". A courier whose
// badge does not load (tls.X509KeyPair's error) never puts a byte on the wire.
func goRefusedAtVerification(side Side, tr *Trace) bool {
	o := tr.Outcome
	if side == Client {
		return strings.HasPrefix(o.ClientError, "tls: failed to verify certificate") ||
			strings.HasPrefix(o.ClientError, "x509: ") ||
			o.ClientError != "" && len(tr.Segments) == 0
	}
	return strings.HasPrefix(o.ServerError, "tls: failed to verify certificate") ||
		o.ServerError == "tls: client didn't provide a certificate"
}

// TestChecksAgreeWithGo holds the itemised checks to Go's verdict: a side's
// enforced checks fail exactly when Go refused at verification, and the check the
// outcome points at carries the outcome's reason.
func TestChecksAgreeWithGo(t *testing.T) {
	forEachCase(t, func(t *testing.T, c tcase, tr *Trace) {
		o := tr.Outcome
		failed := map[Side][]string{}
		advisoryFailed := 0
		for _, st := range tr.Steps {
			if st.Kind != KindCheck {
				continue
			}
			if st.OK == nil {
				t.Errorf("check %q has no verdict", st.Name)
				continue
			}
			// An advisory check may fail without a reason of its own: Go accepts an
			// RSA-1024 key, only other clients refuse it.
			if *st.OK && st.Reason != nil || !*st.OK && !st.Advisory && st.Reason == nil {
				t.Errorf("check %q: ok=%v but reason %v", st.Name, *st.OK, st.Reason)
			}
			if st.Side == Client && c.s.Client.Verify == scenario.VerifyFalse && !st.Advisory {
				t.Errorf("verify=False, yet the courier's check %q is enforced", st.Name)
			}
			switch {
			case *st.OK:
			case st.Advisory:
				advisoryFailed++
			default:
				failed[st.Side] = append(failed[st.Side], st.Name)
			}
		}
		for _, side := range []Side{Client, Server} {
			if goSays, checksSay := goRefusedAtVerification(side, tr), len(failed[side]) > 0; goSays != checksSay {
				t.Errorf("%s: Go refused at verification: %v, failed checks: %q\nclient: %s\nserver: %s",
					side, goSays, failed[side], o.ClientError, o.ServerError)
			}
		}
		if o.OK && len(failed[Client])+len(failed[Server]) > 0 {
			t.Errorf("succeeded with failed checks %q", failed)
		}
		if c.name == "verify-false-mitm" && advisoryFailed == 0 {
			t.Errorf("the imposter's self-signed certificate passed every advisory check")
		}
		switch {
		case o.OK && o.Check != -1:
			t.Errorf("success points at check %d", o.Check)
		case !o.OK && o.Side != nil && goRefusedAtVerification(*o.Side, tr) && o.Check < 0:
			t.Errorf("%s refused at verification (%s) but the outcome points at no check", *o.Side, o.Reason)
		case !o.OK && o.Check >= 0:
			st := tr.Steps[o.Check]
			if st.Kind != KindCheck || st.Reason == nil || *st.Reason != o.Reason || st.Side != *o.Side {
				t.Errorf("outcome %s by %s points at step %d, %s %s %q with reason %v",
					o.Reason, *o.Side, o.Check, st.Side, st.Kind, st.Name, st.Reason)
			}
		}
	})
}

// verify=False checks nothing, yet the page lists what would fail: judged as
// verify=True would judge it. A sound chain then has nothing that would fail;
// an expired one, its expiry; the imposter, its missing trust.
func TestAdvisoryChecksJudgeAsVerifyTrue(t *testing.T) {
	wouldFail := func(s *scenario.Scenario) []string {
		t.Helper()
		tr := play(t, s)
		if tr.Outcome.Reason != InsecureSkipVerify {
			t.Fatalf("%s: outcome %s", s.ID, tr.Outcome.Reason)
		}
		var failed []string
		for _, st := range tr.Steps {
			if st.Kind == KindCheck && st.Side == Client && st.Advisory && st.OK != nil && !*st.OK {
				failed = append(failed, st.Name+": "+st.Detail)
			}
		}
		return failed
	}
	sound := scenario.Lookup("verify-true").At(scenario.PresetClock)
	sound.Client.Verify = scenario.VerifyFalse
	if f := wouldFail(sound); len(f) != 0 {
		t.Errorf("a chain verify=True accepts would fail: %q", f)
	}
	expired := scenario.Lookup("expired").At(scenario.PresetClock)
	expired.Client.Verify = scenario.VerifyFalse
	if f := wouldFail(expired); len(f) != 1 || !strings.Contains(f[0], "expired") {
		t.Errorf("an expired leaf under verify=False would fail %q", f)
	}
	if f := wouldFail(scenario.Lookup("verify-false-mitm").At(scenario.PresetClock)); len(f) == 0 || !strings.Contains(strings.Join(f, "\n"), "trust store of verify=True") {
		t.Errorf("the imposter would fail %q", f)
	}
}

// Every cert= mode that brings a badge says, in words, what the courier loads.
func TestBadgeFilesWords(t *testing.T) {
	for _, m := range scenario.CertModes {
		if m.HasBadge() && badgeFiles.Of(string(m)) == "" {
			t.Errorf("cert=%s: no words for what the courier loads", m)
		}
	}
}

// A certificate without Subject Alternative Names is "only in the Common
// Name" when its Common Name is the dialled name; when it is another name,
// even the clients that fall back to it refuse: a hostname mismatch.
func TestCNOnlyNeedsTheName(t *testing.T) {
	if tr := presetTrace(t, "cn-only"); tr.Outcome.Reason != CNOnly {
		t.Errorf("cn-only: %s", tr.Outcome.Reason)
	}
	s := scenario.Lookup("cn-only").At(scenario.PresetClock)
	s.Spec(scenario.Leaf).CommonName = "other.example"
	tr := play(t, s)
	if tr.Outcome.Reason != HostnameMismatch {
		t.Errorf("a Common Name that is another name: %s", tr.Outcome.Reason)
	}
	s = scenario.Lookup("cn-only").At(scenario.PresetClock)
	s.Spec(scenario.Leaf).CommonName = "*." + strings.SplitN(s.Client.Dial, ".", 2)[1]
	if tr := play(t, s); tr.Outcome.Reason != CNOnly {
		t.Errorf("a wildcard Common Name covering the dialled name: %s", tr.Outcome.Reason)
	}
}
