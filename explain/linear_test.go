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

// A paste naming more alerts than any client prints filters no story by
// them, and they are counted in a set. Before, alertsIn kept every name it
// read, each compared with all those before: a megabyte of distinct names
// took 3 s in alertsIn and 9–13 s in Match, which compared each story's
// alert with all of them (now 3 ms, and Match as long as without alerts).
func TestAlertsInLinear(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < MaxPaste-40; i++ {
		b.WriteString("sslv3 alert ")
		for n := i; ; n /= 26 {
			b.WriteByte(byte('a' + n%26))
			if n < 26 {
				break
			}
		}
		b.WriteString(" ")
	}
	if got := alertsIn(b.String()); len(got[0]) != 0 {
		t.Errorf("a megabyte of distinct alerts names %d of them, want none: no client prints more than a few", len(got[0]))
	}
}

// The paste's words are read in one pass: a run of hex digits and dots is
// not read to its end at each of its words to see whether an address starts
// there. Before, "a.a.a.…" took 20–30 s at 100 kB and timed out at a
// megabyte (README: a megabyte of log in under a second and a half); now
// a megabyte takes a fraction of a second.
func TestWordsLinear(t *testing.T) {
	m := matcher(t)
	paste := strings.Repeat("a.", MaxPaste/2)
	if !finishes(60*time.Second, func() { m.words(paste) }) {
		t.Fatal("reading the words of a megabyte of a.a.a.… took over 60 s: quadratic")
	}
	// An address is still read as one, before a port and a sentence's dot.
	for s, want := range map[string]string{"10.0.0.5": "10.0.0.5", "192.0.2.1:8443": "192.0.2.1", "2001:db8::1": "2001:db8::1",
		"ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255": "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"} {
		if n := ipAt(s + ". next"); n != len(want) {
			t.Errorf("ipAt(%q) = %d, want %d", s, n, len(want))
		}
	}
}
