package scenario

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/scenario/deflate"
)

// A share link carries the whole scenario in the URL fragment, so opening it needs
// no server: "s1." followed by the base64url (no padding) of the raw-DEFLATE of the
// scenario's JSON. The version prefix lets a later page read old links.
const fragmentPrefix = "s1."

// Limits a decoder enforces before doing any work proportional to the input.
const (
	MaxFragmentLen = 16 << 10 // characters of the encoded fragment
	MaxJSONLen     = 64 << 10 // bytes of the inflated JSON
)

// EncodeFragment returns the share-link fragment (without "#") for s. A scenario
// too large for DecodeFragment to accept is an error: a link that cannot be opened
// is worse than none.
func EncodeFragment(s *Scenario) (string, error) {
	js, err := tjson.Marshal(s.Undated())
	if err != nil {
		return "", err
	}
	if len(js) > MaxJSONLen {
		return "", fragErr("the scenario is %d bytes of JSON, a link holds at most %d", len(js), MaxJSONLen)
	}
	frag := fragmentPrefix + base64.RawURLEncoding.EncodeToString(deflate.Compress(js))
	if len(frag) > MaxFragmentLen {
		return "", fragErr("the scenario compresses to %d characters, a link holds at most %d", len(frag), MaxFragmentLen)
	}
	return frag, nil
}

// FragmentError says why a share link could not be read.
type FragmentError struct{ Msg string }

func (e *FragmentError) Error() string { return "share link: " + e.Msg }

func fragErr(format string, args ...any) error {
	return &FragmentError{fmt.Sprintf(format, args...)}
}

// DecodeFragment reads a share-link fragment (with or without the leading "#") and
// returns the scenario, validated. It rejects anything malformed, oversized or
// invalid with an error naming the problem, and never panics. The length is
// checked first, before any work that grows with it.
func DecodeFragment(frag string) (*Scenario, error) {
	frag = strings.TrimPrefix(frag, "#")
	if len(frag) > MaxFragmentLen {
		return nil, TooLong(len(frag))
	}
	version, payload, ok := strings.Cut(frag, ".")
	if !ok || version == "" || version[0] != 's' {
		return nil, fragErr("not a tlsplay scenario link (expected it to start with %q)", fragmentPrefix)
	}
	if version+"." != fragmentPrefix {
		return nil, fragErr("version %q is not one this page reads (it reads %q)", version, strings.TrimSuffix(fragmentPrefix, "."))
	}
	if payload == "" {
		return nil, errCutShort
	}
	// A link is letters, digits, '-' and '_' (base64url, unpadded): a character
	// outside them was changed on the way; once they all are, a length that
	// does not decode means the end is missing.
	for i := 0; i < len(payload); i++ {
		if !isLinkChar(payload[i]) {
			r, _ := utf8.DecodeRuneInString(payload[i:])
			return nil, fragErr("damaged: character %d (%q) cannot be in a tlsplay link, which holds only letters, digits, '-' and '_'", i+len(fragmentPrefix)+1, r)
		}
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil, errCutShort
	}
	js, err := deflate.Inflate(raw, MaxJSONLen)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, errCutShort
	case err != nil:
		return nil, fragErr("damaged: the scenario in it cannot be unpacked (was part of it changed?)")
	case len(js) > MaxJSONLen:
		return nil, fragErr("the scenario in it unpacks to more than %d KB, more than any scenario", MaxJSONLen>>10)
	}
	return ParseJSON(js)
}

// TooLong is the error for a link of n characters, over MaxFragmentLen. The
// page says it before it even reads such a link into its program.
func TooLong(n int) error {
	return fragErr("too long: %d characters, a link holds at most %d", n, MaxFragmentLen)
}

// errCutShort is a link whose end is missing, the commonest damage: a link
// copied in part, or cut where a chat wrapped it. (Not by fragErr: every
// program would run fmt at its start for it.)
var errCutShort = &FragmentError{"cut short: the link ends before the scenario does; copy the whole link"}

func isLinkChar(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// ParseJSON reads a scenario from JSON, refusing unknown fields and trailing data,
// and validates it.
func ParseJSON(js []byte) (*Scenario, error) {
	if len(js) > MaxJSONLen {
		return nil, fmt.Errorf("scenario JSON: larger than %d KB, more than any scenario", MaxJSONLen>>10)
	}
	var s Scenario
	end, err := tjson.DecodeFirst(js, &s, true)
	if err != nil {
		return nil, jsonError(js, err)
	}
	// Only spaces may follow.
	if len(bytes.TrimLeft(js[end:], " \t\r\n")) > 0 {
		return nil, errors.New("scenario JSON: unexpected data after the scenario")
	}
	// A zero clock is one a person wrote (0001-01-01: too early), or none at
	// all (today).
	if err := s.validate(s.Now.IsZero() && hasClock(js)); err != nil {
		return nil, err
	}
	return &s, nil
}

// hasClock reports whether scenario JSON gives the clock at all (null is not
// one). Keys match as the decoder matches them, ignoring case.
func hasClock(js []byte) bool {
	var c struct {
		Now tjson.Raw `json:"now"`
	}
	return tjson.Unmarshal(js, &c) == nil && len(c.Now) > 0 && string(c.Now) != "null"
}
