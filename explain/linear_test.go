package explain

import (
	"strings"
	"testing"
	"time"
)

// finishes reports whether f returns within d. The deadlines below are
// generous by orders of magnitude: they catch work that grows with the square
// of a paste's length, not a slow machine.
func finishes(d time.Duration, f func()) bool {
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// A paste of the box's megabyte is read in one pass. Before dottedName read
// each host-like run once, a decode_error followed by "g.g.g.…" to a
// megabyte took 379 s (it walked back to the run's start at every dot);
// now some milliseconds.
func TestUnmatchedLinear(t *testing.T) {
	paste := "tlsv1 alert decode error\n" + strings.Repeat("g.", MaxPaste/2-20)
	if !finishes(30*time.Second, func() { Unmatched(paste) }) {
		t.Fatal("Unmatched on a megabyte of g.g.g.… took over 30 s: quadratic")
	}
}
