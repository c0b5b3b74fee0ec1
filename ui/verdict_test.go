package ui

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// The engine's answer carries its explanation; the page reads it typed and
// shows the verdict of the engine's own trace. A bare trace (as an older engine
// answered) is explained on the spot, to the same verdict.
func TestDecodeReport(t *testing.T) {
	for id, r := range allReports(t) {
		want := VerdictOf(r)
		if want.Explain == nil || len(want.Clients) != len(explain.ClientKeys) {
			t.Fatalf("%s: the verdict is not explained", id)
		}
		full, err := json.Marshal(r)
		must(t, err)
		bare, err := json.Marshal(r.Trace)
		must(t, err)
		for name, b := range map[string][]byte{"explained": full, "bare": bare} {
			got, err := DecodeReport(b)
			must(t, err)
			if (got.Explanation != nil) != (name == "explained") || (got.Clients != nil) != (name == "explained") {
				t.Errorf("%s %s: explanation %v, clients %v", id, name, got.Explanation != nil, got.Clients != nil)
			}
			if !reflect.DeepEqual(got.Trace.Outcome, r.Trace.Outcome) || len(got.Trace.Steps) != len(r.Trace.Steps) {
				t.Errorf("%s %s: outcome %+v, want %+v", id, name, got.Trace.Outcome, r.Trace.Outcome)
			}
			if v := VerdictOf(got); !reflect.DeepEqual(v, want) {
				t.Errorf("%s %s: verdict\n%+v\nwant\n%+v", id, name, v, want)
			}
		}
	}
	if _, err := DecodeReport([]byte(`{"steps": 3}`)); err == nil {
		t.Error("a malformed answer decoded")
	}
}

func TestMessageParts(t *testing.T) {
	v := func(name string) MessagePart { return MessagePart{Text: name, Varies: variesWhat.Of(name)} }
	for _, tc := range []struct {
		msg  string
		port int
		want []MessagePart
	}{
		{"plain", 443, []MessagePart{{Text: "plain"}}},
		{"HTTPSConnectionPool(host='bank.example', port={port}): (_ssl.c:{line})", 443,
			[]MessagePart{{Text: "HTTPSConnectionPool(host='bank.example', port=443): (_ssl.c:"}, v("line"), {Text: ")"}}},
		{`Get "https://bank.example:{port}/vault": x509`, 443, []MessagePart{{Text: `Get "https://bank.example/vault": x509`}}},
		{`Get "https://bank.example:{port}/vault": x509`, 8443, []MessagePart{{Text: `Get "https://bank.example:8443/vault": x509`}}},
		{"{thread}:error:0A000086:SSL routines", 443, []MessagePart{v("thread"), {Text: ":error:0A000086:SSL routines"}}},
		{"curl: (35) OpenSSL/{openssl_version}: error:", 443, []MessagePart{{Text: "curl: (35) OpenSSL/"}, v("openssl_version"), {Text: ": error:"}}},
		{`kept {weird} and {"json": 1} and {unclosed`, 443, []MessagePart{{Text: `kept {weird} and {"json": 1} and {unclosed`}}},
	} {
		if got := MessageParts(tc.msg, tc.port); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q (port %d):\n%+v\nwant\n%+v", tc.msg, tc.port, got, tc.want)
		}
	}
}

// A part that varies is said in words true of every client whose message
// holds it: {line} is also a line of OpenSSL's C source, in openssl's and
// Node's messages, not Python's only.
func TestVariesSaysNoOneClient(t *testing.T) {
	for _, msg := range []string{
		"{thread}:error:05800074:x509 certificate routines:X509_check_private_key:key values mismatch:../crypto/x509/x509_cmp.c:{line}:",
		"HTTPSConnectionPool(host='bank.example', port={port}): (_ssl.c:{line})",
	} {
		for _, p := range MessageParts(msg, 443) {
			if p.Text == "line" && (!strings.Contains(p.Varies, "Python") || !strings.Contains(p.Varies, "OpenSSL")) {
				t.Errorf("{line} in %q is said as %q: it is Python's or OpenSSL's C source", msg, p.Varies)
			}
		}
	}
}

// No story shows a client's message with a raw placeholder: what explain
// leaves in is filled (the port) or named (what changes from run to run).
func TestClientMessagesShowNoPlaceholder(t *testing.T) {
	for id, r := range allReports(t) {
		for _, c := range VerdictOf(r).Clients {
			for _, p := range c.Parts {
				for _, name := range []string{"port", "line", "thread", "openssl_version"} {
					if p.Varies == "" && strings.Contains(p.Text, "{"+name+"}") {
						t.Errorf("%s, %s: %q", id, c.Name, p.Text)
					}
				}
			}
		}
	}
}

// A check reads as a question whose answer carries Go's evidence, true
// whether it passed or failed.
func TestCheckWords(t *testing.T) {
	v := VerdictOf(allReports(t)["hostname-mismatch"])
	if v.CheckQuestion != "Is the certificate for bankofamerica.com?" || v.CheckAnswer != "No: bankofamerica.com is not www.bankofamerica.com, the only name the certificate lists" {
		t.Errorf("hostname-mismatch: %q %q", v.CheckQuestion, v.CheckAnswer)
	}
	for id, r := range allReports(t) {
		for i := range r.Trace.Steps {
			st := &r.Trace.Steps[i]
			if st.Kind != handshake.KindCheck {
				continue
			}
			q, a := CheckWords(st)
			want := map[string]string{Pass: "Yes", Fail: "No", Advisory: "No, and"}[CheckState(st)]
			if st.Question == "" || !strings.HasSuffix(q, "?") || !strings.HasPrefix(a, want) {
				t.Errorf("%s: check %q reads %q %q", id, st.Name, q, a)
			}
		}
	}
}

// What requests prints is the last line of Python's traceback: the exception
// a person catches, requests.exceptions.SSLError, before its message, in the
// verdict and in the table of every client; the other clients' messages are
// as they are.
func TestRequestsPrintsItsException(t *testing.T) {
	text := func(parts []MessagePart) string {
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(p.Text)
		}
		return b.String()
	}
	rs := allReports(t)
	v := VerdictFor(rs["hostname-mismatch"], explain.Requests)
	if got := text(v.LensParts); !strings.HasPrefix(got, "requests.exceptions.SSLError: HTTPSConnectionPool(host='bankofamerica.com', port=443)") {
		t.Errorf("what requests prints: %q", got)
	}
	for _, c := range v.Clients {
		got := text(c.Parts)
		python := strings.HasPrefix(c.Name, "Python requests")
		if python != strings.HasPrefix(got, "requests.exceptions.SSLError: ") {
			t.Errorf("%s prints %q", c.Name, got)
		}
	}
	// A warning on the way names itself; a success prints no exception.
	for _, c := range VerdictFor(rs["cn-only"], explain.Requests).Clients {
		if got := text(c.Parts); strings.Contains(got, "requests.exceptions") && c.OK {
			t.Errorf("%s connects and prints %q", c.Name, got)
		}
	}
	if got := text(VerdictFor(rs["hostname-mismatch"], explain.Curl).LensParts); !strings.HasPrefix(got, "curl: (60) ") {
		t.Errorf("what curl prints: %q", got)
	}
}

// An answer that carries what its cure's replay refused next (then) but no
// explanation or client verdicts is explained on the spot with it, to the
// same verdict: curl, past the bank's name in its Common Name alone, is
// refused for its expired badge, not said to connect.
func TestVerdictThenExplainedOnTheSpot(t *testing.T) {
	s := scenario.Lookup("mtls-expired-client").At(scenario.PresetClock)
	s.Spec(scenario.Leaf).DNSNames = nil
	tr, err := handshake.Run(t.Context(), s)
	must(t, err)
	c, ok, err := explain.Cured(tr, func(s *scenario.Scenario) (*handshake.Trace, error) { return handshake.Run(t.Context(), s) })
	must(t, err)
	if !ok || c.Next == nil {
		t.Fatalf("%s: no next failure", tr.Outcome.Reason)
	}
	full := explain.NewReportThen(tr, c.Next)
	bare := &explain.Report{Trace: tr, Next: c.Next}
	for _, client := range explain.LensClients {
		want, got := VerdictFor(full, client), VerdictFor(bare, client)
		if !reflect.DeepEqual(got.Lens, want.Lens) || got.Explain.Fix.Summary != want.Explain.Fix.Summary || !reflect.DeepEqual(got.Clients, want.Clients) {
			t.Errorf("%s: explained on the spot\n%+v\n%s\nwant\n%+v\n%s", client, got.Lens, got.Explain.Fix.Summary, want.Lens, want.Explain.Fix.Summary)
		}
	}
	if v := VerdictFor(bare, explain.Curl).Lens; v.OK || v.Reason != handshake.ClientCertExpired.String() {
		t.Errorf("curl: ok %v, %s: %s", v.OK, v.Reason, v.Fix.Summary)
	}
}

// A badge the chosen client's OpenSSL refuses to load (an RSA-1024 key,
// which Go loads and the bank accepts): the page, reading the engine's
// answer from its JSON, says that client never set off, by the typed
// cause the answer carries, whatever the words it prints.
func TestLensBadgeRefusedAtLoad(t *testing.T) {
	s := scenario.Lookup("mtls-ok").At(scenario.PresetClock)
	s.Spec(scenario.BadgeName).Key = pki.RSA1024
	tr, err := handshake.Run(context.Background(), s)
	must(t, err)
	b, err := json.Marshal(explain.NewReport(tr))
	must(t, err)
	r, err := DecodeReport(b)
	must(t, err)
	for _, client := range []string{explain.Requests, explain.Curl, explain.OpenSSL} {
		cv := r.Clients[client]
		cv.Message = "as the client printed it, with a port of its own"
		r.Clients[client] = cv
		v := VerdictFor(r, client)
		if v.Lens.OK || v.Lens.Reason != string(explain.CauseBadgeTooWeak) || v.Status != neverSetOff || v.Tone != "fail" {
			t.Errorf("%s: lens %v %s, status %q (%s)", client, v.Lens.OK, v.Lens.Reason, v.Status, v.Tone)
		}
	}
	if v := VerdictFor(r, explain.Node); !v.Lens.OK || v.Tone != "ok" {
		t.Errorf("node: lens %v %s, status %q", v.Lens.OK, v.Lens.Reason, v.Status)
	}
}
