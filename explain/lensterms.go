package explain

import "strings"

// The words of a story's fix and explanation are requests' (verify=,
// REQUESTS_CA_BUNDLE, certifi's bundle): under another client's lens, where
// the call shown is that client's, each such phrase is said in the
// client's own terms (clientPhrases), or the fix would tell a curl user to
// set a variable curl never reads. Words a text says of requests itself
// (after "For requests:") stay requests'.

// clientTerms are a client's words for what requests calls verify="ca.pem"
// (trust), verify=False (off, and off as a headline's subject), and the
// sentences of the fixes and explanations that have no one-word equivalent.
type clientTerms struct {
	trust, off, offHead                                             string
	trustRoot, trustNote, proxyTrust, backOn, offSentence, skipsAll string
}

var lensTerms = map[string]clientTerms{
	Pip: pipTerms,
	Curl: {
		trust: "--cacert ca.pem", off: "-k", offHead: "-k",
		trustRoot:   "pass its root as --cacert ca.pem, or set CURL_CA_BUNDLE to it.",
		trustNote:   " With no --cacert, curl trusts the machine's store; a company's own CA is not in it.",
		proxyTrust:  "trust that root: --cacert company-ca.pem (ask IT for the file), or CURL_CA_BUNDLE for every call; never -k, which would let anyone else in too.",
		backOn:      "Turn verification back on (drop -k; where the bank's CA is private, pass its bundle as --cacert).",
		offSentence: "With -k the client checks no certificate.",
		skipsAll:    "With -k the client skips certificate verification entirely",
	},
	OpenSSL: {
		trust: "-CAfile ca.pem", off: "leaving out -verify_return_error", offHead: "s_client without -verify_return_error",
		trustRoot:   "pass its root as -CAfile ca.pem.",
		trustNote:   " With no -CAfile, s_client trusts OpenSSL's default store, the machine's; a company's own CA is not in it.",
		proxyTrust:  "trust that root: -CAfile company-ca.pem (ask IT for the file); never leave out -verify_return_error, which would let anyone else in too.",
		backOn:      "Turn verification back on (-verify_return_error, and -verify_hostname with the name; where the bank's CA is private, pass its bundle as -CAfile).",
		offSentence: "Without -verify_return_error, s_client prints a failed check (verify error) and goes on with the connection as if none had failed.",
		skipsAll:    "Without -verify_return_error, s_client goes on past every failed check of the certificate",
	},
	Node: {
		trust: "the ca option (ca: fs.readFileSync(\"ca.pem\"))", off: "rejectUnauthorized: false", offHead: "rejectUnauthorized false",
		trustRoot:   "pass its root as the ca option (ca: fs.readFileSync(\"ca.pem\"): Node then trusts only that bundle), or set NODE_EXTRA_CA_CERTS=ca.pem, which Node adds to its own roots as it starts.",
		trustNote:   " With no ca option, Node trusts its own copy of Mozilla's roots; a company's own CA is not in it.",
		proxyTrust:  "trust that root: the ca option with company-ca.pem (ask IT for the file), or NODE_EXTRA_CA_CERTS for every run; never rejectUnauthorized: false, which would let anyone else in too.",
		backOn:      "Turn verification back on (drop rejectUnauthorized: false; where the bank's CA is private, pass its bundle as the ca option).",
		offSentence: "With rejectUnauthorized: false the client checks no certificate.",
		skipsAll:    "With rejectUnauthorized: false the client skips certificate verification entirely",
	},
	GoNetHTTP: {
		trust: "tls.Config's RootCAs (a pool of ca.pem)", off: "InsecureSkipVerify", offHead: "InsecureSkipVerify",
		trustRoot:   "pass its root in tls.Config's RootCAs (a pool of ca.pem: Go then trusts only that pool), or set SSL_CERT_FILE=ca.pem.",
		trustNote:   " With no RootCAs, Go trusts the machine's store; a company's own CA is not in it.",
		proxyTrust:  "trust that root: tls.Config's RootCAs with company-ca.pem (ask IT for the file), or SSL_CERT_FILE for every run; never InsecureSkipVerify, which would let anyone else in too.",
		backOn:      "Turn verification back on (drop InsecureSkipVerify; where the bank's CA is private, pass its bundle in RootCAs).",
		offSentence: "With InsecureSkipVerify the client checks no certificate.",
		skipsAll:    "With InsecureSkipVerify the client skips certificate verification entirely",
	},
}

// Requests' phrases that clientTerms say otherwise.
const (
	requestsTrustRoot = "pass its root as verify=\"ca.pem\" (requests then trusts only that bundle), or set REQUESTS_CA_BUNDLE."
	requestsTrustNote = " verify=True trusts certifi's public bundle only; a company's own CA is not in it."
	requestsProxy     = "trust that root: verify='company-ca.pem' (ask IT for the file), or REQUESTS_CA_BUNDLE for every call; never verify=False, which would let anyone else in too."
	requestsBackOn    = "Turn verification back on (verify=True, or verify= the CA bundle that issued the bank's certificate)."
	requestsOff       = "With verify=False the client checks no certificate."
	requestsSkipsAll  = "With verify=False the client skips certificate verification entirely"
	forRequests       = "For requests:"
	// requestsSessionOverridden is the cure of a Session's verify that a
	// variable overrides.
	requestsSessionOverridden = "Pass the bundle on the call, verify='ca.pem': a bundle named in the call comes before REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE. Or set session.trust_env = False, or unset the variable that overrides Session.verify."
)

// inClientsTerms is text, a lens's words, in client's terms: as it is for
// requests, and after forRequests.
func inClientsTerms(text, client string) string {
	w, ok := lensTerms[client]
	if !ok {
		return text
	}
	own, theirs, _ := strings.Cut(text, forRequests)
	sessionCure := requestsSessionOverridden
	if client == Pip {
		// pip has no call's bundle: its --cert is its Session's verify.
		sessionCure = pipSessionOverridden
	}
	r := strings.NewReplacer(
		requestsSessionOverridden, sessionCure,
		requestsTrustRoot, w.trustRoot,
		requestsTrustNote, w.trustNote,
		requestsProxy, w.proxyTrust,
		requestsBackOn, w.backOn,
		requestsOff, w.offSentence,
		requestsSkipsAll, w.skipsAll,
		"but certifi never has", "but this courier's trust store lacks",
		"verify=True checks the signatures, the dates and the name, never revocation", "Verification checks the signatures, the dates and the name, never revocation",
		"verify=False does not skip this check", upperFirst(w.off)+" does not skip this check",
		"verify=True would refuse", "verification on would refuse",
		"every check verify=True makes", "every check verification makes",
		"the trust store of verify=True", "the courier's trust store",
		"verify=False: ", w.offHead+": ",
		// Said of the clients that refuse an intermediate for an anchor,
		// requests among them: the file, not one client's way to it.
		"in the bundle (verify='ca.pem')", "in the bundle (ca.pem)",
		"verify=\"ca.pem\"", w.trust,
		"verify='ca.pem'", w.trust,
		"its verify= bundle", "its CA bundle",
	)
	if own == text {
		return r.Replace(text)
	}
	return r.Replace(own) + forRequests + theirs
}

// OffWords are client's words for requests' verify=False: its way to turn
// verification off, and that as a headline's subject.
func OffWords(client string) (off, head string) {
	if w, ok := lensTerms[client]; ok {
		return w.off, w.offHead
	}
	return "verify=False", "verify=False"
}
