package explain

import (
	"fmt"

	"github.com/tlsplay/tlsplay/handshake"
)

// A pasted server certificate that came alone, issued by a CA nobody knows,
// reads two ways (handshake.MissingIssuer): an intermediate the server did not
// send, or a private root (mkcert's, a company CA) the courier was never
// given. Every client's error is the same for both, and the cures differ: the
// verdict is the reading the certificate's evidence ranks first, and the words
// below say both, what ranked one first, and how to tell them apart.

// missingIssuer is the evidence of the failed anchor check of such a
// certificate, nil for any other verdict.
func (f *facts) missingIssuer() *handshake.MissingIssuer {
	if f.o.OK || f.o.Check < 0 || f.o.Check >= len(f.t.Steps) {
		return nil
	}
	return f.t.Steps[f.o.Check].Issuer
}

// issuerClue is the sentence on what ranked a reading first ({issuer_clue}).
func (f *facts) issuerClue() string {
	m := f.missingIssuer()
	if m == nil {
		return ""
	}
	leaf, issuer := f.vars.Leaf, f.vars.Issuer
	const noAIA = "names no address for its issuer's certificate (no AIA CA Issuers), which every publicly trusted server certificate does"
	switch m.Clue {
	case handshake.ClueAIA:
		return fmt.Sprintf("%s says where its issuer's certificate is published, %s (AIA CA Issuers), as public CAs do for their intermediates.", leaf, m.URL)
	case handshake.ClueIntermediateName:
		return fmt.Sprintf("%s's name reads as an intermediate's.", issuer)
	case handshake.CluePublicCA:
		return fmt.Sprintf("%s is a public CA's, and a public CA's roots issue no server certificates themselves.", issuer)
	case handshake.ClueRootName:
		return fmt.Sprintf("%s's name reads as a root's, and %s %s.", issuer, leaf, noAIA)
	}
	return fmt.Sprintf("Nothing says which kind of CA %s is: its name does not tell, and %s %s.", issuer, leaf, noAIA)
}

// tellIssuer is how to tell the two readings apart.
const tellIssuer = "Here it sent only {sent}, issued by {issuer}, which it did not send, and every client's error is the same whether {issuer} is an intermediate the server left out or a private root the courier lacks. To tell, run openssl x509 -noout -issuer -ext authorityInfoAccess -in leaf.pem: it prints the issuer and, if any, the CA Issuers URL where its certificate is published (a public CA's intermediate has one; mkcert and most company CAs give none). Then get {issuer}'s certificate (from that URL, from the folder mkcert -CAROOT names, or from whoever runs the CA) and run openssl x509 -noout -subject -issuer -in issuer.pem: a root's Subject and Issuer are the same (it signed itself), an intermediate's Issuer is another CA. A server that sends its private root along gets another error from requests: \"self-signed certificate in certificate chain\"."

// missingIssuerWords are the words by the reading ranked first: true for the
// missing intermediate, false for the private root.
var missingIssuerWords = map[bool]words{
	true: {
		headline:  "The bank most likely did not send its intermediate certificate",
		analogy:   explanations[handshake.MissingIntermediate].analogy,
		technical: "The bank sent only {sent}, issued by {issuer}, which is neither in the chain nor in the courier's trust store. {issuer_clue} So {issuer} is most likely an intermediate CA the server should send after its own certificate: with it the courier builds the path to a root, if it trusts that root. Browsers often paper over this by fetching or caching intermediates; requests, curl, openssl, Node and Go do not. The other reading: {issuer} is a private root (mkcert's, a company CA) the courier was never given.",
		tellApart: lookAlike + tellIssuer,
	},
	false: {
		headline:  "The bank's certificate was issued by a CA the courier does not know, most likely a private root",
		analogy:   "The courier refused: this bank's ID was signed by an office that is nowhere in the Book of Trusted IDs, most likely a private office (the bank's own, or its company's) rather than a public one.",
		technical: "{leaf} was issued by {issuer}, which is neither in the chain nor in the courier's trust store. {issuer_clue} So {issuer} is most likely a private root, such as mkcert's development CA or a company CA, that the courier was never given: trusted, it completes the chain. The other reading: {issuer} is an intermediate the server should send after its own certificate, below a root the courier trusts.{trust_note}",
		tellApart: lookAlike + tellIssuer,
	},
}

// missingIssuerFixes are the fixes by the reading ranked first, each giving
// the other too.
var missingIssuerFixes = map[bool]string{
	true:  "Most likely the bank must send its intermediate ({issuer}) after its own certificate (the full chain file, e.g. fullchain.pem); a client can work around it by adding the intermediate to its verify= bundle, but every other client stays broken. If {issuer} is instead a private root (mkcert's, a company CA), the bank is fine and your code must trust it: pass its certificate as verify='root.pem' (requests then trusts only that bundle).",
	false: "If {issuer} is a private root (mkcert's, a company CA), the bank is fine and your code must trust it: get its certificate (mkcert keeps it as rootCA.pem in the folder mkcert -CAROOT names; else ask whoever runs the CA) and pass it as verify='root.pem' (requests then trusts only that bundle), or set REQUESTS_CA_BUNDLE. If {issuer} is instead an intermediate, the bank must send it after its own certificate (the full chain file, e.g. fullchain.pem).",
}

// nodeLeafAlone is what Node says of a certificate that came alone, issued by
// a CA it does not know, whichever the CA: "unable to verify the first
// certificate" (as for a missing intermediate), where the others say "unable
// to get local issuer certificate".
func nodeLeafAlone() verdict {
	v, _ := clientTable[handshake.MissingIntermediate].exceptionFor(Node)
	return v
}

// clientLookAlike is clientLookAlike for the facts: of a certificate that
// came alone under an issuer nobody knows, Node's words tell no reading from
// the other ("unable to verify the first certificate" for both).
func (f *facts) clientLookAlike(client string) string {
	if client == Node && f.missingIssuer() != nil {
		return nodeLeafAloneLookAlike
	}
	return clientLookAlike(client)
}

const nodeLeafAloneLookAlike = "{client} says \"unable to verify the first certificate\" of a certificate that came alone whenever it does not know its issuer, an intermediate left out and a private root alike; \"self-signed certificate in certificate chain\" would be a root sent along that nobody trusts, \"self-signed certificate\" a certificate that signed itself (Go says \"signed by unknown authority\" for all of them). So look at what the bank sent, as openssl s_client -showcerts prints it. "
