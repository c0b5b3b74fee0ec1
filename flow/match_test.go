package flow

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
)

// The page's engine answers a paste with the stories it matches, as `tlsplay
// match --json` prints them; it learns the stories once.
func TestWorkshopMatch(t *testing.T) {
	e := newEngine(t)
	w := NewWorkshop(e)
	ctx := context.Background()
	for _, tt := range []struct {
		paste, first string
	}{
		{"curl: (60) SSL certificate problem: unable to verify the first certificate", "missing-intermediate"},
		{"Error: write EPROTO 40B7B1F0E27F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 70\n  code: 'EPROTO'", "tls-version-mismatch"},
		{"hello", ""},
		{"", ""},
	} {
		r := w.Handle(ctx, 1, "match", tt.paste)
		if r.Err != nil {
			t.Fatalf("%q: %v", tt.paste, r.Err)
		}
		var got struct {
			Matches []explain.Match `json:"matches"`
		}
		if err := json.Unmarshal([]byte(r.Text), &got); err != nil || got.Matches == nil {
			t.Fatalf("%q: %v, %s", tt.paste, err, r.Text)
		}
		first := ""
		if len(got.Matches) > 0 {
			first = got.Matches[0].ID
		}
		if first != tt.first {
			t.Errorf("%q: first %q, want %q (%s)", tt.paste, first, tt.first, r.Text)
		}
	}
	m, err := e.matcher(ctx)
	if again, _ := e.matcher(ctx); err != nil || again != m {
		t.Errorf("the engine learnt the stories anew: %v", err)
	}
	if r := w.Handle(ctx, 2, "match", strings.Repeat("x", explain.MaxPaste+1)); !errors.Is(r.Err, explain.ErrPasteTooLarge) {
		t.Errorf("a paste over 1 MB: %v", r.Err)
	}
}
