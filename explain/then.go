package explain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
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
	return !checked[handshake.Client] || badge && !checked[handshake.Server] || passable(t)
}

// passable reports whether a client gets past the courier's refusal that
// stopped the trace (a name in the Common Name alone, a root in the bundle
// it reads) and meets what only a replay shows or cures (replayFinds; the
// bank's check of a badge is Unrun's). So too where
// the bank's chain holds an RSA-1024 key, which Go accepts and the
// OpenSSL-based clients refuse: the cure of Go's failure keeps it, and the
// replay finds it. Elsewhere the replay finds nothing, and costs an edit a
// second handshake.
func passable(t *handshake.Trace) bool {
	if t.Outcome.Side == nil || *t.Outcome.Side != handshake.Client {
		return false
	}
	f := newFacts(t)
	if f.vars.WeakFix != "" {
		return true
	}
	if nameReason[f.o.Reason] && anotherKey(f.s) {
		// Checked after the handshake by curl, urllib3 1.26 and Node
		// (nameAfterHandshake).
		return true
	}
	return replayFinds(f) && slices.ContainsFunc(ClientKeys, func(client string) bool { return predict(f, client).OK })
}

// anotherKey reports whether the bank holds the key of another certificate
// than the one it sends first.
func anotherKey(s *scenario.Scenario) bool {
	k := s.Server.ServerKey()
	return k != "" && len(s.Server.Send) > 0 && k != s.Server.Send[0]
}

// replayFinds reports whether the cure's replay can find what a client past
// the courier's refusal meets and the trace does not show, or cure it
// whole: the bank signing with the key of another certificate than the one
// it sends first, name constraints in its chain (which Go checks only
// building the chain, after the name), and the other failed checks of the
// bank's certificate, which the cure of the first failure leaves.
func replayFinds(f *facts) bool {
	s := f.s
	if anotherKey(s) {
		return true
	}
	if slices.ContainsFunc(s.Certs, func(sp pki.Spec) bool { return len(sp.PermittedDNS)+len(sp.ExcludedDNS) > 0 }) {
		return true
	}
	return len(f.courierFailures()) > 0
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
	// Next is the cured scenario's handshake when it was played and found
	// something the first cure does not cover (nil otherwise):
	// NewReportThen's. It failed for a reason of its own, or succeeded with
	// an RSA-1024 key in the bank's chain, which Go accepts and the
	// OpenSSL-based clients refuse (its Outcome.Side then nil).
	Next *handshake.Trace
}

// Cured is t's cure, played on with play when the failure left checks
// unrun; false when the reason has no cure a scenario can express. The
// error is play's, with the first failure's cure alone. A weak key in the
// bank's chain is reissued whatever fails first or next (cureWhole); the
// replay plays the first cure alone, which keeps it, so that it shows what
// the OpenSSL-based clients meet past Go's failure.
func Cured(t *handshake.Trace, play Player) (*Cure, bool, error) {
	s, side, ok := Fixed(t)
	if !ok {
		return nil, false, nil
	}
	f := newFacts(t)
	c := &Cure{Scenario: s, Side: side}
	if whole, ok := cureWhole(f); ok {
		c.Scenario = whole
	}
	if !Unrun(t) {
		return c, true, nil
	}
	next, err := play(s)
	if err != nil {
		return c, true, err
	}
	if f.then(next) == nil {
		return c, true, nil
	}
	c.Next = next
	c.Side = f.side()
	if both, ok := cureWhole(f.next); ok {
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

// past is what client meets instead of the failure that stops Go's
// handshake (first, its verdict on that one): its verdict is then that
// one's. A client that checks the bank's certificate in another order than
// Go, or gets past one of Go's checks, reports another failed check of the
// same handshake (courierFirst); one that gets past the first failure
// meets what the cure's replay refused (f.next). nil when client's verdict
// is the first failure's.
func (f *facts) past(first ClientVerdict, client string) *facts {
	if f.refusesToLoad(client) {
		// It never connects.
		return nil
	}
	if client == Node && f.o.Reason == handshake.ClientKeyMissing {
		return f.keylessPast(first)
	}
	if f.o.OK {
		return nil
	}
	if st := f.courierFirst(first, client); st != nil {
		return f.stoppedAt(st)
	}
	if !first.OK && !f.nameAfterHandshake(client) {
		return nil
	}
	return f.next
}

// nameAfterHandshake reports whether client, refusing the name Go refuses
// first, meets the cure's replay's failure before it: curl, urllib3 1.26
// and Node check the host name themselves once the handshake is done, so
// they meet first what the bank does within it: its signature with another
// certificate's key and, before TLS 1.3, its refusal of the badge.
func (f *facts) nameAfterHandshake(client string) bool {
	n := f.next
	if !nameReason[f.o.Reason] || nameRank[client] != nameRank[Curl] || n == nil || n.o.OK {
		return false
	}
	return n.wrongKey() || n.badgeRefused() && !n.tls13()
}

// opensslOrder ranks the failures of the bank's chain as OpenSSL's
// X509_verify_cert meets them (x509_vfy.c's verify_chain): building the
// chain, then each certificate's extensions, then the security level's
// signature digests, then the host name where OpenSSL checks it
// (nameRank), then revocation, then the signatures and dates, then the name
// constraints. Reasons it does not rank are no chain failure of OpenSSL's.
var opensslOrder = map[handshake.Reason]int{
	handshake.UnknownAuthority: 1, handshake.MissingIntermediate: 1, handshake.UntrustedRoot: 1, handshake.SelfSigned: 1,
	handshake.UnhandledCriticalExtension: 2, handshake.NotACA: 2, handshake.CAKeyUsage: 2, handshake.PathTooLong: 2, handshake.WrongEKU: 2,
	handshake.WeakSignature: 3,
	handshake.Revoked:       5,
	handshake.BadSignature:  6, handshake.Expired: 6, handshake.NotYetValid: 6,
	handshake.NameConstraints: 7,
}

// nameRank is where client checks the host name among opensslOrder's
// ranks: s_client and urllib3 2 have OpenSSL check it (check_id, after the
// extensions and digests, before the signatures and dates); curl, urllib3
// 1.26 and Node check it themselves once the handshake is done, after the
// whole chain, revocation included (and what the bank does within the
// handshake: nameAfterHandshake).
var nameRank = map[string]int{Requests: 4, OpenSSL: 4, Requests1: 8, Curl: 8, Node: 8}

// rank is where client meets the failed check st of the bank's
// certificate (0 for none it ranks).
func rank(st *handshake.Step, client string) int { return reasonRank(*st.Reason, client) }

// reasonRank is where client meets a failed check of the bank's
// certificate for reason r (0 for none it ranks).
func reasonRank(r handshake.Reason, client string) int {
	if nameReason[r] {
		return nameRank[client]
	}
	return opensslOrder[r]
}

// courierFirst is the failed check of the bank's certificate that client
// reports where it is not the one Go's handshake stopped at (first is
// client's verdict on that one): of the outcome's and the other checks
// that failed (courierFailures) and that client refuses, the first in client's
// order for the clients that stop at the first error (requests, curl,
// s_client), the last of the chain's for Node, which lets OpenSSL carry on
// and reports the last error found (nodeLastError), and checks the name
// only after. nil when that is the outcome's, and for Go, whose order is
// the trace's.
func (f *facts) courierFirst(first ClientVerdict, client string) *handshake.Step {
	if client == GoNetHTTP || f.o.Check < 0 || f.o.Check >= len(f.t.Steps) {
		return nil
	}
	var pick *handshake.Step
	better := func(st *handshake.Step) bool {
		switch {
		case pick == nil:
			return true
		case client == Node && rank(pick, client) == nameRank[Node]:
			return rank(st, client) < nameRank[Node]
		case client == Node:
			return rank(st, client) > rank(pick, client) && rank(st, client) < nameRank[Node]
		}
		return rank(st, client) < rank(pick, client)
	}
	out := &f.t.Steps[f.o.Check]
	if !first.OK && out.Reason != nil && rank(out, client) > 0 {
		pick = out
	}
	for _, st := range f.courierFailures() {
		if st.Side != handshake.Client || st.Advisory || rank(st, client) == 0 || !better(st) {
			continue
		}
		if predict(f.stoppedAt(st), client).OK {
			// client passes that check (a name in the Common Name alone).
			continue
		}
		pick = st
	}
	if pick == out {
		return nil
	}
	return pick
}

// courierFailures are the other failed checks of the bank's certificate
// (f.others) and the revocation check the courier enforces (which
// otherFailures leaves to the fix's own words).
func (f *facts) courierFailures() []*handshake.Step {
	out := slices.Clip(f.others)
	for i := range f.t.Steps {
		st := &f.t.Steps[i]
		if i != f.o.Check && st.Kind == handshake.KindCheck && !st.Advisory && st.OK != nil && !*st.OK && st.Reason != nil && *st.Reason == handshake.Revoked {
			return append(out, st)
		}
	}
	return out
}

// stoppedAt are the facts of f's handshake as though the failed check st
// (one of courierFailures) had stopped it: what a client that passes the
// outcome's check, or checks in another order, meets there.
func (f *facts) stoppedAt(st *handshake.Step) *facts {
	t := *f.t
	t.Outcome.Reason, t.Outcome.Detail, t.Outcome.ClientError = *st.Reason, st.Detail, ""
	for i := range f.t.Steps {
		if &f.t.Steps[i] == st {
			t.Outcome.Check = i
		}
	}
	n := newFacts(&t)
	n.loaded = f.loaded
	return n
}

// dialling are the facts of f's handshake with the courier dialling host.
func (f *facts) dialling(host string) *facts {
	t, s := *f.t, *f.t.Scenario
	s.Client.Dial = host
	t.Scenario = &s
	n := newFacts(&t)
	n.loaded = f.loaded
	return n
}

// keylessPast is past for Node with a certificate and no key, which it loads
// without complaint and connects with no badge (nodeKeyMissing): it meets
// none of the bank's refusals of the badge, which it does not show, but the
// courier's checks of the bank: a bank that lets it in without a badge
// (first is then its success) serves it unless one fails; one that
// requires a badge refuses it first in TLS 1.2, within the handshake, but
// in TLS 1.3 only on its first read, after Node has judged the bank's
// certificate and refused it if it fails. A replay that succeeds (Go
// accepts an RSA-1024 key in the bank's chain) has nothing for Node, which
// accepts that key too.
func (f *facts) keylessPast(first ClientVerdict) *facts {
	n := f.next
	if n == nil || n.o.OK || *n.o.Side == handshake.Server {
		return nil
	}
	if !first.OK && (!f.bothUpTo13() || predict(n, Node).OK) {
		return nil
	}
	return n
}

// keylessChecked is why Node with a certificate and no key is refused for
// the bank's certificate, not the badge it does not show, by a bank that
// requires one in TLS 1.3.
const keylessChecked = "Node loads a certificate without a key without complaint and connects with no badge; in TLS 1.3 the bank refuses a badge-less courier only after the handshake, on its first read, and Node judges the bank's certificate before that."

// afterFirst is client's verdict where it gets past the first failure
// (first, its verdict there) and meets p's: p's, with why it got past it.
func (f *facts) afterFirst(p *facts, first ClientVerdict, client string) ClientVerdict {
	if p == f.next && p.s.Client.Dial != f.s.Client.Dial {
		// The cure dials another name; the client, past the name it
		// checks after the handshake, still dials the first.
		p = p.dialling(f.s.Client.Dial)
	}
	v := predict(p, client)
	if why := f.why(first, client); why != v.Note {
		v.Note = strings.TrimSpace(why + " " + v.Note)
	}
	return v
}

// why is why client reports another failure than the one Go's handshake
// stops at (first, its verdict on that one).
func (f *facts) why(first ClientVerdict, client string) string {
	switch {
	case first.OK:
		return first.Note
	case client == Node && f.o.Reason == handshake.ClientKeyMissing:
		return keylessChecked
	}
	return checkOrder[client]
}

// checkOrder is the order in which each OpenSSL-based client checks the
// bank's certificate, where it reports another failed check than Go's
// first.
var checkOrder = map[string]string{
	Requests:  "urllib3 2 has " + opensslCheckOrder + goCheckOrder,
	OpenSSL:   "s_client's -verify_hostname has " + opensslCheckOrder + goCheckOrder,
	Requests1: "urllib3 1.26 checks the host name itself, once the handshake is done: after OpenSSL has verified the whole chain, and after the bank's signature and, before TLS 1.3, the bank's check of the badge." + goCheckOrder,
	Curl:      "curl checks the host name itself, once the handshake is done: after OpenSSL has verified the whole chain, and after the bank's signature and, before TLS 1.3, the bank's check of the badge." + goCheckOrder,
	Node:      "Node checks the host name (tls.checkServerIdentity) only once the handshake is done, and reports the last error OpenSSL found in the chain (it lets OpenSSL carry on past each)." + goCheckOrder,
}

const (
	goCheckOrder      = " Go checks the bank's certificate's own dates, then the name, then the chain."
	opensslCheckOrder = "OpenSSL check the host name, and OpenSSL checks the chain (its issuers, their extensions and the digests of their signatures) before the host name, and the host name before the signatures and dates."
)

// then sets f.next to next's facts when next failed for a reason the fix
// does not already cover (the outcome's, another failed check's), and
// returns it (nil otherwise).
func (f *facts) then(next *handshake.Trace) *facts {
	o := next.Outcome
	if o.OK {
		// Go connects once cured; the OpenSSL-based clients still refuse an
		// RSA-1024 key in the bank's chain, which Go accepts.
		if n := newFacts(next); n.vars.WeakFix != "" {
			f.next = n
		}
		return f.next
	}
	if o.Reason == f.o.Reason || sameCure[o.Reason] == f.o.Reason && sameCure[o.Reason] != 0 {
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
	render := func(w string) string {
		return " " + n.render(substitute(inClientsWords(w, client), "{cert_arg}", badgeWords(n.s, client)))
	}
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
	case Pip:
		if key == "" {
			return ShellJoin([]string{"--client-cert", cert})
		}
		return "--client-cert " + pipClientFile + " (" + ShellJoin([]string{"cat", cert, key}) + " > " + pipClientFile + ": pip reads the certificate and its key from one file)"
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
// requests' words: cert=("client.crt", "client.key"), badgeFiles' for
// requests (TestRequestsBadgeWords).
const requestsBadge = "cert=(\"" + ClientCertFile + "\", \"" + ClientKeyFile + "\")"

// inClientsWords is a fix's summary with the badge it names (requestsBadge)
// as client is given it.
func inClientsWords(summary, client string) string {
	return strings.NewReplacer(requestsBadge, badgeFiles(ClientCertFile, ClientKeyFile, client), requestsChain, chainFiles(client)).Replace(summary)
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
	handshake.OK:                    "Once that is fixed, Go and Node connect, but the OpenSSL-based clients (requests, curl, s_client) refuse an RSA-1024 key in the bank's chain, which Go accepts.{weak_fix}",
	handshake.ClientCertExpired:     "Once that is fixed, the bank will refuse your certificate, {cert_arg}: it expired on {bad_until}. Renew it too.",
	handshake.ClientCertNotYetValid: "Once that is fixed, the bank will refuse your certificate, {cert_arg}: it is valid only from {bad_from}. Check the clocks, or get a badge valid now.",
	handshake.ClientCertUnknownCA:   "Once that is fixed, the bank will refuse your certificate, {cert_arg}: it was issued by {badge_issuer}, which the bank does not trust ({client_cas} only). Get a badge issued by the bank's CA; or, if an intermediate under it issued yours, put that intermediate after your badge in its file and pass " + requestsChain + ".",
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
// handshake stops at (first, its verdict there) and meets the next one (p's;
// cv, its verdict on the whole): the lens of p's handshake with cv
// as the client's own verdict, in the client's words as a first failure's,
// and a fix that cures next and, for the clients that refuse first, the
// first failure too. e is the first failure's explanation.
func (f *facts) nextLens(p *facts, e *Explanation, first, cv ClientVerdict, client string) (Verdict, error) {
	in := &Report{Trace: p.t, Clients: map[string]ClientVerdict{client: cv}}
	if p != f.next && f.next != nil {
		// Another check of the same handshake: the cure's replay still
		// fails next, once both are cured.
		in.Next = f.next.t
	}
	lensClient := client
	if f.as != "" {
		lensClient = f.as
	}
	v, err := lensAs(in, lensClient)
	if err != nil {
		return Verdict{}, err
	}
	title := f.title(client)
	summary := v.Fix.Summary
	v.Fix = e.Fix
	v.Fix.Summary = summary
	if p == f.next {
		// The replay's fix says nothing of the first failure, which the
		// clients that stop there need cured (another check of the same
		// handshake has its fix say it: "Another check fails too").
		v.Fix.Summary += " " + title + " gets past what Go refuses first (" + lowerFirst(e.Headline) + "); the clients that stop there need it cured too: " +
			lowerFirst(f.lensFix(e, client, false))
	}
	why := f.why(first, client)
	if why == "" {
		why = "its rules let it through"
	}
	past := " gets past that ("
	if !first.OK && p != f.next {
		past = " checks in another order ("
	}
	v.Disagree = "The handshake on screen is Go's, which refuses first: " + lowerFirst(e.Headline) + ". " + title + past + strings.TrimSuffix(why, ".") +
		") and meets " + meets[p == f.next] + ": " + lowerFirst(p.explanation().Headline) + "."
	return v, nil
}

// meets says what a client past Go's first failure meets: another failed
// check of the same handshake (false), or the cure's replay's failure.
var meets = map[bool]string{
	false: "what Go also found wrong with the bank's certificate",
	true:  "what Go meets once that is cured",
}

// lensFix is the fix's summary (e's) in client's words, with what fails
// next and the weak key to reissue too (weakWords) if then.
func (f *facts) lensFix(e *Explanation, client string, then bool) string {
	s := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(e.Fix.Summary, f.loadFixWords()), f.weakWords()), f.thenFix(Requests))
	s = inClientsWords(s, client)
	if client == GoNetHTTP {
		s = f.goChainWords(s)
	}
	if client == GoNetHTTP && f.o.Reason == handshake.ClientCertMissing {
		s += f.render(goNoBadgeFix)
	}
	if client == Node && f.o.Reason == handshake.UnknownAuthority && trustCase(f) == inOSStore {
		s = f.render(nodeOSStoreFix)
	}
	if then {
		s += f.thenFix(client) + f.weakWords() + f.loadFixWords()
	}
	return s
}
