package tree

import (
	"strconv"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/ui"
)

// The inspector shows one step: what it is, its certificates, its bytes with
// their fields, and the key log when it is a secret. A step's bytes can make
// thousands of rows (a certificate of a thousand names): the page draws the
// rows of its byte view (FieldRow, HexRow) a batch per task, into the
// containers ByteView makes.

// InspectorHint is the inspector when no step is picked.
func InspectorHint() []*Node {
	return []*Node{El("p", Class("hint"), "Pick a message in the handshake to see its bytes.")}
}

// StepHead is what the inspector shows of step i above its bytes, where the
// verdict the person sees is about check step about (ui.Verdict.AboutStep).
func StepHead(t *handshake.Trace, i, about int) []*Node {
	st := &t.Steps[i]
	who := "the courier"
	if st.Side == handshake.Server {
		who = "the bank"
	}
	facts := []any{El("span", Class("tag"), strings.ReplaceAll(st.Kind.String(), "_", " "))}
	switch st.Kind {
	case handshake.KindCheck:
		facts = append(facts, "checked by "+who)
	case handshake.KindSecret:
		facts = append(facts, "learned by "+who)
	default:
		facts = append(facts, "sent by "+who)
	}
	if len(st.Bytes) > 0 {
		facts = append(facts, " · "+strconv.Itoa(len(st.Bytes))+" bytes")
	}
	if st.Encrypted {
		if st.Kind == handshake.KindRecord {
			facts = append(facts, " · ciphertext as it crossed the wire")
		} else {
			facts = append(facts, " · travelled encrypted, shown decrypted with the key log")
		}
	}
	out := []*Node{
		El("h3", ui.StepLabel(st)),
		El("p", Class("facts"), facts),
		El("p", Class("step-words"), ui.StepWordsAbout(t, i, about)),
	}
	if st.Kind == handshake.KindCheck {
		out = append(out, checkFacts(st))
	} else if st.Detail != "" {
		out = append(out, El("p", Class("detail"), st.Detail))
	}
	for i, c := range st.Certs {
		out = append(out, certCard(i, c))
	}
	return out
}

// KeyLog is what the inspector shows of step i below its bytes: the whole key
// log, for a secret; else nil.
func KeyLog(t *handshake.Trace, i int) *Node {
	if t.Steps[i].Kind != handshake.KindSecret || t.KeyLog == "" {
		return nil
	}
	return El("details", Class("keylog"),
		El("summary", "The whole key log (NSS format, as Wireshark reads it)"),
		El("pre", t.KeyLog))
}

var checkResults = map[string]string{ui.Pass: "passed", ui.Fail: "failed", ui.Advisory: "would fail, but verify=False does not enforce it"}

func checkFacts(st *handshake.Step) *Node {
	state := ui.CheckState(st)
	dl := El("dl", Class("check-facts "+state), El("dt", "Result"), El("dd", checkResults[state]))
	if st.Detail != "" {
		dl.add([]any{El("dt", "Evidence"), El("dd", st.Detail)})
	}
	if st.Reason != nil {
		dl.add([]any{Attr{"data-reason", st.Reason.String()}})
	}
	return dl
}

// certCard is one decoded certificate.
func certCard(i int, c handshake.CertSummary) *Node {
	dl := El("dl")
	for _, r := range ui.CertRows(c) {
		dl.add([]any{El("dt", r.Label), El("dd", r.Value)})
	}
	pos := "the leaf"
	if i > 0 {
		pos = "certificate " + strconv.Itoa(i+1)
	}
	if c.SelfSigned {
		pos += ", self-signed"
	}
	open := ""
	if i == 0 {
		open = "open"
	}
	return El("details", Class("cert"), Attr{"open", open},
		El("summary", El("span", Class("cert-pos"), pos), " ", El("strong", c.Subject)), dl)
}

// ByteView is the field tree beside the hex dump of a step's bytes, laid out
// width bytes a row, both empty: their rows follow (FieldRow, HexRow).
// Hovering either highlights the other; the field list is one tab stop, the
// arrow keys move within it (ui.FieldKeys).
func ByteView(width int) *Node {
	return El("div", Class("bytes"),
		El("ol", Class("fields"), Attr{"aria-label", "fields (arrow keys move between them)"}),
		El("div", Class("hex w"+strconv.Itoa(width)), Attr{"role", "img"}, Attr{"aria-label", "the bytes in hexadecimal"}))
}

// FieldRow is row i of the field tree, the list's tab stop for the first.
func FieldRow(v ui.HexView, i int) *Node {
	n := v.Nodes[i]
	tab := "-1"
	if i == 0 {
		tab = "0"
	}
	c := "frow depth-" + strconv.Itoa(min(n.Depth, 6))
	if n.Leaf < 0 {
		c += " branch"
	}
	return El("li", Class(c), Attr{"data-node", strconv.Itoa(i)},
		Attr{"data-lo", strconv.Itoa(n.Lo)}, Attr{"data-hi", strconv.Itoa(n.Hi)}, Attr{"tabindex", tab},
		El("span", Class("fname"), n.Name),
		El("span", Class("fval"), n.Value),
		El("span", Class("frange"), "["+strconv.Itoa(n.Offset)+"+"+strconv.Itoa(n.Length)+"]"))
}

// HexRow is row i of the hex dump: its offset, then each run of bytes of one
// leaf in hex and as text (data-leaf, odd leaves marked).
func HexRow(v ui.HexView, i int) *Node {
	r := v.Rows[i]
	hexCol, textCol := El("span", Class("hx")), El("span", Class("tx"))
	for i, s := range r.Segs {
		if i > 0 {
			hexCol.add([]any{" "})
		}
		parity := ""
		if s.Leaf%2 == 1 {
			parity = "odd"
		}
		leaf := strconv.Itoa(s.Leaf)
		hexCol.add([]any{El("span", Attr{"data-leaf", leaf}, Class(parity), s.Hex)})
		textCol.add([]any{El("span", Attr{"data-leaf", leaf}, Class(parity), s.Text)})
	}
	return El("div", Class("row"), El("span", Class("off"), ui.Offset(r.Offset)), hexCol, textCol)
}
