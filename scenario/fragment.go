package scenario

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
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
	js, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	if len(js) > MaxJSONLen {
		return "", fragErr("the scenario is %d bytes of JSON, a link holds at most %d", len(js), MaxJSONLen)
	}
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(js); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	frag := fragmentPrefix + base64.RawURLEncoding.EncodeToString(buf.Bytes())
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
// invalid with an error naming the problem, and never panics.
func DecodeFragment(frag string) (*Scenario, error) {
	frag = strings.TrimPrefix(frag, "#")
	if len(frag) > MaxFragmentLen {
		return nil, fragErr("%d characters, at most %d", len(frag), MaxFragmentLen)
	}
	version, payload, ok := strings.Cut(frag, ".")
	if !ok || version == "" || version[0] != 's' {
		return nil, fragErr("not a tlsplay scenario link (expected it to start with %q)", fragmentPrefix)
	}
	if version+"." != fragmentPrefix {
		return nil, fragErr("version %q is not one this page reads (it reads %q)", version, strings.TrimSuffix(fragmentPrefix, "."))
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		var ce base64.CorruptInputError
		if errors.As(err, &ce) {
			return nil, fragErr("damaged: character %d is not base64url", int64(ce)+int64(len(fragmentPrefix))+1)
		}
		return nil, fragErr("damaged: %v", err)
	}
	js, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), MaxJSONLen+1))
	if err != nil {
		return nil, fragErr("damaged: the compressed scenario does not inflate (%v)", err)
	}
	if len(js) > MaxJSONLen {
		return nil, fragErr("the scenario inflates to more than %d bytes", MaxJSONLen)
	}
	return ParseJSON(js)
}

// ParseJSON reads a scenario from JSON, refusing unknown fields and trailing data,
// and validates it.
func ParseJSON(js []byte) (*Scenario, error) {
	if len(js) > MaxJSONLen {
		return nil, fmt.Errorf("scenario JSON: %d bytes, at most %d", len(js), MaxJSONLen)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	var s Scenario
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("scenario JSON: %v", err)
	}
	// Decoder.More would let a stray "]" or "}" through: only the end may follow.
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("scenario JSON: unexpected data after the scenario")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}
