package wire

import "fmt"

// The code points a trace carries as values, typed so that callers compare
// numbers, never display names. Each String is the registry's name.

// ContentType is a record's content type (RFC 8446, Section 5.1).
type ContentType uint8

// Content types.
const (
	ContentChangeCipherSpec ContentType = 20
	ContentAlert            ContentType = 21
	ContentHandshake        ContentType = 22
	ContentApplicationData  ContentType = 23
)

// String is the registry's name, e.g. "handshake", or "content type N".
func (t ContentType) String() string {
	if n, ok := contentTypes.lookup(int(t)); ok {
		return n
	}
	return fmt.Sprintf("content type %d", uint8(t))
}

// HandshakeType is a handshake message's type (RFC 8446, Section 4). A
// HelloRetryRequest is a ServerHello on the wire; Message.HelloRetry tells it.
type HandshakeType uint8

// Handshake message types.
const (
	TypeHelloRequest          HandshakeType = 0
	TypeClientHello           HandshakeType = 1
	TypeServerHello           HandshakeType = 2
	TypeNewSessionTicket      HandshakeType = 4
	TypeEndOfEarlyData        HandshakeType = 5
	TypeEncryptedExtensions   HandshakeType = 8
	TypeCertificate           HandshakeType = 11
	TypeServerKeyExchange     HandshakeType = 12
	TypeCertificateRequest    HandshakeType = 13
	TypeServerHelloDone       HandshakeType = 14
	TypeCertificateVerify     HandshakeType = 15
	TypeClientKeyExchange     HandshakeType = 16
	TypeFinished              HandshakeType = 20
	TypeCertificateStatus     HandshakeType = 22
	TypeKeyUpdate             HandshakeType = 24
	TypeCompressedCertificate HandshakeType = 25
)

// String is the message's name, e.g. "ClientHello", or "handshake type N".
func (t HandshakeType) String() string {
	if k, ok := kindOf(t); ok {
		return k.name
	}
	return fmt.Sprintf("handshake type %d", uint8(t))
}

// Version is a protocol version (legacy_version or supported_versions).
type Version uint16

// Versions a Go client or server speaks.
const (
	VersionTLS10 Version = 0x0301
	VersionTLS11 Version = 0x0302
	VersionTLS12 Version = 0x0303
	VersionTLS13 Version = 0x0304
)

// String is e.g. "TLS 1.3", "GREASE" or "unknown".
func (v Version) String() string { return versions.name(int(v)) }

// CipherSuite is a cipher suite.
type CipherSuite uint16

// String is e.g. "TLS_AES_128_GCM_SHA256", "GREASE" or "unknown".
func (c CipherSuite) String() string { return cipherSuites.name(int(c)) }

// TLS13 reports whether c is a TLS 1.3 suite (RFC 8446, Appendix B.4), which
// fixes only the AEAD and hash: the key exchange and the certificate are
// negotiated apart from it.
func (c CipherSuite) TLS13() bool { return c>>8 == 0x13 }

// Group is a key-exchange group (supported_groups, key_share).
type Group uint16

// String is e.g. "x25519", "X25519MLKEM768", "GREASE" or "unknown".
func (g Group) String() string { return groups.name(int(g)) }
