package explain

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// facts are what the tables' templates may name, worked out once from the trace
// and its scenario.
type facts struct {
	// as is the lens client the words name where it is not the client
	// whose verdict they give (pip, whose verdict is urllib3 1.26's or
	// requests': pipBase); "" for the client's own.
	as string
	t  *handshake.Trace
	s  *scenario.Scenario
	o  *handshake.Outcome
	// chain is the answering server's leaf and its issuers, up to a self-signed
	// certificate or an issuer nobody knows.
	chain []cert
	// badgeChain is the same for the courier's badge (empty without one).
	badgeChain []cert
	// badPlace is where the out-of-date certificate named {bad} sits in its
	// chain, the badge's when the bank refused the badge's dates, else the
	// bank's ("" when none is).
	badPlace place
	// refused is the first check verify=True would have failed, computed but not
	// enforced under verify=False (nil when none failed); checked says whether
	// any such check was computed at all.
	refused *handshake.Step
	checked bool
	// imposter is the first check the courier enforced and the imposter's
	// certificate failed (nil without an imposter, or when nothing refused it):
	// the refusal is verification doing its job, whatever the reason says.
	imposter *handshake.Step
	// keyHolder is the certificate whose private key the bank signs with,
	// when it is not the certificate the bank sends first ("" when the two
	// belong together): a CA's key, say, beside the bank's own certificate.
	keyHolder string
	// others are the failed checks whose reasons differ from the outcome's (and
	// from the first refused one under verify=False), one per reason: their
	// fixes are needed too.
	others []*handshake.Step
	// loaded takes the courier's badge as loaded, as once reissued, where
	// a client refuses to load it (loadRefusal): what it meets then.
	loaded bool
	// next are the facts of what the cured scenario's handshake refused,
	// when the failure left checks unrun and that one is new (see then.go).
	next *facts
	// cipher is why no cipher suite was usable (see cipherCause).
	cipher fixCase
	// alt is a name (or address) the certificate matches, to dial instead of the
	// dialled one; altHow is how it matches (see dialInstead).
	alt    string
	altHow fixCase
	vars   vars
	// unfilled collects the {name}s a render could not fill: a test asserts it
	// stays empty, so no template ever shows a raw placeholder.
	unfilled []string
}

// A cert is a certificate as the explanation speaks of it. What the trace saw on
// the wire comes from the wire, for a crafted story and a real host alike; the
// scenario's spec is linked to it when the story has one (so that a cure can
// reissue it), and stands in for it only where the wire is silent: an issuer the
// bank did not send, or a handshake that ended before any certificate.
type cert struct {
	name string // Common Name, else organisation, else the spec's name or the subject
	// issuer is how its issuer is called; issuerDN and subject link a real host's
	// certificates into a chain.
	issuer, issuerDN, subject string
	// id is a wire certificate's SHA-256 fingerprint ("" for a spec's).
	id string
	// selfSigned is what the wire says; a spec says it itself (see top).
	selfSigned          bool
	dns, ips            []string
	cn                  string // the Common Name itself, "" when there is none
	notBefore, notAfter time.Time
	// rsaBits is the size of an RSA key, 0 for other keys.
	rsaBits int
	// skid and akid are its subject and authority key identifiers, as
	// openssl x509 prints them ("" for a spec's, or when it has none).
	skid, akid string
	spec       *pki.Spec // nil for a real host's certificate
}

const dateFormat = "2006-01-02 15:04 UTC"

func newFacts(t *handshake.Trace) *facts {
	s := t.Scenario
	f := &facts{t: t, s: s, o: &t.Outcome}
	send, _ := s.Answering()
	sent := f.sentCerts(handshake.Server, send)
	f.chain = f.chainOf(sent, send)
	if s.Client.Badge != "" {
		f.badgeChain = f.chainOf(f.sentCerts(handshake.Client, []string{s.Client.Badge}), []string{s.Client.Badge})
	}
	v := &f.vars
	*v = vars{
		Dial:    s.Client.Dial,
		Path:    RequestPath(s),
		URLPort: "https://" + urlHost(s.Client.Dial) + ":{port}" + RequestPath(s),
		Now:     s.Now.UTC().Format(dateFormat),
		When:    "at " + s.Now.UTC().Format(dateFormat),
		Alert:   alertWords(f.o.Alert),
		Version: f.version().String(),
		Offered: f.versionsOffered(),
		Detail:  f.detail(),
		GoError: f.goError(),
		// Defaults for what neither the wire nor the scenario tells (a real
		// host that refused before showing a certificate), so that no template
		// shows a raw {name}.
		Leaf: "the bank's certificate", Issuer: "its issuer", Root: "the top of the chain", Names: "no names", Sent: "nothing",
		LeafLists: "the certificate's names are not known",
		Bad:       "a certificate of the chain", BadFrom: "a later date", BadUntil: "an earlier date",
		Badge: "the badge", BadgeIssuer: "another CA", ClientCAs: "the CAs the bank accepts",
		Revoked: "a certificate of the chain", Revocation: "its issuer revoked it",
	}
	if s.Today {
		v.When = "today"
	}
	if st := f.revocationRefused(); st != nil {
		v.Revoked = strings.TrimSuffix(st.Name, revokedCheckSuffix)
		v.Revocation = st.Detail
	}
	v.CertFile, v.KeyFile = CertFiles(s, "")
	v.CertArg = certArg(s, "")
	if len(sent) > 0 {
		v.Sent = names(sent)
	}
	if len(f.chain) > 0 {
		leaf := f.chain[0]
		v.Leaf = leaf.name
		if n := sans(leaf); len(n) > 0 {
			v.Names = nameList(n)
		}
		v.Issuer = issuerName(f.chain)
		v.Root = f.chain[len(f.chain)-1].name
		v.LeafLists = lists(leaf)
	}
	chains := [][]cert{f.chain, f.badgeChain}
	if badgeDates[f.o.Reason] {
		// The bank refused the badge's dates: its chain's are the ones to
		// name, whatever verify=False let pass in the bank's.
		chains[0], chains[1] = chains[1], chains[0]
	}
	for _, chain := range chains {
		if i := f.outOfDate(chain); i >= 0 {
			bad := chain[i]
			v.Bad = bad.name
			v.BadFrom = bad.notBefore.UTC().Format(dateFormat)
			v.BadUntil = bad.notAfter.UTC().Format(dateFormat)
			f.badPlace = placeOf(chain, i)
			break
		}
	}
	v.TrustNote = f.trustNote()
	v.IssuerClue = f.issuerClue()
	v.KeyExchange = f.keyExchange()
	if f.oldBank() {
		v.BankMax = "TLS " + string(f.s.Server.MaxVersion)
		if f.o.OK {
			v.VersionCaveat = " But " + v.BankMax + " is deprecated (RFC 8996), and Go speaks it only because this courier allows it (MinVersion). Python, curl, openssl s_client and Node refuse this bank even when allowed the version: their OpenSSL, at its default security level, will not accept the SHA-1 and MD5 with which a handshake before TLS 1.2 is signed (\"legacy sigalg disallowed or unsupported\")."
		}
	}
	_, v.CourierBound, v.BankBound = f.versionBounds()
	if v.CourierBound == "" && f.cappedUnder12() {
		// Capped below TLS 1.2 with its minimum lowered: the cap still
		// bounds it (legacyReached).
		v.CourierBound = "TLS " + string(f.s.Client.MaxVersion)
	}
	f.alt, f.altHow, v.Wildcard = f.dialInstead()
	v.Alt = f.alt
	if f.altHow == dialNameAt || f.altHow == dialAddressOrName {
		v.AltName, v.PointAt = f.pointAt()
	}
	if f.altHow == dialSNI {
		sent := "sent the name " + f.s.Client.ServerName() + ", which is not it"
		if f.s.Client.ServerName() == "" {
			sent = "dialled an address, and a client dialling an address sends no name at all (RFC 6066 allows only host names in SNI)"
		}
		v.SNINote = " The bank chooses its certificate by the name in the ClientHello (SNI): a courier naming " + f.alt + " gets the bank's own, every other one its default certificate, " + v.Leaf + ". This courier " + sent + ", so the default answered."
	}
	f.refused, f.checked = f.wouldRefuse()
	if st := f.refused; st != nil {
		v.Refused = lowerFirst(explanations[*st.Reason].headline)
		v.Refusal = st.Name + ": " + st.Detail
	}
	if f.imposter = f.imposterRefused(); f.imposter != nil {
		v.ImposterRefusal = f.imposter.Name + ": " + f.imposter.Detail
	}
	if send, key := s.Answering(); len(send) > 0 && key != "" && key != send[0] {
		f.keyHolder = key
		v.KeyHolder = key
		if sp := s.Spec(key); sp != nil {
			v.KeyHolder = specName(sp)
		}
	}
	f.others = f.otherFailures()
	if f.o.Reason == handshake.NoSharedCipher {
		f.cipher = f.cipherCause()
	}
	if f.o.Reason == handshake.NoSharedGroup {
		f.groupsApart()
	}
	if len(f.badgeChain) > 0 {
		v.Badge = f.badgeChain[0].name
		v.BadgeIssuer = issuerName(f.badgeChain)
	}
	v.LoadCaveat, v.LoadFix, v.LoadFine = f.loadWords()
	if f.reissueDates() {
		v.ReissueDates = " and valid from today"
	}
	for i, c := range f.chain {
		if !c.weak() {
			continue
		}
		what := "key"
		if i > 0 {
			what = "CA's key"
		}
		v.WeakCaveat = fmt.Sprintf(" But %s's %s is RSA-%d: Go and Node accept it, while Python, curl and openssl s_client (the system's OpenSSL, security level 2) refuse it.", c.name, what, c.rsaBits)
		v.WeakFix = " For the OpenSSL-based clients, reissue " + c.name + " with an RSA-2048 or ECDSA key."
		break
	}
	v.PartialAnchor, v.PartialRoot = f.partialWords()
	v.PartialFix, v.PartialCAs = f.partialCure()
	// A bank that leaves a client only SHA-1 CBC suites loses requests on
	// urllib3 2 (clients.go): the fix says so even when Go connects.
	if suites := f.sha1Only(); suites != nil {
		v.SuiteFix = " But requests on urllib3 2 (CPython's own cipher list) refuses a bank whose only suites are " + strings.Join(suites, ", ") + ": give the bank an AES-GCM or ChaCha20 suite too, or let it speak TLS 1.3."
	}
	// A bank that only asks for a badge lets through one that would fail.
	for _, st := range f.t.Steps {
		// (A key's size is no check a bank skips: the OpenSSL-based
		// clients refuse to load a badge with a weak one, LoadCaveat.)
		if st.Kind == handshake.KindCheck && st.Side == handshake.Server && st.Advisory && st.Checks != handshake.CheckKeyStrength && st.OK != nil && !*st.OK {
			v.BadgeCaveat = fmt.Sprintf(" The bank asks for a badge but does not verify it: the courier's went through although this check fails: %s (%s).", st.Name, st.Detail)
			v.BadgeFix = " But the bank lets through a badge that fails its checks: if it means to check badges, have it require and verify them."
			break
		}
	}
	if cas := f.clientCAs(); len(cas) > 0 {
		v.ClientCAs = strings.Join(cas, ", ")
	}
	// How Go's bank refuses a courier without a badge, in Go's words: TLS 1.3
	// has an alert for it, TLS 1.2 does not.
	v.NoBadgeAlert = "handshake failure"
	if f.tls13() {
		v.NoBadgeAlert = "certificate required"
	}
	if st := f.refused; st != nil {
		// Rendered last: the refused reason's fix may name any fact above.
		v.RefusedFix = f.render(summaryFor(f, *st.Reason))
	}
	v.Unchecked = f.render(skipVerifyChecks[f.skipVerifyCase()])
	return f
}

// sentCerts are the certificates side sent, from its Certificate message; the
// i-th is linked to the spec of the i-th name the scenario has it send.
func (f *facts) sentCerts(side handshake.Side, send []string) []cert {
	var sent []cert
	for _, st := range f.t.Steps {
		if st.Side != side || !st.IsMessage(wire.TypeCertificate) {
			continue
		}
		for i, cs := range st.Certs {
			c := wireCert(cs)
			if len(st.Certs) == len(send) {
				c.spec = f.s.Spec(send[i])
			}
			c.name = c.nameOr()
			sent = append(sent, c)
		}
		break
	}
	return sent
}

// chainOf is the leaf and its issuers. A certificate with a spec leads to its
// issuer's spec, read off the wire if the issuer was sent; a real host's leads to
// the sent certificate whose subject is its issuer. Without any certificate on the
// wire the chain is the story's, from the first name it would have sent.
func (f *facts) chainOf(sent []cert, send []string) []cert {
	var chain []cert
	if len(sent) == 0 {
		for sp := f.s.Spec(first(send)); sp != nil && len(chain) <= pki.MaxPathLimit; sp = f.s.Spec(sp.Issuer) {
			chain = append(chain, f.specCert(sp))
			if sp.SelfSigned() {
				break
			}
		}
		return chain
	}
	for cur, ok := sent[0], true; ok && len(chain) <= pki.MaxPathLimit; {
		chain = append(chain, cur)
		if cur.top() {
			break
		}
		cur, ok = f.issuerOf(cur, sent, chain)
	}
	return chain
}

// issuerOf is the certificate that issued c, if the wire or the story knows it.
func (f *facts) issuerOf(c cert, sent, chain []cert) (cert, bool) {
	if c.spec != nil {
		sp := f.s.Spec(c.spec.Issuer)
		if sp == nil {
			return cert{}, false
		}
		for _, s := range sent {
			if s.spec == sp {
				return s, true
			}
		}
		return f.specCert(sp), true
	}
	for _, s := range sent {
		if s.subject == c.issuerDN && !inChain(chain, s) {
			return s, true
		}
	}
	return cert{}, false
}

func inChain(chain []cert, c cert) bool {
	for _, x := range chain {
		if x.id == c.id {
			return true
		}
	}
	return false
}

// top reports whether c ends a chain: it signs itself.
func (c cert) top() bool {
	if c.spec != nil {
		return c.spec.SelfSigned()
	}
	return c.selfSigned
}

// weak reports whether c's key is RSA under 2048 bits: Go and Node accept it
// (from 1024 bits), OpenSSL at security level 2 does not.
func (c cert) weak() bool { return c.rsaBits > 0 && c.rsaBits < 2048 }

// specCert is a certificate the wire did not show, as the story describes it.
func (f *facts) specCert(sp *pki.Spec) cert {
	c := cert{name: specName(sp), issuer: sp.Issuer, dns: sp.DNSNames, ips: sp.IPAddresses, cn: sp.CommonName,
		notBefore: sp.NotBefore.At(f.s.Now), notAfter: sp.NotAfter.At(f.s.Now), spec: sp}
	if is := f.s.Spec(sp.Issuer); is != nil {
		c.issuer = specName(is)
	}
	c.rsaBits = sp.Key.RSABits()
	return c
}

// wireCert is a certificate as sent, as the trace summarises it.
func wireCert(cs handshake.CertSummary) cert {
	c := cert{name: cs.SubjectName.Short(), issuer: called(cs.IssuerName, cs.Issuer), issuerDN: cs.Issuer, subject: cs.Subject,
		id: cs.SHA256, selfSigned: cs.SelfSigned, dns: cs.DNSNames, ips: cs.IPAddresses, cn: cs.SubjectName.CommonName,
		notBefore: cs.NotBefore, notAfter: cs.NotAfter, skid: cs.SubjectKeyID, akid: cs.AuthorityKeyID}
	if cs.KeyType == handshake.KeyRSA {
		c.rsaBits = cs.KeyBits
	}
	return c
}

// nameOr is c's name, or what else calls it: its first Subject Alternative
// Name when its subject is empty (as a probe names it), its name in the
// scenario, its subject.
func (c cert) nameOr() string {
	switch {
	case c.name != "":
		return c.name
	case c.subject == "" && len(sans(c)) > 0:
		return "the certificate for " + sans(c)[0]
	case c.spec != nil:
		return c.spec.Name
	case c.subject != "":
		return c.subject
	case len(sans(c)) > 0:
		return "the certificate for " + sans(c)[0]
	}
	return "a certificate without a name"
}

// called is how a distinguished name is called: its short name, else the
// whole name, text.
func called(n handshake.Name, text string) string {
	if s := n.Short(); s != "" {
		return s
	}
	return text
}

// issuerName is how the chain's leaf calls its issuer: the issuer's own name when
// the chain goes on.
func issuerName(chain []cert) string {
	if len(chain) > 1 {
		return chain[1].name
	}
	return chain[0].issuer
}

// clientCAs are the CAs the bank names for badges: as its CertificateRequest
// lists them on the wire, else as the scenario configures them.
func (f *facts) clientCAs() []string {
	var cas []string
	for _, n := range f.t.AcceptableCAs {
		cas = append(cas, called(n, n.Text))
	}
	if len(cas) > 0 {
		return cas
	}
	for _, n := range f.s.Server.ClientCAs {
		if sp := f.s.Spec(n); sp != nil {
			cas = append(cas, specName(sp))
		}
	}
	return cas
}

// outOfDate is the index of the first certificate of chain outside its validity
// at the scenario's clock, -1 if none is. The checks go up the chain in the
// same order, so it is the one whose validity check fails first.
func (f *facts) outOfDate(chain []cert) int {
	for i, c := range chain {
		if c.notAfter.Before(f.s.Now) || c.notBefore.After(f.s.Now) {
			return i
		}
	}
	return -1
}

// badgeDates are the reasons of a badge chain out of date.
var badgeDates = map[handshake.Reason]bool{handshake.ClientCertExpired: true, handshake.ClientCertNotYetValid: true}

// A place is where a certificate sits in its chain, which decides how the
// analogy calls it: the bank's own ID, an issuing office's letter, or the
// charter of the office at the top.
type place string

const (
	leafPlace         place = "leaf"
	intermediatePlace place = "intermediate"
	rootPlace         place = "root"
)

// placeOf is where chain[i] sits: first is the leaf, a self-signed top the root,
// anything between an intermediate.
func placeOf(chain []cert, i int) place {
	switch {
	case i == 0:
		return leafPlace
	case chain[i].top():
		return rootPlace
	}
	return intermediatePlace
}

// lists says which names a certificate lists, naming the certificate only where
// its name says something the list does not.
func lists(c cert) string {
	n := sans(c)
	switch {
	case len(n) == 0:
		return "the certificate lists no names"
	case len(n) == 1:
		return "the certificate lists only " + n[0]
	case c.name == "" || slices.Contains(n, c.name):
		return "the certificate lists " + nameList(n)
	}
	return "the certificate of " + c.name + " lists " + nameList(n)
}

// namesShown is how many of a certificate's names the words list before
// counting the rest: a certificate may hold a thousand.
const namesShown = 8

// nameList is the names, the first namesShown of them and how many more.
func nameList(n []string) string {
	if len(n) <= namesShown {
		return strings.Join(n, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(n[:namesShown], ", "), len(n)-namesShown)
}

// wouldRefuse is the first of the courier's checks of the bank's chain that
// failed without being enforced (verify=False), the check verify=True would
// refuse the certificate for; checked reports whether any such check was made.
// Advisory checks without a reason (a weak key Go accepts) refuse nothing.
func (f *facts) wouldRefuse() (refused *handshake.Step, checked bool) {
	for i, st := range f.t.Steps {
		if st.Kind != handshake.KindCheck || st.Side != handshake.Client || !st.Advisory {
			continue
		}
		checked = true
		// verify=True does not check revocation: it would refuse nothing for it.
		if st.OK != nil && !*st.OK && st.Reason != nil && *st.Reason != handshake.Revoked && refused == nil {
			refused = &f.t.Steps[i]
		}
	}
	return refused, checked
}

// revokedCheckSuffix ends the name of handshake's revocation checks.
const revokedCheckSuffix = " is not revoked"

// revocationRefused is the first of the courier's revocation checks that
// failed, enforced or not (nil when none did).
func (f *facts) revocationRefused() *handshake.Step {
	for i, st := range f.t.Steps {
		if st.Kind == handshake.KindCheck && st.Side == handshake.Client && st.Reason != nil && *st.Reason == handshake.Revoked {
			return &f.t.Steps[i]
		}
	}
	return nil
}

// imposterRefused is the first of the courier's enforced checks that the
// imposter's certificate failed, nil when there is no imposter or it passed.
func (f *facts) imposterRefused() *handshake.Step {
	if f.s.Imposter == nil {
		return nil
	}
	for i, st := range f.t.Steps {
		if st.Kind == handshake.KindCheck && st.Side == handshake.Client && !st.Advisory && st.OK != nil && !*st.OK {
			return &f.t.Steps[i]
		}
	}
	return nil
}

// otherFailures are the checks that failed besides the one the outcome names,
// the first of each other reason: enforced ones, or under verify=False the ones
// verify=True would enforce after the first (whose fix the summary already
// gives). An imposter refused has no others: its cure is the bank answering.
func (f *facts) otherFailures() []*handshake.Step {
	// Unenforced revocation checks are no failure verify=True would make.
	skip := map[handshake.Reason]bool{f.o.Reason: true, handshake.Revoked: true}
	advisory := f.o.Reason == handshake.InsecureSkipVerify
	switch {
	case f.imposter != nil || advisory && f.s.Imposter != nil:
		return nil
	case advisory && f.refused != nil:
		skip[*f.refused.Reason] = true
	}
	var out []*handshake.Step
	for i, st := range f.t.Steps {
		if st.Kind != handshake.KindCheck || st.Advisory != advisory || st.OK == nil || *st.OK || st.Reason == nil || skip[*st.Reason] {
			continue
		}
		skip[*st.Reason] = true
		out = append(out, &f.t.Steps[i])
	}
	return out
}

// skipVerifyCase is what turning verification back on would do, as a key of the
// verify=False tables: refuse or accept what answered, the bank or an imposter;
// noCase when no check was computed.
func (f *facts) skipVerifyCase() fixCase {
	switch {
	case !f.checked:
		return noCase
	case f.s.Imposter != nil && f.refused != nil:
		return verifyRefusesImposter
	case f.s.Imposter != nil:
		return verifyAcceptsImposter
	case f.refused != nil:
		return verifyRefuses
	}
	return verifyAccepts
}

// dialInstead is a name (an address, for an IP dial) the certificate matches,
// which the courier could dial instead, and how: dialName or dialAddress when
// the certificate lists it (dialAddressOrName when it lists a name besides,
// to point at the address dialled), dialNameAt for an IP dial when
// it lists names and no address (a name pointed at the address), dialWildcard when it is a concrete name under one
// of its wildcards (returned too), which stands for exactly one label; noCase
// when the certificate offers nothing of the dial's kind. A wildcard *.X gives
// the dialled name's first label under X when the dialled name is under X
// (a.b.X becomes a.X), else www.X.
func (f *facts) dialInstead() (name string, how fixCase, wildcard string) {
	leaf := f.leaf()
	if n := f.s.Server.ByName; n != nil && f.s.Imposter == nil && !f.s.Server.Chooses(f.s.Client.ServerName()) {
		// The bank has the right certificate, for a courier that names it.
		return n.Name, dialSNI, ""
	}
	named := leaf.plainName()
	switch {
	case f.dialIP() && len(leaf.ips) > 0 && named != "":
		return leaf.ips[0], dialAddressOrName, ""
	case f.dialIP() && len(leaf.ips) > 0:
		return leaf.ips[0], dialAddress, ""
	case f.dialIP() && named != "":
		// The name, pointed at the address dialled.
		return named, dialNameAt, ""
	case f.dialIP():
		return "", noCase, ""
	case named != "":
		return named, dialName, ""
	}
	dial := strings.ToLower(strings.TrimSuffix(f.s.Client.Dial, "."))
	for _, n := range leaf.dns {
		under, ok := strings.CutPrefix(n, "*.")
		if !ok || under == "" || strings.Contains(under, "*") {
			continue
		}
		label, rest, _ := strings.Cut(dial, ".")
		if label == "" || !strings.HasSuffix("."+rest, "."+strings.ToLower(under)) {
			label = "www"
		}
		return label + "." + under, dialWildcard, n
	}
	return "", noCase, ""
}

// pointAt is the first plain name the leaf lists and how to dial it at the
// address the courier dials: a line of the hosts file, or curl's --resolve.
func (f *facts) pointAt() (name, how string) {
	name = f.leaf().plainName()
	addr, port := f.s.Client.Dial, f.s.Client.Port
	if port == 0 {
		port = 443
	}
	resolve := addr
	if strings.Contains(addr, ":") {
		resolve = "[" + addr + "]"
	}
	return name, fmt.Sprintf("the hosts file's line %q, or curl --resolve %s:%d:%s", addr+" "+name, name, port, resolve)
}

// plainName is the first name the certificate lists that is no wildcard
// ("" for none).
func (c cert) plainName() string {
	for _, n := range c.dns {
		if !strings.Contains(n, "*") {
			return n
		}
	}
	return ""
}

// lowerFirst makes a headline a clause: its first letter lower case.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// detail is the outcome's technical sentence, else the Go error of whoever
// failed: a real host's refusal may come with no check to describe it.
func (f *facts) detail() string {
	for _, d := range []string{f.o.Detail, f.o.ClientError, f.o.ServerError} {
		if d != "" {
			return strings.TrimSuffix(d, ".")
		}
	}
	return "no detail given"
}

// goError is the Go client's error, which the Go verdicts quote; a trace
// without one has the outcome's detail stand in.
func (f *facts) goError() string {
	if f.o.ClientError != "" {
		return f.o.ClientError
	}
	return f.detail()
}

// version is the TLS version negotiated, or the one the client offers at most.
func (f *facts) version() wire.Version {
	if v := f.t.Negotiated.Version; v != 0 {
		return v
	}
	if f.s.Client.MaxVersion == scenario.TLS12 {
		return wire.VersionTLS12
	}
	return wire.VersionTLS13
}

// versionsOffered is the range of versions the courier offers, in words.
func (f *facts) versionsOffered() string {
	lo, hi := f.s.Client.MinVersion, f.s.Client.MaxVersion
	if hi == "" {
		hi = scenario.TLS13
	}
	if lo == "" {
		lo = scenario.TLS12 // Go's default minimum for a client
	}
	if lo == hi {
		return "only TLS " + string(hi)
	}
	return "TLS " + string(lo) + " to " + string(hi)
}

// tls13 reports whether the connection ran (or would have run) TLS 1.3, which
// decides where a bank's refusal of the badge surfaces.
func (f *facts) tls13() bool { return f.version() == wire.VersionTLS13 }

// leaf is the bank's certificate (empty when nobody knows it).
func (f *facts) leaf() cert {
	if len(f.chain) == 0 {
		return cert{}
	}
	return f.chain[0]
}

// dialIP reports whether the courier dials an IP address rather than a name.
func (f *facts) dialIP() bool { return scenario.IsIP(f.s.Client.Dial) }

// specName is how a certificate is called: its Common Name, else its
// organisation, else its name in the scenario.
func specName(sp *pki.Spec) string {
	switch {
	case sp.CommonName != "":
		return sp.CommonName
	case sp.Organization != "":
		return sp.Organization
	}
	return sp.Name
}

// names lists the certificates' names.
func names(certs []cert) string {
	out := make([]string, len(certs))
	for i, c := range certs {
		out[i] = c.name
	}
	return strings.Join(out, ", ")
}

// sans lists a certificate's Subject Alternative Names as its extension orders
// them: DNS names first, then IP addresses.
func sans(c cert) []string { return append(append([]string(nil), c.dns...), c.ips...) }

func first(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// alertWords names a TLS alert for a sentence: its name in words, quoted, as
// OpenSSL-based clients print it ("unknown ca"), not its identifier.
func alertWords(name string) string {
	if name == "" {
		return ""
	}
	return "the \"" + strings.ReplaceAll(name, "_", " ") + "\" alert"
}
