package explain

import (
	"fmt"
	"slices"
	"strings"
)

// Errors that no story plays, because no certificate is checked in them, or
// because no story's client prints them; a paste that matches no story but
// holds one of them is told what it means rather than to paste its chain.
var unmatched = []struct {
	// phrases are what the clients print, lower case: any one names the error.
	phrases []string
	words   string
	// dotted, when set, is said instead of words of a paste that shows a
	// name with the final dot of a fully qualified name (%[1]s: the name,
	// %[2]s: the name without its dot).
	dotted string
	// needs is a phrase the text must hold too ("" for none), as it is or,
	// for one without spaces, with the text's spaces left out (cert=( is
	// cert = ( too); with it the error is said for what it is even where a
	// story's message matches part of the text (Match lists none: see
	// missingFile).
	needs string
	// alone, as needs does, has the error said for what it is even where
	// a story's message matches part of the text.
	alone bool
	// server, when set, is said instead of words of a paste that shows a
	// server's log (serverReceived): the same error seen from the other
	// side.
	server string
	// serverAlso are marks (lower case) that show a server's log for this
	// error too, besides serverReceived's.
	serverAlso []string
}{
	{
		// A server's log of its refusal of its client's badge for a
		// verification error no story plays (nginx's "(66:EE certificate
		// key too weak)", "(23:certificate revoked)"): before the errors
		// below, which read its words as a client's.
		phrases: badgeLogMarks,
		words: "This is a server's log: it refused the certificate its client showed (a badge) for the reason it names, which no story here plays. " +
			"The mtls- stories show a bank refusing badges (an unknown issuer, a date, a badge not for client authentication) and what the couriers print; the cure is the badge, or the server's trust (nginx's ssl_client_certificate, Apache's SSLCACertificateFile).",
	},
	{
		phrases: []string{"wrong version number", "wrong_version_number", "first record does not look like a tls handshake",
			"server gave http response to https client"},
		words: "This is not a certificate error: what answered did not speak TLS, so no certificate was sent. " +
			"Most often the port speaks plain HTTP (an http:// server dialled as https://, or the wrong port), " +
			"or HTTPS_PROXY names a proxy as https:// that speaks plain HTTP (write it http://). No story here plays it.",
		server: notTLSClientWords,
	},
	{
		// A plain-HTTP server's log of a client speaking TLS to it: the
		// ClientHello's record header (16 03 01) read as the request line
		// and logged escaped, by Python's http.server and Flask's
		// development server ("code 400, message Bad request version (…)",
		// "Bad request syntax ('\x16\x03\x01…')") and in nginx's access log
		// (a 400): Python 3.11.7's http.server, Flask 3 (Werkzeug) and
		// nginx 1.22 here, for requests and curl dialling https:// at them.
		// uvicorn logs no bytes, only "Invalid HTTP request received."
		// (httptools_impl.py, h11_impl.py), of any request it cannot parse.
		phrases: []string{`\x16\x03\x01`, `\x16\x03\x03`, "invalid http request received"},
		words: "This is a plain-HTTP server's log, and not a certificate error: a client spoke TLS to a port that serves plain HTTP (an https:// URL for an http:// server), so no certificate was sent. " +
			"\\x16\\x03\\x01 opens a TLS handshake (the client's hello), which the server read as a request line it could not parse: Python's http.server and Flask's development server say \"Bad request version\" or \"Bad request syntax\", nginx logs a 400 in its access log, and uvicorn says \"Invalid HTTP request received.\" (of any request it cannot parse, and this is the commonest). " +
			"The client printed \"wrong version number\" (requests, curl, s_client, Node) or \"first record does not look like a TLS handshake\" (Go). " +
			"Dial http:// (a development server on your own machine), or serve HTTPS on that port (flask run --cert cert.pem --key key.pem, uvicorn --ssl-certfile cert.pem --ssl-keyfile key.pem, nginx's listen 443 ssl), or dial the port that does. No story here plays it.",
	},
	{
		// A server's words for plain HTTP on its HTTPS port: OpenSSL's
		// SSL_R_HTTP_REQUEST ("http request") as Apache logs it after its
		// AH01996, nginx's in its log and in the page it answers, Go's
		// net/http (server.go) in its log and in its answer ("Client sent
		// an HTTP request to an HTTPS server.", which a client prints).
		phrases: []string{"http spoken on https port", "client sent plain http request to https port", "the plain http request was sent to https port",
			"client sent an http request to an https server", "routines::http request", "ssl23_get_client_hello:http request"},
		words: "This is not a certificate error: the client sent plain HTTP to a port that speaks HTTPS (an http:// URL with the HTTPS port), and the server said so. " +
			"Dial https://, or the HTTP port. No story here plays it.",
		server: notTLSClientWords,
	},
	// The files a client is told to read, refused before any connection:
	// requests' own checks (adapters.py's cert_verify: "Could not find a
	// suitable TLS CA certificate bundle, invalid path: …", "Could not
	// find the TLS certificate file, invalid path: …", "… the TLS key
	// file, …"); OpenSSL's for a CA file with no certificate in it (a key,
	// an empty file, DER), as Python prints it; curl's CURLE_SSL_CACERT_BADFILE
	// (77), in curl 7.88's words and those before it.
	{
		phrases: []string{"could not find a suitable tls ca certificate bundle"},
		words: "This is not a certificate error: requests did not connect, because the CA bundle it was told to read does not exist: verify= (or the Session's verify, or REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE, which requests reads when verify is left True) names a path that is not there (a relative path is read from the working directory, not the script's folder). " +
			"Give verify= the absolute path of a PEM file of CA certificates that exists, or unset the variable. The story custom-ca-bundle plays a bundle that works, requests-bundle-precedence which one requests reads.",
	},
	{
		phrases: []string{"could not find the tls certificate file", "could not find the tls key file"},
		words: "This is not a certificate error: requests did not connect, because the badge it was told to show is not there: cert= (a file, or a (certificate, key) pair) names a path that does not exist (a relative path is read from the working directory). " +
			"Give cert= the absolute paths of the client certificate and of its key. The story mtls-ok plays a badge that works, mtls-no-cert a bank that demands one.",
	},
	{
		phrases: []string{"no certificate or crl found", "no_certificate_or_crl_found"},
		words: "This is not a certificate error: the file given as the CA bundle holds no certificate (verify=, REQUESTS_CA_BUNDLE or cafile= naming a private key, an empty file, or a certificate in DER rather than PEM), and OpenSSL refused it before any connection. " +
			"Give verify= a PEM file of CA certificates (-----BEGIN CERTIFICATE----- blocks; openssl x509 -inform der -in ca.der -out ca.pem converts one). The story custom-ca-bundle plays a bundle that works.",
	},
	{
		// curl's CURLE_SSL_CERTPROBLEM (58) for a --cert file that is not
		// there (curl 7.88: "could not load PEM client certificate from
		// /tmp/nope.crt, OpenSSL error error:80000002:system library::No
		// such file or directory, …"), which mtls-cert-without-key's
		// "could not load PEM client certificate" would otherwise read.
		phrases: []string{"could not load pem client certificate"}, needs: "no such file or directory",
		words: "This is not a certificate error: curl did not connect, because the client certificate it was told to show is not there: --cert (or --key) names a file that does not exist (a relative path is read from the working directory). " +
			"Give --cert the path of the client certificate and --key that of its key. The story mtls-ok plays a badge that works, mtls-no-cert a bank that demands one.",
	},
	{
		// load_cert_chain's ERR_LIB_SSL "PEM lib" for a cert= pair of
		// files, one of which does not decode: requests 2.34.2 on Python
		// 3.11.7 and OpenSSL 3.0 here, for the certificate's block damaged
		// ("(_ssl.c:3905)") and for the key cut short ("(_ssl.c:3926)"). A
		// single file without its key is mtls-cert-without-key's.
		phrases: []string{"[ssl] pem lib"}, needs: "cert=(",
		words: "This is not a certificate error: requests did not connect, because one of the two files cert= names does not decode, and OpenSSL refused it before any connection: " +
			"the certificate's -----BEGIN CERTIFICATE----- block damaged or cut short (a bad copy and paste, a lost line), or the key file not a PEM private key (damaged, cut short, DER, or a certificate given in its place). " +
			"openssl x509 -noout -in client.crt checks the first and openssl pkey -noout -in client.key the second (each silent when it reads the file): mend or replace the one that fails. " +
			"A single file given as cert= that holds no key says the same words (the story mtls-cert-without-key); the story mtls-ok plays a badge that works.",
	},
	{
		// A CA bundle holding a block that does not decode (its base64
		// damaged, or cut short), which OpenSSL's X509_load_cert_crl_file_ex
		// (x509/by_file.c) refuses whole, with ERR_LIB_X509's "PEM lib":
		// Python's load_verify_locations (the verify= bundle, urllib3's
		// ssl_wrap_socket) raises it as "[X509] PEM lib (_ssl.c:4154)",
		// s_client prints the function's name (its -CAfile), where
		// load_cert_chain (cert=, the badge) raises ERR_LIB_SSL's "[SSL] PEM
		// lib" (mtls-cert-without-key's words, or the pair's above). Python 3.11.7 on OpenSSL
		// 3.0, requests 2.34.2, s_client 3.0.19 here, for the root followed
		// by a damaged block, and for a block cut short; curl 7.88.1 printed
		// its (77), below.
		phrases: []string{"[x509] pem lib", "x509_load_cert_crl_file_ex:pem lib"}, alone: true,
		words: "This is not a certificate error: the CA bundle the client was told to read (verify=, REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE; s_client's -CAfile) holds a block that does not decode, and OpenSSL refused the whole file before any connection: a -----BEGIN CERTIFICATE----- block whose base64 is damaged or cut short (a bad copy and paste, a lost line, text typed inside the block). " +
			"[X509] names OpenSSL's certificate library, which reads the CA bundle; the client certificate given as cert= says \"[SSL] PEM lib\" instead (a file without its key, the story mtls-cert-without-key, or a certificate or key file that does not decode), and no badge is in play here. " +
			"openssl crl2pkcs7 -nocrl -certfile FILE > /dev/null names what is wrong (\"bad base64 decode\", or \"too long\" for a block cut short), and openssl storeutl -noout -certs FILE counts the blocks read before it: mend or remove that block, or take the CA's certificate again. The story custom-ca-bundle plays a bundle that works.",
	},
	{
		phrases: []string{"error setting certificate file", "error setting certificate verify locations"},
		words: "This is not a certificate error: curl did not connect, because the CA bundle it was told to read could not be loaded: --cacert (or CURL_CA_BUNDLE, or the CAfile curl was built with) names a file that does not exist, cannot be read, holds no PEM certificate (a private key, an empty file, DER), or holds a block that does not decode (damaged or cut short: openssl crl2pkcs7 -nocrl -certfile FILE > /dev/null names it). " +
			"Give --cacert a PEM file of CA certificates that exists; in PHP, curl.cainfo and openssl.cafile in php.ini. The story custom-ca-bundle plays a bundle that works.",
	},
	{
		// X509_V_ERR_UNSPECIFIED: OpenSSL's x509_vfy.c (and LibreSSL's)
		// sets it as a safety net where verification failed and no check
		// said why; Ruby prints the reason after "certificate verify
		// failed" (ruby/openssl#99). Ruby 3.1.2 (openssl gem 3.0.1, OpenSSL
		// 3.0) here names its own refusals: "hostname mismatch", and
		// "certificate rejected" for a verify_callback returning false,
		// nil, or raising.
		phrases: []string{"unspecified certificate verification error"},
		words: "OpenSSL says this when verifying the server's chain failed and no check recorded why: a safety net for a failure inside the verification (the CA store could not be read or searched, a certificate could not be parsed) or a verify callback that refused without giving a reason. " +
			"It names none of the faults the stories play (those name themselves: \"unable to get local issuer certificate\", \"certificate has expired\", \"hostname mismatch\"), and Ruby's own checks name theirs too (\"hostname mismatch\"; \"certificate rejected\" for a verify_callback that returned false). " +
			"Look at what this program verifies with: its CA file or store (Ruby's ca_file, cert_store, SSL_CERT_FILE; OpenSSL::X509::DEFAULT_CERT_FILE), any verify_callback it sets, and its OpenSSL or LibreSSL (an old one, or macOS's); openssl s_client -connect HOST:443 -servername HOST -showcerts shows the server's chain, which Paste a chain reads.",
	},
	{
		// X509_V_ERR_CERT_REJECTED: a program's own verify callback
		// refusing (Ruby 3.1.2 here, for a verify_callback returning false),
		// or a CA marked as rejected in the trust store.
		phrases: []string{"certificate verify failed (certificate rejected)"},
		words: "The program's own check refused the certificate: Ruby says this (and OpenSSL for a CA its trust store marks as rejected) when a verify_callback returned false or raised, whatever OpenSSL itself found. " +
			"Look at what the program's verify_callback checks (a pinned certificate or fingerprint that changed, a rule of its own). No story here plays it.",
	},
	{
		// nginx's words for a peer that hung up in the handshake
		// (ngx_event_openssl.c's ngx_ssl_handshake: SSL_ERROR_SYSCALL, with
		// the errno when there is one), after its first bytes: nginx 1.22
		// here logged them for Node 20 refusing a self-signed certificate
		// over TLS 1.3 (it closes without an alert), "(104: Connection
		// reset by peer)" for a ClientHello and a reset (or a close with
		// the server's answer unread).
		phrases: []string{"peer closed connection in ssl handshake"},
		words:   peerClosedWords,
		server:  hangUpClientWords,
	},
	{
		// nginx's peek at a client's first byte, before any TLS
		// (ngx_http_ssl_handshake): nginx 1.22 here logged these for a TCP
		// connection closed, or reset, without a byte sent.
		phrases: []string{"client closed connection while ssl handshaking", "recv() failed (104: connection reset by peer) while ssl handshaking, client:"},
		words:   noHelloWords,
	},
	{
		// A TCP connection refused: nothing listens where the client
		// dialled, so no TLS began. Real here (review 18), dialling a port
		// nothing listens on: requests 2.34.2's "[Errno 111] Connection
		// refused", curl 7.88.1's "(7) Failed to connect … Couldn't connect
		// to server" (its -v naming "Connection refused" for each address
		// tried), Node 20's ECONNREFUSED, Go's "connect: connection
		// refused", s_client's "BIO_connect:Connection refused"; Windows'
		// WSAECONNREFUSED as Python prints it ("[WinError 10061] No
		// connection could be made because the target machine actively
		// refused it").
		phrases: []string{"connection refused", "econnrefused", "winerror 10061", "actively refused it", "couldn't connect to server"},
		words:   connectionRefusedWords,
	},
	{
		// Go's net/http prints the hang-up as the url.Error of a bare
		// io.EOF: `Get "https://localhost:9450/": EOF` (Go 1.26 here,
		// review 18, against a server that accepts and closes).
		phrases: []string{"eof occurred in violation of protocol", "unexpected eof while reading", "unexpected_eof_while_reading",
			"ssl_error_syscall", "client network socket disconnected before secure tls connection was established", goEOF},
		words: "The connection was closed without a TLS alert, in the middle of the handshake or just after it: " +
			"the server, or a proxy or firewall on the way, hung up. It may refuse the name sent (SNI) or your address, " +
			"or want a TLS version your client does not offer; or it wants a client certificate (cert=, --cert) and hangs up instead of saying so: " +
			"in TLS 1.3 the client has finished its side of the handshake, and checked the server's certificate, before the server reads that it showed none, " +
			"so the client meets the hang-up on its first write or read after the handshake (the story mtls-no-cert plays such a bank, one that says so with an alert). " +
			"openssl s_client -connect HOST:443 -servername HOST shows how far the handshake gets. No story here plays it.",
		server: hangUpClientWords,
	},
	{
		// urllib3's "Can't connect to HTTPS URL because the SSL module is
		// not available." (connectionpool.py), pip's and conda's words for
		// a Python whose ssl module did not import.
		phrases: []string{"ssl module is not available", "ssl module in python is not available", "openssl appears to be unavailable"},
		words: "This is not a certificate error: Python could not load its ssl module (the OpenSSL library it was built with did not load), so it cannot speak HTTPS at all. " +
			"Most often on Windows with conda: an environment used without being activated (conda activate), so the OpenSSL DLLs in its Library\\bin are not found; or a Python built without OpenSSL. " +
			"python -c \"import ssl\" shows why. No story here plays it.",
	},
	{
		phrases: []string{"unsupported protocol", "unsupported_protocol"},
		words: "The client and the server have no TLS version in common, and your client said so: the server chose a version it refuses, most often TLS 1.0 or 1.1. " +
			"The stories tls10-bank and tls11-bank play such a server (and tls-version-mismatch a server refusing the client's versions); the cure is the server's: TLS 1.2 or 1.3.",
		// nginx 1.22 here logged it for curl offering TLS 1.2 to a server
		// of TLS 1.3 only, and TLS 1.0 and 1.1 to one of 1.2.
		server: "This is a server's log: its client offered only TLS versions this server does not accept (most often TLS 1.0 or 1.1, from an old client or a scanner; or TLS 1.2 to a server of TLS 1.3 only), and the server refused the handshake. " +
			"The story tls-version-mismatch plays a server refusing its client's versions, and shows what the clients print; the cure is the client's (TLS 1.2 or 1.3), or the server's protocols (nginx's ssl_protocols) if it must serve that client.",
	},
	{
		// OpenSSL's SSL_R_NO_PROTOCOLS_AVAILABLE (tls_setup_handshake,
		// statem_lib.c): the client's own settings leave it no version to
		// offer, and it sends nothing. Python 3.11.7 on OpenSSL 3.0 here,
		// for requests through an adapter whose context set
		// maximum_version = TLSv1_1 (its default context's minimum is TLS
		// 1.2), and Node 20.20.2 for maxVersion: 'TLSv1.1' (its default
		// minimum is TLS 1.2 too); curl --tls-max 1.1 and s_client -tls1_1
		// sent their ClientHello and got the server's protocol_version
		// alert (tls-version-mismatch's words).
		phrases: []string{"no protocols available", "no_protocols_available"},
		words: "The client did not connect, and sent nothing: its own lowest and highest TLS versions leave no version it can speak. " +
			"Most often a maximum below TLS 1.2 (Python's ssl.TLSVersion.TLSv1_1 as maximum_version, Node's maxVersion: 'TLSv1.1') where the minimum is TLS 1.2, the default of Python's default context (urllib3 2), Node and Go, or a minimum above the maximum. " +
			"A client whose minimum is left to Debian's OpenSSL 3.0 (curl --tls-max 1.1, openssl s_client -tls1_1, requests on urllib3 1.26) still has TLS 1.0 and 1.1: it sends its ClientHello and prints the server's protocol version alert instead, and a server that takes TLS 1.1 it refuses at OpenSSL's default security level, for the SHA-1 and MD5 that handshake signs with (\"legacy sigalg disallowed or unsupported\"). " +
			"The cure is the client's own settings: remove the maximum (or raise it to TLS 1.2 or 1.3), or lower the minimum below it. The server has no part in it. " +
			"The stories tls-version-mismatch (a client and a server with no version in common), tls10-bank and tls11-bank (a server of TLS 1.0 or 1.1 only) play versions refused on the wire, where the server's alert is what the client prints.",
	},
	{
		// OpenSSL's ssl_check_srvr_ecc_cert_and_alg (ssl_lib.c): a TLS 1.2
		// client refuses an ECDHE-ECDSA handshake whose server certificate
		// has a keyUsage without digitalSignature (SSL_R_ECC_CERT_NOT_FOR_SIGNING,
		// then ssl3_check_cert_and_algorithm's SSL_R_BAD_ECC_CERT, which
		// Python raises). Python 3.11.7 (requests 2.34.2), curl 7.88.1,
		// s_client 3.0.19 and Node 20.20.2 here against a Go server of TLS
		// 1.2 at most with an ECDSA certificate whose keyUsage is
		// keyEncipherment alone; Go's client connected. Said alone: curl
		// -v's alert line ("TLS alert, handshake failure") is
		// 3des-only-bank's words too.
		phrases: []string{"bad ecc cert", "bad_ecc_cert", "ecc cert not for signing", "ecc_cert_not_for_signing"}, alone: true,
		words: "The server's ECDSA certificate has a keyUsage extension without digitalSignature (keyEncipherment alone, as a template for RSA certificates gives), and your client, on OpenSSL, refused it: in TLS 1.2 an ECDHE-ECDSA handshake has the server sign with that key, which OpenSSL requires the keyUsage to allow. " +
			"Go's client does not check it, and connects. " +
			"The cure is the server's: reissue the certificate with digitalSignature in keyUsage (openssl x509 -noout -ext keyUsage -in cert.pem shows it). No story here plays it.",
	},
	{
		phrases: []string{"unsafe legacy renegotiation disabled", "unsafe_legacy_renegotiation_disabled"},
		words: "The server, or a TLS-inspecting proxy on the way, does not support secure renegotiation (RFC 5746), which OpenSSL 3 requires: the cure is the server's (or the proxy's). " +
			"Meanwhile OpenSSL's SSL_OP_LEGACY_SERVER_CONNECT (Python's ssl.OP_LEGACY_SERVER_CONNECT, set on an SSLContext) lets a client through. No story here plays it.",
	},
	{
		phrases: []string{"dh key too small", "dh_key_too_small"},
		words: "The server's Diffie-Hellman key exchange uses a group under 2048 bits, which OpenSSL refuses at its default security level: " +
			"the cure is the server's (ECDHE, or a Diffie-Hellman group of 2048 bits or more). No story here plays it: Go's crypto/tls speaks no finite-field Diffie-Hellman.",
	},
	{
		// curl's own check of its version options (lib/vtls/openssl.c's
		// set_ssl_version_min_max), before any connection: curl 7.88.1 here,
		// --tlsv1.2 --tls-max 1.1 and --tlsv1.3 --tls-max 1.2, with -v and
		// without. Said alone: curl sends nothing, so no story's words in the
		// rest are its.
		phrases: []string{"curl_sslversion_max incompatible with curl_sslversion"}, alone: true,
		words: "This is not a certificate error, and curl sent nothing: its own TLS version options conflict, the highest it may speak (--tls-max, CURLOPT_SSLVERSION's maximum) below the lowest (--tlsv1.2, --tlsv1.3: that version or later), as --tlsv1.2 --tls-max 1.1 sets; curl's (35) for it is the \"no protocols available\" of OpenSSL's other clients. " +
			"The cure is curl's own options, on the command line, in ~/.curlrc, or set through libcurl by the program (PHP's CURLOPT_SSLVERSION): drop --tls-max, or raise it to the minimum or above. The server has no part in it. " +
			"The story tls-version-mismatch plays a client and a server with no version in common, refused on the wire.",
	},
	{
		// winerror.h's CRYPT_E_NO_REVOCATION_CHECK and
		// CRYPT_E_REVOCATION_OFFLINE (Microsoft's "Certificate and Trust
		// Return Values"), as curl and git on schannel print them; curl's
		// --ssl-revoke-best-effort and --ssl-no-revoke and git's
		// http.schannelCheckRevoke are documented in their manuals.
		phrases: []string{"crypt_e_no_revocation_check", "0x80092012", "crypt_e_revocation_offline", "0x80092013",
			"the revocation function was unable to check revocation"},
		words: "Windows' schannel (curl and git on Windows, .NET) checks revocation by default, and could not reach the CRL or the OCSP responder of a CA in the chain: offline, or behind a TLS-inspecting proxy whose root publishes none. " +
			"curl --ssl-revoke-best-effort (or --ssl-no-revoke) and git's http.schannelCheckRevoke=false let it through; a proxy's root must still be trusted (corporate-proxy). " +
			"The stories revoked-leaf and revoked-intermediate show revocation, which the clients tlsplay runs do not check unless told to.",
	},
	{
		phrases: []string{"certificate revoked", "cert_revoked", "certificate_revoked"},
		words: "Your client checked revocation, and the CA has revoked the server's certificate: the server needs a new one. " +
			"The stories revoked-leaf and revoked-intermediate show revocation, which requests, curl, openssl, Node and Go do not check unless told to.",
	},
	{
		// A received decode_error: the other side could not parse a message
		// it received, which side printed it and which message it could not
		// parse being unknown (a client prints it; a server too, as nginx's
		// "SSL_do_handshake() failed (… tlsv1 alert decode error …) while
		// SSL handshaking, client: …"). Go's crypto/tls (the stories' bank) sends it for a
		// server_name ending in a dot (handshake_messages.go), which RFC 6066
		// forbids and s_client and Node send as given (TestTrailingDot).
		phrases: []string{"tlsv1 alert decode error", "tlsv1_alert_decode_error", "ssl alert number 50", "remote error: tls: error decoding message"},
		words: "The other side could not parse a message it received from the side that printed this, and said so with a decode_error alert: this is not a certificate error. " +
			"One cause the page plays is a name with the final dot of a fully qualified name (bank.example.): s_client and Node send it with the dot in SNI, which RFC 6066 forbids, and a Go server refuses it so (open a story and dial its name with the dot). " +
			"Your text does not show s_client or Node sending such a name (requests, curl and Go leave the dot out): then the other side, or a proxy on the way, could not parse something else (in a ClientHello, an extension it mishandles), which no story here plays.",
		dotted: "Your client sent the name %[1]s, with the final dot of a fully qualified name, in SNI, which RFC 6066 forbids; a server such as Go's crypto/tls (the stories' bank) refuses that ClientHello with a decode_error alert, before any certificate is sent. " +
			"s_client and Node send the name as given; requests, curl and Go leave the dot out. The cure is the courier's: dial %[2]s, without the dot (-servername %[2]s). " +
			"The page plays it: open a story and dial its name with the dot (bank.example.), and each client's words are shown.",
	},
	{
		// A received decrypt_error: the peer could not verify a signature
		// (RFC 8446's CertificateVerify) or a Finished.
		phrases: []string{"tlsv1 alert decrypt error", "tlsv1_alert_decrypt_error", "ssl alert number 51", "remote error: tls: error decrypting message"},
		words: "The other side could not verify a signature made in the handshake (a decrypt_error alert): most often a certificate served with a private key that is not its own. " +
			"Sent to a client that showed a badge, its key is not the badge's (mtls-key-mismatch); sent to a server, the client refused the server's signature (server-wrong-key), as a TLS-inspecting proxy's clients may. " +
			"No story here prints these words: those two show the fault.",
	},
	{
		// A received certificate_unknown: the peer refused a certificate
		// and said no more (RFC 8446: "some other (unspecified) issue").
		phrases: []string{"sslv3 alert certificate unknown", "sslv3_alert_certificate_unknown", "ssl alert number 46", "remote error: tls: unknown certificate"},
		words:   "The other side refused a certificate without saying why (a certificate_unknown alert). Received by a client that showed a badge, the server refused the badge (the mtls- stories show why it may); received by a server, its client refused the server's certificate: run that client, or paste the server's chain, to see its reason.",
	},
	{
		// Go's words for it, no server's log shown (a Go server's is a
		// foreign error: goBadRecordMACNote): a Go client's, or a server's
		// line cut short.
		phrases: []string{"local error: tls: bad record mac"},
		words: "These are Go's words for a record that failed its integrity check (bad_record_mac). " +
			"Logged by a Go server (\"http: TLS handshake error from …: local error: tls: bad record MAC\"), they most likely mean its client refused the server's certificate during a TLS 1.3 handshake, as curl, Python and openssl s_client do: their alert comes in the clear, and the server cannot read it. Paste the whole line to have it read so. " +
			"Printed by a Go client, the bytes were not those the server encrypted: most often one connection is used by two goroutines at once, or something on the way corrupts the bytes. No story here plays it.",
	},
	{
		// A record that fails its integrity check, on the side that printed
		// it or, as an alert ("sslv3 alert bad record mac"), on the other; in
		// the handshake or after it, which the words do not say.
		// A server on OpenSSL logging it (nginx's in the handshake and
		// after it, "while waiting for request", "while keepalive") is
		// no client's refusal of its certificate, as a Go server's is.
		phrases:    []string{"decryption failed or bad record mac", "decryption_failed_or_bad_record_mac", "bad record mac", "bad_record_mac"},
		words:      badRecordMACWords,
		server:     serverBadRecordMACWords,
		serverAlso: []string{"while waiting for request, client:", "while keepalive, client:", "while reading client request"},
	},
}

// Unmatched says what an error no story plays means, when text holds one
// ("" when it holds none of them).
func Unmatched(text string) string {
	lower := strings.ToLower(text)
	for _, u := range unmatched {
		if u.needs != "" && !holds(lower, u.needs) {
			continue
		}
		for _, p := range u.phrases {
			if strings.Contains(lower, p) {
				if name := dottedName(lower); name != "" && u.dotted != "" {
					return fmt.Sprintf(u.dotted, name, strings.TrimSuffix(name, "."))
				}
				if u.server != "" && (serverReceived(text, lower) || containsAny(lower, u.serverAlso)) {
					return u.server
				}
				return u.words
			}
		}
	}
	if words := ExtraCertsWords(text); words != "" {
		return words
	}
	if alert := receivedAlert(text); alert != "" {
		return fmt.Sprintf(receivedOtherWords, alert)
	}
	if strings.Contains(lower, "ssl_do_handshake() failed") {
		if serverReceived(text, lower) {
			return serverHandshakeWords
		}
		if strings.Contains(lower, "to upstream") {
			return upstreamHandshakeWords
		}
	}
	return ""
}

// missingFile reports whether lower (a text in lower case) holds an error
// of Unmatched's that needs a phrase besides its own (a file that is not
// there), or is said alone (a CA bundle that does not decode): no story
// plays it, whatever story's words the rest holds.
func missingFile(lower string) bool {
	for _, u := range unmatched {
		if (u.needs != "" && holds(lower, u.needs) || u.alone) && containsAny(lower, u.phrases) {
			return true
		}
	}
	return false
}

// holds reports whether lower holds phrase as it is or, with the spaces
// and tabs of lower left out, as written without them: a call's cert=( as
// a person spaces it (cert = (, s.cert = ().
func holds(lower, phrase string) bool {
	return strings.Contains(lower, phrase) || strings.Contains(unspaced(lower), phrase)
}

// unspaced is s without its spaces and tabs.
func unspaced(s string) string {
	return strings.NewReplacer(" ", "", "\t", "").Replace(s)
}

// goEOF is how Go's net/http ends its error for a connection closed
// without a TLS alert (lower case): the request's quoted URL, then io.EOF.
const goEOF = "\": eof"

// connectionRefusedWords are said of a TCP connection refused.
const connectionRefusedWords = "This is not a certificate error, and no TLS happened: the client could not open a connection, because nothing listens on that host and port (the connection was refused), so no certificate was sent or checked. " +
	"Most often the server is not running (or stopped at start: its own log says why), the port is wrong (the URL's, or 443 left implied where the server listens on another), or the server listens on another address than the one dialled: 127.0.0.1 where localhost is dialled as ::1, or the reverse; 127.0.0.1 where another machine or a container dials it (listen on 0.0.0.0); a container's port not published (docker run -p 8443:8443). " +
	"On the server's machine, ss -ltnp lists what listens on which address and port (netstat -an on Windows, lsof -iTCP -sTCP:LISTEN on macOS); curl -v https://HOST:PORT/ shows each address tried and what each said (curl's (7) \"Couldn't connect to server\" is said of a connection that timed out too, where a firewall drops it). " +
	"No story here plays it: they all begin with a connection made."

// badRecordMACWords are said of a record that failed its integrity check.
const badRecordMACWords = "This is not a certificate error: a record failed its integrity check (bad_record_mac), on the side that printed this or, as an alert, on the other: the bytes were not those the sender encrypted. Most often one connection is used by two threads or processes at once (a requests Session or a pooled connection shared across a fork), or something on the way corrupts the bytes. No story here plays it."

// serverBadRecordMACWords are said of a server on OpenSSL's log of a record
// that failed its integrity check. Such a server (nginx 1.22, Python 3.11,
// Node 20 and openssl s_server, on OpenSSL 3.0, here) logged a client's
// refusal of its certificate as the alert it is over TLS 1.3 too (curl's
// and requests' unknown_ca, Go's bad_certificate), where a Go server logs
// bad record MAC (goBadRecordMACNote). What threads found behind it:
// openssl/openssl#4938 (nginx, gone with ssl_session_cache off),
// openssl/openssl#21347 (a QAT engine's "gcm tag verify failure"),
// nginx/nginx#961 (a client corrupting its records).
const serverBadRecordMACWords = "This is a server's log, and not a certificate error: a record its client sent failed its integrity check (bad_record_mac). " +
	"A server on OpenSSL (nginx, Apache, a Python or Node server, openssl s_server) logs a client's refusal of its certificate as the alert it is (tlsv1 alert unknown ca, sslv3 alert bad certificate), over TLS 1.3 too, unlike a Go server, which logs bad record MAC for it: so here the bytes were not those the client encrypted. " +
	"Something on the way altered them (a middlebox, a load balancer, a network card's offload), the server's crypto computed them wrong (a hardware engine such as QAT, an OpenSSL bug: one thread saw it go with nginx's ssl_session_cache off), or the client is broken. " +
	"From one client or network, look there; from many, at what the server runs. No story here plays it."

// What a handshake that failed without a certificate refused says: a peer
// that hung up, in a server's log and as nginx's to its upstream
// (princeton_ansible#1111: proxy_ssl_server_name on; docker-registry-proxy#18:
// an old nginx against a server of TLS 1.2 and later), a client that sent no
// TLS at all, and nginx's SSL_do_handshake() failing for a reason no story
// plays, on either side.
const (
	hangUpClientWords = "This is a server's log: its client hung up in the middle of the handshake without a TLS alert, so the log cannot say why. " +
		"A client that refuses the server's certificate without an alert does this: Node checks the certificate itself and closes the connection (nginx logged \"peer closed connection in SSL handshake\" for Node 20 refusing a self-signed certificate over TLS 1.3; over TLS 1.2 Node finishes the handshake first, and nginx logs \"client closed connection while waiting for request\"). " +
		"So do a client that gave up (a timeout, a browser's unused speculative connection), a scanner, and a proxy or firewall on the way; \"(104: Connection reset by peer)\" says the client reset the connection rather than closed it (closed with the server's answer unread, or aborted), no more. " +
		"If a client of yours fails, its own error says why: paste it (the stories show what each client prints for a certificate it refuses). Lines from addresses you do not know are most often scanners and abandoned connections, and harmless."
	peerClosedWords = "The other side hung up in the middle of the handshake without a TLS alert, so these words cannot say why. " +
		"In nginx's log \"while SSL handshaking to upstream\" it is the upstream server, nginx being its client (proxy_pass https://): most often it wanted what nginx did not send, the name in SNI (nginx sends none unless proxy_ssl_server_name on), a TLS version in common (proxy_ssl_protocols), or a client certificate (proxy_ssl_certificate); or it was restarting. " +
		"openssl s_client -connect UPSTREAM:PORT -servername NAME shows how far the handshake gets. No story here plays it."
	noHelloWords = "This is a server's log, and not a certificate error: a client opened a TCP connection to the HTTPS port and closed it (or reset it: 104) before sending anything of TLS, so no certificate was sent or refused. " +
		"Port checks, a load balancer's TCP health checks and scanners do this (nginx 1.22 logged these words for exactly that here). No story here plays it."
	serverHandshakeWords = "This is a server's log: a handshake with one of its clients failed, for the reason OpenSSL names in the parentheses, and no certificate was refused: a client refusing the server's certificate shows as an alert received (\"tlsv1 alert unknown ca\", \"sslv3 alert bad certificate\"), which the page reads as such. " +
		"Here the server refused what the client sent: no cipher suite or TLS version in common (\"no shared cipher\", \"unsupported protocol\", \"version too low\"), or a ClientHello it could not parse or accept (\"bad key share\", \"bad extension\"), most often from scanners and very old or broken clients. " +
		"If a client of yours fails, its own error says more: paste it. No story here plays it."
	upstreamHandshakeWords = "This is nginx's log as a client (proxy_pass https://): the handshake with its upstream server failed, for the reason OpenSSL names in the parentheses. " +
		"Most often the upstream wants what nginx did not send (the name in SNI: proxy_ssl_server_name on; a TLS version or cipher suite in common: proxy_ssl_protocols, proxy_ssl_ciphers; a client certificate: proxy_ssl_certificate). " +
		"openssl s_client -connect UPSTREAM:PORT -servername NAME shows how far the handshake gets. No story here plays it."
)

// notTLSClientWords are said of a server's log of a client that did not
// speak TLS.
const notTLSClientWords = "This is a server's log, and not a certificate error: its client did not speak TLS, so no certificate was sent or checked. " +
	"Most often plain HTTP was sent to the HTTPS port (an http:// URL with this port, a health check or a load balancer speaking HTTP to it); or a scanner, or another protocol, reached the port. " +
	"The cure is the client's: dial https://, or send plain HTTP to the HTTP port. No story here plays it."

// receivedOtherWords are said of a server's log of an alert (%s) none of
// the stories' clients send.
const receivedOtherWords = "This is a server's log: its client ended the handshake with an alert (%s), refusing something the server sent or chose (a version, a cipher suite, a certificate). " +
	"The stories that print these words play a bank sending that alert to its courier, the other side, so none is listed; the client's own error says why it refused."

// dottedName is the name, written with the final dot of a fully qualified
// name, that the text shows a client sending so in SNI: only s_client and
// Node do (dotSenders; requests, curl and Go leave the dot out). s_client
// sends its -servername, or without one the host of its -connect; Node its
// servername, or without one the host it dials (host: or hostname: in its
// options or error, or the URL it was given). "" when the text shows no such
// client, or the name it sent has no dot (s_client -connect bank.example.:443
// -servername bank.example), or is an IP address. Each search reads lower
// (text in lower case) once.
func dottedName(lower string) string {
	switch {
	case strings.Contains(lower, "s_client"):
		if name, ok := argAfter(lower, "-servername"); ok {
			return fqdn(name)
		}
		name, _ := argAfter(lower, "-connect")
		return fqdn(name)
	case slices.ContainsFunc(nodeMarks, func(m string) bool { return strings.Contains(lower, m) }):
		for _, key := range []string{"servername: ", "host: ", "hostname: "} {
			for _, q := range []string{"'", `"`} {
				if name, ok := argAfter(lower, key+q); ok {
					return fqdn(name)
				}
			}
		}
		if name, ok := argAfter(lower, "https://"); ok {
			return fqdn(name)
		}
	}
	return ""
}

// nodeMarks are what only Node's errors print: its stack's internals and
// the system error a refused handshake is (write EPROTO).
var nodeMarks = []string{"node:internal", "_tls_wrap.js", "write eproto", "code: 'eproto'", "at tlssocket"}

// argAfter is the host-like word (with a port's colon, not its digits)
// after the first flag in lower and the spaces after it, and whether the
// flag is there.
func argAfter(lower, flag string) (string, bool) {
	i := strings.Index(lower, flag)
	if i < 0 {
		return "", false
	}
	rest := strings.TrimLeft(lower[i+len(flag):], " ")
	n := 0
	for n < len(rest) && (hostByte(rest[n]) || rest[n] == ':' && n > 0 && rest[n-1] == '.') {
		n++
	}
	return rest[:n], true
}

// fqdn is name, without a port, when it is a host name with the final dot
// of a fully qualified name (bank.example., bank.example.:443), "" otherwise
// (no dot, a single label, an IP address: 192.0.2.1.).
func fqdn(name string) string {
	if i := strings.IndexByte(name, ':'); i >= 0 {
		name = name[:i]
	}
	body, ok := strings.CutSuffix(name, ".")
	if !ok || strings.HasSuffix(body, ".") || !strings.Contains(body, ".") {
		return ""
	}
	last := body[strings.LastIndexByte(body, '.')+1:]
	if strings.IndexFunc(last, func(r rune) bool { return r >= 'a' && r <= 'z' }) < 0 {
		return ""
	}
	return name
}

// hostByte reports whether c may stand in a host name.
func hostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
}
