package explain

import (
	"fmt"

	"github.com/tlsplay/tlsplay/handshake"
)

// A bank that sends, for its certificate's issuer, a CA of that name with
// another key (the CA was re-keyed, and the bank serves the new one beside a
// certificate the old one issued): Go finds the signature does not verify.
// OpenSSL matches an issuer by its key identifiers before it checks any
// signature (X509_check_issued: the certificate's authorityKeyIdentifier
// against the candidate's subjectKeyIdentifier), so it never takes that CA
// for the issuer and finds none: "unable to get local issuer certificate",
// Node's "unable to verify the first certificate", as for an intermediate
// left out. The real clients prove it (clients' rekeyed-intermediate).

// rekeyed is the CA the bank sent under its certificate's issuer's name
// whose key identifier is not the one the certificate names, when that is
// why Go found a signature that does not verify, and whether there is one.
func (f *facts) rekeyed() (issuer cert, ok bool) {
	if f.o.Reason != handshake.BadSignature {
		return cert{}, false
	}
	send, _ := f.s.Answering()
	sent := f.sentCerts(handshake.Server, send)
	if len(sent) < 2 || sent[0].akid == "" {
		return cert{}, false
	}
	for _, c := range sent[1:] {
		if c.subject != sent[0].issuerDN {
			continue
		}
		if c.skid == sent[0].akid {
			return cert{}, false
		}
		issuer, ok = c, c.skid != ""
	}
	return issuer, ok
}

// rekeyedFor reports whether client, on OpenSSL, finds no issuer where Go
// found a re-keyed one (rekeyedVerdict): its lens speaks its words.
func (f *facts) rekeyedFor(client string) bool {
	_, ok := f.rekeyed()
	return ok && client != GoNetHTTP
}

// rekeyedVerdict is client's verdict on a re-keyed issuer: the missing
// intermediate's, whose chain OpenSSL builds alike (the leaf alone).
func rekeyedVerdict(f *facts, client string) verdict {
	r := clientTable[handshake.MissingIntermediate]
	if v, ok := r.exceptionFor(client); ok {
		v.note = rekeyedNote
		return v
	}
	v := chainVerdict(f, r.x509, client)
	v.note = rekeyedNote
	return v
}

const rekeyedNote = "OpenSSL matches a certificate's issuer by its key identifiers before it checks a signature: the CA the bank sent under the issuer's name has another key (subjectKeyIdentifier) than the one the bank's certificate names (authorityKeyIdentifier), so OpenSSL does not take it for the issuer and finds none. Go tries it, and reports the signature that does not verify."

// rekeyedWords are the fix's words on the key identifiers that show which
// CA the bank must send ("" unless rekeyed).
func (f *facts) rekeyedWords() string {
	c, ok := f.rekeyed()
	if !ok {
		return ""
	}
	return fmt.Sprintf(" The key identifiers show which %s is needed: the bank's certificate names its issuer's key %s (openssl x509 -noout -ext authorityKeyIdentifier -in server.pem), while the %s the bank sends has the key %s (openssl x509 -noout -ext subjectKeyIdentifier -in intermediate.pem). Send the %s whose subjectKeyIdentifier is %s (the one that issued the certificate), or have the certificate reissued by the new one.",
		c.name, f.chain[0].akid, c.name, c.skid, c.name, f.chain[0].akid)
}
