package handshake

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/pki"
)

// CertSummary is what a person wants to read off a certificate, and what the
// words about it need, so that nobody above this package parses it again.
type CertSummary struct {
	// Subject and Issuer are the distinguished names as text (RFC 2253);
	// SubjectName and IssuerName have their Common Name and organisation.
	Subject     string    `json:"subject"`
	Issuer      string    `json:"issuer"`
	SubjectName Name      `json:"subject_name"`
	IssuerName  Name      `json:"issuer_name"`
	SelfSigned  bool      `json:"self_signed"`
	Serial      string    `json:"serial"`
	NotBefore   time.Time `json:"not_before"`
	NotAfter    time.Time `json:"not_after"`
	DNSNames    []string  `json:"dns_names,omitempty"`
	IPAddresses []string  `json:"ip_addresses,omitempty"`
	// Key names the public key for people ("ECDSA P-256", "RSA 2048");
	// KeyType and KeyBits are the same as values.
	Key          string   `json:"key"`
	KeyType      KeyType  `json:"key_type"`
	KeyBits      int      `json:"key_bits"`
	Signature    string   `json:"signature"`
	KeyUsage     []string `json:"key_usage,omitempty"`
	ExtKeyUsage  []string `json:"ext_key_usage,omitempty"`
	IsCA         bool     `json:"is_ca"`
	BasicConstr  bool     `json:"basic_constraints"`
	MaxPathLen   *int     `json:"max_path_len,omitempty"`
	PermittedDNS []string `json:"permitted_dns,omitempty"`
	ExcludedDNS  []string `json:"excluded_dns,omitempty"`
	// IssuerURLs are the Authority Information Access caIssuers URLs: where the
	// issuer's certificate may be fetched.
	IssuerURLs []string `json:"issuer_urls,omitempty"`
	SHA256     string   `json:"sha256"`
	// PEM is the certificate itself, so the page can offer it for download.
	PEM string `json:"pem,omitempty"`
	// Revocation is what the certificate's issuer publishes about it, in a
	// story whose CAs publish CRLs or OCSP responses (nil otherwise).
	Revocation *RevocationFacts `json:"revocation,omitempty"`
	CertDetails
}

// RevocationFacts is what an issuer publishes about one certificate: its CRL
// (RFC 5280 5) and its OCSP response (RFC 6960), each signed by the issuer.
type RevocationFacts struct {
	Issuer string `json:"issuer"` // the issuer's Common Name
	// CRL is the issuer's list, when it publishes one.
	CRL *CRLFacts `json:"crl,omitempty"`
	// OCSP is the issuer's answer about this certificate, when it gives one.
	OCSP *OCSPFacts `json:"ocsp,omitempty"`
}

// CRLFacts are an issuer's CRL as it concerns one certificate.
type CRLFacts struct {
	ThisUpdate time.Time `json:"this_update"`
	NextUpdate time.Time `json:"next_update"`
	Entries    int       `json:"entries"` // how many certificates it lists
	// RevokedAt and Reason are the certificate's entry, zero when the list
	// does not name it.
	RevokedAt time.Time `json:"revoked_at,omitzero"`
	Reason    int       `json:"reason,omitempty"` // RFC 5280's CRLReason
	Listed    bool      `json:"listed"`
}

// OCSPFacts are an issuer's OCSP response about one certificate.
type OCSPFacts struct {
	_          noCompare
	Status     string    `json:"status"` // good, revoked or unknown; "unreadable" with Problem
	ThisUpdate time.Time `json:"this_update,omitzero"`
	NextUpdate time.Time `json:"next_update,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
	Reason     int       `json:"reason,omitempty"`
	Problem    string    `json:"problem,omitempty"`
}

// Name is the part of a distinguished name the words use.
type Name struct {
	// Text is the whole name (RFC 2253); it is left out of a certificate's
	// subject and issuer, whose text is the summary's Subject and Issuer.
	Text         string `json:"text,omitempty"`
	CommonName   string `json:"cn,omitempty"`
	Organization string `json:"org,omitempty"` // the first O
}

// Short is how the name calls its holder: the Common Name, else the
// organisation, else "".
func (n Name) Short() string {
	if n.CommonName != "" {
		return n.CommonName
	}
	return n.Organization
}

// nameOf is the Name of a parsed distinguished name, with its text when
// withText.
func nameOf(n pkix.Name, withText bool) Name {
	out := Name{CommonName: n.CommonName}
	if len(n.Organization) > 0 {
		out.Organization = n.Organization[0]
	}
	if withText {
		out.Text = n.String()
	}
	return out
}

// parseName reads a DER distinguished name (a CertificateRequest's acceptable
// CA); false if it is not one.
func parseName(der []byte) (Name, bool) {
	var rdn pkix.RDNSequence
	if rest, err := asn1.Unmarshal(der, &rdn); err != nil || len(rest) > 0 {
		return Name{}, false
	}
	var n pkix.Name
	n.FillFromRDNSequence(&rdn)
	return nameOf(n, true), true
}

// KeyType is the algorithm of a certificate's public key.
type KeyType string

// The key types a summary names; another key is named by Go's name for its
// algorithm.
const (
	KeyRSA     KeyType = "RSA"
	KeyECDSA   KeyType = "ECDSA"
	KeyEd25519 KeyType = "Ed25519"
)

var keyUsageNames = []struct {
	bit  x509.KeyUsage
	name string
}{
	{x509.KeyUsageDigitalSignature, "digitalSignature"},
	{x509.KeyUsageContentCommitment, "contentCommitment"},
	{x509.KeyUsageKeyEncipherment, "keyEncipherment"},
	{x509.KeyUsageDataEncipherment, "dataEncipherment"},
	{x509.KeyUsageKeyAgreement, "keyAgreement"},
	{x509.KeyUsageCertSign, "keyCertSign"},
	{x509.KeyUsageCRLSign, "cRLSign"},
}

var extKeyUsageNames = [...]string{
	x509.ExtKeyUsageAny:             "any",
	x509.ExtKeyUsageServerAuth:      "serverAuth",
	x509.ExtKeyUsageClientAuth:      "clientAuth",
	x509.ExtKeyUsageCodeSigning:     "codeSigning",
	x509.ExtKeyUsageEmailProtection: "emailProtection",
	x509.ExtKeyUsageTimeStamping:    "timeStamping",
	x509.ExtKeyUsageOCSPSigning:     "OCSPSigning",
}

// wordAt is words[i], false when i is outside words or its words are "": the
// lookup of a table by a small number, kept as an array (data in the program),
// not a map (code that builds the map at start).
func wordAt(words []string, i int) (string, bool) {
	if i < 0 || i >= len(words) || words[i] == "" {
		return "", false
	}
	return words[i], true
}

// Summarize describes a certificate.
func Summarize(c *x509.Certificate) CertSummary {
	sum := sha256.Sum256(c.Raw)
	s := CertSummary{
		Subject:      c.Subject.String(),
		Issuer:       c.Issuer.String(),
		SubjectName:  nameOf(c.Subject, false),
		IssuerName:   nameOf(c.Issuer, false),
		SelfSigned:   isSelfSigned(c),
		Serial:       strings.ToUpper(c.SerialNumber.Text(16)),
		NotBefore:    c.NotBefore.UTC(),
		NotAfter:     c.NotAfter.UTC(),
		DNSNames:     c.DNSNames,
		Key:          KeyDescription(c),
		Signature:    c.SignatureAlgorithm.String(),
		IsCA:         c.IsCA,
		BasicConstr:  c.BasicConstraintsValid,
		PermittedDNS: c.PermittedDNSDomains,
		ExcludedDNS:  c.ExcludedDNSDomains,
		IssuerURLs:   c.IssuingCertificateURL,
		SHA256:       hex.EncodeToString(sum[:]),
		PEM:          string(pki.AppendPEM(nil, "CERTIFICATE", c.Raw)),
		CertDetails:  detailsOf(c),
	}
	s.KeyType, s.KeyBits = keyType(c)
	for _, ip := range c.IPAddresses {
		s.IPAddresses = append(s.IPAddresses, ip.String())
	}
	s.KeyUsage, s.ExtKeyUsage = keyUsages(c), extKeyUsages(c)
	if c.IsCA && (c.MaxPathLen > 0 || c.MaxPathLenZero) {
		n := c.MaxPathLen
		s.MaxPathLen = &n
	}
	return s
}

// keyUsages are the names of c's key usages ("keyCertSign"), as its summary
// lists them: a check's detail names them without summarizing c whole.
func keyUsages(c *x509.Certificate) []string {
	var out []string
	for _, ku := range keyUsageNames {
		if c.KeyUsage&ku.bit != 0 {
			out = append(out, ku.name)
		}
	}
	return out
}

// extKeyUsages are the names of c's extended key usages ("serverAuth"), as
// its summary lists them.
func extKeyUsages(c *x509.Certificate) []string {
	var out []string
	for _, eku := range c.ExtKeyUsage {
		name, ok := wordAt(extKeyUsageNames[:], int(eku))
		if !ok {
			name = fmt.Sprintf("eku(%d)", eku)
		}
		out = append(out, name)
	}
	return out
}

// KeyDescription names a certificate's public key: "ECDSA P-256", "RSA 2048".
func KeyDescription(c *x509.Certificate) string {
	switch k := c.PublicKey.(type) {
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d", k.N.BitLen())
	case ed25519.PublicKey:
		return "Ed25519"
	}
	return c.PublicKeyAlgorithm.String()
}

// keyType is a certificate's key algorithm and size in bits (an ECDSA key's
// curve size; 0 where a key has no size to speak of).
func keyType(c *x509.Certificate) (KeyType, int) {
	switch k := c.PublicKey.(type) {
	case *ecdsa.PublicKey:
		return KeyECDSA, k.Curve.Params().BitSize
	case *rsa.PublicKey:
		return KeyRSA, k.N.BitLen()
	case ed25519.PublicKey:
		return KeyEd25519, 256
	}
	return KeyType(c.PublicKeyAlgorithm.String()), 0
}

// isSelfSigned reports whether c names itself as issuer and its own key verifies
// its signature.
func isSelfSigned(c *x509.Certificate) bool {
	// checkSignature remembers: a story's root is summarised in several steps
	// of every run, and an edit replays the same root (an ECDSA signature takes
	// milliseconds in WebAssembly).
	return string(c.RawIssuer) == string(c.RawSubject) && checkSignature(c, c) == nil
}
