package ui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
)

// CertRow is one line of a decoded certificate in the inspector.
type CertRow struct{ Label, Value string }

// CertRows is what the inspector shows of a certificate, in the order a
// person reads it, each row only when the certificate says something there.
func CertRows(c handshake.CertSummary) []CertRow {
	var rows []CertRow
	row := func(label string, values ...string) {
		if v := strings.Join(nonEmpty(values), ", "); v != "" {
			rows = append(rows, CertRow{label, v})
		}
	}
	row("Cannot be read", c.Problem)
	row("Subject", c.Subject)
	row("Issuer", c.Issuer)
	if !c.NotBefore.IsZero() {
		row("Valid", c.NotBefore.UTC().Format(time.DateTime)+" to "+c.NotAfter.UTC().Format(time.DateTime)+" UTC")
	}
	row("DNS names", c.DNSNames...)
	row("IP addresses", c.IPAddresses...)
	row("E-mail addresses", c.EmailAddresses...)
	row("URIs", c.URIs...)
	row("Key", c.Key)
	row("Signature", c.Signature)
	row("Key usage", c.KeyUsage...)
	row("Extended key usage", c.ExtKeyUsage...)
	if c.Problem == "" {
		ca := "no"
		switch {
		case !c.BasicConstr:
			ca = "no basicConstraints"
		case c.IsCA && c.MaxPathLen != nil:
			ca = "yes, path length " + strconv.Itoa(*c.MaxPathLen)
		case c.IsCA:
			ca = "yes"
		}
		row("CA", ca)
	}
	row("Permitted names", slices.Concat(c.PermittedDNS, c.PermittedIPs, c.PermittedEmails, c.PermittedURIs)...)
	row("Excluded names", slices.Concat(c.ExcludedDNS, c.ExcludedIPs, c.ExcludedEmails, c.ExcludedURIs)...)
	row("Issuer's certificate at", c.IssuerURLs...)
	row("OCSP responder", c.OCSP...)
	row("CRL", c.CRL...)
	if r := c.Revocation; r != nil {
		row("Revoked? (CRL)", crlRow(r))
		row("Revoked? (OCSP)", ocspRow(r))
	}
	row("Policies", c.Policies...)
	if len(c.SCTs) > 0 {
		var logs []string
		for _, s := range c.SCTs {
			logs = append(logs, s.LogID+" ("+s.Timestamp.UTC().Format(time.DateOnly)+")")
		}
		row("SCTs ("+strconv.Itoa(len(c.SCTs))+")", logs...)
	}
	row("Subject key ID", c.SubjectKeyID)
	row("Authority key ID", c.AuthorityKeyID)
	var exts []string
	for _, e := range c.Extensions {
		n := e.Name
		if n == "" {
			n = e.OID
		}
		if e.Critical {
			n += " (critical)"
		}
		exts = append(exts, n)
	}
	row("Extensions", exts...)
	if c.Version > 0 {
		row("Version", strconv.Itoa(c.Version))
	}
	row("Serial", c.Serial)
	row("SHA-256", c.SHA256)
	row("SHA-1", c.SHA1)
	return rows
}

// crlRow is what the issuer's CRL says of the certificate ("" without one).
func crlRow(r *handshake.RevocationFacts) string {
	l := r.CRL
	if l == nil {
		return ""
	}
	said := "not listed"
	if l.Listed {
		said = "revoked " + l.RevokedAt.UTC().Format(time.DateTime) + " UTC, " + handshake.RevocationReason(l.Reason)
	}
	return said + " (" + r.Issuer + "'s CRL of " + l.ThisUpdate.UTC().Format(time.DateTime) + " UTC, " +
		strconv.Itoa(l.Entries) + " listed, next by " + l.NextUpdate.UTC().Format(time.DateTime) + " UTC)"
}

// ocspRow is what the issuer's OCSP response says of the certificate.
func ocspRow(r *handshake.RevocationFacts) string {
	o := r.OCSP
	switch {
	case o == nil:
		return ""
	case o.Problem != "":
		return "unreadable: " + o.Problem
	}
	said := o.Status
	if !o.RevokedAt.IsZero() {
		said += " since " + o.RevokedAt.UTC().Format(time.DateTime) + " UTC, " + handshake.RevocationReason(o.Reason)
	}
	return said + " (signed by " + r.Issuer + ", " + o.ThisUpdate.UTC().Format(time.DateTime) + " UTC)"
}

func nonEmpty(l []string) []string {
	var out []string
	for _, s := range l {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
