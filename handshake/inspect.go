package handshake

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// A pasted chain is verified as a courier verifies what a server sends: the
// verdict is Go's own x509.Verify (the trust store, the pasted certificates as
// intermediates, the host name, the clock, serverAuth), and the same itemised
// checks as a handshake's take it apart. The result is a trace like a probe's,
// with the pasted certificates where the server's Certificate message would be,
// so that everything above this package explains it as it explains a story.

// ChainInput is a chain someone pasted and how to verify it.
type ChainInput struct {
	// Chain is what the server sent: PEM text (any order, noise around it
	// allowed), DER, or a PKCS #7 bundle.
	Chain []byte
	// Roots is what the courier trusts, as verify='ca.pem' does: a CA bundle.
	// Empty means Mozilla's roots, as verify=True (certifi) does.
	Roots []byte
	// Name is the host name, IP address or URL the chain was served for;
	// empty checks no name (the leaf's first name stands in for the words).
	Name string
	// Now is the clock verification uses; the caller reads it.
	Now time.Time
	// Words name Chain and Roots in messages as the person gave them (the
	// zero value: PageInputs, the page's boxes).
	Words Inputs
	// MaxIntermediates is a limit some verifiers are set to (OpenSSL's
	// -verify_depth); Go has none, so exceeding it only adds a note.
	MaxIntermediates *int
}

// Inspection is a pasted chain verified.
type Inspection struct {
	// Trace carries the chain (as the server's Certificate message), the
	// checks and the verdict, as a handshake's trace does.
	Trace *Trace
	// Certificates are the pasted certificates, leaf first, then its issuers
	// as they chain, then the rest in the order pasted.
	Certificates []CertSummary
	// Chain is the path from the leaf to a trusted root, as Go built it
	// when the chain verifies, else as far as it goes.
	Chain []ChainLink
	// Trust says what the courier trusted.
	Trust Trust
	// Host and Port are what the chain was checked for (Port 0: none given);
	// NameGiven is false when no name was given and Host is the leaf's own.
	Host      string
	Port      int
	NameGiven bool
	// KeyFound says a private key was pasted too (and dropped unread): Notes
	// then holds KeyNote.
	KeyFound bool
	// Notes are what a person should know about the input.
	Notes []string

	// What the twin is made from: the certificates as ordered, the path and
	// how it ends, and the trust store's certificates.
	pasted      []pastedCert
	path        []*x509.Certificate
	pathEnd     pathEnd
	trusted     []*x509.Certificate
	pastedFacts *Pasted
}

// Pasted is what an inspection knows of how its inputs were given, beyond
// the certificates: what the words of its fix depend on.
type Pasted struct {
	// RootsForm is how the CA bundle came when it is no PEM file: "der" or
	// "pkcs7", which requests, curl and s_client cannot load as verify=,
	// --cacert or -CAfile, and Node's ca and Go's AppendCertsFromPEM read
	// no certificate from (the chain is judged as if it were converted).
	RootsForm string `json:"roots_form,omitempty"`
	// AsGiven is the chain judged against the bundle as given when it is
	// no PEM file (RootsForm): against no certificate at all, as Node and
	// Go, which read none from it, judge it.
	AsGiven *Trace `json:"-"`
	// FirstNotLeaf names the first certificate of a file that does not open
	// with the server's own (a CA): the chain is judged leaf first.
	FirstNotLeaf string `json:"first_not_leaf,omitempty"`
	// ForNameLater names a certificate for the host that came after the
	// first one, which is not for it: the server sends the wrong one first.
	ForNameLater string `json:"for_name_later,omitempty"`
	// ExpiredAnchor names the root of the courier's own store the chain
	// ends at when it has expired, and CrossSigned the certificate the
	// server sent that it signed (a cross-sign, as Let's Encrypt's ISRG Root
	// X1 under DST Root CA X3): the courier's bundle is out of date.
	ExpiredAnchor string `json:"expired_anchor,omitempty"`
	CrossSigned   string `json:"cross_signed,omitempty"`
	// PrivateIssuer names the private CA a chain for a public host name ends
	// at, untrusted, and ProxyVendor the TLS-inspecting proxy its name names
	// ("" for none): most likely a proxy re-signs the site.
	PrivateIssuer string `json:"private_issuer,omitempty"`
	ProxyVendor   string `json:"proxy_vendor,omitempty"`
}

// leafLike says whether certs[i] reads as a server's own certificate: Go
// reads it, it is no CA, and it issued none of the others.
func leafLike(certs []pastedCert, i int) bool {
	c := certs[i]
	if c.cert == nil || c.cert.BasicConstraintsValid && c.cert.IsCA {
		return false
	}
	for j, o := range certs {
		if j != i && bytes.Equal(o.issuer, c.subject) && !bytes.Equal(o.subject, c.subject) {
			return false
		}
	}
	return true
}

// fileOrderNote says that a chain file does not open with the server's own
// certificate: it is judged leaf first, and a server cannot load it.
func fileOrderNote(what string, certs []pastedCert, leaf pastedCert) string {
	n := 0
	for i, pc := range certs {
		if bytes.Equal(pc.der, leaf.der) {
			n = i + 1
		}
	}
	return fmt.Sprintf("The first certificate of %s is %s's, not the server's own (%s, certificate %d): it is judged here as a server must send it, its own certificate first, then its issuers. A server sends its file in the order written, and clients take the first certificate sent as the server's; as a server's certificate file, this one does not even load: nginx says \"SSL_CTX_use_PrivateKey(...) failed (... key values mismatch)\" and Python's load_cert_chain \"[X509: KEY_VALUES_MISMATCH] key values mismatch\". Put %s's certificate first. (A paste of what a server sent, as openssl s_client -showcerts prints it, is judged in the order sent.)", what, rawName(certs[0].subject), rawName(leaf.subject), n, rawName(leaf.subject))
}

// rootsForm is how a CA bundle came when requests, curl and Node cannot load
// it: "der" (binary DER) or "pkcs7" (a PKCS #7 bundle, PEM or DER); "" for PEM
// certificates.
func rootsForm(roots []byte) string {
	p := &paste{}
	switch {
	case bytes.Contains(roots, []byte("-----BEGIN PKCS7-----")):
		return "pkcs7"
	case bytes.Contains(roots, []byte("-----BEGIN ")) || roots[0] != 0x30:
		return ""
	case p.readDER(roots, "", "", Inputs{}) == nil && p.form == "pkcs7":
		return "pkcs7"
	}
	return "der"
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// RootsConvert is the command that turns a CA bundle of the form rootsForm
// names into the PEM file requests, curl and Node load.
func RootsConvert(form string) string {
	if form == "pkcs7" {
		return "openssl pkcs7 -print_certs -in ca.p7b -out ca.pem (add -inform der for a binary .p7b)"
	}
	return "openssl x509 -inform der -in ca.der -out ca.pem"
}

// RootsFormNote says that a CA bundle is no file requests, curl and s_client
// can load or Node and Go read a certificate from, what they print, and how
// to convert it.
func RootsFormNote(what, form string) string {
	kind := "binary DER"
	if form == "pkcs7" {
		kind = "a PKCS #7 bundle"
	}
	return fmt.Sprintf("%s is %s, not PEM certificates: requests, curl and openssl s_client cannot load it (requests: \"[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found\"; curl: \"(77) error setting certificate file\"; s_client: \"no certificate or crl found\"), and Node (given it as ca) and Go (AppendCertsFromPEM) read no certificate from it and refuse the chain as one nobody trusts (Node: \"unable to get local issuer certificate\" for a chain sent with its intermediate; Go: \"certificate signed by unknown authority\"). Convert it first: %s. The chain is judged here as if it were converted, and each client's words are what it does with the file as given.", upperFirst(what), kind, RootsConvert(form))
}

// ChainLink is one certificate of the path.
type ChainLink struct {
	_      noCompare
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	// From says where it came from: "chain" (pasted, Index into the
	// Certificates) or "trust store".
	From  string `json:"from"`
	Index int    `json:"index"`
}

// Trust is the courier's trust store for an inspection.
type Trust struct {
	// Mozilla is true for verify=True's store, false for a pasted bundle.
	Mozilla bool `json:"mozilla"`
	// Certificates counts the roots Go could read.
	Certificates int `json:"certificates"`
}

// Inspect verifies a pasted chain. The error is a *PasteError when the input
// holds nothing to verify; every verdict, whatever fails, is an Inspection.
func Inspect(in ChainInput) (*Inspection, error) { return inspect(in, false) }

// inspect is Inspect; trustNothing judges the chain against an empty trust
// store, as a client that reads no certificate from its bundle does.
func inspect(in ChainInput, trustNothing bool) (*Inspection, error) {
	if in.Now.IsZero() {
		return nil, errors.New("inspect: no clock")
	}
	words := in.Words.or()
	chain, err := readPaste(in.Chain, words.Chain, words, maxPastedCerts)
	if err != nil {
		return nil, err
	}
	ins := &Inspection{KeyFound: chain.keyFound}
	var trusted []*x509.Certificate
	var unreadable []pastedCert
	roots := x509.NewCertPool()
	switch {
	case trustNothing:
		ins.Trust = Trust{}
	case len(bytes.TrimSpace(in.Roots)) == 0:
		b, err := mozillaBundle()
		if err != nil {
			return nil, err
		}
		roots, trusted = b.pool, b.certs
		ins.Trust = Trust{Mozilla: true, Certificates: len(trusted)}
	default:
		bundle, err := readPaste(in.Roots, words.Roots, words, 0)
		if err != nil {
			return nil, err
		}
		ins.KeyFound = ins.KeyFound || bundle.keyFound
		for i, pc := range bundle.certs {
			if pc.cert == nil {
				// Go's AppendCertsFromPEM leaves out what it cannot read.
				unreadable = append(unreadable, pc)
				ins.Notes = append(ins.Notes, fmt.Sprintf("Certificate %d of %s cannot be read by Go (%v); Go leaves it out of the trust store.", i+1, words.Roots, pc.err))
				continue
			}
			roots.AddCert(pc.cert)
			trusted = append(trusted, pc.cert)
		}
		ins.Trust = Trust{Certificates: len(trusted)}
	}

	// Every client takes the first certificate a server sends as the
	// server's own: a paste of what a server sent (s_client -showcerts), or
	// one that opens with a server's certificate, is judged in that order. A
	// file that opens with a CA is judged as a server must send it, its leaf
	// first, and a note says so.
	keepFirst := chain.sent || leafLike(chain.certs, 0)
	ordered := orderChain(chain.certs, in.Name, keepFirst)
	leaf := ordered[0]
	served, err := servedFor(in.Name)
	if err != nil {
		return nil, err
	}
	host, port := served.Host, served.Port
	ins.Host, ins.Port, ins.NameGiven = host, port, host != ""
	if served.URL != "" {
		ins.Notes = append(ins.Notes, urlNote(served))
	}
	if host == "" {
		ins.Host = leafName(leaf)
		ins.Notes = append(ins.Notes, fmt.Sprintf("No host was given, so no name was checked; the words speak of %s, the certificate's own name.", ins.Host))
	}
	if ins.KeyFound {
		ins.Notes = append(ins.Notes, KeyNote)
	}
	pasted := &Pasted{}
	if !keepFirst && !bytes.Equal(ordered[0].der, chain.certs[0].der) {
		pasted.FirstNotLeaf = rawName(chain.certs[0].subject)
		ins.Notes = append(ins.Notes, fileOrderNote(words.Chain, chain.certs, ordered[0]))
	}
	if leaf.cert != nil && host != "" && leaf.cert.VerifyHostname(host) != nil {
		for i, pc := range chain.certs {
			if i > 0 && leafLike(chain.certs, i) && pc.cert.VerifyHostname(host) == nil {
				pasted.ForNameLater = rawName(pc.subject)
				ins.Notes = append(ins.Notes, fmt.Sprintf("The first certificate sent is %s's, and every client judges it as the server's own: that is the name mismatch. %s, certificate %d of %s, is for %s, but sent after it it plays no part: the server must send it first (its certificate file, nginx's ssl_certificate for one, must begin with it, with its key as the key).", rawName(leaf.subject), pasted.ForNameLater, i+1, words.Chain, host))
				break
			}
		}
	}
	if !trustNothing && len(bytes.TrimSpace(in.Roots)) > 0 {
		if pasted.RootsForm = rootsForm(in.Roots); pasted.RootsForm != "" {
			ins.Notes = append(ins.Notes, RootsFormNote(words.Roots, pasted.RootsForm))
		}
	}

	s := &scenario.Scenario{ID: "inspect", Title: "A pasted chain for " + ins.Host, Now: in.Now.UTC(),
		Client: scenario.Client{Dial: ins.Host, Port: port, Path: served.Path, Verify: scenario.VerifyTrue}}
	if !ins.Trust.Mozilla {
		s.Client.Verify = scenario.VerifyBundle
	}
	t := &Trace{Scenario: s}
	ins.Trace = t

	sent := make([]*x509.Certificate, 0, len(ordered))
	msg := Step{Side: Server, Kind: KindMessage, Name: "Certificate",
		ContentType: wire.ContentHandshake, HandshakeType: wire.TypeCertificate,
		Detail: fmt.Sprintf("pasted, not received: %d certificate(s), in the order a server sends them (its own first), laid out as TLS 1.2's Certificate message", len(ordered))}
	var broken []int
	for i, pc := range ordered {
		if pc.cert == nil {
			broken = append(broken, i)
			ins.Certificates = append(ins.Certificates, unreadableSummary(pc))
			continue
		}
		sent = append(sent, pc.cert)
		ins.Certificates = append(ins.Certificates, Summarize(pc.cert))
	}
	msg.Certs = ins.Certificates
	msg.Bytes = certificateMessage(ordered)
	if dm, err := wire.DecodeMessage(msg.Bytes, wire.Context{Version: wire.VersionTLS12, FromServer: true}); err == nil {
		msg.Fields = dm.Fields
	}
	t.Steps = append(t.Steps, records(msg.Bytes)...)
	msg.Record = len(t.Steps) - 1
	t.Steps = append(t.Steps, msg)

	// Go's verdict: a Go client parses every certificate the server sends
	// before it verifies any, and refuses the connection if one does not parse.
	var goErr error
	var goChain []*x509.Certificate
	for _, i := range broken {
		pc := ordered[i]
		ok := false
		r := MalformedCertificate
		t.Steps = append(t.Steps, Step{Side: Client, Kind: KindCheck, Name: fmt.Sprintf("Go can read %s", rawName(pc.subject)), Checks: CheckParses, Record: -1, OK: &ok, Reason: &r,
			Detail: fmt.Sprintf("certificate %d of the chain: %v", i+1, pc.err)})
		if goErr == nil {
			goErr = fmt.Errorf("tls: failed to parse certificate from server: %w", pc.err)
		}
	}
	if goErr == nil {
		opts := x509.VerifyOptions{Roots: roots, Intermediates: x509.NewCertPool(), DNSName: host, CurrentTime: in.Now,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
		for _, c := range sent[1:] {
			opts.Intermediates.AddCert(c)
		}
		var chains [][]*x509.Certificate
		if chains, goErr = sent[0].Verify(opts); goErr == nil {
			goChain = chains[0]
		} else {
			goErr = &CertificateVerificationError{goErr}
		}
	}
	if len(sent) > 0 && ordered[0].cert != nil {
		t.Steps = append(t.Steps, checkChain(chainInput{checker: Client, sent: sent, trusted: trusted, name: host,
			usage: x509.ExtKeyUsageServerAuth, now: in.Now, pasted: true, goChain: goChain, unreadable: unreadable})...)
	}
	path, end := goChain, anchored
	if path == nil && leaf.cert != nil {
		path, end = buildPath(leaf.cert, sent[1:], trusted)
	}
	ins.pasted, ins.path, ins.pathEnd, ins.trusted = ordered, path, end, trusted
	for _, c := range path {
		ins.Chain = append(ins.Chain, linkOf(c, ordered))
	}
	t.Steps = append(t.Steps, standardSteps(path, in.MaxIntermediates)...)

	o := Outcome{OK: goErr == nil, Reason: OK, Check: -1}
	if goErr != nil {
		side := Client
		o.Side, o.Stage, o.ClientError = &side, StageHandshake, goErr.Error()
		if len(broken) > 0 {
			o.Reason = MalformedCertificate
		} else {
			o.Reason = verifyReason(goErr, in.Now, t.Steps, Client)
		}
		if o.Check = failedCheck(t.Steps, Client, o.Reason); o.Check >= 0 {
			o.Detail = t.Steps[o.Check].Detail
		}
	}
	t.Outcome = o
	if o.Reason == Expired && len(path) > 1 {
		// The root the chain ends at, from the courier's own store, has
		// expired (an old certifi under Let's Encrypt's DST cross-sign):
		// the bundle is what is out of date.
		top, below := path[len(path)-1], path[len(path)-2]
		if linkOf(top, ordered).From == "trust store" && in.Now.After(top.NotAfter) && !in.Now.After(below.NotAfter) && linkOf(below, ordered).From == "chain" {
			pasted.ExpiredAnchor, pasted.CrossSigned = CertName(top), CertName(below)
		}
	}
	if !o.OK && ins.NameGiven {
		pasted.PrivateIssuer, pasted.ProxyVendor = privateIssuer(host, o.Reason, path)
	}
	if pasted.RootsForm != "" {
		// What the clients that read no certificate from such a file
		// (Node's ca, Go's AppendCertsFromPEM) judge: the chain against
		// nothing trusted.
		given, err := inspect(in, true)
		if err != nil {
			return nil, err
		}
		pasted.AsGiven = given.Trace
	}
	if *pasted != (Pasted{}) {
		ins.pastedFacts, t.Pasted = pasted, pasted
	}
	if n := len(ordered) - len(path); n > 0 && goErr == nil {
		ins.Notes = append(ins.Notes, fmt.Sprintf("%d pasted certificate(s) are not part of the chain Go built; a server may send extras, and clients pass over them.", n))
	}
	return ins, nil
}

// certificateMessage lays the certificates out as a server sends them in
// TLS 1.2 (RFC 5246, Section 7.4.2): the message type and length, then the
// list's length and each certificate with its own.
func certificateMessage(certs []pastedCert) []byte {
	var list []byte
	for _, pc := range certs {
		list = append(list, uint24(len(pc.der))...)
		list = append(list, pc.der...)
	}
	body := append(uint24(len(list)), list...)
	return append(append([]byte{byte(wire.TypeCertificate)}, uint24(len(body))...), body...)
}

func uint24(n int) []byte { return []byte{byte(n >> 16), byte(n >> 8), byte(n)} }

// maxFragment is the most a TLS record carries (RFC 5246, Section 6.2.1).
const maxFragment = 1 << 14

// records carry a handshake message as a server sends it: TLS 1.2 handshake
// records of at most 16 kB each.
func records(msg []byte) []Step {
	var out []Step
	for len(msg) > 0 {
		n := min(len(msg), maxFragment)
		raw := append([]byte{byte(wire.ContentHandshake), 3, 3, byte(n >> 8), byte(n)}, msg[:n]...)
		fields := append(wire.RecordHeaderFields(raw), Field{Name: "handshake payload", Offset: 5, Length: n})
		out = append(out, Step{Side: Server, Kind: KindRecord, Name: "Handshake record", ContentType: wire.ContentHandshake,
			Record: len(out), Bytes: raw, Fields: fields})
		msg = msg[n:]
	}
	return out
}

// CertificateVerificationError is Go's verification error as crypto/tls
// reports it to a client.
type CertificateVerificationError struct{ Err error }

func (e *CertificateVerificationError) Error() string {
	return "tls: failed to verify certificate: " + e.Err.Error()
}
func (e *CertificateVerificationError) Unwrap() error { return e.Err }

// orderChain puts the leaf first: the first pasted when keepFirst, else the
// certificate that issued none of the others (a server's own certificate
// issues nothing), preferring one that is no CA, then one valid for name,
// then the first pasted. Its issuers follow
// as they chain, then whatever else was pasted, in the order pasted.
func orderChain(certs []pastedCert, name string, keepFirst bool) []pastedCert {
	served, _ := servedFor(name)
	host := served.Host
	issuesOther := func(i int) bool {
		for j, c := range certs {
			if j != i && bytes.Equal(c.issuer, certs[i].subject) && !bytes.Equal(c.subject, certs[i].subject) {
				return true
			}
		}
		return false
	}
	score := func(i int) int {
		c, s := certs[i], 0
		if !issuesOther(i) {
			s += 4
		}
		if c.cert != nil && !(c.cert.BasicConstraintsValid && c.cert.IsCA) {
			s += 2
		}
		if c.cert != nil && host != "" && c.cert.VerifyHostname(host) == nil {
			s++
		}
		return s
	}
	best := 0
	for i := range certs {
		if !keepFirst && score(i) > score(best) {
			best = i
		}
	}
	used := map[int]bool{best: true}
	out := []pastedCert{certs[best]}
	for cur := certs[best]; ; {
		next := -1
		for j, c := range certs {
			if used[j] || !bytes.Equal(c.subject, cur.issuer) {
				continue
			}
			if next < 0 || cur.cert != nil && c.cert != nil && signatureError(cur.cert, c.cert) == nil {
				next = j
			}
		}
		if next < 0 || bytes.Equal(cur.subject, cur.issuer) {
			break
		}
		used[next] = true
		out = append(out, certs[next])
		cur = certs[next]
	}
	for j, c := range certs {
		if !used[j] {
			out = append(out, c)
		}
	}
	return out
}

// servedFor reads the host (and port) a chain was served for, as every field
// that takes a host reads it (scenario.ReadHost): a host name, an IP address,
// host:port, [v6]:port or an https:// URL.
func servedFor(name string) (scenario.HostText, error) {
	t, err := scenario.ReadHost(name)
	if err != nil {
		return t, &PasteError{"the host: " + err.Error()}
	}
	if t.Host == "" {
		return t, nil
	}
	if err := scenario.CheckHost(t.Host); err != nil {
		return t, &PasteError{"the host " + err.Error()}
	}
	return t, nil
}

// urlNote says that the host a chain was checked for was read from a URL:
// what of it was taken, and that the rest plays no part.
func urlNote(t scenario.HostText) string {
	port := ""
	if t.Port != 0 {
		port = fmt.Sprintf(", on port %d", t.Port)
	}
	return fmt.Sprintf("The host was given as a URL, %s, and the rest of it left out: the chain is checked for its host, %s%s, as a client fetching it checks it; its path and query play no part in TLS (the calls shown ask for its path, %s, never its query).", scenario.Quote(t.URL, 300), t.Host, port, t.Path)
}

// leafName is the name a leaf is for: its first DNS name, else its first IP
// address, else its Common Name.
func leafName(pc pastedCert) string {
	switch c := pc.cert; {
	case c == nil:
		return "the server"
	case len(c.DNSNames) > 0:
		return c.DNSNames[0]
	case len(c.IPAddresses) > 0:
		return c.IPAddresses[0].String()
	case c.Subject.CommonName != "":
		return c.Subject.CommonName
	}
	return "the server"
}

// linkOf is one certificate of the path, and where it came from.
func linkOf(c *x509.Certificate, pasted []pastedCert) ChainLink {
	l := ChainLink{Name: CertName(c), SHA256: Summarize(c).SHA256, From: "trust store", Index: -1}
	for i, pc := range pasted {
		if bytes.Equal(pc.der, c.Raw) {
			l.From, l.Index = "chain", i
			break
		}
	}
	return l
}

// rawName is a raw distinguished name as text: its Common Name, else the
// whole name.
func rawName(raw []byte) string {
	var rdn pkix.RDNSequence
	if rest, err := asn1.Unmarshal(raw, &rdn); err != nil || len(rest) > 0 {
		return "a certificate with an unreadable name"
	}
	var n pkix.Name
	n.FillFromRDNSequence(&rdn)
	if n.CommonName != "" {
		return n.CommonName
	}
	if s := n.String(); s != "" {
		return s
	}
	return "a certificate without a name"
}

// unreadableSummary is what can be said of a certificate Go cannot parse:
// its names, read from its raw structure, and its fingerprint.
func unreadableSummary(pc pastedCert) CertSummary {
	sum := sha256.Sum256(pc.der)
	sum1 := sha1.Sum(pc.der)
	return CertSummary{Subject: rawName(pc.subject), Issuer: rawName(pc.issuer), SHA256: hex.EncodeToString(sum[:]),
		PEM:         string(pki.AppendPEM(nil, "CERTIFICATE", pc.der)),
		CertDetails: CertDetails{SHA1: hex.EncodeToString(sum1[:]), Problem: fmt.Sprintf("Go cannot read it: %v", pc.err)}}
}

// KeyNote is the note of an inspection whose paste held a private key.
const KeyNote = "A private key was pasted too. It was ignored: not read, not kept, and in no link. Treat it as exposed only if you pasted it somewhere else as well."
