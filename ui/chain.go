package ui

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/scenario"
)

// The "Paste a chain" box: the certificates a server sent (pasted, or a
// dropped file), what the courier trusts, the host and the time. What it
// says of its fields, what it asks the engine and how it reads the answer
// are decided here; wasm/app draws it. Nothing pasted leaves the page: the
// engine that verifies the chain is the page's own.

// The box's fields, as its problems name them (and the page's ids, chain-<field>).
const (
	ChainCerts = "certs"
	ChainRoots = "roots"
	ChainName  = "name"
	ChainTime  = "time"
)

// The trust choices.
const (
	TrustMozilla = "mozilla"
	TrustBundle  = "bundle"
)

// ChainInput is what the box holds.
type ChainInput struct {
	Chain string
	// ChainFile is a chosen or dropped file's bytes, which the text then
	// stands for.
	ChainFile []byte
	Trust     string // TrustMozilla or TrustBundle
	Roots     string
	RootsFile []byte
	Name      string
	Time      string
}

// Check says what is wrong at each field before the engine is asked, and
// what to ask it.
func (in ChainInput) Check() (flow.ChainRequest, []scenario.Problem) {
	var ps []scenario.Problem
	add := func(field, msg string) { ps = append(ps, scenario.Problem{Field: field, Message: msg}) }
	req := flow.ChainRequest{Chain: in.Chain, ChainFile: in.ChainFile, Name: strings.TrimSpace(in.Name), Time: strings.TrimSpace(in.Time)}
	switch {
	case strings.TrimSpace(in.Chain) == "" && len(in.ChainFile) == 0:
		add(ChainCerts, "paste the certificates the server sends (openssl s_client -showcerts prints them), or choose a .pem, .crt, .cer or .der file")
	case len(in.Chain) > flow.MaxPaste || len(in.ChainFile) > flow.MaxPaste:
		add(ChainCerts, fmt.Sprintf("more than %d MB: a chain is a few kilobytes", flow.MaxPaste>>20))
	}
	if in.Trust == TrustBundle {
		req.Roots, req.RootsFile = in.Roots, in.RootsFile
		switch {
		case strings.TrimSpace(in.Roots) == "" && len(in.RootsFile) == 0:
			add(ChainRoots, "paste the CA bundle the client trusts (what verify='ca.pem' names), or choose Mozilla's roots")
		case len(in.Roots) > flow.MaxPaste || len(in.RootsFile) > flow.MaxPaste:
			add(ChainRoots, fmt.Sprintf("more than %d MB: certifi's whole bundle is about 300 kB", flow.MaxPaste>>20))
		}
	}
	if req.Name != "" {
		if typed, err := scenario.ReadHost(req.Name); err != nil {
			add(ChainName, err.Error())
		} else if err := scenario.CheckHost(typed.Host); err != nil {
			add(ChainName, err.Error())
		}
	}
	if req.Time != "" {
		if _, err := flow.ParseTime(req.Time); err != nil {
			add(ChainTime, err.Error()+", or leave it empty for now")
		}
	}
	return req, ps
}

// Inspection is what the page shows of an inspected chain beside the
// verdict, checks and inspector it draws from the report.
type Inspection struct {
	OK     bool            `json:"ok"`
	Reason string          `json:"reason"`
	Host   string          `json:"host"`
	Time   time.Time       `json:"time"`
	Trust  handshake.Trust `json:"trust"`
	Certs  []struct{}      `json:"certificates"`
	// KeyFound says a private key was pasted too.
	KeyFound bool     `json:"private_key_found"`
	Notes    []string `json:"notes"`
	Twin     *struct {
		Scenario       tjson.Raw `json:"scenario"`
		Approximations []string  `json:"approximations"`
	} `json:"twin"`
	NoTwin []string `json:"no_twin"`
	// Link is the share link's fragment ("c1.…"), NoLink why there is none.
	Link, NoLink string `json:"-"`
}

// ReadInspection reads the engine's answer to an inspection: the report to
// draw, and the rest.
func ReadInspection(text string) (*explain.Report, *Inspection, error) {
	var page struct {
		Inspection *Inspection     `json:"inspection"`
		Report     *explain.Report `json:"report"`
		Link       string          `json:"link"`
		NoLink     string          `json:"no_link"`
	}
	if err := tjson.Unmarshal([]byte(text), &page); err != nil {
		return nil, nil, err
	}
	if page.Inspection == nil || page.Report == nil || page.Report.Trace == nil {
		return nil, nil, fmt.Errorf("the answer holds no inspection")
	}
	page.Inspection.Link, page.Inspection.NoLink = page.Link, page.NoLink
	return page.Report, page.Inspection, nil
}

// TwinScenario is the twin to open in the editor, or nil.
func (ins *Inspection) TwinScenario() (*scenario.Scenario, error) {
	if ins.Twin == nil {
		return nil, nil
	}
	return scenario.ParseJSON(ins.Twin.Scenario)
}

// Story is what the page says above the verdict of an inspected chain.
func (ins *Inspection) Story() string {
	trust := "Mozilla's roots, as verify=True trusts them"
	if !ins.Trust.Mozilla {
		trust = fmt.Sprintf("the pasted CA bundle (%s), as verify='ca.pem' trusts it", certificates(ins.Trust.Certificates))
	}
	return fmt.Sprintf("The %s, verified as a courier verifies what a server sends: for %s, trusting %s, by Go's own x509.Verify in this page. Nothing pasted left the page.",
		pasted(len(ins.Certs)), ins.Host, trust)
}

// certificates counts certificates in words: "1 certificate", "2 certificates".
func certificates(n int) string {
	if n == 1 {
		return "1 certificate"
	}
	return fmt.Sprintf("%d certificates", n)
}

// pasted counts the pasted certificates in words: "pasted certificate"
// alone, or "2 pasted certificates".
func pasted(n int) string {
	if n == 1 {
		return "pasted certificate"
	}
	return fmt.Sprintf("%d pasted certificates", n)
}

// ChainFailed is what the box says when nothing was inspected: why, as a
// sentence, and, when a chain inspected before is on screen, that its
// verdict is not of this paste.
func ChainFailed(why string, earlier bool) string {
	why = strings.TrimSpace(why)
	if why != "" && 'a' <= why[0] && why[0] <= 'z' {
		why = strings.ToUpper(why[:1]) + why[1:]
	}
	if !strings.HasSuffix(why, ".") {
		why += "."
	}
	if earlier {
		why += " The verdict below is still that of the chain inspected before."
	}
	return why
}

// KeyWarning is what the box says of a pasted private key ("" when none was).
func (ins *Inspection) KeyWarning() string {
	if !ins.KeyFound {
		return ""
	}
	return "A private key was pasted: it was taken out of the box, not read, not kept, and is in no link. Treat it as exposed only if you pasted it somewhere else as well."
}

// KeyMemo remembers, field by field, the text a private key was taken out
// of, so that a box says a key was pasted for as long as the field holds
// that text, and not of what is pasted after it.
type KeyMemo map[string]string

// Take takes the private keys out of text in field (handshake.StripPrivateKeys):
// the text to put back, and whether a key was taken.
func (m KeyMemo) Take(field, text string) (string, bool) {
	out, found := handshake.StripPrivateKeys(text)
	if found {
		m[field] = out
	}
	return out, found
}

// Holds reports whether field holds the text a key was taken out of.
func (m KeyMemo) Holds(field, text string) bool {
	t, ok := m[field]
	return ok && t == text
}

// TwinWords say what Play it does, or why there is no twin.
func (ins *Inspection) TwinWords() string {
	if ins.Twin == nil {
		return "No twin to play: the playground cannot craft " + strings.Join(ins.NoTwin, "; ") + "."
	}
	s := "Play it opens a twin in the editor: certificates with the same names, validity, extensions and key types, made with the playground's own keys (the real keys are not here), which a real handshake gives the same verdict."
	if len(ins.Twin.Approximations) > 0 {
		s += " Where it differs: " + strings.Join(ins.Twin.Approximations, "; ") + "."
	}
	return s
}

// ShareWords say what the share link of an inspected chain carries, before
// it is copied.
func (ins *Inspection) ShareWords() string {
	if ins.Link == "" {
		return "No share link: " + ins.NoLink + "."
	}
	bundle := ""
	if !ins.Trust.Mozilla {
		bundle = " and the CA bundle's " + certificates(ins.Trust.Certificates)
	}
	return fmt.Sprintf("Copy share link puts the %s%s in the link (certificates are public: a server hands them to anyone who connects), with the host and the time; nothing else you pasted, and no private key.", pasted(len(ins.Certs)), bundle)
}

// Dropped is what the box makes of a chosen or dropped file: text goes into
// its field, to be read and edited (a key in it is then taken out); other
// bytes (DER) are kept beside the field, which names the file.
func Dropped(name string, b []byte) (text string, file []byte, label string) {
	if utf8.Valid(b) && !bytes.ContainsRune(b, 0) {
		return string(b), nil, ""
	}
	return "", b, fmt.Sprintf("%s: %d bytes, binary (DER), used as it is", name, len(b))
}

// FileProblem says what is wrong with a file before it is read ("" when
// nothing is).
func FileProblem(name string, size int) string {
	if size > flow.MaxPaste {
		return fmt.Sprintf("the file %s is larger than %d MB: a chain or a CA bundle is a few kilobytes", name, flow.MaxPaste>>20)
	}
	return ""
}

// ActionsOff says why the page's downloads (files) and share link (share)
// are off for what is on screen, a real host's probe or a pasted chain (ins),
// each "" when it is on: a person meets a greyed button, and its title says
// why.
func ActionsOff(probe bool, ins *Inspection) (files, share string) {
	switch {
	case probe:
		return "A real host's probe has no files to download: its certificates are the host's, and its keys never left it.",
			"A real host's probe has no share link: a link never makes the page connect anywhere."
	case ins != nil:
		files = "A pasted chain has no files to download: its real keys are not here."
		if ins.Twin != nil {
			files += " Play it opens its twin, which has them."
		}
		if ins.Link == "" {
			share = ins.ShareWords()
		}
	}
	return files, share
}
