package handshake

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	casn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// What the specifications ask of a chain beyond what Go checks. Go's verifier
// is deliberately lenient where the Web's certificates were lenient first
// (see crypto/x509's own comments on key usage), so a chain Go accepts may
// break a rule of RFC 5280 or of the CA/Browser Forum's Baseline Requirements
// that a stricter verifier enforces, and, in a few places, Go refuses what a
// verifier that follows RFC 5280 to the letter accepts. Each such rule a
// pasted chain breaks becomes an advisory check that names the rule: it never
// changes the verdict, which stays Go's, but it says where another verifier's
// would differ.

// rfc5280 and baseline cite the two specifications.
const (
	rfc5280  = "RFC 5280, "
	baseline = "CA/Browser Forum Baseline Requirements, "
)

// role is where a certificate sits in the path.
type role int

const (
	leafRole role = iota
	intermediateRole
	rootRole // the path's last certificate, self-signed
)

// standard is one rule: which section says it, what it asks (the check's
// name, %s the certificate), and whether a certificate in its role breaks
// it, with what it has instead.
type standard struct {
	cite, asks string
	broken     func(c *x509.Certificate, r role) (string, bool)
	// goRefuses is what Go does with such a certificate, when it is not to
	// ignore the rule.
	goRefuses string
}

func isCA(c *x509.Certificate) bool { return c.BasicConstraintsValid && c.IsCA }

func selfIssued(c *x509.Certificate) bool { return bytes.Equal(c.RawIssuer, c.RawSubject) }

// selfSigned reports whether c is self-issued and signed with its own key: a
// self-signed server certificate (the path's only one, in the leaf's role)
// as much as a root. A CA's new certificate signed with its old key is
// self-issued, not self-signed.
func selfSigned(c *x509.Certificate) bool {
	return selfIssued(c) && c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// emptyName reports whether a raw distinguished name has no attributes.
func emptyName(raw []byte) bool {
	in := cryptobyte.String(raw)
	var seq cryptobyte.String
	return in.ReadASN1(&seq, casn1.SEQUENCE) && seq.Empty()
}

var standards = []standard{
	{cite: rfc5280 + "4.2.1.1", asks: "%s names its issuer's key (authority key identifier)",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			return "no authority key identifier, which every certificate but a self-signed one must have",
				r != rootRole && !hasExtension(c, oidAuthorityKeyID) && !selfSigned(c)
		}},
	{cite: rfc5280 + "4.2.1.2", asks: "%s names its own key (subject key identifier)",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			return "a CA certificate without a subject key identifier", r != leafRole && isCA(c) && !hasExtension(c, oidSubjectKeyID)
		}},
	{cite: rfc5280 + "4.1.2.6", asks: "%s has a subject",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			return "a CA certificate with an empty subject name", isCA(c) && emptyName(c.RawSubject)
		}},
	{cite: rfc5280 + "4.1.2.4", asks: "%s names its issuer",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			return "an empty issuer name", emptyName(c.RawIssuer)
		}},
	{cite: rfc5280 + "4.1.2.2", asks: "%s has a positive serial number of at most 20 bytes",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			if c.SerialNumber.Sign() <= 0 {
				return "serial number " + c.SerialNumber.String(), true
			}
			n := len(c.SerialNumber.Bytes())
			if c.SerialNumber.Bytes()[0]&0x80 != 0 {
				n++ // DER adds a zero byte to keep it positive
			}
			return fmt.Sprintf("a serial number of %d bytes", n), n > 20
		}},
	{cite: rfc5280 + "4.2.1.3", asks: "%s may sign certificates only if it is a CA",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			return "a key usage with keyCertSign, but no basicConstraints CA:TRUE", c.KeyUsage&x509.KeyUsageCertSign != 0 && !isCA(c)
		}},
	{cite: rfc5280 + "4.2.1.3", asks: "%s, a CA, may sign certificates (keyCertSign)",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			return "a CA certificate whose key usage extension allows nothing at all", isCA(c) && c.KeyUsage == 0 && hasExtension(c, oidKeyUsage)
		}},
	{cite: rfc5280 + "4.2.1.9", asks: "%s marks its basic constraints critical",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			e, ok := extension(c, oidBasicConstraints)
			return "a CA certificate whose basicConstraints extension is not critical", ok && isCA(c) && !e.Critical
		}},
	{cite: rfc5280 + "4.2.1.10", asks: "%s holds name constraints only as a CA",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			return "name constraints in a certificate that is no CA", !isCA(c) && hasExtension(c, oidNameConstraints)
		}},
	{cite: rfc5280 + "4.2.1.10", asks: "%s marks its name constraints critical",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			e, ok := extension(c, oidNameConstraints)
			return "a nameConstraints extension that is not critical (the CA/Browser Forum allows that; RFC 5280 does not)", ok && !e.Critical
		}},
	{cite: rfc5280 + "4.2.1.10", asks: "%s's name constraints are of kinds Go applies",
		goRefuses: "Go applies no directoryName constraints: it refuses the certificate when the extension is critical (an unhandled critical extension), and ignores them when it is not",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			return "name constraints on directory names (the subject's distinguished name)", hasDirectoryNameConstraint(c)
		}},
	{cite: rfc5280 + "4.2.1.6", asks: "%s marks its Subject Alternative Names critical when its subject is empty",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			e, ok := extension(c, oidSubjectAltName)
			return "an empty subject, and a subjectAltName extension that is not critical", ok && emptyName(c.RawSubject) && !e.Critical
		}},
	{cite: rfc5280 + "4.2.1.6", asks: "%s does not mark its Subject Alternative Names critical beside a subject",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			e, ok := extension(c, oidSubjectAltName)
			return "a subject, and a critical subjectAltName extension", ok && !emptyName(c.RawSubject) && e.Critical
		}},
	{cite: baseline + "7.1.2.1.3", asks: "%s, a root, names its own key alone as its authority key",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			if r != rootRole {
				return "", false
			}
			return rootAKIProblem(c)
		}},
	{cite: baseline + "7.1.2.1.2", asks: "%s, a root, has no extended key usage",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			return "a root with an extended key usage extension", r == rootRole && hasExtension(c, oidExtKeyUsage)
		}},
	{cite: baseline + "7.1.2.7.8", asks: "%s, a server's certificate, is no CA",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			return "a server's certificate with basicConstraints CA:TRUE", r == leafRole && isCA(c)
		}},
	{cite: baseline + "7.1.2.7.10", asks: "%s, a server's certificate, says what it is for (extended key usage)",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			return "no extended key usage extension", r == leafRole && !hasExtension(c, oidExtKeyUsage)
		}},
	{cite: baseline + "7.1.2.7.10", asks: "%s, a server's certificate, is not for any purpose at all",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			for _, u := range c.ExtKeyUsage {
				if u == x509.ExtKeyUsageAny {
					return "extended key usage anyExtendedKeyUsage", r == leafRole
				}
			}
			return "", false
		}},
	{cite: baseline + "7.1.2.7.6", asks: "%s, a server's certificate, does not mark its extended key usage critical",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			e, ok := extension(c, oidExtKeyUsage)
			return "a critical extKeyUsage extension", r == leafRole && ok && e.Critical
		}},
	{cite: baseline + "6.1.5", asks: "%s has an RSA key or an ECDSA key on P-256, P-384 or P-521",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			switch k := c.PublicKey.(type) {
			case *rsa.PublicKey:
				return "", false
			case *ecdsa.PublicKey:
				name := k.Curve.Params().Name
				return "an ECDSA key on " + name, name != "P-256" && name != "P-384" && name != "P-521"
			}
			return "a " + c.PublicKeyAlgorithm.String() + " key", true
		}},
	{cite: baseline + "3.2.2.6", asks: "%s has no wildcard for a whole top-level domain",
		broken: func(c *x509.Certificate, r role) (string, bool) {
			for _, n := range c.DNSNames {
				if rest, ok := strings.CutPrefix(n, "*."); ok && !strings.Contains(rest, ".") {
					return "the name " + n + ", which covers every name under ." + rest, r == leafRole
				}
			}
			return "", false
		}},
}

// hasDirectoryNameConstraint reports whether c's name constraints have a
// directoryName subtree (RFC 5280, Section 4.2.1.10: GeneralSubtree's base
// is a GeneralName, directoryName its [4]).
func hasDirectoryNameConstraint(c *x509.Certificate) bool {
	e, ok := extension(c, oidNameConstraints)
	if !ok {
		return false
	}
	in := cryptobyte.String(e.Value)
	var nc cryptobyte.String
	if !in.ReadASN1(&nc, casn1.SEQUENCE) {
		return false
	}
	for !nc.Empty() {
		var subtrees cryptobyte.String
		var tag casn1.Tag
		if !nc.ReadAnyASN1(&subtrees, &tag) {
			return false
		}
		for !subtrees.Empty() {
			var subtree cryptobyte.String
			if !subtrees.ReadASN1(&subtree, casn1.SEQUENCE) {
				return false
			}
			if subtree.PeekASN1Tag(casn1.Tag(4).Constructed().ContextSpecific()) {
				return true
			}
		}
	}
	return false
}

// rootAKIProblem says what is wrong with a root's authority key identifier:
// if it has one, it holds only a key identifier, the root's own (Baseline
// Requirements, 7.1.2.1.3).
func rootAKIProblem(c *x509.Certificate) (string, bool) {
	e, ok := extension(c, oidAuthorityKeyID)
	if !ok {
		return "", false
	}
	in := cryptobyte.String(e.Value)
	var aki cryptobyte.String
	if !in.ReadASN1(&aki, casn1.SEQUENCE) {
		return "an authority key identifier that cannot be read", true
	}
	var keyID cryptobyte.String
	var hasKeyID bool
	if !aki.ReadOptionalASN1(&keyID, &hasKeyID, casn1.Tag(0).ContextSpecific()) {
		return "an authority key identifier that cannot be read", true
	}
	switch {
	case !aki.Empty():
		return "an authority key identifier that also names the issuer's issuer and serial number", true
	case !hasKeyID:
		return "an authority key identifier without a key identifier", true
	case !bytes.Equal(keyID, c.SubjectKeyId):
		return "an authority key identifier other than its own subject key identifier", true
	}
	return "", false
}

// standardSteps are the advisory checks of the rules the path breaks, and of
// where Go parts from RFC 5280 on it.
func standardSteps(path []*x509.Certificate, maxIntermediates *int) []Step {
	var steps []Step
	note := func(cite, name, detail string) {
		ok := false
		steps = append(steps, Step{Side: Client, Kind: KindCheck, Name: name, Checks: CheckStandard, Record: -1, OK: &ok, Advisory: true, Spec: cite, Detail: detail})
	}
	for i, c := range path {
		r := intermediateRole
		switch {
		case i == 0:
			r = leafRole
		case i == len(path)-1 && selfIssued(c):
			r = rootRole
		}
		for _, st := range standards {
			has, broken := st.broken(c, r)
			if !broken {
				continue
			}
			goDoes := "Go does not check this, so its verdict stands; a verifier that does refuses the chain"
			if st.goRefuses != "" {
				goDoes = st.goRefuses
			}
			note(st.cite, fmt.Sprintf(st.asks, CertName(c)), "Here: "+has+". "+goDoes+".")
		}
	}
	// Self-issued intermediates (a CA's new certificate signed with its old
	// key) are exempt from path lengths and from name constraints in RFC 5280;
	// Go holds them to both.
	for j := 2; j < len(path); j++ {
		ca := path[j]
		var exempt []*x509.Certificate
		for _, c := range path[1:j] {
			if selfIssued(c) {
				exempt = append(exempt, c)
			}
		}
		if len(exempt) == 0 {
			continue
		}
		if below := j - 1; ca.BasicConstraintsValid && ca.MaxPathLen >= 0 && below > ca.MaxPathLen && below-len(exempt) <= ca.MaxPathLen {
			note(rfc5280+"6.1.4 (l)", fmt.Sprintf("%s's path length leaves out self-issued certificates", CertName(ca)),
				fmt.Sprintf("%s is self-issued (its subject is its issuer), which RFC 5280 does not count in path lengths. Go counts it and refuses the chain for %s's pathlen:%d; a verifier that follows RFC 5280 accepts it.", CertName(exempt[0]), CertName(ca), ca.MaxPathLen))
		}
		if !hasExtension(ca, oidNameConstraints) {
			continue
		}
		for _, c := range exempt {
			for _, n := range sanNames(c) {
				if why := n.outside(ca); why != "" {
					note(rfc5280+"4.2.1.10", fmt.Sprintf("%s's name constraints leave out %s", CertName(ca), CertName(c)),
						fmt.Sprintf("%s is self-issued, and RFC 5280 applies no name constraints to a self-issued certificate but the last of a path. Go applies them (%s) and refuses the chain; a verifier that follows RFC 5280 accepts it.", CertName(c), why))
					break
				}
			}
		}
	}
	// A depth limit counts the intermediates that are not self-issued, as
	// path lengths do in RFC 5280.
	if maxIntermediates != nil && len(path) > 2 {
		n := 0
		for _, c := range path[1 : len(path)-1] {
			if !selfIssued(c) {
				n++
			}
		}
		if n > *maxIntermediates {
			note("verifier setting", fmt.Sprintf("the chain has at most %d intermediate(s)", *maxIntermediates),
				fmt.Sprintf("the path has %d; a verifier limited to %d (OpenSSL's -verify_depth, for one) refuses it. Go has no such limit.", n, *maxIntermediates))
		}
	}
	return steps
}
