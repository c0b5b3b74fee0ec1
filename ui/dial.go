package ui

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// ParseDial reads what a person puts in the "Dials" field: a host name or an
// IP address, host:port, or a whole URL pasted from their code or a browser
// (https://bank.example:8443/vault). It returns the host and the port, 0 when
// none was given or it is HTTPS's own 443; setPort says whether the text
// names a port at all (a URL always does, by its scheme).
func ParseDial(v string) (host string, port int, setPort bool, err error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", 0, false, nil
	}
	scheme, rest, hasScheme := strings.Cut(v, "://")
	if !hasScheme {
		// host, host:port, [IPv6]:port, host/path: as a URL without its scheme.
		// A bare IPv6 address (two colons or more, no brackets) is a host.
		if strings.Count(v, ":") > 1 && !strings.HasPrefix(v, "[") {
			return v, 0, false, nil
		}
		if !strings.ContainsAny(v, ":/[?#@") {
			return v, 0, false, nil
		}
		scheme, rest = "https", v
	}
	switch s := strings.ToLower(scheme); {
	case s == "http":
		return "", 0, false, fmt.Errorf("http:// uses no TLS at all, so there is nothing to verify: the courier dials https:// URLs")
	case s != "https":
		return "", 0, false, fmt.Errorf("%q is not a web address's scheme the courier dials: use https://", scheme+"://")
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	if strings.Contains(authority, "@") {
		return "", 0, false, fmt.Errorf("the URL carries a user name or password (before @): leave it out, it plays no part in TLS")
	}
	if authority == "" {
		return "", 0, false, fmt.Errorf("the URL has no host name after https://")
	}
	u, perr := url.Parse("https://" + authority)
	if perr != nil || u.Hostname() == "" {
		return "", 0, false, fmt.Errorf("%q cannot be read as host:port (a host name has no spaces, and an IPv6 address goes in brackets: [2001:db8::1]:8443)", authority)
	}
	host = u.Hostname()
	if p := u.Port(); p != "" {
		if port, err = parsePort(p); err != nil {
			return "", 0, false, err
		}
	} else if strings.HasSuffix(authority, ":") {
		return "", 0, false, fmt.Errorf("the URL ends its host with a colon but gives no port after it")
	}
	if port == 443 {
		port = 0
	}
	return host, port, true, nil
}

// portWords is what a port is, said wherever one is typed: 0 is none, and
// no port at all is HTTPS's 443.
const portWords = "a port is 1 to 65535 (without one, 443)"

// parsePort reads a port typed in the dial or port field.
func parsePort(p string) (int, error) {
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("%q is not a port number: %s", p, portWords)
	}
	return n, nil
}
