package flow

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/scenario"
)

func newEngine(t *testing.T) *Engine {
	t.Helper()
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	// The stories that happen today happen on the day the tests pin.
	e.PlayOn(scenario.PresetClock)
	return e
}

// Every way of naming a scenario reaches the same answer, explained, with the
// verdict of Go's handshake played directly (for one story: the cache's
// certificates are shown to play as freshly crafted ones in package scenario);
// a story's certificates come from the cache.
func TestAnswerScenario(t *testing.T) {
	e := newEngine(t)
	direct, err := handshake.Run(context.Background(), scenario.Lookup("expired").At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"verify-true", "expired", "mtls-no-cert", "mtls-key-mismatch"} {
		s := scenario.Lookup(id).At(scenario.PresetClock)
		js, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var first *handshake.Outcome
		for name, req := range map[string]Request{"value": Scenario{s}, "id": Story(id), "JSON": Story(js)} {
			run, err := e.Answer(context.Background(), req)
			if err != nil {
				t.Fatalf("%s by %s: %v", id, name, err)
			}
			o := run.Report.Trace.Outcome
			if first == nil {
				first = &o
			}
			if o.Reason != first.Reason || o.Stage != first.Stage || o.Check != first.Check || run.Material == nil ||
				run.Report.Explanation == nil || run.Report.Explanation.Reason != o.Reason.String() || len(run.Report.Clients) != len(explain.ClientKeys) {
				t.Errorf("%s by %s: %s at %s (explained %v), another way %s at %s", id, name, o.Reason, o.Stage,
					run.Report.Explanation != nil, first.Reason, first.Stage)
			}
			if id == "expired" && (o.Reason != direct.Outcome.Reason || o.Stage != direct.Outcome.Stage) {
				t.Errorf("%s by %s: %s at %s, played directly %s at %s", id, name, o.Reason, o.Stage, direct.Outcome.Reason, direct.Outcome.Stage)
			}
		}
	}
	if n := e.cache.Crafted(); n != 0 {
		t.Errorf("the stories crafted %d certificates, want none: they are in the cache", n)
	}
	for _, tc := range []struct{ arg, want string }{
		{"no-such-story", "scenario JSON"},
		{`{"certs": 7}`, "certs"},
		{"", "scenario JSON"},
	} {
		if _, err := e.Answer(context.Background(), Story(tc.arg)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Story(%q): %v, want an error naming %q", tc.arg, err, tc.want)
		}
	}
}

// The page's requests: a run answers the report's JSON, its files are those
// of that very run, and only the last few runs are kept (a script's are not).
func TestWorkshop(t *testing.T) {
	w := NewWorkshop(newEngine(t))
	w.now = func() time.Time { return time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC) }
	ctx := context.Background()
	r := w.Handle(ctx, 1, "run", "expired")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	var rep explain.Report
	if err := json.Unmarshal([]byte(r.Text), &rep); err != nil || rep.Trace.Outcome.Reason != handshake.Expired || rep.Explanation == nil {
		t.Fatalf("run: %v, %+v", err, rep.Trace)
	}
	w.AfterReply(ctx)

	zr := w.Handle(ctx, 2, "zip", "1")
	if zr.Err != nil {
		t.Fatal(zr.Err)
	}
	z, err := zip.NewReader(bytes.NewReader(zr.Data), int64(len(zr.Data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var story *scenario.Scenario
	for _, f := range z.File {
		names = append(names, f.Name)
		if f.Name == "tlsplay-expired/scenario.json" {
			rc, _ := f.Open()
			story = &scenario.Scenario{}
			json.NewDecoder(rc).Decode(story)
			rc.Close()
		}
	}
	if story == nil || !story.Now.Equal(w.now()) {
		t.Errorf("zip: %v; its scenario's clock %v, want the kit crafted around %v", names, story, w.now())
	}

	pr := w.Handle(ctx, 3, "pcap", "1")
	if pr.Err != nil || !bytes.HasPrefix(pr.Data, []byte{0x0a, 0x0d, 0x0d, 0x0a}) {
		t.Errorf("pcap: %v, starts %x", pr.Err, pr.Data[:min(4, len(pr.Data))])
	}

	// A script's runs answer as runs do, and push out none of the page's.
	for id := 4; id < 4+keepRuns; id++ {
		if r := w.Handle(ctx, id, "answer", "verify-true"); r.Err != nil || !strings.Contains(r.Text, `"reason":"ok"`) {
			t.Fatalf("answer: %v, %.80s", r.Err, r.Text)
		}
	}
	if r := w.Handle(ctx, 8, "pcap", "1"); r.Err != nil {
		t.Errorf("the capture of the run on screen after a script's runs: %v", r.Err)
	}

	for id := 10; id < 10+keepRuns; id++ {
		if r := w.Handle(ctx, id, "run", "verify-true"); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	for _, tc := range []struct{ op, arg, want string }{
		{"pcap", "1", "no longer on screen"}, // pushed out by the later runs
		{"zip", "x", "no longer on screen"},
		{"launch", "", `unknown request "launch"`},
		{"run", "{", "scenario JSON"},
		{"certs", "a day's certificates?", "no PEM"},
	} {
		if r := w.Handle(ctx, 99, tc.op, tc.arg); r.Err == nil || !strings.Contains(r.Err.Error(), tc.want) {
			t.Errorf("%s %q: %v, want an error saying %q", tc.op, tc.arg, r.Err, tc.want)
		}
	}
	if r := w.Handle(ctx, 100, "pcap", strconv.Itoa(10+keepRuns-1)); r.Err != nil {
		t.Errorf("the last run's capture: %v", r.Err)
	}
}

// Rehearse plays the run on screen again as an edit would, a day later, and
// forgets it: every certificate is signed anew and no key is made, the run
// on screen keeps its files, and it rehearses so many times, no more. Its
// checkpoint stops it, to go on later.
func TestRehearse(t *testing.T) {
	e := newEngine(t)
	w := NewWorkshop(e)
	ctx := context.Background()
	if w.Rehearse(ctx) || w.rehearsed != 0 {
		t.Fatal("rehearses with no run on screen")
	}
	if r := w.Handle(ctx, 1, "run", "verify-true"); r.Err != nil {
		t.Fatal(r.Err)
	}
	stop := errors.New("a request waits")
	if !w.Rehearse(WithCheckpoint(ctx, func() error { return stop })) {
		t.Error("a rehearsal stopped at its first checkpoint says there is no more to rehearse")
	}
	crafted, keys := e.cache.Crafted(), e.cache.KeysMade()
	n := 1
	for w.Rehearse(ctx) {
		if n++; n > rehearsals {
			t.Fatalf("rehearses more than %d times", rehearsals)
		}
	}
	if n++; n != rehearsals {
		t.Errorf("rehearsed %d times, want %d", n, rehearsals)
	}
	if w.Rehearse(ctx) {
		t.Error("rehearses again once done")
	}
	certs := len(scenario.Lookup("verify-true").Scenario().Certs)
	if got, want := e.cache.Crafted()-crafted, (rehearsals-1)*certs; got != want || e.cache.KeysMade() != keys {
		t.Errorf("%d rehearsals crafted %d certificates and made %d keys, want %d and none", rehearsals-1, got, e.cache.KeysMade()-keys, want)
	}
	if len(w.order) != 1 {
		t.Errorf("the workshop keeps runs %v, want the one run on screen", w.order)
	}
	if r := w.Handle(ctx, 2, "pcap", "1"); r.Err != nil {
		t.Errorf("the capture of the run on screen: %v", r.Err)
	}
}

// A probe of a real host (here a story's bank on a real socket) answers the
// same report; a chain ending at an unknown issuer is probed again with the
// leaf's caIssuers certificate known, which tells a missing intermediate.
func TestAnswerHost(t *testing.T) {
	s := scenario.Lookup("missing-intermediate").At(scenario.PresetClock)
	s.Spec(scenario.Leaf).IssuerURL = "http://pki.bank.example/issuing-ca.crt"
	m, err := handshake.NewMaterial(s)
	if err != nil {
		t.Fatal(err)
	}
	server := testtool.Serve(t, tls.NewListener(testtool.Listen(t), &tls.Config{Certificates: []tls.Certificate{m.ServerCertificate()}}),
		func(c net.Conn) {
			defer c.Close()
			c.(*tls.Conn).Handshake()
			c.Read(make([]byte, 4096))
			c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
		})
	hangup := testtool.Serve(t, testtool.Listen(t), func(c net.Conn) { c.Close() })
	silent := testtool.Serve(t, testtool.Listen(t), func(c net.Conn) {
		c.Read(make([]byte, 4096)) // the ClientHello, never answered
		time.Sleep(2 * time.Second)
		c.Close()
	})
	intermediate := m.Set.Get(scenario.Intermediate).Cert
	dial := func(addr string) func(context.Context) (net.Conn, error) {
		return func(ctx context.Context) (net.Conn, error) { return new(net.Dialer).DialContext(ctx, "tcp", addr) }
	}
	var asked atomic.Value
	issuers := func(_ context.Context, urls []string) []*x509.Certificate {
		asked.Store(urls)
		if len(urls) == 0 {
			return nil
		}
		return []*x509.Certificate{intermediate}
	}
	opts := handshake.ProbeOptions{Host: m.Scenario.Client.Dial, Port: 443, Now: m.Scenario.Now, ExtraRoots: m.Trusted, Timeout: 5 * time.Second}
	e := new(Engine) // the probe worker's: it crafts nothing
	for _, tc := range []struct {
		name    string
		host    Host
		reason  handshake.Reason
		fetched bool
	}{
		{"without the issuer", Host{Options: opts, Dial: dial(server)}, handshake.UnknownAuthority, false},
		{"with the issuer fetched", Host{Options: opts, Dial: dial(server), Issuers: issuers}, handshake.MissingIntermediate, true},
	} {
		asked.Store([]string(nil))
		run, err := e.Answer(context.Background(), tc.host)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := run.Report.Trace.Outcome.Reason; got != tc.reason || run.Material != nil || run.Report.Explanation == nil {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.reason)
		}
		urls, _ := asked.Load().([]string)
		if want := m.Sent[0].IssuingCertificateURL; tc.fetched != (len(urls) > 0) || tc.fetched && !slices.Equal(urls, want) {
			t.Errorf("%s: asked for issuers at %v, the leaf names %v", tc.name, urls, want)
		}
		if _, err := run.Kit(context.Background(), time.Now()); !errors.Is(err, errNoFiles) {
			t.Errorf("%s: a probe's kit: %v", tc.name, err)
		}
	}

	short := opts
	short.Timeout = 300 * time.Millisecond
	var dialErr *DialError
	var silentErr *SilentError
	if _, err := e.Answer(context.Background(), Host{Options: opts, Dial: func(context.Context) (net.Conn, error) {
		return nil, errors.New("connection refused")
	}}); !errors.As(err, &dialErr) {
		t.Errorf("a failed dial: %v", err)
	}
	if _, err := e.Answer(context.Background(), Host{Options: opts, Dial: dial(hangup)}); !errors.As(err, &silentErr) || silentErr.Timeout {
		t.Errorf("a host that hangs up at once: %v", err)
	}
	if _, err := e.Answer(context.Background(), Host{Options: short, Dial: dial(silent)}); !errors.As(err, &silentErr) || !silentErr.Timeout {
		t.Errorf("a host that never answers: %v", err)
	}
}

// A host dialled by a name with its trailing dot is asked again with the dot
// in SNI, as s_client and Node send it, and the report predicts them by its
// answer: a Go server refuses it with decode_error, and so both clients;
// dialled without the dot, nobody asks.
func TestAnswerHostDotted(t *testing.T) {
	m, err := handshake.NewMaterial(scenario.Lookup("verify-true").At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	server := testtool.Serve(t, tls.NewListener(testtool.Listen(t), &tls.Config{Certificates: []tls.Certificate{m.ServerCertificate()}}),
		func(c net.Conn) {
			defer c.Close()
			if c.(*tls.Conn).Handshake() != nil {
				return
			}
			c.Read(make([]byte, 4096))
			c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
		})
	dial := func(ctx context.Context) (net.Conn, error) { return new(net.Dialer).DialContext(ctx, "tcp", server) }
	for _, host := range []string{m.Scenario.Client.Dial + ".", m.Scenario.Client.Dial} {
		opts := handshake.ProbeOptions{Host: host, Port: 443, Now: m.Scenario.Now, ExtraRoots: m.Trusted, Timeout: 5 * time.Second}
		run, err := new(Engine).Answer(context.Background(), Host{Options: opts, Dial: dial})
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		tr, want := run.Report.Trace, ""
		if host != m.Scenario.Client.Dial {
			want = "decode_error"
		}
		if !tr.Outcome.OK || tr.DottedSNI != want {
			t.Errorf("%s: ok=%v, the dot answered %q, want %q", host, tr.Outcome.OK, tr.DottedSNI, want)
		}
		for _, client := range []string{explain.OpenSSL, explain.Node} {
			if v := run.Report.Clients[client]; want != "" && (v.OK || !strings.Contains(v.Message, "tlsv1 alert decode error")) {
				t.Errorf("%s: %s predicted ok=%v %q", host, client, v.OK, v.Message)
			}
		}
	}
}

// A host that refuses every ClientHello, with or without the dot, refuses the
// dotted one for what it refuses the other for: s_client and Node are not
// told the dot is to blame, nor to dial the name without it.
func TestAnswerHostRefusesEveryHello(t *testing.T) {
	server := testtool.Serve(t, testtool.Listen(t), func(c net.Conn) {
		defer c.Close()
		c.Read(make([]byte, 4096))
		c.Write([]byte{21, 3, 3, 0, 2, 2, 40}) // a fatal handshake_failure alert
	})
	dial := func(ctx context.Context) (net.Conn, error) { return new(net.Dialer).DialContext(ctx, "tcp", server) }
	opts := handshake.ProbeOptions{Host: "bank.example.", Port: 443, Now: time.Now(), Timeout: 5 * time.Second}
	run, err := new(Engine).Answer(context.Background(), Host{Options: opts, Dial: dial})
	if err != nil {
		t.Fatal(err)
	}
	if tr := run.Report.Trace; tr.Outcome.OK || tr.DottedSNI != "handshake_failure" {
		t.Fatalf("ok=%v, the dot answered %q, want a refusal and handshake_failure", tr.Outcome.OK, tr.DottedSNI)
	}
	for _, client := range []string{explain.OpenSSL, explain.Node} {
		v, err := explain.Lens(run.Report, client)
		if err != nil {
			t.Fatal(err)
		}
		cv := run.Report.Clients[client]
		if v.Reason == "sni_trailing_dot" || cv.OK || strings.Contains(cv.Note, "Dial the name without its dot") {
			t.Errorf("%s: reason %s, ok=%v, note %q", client, v.Reason, cv.OK, cv.Note)
		}
	}
}

// A run whose checkpoint says stop is answered with that error; one whose
// checkpoint lets it go is answered as any other.
func TestWorkshopCheckpoint(t *testing.T) {
	w := NewWorkshop(newEngine(t))
	errGone := errors.New("no longer wanted")
	for _, tc := range []struct {
		stop bool
		want error
	}{{false, nil}, {true, errGone}} {
		turns := 0
		ctx := WithCheckpoint(context.Background(), func() error {
			turns++
			if tc.stop {
				return errGone
			}
			return nil
		})
		r := w.Handle(ctx, 1, "edit", "hostname-mismatch")
		if !errors.Is(r.Err, tc.want) || turns == 0 || (r.Err == nil) != (r.Head != nil) || (r.Err == nil) != (r.Report != nil) {
			t.Errorf("stop %v: %v after %d checkpoints, head %v, report %v; want %v", tc.stop, r.Err, turns, r.Head != nil, r.Report != nil, tc.want)
		}
	}
}

// An edit's answer in two parts is its whole answer: the head is the run's
// JSON without its steps' bytes, fields and certificates, and the steps that
// follow are the JSON's steps, whole, byte for byte.
func TestEditParts(t *testing.T) {
	w := NewWorkshop(newEngine(t))
	for i, id := range []string{"verify-true", "mtls-ok", "hostname-mismatch", "tls10-bank"} {
		r := w.Handle(context.Background(), i, "edit", id)
		if r.Err != nil {
			t.Fatalf("%s: %v", id, r.Err)
		}
		b, err := r.Head()
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		steps, err := r.Rest()
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		whole, err := w.runs[i].JSON()
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		var all struct{ Steps []json.RawMessage }
		if err := json.Unmarshal(whole, &all); err != nil {
			t.Fatal(err)
		}
		if len(steps) != len(all.Steps) {
			t.Fatalf("%s: %d steps after the head, %d in the answer", id, len(steps), len(all.Steps))
		}
		withBytes := 0
		for j, st := range steps {
			if st != string(all.Steps[j]) {
				t.Errorf("%s: step %d after the head:\n%s\nin the answer:\n%s", id, j, st, all.Steps[j])
			}
			if strings.Contains(st, `"bytes":`) {
				withBytes++
			}
		}
		if withBytes == 0 {
			t.Errorf("%s: no step after the head has its bytes", id)
		}
		var head, want map[string]any
		if err := json.Unmarshal([]byte(b), &head); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(whole, &want); err != nil {
			t.Fatal(err)
		}
		for _, st := range want["steps"].([]any) {
			for _, k := range []string{"bytes", "fields", "certs"} {
				delete(st.(map[string]any), k)
			}
		}
		h, _ := json.Marshal(head)
		wa, _ := json.Marshal(want)
		if !bytes.Equal(h, wa) {
			t.Errorf("%s: the head is not the answer without its steps' bytes, fields and certificates:\n%s\nwant\n%s", id, h, wa)
		}
	}
}

// An edit whose courier refuses the bank before the bank saw the badge is
// answered with what the bank refuses once that is fixed, played for real:
// in the answer the page draws (through requests' lens) and the CLI
// prints, and the kit's fixed/ cures both. A run stopped meanwhile stops.
// kitFixed is the fixed/scenario.json of the run's kit (nil for none).
func kitFixed(t *testing.T, run *Run) *scenario.Scenario {
	t.Helper()
	zipped, err := run.Kit(context.Background(), scenario.PresetClock)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "fixed/scenario.json") {
			r, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(r)
			fixed, err := scenario.ParseJSON(b.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			return fixed
		}
	}
	return nil
}

func TestAnswerThenFails(t *testing.T) {
	e := newEngine(t)
	s := scenario.Lookup("mtls-expired-client").At(scenario.PresetClock)
	s.Spec(scenario.Root).Public = false
	js, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	run, err := e.Answer(context.Background(), edit(js))
	if err != nil {
		t.Fatal(err)
	}
	want := `Once that is fixed, the bank will refuse your certificate, cert=("client.crt", "client.key"): it expired on 2026-05-25 12:00 UTC.`
	if fix := run.Report.Explanation.Fix.Summary; !strings.Contains(fix, want) {
		t.Errorf("no %q in the fix:\n%s", want, fix)
	}
	if v, err := run.Lens(explain.Requests); err != nil || !strings.Contains(v.Fix.Summary, want) {
		t.Errorf("requests' verdict has no next failure (%v):\n%s", err, v.Fix.Summary)
	}
	fixed := kitFixed(t, run)
	if fixed == nil {
		t.Fatal("no fixed/scenario.json in the kit")
	}
	if tr, err := handshake.Run(context.Background(), fixed); err != nil || !tr.Outcome.OK {
		t.Errorf("the kit's fixed story fails: %v %v", err, tr.Outcome.Reason)
	}
	// The kit's fixed/ is the answer's cure, never one found anew: an answer
	// whose replay found nothing (as when it could not be played) says
	// nothing of the badge, and its kit leaves the badge as it is.
	alone, _, _ := explain.Fixed(run.Report.Trace)
	run.cure = &explain.Cure{Scenario: alone, Side: "client"}
	run.Report = explain.NewReportThen(run.Report.Trace, nil)
	if fixed := kitFixed(t, run); fixed == nil || fixed.Spec(scenario.BadgeName).NotAfter != alone.Spec(scenario.BadgeName).NotAfter {
		t.Errorf("the kit's fixed/ cures what the fix does not say: %+v", fixed.Spec(scenario.BadgeName))
	}

	// Stopped in the replay, after the first run's every checkpoint.
	first := 0
	counted := WithCheckpoint(context.Background(), func() error { first++; return nil })
	if _, _, err := edit(js).play(counted, e); err != nil {
		t.Fatal(err)
	}
	stop, calls := errors.New("stopped"), 0
	ctx := WithCheckpoint(context.Background(), func() error {
		if calls++; calls > first {
			return stop
		}
		return nil
	})
	if _, err := e.Answer(ctx, edit(js)); !errors.Is(err, stop) {
		t.Errorf("a run stopped in its replay answered: %v", err)
	}
}
