package explain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// What fails next. A handshake stops at its first failure, and the checks
// after it never run: a courier that refuses the bank's certificate never
// shows its badge, so the bank never finds it expired. A fix drawn from the
// first failure alone sends the person to a second one. Where the first
// failure left checks unrun (Unrun), the caller plays the cured scenario
// with real crypto/tls (explain plays none itself) and the fix says what
// that handshake refused too, and cures it as well (Cured, NewReportThen).

// Unrun reports whether the trace's failure ended the handshake before
// checks that would otherwise have run: the bank's check of a badge it
// demands or is shown, or the courier's of the bank's certificate. Only
// then can a second failure hide behind the first, and only then is the
// cured scenario worth playing.
func Unrun(t *handshake.Trace) bool {
	if t.Outcome.OK || realHost(t.Scenario) {
		return false
	}
	checked := map[handshake.Side]bool{}
	for _, st := range t.Steps {
		if st.Kind == handshake.KindCheck && st.Checks != handshake.CheckBadgeLoads {
			checked[st.Side] = true
		}
	}
	s := t.Scenario
	a := s.Server.ClientAuth
	badge := a == scenario.AuthRequireAny || a == scenario.AuthRequireAndVerify || a.Demands() && s.Client.Cert.HasBadge()
	return !checked[handshake.Client] || badge && !checked[handshake.Server]
}

// A Player plays a scenario with Go's crypto/tls: the caller's engine.
type Player func(*scenario.Scenario) (*handshake.Trace, error)

// A Cure is the scenario with every cure applied that a handshake found
// needed: the first failure's (Fixed) and, when that one left checks unrun,
// the cure of what the cured scenario's handshake refused next.
type Cure struct {
	Scenario *scenario.Scenario
	// Side is who has to change something (Fix.Side).
	Side string
	// Next is the cured scenario's handshake when it was played and failed
	// for a reason of its own (nil otherwise): NewReportThen's.
	Next *handshake.Trace
}

// Cured is t's cure, played on with play when the failure left checks
// unrun; false when the reason has no cure a scenario can express. The
// error is play's, with the first failure's cure alone.
func Cured(t *handshake.Trace, play Player) (*Cure, bool, error) {
	s, side, ok := Fixed(t)
	if !ok {
		return nil, false, nil
	}
	c := &Cure{Scenario: s, Side: side}
	if !Unrun(t) {
		return c, true, nil
	}
	next, err := play(s)
	if err != nil {
		return c, true, err
	}
	f := newFacts(t)
	if f.then(next) == nil {
		return c, true, nil
	}
	c.Next = next
	c.Side = f.side()
	if both, ok := cure(f.next); ok {
		c.Scenario = both
	}
	return c, true, nil
}

// NewReportThen explains t as NewReport does, its fix saying too what fails
// once it is in place: next is that handshake (Cure.Next; nil for none). A
// client that gets past t's failure (curl, which takes a name in the Common
// Name alone) meets next's instead: its verdict is next's.
func NewReportThen(t *handshake.Trace, next *handshake.Trace) *Report {
	f := newFacts(t)
	if next != nil {
		f.then(next)
	}
	return &Report{Trace: t, Next: next, Explanation: f.explanation(), Clients: f.clients()}
}

// ClientsThen is Clients with the handshake that follows t's cure (nil for
// none), as NewReportThen predicts them.
func ClientsThen(t, next *handshake.Trace) map[string]ClientVerdict {
	return NewReportThen(t, next).Clients
}

// passes reports whether client gets past the failure that stops Go's
// handshake where a failure follows it (f.next): its verdict is then the
// next failure's, not the first's (first is its verdict on that one).
func (f *facts) passes(first ClientVerdict) bool {
	return f.next != nil && first.OK && !f.o.OK
}

// afterFirst is client's verdict where it gets past the first failure
// (first, its verdict there): next's, with why it got past it.
func (f *facts) afterFirst(first ClientVerdict, client string) ClientVerdict {
	v := predict(f.next, client)
	v.Note = strings.TrimSpace(first.Note + " " + v.Note)
	return v
}

// then sets f.next to next's facts when next failed for a reason the fix
// does not already cover (the outcome's, another failed check's), and
// returns it (nil otherwise).
func (f *facts) then(next *handshake.Trace) *facts {
	o := next.Outcome
	if o.OK || o.Reason == f.o.Reason || sameCure[o.Reason] == f.o.Reason && sameCure[o.Reason] != 0 {
		return nil
	}
	if slices.ContainsFunc(f.others, func(st *handshake.Step) bool { return *st.Reason == o.Reason }) {
		return nil
	}
	f.next = newFacts(next)
	return f.next
}

// thenFix is the fix summary's words for what fails next ("" for nothing):
// who refuses what, in the courier's own terms (client's: requests' cert=,
// curl's --cert), and its cure.
func (f *facts) thenFix(client string) string {
	n := f.next
	if n == nil {
		return ""
	}
	render := func(w string) string { return " " + n.render(substitute(w, "{cert_arg}", badgeWords(n.s, client))) }
	if badgeCase(n) == badgeCACase && thenCAWords[n.o.Reason] != "" {
		return render(thenCAWords[n.o.Reason])
	}
	if w, ok := thenWords[n.o.Reason]; ok {
		return render(w)
	}
	return render(thenRefused[*n.o.Side == handshake.Server] + lowerFirst(explanations[n.o.Reason].headline) + ". " + inClientsWords(summaryFor(n, n.o.Reason), client))
}

// badgeWords are the badge as client is given it: requests' cert=(…), curl's
// --cert and --key, s_client's -cert and -key, Node's cert and key options,
// Go's tls.Config Certificates ("" without a badge).
func badgeWords(s *scenario.Scenario, client string) string {
	cert, key := CertFiles(s, "")
	return badgeFiles(cert, key, client)
}

// badgeFiles is badgeWords for the files cert and key (key "" where the
// certificate file holds it too).
func badgeFiles(cert, key, client string) string {
	if cert == "" {
		return ""
	}
	switch client {
	case Curl, OpenSSL:
		flag := map[string]string{Curl: "--", OpenSSL: "-"}[client]
		args := []string{flag + "cert", cert}
		if key != "" {
			args = append(args, flag+"key", key)
		}
		return ShellJoin(args)
	case Node:
		if key == "" {
			key = cert
		}
		return "the cert and key options (" + JSQuote(cert) + ", " + JSQuote(key) + ")"
	case GoNetHTTP:
		if key == "" {
			key = cert
		}
		return fmt.Sprintf("tls.Config's Certificates (tls.LoadX509KeyPair(%q, %q))", cert, key)
	}
	if key == "" {
		return "cert=" + PyQuote(cert)
	}
	return "cert=(" + PyQuote(cert) + ", " + PyQuote(key) + ")"
}

// requestsBadge is the badge the fixes' words tell the person to pass, in
// requests' words: cert=("client.crt", "client.key").
var requestsBadge = badgeFiles(ClientCertFile, ClientKeyFile, Requests)

// inClientsWords is a fix's summary with the badge it names (requestsBadge)
// as client is given it.
func inClientsWords(summary, client string) string {
	return strings.ReplaceAll(summary, requestsBadge, badgeFiles(ClientCertFile, ClientKeyFile, client))
}

// thenRefused opens the words of a next failure without words of its own,
// by whether the bank refuses (true) or the courier.
var thenRefused = map[bool]string{
	true:  "Once that is fixed, the bank will refuse the connection: ",
	false: "Once that is fixed, the courier will refuse the bank: ",
}

// thenWords say what fails next, and its cure, by its reason: most often
// the badge, which the bank checks only after the courier has accepted the
// bank.
var thenWords = map[handshake.Reason]string{
	handshake.ClientCertExpired:     "Once that is fixed, the bank will refuse your certificate, {cert_arg}: it expired on {bad_until}. Renew it too.",
	handshake.ClientCertNotYetValid: "Once that is fixed, the bank will refuse your certificate, {cert_arg}: it is valid only from {bad_from}. Check the clocks, or get a badge valid now.",
	handshake.ClientCertUnknownCA:   "Once that is fixed, the bank will refuse your certificate, {cert_arg}: it was issued by {badge_issuer}, which the bank does not trust ({client_cas} only). Get a badge issued by the bank's CA.",
	handshake.ClientCertWrongEKU:    "Once that is fixed, the bank will refuse your certificate, {cert_arg}: it is not made for client authentication. Use a badge issued for it (extended key usage clientAuth).",
	handshake.ClientCertInvalid:     "Once that is fixed, the bank will refuse your certificate, {cert_arg}: its chain does not verify. Get a badge properly issued by {client_cas}.",
}

// thenCAWords are thenWords where the certificate out of date is a CA the
// bank trusts to issue badges, not the badge.
var thenCAWords = map[handshake.Reason]string{
	handshake.ClientCertExpired:     "Once that is fixed, the bank will refuse your certificate, {cert_arg}: {bad}, the CA it trusts to issue badges, expired on {bad_until}. The bank must renew that CA's certificate (with the same key, the badges it issued still chain to it) and trust the renewed one.",
	handshake.ClientCertNotYetValid: "Once that is fixed, the bank will refuse your certificate, {cert_arg}: {bad}, the CA it trusts to issue badges, is valid only from {bad_from}. The bank must check its clock, or reissue that CA's certificate from today (with the same key) and trust that one.",
}

// nextLens is the verdict of client where it gets past the failure Go's
// handshake stops at (first, its verdict there) and meets the next one (cv,
// its verdict on the whole): the lens of next's handshake (r.Next) with cv
// as the client's own verdict, in the client's words as a first failure's,
// and a fix that cures next and, for the clients that refuse first, the
// first failure too. e is the first failure's explanation.
func (f *facts) nextLens(r *Report, e *Explanation, first, cv ClientVerdict, client string) (Verdict, error) {
	v, err := Lens(&Report{Trace: r.Next, Clients: map[string]ClientVerdict{client: cv}}, client)
	if err != nil {
		return Verdict{}, err
	}
	title := ClientTitles[client]
	summary := v.Fix.Summary
	v.Fix = e.Fix
	v.Fix.Summary = summary + " " + title + " gets past what Go refuses first (" + lowerFirst(e.Headline) + "); the clients that stop there need it cured too: " +
		lowerFirst(f.lensFix(e, client, false))
	why := first.Note
	if why == "" {
		why = "its rules let it through"
	}
	v.Disagree = "The handshake on screen is Go's, which refuses first: " + lowerFirst(e.Headline) + ". " + title + " gets past that (" + strings.TrimSuffix(why, ".") +
		") and meets what Go meets once that is cured: " + lowerFirst(f.next.explanation().Headline) + "."
	return v, nil
}

// lensFix is the fix's summary (e's) in client's words, with what fails
// next if then.
func (f *facts) lensFix(e *Explanation, client string, then bool) string {
	s := inClientsWords(strings.TrimSuffix(e.Fix.Summary, f.thenFix(Requests)), client)
	if then {
		s += f.thenFix(client)
	}
	return s
}
