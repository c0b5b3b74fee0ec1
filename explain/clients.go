package explain

import (
	"fmt"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

// How a failure reaches the clients; what each prints follows from it.
type shape int

const (
	// 0 is no shape: a reason clientTable has no row for.
	success  shape = iota + 1 // the courier got the parcel
	chainErr                  // OpenSSL's chain verification refused (an X509_V_ERR)
	nameErr                   // the name check refused: each client words it its own way
	alertErr                  // the bank refused: the courier reads its alert
	loadErr                   // the courier could not load its badge: nothing reached the wire
	otherErr                  // no finer prediction: the clients report the failed handshake
)

// x509Err is one of OpenSSL's certificate verification errors: its number, its
// text (X509_verify_cert_error_string) and the code Node gives it.
type x509Err struct {
	num  int
	text string
	node string
}

// OpenSSL's verification errors the scenarios can produce (x509_vfy.h).
var (
	errNotYetValid   = x509Err{9, "certificate is not yet valid", "CERT_NOT_YET_VALID"}
	errExpired       = x509Err{10, "certificate has expired", "CERT_HAS_EXPIRED"}
	errSelfSigned    = x509Err{18, "self-signed certificate", "DEPTH_ZERO_SELF_SIGNED_CERT"}
	errSelfInChain   = x509Err{19, "self-signed certificate in certificate chain", "SELF_SIGNED_CERT_IN_CHAIN"}
	errIssuerLocally = x509Err{20, "unable to get local issuer certificate", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"}
	errVerifyLeaf    = x509Err{21, "unable to verify the first certificate", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"}
	errSignature     = x509Err{7, "certificate signature failure", "CERT_SIGNATURE_FAILURE"}
	errInvalidCA     = x509Err{79, "invalid CA certificate", "INVALID_CA"}
	errPathLength    = x509Err{25, "path length constraint exceeded", "PATH_LENGTH_EXCEEDED"}
	errPurpose       = x509Err{26, "unsuitable certificate purpose", "INVALID_PURPOSE"}
	errSubtree       = x509Err{47, "permitted subtree violation", "UNSPECIFIED"}
	errCritical      = x509Err{34, "unhandled critical extension", "UNSPECIFIED"}
	errEEKeyWeak     = x509Err{66, "EE certificate key too weak", "UNSPECIFIED"}
	errCAKeyWeak     = x509Err{67, "CA certificate key too weak", "UNSPECIFIED"}
	errMDWeak        = x509Err{68, "CA signature digest algorithm too weak", "UNSPECIFIED"}
	errRevoked       = x509Err{23, "certificate revoked", "CERT_REVOKED"}
)

// row is how one reason reaches the clients: its shape, OpenSSL's error for chain
// failures, and per-client exceptions (where a client disagrees with Go, or words
// a failure in a way no shape predicts).
type row struct {
	shape  shape
	x509   x509Err
	except []exception
}

// exception is one client's verdict where it departs from its reason's shape.
type exception struct {
	_                          noCompare
	client                     string
	ok                         bool
	class, message, note, also string
}

// exceptionFor is client's exception in r, if it has one.
func (r row) exceptionFor(client string) (verdict, bool) {
	for _, e := range r.except {
		if e.client == client {
			return verdict{ok: e.ok, class: e.class, message: e.message, note: e.note, also: e.also}, true
		}
	}
	return verdict{}, false
}

// verdict is a ClientVerdict template.
type verdict struct {
	_                          noCompare
	ok                         bool
	class, message, note, also string
	cause                      Cause
}

// clientTable says, for every reason, how it reaches the clients; a test checks
// that every reason has a row.
var clientTable = [...]row{
	handshake.OK:                 {shape: success},
	handshake.InsecureSkipVerify: {shape: success},
	handshake.UnknownAuthority:   {shape: chainErr, x509: errIssuerLocally},
	handshake.RevokedUnchecked: {shape: success, except: []exception{
		{client: Requests, ok: true, note: pyNoRevocation},
		{client: Requests1, ok: true, note: pyNoRevocation},
		{client: Curl, ok: true, note: "curl checks revocation only when told to: --crlfile crl.pem (a CRL you fetched yourself; curl downloads none), and --cert-status only if the bank staples its OCSP response: against a bank that staples none, revoked or not, it always fails, \"(91) No OCSP response received\"."},
		{client: OpenSSL, ok: true, note: "s_client checks revocation only with its CRL checks on (for the whole chain, as the fix does) and the CRLs in its -CAfile; -status prints the stapled OCSP response, \"Cert Status: revoked\" included, and connects anyway."},
		{client: Node, ok: true, note: "Node checks revocation only against the CRLs in its crl option; with requestOCSP it hands the stapled response to an OCSPResponse listener and checks nothing itself."},
		{client: GoNetHTTP, ok: true, note: "Go's crypto/tls and crypto/x509 never check revocation: a VerifyConnection of your own does, against the CRLs (crypto/x509 parses them) and the stapled response (ConnectionState.OCSPResponse, with golang.org/x/crypto/ocsp)."},
	}},
	handshake.Revoked: {shape: chainErr, x509: errRevoked, except: []exception{
		{client: GoNetHTTP, class: "*handshake.RevokedError", message: "Get \"{url_port}\": {go_error}",
			note: "Go checks no revocation by itself: this is the VerifyConnection of the fix, which reports a revoked certificate as its own error."},
	}},
	handshake.UntrustedRoot: {shape: chainErr, x509: errSelfInChain},
	handshake.MissingIntermediate: {shape: chainErr, x509: errIssuerLocally, except: []exception{
		{client: Node, class: errVerifyLeaf.node, message: errVerifyLeaf.text, note: nodeLastError},
	}},
	handshake.SelfSigned:       {shape: chainErr, x509: errSelfSigned},
	handshake.HostnameMismatch: {shape: nameErr},
	handshake.CNOnly: {shape: nameErr, except: []exception{
		{client: Requests1, ok: true, class: "SubjectAltNameWarning", message: "SubjectAltNameWarning: Certificate for {dial} has no `subjectAltName`, falling back to check for a `commonName` for now. This feature is being removed by major browsers and deprecated by RFC 2818. (See https://github.com/urllib3/urllib3/issues/497 for details.)",
			note: "urllib3 1.26 matches host names itself and falls back to the Common Name, with a warning, when a certificate has no Subject Alternative Names; Go and urllib3 2.x refuse."},
		{client: Curl, ok: true, note: "curl falls back to the Common Name when the certificate has no DNS Subject Alternative Name; Go does not."},
		{client: OpenSSL, ok: true, note: "X509_check_host (behind -verify_hostname) falls back to the Common Name when there are no DNS Subject Alternative Names; Go does not."},
		{client: Node, ok: true, note: "Node's tls.checkServerIdentity matches the Common Name when the certificate has no DNS Subject Alternative Names; Go does not."},
	}},
	handshake.Expired:     {shape: chainErr, x509: errExpired},
	handshake.NotYetValid: {shape: chainErr, x509: errNotYetValid},
	handshake.WrongEKU:    {shape: chainErr, x509: errPurpose},
	handshake.NotACA: {shape: chainErr, x509: errInvalidCA, except: []exception{
		{client: Node, class: errPurpose.node, message: errPurpose.text, note: nodeLastError},
	}},
	handshake.PathTooLong:     {shape: chainErr, x509: errPathLength},
	handshake.NameConstraints: {shape: chainErr, x509: errSubtree},
	handshake.WeakSignature:   {shape: chainErr, x509: errMDWeak},
	handshake.BadSignature:    {shape: chainErr, x509: errSignature},
	// Checked by hand against a chain signed by a DSA-3072 root: every
	// OpenSSL client, and Node, accepts it.
	handshake.UnsupportedSignature: {shape: chainErr, x509: errSignature, except: []exception{
		{client: Requests, ok: true, note: opensslDSA}, {client: Requests1, ok: true, note: opensslDSA}, {client: Curl, ok: true, note: opensslDSA},
		{client: OpenSSL, ok: true, note: opensslDSA}, {client: Node, ok: true, note: opensslDSA},
	}},
	handshake.CAKeyUsage: {shape: chainErr, x509: errInvalidCA, except: []exception{
		{client: Node, class: "UNSPECIFIED", message: "key usage does not include certificate signing", note: nodeLastError},
	}},
	handshake.UnhandledCriticalExtension: {shape: chainErr, x509: errCritical},
	handshake.MalformedCertificate:       {shape: otherErr},
	handshake.NoCertificate:              {shape: otherErr},
	handshake.ProtocolVersion:            {shape: alertErr},
	handshake.NoSharedCipher:             {shape: alertErr},
	handshake.NoSharedGroup:              {shape: alertErr},
	handshake.NoSharedALPN:               {shape: alertErr},
	handshake.ClientCertMissing:          {shape: alertErr},
	handshake.ClientCertUnknownCA: {shape: alertErr, except: []exception{
		{client: GoNetHTTP, class: "*net.OpError", message: "Get \"{url_port}\": remote error: tls: {no_badge_alert}",
			note: "Go's client given a badge sends no certificate at all when the badge's issuer is not among the CAs the bank names in its CertificateRequest, so the bank sees no badge and refuses as if none was brought ({no_badge_alert}) instead of with \"unknown ca\". " + readLoopNote},
	}},
	handshake.ClientCertExpired:     {shape: alertErr},
	handshake.ClientCertNotYetValid: {shape: alertErr},
	handshake.ClientCertWrongEKU:    {shape: alertErr},
	handshake.ClientCertInvalid:     {shape: alertErr},
	handshake.ClientKeyMismatch: {shape: loadErr, except: []exception{
		{client: Requests, class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError(SSLError(116, '[X509: KEY_VALUES_MISMATCH] key values mismatch (_ssl.c:{line})')))"},
		{client: Requests1, class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError(SSLError(116, '[X509: KEY_VALUES_MISMATCH] key values mismatch (_ssl.c:{line})')))"},
		{client: Curl, class: "curl: (58)", message: "curl: (58) unable to set private key file: '{key_file}' type PEM"},
		{client: OpenSSL, class: "error:05800074", message: "error setting private key\n{thread}:error:05800074:x509 certificate routines:X509_check_private_key:key values mismatch:../crypto/x509/x509_cmp.c:{line}:"},
		{client: Node, class: "ERR_OSSL_X509_KEY_VALUES_MISMATCH", message: "error:05800074:x509 certificate routines::key values mismatch"},
	}},
	handshake.ClientKeyMissing: {shape: loadErr, except: []exception{
		{client: Requests, class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError(SSLError(524297, '[SSL] PEM lib (_ssl.c:{line})')))"},
		{client: Requests1, class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError(SSLError(524297, '[SSL] PEM lib (_ssl.c:{line})')))"},
		{client: Curl, class: "curl: (58)", message: "curl: (58) unable to set private key file: '{cert_file}' type PEM"},
		{client: OpenSSL, class: "exit 1", message: "Could not read client certificate private key from {cert_file}"},
		// Node connects without a badge: nodeKeyMissing.
	}},
	handshake.ClientKeyEncrypted: {shape: loadErr, except: []exception{
		{client: Requests, class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError('Client private key is encrypted, password is required'))"},
		{client: Requests1, class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError('Client private key is encrypted, password is required'))"},
		{client: Curl, class: "curl: (58)", message: "curl: (58) unable to set private key file: '{key_file}' type PEM", note: "curl can use the key with --pass; without it, it fails like Go."},
		{client: OpenSSL, class: "error:1608010C", message: "Could not read client certificate private key from {key_file}\n{thread}:error:1608010C:STORE routines:ossl_store_handle_load_result:unsupported:../crypto/store/store_result.c:{line}:",
			note: "s_client can use the key with -pass; without it, it asks for the pass phrase and, with no terminal, reads it from its input, which is not it: it fails like Go. For about one key in 256 a wrong pass phrase decrypts to bytes that end in valid padding, and OpenSSL's second line then says DECODER routines, No supported data to decode.",
			also: "Could not read client certificate private key from {key_file}\n{thread}:error:1E08010C:DECODER routines:OSSL_DECODER_from_bio:unsupported:../crypto/encode_decode/decoder_lib.c:{line}:No supported data to decode."},
		{client: Node, class: "ERR_OSSL_BAD_DECRYPT", message: "error:1C800064:Provider routines::bad decrypt",
			note: "Node can use the key with the passphrase option; without it, it tries an empty pass phrase and fails like Go. For about one key in 256 the empty pass phrase decrypts to bytes that end in valid padding, and Node then says DECODER routines::unsupported (ERR_OSSL_UNSUPPORTED).",
			also: "error:1E08010C:DECODER routines::unsupported"},
	}},
	handshake.HandshakeFailure: {shape: otherErr},
	handshake.Timeout:          {shape: otherErr},
}

// legacySigalg is each OpenSSL-based client's refusal of a handshake before
// TLS 1.2, which it was allowed to speak.
var legacySigalg = map[string]verdict{
	Requests:  {class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError(SSLError(1, '[SSL] " + legacySigalgText + " (_ssl.c:{line})')))", note: legacySigalgNote},
	Requests1: {class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError(SSLError(1, '[SSL] " + legacySigalgText + " (_ssl.c:{line})')))", note: legacySigalgNote},
	Curl:      {class: "curl: (35)", message: "curl: (35) OpenSSL/{openssl_version}: error:0A00014D:SSL routines::" + legacySigalgText, note: legacySigalgNote},
	OpenSSL:   {class: "error:0A00014D", message: "{thread}:error:0A00014D:SSL routines:tls_process_key_exchange:" + legacySigalgText + ":../ssl/statem/statem_clnt.c:{line}:", note: legacySigalgNote},
	Node:      {class: "EPROTO", message: "write EPROTO {thread}:error:0A00014D:SSL routines:tls_process_key_exchange:" + legacySigalgText + ":../deps/openssl/openssl/ssl/statem/statem_clnt.c:{line}:", note: legacySigalgNote},
}

const (
	legacySigalgText = "legacy sigalg disallowed or unsupported"
	legacySigalgNote = "Even allowed TLS 1.0 or 1.1, OpenSSL at its default security level (2 on Debian; 1 and above do) refuses a key exchange signed with SHA-1 or MD5, which is how every handshake before TLS 1.2 is signed; only @SECLEVEL=0 lets it through. Go accepts it once MinVersion allows the version."
)

// opensslNoMLKEM is why the OpenSSL-based clients cannot meet a bank that takes
// only post-quantum groups.
const opensslNoMLKEM = "The bank takes only post-quantum key exchange. OpenSSL has ML-KEM from 3.5 only; the OpenSSL this client runs on (3.0 on Debian 12, and Node 20's own) offers X25519 and the NIST curves, none of which the bank takes, so it refuses with a handshake failure alert. Go's courier offers X25519MLKEM768 by default."

// pyNoRevocation is what requests does about revocation.
const pyNoRevocation = "requests (urllib3 and Python's ssl module) checks no revocation: it fetches no CRL, asks no OCSP responder and ignores a stapled response. To check, load the CRLs into an SSLContext with VERIFY_CRL_CHECK_CHAIN and mount it with an adapter, as the fix does."

// opensslDSA is why the OpenSSL clients accept a signature Go cannot check.
const opensslDSA = "OpenSSL implements DSA signatures, which Go does not: it accepts the chain Go refuses. (An algorithm OpenSSL does not implement either fails there too.)"

// nodeLastError is why Node names another error than the other OpenSSL clients.
const nodeLastError = "Node verifies with a callback that lets OpenSSL carry on after an error and then reports the last error found; Python, curl and s_client stop at the first."

// pyPool is how urllib3 opens every failure it retried (requests retries none).
const pyPool = "HTTPSConnectionPool(host='{dial}', port={port}): Max retries exceeded with url: {path} "

// predict is one client's verdict on the facts' scenario.
func predict(f *facts, client string) ClientVerdict {
	if v, ok := f.bundleUnread(client); ok {
		return v
	}
	r := clientTable[f.o.Reason]
	v, excepted := r.exceptionFor(client)
	if !excepted {
		v = shapes[r.shape](f, r, client)
	}
	if client == Node && f.o.Reason == handshake.ClientKeyMissing {
		v = nodeKeyMissing(f)
	}
	if client == Node && f.missingIssuer() != nil {
		v = nodeLeafAlone()
	}
	if f.eccNotForSigning() && v.ok {
		if w, ok := eccVerdict(client); ok {
			v = w
		}
	}
	if f.cappedBelow() {
		v = f.cappedVerdict(client)
	}
	if _, ok := f.rekeyed(); ok && client != GoNetHTTP {
		v = rekeyedVerdict(f, client)
	}
	if f.wrongKey() {
		if w, ok := wrongKeyVerdict(f, client); ok {
			v = w
		}
	}
	// A client that reads another bundle than requests may judge the root
	// otherwise (bundle.go).
	if w, ok := f.storeVerdict(client); ok {
		v = w
	}
	// A bundle whose anchor is no root: partial.go.
	v = f.partialVerdict(v, client)
	if client == GoNetHTTP && f.o.Reason == handshake.ClientCertUnknownCA && !requiresBadge(f.s.Server.ClientAuth) {
		v = verdict{ok: true, note: goDropsOptionalBadge}
	}
	// OpenSSL refuses a weak CA key with the chain, before any signature of
	// the handshake: a bank signing with another certificate's key too.
	// So does it a name, a revocation, a date or a signature it checks after
	// the keys' sizes (opensslOrder). A weak key of the bank's own
	// certificate it refuses first of all, before it builds the chain
	// (X509_verify_cert's check_key_level of the end entity); and the
	// courier judges the bank's certificate before the bank its badge.
	if w, weak := weakKey(f, client); weak && (v.ok || !w.ok && (f.wrongKey() || !v.ok && f.weakBeforeIt(client))) {
		v = w
	}
	// Before TLS 1.2 the bank signs its key exchange with SHA-1 (and MD5):
	// OpenSSL at security level 1 and above refuses that signature when the
	// ServerKeyExchange arrives, after it accepted the certificate.
	if v.ok && client != GoNetHTTP && f.legacyVersion() {
		v = legacySigalg[client]
	}
	// Left at their defaults, the clients on Debian's OpenSSL 3.0 (urllib3
	// 1.26, curl, s_client) still offer TLS 1.0 and 1.1: they meet an old bank
	// and refuse its signature, where Go, Node and urllib3 2, which start at
	// TLS 1.2, get its protocol version alert.
	if f.o.Reason == handshake.ProtocolVersion && f.oldBank() && f.s.Client.MinVersion == "" && (client == Requests1 || client == Curl || client == OpenSSL) {
		v = legacySigalg[client]
		v.note = "Debian's OpenSSL 3.0, left at its defaults, still offers TLS 1.0 and 1.1: this client meets the bank's version, then refuses its key exchange, signed with SHA-1 and MD5, at security level 2. Go, Node and urllib3 2 ask for TLS 1.2 at least and get the bank's protocol version alert instead."
	}
	// The groups are settled before any certificate is read: a bank that takes
	// only post-quantum groups refuses every OpenSSL-based courier, whose
	// OpenSSL (3.0 on Debian 12) has none, whatever Go's courier makes of it.
	if f.pqRefuses(client) {
		v = bankAlert("handshake_failure", false, client)
		v.note = opensslNoMLKEM
	}
	// The suites are settled before any certificate is read: a courier that
	// shares none with the bank fails first, whatever would have failed after.
	if client == Requests && !f.failsToLoad(client) {
		if suites := f.sha1Only(); suites != nil && f.cappedUnder12() {
			v = noCiphersCapped
		} else if suites != nil {
			v = verdict{class: "requests.exceptions.SSLError", message: pyAlert(alertOf("handshake_failure").text),
				note: "CPython's own default cipher list (Python 3.10 and later) leaves out the suites with a SHA-1 MAC, and urllib3 2 keeps Python's list, so the courier offers none of the suites the bank can use (" + strings.Join(suites, ", ") + ") and the bank answers with a handshake failure alert. urllib3 1.26 sets its own list, which has them, and so do curl, openssl, Node and Go; a python3 built with OpenSSL's list (--with-ssl-default-suites=openssl, as Debian's and Ubuntu's are) connects with urllib3 2 too."}
		}
	}
	// A name dialled with its trailing dot: s_client and Node send it so in
	// the ClientHello, which Go's bank refuses before anything else, and a
	// real host as the probe found when it asked with the dot.
	if f.dotRefuses(client) {
		v = bankAlert(f.dotAlert(), false, client)
		v.note = dotSNINote[client]
		if realHost(f.s) {
			v.note = fmt.Sprintf(dotHostRefusedNote, dotSenders[client], f.dotAlert())
		}
	}
	// A real host's server may take the dot in SNI (OpenSSL's do); s_client
	// then checks the name with it, which OpenSSL's X509_check_host does not
	// match: a certificate for the name fails as if for another.
	if client == OpenSSL && v.ok && f.dotDialled() && realHost(f.s) && f.s.Client.Verify != scenario.VerifyFalse {
		v = nameVerdict(f, r, client)
		v.note = dotRealHostNote
		if f.dotUnasked() {
			v.also = bankAlert("decode_error", false, client).message
			v.note = dotRealHostUnaskedNote
		}
	}
	// Node, on a real host nobody asked with the dot: whether it connects
	// turns on the server, which the probe does not know.
	if client == Node && v.ok && f.dotUnasked() {
		v = bankAlert("decode_error", false, client)
		v.note = dotNodeUnaskedNote
	}
	// A badge OpenSSL refuses to load fails before anything above: before
	// any connection.
	if w, refused := f.loadRefusal(client); refused {
		v = w
	} else if v.ok && v.note == "" {
		v.note = f.loadsNote(client)
	}
	if v.ok && v.message == "" {
		v.class, v.message = successMessage(f, client)
	}
	out := ClientVerdict{OK: v.ok, Class: f.render(v.class), Message: f.renderMessage(v.message), Note: f.render(v.note), Also: f.renderMessage(v.also), Cause: v.cause}
	if client == Requests {
		out.Basis = notChecked
	}
	return out
}

// dotInSNI reports whether the courier dials a name ending in a dot (a fully
// qualified one, "bank.example.") that it sends as the SNI, and the server
// refuses such a ClientHello: the story's bank, Go's crypto/tls, does; a real
// host did if the probe, asking it so, was refused (dotAlert).
func (f *facts) dotInSNI() bool { return f.dotAlert() != "" }

// dotAlert is the alert the server refuses a ClientHello naming the dialled
// name with its dot with: decode_error from the story's Go bank, for a real
// host the one it answered the probe's asking (Trace.DottedSNI), when it
// answered the hello without the dot with a ServerHello: a host that refuses
// that one too refuses the dot for no more than what it refuses every hello
// for. "" when the name has no dot, or the host took it, or nobody knows
// (dotUnasked).
func (f *facts) dotAlert() string {
	switch {
	case !f.dotDialled():
		return ""
	case !realHost(f.s):
		return "decode_error"
	case f.t != nil && alertOf(f.t.DottedSNI).name != "" && f.serverHelloed():
		return f.t.DottedSNI
	}
	return ""
}

// serverHelloed reports whether the server answered the courier's
// ClientHello with a ServerHello (a HelloRetryRequest is not one).
func (f *facts) serverHelloed() bool {
	for i := range f.t.Steps {
		if st := &f.t.Steps[i]; st.Side == handshake.Server && st.IsMessage(wire.TypeServerHello) {
			return true
		}
	}
	return false
}

// dotUnasked reports whether a real host is dialled with its trailing dot and
// nobody knows what it makes of the dot in SNI: the probe did not ask it so,
// or got no answer it knows.
func (f *facts) dotUnasked() bool {
	return realHost(f.s) && f.dotDialled() && f.dotAlert() == "" && (f.t == nil || f.t.DottedSNI != handshake.DottedAccepted)
}

// dotRefuses reports whether client is refused for the dot it sends in SNI
// (dotInSNI): s_client and Node, unless their badge fails to load first (as
// Node's does not when its key is missing: it connects without one).
func (f *facts) dotRefuses(client string) bool {
	return dotSenders[client] != "" && f.dotInSNI() && !f.failsToLoad(client)
}

// failsToLoad reports whether client fails on loading its badge, before it
// connects: as Go does, but Node with a certificate and no key, which it
// loads without complaint (nodeKeyMissing); or refuses to load a badge its
// OpenSSL's security level finds too weak (loadRefusal).
func (f *facts) failsToLoad(client string) bool {
	return f.refusesToLoad(client) || clientTable[f.o.Reason].shape == loadErr && !(client == Node && f.o.Reason == handshake.ClientKeyMissing)
}

// nodeKeyMissing is Node's lot with a certificate and no key: it loads the
// certificate without complaint and connects with no badge, so it meets what
// a courier without one meets (clients' mtls-no-cert, mtls-no-cert-tls12,
// badge-optional and mtls-cert-without-key variants prove each). A bank that
// requires a badge refuses it, in TLS 1.3 with certificate_required on its
// first read, before with handshake_failure within the handshake; one that
// lets a courier in without a badge serves it.
func nodeKeyMissing(f *facts) verdict {
	if !requiresBadge(f.s.Server.ClientAuth) {
		return verdict{ok: true, note: "Node loads a certificate without a key without complaint and then sends no certificate: this bank lets a courier in without a badge, so Node is served as one, where requests and Go fail before connecting. Pass the key too, and Node shows the badge."}
	}
	v := bankAlert("handshake_failure", false, Node)
	if f.bothUpTo13() {
		v = bankAlert("certificate_required", true, Node)
	}
	v.note = "Node loads a certificate without a key without complaint and then sends no certificate: the bank refuses the badge-less courier, where requests and Go fail before connecting."
	return v
}

// upTo13 reports whether a side allowed up to max speaks TLS 1.3.
func upTo13(max scenario.Version) bool { return max == "" || max == scenario.TLS13 }

// bothUpTo13 reports whether both sides are allowed TLS 1.3, so that the
// handshake would speak it, played or not (a courier that failed to load
// its badge never played it; tls13 is the played handshake's).
func (f *facts) bothUpTo13() bool {
	return upTo13(f.s.Client.MaxVersion) && upTo13(f.s.Server.MaxVersion)
}

// dotDialled reports whether the courier dials a name ending in a dot and
// sends it as the SNI (no SNI of its own).
func (f *facts) dotDialled() bool {
	d := f.s.Client.Dial
	return f.s.Client.SNI == "" && !f.dialIP() && scenario.TrimDot(d) != d
}

// dotRealHostNote is s_client's refusal of a real host dialled by a name
// with its trailing dot.
const dotRealHostNote = "s_client sends the name it is given, its trailing dot included, in SNI and checks the certificate against it (-verify_hostname), and OpenSSL's X509_check_host matches no name with a trailing dot. This host took the dot when the probe asked it so, as a server on OpenSSL (nginx's, Apache's) does: s_client gets \"hostname mismatch\" for a certificate that names the host (a server on Go's crypto/tls refuses the ClientHello first, with a decode_error alert). Go, requests, curl and Node leave the dot out of the match. Give s_client the name without its dot."

// dotSenders are the clients that send a dialled name's trailing dot in SNI,
// as their notes name them.
var dotSenders = map[string]string{OpenSSL: "s_client", Node: "Node"}

// dotHostRefusedNote is why s_client or Node (%[1]s) fails on a real host
// that refused the probe's ClientHello naming it with its dot (with alert
// %[2]s).
const dotHostRefusedNote = "%[1]s sends the name it dials in the ClientHello's server_name (SNI), its trailing dot included, where RFC 6066 says a name goes without one. The probe asked this host so, as %[1]s does, and it refused the ClientHello with a %[2]s alert, as a server on Go's crypto/tls does (one on OpenSSL, nginx's or Apache's, takes it). Go, requests (urllib3) and curl send the name without its dot: they get through. Dial the name without its dot."

// dotRealHostUnaskedNote is s_client's lot on a real host dialled with its
// trailing dot that nobody asked with the dot.
const dotRealHostUnaskedNote = "s_client sends the name it is given, its trailing dot included, in SNI, and the probe could not learn what this host makes of that: a server on Go's crypto/tls refuses the ClientHello with a decode_error alert (the other message); one that takes the dot (on OpenSSL, as nginx and Apache are) lets s_client check the certificate against the name with its dot, which OpenSSL's X509_check_host matches with no name: \"hostname mismatch\" for a certificate that names the host. Either way it fails. Go, requests, curl and Node leave the dot out of the match. Give s_client the name without its dot."

// dotNodeUnaskedNote is Node's lot on a real host dialled with its trailing
// dot that nobody asked with the dot.
const dotNodeUnaskedNote = "Node sends the host it dials, its trailing dot included, in SNI, and the probe could not learn what this host makes of that: a server on Go's crypto/tls refuses the ClientHello with a decode_error alert, which is this; one that takes the dot (on OpenSSL, as nginx and Apache are) lets Node connect, for Node leaves the dot out when it matches the certificate. A servername without the dot gets through either way."

// dotSNINote is why s_client and Node fail where Go, requests and curl get
// through, for a name dialled with its trailing dot. Go's server refuses it
// in crypto/tls's handshake_messages.go ("An SNI value may not include a
// trailing dot"); OpenSSL's servers (nginx, Apache) take it.
var dotSNINote = map[string]string{
	OpenSSL: "s_client sends the name it is given (-servername, else the host of -connect)" + dotSNIWhy + " -servername with the name without its dot gets through.",
	Node:    "Node sends the host it dials (the servername option, else the URL's host)" + dotSNIWhy + " A servername without the dot gets through.",
}

const (
	dotSNIWhy = " in the ClientHello's server_name (SNI), its trailing dot included. RFC 6066 says a name goes there without one, and the bank here, Go's crypto/tls, refuses such a ClientHello as malformed with a decode_error alert (a server on OpenSSL, nginx's or Apache's, takes it). Go, requests (urllib3) and curl send the name without its dot and match the certificate against it so: they connect."
)

// goDropsOptionalBadge is why Go's client gets in where the others are refused
// for a badge from an office the bank does not know, when the bank only checks a
// badge if one is given.
const goDropsOptionalBadge = "Go's client with tls.Config.Certificates sends no certificate at all when the badge's issuer is not among the CAs the bank names in its CertificateRequest; this bank lets a courier without a badge in, so Go is served while the clients that show the badge are refused."

// requiresBadge reports whether the bank refuses a courier without a badge.
func requiresBadge(a scenario.ClientAuth) bool {
	return a == scenario.AuthRequireAny || a == scenario.AuthRequireAndVerify
}

// notChecked marks the urllib3 2.x predictions: Debian 12, where the proof runs,
// ships urllib3 1.26 only. They were checked by hand (clients' TestURLLib3v2)
// against requests with urllib3 2.7 on a CPython 3.11.7 built with Python's own
// cipher list, for every story and the proof's edited variants.
const notChecked = "Predicted from urllib3 2.x's source and checked by hand against urllib3 2.7 on CPython 3.11.7 for every story and the proof's edited variants, not by the automated proof (Debian 12 ships urllib3 1.26)."

// weakBeforeIt reports whether client, which refuses a weak key in the
// bank's chain, meets that before the failure the trace stopped at: the
// bank's refusal of the badge, or a check of the bank's chain it makes
// after the keys' sizes; a weak key of the bank's own certificate before
// any check of the chain.
func (f *facts) weakBeforeIt(client string) bool {
	if f.badgeRefused() {
		return true
	}
	r := reasonRank(f.o.Reason, client)
	if len(f.chain) > 0 && f.chain[0].weak() {
		return r > 0
	}
	return r > opensslOrder[handshake.WeakSignature]
}

// weakKey is the OpenSSL-based clients' refusal of RSA keys under 2048 bits,
// which Go accepts: OpenSSL at security level 2 (Debian's default) wants 112-bit
// security.
func weakKey(f *facts, client string) (verdict, bool) {
	if client == GoNetHTTP || f.s.Client.Verify == scenario.VerifyFalse {
		return verdict{}, false
	}
	if client == Node {
		for _, c := range f.chain {
			if c.weak() {
				return verdict{ok: true, note: "Node's own OpenSSL runs at security level 1, which accepts RSA-1024: Node agrees with Go here, while Python, curl and openssl (the system's OpenSSL, level 2) refuse."}, true
			}
		}
		return verdict{}, false
	}
	for i, c := range f.chain {
		if !c.weak() {
			continue
		}
		e := errEEKeyWeak
		if i > 0 {
			e = errCAKeyWeak
		}
		v := chainVerdict(f, e, client)
		v.note = "Go accepts RSA keys of 1024 bits; OpenSSL at its default security level (2 on Debian) refuses keys under 2048 bits."
		v.cause = CauseWeakKey
		return v, true
	}
	return verdict{}, false
}

// shapes predicts each client's verdict from how the failure reaches it.
var shapes = [...]func(f *facts, r row, client string) verdict{
	success: func(f *facts, r row, client string) verdict { return verdict{ok: true} },
	chainErr: func(f *facts, r row, client string) verdict {
		return chainVerdict(f, r.x509, client)
	},
	nameErr:  nameVerdict,
	alertErr: alertVerdict,
	loadErr: func(f *facts, r row, client string) verdict {
		// Go's own words, from the trace: tls.LoadX509KeyPair fails the same way.
		return verdict{class: "*errors.errorString", message: "{go_error}"}
	},
	otherErr: func(f *facts, r row, client string) verdict {
		// A bank's alert is read by every client the same way, whatever the
		// cause behind it (a real host can refuse for reasons no check names).
		if f.o.AlertFrom != nil && *f.o.AlertFrom == handshake.Server {
			return alertVerdict(f, r, client)
		}
		return otherVerdict(f, r, client)
	},
}

// otherVerdict is the prediction for failures no table describes finer.
func otherVerdict(f *facts, r row, client string) verdict {
	if client == GoNetHTTP {
		return verdict{class: "error", message: "Get \"{url_port}\": {go_error}"}
	}
	return verdict{message: "the handshake fails ({detail})", note: noFiner}
}

// noFiner notes a refusal predicted without the client's own words.
const noFiner = "No finer prediction for this client."

// successMessage is what each client prints when it gets the parcel, and the
// class of the warning it prints on the way, if any.
func successMessage(f *facts, client string) (class, message string) {
	switch client {
	case Requests, Requests1:
		if f.s.Client.Verify == scenario.VerifyFalse {
			doc := "https://urllib3.readthedocs.io/en/1.26.x/advanced-usage.html#ssl-warnings"
			if client == Requests {
				doc = "https://urllib3.readthedocs.io/en/latest/advanced-usage.html#tls-warnings"
			}
			return "InsecureRequestWarning", "InsecureRequestWarning: Unverified HTTPS request is being made to host '{dial}'. Adding certificate verification is strongly advised. See: " + doc
		}
		return "", "<Response [200]>"
	case Curl:
		return "", "HTTP/1.1 200 OK"
	case OpenSSL:
		if f.s.Client.Verify == scenario.VerifyFalse {
			if e, ok := advisoryErr(f); ok {
				return "", fmt.Sprintf("Verify return code: %d (%s)", e.num, e.text)
			}
		}
		return "", "Verify return code: 0 (ok)"
	}
	return "", "200 OK"
}

// advisoryErr is the verification error OpenSSL would report for a scenario run
// with verify=False, from the checks computed but not enforced.
func advisoryErr(f *facts) (x509Err, bool) {
	for _, st := range f.t.Steps {
		if st.Kind == handshake.KindCheck && st.Advisory && st.Reason != nil {
			if r := clientTable[*st.Reason]; r.shape == chainErr {
				return r.x509, true
			}
		}
	}
	return x509Err{}, false
}

// chainVerdict is each client's report of an OpenSSL verification error.
func chainVerdict(f *facts, e x509Err, client string) verdict {
	switch client {
	case Requests, Requests1:
		return verdict{class: "requests.exceptions.SSLError",
			message: pyPool + "(Caused by SSLError(SSLCertVerificationError(1, " + pyRepr("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "+e.text+" (_ssl.c:{line})") + ")))"}
	case Curl:
		return verdict{class: "curl: (60)", message: "curl: (60) SSL certificate problem: " + e.text}
	case OpenSSL:
		return verdict{class: fmt.Sprintf("verify error:num=%d", e.num), message: fmt.Sprintf("verify error:num=%d:%s\n", e.num, e.text) + verifyFailed}
	case Node:
		return verdict{class: e.node, message: e.text}
	}
	return verdict{class: "*tls.CertificateVerificationError", message: "Get \"{url_port}\": {go_error}"}
}

// verifyFailed is s_client's line when -verify_return_error stops the handshake.
const verifyFailed = "{thread}:error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../ssl/statem/statem_clnt.c:{line}:"

// worded is Story.Worded: for a story whose certificate lists several names
// and not the one dialled, urllib3 1.26's message for a certificate listing
// one of them. It quotes them all, "doesn't match 'a'" or "doesn't match
// either of 'a', 'b'", and the names are the person's own, so the story
// stands for either ("hostname '10.10.194.37' doesn't match
// 'vault.service.trouper'" is ip-mismatch's). For a certificate out of date,
// Go's message as Go before 1.14 printed it, without the times
// (x509.CertificateInvalidError had no Detail): it says neither which
// certificate nor which way. For a name Node refuses, its message as older
// Nodes wrote it: "Hostname/IP doesn't match certificate's altnames", and no
// more in Node 0.10 (as pasted in request/request#331), then with the reason
// (#1777); today's write "does not". For a host name the certificate's
// names do not cover, Node's words for a certificate with only a Common
// Name that does not cover it either ("is not cert's CN"). For an issuer
// Node does not know, its words where the bank sends its certificate alone
// (a leaf a private root signed itself, as mkcert's and many a proxy's are):
// "unable to verify the first certificate", missing-intermediate's
// (nodeLeafAlone), which Node 20 printed here for both.
func (f *facts) worded() map[string][]string {
	out := map[string][]string{}
	if v := f.clients()[Node]; !v.OK && v.Class == errIssuerLocally.node && v.Message == errIssuerLocally.text {
		alone := nodeLeafAlone()
		out[Node] = append(out[Node], alone.class+alikeClass+alone.message)
	}
	if msg := f.oneName(); msg != "" {
		out[Requests1] = append(out[Requests1], msg)
	}
	const outOfDate = "x509: certificate has expired or is not yet valid"
	if v := f.clients()[GoNetHTTP]; !v.OK {
		if i := strings.Index(v.Message, outOfDate+": "); i >= 0 {
			out[GoNetHTTP] = append(out[GoNetHTTP], v.Message[:i+len(outOfDate)])
		}
	}
	if v := f.clients()[Node]; !v.OK && strings.HasPrefix(v.Message, "Hostname/IP does not match ") {
		out[Node] = append(out[Node], "Hostname/IP doesn't match certificate's altnames",
			"Hostname/IP doesn't match "+strings.TrimPrefix(v.Message, "Hostname/IP does not match "))
		// A host name no name of the certificate covers is the story's
		// too where the certificate has no SAN and Node compares its
		// Common Name: "Host: a.example. is not cert's CN: b.example".
		const altnames = "Hostname/IP does not match certificate's altnames: "
		rest, named := strings.CutPrefix(v.Message, altnames+"Host: ")
		if host, _, ok := strings.Cut(rest, ". is not in the cert's altnames: "); named && ok {
			cn := "Host: " + host + ". is not cert's CN: " + first(f.leaf().dns)
			out[Node] = append(out[Node], altnames+cn, "Hostname/IP doesn't match certificate's altnames: "+cn)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// oneName is urllib3 1.26's message naming one of the certificate's names
// where the story's names several, "" for a story it does not name several.
func (f *facts) oneName() string {
	v := f.clients()[Requests1]
	if v.OK || !strings.Contains(v.Message, "doesn't match either of ") {
		return ""
	}
	var listed []string
	for _, n := range sans(f.leaf()) {
		listed = append(listed, pyRepr(n))
	}
	several := "doesn't match either of " + strings.Join(listed, ", ")
	if len(listed) < 2 || !strings.Contains(v.Message, several) {
		return ""
	}
	return strings.Replace(v.Message, several, "doesn't match "+listed[0], 1)
}

// nameVerdict is each client's report of a host name the certificate does not
// cover.
func nameVerdict(f *facts, r row, client string) verdict {
	leaf := f.leaf()
	dial := f.s.Client.Dial
	// urllib3 checks the name without the dot a fully qualified one ends in
	// (1.26's HTTPSConnection.host, 2's server_hostname_rm_dot); curl quotes
	// it as given.
	pyHost := scenario.TrimDot(dial)
	switch client {
	case Requests1:
		listed := make([]string, 0, len(sans(leaf)))
		for _, n := range sans(leaf) {
			listed = append(listed, pyRepr(n))
		}
		var ce string
		switch {
		case len(listed) == 0 && leaf.cn != "":
			// No SAN at all: urllib3 1.26 falls back to the Common Name.
			ce = fmt.Sprintf("hostname %s doesn't match %s", pyRepr(pyHost), pyRepr(leaf.cn))
		case len(listed) == 0:
			ce = "no appropriate commonName or subjectAltName fields were found"
		case len(listed) == 1:
			ce = fmt.Sprintf("hostname %s doesn't match %s", pyRepr(pyHost), listed[0])
		default:
			ce = fmt.Sprintf("hostname %s doesn't match either of %s", pyRepr(pyHost), strings.Join(listed, ", "))
		}
		return verdict{class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError(CertificateError(" + pyRepr(ce) + ")))"}
	case Requests:
		what := "Hostname mismatch"
		if f.dialIP() {
			what = "IP address mismatch"
		}
		return verdict{class: "requests.exceptions.SSLError",
			message: pyPool + "(Caused by SSLError(SSLCertVerificationError(1, " + pyRepr("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "+what+", certificate is not valid for '"+pyHost+"'. (_ssl.c:{line})") + ")))"}
	case Curl:
		if len(sans(leaf)) == 0 && leaf.cn != "" && !f.dialIP() {
			// No SAN at all: curl compares the Common Name.
			return verdict{class: "curl: (60)", message: "curl: (60) SSL: certificate subject name '" + leaf.cn + "' does not match target host name '" + dial + "'"}
		}
		return verdict{class: "curl: (60)", message: "curl: (60) SSL: no alternative certificate subject name matches target host name '" + dial + "'"}
	case OpenSSL:
		e := x509Err{62, "hostname mismatch", ""}
		if f.dialIP() {
			e = x509Err{64, "IP address mismatch", ""}
		}
		return verdict{class: fmt.Sprintf("verify error:num=%d", e.num), message: fmt.Sprintf("verify error:num=%d:%s\n", e.num, e.text) + verifyFailed}
	case Node:
		return verdict{class: "ERR_TLS_CERT_ALTNAME_INVALID", message: nodeAltnames(f, leaf)}
	}
	return verdict{class: "*tls.CertificateVerificationError", message: "Get \"{url_port}\": {go_error}"}
}

// nodeAltnames is tls.checkServerIdentity's reason.
func nodeAltnames(f *facts, leaf cert) string {
	const prefix = "Hostname/IP does not match certificate's altnames: "
	// tls.checkServerIdentity matches, and names, the host without the dot
	// a fully qualified name ends in (its unfqdn).
	dial := scenario.TrimDot(f.s.Client.Dial)
	if f.dialIP() {
		// With no address listed, Node ends on a space, which nobody sees.
		return strings.TrimSpace(prefix + "IP: " + dial + " is not in the cert's list: " + strings.Join(leaf.ips, ", "))
	}
	var alt []string
	for _, n := range leaf.dns {
		alt = append(alt, "DNS:"+n)
	}
	for _, ip := range leaf.ips {
		alt = append(alt, "IP Address:"+ip)
	}
	if len(alt) == 0 && leaf.cn != "" {
		// No SAN at all: Node compares the Common Name.
		return prefix + "Host: " + dial + ". is not cert's CN: " + leaf.cn
	}
	if len(leaf.dns) == 0 {
		return prefix + "Cert does not contain a DNS name"
	}
	return prefix + "Host: " + dial + ". is not in the cert's altnames: " + strings.Join(alt, ", ")
}

// alert is one of alerts: its name, number and OpenSSL's text.
type alert struct {
	name string
	num  int
	text string
}

// alertOf is the alert named name, the zero alert if alerts has none.
func alertOf(name string) alert {
	for _, a := range alerts {
		if a.name == name {
			return a
		}
	}
	return alert{}
}

// alerts are TLS alerts as the trace names them, with their numbers and the words
// OpenSSL gives them (its reason for a received alert is 1000 + the number).
var alerts = []alert{
	{"handshake_failure", 40, "sslv3 alert handshake failure"},
	{"bad_certificate", 42, "sslv3 alert bad certificate"},
	{"unsupported_certificate", 43, "sslv3 alert unsupported certificate"},
	{"certificate_revoked", 44, "sslv3 alert certificate revoked"},
	{"certificate_expired", 45, "sslv3 alert certificate expired"},
	{"certificate_unknown", 46, "sslv3 alert certificate unknown"},
	{"illegal_parameter", 47, "sslv3 alert illegal parameter"},
	{"unknown_ca", 48, "tlsv1 alert unknown ca"},
	{"access_denied", 49, "tlsv1 alert access denied"},
	{"decode_error", 50, "tlsv1 alert decode error"},
	{"decrypt_error", 51, "tlsv1 alert decrypt error"},
	{"protocol_version", 70, "tlsv1 alert protocol version"},
	{"insufficient_security", 71, "tlsv1 alert insufficient security"},
	{"internal_error", 80, "tlsv1 alert internal error"},
	{"missing_extension", 109, "tlsv13 alert missing extension"},
	{"unrecognized_name", 112, "tlsv1 unrecognized name"},
	{"certificate_required", 116, "tlsv13 alert certificate required"},
	{"no_application_protocol", 120, "tlsv1 alert no application protocol"},
}

// alertVerdict is each client's report of the bank's fatal alert. In TLS 1.3 a
// refusal of the badge comes after the courier's handshake is done, on its first
// read, and each client reports it from there.
func alertVerdict(f *facts, r row, client string) verdict {
	if alertOf(f.o.Alert).name == "" {
		return otherVerdict(f, r, client)
	}
	return bankAlert(f.o.Alert, f.o.Stage == handshake.StageFirstRead, client)
}

// bankAlert is each client's report of the bank's fatal alert (a name of
// alerts), received during the handshake or, read, on its first read.
func bankAlert(name string, read bool, client string) verdict {
	a := alertOf(name)
	text := a.text
	code := fmt.Sprintf("%08X", 0x0A000000+1000+a.num)
	mnemonic := strings.ToUpper(strings.ReplaceAll(text, " ", "_"))
	switch client {
	case Requests, Requests1:
		return verdict{class: "requests.exceptions.SSLError", message: pyAlert(text)}
	case Curl:
		if read {
			return verdict{class: "curl: (56)", message: "curl: (56) OpenSSL SSL_read: OpenSSL/{openssl_version}: error:" + code + ":SSL routines::" + text + ", errno 0"}
		}
		if name == "certificate_expired" {
			return verdict{class: "curl: (60)", message: "curl: (60) SSL certificate verification failed", note: curlExpiredAlert}
		}
		return verdict{class: "curl: (35)", message: "curl: (35) OpenSSL/{openssl_version}: error:" + code + ":SSL routines::" + text}
	case OpenSSL:
		return verdict{class: "error:" + code, message: "{thread}:error:" + code + ":SSL routines:ssl3_read_bytes:" + text + ":../ssl/record/rec_layer_s3.c:{line}:SSL alert number " + fmt.Sprint(a.num)}
	case Node:
		msg := "{thread}:error:" + code + ":SSL routines:ssl3_read_bytes:" + text + ":../deps/openssl/openssl/ssl/record/rec_layer_s3.c:{line}:SSL alert number " + fmt.Sprint(a.num)
		if read {
			return verdict{class: "ERR_SSL_" + mnemonic, message: msg}
		}
		// During the handshake Node's socket reports the alert as a failed write.
		return verdict{class: "EPROTO", message: "write EPROTO " + msg}
	}
	v := verdict{class: "*net.OpError", message: "Get \"{url_port}\": {go_error}"}
	if read {
		v.note = readLoopNote
	}
	return v
}

// curlExpiredAlert is why curl blames its own check of the bank for the
// bank's refusal of an expired badge within the handshake.
const curlExpiredAlert = "curl takes a certificate_expired alert received within the handshake (TLS 1.2; in TLS 1.3 it comes on the first read) for a failure of its own check of the bank's certificate: it exits 60 with \"SSL certificate verification failed\", though it is your certificate the bank refused, and its own check passed."

// pyAlert is requests' report of the bank's fatal alert, by OpenSSL's words for
// it.
func pyAlert(text string) string {
	mnemonic := strings.ToUpper(strings.ReplaceAll(text, " ", "_"))
	return pyPool + "(Caused by SSLError(SSLError(1, " + pyRepr("[SSL: "+mnemonic+"] "+text+" (_ssl.c:{line})") + ")))"
}

// readLoopNote is net/http's timing-dependent wording of a refusal on the first
// read.
const readLoopNote = "When the refusal arrives before the request is written, net/http's background reader reports it, and the message names that reader's own function before \"remote error\"."

// pyRepr quotes s as Python's repr() does a str.
func pyRepr(s string) string {
	q := "'"
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		q = `"`
	}
	s = strings.ReplaceAll(s, `\`, `\\`)
	if q == "'" {
		s = strings.ReplaceAll(s, "'", `\'`)
	}
	return q + s + q
}
