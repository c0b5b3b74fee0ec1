package handshake

import (
	"testing"

	"github.com/tlsplay/tlsplay/handshake/wire"
)

// TestFieldsTile checks the byte view's promise: every byte of every step that has
// bytes belongs to exactly one labelled field, at every depth, and everything Go
// sent decodes and decrypts.
func TestFieldsTile(t *testing.T) {
	forEachCase(t, func(t *testing.T, c tcase, tr *Trace) {
		checkSteps(t, tr)
		for i, st := range tr.Steps {
			switch {
			case st.Kind == KindRecord && st.Detail != "":
				t.Errorf("step %d (%s): %s", i, label(st), st.Detail)
			case st.Kind == KindMessage && st.Detail != "":
				t.Errorf("step %d (%s) does not decode: %s", i, label(st), st.Detail)
			}
			if hasField(st.Fields, "undecodable bytes") {
				t.Errorf("step %d (%s) has undecodable bytes", i, label(st))
			}
		}
	})
}

// checkSteps asserts what must hold of any trace, even one of garbage: fields tile
// bytes, and each step on the wire points at the record that carried it.
func checkSteps(t *testing.T, tr *Trace) {
	t.Helper()
	for i, st := range tr.Steps {
		if len(st.Bytes) > 0 {
			if err := wire.CheckTiling(st.Fields, len(st.Bytes)); err != nil {
				t.Errorf("step %d (%s, %d bytes): %v", i, label(st), len(st.Bytes), err)
			}
		} else if len(st.Fields) > 0 {
			t.Errorf("step %d (%s) has fields but no bytes", i, label(st))
		}
		switch {
		case st.Kind == KindRecord && (st.Record == i || st.Record == -1):
			// A record, or bytes that never made a whole record.
		case st.Kind == KindRecord, st.Kind == KindMessage, st.Kind == KindAlert, st.Kind == KindCCS, st.Kind == KindAppData:
			// Content carried by a record; content of an unknown type keeps the
			// record kind.
			if st.Record < 0 || st.Record >= i {
				t.Errorf("step %d (%s) carried by record %d", i, label(st), st.Record)
			} else if r := tr.Steps[st.Record]; r.Kind != KindRecord || r.Record != st.Record || r.Side != st.Side {
				t.Errorf("step %d (%s) carried by step %d (%s %s)", i, label(st), st.Record, r.Side, r.Kind)
			}
		default:
			if st.Record != -1 {
				t.Errorf("step %d (%s, %s) is off the wire but says record %d", i, label(st), st.Kind, st.Record)
			}
		}
	}
}

func hasField(fields []Field, name string) bool {
	for _, f := range fields {
		if f.Name == name || hasField(f.Sub, name) {
			return true
		}
	}
	return false
}
