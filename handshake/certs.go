package handshake

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"strings"
	"time"
)

// CertSummary is what a person wants to read off a certificate.
type CertSummary struct {
	Subject      string    `json:"subject"`
	Issuer       string    `json:"issuer"`
	SelfSigned   bool      `json:"self_signed"`
	Serial       string    `json:"serial"`
	NotBefore    time.Time `json:"not_before"`
	NotAfter     time.Time `json:"not_after"`
	DNSNames     []string  `json:"dns_names,omitempty"`
	IPAddresses  []string  `json:"ip_addresses,omitempty"`
	Key          string    `json:"key"`
	Signature    string    `json:"signature"`
	KeyUsage     []string  `json:"key_usage,omitempty"`
	ExtKeyUsage  []string  `json:"ext_key_usage,omitempty"`
	IsCA         bool      `json:"is_ca"`
	BasicConstr  bool      `json:"basic_constraints"`
	MaxPathLen   *int      `json:"max_path_len,omitempty"`
	PermittedDNS []string  `json:"permitted_dns,omitempty"`
	ExcludedDNS  []string  `json:"excluded_dns,omitempty"`
	SHA256       string    `json:"sha256"`
	// PEM is the certificate itself, so the page can offer it for download.
	PEM string `json:"pem,omitempty"`
	CertDetails
}

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

var extKeyUsageNames = map[x509.ExtKeyUsage]string{
	x509.ExtKeyUsageAny:             "any",
	x509.ExtKeyUsageServerAuth:      "serverAuth",
	x509.ExtKeyUsageClientAuth:      "clientAuth",
	x509.ExtKeyUsageCodeSigning:     "codeSigning",
	x509.ExtKeyUsageEmailProtection: "emailProtection",
	x509.ExtKeyUsageTimeStamping:    "timeStamping",
	x509.ExtKeyUsageOCSPSigning:     "OCSPSigning",
}

// Summarize describes a certificate.
func Summarize(c *x509.Certificate) CertSummary {
	sum := sha256.Sum256(c.Raw)
	s := CertSummary{
		Subject:      c.Subject.String(),
		Issuer:       c.Issuer.String(),
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
		SHA256:       hex.EncodeToString(sum[:]),
		PEM:          string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})),
		CertDetails:  detailsOf(c),
	}
	for _, ip := range c.IPAddresses {
		s.IPAddresses = append(s.IPAddresses, ip.String())
	}
	for _, ku := range keyUsageNames {
		if c.KeyUsage&ku.bit != 0 {
			s.KeyUsage = append(s.KeyUsage, ku.name)
		}
	}
	for _, eku := range c.ExtKeyUsage {
		name, ok := extKeyUsageNames[eku]
		if !ok {
			name = fmt.Sprintf("eku(%d)", eku)
		}
		s.ExtKeyUsage = append(s.ExtKeyUsage, name)
	}
	if c.IsCA && (c.MaxPathLen > 0 || c.MaxPathLenZero) {
		n := c.MaxPathLen
		s.MaxPathLen = &n
	}
	return s
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

// isSelfSigned reports whether c names itself as issuer and its own key verifies
// its signature.
func isSelfSigned(c *x509.Certificate) bool {
	return string(c.RawIssuer) == string(c.RawSubject) &&
		c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}
