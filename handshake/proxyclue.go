package handshake

import (
	"bytes"
	"crypto/x509"
	"net/netip"
	"slices"
	"strings"
)

// A certificate for a public name (one Mozilla-trusted chains serve) issued
// by a private root is, on a company network, most often a TLS-inspecting
// proxy's: it re-signs every site with the company's root. The inspection
// says so (Pasted.PrivateIssuer, Pasted.ProxyVendor), for the fix to point to
// the corporate-proxy story rather than to mkcert's root.

// inspectionVendors are TLS-inspecting proxies as their roots name them.
var inspectionVendors = []struct{ match, name string }{
	{"zscaler", "Zscaler"}, {"netskope", "Netskope"}, {"palo alto", "Palo Alto Networks"}, {"paloalto", "Palo Alto Networks"},
	{"fortinet", "Fortinet (FortiGate)"}, {"fortigate", "Fortinet (FortiGate)"}, {"blue coat", "Blue Coat (Symantec)"},
	{"bluecoat", "Blue Coat (Symantec)"}, {"symantec", "Blue Coat (Symantec)"}, {"cisco umbrella", "Cisco Umbrella"},
	{"opendns", "Cisco Umbrella"}, {"forcepoint", "Forcepoint"}, {"websense", "Forcepoint"}, {"sophos", "Sophos"},
	{"check point", "Check Point"}, {"checkpoint", "Check Point"}, {"barracuda", "Barracuda"}, {"mcafee", "McAfee (Skyhigh)"},
	{"skyhigh", "McAfee (Skyhigh)"}, {"cloudflare gateway", "Cloudflare Gateway"}, {"menlo", "Menlo Security"},
}

// inspectionVendor is the proxy whose name issuer holds ("" for none).
func inspectionVendor(issuer string) string {
	l := strings.ToLower(issuer)
	for _, v := range inspectionVendors {
		if strings.Contains(l, v.match) {
			return v.name
		}
	}
	return ""
}

// privateNames are top-level names no public CA issues under.
var privateNames = []string{"test", "example", "invalid", "localhost", "local", "internal", "lan", "home", "corp", "intranet", "private", "arpa", "localdomain"}

// publicHost reports whether host is a name public CAs issue certificates
// for: a dotted DNS name outside the reserved and private top-level names.
func publicHost(host string) bool {
	if _, err := netip.ParseAddr(host); err == nil {
		return false
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	dot := strings.LastIndexByte(host, '.')
	return dot > 0 && !slices.Contains(privateNames, host[dot+1:])
}

// privateIssuer is the name of the private CA a chain for a public host
// ends at, and the proxy it names ("", "" when it is not one): the chain
// ends, untrusted, at a root the server sent or at an issuer neither sent nor
// trusted that is no public CA's.
func privateIssuer(host string, reason Reason, path []*x509.Certificate) (issuer, vendor string) {
	if !publicHost(host) || len(path) == 0 || reason != UnknownAuthority && reason != UntrustedRoot && reason != MissingIntermediate {
		return "", ""
	}
	top := path[len(path)-1]
	name := top.Issuer.CommonName
	org := strings.Join(top.Issuer.Organization, " ")
	if bytes.Equal(top.RawIssuer, top.RawSubject) {
		name, org = CertName(top), strings.Join(top.Subject.Organization, " ")
	}
	if name == "" {
		name = org
	}
	vendor = inspectionVendor(name + " " + org)
	if vendor == "" && (reason == MissingIntermediate || missingIssuer(top).Clue.Intermediate() && !bytes.Equal(top.RawIssuer, top.RawSubject)) {
		// An intermediate left out reads likelier.
		return "", ""
	}
	return name, vendor
}
