package wire

import (
	"bytes"
	"fmt"
	"strings"
)

// Context carries what decoding needs that is not in the message itself.
type Context struct {
	Version     uint16 // negotiated version, 0x0303 or 0x0304; 0 if unknown yet
	CipherSuite uint16 // negotiated suite (needed for TLS 1.2 ServerKeyExchange/ClientKeyExchange shape)
	FromServer  bool
}

// Message is a decoded handshake message.
type Message struct {
	Type uint8 // handshake type
	// Name is "ClientHello", "ServerHello", "HelloRetryRequest", ... or "handshake type N".
	Name string
	// Fields tile the whole message including its 4-byte header; the first
	// two are "handshake type" and "length".
	Fields []Field
	// Certificates holds the DER of each certificate in a Certificate message, in order.
	Certificates [][]byte

	// Decoded facts for callers (zero if absent):
	Version         uint16   // ServerHello: selected version (supported_versions if present, else legacy_version)
	CipherSuite     uint16   // ServerHello
	Random          []byte   // ClientHello/ServerHello random
	SNI             string   // ClientHello server_name
	ALPN            []string // offered (ClientHello) or selected (EncryptedExtensions / TLS 1.2 ServerHello)
	Groups          []uint16 // ClientHello supported_groups
	KeyShareGroups  []uint16 // key_share entries' groups (ClientHello) or the selected group (ServerHello / HRR)
	SignatureScheme uint16   // CertificateVerify / ServerKeyExchange
}

// Handshake types that decoding refers to. Where extensions occur is told
// by the type of their message, with typeHelloRetryRequest (a TLS 1.3 draft
// code point, never sent) standing for a HelloRetryRequest.
const (
	typeClientHello         = 1
	typeServerHello         = 2
	typeNewSessionTicket    = 4
	typeHelloRetryRequest   = 6
	typeEncryptedExtensions = 8
	typeCertificate         = 11
	typeCertificateRequest  = 13
)

// messageKinds maps handshake types to message names and body decoders; a
// nil decoder means an empty body.
var messageKinds = map[uint8]struct {
	name   string
	decode func(*decoder, *reader)
}{
	0:                       {"HelloRequest", nil},
	typeClientHello:         {"ClientHello", (*decoder).clientHello},
	typeServerHello:         {"ServerHello", (*decoder).serverHello},
	typeNewSessionTicket:    {"NewSessionTicket", (*decoder).newSessionTicket},
	5:                       {"EndOfEarlyData", nil},
	typeEncryptedExtensions: {"EncryptedExtensions", (*decoder).encryptedExtensions},
	typeCertificate:         {"Certificate", (*decoder).certificate},
	12:                      {"ServerKeyExchange", (*decoder).serverKeyExchange},
	typeCertificateRequest:  {"CertificateRequest", (*decoder).certificateRequest},
	14:                      {"ServerHelloDone", nil},
	15:                      {"CertificateVerify", (*decoder).signature},
	16:                      {"ClientKeyExchange", (*decoder).clientKeyExchange},
	20:                      {"Finished", (*decoder).finished},
	22:                      {"CertificateStatus", (*decoder).certificateStatus},
	24:                      {"KeyUpdate", (*decoder).keyUpdate},
	25:                      {"CompressedCertificate", (*decoder).compressedCertificate},
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
	m.Type = uint8(r.num("handshake type", 1, func(v int) string {
		if k, ok := messageKinds[uint8(v)]; ok {
			return fmt.Sprintf("%s (%d)", k.name, v)
		}
		return fmt.Sprintf("unknown (%d)", v)
	}))
	kind, known := messageKinds[m.Type]
	switch {
	case !r.ok():
	case known:
		m.Name = kind.name
	default:
		m.Name = fmt.Sprintf("handshake type %d", m.Type)
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

func (d *decoder) tls13() bool { return d.ctx.Version == 0x0304 }

func (d *decoder) clientHello(r *reader) {
	r.num("legacy version", 2, versions.hex)
	d.m.Random = r.fixed("random", 32)
	r.opaque("legacy session id", 1)
	r.list("cipher suites", 2, func(r *reader) { r.num("cipher suite", 2, cipherSuites.hex) })
	r.list("compression methods", 1, func(r *reader) { r.num("compression method", 1, compressionMethods.dec) })
	d.extensions(r, typeClientHello)
}

func (d *decoder) serverHello(r *reader) {
	d.m.Version = uint16(r.num("legacy version", 2, versions.hex))
	d.m.Random = r.take("random", 32, func(b []byte) string {
		if bytes.Equal(b, helloRetryRandom) {
			return `HelloRetryRequest marker, SHA-256("HelloRetryRequest")`
		}
		return countBytes(b)
	})
	where := typeServerHello
	if bytes.Equal(d.m.Random, helloRetryRandom) {
		d.m.Name, where = "HelloRetryRequest", typeHelloRetryRequest
	}
	r.opaque("legacy session id", 1)
	d.m.CipherSuite = uint16(r.num("cipher suite", 2, cipherSuites.hex))
	r.num("compression method", 1, compressionMethods.dec)
	d.extensions(r, where)
}

func (d *decoder) encryptedExtensions(r *reader) { d.extensions(r, typeEncryptedExtensions) }

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
			d.extensions(r, typeCertificate)
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
		d.extensions(r, typeCertificateRequest)
		return
	}
	r.list("certificate types", 1, func(r *reader) { r.num("certificate type", 1, clientCertTypes.dec) })
	r.list("supported signature algorithms", 2, signatureScheme)
	r.list("certificate authorities", 2, distinguishedName)
}

func (d *decoder) certificateStatus(r *reader) {
	r.num("status type", 1, certStatusTypes.dec)
	r.opaque("OCSP response", 3)
}

// signature decodes a digitally-signed struct; it is the whole CertificateVerify.
func (d *decoder) signature(r *reader) {
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
		d.extensions(r, typeNewSessionTicket)
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
		r.num("named group", 2, groups.hex)
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
func keyExchange(suite uint16) string {
	name := cipherSuites[suite]
	for _, kx := range [...]string{"ECDHE", "DHE", "RSA"} {
		if strings.HasPrefix(name, "TLS_"+kx+"_") {
			return kx
		}
	}
	return ""
}

func signatureScheme(r *reader)   { r.num("signature scheme", 2, signatureSchemes.hex) }
func distinguishedName(r *reader) { r.opaque("distinguished name", 2) }
