package explain

import (
	"errors"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/tjson"
)

// Report is the engine's answer, the one value the CLI's --json, the page's
// engine, globalThis.tlsplay.run and the probe worker return: the trace and
// what it means, typed.
//
// Its JSON is the trace's, with the explanation and the client verdicts inside
// the outcome, at outcome.explain and outcome.clients.
type Report struct {
	Trace *handshake.Trace
	// Next is the handshake of the trace's scenario cured, when the trace's
	// failure left checks unrun and it fails too (NewReportThen; nil
	// otherwise): the lens reads it. Its JSON is at then.
	Next        *handshake.Trace
	Explanation *Explanation
	// Clients is each real client's verdict, keyed as ClientKeys.
	Clients map[string]ClientVerdict
	// Lens, when set, is the verdict as one client gives it (see Lens): the
	// JSON's verdict, beside the trace.
	Lens *Verdict
}

// SetLens sets r's verdict as client gives it (Lens), which its JSON then
// carries as verdict, and returns it.
func (r *Report) SetLens(client string) (Verdict, error) {
	v, err := Lens(r, client)
	if err != nil {
		return v, err
	}
	r.Lens = &v
	return v, nil
}

// NewReport explains the trace.
func NewReport(t *handshake.Trace) *Report {
	f := newFacts(t)
	return &Report{Trace: t, Explanation: f.explanation(), Clients: f.clients()}
}

// reportJSON is a Report as JSON: the trace, its outcome replaced by one that
// carries the explanation and the client verdicts.
type reportJSON struct {
	*handshake.Trace
	Verdict *Verdict      `json:"verdict,omitempty"`
	Outcome reportOutcome `json:"outcome"`
	// Then is the report's Next.
	Then *handshake.Trace `json:"then,omitempty"`
}

type reportOutcome struct {
	handshake.Outcome
	Explain *Explanation             `json:"explain,omitempty"`
	Clients map[string]ClientVerdict `json:"clients,omitempty"`
}

func (r *Report) MarshalJSON() ([]byte, error) {
	if r.Trace == nil {
		return nil, errors.New("explain: a report without a trace")
	}
	return tjson.Marshal(reportJSON{r.Trace, r.Lens, reportOutcome{r.Trace.Outcome, r.Explanation, r.Clients}, r.Next})
}

// UnmarshalJSON reads a report; one without an explanation or client verdicts
// (null or absent) has none.
func (r *Report) UnmarshalJSON(b []byte) error {
	v := reportJSON{Trace: &handshake.Trace{}}
	if err := tjson.Unmarshal(b, &v); err != nil {
		return err
	}
	v.Trace.Outcome = v.Outcome.Outcome
	clients := v.Outcome.Clients
	if len(clients) == 0 {
		clients = nil
	}
	*r = Report{Trace: v.Trace, Next: v.Then, Explanation: v.Outcome.Explain, Clients: clients, Lens: v.Verdict}
	return nil
}
