package handshake

//go:generate go tool stringer -type Reason,Side,Kind,Stage -linecomment -output names_string.go

import (
	"encoding"
	"fmt"

	"github.com/tlsplay/tlsplay/internal/tjson"
)

// Reason is why a scenario ended as it did: a closed set, like x509.InvalidReason.
// Its string (the line comment) is the id used in JSON, URLs and the CLI.
type Reason int

const (
	OK                         Reason = iota // ok
	InsecureSkipVerify                       // insecure_skip_verify
	UnknownAuthority                         // unknown_authority
	UntrustedRoot                            // untrusted_root
	MissingIntermediate                      // missing_intermediate
	SelfSigned                               // self_signed
	HostnameMismatch                         // hostname_mismatch
	CNOnly                                   // cn_only
	Expired                                  // expired
	NotYetValid                              // not_yet_valid
	WrongEKU                                 // wrong_eku
	NotACA                                   // not_a_ca
	PathTooLong                              // path_len
	NameConstraints                          // name_constraints
	WeakSignature                            // weak_signature
	BadSignature                             // bad_signature
	UnsupportedSignature                     // unsupported_signature
	CAKeyUsage                               // ca_key_usage
	UnhandledCriticalExtension               // unhandled_critical_extension
	MalformedCertificate                     // malformed_certificate
	NoCertificate                            // no_server_certificate
	ProtocolVersion                          // protocol_version
	NoSharedCipher                           // no_shared_cipher
	NoSharedGroup                            // no_shared_group
	NoSharedALPN                             // no_application_protocol
	ClientCertMissing                        // client_cert_missing
	ClientCertUnknownCA                      // client_cert_unknown_ca
	ClientCertExpired                        // client_cert_expired
	ClientCertNotYetValid                    // client_cert_not_yet_valid
	ClientCertWrongEKU                       // client_cert_wrong_eku
	ClientCertInvalid                        // client_cert_invalid
	ClientKeyMismatch                        // client_key_mismatch
	ClientKeyMissing                         // client_key_missing
	ClientKeyEncrypted                       // client_key_encrypted
	RevokedUnchecked                         // revoked_unchecked
	Revoked                                  // revoked
	HandshakeFailure                         // handshake_failure
	Timeout                                  // timeout
	numReasons
)

// Reasons lists every reason.
func Reasons() []Reason {
	rs := make([]Reason, numReasons)
	for i := range rs {
		rs[i] = Reason(i)
	}
	return rs
}

// ParseReason returns the reason with the given id.
func ParseReason(id string) (Reason, error) {
	for _, r := range Reasons() {
		if r.String() == id {
			return r, nil
		}
	}
	return 0, fmt.Errorf("unknown reason %q", id)
}

// Side is one end of the connection.
type Side int

const (
	Client Side = iota // client
	Server             // server
)

// Kind says what a step of the trace is.
type Kind int

const (
	KindRecord  Kind = iota // record
	KindMessage             // message
	KindAlert               // alert
	KindCCS                 // change_cipher_spec
	KindAppData             // app_data
	KindSecret              // secret
	KindCheck               // check
	KindEvent               // event
)

// Stage is where a failure surfaced.
type Stage int

const (
	StageNone          Stage = iota // none
	StageLoadClientKey              // load_client_key
	StageHandshake                  // handshake
	StageFirstRead                  // first_read
)

// The enums travel as their names in JSON.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }
func (s Side) MarshalText() ([]byte, error)   { return []byte(s.String()), nil }
func (k Kind) MarshalText() ([]byte, error)   { return []byte(k.String()), nil }
func (s Stage) MarshalText() ([]byte, error)  { return []byte(s.String()), nil }

func (r *Reason) UnmarshalText(b []byte) (err error) { *r, err = ParseReason(string(b)); return }
func (s *Side) UnmarshalText(b []byte) error         { return unmarshalEnum(b, s, []Side{Client, Server}) }
func (k *Kind) UnmarshalText(b []byte) error {
	return unmarshalEnum(b, k, []Kind{KindRecord, KindMessage, KindAlert, KindCCS, KindAppData, KindSecret, KindCheck, KindEvent})
}
func (s *Stage) UnmarshalText(b []byte) error {
	return unmarshalEnum(b, s, []Stage{StageNone, StageLoadClientKey, StageHandshake, StageFirstRead})
}

func unmarshalEnum[T fmt.Stringer](b []byte, dst *T, all []T) error {
	for _, v := range all {
		if v.String() == string(b) {
			*dst = v
			return nil
		}
	}
	return fmt.Errorf("unknown value %q", b)
}

var (
	_ encoding.TextMarshaler = Hex(nil)
	_ tjson.Unmarshaler      = (*Hex)(nil)
)
