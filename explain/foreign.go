package explain

import (
	"fmt"
	"slices"
	"strings"
)

// Errors of clients the real-client proof does not run: Windows' schannel
// (curl and git on Windows, PowerShell, .NET Framework), .NET's SslStream and
// Java's JSSE. No story predicts their words, so the matcher cannot score
// them as it does the proven clients' messages; their distinctive phrases
// name the fault, and the paste opens its stories, saying that tlsplay shows
// the fault as the clients it runs print it, not that client's own words.
//
// Each phrase is what the vendor's source or documentation writes:
//
//   - Windows: winerror.h, as Microsoft documents it ("COM Error Codes
//     (Security and Setup)", learn.microsoft.com/windows/win32/com/com-error-codes-4;
//     "Certificate and Trust Return Values",
//     learn.microsoft.com/windows/win32/seccrypto/certificate-and-trust-return-values).
//     curl built with schannel prints the name, the code and that text
//     (lib/vtls/schannel.c through Curl_sspi_strerror: "schannel: ...
//     SEC_E_UNTRUSTED_ROOT (0x80090325) - The certificate chain was issued by
//     an authority that is not trusted.").
//   - .NET: dotnet/runtime, System.Net.Security's Strings.resx:
//     net_ssl_io_cert_chain_validation "The remote certificate is invalid
//     because of errors in the certificate chain: {0}" (an
//     X509ChainStatusFlags name: UntrustedRoot, PartialChain, NotTimeValid,
//     Revoked) and net_ssl_io_cert_validation "The remote certificate is
//     invalid according to the validation procedure: {0}" (an
//     SslPolicyErrors name: RemoteCertificateNameMismatch,
//     RemoteCertificateChainErrors); .NET Framework's WebException "The
//     underlying connection was closed: Could not establish trust
//     relationship for the SSL/TLS secure channel."
//   - Java: OpenJDK's java.base, sun/security/validator/PKIXValidator.java
//     ("PKIX path building failed: ", "PKIX path validation failed: "),
//     sun/security/provider/certpath/SunCertPathBuilder.java ("unable to find
//     valid certification path to requested target"),
//     sun/security/util/HostnameChecker.java ("No subject alternative DNS
//     name matching %s found.", "No name matching %s found", "No subject
//     alternative names matching IP address %s found", "No subject
//     alternative names present"), sun/security/x509/CertificateValidity.java
//     (CertificateExpiredException, CertificateNotYetValidException), sun/security/ssl/ServerHello.java ("The server selected
//     protocol version %s is not accepted by client preferences %s"),
//     sun/security/validator/EndEntityChecker.java ("Extended key usage does
//     not permit use for TLS server authentication"),
//     sun/security/provider/certpath/ConstraintsChecker.java ("basic
//     constraints check failed: this is not a CA certificate"),
//     sun/security/provider/certpath/AlgorithmChecker.java ("Algorithm
//     constraints check failed on signature algorithm: ", "... on disabled
//     algorithm: "), java/security/cert/CertificateRevokedException.java
//     ("Certificate has been revoked, reason: "); Apache HttpClient 4.5's
//     DefaultHostnameVerifier ("Certificate for <%s> doesn't match any of the
//     subject alternative names: %s", "... doesn't match common name of the
//     certificate subject: %s").

// foreignError is one such error: the client as a person knows it, its
// phrases (lower case; any one names the error) and the stories whose fault
// it is, the likeliest first.
type foreignError struct {
	client  string
	phrases []string
	stories []string
	// needs is a phrase the text must hold too, without one it must not
	// ("" for none); fallback
	// marks words some story's message holds inside its own, looked up only
	// when no story's message matches; note replaces foreignNote.
	needs, without string
	// needsAny are marks one of which the text must hold (none: no
	// such need), withoutAny marks none of which it may hold.
	needsAny, withoutAny []string
	fallback             bool
	note                 string
	// address marks an error whose phrase must stand before an IP address
	// (the name dialled, as the error quotes it).
	address bool
	// server marks an error the text must show a server print as it loads
	// its configuration (serverMarks), and no client loading its badge
	// (pairClientMarks); courier one the text must show a client loading
	// its badge; unsided one whose text shows neither.
	server, courier, unsided bool
	// received marks an alert the text must show a server log as it
	// received it (receivedMarks, and no client's words: clientMarks): the
	// stories the matcher reads from its words are the receiving client's,
	// the other side, and are not listed with it.
	received bool
	// bank marks a server's log of its refusal of the certificate its
	// client showed (a badge): the stories the matcher reads from its
	// words are the courier's refusal of the bank's, the other side.
	bank bool
}

// Clients of foreignErrors, as the paste names them.
const (
	Schannel = "Windows (schannel)"
	DotNet   = ".NET"
	Java     = "Java"
	// Loading is OpenSSL refusing a certificate as a program loads it to
	// show it: no client's check of a server, whichever program printed it.
	Loading = "OpenSSL, loading a certificate"
	// ServerLog is a server on OpenSSL (nginx, Apache, postfix, dovecot,
	// kamailio, a Ruby server) logging an alert it received from its
	// client, or its refusal of the certificate its client showed.
	ServerLog = "a server's log (OpenSSL)"
	// GoServerLog is a Go server (net/http's "http: TLS handshake error
	// from") logging its handshake's error: no Go client's words, so its
	// stories open through the default lens, not Go's.
	GoServerLog = "a Go server's log"
	GnuTLS      = "curl with GnuTLS"
	Android     = "Android"
	// RubyOpenSSL is Ruby's openssl, in words no story's client prints.
	RubyOpenSSL = "Ruby (OpenSSL)"
	// OpenSSL10 is a program on OpenSSL 1.0 or before, which names the
	// function that failed and not why.
	OpenSSL10 = "a program on OpenSSL 1.0"
)

// The stories of the commonest faults, shared by several clients' words.
var (
	unknownIssuer  = []string{"internal-ca-default-bundle", "corporate-proxy", "untrusted-root", "self-signed"}
	unknownOrChain = []string{"internal-ca-default-bundle", "corporate-proxy", "missing-intermediate", "untrusted-root", "self-signed"}
	wrongName      = []string{"hostname-mismatch", "wildcard-too-deep"}
	outOfDate      = []string{"expired", "expired-intermediate", "not-yet-valid"}
	revoked        = []string{"revoked-leaf", "revoked-intermediate"}
)

// Those lists joined, written out: the tables that name them are then data,
// not code run at start (TestStoryListsJoined proves each the join).
var (
	unknownNameOrDate = []string{"internal-ca-default-bundle", "corporate-proxy", "untrusted-root", "self-signed", "hostname-mismatch", "expired"} // unknownIssuer, a name, a date
	wrongNameOrIP     = []string{"hostname-mismatch", "wildcard-too-deep", "ip-mismatch"}                                                          // wrongName and an address
	chainOrDate       = []string{"internal-ca-default-bundle", "corporate-proxy", "missing-intermediate", "untrusted-root", "self-signed",
		"expired", "expired-intermediate", "not-yet-valid"} // unknownOrChain, then outOfDate
)

// foreignErrors are listed most specific first: a paste holding several is
// answered by the first it holds first (.NET's chain status before its
// "RemoteCertificateChainErrors").
var foreignErrors = []foreignError{
	// Windows' schannel and CryptoAPI. Windows fetches a missing
	// intermediate itself (the certificate's caIssuers URL), so its
	// untrusted root is not that story's.
	{client: Schannel, phrases: []string{"sec_e_untrusted_root", "0x80090325", "the certificate chain was issued by an authority that is not trusted",
		"cert_e_untrustedroot", "0x800b0109", "terminated in a root certificate which is not trusted"}, stories: unknownIssuer},
	{client: Schannel, phrases: []string{"cert_e_chaining", "0x800b010a", "a certificate chain could not be built to a trusted root authority"}, stories: unknownOrChain},
	{client: Schannel, phrases: []string{"sec_e_wrong_principal", "0x80090322", "the target principal name is incorrect",
		"cert_e_cn_no_match", "0x800b010f", "the certificate's cn name does not match the passed value"}, stories: wrongName},
	{client: Schannel, phrases: []string{"sec_e_cert_expired", "0x80090328", "the received certificate has expired",
		"cert_e_expired", "0x800b0101", "a required certificate is not within its validity period"}, stories: outOfDate},
	{client: Schannel, phrases: []string{"crypt_e_revoked", "0x80092010", "the certificate is revoked"}, stories: revoked},
	// .NET (Core) names the chain's status, then the policy error.
	{client: DotNet, phrases: []string{"certificate chain: untrustedroot"}, stories: unknownIssuer},
	{client: DotNet, phrases: []string{"certificate chain: partialchain"}, stories: unknownOrChain},
	{client: DotNet, phrases: []string{"certificate chain: nottimevalid"}, stories: outOfDate},
	{client: DotNet, phrases: []string{"certificate chain: revoked"}, stories: revoked},
	{client: DotNet, phrases: []string{"remotecertificatenamemismatch"}, stories: wrongName},
	{client: DotNet, phrases: []string{"remotecertificatechainerrors"}, stories: unknownOrChain},
	// .NET Core before 5 (net_ssl_io_cert_validation without its {0})
	// names no policy error: the commonest faults.
	{client: DotNet, phrases: []string{"the remote certificate is invalid according to the validation procedure"}, without: "validation procedure: ",
		stories: unknownNameOrDate},
	// .NET Framework (PowerShell 5.1's Invoke-WebRequest) says the same
	// for every certificate it refuses.
	{client: DotNet, phrases: []string{"could not establish trust relationship for the ssl/tls secure channel"}, stories: unknownNameOrDate},
	// Java's JSSE, and the HTTP clients on it. Java fetches no missing
	// intermediate unless told to (com.sun.security.enableAIAcaIssuers).
	{client: Java, phrases: []string{"unable to find valid certification path to requested target"}, withoutAny: javaServerMarks, stories: unknownOrChain},
	{client: Java, phrases: []string{"no subject alternative dns name matching", "no name matching", "doesn't match any of the subject alternative names",
		"doesn't match common name of the certificate subject"}, stories: wrongName},
	{client: Java, phrases: []string{"no subject alternative names matching ip address", "no subject alternative names present"}, stories: []string{"ip-mismatch"}},
	// A Java server refusing a client's badge (sun/security/ssl's
	// ServerHandshaker.clientCertificate before Java 11,
	// CertificateMessage's checkClientCerts since, through the trust
	// manager's checkClientTrusted): the bank's side.
	{client: Java, phrases: []string{"certificateexpiredexception"}, needsAny: javaServerMarks, stories: []string{"mtls-expired-client"}, note: javaServerNote},
	{client: Java, phrases: []string{"pkix path building failed", "unable to find valid certification path to requested target"}, needsAny: javaServerMarks, stories: []string{"mtls-wrong-ca"}, note: javaServerNote},
	{client: Java, phrases: []string{"certificateexpiredexception"}, withoutAny: javaServerMarks, stories: []string{"expired", "expired-intermediate"}},
	{client: Java, phrases: []string{"certificatenotyetvalidexception"}, stories: []string{"not-yet-valid"}},
	{client: Java, phrases: []string{"validity check failed"}, stories: outOfDate},
	{client: Java, phrases: []string{"the server selected protocol version tls10 is not accepted"}, stories: []string{"tls10-bank"}},
	{client: Java, phrases: []string{"the server selected protocol version tls11 is not accepted"}, stories: []string{"tls11-bank"}},
	{client: Java, phrases: []string{"extended key usage does not permit use for tls server authentication"}, stories: []string{"wrong-eku"}},
	{client: Java, phrases: []string{"basic constraints check failed: this is not a ca certificate"}, stories: []string{"not-a-ca"}},
	{client: Java, phrases: []string{"algorithm constraints check failed on signature algorithm: sha1", "algorithm constraints check failed on disabled algorithm: sha1"}, stories: []string{"sha1-signature", "sha1-intermediate"}},
	{client: Java, phrases: []string{"certificate has been revoked"}, stories: revoked},
	{client: Java, phrases: []string{"pkix path building failed"}, withoutAny: javaServerMarks, stories: unknownOrChain},
	// Android's TrustManagerImpl (conscrypt) for a chain to no root it
	// trusts: an unknown CA, a self-signed certificate, a missing
	// intermediate (developer.android.com's "Security with network
	// protocols").
	{client: Android, phrases: []string{"trust anchor for certification path not found"}, stories: unknownOrChain},
	// Go, in words the stories' Go (net/http on the Go the proof runs)
	// does not print: crypto/x509's InsecureAlgorithmError and
	// ConstraintViolationError as a program's own call of Verify or
	// CheckSignatureFrom, or an older Go, returns them (x509.go); a Go
	// server's log (net/http's "http: TLS handshake error from %s: %v",
	// crypto/tls's handshake_server.go and alert.go).
	{client: GoNetHTTP, phrases: []string{"insecure algorithm sha1-rsa", "insecure algorithm sha1-ecdsa", "insecure algorithm ecdsa-sha1"}, stories: []string{"sha1-signature", "sha1-intermediate"}, fallback: true, note: goOtherNote},
	{client: GoNetHTTP, phrases: []string{"parent certificate cannot sign this kind of certificate"}, stories: []string{"not-a-ca"}, fallback: true, note: goOtherNote},
	// A Go server's log: its refusal of a client's badge, and a client's
	// refusal of its certificate or signature, received as an alert. The
	// client that sent the alert is not a Go one unless the alert is
	// bad_certificate (crypto/tls's client sends it for every refusal):
	// the stories are those whose clients send it, as a server on
	// OpenSSL's log lists them.
	{client: GoServerLog, phrases: []string{"tls: client didn't provide a certificate"}, stories: []string{"mtls-no-cert"}, note: goServerNote},
	{client: GoServerLog, phrases: []string{"x509: certificate signed by unknown authority"}, stories: []string{"mtls-wrong-ca"}, needs: serverLog, note: goServerNote},
	{client: GoServerLog, phrases: []string{"x509: certificate has expired or is not yet valid"}, stories: []string{"mtls-expired-client"}, needs: serverLog, note: goServerNote},
	{client: GoServerLog, phrases: []string{"x509: certificate specifies an incompatible key usage"}, stories: []string{"mtls-wrong-eku"}, needs: serverLog, note: goServerNote},
	{client: GoServerLog, phrases: []string{"remote error: tls: error decrypting message"}, stories: []string{"server-wrong-key"}, needs: serverLog, received: true, note: goSignatureNote},
	{client: GoServerLog, phrases: []string{"remote error: tls: bad certificate"}, stories: badCertificateStories, needs: serverLog, received: true, note: goReceivedHead + badCertificateWhy + goReceivedTail},
	{client: GoServerLog, phrases: []string{"remote error: tls: unknown certificate authority"}, stories: unknownCAStories, needs: serverLog, received: true, note: goReceivedHead + unknownCAWhy + notGoWhy + goReceivedTail},
	{client: GoServerLog, phrases: []string{"remote error: tls: expired certificate"}, stories: expiredStories, needs: serverLog, received: true, note: goReceivedHead + certificateExpiredWhy + notGoWhy + goReceivedTail},
	// A Go server's handshake that failed on bad record MAC: most often a
	// client on OpenSSL refusing its certificate over TLS 1.3. Such a
	// client still writes in the clear when it refuses the certificate
	// (it takes the handshake's keys for its own records only after the
	// server's Finished), and sends its alert so; the Go server, which took
	// the client's handshake keys for its reads as it sent its ServerHello
	// (handshake_server_tls13.go's setReadTrafficSecret), opens the two
	// bytes as an AEAD record, fails, and logs alertBadRecordMAC as its own
	// error (conn.go's decrypt) in place of the alert. Over TLS 1.2 the
	// alert is read and logged ("remote error: tls: …"), and Go's clients
	// encrypt theirs ("remote error: tls: bad certificate").
	{client: GoServerLog, phrases: []string{"local error: tls: bad record mac"}, stories: refusedStories, needs: serverLog, received: true, note: goBadRecordMACNote},
	// Ruby (its openssl gem 2.1 and later) checks the name itself and
	// prints "certificate verify failed (hostname mismatch)" (Ruby 3.1.2
	// here, an address dialled too), which no story's client prints so.
	{client: RubyOpenSSL, phrases: []string{"certificate verify failed (hostname mismatch)"}, stories: wrongNameOrIP, fallback: true, note: rubyNameNote},
	// Python before 3.7 printed "certificate verify failed" without
	// OpenSSL's reason (Modules/_ssl.c gained verify_message in 3.7),
	// and Python 2 on OpenSSL 1.0 the error's function: the commonest
	// faults, when no story's message is in the paste. Python's own file,
	// _ssl.c, says Python printed it; without it, OpenSSL 1.0's function
	// (ssl3_get_server_certificate, gone in 1.1) is any program's on it:
	// PHP's "SSL operation failed with code 1. OpenSSL Error messages:",
	// Composer's; Ruby's names OpenSSL 1.0's state instead
	// (SSL_state_string_long's "SSLv3 read server certificate B").
	{client: Requests, phrases: []string{"certificate verify failed (_ssl.c:", "ssl3_get_server_certificate:certificate verify failed"}, needs: "_ssl.c:",
		stories: chainOrDate, fallback: true, note: oldPythonNote},
	{client: OpenSSL10, phrases: []string{"ssl3_get_server_certificate:certificate verify failed", "read server certificate b: certificate verify failed"}, without: "_ssl.c:",
		stories: chainOrDate, fallback: true, note: openssl10Note},
	// urllib3's log line before it raises a name mismatch (connection.py's
	// _match_hostname: "Certificate did not match expected hostname: %s.
	// Certificate: %s"), a warning Python prints when nothing else is set
	// up: pasted alone, it is the story of its name, an address's when the
	// name dialled is one.
	{client: Requests1, phrases: []string{urllib3NameLog}, stories: []string{"ip-mismatch"}, address: true, fallback: true, note: urllib3LogNote},
	{client: Requests1, phrases: []string{urllib3NameLog}, stories: wrongName, fallback: true, note: urllib3LogNote},
	// curl built with GnuTLS, as git and apt use it on Debian and Ubuntu:
	// lib/vtls/gtls.c says "server certificate verification failed. CAfile:
	// %s CRLfile: %s" whenever gnutls_certificate_verify_peers2 sets
	// GNUTLS_CERT_INVALID, whatever the reason (an unknown issuer, a
	// missing intermediate, a date); it checks the name apart.
	{client: GnuTLS, phrases: []string{"server certificate verification failed. cafile:"}, stories: chainOrDate, note: gnutlsNote},
	// OpenSSL refusing a program's own certificate, the one it shows (a
	// server's, or a client's badge), as the program loads it, at its
	// security level (ssl/t1_lib.c's ssl_security_cert, reasons in
	// ssl/ssl_err.c: SSL_R_CA_MD_TOO_WEAK "ca md too weak",
	// SSL_R_EE_KEY_TOO_SMALL "ee key too small", SSL_R_CA_KEY_TOO_SMALL "ca
	// key too small"): Python's load_cert_chain, Node's createSecureContext,
	// nginx's and Apache's configuration. A client checking a server's
	// chain says it otherwise ("CA signature digest algorithm too weak",
	// "EE certificate key too weak"), as the stories show.
	// A digest too weak: a text showing a client loading its badge
	// (pairClientMarks: requests' cert=, curl's --cert, Node's
	// tls.connect) is the badge's story alone; a server's, the stories of a
	// server's certificate signed with SHA-1; a text showing neither (a
	// Python traceback ending in load_cert_chain, as a client's cert= and
	// a server's certfile= both end: samsungrac's wild paste is a server's
	// wrap_socket(server_side=True), wechatpy's a client's cert=), either.
	{client: Loading, phrases: mdPhrases, stories: []string{"mtls-sha1-badge"}, courier: true, note: loadingBadgeMDNote},
	{client: Loading, phrases: mdPhrases, stories: []string{"sha1-signature", "sha1-intermediate"}, server: true, note: loadingMDNote},
	{client: Loading, phrases: mdPhrases, stories: []string{"sha1-signature", "sha1-intermediate", "mtls-sha1-badge"}, unsided: true, note: loadingMDEitherNote},
	// curl's --cert naming a file that holds no certificate (a key, say):
	// OpenSSL finds no PEM certificate in it ("no start line"), the
	// badge's two files mixed up the other way round from the story's.
	// Its words are the SHA-1 badge's (curl 7.88's "could not load PEM
	// client certificate from …") but for the reason, which decides.
	{client: Curl, phrases: []string{"could not load pem client certificate"}, needs: "no start line", stories: []string{"mtls-cert-without-key"}, note: curlNoCertNote},
	// A key too small, split as a digest too weak is: a badge's
	// (mtls-rsa1024-badge), a server's (weak-key-rsa1024), either.
	{client: Loading, phrases: eePhrases, stories: []string{"mtls-rsa1024-badge"}, courier: true, note: loadingBadgeKeyNote},
	{client: Loading, phrases: eePhrases, stories: []string{"weak-key-rsa1024"}, server: true, note: loadingKeyNote},
	{client: Loading, phrases: eePhrases, stories: []string{"weak-key-rsa1024", "mtls-rsa1024-badge"}, unsided: true, note: loadingKeyEitherNote},
	{client: Loading, phrases: []string{"ca key too small", "ca_key_too_small"}, stories: []string{"weak-key-rsa1024"}, note: loadingCAKeyNote},
	// OpenSSL refusing a server's certificate and key as the server loads
	// them: the key is not the certificate's (crypto/x509/x509_cmp.c's
	// X509_check_private_key, X509_R_KEY_VALUES_MISMATCH "key values
	// mismatch", as SSL_CTX_use_PrivateKey and SSL_CTX_check_private_key
	// call it). The story of a server whose key is not its certificate's
	// plays one that starts anyway. A client's badge and key that do not
	// match (requests' cert=, curl's --cert and --key) are the badge's
	// story, whose messages say so.
	{client: Loading, phrases: pairPhrases, stories: []string{"server-wrong-key"}, server: true, note: loadingPairNote},
	{client: GoNetHTTP, phrases: goPairPhrases, stories: []string{"server-wrong-key"}, server: true, note: loadingPairNote},
	// The same refusal in a text that shows neither a server nor a client
	// (pairClientMarks: requests' cert=, curl's --key, Node's tls.connect)
	// loading the pair (a Python traceback ending in load_cert_chain,
	// pyOpenSSL's tuple, Node's message alone): either reading, said so.
	{client: Loading, phrases: pairPhrases, stories: []string{"mtls-key-mismatch", "server-wrong-key"}, unsided: true, note: loadingPairEitherNote},
	{client: GoNetHTTP, phrases: goPairPhrases, stories: []string{"mtls-key-mismatch", "server-wrong-key"}, unsided: true, note: loadingPairEitherNote},
	// A server on OpenSSL logging the alert it received from its client
	// (receivedMarks): the client refused the server's certificate. The
	// stories are those that make the clients send that alert: OpenSSL's
	// (curl, Python, PHP) by the verification error
	// (ssl/statem/statem_lib.c's ssl_verify_alarm_type), Go's bad_certificate
	// for any (crypto/tls's verifyServerCertificate), Java's
	// certificate_unknown unless the path's validation says otherwise
	// (sun/security/ssl/CertificateMessage.java's getCertificateAlert).
	// The stories whose clients receive the alert (a badge refused) are the
	// other side's, and not listed.
	{client: ServerLog, phrases: []string{"tlsv1 alert unknown ca", "tlsv1_alert_unknown_ca", "ssl alert number 48"}, stories: unknownCAStories, received: true, note: receivedHead + unknownCAWhy + receivedTail},
	{client: ServerLog, phrases: []string{"sslv3 alert bad certificate", "sslv3_alert_bad_certificate", "ssl alert number 42"}, stories: badCertificateStories, received: true, note: receivedHead + badCertificateWhy + receivedTail},
	{client: ServerLog, phrases: []string{"sslv3 alert certificate expired", "sslv3_alert_certificate_expired", "ssl alert number 45"}, stories: expiredStories, received: true, note: receivedHead + certificateExpiredWhy + receivedTail},
	{client: ServerLog, phrases: []string{"sslv3 alert unsupported certificate", "sslv3_alert_unsupported_certificate", "ssl alert number 43"}, stories: []string{"wrong-eku"}, received: true, note: receivedHead + unsupportedCertificateWhy + receivedTail},
	{client: ServerLog, phrases: []string{"sslv3 alert certificate revoked", "sslv3_alert_certificate_revoked", "ssl alert number 44"}, stories: revoked, received: true, note: receivedHead + certificateRevokedWhy + receivedTail},
	{client: ServerLog, phrases: []string{"sslv3 alert certificate unknown", "sslv3_alert_certificate_unknown", "ssl alert number 46"}, stories: []string{"internal-ca-default-bundle", "corporate-proxy", "untrusted-root", "self-signed", "missing-intermediate", "hostname-mismatch", "name-constraints"},
		received: true, note: receivedHead + certificateUnknownWhy + receivedTail},
	// A server on OpenSSL refusing the certificate its client showed (a
	// badge), in its own words with OpenSSL's verification error
	// (badgeLogMarks): nginx's "client SSL certificate verify error:
	// (20:unable to get local issuer certificate)" (ngx_http_request.c),
	// Apache mod_ssl's "Certificate Verification: Error (20): unable to get
	// local issuer certificate" (AH02039, AH02276: ssl_engine_kernel.c's
	// ssl_callback_SSLVerify); and with OpenSSL's reason for a client that
	// showed none (SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE, as Apache logs
	// it after AH02008) or nginx's own. The story plays that bank; the
	// words of the verification error are also a courier's refusing the
	// bank's certificate, the other side, and those stories are not
	// listed.
	{client: ServerLog, phrases: []string{"unable to get local issuer certificate", "unable to get issuer certificate", "unable to verify the first certificate",
		"self-signed certificate in certificate chain", "self signed certificate in certificate chain", "self-signed certificate", "self signed certificate"},
		needsAny: badgeLogMarks, stories: []string{"mtls-wrong-ca"}, bank: true, note: badgeLogNote + " " + badgeIssuerLog},
	{client: ServerLog, phrases: []string{"certificate has expired"}, needsAny: badgeLogMarks, stories: []string{"mtls-expired-client"}, bank: true, note: badgeLogNote},
	{client: ServerLog, phrases: []string{"unsuitable certificate purpose", "unsupported certificate purpose"}, needsAny: badgeLogMarks, stories: []string{"mtls-wrong-eku"}, bank: true, note: badgeLogNote},
	{client: ServerLog, phrases: []string{"client sent no required ssl certificate", "peer did not return a certificate"}, stories: []string{"mtls-no-cert"}, bank: true, note: noBadgeLogNote},
	// Go's courier told by the bank that its badge's issuer is unknown: an
	// issuer the bank does not trust, or, a Go bank's, a signature it will
	// not check (SHA-1), which leaves it no issuer.
	{client: GoNetHTTP, phrases: []string{"remote error: tls: unknown certificate authority"}, stories: []string{"mtls-wrong-ca", "mtls-sha1-badge"}, without: serverLog, note: goUnknownCANote},
}

// The stories whose clients send the alerts a server's log shows received
// (see the ServerLog errors).
var (
	unknownCAStories      = []string{"internal-ca-default-bundle", "corporate-proxy", "missing-intermediate", "untrusted-root", "self-signed", "not-a-ca"}
	badCertificateStories = []string{"hostname-mismatch", "self-signed", "internal-ca-default-bundle", "ip-mismatch", "not-yet-valid", "expired", "untrusted-root", "weak-key-rsa1024", "sha1-signature"}
	expiredStories        = []string{"expired", "expired-intermediate"}
	// refusedStories are the commonest refusals of a server's certificate
	// by a client on OpenSSL (curl, Python, openssl s_client), whatever
	// alert it sent: an issuer it cannot follow, a name, a date
	// (MaxMatches of them).
	refusedStories = []string{"self-signed", "internal-ca-default-bundle", "untrusted-root", "missing-intermediate", "corporate-proxy",
		"hostname-mismatch", "ip-mismatch", "expired", "not-yet-valid", "expired-intermediate"}
)

// badgeLogMarks are what a server on OpenSSL logs around the verification
// error of the certificate its client showed (lower case): nginx's and
// Apache mod_ssl's; and OpenSSL's own server-side function and file, as
// openssl s_server prints them under its "verify error:num=20:…"
// (tls_process_client_certificate in statem_srvr.c, 3.x and 1.1;
// ssl3_get_client_certificate in s3_srvr.c, 1.0).
var badgeLogMarks = []string{"client ssl certificate verify error", "certificate verification: error (",
	"tls_process_client_certificate", "statem_srvr.c", "ssl3_get_client_certificate", "s3_srvr.c"}

// badgeLogNote is what a server's log of its refusal of a badge says.
const badgeLogNote = ". This is the server's log (nginx's \"client SSL certificate verify error\", Apache's \"Certificate Verification: Error\", openssl s_server's \"verify error:num=\" over tls_process_client_certificate): it refused the certificate its client showed (a badge), as the story's bank does; the story shows what the couriers print. " +
	"The cure is the badge (one issued by a CA the server trusts, in date, for client authentication) or the server's trust (nginx's ssl_client_certificate, Apache's SSLCACertificateFile, s_server's -CAfile)."

// noBadgeLogNote is what a server's log of a client that showed no badge
// says.
const noBadgeLogNote = ". This is the server's log: it requires a client certificate (a badge) and its client showed none, as the story's bank demands one; the story shows what the couriers print. " +
	"The cure is the client's: show the badge (requests' cert=, curl's --cert and --key). " + goNoBadgeLog

// goNoBadgeLog ends noBadgeLogNote: a Go client given a badge it did not
// send (goSendsOnly) is logged as one that showed none.
const goNoBadgeLog = "A Go client given a badge is logged so too when it did not send it: Go sends its badge only if a certificate in the badge's file names as its issuer one of the CAs the server asks for (in its CertificateRequest; openssl s_client -connect lists them under \"Acceptable client certificate CA names\"), so a badge issued by an intermediate the file lacks, or by another CA, leaves it with none to send. " +
	"The intermediate goes after the badge in that file (" + goAppendIntermediate + "), or the badge is one issued under a CA the server names."

// javaServerMarks are what a Java server's stack shows as it checks a
// client's certificate (lower case).
var javaServerMarks = []string{"serverhandshaker.clientcertificate", "checkclientcerts", "checkclienttrusted"}

// javaServerNote is what a Java server's refusal of a badge says.
const javaServerNote = ". This is a Java server's side: it refused the certificate its client showed (a badge), as the story's bank does; the story shows what the couriers print. tlsplay does not run Java."

// urllib3NameLog is urllib3's log line before a name mismatch, up to the name.
const urllib3NameLog = "certificate did not match expected hostname:"

// serverLog is what net/http's server writes before a handshake's error.
const serverLog = "http: tls handshake error from"

// serverMarks are what a server prints around an error in its configuration
// (lower case): nginx's and Apache's level, "[emerg]" and "[ssl:emerg]";
// nginx's words for the call that failed, SSL_CTX_use_PrivateKey_file("…")
// failed; Node's stack through its server's secure context (https.js's and
// _tls_wrap.js's createServer, new Server, Server.setSecureContext); Python's
// servers and their options (uvicorn's --ssl-keyfile, gunicorn's keyfile,
// http.server, socketserver, asyncio's start_server and create_server,
// wrap_socket(…, server_side=True)); Go's ListenAndServeTLS; postfix's smtpd.
var serverMarks = []string{"emerg]", "ssl_ctx_use_privatekey", "createserver (", "new server (", "server.setsecurecontext (",
	"uvicorn", "gunicorn", "hypercorn", "daphne", "tornado", "werkzeug", "flask", "sanic", "cherrypy", "twisted", "aiohttp/web",
	"http.server", "socketserver", "start_server", "create_server", "server_side=true", "ssl_keyfile", "ssl-keyfile",
	"listenandservetls", "servetls", "/smtpd["}

// pairClientMarks are what shows a client loading its badge and key
// (lower case): requests' cert= and urllib3's pool; curl's --cert and
// --key; Node's tls.connect and https.request (tunnel-agent's too);
// s_client's -cert; an HTTP client library's name.
var pairClientMarks = []string{"cert=", "httpsconnectionpool", "urllib3", "requests", "curl", "--key", "s_client", "-cert ",
	"tls.connect", "object.connect (", "clientrequest", "https.request", "https.get", "httpclient", "httpx", "aiohttp/connector",
	"could not load pem client certificate", "unable to set client certificate", "unable to load client certificate", "could not read client certificate"}

// mdPhrases are OpenSSL's words for a certificate of a program's own
// signed with a digest below its security level (SSL_R_CA_MD_TOO_WEAK).
var mdPhrases = []string{"ca md too weak", "ca_md_too_weak"}

// eePhrases are OpenSSL's words for a certificate of a program's own whose
// key is below its security level (SSL_R_EE_KEY_TOO_SMALL).
var eePhrases = []string{"ee key too small", "ee_key_too_small"}

// pairPhrases are OpenSSL's words for a certificate and a key that do not
// belong together, goPairPhrases Go's (tls.X509KeyPair).
var (
	pairPhrases   = []string{"key values mismatch", "key_values_mismatch"}
	goPairPhrases = []string{"tls: private key does not match public key"}
)

// The side a text shows loading a certificate and its key.
type side int

const (
	noSide side = iota
	serverSide
	clientSide
)

// pairSide is the side that lower (a text in lower case) shows loading a
// certificate and its key: a client's marks (pairClientMarks) say a client,
// else a server's (serverMarks) a server.
func pairSide(lower string) side {
	switch {
	case containsAny(lower, pairClientMarks):
		return clientSide
	case containsAny(lower, serverMarks):
		return serverSide
	}
	return noSide
}

// receivedMarks are what a server on OpenSSL logs around an alert it
// received from a client (lower case): nginx's "while SSL handshaking" (as a
// client it says "while SSL handshaking to upstream", clientMarks); Apache
// mod_ssl's "AH02008: SSL library error 1 in handshake (server …)" before
// its "SSL Library Error: …" (ssl_engine_io.c; as a proxy's client it says
// "SSL Proxy connect failed") and its AH01996 for HTTP on its HTTPS port;
// OpenSSL's SSL_accept, as postfix ("SSL_accept error from") and Ruby
// ("SSL_accept returned=1") print it; kamailio's "TLS accept:"; dovecot's
// login processes ("imap-login: ", "pop3-login: "); postfix's smtpd;
// Go's net/http server (serverLog); openssl s_server's own lines; a Python
// server's traceback (pythonServerMarks); and Node's tlsClientError, the
// event an https or tls server emits with the error of a handshake that
// failed (what a server's handler logs of it). serverReceived reads
// pythonServerMarks beside them.
var receivedMarks = []string{"while ssl handshaking", "in handshake (server ", "http spoken on https port", "client sent plain http request to https port", "ssl_accept", "tls accept:", "-login: ", "/smtpd[", serverLog,
	"using default temp dh parameters", "\naccept\n", "tlsclienterror"}

// pythonServerMarks are what a Python server's traceback of a handshake
// shows around the error (lower case), as Python 3.11.7 printed them here
// for a client refusing its certificate: socketserver's handle_error
// ("Exception occurred during processing of request from", Python 2's
// "Exception happened …") and its file; the server's own wrap_socket(…,
// server_side=True), and SSLSocket.accept's, which calls it so; asyncio's
// accepting of a connection whose handshake failed (selector_events.py's
// _accept_connection2, "Error on transport creation for incoming
// connection", which it logs in debug mode); cheroot's (CherryPy's) server;
// and ssl.py's own handshake (SSLSocket.do_handshake's line) with no
// client's words (clientMarks): a server's do_handshake called by the
// program (wrap_socket(…, server_side=True, do_handshake_on_connect=False)
// then do_handshake(), Python 3.11.7 here) or by wrap_socket out of the
// pasted frames, where a client's handshake shows its connect (ssl.py's
// _real_connect, as Python 3.11.7's client printed its TLS 1.2 badge's
// refusal here), its server_hostname= or its library.
var pythonServerMarks = []string{"exception occurred during processing of request from", "exception happened during processing of request from",
	"socketserver.py", "server_side=true", "_accept_connection2", "error on transport creation for incoming connection", "cheroot/server.py", "cheroot\\server.py",
	"self._sslobj.do_handshake()"}

// clientMarks are what shows a client's side around an alert: nginx's to
// its upstream, OpenSSL's SSL_connect (Ruby's "SSL_connect returned=1"),
// postfix's smtp client, Python's HTTP clients and its wrap_socket for a
// client (server_hostname=) and its SSLSocket's connect (_real_connect),
// asyncio's connecting; s_client's, curl's and Node's own lines
// (speakerMarks) are looked up apart.
var clientMarks = []string{"to upstream", "ssl_connect", "/smtp[", "server_hostname=", "httpsconnectionpool", "urllib3", "requests.exceptions",
	"http/client.py", "http\\client.py", "create_connection", "open_connection", "aiohttp/connector", "httpx", "urlopen", "_real_connect"}

// serverReceived reports whether text (lower, in lower case) shows a
// server's log of an alert it received, and no client's words. trojan's
// server logs "<client address> SSL handshake failed: …", its client "SSL
// handshake failed with <server>: …".
func serverReceived(text, lower string) bool {
	trojan := strings.Contains(lower, "trojan") && strings.Contains(lower, "ssl handshake failed: ")
	return (trojan || containsAny(lower, receivedMarks) || containsAny(lower, pythonServerMarks)) && !containsAny(lower, clientMarks) && speakerOf(text) < 0
}

// receivedAlert is the alert a server's log in text names as received from
// its client (its name, or "number N"), "" when text is no such log or names
// no alert.
func receivedAlert(text string) string {
	return receivedAlertIn(text, lowerASCII(text))
}

// receivedAlertIn is receivedAlert of text, lower being text in lower case.
func receivedAlertIn(text, lower string) string {
	if !serverReceived(text, lower) {
		return ""
	}
	names := alertsIn(lower)
	for _, f := range []int{0, 2, 1} {
		if len(names[f]) > 0 {
			if f == 1 {
				return "number " + names[f][0]
			}
			return names[f][0]
		}
	}
	return ""
}

// containsAny reports whether s holds any of marks.
func containsAny(s string, marks []string) bool {
	return slices.ContainsFunc(marks, func(m string) bool { return strings.Contains(s, m) })
}

// The words OpenSSL's error for a received alert names it by (the
// ServerLog errors' phrases): its reason string, as Python's mnemonic
// writes it too (TLSV1_ALERT_UNKNOWN_CA), and "SSL alert number N"
// (TestAlertPhrases).

// receivedHead + why + receivedTail is the note of a server's log of an
// alert it received; why says which alert, and which clients send it for
// what (constants: the table that says them is data).
const (
	receivedHead = ". This is the server's log: its client refused the server's certificate, and said so with "
	receivedTail = ". The client's own error says why; these stories show the faults that make a client send it, as the clients tlsplay runs print them, and the cure is the server's certificate (or the client's trust). " +
		"A server refusing a client's badge says so in its own words (nginx's \"client SSL certificate verify error\", Apache's \"Certificate Verification: Error\"), and does not log an alert received."
)

// goReceivedHead + why + goReceivedTail is the note of a Go server's log of
// an alert it received; why says which alert, and which clients send it for
// what.
const (
	goReceivedHead = ". This is a Go server's log (net/http's \"http: TLS handshake error from\"): its client refused the server's certificate, and said so with "
	goReceivedTail = ". The client's own error says why; these stories show the faults that make a client send it, as the clients tlsplay runs print them, and the cure is the server's certificate (or the client's trust)."
)

// goBadRecordMACNote is the note of a Go server's log of a handshake that
// failed on bad record MAC.
const goBadRecordMACNote = ". This is a Go server's log (net/http's \"http: TLS handshake error from\"): most likely its client refused the server's certificate during a TLS 1.3 handshake, and the server could not read its alert. " +
	"A client on OpenSSL (curl, Python, openssl s_client) sends that alert in the clear, before it takes the handshake's keys, while the Go server already reads the client's records under them: it cannot decrypt the alert, and logs bad record MAC in its place (over TLS 1.2 it logs the alert, \"remote error: tls: unknown certificate authority\" or another; Go's clients encrypt theirs, logged as \"remote error: tls: bad certificate\"). " +
	"The client's own error says why; these stories show the commonest faults that make a client refuse a server's certificate, as the clients tlsplay runs print them, and the cure is the server's certificate (or the client's trust). " +
	"Only if its clients connect without error were the bytes corrupted on the way."

// What each alert a server receives says of its client's refusal.
const (
	// notGoWhy follows an alert's why in a Go server's log of an alert
	// Go's clients never send.
	notGoWhy                  = "; Go's clients never send it (they send bad_certificate for any certificate they refuse), so the client was not a Go program"
	unknownCAWhy              = "an unknown_ca alert: OpenSSL's clients (curl, Python, PHP) send it for a chain they cannot follow to a root they trust: an issuer their CA bundle lacks (a company CA, a TLS-inspecting proxy's), a missing intermediate, a self-signed certificate"
	badCertificateWhy         = "a bad_certificate alert: OpenSSL's clients (curl, Python, PHP) send it for a name the certificate does not cover, a certificate not valid yet, or a key or signature too weak; Go's clients for any certificate they refuse, an unknown issuer too"
	certificateExpiredWhy     = "a certificate_expired alert: a certificate of the chain has expired (OpenSSL's clients and Java's say so)"
	unsupportedCertificateWhy = "an unsupported_certificate alert: OpenSSL's clients send it for a certificate whose extended key usage is not a server's"
	certificateRevokedWhy     = "a certificate_revoked alert: the client checked revocation, and the CA has revoked a certificate of the chain"
	certificateUnknownWhy     = "a certificate_unknown alert, which names no check: Java's clients send it for a certificate they refuse (an issuer they do not trust, a name it does not cover), OpenSSL's for a name outside an intermediate's constraints"
)

// Go's notes, for the words of Go the stories do not print.
const (
	goOtherNote           = ". Go prints this in words the stories' Go (net/http, as the proof runs it) does not: another Go version's, or a program's own call of crypto/x509. The story shows the same fault."
	goServerNote          = ". This is the bank's side, a Go server's log (crypto/tls): the story plays such a bank, and shows what its couriers print."
	goSignatureNote       = ". This is a Go server's log (crypto/tls): the client could not verify the server's signature (decrypt_error), which a server signing with another certificate's key gets from every client."
	oldPythonNote         = ". This Python (before 3.7) does not say why the check failed; most often the chain ends at a CA its bundle lacks, and these stories show what else it may be, as Python 3.7 and later name it."
	urllib3LogNote        = ". urllib3 logged this before requests raised its SSLError: the certificate's names do not cover the one dialled, which the story shows."
	gnutlsNote            = ". curl built with GnuTLS (git's and apt's on Debian and Ubuntu) says this of any chain it refuses, without saying why (\"CAfile: none\" is usual: named no bundle file, Debian's and Ubuntu's libcurl-gnutls reads the system's CA certificates in /etc/ssl/certs). tlsplay does not run GnuTLS: these stories show the faults it may mean, in the words of the clients it runs."
	loadingMDNote         = ". Here your server refused its own certificate as it loaded it, before any connection: a signature made with SHA-1 or MD5 is below OpenSSL's default security level. The story shows such a certificate refused by the clients that check it; the cure is the same, a certificate signed with SHA-256."
	loadingMDEitherNote   = ". Here OpenSSL refused the certificate your own program shows as it loaded it, before any handshake: a signature made with SHA-1 or MD5 is below OpenSSL's default security level. Your text does not show which program: a server loading its own certificate (sha1-signature and sha1-intermediate show such a certificate refused by the clients that check it), or a client loading its badge, requests' cert= or curl's --cert (mtls-sha1-badge shows that refusal under their lens). Either way the cure is a certificate signed with SHA-256."
	loadingBadgeMDNote    = ". It refused it before it sent the bank a byte of TLS, so the bank never saw it: a signature made with SHA-1 or MD5 is below OpenSSL's default security level. The story's handshake is Go's, whose courier loads the badge and shows it, and whose bank, a Go server, refuses to verify its SHA-1 signature; requests, curl, openssl s_client and Node refuse to load it, as the story shows under their lens. The cure is the same: a badge signed with SHA-256."
	loadingPairNote       = ". Here your server refused its own certificate and key for that as it loaded them, before any connection (OpenSSL, and Go's tls.X509KeyPair, check that the key is the certificate's). The story plays a server that starts with such a pair anyway, as yours did not: it signs the handshake with the other key, and every client refuses it (\"bad signature\"). The cure is the same: install the certificate with its own key."
	loadingPairEitherNote = ". Here a certificate and a key were refused (by OpenSSL, or Go's tls.X509KeyPair) for not belonging together as a program loaded them, before any connection, and your text does not show which program: a client loading its badge (requests' cert=, curl's --cert and --key, Node's key and cert options), which is mtls-key-mismatch, or a server loading its own certificate (nginx's ssl_certificate_key, load_cert_chain in uvicorn, gunicorn or http.server, Node's createServer), which refuses to start where server-wrong-key plays a server that starts anyway. Either way the cure is the same: give the program the key of that very certificate (openssl x509 -noout -pubkey -in cert.pem and openssl pkey -pubout -in key.pem print the same key for a pair that belongs together)."
	loadingKeyNote        = ". Here your server refused its own certificate as it loaded it, before any connection: its key is below OpenSSL's default security level (an RSA key under 2048 bits, or an elliptic-curve key under 224 bits). The story shows such an RSA key refused by the clients that check it; the cure is the same, a stronger key (RSA of 2048 bits or more)."
	loadingKeyEitherNote  = ". Here OpenSSL refused the certificate your own program shows as it loaded it, before any handshake: its key is below OpenSSL's default security level (an RSA key under 2048 bits, or an elliptic-curve key under 224 bits). Your text does not show which program: a server loading its own certificate (weak-key-rsa1024 shows such a key refused by the clients that check it), or a client loading its badge, requests' cert= or curl's --cert (mtls-rsa1024-badge shows that refusal under their lens). Either way the cure is a stronger key (RSA of 2048 bits or more)."
	loadingBadgeKeyNote   = ". It refused it before it sent the bank a byte of TLS, so the bank never saw it: its key is below OpenSSL's default security level (an RSA key under 2048 bits, or an elliptic-curve key under 224 bits). The story's handshake is Go's, whose courier loads the badge and shows it, and whose bank accepts it; requests, curl and openssl s_client refuse to load it, as the story shows under their lens (Node, whose own OpenSSL runs at security level 1, loads it). The cure is a badge with a stronger key (RSA of 2048 bits or more, or ECDSA)."
	curlNoCertNote        = ". Here the file curl's --cert names holds no certificate (\"no start line\": no -----BEGIN CERTIFICATE----- line in it; a key, say), the story's two files mixed up the other way round: give --cert the certificate, and --key its key."
	goUnknownCANote       = ". The bank found no issuer it trusts for the badge Go showed it: an issuer it does not trust (in mtls-wrong-ca Go's courier shows none, as its issuer is not among the CAs the bank asks for, and is told a certificate is required instead), or, a Go bank, a badge signed with SHA-1, whose signature Go refuses to verify (mtls-sha1-badge prints this)."
	rubyNameNote          = ". Ruby checks the name itself (OpenSSL::SSL.verify_certificate_identity, for a name or an address dialled) and says hostname mismatch for any it does not find in the certificate; the stories show it as the clients tlsplay runs print it (s_client's words, OpenSSL's, are Ruby's)."
)

// Notes of OpenSSL's words no story prints: an OpenSSL 1.0 program's, and
// a CA's key refused as a program loads its chain.
const (
	openssl10Note    = ". A program on OpenSSL 1.0 or before (PHP and Composer, Ruby) printed this, which names the function that failed and not why; most often the chain ends at a CA its bundle lacks (PHP's openssl.cafile), and these stories show what else it may be, as OpenSSL 1.1 and later name it."
	loadingCAKeyNote = ". Here OpenSSL refused a CA certificate of the chain your own program shows (a server's, or a client's badge) as it loaded it, before any connection: the CA's key is below OpenSSL's default security level (an RSA key under 2048 bits, or an elliptic-curve key under 224 bits). The story shows a weak key in the server's own certificate refused by the clients that check it; here the cure is the CA's: a chain whose CAs have stronger keys."
)

// foreignNote is what a match of such an error says after the story's
// headline.
const foreignNote = ". %[1]s said this: tlsplay does not run %[1]s, so the story shows this fault in the words of the clients it runs (requests, curl, openssl, Node, Go), not %[1]s's own."

// foreign lists the stories the errors of unproven clients in text (lower:
// in lower case) name (and
// the fallback ones when fallback is set), in the order of foreignErrors, each story once, at most
// MaxMatches; the first error's stories share rank 1, the next's rank 2, and so on.
// sided reports whether an error the text shows on one side is among them
// (a server's log of a received alert, a server loading its pair): the
// stories the matcher reads from the words are then the other side's.
func (m *Matcher) foreign(text, lower string, fallback bool) (out []Match, sided bool) {
	// Which side the text shows, read once, when an error asks.
	sideRead, side, received := false, noSide, false
	sideOf := func() {
		if !sideRead {
			sideRead, side, received = true, pairSide(lower), serverReceived(text, lower)
		}
	}
	byID := map[string]Story{}
	for _, st := range m.stories {
		byID[st.ID] = st
	}
	listed := map[string]bool{}
	rank := 0
	for _, fe := range foreignErrors {
		if fe.server || fe.courier || fe.unsided || fe.received {
			sideOf()
		}
		if fe.fallback && !fallback || fe.needs != "" && !strings.Contains(lower, fe.needs) || fe.without != "" && strings.Contains(lower, fe.without) ||
			len(fe.needsAny) > 0 && !containsAny(lower, fe.needsAny) || containsAny(lower, fe.withoutAny) ||
			fe.server && side != serverSide || fe.courier && side != clientSide || fe.unsided && side != noSide || fe.received && !received {
			continue
		}
		at, phrase := -1, ""
		for _, p := range fe.phrases {
			if i := strings.Index(lower, p); i >= 0 && (at < 0 || i < at) {
				at, phrase = i, p
			}
		}
		if at < 0 || fe.address && ipAt(strings.TrimLeft(text[at+len(phrase):], " ")) == 0 {
			continue
		}
		ranked := false
		for _, id := range fe.stories {
			st, ok := byID[id]
			if !ok || listed[id] {
				continue
			}
			if len(out) == MaxMatches {
				return out, sided
			}
			if !ranked {
				rank++
				ranked = true
			}
			sided = sided || fe.received || fe.server || fe.bank
			listed[id] = true
			out = append(out, Match{ID: st.ID, Title: st.ListTitle(fe.client), Reason: st.Reason.String(),
				Headline: strings.TrimSuffix(fe.headline(st), ".") + fe.words(), Client: fe.client,
				Score: 1, Rank: rank, Spans: []Span{{at, at + len(phrase)}}})
		}
	}
	return out, sided
}

// loadHeadlines are the headlines of the badge stories under OpenSSL's
// words of a badge it refused to load: the client's own refusal, not what
// the story's Go bank says of a badge it saw.
var loadHeadlines = map[string]string{
	"mtls-sha1-badge":    "client refused to load its badge (the client certificate it was told to show): it is signed with SHA-1",
	"mtls-rsa1024-badge": "client refused to load its badge (the client certificate it was told to show): its key is too small",
}

// headline is what a match of the error says first: the story's headline
// as requests sees it, or the refusal to load of a badge's story (maybe
// the client's, in a text that shows no program).
func (fe foreignError) headline(st Story) string {
	h, ok := loadHeadlines[st.ID]
	switch {
	case !ok || fe.client != Loading:
		return headline(st, Requests)
	case fe.unsided:
		return "Perhaps your " + h
	}
	return "Your " + h
}

// words is what a match of the error says after the story's headline.
func (fe foreignError) words() string {
	if fe.note != "" {
		return fe.note
	}
	return fmt.Sprintf(foreignNote, fe.client)
}

// lowerASCII is text with its ASCII letters in lower case, every byte where
// it was: offsets into it are offsets into text.
func lowerASCII(text string) string {
	b := []byte(text)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
