package tree

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
)

func TestNodeJSON(t *testing.T) {
	for _, tt := range []struct {
		name string
		node *Node
		want string
	}{
		{"text", El("p", "a <b> & c"), `{"t":"p","c":["a \u003cb\u003e \u0026 c"]}`},
		{"empty text is none", El("p", "", Class("x")), `{"t":"p","a":["class","x"]}`},
		{"empty attribute is none", El("a", Attr{"title", ""}, Attr{"href", "#x"}), `{"t":"a","a":["href","#x"]}`},
		{"an option's empty value stays", El("option", Attr{"value", ""}, "Go's default"), `{"t":"option","a":["value",""],"c":["Go's default"]}`},
		{"nil children skipped", El("div", nil, (*Node)(nil), []*Node{nil, El("br")}, []any{"x", nil}), `{"t":"div","c":[{"t":"br"},"x"]}`},
		{"attribute order kept", El("b", Attr{"z", "1"}, Attr{"a", "2"}), `{"t":"b","a":["z","1","a","2"]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.node)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Fatalf("got  %s\nwant %s", b, tt.want)
			}
			var back Node
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if !SameNode(&back, tt.node) {
				t.Errorf("read back differently: %+v", back)
			}
		})
	}
	var n Node
	if err := json.Unmarshal([]byte(`{"a":["class","x"]}`), &n); err == nil {
		t.Error("an element without a tag was read")
	}
}

// TestAppendJSON holds the page's encoder of trees to encoding/json's: both
// read back as the same trees, whatever the text holds.
func TestAppendJSON(t *testing.T) {
	for _, tt := range []struct {
		name  string
		nodes []*Node
	}{
		{"none", nil},
		{"text alone", []*Node{{Text: "plain"}}},
		{"nested", []*Node{El("div", Class("a b"), El("p", "x", El("strong", "y")), "z"), El("br")}},
		{"escapes", []*Node{El("p", Attr{"title", `say "hi" \ there`}, "tab\there\nnew\rline \x00 \x1f \u2028 <b>&")}},
		{"not UTF-8", []*Node{El("p", "bad \xff\xfe bytes \xe2\x82 end", Attr{"data-x", "\xc3"})}},
		{"multibyte", []*Node{El("p", "élan — 中文 🔒")}},
		{"an option's empty value", []*Node{El("option", Attr{"value", ""}, "Go's default")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := AppendJSON([]byte("x"), tt.nodes)
			if got[0] != 'x' {
				t.Fatal("AppendJSON did not append")
			}
			want, err := json.Marshal(plainNodes(tt.nodes))
			if err != nil {
				t.Fatal(err)
			}
			if tt.nodes == nil {
				want = []byte("[]")
			}
			var a, b []*Node
			if err := json.Unmarshal(got[1:], &a); err != nil {
				t.Fatalf("%s: %v", got[1:], err)
			}
			if err := json.Unmarshal(want, &b); err != nil {
				t.Fatal(err)
			}
			if !sameKids(a, b) {
				t.Errorf("got  %s\nwant %s", got[1:], want)
			}
		})
	}
}

// plainNodes is nodes in the JSON's shape as encoding/json writes it by
// reflection, so that TestAppendJSON holds the page's encoder (which
// MarshalJSON uses too) to one it did not write.
func plainNodes(nodes []*Node) []any {
	out := make([]any, 0, len(nodes))
	for _, n := range nodes {
		if n.Tag == "" {
			out = append(out, n.Text)
			continue
		}
		out = append(out, struct {
			T string   `json:"t"`
			A []string `json:"a,omitempty"`
			C []any    `json:"c,omitempty"`
		}{n.Tag, n.Attrs, plainNodes(n.Kids)})
	}
	return out
}

// TestStoryPaints draws every story through every lens as make site does and
// holds each paint, the inspector's trees of every step and the editor's, to what
// site/paint.js can build (its tag and attribute allow-lists) and site/index.html holds (the parts' ids).
// Its prose holds no backtick.
func TestStoryPaints(t *testing.T) {
	js, err := os.ReadFile("../../site/paint.js")
	if err != nil {
		t.Fatal(err)
	}
	tags := regexp.MustCompile(`const TAGS = "([a-z0-9 ]+)"`).FindSubmatch(js)
	attrs := regexp.MustCompile(`const ATTRS = /(.+)/;`).FindSubmatch(js)
	if tags == nil || attrs == nil {
		t.Fatal("site/paint.js: no TAGS or ATTRS")
	}
	allowedTag := map[string]bool{}
	for _, tag := range strings.Fields(string(tags[1])) {
		allowedTag[tag] = true
	}
	allowedAttr := regexp.MustCompile(string(attrs[1]))
	page, err := os.ReadFile("../../site/index.html")
	if err != nil {
		t.Fatal(err)
	}
	var check func(story string, n *Node)
	check = func(story string, n *Node) {
		if n.Tag == "" {
			return
		}
		if !allowedTag[n.Tag] {
			t.Errorf("%s: <%s> is not in paint.js's TAGS", story, n.Tag)
		}
		for i := 0; i+1 < len(n.Attrs); i += 2 {
			k, v := n.Attrs[i], n.Attrs[i+1]
			if !allowedAttr.MatchString(k) && (k != "href" || !strings.HasPrefix(v, "#")) {
				t.Errorf("%s: <%s %s=%q> is not allowed by paint.js's ATTRS", story, n.Tag, k, v)
			}
		}
		for _, k := range n.Kids {
			check(story, k)
		}
	}
	// Prose is text, where a backtick reads as itself: only code (pre,
	// code) may hold one.
	var prose func(story string, n *Node)
	prose = func(story string, n *Node) {
		switch {
		case n.Tag == "pre" || n.Tag == "code":
		case n.Tag == "" && strings.Contains(n.Text, "`"):
			t.Errorf("%s: a backtick in the prose %q", story, n.Text)
		default:
			for _, k := range n.Kids {
				prose(story, k)
			}
		}
	}
	e, err := flow.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range scenario.Presets {
		run, err := e.Answer(context.Background(), flow.Story(p.ID))
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		// The editor's trees go through the same builder.
		editor := El("div", EditorFrame(), EditorStatus("status", []string{"a problem"}))
		for _, g := range ui.NewEditor(p.Scenario()).Form() {
			editor.add([]any{EditorGroup(g)})
		}
		check(p.ID+" (editor)", editor)
		// The inspector's trees, of every step, go through the same builder.
		tr := run.Report.Trace
		check(p.ID+" (inspector)", El("div", InspectorHint()))
		for i, st := range tr.Steps {
			inspector := El("div", StepHead(tr, i, tr.Outcome.Check), KeyLog(tr, i), ByteView(16))
			v := ui.Hex(st.Bytes, st.Fields, 16)
			for k := range v.Nodes {
				inspector.add([]any{FieldRow(v, k)})
			}
			for k := range v.Rows {
				inspector.add([]any{HexRow(v, k)})
			}
			check(p.ID+" (inspector)", inspector)
		}
		for _, c := range explain.LensClients {
			paint := PagePaint(p.ID, run.Report, c)
			for _, part := range paint.Parts {
				if !strings.Contains(string(page), `id="`+part.ID+`"`) {
					t.Errorf("%s: index.html has no #%s", p.ID, part.ID)
				}
				for _, k := range part.Kids {
					check(p.ID, k)
					prose(p.ID+", "+c, k)
				}
			}
			// The verdict painted is the lens's, its headline in view.
			v := ui.VerdictFor(run.Report, c)
			var verdict Part
			for _, part := range paint.Parts {
				if part.ID == "verdict" {
					verdict = part
				}
			}
			if !strings.Contains(El("div", verdict.Kids).Texts(), v.Lens.Headline) {
				t.Errorf("%s, %s: the verdict part does not hold the headline %q", p.ID, c, v.Lens.Headline)
			}
		}
	}
}

// Same and SameNode tell trees apart by anything that draws differently, and
// agree with their JSON, which the first paint reads.
func TestSame(t *testing.T) {
	base := func() *Node {
		return El("li", Class("beat"), Attr{"data-step", "3"}, El("span", "ClientHello"), " 1.5 kB")
	}
	for _, tt := range []struct {
		name string
		edit func(n *Node)
		same bool
	}{
		{"the same", func(*Node) {}, true},
		{"another tag", func(n *Node) { n.Tag = "div" }, false},
		{"another attribute value", func(n *Node) { n.Attrs[len(n.Attrs)-1] = "4" }, false},
		{"one attribute fewer", func(n *Node) { n.Attrs = n.Attrs[:len(n.Attrs)-2] }, false},
		{"another text", func(n *Node) { n.Kids[1].Text = " 1.6 kB" }, false},
		{"a deeper text", func(n *Node) { n.Kids[0].Kids[0].Text = "ServerHello" }, false},
		{"one child fewer", func(n *Node) { n.Kids = n.Kids[:1] }, false},
		{"no attributes, nil or empty", func(n *Node) { n.Kids[0].Attrs = []string{} }, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, b := base(), base()
			tt.edit(b)
			x, _ := json.Marshal(a)
			y, _ := json.Marshal(b)
			if got := SameNode(a, b); got != tt.same || got != (string(x) == string(y)) {
				t.Errorf("SameNode %v, want %v (JSON equal: %v)", got, tt.same, string(x) == string(y))
			}
			if got := Same(Part{ID: "p", Kids: []*Node{a}}, Part{ID: "p", Kids: []*Node{b}}); got != tt.same {
				t.Errorf("Same %v, want %v", got, tt.same)
			}
		})
	}
	if Same(Part{ID: "a"}, Part{ID: "b"}) || Same(Part{ID: "a"}, Part{ID: "a", Keep: true}) || !SameNode(nil, nil) || SameNode(nil, &Node{}) {
		t.Error("parts with other ids or Keep, or a nil node, compare as the same")
	}
}

// A story about dates says, under its story, the day it is set on and why;
// the others, which happen today, say nothing of a date; an edited date story
// whose clock the person moved is no longer on that day.
func TestDateNote(t *testing.T) {
	visit := time.Date(2026, time.December, 6, 15, 0, 0, 0, time.UTC)
	for _, p := range scenario.Presets {
		_, _, story := Heading(p.At(visit))
		has := strings.Contains(story, "This story is set on 1 June 2026, not today: ")
		if has != (p.AboutDates != "") {
			t.Errorf("%s (about dates: %v): story %q", p.ID, p.AboutDates != "", story)
		}
	}
	s := scenario.Lookup("expired").At(visit)
	s.Certs[2].DNSNames = append(s.Certs[2].DNSNames, "more.bank.example")
	if _, _, story := Heading(s); !strings.HasSuffix(story, scenario.DateNote(s)) || scenario.DateNote(s) == "" {
		t.Errorf("edited, clock kept: %q", story)
	}
	s.Now = s.Now.AddDate(0, 0, 3)
	if _, _, story := Heading(s); strings.Contains(story, "set on") {
		t.Errorf("edited, clock moved: %q", story)
	}
}

// The verdict a requests user reads tells a failure apart by what requests
// prints, not by Go's message, which that user never sees.
func TestVerdictTellsApartInTheClientsWords(t *testing.T) {
	e, err := flow.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ story, client, says, not string }{
		{"cn-only", explain.Requests, `How to tell it apart: Python requests says "Hostname mismatch"`, "Go says"},
		{"not-a-ca", explain.Requests, `How to tell it apart: Python requests says "invalid CA certificate"`, "Go's message"},
		{"cn-only", explain.GoNetHTTP, `How to tell it apart: Go says "relies on legacy Common Name field"`, "Python requests says"},
		{"untrusted-root", explain.Requests, `How to tell it apart: Python requests tells two of the four causes`, "The same error message"},
	} {
		run, err := e.Answer(context.Background(), flow.Story(tt.story))
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		for _, k := range Verdict(ui.VerdictFor(run.Report, tt.client), false).Kids {
			text.WriteString(k.Texts())
		}
		if s := text.String(); !strings.Contains(s, tt.says) || strings.Contains(s, tt.not) {
			t.Errorf("%s as %s: the verdict does not say %q, or says %q:\n%s", tt.story, tt.client, tt.says, tt.not, s)
		}
	}
}

// TestLaneHost: the bank's lane names the dialled host whole (its title, and
// its text as copied), with a line break opportunity after each dot and
// none inside a label: a narrow lane broke "bankofameric a.com".
func TestLaneHost(t *testing.T) {
	for _, tt := range []struct{ dial, want string }{
		{"bankofamerica.com", "bankofamerica.|com"},
		{"a.b.example.", "a.|b.|example."},
		{"192.0.2.10", "192.|0.|2.|10"},
		{"2001:db8::1", "2001:|db8:|:|1"},
		{"localhost", "localhost"},
	} {
		s := scenario.Lookup("verify-true").At(scenario.PresetClock)
		s.Client.Dial = tt.dial
		var host Part
		for _, p := range Lanes(&handshake.Trace{Scenario: s}) {
			if p.ID == "bank-host" {
				host = p
			}
		}
		var got strings.Builder
		for _, k := range host.Kids {
			switch k.Tag {
			case "":
				got.WriteString(k.Text)
			case "wbr":
				got.WriteString("|")
			default:
				t.Errorf("%s: a %s in the lane's host", tt.dial, k.Tag)
			}
		}
		if title := slices.Index(host.Attrs, "title"); got.String() != tt.want || title < 0 || host.Attrs[title+1] != tt.dial {
			t.Errorf("%s: lane host %q (attributes %q), want %q titled with the whole name", tt.dial, got.String(), host.Attrs, tt.want)
		}
	}
}

// TestSameCallOnce: where the fix leaves the call as it is (the bundle's
// content changes, or the bank's certificate, or nothing: verify-true showed
// its working call under "✗ The call as it is"), the page shows the call
// once, not as a wrong call and a right one that read the same; where the
// call changes, both.
func TestSameCallOnce(t *testing.T) {
	e, err := flow.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		story string
		pair  bool   // the call as it is and the call that works
		same  string // else the one card's title
	}{
		{"custom-ca-bundle-intermediate", false, "The same call works once that is done"},
		{"mtls-wrong-ca", false, "The same call works once that is done"},
		{"weak-key-rsa1024", false, "Your call, fine as it is"},
		{"verify-true", false, "Your call, fine as it is"},
		{"hostname-mismatch", true, ""},
		{"internal-ca-default-bundle", true, ""},
	} {
		run, err := e.Answer(context.Background(), flow.Story(tt.story))
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		for _, k := range Verdict(ui.VerdictFor(run.Report, explain.Requests), false).Kids {
			text.WriteString(k.Texts())
		}
		s := text.String()
		if got := strings.Contains(s, "The call as it is") && strings.Contains(s, "The call that works"); got != tt.pair {
			t.Errorf("%s: a wrong and a right call shown: %v, want %v:\n%s", tt.story, got, tt.pair, s)
		}
		if !tt.pair && (!strings.Contains(s, "requests.get(") || !strings.Contains(s, tt.same)) {
			t.Errorf("%s: the call is not shown once as %q:\n%s", tt.story, tt.same, s)
		}
	}
}

// Under a lens the fix panel shows that client's calls: #expired?client=curl
// the curl command once, as the call that stays; #mtls-no-cert?client=go Go's
// code as it is and as it works; requests' call among the others.
func TestFixPanelLens(t *testing.T) {
	e, err := flow.New()
	if err != nil {
		t.Fatal(err)
	}
	// find is the texts of the nodes of class cls under n.
	var find func(n *Node, cls string) []string
	find = func(n *Node, cls string) []string {
		var out []string
		for i := 0; i+1 < len(n.Attrs); i += 2 {
			if n.Attrs[i] == "class" && slices.Contains(strings.Fields(n.Attrs[i+1]), cls) {
				out = append(out, n.Texts())
			}
		}
		for _, k := range n.Kids {
			out = append(out, find(k, cls)...)
		}
		return out
	}
	for _, tt := range []struct {
		id, client string
		cards      [][2]string // the fix's code cards: caption, code
		others     string
	}{
		{"expired", explain.Curl, [][2]string{{"Your call, fine as it is", "curl https://bank.example/vault"}}, "The same with requests, openssl, Node.js and Go"},
		{"mtls-no-cert", explain.GoNetHTTP, [][2]string{{"The call as it is", "resp, err := http.Get(\"https://bank.example/vault\")"},
			{"The call that works", "pair, err := tls.LoadX509KeyPair(\"client.crt\", \"client.key\")"}}, "The same with requests, curl, openssl and Node.js"},
	} {
		run, err := e.Answer(context.Background(), flow.Story(tt.id))
		if err != nil {
			t.Fatal(err)
		}
		fix := El("div", Verdict(ui.VerdictFor(run.Report, tt.client), false).Kids)
		cards := find(fix, "code")
		if len(cards) != len(tt.cards) {
			t.Fatalf("%s?client=%s: the fix's cards %q", tt.id, tt.client, cards)
		}
		for i, want := range tt.cards {
			if !strings.HasPrefix(cards[i], want[0]+want[1]) {
				t.Errorf("%s?client=%s: card %d is %q, want it to open with %q", tt.id, tt.client, i, cards[i], want[0]+want[1])
			}
		}
		if others := find(fix, "others"); len(others) != 1 || !strings.HasPrefix(others[0], tt.others) || !strings.Contains(others[0], "requests.get(") {
			t.Errorf("%s?client=%s: the other clients' calls %q", tt.id, tt.client, others)
		}
	}
}

// The verdict's what-if button asks in the lens's words: pip's
// --trusted-host, not requests' verify=False.
func TestWhatIfButtonInLensWords(t *testing.T) {
	e, err := flow.New()
	if err != nil {
		t.Fatal(err)
	}
	run, err := e.Answer(context.Background(), flow.Story("hostname-mismatch"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ client, says, not string }{
		{explain.Pip, "What if I turn verification off (--trusted-host)?", "verify=False"},
		{explain.Requests, "What if I set verify=False?", "--trusted-host"},
	} {
		text := El("div", Verdict(ui.VerdictFor(run.Report, tt.client), true).Kids).Texts()
		if !strings.Contains(text, tt.says) || strings.Contains(text, tt.not) {
			t.Errorf("hostname-mismatch as %s: the verdict does not ask %q, or says %q:\n%s", tt.client, tt.says, tt.not, text)
		}
	}
}
