package tree

import (
	"strconv"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/ui"
)

// Lanes are the diagram's two lanes and the stage around them: an imposter
// answering is its own party, with its lane, its colour and its messages.
func Lanes(t *handshake.Trace) []Part {
	imposter := t.Scenario.Imposter != nil
	dial := t.Scenario.Client.Dial
	return []Part{
		textPart("bank-name", map[bool]string{false: "Bank", true: "Imposter"}[imposter]),
		{ID: "bank-lane", Attrs: []string{"class", map[bool]string{false: "lane bank", true: "lane bank imposter"}[imposter]}, Keep: true},
		{ID: "stage", Attrs: []string{"class", map[bool]string{false: "stage", true: "stage imposter-answers"}[imposter]}, Keep: true},
		{ID: "bank-host", Attrs: []string{"title", dial}, Kids: HostBreaks(dial)},
	}
}

// HostBreaks is a host name as text that a narrow lane wraps only after a
// dot (or an address's colon), never inside a label ("bankofameric a.com"):
// a line break opportunity (wbr) after each. Copied, it is the name as it is.
func HostBreaks(host string) []*Node {
	var out []*Node
	for host != "" {
		i := strings.IndexAny(host, ".:")
		if i < 0 || i == len(host)-1 {
			out = append(out, &Node{Text: host})
			break
		}
		out = append(out, &Node{Text: host[:i+1]}, El("wbr"))
		host = host[i+1:]
	}
	return out
}

// Diagram is the handshake as the beats of its timeline, every one shown.
func Diagram(t *handshake.Trace, beats []ui.Beat) Part {
	p := Part{ID: "diagram", Attrs: []string{"data-beats", strconv.Itoa(len(beats))}}
	for i, b := range beats {
		p.Kids = append(p.Kids, Beat(t, i, b))
	}
	return p
}

// Beat is beat i of t's timeline.
func Beat(t *handshake.Trace, i int, b ui.Beat) *Node {
	li := El("li", Attr{"data-beat", strconv.Itoa(i)}, Class(beatClass(b)))
	switch b.Kind {
	case ui.Flight:
		li.add([]any{flight(t, b)})
	case ui.CheckRun:
		li.add([]any{checkRun(t, b)})
	default:
		st := &t.Steps[b.Step]
		li.add([]any{El("div", Class("note"),
			El("span", Class("tag"), string(b.Kind)),
			StepButton(b.Step, st.Name, "", ""),
			El("span", Class("sub"), b.Sub))})
	}
	return li
}

func beatClass(b ui.Beat) string {
	c := "beat " + string(b.Kind) + " side-" + b.Side.String()
	for _, f := range []struct {
		on   bool
		name string
	}{{b.Encrypted, "enc"}, {b.Alert, "alert"}, {b.Fatal, "fatal"}, {b.Failed, "failed"}, {b.Verdict, "decisive"}} {
		if f.on {
			c += " " + f.name
		}
	}
	return c
}

// flight is a record crossing the wire, with a button for each message in it.
func flight(t *handshake.Trace, b ui.Beat) *Node {
	from := ", from the courier"
	if b.Side == handshake.Server {
		from = ", from the bank"
		if t.Scenario.Imposter != nil {
			from = ", from the imposter"
		}
	}
	var msgs []*Node
	for _, j := range b.Items {
		name := ui.StepLabel(&t.Steps[j])
		msgs = append(msgs, StepButton(j, name, "msg", name+from))
	}
	if len(b.Items) == 0 {
		name := ui.StepLabel(&t.Steps[b.Step])
		msgs = append(msgs, StepButton(b.Step, name, "msg", name+from))
	}
	var lock *Node
	if b.Encrypted {
		lock = El("span", Class("tag enc-tag"), Attr{"title", "travelled encrypted; shown decrypted with the key log"}, "encrypted")
	}
	dir := "→"
	if b.Side == handshake.Server {
		dir = "←"
	}
	return El("div", Class("wire"),
		El("div", Class("msgs"), msgs),
		El("div", Class("arrow"), Attr{"aria-hidden", "true"}, El("span", Class("envelope"))),
		El("div", Class("meta"),
			El("span", Class("dir"), Attr{"aria-hidden", "true"}, dir),
			lock,
			El("button", Attr{"type", "button"}, Class("record-link"), Attr{"data-step", strconv.Itoa(b.Step)},
				Attr{"title", "the whole record as it crossed the wire"}, Attr{"aria-label", "the record, " + b.Sub + from}, "record, "+b.Sub)))
}

// CheckMarks are a check's marks by its state.
var CheckMarks = map[string]string{ui.Pass: "✓", ui.Fail: "✗", ui.Advisory: "!"}

// checkRun is a run of checks on one side: failed ones always in view, the
// passing ones folded.
func checkRun(t *handshake.Trace, b ui.Beat) *Node {
	var failed, passed []*Node
	for _, j := range b.Items {
		st := &t.Steps[j]
		state := ui.CheckState(st)
		mark := CheckMarks[state]
		if b.Verdict && j == b.VerdictCheck {
			state += " verdict-check"
		}
		q, answer := ui.CheckWords(st)
		short, _, _ := strings.Cut(answer, ":")
		item := El("li", Class("check "+state),
			El("span", Class("mark"), Attr{"aria-hidden", "true"}, mark),
			StepButton(j, q+" "+short, "", q+" "+answer))
		if state == ui.Pass {
			passed = append(passed, item)
		} else {
			failed = append(failed, item)
		}
	}
	var more *Node
	if len(passed) > 0 {
		label := strconv.Itoa(len(passed)) + " passed"
		if len(failed) == 0 {
			label = "all " + label
		}
		more = El("details", El("summary", label), El("ul", passed))
	}
	return El("div", Class("note"),
		El("span", Class("tag"), "checks"),
		El("span", Class("label"), b.Label),
		El("span", Class("sub"), b.Sub),
		El("ul", failed),
		more)
}

// StepButton opens a step in the inspector; name, when given, is what a
// screen reader says for it (what the eye gets from arrows and marks).
func StepButton(step int, label, class, name string) *Node {
	return El("button", Attr{"type", "button"}, Class(class), Attr{"data-step", strconv.Itoa(step)}, Attr{"aria-label", name}, label)
}
