package scenario

import (
	"errors"
	"strings"
	"testing"
)

// ReadHost reads what a person types or pastes for a host: a host, host:port,
// or an https:// URL, whose host and port it takes; anything else it refuses,
// saying what is wrong.
func TestReadHost(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want HostText
		err  string // a part of the message, "" for none
		port bool   // the error is the port's
		host string // the host the error names
	}{
		{in: "api.example.com", want: HostText{Host: "api.example.com"}},
		{in: "  api.example.com.  ", want: HostText{Host: "api.example.com."}},
		{in: "192.0.2.10", want: HostText{Host: "192.0.2.10"}},
		{in: "2001:db8::1", want: HostText{Host: "2001:db8::1"}},
		{in: "api.example.com:8443", want: HostText{Host: "api.example.com", Port: 8443, NamesPort: true}},
		{in: "api.example.com/v1/x", want: HostText{Host: "api.example.com", NamesPort: true, Path: "/v1/x"}},
		{in: "[2001:db8::1]:8443", want: HostText{Host: "2001:db8::1", Port: 8443, NamesPort: true}},
		{in: "[2001:db8::1]", want: HostText{Host: "2001:db8::1", NamesPort: true}},
		{in: "https://api.example.com:8443/v1/x", want: HostText{Host: "api.example.com", Port: 8443, NamesPort: true, URL: "https://api.example.com:8443", Path: "/v1/x"}},
		{in: "HTTPS://api.example.com./v1?q=1#f", want: HostText{Host: "api.example.com.", NamesPort: true, URL: "HTTPS://api.example.com.", Path: "/v1"}},
		{in: "https://[2001:db8::1]/", want: HostText{Host: "2001:db8::1", NamesPort: true, URL: "https://[2001:db8::1]", Path: "/"}},
		{in: "https://api.example.com", want: HostText{Host: "api.example.com", NamesPort: true, URL: "https://api.example.com", Path: "/"}},
		{in: "https://api.example.com/a b/'x'/\"q\"/{c}?token=s3cret", want: HostText{Host: "api.example.com", NamesPort: true, URL: "https://api.example.com", Path: "/a%20b/%27x%27/%22q%22/%7Bc%7D"}},
		{in: "", want: HostText{}},

		{in: "ftp://api.example.com/pub", err: `"ftp://" is not https://`, host: "api.example.com"},
		{in: "FTP://api.example.com", err: `"FTP://" is not https://`, host: "api.example.com"},
		{in: "http://api.example.com/", err: "http:// uses no TLS at all", host: "api.example.com"},
		{in: "wss://api.example.com/", err: `"wss://" is not https://`, host: "api.example.com"},
		{in: "/v1/x", err: `"/v1/x" has no host`},
		{in: "?next=/", err: "has no host"},
		{in: "https://", err: "no host name after https://"},
		{in: "https:///v1", err: "no host name after https://"},
		{in: "https://user:secret@api.example.com/", err: "user name or password", host: "api.example.com"},
		{in: "user@api.example.com", err: "user name or password", host: "api.example.com"},
		// The host a URL of another scheme names is the one after its user
		// name (after the last @, as url.Parse and every client read it).
		{in: "http://user:pw@bank.example/", err: "http:// uses no TLS at all", host: "bank.example"},
		{in: "http://user:pw@bank.example/", err: "user name or password (before @) too", host: "bank.example"},
		{in: "ftp://me:secret@bank.example/pub", err: `"ftp://" is not https://`, host: "bank.example"},
		{in: "ftp://me:secret@bank.example/pub", err: "user name or password (before @) too", host: "bank.example"},
		{in: "http://bank.example:8080@evil.example/", err: "http:// uses no TLS at all", host: "evil.example"},
		{in: "ftp://me@bank.example/", err: `"ftp://" is not https://`, host: "bank.example"},
		{in: "https://a@b@bank.example/", err: "user name or password", host: "bank.example"},
		{in: "https://api.example.com:99999/", err: `"99999" is not a port number: a port is 1 to 65535`, port: true, host: "api.example.com"},
		{in: "api.example.com:https", err: `"https" is not a port number`, port: true, host: "api.example.com"},
		{in: "api.example.com:", err: "gives no port", port: true, host: "api.example.com"},
		{in: "api.example.com:+443", err: `"+443" is not a port number: a port is 1 to 65535`, port: true, host: "api.example.com"},
		{in: "https://api.example.com:-1/", err: `"-1" is not a port number`, port: true, host: "api.example.com"},
		{in: "https://api example.com/", err: "cannot be read as host:port"},
		{in: "https://2001:db8::1/", err: "an IPv6 address goes in brackets"},
		{in: "https://[2001:db8::1/", err: "cannot be read as [IPv6 address]:port"},
		{in: "https://:8443/", err: `"https://:8443/" has no host before its port`},
		// Near misses, said for what they are.
		{in: "https:/bank.example", err: `"https:/bank.example" lacks the // after its scheme: "https://bank.example"`},
		{in: "https:bank.example", err: `"https:bank.example" lacks the // after its scheme: "https://bank.example"`},
		{in: "HTTPS:bank.example:8443/x", err: `lacks the // after its scheme: "HTTPS://bank.example:8443/x"`},
		{in: "http:/bank.example", err: `lacks the // after its scheme: "http://bank.example"`},
		{in: "https:me:pw@bank.example", err: `"https:…@bank.example" lacks the // after its scheme: "https://…@bank.example"`},
		{in: "https:/me:pw@bank.example/x", err: `"https:/…@bank.example/x" lacks the //`},
		// A :// after the host is no scheme of the text.
		{in: "me:pw@bank.example/ftp://x", err: "user name or password", host: "bank.example"},
		{in: "bank.example/?u=https://x", want: HostText{Host: "bank.example", NamesPort: true, Path: "/"}},
		{in: "bank.example:/x", err: "gives no port", port: true, host: "bank.example"},
		{in: "localhost:https", err: `"https" is not a port number`, port: true, host: "localhost"},
		{in: "//bank.example/", want: HostText{Host: "bank.example", NamesPort: true, Path: "/"}},
		{in: "//bank.example:8443/x", want: HostText{Host: "bank.example", Port: 8443, NamesPort: true, Path: "/x"}},
		{in: "///x", err: `"///x" has no host`},
		{in: ":443", err: `":443" has no host before its port`},
		{in: "[fe80::1%eth0]", err: `"fe80::1%eth0" carries a zone ("%eth0"), the network interface of one machine, which no TLS client sends and no certificate names: give the address without it, "fe80::1"`},
		{in: "[fe80::1%eth0]:8443", err: `carries a zone ("%eth0")`},
		{in: "https://[fe80::1%25eth0]/", err: `carries a zone ("%eth0")`},
		{in: "fe80::1%eth0", err: `carries a zone ("%eth0")`},
	} {
		got, err := ReadHost(tc.in)
		if tc.err == "" {
			if err != nil || got != tc.want {
				t.Errorf("ReadHost(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
			continue
		}
		var he *HostTextError
		if !errors.As(err, &he) || !strings.Contains(he.Msg, tc.err) || he.Port != tc.port || he.Host != tc.host || got != (HostText{}) {
			t.Errorf("ReadHost(%q) = %+v, %#v; want an error saying %q (port %v, host %q)", tc.in, got, err, tc.err, tc.port, tc.host)
		}
	}
}

// A long text is clipped in what is said of it, in each message that
// repeats a part of it.
func TestReadHostClips(t *testing.T) {
	for _, tc := range []struct{ in, says string }{
		{strings.Repeat("a", 5000) + "://bank.example/", "is not https://"},
		{"/" + strings.Repeat("é", 3000), "has no host"},
		{"https://" + strings.Repeat("a b", 2000) + "/", "cannot be read as host:port"},
		{"https://[" + strings.Repeat("1:", 3000) + "/", "cannot be read as [IPv6 address]:port"},
		{"https://" + strings.Repeat("1:", 3000) + "/", "an IPv6 address goes in brackets"},
		{"bank.example:" + strings.Repeat("9", 5000), "is not a port number"},
		{"https:" + strings.Repeat("a", 5000), "lacks the // after its scheme"},
		{"[fe80::1%" + strings.Repeat("e", 5000) + "]", "carries a zone"},
	} {
		_, err := ReadHost(tc.in)
		if err == nil || len(err.Error()) > 400 || !strings.Contains(err.Error(), tc.says) || !strings.Contains(err.Error(), " characters)") {
			t.Errorf("%.40q: a message of %d bytes: %.300v", tc.in, len(err.Error()), err)
		}
	}
}
