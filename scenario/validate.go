package scenario

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tlsplay/tlsplay/pki"
)

// Problem is one thing wrong with a scenario; Field is a path such as
// "certs[1].not_after" or "client.bundle[0]".
type Problem = pki.Problem

// Problems is every problem Validate found. It is an error.
type Problems []Problem

func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Error()
	}
	return "invalid scenario: " + strings.Join(s, "; ")
}

// Limits that keep a hostile share link from costing the page more than a story.
const (
	MaxCerts     = 16
	MaxSend      = 10
	MaxListLen   = 8
	MaxTitleLen  = 200
	MaxStoryLen  = 4000
	MaxALPNLen   = 64
	MaxPassword  = 128
	earliestYear = 1970
	latestYear   = 2900
)

// Validate returns every problem with the scenario, or nil.
func (s *Scenario) Validate() error { return s.validate(false) }

// validate is Validate for a scenario read from JSON, which may give the
// zero time as its clock (zeroClock): that is too early, where no clock at
// all is today.
func (s *Scenario) validate(zeroClock bool) error {
	v := &validator{names: map[string]bool{}, zeroClock: zeroClock}
	v.scenario(s)
	if len(v.ps) == 0 {
		return nil
	}
	return v.ps
}

type validator struct {
	ps        Problems
	names     map[string]bool
	zeroClock bool
}

func (v *validator) add(field, format string, args ...any) {
	v.ps = append(v.ps, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) scenario(s *Scenario) {
	if len(s.ID) > 64 {
		v.add("id", "longer than 64 characters")
	}
	if len(s.Title) > MaxTitleLen {
		v.add("title", "longer than %d characters", MaxTitleLen)
	}
	if len(s.Story) > MaxStoryLen {
		v.add("story", "longer than %d characters", MaxStoryLen)
	}
	switch y := s.Now.Year(); {
	case s.Now.IsZero() && !v.zeroClock:
		// No clock: the scenario happens on the day it is played.
	case y < earliestYear:
		v.add("now", "too early: %s is before %d; the clock is a time in the years %d..%d", s.Now.Format(time.RFC3339), earliestYear, earliestYear, latestYear-1)
	case y >= latestYear:
		v.add("now", "too late: %s is after %d; the clock is a time in the years %d..%d", s.Now.Format(time.RFC3339), latestYear-1, earliestYear, latestYear-1)
	}
	v.certs(s.Certs)
	v.server(&s.Server)
	v.client(&s.Client)
	if sp := specByName(s.Certs, s.Server.ServerKey()); s.Server.StapleOCSP && sp != nil && sp.OCSPURL == "" {
		v.add("server.staple_ocsp", "the bank's certificate %q names no OCSP responder, so its issuer signs no response to staple", sp.Name)
	}
	if s.Imposter != nil {
		v.nonEmptyRefs("imposter.send", s.Imposter.Send, MaxSend)
	}
	v.text(s)
}

func (v *validator) certs(specs []pki.Spec) {
	switch {
	case len(specs) == 0:
		v.add("certs", "empty: a scenario needs at least the bank's certificate")
	case len(specs) > MaxCerts:
		// Still check each one: its name is what the references below resolve to.
		v.add("certs", "%d certificates, at most %d", len(specs), MaxCerts)
	}
	for i := range specs {
		sp := &specs[i]
		prefix := fmt.Sprintf("certs[%d].", i)
		for _, p := range sp.Check() {
			v.add(prefix+p.Field, "%s", p.Message)
		}
		if sp.Name != "" && v.names[sp.Name] {
			v.add(prefix+"name", "%q is used by another certificate", sp.Name)
		}
		v.names[sp.Name] = true
	}
	for i, sp := range specs {
		if !sp.SelfSigned() && !v.names[sp.Issuer] {
			v.add(fmt.Sprintf("certs[%d].issuer", i), "no certificate named %q", sp.Issuer)
		}
		if is := specByName(specs, sp.Issuer); sp.OCSPURL != "" && is != nil && is.Key == pki.Ed25519 && !sp.SelfSigned() {
			v.add(fmt.Sprintf("certs[%d].ocsp_url", i), "its issuer %q has an Ed25519 key, and %s", sp.Issuer, pki.ErrOCSPKey)
		}
	}
	// A cycle is reported once, at the first certificate on it; cyclic stops at
	// unknown issuers, so the problems above do not confuse it.
	for i := range specs {
		if cyclic(specs, i) {
			v.add(fmt.Sprintf("certs[%d].issuer", i), "issuers form a cycle through %q", specs[i].Name)
			break
		}
	}
	v.keyBudget(specs)
}

// specByName is the spec named name, or nil.
func specByName(specs []pki.Spec, name string) *pki.Spec {
	for i := range specs {
		if specs[i].Name == name {
			return &specs[i]
		}
	}
	return nil
}

// cyclic reports whether following issuers from specs[i] comes back to it.
func cyclic(specs []pki.Spec, i int) bool {
	byName := map[string]*pki.Spec{}
	for j := range specs {
		byName[specs[j].Name] = &specs[j]
	}
	cur := &specs[i]
	for range len(specs) {
		if cur.SelfSigned() {
			return false
		}
		cur = byName[cur.Issuer]
		if cur == nil {
			return false
		}
		if cur.Name == specs[i].Name {
			return true
		}
	}
	return false
}

func (v *validator) server(s *Server) {
	v.nonEmptyRefs("server.send", s.Send, MaxSend)
	if s.Key != "" {
		v.ref("server.key", s.Key)
	}
	v.versions("server", s.MinVersion, s.MaxVersion)
	v.groups("server.groups", s.Groups)
	if len(s.CipherSuites) > 32 {
		v.add("server.cipher_suites", "more than 32 suites")
	} else {
		for i, cs := range s.CipherSuites {
			switch {
			case slices.Contains(TLS12Suites, cs) || slices.Contains(Suites3DES, cs):
			case strings.HasPrefix(cs, "TLS_AES_") || strings.HasPrefix(cs, "TLS_CHACHA20_"):
				v.add(fmt.Sprintf("server.cipher_suites[%d]", i), "%q is a TLS 1.3 suite: Go offers all three and lets no one choose them; this list is TLS 1.2's", cs)
			default:
				v.add(fmt.Sprintf("server.cipher_suites[%d]", i), "%q is not a TLS 1.2 cipher suite Go offers", cs)
			}
		}
	}
	v.alpn("server.alpn", s.ALPN)
	if s.ClientAuth != "" && !slices.Contains(ClientAuths, s.ClientAuth) {
		v.add("server.client_auth", "unknown policy %q (one of %s)", s.ClientAuth, pki.List(ClientAuths))
	}
	v.refs("server.client_cas", s.ClientCAs, MaxListLen)
	if s.ClientAuth.Verifies() && len(s.ClientCAs) == 0 {
		v.add("server.client_cas", "empty: a bank that verifies badges must trust at least one CA")
	}
	if n := s.ByName; n != nil {
		if !isDNSName(n.Name) || IsIP(n.Name) {
			v.add("server.by_name.name", "%q is not a DNS name: the bank chooses this certificate by the name a courier sends (SNI), which is never an address", n.Name)
		}
		v.nonEmptyRefs("server.by_name.send", n.Send, MaxSend)
		if s.ClientAuth.Demands() {
			// openssl s_server, the kit's bank, reads the chain of its
			// certificate chosen by name and the badges' CAs from one -CAfile.
			v.add("server.by_name", "a bank that chooses its certificate by name cannot also ask for badges here: the reproduce kit's openssl s_server could not serve both")
		}
	}
}

func (v *validator) client(c *Client) {
	switch {
	case c.Dial == "":
		v.add("client.dial", "empty: the courier must dial a host name or IP address")
	case !isHost(c.Dial):
		v.add("client.dial", "%q is neither a DNS name nor an IP address%s", c.Dial, nameProblem(c.Dial))
	}
	// RFC 6066 3: server_name carries a host name, never an IP literal.
	if c.Port < 0 || c.Port > 65535 {
		v.add("client.port", "%d is not a TCP port (1..65535)", c.Port)
	}
	if c.Path != "" && (URLPath(c.Path) != c.Path || len(c.Path) > maxPath) {
		v.add("client.path", "%s is no URL path: it starts with /, holds at most %d characters, and none but letters, digits, %%-escapes and %s", Quote(c.Path, 80), maxPath, pathMarks)
	}
	switch name := TrimDot(c.SNI); {
	case c.SNI == "":
	case name != c.SNI && isDNSName(name) && !IsIP(name):
		// As the probe worker refuses an sni= with its dot (handshake.ProbeGuard.SNI).
		v.add("client.sni", "%q ends in a dot, which SNI never carries (RFC 6066): name it %s; the dot s_client and Node send is what a courier dialling the name with its dot, and no SNI, shows", c.SNI, name)
	case IsIP(c.SNI):
		// As the probe worker refuses an sni= that is an address.
		v.add("client.sni", "%s %s", Quote(c.SNI, 80), SNIAddressWords)
	case !isDNSName(c.SNI):
		v.add("client.sni", "%q is not a DNS name", c.SNI)
	}
	switch {
	case !slices.Contains(Verifies, c.Verify):
		v.add("client.verify", "unknown trust mode %q (one of %s)", c.Verify, pki.List(Verifies))
	case c.Verify == VerifyBundle || c.Session != nil && c.Session.Verify == VerifyBundle:
		v.nonEmptyRefs("client.bundle", c.Bundle, MaxListLen)
	case len(c.Bundle) > 0:
		v.add("client.bundle", "only read with verify='/path/ca.pem', a bundle of your own (in the call or the Session)")
	}
	v.env(c)
	if c.Cert != "" && !slices.Contains(CertModes, c.Cert) {
		v.add("client.cert", "unknown client certificate mode %q (one of %s)", c.Cert, pki.List(CertModes))
	}
	if c.Cert.HasBadge() {
		if c.Badge == "" {
			v.add("client.badge", "empty: with cert=, the courier needs a certificate of its own (name one)")
		} else {
			v.ref("client.badge", c.Badge)
		}
	}
	if c.Cert == CertEncryptedKey && c.KeyPassword == "" {
		v.add("client.key_password", "empty: an encrypted key needs a password")
	}
	if len(c.KeyPassword) > MaxPassword {
		v.add("client.key_password", "longer than %d characters", MaxPassword)
	}
	v.versions("client", c.MinVersion, c.MaxVersion)
	v.groups("client.groups", c.Groups)
	v.alpn("client.alpn", c.ALPN)
}

func (v *validator) ref(field, name string) {
	if !v.names[name] {
		v.add(field, "no certificate named %q", name)
	}
}

func (v *validator) refs(field string, names []string, max int) {
	if len(names) > max {
		v.add(field, "%d entries, at most %d", len(names), max)
		return
	}
	for i, n := range names {
		v.ref(fmt.Sprintf("%s[%d]", field, i), n)
	}
}

func (v *validator) nonEmptyRefs(field string, names []string, max int) {
	if len(names) == 0 {
		v.add(field, "empty: name at least one certificate")
	}
	v.refs(field, names, max)
}

func (v *validator) versions(side string, min, max Version) {
	known := func(field string, ver Version) bool {
		if ver != "" && !slices.Contains(Versions, ver) {
			v.add(field, "unknown TLS version %q (one of %s)", ver, pki.List(Versions))
			return false
		}
		return ver != ""
	}
	// Known versions compare as strings ("1.2" < "1.3"); unknown ones are already
	// reported and have no order.
	if minOK, maxOK := known(side+".min_version", min), known(side+".max_version", max); minOK && maxOK && min > max {
		v.add(side+".max_version", "%s is below the lowest version, %s", max, min)
	}
}

func (v *validator) groups(field string, gs []Group) {
	if len(gs) > len(Groups) {
		v.add(field, "more than %d groups", len(Groups))
		return
	}
	seen := map[Group]bool{}
	for i, g := range gs {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case !slices.Contains(Groups, g):
			v.add(f, "unknown group %q (one of %s)", g, pki.List(Groups))
		case seen[g]:
			v.add(f, "%q is listed twice", g)
		}
		seen[g] = true
	}
}

func (v *validator) alpn(field string, protos []string) {
	if len(protos) > MaxListLen {
		v.add(field, "%d protocols, at most %d", len(protos), MaxListLen)
		return
	}
	for i, p := range protos {
		if p == "" || len(p) > MaxALPNLen {
			v.add(fmt.Sprintf("%s[%d]", field, i), "a protocol name is 1..%d bytes", MaxALPNLen)
		}
	}
}

// Suites3DES are the 3DES suites Go's server still speaks when a
// configuration names them (tls.InsecureCipherSuites); no client offers them
// by default any more (SWEET32, 2016).
var Suites3DES = []string{"TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"}

// TLS12Suites are the TLS 1.2 cipher suites Go offers (tls.CipherSuites,
// TLS 1.2 only), named as Go names them. A list rather than a call, so that
// the page validates a scenario without linking crypto/tls; a test keeps it
// equal to Go's.
var TLS12Suites = []string{
	"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
	"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
	"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
	"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
	"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
	"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
	"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
	"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
	"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
	"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
}

// isHost reports whether s is a DNS name or an IP address. A name may end in
// a dot, as a fully qualified one does ("bank.example."): every client takes
// it (see TrimDot).
func isHost(s string) bool { return IsIP(s) || isDNSName(TrimDot(s)) && !IsIP(TrimDot(s)) }

// TrimDot is a dialled name without the dot a fully qualified name may end
// in: the name a certificate lists and SNI carries (RFC 6066 3: "without a
// trailing dot"). Go's crypto/tls sends it so (hostnameInSNI) and crypto/x509
// matches it so (validHostname, splitHostname); urllib3 dials the name with
// its dot and hands Python's ssl the name without it.
func TrimDot(s string) string {
	if t, ok := strings.CutSuffix(s, "."); ok && !strings.HasSuffix(t, ".") {
		return t
	}
	return s
}

// IsIP reports whether the dialled host is an IP address. One with a zone
// ("fe80::1%eth0") is not: x509 cannot match it against a certificate.
func IsIP(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Zone() == ""
}

func isDNSName(s string) bool {
	if s == "" || len(s) > pki.MaxNameLen {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// nameProblem says what keeps s from being a DNS name, after a colon ("" when
// nothing specific does: an address that does not parse, say).
func nameProblem(s string) string {
	if t := TrimDot(s); t != s && IsIP(t) {
		return ": an IP address ends in no dot (" + t + ")"
	}
	if len(s) > pki.MaxNameLen {
		return fmt.Sprintf(": longer than %d characters", pki.MaxNameLen)
	}
	for _, r := range s {
		if r > unicode.MaxASCII {
			return ": it has characters a host name cannot hold; write an internationalised name in its xn-- (punycode) form"
		}
	}
	for _, label := range strings.Split(s, ".") {
		switch {
		case label == "" && strings.Contains(s, ":"):
			return ""
		case label == "":
			return ": it has an empty label (two dots in a row, or a dot at either end)"
		case len(label) > 63:
			return fmt.Sprintf(": its label %q is longer than 63 characters", label)
		}
	}
	return ""
}

// MaxKeyCost bounds the keys a scenario has made on the spot, beyond the RSA
// keys kept ready, in RSA-2048 keys (pki.MakeCost): one RSA-4096 key, up to
// 6 s in a browser.
const MaxKeyCost = 8

// KeyCost is what making the keys of s takes beyond those kept ready, in
// RSA-2048 keys (pki.MakeCost): 0 for a scenario crafted in milliseconds.
func (s *Scenario) KeyCost() int {
	cost, _ := keyCost(s.Certs)
	return cost
}

// keyCost adds up pki.MakeCost of the keys beyond pki.ReadyKeys, in the
// order of specs; over is the index of the spec that takes it over
// MaxKeyCost, -1 if none does.
func keyCost(specs []pki.Spec) (cost, over int) {
	count := map[pki.KeyType]int{}
	over = -1
	for i, sp := range specs {
		count[sp.Key]++
		if count[sp.Key] > pki.ReadyKeys(sp.Key) {
			cost += pki.MakeCost(sp.Key)
		}
		if cost > MaxKeyCost && over < 0 {
			over = i
		}
	}
	return cost, over
}

// keyBudget refuses a scenario whose RSA keys beyond those kept ready
// (pki.ReadyKeys) would take longer to make than MaxKeyCost allows: sixteen
// RSA-4096 keys took a browser 79 s. The problem is at the key that goes over.
func (v *validator) keyBudget(specs []pki.Spec) {
	_, over := keyCost(specs)
	if over < 0 {
		return
	}
	sp := specs[over]
	nth := 0
	for _, o := range specs[:over+1] {
		if o.Key == sp.Key {
			nth++
		}
	}
	cost, _ := keyCost(specs[:over+1])
	v.add(fmt.Sprintf("certs[%d].key", over), "too many keys to make: the %s %s key is made on the spot (%d are kept ready), "+
		"and the keys the scenario makes would cost as much as %d RSA-2048 keys, over the %d allowed (seconds each in a browser); "+
		"use ecdsa-p256, a smaller RSA key or fewer %s keys",
		ordinal(nth), sp.Key, pki.ReadyKeys(sp.Key), cost, MaxKeyCost, sp.Key)
}

// ordinal writes 1 as "1st", 12 as "12th", 22 as "22nd".
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}
