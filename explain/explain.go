// Package explain owns what a trace means to people: the verdict in words, the fix, each real client's call and
// message, as tables keyed by typed reasons and cases, answered as a Report, and the matching of a pasted error to
// the stories by those messages. It reads the trace's values, never certificates, bytes or labels, and plays no
// handshake; in code the ends are client and server, in its words the courier and the bank.
package explain

import (
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
)

// Explanation is what the verdict means, for a person.
type Explanation struct {
	Reason    string `json:"reason"`
	Headline  string `json:"headline"`
	Analogy   string `json:"analogy"`
	Technical string `json:"technical"`
	// TellApart says how to tell this failure from the ones that look the same
	// in a client's error message.
	TellApart string `json:"tell_apart,omitempty"`
	Fix       Fix    `json:"fix"`
	// Standards are the rules of a specification the chain breaks that Go's
	// verdict does not follow, each with what Go does instead (a pasted
	// chain's advisory checks): where another verifier would say otherwise.
	Standards []string `json:"standards,omitempty"`
}

// Fix is how to make it work, as the requests call and its equivalents.
type Fix struct {
	_       noCompare
	Summary string `json:"summary"`
	// Side is who has to change something: "client", "server", or "both" when
	// the cures of the failed checks are on both sides (empty when nothing
	// needs fixing).
	Side string `json:"side,omitempty"`
	// Wrong is the requests call as the scenario makes it (it fails, or, for
	// verify=False, it is dangerous); Right is the call that works once the fix is
	// in place (the same call when the fix is on the server).
	Wrong string `json:"wrong"`
	Right string `json:"right"`
	// Client is the client whose calls Wrong and Right are under a lens
	// other than requests' ("" for requests'); then Requests is requests'
	// call that works, and that client's own field below is empty.
	Client   string `json:"client,omitempty"`
	Requests string `json:"requests,omitempty"`
	Curl     string `json:"curl"`
	OpenSSL  string `json:"openssl"`
	Node     string `json:"node"`
	Go       string `json:"go"`
	// Server, when the cure is the bank's configuration, is that
	// configuration for nginx, Apache, Caddy and Go.
	Server *ServerFix `json:"server,omitempty"`
	// Pending says the call works only once the summary's words are done
	// (a CA bundle converted to PEM, the bank's certificate sent first):
	// the call is not "fine as it is".
	Pending bool `json:"pending,omitempty"`
}

// ClientVerdict is what one real client does with the scenario.
type ClientVerdict struct {
	_  noCompare
	OK bool `json:"ok"`
	// Class is the error's type or code as the client names it.
	Class string `json:"class,omitempty"`
	// Message is what the client prints, with the parts that change from run to
	// run as named placeholders: {port}, {line} (a C source line), {thread}
	// (OpenSSL's thread id), {openssl_version}. No other text keeps a placeholder.
	Message string `json:"message"`
	// Note says where this client disagrees with Go and why, or what a prediction
	// rests on.
	Note string `json:"note,omitempty"`
	// Also is another message the client prints for the same failure, by
	// chance (its Note says when); the matcher knows it too.
	Also string `json:"also,omitempty"`
	// Basis says how the prediction is known, where it is not by the
	// automated proof against the real client (a page shows it behind a
	// "how we know" disclosure).
	Basis string `json:"basis,omitempty"`
	// Cause is why the client refuses, where that is none of Go's
	// reasons and the lens must know it (a page reads it from the JSON
	// too); "" otherwise.
	Cause Cause `json:"cause,omitempty"`
}

// A Cause is a client's own reason to refuse where Go has none, as the
// lens names it: typed, so that nothing compares the words a client
// prints to tell them apart.
type Cause string

const (
	// CauseWeakKey: OpenSSL refuses an RSA key of the bank's chain that
	// Go accepts (weakKey).
	CauseWeakKey Cause = "weak_key"
	// CauseBadgeTooWeak: OpenSSL refuses to load the courier's badge
	// (loadRefusal).
	CauseBadgeTooWeak Cause = "badge_too_weak"
)

// The clients, as keys of Clients' map.
const (
	Requests   = "requests"           // requests with urllib3 2.x
	Requests1  = "requests-urllib3-1" // requests with urllib3 1.26 (Debian 12)
	Curl       = "curl"               // curl with OpenSSL
	OpenSSL    = "openssl"            // openssl s_client -verify_return_error
	Node       = "node"               // Node's https module
	GoNetHTTP  = "go"                 // Go's net/http
	VaultPath  = "/vault"             // the path every client asks the playground's bank for
	defaultTLS = "443"
)

// ClientKeys lists the clients in the order a page shows them.
var ClientKeys = []string{Requests, Requests1, Curl, OpenSSL, Node, GoNetHTTP}

// Explain says what the trace's verdict means and how to fix it.
func Explain(t *handshake.Trace) *Explanation { return newFacts(t).explanation() }

func (f *facts) explanation() *Explanation {
	e := explanations[f.o.Reason]
	analogy := e.analogy
	if a, ok := placedAnalogies[f.o.Reason][f.badPlace]; ok {
		analogy = a
	}
	if h, ok := placedHeadlines[f.o.Reason][f.badPlace]; ok {
		e.headline = h
	}
	if f.imposter != nil {
		e, analogy = imposterWords, imposterWords.analogy
	}
	if f.o.Reason == handshake.OK && f.badgeVerified() {
		e, analogy = mutualWords, mutualWords.analogy
	}
	if f.wrongKey() {
		e, analogy = wrongKeyWords, wrongKeyWords.analogy
	}
	if f.cappedBelow() {
		e, analogy = cappedWords, cappedWords.analogy
		if f.cappedReached() {
			e, analogy = cappedReachedWords, cappedReachedWords.analogy
		}
	}
	if f.o.Reason == handshake.ClientCertInvalid && badgeSHA1(f) != noCase {
		e, analogy = sha1BadgeWords, sha1BadgeWords.analogy
	}
	if f.o.Reason == handshake.InsecureSkipVerify && f.s.Imposter != nil {
		e, analogy = skipImposterWords, skipImposterWords.analogy
	}
	if m := f.missingIssuer(); m != nil {
		e = missingIssuerWords[m.Intermediate()]
		analogy = e.analogy
	}
	if w := cipherWords[f.cipher]; w != "" && f.o.Reason == handshake.NoSharedCipher {
		e.technical = w
	}
	return &Explanation{
		Reason:    f.o.Reason.String(),
		Headline:  f.render(e.headline),
		Analogy:   f.render(analogy),
		Technical: f.proxyTechnical(f.render(e.technical)) + f.alsoFailing(),
		TellApart: f.render(e.tellApart),
		Fix:       f.pastedFix(fixFor(f)),
		Standards: f.standards(),
	}
}

// standards are the advisory checks that state a specification's rule: the
// rule's source, what it asks, what the chain has instead and what Go does.
func (f *facts) standards() []string {
	var out []string
	for _, st := range f.t.Steps {
		if st.Kind == handshake.KindCheck && st.Spec != "" && st.OK != nil && !*st.OK {
			out = append(out, st.Spec+": "+st.Name+". "+st.Detail)
		}
	}
	return out
}

// Clients predicts what each real client does with the trace's scenario.
func Clients(t *handshake.Trace) map[string]ClientVerdict { return newFacts(t).clients() }

func (f *facts) clients() map[string]ClientVerdict {
	out := make(map[string]ClientVerdict, len(ClientKeys))
	for _, k := range ClientKeys {
		out[k] = predict(f, k)
		if p := f.past(out[k], k); p != nil {
			out[k] = f.afterFirst(p, out[k], k)
		}
	}
	return out
}

// alsoFailing names the other checks that failed, for the technical
// explanation ("" when none did): Go reports the first, the others need fixing
// too.
func (f *facts) alsoFailing() string {
	if len(f.others) == 0 {
		return ""
	}
	var each []string
	for _, st := range f.others {
		each = append(each, st.Name+" ("+strings.TrimSuffix(st.Detail, ".")+")")
	}
	if len(each) == 1 {
		return " Another check fails too: " + each[0] + "."
	}
	return " Other checks fail too: " + strings.Join(each, "; ") + "."
}

// badgeVerified reports whether the bank verified a badge and it passed: the
// badge's chain reached the bank's list of badge issuers, enforced.
func (f *facts) badgeVerified() bool {
	for _, st := range f.t.Steps {
		if st.Kind == handshake.KindCheck && st.Side == handshake.Server && st.Checks == handshake.CheckAnchor {
			return !st.Advisory && st.OK != nil && *st.OK
		}
	}
	return false
}
