package handshake

import (
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

// Field is one labelled range of a step's bytes; a step's fields tile its bytes.
type Field = wire.Field

// Trace is everything that happened, as data: the page, the CLI and the tests all
// render the same value.
type Trace struct {
	Scenario *scenario.Scenario `json:"scenario"`
	Steps    []Step             `json:"steps"`
	Outcome  Outcome            `json:"outcome"`
	// Version and CipherSuite are what was negotiated (empty if nothing was).
	Version     string `json:"version,omitempty"`
	CipherSuite string `json:"cipher_suite,omitempty"`
	// Target is the host:port a probe talked to (empty for a scenario).
	Target string `json:"target,omitempty"`
	// KeyLog is the NSS key log of the connection, for Wireshark.
	KeyLog string `json:"keylog,omitempty"`
	// Segments are the raw bytes each side wrote, in order, for the pcapng export.
	Segments []Segment `json:"-"`
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
	// Encrypted is true when the bytes travelled encrypted and are shown decrypted
	// (or, for a record, when the record itself is ciphertext).
	Encrypted bool `json:"encrypted"`
	// Record is the index of the record step that carried this message (-1 for
	// steps that are not on the wire).
	Record int           `json:"record"`
	Bytes  Hex           `json:"bytes,omitempty"`
	Fields []Field       `json:"fields,omitempty"`
	Certs  []CertSummary `json:"certs,omitempty"`
	// OK is set for checks: did it pass? Advisory checks were computed but not
	// enforced (verify=False).
	OK       *bool  `json:"ok,omitempty"`
	Advisory bool   `json:"advisory,omitempty"`
	Detail   string `json:"detail,omitempty"`
	// Reason is what a failed check means.
	Reason *Reason `json:"reason,omitempty"`
	// Spec is, for an advisory check, the rule of a specification it states
	// and Go does not enforce as written ("RFC 5280, 4.2.1.1").
	Spec string `json:"spec,omitempty"`
}

// Outcome is the verdict.
type Outcome struct {
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
	// Explain and Clients are filled in by the explain package.
	Explain any `json:"explain,omitempty"`
	Clients any `json:"clients,omitempty"`
}

// Hex is bytes that travel as a hex string in JSON.
type Hex []byte

func (h Hex) MarshalJSON() ([]byte, error) { return json.Marshal(hex.EncodeToString(h)) }

func (h *Hex) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	d, err := hex.DecodeString(s)
	*h = d
	return err
}
