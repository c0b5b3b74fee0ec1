package wire

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Builders for hand-made messages.

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
func u8(v int) []byte            { return []byte{byte(v)} }
func u16(v int) []byte           { return []byte{byte(v >> 8), byte(v)} }
func u24(v int) []byte           { return []byte{byte(v >> 16), byte(v >> 8), byte(v)} }
func u32(v int) []byte           { return []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)} }
func str(s string) []byte        { return []byte(s) }
func fill(n int, b byte) []byte  { return bytes.Repeat([]byte{b}, n) }

// vec prefixes the concatenated parts with their length in size bytes.
func vec(size int, parts ...[]byte) []byte {
	body := cat(parts...)
	return cat(u32(len(body))[4-size:], body)
}

func hsMsg(typ int, body ...[]byte) []byte { return cat(u8(typ), vec(3, body...)) }
func ext(typ int, body ...[]byte) []byte   { return cat(u16(typ), vec(2, body...)) }

// lookup follows path (field names joined by "/") through fields, taking
// the first match at each level.
func lookup(fields []Field, path string) (Field, bool) {
	var f Field
	for _, name := range strings.Split(path, "/") {
		i := slices.IndexFunc(fields, func(f Field) bool { return f.Name == name })
		if i < 0 {
			return Field{}, false
		}
		f, fields = fields[i], fields[i].Sub
	}
	return f, true
}

var (
	tls12 = Context{Version: 0x0303}
	tls13 = Context{Version: 0x0304}
)

var clientHello = hsMsg(1,
	u16(0x0303), fill(32, 0x11), vec(1, fill(32, 0x22)),
	vec(2, u16(0x1a1a), u16(0x1301), u16(0xc02b)),
	vec(1, u8(0)),
	vec(2,
		ext(0x2a2a),
		ext(extServerName, vec(2, u8(0), vec(2, str("bank.example")))),
		ext(23),
		ext(extRenegotiationInfo, vec(1)),
		ext(extSupportedGroups, vec(2, u16(0x11ec), u16(29), u16(23))),
		ext(extECPointFormats, vec(1, u8(0))),
		ext(extSessionTicket),
		ext(extALPN, vec(2, vec(1, str("h2")), vec(1, str("http/1.1")))),
		ext(extStatusRequest, u8(1), vec(2), vec(2)),
		ext(extSignatureAlgorithms, vec(2, u16(0x0403), u16(0x0804))),
		ext(extSCT),
		ext(extKeyShare, vec(2,
			u16(0x11ec), vec(2, fill(1216, 0x33)),
			u16(29), vec(2, fill(32, 0x44)))),
		ext(extPSKModes, vec(1, u8(1))),
		ext(extSupportedVersions, vec(1, u16(0x0304), u16(0x0303))),
		ext(extCompressCertificate, vec(1, u16(2))),
		ext(extRecordSizeLimit, u16(16385)),
		ext(extCookie, vec(2, fill(5, 0x55))),
		ext(extCertAuthorities, vec(2, vec(2, fill(20, 0x66)))),
		ext(extSignatureAlgsCert, vec(2, u16(0x0807))),
		ext(extEarlyData),
		ext(0xfe0d, fill(7, 0x77)),
		ext(0x1234, fill(3, 0x88)),
		ext(extPadding, fill(10, 0)),
		ext(extPreSharedKey,
			vec(2, vec(2, fill(16, 0x99)), u32(1000)),
			vec(2, vec(1, fill(32, 0xaa)))),
	))

var serverHello13 = hsMsg(2,
	u16(0x0303), fill(32, 0x12), vec(1, fill(32, 0x22)), u16(0x1301), u8(0),
	vec(2,
		ext(extSupportedVersions, u16(0x0304)),
		ext(extKeyShare, u16(0x11ec), vec(2, fill(1120, 0x34))),
	))

var helloRetryRequest = hsMsg(2,
	u16(0x0303), helloRetryRandom, vec(1), u16(0x1302), u8(0),
	vec(2,
		ext(extSupportedVersions, u16(0x0304)),
		ext(extKeyShare, u16(23)),
		ext(extCookie, vec(2, fill(8, 1))),
	))

var certificate13 = hsMsg(11,
	vec(1),
	vec(3,
		vec(3, fill(300, 0x30)), vec(2,
			ext(extStatusRequest, u8(1), vec(3, fill(9, 2))),
			ext(extSCT, vec(2, vec(2, fill(4, 3)), vec(2, fill(5, 4))))),
		vec(3, fill(200, 0x31)), vec(2),
	))

var messageTests = []struct {
	name, wantName, wantErr string
	msg                     []byte
	ctx                     Context
	want                    map[string]string // field path -> value
	check                   func(*testing.T, Message)
}{{
	name: "ClientHello", msg: clientHello, wantName: "ClientHello",
	want: map[string]string{
		"handshake type":                                           "ClientHello (1)",
		"length":                                                   ByteCount(len(clientHello) - 4),
		"legacy version":                                           "TLS 1.2 (0x0303)",
		"random":                                                   "32 bytes",
		"legacy session id length":                                 "32 bytes",
		"cipher suites/cipher suite":                               "GREASE (0x1a1a)",
		"compression methods/compression method":                   "null (0)",
		"extensions/GREASE/extension type":                         "GREASE (0x2a2a)",
		"extensions/server_name/extension type":                    "server_name (0x0000)",
		"extensions/server_name/server name list/host name":        "bank.example",
		"extensions/server_name/server name list/name type":        "host_name (0)",
		"extensions/extended_master_secret/extension length":       "0 bytes",
		"extensions/supported_groups/named group list/named group": "X25519MLKEM768 (0x11ec)",
		"extensions/key_share/client shares/key share entry/group": "X25519MLKEM768 (0x11ec)",
		"extensions/key_share/client shares/key share entry/key exchange/ML-KEM-768 encapsulation key": "1184 bytes",
		"extensions/key_share/client shares/key share entry/key exchange/X25519 public key":            "32 bytes",
		"extensions/supported_versions/supported versions/version":                                     "TLS 1.3 (0x0304)",
		"extensions/signature_algorithms/supported signature algorithms/signature scheme":              "ecdsa_secp256r1_sha256 (0x0403)",
		"extensions/signature_algorithms_cert/supported signature algorithms/signature scheme":         "ed25519 (0x0807)",
		"extensions/psk_key_exchange_modes/psk key exchange modes/mode":                                "psk_dhe_ke (1)",
		"extensions/application_layer_protocol_negotiation/protocol name list/protocol name":           "h2",
		"extensions/status_request/status type":                                                        "ocsp (1)",
		"extensions/compress_certificate/algorithms/algorithm":                                         "brotli (2)",
		"extensions/record_size_limit/record size limit":                                               "16385 bytes",
		"extensions/cookie/cookie": "5 bytes",
		"extensions/certificate_authorities/authorities/distinguished name": "20 bytes",
		"extensions/encrypted_client_hello/extension data":                  "7 bytes",
		"extensions/unknown extension/extension type":                       "unknown (0x1234)",
		"extensions/padding/padding":                                        "10 bytes",
		"extensions/pre_shared_key/identities/identity":                     "16 bytes",
		"extensions/pre_shared_key/identities/obfuscated ticket age":        "1000",
		"extensions/pre_shared_key/binders/binder":                          "32 bytes",
		"extensions/renegotiation_info/renegotiated connection length":      "0 bytes",
	},
	check: func(t *testing.T, m Message) {
		if m.SNI != "bank.example" || !slices.Equal(m.ALPN, []string{"h2", "http/1.1"}) ||
			!slices.Equal(m.Groups, []Group{0x11ec, 29, 23}) || !slices.Equal(m.KeyShareGroups, []Group{0x11ec, 29}) ||
			!bytes.Equal(m.Random, fill(32, 0x11)) {
			t.Errorf("facts: SNI %q ALPN %q groups %x key shares %x random %x", m.SNI, m.ALPN, m.Groups, m.KeyShareGroups, m.Random)
		}
		if !slices.Equal(m.Versions, []Version{VersionTLS13, VersionTLS12}) || !slices.Equal(m.CipherSuites, []CipherSuite{0x1a1a, 0x1301, 0xc02b}) {
			t.Errorf("facts: versions %v suites %v", m.Versions, m.CipherSuites)
		}
	},
}, {
	name: "ServerHello", msg: serverHello13, wantName: "ServerHello",
	want: map[string]string{
		"cipher suite": "TLS_AES_128_GCM_SHA256 (0x1301)",
		"extensions/supported_versions/selected version":                          "TLS 1.3 (0x0304)",
		"extensions/key_share/key share entry/key exchange/ML-KEM-768 ciphertext": "1088 bytes",
		"extensions/key_share/key share entry/key exchange/X25519 public key":     "32 bytes",
		"extensions/key_share/key share entry/key exchange length":                "1120 bytes",
	},
	check: func(t *testing.T, m Message) {
		if m.Version != 0x0304 || m.CipherSuite != 0x1301 || !slices.Equal(m.KeyShareGroups, []Group{0x11ec}) {
			t.Errorf("facts: version %x suite %x key shares %x", m.Version, m.CipherSuite, m.KeyShareGroups)
		}
	},
}, {
	name: "ServerHello TLS 1.2", wantName: "ServerHello",
	msg: hsMsg(2, u16(0x0303), fill(32, 1), vec(1), u16(0xc02b), u8(0), vec(2,
		ext(extALPN, vec(2, vec(1, str("h2")))), ext(extServerName), ext(extStatusRequest), ext(extSCT, vec(2, vec(2, fill(3, 1)))))),
	want: map[string]string{"extensions/signed_certificate_timestamp/signed certificate timestamp list/serialized SCT": "3 bytes"},
	check: func(t *testing.T, m Message) {
		if m.Version != 0x0303 || m.CipherSuite != 0xc02b || !slices.Equal(m.ALPN, []string{"h2"}) {
			t.Errorf("facts: version %x suite %x ALPN %q", m.Version, m.CipherSuite, m.ALPN)
		}
	},
}, {
	name: "ServerHello without extensions", wantName: "ServerHello",
	msg: hsMsg(2, u16(0x0303), fill(32, 1), vec(1), u16(0x009c), u8(0)),
}, {
	name: "HelloRetryRequest", msg: helloRetryRequest, wantName: "HelloRetryRequest",
	want: map[string]string{
		"random":                              `HelloRetryRequest marker, SHA-256("HelloRetryRequest")`,
		"extensions/key_share/selected group": "secp256r1 (0x0017)",
		"extensions/cookie/cookie":            "8 bytes",
	},
	check: func(t *testing.T, m Message) {
		if !m.HelloRetry || m.Type != TypeServerHello || m.Version != 0x0304 || !slices.Equal(m.KeyShareGroups, []Group{23}) {
			t.Errorf("facts: version %x key shares %x", m.Version, m.KeyShareGroups)
		}
	},
}, {
	name: "EncryptedExtensions", ctx: tls13, wantName: "EncryptedExtensions",
	msg:  hsMsg(8, vec(2, ext(extALPN, vec(2, vec(1, str("h2")))), ext(extServerName), ext(extEarlyData))),
	want: map[string]string{"extensions/application_layer_protocol_negotiation/protocol name list/protocol name": "h2"},
	check: func(t *testing.T, m Message) {
		if !slices.Equal(m.ALPN, []string{"h2"}) {
			t.Errorf("ALPN %q", m.ALPN)
		}
	},
}, {
	name: "Certificate TLS 1.3", msg: certificate13, ctx: tls13, wantName: "Certificate",
	want: map[string]string{
		"certificate list/certificate 1 length":                    "300 bytes",
		"certificate list/certificate 1":                           "300 bytes",
		"certificate list/certificate 2":                           "200 bytes",
		"certificate list/extensions/status_request/OCSP response": "9 bytes",
		"certificate list/extensions/signed_certificate_timestamp/signed certificate timestamp list/signed certificate timestamp list length": "13 bytes",
	},
	check: func(t *testing.T, m Message) {
		if !slices.EqualFunc(m.Certificates, [][]byte{fill(300, 0x30), fill(200, 0x31)}, bytes.Equal) {
			t.Errorf("got %d certificates", len(m.Certificates))
		}
	},
}, {
	name: "Certificate TLS 1.2", ctx: tls12, wantName: "Certificate",
	msg:  hsMsg(11, vec(3, vec(3, fill(10, 1)), vec(3, fill(20, 2)))),
	want: map[string]string{"certificate list/certificate 2": "20 bytes"},
}, {
	name: "Certificate, unknown version decodes as TLS 1.2", wantName: "Certificate",
	msg:  hsMsg(11, vec(3, vec(3, fill(10, 1)))),
	want: map[string]string{"certificate list/certificate 1": "10 bytes"},
}, {
	name: "CertificateRequest TLS 1.3", ctx: tls13, wantName: "CertificateRequest",
	msg: hsMsg(13, vec(1), vec(2,
		ext(extSignatureAlgorithms, vec(2, u16(0x0403), u16(0x0804))),
		ext(extCertAuthorities, vec(2, vec(2, fill(30, 1)), vec(2, fill(31, 2)))))),
	want: map[string]string{
		"certificate request context length":                                              "0 bytes",
		"extensions/signature_algorithms/supported signature algorithms/signature scheme": "ecdsa_secp256r1_sha256 (0x0403)",
		"extensions/certificate_authorities/authorities/distinguished name":               "30 bytes",
	},
}, {
	name: "CertificateRequest TLS 1.2", ctx: tls12, wantName: "CertificateRequest",
	msg: hsMsg(13, vec(1, u8(64), u8(1)), vec(2, u16(0x0403)), vec(2, vec(2, fill(30, 1)))),
	want: map[string]string{
		"certificate types/certificate type":              "ecdsa_sign (64)",
		"supported signature algorithms/signature scheme": "ecdsa_secp256r1_sha256 (0x0403)",
		"certificate authorities/distinguished name":      "30 bytes",
	},
}, {
	name: "CertificateVerify", ctx: tls13, wantName: "CertificateVerify",
	msg:  hsMsg(15, u16(0x0804), vec(2, fill(256, 1))),
	want: map[string]string{"signature scheme": "rsa_pss_rsae_sha256 (0x0804)", "signature": "256 bytes"},
	check: func(t *testing.T, m Message) {
		if m.SignatureScheme != 0x0804 {
			t.Errorf("signature scheme %x", m.SignatureScheme)
		}
	},
}, {
	name: "Finished", ctx: tls13, wantName: "Finished",
	msg:  hsMsg(20, fill(32, 1)),
	want: map[string]string{"verify data": "32 bytes"},
}, {
	name: "NewSessionTicket TLS 1.3", ctx: tls13, wantName: "NewSessionTicket",
	msg: hsMsg(4, u32(7200), u32(12345), vec(1, fill(8, 1)), vec(2, fill(100, 2)), vec(2, ext(extEarlyData, u32(16384)))),
	want: map[string]string{
		"ticket lifetime": "7200 seconds",
		"ticket age add":  "12345",
		"ticket nonce":    "8 bytes",
		"ticket":          "100 bytes",
		"extensions/early_data/max early data size": "16384 bytes",
	},
}, {
	name: "NewSessionTicket TLS 1.2", ctx: tls12, wantName: "NewSessionTicket",
	msg:  hsMsg(4, u32(300), vec(2, fill(100, 2))),
	want: map[string]string{"ticket lifetime": "300 seconds", "ticket": "100 bytes"},
}, {
	name: "ServerKeyExchange ECDHE", ctx: Context{Version: 0x0303, CipherSuite: 0xc02b}, wantName: "ServerKeyExchange",
	msg:  hsMsg(12, u8(3), u16(29), vec(1, fill(32, 1)), u16(0x0403), vec(2, fill(71, 2))),
	want: map[string]string{"curve type": "named_curve (3)", "named group": "x25519 (0x001d)", "public key": "32 bytes", "signature": "71 bytes"},
	check: func(t *testing.T, m Message) {
		if m.SignatureScheme != 0x0403 {
			t.Errorf("signature scheme %x", m.SignatureScheme)
		}
	},
}, {
	name: "ServerKeyExchange ECDHE, unknown suite", wantName: "ServerKeyExchange",
	msg:  hsMsg(12, u8(3), u16(23), vec(1, fill(65, 1)), u16(0x0401), vec(2, fill(256, 2))),
	want: map[string]string{"named group": "secp256r1 (0x0017)", "signature scheme": "rsa_pkcs1_sha256 (0x0401)"},
}, {
	name: "ServerKeyExchange DHE", ctx: Context{Version: 0x0303, CipherSuite: 0x009e}, wantName: "ServerKeyExchange",
	msg:  hsMsg(12, vec(2, fill(256, 1)), vec(2, u8(2)), vec(2, fill(256, 3)), u16(0x0804), vec(2, fill(256, 2))),
	want: map[string]string{"DH prime": "256 bytes", "DH generator": "1 byte", "DH public value": "256 bytes"},
}, {
	name: "ServerKeyExchange, undecodable suite", ctx: Context{Version: 0x0303, CipherSuite: 0xffff}, wantName: "ServerKeyExchange",
	msg:  hsMsg(12, fill(20, 1)),
	want: map[string]string{"key exchange parameters": "20 bytes"},
}, {
	name: "ClientKeyExchange ECDHE", ctx: Context{Version: 0x0303, CipherSuite: 0xc02f}, wantName: "ClientKeyExchange",
	msg:  hsMsg(16, vec(1, fill(32, 1))),
	want: map[string]string{"public key length": "32 bytes", "public key": "32 bytes"},
}, {
	name: "ClientKeyExchange ECDHE, unknown suite", wantName: "ClientKeyExchange",
	msg:  hsMsg(16, vec(1, fill(65, 1))),
	want: map[string]string{"public key": "65 bytes"},
}, {
	name: "ClientKeyExchange RSA", ctx: Context{Version: 0x0303, CipherSuite: 0x009c}, wantName: "ClientKeyExchange",
	msg:  hsMsg(16, vec(2, fill(256, 1))),
	want: map[string]string{"encrypted premaster secret": "256 bytes"},
}, {
	name: "ClientKeyExchange RSA, unknown suite", wantName: "ClientKeyExchange",
	msg:  hsMsg(16, vec(2, fill(256, 1))),
	want: map[string]string{"encrypted premaster secret": "256 bytes"},
}, {
	name: "ServerHelloDone", ctx: tls12, wantName: "ServerHelloDone", msg: hsMsg(14),
}, {
	name: "KeyUpdate", ctx: tls13, wantName: "KeyUpdate", msg: hsMsg(24, u8(1)),
	want: map[string]string{"request update": "update_requested (1)"},
}, {
	name: "CompressedCertificate", ctx: tls13, wantName: "CompressedCertificate",
	msg:  hsMsg(25, u16(2), u24(1000), vec(3, fill(500, 1))),
	want: map[string]string{"algorithm": "brotli (2)", "uncompressed length": "1000 bytes", "compressed certificate message": "500 bytes"},
}, {
	name: "unknown type", wantName: "handshake type 99", msg: hsMsg(99, str("abc")),
	want: map[string]string{"handshake type": "unknown (99)", "body": "3 bytes"},
}, {
	name: "empty", wantName: "handshake message", msg: nil,
	wantErr: "handshake message: handshake type needs 1 byte, only 0 left",
}, {
	name: "short header", wantName: "ClientHello", msg: []byte{1, 0},
	wantErr: "ClientHello: length needs 3 bytes, only 1 left",
	want:    map[string]string{"undecodable bytes": "1 byte"},
}, {
	name: "length mismatch", wantName: "Finished", msg: cat(u8(20), u24(10), fill(3, 1)),
	wantErr: "Finished: length 10 does not match the 3 bytes that follow",
}, {
	name: "extensions too long", wantName: "ClientHello",
	msg:     hsMsg(1, u16(0x0303), fill(32, 1), vec(1), vec(2, u16(0x1301)), vec(1, u8(0)), u16(300), fill(12, 0)),
	wantErr: "ClientHello: extensions length 300 exceeds the 12 bytes left",
	want:    map[string]string{"extensions/extensions length": "300 bytes", "extensions/undecodable bytes": "12 bytes"},
}, {
	name: "extension with trailing bytes", wantName: "ServerHello",
	msg:     hsMsg(2, u16(0x0303), fill(32, 1), vec(1), u16(0x1301), u8(0), vec(2, ext(extSupportedVersions, u16(0x0304), u8(0)))),
	wantErr: "ServerHello: supported_versions has 1 byte left over",
	want:    map[string]string{"extensions/supported_versions/undecodable bytes": "1 byte"},
}, {
	name: "empty body with bytes", ctx: tls12, wantName: "ServerHelloDone", msg: hsMsg(14, u16(0)),
	wantErr: "ServerHelloDone: message has 2 bytes left over",
}, {
	name: "truncated list", ctx: tls13, wantName: "EncryptedExtensions", msg: hsMsg(8, vec(2, u16(0), u8(0))),
	wantErr: "EncryptedExtensions: extension needs 4 bytes, only 3 left",
}, {
	name: "bad curve type", ctx: Context{Version: 0x0303, CipherSuite: 0xc02b}, wantName: "ServerKeyExchange",
	msg:     hsMsg(12, u8(1), fill(10, 0)),
	wantErr: "ServerKeyExchange: curve type 1 is not named_curve",
}}

func TestDecodeMessage(t *testing.T) {
	for _, tt := range messageTests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := DecodeMessage(tt.msg, tt.ctx)
			if err := CheckTiling(m.Fields, len(tt.msg)); err != nil {
				t.Fatalf("tiling: %v", err)
			}
			if got := errString(err); got != tt.wantErr {
				t.Errorf("error %q, want %q", got, tt.wantErr)
			}
			if m.Name != tt.wantName {
				t.Errorf("name %q, want %q", m.Name, tt.wantName)
			}
			if len(tt.msg) > 0 && m.Type != HandshakeType(tt.msg[0]) {
				t.Errorf("type %d, want %d", m.Type, tt.msg[0])
			}
			for path, want := range tt.want {
				if f, ok := lookup(m.Fields, path); !ok {
					t.Errorf("no field %q", path)
				} else if f.Value != want {
					t.Errorf("%s = %q, want %q", path, f.Value, want)
				}
			}
			if tt.check != nil {
				tt.check(t, m)
			}
			// Without its fields, a message decodes to the same facts
			// and the same error.
			ctx := tt.ctx
			ctx.NoFields = true
			bare, bareErr := DecodeMessage(tt.msg, ctx)
			if bare.Fields != nil || errString(bareErr) != errString(err) {
				t.Errorf("with NoFields: %d fields, error %v", len(bare.Fields), bareErr)
			}
			m.Fields = nil
			if !reflect.DeepEqual(bare, m) {
				t.Errorf("with NoFields:\n%+v\nwith fields:\n%+v", bare, m)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestSplitMessages(t *testing.T) {
	a, b := hsMsg(20, fill(12, 1)), hsMsg(14)
	for _, tt := range []struct {
		name   string
		stream []byte
		msgs   [][]byte
		rest   []byte
	}{
		{"empty", nil, nil, nil},
		{"two", cat(a, b), [][]byte{a, b}, nil},
		{"partial header", cat(a, b[:2]), [][]byte{a}, b[:2]},
		{"partial body", a[:10], nil, a[:10]},
	} {
		msgs, rest := SplitMessages(tt.stream)
		if !slices.EqualFunc(msgs, tt.msgs, bytes.Equal) || !bytes.Equal(rest, tt.rest) {
			t.Errorf("%s: got %x, rest %x", tt.name, msgs, rest)
		}
	}
}

func TestReadRecord(t *testing.T) {
	rec := cat(u8(22), u16(0x0301), vec(2, hsMsg(14)))
	for _, tt := range []struct {
		name    string
		b       []byte
		n       int
		wantErr string
	}{
		{"exact", rec, len(rec), ""},
		{"followed by more", cat(rec, rec), len(rec), ""},
		{"empty", nil, 0, ErrShortRecord.Error()},
		{"partial header", rec[:4], 0, ErrShortRecord.Error()},
		{"partial fragment", rec[:len(rec)-1], 0, ErrShortRecord.Error()},
		{"largest", cat(u8(23), u16(0x0303), vec(2, fill(1<<14+256, 0))), 5 + 1<<14 + 256, ""},
		{"too long", cat(u8(23), u16(0x0303), u16(1<<14+257)), 0, "wire: record length 16641 exceeds the maximum 16640"},
	} {
		r, n, err := ReadRecord(tt.b)
		if n != tt.n || errString(err) != tt.wantErr {
			t.Errorf("%s: n %d err %v, want %d %q", tt.name, n, err, tt.n, tt.wantErr)
		}
		if err == nil && (!bytes.Equal(r.Raw, tt.b[:n]) || !bytes.Equal(r.Payload, tt.b[5:n]) || r.Type != ContentType(tt.b[0])) {
			t.Errorf("%s: got %+v", tt.name, r)
		}
	}
	if r, _, _ := ReadRecord(rec); r.Version != 0x0301 || r.Type != ContentHandshake {
		t.Errorf("header: %+v", r)
	}
	if _, _, err := ReadRecord(nil); !errors.Is(err, ErrShortRecord) {
		t.Errorf("got %v, want ErrShortRecord", err)
	}
}

func TestSmallFields(t *testing.T) {
	for _, tt := range []struct {
		name   string
		fields []Field
		length int
		want   map[string]string
	}{
		{"record header", RecordHeaderFields(cat(u8(22), u16(0x0303), u16(300), u8(1))), 5,
			map[string]string{"content type": "handshake (22)", "legacy version": "TLS 1.2 (0x0303)", "length": "300 bytes"}},
		{"short record header", RecordHeaderFields(cat(u8(21), u16(0x0303), u8(0))), 4,
			map[string]string{"content type": "alert (21)", "undecodable bytes": "1 byte"}},
		{"alert", AlertFields([]byte{2, 42}), 2, map[string]string{"level": "fatal (2)", "description": "bad_certificate (42)"}},
		{"encrypted alert", AlertFields(fill(19, 1)), 19, map[string]string{"undecodable bytes": "17 bytes"}},
		{"change cipher spec", ChangeCipherSpecFields([]byte{1}), 1, map[string]string{"type": "change_cipher_spec (1)"}},
	} {
		if err := CheckTiling(tt.fields, tt.length); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		for path, want := range tt.want {
			if f, _ := lookup(tt.fields, path); f.Value != want {
				t.Errorf("%s: %s = %q, want %q", tt.name, path, f.Value, want)
			}
		}
	}
}

func TestNames(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{CipherSuiteName(0x1301), "TLS_AES_128_GCM_SHA256 (0x1301)"},
		{CipherSuiteName(0xc02b), "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (0xc02b)"},
		{CipherSuiteName(0x0a0a), "GREASE (0x0a0a)"},
		{CipherSuiteName(0x0a1a), "unknown (0x0a1a)"},
		{GroupName(0x11ec), "X25519MLKEM768 (0x11ec)"},
		{GroupName(29), "x25519 (0x001d)"},
		{SignatureSchemeName(0x0403), "ecdsa_secp256r1_sha256 (0x0403)"},
		{VersionName(0x0304), "TLS 1.3 (0x0304)"},
		{VersionName(0xfafa), "GREASE (0xfafa)"},
		{ExtensionName(51), "key_share (0x0033)"},
		{ExtensionName(0xff01), "renegotiation_info (0xff01)"},
		{AlertName(42), "bad_certificate"},
		{AlertName(200), "unknown"},
		{ContentHandshake.String(), "handshake"},
		{ContentType(99).String(), "content type 99"},
		{TypeCertificateRequest.String(), "CertificateRequest"},
		{HandshakeType(99).String(), "handshake type 99"},
		{VersionTLS12.String(), "TLS 1.2"},
		{CipherSuite(0xc02b).String(), "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
		{Group(0x11ec).String(), "X25519MLKEM768"},
		{Group(0x0a0a).String(), "GREASE"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestCheckTiling(t *testing.T) {
	leaf := func(name string, off, n int) Field { return Field{Name: name, Offset: off, Length: n} }
	for _, tt := range []struct {
		name    string
		fields  []Field
		length  int
		wantErr string
	}{
		{"empty", nil, 0, ""},
		{"flat", []Field{leaf("a", 0, 2), leaf("b", 2, 3)}, 5, ""},
		{"nested", []Field{{Name: "g", Length: 3, Sub: []Field{leaf("a", 0, 1), leaf("b", 1, 2)}}}, 3, ""},
		{"gap", []Field{leaf("a", 0, 2), leaf("b", 3, 2)}, 5, `field "b" starts at 3, want 2`},
		{"overlap", []Field{leaf("a", 0, 2), leaf("b", 1, 2)}, 3, `field "b" starts at 1, want 2`},
		{"short", []Field{leaf("a", 0, 2)}, 3, "fields end at 2, want 3"},
		{"long", []Field{leaf("a", 0, 4)}, 3, "fields end at 4, want 3"},
		{"empty field", []Field{leaf("a", 0, 0)}, 0, `field "a" at 0 has length 0`},
		{"no name", []Field{leaf("", 0, 1)}, 1, "field at offset 0 has no name"},
		{"bad sub", []Field{{Name: "g", Length: 3, Sub: []Field{leaf("a", 0, 1)}}}, 3, `in "g": fields end at 1, want 3`},
	} {
		if got := errString(CheckTiling(tt.fields, tt.length)); got != tt.wantErr {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.wantErr)
		}
	}
}
