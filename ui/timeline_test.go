package ui

import (
	"context"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

// reports runs every preset once, as the engine answers the page: explained.
var reports = sync.OnceValues(func() (map[string]*explain.Report, error) {
	out := map[string]*explain.Report{}
	for _, p := range scenario.Presets {
		tr, err := handshake.Run(context.Background(), p.At(scenario.PresetClock))
		if err != nil {
			return nil, err
		}
		out[p.ID] = explain.NewReport(tr)
	}
	return out, nil
})

func allReports(t *testing.T) map[string]*explain.Report {
	t.Helper()
	rs, err := reports()
	must(t, err)
	return rs
}

func allTraces(t *testing.T) map[string]*handshake.Trace {
	t.Helper()
	trs := map[string]*handshake.Trace{}
	for id, r := range allReports(t) {
		trs[id] = r.Trace
	}
	return trs
}

// Every step of a trace appears in exactly one beat, beats keep wire order, and
// the beat marks agree with the steps they hold.
func TestTimeline(t *testing.T) {
	for id, tr := range allTraces(t) {
		beats := Timeline(tr)
		seen := make([]int, len(tr.Steps))
		last := -1
		verdicts := 0
		for _, b := range beats {
			steps := append([]int{b.Step}, b.Items...)
			for _, s := range steps {
				if s <= last && s != b.Step {
					t.Errorf("%s: step %d out of order", id, s)
				}
				last = max(last, s)
			}
			seen[b.Step]++
			for _, j := range b.Items {
				if j != b.Step {
					seen[j]++
				}
			}
			switch b.Kind {
			case Flight:
				rec := &tr.Steps[b.Step]
				if rec.Kind != handshake.KindRecord || b.Encrypted != rec.Encrypted || b.Side != rec.Side {
					t.Errorf("%s: flight %+v for step %+v", id, b, rec.Kind)
				}
				for _, j := range b.Items {
					if tr.Steps[j].Record != b.Step {
						t.Errorf("%s: step %d is in the flight of record %d, not %d", id, j, b.Step, tr.Steps[j].Record)
					}
				}
			case CheckRun:
				for _, j := range b.Items {
					if tr.Steps[j].Kind != handshake.KindCheck || tr.Steps[j].Side != b.Side {
						t.Errorf("%s: check run holds step %d (%v, %v)", id, j, tr.Steps[j].Kind, tr.Steps[j].Side)
					}
				}
			}
			if b.Verdict {
				verdicts++
				if !b.Failed && !tr.Steps[tr.Outcome.Check].Advisory {
					t.Errorf("%s: the verdict's beat is not marked failed", id)
				}
			}
		}
		for s, n := range seen {
			if n != 1 {
				t.Errorf("%s: step %d (%s) is in %d beats", id, s, tr.Steps[s].Name, n)
			}
		}
		if want := tr.Outcome.Check >= 0; (verdicts == 1) != want {
			t.Errorf("%s: %d beats hold the verdict's check %d", id, verdicts, tr.Outcome.Check)
		}
	}
}

// Refusals that travel as fatal alerts are drawn red; a clean run has none.
func TestTimelineAlerts(t *testing.T) {
	trs := allTraces(t)
	fatal := func(id string) bool {
		for _, b := range Timeline(trs[id]) {
			if b.Fatal {
				return true
			}
		}
		return false
	}
	for id, want := range map[string]bool{"verify-true": false, "mtls-ok": false, "hostname-mismatch": true, "tls-version-mismatch": true, "mtls-no-cert": true} {
		if got := fatal(id); got != want {
			t.Errorf("%s: fatal alert drawn %v, want %v", id, got, want)
		}
	}
	for _, b := range Timeline(trs["hostname-mismatch"]) {
		if b.Fatal && !strings.HasPrefix(b.Label, "alert: ") {
			t.Errorf("alert beat labelled %q", b.Label)
		}
	}
}

func TestDefaultSelection(t *testing.T) {
	trs := allTraces(t)
	for id, want := range map[string]string{"verify-true": "server Certificate", "mtls-no-cert": "client Certificate",
		"tls-version-mismatch": "client ClientHello", "mtls-key-mismatch": "client courier loads its badge and key"} {
		st := trs[id].Steps[DefaultSelection(trs[id])]
		if got := st.Side.String() + " " + st.Name; got != want {
			t.Errorf("%s: opens on %q, want %q", id, got, want)
		}
	}
}

func TestPlayer(t *testing.T) {
	type step struct {
		do      func(Player) Player
		shown   int
		playing bool
	}
	tick := Player.Tick
	for _, tc := range []struct {
		name    string
		start   Player
		steps   []step
		current int
	}{
		{"animated plays to the end and stops", NewPlayer(3, true, 1), []step{
			{tick, 2, true}, {tick, 3, false}, {tick, 3, false}}, 2},
		{"reduced motion shows all", NewPlayer(3, false, 1), []step{{tick, 3, false}}, 2},
		{"play at the end restarts", NewPlayer(3, false, 1), []step{{Player.Play, 1, true}, {tick, 2, true}}, 1},
		{"pause and step", NewPlayer(4, true, 1), []step{
			{Player.Pause, 1, false}, {tick, 1, false}, {Player.Forward, 2, false}, {Player.Back, 1, false}, {Player.Back, 1, false}}, 0},
		{"back pauses", NewPlayer(4, true, 1), []step{{tick, 2, true}, {Player.Back, 1, false}}, 0},
		{"restart", NewPlayer(3, false, 1), []step{{Player.Restart, 0, true}, {tick, 1, true}}, 0},
		{"toggle", NewPlayer(3, true, 1), []step{{Player.Toggle, 1, false}, {Player.Toggle, 1, true}}, 0},
		{"single beat", NewPlayer(1, true, 1), []step{{tick, 1, false}, {Player.Play, 1, false}}, 0},
		{"empty", NewPlayer(0, true, 1), []step{{tick, 0, false}, {Player.Back, 0, false}, {Player.Play, 0, false}}, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.start
			for i, s := range tc.steps {
				p = s.do(p)
				if p.Shown != s.shown || p.Playing != s.playing {
					t.Fatalf("step %d: shown %d playing %v, want %d %v", i, p.Shown, p.Playing, s.shown, s.playing)
				}
			}
			if p.Current() != tc.current {
				t.Errorf("current %d, want %d", p.Current(), tc.current)
			}
		})
	}
}

func TestSpeeds(t *testing.T) {
	p := NewPlayer(3, true, 0)
	if p.Speed != 1 || SpeedLabel(p.Speed) != "1×" {
		t.Errorf("default speed %v %q", p.Speed, SpeedLabel(p.Speed))
	}
	if SpeedLabel(p.Slower().Speed) != "0.5×" || p.Slower().Slower().Speed != 0.5 || p.Faster().Faster().Faster().Speed != 4 {
		t.Error("speeds do not step through 0.5, 1, 2, 4")
	}
	right, _ := PlayerKey("ArrowRight")
	if got := right(NewPlayer(3, true, 1).Pause()); got.Shown != 2 {
		t.Errorf("the right arrow shows %d beats", got.Shown)
	}
	plus, _ := PlayerKey("+")
	if got := plus(p); got.Speed != 2 {
		t.Errorf("+ makes speed %v", got.Speed)
	}
	if p.Faster().Interval() != p.Interval()/2 {
		t.Errorf("twice as fast is %v, not half of %v", p.Faster().Interval(), p.Interval())
	}
}

// The hex view shows every byte once, in order, each run inside one leaf that
// really covers it.
func TestHex(t *testing.T) {
	for id, tr := range allTraces(t) {
		for i, st := range tr.Steps {
			if len(st.Bytes) == 0 {
				continue
			}
			for _, width := range []int{16, 8} {
				v := Hex(st.Bytes, st.Fields, width)
				checkHex(t, id+"/"+st.Name, i, st.Bytes, v, width)
			}
		}
	}
}

func checkHex(t *testing.T, what string, step int, b []byte, v HexView, width int) {
	t.Helper()
	leafNode := map[int]Node{}
	for _, n := range v.Nodes {
		if n.Leaf >= 0 {
			leafNode[n.Leaf] = n
		}
		if n.Lo > n.Hi || n.Hi > v.Leaves {
			t.Fatalf("%s: node %+v has a bad leaf range", what, n)
		}
	}
	var all strings.Builder
	off := 0
	for r, row := range v.Rows {
		if row.Offset != r*width {
			t.Fatalf("%s: row %d at %d", what, r, row.Offset)
		}
		n := 0
		for _, s := range row.Segs {
			bs := strings.Fields(s.Hex)
			leaf := leafNode[s.Leaf]
			if off < leaf.Offset || off+len(bs) > leaf.Offset+leaf.Length {
				t.Fatalf("%s step %d: bytes %d+%d shown as %q [%d+%d]", what, step, off, len(bs), leaf.Name, leaf.Offset, leaf.Length)
			}
			if len(s.Text) != len(bs) {
				t.Fatalf("%s: text %q for %d bytes", what, s.Text, len(bs))
			}
			off += len(bs)
			n += len(bs)
			all.WriteString(strings.Join(bs, ""))
		}
		if n > width {
			t.Fatalf("%s: row %d holds %d bytes", what, r, n)
		}
	}
	if all.String() != hex.EncodeToString(b) {
		t.Fatalf("%s: the view does not show the bytes", what)
	}
}

// Bytes the fields do not cover still show, as unlabelled runs.
func TestHexGaps(t *testing.T) {
	b := []byte("0123456789abcdefXYZ")
	fields := []wire.Field{{Name: "a", Offset: 2, Length: 3}, {Name: "g", Offset: 10, Length: 4, Sub: []wire.Field{{Name: "g1", Offset: 10, Length: 4}}}}
	v := Hex(b, fields, 16)
	checkHex(t, "gaps", 0, b, v, 16)
	var names []string
	for _, n := range v.Nodes {
		names = append(names, n.Name)
	}
	if got := strings.Join(names, ","); got != "a,g,g1,unlabelled,unlabelled,unlabelled" {
		t.Errorf("nodes %s", got)
	}
	if v.Rows[1].Segs[0].Text != "XYZ" || v.Rows[0].Segs[0].Text != "01" {
		t.Errorf("rows %+v", v.Rows)
	}
	if Offset(0x1a2) != "01a2" {
		t.Errorf("Offset = %s", Offset(0x1a2))
	}
}

func TestVerdict(t *testing.T) {
	for id, r := range allReports(t) {
		// Through the lens of Go's own client, the tone is Go's, where Go's
		// client reads the bundle the courier on screen reads (requests'):
		// the stories of the courier's environment have it read another.
		if r.Trace.Scenario.Client.HasEnvironment() {
			continue
		}
		v := VerdictFor(r, explain.GoNetHTTP)
		o := r.Trace.Outcome
		if v.Reason != o.Reason.String() || v.OK != o.OK {
			t.Errorf("%s: verdict %s/%v, outcome %s/%v", id, v.Reason, v.OK, o.Reason, o.OK)
		}
		if v.Explain == nil || v.Explain.Headline == "" || v.Explain.Analogy == "" {
			t.Errorf("%s: no explanation", id)
		}
		if len(v.Clients) != 6 {
			t.Errorf("%s: %d clients", id, len(v.Clients))
		}
		wantTone := map[bool]string{true: "ok", false: "fail"}[o.OK]
		if o.Reason == handshake.InsecureSkipVerify {
			wantTone = "warn"
		}
		if v.Tone != wantTone {
			t.Errorf("%s: tone %s, want %s", id, v.Tone, wantTone)
		}
		if (o.Check >= 0) != (v.Check != "") || v.CheckStep != o.Check {
			t.Errorf("%s: check %q at %d, outcome's check %d", id, v.Check, v.CheckStep, o.Check)
		}
	}
	// Through any other, the tone and status are the client's.
	for id, r := range allReports(t) {
		for _, c := range explain.LensClients {
			v := VerdictFor(r, c)
			want := r.Clients[c]
			if c == explain.Pip {
				want = explain.PipThen(r.Trace, r.Next)
			}
			wantTone := map[bool]string{true: "ok", false: "fail"}[want.OK]
			if r.Trace.Outcome.Reason == handshake.InsecureSkipVerify {
				wantTone = "warn"
			}
			if v.Lens.Client != c || v.Lens.OK != want.OK || v.Lens.Message != want.Message || v.Tone != wantTone || len(v.LensParts) == 0 {
				t.Errorf("%s as %s: lens %+v tone %s; the prediction %+v", id, c, v.Lens, v.Tone, want)
			}
		}
	}
	v := VerdictOf(allReports(t)["mtls-no-cert"])
	if !strings.Contains(v.Status, "bank") {
		t.Errorf("mtls-no-cert: status %q does not say the bank refused", v.Status)
	}
	v = VerdictOf(allReports(t)["hostname-mismatch"])
	if !strings.Contains(v.Status, "courier") || v.Check != "certificate is for bankofamerica.com" {
		t.Errorf("hostname-mismatch: status %q, check %q", v.Status, v.Check)
	}
}

func TestReselect(t *testing.T) {
	trs := allTraces(t)
	ok, bad := trs["verify-true"], trs["hostname-mismatch"]
	second := -1
	for i, st := range ok.Steps {
		if st.Kind == handshake.KindRecord && st.ContentType == wire.ContentChangeCipherSpec && st.Side == handshake.Client {
			second = i // the courier's, after the bank's
		}
	}
	for _, tc := range []struct {
		name     string
		old      *handshake.Trace
		selected int
		want     string
	}{
		{"nothing before", nil, -1, "server message Certificate"},
		{"same message", ok, 1, "client message ClientHello"},
		{"the courier's of two such records", ok, second, "client record ChangeCipherSpec record"},
		{"gone", trs["mtls-ok"], slicesIndex(trs["mtls-ok"].Steps, "CertificateRequest"), "server message Certificate"},
	} {
		got := bad.Steps[Reselect(tc.old, tc.selected, bad)]
		if s := got.Side.String() + " " + got.Kind.String() + " " + got.Name; s != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, s, tc.want)
		}
	}
}

func slicesIndex(steps []handshake.Step, name string) int {
	for i, st := range steps {
		if st.Name == name {
			return i
		}
	}
	return -1
}

// A run of checks that would fail but did not stop the handshake says why:
// verify=False, Go not enforcing a check, or a bank that does not verify badges.
func TestChecksNotEnforced(t *testing.T) {
	trs := allTraces(t)
	lenient := scenario.Lookup("mtls-expired-client").At(scenario.PresetClock)
	lenient.Server.ClientAuth = scenario.AuthRequest
	tr, err := handshake.Run(context.Background(), lenient)
	must(t, err)
	for _, tc := range []struct {
		name string
		tr   *handshake.Trace
		side handshake.Side
		want string
	}{
		{"verify-false-mitm", trs["verify-false-mitm"], handshake.Client, "1 would fail, but verify=False ignores it"},
		{"weak-key-rsa1024", trs["weak-key-rsa1024"], handshake.Client, "1 would fail, but Go does not enforce it"},
		{"expired badge, bank only requesting", tr, handshake.Server, "would fail, but the bank does not verify badges"},
	} {
		var subs []string
		for _, b := range Timeline(tc.tr) {
			if b.Kind == CheckRun && b.Side == tc.side {
				subs = append(subs, b.Sub)
			}
		}
		if !slices.ContainsFunc(subs, func(s string) bool { return strings.HasSuffix(s, tc.want) }) {
			t.Errorf("%s: %s checks say %q, want %q", tc.name, tc.side, subs, tc.want)
		}
	}
}

// A Certificate too long for one record (many-sans) is drawn in the record
// that ends it; the record before, which carries only its beginning, is called
// by the message and its part, not "ApplicationData record".
func TestTimelineMessageOverRecords(t *testing.T) {
	var labels []string
	for _, b := range Timeline(allTraces(t)["many-sans"]) {
		labels = append(labels, b.Label)
	}
	first, last := slices.Index(labels, "Certificate (part 1 of 2)"), slices.Index(labels, "Certificate")
	if first < 0 || last != first+1 {
		t.Errorf("beats %q: want \"Certificate (part 1 of 2)\" right before \"Certificate\"", labels)
	}
}

func TestFieldKeys(t *testing.T) {
	for _, tt := range []struct {
		key      string
		cur, n   int
		want     int
		consumed bool
	}{
		{"ArrowDown", 0, 5, 1, true},
		{"ArrowRight", 3, 5, 4, true},
		{"ArrowDown", 4, 5, 4, true},
		{"ArrowUp", 0, 5, 0, true},
		{"ArrowLeft", 2, 5, 1, true},
		{"Home", 3, 5, 0, true},
		{"End", 1, 5, 4, true},
		{"PageDown", 1, 30, 11, true},
		{"PageUp", 5, 30, 0, true},
		{"Tab", 2, 5, 2, false},
		{"a", 2, 5, 2, false},
		{"ArrowDown", 0, 0, 0, false},
	} {
		got, ok := FieldKeys(tt.key, tt.cur, tt.n)
		if got != tt.want || ok != tt.consumed {
			t.Errorf("FieldKeys(%q, %d, %d) = %d, %v; want %d, %v", tt.key, tt.cur, tt.n, got, ok, tt.want, tt.consumed)
		}
	}
	tr := allTraces(t)["verify-true"]
	st := &tr.Steps[1]
	v := Hex(st.Bytes, st.Fields, 16)
	for l := range v.Leaves {
		i := v.LeafNode(l)
		if i < 0 || v.Nodes[i].Lo != l || v.Nodes[i].Hi != l+1 {
			t.Errorf("leaf %d: node %d", l, i)
		}
	}
	if v.LeafNode(v.Leaves) != -1 {
		t.Error("a node for a leaf that is not there")
	}
}
