package handshake

import (
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"time"

	"golang.org/x/crypto/cryptobyte"
)

// CertDetails are the rest of what a certificate says, for the inspector: what
// a person checks by hand with `openssl x509 -text`.
type CertDetails struct {
	Version int `json:"version"`
	// SHA1 is the certificate's SHA-1 fingerprint, which tools still print
	// beside the SHA-256 one.
	SHA1           string   `json:"sha1"`
	SubjectKeyID   string   `json:"subject_key_id,omitempty"`
	AuthorityKeyID string   `json:"authority_key_id,omitempty"`
	EmailAddresses []string `json:"email_addresses,omitempty"`
	URIs           []string `json:"uris,omitempty"`
	// The name constraints beyond DNS names.
	PermittedIPs    []string `json:"permitted_ips,omitempty"`
	ExcludedIPs     []string `json:"excluded_ips,omitempty"`
	PermittedEmails []string `json:"permitted_emails,omitempty"`
	ExcludedEmails  []string `json:"excluded_emails,omitempty"`
	PermittedURIs   []string `json:"permitted_uris,omitempty"`
	ExcludedURIs    []string `json:"excluded_uris,omitempty"`
	// OCSP and CRL are where revocation is published (Authority Information
	// Access OCSP responders, CRL distribution points); nobody in this
	// playground fetches them.
	OCSP     []string `json:"ocsp,omitempty"`
	CRL      []string `json:"crl,omitempty"`
	Policies []string `json:"policies,omitempty"`
	// SCTs are the Certificate Transparency logs' promises embedded in the
	// certificate (RFC 6962, Section 3.3).
	SCTs []SCT `json:"scts,omitempty"`
	// Extensions lists every extension, in order.
	Extensions []Extension `json:"extensions,omitempty"`
	// Problem is why Go cannot read the certificate ("" when it can); such a
	// certificate is summarised from its raw names only.
	Problem string `json:"problem,omitempty"`
}

// SCT is one signed certificate timestamp: which log, and when.
type SCT struct {
	// LogID is the log's key hash, base64 as the logs' lists write it.
	LogID     string    `json:"log_id"`
	Timestamp time.Time `json:"timestamp"`
}

// Extension is one extension: its OID, its name when it has one, and whether
// it is critical.
type Extension struct {
	OID      string `json:"oid"`
	Name     string `json:"name,omitempty"`
	Critical bool   `json:"critical,omitempty"`
}

// detailsOf reads the details of a parsed certificate.
func detailsOf(c *x509.Certificate) CertDetails {
	sum := sha1.Sum(c.Raw)
	d := CertDetails{Version: c.Version, SHA1: hex.EncodeToString(sum[:]), EmailAddresses: c.EmailAddresses,
		PermittedEmails: c.PermittedEmailAddresses, ExcludedEmails: c.ExcludedEmailAddresses,
		PermittedURIs: c.PermittedURIDomains, ExcludedURIs: c.ExcludedURIDomains,
		OCSP: c.OCSPServer, CRL: c.CRLDistributionPoints}
	if len(c.SubjectKeyId) > 0 {
		d.SubjectKeyID = colonHex(c.SubjectKeyId)
	}
	if len(c.AuthorityKeyId) > 0 {
		d.AuthorityKeyID = colonHex(c.AuthorityKeyId)
	}
	for _, u := range c.URIs {
		d.URIs = append(d.URIs, u.String())
	}
	for _, r := range c.PermittedIPRanges {
		d.PermittedIPs = append(d.PermittedIPs, r.String())
	}
	for _, r := range c.ExcludedIPRanges {
		d.ExcludedIPs = append(d.ExcludedIPs, r.String())
	}
	for _, p := range c.Policies {
		d.Policies = append(d.Policies, p.String())
	}
	for _, e := range c.Extensions {
		d.Extensions = append(d.Extensions, Extension{OID: e.Id.String(), Name: extensionNames.Of(e.Id.String()), Critical: e.Critical})
		if e.Id.Equal(oidSCTList) {
			d.SCTs = parseSCTs(e.Value)
		}
	}
	return d
}

// colonHex writes bytes as openssl does: "AB:CD:…".
func colonHex(b []byte) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 0, 3*len(b))
	for i, x := range b {
		if i > 0 {
			out = append(out, ':')
		}
		out = append(out, digits[x>>4], digits[x&0x0f])
	}
	return string(out)
}

// parseSCTs reads the SCT list extension: an OCTET STRING holding a
// SignedCertificateTimestampList (RFC 6962, Section 3.3), each SCT its
// version, log ID, timestamp (milliseconds since the epoch), extensions and
// signature. What does not parse ends the list.
func parseSCTs(value []byte) []SCT {
	var octets []byte
	if rest, err := asn1.Unmarshal(value, &octets); err != nil || len(rest) > 0 {
		return nil
	}
	in := cryptobyte.String(octets)
	var list cryptobyte.String
	if !in.ReadUint16LengthPrefixed(&list) {
		return nil
	}
	var out []SCT
	for !list.Empty() {
		var sct cryptobyte.String
		var version uint8
		var logID []byte
		var ts uint64
		if !list.ReadUint16LengthPrefixed(&sct) || !sct.ReadUint8(&version) || version != 0 ||
			!sct.ReadBytes(&logID, 32) || !sct.ReadUint64(&ts) {
			return out
		}
		out = append(out, SCT{LogID: base64.StdEncoding.EncodeToString(logID), Timestamp: time.UnixMilli(int64(ts)).UTC()})
	}
	return out
}
