package flow

import (
	"context"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// Matches is the answer to a pasted error, as `tlsplay match --json` prints
// it: the stories it matches, best first (an empty list when none does).
type Matches struct {
	Matches []explain.Match `json:"matches"`
}

// Match finds the stories a pasted error comes from. The first call plays
// every story to learn what each client prints for it (explain.Matcher);
// the engine keeps what it learnt.
func (e *Engine) Match(ctx context.Context, text string) (Matches, error) {
	if len(text) > explain.MaxPaste {
		return Matches{}, explain.ErrPasteTooLarge
	}
	m, err := e.matcher(ctx)
	if err != nil {
		return Matches{}, err
	}
	ms, err := m.Match(text)
	if ms == nil {
		ms = []explain.Match{}
	}
	return Matches{ms}, err
}

func (e *Engine) matcher(ctx context.Context) (*explain.Matcher, error) {
	e.stories.Lock()
	defer e.stories.Unlock()
	if e.stories.m != nil {
		return e.stories.m, nil
	}
	m, err := explain.PresetMatcher(func(s *scenario.Scenario) (*handshake.Trace, error) {
		_, tr, err := Scenario{s}.play(ctx, e)
		return tr, err
	})
	if err != nil {
		return nil, err
	}
	e.stories.m = m
	return m, nil
}
