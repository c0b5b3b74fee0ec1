package explain

import (
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// An ECDSA certificate whose key usage leaves out digitalSignature, on TLS
// 1.2: the bank signs its ECDHE key exchange with that key, and OpenSSL
// refuses the certificate for an ECDHE-ECDSA suite as it reads it
// (ssl_check_srvr_ecc_cert_and_alg: "ecc cert not for signing"). Go does
// not check the key usage of a server certificate; in TLS 1.3 OpenSSL does
// not either. The real clients prove both (clients' leaf-ku-no-signature
// and its -tls12).

// eccNotForSigning reports whether the bank's ECDSA certificate lists key
// usages without digitalSignature and the handshake is TLS 1.2.
func (f *facts) eccNotForSigning() bool {
	return len(f.chain) > 0 && f.chain[0].spec != nil && f.version() == wire.VersionTLS12 && eccMayNotSign(f.chain[0].spec)
}

func eccMayNotSign(sp *pki.Spec) bool {
	return strings.HasPrefix(string(sp.Key), "ecdsa") && len(sp.KeyUsage) > 0 && !slices.Contains(sp.KeyUsage, pki.KUDigitalSignature)
}

// ECCNotForSigning reports whether the bank of s, capped at TLS 1.2, holds
// an ECDSA certificate whose key usage leaves out digitalSignature: one
// openssl s_server uses for no suite (the kit says so).
func ECCNotForSigning(s *scenario.Scenario) bool {
	send, _ := s.Answering()
	if len(send) == 0 || s.Server.MaxVersion != scenario.TLS12 && s.Client.MaxVersion != scenario.TLS12 {
		return false
	}
	sp := s.Spec(send[0])
	return sp != nil && eccMayNotSign(sp)
}

const eccNote = "In TLS 1.2 the bank signs its key exchange with its certificate's key, and the certificate's key usage does not allow it (no digitalSignature): OpenSSL refuses an ECDSA certificate for an ECDHE-ECDSA suite on that ground as it reads it. Go does not check a server certificate's key usage, and in TLS 1.3 OpenSSL does not either."

// eccVerdict is client's verdict on such a certificate.
func eccVerdict(client string) (verdict, bool) {
	const code = "0A00013E"
	switch client {
	case Requests, Requests1:
		return verdict{class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError(SSLError(1, '[SSL: BAD_ECC_CERT] bad ecc cert (_ssl.c:{line})')))", note: eccNote}, true
	case Curl:
		return verdict{class: "curl: (35)", message: "curl: (35) OpenSSL/{openssl_version}: error:" + code + ":SSL routines::ecc cert not for signing", note: eccNote}, true
	case OpenSSL:
		return verdict{class: "error:" + code, message: "{thread}:error:" + code + ":SSL routines:ssl_check_srvr_ecc_cert_and_alg:ecc cert not for signing:../ssl/ssl_lib.c:{line}:", note: eccNote}, true
	case Node:
		return verdict{class: "EPROTO", message: "write EPROTO {thread}:error:" + code + ":SSL routines:ssl_check_srvr_ecc_cert_and_alg:ecc cert not for signing:../deps/openssl/openssl/ssl/ssl_lib.c:{line}:", note: eccNote}, true
	}
	return verdict{}, false
}

// eccFix is the fix's words on such a certificate ("" otherwise).
func (f *facts) eccFix() string {
	if !f.eccNotForSigning() {
		return ""
	}
	return " But Python, curl, openssl s_client and Node refuse the bank's certificate on TLS 1.2 (\"ecc cert not for signing\", Python's \"bad ecc cert\"): its key usage leaves out digitalSignature, which signing the key exchange needs; openssl s_server uses no suite with it. Reissue it with digitalSignature in its key usage, or let the bank speak TLS 1.3."
}

// mayNowSign reissues the bank's certificate in s with digitalSignature in
// its key usage, when it may not sign, and reports whether it did: the cure
// the fix names.
func (f *facts) mayNowSign(s *scenario.Scenario) bool {
	if !f.eccNotForSigning() {
		return false
	}
	sp := s.Spec(f.chain[0].spec.Name)
	if sp == nil {
		return false
	}
	sp.KeyUsage = append([]string{pki.KUDigitalSignature}, sp.KeyUsage...)
	return true
}
