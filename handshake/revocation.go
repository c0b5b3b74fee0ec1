package handshake

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"

	"golang.org/x/crypto/ocsp"
)

// Revocation: Go's x509.Verify never asks whether an issuer revoked a
// certificate, and neither do requests, curl, s_client or Node unless told to.
// The checks below say what the issuers publish (their CRLs, RFC 5280 6.3,
// and OCSP responses, RFC 6960) as advisory checks, enforced only when the
// courier is told to check (Client.CheckRevocation), as CheckRevocation does.

// revocationSpec is the rule a revocation check states.
const revocationSpec = "RFC 5280, 6.3 (CRLs); RFC 6960 (OCSP)"

// Published is what the courier could learn of revocation: the issuers' CRLs
// and the OCSP responses it can get, by the certificate they are about.
type Published struct {
	CRLs []*x509.RevocationList
	OCSP []OCSPAnswer
}

// OCSPAnswer is an OCSP response and the certificate it is about.
type OCSPAnswer struct {
	Cert *x509.Certificate
	DER  []byte
}

// RevokedError is a certificate a courier checking revocation found revoked.
type RevokedError struct {
	Cert *x509.Certificate
	// By says how it was found: "CRL" or "OCSP".
	By string
}

func (e *RevokedError) Error() string {
	return fmt.Sprintf("certificate revoked: %s was revoked by %s (%s)", CertName(e.Cert), issuerCalled(e.Cert), e.By)
}

// revocationStatus is what the issuer of c (its certificate parent) publishes
// about it: by CRL (a list signed by parent that names c's serial, with when
// and why) and by OCSP (a response signed by parent). known is false when
// nothing is published about c.
type revocationStatus struct {
	known          bool
	crl            *x509.RevocationList
	crlEntry       *x509.RevocationListEntry
	ocsp           *ocsp.Response
	ocspErr        error
	crlURL, ocspAt string
}

func (st revocationStatus) revoked() (bool, string) {
	switch {
	case st.crlEntry != nil:
		return true, "CRL"
	case st.ocsp != nil && st.ocsp.Status == ocsp.Revoked:
		return true, "OCSP"
	}
	return false, ""
}

// statusOf looks up c, issued by parent, in what p holds.
func (p *Published) statusOf(c, parent *x509.Certificate) revocationStatus {
	var st revocationStatus
	if p == nil || parent == nil {
		return st
	}
	for _, l := range p.CRLs {
		if !bytes.Equal(l.RawIssuer, parent.RawSubject) || l.CheckSignatureFrom(parent) != nil {
			continue
		}
		st.known, st.crl = true, l
		for i, e := range l.RevokedCertificateEntries {
			if e.SerialNumber.Cmp(c.SerialNumber) == 0 {
				st.crlEntry = &l.RevokedCertificateEntries[i]
			}
		}
	}
	for _, a := range p.OCSP {
		if a.Cert.Equal(c) {
			st.known = true
			st.ocsp, st.ocspErr = ocsp.ParseResponseForCert(a.DER, c, parent)
		}
	}
	return st
}

// CheckRevocation is the check a courier told to check revocation makes, and
// Go does not: every certificate of the verified chain but its root against
// its issuer's CRL in crls, and the leaf against the stapled OCSP response, each
// signed by the issuer. The first certificate found revoked is the error (a
// *RevokedError); an unreadable staple is an error too.
func CheckRevocation(chain []*x509.Certificate, crls []*x509.RevocationList, staple []byte) error {
	p := &Published{CRLs: crls}
	if len(staple) > 0 && len(chain) > 0 {
		p.OCSP = []OCSPAnswer{{Cert: chain[0], DER: staple}}
	}
	for i := 0; i+1 < len(chain); i++ {
		st := p.statusOf(chain[i], chain[i+1])
		if st.ocspErr != nil {
			return fmt.Errorf("the stapled OCSP response: %v", st.ocspErr)
		}
		if revoked, by := st.revoked(); revoked {
			return &RevokedError{Cert: chain[i], By: by}
		}
	}
	return nil
}

// ParseCRLs reads the CRLs of a PEM file ("X509 CRL" blocks), as curl's
// --crlfile does.
func ParseCRLs(pemData []byte) ([]*x509.RevocationList, error) {
	var out []*x509.RevocationList
	for rest := pemData; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		if b.Type != "X509 CRL" {
			continue
		}
		l, err := x509.ParseRevocationList(b.Bytes)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// RevocationReason names RFC 5280's CRLReason code (5.3.1), which OCSP
// uses too.
func RevocationReason(code int) string {
	if w, ok := wordAt(reasonWords[:], code); ok {
		return w
	}
	return fmt.Sprintf("reason %d", code)
}

// reasonWords are RFC 5280's CRLReason codes (5.3.1) in words.
var reasonWords = [...]string{0: "unspecified", 1: "key compromise", 2: "CA compromise", 3: "affiliation changed",
	4: "superseded", 5: "cessation of operation", 6: "certificate hold", 8: "remove from CRL", 9: "privilege withdrawn", 10: "AA compromise"}

// revocation adds the check of each link of path whose issuer publishes
// anything about it.
func (k *checker) revocation(path []*x509.Certificate) {
	for i := 0; i+1 < len(path); i++ {
		c, parent := path[i], path[i+1]
		st := k.in.published.statusOf(c, parent)
		if !st.known {
			continue
		}
		revoked, _ := st.revoked()
		var said []string
		switch {
		case st.crlEntry != nil:
			when := st.crlEntry.RevocationTime.UTC().Format(dateFormat)
			if k.in.today {
				when = fromToday(st.crlEntry.RevocationTime, k.in.now, "in %d days")
			}
			said = append(said, fmt.Sprintf("%s's CRL lists it, revoked %s for %s", CertName(parent), when, RevocationReason(st.crlEntry.ReasonCode)))
		case st.crl != nil:
			said = append(said, fmt.Sprintf("%s's CRL does not list it", CertName(parent)))
		}
		switch {
		case st.ocspErr != nil:
			said = append(said, fmt.Sprintf("its OCSP response cannot be read (%v)", st.ocspErr))
		case st.ocsp != nil && st.ocsp.Status == ocsp.Revoked:
			said = append(said, "its OCSP response says revoked")
		case st.ocsp != nil:
			said = append(said, "its OCSP response says good")
		}
		detail := strings.Join(said, "; ")
		advisory := k.in.advisory || !k.in.checkRevocation
		st0 := len(k.steps)
		k.add(labelf(CheckNotRevoked, "%s is not revoked", "Is %s still in good standing (not revoked)?", CertName(c)), !revoked, Revoked, "%s", detail)
		k.steps[st0].Advisory = advisory
		if advisory {
			k.steps[st0].Spec = revocationSpec
		}
	}
}

// published is what the material's courier can learn of revocation: every
// CRL its issuers publish and every OCSP response they sign.
func (m *Material) published() *Published {
	if m.Revocation.Empty() {
		return nil
	}
	p := &Published{}
	for _, c := range m.Revocation.CRLs {
		p.CRLs = append(p.CRLs, c.List)
	}
	for _, o := range m.Revocation.OCSP {
		p.OCSP = append(p.OCSP, OCSPAnswer{Cert: m.Set.Get(o.Cert).Cert, DER: o.DER})
	}
	return p
}

// crls are p's CRLs (none for nil).
func (p *Published) crls() []*x509.RevocationList {
	if p == nil {
		return nil
	}
	return p.CRLs
}

// revokedCheck is the index of the first courier's revocation check that
// failed, enforced or not; -1 if none did.
func revokedCheck(steps []Step) int {
	for i, st := range steps {
		if st.Kind == KindCheck && st.Side == Client && st.Reason != nil && *st.Reason == Revoked {
			return i
		}
	}
	return -1
}

// facts is st as a certificate summary carries it (nil when nothing is known).
func (st revocationStatus) facts(parent *x509.Certificate) *RevocationFacts {
	if !st.known {
		return nil
	}
	f := &RevocationFacts{Issuer: CertName(parent)}
	if l := st.crl; l != nil {
		f.CRL = &CRLFacts{ThisUpdate: l.ThisUpdate, NextUpdate: l.NextUpdate, Entries: len(l.RevokedCertificateEntries)}
		if e := st.crlEntry; e != nil {
			f.CRL.Listed, f.CRL.RevokedAt, f.CRL.Reason = true, e.RevocationTime, e.ReasonCode
		}
	}
	switch r := st.ocsp; {
	case st.ocspErr != nil:
		f.OCSP = &OCSPFacts{Status: "unreadable", Problem: st.ocspErr.Error()}
	case r != nil:
		status, _ := wordAt(ocspStatus[:], r.Status)
		f.OCSP = &OCSPFacts{Status: status, ThisUpdate: r.ThisUpdate, NextUpdate: r.NextUpdate}
		if r.Status == ocsp.Revoked {
			f.OCSP.RevokedAt, f.OCSP.Reason = r.RevokedAt, r.RevocationReason
		}
	}
	return f
}

var ocspStatus = [...]string{ocsp.Good: "good", ocsp.Revoked: "revoked", ocsp.Unknown: "unknown"}

// annotateRevocation puts what the issuers publish about each certificate of
// certs (a Certificate message's) in its summary: its issuer is found among
// the certificates known, by signature.
func annotateRevocation(sums []CertSummary, certs, known []*x509.Certificate, p *Published) {
	if p == nil {
		return
	}
	for i, c := range certs {
		if i >= len(sums) {
			return
		}
		for _, parent := range known {
			if !bytes.Equal(c.RawIssuer, parent.RawSubject) || c.CheckSignatureFrom(parent) != nil {
				continue
			}
			sums[i].Revocation = p.statusOf(c, parent).facts(parent)
			break
		}
	}
}
