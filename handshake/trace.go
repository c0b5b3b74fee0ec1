package handshake

import (
	"encoding/hex"
	"time"

	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/scenario"
)

// Field is one labelled range of a step's bytes; a step's fields tile its bytes.
type Field = wire.Field

// Trace is everything that happened, as data: the page, the CLI and the tests all
// render the same value. What the layers above need to know is here as values
// (message types, what was offered and chosen, the certificates' facts): nothing
// above this package reads bytes or display labels again.
type Trace struct {
	Scenario *scenario.Scenario `json:"scenario"`
	Steps    []Step             `json:"steps"`
	// Version and CipherSuite name what was negotiated, for people (empty if
	// nothing was); Negotiated has the values.
	Version     string `json:"version,omitempty"`
	CipherSuite string `json:"cipher_suite,omitempty"`
	// Offered is what the client's ClientHello offered (zero without one).
	Offered Offered `json:"offered"`
	// Negotiated is what the server chose (zero where the handshake never got there).
	Negotiated Negotiated `json:"negotiated"`
	// AcceptableCAs are the issuers the server's CertificateRequest names for
	// the client's certificate (none without a request, or when it names none).
	AcceptableCAs []Name `json:"acceptable_cas,omitempty"`
	// Target is the host:port a probe talked to (empty for a scenario).
	Target string `json:"target,omitempty"`
	// DottedSNI is what a probed host, dialled by a name with its trailing dot,
	// answered a ClientHello naming it with the dot, as s_client and Node send
	// it (DottedSNI's answer: DottedAccepted or an alert's name); empty when
	// not asked.
	DottedSNI string `json:"dotted_sni,omitempty"`
	// Pasted is what an inspection knows of how its chain and bundle were
	// given (nil for a handshake, or when there is nothing to say).
	Pasted *Pasted `json:"pasted,omitempty"`
	// KeyLog is the NSS key log of the connection, for Wireshark.
	KeyLog string `json:"keylog,omitempty"`
	// Segments are the raw bytes each side wrote, in order, for the pcapng export.
	Segments []Segment `json:"-"`
	// Outcome is the verdict; it comes last, after what led to it.
	Outcome Outcome `json:"outcome"`

	// unfilled are the message steps whose fields FillFields decodes
	// (Material.DeferFields).
	unfilled []unfilled
}

// unfilled is a message step without its fields, and how to decode them.
type unfilled struct {
	step int
	ctx  wire.Context
}

// FillFields decodes the fields of the handshake messages a run with
// Material.DeferFields left without, as the run would have; a trace has
// them all then.
func (t *Trace) FillFields() {
	for _, u := range t.unfilled {
		if st := &t.Steps[u.step]; st.Fields == nil {
			dm, _ := wire.DecodeMessage(st.Bytes, u.ctx)
			st.Fields = dm.Fields
		}
	}
	t.unfilled = nil
}

// Offered is what a ClientHello offered, in its order.
type Offered struct {
	Versions     []wire.Version     `json:"versions,omitempty"`
	CipherSuites []wire.CipherSuite `json:"cipher_suites,omitempty"`
	Groups       []wire.Group       `json:"groups,omitempty"`
	// KeyShares are the groups the client sent a key share for.
	KeyShares []wire.Group `json:"key_shares,omitempty"`
	ALPN      []string     `json:"alpn,omitempty"`
	// SNI is the server_name sent ("" for none, as for an IP address).
	SNI string `json:"sni,omitempty"`
}

// Negotiated is what the server chose.
type Negotiated struct {
	Version     wire.Version     `json:"version,omitempty"`
	CipherSuite wire.CipherSuite `json:"cipher_suite,omitempty"`
	// Group is the key exchange's group: TLS 1.3's key share, TLS 1.2's ECDHE
	// curve (zero for other key exchanges).
	Group wire.Group `json:"group,omitempty"`
	// HelloRetry is set when the server first asked for another key share.
	HelloRetry bool `json:"hello_retry,omitempty"`
	// ALPN is the application protocol chosen ("" for none).
	ALPN string `json:"alpn,omitempty"`
}

// Segment is one write on the wire.
type Segment struct {
	Side Side
	Data []byte
	At   time.Duration // since the start of the connection
}

// Step is one beat of the story: a record on the wire, a message inside it, a
// secret learned, a check made.
type Step struct {
	Side Side   `json:"side"` // who sent it, or who checked
	Kind Kind   `json:"kind"`
	Name string `json:"name"`
	// Question is a check's name as the question it answers, in words that
	// stay true whether it passes or fails ("Is the certificate for
	// example.com?"); "" for other steps.
	Question string `json:"question,omitempty"`
	// ContentType is the record's content type for a record step, the content's
	// for what it carried (a message, an alert, application data); zero for
	// steps not on the wire.
	ContentType wire.ContentType `json:"content_type,omitempty"`
	// HandshakeType is a message step's type (HelloRequest's is zero); a
	// HelloRetryRequest is a ServerHello with HelloRetry set.
	HandshakeType wire.HandshakeType `json:"handshake_type,omitempty"`
	HelloRetry    bool               `json:"hello_retry,omitempty"`
	// Encrypted is true when the bytes travelled encrypted and are shown decrypted
	// (or, for a record, when the record itself is ciphertext).
	Encrypted bool `json:"encrypted"`
	// Record is the index of the record step that carried this message (-1 for
	// steps that are not on the wire).
	Record int `json:"record"`
	// Records, for a message spread over several records, are the record
	// steps that carried it, in order (Record is the last); nil otherwise.
	Records []int         `json:"records,omitempty"`
	Bytes   Hex           `json:"bytes,omitempty"`
	Fields  []Field       `json:"fields,omitempty"`
	Certs   []CertSummary `json:"certs,omitempty"`
	// OK is set for checks: did it pass? Advisory checks were computed but not
	// enforced (verify=False).
	OK       *bool  `json:"ok,omitempty"`
	Advisory bool   `json:"advisory,omitempty"`
	Detail   string `json:"detail,omitempty"`
	// Checks is what a check step checks (see CheckKind), "" for other steps.
	Checks CheckKind `json:"checks,omitempty"`
	// Reason is what a failed check means.
	Reason *Reason `json:"reason,omitempty"`
	// Issuer is, for the anchor check of a pasted certificate that came
	// alone and whose issuer nobody knows, what the certificate says of that
	// issuer: which reading (missing intermediate, private root) comes first.
	Issuer *MissingIssuer `json:"missing_issuer,omitempty"`
	// Spec is, for an advisory check, the rule of a specification it states
	// and Go does not enforce as written ("RFC 5280, 4.2.1.1").
	Spec string `json:"spec,omitempty"`
	// Anchor is, for the anchor check of a chain that reached the trust
	// store, where it did (nil for other steps).
	Anchor *Anchor `json:"anchor,omitempty"`
}

// Anchor is the trusted certificate a verified chain ends at. Go takes any
// certificate of its trust store for an anchor; OpenSSL, unless told
// X509_V_FLAG_PARTIAL_CHAIN, goes on up the trust store to a self-signed one,
// and refuses the chain without ("unable to get issuer certificate").
type Anchor struct {
	// SHA256 is its fingerprint, as CertSummary's; Name its short name.
	SHA256 string `json:"sha256"`
	Name   string `json:"name"`
	// SelfSigned says it signed itself: a root.
	SelfSigned bool `json:"self_signed,omitempty"`
	// RootAbove says, for one that did not sign itself, that the trust
	// store holds its issuers up to one that did.
	RootAbove bool `json:"root_above,omitempty"`
	// Held names, for one that is no CA (the bank's own certificate in
	// the store), the CA that issued it when the store holds that too, and
	// HeldIssuer how that CA calls its own issuer: OpenSSL, which takes no
	// such certificate for an anchor, goes on to that CA, and without a
	// root above it (RootAbove) its chain ends there.
	Held       string `json:"held,omitempty"`
	HeldIssuer string `json:"held_issuer,omitempty"`
}

// Outcome is the verdict.
type Outcome struct {
	_      noCompare
	OK     bool   `json:"ok"`
	Reason Reason `json:"reason"`
	// Side is who refused (or, for a success, who would have refused: none).
	Side  *Side `json:"side,omitempty"`
	Stage Stage `json:"stage"`
	// ClientError and ServerError are each side's Go error text.
	ClientError string `json:"client_error,omitempty"`
	ServerError string `json:"server_error,omitempty"`
	// Alert is the first fatal alert on the wire; AlertFrom who sent it.
	Alert     string `json:"alert,omitempty"`
	AlertFrom *Side  `json:"alert_from,omitempty"`
	// Check is the index of the step of the check that failed, -1 if none.
	Check int `json:"check"`
	// Detail is one technical sentence about what went wrong.
	Detail string `json:"detail,omitempty"`
	// Response is what the courier read from the bank, if it got that far.
	Response string `json:"response,omitempty"`
}

// IsMessage reports whether st is a handshake message of type t (a
// HelloRetryRequest is no ServerHello here).
func (st *Step) IsMessage(t wire.HandshakeType) bool {
	return st.Kind == KindMessage && st.HandshakeType == t && !st.HelloRetry
}

// Hex is bytes that travel as a hex string in JSON. It marshals as text:
// the encoder then writes the string as it is, where the JSON of a
// MarshalJSON would be read through once more (a step's bytes are most of an
// answer).
type Hex []byte

func (h Hex) MarshalText() ([]byte, error) { return hex.AppendEncode(nil, h), nil }

func (h *Hex) UnmarshalJSON(b []byte) error {
	var s string
	if err := tjson.Unmarshal(b, &s); err != nil {
		return err
	}
	d, err := hex.DecodeString(s)
	*h = d
	return err
}

// CheckKind is what a check checks, whether it passed or failed: the words
// above say why it matters by it, never by its name.
type CheckKind string

const (
	CheckPresented       CheckKind = "presented"        // a certificate was shown at all
	CheckValidity        CheckKind = "validity"         // in date at the checker's clock
	CheckName            CheckKind = "name"             // made out to the name dialled
	CheckPurpose         CheckKind = "purpose"          // its extended key usage allows this use
	CheckSignature       CheckKind = "signature"        // its issuer's key signed it
	CheckIsCA            CheckKind = "is_ca"            // the issuer may issue certificates at all
	CheckCAKeyUsage      CheckKind = "ca_key_usage"     // the issuer's key may sign certificates
	CheckPathLength      CheckKind = "path_length"      // the chain is no longer than a CA allows
	CheckCritical        CheckKind = "critical"         // every critical extension is understood
	CheckNameConstraints CheckKind = "name_constraints" // the issuer may vouch for these names
	CheckAnchor          CheckKind = "anchor"           // the chain ends in the checker's trust store
	CheckNotRevoked      CheckKind = "not_revoked"      // its issuer has not revoked it
	CheckKeyStrength     CheckKind = "key_strength"     // the key is strong enough for every client
	CheckBadgeLoads      CheckKind = "badge_loads"      // the courier could load its badge and key
	CheckParses          CheckKind = "parses"           // Go can read the certificate
	CheckStandard        CheckKind = "standard"         // a specification's rule Go does not enforce
)
