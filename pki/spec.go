// Package pki crafts the certificates and keys of a tlsplay scenario: good ones and
// deliberately broken ones, exactly as a Spec describes. It does no I/O and never reads
// the clock: validity is expressed relative to the time the caller passes in.
package pki

import (
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"
)

// KeyType names the kind of key a certificate carries.
type KeyType string

const (
	ECDSAP256 KeyType = "ecdsa-p256"
	ECDSAP384 KeyType = "ecdsa-p384"
	Ed25519   KeyType = "ed25519"
	RSA1024   KeyType = "rsa-1024"
	RSA2048   KeyType = "rsa-2048"
	RSA3072   KeyType = "rsa-3072"
	RSA4096   KeyType = "rsa-4096"
)

// KeyTypes lists every KeyType, in the order an editor offers them.
var KeyTypes = []KeyType{ECDSAP256, ECDSAP384, Ed25519, RSA2048, RSA3072, RSA4096, RSA1024}

// RSABits is the modulus size of an RSA key type, 0 for the others.
func (k KeyType) RSABits() int {
	switch k {
	case RSA1024:
		return 1024
	case RSA2048:
		return 2048
	case RSA3072:
		return 3072
	case RSA4096:
		return 4096
	}
	return 0
}

// Hash names the digest the issuer signs a certificate with.
type Hash string

const (
	SHA256 Hash = "sha256"
	SHA384 Hash = "sha384"
	SHA1   Hash = "sha1"
)

// Hashes lists every Hash.
var Hashes = []Hash{SHA256, SHA384, SHA1}

// KeyUsage and ExtKeyUsage values, as written in scenarios.
const (
	KUDigitalSignature = "digital_signature"
	KUKeyEncipherment  = "key_encipherment"
	KUCertSign         = "cert_sign"
	KUCRLSign          = "crl_sign"

	EKUServerAuth = "server_auth"
	EKUClientAuth = "client_auth"
	EKUAny        = "any"
)

// KeyUsages and ExtKeyUsages list the accepted values.
var (
	KeyUsages    = []string{KUDigitalSignature, KUKeyEncipherment, KUCertSign, KUCRLSign}
	ExtKeyUsages = []string{EKUServerAuth, EKUClientAuth, EKUAny}
)

// Days is a whole number of days relative to the scenario clock: -1 is yesterday.
type Days int

// Spec describes one certificate and its key. Specs refer to each other by Name.
type Spec struct {
	// Name identifies the certificate inside its scenario ("root", "leaf", "badge").
	Name string `json:"name"`
	// Issuer is the Name of the spec that signs this one; empty means self-signed.
	Issuer string `json:"issuer,omitempty"`
	// Public marks a root that stands in for a publicly trusted CA: verify=True trusts it.
	Public bool `json:"public,omitempty"`

	CommonName   string   `json:"cn,omitempty"`
	Organization string   `json:"org,omitempty"`
	DNSNames     []string `json:"dns,omitempty"`
	// MoreNames adds that many generated DNS names after DNSNames
	// (customer1.cdn.example, customer2.cdn.example, …): a certificate a CDN
	// shares among many sites, without a thousand names to write out.
	MoreNames   int      `json:"more_names,omitempty"`
	IPAddresses []string `json:"ips,omitempty"`

	// NotBefore and NotAfter are relative to the scenario clock.
	NotBefore Days `json:"not_before"`
	NotAfter  Days `json:"not_after"`

	Key  KeyType `json:"key"`
	Hash Hash    `json:"hash,omitempty"` // default sha256; ignored for Ed25519 issuers

	IsCA bool `json:"ca,omitempty"`
	// MaxPathLen is the basicConstraints path length; nil means unlimited.
	MaxPathLen *int `json:"max_path_len,omitempty"`
	// NoBasicConstraints omits the basicConstraints extension entirely.
	NoBasicConstraints bool `json:"no_basic_constraints,omitempty"`

	KeyUsage    []string `json:"ku,omitempty"`
	ExtKeyUsage []string `json:"eku,omitempty"`

	// Name constraints (RFC 5280 4.2.1.10) on DNS names.
	PermittedDNS []string `json:"permitted_dns,omitempty"`
	ExcludedDNS  []string `json:"excluded_dns,omitempty"`

	// IssuerURL is the Authority Information Access caIssuers URL: where a client
	// may fetch the issuer's certificate when the server forgets to send it.
	IssuerURL string `json:"issuer_url,omitempty"`
	// CRLURL is the CRL distribution point (RFC 5280 4.2.1.13): where the
	// issuer publishes the list of the certificates it revoked. OCSPURL is the
	// Authority Information Access OCSP responder (RFC 6960): where a client may
	// ask the issuer about this one certificate.
	CRLURL  string `json:"crl_url,omitempty"`
	OCSPURL string `json:"ocsp_url,omitempty"`
	// Revoked marks a certificate its issuer has revoked: the issuer's CRL
	// lists it and its OCSP response says "revoked". The certificate itself is
	// unchanged.
	Revoked bool `json:"revoked,omitempty"`
}

// SelfSigned reports whether the spec signs itself.
func (s *Spec) SelfSigned() bool { return s.Issuer == "" || s.Issuer == s.Name }

// HashOrDefault is the spec's hash, sha256 when unset.
func (s *Spec) HashOrDefault() Hash {
	if s.Hash == "" {
		return SHA256
	}
	return s.Hash
}

// Limits on what a spec may hold; they keep a shared link from making the page
// craft megabytes.
const (
	MaxNames = 32
	// MaxMoreNames bounds MoreNames: a thousand names make a certificate of
	// about 25 kB, which crosses TLS's 16 kB records.
	MaxMoreNames = 1000
	MaxNameLen   = 253
	MaxDays      = 36500
	MaxTextLen   = 128
	MaxPathLimit = 16
)

// Problem is one thing wrong with a spec, naming its field relative to the spec.
type Problem struct {
	Field   string
	Message string
}

func (p Problem) Error() string { return p.Field + ": " + p.Message }

// Check returns every problem with the spec alone (references to other specs are
// checked by the caller, who knows the whole set).
func (s *Spec) Check() []Problem {
	var ps []Problem
	add := func(field, format string, args ...any) {
		ps = append(ps, Problem{field, fmt.Sprintf(format, args...)})
	}
	if s.Name == "" {
		add("name", "empty: the others name a certificate to refer to it")
	} else if !validIdent(s.Name) {
		add("name", "%q: use letters, digits and '-' only, at most 32", s.Name)
	}
	if len(s.CommonName) > MaxTextLen {
		add("cn", "longer than %d characters", MaxTextLen)
	}
	if len(s.Organization) > MaxTextLen {
		add("org", "longer than %d characters", MaxTextLen)
	}
	if s.CommonName == "" && len(s.DNSNames) == 0 && s.MoreNames <= 0 && len(s.IPAddresses) == 0 && s.Organization == "" {
		add("cn", "a certificate needs a subject: set cn, org or a SAN")
	}
	if len(s.DNSNames) > MaxNames {
		add("dns", "more than %d names", MaxNames)
	}
	for i, n := range s.DNSNames {
		if msg := checkDNSName(n, true); msg != "" {
			add(fmt.Sprintf("dns[%d]", i), "%s", msg)
		}
	}
	if s.MoreNames < 0 || s.MoreNames > MaxMoreNames {
		add("more_names", "%d generated names: from 0 to %d", s.MoreNames, MaxMoreNames)
	}
	if len(s.IPAddresses) > MaxNames {
		add("ips", "more than %d addresses", MaxNames)
	}
	for i, ip := range s.IPAddresses {
		// A zone ("fe80::1%eth0") names a local interface: it has no encoding in a
		// certificate, so netip accepting it is not enough.
		if a, err := netip.ParseAddr(ip); err != nil || a.Zone() != "" {
			add(fmt.Sprintf("ips[%d]", i), "%q is not an IP address", ip)
		}
	}
	if s.NotBefore < -MaxDays || s.NotBefore > MaxDays {
		add("not_before", "must be within %d days of the clock", MaxDays)
	}
	if s.NotAfter < -MaxDays || s.NotAfter > MaxDays {
		add("not_after", "must be within %d days of the clock", MaxDays)
	}
	if s.IssuerURL != "" && !validIssuerURL(s.IssuerURL) {
		add("issuer_url", "must be an http:// or https:// URL of at most %d printable ASCII characters", MaxNameLen)
	}
	for _, u := range []struct{ field, url string }{{"crl_url", s.CRLURL}, {"ocsp_url", s.OCSPURL}} {
		if u.url != "" && !validIssuerURL(u.url) {
			add(u.field, "must be an http:// or https:// URL of at most %d printable ASCII characters", MaxNameLen)
		}
	}
	if s.Revoked && s.CRLURL == "" && s.OCSPURL == "" {
		add("revoked", "a revoked certificate needs a CRL distribution point or an OCSP responder: without one no client could learn it was revoked")
	}
	if s.Revoked && s.SelfSigned() {
		add("revoked", "only an issuer revokes: a self-signed certificate has none")
	}
	if s.NotAfter < s.NotBefore {
		add("not_after", "ends before it starts: valid from %d until %d days from the clock", s.NotBefore, s.NotAfter)
	}
	if !slices.Contains(KeyTypes, s.Key) {
		add("key", "unknown key type %q (one of %s)", s.Key, List(KeyTypes))
	}
	if s.Hash != "" && !slices.Contains(Hashes, s.Hash) {
		add("hash", "unknown hash %q (one of %s)", s.Hash, List(Hashes))
	}
	if s.MaxPathLen != nil {
		switch {
		case !s.IsCA:
			add("max_path_len", "only a CA has a path length")
		case *s.MaxPathLen < 0 || *s.MaxPathLen > MaxPathLimit:
			add("max_path_len", "must be from 0 to %d (empty: no limit)", MaxPathLimit)
		}
	}
	if s.NoBasicConstraints && (s.IsCA || s.MaxPathLen != nil) {
		add("no_basic_constraints", "a certificate without basicConstraints is no CA and has no path length limit")
	}
	for i, u := range s.KeyUsage {
		if !slices.Contains(KeyUsages, u) {
			add(fmt.Sprintf("ku[%d]", i), "unknown key usage %q (one of %s)", u, strings.Join(KeyUsages, ", "))
		}
	}
	for i, u := range s.ExtKeyUsage {
		if !slices.Contains(ExtKeyUsages, u) {
			add(fmt.Sprintf("eku[%d]", i), "unknown extended key usage %q (one of %s)", u, strings.Join(ExtKeyUsages, ", "))
		}
	}
	for _, c := range []struct {
		field string
		list  []string
	}{{"permitted_dns", s.PermittedDNS}, {"excluded_dns", s.ExcludedDNS}} {
		if len(c.list) > MaxNames {
			add(c.field, "more than %d names", MaxNames)
		}
		for i, n := range c.list {
			if msg := checkDNSName(strings.TrimPrefix(n, "."), false); msg != "" {
				add(fmt.Sprintf("%s[%d]", c.field, i), "%s", msg)
			}
		}
	}
	return ps
}

func validIdent(s string) bool {
	if len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// validIssuerURL reports whether u can go in an AIA caIssuers field: an absolute
// http(s) URL with a host, in printable ASCII (the field is an IA5String, and a
// space or control character would make it no URL at all).
func validIssuerURL(u string) bool {
	if len(u) > MaxNameLen {
		return false
	}
	for i := 0; i < len(u); i++ {
		if u[i] <= ' ' || u[i] > '~' {
			return false
		}
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// checkDNSName returns what is wrong with a DNS name, or "".
func checkDNSName(n string, wildcardOK bool) string {
	if n == "" {
		return "empty name"
	}
	if len(n) > MaxNameLen {
		return fmt.Sprintf("longer than %d characters", MaxNameLen)
	}
	for i, label := range strings.Split(n, ".") {
		if label == "" {
			return fmt.Sprintf("%q has an empty label", n)
		}
		if label == "*" && i == 0 && wildcardOK {
			continue
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return fmt.Sprintf("%q: %q is not allowed in a DNS name", n, r)
			}
		}
	}
	return ""
}

// List writes a closed set of values for a message, as strings.Join does:
// "ecdsa-p256, ecdsa-p384, ...".
func List[T ~string](values []T) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// AllDNSNames are the DNS names the certificate lists: DNSNames, then the
// MoreNames generated ones.
func (s *Spec) AllDNSNames() []string {
	if s.MoreNames <= 0 {
		return s.DNSNames
	}
	out := slices.Clip(s.DNSNames)
	for i := range min(s.MoreNames, MaxMoreNames) {
		out = append(out, fmt.Sprintf("customer%d.cdn.example", i+1))
	}
	return out
}

// At converts a Days offset into a time, relative to now.
func (d Days) At(now time.Time) time.Time { return now.Add(time.Duration(d) * 24 * time.Hour) }

// Clone returns a deep copy of the spec.
func (s Spec) Clone() Spec {
	c := s
	for _, p := range []*[]string{&c.DNSNames, &c.IPAddresses, &c.KeyUsage, &c.ExtKeyUsage, &c.PermittedDNS, &c.ExcludedDNS} {
		if *p != nil {
			*p = append([]string(nil), *p...)
		}
	}
	if s.MaxPathLen != nil {
		n := *s.MaxPathLen
		c.MaxPathLen = &n
	}
	return c
}
