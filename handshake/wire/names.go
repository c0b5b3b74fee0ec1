package wire

import "strconv"

// names maps TLS code points to their registry names (a list, not a map: Go
// builds a map literal with code, and a list is data).
type names []codeName

// codeName is one code point and its registry name.
type codeName struct {
	v    uint16
	name string
}

// name returns the bare name of v: "GREASE" for RFC 8701 values, "unknown" if unlisted.
func (m names) name(v int) string {
	if s, ok := m.lookup(v); ok {
		return s
	}
	if v&0x0f0f == 0x0a0a && v>>8 == v&0xff {
		return "GREASE"
	}
	return "unknown"
}

// lookup is v's name, false if unlisted.
func (m names) lookup(v int) (string, bool) {
	for _, e := range m {
		if int(e.v) == v {
			return e.name, true
		}
	}
	return "", false
}

// hex formats v as "name (0x0304)"; it suits 16-bit code points. (A field
// of a ClientHello is named so for each suite, group and scheme it offers:
// fmt took a tenth of a millisecond of every run's decoding in WebAssembly.)
func (m names) hex(v int) string {
	h := strconv.FormatInt(int64(v), 16)
	if len(h) < 4 {
		h = "0000"[len(h):] + h
	}
	return m.name(v) + " (0x" + h + ")"
}

// dec formats v as "name (22)"; it suits 8-bit code points.
func (m names) dec(v int) string { return m.name(v) + " (" + strconv.Itoa(v) + ")" }

// CipherSuiteName returns e.g. "TLS_AES_128_GCM_SHA256 (0x1301)".
func CipherSuiteName(id uint16) string { return cipherSuites.hex(int(id)) }

// GroupName returns e.g. "X25519MLKEM768 (0x11ec)".
func GroupName(id uint16) string { return groups.hex(int(id)) }

// SignatureSchemeName returns e.g. "ecdsa_secp256r1_sha256 (0x0403)".
func SignatureSchemeName(id uint16) string { return signatureSchemes.hex(int(id)) }

// VersionName returns e.g. "TLS 1.3 (0x0304)".
func VersionName(v uint16) string { return versions.hex(int(v)) }

// ExtensionName returns e.g. "key_share (0x0033)".
func ExtensionName(id uint16) string { return extensionNames.hex(int(id)) }

// AlertName returns the RFC name of an alert description, e.g.
// "bad_certificate", or "unknown".
func AlertName(desc uint8) string { return alertDescriptions.name(int(desc)) }

var versions = names{
	{0x0300, "SSL 3.0"},
	{0x0301, "TLS 1.0"},
	{0x0302, "TLS 1.1"},
	{0x0303, "TLS 1.2"},
	{0x0304, "TLS 1.3"},
}

var contentTypes = names{
	{uint16(ContentChangeCipherSpec), "change_cipher_spec"},
	{uint16(ContentAlert), "alert"},
	{uint16(ContentHandshake), "handshake"},
	{uint16(ContentApplicationData), "application_data"},
	{24, "heartbeat"},
}

var cipherSuites = names{
	{0x0005, "TLS_RSA_WITH_RC4_128_SHA"},
	{0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
	{0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA"},
	{0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"},
	{0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
	{0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"},
	{0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256"},
	{0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256"},
	{0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"},
	{0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"},
	{0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256"},
	{0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384"},
	{0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
	{0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
	{0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
	{0x1301, "TLS_AES_128_GCM_SHA256"},
	{0x1302, "TLS_AES_256_GCM_SHA384"},
	{0x1303, "TLS_CHACHA20_POLY1305_SHA256"},
	{0x1304, "TLS_AES_128_CCM_SHA256"},
	{0x1305, "TLS_AES_128_CCM_8_SHA256"},
	{0x5600, "TLS_FALLBACK_SCSV"},
	{0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"},
	{0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"},
	{0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
	{0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
	{0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"},
	{0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"},
	{0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
	{0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
	{0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
	{0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
	{0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
	{0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
	{0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
	{0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
	{0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
	{0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
	{0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
	{0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
	{0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
}

var groups = names{
	{23, "secp256r1"},
	{24, "secp384r1"},
	{25, "secp521r1"},
	{29, "x25519"},
	{30, "x448"},
	{256, "ffdhe2048"},
	{257, "ffdhe3072"},
	{258, "ffdhe4096"},
	{259, "ffdhe6144"},
	{260, "ffdhe8192"},
	{0x0200, "MLKEM512"},
	{0x0201, "MLKEM768"},
	{0x0202, "MLKEM1024"},
	{0x11eb, "SecP256r1MLKEM768"},
	{0x11ec, "X25519MLKEM768"},
	{0x11ed, "SecP384r1MLKEM1024"},
	{0x6399, "X25519Kyber768Draft00"},
}

type sharePart struct {
	name string
	size int
}

// hybridShares lists the parts of hybrid key shares in wire order.
var hybridShares = map[uint16]struct{ client, server []sharePart }{
	0x11eb: {
		[]sharePart{{"secp256r1 public key", 65}, {"ML-KEM-768 encapsulation key", 1184}},
		[]sharePart{{"secp256r1 public key", 65}, {"ML-KEM-768 ciphertext", 1088}},
	},
	0x11ec: {
		[]sharePart{{"ML-KEM-768 encapsulation key", 1184}, {"X25519 public key", 32}},
		[]sharePart{{"ML-KEM-768 ciphertext", 1088}, {"X25519 public key", 32}},
	},
	0x11ed: {
		[]sharePart{{"secp384r1 public key", 97}, {"ML-KEM-1024 encapsulation key", 1568}},
		[]sharePart{{"secp384r1 public key", 97}, {"ML-KEM-1024 ciphertext", 1568}},
	},
}

var signatureSchemes = names{
	{0x0201, "rsa_pkcs1_sha1"},
	{0x0203, "ecdsa_sha1"},
	{0x0401, "rsa_pkcs1_sha256"},
	{0x0403, "ecdsa_secp256r1_sha256"},
	{0x0501, "rsa_pkcs1_sha384"},
	{0x0503, "ecdsa_secp384r1_sha384"},
	{0x0601, "rsa_pkcs1_sha512"},
	{0x0603, "ecdsa_secp521r1_sha512"},
	{0x0804, "rsa_pss_rsae_sha256"},
	{0x0805, "rsa_pss_rsae_sha384"},
	{0x0806, "rsa_pss_rsae_sha512"},
	{0x0807, "ed25519"},
	{0x0808, "ed448"},
	{0x0809, "rsa_pss_pss_sha256"},
	{0x080a, "rsa_pss_pss_sha384"},
	{0x080b, "rsa_pss_pss_sha512"},
	{0x081a, "ecdsa_brainpoolP256r1tls13_sha256"},
	{0x081b, "ecdsa_brainpoolP384r1tls13_sha384"},
	{0x081c, "ecdsa_brainpoolP512r1tls13_sha512"},
	{0x0904, "mldsa44"},
	{0x0905, "mldsa65"},
	{0x0906, "mldsa87"},
}

const (
	extServerName          = 0
	extStatusRequest       = 5
	extSupportedGroups     = 10
	extECPointFormats      = 11
	extSignatureAlgorithms = 13
	extALPN                = 16
	extSCT                 = 18
	extPadding             = 21
	extCompressCertificate = 27
	extRecordSizeLimit     = 28
	extSessionTicket       = 35
	extPreSharedKey        = 41
	extEarlyData           = 42
	extSupportedVersions   = 43
	extCookie              = 44
	extPSKModes            = 45
	extCertAuthorities     = 47
	extSignatureAlgsCert   = 50
	extKeyShare            = 51
	extRenegotiationInfo   = 0xff01
)

var extensionNames = names{
	{extServerName, "server_name"},
	{1, "max_fragment_length"},
	{extStatusRequest, "status_request"},
	{extSupportedGroups, "supported_groups"},
	{extECPointFormats, "ec_point_formats"},
	{extSignatureAlgorithms, "signature_algorithms"},
	{14, "use_srtp"},
	{15, "heartbeat"},
	{extALPN, "application_layer_protocol_negotiation"},
	{extSCT, "signed_certificate_timestamp"},
	{19, "client_certificate_type"},
	{20, "server_certificate_type"},
	{extPadding, "padding"},
	{22, "encrypt_then_mac"},
	{23, "extended_master_secret"},
	{extCompressCertificate, "compress_certificate"},
	{extRecordSizeLimit, "record_size_limit"},
	{34, "delegated_credential"},
	{extSessionTicket, "session_ticket"},
	{extPreSharedKey, "pre_shared_key"},
	{extEarlyData, "early_data"},
	{extSupportedVersions, "supported_versions"},
	{extCookie, "cookie"},
	{extPSKModes, "psk_key_exchange_modes"},
	{extCertAuthorities, "certificate_authorities"},
	{48, "oid_filters"},
	{49, "post_handshake_auth"},
	{extSignatureAlgsCert, "signature_algorithms_cert"},
	{extKeyShare, "key_share"},
	{57, "quic_transport_parameters"},
	{0x3374, "next_protocol_negotiation"},
	{0x4469, "application_settings_old"},
	{0x44cd, "application_settings"},
	{0xfd00, "ech_outer_extensions"},
	{0xfe0d, "encrypted_client_hello"},
	{extRenegotiationInfo, "renegotiation_info"},
}

var alertLevels = names{{1, "warning"}, {2, "fatal"}}

var alertDescriptions = names{
	{0, "close_notify"},
	{10, "unexpected_message"},
	{20, "bad_record_mac"},
	{21, "decryption_failed"},
	{22, "record_overflow"},
	{30, "decompression_failure"},
	{40, "handshake_failure"},
	{41, "no_certificate"},
	{42, "bad_certificate"},
	{43, "unsupported_certificate"},
	{44, "certificate_revoked"},
	{45, "certificate_expired"},
	{46, "certificate_unknown"},
	{47, "illegal_parameter"},
	{48, "unknown_ca"},
	{49, "access_denied"},
	{50, "decode_error"},
	{51, "decrypt_error"},
	{60, "export_restriction"},
	{70, "protocol_version"},
	{71, "insufficient_security"},
	{80, "internal_error"},
	{86, "inappropriate_fallback"},
	{90, "user_canceled"},
	{100, "no_renegotiation"},
	{109, "missing_extension"},
	{110, "unsupported_extension"},
	{111, "certificate_unobtainable"},
	{112, "unrecognized_name"},
	{113, "bad_certificate_status_response"},
	{114, "bad_certificate_hash_value"},
	{115, "unknown_psk_identity"},
	{116, "certificate_required"},
	{120, "no_application_protocol"},
	{121, "ech_required"},
}

var (
	compressionMethods = names{{0, "null"}, {1, "DEFLATE"}}
	serverNameTypes    = names{{0, "host_name"}}
	pskModes           = names{{0, "psk_ke"}, {1, "psk_dhe_ke"}}
	ecPointFormats     = names{{0, "uncompressed"}, {1, "ansiX962_compressed_prime"}, {2, "ansiX962_compressed_char2"}}
	certStatusTypes    = names{{1, "ocsp"}, {2, "ocsp_multi"}}
	certCompressions   = names{{1, "zlib"}, {2, "brotli"}, {3, "zstd"}}
	curveTypes         = names{{3, "named_curve"}}
	keyUpdateRequests  = names{{0, "update_not_requested"}, {1, "update_requested"}}
	clientCertTypes    = names{{1, "rsa_sign"}, {2, "dss_sign"}, {3, "rsa_fixed_dh"}, {4, "dss_fixed_dh"}, {64, "ecdsa_sign"}, {65, "rsa_fixed_ecdh"}, {66, "ecdsa_fixed_ecdh"}}
	changeCipherSpecs  = names{{1, "change_cipher_spec"}}
)
