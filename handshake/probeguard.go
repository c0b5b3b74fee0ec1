package handshake

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/scenario"
)

// A prober connects where a stranger says, and fetches what the stranger's
// certificate names. ProbeGuard keeps both on the public internet, judging the
// host as written: a DNS name by the URL Standard's host rules, or an IP address
// in its canonical form. A number written any other way (127.1, 0x7f.0.0.1,
// 2130706433) is read as browsers and inet_aton read it, and refused, since the
// runtime that connects reads it so too. The IANA special-purpose ranges, the
// IPv6 forms that carry an IPv4 address, the special-use names and the wildcard
// DNS services that answer with the address written in the name are refused.
//
// What a name resolves to is the runtime's to find out (a Cloudflare Worker
// cannot choose or see the address it reaches): a public name pointing at
// 127.0.0.1, or rebinding to it, is not caught here.

// ProbeGuard says which hosts and URLs a prober may reach.
type ProbeGuard struct {
	// Loopback admits loopback addresses written canonically (127.0.0.1, ::1)
	// on any port: the worker's test build reaching the tests' servers, and the
	// page, which leaves loopback for its worker to refuse. No deployed worker sets it.
	Loopback bool
}

// ProbeHostError says why a deployed prober may not connect to host.
func ProbeHostError(host string) error {
	_, err := ProbeGuard{}.Host(host)
	return err
}

// Dialled is Host's answer with the final dot a name was written with kept
// ("bank.example." stays fully qualified): the name the person dialled, which
// a probe dials and asks by as they did (a host refusing the dot in SNI is
// asked once more with it). An address has no final dot to keep.
func (g ProbeGuard) Dialled(host string) (string, error) {
	name, err := g.Host(host)
	if err == nil && strings.HasSuffix(host, ".") && !strings.HasSuffix(name, ".") {
		if _, ipErr := netip.ParseAddr(name); ipErr != nil {
			name += "."
		}
	}
	return name, err
}

// SNI judges a name a probe is asked to send in SNI (the worker's sni=), as
// Host judges a host, and returns it as written. An IP address is refused:
// SNI carries a DNS name alone (RFC 6066 3), and no SNI would be sent for one
// (Probe, as every client). A name with its final dot is
// refused: SNI carries a name without it (RFC 6066 3), and Go's crypto/tls,
// which the probe is, leaves the dot out (hostnameInSNI), so the probe could not
// send what was asked. The dot s_client and Node send is what a probe of the host
// by its dotted name asks, once more (Dialled, DottedSNI).
func (g ProbeGuard) SNI(name string) (string, error) {
	// An address: the probe, as every client, would send no SNI for it.
	if _, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(name, "["), "]")); err == nil {
		return "", fmt.Errorf("%s %s", scenario.Quote(name, 60), scenario.SNIAddressWords)
	}
	read, err := g.Host(name)
	if err != nil {
		return "", err
	}
	if strings.HasSuffix(name, ".") {
		return "", fmt.Errorf("%s ends in a dot, which SNI never carries (RFC 6066) and Go's crypto/tls leaves out: name it %s; to learn what the host makes of the dot s_client and Node send, probe it by its name with the dot and no SNI",
			scenario.Quote(name, 60), scenario.Quote(read, 60))
	}
	return name, nil
}

// maxNameLen is the longest DNS name, without its final dot.
const maxNameLen = 253

// Host reads host as where a probe connects (a name, an IP address, or an IPv6
// address in brackets) and returns it as it is to be connected to: a name in
// lower case without a final dot, an address in canonical form. Otherwise it
// says, in words, why not.
func (g ProbeGuard) Host(host string) (string, error) {
	if host == "" {
		return "", errors.New("no host given")
	}
	if len(host) > maxNameLen+1 {
		return "", fmt.Errorf("%s is too long for a host name", scenario.Quote(host, 40))
	}
	if inner, ok := strings.CutPrefix(host, "["); ok {
		inner, ok = strings.CutSuffix(inner, "]")
		ip, err := netip.ParseAddr(inner)
		if !ok || err != nil || !ip.Is6() {
			return "", fmt.Errorf("%q is not an IPv6 address in brackets", host)
		}
		return g.addr(inner, ip)
	}
	if strings.Contains(host, ":") {
		ip, err := netip.ParseAddr(host)
		if err != nil || !ip.Is6() {
			return "", fmt.Errorf("%q is not a valid DNS name or IP address", host)
		}
		return g.addr(host, ip)
	}
	read := browserRead(host)
	if !utf8.ValidString(read) {
		return "", fmt.Errorf("%q is not a valid DNS name", host)
	}
	if !isASCII(read) {
		return "", fmt.Errorf("%q is not an ASCII name: write an international name in its xn-- form", host)
	}
	if read == host {
		return g.plain(host, host)
	}
	name, err := g.plain(host, read)
	if err != nil {
		return "", err
	}
	return "", fmt.Errorf("%q, which browsers read as %q, is written with escapes or wide characters: write %s", host, read, name)
}

// plain judges read, an ASCII host without escapes; typed is what was written,
// for the words.
func (g ProbeGuard) plain(typed, read string) (string, error) {
	lower := strings.ToLower(read)
	if endsInNumber(lower) {
		ip, ok := parseIPv4(lower)
		if !ok {
			return "", fmt.Errorf("%q is not a valid IPv4 address (browsers refuse it) nor a DNS name", typed)
		}
		if typed != ip.String() {
			return "", g.readAs(typed, ip)
		}
		return g.addr(typed, ip)
	}
	return nameOK(typed, read, strings.TrimSuffix(lower, "."))
}

// readAs is the refusal of an IPv4 address written in another form than its own.
//
// Here and below an address or prefix goes to fmt as its String: a netip
// value as an fmt operand keeps every marshalling method of netip in the
// page's WebAssembly (15 kB of code).
func (g ProbeGuard) readAs(typed string, ip netip.Addr) error {
	if sp := specialOf(ip); sp != nil {
		return fmt.Errorf("browsers read %q as %s, which is not a public IP address: %s", typed, ip.String(), sp.describe(ip))
	}
	return fmt.Errorf("browsers read %q as %s: write %s", typed, ip.String(), ip.String())
}

// addr judges an IP address written as text.
func (g ProbeGuard) addr(text string, ip netip.Addr) (string, error) {
	if ip.Zone() != "" {
		return "", fmt.Errorf("%q names a network interface (%%%s): not a public IP address", text, ip.Zone())
	}
	canon := ip.String()
	if g.Loopback && isLoopbackText(text) {
		return canon, nil
	}
	same := strings.EqualFold(text, canon)
	if sp := specialOf(ip); sp != nil {
		if same {
			return "", fmt.Errorf("%s is not a public IP address: %s", canon, sp.describe(ip))
		}
		return "", fmt.Errorf("%q is %s, which is not a public IP address: %s", text, canon, sp.describe(ip))
	}
	if !same {
		return "", fmt.Errorf("%q is %s written another way: write %s", text, canon, canon)
	}
	return canon, nil
}

// nameOK judges a DNS name (lower case, without its final dot).
func nameOK(typed, read, name string) (string, error) {
	subject := strconv.Quote(typed)
	if read != typed {
		subject = fmt.Sprintf("%q, which browsers read as %q,", typed, read)
	}
	if name == "" || len(name) > maxNameLen {
		return "", fmt.Errorf("%s is not a valid DNS name", subject)
	}
	labels := strings.Split(name, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.IndexFunc(l, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') }) >= 0 {
			return "", fmt.Errorf("%s is not a valid DNS name", subject)
		}
	}
	if why := specialName(name); why != "" {
		return "", fmt.Errorf("%s is not a public DNS name: %s", subject, why)
	}
	if len(labels) == 1 {
		return "", fmt.Errorf("%s is not a public DNS name: a name of one label is completed by local search domains", subject)
	}
	if ip, ok := embeddedIPv4(labels, false); ok {
		if sp := specialOf(ip); sp != nil {
			return "", fmt.Errorf("%s is not a public DNS name: it writes %s, %s, in the name, as wildcard DNS services answer", subject, ip.String(), sp.describe(ip))
		}
	}
	return name, nil
}

// specialNames are the special-use domain names (IANA's registry, RFC 6761 and
// later) and the private-network names that are never delegated publicly:
// anything under them is refused.
var specialNames = []struct{ suffix, why string }{
	{"localhost", "localhost names this machine (RFC 6761)"},
	{"local", ".local is multicast DNS on the local network (RFC 6762)"},
	{"internal", ".internal is for private networks"},
	{"home.arpa", "home.arpa is for home networks (RFC 8375)"},
	{"arpa", ".arpa is the internet's infrastructure domain"},
	{"test", ".test is reserved for testing (RFC 6761)"},
	{"invalid", ".invalid is reserved to be invalid (RFC 6761)"},
	{"example", ".example is reserved for documentation (RFC 6761)"},
	{"onion", ".onion names Tor onion services, outside DNS (RFC 7686)"},
	{"alt", ".alt is for names outside DNS (RFC 9476)"},
	{"lan", ".lan is a private network's"},
	{"home", ".home is a private network's"},
	{"corp", ".corp is a private network's"},
	{"localdomain", ".localdomain names this machine"},
}

// loopbackServices answer every name under them with 127.0.0.1, for
// developers; ipServices answer with the address written in the name
// (10.0.0.1.nip.io, 10-0-0-1.sslip.io, 0a000001.nip.io).
var (
	loopbackServices = []string{"localtest.me", "lvh.me", "vcap.me", "localho.st", "lacolhost.com", "fuf.me", "local.gd", "localhost.direct"}
	ipServices       = []string{"nip.io", "sslip.io", "xip.io", "traefik.me"}
)

// specialName says why name is not a public DNS name, or "".
func specialName(name string) string {
	under := func(suffix string) bool { return name == suffix || strings.HasSuffix(name, "."+suffix) }
	for _, s := range specialNames {
		if under(s.suffix) {
			return s.why
		}
	}
	for _, s := range loopbackServices {
		if under(s) {
			return "names under " + s + " resolve to this machine (127.0.0.1) by design"
		}
	}
	for _, s := range ipServices {
		if !under(s) {
			continue
		}
		why := "names under " + s + " resolve to the address written in them"
		labels := strings.Split(strings.TrimSuffix(name, s), ".")
		if ip, ok := embeddedIPv4(labels, true); ok {
			why += ", here " + ip.String()
			if sp := specialOf(ip); sp != nil {
				why += ", " + sp.describe(ip)
			}
			why += ": probe the address itself"
		}
		return why
	}
	return ""
}

// embeddedIPv4 finds an IPv4 address written in labels as wildcard DNS
// services read them: four decimal labels (10.0.0.1.nip.io), four decimal
// parts joined by dashes (app-10-0-0-1.sslip.io), or, with hex, eight hex
// digits (0a000001.nip.io).
func embeddedIPv4(labels []string, hex bool) (netip.Addr, bool) {
	for i := 0; i+4 <= len(labels); i++ {
		if ip, ok := fourOctets(labels[i : i+4]); ok {
			return ip, true
		}
	}
	for _, l := range labels {
		parts := strings.Split(l, "-")
		for i := 0; i+4 <= len(parts); i++ {
			if ip, ok := fourOctets(parts[i : i+4]); ok {
				return ip, true
			}
		}
		if !hex {
			continue
		}
		for _, p := range parts {
			if n, err := strconv.ParseUint(p, 16, 32); err == nil && len(p) == 8 {
				return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), true
			}
		}
	}
	return netip.Addr{}, false
}

func fourOctets(parts []string) (netip.Addr, bool) {
	var b [4]byte
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 8)
		if err != nil || len(p) > 3 {
			return netip.Addr{}, false
		}
		b[i] = byte(n)
	}
	return netip.AddrFrom4(b), true
}

// browserRead is host as the URL Standard's host parser reads it before its
// checks: percent-decoded, then with the characters that UTS #46 maps onto
// ASCII digits, letters and dots mapped (full-width forms, ideographic and
// other full stops, mathematical digits). Other non-ASCII is left as it is.
func browserRead(host string) string {
	if strings.Contains(host, "%") {
		host = percentDecode(host)
	}
	if isASCII(host) || !utf8.ValidString(host) {
		return host
	}
	var b strings.Builder
	for _, r := range host {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFEE0
		case r == 0x3002 || r == 0xFF0E || r == 0xFF61: // ideographic, full-width and half-width full stops
			r = '.'
		case r >= 0x1D7CE && r <= 0x1D7FF: // mathematical digits
			r = '0' + (r-0x1D7CE)%10
		}
		b.WriteRune(r)
	}
	return b.String()
}

// percentDecode decodes %XX escapes, leaving any other % as it is.
func percentDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			n, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b.WriteByte(byte(n))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// endsInNumber is the URL Standard's "ends in a number" checker: a host whose
// last label is decimal, or 0x and hex, is an IPv4 address to parse, and a
// failure to parse is an invalid host, never a DNS name.
func endsInNumber(s string) bool {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" {
		if len(parts) == 1 {
			return false
		}
		parts = parts[:len(parts)-1]
	}
	last := parts[len(parts)-1]
	if last != "" && strings.Trim(last, "0123456789") == "" {
		return true
	}
	_, ok := ipv4Number(last)
	return ok
}

// parseIPv4 is the URL Standard's IPv4 parser: one to four parts, each
// decimal, octal (a leading 0) or hex (0x); the last part fills the bytes the
// others leave, so 127.1 is 127.0.0.1 and 2130706433 is too.
func parseIPv4(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	var nums []uint64
	for _, p := range parts {
		n, ok := ipv4Number(p)
		if !ok {
			return netip.Addr{}, false
		}
		nums = append(nums, n)
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return netip.Addr{}, false
	}
	v := last
	for i, n := range nums[:len(nums)-1] {
		if n > 255 {
			return netip.Addr{}, false
		}
		v += n << (8 * (3 - i))
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

// ipv4Number is the URL Standard's IPv4 number parser. Values beyond 2^32 are
// held at 2^32+1, which every caller refuses.
func ipv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	base := uint64(10)
	switch {
	case len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X"):
		s, base = s[2:], 16
	case len(s) >= 2 && s[0] == '0':
		s, base = s[1:], 8
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d, err := strconv.ParseUint(s[i:i+1], int(base), 8)
		if err != nil {
			return 0, false
		}
		n = min(n*base+d, 1<<32+1)
	}
	return n, true
}

// special is one range of the IANA IPv4 and IPv6 Special-Purpose Address
// Registries (or a block outside the unicast space).
type special struct {
	prefix netip.Prefix
	what   string
	// carries is the IPv4 address a form of IPv6 address reaches, if any.
	carries func(a [16]byte) netip.Addr
}

func (s *special) describe(ip netip.Addr) string {
	d := s.what + " (" + s.prefix.String() + ")"
	if s.carries == nil {
		return d
	}
	v4 := s.carries(ip.As16())
	d += " for " + v4.String()
	if inner := specialOf(v4); inner != nil {
		d += ", " + inner.describe(v4)
	}
	return d
}

func last32(a [16]byte) netip.Addr { return netip.AddrFrom4([4]byte(a[12:16])) }

// specials, most specific first; made when a host is first checked, not at
// the start of every program (a sync.Once: see varIndex in explain).
func specials() []special {
	specialsOnce.Do(makeSpecials)
	return specialList
}

var (
	specialsOnce sync.Once
	specialList  []special
)

func makeSpecials() {
	list := []struct {
		prefix, what string
		carries      func([16]byte) netip.Addr
	}{
		{"255.255.255.255/32", "the limited broadcast address", nil},
		{"0.0.0.0/8", `an address of "this network", which connects to this machine`, nil},
		{"10.0.0.0/8", "a private address", nil},
		{"100.64.0.0/10", "a carrier-grade NAT address (shared address space)", nil},
		{"127.0.0.0/8", "a loopback address", nil},
		{"169.254.0.0/16", "a link-local address, where cloud metadata services answer", nil},
		{"172.16.0.0/12", "a private address", nil},
		{"192.0.0.0/24", "an IETF protocol assignment", nil},
		{"192.0.2.0/24", "a documentation address", nil},
		{"192.31.196.0/24", "an AS112 DNS address", nil},
		{"192.52.193.0/24", "an AMT relay address", nil},
		{"192.88.99.0/24", "a 6to4 relay anycast address", nil},
		{"192.168.0.0/16", "a private address", nil},
		{"192.175.48.0/24", "an AS112 DNS address", nil},
		{"198.18.0.0/15", "a benchmarking address", nil},
		{"198.51.100.0/24", "a documentation address", nil},
		{"203.0.113.0/24", "a documentation address", nil},
		{"224.0.0.0/4", "a multicast address", nil},
		{"240.0.0.0/4", "a reserved address", nil},

		{"::/128", "the unspecified address", nil},
		{"::1/128", "the loopback address", nil},
		{"::ffff:0:0/96", "an IPv4-mapped address", last32},
		{"::/96", "an IPv4-compatible address", last32},
		{"64:ff9b::/96", "a NAT64 address", last32},
		{"64:ff9b:1::/48", "a local-use NAT64 address", nil},
		{"100::/64", "a discard-only address", nil},
		{"2001::/32", "a Teredo address", func(a [16]byte) netip.Addr {
			return netip.AddrFrom4([4]byte{^a[12], ^a[13], ^a[14], ^a[15]}) // the client's address, inverted
		}},
		{"2001::/23", "an IETF protocol assignment", nil},
		{"2001:db8::/32", "a documentation address", nil},
		{"2002::/16", "a 6to4 address", func(a [16]byte) netip.Addr { return netip.AddrFrom4([4]byte(a[2:6])) }},
		{"2620:4f:8000::/48", "an AS112 DNS address", nil},
		{"3fff::/20", "a documentation address", nil},
		{"5f00::/16", "an SRv6 segment identifier", nil},
		{"fc00::/7", "a unique local (private) address", nil},
		{"fe80::/10", "a link-local address", nil},
		{"ff00::/8", "a multicast address", nil},
	}
	specialList = make([]special, len(list))
	for i, s := range list {
		specialList[i] = special{netip.MustParsePrefix(s.prefix), s.what, s.carries}
	}
}

// globalUnicast6 is where every public IPv6 address is (RFC 4291): 2000::/3.
var globalUnicast6 = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20}), 3)

// specialOf is the special-purpose range ip is in, or nil for a public address.
func specialOf(ip netip.Addr) *special {
	sp := specials()
	for i := range sp {
		if sp[i].prefix.Contains(ip) {
			return &sp[i]
		}
	}
	if ip.Is6() && !globalUnicast6.Contains(ip) {
		return &special{prefix: globalUnicast6, what: "not in the global unicast space"}
	}
	return nil
}

// URL reads raw as a URL a prober may fetch because a probed server named it
// (a certificate's AIA caIssuers URL): http or https on its scheme's own port
// (any port for an admitted loopback address), no user name, and a host Host
// admits. The URL returned is rebuilt from the parts checked, without a
// fragment, so the runtime fetching it reads the host that was checked.
func (g ProbeGuard) URL(raw string) (*url.URL, error) {
	shown := scenario.Quote(scenario.MaskUserinfo(raw), 120)
	if len(raw) > 2048 {
		return nil, fmt.Errorf("URL %s is too long", shown)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s is not a URL", shown)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return nil, fmt.Errorf("URL %s is not http or https", shown)
	}
	// The authority as written: what browsers read as the host ends at / ? # or \.
	_, rest, _ := strings.Cut(raw, "://")
	authority := rest
	if i := strings.IndexAny(rest, `/?#\`); i >= 0 {
		authority = rest[:i]
	}
	switch {
	case u.Opaque != "" || u.Host == "":
		return nil, fmt.Errorf("URL %s has no host", shown)
	case u.User != nil || strings.Contains(authority, "@"):
		return nil, fmt.Errorf("URL %s has a user name in it", shown)
	case u.Host != authority || strings.Trim(authority, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != "":
		return nil, fmt.Errorf("URL %s writes its host with characters browsers read in their own way", shown)
	}
	host, err := g.Host(u.Hostname())
	if err != nil {
		return nil, fmt.Errorf("URL %s: %v", shown, err)
	}
	own := map[string]string{"http": "80", "https": "443"}[scheme]
	port := u.Port()
	switch {
	case port == "" || port == own:
		port = ""
	case g.Loopback && isLoopbackText(host):
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || port[0] == '0' {
			return nil, fmt.Errorf("URL %s: %s is not a port number", shown, port)
		}
	default:
		return nil, fmt.Errorf("URL %s is on port %s: %s URLs are fetched on port %s only", shown, port, scheme, own)
	}
	out := &url.URL{Scheme: scheme, Host: host, Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery}
	if strings.Contains(host, ":") {
		out.Host = "[" + host + "]"
	}
	if port != "" {
		out.Host += ":" + port
	}
	return out, nil
}

// isLoopbackText reports whether s is a loopback address in canonical form.
func isLoopbackText(s string) bool {
	ip, err := netip.ParseAddr(s)
	return err == nil && ip.IsLoopback() && !ip.Is4In6() && ip.String() == s
}
