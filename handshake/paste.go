package handshake

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	casn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// What a person pastes is read here: PEM text (one or many blocks, in any
// order, with whatever a terminal printed around them, such as
// `openssl s_client -showcerts`), a DER certificate, or a PKCS #7 bundle,
// each also as base64 text without PEM's lines. A
// private key pasted by mistake is noticed and dropped on the spot: nothing
// here keeps it, not even its type.

// MaxPaste is the most a paste may hold: a chain is a few kilobytes, and a CA
// bundle a few hundred (certifi's is about 300 kB).
const MaxPaste = 1 << 20

// maxPastedCerts bounds the certificates of a chain (a bundle may hold more).
const maxPastedCerts = 64

// PasteError is pasted input that holds nothing to verify: one sentence that
// says what is wrong with it, in words.
type PasteError struct{ Msg string }

func (e *PasteError) Error() string { return e.Msg }

func pasteErrorf(format string, args ...any) error {
	return &PasteError{fmt.Sprintf(format, args...)}
}

// Inputs are the words for a chain's two inputs where a person gives them:
// the page's boxes (PageInputs, the zero value's words) or the CLI's flags
// (FlagInputs).
type Inputs struct {
	// Chain and Roots name the inputs: "the chain", "the --chain file".
	Chain, Roots string
	// Give is the verb for giving one ("paste", "give"), and Empty what to
	// do when it is empty.
	Give, Empty string
}

// PageInputs are the page's words: its boxes, pasted or filled from a file.
var PageInputs = Inputs{Chain: "the chain", Roots: "the CA bundle", Give: "paste",
	Empty: "paste the certificates as PEM text (-----BEGIN CERTIFICATE----- blocks) or choose a .pem, .crt, .cer or .der file"}

// FlagInputs are the CLI's words: its --chain and --roots files.
var FlagInputs = Inputs{Chain: "the --chain file", Roots: "the --roots file", Give: "give",
	Empty: "give a file of the certificates as PEM text (-----BEGIN CERTIFICATE----- blocks) or DER (.pem, .crt, .cer or .der)"}

// or is in, or PageInputs when in is the zero value.
func (in Inputs) or() Inputs {
	if in == (Inputs{}) {
		return PageInputs
	}
	return in
}

// pastedCert is one certificate as pasted: its DER, and what Go made of it.
type pastedCert struct {
	der  []byte
	cert *x509.Certificate // nil when Go refuses to parse it
	err  error             // Go's reason for refusing it
	// subject and issuer are the raw names, read even when Go refuses the rest.
	subject, issuer []byte
}

// paste is what a paste held.
type paste struct {
	certs    []pastedCert
	keyFound bool
	// ignored names the blocks that were neither certificates nor keys.
	ignored []string
	// form is how the certificates came when not as PEM certificates: "der"
	// (binary DER) or "pkcs7" (a PKCS #7 bundle, PEM or DER); "" for PEM.
	form string
	// sent says the paste is what a server sent, as openssl s_client
	// -showcerts prints it (its "Certificate chain" list): in the server's
	// order, its own certificate first, whatever that is.
	sent bool
}

// readPaste finds the certificates in what was pasted. what names the input
// in messages ("the chain", "the CA bundle"), and words say how to give one.
func readPaste(data []byte, what string, words Inputs, limit int) (*paste, error) {
	if len(data) > MaxPaste {
		return nil, pasteErrorf("%s is %s; a chain or a CA bundle is a few kilobytes (certifi's whole bundle is about 300 kB), and at most %s is read", what, sizeWords(len(data)), sizeWords(MaxPaste))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, pasteErrorf("%s is empty: %s", what, words.Empty)
	}
	p := &paste{sent: bytes.Contains(data, []byte("Certificate chain")) && bytes.Contains(data, []byte(" 0 s:"))}
	var err error
	switch {
	case bytes.Contains(data, []byte("-----BEGIN ")):
		err = p.readPEM(data, what, words)
	case data[0] == 0x30:
		p.form = "der"
		err = p.readDER(data, what, "", words)
	case unwrapBase64(data) != nil:
		// Base64 without PEM's lines: a certificate's DER (a JWK's x5c, a
		// JSON field), or a whole PEM file (a Kubernetes secret's tls.crt).
		if inner := unwrapBase64(data); bytes.Contains(inner, []byte("-----BEGIN ")) {
			err = p.readPEM(inner, what, words)
		} else {
			err = p.readDER(inner, what, "", words)
		}
	case bytes.Contains(data, []byte("PuTTY-User-Key-File")) || bytes.Contains(data, []byte("ssh-rsa ")) && bytes.Contains(data, []byte("Private-Lines")):
		p.keyFound = true
	}
	if err != nil {
		return nil, err
	}
	if len(p.certs) == 0 {
		switch {
		case p.keyFound:
			return nil, pasteErrorf("%s holds a private key and no certificate: %s the certificates (the -----BEGIN CERTIFICATE----- blocks) instead; the key was not kept", what, words.Give)
		case len(p.ignored) > 0:
			return nil, pasteErrorf("%s holds %s and no certificate: %s what the server sends (openssl s_client -showcerts prints it)", what, strings.Join(p.ignored, ", "), words.Give)
		case !utf8.Valid(data):
			return nil, pasteErrorf("%s is neither PEM text nor a DER certificate", what)
		}
		return nil, pasteErrorf("%s holds no certificate: a certificate is PEM text between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines, or a DER file (.der, .cer)", what)
	}
	if limit > 0 && len(p.certs) > limit {
		return nil, pasteErrorf("%s holds %d certificates; a server sends a handful, and at most %d are read (a CA bundle is what the client trusts: %s it as %s, as verify='ca.pem')", what, len(p.certs), limit, words.Give, words.Roots)
	}
	return p, nil
}

// unwrapBase64 is what data decodes to when it is one base64 text and
// nothing else (line breaks and spaces aside, in quotes or not), and what it
// decodes to is DER or PEM; nil otherwise.
func unwrapBase64(data []byte) []byte {
	trimmed := bytes.Trim(bytes.TrimSpace(data), `"'`)
	compact := make([]byte, 0, len(trimmed))
	for _, c := range trimmed {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', strings.IndexByte("+/=-_", c) >= 0:
			compact = append(compact, c)
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		default:
			return nil
		}
	}
	if len(compact) < 32 {
		return nil
	}
	text := string(compact)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(text); err == nil && len(b) > 0 && (b[0] == 0x30 || bytes.HasPrefix(b, []byte("-----BEGIN "))) {
			return b
		}
	}
	return nil
}

// readPEM reads every PEM block. Lines are trimmed first, so that a block
// indented or quoted in an e-mail still reads.
func (p *paste) readPEM(data []byte, what string, words Inputs) error {
	var lines []string
	for line := range strings.Lines(string(data)) {
		lines = append(lines, strings.TrimLeft(strings.TrimSpace(line), "> \t"))
	}
	text := strings.Join(lines, "\n") + "\n"
	n := 0
	for {
		begin := strings.Index(text, "-----BEGIN ")
		if begin < 0 {
			return nil
		}
		typ, _, _ := strings.Cut(text[begin+len("-----BEGIN "):], "-----")
		// The block alone, up to its own END line: pem.Decode would skip a
		// damaged block silently and return the next one.
		end := "-----END " + typ + "-----"
		stop := strings.Index(text[begin:], end)
		var block *pem.Block
		if stop >= 0 {
			block, _ = pem.Decode([]byte(text[begin : begin+stop+len(end)]))
			text = text[begin+stop+len(end):]
		} else {
			text = text[begin+len("-----BEGIN "):]
		}
		isKey, isCert := strings.Contains(typ, "PRIVATE KEY"), isCertType(typ)
		if isCert {
			n++
		}
		switch {
		case isKey:
			// A damaged key is still a key: noted, never shown.
			p.keyFound = true
		case block == nil && isCert:
			return pasteErrorf("certificate %d of %s is damaged: its text between the BEGIN and END lines does not decode (a line is missing, cut or changed, or the END line is missing)", n, what)
		case block == nil:
			p.ignored = append(p.ignored, blockWords(typ))
		case isCert:
			if err := p.addCert(block.Bytes, fmt.Sprintf("certificate %d of %s", n, what), typ == "TRUSTED CERTIFICATE"); err != nil {
				return err
			}
		case typ == "PKCS7":
			if err := p.readDER(block.Bytes, what, "the PKCS #7 bundle of ", words); err != nil {
				return err
			}
		default:
			p.ignored = append(p.ignored, blockWords(typ))
		}
	}
}

func isCertType(typ string) bool {
	return typ == "CERTIFICATE" || typ == "X509 CERTIFICATE" || typ == "TRUSTED CERTIFICATE"
}

// blockWords says what a PEM block that is no certificate holds.
func blockWords(typ string) string {
	switch typ {
	case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST":
		return "a certificate signing request (what is sent to a CA, not what a server sends)"
	case "PUBLIC KEY", "RSA PUBLIC KEY":
		return "a public key"
	case "X509 CRL":
		return "a certificate revocation list"
	}
	return "a block of another kind"
}

// readDER reads DER: one certificate, several back to back, a PKCS #7 bundle,
// or a private key dropped by mistake.
func (p *paste) readDER(data []byte, what, within string, words Inputs) error {
	in := cryptobyte.String(data)
	for n := 1; !in.Empty(); n++ {
		var elem cryptobyte.String
		if !in.ReadASN1Element(&elem, casn1.SEQUENCE) {
			if n == 1 && within == "" {
				return pasteErrorf("%s is not a DER certificate: its bytes end early or are not a certificate's structure (a PEM file starts with -----BEGIN)", what)
			}
			return pasteErrorf("%s%s is damaged after its certificate %d: its bytes end early or are not a certificate", within, what, n-1)
		}
		switch {
		case isKeyDER(elem):
			p.keyFound = true
		case isPKCS12(elem):
			// Its certificates sit beside its key, most often under a
			// password: not read, and said so.
			return pasteErrorf("%s is a PKCS #12 file (.p12, .pfx), which holds a private key beside the certificates: it was not read. Export the certificates alone (openssl pkcs12 -in FILE -nokeys) and %s those", what, words.Give)
		case isPKCS7(elem):
			p.form = "pkcs7"
			certs, ok := pkcs7Certs(elem)
			if !ok {
				return pasteErrorf("the PKCS #7 bundle of %s is damaged: its certificates cannot be read", what)
			}
			for i, der := range certs {
				if err := p.addCert(der, fmt.Sprintf("certificate %d of the PKCS #7 bundle of %s", i+1, what), false); err != nil {
					return err
				}
			}
		default:
			if err := p.addCert(elem, fmt.Sprintf("%scertificate %d of %s", within, n, what), false); err != nil {
				return err
			}
		}
	}
	return nil
}

// addCert adds one certificate. DER that is not even a certificate's shape is
// damaged input; a certificate Go refuses to parse is kept, as a verdict: a Go
// client would refuse it in the handshake.
func (p *paste) addCert(der []byte, which string, trusted bool) error {
	elem, subject, issuer, ok := certShape(der, trusted)
	if !ok {
		return pasteErrorf("%s is damaged: its bytes are not a certificate's structure (it may have been cut off or changed)", which)
	}
	pc := pastedCert{der: elem, subject: subject, issuer: issuer}
	pc.cert, pc.err = x509.ParseCertificate(elem)
	p.certs = append(p.certs, pc)
	return nil
}

// certShape reads a certificate's outer structure (RFC 5280, Section 4.1):
// a SEQUENCE of the to-be-signed part, the signature algorithm and the
// signature, nothing after it (but OpenSSL's trust settings after a TRUSTED
// CERTIFICATE), with the issuer and subject names in place.
func certShape(der []byte, trusted bool) (elem, subject, issuer []byte, ok bool) {
	in := cryptobyte.String(der)
	var whole cryptobyte.String
	if !in.ReadASN1Element(&whole, casn1.SEQUENCE) || (!in.Empty() && !trusted) {
		return nil, nil, nil, false
	}
	c := whole
	var cert, tbs, sigAlg, iss, sub cryptobyte.String
	var sig asn1.BitString
	ok = c.ReadASN1(&cert, casn1.SEQUENCE) &&
		cert.ReadASN1(&tbs, casn1.SEQUENCE) &&
		cert.ReadASN1(&sigAlg, casn1.SEQUENCE) &&
		cert.ReadASN1BitString(&sig) && cert.Empty() &&
		tbs.SkipOptionalASN1(casn1.Tag(0).Constructed().ContextSpecific()) &&
		tbs.SkipASN1(casn1.INTEGER) &&
		tbs.SkipASN1(casn1.SEQUENCE) &&
		tbs.ReadASN1Element(&iss, casn1.SEQUENCE) &&
		tbs.SkipASN1(casn1.SEQUENCE) &&
		tbs.ReadASN1Element(&sub, casn1.SEQUENCE)
	return whole, sub, iss, ok
}

// isKeyDER reports whether DER is a private key: PKCS #8, PKCS #1 or SEC 1.
func isKeyDER(der []byte) bool {
	if _, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		return true
	}
	if _, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return true
	}
	_, err := x509.ParseECPrivateKey(der)
	return err == nil
}

var (
	oidSignedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidData       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
)

// isPKCS12 reports whether DER is a PKCS #12 PFX (RFC 7292, Section 4):
// version 3, then its authSafe, a ContentInfo of data or signed data.
func isPKCS12(der []byte) bool {
	in := cryptobyte.String(der)
	var pfx, version, authSafe cryptobyte.String
	var oid asn1.ObjectIdentifier
	return in.ReadASN1(&pfx, casn1.SEQUENCE) && pfx.ReadASN1(&version, casn1.INTEGER) && string(version) == "\x03" &&
		pfx.ReadASN1(&authSafe, casn1.SEQUENCE) && authSafe.ReadASN1ObjectIdentifier(&oid) && (oid.Equal(oidData) || oid.Equal(oidSignedData))
}

// isPKCS7 reports whether DER is a PKCS #7 (CMS) SignedData, the shape of a
// .p7b or .p7c certificate bundle.
func isPKCS7(der []byte) bool {
	in := cryptobyte.String(der)
	var ci cryptobyte.String
	var oid asn1.ObjectIdentifier
	return in.ReadASN1(&ci, casn1.SEQUENCE) && ci.ReadASN1ObjectIdentifier(&oid) && oid.Equal(oidSignedData)
}

// pkcs7Certs reads the certificates of a SignedData (RFC 5652, Section 5.1):
// its certificates field, [0] IMPLICIT, after the version, digest algorithms
// and content.
func pkcs7Certs(der []byte) ([][]byte, bool) {
	in := cryptobyte.String(der)
	var ci, content, sd, certs cryptobyte.String
	var hasCerts bool
	if !in.ReadASN1(&ci, casn1.SEQUENCE) || !ci.SkipASN1(casn1.OBJECT_IDENTIFIER) ||
		!ci.ReadASN1(&content, casn1.Tag(0).Constructed().ContextSpecific()) ||
		!content.ReadASN1(&sd, casn1.SEQUENCE) ||
		!sd.SkipASN1(casn1.INTEGER) || !sd.SkipASN1(casn1.SET) || !sd.SkipASN1(casn1.SEQUENCE) ||
		!sd.ReadOptionalASN1(&certs, &hasCerts, casn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, false
	}
	var out [][]byte
	for !certs.Empty() {
		var c cryptobyte.String
		if !certs.ReadASN1Element(&c, casn1.SEQUENCE) {
			return nil, false
		}
		out = append(out, c)
	}
	return out, true
}

// sizeWords says a byte count for people: "2.0 MB", "512 kB".
func sizeWords(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d kB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// CertificatesDER returns the DER of every certificate in pasted text or
// bytes, and nothing else: what a share link may carry.
func CertificatesDER(data []byte, what string) ([][]byte, error) {
	p, err := readPaste(data, what, PageInputs, 0)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(p.certs))
	for i, c := range p.certs {
		out[i] = c.der
	}
	return out, nil
}

// StripPrivateKeys returns pasted text without its private keys (each PEM
// block from its BEGIN ... PRIVATE KEY line to its END line, or to the end of
// the text when that is missing; a PuTTY key file whole), and whether it had
// any: the page takes a key out of the box as soon as it is pasted.
func StripPrivateKeys(text string) (string, bool) {
	if strings.Contains(text, "PuTTY-User-Key-File") {
		return "", true
	}
	if !strings.Contains(text, "-----BEGIN ") {
		// A key in base64 (a Kubernetes secret's tls.key, a PKCS #12 file
		// as a key vault hands it out) goes whole.
		if inner := unwrapBase64([]byte(text)); inner != nil && (isKeyDER(inner) || isPKCS12(inner) || bytes.Contains(inner, []byte("PRIVATE KEY"))) {
			return "", true
		}
	}
	var out strings.Builder
	found, inKey := false, ""
	for line := range strings.Lines(text) {
		trimmed := strings.TrimSpace(strings.TrimLeft(line, "> \t"))
		switch {
		case inKey != "":
			if strings.HasPrefix(trimmed, "-----END ") && strings.Contains(trimmed, "PRIVATE KEY") {
				inKey = ""
			}
		case strings.HasPrefix(trimmed, "-----BEGIN ") && strings.Contains(trimmed, "PRIVATE KEY"):
			found, inKey = true, trimmed
		default:
			out.WriteString(line)
		}
	}
	return out.String(), found
}
