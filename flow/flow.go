// Package flow owns the one path from a request to its answer, for every program: what to play (a story's id, a
// scenario's JSON or value, a real host, a pasted chain) is crafted, played or verified with Go's crypto/tls and
// x509, explained and answered as an explain.Report. It never touches the DOM, js, a socket of its own or the terminal: the programs carry it.
package flow

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// Engine answers requests, and keeps what makes the next answer quicker: the
// certificates crafted so far (an edit re-crafts only those it changed, which
// is most of its cost). The zero Engine crafts every certificate anew.
type Engine struct {
	cache *pki.Cache
	// fetched is Fetch's; warmed is set once Warm is done.
	fetched sync.Once
	warmed  atomic.Bool
	// stories is the matcher of every story's messages, once a paste asked
	// for it (see Match).
	stories struct {
		sync.Mutex
		m *explain.Matcher
	}
	// day is the day a scenario without a clock of its own happens on
	// (scenario.On); nil is the real day, as the machine's clock says.
	day func() time.Time
}

// PlayOn pins the day the stories that happen today are played on, as tests
// and the built first answers do; an engine otherwise plays them on the day
// its clock says (the visit's, in the page).
func (e *Engine) PlayOn(t time.Time) { e.day = func() time.Time { return t } }

// today is the day a scenario without a clock of its own happens on.
func (e *Engine) today() time.Time {
	if e.day != nil {
		return e.day()
	}
	return time.Now()
}

// New is an engine whose cache starts with the stories' certificates, crafted
// ahead (scenario.PresetCertificates), so that playing a story crafts nothing.
// The error says they could not be read: the engine works, only slower.
func New() (*Engine, error) {
	cache := pki.NewCache()
	return &Engine{cache: cache}, cache.LoadPacked(scenario.PresetCertificates)
}

// Fetch gets the data files the page's WebAssembly leaves out (see
// UseSiteData), the pool of RSA keys and Mozilla's roots, once: so that they
// are at hand should the network go (a first visit has no service worker's
// cache to fall back on); it indexes the roots, which takes a few
// milliseconds. A page calls it, or Warm, once the first answer is out.
func (e *Engine) Fetch() {
	e.fetched.Do(func() {
		pki.HoldPool()
		handshake.WarmRoots()
	})
}

// Warm fetches the data files (Fetch) and reads the pool of RSA keys, which
// the first story with an RSA key would otherwise wait for. Reading the pool
// takes a browser a quarter of a second: ctx's checkpoint (WithCheckpoint)
// may stop it between two keys, with its error, and the next call goes on
// from there.
func (e *Engine) Warm(ctx context.Context) error {
	if e.warmed.Load() {
		return nil
	}
	e.Fetch()
	if err := pki.ReadPool(ctx); err != nil {
		return err
	}
	e.warmed.Store(true)
	return nil
}

// A Request is what to play: a Story, a Scenario or a Host.
type Request interface {
	play(ctx context.Context, e *Engine) (*handshake.Material, *handshake.Trace, error)
}

// Story is a story's id, or else a scenario's JSON: what the page's editor and
// globalThis.tlsplay.run send.
type Story string

func (st Story) play(ctx context.Context, e *Engine) (*handshake.Material, *handshake.Trace, error) {
	return st.playing(ctx, e, false)
}

// playing is Scenario.playing, of the story.
func (st Story) playing(ctx context.Context, e *Engine, deferFields bool) (*handshake.Material, *handshake.Trace, error) {
	s, err := Load(string(st))
	if err != nil {
		return nil, nil, err
	}
	return Scenario{s}.playing(ctx, e, deferFields)
}

// Load reads a story's id, or else a scenario's JSON.
func Load(arg string) (*scenario.Scenario, error) {
	if p := scenario.Lookup(arg); p != nil {
		return p.Scenario(), nil
	}
	return scenario.ParseJSON([]byte(arg))
}

// Scenario is a scenario already read, such as the CLI's --preset or
// --scenario.
type Scenario struct{ *scenario.Scenario }

func (s Scenario) play(ctx context.Context, e *Engine) (*handshake.Material, *handshake.Trace, error) {
	return s.playing(ctx, e, false)
}

// playing is play, leaving the fields of the handshake messages to
// Trace.FillFields if deferFields.
func (s Scenario) playing(ctx context.Context, e *Engine, deferFields bool) (*handshake.Material, *handshake.Trace, error) {
	m, err := handshake.NewMaterialContext(ctx, s.Scenario.On(e.today()), e.cache)
	if err != nil {
		return nil, nil, err
	}
	m.DeferFields = deferFields
	tr, err := m.Run(ctx)
	return m, tr, err
}

// edit is a Story answered as an edit: its verdict first (Run.Head), which
// needs no fields of its messages, then its steps (Run.StepsJSON), which
// decode them.
type edit Story

func (ed edit) play(ctx context.Context, e *Engine) (*handshake.Material, *handshake.Trace, error) {
	return Story(ed).playing(ctx, e, true)
}

// Run is one answer: the report every program returns, and for a scenario what
// it was made of.
type Run struct {
	Report *explain.Report
	// Material is the scenario made concrete; nil for a probe of a real host.
	Material *handshake.Material
	// cure is the trace's cure as the answer found it (nil for none): the
	// fix's words say what it plays (Cure.Next), and the kit's fixed/ holds
	// its scenario (Kit), so the two never disagree.
	cure *explain.Cure
}

// Answer plays the request and explains it. The error says the request could
// not be played at all (an invalid scenario, a host that did not answer);
// every TLS failure is an answer.
func (e *Engine) Answer(ctx context.Context, req Request) (*Run, error) {
	m, tr, err := req.play(ctx, e)
	if err != nil {
		return nil, err
	}
	// The cure's replay: from the engine's cache, its fields left undecoded.
	c, err := export.CureOf(ctx, tr, e.cache, true)
	if err != nil {
		return nil, err
	}
	var next *handshake.Trace
	if c != nil {
		next = c.Next
	}
	return &Run{Report: explain.NewReportThen(tr, next), Material: m, cure: c}, nil
}

// Lens sets the answer's verdict as client gives it (explain.Lens), which
// its JSON then carries as verdict, and returns it.
func (r *Run) Lens(client string) (explain.Verdict, error) {
	return r.Report.SetLens(client)
}

// JSON is the answer as `tlsplay run --json` prints it.
// (The report's own MarshalJSON writes what tjson.Marshal would, which would
// then read it through once more.)
func (r *Run) JSON() ([]byte, error) {
	r.Report.Trace.FillFields()
	return r.Report.MarshalJSON()
}

// Head is the answer as JSON without the bytes of its steps, their fields and
// certificates: a fifth of the whole or less, all a verdict needs, quick to
// send and to read. The page draws the verdict from it, then fills in each
// step (StepsJSON).
//
// The steps lend their bytes, fields and certificates while it writes (a
// copy of every step, a quarter of a kilobyte each, was 8 of the 360 kB an
// edit allocated): no other call on the run may overlap it.
func (r *Run) Head() ([]byte, error) {
	type lent struct {
		bytes  handshake.Hex
		fields []handshake.Field
		certs  []handshake.CertSummary
	}
	steps := r.Report.Trace.Steps
	kept := make([]lent, len(steps))
	for i := range steps {
		st := &steps[i]
		kept[i] = lent{st.Bytes, st.Fields, st.Certs}
		st.Bytes, st.Fields, st.Certs = nil, nil, nil
	}
	defer func() {
		for i, k := range kept {
			steps[i].Bytes, steps[i].Fields, steps[i].Certs = k.bytes, k.fields, k.certs
		}
	}()
	return r.Report.MarshalJSON()
}

// StepsJSON is each step of the answer as JSON, whole: what Head leaves out,
// in pieces a page reads one by one between frames.
func (r *Run) StepsJSON() ([]string, error) {
	r.Report.Trace.FillFields()
	out := make([]string, len(r.Report.Trace.Steps))
	for i := range r.Report.Trace.Steps {
		b, err := tjson.Marshal(&r.Report.Trace.Steps[i])
		if err != nil {
			return nil, err
		}
		out[i] = string(b)
	}
	return out, nil
}

// Capture is the run's connection as pcapng, which Wireshark opens decrypted.
func (r *Run) Capture() ([]byte, error) {
	var b bytes.Buffer
	if err := r.Report.Trace.WritePcapng(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// errNoFiles is a kit asked of a probe: a real host's certificates are not
// the playground's to hand out.
var errNoFiles = errors.New("a probe of a real host has no files to download")

// Kit is the scenario's export set as a zip, crafted around now: real clients
// on a real machine compare with today, and validity is relative to the clock,
// so every verdict stays the same.
func (r *Run) Kit(ctx context.Context, now time.Time) ([]byte, error) {
	if r.Material == nil {
		return nil, errNoFiles
	}
	s := r.Material.Scenario.Clone()
	s.Now, s.Today = now.UTC().Truncate(time.Second), false
	set, err := export.BuildCured(ctx, s, r.cure)
	if err != nil {
		return nil, err
	}
	return export.Zip(FileStem(s.ID), set.Files, s.Now)
}

// FileStem names downloads after the story; a scenario's id is display text
// that a link may set to anything, so only safe characters survive.
func FileStem(id string) string {
	out := []byte("tlsplay")
	if id != "" {
		out = append(out, '-')
	}
	for _, r := range id {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			out = append(out, byte(r))
		}
	}
	return string(out)
}
