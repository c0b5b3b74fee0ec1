package wire

import (
	"bytes"
	"fmt"
	"strings"
)

// Context carries what decoding needs that is not in the message itself.
type Context struct {
	Version     Version     // negotiated version, TLS 1.0 to 1.3; 0 if unknown yet (read as 1.2)
	CipherSuite CipherSuite // negotiated suite (needed for TLS 1.2 ServerKeyExchange/ClientKeyExchange shape)
	FromServer  bool
	// NoFields leaves Message.Fields nil, for a caller that shows no bytes
	// yet: the rest of Message is the same. (An edit's verdict waits for its
	// messages' facts; their fields are most of the decoding.)
	NoFields bool
}

// Message is a decoded handshake message.
type Message struct {
	Type HandshakeType
	// HelloRetry marks a ServerHello that is a HelloRetryRequest (RFC 8446,
	// Section 4.1.3): the same type on the wire, told apart by its random.
	HelloRetry bool
	// Name is Type's name, "HelloRetryRequest" for one; it is for people.
	Name string
	// Fields tile the whole message including its 4-byte header; the first
	// two are "handshake type" and "length".
	Fields []Field
	// Certificates holds the DER of each certificate in a Certificate message, in order.
	Certificates [][]byte

	// Decoded facts for callers (zero if absent):
	Version      Version       // ServerHello: selected version (supported_versions if present, else legacy_version)
	Versions     []Version     // ClientHello: supported_versions, else its legacy_version alone
	CipherSuite  CipherSuite   // ServerHello
	CipherSuites []CipherSuite // ClientHello: the suites offered
	Random       []byte        // ClientHello/ServerHello random
	SNI          string        // ClientHello server_name
	ALPN         []string      // offered (ClientHello) or selected (EncryptedExtensions / TLS 1.2 ServerHello)
	Groups       []Group       // ClientHello supported_groups
	// KeyShareGroups are the key_share entries' groups (ClientHello), the
	// chosen group (ServerHello) or the group asked for (HelloRetryRequest).
	KeyShareGroups []Group
	// ServerKeyExchangeGroup is a TLS 1.2 ECDHE ServerKeyExchange's named group.
	ServerKeyExchangeGroup Group
	SignatureScheme        uint16 // CertificateVerify / ServerKeyExchange
	// CertificateAuthorities are the DER distinguished names a
	// CertificateRequest lists (TLS 1.2's list, TLS 1.3's certificate_authorities).
	CertificateAuthorities [][]byte
}

// helloRetryContext stands for a HelloRetryRequest where extensions are
// decoded by the type of their message (a TLS 1.3 draft code point, never sent).
const helloRetryContext HandshakeType = 6

// messageKind is a handshake type's message name and body decoder.
type messageKind struct {
	name   string
	decode func(*decoder, *reader)
}

// kindOf is t's entry in messageKinds, false for a type it does not list.
func kindOf(t HandshakeType) (messageKind, bool) {
	if int(t) < len(messageKinds) && messageKinds[t].name != "" {
		return messageKinds[t], true
	}
	return messageKind{}, false
}

// messageKinds maps handshake types to message names and body decoders; a
// nil decoder means an empty body.
var messageKinds = [...]messageKind{
	TypeHelloRequest:          {"HelloRequest", nil},
	TypeClientHello:           {"ClientHello", (*decoder).clientHello},
	TypeServerHello:           {"ServerHello", (*decoder).serverHello},
	TypeNewSessionTicket:      {"NewSessionTicket", (*decoder).newSessionTicket},
	TypeEndOfEarlyData:        {"EndOfEarlyData", nil},
	TypeEncryptedExtensions:   {"EncryptedExtensions", (*decoder).encryptedExtensions},
	TypeCertificate:           {"Certificate", (*decoder).certificate},
	TypeServerKeyExchange:     {"ServerKeyExchange", (*decoder).serverKeyExchange},
	TypeCertificateRequest:    {"CertificateRequest", (*decoder).certificateRequest},
	TypeServerHelloDone:       {"ServerHelloDone", nil},
	TypeCertificateVerify:     {"CertificateVerify", (*decoder).signature},
	TypeClientKeyExchange:     {"ClientKeyExchange", (*decoder).clientKeyExchange},
	TypeFinished:              {"Finished", (*decoder).finished},
	TypeCertificateStatus:     {"CertificateStatus", (*decoder).certificateStatus},
	TypeKeyUpdate:             {"KeyUpdate", (*decoder).keyUpdate},
	TypeCompressedCertificate: {"CompressedCertificate", (*decoder).compressedCertificate},
}

// helloRetryRandom is the ServerHello random that marks a HelloRetryRequest
// (RFC 8446, Section 4.1.3): the SHA-256 of "HelloRetryRequest".
var helloRetryRandom = []byte{
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
}

// SplitMessages splits a reassembled handshake byte stream into complete
// messages; rest is an incomplete tail.
func SplitMessages(stream []byte) (msgs [][]byte, rest []byte) {
	for len(stream) >= 4 {
		n := 4 + bigEndian(stream[1:4])
		if len(stream) < n {
			break
		}
		msgs = append(msgs, stream[:n:n])
		stream = stream[n:]
	}
	return msgs, stream
}

// DecodeMessage decodes one complete handshake message, header included. Its
// Fields tile msg even when msg is malformed, in which case the error says
// what is wrong.
func DecodeMessage(msg []byte, ctx Context) (Message, error) {
	m := Message{Name: "handshake message"}
	d := &decoder{ctx: ctx, m: &m}
	r := newReader(msg)
	r.noFields = ctx.NoFields
	m.Type = HandshakeType(r.num("handshake type", 1, func(v int) string {
		if k, ok := kindOf(HandshakeType(v)); ok {
			return fmt.Sprintf("%s (%d)", k.name, v)
		}
		return fmt.Sprintf("unknown (%d)", v)
	}))
	kind, known := kindOf(m.Type)
	if r.ok() {
		m.Name = m.Type.String()
	}
	n := r.num("length", 3, ByteCount)
	if r.ok() && n != r.left() {
		r.failf("length %d does not match the %d bytes that follow", n, r.left())
	}
	switch {
	case !known:
		r.fixed("body", n)
	case kind.decode != nil:
		kind.decode(d, r)
	}
	r.finish("message")
	m.Fields = r.fields
	if err := *r.err; err != nil {
		return m, fmt.Errorf("%s: %w", m.Name, err)
	}
	return m, nil
}

// decoder decodes message bodies, noting facts in m.
type decoder struct {
	ctx Context
	m   *Message
}

func (d *decoder) tls13() bool { return d.ctx.Version == VersionTLS13 }

// legacy reports a version before TLS 1.2, whose signatures name no algorithm
// (RSA signs MD5 and SHA-1 together, ECDSA SHA-1: RFC 4346 7.4.3, RFC 4492 5.4).
func (d *decoder) legacy() bool { return d.ctx.Version != 0 && d.ctx.Version < VersionTLS12 }

func (d *decoder) clientHello(r *reader) {
	legacy := Version(r.num("legacy version", 2, versions.hex))
	d.m.Random = r.fixed("random", 32)
	r.opaque("legacy session id", 1)
	r.list("cipher suites", 2, func(r *reader) { collect(r, &d.m.CipherSuites, r.num("cipher suite", 2, cipherSuites.hex)) })
	r.list("compression methods", 1, func(r *reader) { r.num("compression method", 1, compressionMethods.dec) })
	d.extensions(r, TypeClientHello)
	if len(d.m.Versions) == 0 && r.ok() {
		d.m.Versions = []Version{legacy} // no supported_versions: TLS 1.2 at most
	}
}

func (d *decoder) serverHello(r *reader) {
	d.m.Version = Version(r.num("legacy version", 2, versions.hex))
	d.m.Random = r.take("random", 32, func(b []byte) string {
		if bytes.Equal(b, helloRetryRandom) {
			return `HelloRetryRequest marker, SHA-256("HelloRetryRequest")`
		}
		return countBytes(b)
	})
	where := TypeServerHello
	if bytes.Equal(d.m.Random, helloRetryRandom) {
		d.m.Name, d.m.HelloRetry, where = "HelloRetryRequest", true, helloRetryContext
	}
	r.opaque("legacy session id", 1)
	d.m.CipherSuite = CipherSuite(r.num("cipher suite", 2, cipherSuites.hex))
	r.num("compression method", 1, compressionMethods.dec)
	d.extensions(r, where)
}

func (d *decoder) encryptedExtensions(r *reader) { d.extensions(r, TypeEncryptedExtensions) }

func (d *decoder) certificate(r *reader) {
	tls13 := d.tls13()
	if tls13 {
		r.opaque("certificate request context", 1)
	}
	r.list("certificate list", 3, func(r *reader) {
		der := r.opaque(fmt.Sprintf("certificate %d", len(d.m.Certificates)+1), 3)
		if r.ok() {
			d.m.Certificates = append(d.m.Certificates, der)
		}
		if tls13 {
			d.extensions(r, TypeCertificate)
		}
	})
}

func (d *decoder) compressedCertificate(r *reader) {
	r.num("algorithm", 2, certCompressions.dec)
	r.num("uncompressed length", 3, ByteCount)
	r.opaque("compressed certificate message", 3)
}

func (d *decoder) certificateRequest(r *reader) {
	if d.tls13() {
		r.opaque("certificate request context", 1)
		d.extensions(r, TypeCertificateRequest)
		return
	}
	r.list("certificate types", 1, func(r *reader) { r.num("certificate type", 1, clientCertTypes.dec) })
	if !d.legacy() {
		r.list("supported signature algorithms", 2, signatureScheme)
	}
	r.list("certificate authorities", 2, d.distinguishedName)
}

func (d *decoder) certificateStatus(r *reader) {
	r.num("status type", 1, certStatusTypes.dec)
	r.opaque("OCSP response", 3)
}

// signature decodes a digitally-signed struct; it is the whole CertificateVerify.
func (d *decoder) signature(r *reader) {
	if d.legacy() {
		r.opaque("signature (with SHA-1, or MD5 and SHA-1 for RSA: no algorithm is named before TLS 1.2)", 2)
		return
	}
	d.m.SignatureScheme = uint16(r.num("signature scheme", 2, signatureSchemes.hex))
	r.opaque("signature", 2)
}

func (d *decoder) finished(r *reader) { r.fixed("verify data", r.left()) }

func (d *decoder) newSessionTicket(r *reader) {
	r.num("ticket lifetime", 4, func(v int) string { return fmt.Sprintf("%d seconds", v) })
	if d.tls13() {
		r.num("ticket age add", 4, decimal)
		r.opaque("ticket nonce", 1)
		r.opaque("ticket", 2)
		d.extensions(r, TypeNewSessionTicket)
		return
	}
	r.opaque("ticket", 2)
}

func (d *decoder) serverKeyExchange(r *reader) {
	kx := keyExchange(d.ctx.CipherSuite)
	if kx == "" && r.left() > 0 && r.rest()[0] == 3 {
		kx = "ECDHE" // a named_curve ServerECDHParams
	}
	switch kx {
	case "ECDHE":
		if t := r.num("curve type", 1, curveTypes.dec); r.ok() && t != 3 {
			r.failf("curve type %d is not named_curve", t)
		}
		if g := r.num("named group", 2, groups.hex); r.ok() {
			d.m.ServerKeyExchangeGroup = Group(g)
		}
		r.opaque("public key", 1)
	case "DHE":
		r.opaque("DH prime", 2)
		r.opaque("DH generator", 2)
		r.opaque("DH public value", 2)
	default:
		r.fixed("key exchange parameters", r.left())
		return
	}
	d.signature(r)
}

func (d *decoder) clientKeyExchange(r *reader) {
	kx := keyExchange(d.ctx.CipherSuite)
	if rest := r.rest(); kx == "" && len(rest) > 0 && int(rest[0]) == len(rest)-1 {
		kx = "ECDHE" // a 1-byte length prefix spanning the body
	}
	switch kx {
	case "ECDHE":
		r.opaque("public key", 1)
	case "DHE":
		r.opaque("DH public value", 2)
	default:
		r.opaque("encrypted premaster secret", 2)
	}
}

func (d *decoder) keyUpdate(r *reader) { r.num("request update", 1, keyUpdateRequests.dec) }

// keyExchange returns "ECDHE", "DHE", "RSA" or "" (unknown) for a TLS 1.2 suite.
func keyExchange(suite CipherSuite) string {
	name := cipherSuites.name(int(suite))
	for _, kx := range [...]string{"ECDHE", "DHE", "RSA"} {
		if strings.HasPrefix(name, "TLS_"+kx+"_") {
			return kx
		}
	}
	return ""
}

func signatureScheme(r *reader) { r.num("signature scheme", 2, signatureSchemes.hex) }

// distinguishedName reads one DistinguishedName of a list of acceptable CAs.
func (d *decoder) distinguishedName(r *reader) {
	if dn := r.opaque("distinguished name", 2); r.ok() {
		d.m.CertificateAuthorities = append(d.m.CertificateAuthorities, dn)
	}
}
