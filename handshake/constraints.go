package handshake

import (
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/internal/wordlist"
)

// Name constraints (RFC 5280, Section 4.2.1.10) as Go applies them: each
// constraint of a CA to every name of each certificate below it that has a
// Subject Alternative Name extension, by type (DNS names, IP addresses, e-mail
// addresses, URIs); a name must fall under one permitted subtree of its type,
// if there are any, and under no excluded one. A DNS constraint covers the
// name itself and the names under it; one with a leading period only the
// names under it (RFC 5280 defines this for URIs and e-mail; Go, like most
// verifiers, reads DNS constraints so too).

var (
	oidSubjectAltName   = asn1.ObjectIdentifier{2, 5, 29, 17}
	oidNameConstraints  = asn1.ObjectIdentifier{2, 5, 29, 30}
	oidBasicConstraints = asn1.ObjectIdentifier{2, 5, 29, 19}
	oidKeyUsage         = asn1.ObjectIdentifier{2, 5, 29, 15}
	oidExtKeyUsage      = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidAuthorityKeyID   = asn1.ObjectIdentifier{2, 5, 29, 35}
	oidSubjectKeyID     = asn1.ObjectIdentifier{2, 5, 29, 14}
	oidSCTList          = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11129, 2, 4, 2}
)

// extensionNames are the extensions a person may meet, by OID.
var extensionNames = wordlist.List{
	{"2.5.29.14", "subjectKeyIdentifier"}, {"2.5.29.15", "keyUsage"}, {"2.5.29.17", "subjectAltName"},
	{"2.5.29.18", "issuerAltName"}, {"2.5.29.19", "basicConstraints"}, {"2.5.29.30", "nameConstraints"},
	{"2.5.29.31", "cRLDistributionPoints"}, {"2.5.29.32", "certificatePolicies"}, {"2.5.29.33", "policyMappings"},
	{"2.5.29.35", "authorityKeyIdentifier"}, {"2.5.29.36", "policyConstraints"}, {"2.5.29.37", "extKeyUsage"},
	{"2.5.29.46", "freshestCRL"}, {"2.5.29.54", "inhibitAnyPolicy"}, {"2.5.29.9", "subjectDirectoryAttributes"},
	{"1.3.6.1.5.5.7.1.1", "authorityInfoAccess"}, {"1.3.6.1.5.5.7.1.11", "subjectInfoAccess"},
	{"1.3.6.1.5.5.7.1.24", "TLS Feature (OCSP must-staple)"}, {"1.3.6.1.4.1.11129.2.4.2", "signed certificate timestamps"},
	{"1.3.6.1.4.1.11129.2.4.3", "CT precertificate poison"},
}

// extensionName is an extension's OID with its name, when it has one.
func extensionName(id asn1.ObjectIdentifier) string {
	if n, ok := extensionNames.Get(id.String()); ok {
		return id.String() + " (" + n + ")"
	}
	return id.String()
}

// extension returns c's extension with the given OID, if it has one.
func extension(c *x509.Certificate, id asn1.ObjectIdentifier) (ext struct {
	Critical bool
	Value    []byte
}, ok bool) {
	for _, e := range c.Extensions {
		if e.Id.Equal(id) {
			ext.Critical, ext.Value = e.Critical, e.Value
			return ext, true
		}
	}
	return ext, false
}

func hasExtension(c *x509.Certificate, id asn1.ObjectIdentifier) bool {
	_, ok := extension(c, id)
	return ok
}

// sanName is one Subject Alternative Name, as name constraints see it.
type sanName struct {
	kind string // "DNS name", "IP address", "email address", "URI"
	text string
	ip   net.IP
	// domain is what DNS-style constraints match: the DNS name itself, an
	// e-mail address's domain, a URI's host.
	domain string
	// problem is why the name cannot be matched at all, as Go refuses it.
	problem string
}

// sanNames are c's DNS names, IP addresses, e-mail addresses and URIs.
func sanNames(c *x509.Certificate) []sanName {
	var out []sanName
	for _, ip := range c.IPAddresses {
		out = append(out, sanName{kind: "IP address", text: ip.String(), ip: ip})
	}
	for _, d := range c.DNSNames {
		n := sanName{kind: "DNS name", text: d, domain: d}
		if !domainValid(d) {
			n.problem = fmt.Sprintf("the DNS name %q cannot be matched against constraints", d)
		}
		out = append(out, n)
	}
	for _, u := range c.URIs {
		n := sanName{kind: "URI", text: u.String(), domain: strings.ToLower(u.Hostname())}
		switch host := strings.ToLower(u.Host); {
		case host == "":
			n.problem = fmt.Sprintf("the URI %q has no host to match against constraints", u)
		case strings.HasPrefix(host, "["):
			n.problem = fmt.Sprintf("the URI %q names an IP address, which URI constraints cannot match", u)
		default:
			if _, err := netip.ParseAddr(n.domain); err == nil {
				n.problem = fmt.Sprintf("the URI %q names an IP address, which URI constraints cannot match", u)
			} else if !domainValid(n.domain) {
				n.problem = fmt.Sprintf("the host of the URI %q cannot be matched against constraints", u)
			}
		}
		out = append(out, n)
	}
	for _, e := range c.EmailAddresses {
		n := sanName{kind: "email address", text: e}
		at := strings.LastIndexByte(e, '@')
		if at <= 0 || !domainValid(e[at+1:]) {
			n.problem = fmt.Sprintf("the e-mail address %q cannot be matched against constraints", e)
		} else {
			n.domain = strings.ToLower(e[at+1:])
		}
		out = append(out, n)
	}
	return out
}

// domainValid is what a DNS name must be for constraints to apply to it:
// labels of printable ASCII, none empty, no final dot.
func domainValid(s string) bool {
	if s == "" {
		return true
	}
	if strings.HasSuffix(s, ".") {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" {
			return false
		}
		for i := 0; i < len(label); i++ {
			if label[i] < 33 || label[i] > 126 {
				return false
			}
		}
	}
	return true
}

// outside says how ca's constraints refuse the name ("" when they allow it).
func (n sanName) outside(ca *x509.Certificate) string {
	if n.problem != "" {
		return n.problem // Go refuses such a name under any constraint
	}
	var permitted, excluded []string
	var match func(string) bool
	switch n.kind {
	case "IP address":
		return n.outsideIP(ca)
	case "DNS name":
		permitted, excluded = ca.PermittedDNSDomains, ca.ExcludedDNSDomains
		match = func(c string) bool { return domainUnder(n.domain, c) }
	case "URI":
		permitted, excluded = ca.PermittedURIDomains, ca.ExcludedURIDomains
		match = func(c string) bool { return domainUnder(n.domain, c) }
	case "email address":
		permitted, excluded = ca.PermittedEmailAddresses, ca.ExcludedEmailAddresses
		match = func(c string) bool {
			if strings.Contains(c, "@") {
				return mailboxEqual(n.text, c)
			}
			return domainUnder(n.domain, c)
		}
	}
	if len(permitted) > 0 && !slices.ContainsFunc(permitted, match) {
		return fmt.Sprintf("the %s %s is not permitted by any constraint", n.kind, n.text)
	}
	for _, c := range excluded {
		if match(c) || n.kind == "DNS name" && wildcardCovers(n.domain, c) {
			return fmt.Sprintf("the %s %s is excluded by %q", n.kind, n.text, c)
		}
	}
	return ""
}

func (n sanName) outsideIP(ca *x509.Certificate) string {
	// An address is only ever within a range of its own family (an IPv4
	// address parsed from a certificate has 4 bytes, an IPv6 one 16); any
	// permitted range at all leaves out the addresses outside every one.
	within := func(r *net.IPNet) bool { return len(r.IP) == len(n.ip) && r.Contains(n.ip) }
	if len(ca.PermittedIPRanges) > 0 && !slices.ContainsFunc(ca.PermittedIPRanges, within) {
		return fmt.Sprintf("the IP address %s is not permitted by any constraint", n.text)
	}
	for _, r := range ca.ExcludedIPRanges {
		if within(r) {
			return fmt.Sprintf("the IP address %s is excluded by %s", n.text, r)
		}
	}
	return ""
}

// domainUnder reports whether a DNS constraint covers name: "example.com"
// covers itself and every name under it, ".example.com" only the names under
// it, and "" everything. Letters compare without case.
func domainUnder(name, constraint string) bool {
	if constraint == "" {
		return true
	}
	name, constraint = strings.ToLower(name), strings.ToLower(constraint)
	if strings.HasPrefix(constraint, ".") {
		return len(name) > len(constraint) && strings.HasSuffix(name, constraint)
	}
	return name == constraint || strings.HasSuffix(name, "."+constraint)
}

// wildcardCovers reports whether a wildcard name ("*.example.com") stands for
// a name an excluded constraint names ("bad.example.com"): the wildcard would
// vouch for it.
func wildcardCovers(name, constraint string) bool {
	rest, ok := strings.CutPrefix(strings.ToLower(name), "*.")
	if !ok {
		return false
	}
	_, parent, ok := strings.Cut(strings.ToLower(constraint), ".")
	return ok && parent == rest
}

// mailboxEqual compares e-mail addresses: the local part exactly, the domain
// without case.
func mailboxEqual(a, b string) bool {
	ia, ib := strings.LastIndexByte(a, '@'), strings.LastIndexByte(b, '@')
	return ia >= 0 && ib >= 0 && a[:ia] == b[:ib] && strings.EqualFold(a[ia+1:], b[ib+1:])
}

// constraintWords lists ca's constraints for a check's detail.
func constraintWords(ca *x509.Certificate) string {
	var permitted, excluded []string
	permitted = append(permitted, ca.PermittedDNSDomains...)
	excluded = append(excluded, ca.ExcludedDNSDomains...)
	for _, r := range ca.PermittedIPRanges {
		permitted = append(permitted, r.String())
	}
	for _, r := range ca.ExcludedIPRanges {
		excluded = append(excluded, r.String())
	}
	permitted = append(append(permitted, ca.PermittedEmailAddresses...), ca.PermittedURIDomains...)
	excluded = append(append(excluded, ca.ExcludedEmailAddresses...), ca.ExcludedURIDomains...)
	return fmt.Sprintf("permitted %s, excluded %s", listOrNone(permitted), listOrNone(excluded))
}
