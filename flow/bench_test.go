package flow

import (
	"context"
	"testing"

	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// BenchmarkEdit is what the page's engine does per edit in make bench's
// Page/edit: the story verify-true with its third certificate's not_after
// changed, as the page's editor sends it (the scenario's JSON), answered as
// an edit (Workshop.Handle), its head (Reply.Head) and then its steps
// (Reply.Rest). Each edit gives another day, so the changed certificate is
// crafted anew every time, as the page's are; the others come from the
// cache. HeadOnly stops at the head: the page's verdict waits for a little
// less (the answer's glance, ui.GlanceJSON, written before the head).
// warmEdits are the edits made before the timed ones.
const warmEdits = 20

func BenchmarkEdit(b *testing.B) {
	for _, bc := range []struct {
		name string
		rest bool
	}{{"Whole", true}, {"HeadOnly", false}} {
		b.Run(bc.name, func(b *testing.B) {
			e, err := New()
			if err != nil {
				b.Fatal(err)
			}
			e.PlayOn(scenario.PresetClock)
			w := NewWorkshop(e)
			s := scenario.Lookup("verify-true").Scenario()
			base := s.Certs[2].NotAfter
			ctx := context.Background()
			edit := func(i int) {
				s.Certs[2].NotAfter = base + pki.Days(1+i%1000)
				arg, err := tjson.Marshal(s)
				if err != nil {
					b.Fatal(err)
				}
				r := w.Handle(ctx, i, "edit", string(arg))
				if r.Err != nil || r.Head == nil {
					b.Fatalf("edit %d: %v", i, r.Err)
				}
				if head, err := r.Head(); err != nil || head == "" {
					b.Fatalf("edit %d: head %q, %v", i, head, err)
				}
				if bc.rest {
					if _, err := r.Rest(); err != nil {
						b.Fatal(err)
					}
				}
			}
			// The first run's once-per-process costs are the page's load,
			// not an edit's; and WebAssembly runs slowly until the browser
			// has compiled its hot code optimised (make bench's first edits).
			for i := range warmEdits {
				edit(i)
			}
			i := warmEdits
			for b.Loop() {
				edit(i)
				i++
			}
		})
	}
}
