package explain

import (
	"slices"
	"strconv"
	"strings"

	"github.com/tlsplay/tlsplay/internal/wordlist"
)

// MessagePart is a piece of a client's message: text, or (Varies set) a part
// that changes from one run of the client to the next, which the page shows
// by its name.
type MessagePart struct {
	Text   string
	Varies string // what it is, for a tooltip; "" for plain text
}

// Varies are the placeholders explain leaves in a client's message, and
// what each stands for.
var Varies = wordlist.List{
	{"line", "a line of the C source that raised it, Python's or OpenSSL's: it differs from one build to another"},
	{"thread", "OpenSSL's thread id: it differs from run to run"},
	{"openssl_version", "the version of OpenSSL curl was built with"},
}

// MessageParts splits a client's message as the page shows it. The port is the
// scenario's: a URL leaves out 443 as clients print it; other placeholders
// ({line}, {thread}, {openssl_version}) become parts named after them.
func MessageParts(msg string, port int) []MessagePart {
	var parts []MessagePart
	text := func(s string) {
		if s == "" {
			return
		}
		if n := len(parts); n > 0 && parts[n-1].Varies == "" {
			parts[n-1].Text += s
			return
		}
		parts = append(parts, MessagePart{Text: s})
	}
	for msg != "" {
		open := strings.IndexByte(msg, '{')
		end := strings.IndexByte(msg[max(open, 0):], '}') + max(open, 0)
		if open < 0 || end < open {
			text(msg)
			break
		}
		name := msg[open+1 : end]
		what, varies := Varies.Get(name)
		switch {
		case name == "port" && strings.HasSuffix(msg[:open], ":") && port == 443:
			text(msg[:open-1]) // https://host:443/ is printed https://host/
		case name == "port":
			text(msg[:open] + strconv.Itoa(port))
		case varies:
			text(msg[:open])
			parts = append(parts, MessagePart{Text: name, Varies: what})
		default:
			text(msg[:end+1])
		}
		msg = msg[end+1:]
	}
	return parts
}

// MessageText is a client's message as a terminal shows it: MessageParts
// joined, each part that changes from run to run kept as its {name}, which
// varies says in words.
func MessageText(msg string, port int) (text string, varies []string) {
	var b strings.Builder
	for _, p := range MessageParts(msg, port) {
		if p.Varies == "" {
			b.WriteString(p.Text)
			continue
		}
		b.WriteString("{" + p.Text + "}")
		if note := "{" + p.Text + "} is " + p.Varies; !slices.Contains(varies, note) {
			varies = append(varies, note)
		}
	}
	return b.String(), varies
}

// Printed is a client's message as the person sees it printed: for requests,
// the exception's class before its message, as the last line of Python's
// traceback says it ("requests.exceptions.SSLError: HTTPSConnectionPool(…)");
// the other clients' messages hold what they print as they are.
func Printed(client, class, msg string) string {
	if (client == Requests || client == Requests1) && strings.HasPrefix(class, "requests.") && !strings.HasPrefix(msg, class) {
		return class + ": " + msg
	}
	return msg
}
