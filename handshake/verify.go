package handshake

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/pki"
)

// The verdict is Go's (x509.Verify inside the handshake). The checks below take the
// same chain apart link by link so a person can see which one broke; a test asserts
// they agree with Go on every preset.

// chainInput is one verification: who checks which chain against what.
type chainInput struct {
	checker Side // Client checks the bank's chain, Server checks the badge
	sent    []*x509.Certificate
	trusted []*x509.Certificate // scenario certificates in the checker's trust store
	all     []*x509.Certificate // every certificate of the scenario
	name    string              // host name or IP to match; "" for badges
	usage   x509.ExtKeyUsage
	now     time.Time
	// today says now is the day the scenario was played on (scenario.Today):
	// dates are then told from it ("30 days ago"), so that what is said reads
	// the same on whichever day it is played.
	today    bool
	advisory bool // verify=False: computed, not enforced

	// published is what the checker can learn of revocation (nil: nothing);
	// checkRevocation whether it checks it (else its checks are advisory).
	published       *Published
	checkRevocation bool

	// pasted marks a chain someone pasted (inspect.go): nothing is known
	// beyond it and the trust store, so a missing issuer is judged from the
	// chain's shape. goChain is the path Go built when it verified the chain,
	// which the checks then follow; unreadable are trust-store certificates Go
	// could not read, which it leaves out.
	pasted     bool
	goChain    []*x509.Certificate
	unreadable []pastedCert
}

// checker accumulates check steps.
type checker struct {
	in    *chainInput
	steps []Step
}

// checkLabel is a check's name, the question it answers (Step.Question) and
// what it checks (Step.Checks).
type checkLabel struct {
	name, question string
	checks         CheckKind
}

func labelf(checks CheckKind, name, question string, args ...any) checkLabel {
	return checkLabel{fmt.Sprintf(name, args...), fmt.Sprintf(question, args...), checks}
}

func (k *checker) add(l checkLabel, ok bool, reason Reason, format string, args ...any) {
	st := Step{Side: k.in.checker, Kind: KindCheck, Name: l.name, Question: l.question, Checks: l.checks, Record: -1, OK: &ok,
		Advisory: k.in.advisory, Detail: fmt.Sprintf(format, args...)}
	if !ok {
		r := reason
		if k.in.checker == Server {
			r = badgeReason(r)
		}
		st.Reason = &r
	}
	k.steps = append(k.steps, st)
}

// checkChain itemises the verification of in.sent.
func checkChain(in chainInput) []Step {
	k := &checker{in: &in}
	whose := "the bank"
	if in.checker == Server {
		whose = "the courier"
	}
	if len(in.sent) == 0 {
		k.add(labelf(CheckPresented, "certificate presented", "Did %s present a certificate?", whose), false, NoCertificate, "%s presented no certificate", whose)
		return k.steps
	}
	leaf := in.sent[0]
	path, top := buildPath(leaf, in.sent[1:], in.trusted)
	if in.goChain != nil {
		path, top = in.goChain, anchored
	}
	for _, c := range path {
		k.criticalExtensions(c)
	}
	for i, c := range path {
		k.validity(c, i == 0)
	}
	if in.name != "" {
		k.hostname(leaf)
	}
	k.keyStrength(leaf)
	for i, c := range path {
		k.usage(c, i == 0)
	}
	for i := 1; i < len(path); i++ {
		k.link(path[i-1], path[i], i-1, i == len(path)-1 && top == anchored)
	}
	for i := 1; i < len(path); i++ {
		k.nameConstraints(path[i], path[:i])
	}
	k.anchor(path, top)
	k.revocation(path)
	return k.steps
}

// buildPath follows issuers from the leaf through the sent certificates to a
// trusted one. top says how it ended: anchored, at an untrusted self-signed root,
// or at a certificate whose issuer is nowhere to be found.
func buildPath(leaf *x509.Certificate, intermediates, trusted []*x509.Certificate) (path []*x509.Certificate, top pathEnd) {
	path = []*x509.Certificate{leaf}
	for cur := leaf; len(path) <= 10; {
		if contains(trusted, cur) {
			return path, anchored
		}
		if isSelfSigned(cur) {
			return path, selfSignedTop
		}
		parent := findIssuer(cur, trusted, intermediates)
		if parent == nil {
			return path, issuerMissing
		}
		if contains(path, parent) {
			return path, loop
		}
		path = append(path, parent)
		cur = parent
	}
	return path, issuerMissing
}

type pathEnd int

const (
	anchored pathEnd = iota
	selfSignedTop
	issuerMissing
	loop // the issuer found is already in the path: CAs that sign each other
)

// findIssuer picks the certificate whose subject is c's issuer, from the
// trusted ones, then the others: first one whose key verifies c's signature,
// else one by name alone.
func findIssuer(c *x509.Certificate, trusted, others []*x509.Certificate) *x509.Certificate {
	var byName *x509.Certificate
	for _, list := range [][]*x509.Certificate{trusted, others} {
		for _, p := range list {
			if !bytes.Equal(p.RawSubject, c.RawIssuer) || p.Equal(c) {
				continue
			}
			if signatureError(c, p) == nil {
				return p
			}
			if byName == nil {
				byName = p
			}
		}
	}
	return byName
}

func contains(list []*x509.Certificate, c *x509.Certificate) bool {
	for _, x := range list {
		if x.Equal(c) {
			return true
		}
	}
	return false
}

// signatureError checks c's signature with parent's key, leaving the CA flag to
// its own check (CheckSignatureFrom would mix the two). Like CheckSignatureFrom,
// and unlike CheckSignature, it refuses SHA-1 on certificates.
//
// The answer depends only on the two certificates' bytes, and in WebAssembly one
// ECDSA verification costs milliseconds, so answers are remembered: an edit that
// leaves a link alone does not pay for it again, nor does a link checked twice.
func signatureError(c, parent *x509.Certificate) error {
	switch c.SignatureAlgorithm {
	case x509.SHA1WithRSA, x509.ECDSAWithSHA1, x509.DSAWithSHA1, x509.MD5WithRSA, x509.MD2WithRSA:
		return x509.InsecureAlgorithmError(c.SignatureAlgorithm)
	}
	return checkSignature(c, parent)
}

// checkSignature is parent.CheckSignature of c's signature (which allows
// SHA-1), remembered (pki.CheckSignature).
func checkSignature(c, parent *x509.Certificate) error { return pki.CheckSignature(c, parent) }

// CertName is how a certificate is called in checks: its Common Name, else its
// subject, else the first name it is for.
func CertName(c *x509.Certificate) string {
	switch {
	case c.Subject.CommonName != "":
		return c.Subject.CommonName
	case c.Subject.String() != "":
		return c.Subject.String()
	case len(c.DNSNames) > 0:
		return "the certificate for " + c.DNSNames[0]
	case len(c.IPAddresses) > 0:
		return "the certificate for " + c.IPAddresses[0].String()
	}
	return "a certificate without a name"
}

const dateFormat = "2006-01-02 15:04 UTC"

func (k *checker) validity(c *x509.Certificate, leaf bool) {
	now := k.in.now
	name := labelf(CheckValidity, "%s is valid now", "Is %s valid now?", CertName(c))
	if k.in.today {
		switch {
		case now.Before(c.NotBefore):
			k.add(name, false, NotYetValid, "it becomes valid %s", fromToday(c.NotBefore, now, "in %d days"))
		case now.After(c.NotAfter):
			k.add(name, false, Expired, "expired %s", fromToday(c.NotAfter, now, "in %d days"))
		default:
			k.add(name, true, OK, "valid from %s to %s", fromToday(c.NotBefore, now, "in %d days"), fromToday(c.NotAfter, now, "%d days from today"))
		}
		return
	}
	switch {
	case now.Before(c.NotBefore):
		k.add(name, false, NotYetValid, "valid from %s; the clock says %s", c.NotBefore.UTC().Format(dateFormat), now.UTC().Format(dateFormat))
	case now.After(c.NotAfter):
		k.add(name, false, Expired, "expired %s; the clock says %s", c.NotAfter.UTC().Format(dateFormat), now.UTC().Format(dateFormat))
	default:
		k.add(name, true, OK, "valid %s to %s", c.NotBefore.UTC().Format(dateFormat), c.NotAfter.UTC().Format(dateFormat))
	}
}

// fromToday tells t as days from today, now: "yesterday", "30 days ago",
// "tomorrow", and later days as ahead says ("in %d days", "%d days from
// today"); a time within half a day of now is "today".
func fromToday(t, now time.Time, ahead string) string {
	days := int(math.Round(t.Sub(now).Hours() / 24))
	switch {
	case days == 0:
		return "today"
	case days == 1:
		return "tomorrow"
	case days == -1:
		return "yesterday"
	case days > 0:
		return fmt.Sprintf(ahead, days)
	}
	return fmt.Sprintf("%d days ago", -days)
}

func (k *checker) hostname(leaf *x509.Certificate) {
	name := labelf(CheckName, "certificate is for %s", "Is the certificate for %s?", k.in.name)
	err := leaf.VerifyHostname(k.in.name)
	if err == nil {
		k.add(name, true, OK, "%s is listed in the Subject Alternative Names", k.in.name)
		return
	}
	listed := append(append([]string(nil), leaf.DNSNames...), ipStrings(leaf)...)
	switch {
	case len(listed) == 0 && cnMatches(leaf, k.in.name):
		k.add(name, false, CNOnly, "the certificate has no Subject Alternative Names; its Common Name %q is ignored", leaf.Subject.CommonName)
		return
	case len(listed) == 0:
		k.add(name, false, HostnameMismatch, "the certificate has no Subject Alternative Names, and its Common Name %q (which Go ignores) is not %s either", leaf.Subject.CommonName, k.in.name)
		return
	}
	if len(listed) == 1 {
		k.add(name, false, HostnameMismatch, "%s is not %s, the only name the certificate lists", k.in.name, listed[0])
		return
	}
	k.add(name, false, HostnameMismatch, "%s is not among %s", k.in.name, strings.Join(listed, ", "))
}

// cnMatches reports whether a certificate's Common Name would match host as
// a DNS name does (wildcards included): what clients that still fall back to
// the Common Name accept. An IP address never matches one.
func cnMatches(c *x509.Certificate, host string) bool {
	byCN := *c
	byCN.DNSNames, byCN.IPAddresses = []string{c.Subject.CommonName}, nil
	return c.Subject.CommonName != "" && byCN.VerifyHostname(host) == nil
}

func ipStrings(c *x509.Certificate) []string {
	var out []string
	for _, ip := range c.IPAddresses {
		out = append(out, ip.String())
	}
	return out
}

// keyStrength is advisory: Go accepts RSA keys of 1024 bits, OpenSSL at its default
// security level does not.
func (k *checker) keyStrength(leaf *x509.Certificate) {
	rk, ok := leaf.PublicKey.(*rsa.PublicKey)
	if !ok || rk.N.BitLen() >= 2048 {
		return
	}
	st := Step{Side: k.in.checker, Kind: KindCheck, Name: "key is strong enough", Question: "Is the key strong enough for every client?", Checks: CheckKeyStrength, Record: -1, OK: new(bool), Advisory: true,
		Detail: fmt.Sprintf("RSA %d bits: Go accepts it, OpenSSL-based clients refuse keys under 2048 bits", rk.N.BitLen())}
	k.steps = append(k.steps, st)
}

var usageNames = [...]string{x509.ExtKeyUsageServerAuth: "serverAuth", x509.ExtKeyUsageClientAuth: "clientAuth"}

func (k *checker) usage(c *x509.Certificate, leaf bool) {
	if len(c.ExtKeyUsage) == 0 && len(c.UnknownExtKeyUsage) == 0 {
		if leaf {
			k.add(labelf(CheckPurpose, "%s may be used for %s", "May %s be used for %s?", CertName(c), usageNames[k.in.usage]), true, OK, "no extended key usage: any use")
		}
		return
	}
	name := labelf(CheckPurpose, "%s may be used for %s", "May %s be used for %s?", CertName(c), usageNames[k.in.usage])
	for _, u := range c.ExtKeyUsage {
		if u == k.in.usage || u == x509.ExtKeyUsageAny {
			k.add(name, true, OK, "extended key usage lists %s", usageNames[k.in.usage])
			return
		}
	}
	k.add(name, false, WrongEKU, "extended key usage is %s, not %s", strings.Join(extKeyUsages(c), ", "), usageNames[k.in.usage])
}

// link checks that parent may sign child and did: the signature, the CA flag, the
// key usage and the path length. below counts the CAs between them and the leaf;
// root says parent is the trust anchor.
func (k *checker) link(child, parent *x509.Certificate, below int, root bool) {
	pn, cn := CertName(parent), CertName(child)
	signed := labelf(CheckSignature, "%s signed %s", "Did %s sign %s?", pn, cn)
	isCA := labelf(CheckIsCA, "%s is a CA", "Is %s a CA?", pn)
	switch err := signatureError(child, parent); {
	case err == nil:
		k.add(signed, true, OK, "%s signature verifies with %s's key", child.SignatureAlgorithm, pn)
	case isType[x509.InsecureAlgorithmError](err):
		k.add(signed, false, WeakSignature, "signed with %s, which is no longer accepted", child.SignatureAlgorithm)
	case errors.Is(err, x509.ErrUnsupportedAlgorithm):
		k.add(signed, false, UnsupportedSignature, "signed with %s by a %s key, which Go cannot verify", algorithmName(child), parent.PublicKeyAlgorithm)
	default:
		k.add(signed, false, BadSignature, "the signature does not verify: %v", err)
	}
	// Go asks this of every issuer but a version 1 root, which has no
	// extensions to say it.
	if v1root := root && parent.Version < 3; parent.BasicConstraintsValid && parent.IsCA || v1root {
		k.add(isCA, true, OK, "%s", ifElse(parent.Version < 3, "a version 1 certificate, taken as a CA", "basicConstraints CA:TRUE"))
	} else {
		what := "basicConstraints CA:FALSE"
		if !parent.BasicConstraintsValid {
			what = "no basicConstraints extension"
		}
		k.add(isCA, false, NotACA, "%s: it may not sign certificates", what)
	}
	if parent.KeyUsage != 0 {
		ok := parent.KeyUsage&x509.KeyUsageCertSign != 0
		k.add(labelf(CheckCAKeyUsage, "%s's key may sign certificates", "May %s's key sign certificates?", pn), ok, CAKeyUsage, "%s's key usage is %s%s", pn,
			strings.Join(keyUsages(parent), ", "), ifElse(ok, "", ", without keyCertSign"))
	}
	if parent.BasicConstraintsValid && parent.MaxPathLen >= 0 {
		ok := below <= parent.MaxPathLen
		k.add(labelf(CheckPathLength, "%s's path length allows this chain", "Does %s's path length allow this chain?", pn), ok, PathTooLong,
			"pathlen:%d, %d CA(s) below it", parent.MaxPathLen, below)
	}
}

// algorithmName is a certificate's signature algorithm as Go names it.
func algorithmName(c *x509.Certificate) string {
	if c.SignatureAlgorithm != x509.UnknownSignatureAlgorithm {
		return c.SignatureAlgorithm.String()
	}
	return "an algorithm Go does not know"
}

// criticalExtensions checks that Go understands every extension c marks
// critical: RFC 5280, Section 4.2, has a verifier refuse a certificate with one
// it cannot process.
func (k *checker) criticalExtensions(c *x509.Certificate) {
	if len(c.UnhandledCriticalExtensions) == 0 {
		return
	}
	var oids []string
	for _, id := range c.UnhandledCriticalExtensions {
		oids = append(oids, extensionName(id))
	}
	k.add(labelf(CheckCritical, "%s has no critical extension Go does not know", "Does %s have only critical extensions Go knows?", CertName(c)), false, UnhandledCriticalExtension,
		"critical, and not processed by Go: %s", strings.Join(oids, ", "))
}

// nameConstraints checks ca's name constraints (RFC 5280, Section 4.2.1.10)
// against the names of every certificate below it, as Go does.
func (k *checker) nameConstraints(ca *x509.Certificate, below []*x509.Certificate) {
	if !hasExtension(ca, oidNameConstraints) {
		return
	}
	var names []string
	bad := ""
	for _, c := range below {
		if !hasExtension(c, oidSubjectAltName) {
			continue
		}
		for _, n := range sanNames(c) {
			names = append(names, n.text)
			if bad == "" {
				bad = n.outside(ca)
			}
		}
	}
	k.add(labelf(CheckNameConstraints, "%s may vouch for these names", "May %s vouch for these names?", CertName(ca)), bad == "", NameConstraints,
		"%s; names %s%s", constraintWords(ca), listOrNone(names), ifElse(bad != "", ": "+bad, ""))
}

func ifElse(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "(none)"
	}
	return strings.Join(l, ", ")
}

// anchor says whether the path reached the trust store, and if not, why not.
func (k *checker) anchor(path []*x509.Certificate, top pathEnd) {
	last := path[len(path)-1]
	store := "the courier's trust store"
	switch {
	case k.in.checker == Server:
		store = "the bank's list of badge issuers"
	case k.in.advisory:
		store = "the trust store of verify=True"
	}
	name := checkLabel{"chain ends at a trusted root", "Does the chain end at a trusted root?", CheckAnchor}
	switch top {
	case anchored:
		k.add(name, true, OK, "%s is in %s", CertName(last), store)
		k.steps[len(k.steps)-1].Anchor = anchorOf(last, k.in.trusted, k.in.sent)
	case selfSignedTop:
		if len(path) == 1 {
			k.add(name, false, SelfSigned, "%s signed itself and is not in %s", CertName(last), store)
		} else {
			k.add(name, false, UntrustedRoot, "the chain ends at the root %s, which is not in %s", CertName(last), store)
		}
	case loop:
		k.add(name, false, UnknownAuthority, "%s was issued by %s, which is already in the chain: the CAs sign each other in a loop, and none of them is in %s", CertName(last), issuerCalled(last), store)
	case issuerMissing:
		if k.in.pasted {
			k.pastedAnchor(path, store)
			return
		}
		// Would the chain complete with certificates the server did not send?
		if _, end := buildPath(path[0], k.in.all, k.in.trusted); end == anchored {
			k.add(name, false, MissingIntermediate,
				"%s was issued by %s, which was not sent; with it the chain would reach %s", CertName(last), last.Issuer.CommonName, store)
		} else {
			k.add(name, false, UnknownAuthority, "%s was issued by %s, which is neither sent nor in %s", CertName(last), last.Issuer.CommonName, store)
		}
	}
}

// anchorOf is where a chain ends in the trust store trusted: at c, and
// whether the store holds c's issuers up to a self-signed one. For c no CA
// (the bank's own certificate in the store), the issuers below the store's
// may be ones sent, as OpenSSL, which takes no such certificate for an
// anchor, looks on for them there too.
func anchorOf(c *x509.Certificate, trusted, sent []*x509.Certificate) *Anchor {
	sum := sha256.Sum256(c.Raw)
	a := &Anchor{SHA256: hex.EncodeToString(sum[:]), Name: CertName(c), SelfSigned: isSelfSigned(c)}
	var others []*x509.Certificate
	if !c.IsCA {
		others = sent
		if p := findIssuer(c, trusted, nil); p != nil && !isSelfSigned(p) {
			a.Held, a.HeldIssuer = CertName(p), issuerCalled(p)
		}
	}
	seen := []*x509.Certificate{c}
	for cur := c; !a.SelfSigned && len(seen) <= 10; {
		p := findIssuer(cur, trusted, others)
		if p == nil || contains(seen, p) {
			break
		}
		if isSelfSigned(p) {
			a.RootAbove = contains(trusted, p)
			break
		}
		seen, cur = append(seen, p), p
	}
	return a
}

// pastedAnchor says why a pasted chain stops at an issuer that is neither
// pasted nor trusted. Nothing else is known, so the certificates speak. A
// server's certificate alone, issued by someone else, reads two ways (see
// MissingIssuer): the reason is the reading its evidence ranks first, a
// missing intermediate or an authority the courier does not know (a private
// root), and the check carries the evidence so that the words give both. A
// chain that goes on to a CA whose issuer is missing ends at an authority
// the courier does not know.
func (k *checker) pastedAnchor(path []*x509.Certificate, store string) {
	last := path[len(path)-1]
	name := checkLabel{"chain ends at a trusted root", "Does the chain end at a trusted root?", CheckAnchor}
	for _, u := range k.in.unreadable {
		if bytes.Equal(u.subject, last.RawIssuer) {
			k.add(name, false, MalformedCertificate, "%s was issued by %s; %s holds a certificate of that name, but Go cannot read it (%v) and leaves it out",
				CertName(last), issuerCalled(last), store, u.err)
			return
		}
	}
	if len(path) == 1 && !last.IsCA {
		m := missingIssuer(last)
		why := map[IssuerClue]string{
			ClueNone:             "nothing in it says whether that is an intermediate the server should have sent or a private root (mkcert's, a company CA) the courier was never given",
			ClueAIA:              "it names where its issuer's certificate is published, " + m.URL + ", as a CA does for an intermediate the server should have sent",
			ClueIntermediateName: "its issuer's name reads as an intermediate's, which the server should have sent",
			CluePublicCA:         "its issuer is a public CA's, whose roots issue no server certificates themselves: an intermediate the server should have sent",
			ClueRootName:         "its issuer's name reads as a root's and it names no address for its issuer's certificate: most likely a private root (mkcert's, a company CA) the courier was never given",
		}[m.Clue]
		reason := UnknownAuthority
		if m.Intermediate() {
			reason = MissingIntermediate
		}
		k.add(name, false, reason, "%s was issued by %s, which is neither in the chain nor in %s; %s", CertName(last), issuerCalled(last), store, why)
		k.steps[len(k.steps)-1].Issuer = m
		return
	}
	k.add(name, false, UnknownAuthority, "%s was issued by %s, which is neither in the chain nor in %s", CertName(last), issuerCalled(last), store)
}

// issuerCalled is how a certificate names its issuer: the issuer's Common
// Name, else the whole name.
func issuerCalled(c *x509.Certificate) string {
	if c.Issuer.CommonName != "" {
		return c.Issuer.CommonName
	}
	return c.Issuer.String()
}

// badgeReason maps a chain reason to its badge-check counterpart.
func badgeReason(r Reason) Reason {
	switch r {
	case Expired:
		return ClientCertExpired
	case NotYetValid:
		return ClientCertNotYetValid
	case WrongEKU:
		return ClientCertWrongEKU
	case UnknownAuthority, UntrustedRoot, MissingIntermediate, SelfSigned:
		return ClientCertUnknownCA
	case NoCertificate:
		return ClientCertMissing
	case OK:
		return OK
	}
	return ClientCertInvalid
}
