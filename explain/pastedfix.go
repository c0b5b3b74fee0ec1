package explain

import (
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
)

// A pasted chain's fix depends on how it was given, beyond its certificates
// (handshake.Pasted): a CA bundle requests, curl and Node cannot load (DER,
// PKCS #7) must be converted before anything else, and a server that sends
// a certificate for another name first, with the right one after it, must
// send the right one first.

// pastedFix is fx with what the inspection's inputs add to it.
func (f *facts) pastedFix(fx Fix) Fix {
	p := f.t.Pasted
	if p == nil || fx.Pending {
		// Nothing to add, or added already (a lens's fix is the report's).
		return fx
	}
	if p.ForNameLater != "" && f.o.Reason == handshake.HostnameMismatch {
		fx.Summary = f.render("The bank sends {leaf}'s certificate first, and every client judges that one as the bank's; its certificate for {dial} came after it and plays no part. The bank must send that one first: its certificate file (nginx's ssl_certificate, Apache's SSLCertificateFile) must begin with it, with its key as the key.")
		fx.Side = "server"
		// The call stays as it is: dialling another name is no cure for
		// a server that sends the wrong certificate first.
		fx.Right, fx.Pending = fx.Wrong, true
		fx.Curl = ShellJoin(CurlArgs(f.s, "", Target{}))
		fx.OpenSSL = ShellJoin(OpenSSLArgs(f.s, "", Target{}))
		fx.Node = NodeCall(f.s, "", Target{})
		fx.Go = GoCall(f.s, "")
	}
	if p.RootsForm != "" {
		kind := "binary DER"
		if p.RootsForm == "pkcs7" {
			kind = "a PKCS #7 bundle"
		}
		first := "First convert the CA bundle to PEM: it is " + kind + ", which requests, curl and Node cannot load (requests says \"[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found\", curl \"(77) error setting certificate file\"): " + handshake.RootsConvert(p.RootsForm) + ", and pass ca.pem. "
		rest := fx.Summary
		rest = strings.TrimPrefix(rest, "Your code is fine: the bank must change. ")
		if f.o.OK {
			rest = "Converted, it verifies the chain, as judged here."
		} else {
			rest = "Judged as if converted: " + rest
		}
		fx.Summary = first + rest
		switch {
		case f.o.OK || fx.Side == "" || fx.Side == "client":
			fx.Side = "client"
		default:
			fx.Side = "both"
		}
		fx.Pending = true
	}
	return fx
}
