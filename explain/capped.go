package explain

import (
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// A courier capped below TLS 1.2 (its highest version 1.0 or 1.1, its
// lowest left to the client): the clients whose lowest version is TLS 1.2
// by default (Go, Node, urllib3 2) have no version left to offer and fail
// before they send a thing, whatever the bank takes; those on Debian's
// OpenSSL 3.0 left at its defaults (urllib3 1.26, curl, s_client) offer TLS
// 1.1 and, against a bank that takes TLS 1.2 at least, meet its
// protocol_version alert, or, against one that takes the courier's version
// too (cappedReached), reach it and refuse the bank's key exchange, signed
// with SHA-1 and MD5 as every handshake before TLS 1.2 is. The real clients
// prove it (clients' version-client-capped-tls11 variants; urllib3 2 by
// hand).

// cappedBelow reports whether the courier is capped below TLS 1.2 with its
// lowest version left to the client: Go's courier fails before it sends a
// thing.
func (f *facts) cappedBelow() bool {
	c := f.s.Client
	return c.MinVersion == "" && c.MaxVersion != "" && c.MaxVersion < scenario.TLS12 &&
		f.o.Reason == handshake.HandshakeFailure
}

// cappedReached reports whether the bank takes the capped courier's
// version too (its lowest at or below the cap): the clients that offer it
// reach it.
func (f *facts) cappedReached() bool { return f.bankMin() <= f.s.Client.MaxVersion }

// bankMin is the lowest version the bank takes: its MinVersion, else Go's
// server default, TLS 1.2 (crypto/tls goes down to TLS 1.0 only with
// tls10server=1 in GODEBUG, which the engine does not set).
func (f *facts) bankMin() scenario.Version {
	if v := f.s.Server.MinVersion; v != "" {
		return v
	}
	return scenario.TLS12
}

// noProtocols is each client's failure when it has no version left to
// offer; the others read the bank's alert (bankAlert).
var noProtocols = map[string]verdict{
	Requests: {class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError(SSLError(1, '[SSL: NO_PROTOCOLS_AVAILABLE] no protocols available (_ssl.c:{line})')))",
		note: "urllib3 2 asks for TLS 1.2 at least by default: capped at a lower version, the courier has none left to offer, and OpenSSL fails before it sends a ClientHello."},
	Node: {class: "ERR_SSL_NO_PROTOCOLS_AVAILABLE", message: "{thread}:error:0A0000BF:SSL routines:tls_setup_handshake:no protocols available:../deps/openssl/openssl/ssl/statem/statem_lib.c:{line}:",
		note: "Node asks for TLS 1.2 at least by default (minVersion): capped at a lower version, it has none left to offer, and its OpenSSL fails before it sends a ClientHello."},
	GoNetHTTP: {class: "*url.Error", message: "Get \"{url_port}\": {go_error}",
		note: "Go's MinVersion is TLS 1.2 by default: capped at a lower MaxVersion, the courier has no version to offer and fails before it sends a ClientHello."},
}

// noCiphersCapped is urllib3 2's failure capped below TLS 1.2 with its
// minimum lowered to meet a bank there (Go connects): CPython's cipher list
// holds no suite for TLS 1.0 or 1.1 (every one of theirs has a SHA-1 MAC),
// so OpenSSL fails before it sends a ClientHello, as urllib3 2.7.0 on
// Python 3.11.7 did here against the kit's s_server of a bank of TLS 1.0
// to 1.3, the courier's minimum TLSv1, its maximum TLSv1_1.
var noCiphersCapped = verdict{class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError(SSLError(1, '[SSL: NO_CIPHERS_AVAILABLE] no ciphers available (_ssl.c:{line})')))",
	note: "CPython's own default cipher list (Python 3.10 and later) leaves out the suites with a SHA-1 MAC, which are all the suites TLS 1.0 and 1.1 have, and urllib3 2 keeps Python's list: capped below TLS 1.2, the courier has no suite for any version it may speak, and OpenSSL fails before it sends a ClientHello. urllib3 1.26 sets its own list, which has them: it reaches the bank there and refuses its key exchange, signed with SHA-1 (\"legacy sigalg disallowed or unsupported\")."}

// urllib3OneNote ends requests' note (urllib3 2's) with what urllib3 1.26
// does, by whether the bank takes the capped version (cappedReached).
var urllib3OneNote = map[bool]string{
	false: " urllib3 1.26 on Debian's OpenSSL still offers the capped version, and meets the bank's protocol version alert.",
	true:  " urllib3 1.26 on Debian's OpenSSL still offers the capped version, reaches the bank there, and refuses its key exchange, signed with SHA-1 as every handshake before TLS 1.2 is (\"legacy sigalg disallowed or unsupported\").",
}

// cappedNote is why the clients on Debian's OpenSSL meet the bank's alert.
const cappedNote = "Left at its defaults, Debian's OpenSSL 3.0 still offers TLS 1.0 and 1.1: capped there, this client offers them, and the bank, which takes TLS 1.2 at least, answers with a protocol version alert. Go, Node and urllib3 2 ask for TLS 1.2 at least by default, and fail before they send a thing."

// cappedReachedNote is why the clients on Debian's OpenSSL refuse a bank
// that takes their capped version.
const cappedReachedNote = "Left at its defaults, Debian's OpenSSL 3.0 still offers TLS 1.0 and 1.1: capped there, this client offers them, and the bank, which takes one of them too, answers in the newest it takes. Its key exchange is then signed with SHA-1 (and MD5 for RSA), as every handshake before TLS 1.2 is, which OpenSSL refuses at its default security level (2 on Debian; 1 and above do). Go, Node and urllib3 2 ask for TLS 1.2 at least by default, and fail before they send a thing."

// cappedVerdict is client's verdict on a courier capped below TLS 1.2.
func (f *facts) cappedVerdict(client string) verdict {
	if v, ok := noProtocols[client]; ok {
		if client == Requests {
			v.note += urllib3OneNote[f.cappedReached()]
		}
		return v
	}
	if f.cappedReached() {
		v := legacySigalg[client]
		v.note = cappedReachedNote
		return v
	}
	v := bankAlert("protocol_version", false, client)
	v.note = cappedNote
	return v
}

// cappedLegacy reports whether client reaches the capped version with the
// bank and refuses its signature there (cappedVerdict).
func (f *facts) cappedLegacy(client string) bool {
	_, none := noProtocols[client]
	return f.cappedBelow() && f.cappedReached() && !none
}

// legacyReached reports whether the courier, capped below TLS 1.2 with its
// minimum lowered to meet it, connected (Go) at that old version with a
// bank that speaks TLS 1.2 too: the clients on OpenSSL refuse the bank's
// SHA-1 signature there, urllib3 2 has no suite for it, and without the cap
// every client meets the bank at TLS 1.2 or 1.3.
func (f *facts) legacyReached() bool {
	return f.o.OK && f.cappedUnder12() && f.legacyVersion() && !f.oldBank()
}

// legacyReachedFix is legacyReached's cure, Go's words and every client's
// that refuses there (cappedLegacy, suitesCapped).
const legacyReachedFix = "Remove the courier's cap below TLS 1.2, and the minimum lowered to meet it (the maximum_version and minimum_version of requests' SSLContext, curl's --tls-max and --tlsv1.0, Node's maxVersion and minVersion, Go's MaxVersion and MinVersion): the bank speaks TLS 1.2 and 1.3 too, where every client meets it. Go connects at {courier_bound} only because this courier allows it, deprecated (RFC 8996) and signed with SHA-1; the clients on OpenSSL (urllib3 1.26, curl, s_client) refuse that signature (\"legacy sigalg disallowed or unsupported\"), and urllib3 2 has no cipher suite for it."

// cappedReachedWords explain a courier capped below TLS 1.2 at a version
// the bank takes too.
var cappedReachedWords = words{
	headline:  "The courier is capped at {courier_bound}, below TLS 1.2, the least Go's courier speaks",
	analogy:   "The courier was told to speak no newer language than an old one; its own rules forbid it to speak that old language at all, so it never sets out. Couriers whose rules still allow it reach the bank in the old language, and then refuse the bank's old, forgeable seal.",
	technical: "The courier's highest version is {courier_bound}. A client that asks for TLS 1.2 at least by default (Go, Node, urllib3 2) has no version left to offer and fails before it sends anything (Go: \"{go_error}\"). The bank takes {courier_bound} or an older version too (its lowest is {bank_bound}): a client on Debian's OpenSSL left at its defaults (urllib3 1.26, curl, s_client) offers it and reaches it, then refuses the bank's key exchange, signed with SHA-1 (and MD5 for RSA) as every handshake before TLS 1.2 is (\"legacy sigalg disallowed or unsupported\").",
}

// cappedWords explain a courier capped below the bank's lowest version.
var cappedWords = words{
	headline:  "The courier is capped at {courier_bound}, below the bank's lowest, {bank_bound}",
	analogy:   "The courier was told to speak no newer language than an old one the bank no longer speaks: there is none they share, so no introduction is possible.",
	technical: "The courier's highest version is {courier_bound} and the bank takes {bank_bound} at least. A client that asks for TLS 1.2 at least by default (Go, Node, urllib3 2) has no version left to offer and fails before it sends anything (Go: \"{go_error}\"); one on Debian's OpenSSL left at its defaults offers {courier_bound} and reads the bank's protocol version alert.",
}
