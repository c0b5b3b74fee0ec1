package ui

import (
	"errors"
	"strconv"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/internal/wordlist"
)

// Verdict is everything the verdict panel says about a trace, as the
// person's client gives it (Lens), beside Go's own (OK, Reason).
type Verdict struct {
	// Lens is the verdict of the person's client; LensParts its message as
	// the page shows it. Status and Tone are the lens's.
	Lens      explain.Verdict
	LensParts []MessagePart
	// OlderParts are Debian 12's python3-requests' message under requests'
	// lens, where it differs from pip's: urllib3 1.26's words, and the
	// system's CA store Debian's requests reads (a pasted error may be in
	// its words); nil otherwise.
	OlderParts []MessagePart
	OK         bool   // Go's verdict, the handshake on screen
	Reason     string // Go's reason id, as in JSON and the CLI
	// Status is the one-line outcome: who refused, or that it went through.
	Status string
	// Tone is "ok", "warn" (succeeded, but dangerously) or "fail".
	Tone string
	// Check is the failed check's name and Go's evidence, when one failed.
	Check, CheckDetail string
	// CheckQuestion and CheckAnswer are that check as a question and its
	// answer (CheckWords).
	CheckQuestion, CheckAnswer string
	// CheckStep is the trace step of that check, -1 if none.
	CheckStep int
	// AboutStep is the trace step of the check the lens's verdict is
	// about (explain.AboutCheck): CheckStep where the client refuses as Go does,
	// -1 if none.
	AboutStep int
	// Errors are what each side's Go code returned.
	ClientError, ServerError string
	Explain                  *explain.Explanation
	Clients                  []Client
	// Primer is the section of the page's primer the verdict links to.
	Primer PrimerLink
}

// Client is one row of "what real clients print".
type Client struct {
	Name string
	explain.ClientVerdict
	// Parts are the message as the page shows it (see MessageParts).
	Parts []MessagePart
}

// MessagePart is a piece of a client's message (explain.MessagePart).
type MessagePart = explain.MessagePart

// variesWhat are the placeholders explain leaves in a client's message, and
// what each stands for.
var variesWhat = explain.Varies

// MessageParts splits a client's message for the page (explain.MessageParts).
func MessageParts(msg string, port int) []MessagePart { return explain.MessageParts(msg, port) }

// clientNames are the clients as a person knows them.
var clientNames = wordlist.List{
	{string(explain.Requests), "Python requests (urllib3 2)"},
	{string(explain.Requests1), "Python requests (urllib3 1.26)"},
	{string(explain.Curl), "curl"},
	{string(explain.OpenSSL), "openssl s_client"},
	{string(explain.Node), "Node.js https"},
	{string(explain.GoNetHTTP), "Go net/http"},
}

// DecodeReport reads the engine's answer (a Report's JSON, as `tlsplay run
// --json` prints it).
func DecodeReport(b []byte) (*explain.Report, error) {
	r := &explain.Report{}
	if err := tjson.Unmarshal(b, r); err != nil {
		return nil, err
	}
	return r, nil
}

// DecodeStep reads one step of an answer in parts (flow.Run.StepsJSON) into
// the report read from its head (flow.Run.Head), in place of its light copy.
func DecodeStep(r *explain.Report, i int, b []byte) error {
	if i < 0 || i >= len(r.Trace.Steps) {
		return errors.New("the answer has no step " + strconv.Itoa(i))
	}
	var st handshake.Step
	if err := tjson.Unmarshal(b, &st); err != nil {
		return err
	}
	r.Trace.Steps[i] = st
	return nil
}

// VerdictOf is VerdictFor the default client.
func VerdictOf(r *explain.Report) Verdict { return VerdictFor(r, explain.DefaultClient) }

// VerdictFor reads the verdict of a report as client (one of
// explain.LensClients; another is taken for the default) gives it: with the
// explanation and client verdicts it carries, or explained on the spot where
// it carries none (with the replay of its cure it carries, Report.Next).
func VerdictFor(r *explain.Report, client string) Verdict {
	t := r.Trace
	o := &t.Outcome
	e, clients := r.Explanation, r.Clients
	if e == nil || clients == nil {
		// Explained on the spot as the engine explains, with what its
		// cure's replay refused next (r.Next) where the answer carries it.
		spot := explain.NewReportThen(t, r.Next)
		if e == nil {
			e = spot.Explanation
		}
		if clients == nil {
			clients = spot.Clients
		}
	}
	v := Verdict{OK: o.OK, Reason: o.Reason.String(), CheckStep: o.Check,
		ClientError: o.ClientError, ServerError: o.ServerError, Explain: e, Primer: PrimerIn(t, client)}
	switch {
	case o.Reason == handshake.InsecureSkipVerify:
		v.Status, v.Tone = "Connected — without checking who answered", "warn"
	case o.OK:
		v.Status, v.Tone = "Connected: the parcel was delivered", "ok"
	case o.Stage == handshake.StageLoadClientKey:
		v.Status, v.Tone = neverSetOff, "fail"
	case o.Side != nil && *o.Side == handshake.Server:
		v.Status, v.Tone = "Refused by the bank (server)", "fail"
	default:
		v.Status, v.Tone = "Refused by the courier (client)", "fail"
	}
	if !explain.IsLensClient(client) {
		client = explain.DefaultClient
	}
	// The report's predictions are read as they are: the lens asks for
	// nothing else of them.
	lens, err := explain.Lens(&explain.Report{Trace: t, Next: r.Next, Explanation: e, Clients: clients}, client)
	if err == nil {
		v.Lens = lens
		v.Status, v.Tone = lensStatus(v, lens)
	}
	v.AboutStep = explain.AboutCheck(t, v.Lens)
	if o.Check >= 0 && o.Check < len(t.Steps) {
		st := &t.Steps[o.Check]
		v.Check, v.CheckDetail = st.Name, st.Detail
		v.CheckQuestion, v.CheckAnswer = CheckWords(st)
	}
	port := 443
	if t.Scenario != nil && t.Scenario.Client.Port != 0 {
		port = t.Scenario.Client.Port
	}
	for _, k := range explain.ClientKeys {
		if cv, ok := clients[k]; ok {
			v.Clients = append(v.Clients, Client{Name: clientNames.Of(k), ClientVerdict: cv, Parts: MessageParts(explain.Printed(k, cv.Class, cv.Message), port)})
		}
	}
	lensSays := explain.Printed(v.Lens.Client, v.Lens.Class, v.Lens.Message)
	v.LensParts = MessageParts(lensSays, port)
	if older, ok := clients[explain.Requests1]; ok && v.Lens.Client == explain.Requests {
		if says := explain.Printed(explain.Requests1, older.Class, older.Message); says != "" && says != lensSays {
			v.OlderParts = MessageParts(says, port)
		}
	}
	return v
}

// neverSetOff is the status of a courier that failed to load its badge.
const neverSetOff = "The courier never set off: its badge did not load"

// lensStatus is the one-line outcome as the lens's client has it: Go's where
// the two agree.
func lensStatus(v Verdict, l explain.Verdict) (status, tone string) {
	switch {
	case l.OK == v.OK && l.Reason == v.Reason:
		return v.Status, v.Tone
	case l.OK:
		return "Connected: the parcel was delivered", "ok"
	case l.Reason == string(explain.CauseBadgeTooWeak):
		return neverSetOff, "fail"
	case l.Reason == handshake.NoSharedCipher.String():
		return "Refused by the bank (server)", "fail"
	}
	return "Refused by the courier (client)", "fail"
}

// CheckWords is a check as the question it answers and its answer with Go's
// evidence, in words true whether it passed or failed: "Is the certificate
// for example.com?", "No: example.com is not among www.example.com, shop.example.com".
func CheckWords(st *handshake.Step) (question, answer string) {
	question = st.Question
	if question == "" {
		question = st.Name + "?"
	}
	answer = map[string]string{Pass: "Yes", Fail: "No", Advisory: "No, and it is not enforced"}[CheckState(st)]
	if st.Detail != "" {
		answer += ": " + st.Detail
	}
	return question, answer
}
