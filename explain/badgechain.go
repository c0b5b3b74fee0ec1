package explain

import (
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
)

// A badge the bank refuses as from an unknown CA is not always another CA's:
// often it was issued under the bank's CA by an intermediate that the
// certificate file lacks. The bank trusts the root, and is sent the badge
// alone. Checked against openssl s_server -Verify 1 -verify_return_error
// -CAfile root.pem and a badge issued by an intermediate under root.pem:
// requests, curl, s_client and Node send the badge alone and get "unknown
// ca", Go sends none and gets "certificate required" (its client sends no
// certificate whose file names none of the CAs the server asks for as an
// issuer: crypto/tls's SupportsCertificate); with the intermediate after the
// badge in the file each is served (s_client reads only -cert's first
// certificate, the rest from -cert_chain).

// ClientChainFile is the badge's certificate file with the intermediate that
// issued it after it; IntermediateFile that intermediate.
const (
	ClientChainFile  = "client-chain.crt"
	IntermediateFile = "intermediate.pem"
)

// requestsChain is the badge and its intermediate as requests is given
// them, as the fixes' words name them (inClientsWords says them as each
// client is given them: chainFiles): badgeFiles' words for requests, a
// constant so that the tables that say it are data, not code run at start
// (TestRequestsBadgeWords).
const requestsChain = "cert=(\"" + ClientChainFile + "\", \"" + ClientKeyFile + "\")"

// chainFiles is requestsChain as client is given it.
func chainFiles(client string) string {
	if client == OpenSSL {
		return ShellJoin([]string{"-cert", ClientCertFile, "-cert_chain", IntermediateFile, "-key", ClientKeyFile})
	}
	return badgeFiles(ClientChainFile, ClientKeyFile, client)
}

// appendIntermediate is the command that puts the intermediate after the
// badge.
const appendIntermediate = "cat " + ClientCertFile + " " + IntermediateFile + " > " + ClientChainFile

// goAppendIntermediate is appendIntermediate and the file then given to Go.
const goAppendIntermediate = appendIntermediate + ", then tls.LoadX509KeyPair(\"" + ClientChainFile + "\", \"" + ClientKeyFile + "\")"

// chainCure is the cure of the badge sent without its intermediate, in
// requests' words (inClientsWords).
const chainCure = "The same refusal comes of a badge issued under {client_cas} by an intermediate that the certificate file lacks: " + sentAlone + ". That badge is good: put the intermediate (its issuing CA's certificate, from whoever issued the badge) after it in the file (" + appendIntermediate + "), and pass " + requestsChain + "."

// chainFirst is the cure where the scenario's badge is one issued by an
// intermediate under a CA the bank trusts (badgeChainCase).
const chainFirst = "Your badge is good: it was issued by {badge_issuer}, an intermediate under {client_cas}, and " + courierSendsAlone + ". Put the intermediate after the badge in the certificate file (" + appendIntermediate + "), and pass " + requestsChain + " (or, if you run the bank, add {badge_issuer} to its client CAs)."

// How the badge without its intermediate reaches the bank, in chainCure's
// and chainFirst's words: the OpenSSL-based clients and Node send it alone;
// Go sends none (goSendsOnly), which its lens's fix says instead
// (goChainWords).
const (
	sentAlone         = "the bank trusts {client_cas} and is sent the badge alone"
	courierSendsAlone = "the courier sends the badge alone, so the bank, which trusts {client_cas} and has no copy of {badge_issuer}, cannot reach it"
	goSendsNone       = "Go sends no badge at all (it sends one only if a certificate in the file names {client_cas} as its issuer), and the bank says a certificate is required; with the intermediate in the file Go sends both"
)

// goChainWords is the Go lens's fix's words for the badge sent without its
// intermediate, in place of the other clients' (rendered by f).
func (f *facts) goChainWords(summary string) string {
	for _, alone := range []string{sentAlone, courierSendsAlone} {
		summary = strings.Replace(summary, f.render(alone), f.render(goSendsNone), 1)
	}
	return summary
}

// badgeChain is badgeChainCase where the badge's issuer is a CA under one
// the bank trusts to issue badges, and not one itself.
func badgeChain(f *facts) fixCase {
	badge := f.s.Spec(f.s.Client.Badge)
	if badge == nil || slices.Contains(f.s.Server.ClientCAs, badge.Issuer) {
		return noCase
	}
	seen := map[string]bool{}
	for name := badge.Issuer; name != "" && !seen[name]; {
		seen[name] = true
		sp := f.s.Spec(name)
		if sp == nil {
			break
		}
		if slices.Contains(f.s.Server.ClientCAs, sp.Issuer) {
			return badgeChainCase
		}
		name = sp.Issuer
	}
	return noCase
}

// badgeIssuerLog ends the note of a server's log of a badge whose issuer
// it could not find: for a badge sent without its intermediate and for
// another CA's alike, openssl s_server logged "verify error:num=20:unable to
// get local issuer certificate", nginx 1.22 "client SSL certificate verify
// error: (21:unable to verify the first certificate)" (and answered 400).
const badgeIssuerLog = "An issuer the server cannot find (20, \"unable to get local issuer certificate\", as openssl s_server logs it; 21, \"unable to verify the first certificate\", as nginx does) is a badge from another CA, or, often, one issued under the CA the server trusts by an intermediate that the client's certificate file lacks: the intermediate goes after the badge in that file (" + appendIntermediate + ")."

// whichBadge tells the readings of a bank's refusal of a badge apart by the
// badge's file: whether its issuer is an intermediate under a CA the bank
// takes badges from, or another CA.
const whichBadge = "openssl x509 -noout -issuer -in " + ClientCertFile + " names its issuer, to hold against the CAs the bank takes badges from, which openssl s_client -connect {dial}:443 lists under \"Acceptable client certificate CA names\". An issuer not among them but issued by one of them (openssl x509 -noout -issuer -in " + IntermediateFile + " says so) is an intermediate the file must carry after the badge (grep -c 'BEGIN CERTIFICATE' " + ClientCertFile + " says 1 when the file holds the badge alone); an issuer that is neither is another CA's."

// goSendsOnly says why Go's client prints "certificate required" though
// given a badge.
const goSendsOnly = "Go's client sends its badge only if a certificate in the badge's file names one of the CAs the bank asks for ({client_cas}, in its CertificateRequest) as its issuer; otherwise it answers with an empty Certificate, and the bank refuses it as a courier without a badge. So a badge issued by an intermediate the file lacks, or by another CA, looks to Go like no badge at all, though tls.Config's Certificates holds it."

// goNoBadgeFix ends the Go lens's fix of a courier without a badge: a
// badge Go was given and did not send.
const goNoBadgeFix = " If tls.Config's Certificates already holds your badge, Go did not send it: it sends one only if a certificate in the badge's file names one of the CAs the bank asks for ({client_cas}) as its issuer. Put the intermediate after the badge in its file (" + goAppendIntermediate + "), or get a badge issued under {client_cas}."

// clientBadgeTellApart is clientTellApart's words for the badge's refusals
// Go words otherwise: "" for the rest.
func clientBadgeTellApart(reason handshake.Reason, client string) string {
	if client != GoNetHTTP {
		return ""
	}
	switch reason {
	case handshake.ClientCertUnknownCA:
		return "{client} prints \"{no_badge_alert}\", not \"unknown certificate authority\". " + goSendsOnly + " Which of the two is yours, your badge's file says: " + whichBadge + " With the intermediate after the badge in the file, tls.LoadX509KeyPair reads both, and Go sends them."
	case handshake.ClientCertMissing:
		return "{client} prints these same words for a badge it was given and did not send. " + goSendsOnly + " Whether that is yours, your badge's file says: " + whichBadge
	}
	return ""
}

// badgeRefusals are the reasons of a bank refusing the courier's badge, or
// its lack: what tells their stories apart is the courier's badge, not the
// bank's chain: the ids of handshake.ClientCertMissing, ClientCertUnknownCA,
// ClientCertExpired, ClientCertNotYetValid, ClientCertWrongEKU and
// ClientCertInvalid, written out so that the list is data
// (TestReasonIDsWritten).
var badgeRefusals = []string{
	"client_cert_missing", "client_cert_unknown_ca", "client_cert_expired",
	"client_cert_not_yet_valid", "client_cert_wrong_eku", "client_cert_invalid",
}

// BadgeTied reports whether the first stories of matches that print the
// same words (TiedFirst) are all a bank's refusals of the courier's badge,
// whose tie BadgeTiedWords says.
func BadgeTied(matches []Match) bool {
	n := TiedFirst(matches)
	for _, m := range matches[:n] {
		if !slices.Contains(badgeRefusals, m.Reason) {
			return false
		}
	}
	return n > 1
}

// BadgeTiedWords (a format, %d the stories tied) is said in place of
// TiedWords, on every surface alike, of stories tied that are all the bank's
// refusals of the courier's badge (BadgeTied): the badge's files tell them
// apart, not the bank's chain.
const BadgeTiedWords = "The first %d print these same words, so the text alone cannot tell them apart: your badge can, not the server's chain. Is there one: a certificate file you pass (cert=, --cert, tls.Config's Certificates, Node's cert)? " +
	"grep -c 'BEGIN CERTIFICATE' " + ClientCertFile + " counts its certificates (1: the badge alone, without its intermediate); openssl x509 -noout -issuer -in " + ClientCertFile + " names its issuer, and openssl s_client -connect HOST:443 lists the CAs the bank takes badges from, under \"Acceptable client certificate CA names\". " +
	"A badge whose issuer is an intermediate under one of them needs that intermediate after it in the file (" + appendIntermediate + "); a badge from another CA, one issued by theirs. Go's client sends a badge only if a certificate in its file names one of them as its issuer: otherwise the bank sees none (and says \"certificate required\")."
