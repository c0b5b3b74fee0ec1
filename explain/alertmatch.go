package explain

import (
	"slices"
	"strings"
)

// A TLS alert the paste names is what the peer said, and an alert is named
// only in one client's words at a time: a message naming another alert is
// another error, however much of its words (OpenSSL's "SSL
// routines:ssl3_read_bytes:… :SSL alert number …") the two share. Pasted
// "tlsv1 alert decode error", no story that receives "tlsv1 alert unknown ca"
// is its story.
//
// The names are read in three families, each compared only with its own:
// OpenSSL's reason strings for a received alert (ssl/ssl_err.c: "sslv3 alert
// handshake failure", "tlsv1 alert unknown ca", "tlsv13 alert certificate
// required", "tlsv1 unrecognized name"; Python's mnemonic and Node's code
// write them with underscores: TLSV1_ALERT_DECODE_ERROR,
// ERR_SSL_TLSV1_ALERT_DECODE_ERROR), the number s_client and Node print after
// them ("SSL alert number 50"), and Go's (crypto/tls's alertText after
// "remote error: tls: ": "error decoding message").
type alertNames [3][]string

// alertFamilies are, per family, what comes before an alert's name.
var alertFamilies = [len(alertNames{})][]string{
	{"sslv3 alert ", "tlsv1 alert ", "tlsv13 alert ", "sslv3_alert_", "tlsv1_alert_", "tlsv13_alert_",
		"tlsv1 unrecognized ", "tlsv1 unsupported ", "tlsv1 certificate ", "tlsv1 bad ",
		"tlsv1_unrecognized_", "tlsv1_unsupported_", "tlsv1_certificate_", "tlsv1_bad_"},
	{"ssl alert number "},
	{"remote error: tls: "},
}

// maxAlerts is how many alerts of one family a paste names at most: one
// naming more (no client prints more than a few) says nothing of which
// alert the peer sent, and is read as naming none of that family.
const maxAlerts = 32

// alertsIn are the alerts lower (text in lower case) names, by family: the
// run of letters (of digits, for the number) after each prefix, with its
// underscores read as spaces. A prefix's own last word is part of the name
// where the prefix ends inside it ("tlsv1 unrecognized name").
func alertsIn(lower string) alertNames {
	var out alertNames
	for f, prefixes := range alertFamilies {
		seen := map[string]bool{}
		for _, prefix := range prefixes {
			for rest := lower; len(seen) <= maxAlerts; {
				i := strings.Index(rest, prefix)
				if i < 0 {
					break
				}
				rest = rest[i+len(prefix):]
				n := 0
				for n < len(rest) && alertByte(f, rest[n]) {
					n++
				}
				name := strings.TrimSpace(strings.ReplaceAll(rest[:n], "_", " "))
				if !strings.Contains(prefix, "alert") && f == 0 {
					// "tlsv1 unrecognized " + "name"
					words := strings.Fields(strings.ReplaceAll(prefix, "_", " "))
					name = strings.TrimSpace(words[len(words)-1] + " " + name)
				}
				if name != "" && !seen[name] {
					seen[name] = true
					out[f] = append(out[f], name)
				}
			}
		}
		if len(seen) > maxAlerts {
			out[f] = nil
		}
	}
	return out
}

// alertByte reports whether c may stand in an alert's name of family f.
func alertByte(f int, c byte) bool {
	if f == 1 {
		return c >= '0' && c <= '9'
	}
	return c >= 'a' && c <= 'z' || c == ' ' || c == '_'
}

// otherAlert reports whether a message naming the alerts msg names cannot be
// the paste naming the alerts paste names: in some family both name alerts,
// and none the same. A pasted name read on past the alert's own words ("bad
// certificate when dialling") names the alert it starts with.
func otherAlert(msg, paste alertNames) bool {
	for f := range msg {
		if len(msg[f]) == 0 || len(paste[f]) == 0 {
			continue
		}
		same := slices.ContainsFunc(msg[f], func(n string) bool {
			return slices.ContainsFunc(paste[f], func(p string) bool { return p == n || strings.HasPrefix(p, n+" ") })
		})
		if !same {
			return true
		}
	}
	return false
}

// An OpenSSL error ("error:0A00018E:SSL routines::ca md too weak", with its
// function between the colons before OpenSSL 3) ends with its reason, and a
// message whose error gives another reason is another error, however much of
// its words the two share: curl's "could not load PEM client certificate
// from …, OpenSSL error …" is the same sentence for a file with no
// certificate in it ("no start line") and for a badge signed with SHA-1
// ("ca md too weak").
// opensslReasons are the reasons of the OpenSSL errors in lower (text in
// lower case), as error:XXXXXXXX:LIB routines:FUNC:REASON writes them; at
// most max.
func opensslReasons(lower string, max int) []string {
	var out []string
	for i := 0; len(out) < max; {
		j := strings.Index(lower[i:], "error:")
		if j < 0 {
			break
		}
		start := i + j
		i = start + 1
		p := start + len("error:")
		if p+9 > len(lower) || strings.IndexFunc(lower[p:p+8], func(r rune) bool { return !isHex(r) }) >= 0 || lower[p+8] != ':' {
			continue
		}
		// [a-z0-9 ]*routines: then the function, [a-z0-9_]*:
		lib := runEnd(lower, p+9, func(c byte) bool { return isLowerAlnum(c) || c == ' ' })
		if lib >= len(lower) || lower[lib] != ':' || !strings.HasSuffix(lower[p+9:lib], "routines") {
			continue
		}
		fn := runEnd(lower, lib+1, func(c byte) bool { return isLowerAlnum(c) || c == '_' })
		if fn >= len(lower) || lower[fn] != ':' {
			continue
		}
		// The reason: [a-z0-9][a-z0-9 _-]*[a-z0-9], as long as it goes.
		from := fn + 1
		to := runEnd(lower, from, func(c byte) bool { return isLowerAlnum(c) || c == ' ' || c == '_' || c == '-' })
		for to > from && !isLowerAlnum(lower[to-1]) {
			to--
		}
		if to-from < 2 || !isLowerAlnum(lower[from]) {
			continue
		}
		out = append(out, lower[from:to])
		i = to
	}
	return out
}

// pythonReasons are the reasons as Python's SSLError names them, by their
// mnemonics ("[SSL: EE_KEY_TOO_SMALL] ee key too small", in lower case
// here: [lib: reason]), OpenSSL's reason strings in capitals with
// underscores for their spaces; at most max.
func pythonReasons(lower string, max int) []string {
	var out []string
	for i := 0; len(out) < max; {
		j := strings.IndexByte(lower[i:], '[')
		if j < 0 {
			break
		}
		i += j + 1
		lib := runEnd(lower, i, isLowerAlnum)
		if lib == i || !strings.HasPrefix(lower[lib:], ": ") {
			continue
		}
		from := lib + 2
		to := runEnd(lower, from, func(c byte) bool { return isLowerAlnum(c) || c == '_' })
		if to == from || !isLowerAlnum(lower[from]) || to >= len(lower) || lower[to] != ']' {
			continue
		}
		out = append(out, lower[from:to])
		i = to + 1
	}
	return out
}

// runEnd is where the run of bytes in from lower[at:] ends.
func runEnd(lower string, at int, in func(byte) bool) int {
	for at < len(lower) && in(lower[at]) {
		at++
	}
	return at
}

func isLowerAlnum(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

func isHex(r rune) bool { return 'a' <= r && r <= 'f' || '0' <= r && r <= '9' }

// reasonsIn are the reasons of the OpenSSL errors lower (text in lower case)
// holds, in either form, underscores read as spaces. Read by hand, not with
// regexp, which would put 260 kB in the page's WebAssembly.
func reasonsIn(lower string) []string {
	var out []string
	for _, r := range append(opensslReasons(lower, maxAlerts), pythonReasons(lower, maxAlerts)...) {
		if r := strings.ReplaceAll(r, "_", " "); !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// otherReason reports whether a message whose OpenSSL errors give the
// reasons msg gives cannot be what a paste whose errors give paste's says:
// both give some, and none of the same.
func otherReason(msg, paste []string) bool {
	if len(msg) == 0 || len(paste) == 0 {
		return false
	}
	return !slices.ContainsFunc(msg, func(r string) bool { return slices.Contains(paste, r) })
}
