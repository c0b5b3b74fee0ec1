package handshake

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// A pasted chain cannot be played: its keys are not here. Its twin can: a
// scenario whose certificates have the same names, validity, extensions and
// key types, crafted with the playground's own keys, dialled by the same name
// and trusted the same way, so that a real handshake reaches the verdict the
// pasted chain got. What a scenario cannot say (a key type the playground does
// not craft, a critical extension Go does not know, a signature that does not
// verify) makes a twin impossible, and says why; what Go's verdict does not
// read (serial numbers, key identifiers, policies) the twin has its own of.

// TwinError says why a pasted chain has no twin.
type TwinError struct {
	// Missing lists what the playground cannot craft, one phrase each.
	Missing []string
}

func (e *TwinError) Error() string {
	return "no twin: the playground cannot craft " + strings.Join(e.Missing, "; ")
}

// Twin is a pasted chain made again with the playground's keys.
type Twin struct {
	Scenario *scenario.Scenario
	// Approximations are where the twin differs from the pasted chain in what
	// Go's verdict does not depend on.
	Approximations []string
}

// twinBuilder collects the specs of a twin and what keeps it from one.
type twinBuilder struct {
	ins     *Inspection
	now     time.Time
	specs   []pki.Spec
	names   map[*x509.Certificate]string
	missing []string
	approx  []string
}

func (b *twinBuilder) lack(format string, args ...any) {
	b.missing = append(b.missing, fmt.Sprintf(format, args...))
}

func (b *twinBuilder) near(format string, args ...any) {
	if s := fmt.Sprintf(format, args...); !slices.Contains(b.approx, s) {
		b.approx = append(b.approx, s)
	}
}

// Twin crafts the inspected chain's twin, or says why it cannot.
func (ins *Inspection) Twin() (*Twin, error) {
	b := &twinBuilder{ins: ins, now: ins.Trace.Scenario.Now, names: map[*x509.Certificate]string{}}
	for i, pc := range ins.pasted {
		if pc.cert == nil {
			b.lack("certificate %d, which Go cannot read (%v)", i+1, pc.err)
		}
	}
	if ins.pathEnd == loop {
		b.lack("a chain whose CAs sign each other in a loop")
	}
	path := ins.path
	if len(path) == 0 {
		return nil, &TwinError{Missing: b.missing}
	}
	if ins.pathEnd == anchored {
		path = append(slices.Clip(path), ins.above(path)...)
	}
	top := path[len(path)-1]
	// An anchor that did not sign itself, with no issuer above it in the
	// trust store or the chain: the twin's own CA issued it, held by nobody.
	partial := ins.pathEnd == anchored && !isSelfSigned(top)
	for i, c := range path {
		name := "intermediate"
		switch {
		case i == 0:
			name = "leaf"
		case i == len(path)-1 && (ins.pathEnd == anchored && !partial || ins.pathEnd == selfSignedTop):
			name = "root"
		}
		b.add(c, name)
	}
	for i := 1; i < len(path); i++ {
		b.link(path[i-1], path[i])
	}
	s := &scenario.Scenario{
		ID:     "twin",
		Title:  "Twin of the chain pasted for " + ins.Host,
		Story:  "A twin of a pasted chain: certificates with the same names, validity, extensions and key types, crafted with the playground's own keys (the real keys are not here), dialled by the same name and trusted the same way, so that a real handshake reaches the verdict the pasted chain got.",
		Now:    b.now,
		Client: scenario.Client{Dial: ins.Host, Port: ins.Port, Path: ins.Trace.Scenario.Client.Path, Verify: scenario.VerifyTrue},
	}
	if !ins.Trust.Mozilla {
		s.Client.Verify = scenario.VerifyBundle
	}
	switch ins.pathEnd {
	case anchored:
		if partial {
			b.rootAbove(top)
		}
		b.otherRoots()
		// The twin's bundle holds the twins of the certificates the
		// courier's did, in its order.
		for _, c := range ins.trusted {
			if n, ok := b.nameOf(c); ok && !slices.Contains(s.Client.Bundle, n) {
				b.trust(s, n)
			}
		}
	case selfSignedTop:
		b.trustOther(s)
	case issuerMissing:
		b.standIn(s, top)
	}
	// What the server sends: the pasted certificates in the order pasted, those
	// off the path left out (clients pass over them).
	for _, pc := range ins.pasted {
		if n, ok := b.nameOf(pc.cert); ok {
			s.Server.Send = append(s.Server.Send, n)
		} else if pc.cert != nil {
			b.near("left out %s, which is not part of the chain", CertName(pc.cert))
		}
	}
	if len(s.Server.Send) > scenario.MaxSend {
		b.lack("a chain of %d certificates (at most %d)", len(s.Server.Send), scenario.MaxSend)
	}
	if len(b.missing) > 0 {
		return nil, &TwinError{Missing: b.missing}
	}
	s.Certs = b.specs
	if err := s.Validate(); err != nil {
		if ps, ok := errors.AsType[scenario.Problems](err); ok {
			for _, p := range ps {
				b.lack("%s", p.Error())
			}
			return nil, &TwinError{Missing: b.missing}
		}
		return nil, err
	}
	b.near("the serial numbers, key identifiers and the extensions Go's verdict does not read (policies, SCTs, OCSP and CRL pointers) are the twin's own")
	return &Twin{Scenario: s, Approximations: b.approx}, nil
}

// add makes the spec of one certificate of the path.
func (b *twinBuilder) add(c *x509.Certificate, name string) {
	for n, base := 2, name; slices.ContainsFunc(b.specs, func(sp pki.Spec) bool { return sp.Name == name }); n++ {
		name = fmt.Sprintf("%s-%d", base, n)
	}
	cn := CertName(c)
	sp := pki.Spec{Name: name, CommonName: c.Subject.CommonName, DNSNames: c.DNSNames, IsCA: isCA(c), NoBasicConstraints: !c.BasicConstraintsValid}
	if len(c.Subject.Organization) > 0 {
		sp.Organization = c.Subject.Organization[0]
	}
	for _, ip := range c.IPAddresses {
		sp.IPAddresses = append(sp.IPAddresses, ip.String())
	}
	if len(c.EmailAddresses)+len(c.URIs) > 0 {
		b.near("%s's e-mail and URI names are left out", cn)
	}
	switch {
	case c.Version >= 3:
	case name == "intermediate":
		b.lack("%s, a version 1 certificate as an intermediate", cn)
	case name == "root":
		// Go takes a version 1 root, which has no basicConstraints, for a CA.
		sp.IsCA, sp.NoBasicConstraints = true, false
		b.near("%s, a version 1 root, is a version 3 CA", cn)
	default:
		b.near("%s, a version 1 certificate, is a version 3 one", cn)
	}
	if len(sp.DNSNames) > pki.MaxNames {
		sp.DNSNames = b.someNames(c)
	}
	sp.NotBefore, sp.NotAfter = b.days(c.NotBefore, cn), b.days(c.NotAfter, cn)
	b.key(c, &sp)
	if isCA(c) && c.MaxPathLen >= 0 {
		if c.MaxPathLen > pki.MaxPathLimit {
			b.near("%s's pathlen:%d becomes unlimited", cn, c.MaxPathLen)
		} else {
			n := c.MaxPathLen
			sp.MaxPathLen = &n
		}
	}
	b.usages(c, &sp)
	if len(c.PermittedIPRanges)+len(c.ExcludedIPRanges)+len(c.PermittedEmailAddresses)+len(c.ExcludedEmailAddresses)+
		len(c.PermittedURIDomains)+len(c.ExcludedURIDomains) > 0 || hasDirectoryNameConstraint(c) {
		b.lack("%s's name constraints on IP addresses, e-mail addresses, URIs or directory names", cn)
	}
	sp.PermittedDNS, sp.ExcludedDNS = c.PermittedDNSDomains, c.ExcludedDNSDomains
	if len(c.UnhandledCriticalExtensions) > 0 {
		b.lack("%s's critical extension %s", cn, extensionName(c.UnhandledCriticalExtensions[0]))
	}
	if len(c.IssuingCertificateURL) > 0 {
		sp.IssuerURL = c.IssuingCertificateURL[0]
	}
	if len(sp.CommonName) > pki.MaxTextLen {
		b.lack("%s's Common Name of %d characters (at most %d)", cn, len(sp.CommonName), pki.MaxTextLen)
	}
	if len(sp.Organization) > pki.MaxTextLen {
		sp.Organization = sp.Organization[:pki.MaxTextLen]
		b.near("%s's organisation is cut to %d characters", cn, pki.MaxTextLen)
	}
	if len(c.Subject.OrganizationalUnit)+len(c.Subject.Country)+len(c.Subject.Locality)+len(c.Subject.Province) > 0 {
		b.near("the subjects keep their Common Name and organisation only")
	}
	b.names[c] = name
	b.specs = append(b.specs, sp)
}

// someNames keeps pki.MaxNames of a certificate's DNS names, those the host
// matches first: without name constraints, the others change no verdict.
func (b *twinBuilder) someNames(c *x509.Certificate) []string {
	cn := CertName(c)
	if slices.ContainsFunc(b.ins.path, func(ca *x509.Certificate) bool { return hasExtension(ca, oidNameConstraints) }) {
		b.lack("%s's %d DNS names under name constraints (at most %d)", cn, len(c.DNSNames), pki.MaxNames)
		return nil
	}
	matches := func(n string) bool {
		one := x509.Certificate{DNSNames: []string{n}}
		return one.VerifyHostname(b.ins.Host) == nil
	}
	var keep []string
	for _, n := range c.DNSNames {
		if matches(n) {
			keep = append(keep, n)
		}
	}
	for _, n := range c.DNSNames {
		if len(keep) < pki.MaxNames && !matches(n) {
			keep = append(keep, n)
		}
	}
	b.near("%s keeps %d of its %d DNS names, those for %s first", cn, pki.MaxNames, len(c.DNSNames), b.ins.Host)
	return keep[:min(len(keep), pki.MaxNames)]
}

// days is a time as whole days from the clock, rounded away from it, so that
// what is valid now stays valid and what is not stays not; at most pki.MaxDays.
func (b *twinBuilder) days(t time.Time, cn string) pki.Days {
	d := t.Sub(b.now).Hours() / 24
	if d < 0 {
		d = math.Floor(d)
	} else {
		d = math.Ceil(d)
	}
	if math.Abs(d) > pki.MaxDays {
		b.near("validity further than %d days from the clock ends at %d days (%s)", pki.MaxDays, pki.MaxDays, cn)
		d = math.Copysign(pki.MaxDays, d)
	}
	if d != t.Sub(b.now).Hours()/24 {
		b.near("validity is rounded to whole days from the clock, away from it")
	}
	return pki.Days(d)
}

// rsaSizes are the RSA keys the playground crafts.
var rsaSizes = []struct {
	bits int
	key  pki.KeyType
}{{1024, pki.RSA1024}, {2048, pki.RSA2048}, {3072, pki.RSA3072}, {4096, pki.RSA4096}}

// key picks the key type and the issuer's hash.
func (b *twinBuilder) key(c *x509.Certificate, sp *pki.Spec) {
	cn := CertName(c)
	switch k := c.PublicKey.(type) {
	case *ecdsa.PublicKey:
		switch k.Curve.Params().Name {
		case "P-256":
			sp.Key = pki.ECDSAP256
		case "P-384":
			sp.Key = pki.ECDSAP384
		default:
			b.lack("%s's ECDSA key on %s (the playground crafts P-256 and P-384)", cn, k.Curve.Params().Name)
		}
	case ed25519.PublicKey:
		sp.Key = pki.Ed25519
	case *rsa.PublicKey:
		bits := k.N.BitLen()
		best := rsaSizes[0]
		for _, s := range rsaSizes {
			if bits >= s.bits {
				best = s
			}
		}
		if bits < 1024 {
			b.lack("%s's RSA key of %d bits", cn, bits)
		} else if bits != best.bits {
			b.near("%s's RSA key of %d bits is one of %d", cn, bits, best.bits)
		}
		sp.Key = best.key
	default:
		b.lack("%s's %s key (the playground crafts RSA, ECDSA and Ed25519 keys)", cn, c.PublicKeyAlgorithm)
	}
	switch c.SignatureAlgorithm {
	case x509.SHA256WithRSA, x509.ECDSAWithSHA256, x509.PureEd25519:
		sp.Hash = pki.SHA256
	case x509.SHA256WithRSAPSS:
		sp.Hash = pki.SHA256
		b.near("%s's RSA-PSS signature is a PKCS #1 v1.5 one", cn)
	case x509.SHA384WithRSA, x509.ECDSAWithSHA384:
		sp.Hash = pki.SHA384
	case x509.SHA384WithRSAPSS, x509.SHA512WithRSAPSS, x509.SHA512WithRSA, x509.ECDSAWithSHA512:
		sp.Hash = pki.SHA384
		b.near("%s's %s signature is a SHA-384 one", cn, c.SignatureAlgorithm)
	case x509.SHA1WithRSA, x509.ECDSAWithSHA1:
		sp.Hash = pki.SHA1
	default:
		b.lack("%s's signature algorithm (%s)", cn, algorithmName(c))
	}
}

// usages copies the key usages the playground crafts. Another usage is left
// out, or stood in for where Go's verdict depends on the list not being empty.
func (b *twinBuilder) usages(c *x509.Certificate, sp *pki.Spec) {
	cn := CertName(c)
	// In the order of their names: the list comes out sorted.
	for _, u := range []struct {
		bit  x509.KeyUsage
		name string
	}{{x509.KeyUsageCertSign, pki.KUCertSign}, {x509.KeyUsageCRLSign, pki.KUCRLSign},
		{x509.KeyUsageDigitalSignature, pki.KUDigitalSignature}, {x509.KeyUsageKeyEncipherment, pki.KUKeyEncipherment}} {
		if c.KeyUsage&u.bit != 0 {
			sp.KeyUsage = append(sp.KeyUsage, u.name)
		}
	}
	if c.KeyUsage != 0 && len(sp.KeyUsage) == 0 {
		// A key usage without keyCertSign refuses a CA's signature: keep one.
		sp.KeyUsage = []string{pki.KUDigitalSignature}
		b.near("%s's key usage %s is digitalSignature", cn, strings.Join(keyUsages(c), ", "))
	} else if len(sp.KeyUsage) < len(keyUsages(c)) {
		b.near("%s's key usage keeps digitalSignature, keyEncipherment, keyCertSign and cRLSign only", cn)
	}
	for _, u := range c.ExtKeyUsage {
		switch u {
		case x509.ExtKeyUsageServerAuth:
			sp.ExtKeyUsage = append(sp.ExtKeyUsage, pki.EKUServerAuth)
		case x509.ExtKeyUsageClientAuth:
			sp.ExtKeyUsage = append(sp.ExtKeyUsage, pki.EKUClientAuth)
		case x509.ExtKeyUsageAny:
			sp.ExtKeyUsage = append(sp.ExtKeyUsage, pki.EKUAny)
		}
	}
	if others := len(c.ExtKeyUsage) + len(c.UnknownExtKeyUsage) - len(sp.ExtKeyUsage); others > 0 {
		if len(sp.ExtKeyUsage) == 0 {
			// A list without serverAuth refuses a server: keep one.
			sp.ExtKeyUsage = []string{pki.EKUClientAuth}
			b.near("%s's extended key usage %s is clientAuth: neither is for a server", cn, strings.Join(extKeyUsages(c), ", "))
		} else {
			b.near("%s's extended key usage keeps serverAuth, clientAuth and any only", cn)
		}
	}
}

// link sets child's issuer, if its issuer's key did sign it.
func (b *twinBuilder) link(child, parent *x509.Certificate) {
	i := slices.IndexFunc(b.specs, func(sp pki.Spec) bool { return sp.Name == b.names[child] })
	b.specs[i].Issuer = b.names[parent]
	switch err := signatureError(child, parent); {
	case err == nil, isType[x509.InsecureAlgorithmError](err):
	default:
		b.lack("a signature that does not verify (%s on %s): the playground's signatures do", CertName(parent), CertName(child))
	}
}

// trust has the courier trust the named certificate the way it trusted the
// pasted chain's anchor: among the public roots of verify=True, or in its
// bundle.
func (b *twinBuilder) trust(s *scenario.Scenario, name string) {
	if s.Client.Verify == scenario.VerifyBundle {
		s.Client.Bundle = append(s.Client.Bundle, name)
		return
	}
	for i := range b.specs {
		if b.specs[i].Name == name {
			b.specs[i].Public = true
		}
	}
}

// nameOf is the name of c's spec: c's own, or the path's copy of it (Go's
// path ends at the trust store's copy of a pasted anchor).
func (b *twinBuilder) nameOf(c *x509.Certificate) (string, bool) {
	if c == nil {
		return "", false
	}
	for p, n := range b.names {
		if p == c || p.Equal(c) {
			return n, true
		}
	}
	return "", false
}

// above is what stands above the anchor Go's path ends at, when that did
// not sign itself: its issuers in the trust store or the chain sent, each
// signed by the next, up to one that signed itself or to none found. Go
// stops at the anchor; OpenSSL takes none that did not sign itself (unless
// told X509_V_FLAG_PARTIAL_CHAIN) and goes on up (anchorOf), so the twin
// holds them too: the bank's own certificate in the bundle is issued, as
// pasted, and the CAs sent or held above it are there.
func (ins *Inspection) above(path []*x509.Certificate) []*x509.Certificate {
	var sent, out []*x509.Certificate
	for _, pc := range ins.pasted {
		if pc.cert != nil {
			sent = append(sent, pc.cert)
		}
	}
	for cur := path[len(path)-1]; !isSelfSigned(cur) && len(path)+len(out) <= 10; {
		p := findIssuer(cur, ins.trusted, sent)
		if p == nil || contains(path, p) || contains(out, p) || signatureError(cur, p) != nil {
			break
		}
		out, cur = append(out, p), p
	}
	return out
}

// rootAbove crafts the CA above the anchor top, which did not sign itself
// and whose issuer neither the trust store holds nor the chain sends: an
// issuing CA the bundle holds without the root above it (Anchor.RootAbove
// unset), or the bank's own certificate with none of its issuers. The
// twin's bundle holds what the pasted one does, which the OpenSSL-based
// clients refuse and Go takes.
func (b *twinBuilder) rootAbove(top *x509.Certificate) {
	name, says := "root", "the root above %s, which the bundle does not hold, is the twin's own"
	if !isCA(top) {
		name, says = "issuer", "the CA that issued %s, which neither the bundle holds nor the bank sent, is the twin's own"
	}
	root := pki.Spec{Name: name, CommonName: top.Issuer.CommonName, NotBefore: -3650, NotAfter: 3650, Key: pki.ECDSAP256, IsCA: true,
		KeyUsage: []string{pki.KUCertSign}}
	if len(top.Issuer.Organization) > 0 {
		root.Organization = top.Issuer.Organization[0]
	}
	i := slices.IndexFunc(b.specs, func(sp pki.Spec) bool { return sp.Name == b.names[top] })
	b.specs[i].Issuer = root.Name
	b.specs = append(b.specs, root)
	b.near(says, CertName(top))
}

// otherRoots gives the twin the roots a bundle holding the bank's own
// certificate holds beside the chain (the root above an intermediate the
// bank did not send): Go's verdict and OpenSSL's do not read them, but the
// twin's bundle holds what the pasted one does. Those that did not sign
// themselves, or beyond what a scenario holds, are left out, and said once.
func (b *twinBuilder) otherRoots() {
	if !contains(b.ins.trusted, b.ins.path[0]) {
		return
	}
	var out []string
	held := 0
	for c := range b.names {
		if contains(b.ins.trusted, c) {
			held++
		}
	}
	for _, c := range b.ins.trusted {
		if _, ok := b.nameOf(c); ok {
			continue
		}
		if !isSelfSigned(c) || len(b.specs) >= scenario.MaxCerts || held >= scenario.MaxListLen {
			out = append(out, CertName(c))
			continue
		}
		b.add(c, "root")
		held++
	}
	switch len(out) {
	case 0:
	case 1:
		b.near("left out %s, which the bundle holds beside the chain", out[0])
	default:
		b.near("left out %d certificates the bundle holds beside the chain (%s first)", len(out), out[0])
	}
}

// trustOther gives a bundle that trusts none of the chain a root of its own:
// a bundle is never empty.
func (b *twinBuilder) trustOther(s *scenario.Scenario) {
	if s.Client.Verify != scenario.VerifyBundle {
		return
	}
	b.specs = append(b.specs, pki.Spec{Name: "other-root", CommonName: "Another Root", NotBefore: -365, NotAfter: 3650,
		Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}})
	s.Client.Bundle = []string{"other-root"}
}

// standIn makes the issuer the chain stops at, which was neither pasted nor
// trusted: for a missing intermediate, one issued by a trusted root (so that
// the chain would have verified with it); else a root nobody trusts.
func (b *twinBuilder) standIn(s *scenario.Scenario, top *x509.Certificate) {
	reason := b.ins.Trace.Outcome.Reason
	if reason == MalformedCertificate {
		b.lack("the trust store's certificate that Go cannot read")
		return
	}
	issuer := pki.Spec{Name: "issuer", CommonName: top.Issuer.CommonName, NotBefore: -365, NotAfter: 3650, Key: pki.ECDSAP256, IsCA: true,
		KeyUsage: []string{pki.KUCertSign}}
	if len(top.Issuer.Organization) > 0 {
		issuer.Organization = top.Issuer.Organization[0]
	}
	if issuer.CommonName == "" && issuer.Organization == "" {
		issuer.CommonName = "The missing issuer"
	}
	i := slices.IndexFunc(b.specs, func(sp pki.Spec) bool { return sp.Name == b.names[top] })
	b.specs[i].Issuer = issuer.Name
	// A certificate that came alone reads two ways (MissingIssuer): the twin
	// plays the reading the verdict ranks first, and says so.
	twoWays := slices.ContainsFunc(b.ins.Trace.Steps, func(st Step) bool { return st.Issuer != nil })
	if reason == MissingIntermediate || slices.ContainsFunc(b.ins.Trace.Steps, func(st Step) bool {
		return st.Reason != nil && *st.Reason == MissingIntermediate
	}) {
		root := pki.Spec{Name: "issuer-root", CommonName: "Root above " + issuer.CommonName, NotBefore: -3650, NotAfter: 3650,
			Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}}
		issuer.Issuer = root.Name
		b.specs = append(b.specs, root, issuer)
		b.trust(s, root.Name)
		b.near("the missing intermediate, %s, and a root above it that the courier trusts are the twin's own", issuer.CommonName)
		if twoWays {
			b.near("the twin plays the reading the verdict ranks first, %s as an intermediate the server did not send, not the other, %s as a private root the courier was never given", issuer.CommonName, issuer.CommonName)
		}
		return
	}
	b.specs = append(b.specs, issuer)
	b.trustOther(s)
	b.near("the issuer nobody trusts, %s, is the twin's own", issuer.CommonName)
	if twoWays {
		b.near("the twin plays the reading the verdict ranks first, %s as a private root the courier was never given, not the other, %s as an intermediate the server did not send", issuer.CommonName, issuer.CommonName)
	}
}
