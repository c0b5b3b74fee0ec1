//go:build unix

package clients

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// pasteTally pastes what the real clients printed into the matcher, built from
// every story as the page and `tlsplay match` build it, and counts where the
// right story comes: a story that prints the same message for that client
// (explain.Matcher.Alike), for the message alone and for all the client wrote.
type pasteTally struct {
	m  *explain.Matcher
	mu sync.Mutex
	// by kind of paste: how many, how many with the right story first (its rank shared with the
	// first; of those, first alone and shown first of a tie: firstCount), in the first three.
	n, first, alone, shownFirst, top3 [2]int
	// notFirst and unpredicted are for the report: pastes whose right story
	// was not first, messages of edited stories no story prints.
	notFirst, unpredicted []string
}

var pasteKinds = [2]string{"the message alone", "all the client wrote"}

func newPasteTally(t *testing.T) *pasteTally {
	t.Helper()
	m, err := explain.PresetMatcher(func(s *scenario.Scenario) (*handshake.Trace, error) {
		// As the page plays them: today.
		return handshake.Run(context.Background(), s.On(time.Now()))
	})
	if err != nil {
		t.Fatal(err)
	}
	return &pasteTally{m: m}
}

// match pastes each error and warning in raw, from a run of the set's
// scenario. A client that got past the trace's failure to another (one its
// cure's replay met, Set.Cure.Next, or another check of the same
// handshake) printed that one's: the stories alike are those that print
// the client's predicted message.
func (p *pasteTally) match(t *testing.T, set *export.Set, raw map[string]Observed) {
	t.Helper()
	var next *handshake.Trace
	if set.Cure != nil {
		next = set.Cure.Next
	}
	of := explain.StoryOf(set.Trace)
	of.Clients = explain.ClientsThen(set.Trace, next)
	for _, client := range sortedKeys(raw) {
		o := raw[client]
		if !explain.Matchable(explain.ClientVerdict{OK: o.OK, Class: o.Class, Message: o.Message}) {
			continue
		}
		alike := p.m.Alike(of, speaker(set, next, client))
		if len(alike) == 0 {
			ms, err := p.m.Match(o.Message)
			if err != nil {
				t.Errorf("%s: %v", client, err)
			}
			p.mu.Lock()
			p.unpredicted = append(p.unpredicted, fmt.Sprintf("%s %s: %q matched %s", t.Name(), client, o.Message, listed(ms)))
			p.mu.Unlock()
			continue
		}
		for kind, text := range [2]string{o.Message, o.Printed} {
			ms, err := p.m.Match(text)
			if err != nil {
				t.Errorf("%s, %s: %v", client, pasteKinds[kind], err)
				continue
			}
			pos := slices.IndexFunc(ms, func(m explain.Match) bool { return slices.Contains(alike, m.ID) })
			first := pos >= 0 && ms[pos].Rank == 1
			top3 := first || pos >= 0 && pos < 3
			if !top3 {
				t.Errorf("%s, %s pasted: none of %v among the first three stories matched: %s\n%s", client, pasteKinds[kind], alike, listed(ms), text)
			}
			p.mu.Lock()
			p.n[kind]++
			if first {
				p.firstCount(kind, ms, pos)
			} else {
				p.notFirst = append(p.notFirst, fmt.Sprintf("%s %s, %s: want %v, got %s", t.Name(), client, pasteKinds[kind], alike, listed(ms)))
			}
			if top3 {
				p.top3[kind]++
			}
			p.mu.Unlock()
		}
	}
}

func listed(ms []explain.Match) string {
	if len(ms) == 0 {
		return "nothing"
	}
	var b strings.Builder
	for i, m := range ms {
		if i == 5 {
			b.WriteString(" …")
			break
		}
		fmt.Fprintf(&b, " %d.%s(%s %.2f)", m.Rank, m.ID, m.Client, m.Score)
	}
	return b.String()
}

func (p *pasteTally) report(t *testing.T) {
	for kind, what := range pasteKinds {
		t.Logf("pasting %s into the matcher: the right story first %d times (first alone %d, tied first %d: shown first of the tie %d, later in it %d), in the first three %d times, of %d", what, p.first[kind], p.alone[kind], p.first[kind]-p.alone[kind], p.shownFirst[kind], p.first[kind]-p.alone[kind]-p.shownFirst[kind], p.top3[kind], p.n[kind])
	}
	slices.Sort(p.notFirst)
	for _, s := range p.notFirst {
		t.Logf("  not first: %s", s)
	}
	slices.Sort(p.unpredicted)
	for _, s := range p.unpredicted {
		t.Logf("  an edited story's message no story prints: %s", s)
	}
}

// firstCount counts a paste of kind whose right story, at pos of ms, shares
// the first rank: first alone (no other story of that rank), or tied, and
// then whether shown first of the tie (the tie's order is the matcher's:
// the text cannot tell them apart).
func (p *pasteTally) firstCount(kind int, ms []explain.Match, pos int) {
	p.first[kind]++
	switch {
	case explain.TiedFirst(ms) == 1:
		p.alone[kind]++
	case pos == 0:
		p.shownFirst[kind]++
	}
}

// A paste whose right story shares the first rank with others is counted
// tied, not first alone, whether shown first of the tie or later in it.
func TestFirstCount(t *testing.T) {
	var p pasteTally
	alone := []explain.Match{{ID: "a", Rank: 1}, {ID: "b", Rank: 2}}
	tie := []explain.Match{{ID: "a", Rank: 1}, {ID: "b", Rank: 1}, {ID: "c", Rank: 2}}
	p.firstCount(0, alone, 0)
	p.firstCount(0, tie, 0)
	p.firstCount(0, tie, 1)
	if p.first[0] != 3 || p.alone[0] != 1 || p.shownFirst[0] != 1 {
		t.Errorf("first %d, alone %d, shown first of a tie %d; want 3, 1, 1", p.first[0], p.alone[0], p.shownFirst[0])
	}
}

// speaker is the client whose predicted message client's holds: pip's line
// holds its base's (explain.PipBase), which the matcher knows, and the
// stories alike are those that print it.
func speaker(set *export.Set, next *handshake.Trace, client string) string {
	if client == explain.Pip {
		return explain.PipBase(set.Trace, next)
	}
	return client
}
