package explain

import (
	"fmt"
	"slices"
	"strings"
)

// A TLS-inspecting proxy in the text: a client refusing the chain of a
// public site whose CA every default store holds (certifi's, the machine's,
// Node's, Go's), or refusing a chain it got through a proxy, is, as a rule,
// a company's proxy re-signing the site with the company's own root
// (corporate-proxy). Real, here (review 19): pip, requests and curl,
// through a CONNECT proxy that re-signs pypi.org, each printed the words of
// an issuer their bundle lacks, which the private-CA stories print too.

// publicHosts are hosts of public services whose certificates a public CA
// in every default store issues (lower case): the Python Package Index's
// (pipIndexHosts), GitHub's, npm's, Go's module proxy, and a few more that
// developers' tools fetch from. A name ending in one of them counts
// (namesPublicHost).
var publicHosts = append(slices.Clip(pipIndexHosts),
	"github.com", "githubusercontent.com", "registry.npmjs.org", "registry.yarnpkg.com",
	"proxy.golang.org", "sum.golang.org", "rubygems.org", "crates.io",
	"repo.maven.apache.org", "repo1.maven.org", "huggingface.co", "anaconda.org", "anaconda.com",
	"google.com", "googleapis.com", "api.openai.com", "docker.io", "gitlab.com", "bitbucket.org")

// proxyMarks show a proxy in play (lower case): the variables that name
// one, requests' proxies= and its ProxyError ("Tunnel connection failed"),
// and curl -v's lines of a tunnel through one (curl 7.88: "* Establish HTTP
// proxy tunnel to HOST:443", "> CONNECT HOST:443 HTTP/1.1", "* CONNECT
// tunnel established"), and its -x and --proxy.
var proxyMarks = []string{"https_proxy=", "http_proxy=", "all_proxy=", "https_proxy ==", "http_proxy ==", "proxies=", "proxyerror", "tunnel connection failed",
	"establish http proxy tunnel", "\n> connect ", "connect tunnel established", "connect phase completed", " -x http", " --proxy "}

// proxyLikely reports whether lower (a text in lower case) names a public
// host or shows a proxy in play.
func proxyLikely(lower string) bool {
	return publicHostIn(lower) != "" || containsAny(lower, proxyMarks)
}

// publicHostIn is the first of publicHosts that lower names as a whole name
// or its end (pypi.org and test.pypi.org, not mypypi.org nor
// pypi.org.example), "" for none.
func publicHostIn(lower string) string {
	for _, h := range publicHosts {
		for i := 0; ; {
			j := strings.Index(lower[i:], h)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(h)
			if (start == 0 || !hostByte(lower[start-1]) || lower[start-1] == '.') && (end == len(lower) || !hostByte(lower[end]) || lower[end] == '.' && (end+1 == len(lower) || !hostByte(lower[end+1]))) {
				return h
			}
			i = end
		}
	}
	return ""
}

// proxyFirst puts corporate-proxy first of the stories that share the
// first rank when the text names a public host or shows a proxy in play
// (proxyLikely): the stories tied with it print the same words. Not where
// the first story is one whose courier names the bundle the text names
// (Match.Bundle), which the note says come first.
func proxyFirst(ms []Match, lower string) {
	if len(ms) == 0 || ms[0].Bundle || !proxyLikely(lower) {
		return
	}
	i := slices.IndexFunc(ms, func(x Match) bool { return x.ID == corporateProxy && x.Rank == ms[0].Rank })
	if i > 0 {
		lead := ms[i]
		copy(ms[1:i+1], ms[:i])
		ms[0] = lead
	}
}

// ShowcertsCall is the command every surface's note gives for the server's
// chain. Behind a proxy it dials the host itself, past the proxy: where
// only the proxy resolves names it fails (BIO_lookup_ex … Name or service
// not known), and elsewhere it shows the site's real chain, not the one
// the proxy re-signed; throughProxy gives the one that goes through it.
const ShowcertsCall = "openssl s_client -connect HOST:443 -showcerts"

// NameHost is the host as a note's tlsplay inspect is given it where the
// text shows none: throughProxy names the host the text shows, as the
// s_client command before it does.
const NameHost = "--name HOST"

// ProxyPlaceholder stands for the proxy's address where the text shows a
// proxy in play but not its host and port.
const ProxyPlaceholder = "PROXYHOST:PORT"

// ProxyAsideWords (a format, %s the command) are said after a note's
// ShowcertsCall of a text that names a public host but shows no proxy:
// one the variables name goes unseen in a client's error.
const ProxyAsideWords = "Behind a proxy that HTTPS_PROXY names, ask through it, or s_client dials past it (and fails where only the proxy resolves names, or shows the site's own chain, not the one your client got): %s."

// throughProxy is note, a surface's words holding ShowcertsCall, with that
// command asked through the proxy the text shows in play (proxyMarks:
// proxyShowcerts), or, of a text naming a public host, with
// ProxyAsideWords after it.
func throughProxy(note, text string) string {
	lower := lowerASCII(text)
	if !strings.Contains(note, ShowcertsCall) {
		return note
	}
	if containsAny(lower, proxyMarks) {
		note = strings.Replace(note, ShowcertsCall, proxyShowcerts(text), 1)
		if host, _ := pastedTarget(text); host != "" {
			// The command before it names the host: so does inspect's.
			note = strings.Replace(note, NameHost, "--name "+ShellQuote(host), 1)
		}
		return note
	}
	if publicHostIn(lower) != "" {
		return note + " " + fmt.Sprintf(ProxyAsideWords, proxyShowcerts(text))
	}
	return note
}

// What the note says where corporate-proxy leads the tie (proxyFirst) of a
// client's text other than pip's (PipIndexWords says it of pip's): why.
// ProxyHostWords (a format, %s the host) of a text naming a public host,
// else ProxyInPlayWords; then ProxyRootWords.
const (
	ProxyHostWords   = "Your text names %s, whose certificate a public CA issues that every client's default bundle holds (certifi's, the machine's store, Node's): a refusal of its chain means something between you and it re-signs the connection"
	ProxyInPlayWords = "Your text shows a proxy in play: a refusal of the chain it passed on means, as a rule, that the proxy re-signs the connection"
	ProxyRootWords   = ", as a company's TLS-inspecting proxy does (Zscaler, a firewall: corporate-proxy, listed first) with the company's own root. Ask IT for that root certificate (a PEM file): the story says how your client trusts it."
)

// proxyLeadWords is what the note says of a tie corporate-proxy leads
// (ProxyHostWords or ProxyInPlayWords, then ProxyRootWords), "" where it
// does not lead or pip printed the text.
func proxyLeadWords(text string, matches []Match) string {
	if matches[0].ID != corporateProxy || matches[0].Program == Pip {
		return ""
	}
	lower := lowerASCII(text)
	if h := publicHostIn(lower); h != "" {
		return fmt.Sprintf(ProxyHostWords, h) + ProxyRootWords
	}
	return ProxyInPlayWords + ProxyRootWords
}

// proxyShowcerts is the s_client command that asks for the chain through
// the proxy the text shows, as OpenSSL 3.0.19 here showed the chain a
// TLS-inspecting proxy re-signed ("i:O = Globex, CN = Globex Secure Web
// Gateway") where -connect alone failed ("BIO_lookup_ex … Name or service
// not known"): -proxy with the proxy's host and port where the text shows
// them (proxyAddr), else ProxyPlaceholder said as such; -connect and
// -servername the host the text names (pastedTarget), else HOST; each
// quoted for the shell.
func proxyShowcerts(text string) string {
	proxy, said := ProxyPlaceholder, " ("+ProxyPlaceholder+": your proxy's host and port, as HTTPS_PROXY names it)"
	if addr := proxyAddr(text); addr != "" {
		proxy, said = ShellQuote(addr), ""
	}
	host, port := pastedTarget(text)
	if host == "" {
		host, port = "HOST", "443"
	} else {
		host = ShellQuote(host)
	}
	return "openssl s_client -proxy " + proxy + " -connect " + host + ":" + port + " -servername " + host + " -showcerts" + said
}

// proxyVars are where a text shows the proxy's URL (lower case): a
// variable set on a command line or in curl -v's "Uses proxy env variable
// HTTPS_PROXY == 'URL'", and curl's -x and --proxy.
var proxyVars = []string{"https_proxy=", "https_proxy == ", "all_proxy=", "all_proxy == ", "http_proxy=", "http_proxy == ", " -x ", " --proxy "}

// proxyAddr is the proxy's host:port as the text shows it (proxyVars): the
// URL's scheme and any user name and password left out, "" where the text
// shows no port (clients differ on the default) or a host of characters no
// host name holds.
func proxyAddr(text string) string {
	lower := lowerASCII(text)
	for _, v := range proxyVars {
		i := strings.Index(lower, v)
		if i < 0 {
			continue
		}
		url := strings.TrimLeft(text[i+len(v):], "'\" ")
		url = url[:strings.IndexFunc(url+" ", func(r rune) bool { return r == ' ' || r == '\'' || r == '"' || r == '\n' || r == '\r' || r == '\t' })]
		if _, rest, ok := strings.Cut(url, "://"); ok {
			url = rest
		}
		url, _, _ = strings.Cut(url, "/")
		if at := strings.LastIndexByte(url, '@'); at >= 0 {
			url = url[at+1:]
		}
		colon := strings.LastIndexByte(url, ':')
		if colon <= 0 || colon == len(url)-1 || strings.Trim(url[colon+1:], "0123456789") != "" || !plainHost(lowerASCII(url[:colon])) {
			return ""
		}
		return url
	}
	return ""
}

// plainHost reports whether h is a host name or an IP address (IPv6 in
// brackets).
func plainHost(h string) bool {
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		return len(h) > 2 && strings.Trim(h[1:len(h)-1], "0123456789abcdef:.") == ""
	}
	return h != "" && strings.Trim(h, "abcdefghijklmnopqrstuvwxyz0123456789-.") == ""
}

// targetMarks are where a text names the host its client dialled, each
// followed by host:port or host and port (requests' "host='HOST',
// port=443", curl -v's tunnel lines).
var targetMarks = []struct{ mark, portMark string }{
	{"host='", "', port="},
	{"establish http proxy tunnel to ", ":"},
	{"\n> connect ", ":"},
}

// pastedTarget is the host and port the text shows its client dialling
// (targetMarks, else the first https:// URL's but a page of docHosts), ""
// where it shows none plainly.
func pastedTarget(text string) (host, port string) {
	lower := lowerASCII(text)
	for _, t := range targetMarks {
		i := strings.Index(lower, t.mark)
		if i < 0 {
			continue
		}
		rest := text[i+len(t.mark):]
		j := strings.Index(rest, t.portMark)
		if j <= 0 {
			continue
		}
		host, digits := rest[:j], rest[j+len(t.portMark):]
		port = digits[:len(digits)-len(strings.TrimLeft(digits, "0123456789"))]
		if plainHost(lowerASCII(host)) && port != "" {
			return host, port
		}
	}
	for i := 0; ; {
		j := strings.Index(lower[i:], "https://")
		if j < 0 {
			return "", ""
		}
		i += j + len("https://")
		rest := text[i:]
		end := strings.IndexAny(rest+"/", "/ '\"\n\r\t?#")
		host, port, ok := strings.Cut(rest[:end], ":")
		if !ok {
			port = "443"
		}
		if plainHost(lowerASCII(host)) && port != "" && strings.Trim(port, "0123456789") == "" && !slices.Contains(docHosts, lowerASCII(host)) {
			return host, port
		}
	}
}

// docHosts are the hosts of the pages clients' errors point to, never
// the one they dialled (curl's "More details here: https://curl.se/docs/
// sslcerts.html", urllib3's warnings).
var docHosts = []string{"curl.se", "urllib3.readthedocs.io"}
