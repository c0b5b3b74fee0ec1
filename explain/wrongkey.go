package explain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/pki"
)

// What the OpenSSL-based clients print for a bank that signs with another
// certificate's key, as the real clients printed it (Debian 12's OpenSSL 3.0
// under Python, curl and s_client, Node 20's own 3.0; clients'
// TestRealClients, the server-wrong-key story and its variants). The chain
// is checked first: a client that refuses it (a bundle without its root, an
// RSA-1024 key) says so instead (storeVerdict, weakKey), except Node, which
// judges the chain once the handshake is done. Which check OpenSSL then fails
// depends on the two keys and the version, not on the story's names:
//
//   - TLS 1.2, one key RSA and the other not: the bank picks its suite by its
//     key (ECDHE_RSA or ECDHE_ECDSA), which the certificate cannot serve:
//     "wrong certificate type", as soon as the certificate arrives.
//   - Keys of two kinds (ECDSA and Ed25519; any two in TLS 1.3): the signature
//     algorithm is not the certificate's: "wrong signature type".
//   - ECDSA on two curves: TLS 1.3 binds the curve to the algorithm, "wrong
//     curve"; TLS 1.2 does not, and the signature fails (a signature by a
//     larger curve fails already in the elliptic curve code).
//   - Keys of one kind: the signature fails, "bad signature"; for RSA the RSA
//     code says why first (Python reports the SSL layer's last word, "bad
//     signature", always): "data greater than mod len" when the signing key
//     is larger, else the PSS padding's bytes decide, by chance.

// opensslErr is one OpenSSL error line: its code, library, function, reason
// and source file (under OpenSSL's tree).
type opensslErr struct {
	code, lib, fn, text, file string
}

var (
	errWrongCertType = opensslErr{"0A00017F", "SSL", "tls_post_process_server_certificate", "wrong certificate type", "ssl/statem/statem_clnt.c"}
	errWrongSigType  = opensslErr{"0A000172", "SSL", "tls12_check_peer_sigalg", "wrong signature type", "ssl/t1_lib.c"}
	errWrongCurve    = opensslErr{"0A00017A", "SSL", "tls12_check_peer_sigalg", "wrong curve", "ssl/t1_lib.c"}
	errBadSigTLS13   = opensslErr{"0A00007B", "SSL", "tls_process_cert_verify", "bad signature", "ssl/statem/statem_lib.c"}
	errBadSigTLS12   = opensslErr{"0A00007B", "SSL", "tls_process_key_exchange", "bad signature", "ssl/statem/statem_clnt.c"}
	errECBadSig      = opensslErr{"0800009C", "elliptic curve", "ossl_ecdsa_simple_verify_sig", "bad signature", "crypto/ec/ecdsa_ossl.c"}
	errRSAGreater    = opensslErr{"0200006C", "rsa", "rsa_ossl_public_decrypt", "data greater than mod len", "crypto/rsa/rsa_ossl.c"}
	errRSATooLarge   = opensslErr{"02000084", "rsa", "rsa_ossl_public_decrypt", "data too large for modulus", "crypto/rsa/rsa_ossl.c"}
	errRSAFirstOctet = opensslErr{"02000085", "rsa", "RSA_verify_PKCS1_PSS_mgf1", "first octet invalid", "crypto/rsa/rsa_pss.c"}
	errRSALastOctet  = opensslErr{"02000086", "rsa", "RSA_verify_PKCS1_PSS_mgf1", "last octet invalid", "crypto/rsa/rsa_pss.c"}
)

// wrongKeyFailure is the error OpenSSL reports first for a certificate with
// key type leaf and a signature by a key of type key, in TLS version v; the
// error it may report instead by chance (zero when none).
func wrongKeyFailure(leaf, key pki.KeyType, v wire.Version) (first, chance opensslErr) {
	lk, kk := keyAlgorithm(leaf), keyAlgorithm(key)
	switch {
	case v == wire.VersionTLS12 && keyKind(string(leaf)) != keyKind(string(key)):
		return errWrongCertType, opensslErr{}
	case lk != kk:
		return errWrongSigType, opensslErr{}
	case lk == "ecdsa" && leaf != key && v == wire.VersionTLS13:
		return errWrongCurve, opensslErr{}
	case lk == "ecdsa" && leaf != key && curveBits(key) > curveBits(leaf):
		return errECBadSig, opensslErr{}
	case lk == "rsa" && key.RSABits() > leaf.RSABits():
		return errRSAGreater, opensslErr{}
	case lk == "rsa":
		return errRSALastOctet, errRSAFirstOctet
	case v == wire.VersionTLS12:
		return errBadSigTLS12, opensslErr{}
	}
	return errBadSigTLS13, opensslErr{}
}

// keyAlgorithm is a key type's algorithm: rsa, ecdsa or ed25519.
func keyAlgorithm(k pki.KeyType) string {
	s, _, _ := strings.Cut(string(k), "-")
	return s
}

// curveBits is an ECDSA key's curve size.
func curveBits(k pki.KeyType) int {
	if k == pki.ECDSAP384 {
		return 384
	}
	return 256
}

// pyWord is the error Python's ssl module names: the SSL layer's last, which
// for a signature the RSA or elliptic curve code refused is "bad signature".
func (e opensslErr) pyWord() string {
	if e.lib != "SSL" {
		return errBadSigTLS13.text
	}
	return e.text
}

// wrongKeyMessage is what client prints when OpenSSL reports e for a bank
// signing with another certificate's key: its class and message. Go's words
// are its own (goWrongKey).
func wrongKeyMessage(client string, e opensslErr) (class, message string) {
	line := func(src string) string {
		return "{thread}:error:" + e.code + ":" + e.lib + " routines:" + e.fn + ":" + e.text + ":../" + src + e.file + ":{line}:"
	}
	switch client {
	case Requests, Requests1:
		return "requests.exceptions.SSLError", pyAlert(e.pyWord())
	case Curl:
		return "curl: (35)", "curl: (35) OpenSSL/{openssl_version}: error:" + e.code + ":" + e.lib + " routines::" + e.text
	case OpenSSL:
		return "error:" + e.code, line("")
	case Node:
		return "EPROTO", "write EPROTO " + line("deps/openssl/openssl/")
	}
	return "*url.Error", "Get \"{url_port}\": {go_error}"
}

// goWrongKey is how crypto/tls words a server signature it refuses
// (handshake_client_tls13.go, key_agreement.go): the signature algorithm is
// not one the certificate's key can make, or the signature does not verify,
// with the reason after the colon (auth.go's "expected an RSA public key,
// got *ecdsa.PublicKey", crypto/ecdsa's, crypto/rsa's).
var goWrongKey = []string{
	"Get \"{url_port}\": tls: certificate used with invalid signature algorithm",
	"Get \"{url_port}\": tls: invalid signature by the server certificate",
}

// wrongKeyVerdict is each client's report of a bank signing with another
// certificate's key; ok is false when the keys are not the story's own (a
// real host) or the version is older than TLS 1.2, where nothing was proven.
func wrongKeyVerdict(f *facts, client string) (verdict, bool) {
	send, _ := f.s.Answering()
	leaf, holder := f.s.Spec(send[0]), f.s.Spec(f.keyHolder)
	v := f.version()
	if leaf == nil || holder == nil || v < wire.VersionTLS12 {
		return verdict{}, false
	}
	first, chance := wrongKeyFailure(leaf.Key, holder.Key, v)
	out := verdict{}
	out.class, out.message = wrongKeyMessage(client, first)
	if chance.code != "" && client != Requests && client != Requests1 && client != GoNetHTTP {
		_, out.also = wrongKeyMessage(client, chance)
		out.note = fmt.Sprintf("The RSA code reports first why the signature fails: its PSS padding's first or last byte is wrong, which the signature's random salt decides (%q or %q)", chance.text, first.text)
		if holder.Key.RSABits() == leaf.Key.RSABits() {
			out.note += fmt.Sprintf(", or, the signing key's modulus being the larger, %q", errRSATooLarge.text)
		}
		out.note += "; Python reports the SSL layer's last word, \"bad signature\", always."
	}
	return out, true
}

// wrongKeyAlike is what each client prints for a bank signing with another
// certificate's key, whatever the two keys and the version: a paste of any
// of it is the story's.
func wrongKeyAlike() map[string][]string {
	out := map[string][]string{GoNetHTTP: goWrongKey}
	for _, client := range ClientKeys {
		if client == GoNetHTTP {
			continue
		}
		for _, e := range wrongKeyErrs {
			_, msg := wrongKeyMessage(client, e)
			if !slices.Contains(out[client], msg) {
				out[client] = append(out[client], msg)
			}
		}
	}
	return out
}

// wrongKeyErrs are every error of wrongKeyFailure.
var wrongKeyErrs = []opensslErr{errWrongCertType, errWrongSigType, errWrongCurve, errBadSigTLS13, errBadSigTLS12,
	errECBadSig, errRSAGreater, errRSATooLarge, errRSAFirstOctet, errRSALastOctet}

// alike is Story.Alike: for a bank signing with another certificate's key,
// what the clients print for any two keys and version; for a courier
// without the badge a TLS 1.3 bank requires, what they print when it
// requires one in TLS 1.2 (noBadgeTLS12Alike); rendered as the story's own
// messages are.
func (f *facts) alike() map[string][]string {
	var forms map[string][]string
	switch {
	case f.wrongKey():
		forms = wrongKeyAlike()
	case f.o.Reason == handshake.ClientCertMissing && f.tls13():
		forms = noBadgeTLS12Alike(f.clients())
	case f.s.ID == inspectingProxy:
		forms = proxyRootAlike(f.clients())
	default:
		return nil
	}
	out := map[string][]string{}
	for client, msgs := range forms {
		for _, msg := range msgs {
			out[client] = append(out[client], f.renderMessage(msg))
		}
	}
	return out
}

// noBadgeTLS12Alike is, for each client the bank refused for want of a badge
// in TLS 1.3 ("certificate required"), what it prints when the bank refuses
// it so in TLS 1.2, which has no alert for it: "handshake failure", during
// the handshake (clients' mtls-no-cert-tls12 variant proves every word).
// Forgetting the badge is a common cause of that alert.
func noBadgeTLS12Alike(clients map[string]ClientVerdict) map[string][]string {
	out := map[string][]string{}
	for _, client := range ClientKeys {
		if v := clients[client]; v.OK || !strings.Contains(v.Message, "certificate required") {
			continue
		}
		msg := bankAlert("handshake_failure", false, client).message
		if client == GoNetHTTP {
			msg = "Get \"{url_port}\": remote error: tls: handshake failure"
		}
		out[client] = []string{msg}
	}
	return out
}

// inspectingProxy is the story of a company's TLS-inspecting proxy.
const inspectingProxy = "corporate-proxy"

// proxyRootAlike is, for each client that does not know the proxy's issuer
// ("unable to get local issuer certificate"), what it prints when the proxy
// sends its own root in the chain, as many do: "self-signed certificate in
// certificate chain", OpenSSL's error 19, word for word as the clients print
// it for untrusted-root, whose bank sends its root (clients/ proves those).
// Go's words are the same either way. Threads of pip, npm and git with these
// words most often name such a proxy when they name a cause.
func proxyRootAlike(clients map[string]ClientVerdict) map[string][]string {
	out := map[string][]string{}
	from, to := errIssuerLocally, errSelfInChain
	for _, client := range ClientKeys {
		v := clients[client]
		if v.OK || !strings.Contains(v.Message, from.text) {
			continue
		}
		r := strings.NewReplacer(from.text, to.text, from.node, to.node,
			fmt.Sprintf("num=%d:", from.num), fmt.Sprintf("num=%d:", to.num), fmt.Sprintf("num=%d", from.num), fmt.Sprintf("num=%d", to.num))
		out[client] = []string{r.Replace(v.Class) + alikeClass + r.Replace(v.Message)}
	}
	return out
}

// alikeNote is Story.AlikeNote.
func (f *facts) alikeNote() string {
	if f.s.ID != inspectingProxy {
		return ""
	}
	return proxyRootNote
}

// proxyRootNote is what a paste of "self-signed certificate in certificate
// chain" is told of the proxy's story: the commonest cause people name.
const proxyRootNote = ". A TLS-inspecting proxy that sends its own root in the chain (Zscaler, a company firewall) makes the clients say \"self-signed certificate in certificate chain\", word for word as for a root nobody trusts (untrusted-root): behind a company network, the commonest cause of these words. Trust the company's root (REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, npm's cafile), never verify=False."
