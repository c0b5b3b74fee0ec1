//go:build unix

package clients

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/handshake"
)

// checkPip runs the real pip against the set's bank and compares its line
// with explain's prediction (explain.PipThen): whether it connects, and
// its "Could not fetch URL" line, masked, or the warning or the
// line it prints where it connects. ok is false where pip has no
// option for what the story's courier does (explain.PipCannot). raw is
// what pip printed, unmasked.
func checkPip(t *testing.T, set *export.Set, r Run) (got, raw Observed, ok bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	o, err := runPip(ctx, r)
	if errors.Is(err, errPipCannot) {
		return Observed{}, Observed{}, false
	}
	if err != nil {
		t.Errorf("pip: %v", err)
		return Observed{}, Observed{}, false
	}
	raw = o
	o.Message = Mask(o.Message, r.Port)
	var next *handshake.Trace
	if set.Cure != nil {
		next = set.Cure.Next
	}
	p := explain.PipThen(set.Trace, next)
	if !printsAsPredicted(o, p, true) {
		t.Errorf("pip: real client and prediction differ\n  real:      ok=%v class=%q\n             %s\n  predicted: ok=%v class=%q\n             %s", o.OK, o.Class, o.Message, p.OK, p.Class, p.Message)
	}
	return o, raw, true
}
