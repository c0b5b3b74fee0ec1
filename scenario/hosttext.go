package scenario

import (
	"fmt"
	"net/url"
	"strings"
)

// HostText is a host as a person types or pastes it wherever a TLS client's
// host goes (the editor's dial, the probe panel's host, a pasted chain's host,
// `tlsplay inspect --name`), read by ReadHost.
type HostText struct {
	// Host is a DNS name (with the final dot it was typed with, if any) or an
	// IP address, without brackets. It is not checked: CheckHost and the
	// probe's guard say what they make of it.
	Host string
	// Port is the port the text gives, 0 for none.
	Port int
	// NamesPort says the text names a port: a URL does by its scheme (443
	// when it gives none), and so does host:port, [v6] or host/path, read as
	// a URL without its scheme. A host alone does not.
	NamesPort bool
	// URL is the https:// URL the text was, "" when it was none, cut to its
	// scheme, host and port as written (https://host[:port]): its path, query
	// and fragment play no part in TLS, and a query may hold a token, so they
	// are left out.
	URL string
	// Path is the path a client of the text asks for, as URLPath writes it:
	// a URL's ("/" for none), host/path's; "" for a host (and host:port)
	// alone, which names none. Never its query or fragment.
	Path string
}

// pathMarks are the characters a URL path keeps as they are, besides
// letters and digits (RFC 3986's pchar and "/", but the quote mark).
const pathMarks = "-._~/%:@!$&()*+,;="

// maxPath is the longest path a scenario asks for.
const maxPath = 1024

// URLPath is path as a URL writes it, to be asked for: starting with /, any
// byte but a letter, a digit or one of pathMarks %-escaped. So it holds no
// quote, backslash, space or control character, whatever quotes it.
func URLPath(path string) string {
	var b strings.Builder
	if !strings.HasPrefix(path, "/") {
		b.WriteByte('/')
	}
	for i := 0; i < len(path); i++ {
		c := path[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(pathMarks, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// HostTextError is why a text cannot be read as a host. Port says it is the
// port that is wrong; Host is the host the text names when one can be read
// (a URL of another scheme, with a user name), for a message that suggests it.
type HostTextError struct {
	Msg  string
	Port bool
	Host string
}

func (e *HostTextError) Error() string { return e.Msg }

// ReadHost reads a host typed or pasted: a DNS name or an IP address, host:port,
// [v6]:port, or a whole https:// URL pasted from code or a browser
// (https://api.example.com:8443/v1/x: the host and the port, the rest left out).
// //host/path (relative to its scheme) is read as host/path. What no TLS
// client would dial as it is, it refuses in words: another scheme (http://
// has no TLS at all), a scheme without its // (https:/h), a user name or
// password, a path or a port with no host before it, a port that is not one,
// an IPv6 address's zone (%eth0). An empty text is an empty host.
func ReadHost(s string) (HostText, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return HostText{}, nil
	}
	shown := Quote(s, 80)
	scheme, rest, hasScheme := strings.Cut(s, "://")
	if hasScheme && !isScheme(scheme) {
		// A :// after the host (host/x?u=https://y) is no scheme of the text.
		scheme, rest, hasScheme = "", "", false
	}
	if !hasScheme {
		// A URL's scheme with one slash or none after it (https:/h, https:h),
		// said without its user name and password.
		if name, after, ok := strings.Cut(s, ":"); ok && urlSchemes[strings.ToLower(name)] {
			tail := strings.TrimLeft(after, "/")
			slashes := after[:len(after)-len(tail)]
			tail = MaskUserinfo(tail)
			return HostText{}, &HostTextError{Msg: fmt.Sprintf("%s lacks the // after its scheme: %s",
				Quote(name+":"+slashes+tail, 80), Quote(name+"://"+tail, 80))}
		}
		// host, host:port, [IPv6]:port, host/path: as a URL without its scheme,
		// and so is //host/path, a URL relative to its scheme.
		// A bare IPv6 address (two colons or more, no brackets) is a host.
		if strings.Count(s, ":") > 1 && !strings.HasPrefix(s, "[") && !strings.ContainsAny(s, "/?#@[]") {
			if err := zoneError(s, false); err != nil {
				return HostText{}, err
			}
			return HostText{Host: s}, nil
		}
		if !strings.ContainsAny(s, ":/[?#@") {
			return HostText{Host: s}, nil
		}
		rest = strings.TrimPrefix(s, "//")
	}
	authority, tail := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority, tail = rest[:i], rest[i:]
	}
	// A user name or password ends at the last @ (as url.Parse and every
	// client read it): the host is after it, in every branch below.
	userinfo := false
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		authority, userinfo = authority[at+1:], true
	}
	const userWords = "the text carries a user name or password (before @)"
	alsoUser := ""
	if userinfo {
		alsoUser = "; " + userWords + " too: leave it out"
	}
	host, port, hasPort, splitErr := splitAuthority(authority)
	switch s := strings.ToLower(scheme); {
	case !hasScheme && authority == "" && !userinfo:
		return HostText{}, &HostTextError{Msg: fmt.Sprintf("%s has no host: give a host name, an IP address or an https:// URL", shown)}
	case !hasScheme:
	case s == "http":
		return HostText{}, &HostTextError{Msg: "http:// uses no TLS at all, so there is nothing to verify: give an https:// URL, or the host alone" + alsoUser, Host: host}
	case s != "https":
		return HostText{}, &HostTextError{Msg: fmt.Sprintf("%s is not https://, the only scheme read here: give an https:// URL, or the host alone%s", Quote(scheme+"://", 20), alsoUser), Host: host}
	case authority == "" && !userinfo:
		return HostText{}, &HostTextError{Msg: "the URL has no host name after https://"}
	}
	if userinfo {
		return HostText{}, &HostTextError{Msg: userWords + ": leave it out, it plays no part in TLS", Host: host}
	}
	if splitErr != nil {
		return HostText{}, splitErr
	}
	if host == "" && hasPort {
		return HostText{}, &HostTextError{Msg: fmt.Sprintf("%s has no host before its port: give a host name or an IP address", shown)}
	}
	if err := zoneError(host, hasScheme); err != nil {
		return HostText{}, err
	}
	t := HostText{Host: host, NamesPort: true}
	if hasPort {
		n, err := ReadPort(port)
		if err != nil {
			return HostText{}, &HostTextError{Msg: err.Error(), Port: true, Host: host}
		}
		t.Port = n
	}
	u, err := url.Parse("https://" + authority)
	if err != nil || u.Hostname() == "" || host == "" {
		return HostText{}, &HostTextError{Msg: fmt.Sprintf("%s cannot be read as host:port (a host name has no spaces, and an IPv6 address goes in brackets: [2001:db8::1]:8443)", Quote(authority, 80))}
	}
	t.Host = u.Hostname()
	if hasScheme {
		t.URL = scheme + "://" + authority
	}
	if path, _, _ := strings.Cut(tail, "?"); hasScheme || tail != "" {
		path, _, _ = strings.Cut(path, "#")
		t.Path = URLPath(path)
	}
	return t, nil
}

// MaskUserinfo is s with the user name and password its host comes after
// (up to the last @ before the path) replaced by "…", for a message that
// repeats what was typed: a password is never repeated back.
func MaskUserinfo(s string) string {
	start := 0
	if i := strings.Index(s, "://"); i >= 0 {
		start = i + len("://")
	}
	authority := s[start:]
	if i := strings.IndexAny(authority, "/?#"); i >= 0 {
		authority = authority[:i]
	}
	at := strings.LastIndex(authority, "@")
	if at < 0 {
		return s
	}
	return s[:start] + "…" + s[start+at:]
}

// isScheme reports whether s is a URL's scheme as RFC 3986 writes one: a
// letter, then letters, digits, +, - and dots.
func isScheme(s string) bool {
	for i, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
		case i > 0 && ('0' <= r && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// urlSchemes are the schemes a text that lacks the // after one is read as
// a URL of: a host is not named so.
var urlSchemes = map[string]bool{"https": true, "http": true, "ftp": true, "ftps": true, "ws": true, "wss": true}

// zoneError refuses an IPv6 address with a zone (fe80::1%eth0, in a URL
// fe80::1%25eth0): the zone names a network interface of one machine, which
// no TLS client sends and no certificate names.
func zoneError(host string, inURL bool) error {
	i := strings.IndexByte(host, '%')
	if i < 0 || !strings.Contains(host[:i], ":") {
		return nil
	}
	zone := host[i+1:]
	if inURL {
		zone = strings.TrimPrefix(zone, "25")
	}
	return &HostTextError{Msg: fmt.Sprintf("%s carries a zone (%s), the network interface of one machine, which no TLS client sends and no certificate names: give the address without it, %s",
		Quote(host[:i]+"%"+zone, 80), Quote("%"+zone, 20), Quote(host[:i], 60))}
}

// SNIAddressWords is what is said of an IP address given as SNI, after it,
// wherever one is typed (the editor's SNI field, the probe's, the worker's
// sni=): a client sends no SNI for an address, so none would be sent.
const SNIAddressWords = "is an IP address, which SNI never carries (RFC 6066: a DNS name alone): leave it empty to send none"

// PortWords is what a port is, said wherever one is typed: 0 is none, and
// no port at all is HTTPS's 443.
const PortWords = "a port is 1 to 65535 (without one, 443)"

// splitAuthority takes a URL's host[:port] apart: the host without brackets,
// the port's text, and whether a colon gave one.
func splitAuthority(a string) (host, port string, hasPort bool, err error) {
	if inner, ok := strings.CutPrefix(a, "["); ok {
		h, after, ok := strings.Cut(inner, "]")
		if !ok || after != "" && after[0] != ':' {
			return h, "", false, &HostTextError{Msg: fmt.Sprintf("%s cannot be read as [IPv6 address]:port", Quote(a, 80))}
		}
		host, a = h, after
		if a == "" {
			return host, "", false, nil
		}
		a = a[1:]
		hasPort = true
	} else if h, p, ok := strings.Cut(a, ":"); ok {
		if strings.Contains(p, ":") {
			return "", "", false, &HostTextError{Msg: fmt.Sprintf("%s cannot be read as host:port: an IPv6 address goes in brackets, [2001:db8::1]:8443", Quote(a, 80))}
		}
		host, a, hasPort = h, p, true
	} else {
		return a, "", false, nil
	}
	if a == "" {
		return host, "", true, &HostTextError{Msg: "the host ends with a colon but gives no port after it", Port: true, Host: host}
	}
	return host, a, true, nil
}
