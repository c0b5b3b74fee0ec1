package handshake

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/scenario"
)

// TestDeadline cuts runs short: a deadline that has passed, a cancelled context,
// and deadlines that strike somewhere inside the handshake or the exchange after
// it. Each run must come back with a timeout (or, if it beat the deadline, its
// usual success) and the trace so far, which is the beginning of the full one.
func TestDeadline(t *testing.T) {
	m, err := NewMaterial(scenario.Lookup("mtls-ok").At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	full := messageLabels(play(t, m.Scenario))
	past := func() (context.Context, context.CancelFunc) {
		return context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	}
	cancelled := func() (context.Context, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		return ctx, cancel
	}
	within := func(d time.Duration) func() (context.Context, context.CancelFunc) {
		return func() (context.Context, context.CancelFunc) { return context.WithTimeout(context.Background(), d) }
	}
	for _, tc := range []struct {
		name     string
		ctx      func() (context.Context, context.CancelFunc)
		mustFail bool
	}{
		{"expired", past, true},
		{"cancelled", cancelled, true},
		{"10µs", within(10 * time.Microsecond), false},
		{"300µs", within(300 * time.Microsecond), false},
		{"1ms", within(time.Millisecond), false},
		{"3ms", within(3 * time.Millisecond), false},
		{"10ms", within(10 * time.Millisecond), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := tc.ctx()
			defer cancel()
			tr := runOrHang(t, m, ctx)
			o := tr.Outcome
			t.Logf("%s at %s after %d steps", o.Reason, o.Stage, len(tr.Steps))
			switch {
			case o.OK && !tc.mustFail:
				return
			case o.Reason != Timeout:
				t.Fatalf("outcome %s (ok=%v), want timeout\nclient: %s\nserver: %s", o.Reason, o.OK, o.ClientError, o.ServerError)
			}
			if o.Side == nil || *o.Side != Client || (o.Stage != StageHandshake && o.Stage != StageFirstRead) {
				t.Errorf("timeout by %v at %s", o.Side, o.Stage)
			}
			if !strings.HasPrefix(o.Detail, errTimeout.Error()) {
				t.Errorf("detail %q does not say the deadline struck", o.Detail)
			}
			checkSteps(t, tr)
			if got := messageLabels(tr); len(got) > len(full) || strings.Join(got, ",") != strings.Join(full[:len(got)], ",") {
				t.Errorf("the trace so far %q is not the beginning of the full trace %q", got, full)
			}
		})
	}
}

// runOrHang runs m, failing the test if Run never returns. The limit only tells a
// hang from a slow machine; it measures nothing.
func runOrHang(t *testing.T, m *Material, ctx context.Context) *Trace {
	t.Helper()
	type ran struct {
		tr  *Trace
		err error
	}
	done := make(chan ran, 1)
	go func() {
		tr, err := m.Run(ctx)
		done <- ran{tr, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r.tr
	case <-time.After(2 * time.Minute):
		t.Fatal("Run did not return after its deadline")
		return nil
	}
}

// messageLabels are a trace's handshake messages, in order.
func messageLabels(tr *Trace) []string {
	var out []string
	for _, st := range tr.Steps {
		if st.Kind == KindMessage {
			out = append(out, label(st))
		}
	}
	return out
}
