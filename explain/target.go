package explain

import (
	"net/netip"
	"strconv"

	"github.com/tlsplay/tlsplay/scenario"
)

// Where the courier's request goes: the URL and the host it names, for the
// words, the calls of each client and a kit's scripts against a local server.

// Target is where a rendered command connects, for running it against a local
// server: the scenario's name is kept (SNI and the host-name check use it) and
// mapped to Addr:Port. The zero Target renders the command as a person would type
// it against the real bank.
type Target struct {
	Addr string // e.g. 127.0.0.1, or "$ADDR" in a script
	Port string // e.g. 8443, or "$PORT" in a script
	// Name replaces the scenario's name in the command ("$NAME" in a script).
	Name string
	// URLName is Name as a URL (and curl's --connect-to) writes it: "$HOST" in a
	// script, which brackets an IPv6 address. Empty: Name, bracketed if it is an
	// IPv6 address.
	URLName string
	// Kit: verify=True becomes the export's ca.pem, which stands in for certifi's
	// bundle (the playground's public root is in no real bundle).
	Kit bool
}

func (t Target) local() bool { return t.Addr != "" }

// renames reports whether the target dials another name than the scenario's.
func (t Target) renames() bool { return t.Name != "" }

// name is the name dialled, bare (an IPv6 address without brackets): the
// Target's, else the scenario's.
func (t Target) name(s *scenario.Scenario) string {
	if t.renames() {
		return t.Name
	}
	return s.Client.Dial
}

// urlName is the name dialled as a URL's host writes it: an IPv6 address in
// brackets.
func (t Target) urlName(s *scenario.Scenario) string {
	if t.URLName != "" {
		return t.URLName
	}
	return urlHost(t.name(s))
}

// URL is the URL the courier asks for; a local target's carries the port.
func (t Target) URL(s *scenario.Scenario) string {
	host := t.urlName(s)
	switch {
	case t.local():
		host += ":" + t.port(s)
	case !t.renames():
		host = urlAuthority(s)
	}
	return "https://" + host + RequestPath(s)
}

// port is the port connected to: the Target's, else the scenario's.
func (t Target) port(s *scenario.Scenario) string {
	switch {
	case t.Port != "":
		return t.Port
	case s.Client.Port != 0:
		return strconv.Itoa(s.Client.Port)
	}
	return defaultTLS
}

// realHost reports whether the scenario is a real host's (a probe's): it crafts
// no certificate.
func realHost(s *scenario.Scenario) bool { return len(s.Certs) == 0 }

// RequestPath is what the courier asks for: the scenario's path (a pasted
// chain's URL's), else the playground bank's vault, or a real host's front
// page.
func RequestPath(s *scenario.Scenario) string {
	switch {
	case s.Client.Path != "":
		return scenario.URLPath(s.Client.Path)
	case realHost(s):
		return "/"
	}
	return VaultPath
}

// urlAuthority is the host and, when it is not 443, the port of the URL asked for.
func urlAuthority(s *scenario.Scenario) string {
	if s.Client.Port != 0 && s.Client.Port != 443 {
		return urlHost(s.Client.Dial) + ":" + strconv.Itoa(s.Client.Port)
	}
	return urlHost(s.Client.Dial)
}

// urlHost is the host as written in a URL: IPv6 addresses in brackets.
func urlHost(dial string) string {
	if a, err := netip.ParseAddr(dial); err == nil && a.Is6() {
		return "[" + dial + "]"
	}
	return dial
}
