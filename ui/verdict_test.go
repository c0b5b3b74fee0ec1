package ui

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
)

// The engine's answer carries its explanation; the page reads it typed and
// shows the verdict of the engine's own trace. A trace without one (as an
// older engine answered) is explained on the spot, to the same verdict.
func TestDecodeTrace(t *testing.T) {
	for id, tr := range allTraces(t) {
		want := VerdictOf(tr)
		if want.Explain == nil || len(want.Clients) != len(explain.ClientKeys) {
			t.Fatalf("%s: the verdict is not explained", id)
		}
		full, err := json.Marshal(tr)
		must(t, err)
		plain := *tr
		plain.Outcome.Explain, plain.Outcome.Clients = nil, nil
		bare, err := json.Marshal(&plain)
		must(t, err)
		for name, b := range map[string][]byte{"explained": full, "bare": bare} {
			got, err := DecodeTrace(b)
			must(t, err)
			if (got.Outcome.Explain != nil) != (name == "explained") || (got.Outcome.Clients != nil) != (name == "explained") {
				t.Errorf("%s %s: explanation %T, clients %T", id, name, got.Outcome.Explain, got.Outcome.Clients)
			}
			if v := VerdictOf(got); !reflect.DeepEqual(v, want) {
				t.Errorf("%s %s: verdict\n%+v\nwant\n%+v", id, name, v, want)
			}
		}
	}
	if _, err := DecodeTrace([]byte(`{"steps": 3}`)); err == nil {
		t.Error("a malformed answer decoded")
	}
}
