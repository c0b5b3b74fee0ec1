package ui

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/tlsplay/tlsplay/scenario"
)

// The page's Content-Security-Policy (the <meta> in site/index.html) lets it
// connect to itself alone. A site deployed with a config.json naming a probe
// worker may connect to that worker too, and to no other: `make site` writes
// index.html with the worker's origin added (SiteIndex), rather than the page
// allowing every *.workers.dev.

// cspMeta starts the policy's element in index.html; the policy runs to the
// next double quote.
const cspMeta = `<meta http-equiv="Content-Security-Policy" content="`

// SiteIndex returns index.html as the built site serves it: its policy's
// connect-src is 'self', and with a config.json (nil: none) naming a probe
// worker, 'self' and that worker's origin. The origin is checked to be one a
// policy can hold as it is: https (plain http only on this machine, as for
// ParseConfig), a host name or IPv4 address, an optional port, nothing else.
func SiteIndex(index, config []byte) ([]byte, error) {
	connect := "connect-src 'self'"
	if config != nil {
		c, err := ParseConfig(config)
		if err != nil {
			return nil, err
		}
		if c.ProbeURL != "" {
			origin, err := policyOrigin(c.ProbeURL)
			if err != nil {
				return nil, err
			}
			connect += " " + origin
		}
	}
	if n := bytes.Count(index, []byte(cspMeta)); n != 1 {
		return nil, fmt.Errorf("index.html: %d Content-Security-Policy elements (%s…), want exactly one", n, cspMeta)
	}
	start := bytes.Index(index, []byte(cspMeta)) + len(cspMeta)
	end := bytes.IndexByte(index[start:], '"')
	if end < 0 {
		return nil, errors.New("index.html: the Content-Security-Policy element does not end")
	}
	directives := strings.Split(string(index[start:start+end]), ";")
	found := 0
	for i, d := range directives {
		if name, _, _ := strings.Cut(strings.TrimSpace(d), " "); name == "connect-src" {
			directives[i] = " " + connect
			if i == 0 {
				directives[i] = connect
			}
			found++
		}
	}
	if found != 1 {
		return nil, fmt.Errorf("index.html: the Content-Security-Policy has %d connect-src directives, want exactly one", found)
	}
	var out bytes.Buffer
	out.Write(index[:start])
	out.WriteString(strings.Join(directives, ";"))
	out.Write(index[start+end:])
	return out.Bytes(), nil
}

// policyOrigin checks an origin ParseConfig accepted against what a policy's
// host-source may hold (CSP 3, section 2.3.1), so that nothing in config.json
// can widen the policy: no wildcard, no quote, no separator, no IPv6 literal.
func policyOrigin(origin string) (string, error) {
	refuse := func(why string) (string, error) {
		return "", fmt.Errorf("config.json: probe_url %s cannot go in the page's Content-Security-Policy: %s", scenario.Quote(origin, 80), why)
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return refuse("it is not an origin")
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return refuse("it must be https")
	}
	host, port := u.Hostname(), u.Port()
	if strings.Contains(u.Host, "[") {
		return refuse("an IPv6 address cannot be named there; use a host name")
	}
	if u.Host != host && u.Host != host+":"+port {
		return refuse("its host and port are not plain")
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return refuse("its host name is not a DNS name (an empty label, or one over 63 characters or starting or ending with '-')")
		}
		for _, r := range label {
			switch {
			case r > 0x7f:
				return refuse(fmt.Sprintf("its host name holds %q: write an internationalised name in its xn-- form", r))
			case !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-'):
				return refuse(fmt.Sprintf("its host name holds %q: letters, digits and '-' only", r))
			}
		}
	}
	for _, c := range []byte(port) {
		if c < '0' || c > '9' {
			return refuse("its port is not a number")
		}
	}
	return u.Scheme + "://" + u.Host, nil
}
