package ui

import (
	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
)

// Verdict is everything the verdict panel says about a trace.
type Verdict struct {
	OK     bool
	Reason string // the reason id, as in JSON and the CLI
	// Status is the one-line outcome: who refused, or that it went through.
	Status string
	// Tone is "ok", "warn" (succeeded, but dangerously) or "fail".
	Tone string
	// Check is the failed check's name and Go's evidence, when one failed.
	Check, CheckDetail string
	// CheckStep is the trace step of that check, -1 if none.
	CheckStep int
	// Errors are what each side's Go code returned.
	ClientError, ServerError string
	Explain                  *explain.Explanation
	Clients                  []Client
}

// Client is one row of "what real clients print".
type Client struct {
	Name string
	explain.ClientVerdict
}

// clientNames are the clients as a person knows them.
var clientNames = map[string]string{
	explain.Requests:  "Python requests (urllib3 2)",
	explain.Requests1: "Python requests (urllib3 1.26)",
	explain.Curl:      "curl",
	explain.OpenSSL:   "openssl s_client",
	explain.Node:      "Node.js https",
	explain.GoNetHTTP: "Go net/http",
}

// VerdictOf reads the verdict of a trace and explains it.
func VerdictOf(t *handshake.Trace) Verdict {
	o := &t.Outcome
	v := Verdict{OK: o.OK, Reason: o.Reason.String(), CheckStep: o.Check,
		ClientError: o.ClientError, ServerError: o.ServerError, Explain: explain.Explain(t)}
	switch {
	case o.Reason == handshake.InsecureSkipVerify:
		v.Status, v.Tone = "Connected — without checking who answered", "warn"
	case o.OK:
		v.Status, v.Tone = "Connected: the parcel was delivered", "ok"
	case o.Stage == handshake.StageLoadClientKey:
		v.Status, v.Tone = "The courier never set off: its badge did not load", "fail"
	case o.Side != nil && *o.Side == handshake.Server:
		v.Status, v.Tone = "Refused by the bank (server)", "fail"
	default:
		v.Status, v.Tone = "Refused by the courier (client)", "fail"
	}
	if o.Check >= 0 && o.Check < len(t.Steps) {
		v.Check, v.CheckDetail = t.Steps[o.Check].Name, t.Steps[o.Check].Detail
	}
	clients := explain.Clients(t)
	for _, k := range explain.ClientKeys {
		if cv, ok := clients[k]; ok {
			v.Clients = append(v.Clients, Client{Name: clientNames[k], ClientVerdict: cv})
		}
	}
	return v
}
