package explain

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/scenario"
)

// Which client reads which variable naming a CA bundle, as a pasted text
// sets them (SSL_CERT_FILE=… python3 app.py): scenario's Resolve knows, by
// the rules the real-client proof holds each client to. requests reads
// REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE, not SSL_CERT_FILE or SSL_CERT_DIR,
// which reach it only through truststore.inject_into_ssl(); curl reads
// CURL_CA_BUNDLE, else SSL_CERT_FILE and SSL_CERT_DIR; s_client and Go
// SSL_CERT_FILE and SSL_CERT_DIR; Node NODE_EXTRA_CA_CERTS, and OpenSSL's
// SSL_CERT_FILE and SSL_CERT_DIR only when run with --use-openssl-ca.
// Checked here against a server whose root only the file named held:
// requests 2.34.2 failed alike with SSL_CERT_FILE and without it, and
// connected with REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, or truststore and
// SSL_CERT_FILE; curl 7.88.1, openssl s_client 3.0, Python's urllib and
// ssl.create_default_context() and Go connected with SSL_CERT_FILE; Node 20
// only with --use-openssl-ca.

// envSet are the variables naming a CA bundle that text (lower case) sets to
// a value (VAR=…, export VAR=…, os.environ["VAR"] = …), in
// scenario.EnvNames' order.
func envSet(lower string) []string {
	var set []string
	for _, name := range scenario.EnvNames {
		if len(envAt(lower, name)) > 0 {
			set = append(set, name)
		}
	}
	return set
}

// envAt are where in lower (a text in lower case) the variable name is set
// to a value (envSet), each as the span of the name.
func envAt(lower, name string) []Span {
	name = strings.ToLower(name)
	var at []Span
	for from := 0; ; {
		i := strings.Index(lower[from:], name)
		if i < 0 {
			return at
		}
		i += from
		from = i + len(name)
		if i > 0 && (wordRune(rune(lower[i-1])) || lower[i-1] == '_') {
			continue
		}
		rest := strings.TrimLeft(lower[from:], "\"'] ")
		if strings.HasPrefix(rest, "=") && bundleValue(strings.TrimLeft(rest[1:], " ")) {
			at = append(at, Span{i, from})
		}
	}
}

// unreadEnv are the variables text (lower case) sets that client does not
// read (scenario's Resolve), the text showing the client printing it;
// none for a client whose text it may not be (requests' words without
// requests' own, which Python's other clients print too).
func unreadEnv(lower, client string) []string {
	if !slices.Contains(scenario.Readers, client) || program(client) == Requests && !containsAny(lower, requestsMarks) {
		return nil
	}
	c := scenario.Client{Truststore: usesTruststore(lower)}
	for _, name := range envSet(lower) {
		c.Env = append(c.Env, scenario.EnvVar{Name: name, Path: name})
	}
	ignored := (&scenario.Scenario{Client: c}).Resolve(client).Ignored
	if client == Node && strings.Contains(lower, "--use-openssl-ca") {
		ignored = slices.DeleteFunc(ignored, func(n string) bool { return n == scenario.EnvSSLCertFile || n == scenario.EnvSSLCertDir })
	}
	return ignored
}

// truststoreMarks are what shows truststore in use (lower case): its call
// (truststore.inject_into_ssl()), its context (truststore.SSLContext), its
// own frames in a traceback (…/site-packages/truststore/_api.py, as
// requests 2.34 printed them here through truststore 0.9.1). The word alone
// (a question asking whether to use it) is none.
var truststoreMarks = []string{"inject_into_ssl", "truststore.sslcontext", "/truststore/", "\\truststore\\"}

// usesTruststore reports whether lower (a text in lower case) shows
// truststore in use (truststoreMarks).
func usesTruststore(lower string) bool { return containsAny(lower, truststoreMarks) }

// readBy is lower (a text in lower case) with the names of the variables it
// sets that the client it shows printing does not read (unreadEnv) blanked:
// what names the client a bundle. The client is requests where the text
// shows requests' own words, the one that matters to Match's Bundle.
func readBy(lower string) string {
	unread := unreadEnv(lower, Requests)
	if len(unread) == 0 {
		return lower
	}
	b := []byte(lower)
	for _, name := range unread {
		for _, s := range envAt(lower, name) {
			for i := s.Start; i < s.End; i++ {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

// envReads says, of each client that ignores a variable a text may set,
// what it reads instead.
var envReads = map[string]string{
	Requests:  "requests reads the file verify= names, else REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE, else certifi's bundle, so the call fails the same with it or without it: name the file with REQUESTS_CA_BUNDLE=that-file or verify=\"that-file\", or call truststore.inject_into_ssl() first, which makes requests read the system's store too, " + storeNamedBy,
	Curl:      "curl reads --cacert, else CURL_CA_BUNDLE, else SSL_CERT_FILE and SSL_CERT_DIR",
	OpenSSL:   "openssl s_client reads -CAfile, else SSL_CERT_FILE and SSL_CERT_DIR",
	Node:      "Node reads the ca: option, else its own copy of Mozilla's roots and NODE_EXTRA_CA_CERTS (SSL_CERT_FILE and SSL_CERT_DIR only when run with --use-openssl-ca)",
	GoNetHTTP: "Go reads tls.Config.RootCAs, else SSL_CERT_FILE and SSL_CERT_DIR",
}

// UnreadEnvWords says, of a text that sets a variable naming a CA bundle
// which the client it shows printing its first match does not read
// (SSL_CERT_FILE before a requests call), that the client does not read it
// and what it reads; "" for none. A program printing with a client's
// library (Match.Program: Python's urllib, httpx) reads by its own rules.
func UnreadEnvWords(text string, matches []Match) string {
	if len(matches) == 0 || matches[0].Program != "" {
		return ""
	}
	client := matches[0].Client
	unread := unreadEnv(lowerASCII(text), client)
	if len(unread) == 0 {
		return ""
	}
	reads := envReads[program(client)]
	name, _, _ := strings.Cut(reads, " reads ")
	return "Your text sets " + strings.Join(unread, " and ") + ", which " + name + " does not read: " + strings.Replace(reads, storeNamedBy, storeNamedWords(unread), 1) + "."
}

// storeNamedBy ends requests' envReads: truststore reads the system's
// store as OpenSSL's default paths name it, which SSL_CERT_FILE and
// SSL_CERT_DIR set (storeNamedWords says those a text sets).
const storeNamedBy = "with SSL_CERT_FILE naming its file"

// storeNamedWords is storeNamedBy for the variables unread a text sets:
// SSL_CERT_DIR names a directory.
func storeNamedWords(unread []string) string {
	switch file, dir := slices.Contains(unread, scenario.EnvSSLCertFile), slices.Contains(unread, scenario.EnvSSLCertDir); {
	case dir && file:
		return "with SSL_CERT_FILE naming its file and SSL_CERT_DIR its directory"
	case dir:
		return "with SSL_CERT_DIR naming its directory"
	}
	return storeNamedBy
}

// bundleLines are the lines of a text (lower: in lower case) that name a CA
// bundle its client reads (namesBundle of readBy), each as a span from its
// first word to its last: what a story marked Match.Bundle shows as matched
// besides the error.
func bundleLines(lower string) []Span {
	var out []Span
	read := readBy(lower)
	for start := 0; start < len(read); {
		end := strings.IndexByte(read[start:], '\n')
		if end < 0 {
			end = len(read)
		} else {
			end += start
		}
		if line := read[start:end]; namesBundle(line) {
			if from := strings.IndexFunc(line, wordRune); from >= 0 {
				to := strings.LastIndexFunc(line, wordRune)
				_, size := utf8.DecodeRuneInString(line[to:])
				out = append(out, Span{start + from, start + to + size})
			}
		}
		start = end + 1
	}
	return out
}

// withLines are spans with lines added, in the order they stand in the text.
func withLines(spans, lines []Span) []Span {
	out := slices.Clone(spans)
	for _, l := range lines {
		if !slices.ContainsFunc(out, func(s Span) bool { return s.Start < l.End && l.Start < s.End }) {
			out = append(out, l)
		}
	}
	// Sorted through pointers to them: a sort of pointers is in the program
	// anyway, a sort of Spans would be code of its own; the same algorithm
	// makes the same moves either way, so the order is the same.
	ps := make([]*Span, len(out))
	for i := range out {
		ps[i] = &out[i]
	}
	slices.SortFunc(ps, func(a, b *Span) int { return a.Start - b.Start })
	sorted := make([]Span, len(ps))
	for i, p := range ps {
		sorted[i] = *p
	}
	return sorted
}

// extraCertsMark is how Node begins its warning that the file
// NODE_EXTRA_CA_CERTS names did not load (lower case), which it prints when
// it starts, before anything it runs: "Warning: Ignoring extra certs from
// `/etc/ssl/company-ca.pem`, load failed: error:80000002:system
// library::No such file or directory".
const extraCertsMark = "warning: ignoring extra certs from `"

// The causes Node 20.20.2 named here after "load failed: ", and what each
// means: a file that is not there, a block whose base64 is damaged ("bad
// base64 decode") or cut short ("too long"). Node kept the certificates
// before a damaged block (a root then a damaged block: it connected) and
// said nothing at all of a file holding no PEM certificate (DER, a private
// key, an empty file, a folder), loading nothing from it.
var extraCertsCauses = []struct{ reason, words string }{
	{"no such file or directory", "the file it names does not exist (a relative path is read from the folder Node was started in)"},
	{"bad base64 decode", "a block in it does not decode (its base64 damaged: a bad copy and paste, text inside the block), and Node ignores it and every block after it"},
	{"too long", "a block in it does not decode (cut short), and Node ignores it and every block after it"},
}

// extraCertsRefusal are Node's words for a server a CA it did not load
// issued, and nodeUnknownIssuerWords those of them a text shows it printing
// (lower case, with their codes): Node 20.20.2 here, for a Python server's
// leaf alone and with its intermediate. A text with the warning and none of
// them shows Node connecting (a 200 here) or failing for another reason
// (ERR_TLS_CERT_ALTNAME_INVALID here, its ca option naming the root).
const extraCertsRefusal = "\"unable to get local issuer certificate\", or \"unable to verify the first certificate\" of a certificate whose issuer is not sent"

var nodeUnknownIssuerWords = []string{"unable to get local issuer certificate", "unable_to_get_issuer_cert_locally",
	"unable to verify the first certificate", "unable_to_verify_leaf_signature", "unable to get issuer certificate", "unable_to_get_issuer_cert",
	"self-signed certificate in certificate chain", "self_signed_cert_in_chain"}

// ExtraCertsWords says, of a text holding Node's warning that the file
// NODE_EXTRA_CA_CERTS names did not load, that the CAs meant to be added
// were not, why (extraCertsCauses), whether the text shows Node refusing a
// server for it (nodeUnknownIssuerWords), and that Node reads the variable only
// when it starts; "" for a text without it.
func ExtraCertsWords(text string) string {
	lower := lowerASCII(text)
	i := strings.Index(lower, extraCertsMark)
	if i < 0 {
		return ""
	}
	line, _, _ := strings.Cut(lower[i:], "\n")
	cause := "Node could not read the file it names"
	for _, c := range extraCertsCauses {
		if strings.Contains(line, c.reason) {
			cause = c.words
			break
		}
	}
	refusal := "So Node does not trust the CAs it did not load, and refuses a server they issued (" + extraCertsRefusal + "), as your text shows. "
	if !containsAny(lower, nodeUnknownIssuerWords) {
		refusal = "So Node does not trust the CAs it did not load, and would refuse a server they issued (" + extraCertsRefusal + "); your text shows no such refusal: what it shows connected without them (another issuer, or the ca option), or failed for a reason of its own. "
	}
	return "Your text holds Node's warning that the CA file NODE_EXTRA_CA_CERTS names did not load: " + cause + ". " +
		refusal +
		"Give NODE_EXTRA_CA_CERTS the absolute path of a PEM file of CA certificates (openssl crl2pkcs7 -nocrl -certfile FILE > /dev/null says whether every block decodes); " +
		"Node says nothing of a file holding no PEM certificate (DER, a private key, an empty file, a folder), and loads nothing from it. " +
		"Node reads the variable only when it starts: set it in the shell or the service's environment before node runs, not in process.env from the program."
}

// FolderWords are said after the bundle words (BundleWords) of a text whose
// bundle, as requests reads it, is named by a path that looks like a folder
// (bundleFolder), each surface ending them with its chain's file twice, as
// it ends BundleWords. requests gives a folder, from verify= or
// REQUESTS_CA_BUNDLE, to OpenSSL as a CA directory (load_verify_locations'
// capath), which OpenSSL searches by the hash of the issuer's name alone:
// requests 2.34.2 here, verify= and REQUESTS_CA_BUNDLE naming a folder that
// held the server's root as root.pem, failed with "unable to get local
// issuer certificate", and connected once openssl rehash had linked
// 2868ff6b.0 to it; openssl verify -CAfile refused the folder ("no
// certificate or crl found"), and -CApath said error 20, then OK.
const FolderWords = "The path your text names looks like a folder (no file extension, or a final /), and if it is one the CA may well be in it: requests gives a folder to OpenSSL as a CA directory, not a file, and OpenSSL finds a CA there only by a hashed name (such as 2868ff6b.0, a link to the CA's file), so a folder holding root.pem and no such link is read as empty. " +
	"Run openssl rehash that-folder (c_rehash that-folder on older systems) to make the links, or name the PEM file itself (verify=\"that-folder/root.pem\", REQUESTS_CA_BUNDLE=that-folder/root.pem); openssl verify -CAfile refuses a folder (\"no certificate or crl found\"), so check it as requests reads it (SSL_CERT_DIR=/nonexistent openssl verify -CApath that-folder -untrusted "

// requestsBundleMarks are the marks (bundleMarks) of the ways requests is
// named its bundle, and the call's own, which it reads before the others.
var (
	requestsBundleMarks = []string{"verify=", "verify =", "requests_ca_bundle=", "curl_ca_bundle="}
	callBundleMarks     = requestsBundleMarks[:2]
)

// bundleFolder reports whether lower (a text in lower case) names the
// bundle requests reads by a path that looks like a folder: a literal path
// (quoted, or from / or ~) that ends in a slash or whose last part has no
// dot. Where the text shows the call's own verify=, requests reads that,
// and only its paths count.
func bundleFolder(lower string) bool {
	lower = readBy(lower)
	marks := requestsBundleMarks
	if bundleWays(lower)[BundleCall] {
		marks = callBundleMarks
	}
	for _, mark := range marks {
		for at := 0; ; {
			i := strings.Index(lower[at:], mark)
			if i < 0 {
				break
			}
			at = i + at + len(mark)
			if folderPath(pathValue(strings.TrimLeft(lower[at:], " "))) {
				return true
			}
		}
	}
	return false
}

// pathValue is the literal path v starts with: what a quote encloses, or a
// path from / or ~ up to a space or what ends it in code; "" for a name (a
// variable's) or anything else.
func pathValue(v string) string {
	if v == "" {
		return ""
	}
	if q := v[0]; q == '"' || q == '\'' {
		p, _, ok := strings.Cut(v[1:], string(q))
		if !ok {
			return ""
		}
		return p
	}
	if v[0] != '/' && v[0] != '~' {
		return ""
	}
	if end := strings.IndexAny(v, " \t\r\n\"'),;"); end >= 0 {
		return v[:end]
	}
	return v
}

// folderPath reports whether p looks like a folder's path: it ends in a
// slash, or its last part has no dot (no file extension).
func folderPath(p string) bool {
	if p == "" {
		return false
	}
	if strings.HasSuffix(p, "/") || strings.HasSuffix(p, "\\") {
		return true
	}
	last := p[strings.LastIndexAny(p, "/\\")+1:]
	return last != "" && !strings.Contains(last, ".") && !strings.HasPrefix(last, "$")
}
