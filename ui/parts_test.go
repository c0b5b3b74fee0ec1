package ui_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/ui"
)

// An edit's answer in parts (its head, then each step) reads back as the
// whole answer does, and its head alone gives the same verdict.
func TestAnswerInParts(t *testing.T) {
	e, err := flow.New()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, id := range []string{"verify-true", "hostname-mismatch", "many-sans", "mtls-wrong-ca", "tls10-bank", "mtls-key-mismatch"} {
		t.Run(id, func(t *testing.T) {
			run, err := e.Answer(ctx, flow.Story(id))
			if err != nil {
				t.Fatal(err)
			}
			whole, err := run.JSON()
			if err != nil {
				t.Fatal(err)
			}
			head, err := run.Head()
			if err != nil {
				t.Fatal(err)
			}
			want, err := ui.DecodeReport(whole)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ui.DecodeReport(head)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []string{"requests", "curl", "go"} {
				if v, w := ui.VerdictFor(got, c), ui.VerdictFor(want, c); !reflect.DeepEqual(v, w) {
					t.Errorf("%s's verdict from the head differs from the whole's:\n%+v\n%+v", c, v, w)
				}
			}
			steps, err := run.StepsJSON()
			if err != nil || len(steps) != len(want.Trace.Steps) {
				t.Fatalf("%d steps (%v), want %d", len(steps), err, len(want.Trace.Steps))
			}
			bytes := 0
			for j, st := range steps {
				bytes += len(want.Trace.Steps[j].Bytes)
				if err := ui.DecodeStep(got, j, []byte(st)); err != nil {
					t.Fatal(err)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the answer read in parts differs from the whole")
			}
			if bytes > 0 && len(head) >= len(whole)/2 {
				t.Errorf("the head is %d bytes of the whole's %d", len(head), len(whole))
			}
			if err := ui.DecodeStep(got, len(steps), []byte(steps[0])); err == nil {
				t.Error("a step beyond the answer's was read")
			}
		})
	}
	// The engine's worker answers an edit so, and a run whole.
	w := flow.NewWorkshop(e)
	whole, parts := w.Handle(ctx, 1, "run", "expired"), w.Handle(ctx, 2, "edit", "expired")
	if whole.Err != nil || whole.Text == "" || whole.Rest != nil || whole.Report != nil || parts.Err != nil || parts.Text != "" || parts.Report == nil || parts.Head == nil || parts.Rest == nil {
		t.Fatalf("run: %v, %d bytes of text; edit: %v, %d bytes of text, report %v, head %v", whole.Err, len(whole.Text), parts.Err, len(parts.Text), parts.Report != nil, parts.Head != nil)
	}
	if head, err := parts.Head(); err != nil || head == "" {
		t.Errorf("an edit's head: %d bytes, %v", len(head), err)
	}
	if rest, err := parts.Rest(); err != nil || len(rest) == 0 {
		t.Errorf("an edit's steps: %d, %v", len(rest), err)
	}
}
