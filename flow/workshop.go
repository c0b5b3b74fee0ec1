package flow

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/pki"
)

// Workshop answers the page's requests to its engine, one at a time, and
// keeps the last runs, so that the files the page offers for download are
// those of the very run on screen. The requests are an op and its argument:
//
//	run    arg is a story's id or a scenario's JSON; Text is the answer's JSON.
//	answer arg and Text as run, for a script (tlsplay.run): its run is never
//	       on screen, and is not kept (it would push out the one that is).
//	edit   arg as run; the answer in parts for the page: its Report, to
//	       read the verdict from at once, Head (Run.Head), and Rest, which
//	       gives each step's JSON (Run.StepsJSON).
//	zip    arg is a run's id; Data is its export set as a zip, crafted around now.
//	pcap   arg is a run's id; Data is its capture.
//	inspect arg is a ChainRequest's JSON; Text is the pasted chain's answer
//	       as Inspected.PageJSON writes it, with its share link.
//	match  arg is a pasted error; Text is the stories it matches, as
//	       `tlsplay match --json` prints them (see Engine.Match).
//	certs  arg is the issuing certificates of a day (DayCertificates), for
//	       the runs that follow (Engine.Remember); Text is empty.
type Workshop struct {
	e     *Engine
	runs  map[int]*Run
	order []int
	// played is set by the first run, whose answer the page waits for before
	// the engine warms up.
	played bool
	// now is the clock the kits are crafted around.
	now func() time.Time
	// rehearsed counts the edits rehearsed (Rehearse).
	rehearsed int
}

// Reply is a request's answer: Text, Data, an edit's Report, Head and Rest,
// or Err.
type Reply struct {
	Text string
	Data []byte
	Err  error
	// Report is an edit's answer, whose verdict the page draws first (see
	// ui.Glance); Head writes it without its steps' bytes, and Rest gives
	// those steps, whole, once Head is on its way. Each part is written
	// only once the one before is sent.
	Report *explain.Report
	Head   func() (string, error)
	Rest   func() ([]string, error)
}

// keepRuns is how many runs the workshop remembers: the one on screen and a
// few that may still be in flight.
const keepRuns = 4

// NewWorkshop serves requests with e.
func NewWorkshop(e *Engine) *Workshop {
	return &Workshop{e: e, runs: map[int]*Run{}, now: time.Now}
}

// Handle answers request id. A panic is an answer too, never a crash of the
// page's engine.
func (w *Workshop) Handle(ctx context.Context, id int, op, arg string) (r Reply) {
	defer func() {
		if p := recover(); p != nil {
			r = Reply{Err: fmt.Errorf("internal error: %v", p)}
		}
	}()
	switch op {
	case "run", "edit", "answer":
		w.played = true
		return w.run(ctx, id, arg, op)
	case "zip", "pcap":
		return w.files(ctx, op, arg)
	case "inspect":
		w.played = true
		return w.inspect(ctx, arg)
	case "match":
		return w.match(ctx, arg)
	case "certs":
		return Reply{Err: w.e.Remember([]byte(arg))}
	}
	return Reply{Err: fmt.Errorf("unknown request %q", op)}
}

// AfterReply runs once a reply is on its way and no request waits: after
// the first run the engine warms up (Engine.Warm), while the person reads
// the first verdict. ctx's checkpoint may stop it for a request: it reports
// whether there is more to do, at the next call.
func (w *Workshop) AfterReply(ctx context.Context) (more bool) {
	return w.played && w.e.Warm(ctx) != nil
}

// rehearsals is how many edits a workshop rehearses: in make bench's edits
// (Chromium, 2 cores) an edit's run took 3-6 times as long as the 20th's over
// the first 4-8 edits after the page loaded, even 3 seconds after it.
const rehearsals = 6

// Rehearse plays what a person's edit asks for, before any does: the run on
// screen, written as JSON as the page's editor writes an edit, played a day
// later (every certificate signed anew, with the keys it has: none is made,
// none taken from the pool), answered in two parts as an edit, and
// forgotten. A browser compiles WebAssembly lazily, function by function, on
// its first call (an edit's crafting, reading JSON and answering in parts
// are not a story's first run), and optimises only what has run for a
// while. The engine's data files are fetched first (Engine.Fetch):
// rehearsing puts the warm-up off, not them. ctx's checkpoint stops it (for
// a request). It reports whether there is more to rehearse; the engine's
// worker rehearses while idle.
func (w *Workshop) Rehearse(ctx context.Context) (more bool) {
	defer func() {
		if recover() != nil {
			more = false
		}
	}()
	if w.rehearsed >= rehearsals || len(w.order) == 0 {
		return false
	}
	last := w.runs[w.order[len(w.order)-1]]
	if last == nil || last.Material == nil {
		return false // a real host's probe: nothing to rehearse yet
	}
	w.e.Fetch()
	w.rehearsed++
	s := last.Material.Scenario.Clone()
	s.Now, s.Today = s.Now.AddDate(0, 0, w.rehearsed), false
	arg, err := tjson.Marshal(s)
	if err != nil {
		return false
	}
	// Stopped for a request (or failed), the next is rehearsed when idle;
	// the checkpoint is passed between the parts of the answer too.
	if run, err := w.e.Answer(ctx, edit(arg)); err == nil && pki.Checkpoint(ctx) == nil {
		if _, err := run.Head(); err == nil && pki.Checkpoint(ctx) == nil {
			run.StepsJSON()
		}
	}
	return w.rehearsed < rehearsals
}

func (w *Workshop) run(ctx context.Context, id int, arg, op string) Reply {
	parts := op == "edit"
	var req Request = Story(arg)
	if parts {
		req = edit(arg)
	}
	run, err := w.e.Answer(ctx, req)
	if err != nil {
		return Reply{Err: err}
	}
	var r Reply
	if parts {
		head := func() (string, error) {
			b, err := run.Head()
			return string(b), err
		}
		r = Reply{Report: run.Report, Head: head, Rest: run.StepsJSON}
	} else {
		b, err := run.JSON()
		if err != nil {
			return Reply{Err: err}
		}
		r = Reply{Text: string(b)}
	}
	if op == "answer" {
		return r
	}
	w.runs[id] = run
	w.order = append(w.order, id)
	if len(w.order) > keepRuns {
		delete(w.runs, w.order[0])
		w.order = w.order[1:]
	}
	return r
}

func (w *Workshop) match(ctx context.Context, text string) Reply {
	ms, err := w.e.Match(ctx, text)
	if err != nil {
		return Reply{Err: err}
	}
	b, err := tjson.Marshal(ms)
	if err != nil {
		return Reply{Err: err}
	}
	return Reply{Text: string(b)}
}

// ErrRunGone answers a request for the files of a run the workshop no longer
// keeps (keepRuns newer ones pushed it out). The page, which gets its words
// through a worker's message, plays the run on screen again for them.
var ErrRunGone = errors.New("that run is no longer on screen; try again")

func (w *Workshop) files(ctx context.Context, op, arg string) Reply {
	id, err := strconv.Atoi(arg)
	if err != nil || w.runs[id] == nil {
		return Reply{Err: ErrRunGone}
	}
	run := w.runs[id]
	var data []byte
	if op == "pcap" {
		data, err = run.Capture()
	} else {
		data, err = run.Kit(ctx, w.now())
	}
	if err != nil {
		return Reply{Err: err}
	}
	return Reply{Data: data}
}

func (w *Workshop) inspect(ctx context.Context, arg string) Reply {
	req, err := ParseChainRequest(arg)
	if err != nil {
		return Reply{Err: err}
	}
	c, err := req.Read(w.now())
	if err != nil {
		return Reply{Err: err}
	}
	ans, err := w.e.Inspect(ctx, c)
	if err != nil {
		return Reply{Err: err}
	}
	ans.Link, ans.LinkErr = ChainLink(req)
	b, err := ans.PageJSON()
	if err != nil {
		return Reply{Err: err}
	}
	return Reply{Text: string(b)}
}

// WithCheckpoint gives a request's work a checkpoint (pki.WithCheckpoint):
// f runs between the certificates a run crafts and at each turn of its
// handshake, and its error stops the run, which Handle then answers.
func WithCheckpoint(ctx context.Context, f func() error) context.Context {
	return pki.WithCheckpoint(ctx, f)
}
