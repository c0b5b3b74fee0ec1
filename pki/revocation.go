package pki

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/ocsp"
)

// Revocation is what the issuers of a set publish about the certificates they
// issued: a CRL from every issuer that names a CRL distribution point in
// something it signed (RFC 5280 5), and an OCSP response (RFC 6960), signed by
// the issuer itself, for every certificate that names an OCSP responder.
type Revocation struct {
	CRLs []CRL
	OCSP []OCSPResponse
}

// CRL is one issuer's certificate revocation list.
type CRL struct {
	// Issuer is the name of the spec that signed it; URL where it is published
	// (the distribution point of the certificates it covers).
	Issuer string
	URL    string
	List   *x509.RevocationList
}

// OCSPResponse is the issuer's signed answer about one certificate.
type OCSPResponse struct {
	// Cert is the name of the spec it is about; URL the responder it names.
	Cert string
	URL  string
	DER  []byte
	// Revoked is the status it gives (otherwise "good").
	Revoked bool
}

// Revocation dates, relative to the clock: the certificate was revoked two
// days ago, the lists were signed an hour ago and are good for a week, as a
// CA's CRL and OCSP responses are.
const (
	revokedAgo   = 48 * time.Hour
	publishedAgo = time.Hour
	validFor     = 7 * 24 * time.Hour
)

// ErrOCSPKey is why an OCSP response cannot be signed: golang.org/x/crypto/ocsp
// signs with RSA and ECDSA keys only.
var ErrOCSPKey = errors.New("an OCSP response can be signed with an RSA or ECDSA key only, not Ed25519")

// Revocation crafts what the set's issuers publish, with dates relative to now.
// It is empty when no certificate names a CRL distribution point or an OCSP
// responder.
func (s *Set) Revocation(now time.Time) (*Revocation, error) {
	rv := &Revocation{}
	for _, name := range s.Order {
		issuer := s.byName[name]
		var revoked []x509.RevocationListEntry
		url := ""
		for _, n := range s.Order {
			is := s.byName[n]
			if is.Spec.SelfSigned() || is.Spec.Issuer != name {
				continue
			}
			if is.Spec.CRLURL != "" && url == "" {
				url = is.Spec.CRLURL
			}
			if is.Spec.Revoked {
				revoked = append(revoked, x509.RevocationListEntry{
					SerialNumber: is.Cert.SerialNumber, RevocationTime: now.Add(-revokedAgo).UTC().Truncate(time.Second),
					ReasonCode: reasonKeyCompromise})
			}
		}
		if url == "" {
			continue
		}
		l, err := crl(issuer, revoked, now)
		if err != nil {
			return nil, fmt.Errorf("pki: the CRL of %q: %v", name, err)
		}
		rv.CRLs = append(rv.CRLs, CRL{Issuer: name, URL: url, List: l})
	}
	for _, name := range s.Order {
		is := s.byName[name]
		if is.Spec.OCSPURL == "" || is.Spec.SelfSigned() {
			continue
		}
		der, err := ocspResponse(is, s.byName[is.Spec.Issuer], now)
		if err != nil {
			return nil, fmt.Errorf("pki: the OCSP response for %q: %v", name, err)
		}
		rv.OCSP = append(rv.OCSP, OCSPResponse{Cert: name, URL: is.Spec.OCSPURL, DER: der, Revoked: is.Spec.Revoked})
	}
	return rv, nil
}

// reasonKeyCompromise is RFC 5280's CRLReason keyCompromise (1), the reason a
// CA revokes for when a key has leaked.
const reasonKeyCompromise = 1

// crl is the issuer's CRL listing revoked, signed with x509.CreateRevocationList.
func crl(issuer *Issued, revoked []x509.RevocationListEntry, now time.Time) (*x509.RevocationList, error) {
	tmpl := &x509.RevocationList{
		Number:                    big.NewInt(now.Unix()),
		ThisUpdate:                now.Add(-publishedAgo).UTC().Truncate(time.Second),
		NextUpdate:                now.Add(validFor).UTC().Truncate(time.Second),
		RevokedCertificateEntries: revoked,
		SignatureAlgorithm:        signatureAlgorithm(issuer.Key, issuer.Spec.HashOrDefault()),
	}
	der, err := x509.CreateRevocationList(rand.Reader, tmpl, issuer.Cert, issuer.Key)
	if err != nil {
		return nil, err
	}
	return x509.ParseRevocationList(der)
}

// ocspResponse is the issuer's signed answer about is, with ocsp.CreateResponse.
func ocspResponse(is, issuer *Issued, now time.Time) ([]byte, error) {
	if _, ok := issuer.Key.(ed25519.PrivateKey); ok {
		return nil, ErrOCSPKey
	}
	tmpl := ocsp.Response{
		Status:       ocsp.Good,
		SerialNumber: is.Cert.SerialNumber,
		ThisUpdate:   now.Add(-publishedAgo).UTC().Truncate(time.Second),
		NextUpdate:   now.Add(validFor).UTC().Truncate(time.Second),
	}
	if is.Spec.Revoked {
		tmpl.Status = ocsp.Revoked
		tmpl.RevokedAt = now.Add(-revokedAgo).UTC().Truncate(time.Second)
		tmpl.RevocationReason = ocsp.KeyCompromise
	}
	return ocsp.CreateResponse(issuer.Cert, issuer.Cert, tmpl, issuer.Key)
}

// CRLFor is the CRL of the named issuer, or nil.
func (r *Revocation) CRLFor(issuer string) *CRL {
	for i := range r.CRLs {
		if r.CRLs[i].Issuer == issuer {
			return &r.CRLs[i]
		}
	}
	return nil
}

// OCSPFor is the OCSP response about the named certificate, or nil.
func (r *Revocation) OCSPFor(cert string) *OCSPResponse {
	for i := range r.OCSP {
		if r.OCSP[i].Cert == cert {
			return &r.OCSP[i]
		}
	}
	return nil
}

// Empty reports whether there is nothing published.
func (r *Revocation) Empty() bool { return r == nil || len(r.CRLs) == 0 && len(r.OCSP) == 0 }

// CRLPEM writes CRLs as PEM ("X509 CRL" blocks), as curl's --crlfile, Python's
// load_verify_locations and Node's crl option read them.
func CRLPEM(crls ...CRL) []byte {
	var out []byte
	for _, c := range crls {
		out = AppendPEM(out, "X509 CRL", c.List.Raw)
	}
	return out
}
