package explain

import (
	"encoding/json"
	"errors"

	"github.com/tlsplay/tlsplay/handshake"
)

// Report is the engine's answer, the one value the CLI's --json, the page's
// engine, globalThis.tlsplay.run and the probe worker return: the trace and
// what it means, typed.
//
// Its JSON is the trace's, with the explanation and the client verdicts inside
// the outcome, at outcome.explain and outcome.clients.
type Report struct {
	Trace       *handshake.Trace
	Explanation *Explanation
	// Clients is each real client's verdict, keyed as ClientKeys.
	Clients map[string]ClientVerdict
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
	Outcome reportOutcome `json:"outcome"`
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
	return json.Marshal(reportJSON{r.Trace, reportOutcome{r.Trace.Outcome, r.Explanation, r.Clients}})
}

// UnmarshalJSON reads a report; one without an explanation or client verdicts
// (null or absent) has none.
func (r *Report) UnmarshalJSON(b []byte) error {
	v := reportJSON{Trace: &handshake.Trace{}}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	v.Trace.Outcome = v.Outcome.Outcome
	clients := v.Outcome.Clients
	if len(clients) == 0 {
		clients = nil
	}
	*r = Report{Trace: v.Trace, Explanation: v.Outcome.Explain, Clients: clients}
	return nil
}
