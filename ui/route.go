package ui

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/scenario"
)

// DefaultPreset is the story a bare link opens: the error that sends people to
// this page in the first place.
const DefaultPreset = "hostname-mismatch"

// Route is what a URL fragment asks the page to show.
type Route struct {
	// Scenario is the scenario to show; on an error, the default preset's.
	Scenario *scenario.Scenario
	// Err says why the fragment could not be read; the page shows it and the
	// default story below it.
	Err error
	// Client is the client whose verdict the link asks for ("?client=NAME"
	// after the story), "" when it names none; ClientErr says why the one it
	// names was refused (the story is still shown).
	Client    string
	ClientErr error
	// Chain is a pasted chain's share link, read: the page puts it in the
	// "Paste a chain" box and inspects it (Scenario is the default story,
	// for the editor).
	Chain *flow.ChainRequest
}

// clientParam introduces the client in a fragment: "#expired?client=go".
const clientParam = "?client="

// WithClient is the fragment frag ("#…") asking for client's verdict; the
// default client's is frag as it is, so a story's link stays "#<id>".
func WithClient(frag, client string) string {
	if client == "" || client == explain.DefaultClient {
		return frag
	}
	return frag + clientParam + client
}

// parseClient reads what follows the story in a fragment: nothing, or
// "?client=" and one of explain.LensClients, in any case ("Go" as it is
// written, typed into a link by hand). Parameters after it ("&x=1", as a
// tool that tags links adds them) are refused by name, the client still
// read: the error says what was left out (Route.Client is set).
func parseClient(rest string) (string, error) {
	first, others, _ := strings.Cut(rest, "&")
	name, ok := strings.CutPrefix("?"+first, clientParam)
	if lens, ok := explain.LensClientNamed(name); ok {
		name = lens
	}
	switch {
	case !ok:
		return "", fmt.Errorf("the link asks for %s after the story, and the only thing a link can ask for there is a client (client=requests, say)", scenario.Quote(rest, 40))
	case !explain.IsLensClient(name):
		return "", fmt.Errorf("the link asks for the client %s, which is none of %s", scenario.Quote(name, 40), strings.Join(explain.LensClients, ", "))
	case others != "":
		return name, fmt.Errorf("the link also asks for %s, which this page does not read; it shows %s's verdict", scenario.Quote(others, 40), explain.ClientTitles[name])
	}
	return name, nil
}

// ParseRoute reads a location hash: "" or "#" opens the default preset,
// "#<preset-id>" a preset, "#s1.…" a shared scenario, "#c1.…" a pasted
// chain's certificates. Anything else is an error
// naming what is wrong, never a panic, whatever the length or content.
func ParseRoute(hash string) Route {
	frag := strings.TrimPrefix(hash, "#")
	// Before anything else: the length of a hostile fragment set by script is
	// the one thing about it worth reading.
	if len(frag) > scenario.MaxFragmentLen {
		return TooLongRoute(len(frag))
	}
	frag, rest, asks := strings.Cut(frag, "?")
	r := parseStory(frag)
	if asks {
		r.Client, r.ClientErr = parseClient(rest)
	}
	return r
}

// parseStory reads the story part of a fragment.
func parseStory(frag string) Route {
	if frag == "" {
		return Route{Scenario: scenario.Lookup(DefaultPreset).Scenario()}
	}
	if p := scenario.Lookup(frag); p != nil {
		return Route{Scenario: p.Scenario()}
	}
	var err error
	if flow.IsChainLink(frag) {
		var c flow.ChainRequest
		if c, err = flow.ReadChainLink(frag); err == nil {
			return Route{Scenario: scenario.Lookup(DefaultPreset).Scenario(), Chain: &c}
		}
	} else if version, _, ok := strings.Cut(frag, "."); ok && strings.HasPrefix(version, "s") && len(version) <= 4 {
		var s *scenario.Scenario
		if s, err = scenario.DecodeFragment(frag); err == nil {
			return Route{Scenario: s}
		}
	} else {
		err = fmt.Errorf("the link names %s, which is neither a story of this page nor a shared scenario or chain", scenario.Quote(frag, 40))
	}
	return Route{Scenario: scenario.Lookup(DefaultPreset).Scenario(), Err: err}
}

// MaxHashLen is the longest location hash ("#" and a fragment) a link can be.
const MaxHashLen = 1 + scenario.MaxFragmentLen

// TooLongRoute is the route of a fragment of n characters, more than a link
// holds: the default story, and why the link was not read.
func TooLongRoute(n int) Route {
	return Route{Scenario: scenario.Lookup(DefaultPreset).Scenario(), Err: scenario.TooLong(n)}
}

// CheckRunArg says what is wrong with what tlsplay.run was given, before the
// engine is asked: it takes a story's id (tlsplay.presets() lists them) or a
// scenario's JSON, an object. Anything else is taken for a story's id.
func CheckRunArg(arg string) error {
	t := strings.TrimSpace(arg)
	switch {
	case scenario.Lookup(arg) != nil, strings.HasPrefix(t, "{"), strings.HasPrefix(t, "["):
		return nil
	case t == "":
		return errors.New("tlsplay.run needs a story's id, such as \"expired\" (tlsplay.presets() lists them), or a scenario's JSON")
	}
	return fmt.Errorf("there is no story %s: tlsplay.presets() lists the stories' ids, and the page's list of stories shows them; a scenario of your own is passed as its JSON, an object", scenario.Quote(arg, 40))
}

// maxListed is how many of a link's problems a message names.
const maxListed = 4

// Describe says what is wrong with a link in a message of bounded length: the
// first few problems, each clipped, and how many more there are.
func Describe(err error) string {
	ps, ok := errors.AsType[scenario.Problems](err)
	if !ok {
		return scenario.Cut(err.Error(), 600)
	}
	parts := make([]string, 0, maxListed+1)
	for i, p := range ps {
		if i == maxListed {
			parts = append(parts, fmt.Sprintf("and %d more", len(ps)-maxListed))
			break
		}
		parts = append(parts, scenario.Cut(p.Error(), 160))
	}
	return "the scenario is not valid: " + strings.Join(parts, "; ")
}

// presetJSON is a preset's scenario as JSON, made the first time it is asked
// for: marshalling is slow in WebAssembly and the page asks on every run.
// Each is made on its own: the page's first run, the link's story, asks for
// one, while the engine's worker plays it on the other core.
func presetJSON(p *scenario.Preset) []byte {
	presetJSONs.Lock()
	defer presetJSONs.Unlock()
	if b, ok := presetJSONs.m[p.ID]; ok {
		return b
	}
	b, err := tjson.Marshal(p.Scenario())
	if err != nil {
		panic("ui: a preset does not marshal: " + err.Error())
	}
	presetJSONs.m[p.ID] = b
	return b
}

var presetJSONs = struct {
	sync.Mutex
	m map[string][]byte
}{m: map[string][]byte{}}

// PresetOf returns the preset s is exactly, unedited, or nil.
func PresetOf(s *scenario.Scenario) *scenario.Preset {
	p := scenario.Lookup(s.ID)
	if p == nil {
		return nil
	}
	// A story played today is still the story, whichever day it was played.
	b, err := tjson.Marshal(s.Undated())
	if err != nil || !bytes.Equal(b, presetJSON(p)) {
		return nil
	}
	return p
}

// Fragment is the location hash that reproduces s: "#<preset-id>" for an
// unedited preset (short and readable), else "#s1.…" carrying the scenario.
func Fragment(s *scenario.Scenario) (string, error) {
	if p := PresetOf(s); p != nil {
		return "#" + p.ID, nil
	}
	f, err := scenario.EncodeFragment(s)
	if err != nil {
		return "", err
	}
	return "#" + f, nil
}

// HistoryStep is how something shown goes into the browser's history.
type HistoryStep int

const (
	// HistoryKeep: the location names it already.
	HistoryKeep HistoryStep = iota
	// HistoryReplace: the location names it through another client (a link
	// opened while another client was picked); the entry is set right.
	HistoryReplace
	// HistoryPush: a new entry, so that Back returns to what was before.
	HistoryPush
)

// ChainHistory is the fragment of an inspected chain whose share link is
// link ("c1.…") seen through client, and how it goes into the history when
// the location's hash is hash: a chain pasted and inspected is a new entry,
// as a story opened is; one opened from its link, or shown again by Back or
// Forward, is there already.
func ChainHistory(hash, link, client string) (string, HistoryStep) {
	frag := WithClient("#"+link, client)
	story, _, _ := strings.Cut(hash, "?")
	switch {
	case hash == frag:
		return frag, HistoryKeep
	case story == "#"+link:
		return frag, HistoryReplace
	}
	return frag, HistoryPush
}

// UnlinkedChainNote is what the page says on an entry of its history where a
// pasted chain too large for a link was shown, when Back, Forward or a reload
// come back to it: the address names what was there before, which is drawn.
const UnlinkedChainNote = "A pasted chain was shown here, too large for a link, so the address bar could not keep it: this is what the address names. Paste the chain again, or press Inspect if the box still holds it, to see it."
