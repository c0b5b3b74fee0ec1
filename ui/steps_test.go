package ui

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

// stepVariants are scenarios beyond the presets whose steps only they show:
// TLS 1.2's messages, a HelloRetryRequest, a failed negotiation, ALPN.
var stepVariants = map[string]struct {
	preset string
	edit   func(*scenario.Scenario)
}{
	"verify-true@1.2":  {"verify-true", tls12},
	"mtls-ok@1.2":      {"mtls-ok", tls12},
	"mtls-no-cert@1.2": {"mtls-no-cert", tls12},
	"hello-retry": {"verify-true", func(s *scenario.Scenario) {
		s.Client.Groups = []scenario.Group{scenario.P256, scenario.X25519}
		s.Server.Groups = []scenario.Group{scenario.P256}
	}},
	"no-shared-group": {"verify-true", func(s *scenario.Scenario) {
		s.Client.Groups = []scenario.Group{scenario.X25519}
		s.Server.Groups = []scenario.Group{scenario.P256}
	}},
	"alpn-agreed": {"verify-true", func(s *scenario.Scenario) {
		s.Client.ALPN = []string{"h2", "http/1.1"}
		s.Server.ALPN = []string{"http/1.1"}
	}},
}

func tls12(s *scenario.Scenario) {
	s.Client.MaxVersion, s.Server.MaxVersion = scenario.TLS12, scenario.TLS12
}

// stepTraces are the presets' traces and the variants'.
var stepTraces = sync.OnceValues(func() (map[string]*handshake.Trace, error) {
	out := map[string]*handshake.Trace{}
	for id, v := range stepVariants {
		s := scenario.Lookup(v.preset).At(scenario.PresetClock)
		v.edit(s)
		tr, err := handshake.Run(context.Background(), s)
		if err != nil {
			return nil, err
		}
		out[id] = tr
	}
	return out, nil
})

func allStepTraces(t *testing.T) map[string]*handshake.Trace {
	t.Helper()
	trs, err := stepTraces()
	must(t, err)
	all := allTraces(t)
	for id, tr := range trs {
		all[id] = tr
	}
	return all
}

// machine are words no paragraph may hold: a reason id, a Go identifier, a
// placeholder.
var machine = regexp.MustCompile(`\b[a-z]+_[a-z_]+\b|Require\w*ClientCert|\w+Locked\b|\b[a-z0-9]+\.[A-Z][A-Za-z]+\b|\{[a-z_]+\}`)

// Every step and beat of every story has its own paragraph, in words.
func TestStepWordsEveryStep(t *testing.T) {
	for id, tr := range allStepTraces(t) {
		for i := range tr.Steps {
			w := StepWords(tr, i)
			if len(w) < 40 || !strings.HasSuffix(w, ".") && !strings.HasSuffix(w, "?") {
				t.Errorf("%s step %d (%s %s): %q", id, i, tr.Steps[i].Kind, tr.Steps[i].Name, w)
			}
			if m := machine.FindString(w); m != "" {
				t.Errorf("%s step %d: %q in %q", id, i, m, w)
			}
		}
		for k, b := range Timeline(tr) {
			if b.Words == "" || b.Words != BeatWords(tr, b) {
				t.Errorf("%s beat %d: words %q", id, k, b.Words)
			}
		}
	}
	if StepWords(allTraces(t)["verify-true"], -1) != "" {
		t.Error("words for no step")
	}
}

// find is the first step of tr that match says is the one.
func find(tr *handshake.Trace, match func(st *handshake.Step) bool) int {
	for i := range tr.Steps {
		if match(&tr.Steps[i]) {
			return i
		}
	}
	return -1
}

func message(typ wire.HandshakeType, side handshake.Side) func(*handshake.Step) bool {
	return func(st *handshake.Step) bool { return st.IsMessage(typ) && st.Side == side }
}

func alertNamed(name string) func(*handshake.Step) bool {
	return func(st *handshake.Step) bool { return st.Kind == handshake.KindAlert && st.Name == "alert: "+name }
}

// What each story's steps say that decides it, and what the messages of
// TLS 1.2, mutual TLS, a HelloRetryRequest and the hybrid key exchange carry.
var stepWordsTests = []struct {
	story string
	step  func(*handshake.Step) bool
	want  []string // each in the step's words
	not   []string // none in them
}{
	{"verify-true", message(wire.TypeClientHello, handshake.Client),
		[]string{"X25519MLKEM768", "post-quantum", "TLS 1.3", "bank.example"}, []string{"decided"}},
	{"verify-true", message(wire.TypeServerHello, handshake.Server),
		[]string{"TLS 1.3", "X25519MLKEM768", "everything after this message is encrypted"}, []string{"HelloRetryRequest"}},
	{"verify-true", message(wire.TypeCertificate, handshake.Server),
		[]string{"bank.example", "Playground Issuing CA 1", "checks it next"}, []string{"verdict is about"}},
	{"verify-true", func(st *handshake.Step) bool { return st.Kind == handshake.KindAppData && st.Side == handshake.Server },
		[]string{"The bank's answer", "200 OK"}, []string{"imposter"}},
	{"expired", message(wire.TypeCertificate, handshake.Server),
		[]string{"This is what the verdict is about", "valid now? No"}, nil},
	{"expired", alertNamed("bad_certificate"),
		[]string{"the courier tells the bank that it refuses", "fatal", "learns of the refusal"}, nil},
	{"hostname-mismatch", message(wire.TypeCertificate, handshake.Server),
		[]string{"Is the certificate for bankofamerica.com? No"}, nil},
	{"tls-version-mismatch", message(wire.TypeClientHello, handshake.Client),
		[]string{"decided", "none of the versions"}, nil},
	{"tls-version-mismatch", alertNamed("protocol_version"),
		[]string{"speaks none of the TLS versions"}, nil},
	{"no-shared-group", message(wire.TypeClientHello, handshake.Client),
		[]string{"none of the groups", "x25519"}, []string{"X25519MLKEM768"}},
	{"hello-retry", func(st *handshake.Step) bool { return st.HelloRetry },
		[]string{"HelloRetryRequest", "secp256r1", "one more round trip"}, nil},
	{"hello-retry", func(st *handshake.Step) bool {
		return st.IsMessage(wire.TypeClientHello) && st.Record > 0
	}, []string{"second hello", "secp256r1"}, nil},
	{"alpn-agreed", message(wire.TypeEncryptedExtensions, handshake.Server), []string{"http/1.1 (ALPN)"}, nil},
	{"verify-true@1.2", message(wire.TypeServerHello, handshake.Server), []string{"TLS 1.2", "in the clear"}, []string{"TLS 1.3"}},
	{"verify-true@1.2", message(wire.TypeServerKeyExchange, handshake.Server), []string{"TLS 1.2", "signed"}, nil},
	{"verify-true@1.2", message(wire.TypeServerHelloDone, handshake.Server), []string{"courier's turn"}, nil},
	{"verify-true@1.2", message(wire.TypeClientKeyExchange, handshake.Client), []string{"courier's half"}, nil},
	{"verify-true@1.2", func(st *handshake.Step) bool { return st.Kind == handshake.KindCCS && st.Side == handshake.Client },
		[]string{"sealed with the keys just agreed"}, []string{"leftover"}},
	{"verify-true", func(st *handshake.Step) bool { return st.Kind == handshake.KindCCS },
		[]string{"leftover"}, nil},
	{"mtls-ok", message(wire.TypeCertificateRequest, handshake.Server),
		[]string{"mutual TLS", "Bank Courier CA"}, []string{"decides this story"}},
	{"mtls-ok", message(wire.TypeCertificate, handshake.Client), []string{"courier-42", "badge issuers"}, nil},
	{"mtls-ok", message(wire.TypeCertificateVerify, handshake.Client), []string{"The courier proves it holds the private key"}, nil},
	{"mtls-ok@1.2", message(wire.TypeCertificateRequest, handshake.Server), []string{"mutual TLS"}, nil},
	{"mtls-no-cert", message(wire.TypeCertificate, handshake.Client), []string{"no badge", "what it refuses"}, nil},
	{"mtls-no-cert", message(wire.TypeCertificateRequest, handshake.Server), []string{"decides this story"}, nil},
	{"mtls-no-cert", alertNamed("certificate_required"), []string{"demands a badge", "encrypted", "learns of the refusal"}, nil},
	{"mtls-no-cert@1.2", alertNamed("handshake_failure"), []string{"could not agree", "fatal"}, []string{"encrypted"}},
	{"mtls-wrong-ca", message(wire.TypeCertificate, handshake.Client), []string{"This is what the verdict is about"}, nil},
	{"verify-false-mitm", message(wire.TypeCertificate, handshake.Server), []string{"imposter's own", "verify=False"}, []string{"checks it next"}},
	{"verify-false-mitm", func(st *handshake.Step) bool { return st.Kind == handshake.KindAppData && st.Side == handshake.Server },
		[]string{"imposter's answer", "not the bank's"}, nil},
	{"verify-false-mitm", func(st *handshake.Step) bool { return st.Kind == handshake.KindAppData && st.Side == handshake.Client },
		[]string{"goes to the imposter"}, nil},
	{"verify-true", alertNamed("close_notify"), []string{"normal goodbye"}, []string{"fatal"}},
	{"mtls-no-cert", func(st *handshake.Step) bool { return st.Kind == handshake.KindAppData && st.Side == handshake.Client },
		[]string{"before the refusal arrives"}, nil},
	{"mtls-no-cert@1.2", func(st *handshake.Step) bool { return st.Kind == handshake.KindCheck && st.Side == handshake.Server },
		[]string{"This is the check the verdict names"}, nil},
	{"verify-true", func(st *handshake.Step) bool { return st.Kind == handshake.KindAppData && st.Side == handshake.Client },
		[]string{"Only now"}, []string{"refusal"}},
	{"verify-true", func(st *handshake.Step) bool { return st.Kind == handshake.KindSecret },
		[]string{"never crosses the wire", "key log"}, nil},
	{"weak-key-rsa1024", func(st *handshake.Step) bool { return st.Checks == handshake.CheckKeyStrength },
		[]string{"2048", "Go does not make this check"}, nil},
	{"missing-intermediate", func(st *handshake.Step) bool { return st.Checks == handshake.CheckAnchor },
		[]string{"certifi", "This is the check the verdict names"}, nil},
}

func TestStepWords(t *testing.T) {
	trs := allStepTraces(t)
	for _, tc := range stepWordsTests {
		tr := trs[tc.story]
		if tr == nil {
			t.Fatalf("no story %s", tc.story)
		}
		i := find(tr, tc.step)
		if i < 0 {
			t.Errorf("%s: no such step (want %q)", tc.story, tc.want)
			continue
		}
		w := StepWords(tr, i)
		for _, s := range tc.want {
			if !strings.Contains(w, s) {
				t.Errorf("%s step %d (%s): no %q in %q", tc.story, i, tr.Steps[i].Name, s, w)
			}
		}
		for _, s := range tc.not {
			if strings.Contains(w, s) {
				t.Errorf("%s step %d (%s): %q in %q", tc.story, i, tr.Steps[i].Name, s, w)
			}
		}
	}
}

// A run of checks says how it went in this story: the check that decides it,
// or that all passed, or why failures did not stop it.
func TestCheckRunWords(t *testing.T) {
	trs := allStepTraces(t)
	for _, tc := range []struct{ story, want string }{
		{"verify-true", "every answer is Yes"},
		{"expired", "it decides the story: Is bank.example valid now? No"},
		{"verify-false-mitm", "verify=False ignores it"},
		{"weak-key-rsa1024", "Go does not enforce it"},
	} {
		var got []string
		for _, b := range Timeline(trs[tc.story]) {
			if b.Kind == CheckRun && b.Side == handshake.Client {
				got = append(got, b.Words)
			}
		}
		if !strings.Contains(strings.Join(got, "\n"), tc.want) {
			t.Errorf("%s: no %q in %q", tc.story, tc.want, got)
		}
	}
}

// Stepping moves the inspector to what the beat is about, and the caption
// follows the animation, then the inspector.
func TestFocusAndCaption(t *testing.T) {
	trs := allStepTraces(t)
	for id, tr := range trs {
		beats := Timeline(tr)
		for k, b := range beats {
			f := Focus(tr, b)
			if BeatOf(beats, f) != k {
				t.Errorf("%s beat %d: focus %d is in beat %d", id, k, f, BeatOf(beats, f))
			}
			if b.Kind == Flight && len(b.Items) > 0 && f != b.Items[0] {
				t.Errorf("%s beat %d: a flight focuses %d, not its first message %d", id, k, f, b.Items[0])
			}
			if b.Verdict && f != tr.Outcome.Check {
				t.Errorf("%s beat %d: focus %d, not the verdict's check %d", id, k, f, tr.Outcome.Check)
			}
		}
	}
	tr := trs["expired"]
	beats := Timeline(tr)
	p := NewPlayer(len(beats), true, 1).Forward().Forward()
	if got := Caption(p, beats, DefaultSelection(tr)); got != 2 {
		t.Errorf("playing: caption beat %d, want the newest, 2", got)
	}
	done := NewPlayer(len(beats), false, 1)
	sel := DefaultSelection(tr)
	if got := Caption(done, beats, sel); got != BeatOf(beats, sel) || got < 0 {
		t.Errorf("done: caption beat %d, want the selected step's %d", got, BeatOf(beats, sel))
	}
	if got := Caption(done, beats, -1); got != len(beats)-1 {
		t.Errorf("done, nothing selected: caption beat %d, want the last", got)
	}
}
