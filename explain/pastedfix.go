package explain

import (
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// A pasted chain's fix depends on how it was given, beyond its certificates
// (handshake.Pasted): a CA bundle requests, curl and s_client cannot load
// and Node and Go read nothing from (DER, PKCS #7) must be converted before
// anything else, and a server that sends
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
		f.callsStay(&fx)
	}
	if p.ExpiredAnchor != "" && f.o.Reason == handshake.Expired {
		update := "add the current root (" + p.CrossSigned + "'s own, self-signed certificate) to your verify= bundle"
		if f.s.Client.Verify == scenario.VerifyTrue {
			update = "update certifi, the bundle verify=True reads: pip install -U certifi (or add the current root, " + p.CrossSigned + "'s own, self-signed certificate, to the bundle you pass)"
		}
		fx.Summary = f.render("The expired certificate is " + p.ExpiredAnchor + ", a root in the courier's own trust store, not one the bank sent: the courier's bundle is out of date (as old certifi bundles were when Let's Encrypt's DST Root CA X3 expired in 2021). Fix it on your side: " + update + "; the same chain then verifies up to the current root. Else the bank can stop sending " + p.CrossSigned + " cross-signed by " + p.ExpiredAnchor + " (drop it from its chain file): a client whose bundle holds " + p.CrossSigned + " then ends the chain there, whatever path it prefers; a bundle without it still needs the update.")
		fx.Side, fx.Server, fx.Pending = "client", nil, true
		f.callsStay(&fx)
	}
	if p.PrivateIssuer != "" {
		who := "most likely a TLS-inspecting proxy on your network"
		if p.ProxyVendor != "" {
			who = "its name is " + p.ProxyVendor + "'s, a TLS-inspecting proxy's"
		}
		fx.Summary = f.render("{dial} is a public name, whose certificates public CAs issue, yet this chain ends at " + p.PrivateIssuer + ", a private CA: " + who + ", which re-signs every site with the company's own root (the corporate-proxy story). If it is your company's proxy, the bank is fine and your code must trust the company's root: get it from IT and pass it as verify='ca.pem' (or set REQUESTS_CA_BUNDLE; curl --cacert, Node's NODE_EXTRA_CA_CERTS), never verify=False, which lets in anyone else too. If nobody at your company runs one, something else answers for {dial} in the bank's place: do not trust it, and use another network.")
		fx.Side, fx.Server = "client", nil
	}
	if p.RootsForm != "" {
		kind := "binary DER"
		if p.RootsForm == "pkcs7" {
			kind = "a PKCS #7 bundle"
		}
		first := "First convert the CA bundle to PEM: it is " + kind + ", which requests, curl and s_client cannot load (requests says \"[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found\", curl \"(77) error setting certificate file\") and from which Node and Go read no certificate: " + handshake.RootsConvert(p.RootsForm) + ", and pass ca.pem. "
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

// callsStay has fx's calls the scenario's own: the cure is done outside
// them (the bank's file, the courier's bundle), and each works once it is.
func (f *facts) callsStay(fx *Fix) {
	fx.Right, fx.Pending = fx.Wrong, true
	fx.Curl = ShellJoin(CurlArgs(f.s, "", Target{}))
	fx.OpenSSL = ShellJoin(OpenSSLArgs(f.s, "", Target{}))
	fx.Node = NodeCall(f.s, "", Target{})
	fx.Go = GoCall(f.s, "")
}

// proxyTechnical is the technical words of a chain for a public name that
// ends at a private CA (handshake.Pasted.PrivateIssuer): the private root is
// read as a TLS-inspecting proxy's, not as mkcert's.
func (f *facts) proxyTechnical(technical string) string {
	if p := f.t.Pasted; p == nil || p.PrivateIssuer == "" {
		return technical
	}
	return strings.Replace(technical, "such as mkcert's development CA or a company CA,", "and on a public name that is most often a TLS-inspecting proxy's (the corporate-proxy story),", 1)
}
