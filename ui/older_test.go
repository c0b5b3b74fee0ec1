package ui_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/ui"
)

// Under requests' lens, urllib3 1.26's words are given beside urllib3 2's
// where they differ (a person on Debian 12, or who pasted them, sees their
// own), and only there; no other lens has them.
func TestOlderRequestsWords(t *testing.T) {
	e, err := flow.New()
	if err != nil {
		t.Fatal(err)
	}
	text := func(parts []ui.MessagePart) string {
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(p.Text)
		}
		return b.String()
	}
	for _, tt := range []struct {
		id, older string // older: a piece of 1.26's words, "" for none shown
	}{
		{"hostname-mismatch", "doesn't match"},
		{"cn-only", "SubjectAltNameWarning"},
		{"os-trust-store", "<Response [200]>"}, // Debian's requests reads the system's store
		{"verify-true", ""},
		{"expired", ""},
	} {
		run, err := e.Answer(context.Background(), flow.Story(tt.id))
		if err != nil {
			t.Fatal(err)
		}
		b, err := run.JSON()
		if err != nil {
			t.Fatal(err)
		}
		r, err := ui.DecodeReport(b)
		if err != nil {
			t.Fatal(err)
		}
		v := ui.VerdictFor(r, explain.Requests)
		got := text(v.OlderParts)
		if tt.older == "" && got != "" {
			t.Errorf("%s: requests' lens shows urllib3 1.26's %q, the same as urllib3 2's %q", tt.id, got, text(v.LensParts))
		}
		if tt.older != "" && !strings.Contains(got, tt.older) {
			t.Errorf("%s: requests' lens shows urllib3 1.26's words as %q, want them with %q", tt.id, got, tt.older)
		}
		if got != "" && got == text(v.LensParts) {
			t.Errorf("%s: urllib3 1.26's words repeat urllib3 2's", tt.id)
		}
		for _, c := range []string{explain.Curl, explain.Node, explain.GoNetHTTP} {
			if o := ui.VerdictFor(r, c).OlderParts; o != nil {
				t.Errorf("%s: %s's lens shows urllib3 1.26's words %q", tt.id, c, text(o))
			}
		}
	}
}
