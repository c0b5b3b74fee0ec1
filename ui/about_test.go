package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/pki"
)

// A SHA-1 chain under a root nobody trusts: Go refuses the SHA-1 signature,
// requests cannot build the chain and refuses its issuer first. The
// Certificate message's words say what the verdict the person sees is about:
// requests' unknown issuer under requests' lens, Go's signature under Go's.
func TestStepWordsFollowTheLens(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	set, err := pki.Build([]pki.Spec{
		{Name: "root", CommonName: "Review Root", NotBefore: -100, NotAfter: 1000, Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}},
		{Name: "inter", Issuer: "root", CommonName: "Review Intermediate", NotBefore: -100, NotAfter: 900, Key: pki.RSA2048, IsCA: true, KeyUsage: []string{pki.KUCertSign}},
		{Name: "leaf", Issuer: "inter", CommonName: "localhost", DNSNames: []string{"localhost"}, NotBefore: -10, NotAfter: 80, Key: pki.ECDSAP256,
			ExtKeyUsage: []string{pki.EKUServerAuth}, Hash: pki.SHA1},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	ins, err := handshake.Inspect(handshake.ChainInput{Chain: pki.CertPEM(set.Get("leaf").Cert, set.Get("inter").Cert), Name: "localhost", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	rep := explain.NewReport(ins.Trace)
	tr := rep.Trace
	cert := -1
	for i := range tr.Steps {
		if tr.Steps[i].IsMessage(wire.TypeCertificate) {
			cert = i
		}
	}
	if cert < 0 {
		t.Fatal("no Certificate message")
	}
	for _, tt := range []struct{ client, reason, about, not string }{
		{explain.Requests, "unknown_authority", "Does the chain end at a trusted root? No", "sign localhost"},
		{explain.GoNetHTTP, "weak_signature", "sign localhost? No", "Does the chain end at a trusted root?"},
	} {
		v := VerdictFor(rep, tt.client)
		if v.Lens.Reason != tt.reason {
			t.Fatalf("%s's verdict is %s, want %s", tt.client, v.Lens.Reason, tt.reason)
		}
		words := StepWordsAbout(tr, cert, v.AboutStep)
		_, about, _ := strings.Cut(words, "This is what the verdict is about: ")
		if !strings.Contains(about, tt.about) || strings.Contains(about, tt.not) {
			t.Errorf("under %s's lens (%s) the Certificate message says: %s", tt.client, tt.reason, words)
		}
		if check := StepWordsAbout(tr, v.AboutStep, v.AboutStep); !strings.Contains(check, "This is the check the verdict names") {
			t.Errorf("under %s's lens its check says: %s", tt.client, check)
		}
		// The diagram's run of checks says and marks the same.
		run := -1
		for _, b := range TimelineAbout(tr, v.AboutStep) {
			if b.Kind == CheckRun {
				run++
				_, decides, _ := strings.Cut(b.Words, "it decides the story: ")
				if !b.Verdict || b.VerdictCheck != v.AboutStep || Focus(tr, b) != v.AboutStep || !strings.Contains(decides, strings.TrimSuffix(tt.about, " No")) {
					t.Errorf("under %s's lens the checks' beat is %+v", tt.client, b)
				}
			}
		}
		if run != 0 {
			t.Errorf("%d runs of checks", run+1)
		}
		goCheck := StepWordsAbout(tr, tr.Outcome.Check, v.AboutStep)
		if other := v.AboutStep != tr.Outcome.Check; other != strings.Contains(goCheck, "Go's verdict names this check") {
			t.Errorf("under %s's lens Go's check says: %s", tt.client, goCheck)
		}
	}
}
