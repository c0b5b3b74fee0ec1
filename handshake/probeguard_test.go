package handshake

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// probeHostTests: each host, what the deployed guard connects to ("" for a
// refusal), and what its refusal must say. The numeric forms are the ones
// browsers (and inet_aton, which the runtimes resolve with) read as IPv4.
var probeHostTests = []struct {
	host string
	want string   // the host connected to; "" when refused
	says []string // parts of the refusal
}{
	// Public names and addresses pass.
	{"example.com", "example.com", nil},
	{"Example.COM.", "example.com", nil},
	{"www.example.co.uk", "www.example.co.uk", nil},
	{"bank.example.org", "bank.example.org", nil},
	{"xn--bcher-kva.de", "xn--bcher-kva.de", nil},
	{"1-2-3-4.cdn.example.net", "1-2-3-4.cdn.example.net", nil}, // a public address written in a name
	{"1.1.1.1", "1.1.1.1", nil},
	{"93.184.216.34", "93.184.216.34", nil},
	{"2606:4700::1111", "2606:4700::1111", nil},
	{"[2606:4700::1111]", "2606:4700::1111", nil},
	{"2606:4700::AbCd", "2606:4700::abcd", nil},

	// Numbers browsers read as IPv4 in another form than their own.
	{"127.1", "", []string{`browsers read "127.1" as 127.0.0.1`, "not a public IP address", "a loopback address (127.0.0.0/8)"}},
	{"0x7f.0.0.1", "", []string{`browsers read "0x7f.0.0.1" as 127.0.0.1`, "loopback"}},
	{"0X7F.0.0.1", "", []string{`as 127.0.0.1`, "loopback"}},
	{"0177.0.0.1", "", []string{`browsers read "0177.0.0.1" as 127.0.0.1`}},
	{"0.0", "", []string{`browsers read "0.0" as 0.0.0.0`, `"this network", which connects to this machine (0.0.0.0/8)`}},
	{"127.000.000.001", "", []string{`browsers read "127.000.000.001" as 127.0.0.1`}},
	{"2130706433", "", []string{`browsers read "2130706433" as 127.0.0.1`}},
	{"0x7f000001", "", []string{`browsers read "0x7f000001" as 127.0.0.1`}},
	{"0x7f.1", "", []string{`as 127.0.0.1`}},
	{"127.0.0.1.", "", []string{`browsers read "127.0.0.1." as 127.0.0.1`}},
	{"10.1", "", []string{`as 10.0.0.1`, "a private address (10.0.0.0/8)"}},
	{"0xa9.254.169.254", "", []string{`as 169.254.169.254`, "link-local", "cloud metadata"}},
	{"16843009", "", []string{`browsers read "16843009" as 1.1.1.1: write 1.1.1.1`}},
	{"1.1.1.1.", "", []string{"write 1.1.1.1"}},
	{"01.1.1.1", "", []string{"write 1.1.1.1"}},
	// Numbers browsers refuse outright.
	{"1.2.3.4.5", "", []string{"not a valid IPv4 address (browsers refuse it)"}},
	{"256.1.1.1", "", []string{"not a valid IPv4 address"}},
	{"1.2.3.4294967296", "", []string{"not a valid IPv4 address"}},
	{"08.1.1.1", "", []string{"not a valid IPv4 address"}},
	{"0x1g.1.1.1", "", []string{"not a valid IPv4 address"}},
	{"example.0x", "", []string{"not a valid IPv4 address"}},
	{"1..1", "", []string{"not a valid IPv4 address"}},
	{"0x" + strings.Repeat("f", 40), "", []string{"not a valid IPv4 address"}},

	// Special-purpose IPv4 ranges, canonical.
	{"127.0.0.1", "", []string{"127.0.0.1 is not a public IP address: a loopback address (127.0.0.0/8)"}},
	{"0.1.2.3", "", []string{"0.1.2.3 is not a public IP address", "0.0.0.0/8"}},
	{"10.0.0.1", "", []string{"10.0.0.1 is not a public IP address: a private address (10.0.0.0/8)"}},
	{"100.64.0.1", "", []string{"carrier-grade NAT", "100.64.0.0/10"}},
	{"100.127.255.254", "", []string{"100.64.0.0/10"}},
	{"169.254.169.254", "", []string{"link-local"}},
	{"172.16.0.1", "", []string{"172.16.0.0/12"}},
	{"172.31.255.255", "", []string{"172.16.0.0/12"}},
	{"192.0.0.170", "", []string{"192.0.0.0/24"}},
	{"192.0.2.1", "", []string{"documentation", "192.0.2.0/24"}},
	{"192.88.99.1", "", []string{"192.88.99.0/24"}},
	{"192.168.1.1", "", []string{"192.168.0.0/16"}},
	{"198.18.0.1", "", []string{"benchmarking", "198.18.0.0/15"}},
	{"198.19.255.255", "", []string{"198.18.0.0/15"}},
	{"198.51.100.7", "", []string{"198.51.100.0/24"}},
	{"203.0.113.9", "", []string{"203.0.113.0/24"}},
	{"224.0.0.1", "", []string{"multicast", "224.0.0.0/4"}},
	{"240.0.0.1", "", []string{"reserved", "240.0.0.0/4"}},
	{"255.255.255.255", "", []string{"limited broadcast"}},
	// Just outside them.
	{"100.128.0.1", "100.128.0.1", nil},
	{"172.32.0.1", "172.32.0.1", nil},
	{"198.20.0.1", "198.20.0.1", nil},
	{"223.255.255.255", "223.255.255.255", nil},

	// Special-purpose IPv6 ranges, and the forms that carry an IPv4 address.
	{"::1", "", []string{"::1 is not a public IP address: the loopback address (::1/128)"}},
	{"[::1]", "", []string{"the loopback address"}},
	{"0:0:0:0:0:0:0:1", "", []string{`"0:0:0:0:0:0:0:1" is ::1, which is not a public IP address`}},
	{"::", "", []string{"the unspecified address"}},
	{"::127.0.0.1", "", []string{"IPv4-compatible", "(::/96) for 127.0.0.1, a loopback address"}},
	{"::ffff:127.0.0.1", "", []string{"IPv4-mapped", "for 127.0.0.1, a loopback address"}},
	{"::ffff:7f00:1", "", []string{"IPv4-mapped", "for 127.0.0.1"}},
	{"[::ffff:169.254.169.254]", "", []string{"for 169.254.169.254, a link-local address"}},
	{"::ffff:1.1.1.1", "", []string{"IPv4-mapped address (::ffff:0.0.0.0/96) for 1.1.1.1"}},
	{"64:ff9b::7f00:1", "", []string{"NAT64", "(64:ff9b::/96) for 127.0.0.1, a loopback address"}},
	{"64:ff9b::a00:1", "", []string{"NAT64", "for 10.0.0.1, a private address"}},
	{"64:ff9b:1::1", "", []string{"local-use NAT64"}},
	{"2002:7f00:1::", "", []string{"6to4", "(2002::/16) for 127.0.0.1, a loopback address"}},
	{"2002:a9fe:a9fe::1", "", []string{"6to4", "for 169.254.169.254"}},
	{"2001:0:4136:e378:8000:63bf:80ff:fffe", "", []string{"Teredo", "for 127.0.0.1"}},
	{"2001:db8::1", "", []string{"documentation", "2001:db8::/32"}},
	{"2001:2::1", "", []string{"IETF protocol assignment", "2001::/23"}},
	{"100::1", "", []string{"discard-only"}},
	{"3fff::1", "", []string{"documentation"}},
	{"fc00::1", "", []string{"unique local"}},
	{"fd12:3456::1", "", []string{"unique local"}},
	{"fe80::1", "", []string{"link-local"}},
	{"fe80::1%eth0", "", []string{"names a network interface"}},
	{"fec0::1", "", []string{"not in the global unicast space (2000::/3)"}},
	{"ff02::1", "", []string{"multicast"}},
	{"2606:4700:0:0:0:0:0:1111", "", []string{`"2606:4700:0:0:0:0:0:1111" is 2606:4700::1111 written another way: write 2606:4700::1111`}},
	{"[127.0.0.1]", "", []string{"not an IPv6 address in brackets"}},
	{"[::1", "", []string{"not an IPv6 address in brackets"}},
	{"127.0.0.1:443", "", []string{"not a valid DNS name or IP address"}},

	// Names that are this machine or a private network by design.
	{"localhost", "", []string{`"localhost" is not a public DNS name: localhost names this machine`}},
	{"LOCALHOST", "", []string{"localhost names this machine"}},
	{"localhost.", "", []string{"localhost names this machine"}},
	{"app.localhost", "", []string{"localhost names this machine"}},
	{"printer.local", "", []string{`"printer.local" is not a public DNS name`, "multicast DNS"}},
	{"db.internal", "", []string{"not a public DNS name"}},
	{"router.home.arpa", "", []string{"home.arpa"}},
	{"1.0.0.127.in-addr.arpa", "", []string{".arpa"}},
	{"a.test", "", []string{".test"}},
	{"a.invalid", "", []string{".invalid"}},
	{"bank.example", "", []string{".example is reserved for documentation"}},
	{"duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion", "", []string{".onion"}},
	{"nas.lan", "", []string{"not a public DNS name"}},
	{"intranet", "", []string{`"intranet" is not a public DNS name: a name of one label`}},
	{"127.0.0.1.nip.io", "", []string{"nip.io resolve to the address written in them, here 127.0.0.1, a loopback address", "probe the address itself"}},
	{"app.10.0.0.1.nip.io", "", []string{"here 10.0.0.1, a private address"}},
	{"10-0-0-1.sslip.io", "", []string{"sslip.io", "here 10.0.0.1"}},
	{"app-169-254-169-254.sslip.io", "", []string{"here 169.254.169.254"}},
	{"7f000001.nip.io", "", []string{"here 127.0.0.1"}},
	{"app-c0a80001.nip.io", "", []string{"here 192.168.0.1"}},
	{"nip.io", "", []string{"nip.io resolve to the address written in them"}},
	{"anything.localtest.me", "", []string{"localtest.me resolve to this machine"}},
	{"lvh.me", "", []string{"lvh.me resolve to this machine"}},
	{"127.0.0.1.example.com", "", []string{"it writes 127.0.0.1, a loopback address", "in the name"}},
	{"api-10-1-2-3.example.com", "", []string{"it writes 10.1.2.3"}},

	// Not names at all.
	{"", "", []string{"no host given"}},
	{".", "", []string{"not a valid DNS name"}},
	{"a..b", "", []string{"not a valid DNS name"}},
	{"exa mple.com", "", []string{`"exa mple.com" is not a valid DNS name`}},
	{"a_b.example.com", "", []string{"not a valid DNS name"}},
	{"<b>.com", "", []string{"not a valid DNS name"}},
	{strings.Repeat("a", 64) + ".com", "", []string{"not a valid DNS name"}},
	{strings.Repeat("a.", 1<<16) + "com", "", []string{"too long for a host name"}},

	// Percent-encoded and international forms, as browsers read them.
	{"127%2E0%2E0%2E1", "", []string{`browsers read "127%2E0%2E0%2E1" as 127.0.0.1`, "loopback"}},
	{"%31%32%37.0.0.1", "", []string{"as 127.0.0.1"}},
	{"local%68ost", "", []string{`"local%68ost", which browsers read as "localhost", is not a public DNS name`}},
	{"ex%61mple.com", "", []string{`which browsers read as "example.com", is written with escapes or wide characters: write example.com`}},
	{"%ff.com", "", []string{"not a valid DNS name"}},
	{"%zz.com", "", []string{"not a valid DNS name"}},
	{"１２７.０.０.１", "", []string{`browsers read "１２７.０.０.１" as 127.0.0.1`, "loopback"}},
	{"127。0。0。1", "", []string{"as 127.0.0.1"}},
	{"𝟏𝟐𝟕.0.0.1", "", []string{"as 127.0.0.1"}},
	{"ｌｏｃａｌｈｏｓｔ", "", []string{`which browsers read as "localhost"`, "localhost names this machine"}},
	{"ｅｘａｍｐｌｅ.com", "", []string{"write example.com"}},
	{"bücher.de", "", []string{"not an ASCII name: write an international name in its xn-- form"}},
	{"b%C3%BCcher.de", "", []string{"xn-- form"}},
}

func TestProbeGuardHost(t *testing.T) {
	for _, tc := range probeHostTests {
		got, err := ProbeGuard{}.Host(tc.host)
		name := tc.host
		if len(name) > 60 {
			name = name[:60] + "…"
		}
		if tc.want != "" {
			if err != nil || got != tc.want {
				t.Errorf("%q: %q, %v; want %q", name, got, err, tc.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("%q: admitted as %q", name, got)
			continue
		}
		for _, s := range tc.says {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%q: %q does not say %q", name, err, s)
			}
		}
		if len(err.Error()) > 300 {
			t.Errorf("%q: a refusal of %d bytes", name, len(err.Error()))
		}
	}
}

// Every special-purpose range is refused from its first address to its last,
// naming itself (or a narrower range within it), and the addresses just
// outside it, when no other range holds them, are admitted.
func TestProbeGuardRanges(t *testing.T) {
	for _, sp := range specials() {
		first := sp.prefix.Masked().Addr()
		b := first.AsSlice()
		for i := sp.prefix.Bits(); i < len(b)*8; i++ {
			b[i/8] |= 0x80 >> (i % 8)
		}
		last, _ := netip.AddrFromSlice(b)
		for _, ip := range []netip.Addr{first, last} {
			err := ProbeHostError(ip.String())
			if err == nil || specialOf(ip).prefix == sp.prefix && !strings.Contains(err.Error(), "("+sp.prefix.String()+")") {
				t.Errorf("%s in %s: %v", ip, sp.prefix, err)
			}
		}
		for _, ip := range []netip.Addr{first.Prev(), last.Next()} {
			if ip.IsValid() && specialOf(ip) == nil {
				if err := ProbeHostError(ip.String()); err != nil {
					t.Errorf("%s, just outside %s: %v", ip, sp.prefix, err)
				}
			}
		}
	}
	// What netip itself calls loopback, private, link-local or multicast is refused.
	for _, s := range []string{"10.255.255.255", "127.255.255.255", "169.254.0.0", "192.168.255.255", "224.0.0.0", "fe80::", "ff00::", "fc00::", "fdff:ffff::1"} {
		ip := netip.MustParseAddr(s)
		if ip.IsGlobalUnicast() && !ip.IsPrivate() {
			t.Fatalf("%s: not a test of netip's special addresses", s)
		}
		if ProbeHostError(s) == nil {
			t.Errorf("%s admitted", s)
		}
	}
}

// The worker's test build and the page admit loopback written canonically,
// and still refuse every other form of it.
func TestProbeGuardLoopback(t *testing.T) {
	g := ProbeGuard{Loopback: true}
	for host, want := range map[string]string{"127.0.0.1": "127.0.0.1", "127.0.0.2": "127.0.0.2", "::1": "::1", "[::1]": "::1"} {
		if got, err := g.Host(host); err != nil || got != want {
			t.Errorf("%q: %q, %v; want %q", host, got, err, want)
		}
	}
	for _, host := range []string{"127.1", "0x7f.0.0.1", "2130706433", "127.0.0.1.", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "localhost",
		"127.0.0.1.nip.io", "127%2E0%2E0%2E1", "10.0.0.1", "0.0.0.0"} {
		if got, err := g.Host(host); err == nil {
			t.Errorf("%q admitted as %q", host, got)
		}
	}
}

func TestProbeGuardURL(t *testing.T) {
	for _, tc := range []struct {
		raw      string
		loopback bool
		want     string // the URL fetched; "" when refused
		says     string
	}{
		{"http://crt.example.com/ca.crt", false, "http://crt.example.com/ca.crt", ""},
		{"HTTP://CRT.Example.COM:80/ca.crt?x=1#frag", false, "http://crt.example.com/ca.crt?x=1", ""},
		{"https://crt.example.com:443/a%20b.crt", false, "https://crt.example.com/a%20b.crt", ""},
		{"http://[2606:4700::1111]/ca.crt", false, "http://[2606:4700::1111]/ca.crt", ""},
		{"http://1.1.1.1/ca.crt", false, "http://1.1.1.1/ca.crt", ""},
		{"http://127.0.0.1:8080/ca.crt", true, "http://127.0.0.1:8080/ca.crt", ""},
		{"http://[::1]:8080/ca.crt", true, "http://[::1]:8080/ca.crt", ""},

		{"http://0x7f.0.0.1/internal-admin", false, "", `browsers read "0x7f.0.0.1" as 127.0.0.1`},
		{"http://0x7f.0.0.1:8080/internal-admin", true, "", `browsers read "0x7f.0.0.1" as 127.0.0.1`},
		{"http://127.1/", true, "", "as 127.0.0.1"},
		{"http://2130706433/", false, "", "as 127.0.0.1"},
		{"http://127.0.0.1/", false, "", "loopback"},
		{"http://[::ffff:127.0.0.1]/", false, "", "IPv4-mapped"},
		{"http://localhost/", false, "", "localhost names this machine"},
		{"http://127.0.0.1.nip.io/", false, "", "nip.io"},
		{"http://169.254.169.254/latest/meta-data/", false, "", "link-local"},
		{"http://127%2E0%2E0%2E1/", false, "", "not a URL"},
		{"http://１２７.０.０.１/", false, "", "characters browsers read in their own way"},
		{`http://crt.example.com\@127.0.0.1/`, false, "", "not a URL"},
		{"http://crt.example.com@127.0.0.1/", false, "", "user name"},
		{"http://user:pw@crt.example.com/", false, "", `URL "http://…@crt.example.com/" has a user name in it`},
		{"http://crt.example.com:8080/ca.crt", false, "", "on port 8080: http URLs are fetched on port 80 only"},
		{"https://crt.example.com:80/ca.crt", false, "", "on port 80"},
		{"http://127.0.0.1:0080/", true, "", "not a port number"},
		{"ftp://crt.example.com/ca.crt", false, "", "not http or https"},
		{"file:///etc/passwd", false, "", "not http or https"},
		{"http:crt.example.com/ca.crt", false, "", "has no host"},
		{"http:///ca.crt", false, "", "has no host"},
		{"http://crt.example.com\t/ca.crt", false, "", "not a URL"},
		{"http://" + strings.Repeat("a", 3000) + ".com/", false, "", "too long"},
	} {
		u, err := ProbeGuard{Loopback: tc.loopback}.URL(tc.raw)
		switch {
		case tc.want != "" && (err != nil || u.String() != tc.want):
			t.Errorf("%.60q: %v, %v; want %s", tc.raw, u, err, tc.want)
		case tc.want == "" && err == nil:
			t.Errorf("%.60q: admitted as %s", tc.raw, u)
		case tc.want == "" && !strings.Contains(err.Error(), tc.says):
			t.Errorf("%.60q: %q does not say %q", tc.raw, err, tc.says)
		}
	}
}

func FuzzProbeGuard(f *testing.F) {
	for _, tc := range probeHostTests {
		f.Add(tc.host)
	}
	f.Fuzz(func(t *testing.T, host string) {
		got, err := ProbeGuard{}.Host(host)
		if err != nil {
			return
		}
		// Whatever passes is a public address in canonical form or a plain
		// DNS name that no browser reads as an address.
		if ip, perr := netip.ParseAddr(got); perr == nil {
			if specialOf(ip) != nil || ip.String() != got {
				t.Fatalf("%q admitted as %s", host, got)
			}
			return
		}
		if endsInNumber(got) || strings.Trim(got, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" {
			t.Fatalf("%q admitted as %q", host, got)
		}
		if u, err := (ProbeGuard{}).URL("http://" + got + "/"); err != nil || u.Hostname() != got {
			t.Fatalf("%q admitted as a host, its URL %v, %v", host, u, err)
		}
	})
}

// Dialled keeps the final dot of a name as dialled, and refuses as Host does:
// the dot does not let an inside address or name through.
func TestProbeGuardDialled(t *testing.T) {
	for _, tc := range []struct{ host, want string }{
		{"Bank.Example.COM.", "bank.example.com."},
		{"bank.example.com", "bank.example.com"},
		{"93.184.216.34", "93.184.216.34"},
		{"[2606:2800:220:1::1]", "2606:2800:220:1::1"},
		{"127.0.0.1.", ""},
		{"localhost.", ""},
		{"127.0.0.1.nip.io.", ""},
		{"8.8.8.8.", ""},
	} {
		got, err := ProbeGuard{}.Dialled(tc.host)
		if tc.want == "" {
			if err == nil {
				t.Errorf("%q: admitted as %q", tc.host, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: %q, %v; want %q", tc.host, got, err, tc.want)
		}
	}
}

// SNI admits what Host admits, as written, but a name with its final dot: SNI
// carries a name without it (RFC 6066), Go's crypto/tls sends it so, and the
// dot s_client and Node send is asked of a host dialled by its dotted name.
func TestProbeGuardSNI(t *testing.T) {
	for _, tc := range []struct{ sni, want, says string }{
		{"www.example.com", "www.example.com", ""},
		{"WWW.Example.com", "WWW.Example.com", ""},
		{"www.example.com.", "", "ends in a dot"},
		{"WWW.example.com.", "", `name it "www.example.com"`},
		{"www.example.com..", "", "not a valid DNS name"},
		{"db.internal", "", "is not a public DNS name"},
		{"localhost.", "", "localhost names this machine"},
		// The probe would send no SNI for an address (as every client):
		// it says so, as the editor does (scenario.Validate).
		{"1.1.1.1", "", `"1.1.1.1" ` + scenario.SNIAddressWords},
		{"2606:4700::1111", "", `"2606:4700::1111" ` + scenario.SNIAddressWords},
		{"[2606:4700::1111]", "", `"[2606:4700::1111]" ` + scenario.SNIAddressWords},
		{"127.0.0.1", "", scenario.SNIAddressWords},
	} {
		got, err := ProbeGuard{Loopback: true}.SNI(tc.sni)
		if tc.says == "" {
			if err != nil || got != tc.want {
				t.Errorf("%q: %q, %v; want %q", tc.sni, got, err, tc.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%q: %q, %v; want a refusal saying %q", tc.sni, got, err, tc.says)
		}
	}
}
