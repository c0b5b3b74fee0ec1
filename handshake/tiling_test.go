package handshake

import (
	"strings"
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

// A protected record's payload shows what its suite puts there: TLS 1.3 and
// ChaCha20 a ciphertext and a 16-byte tag, TLS 1.2's AES-GCM an 8-byte
// explicit nonce first, CBC a 16-byte IV and then the encrypted content with
// its HMAC and padding.
func TestProtectedPayloadLayout(t *testing.T) {
	for _, tc := range []struct {
		trace *Trace
		parts []string
		fixed map[string]int
	}{
		{presetTrace(t, "verify-true"), []string{"ciphertext", "authentication tag"}, map[string]int{"authentication tag": 16}},
		{variantTrace(t, "aes256-sha384@1.2"), []string{"explicit nonce", "ciphertext", "authentication tag"}, map[string]int{"explicit nonce": 8, "authentication tag": 16}},
		{variantTrace(t, "chacha20@1.2"), []string{"ciphertext", "authentication tag"}, map[string]int{"authentication tag": 16}},
		{variantTrace(t, "cbc-sha@1.2"), []string{"IV", "ciphertext"}, map[string]int{"IV": 16}},
	} {
		seen := 0
		for _, st := range tc.trace.Steps {
			if st.Kind != KindRecord || !st.Encrypted || len(st.Fields) < 4 {
				continue
			}
			payload := st.Fields[len(st.Fields)-1]
			var names []string
			for _, f := range payload.Sub {
				names = append(names, f.Name)
				if n, ok := tc.fixed[f.Name]; ok && f.Length != n {
					t.Errorf("%s: %s is %d bytes, want %d", tc.trace.Scenario.ID, f.Name, f.Length, n)
				}
			}
			if strings.Join(names, ",") != strings.Join(tc.parts, ",") {
				t.Errorf("%s, %s: payload parts %q, want %q", tc.trace.Scenario.ID, label(st), names, tc.parts)
			}
			seen++
		}
		if seen == 0 {
			t.Errorf("%s: no protected record", tc.trace.Scenario.ID)
		}
	}
}
