package flow

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/tjson"
)

// Chain is a pasted chain to verify: what `tlsplay inspect`, the page's
// "Paste a chain" box and globalThis.tlsplay.inspect send.
type Chain struct {
	// Chain is what the server sent: PEM text, DER or PKCS #7.
	Chain []byte
	// Roots is a CA bundle the courier trusts, as verify='ca.pem' does;
	// empty means Mozilla's roots, as verify=True does.
	Roots []byte
	// Name is the host, IP address or URL the chain was served for.
	Name string
	// Time is the clock of the verification; the caller reads it.
	Time time.Time
	// Words name Chain and Roots in messages (the zero value: the page's
	// boxes; handshake.FlagInputs: the CLI's flags).
	Words handshake.Inputs
}

// FlagInputs name a chain's inputs as the CLI's flags, --chain and --roots.
var FlagInputs = handshake.FlagInputs

// MaxPaste is the most a pasted chain or bundle may hold.
const MaxPaste = handshake.MaxPaste

// Inspected is a pasted chain verified and explained.
type Inspected struct {
	Inspection *handshake.Inspection
	// Report is the inspection's trace explained, as a run's: the page draws
	// it as it draws a story.
	Report *explain.Report
	// Twin is the chain's twin, to play; NoTwin says why there is none.
	Twin   *handshake.Twin
	NoTwin []string
	// Link is the share-link fragment of the pasted certificates, for the
	// page; LinkErr why there is none.
	Link    string
	LinkErr error
}

// Inspect verifies a pasted chain and explains the verdict. The error is
// input that holds nothing to verify, in one sentence; every verdict is an
// answer.
func (e *Engine) Inspect(ctx context.Context, c Chain) (*Inspected, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c.Time.IsZero() {
		return nil, errors.New("inspect: no clock")
	}
	ins, err := handshake.Inspect(handshake.ChainInput{Chain: c.Chain, Roots: c.Roots, Name: c.Name, Now: c.Time, Words: c.Words})
	if err != nil {
		return nil, err
	}
	out := &Inspected{Inspection: ins, Report: explain.NewReport(ins.Trace)}
	twin, err := ins.Twin()
	switch te, ok := errors.AsType[*handshake.TwinError](err); {
	case ok:
		out.NoTwin = te.Missing
	case err != nil:
		out.NoTwin = []string{err.Error()}
	default:
		out.Twin = twin
	}
	return out, nil
}

// Lens sets the answer's verdict as client gives it (explain.Lens): its
// text then opens with it, and its JSON carries it as verdict.
func (i *Inspected) Lens(client string) (explain.Verdict, error) {
	return i.Report.SetLens(client)
}

// inspectedJSON is the answer as `tlsplay inspect --json` prints it.
type inspectedJSON struct {
	// Verdict is the client's, when one was asked for (Lens); OK and
	// Reason are Go's.
	Verdict *explain.Verdict `json:"verdict,omitempty"`
	OK      bool             `json:"ok"`
	Reason  string           `json:"reason"`
	// GoError is Go's own words, as a Go client reports the failure.
	GoError   string                           `json:"go_error,omitempty"`
	Host      string                           `json:"host"`
	Port      int                              `json:"port,omitempty"`
	NameGiven bool                             `json:"name_given"`
	Time      time.Time                        `json:"time"`
	Trust     handshake.Trust                  `json:"trust"`
	Certs     []handshake.CertSummary          `json:"certificates"`
	Chain     []handshake.ChainLink            `json:"chain"`
	Checks    []handshake.Step                 `json:"checks"`
	Explain   *explain.Explanation             `json:"explain"`
	Clients   map[string]explain.ClientVerdict `json:"clients"`
	KeyFound  bool                             `json:"private_key_found"`
	Notes     []string                         `json:"notes,omitempty"`
	Twin      *twinJSON                        `json:"twin,omitempty"`
	NoTwin    []string                         `json:"no_twin,omitempty"`
}

type twinJSON struct {
	Scenario       any      `json:"scenario"`
	Approximations []string `json:"approximations,omitempty"`
}

func (i *Inspected) MarshalJSON() ([]byte, error) {
	ins, o := i.Inspection, i.Inspection.Trace.Outcome
	v := inspectedJSON{Verdict: i.Report.Lens, OK: o.OK, Reason: o.Reason.String(), GoError: o.ClientError, Host: ins.Host, Port: ins.Port, NameGiven: ins.NameGiven,
		Time: ins.Trace.Scenario.Now, Trust: ins.Trust, Certs: ins.Certificates, Chain: ins.Chain,
		Explain: i.Report.Explanation, Clients: i.Report.Clients, KeyFound: ins.KeyFound, Notes: ins.Notes, NoTwin: i.NoTwin}
	v.Checks = []handshake.Step{}
	for _, st := range ins.Trace.Steps {
		if st.Kind == handshake.KindCheck {
			v.Checks = append(v.Checks, st)
		}
	}
	if i.Twin != nil {
		v.Twin = &twinJSON{Scenario: i.Twin.Scenario, Approximations: i.Twin.Approximations}
	}
	return tjson.Marshal(v)
}

// PageJSON is the answer as the page's engine sends it: the inspection as
// tlsplay.inspect returns it, and the report the page draws.
func (i *Inspected) PageJSON() ([]byte, error) {
	v := struct {
		Inspection *Inspected      `json:"inspection"`
		Report     *explain.Report `json:"report"`
		Link       string          `json:"link,omitempty"`
		NoLink     string          `json:"no_link,omitempty"`
	}{Inspection: i, Report: i.Report, Link: i.Link}
	if i.LinkErr != nil {
		v.NoLink = i.LinkErr.Error()
	}
	return tjson.Marshal(v)
}

// WriteText prints the answer for a terminal: the verdict, the certificates
// decoded, the chain, the checks, what it means and what each client prints.
func (i *Inspected) WriteText(w io.Writer) error {
	var b strings.Builder
	ins, o, e := i.Inspection, i.Inspection.Trace.Outcome, i.Report.Explanation
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	trust := "Mozilla's roots (verify=True)"
	if !ins.Trust.Mozilla {
		trust = fmt.Sprintf("the CA bundle (verify='ca.pem'), %d certificate(s)", ins.Trust.Certificates)
	}
	p("chain for %s, trusting %s, at %s\n", ins.Host, trust, ins.Trace.Scenario.Now.Format(time.RFC3339))
	if ins.KeyFound { // before anything else
		p("note: %s\n", handshake.KeyNote)
	}
	technical, tellApart, fix := e.Technical, e.TellApart, e.Fix
	switch l := i.Report.Lens; {
	case l != nil:
		// The client's verdict first, in its words; Go's after it.
		title := explain.ClientTitles[l.Client]
		reason := l.Reason
		if l.OK {
			reason = "ok"
		}
		p("verdict (%s): %s: %s\n", title, reason, l.Headline)
		if !l.OK {
			msg, _ := explain.MessageText(explain.Printed(l.Client, l.Class, l.Message), cmp.Or(ins.Port, 443))
			p("%s says: %s\n", title, strings.ReplaceAll(msg, "\n", "\n    "))
		}
		if l.Disagree != "" {
			p("%s\n", l.Disagree)
		}
		if l.Client != explain.GoNetHTTP {
			if o.OK {
				p("Go connects: %s\n", e.Headline)
			} else {
				p("Go refuses: %s: %s\nGo says: %s\n", o.Reason, e.Headline, o.ClientError)
			}
		} else if !o.OK {
			p("Go says: %s\n", o.ClientError)
		}
		technical, tellApart, fix = l.Technical, l.TellApart, l.Fix
	case o.OK:
		p("verdict: ok: %s\n", e.Headline)
	default:
		p("verdict: %s: %s\n", o.Reason, e.Headline)
		p("Go says: %s\n", o.ClientError)
	}
	p("\ncertificates, as a server sends them:\n")
	for n, c := range ins.Certificates {
		p("%2d. %s\n    issuer %s\n", n+1, c.Subject, c.Issuer)
		if c.Problem != "" {
			p("    %s\n", c.Problem)
		} else {
			p("    valid %s to %s; key %s; signed %s; serial %s\n", c.NotBefore.Format(time.RFC3339), c.NotAfter.Format(time.RFC3339), c.Key, c.Signature, c.Serial)
			writeList(p, "names", slices.Concat(c.DNSNames, c.IPAddresses, c.EmailAddresses, c.URIs))
			ca := "not a CA"
			if c.IsCA {
				ca = "CA"
				if c.MaxPathLen != nil {
					ca += fmt.Sprintf(", pathlen:%d", *c.MaxPathLen)
				}
			}
			if !c.BasicConstr {
				ca = "no basicConstraints"
			}
			p("    %s; key usage %s; extended key usage %s\n", ca, orNone(c.KeyUsage), orNone(c.ExtKeyUsage))
			writeList(p, "permitted names", slices.Concat(c.PermittedDNS, c.PermittedIPs, c.PermittedEmails, c.PermittedURIs))
			writeList(p, "excluded names", slices.Concat(c.ExcludedDNS, c.ExcludedIPs, c.ExcludedEmails, c.ExcludedURIs))
			writeList(p, "issuer certificate at", c.IssuerURLs)
			writeList(p, "OCSP", c.OCSP)
			writeList(p, "CRL", c.CRL)
			if len(c.SCTs) > 0 {
				var logs []string
				for _, s := range c.SCTs {
					logs = append(logs, s.LogID)
				}
				p("    %d SCT(s), logs %s\n", len(c.SCTs), strings.Join(logs, ", "))
			}
		}
		p("    SHA-256 %s\n    SHA-1   %s\n", c.SHA256, c.SHA1)
	}
	var links []string
	for _, l := range ins.Chain {
		links = append(links, l.Name+" ("+l.From+")")
	}
	p("\nchain as Go builds it: %s\n\nchecks:\n", strings.Join(links, " <- "))
	about := o.Check
	if i.Report.Lens != nil {
		about = explain.AboutCheck(ins.Trace, *i.Report.Lens)
	}
	for n, st := range ins.Trace.Steps {
		if st.Kind != handshake.KindCheck {
			continue
		}
		mark := "ok  "
		if st.OK != nil && !*st.OK {
			mark = "FAIL"
		}
		if st.Advisory {
			mark = strings.ToLower(mark) + " (not enforced)"
		}
		if n == about {
			mark += " <- the verdict"
		}
		p("  [%s] %s: %s\n", mark, st.Name, st.Detail)
	}
	p("\n%s\n", technical)
	if tellApart != "" {
		p("\ntelling it apart: %s\n", tellApart)
	}
	for _, s := range e.Standards {
		p("\nstandards: %s\n", s)
	}
	if fix.Summary != "" {
		p("\nfix (%s): %s\n", fix.Side, fix.Summary)
	}
	p("\nwhat each client says:\n")
	port := ins.Port
	if port == 0 {
		port = 443
	}
	var varies []string
	for _, k := range explain.ClientKeys {
		v := i.Report.Clients[k]
		verdict := "refuses"
		if v.OK {
			verdict = "accepts"
		}
		msg, vs := explain.MessageText(v.Message, port)
		p("  %s %s: %s\n", k, verdict, strings.ReplaceAll(msg, "\n", "\n    "))
		for _, n := range vs {
			if !slices.Contains(varies, n) {
				varies = append(varies, n)
			}
		}
	}
	for _, n := range varies {
		p("  (%s)\n", n)
	}
	for _, n := range ins.Notes {
		if n != handshake.KeyNote { // said first
			p("\nnote: %s\n", n)
		}
	}
	if i.Twin != nil {
		p("\ntwin: a scenario with the same names, validity, extensions and key types (tlsplay inspect --json prints it as twin.scenario; tlsplay run --scenario plays it)\n")
	} else {
		p("\nno twin: the playground cannot craft %s\n", strings.Join(i.NoTwin, "; "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeList(p func(string, ...any), what string, list []string) {
	if len(list) > 0 {
		p("    %s: %s\n", what, strings.Join(list, ", "))
	}
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "(none)"
	}
	return strings.Join(list, ", ")
}
