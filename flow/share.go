package flow

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/scenario/deflate"
)

// ChainRequest is a pasted chain as the page and tlsplay.inspect send it:
// the text as pasted, a dropped file's bytes (base64 in JSON), the host, and
// the time in RFC 3339 ("" for now).
type ChainRequest struct {
	Chain     string `json:"chain,omitempty"`
	ChainFile []byte `json:"chain_file,omitempty"`
	Roots     string `json:"roots,omitempty"`
	RootsFile []byte `json:"roots_file,omitempty"`
	Name      string `json:"name,omitempty"`
	Time      string `json:"time,omitempty"`
}

// ParseChainRequest reads a request's JSON.
func ParseChainRequest(js string) (ChainRequest, error) {
	var r ChainRequest
	if _, err := tjson.DecodeFirst([]byte(js), &r, true); err != nil {
		return r, errors.New("tlsplay.inspect takes an object: {chain, roots, name, time}, each a string (chain and roots may be a Uint8Array of a file's bytes)")
	}
	return r, nil
}

// Read is the chain the request names, at now when it names no time.
func (r ChainRequest) Read(now time.Time) (Chain, error) {
	c := Chain{Chain: pick(r.Chain, r.ChainFile), Roots: pick(r.Roots, r.RootsFile), Name: r.Name, Time: now}
	if t := strings.TrimSpace(r.Time); t != "" {
		var err error
		if c.Time, err = ParseTime(t); err != nil {
			return Chain{}, err
		}
	}
	return c, nil
}

// pick is a file's bytes if there are any, else the text.
func pick(text string, file []byte) []byte {
	if len(file) > 0 {
		return file
	}
	return []byte(text)
}

// ParseTime reads a time as a person writes it: RFC 3339, or a date and a
// time of day in UTC ("2026-06-01T12:00", "2026-06-01 12:00"), or a date
// alone (its midnight, UTC).
func ParseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("the time %s is not a date and time such as 2026-06-01T12:00:00Z", scenario.Quote(s, 40))
}

// A share link of a pasted chain carries the certificates alone, which are
// public (every server hands them to anyone who connects): "c1." and the
// base64url (no padding) of the raw-DEFLATE of a small JSON object with the
// chain's and the bundle's certificates (DER), the host and the time, if one
// was given. Whatever else was pasted (a private key, the text around the
// certificates) is not in it.
const chainLinkPrefix = "c1."

// chainLink is the JSON in a link.
type chainLink struct {
	Chain [][]byte `json:"chain"`
	Roots [][]byte `json:"roots,omitempty"` // none: Mozilla's roots
	Name  string   `json:"name,omitempty"`
	Time  string   `json:"time,omitempty"`
}

// ChainLink is the share-link fragment (without "#") of a request. A link too
// long to open is an error.
func ChainLink(r ChainRequest) (string, error) {
	chain, err := handshake.CertificatesDER(pick(r.Chain, r.ChainFile), "the chain")
	if err != nil {
		return "", err
	}
	l := chainLink{Chain: chain, Name: strings.TrimSpace(r.Name), Time: strings.TrimSpace(r.Time)}
	if roots := pick(r.Roots, r.RootsFile); len(bytes.TrimSpace(roots)) > 0 {
		if l.Roots, err = handshake.CertificatesDER(roots, "the CA bundle"); err != nil {
			return "", err
		}
	}
	js, err := tjson.Marshal(l)
	if err != nil {
		return "", err
	}
	frag := chainLinkPrefix + base64.RawURLEncoding.EncodeToString(deflate.Compress(js))
	if len(frag) > scenario.MaxFragmentLen {
		return "", fmt.Errorf("the certificates make a link of %d characters, and a link holds at most %d: share the PEM files instead", len(frag), scenario.MaxFragmentLen)
	}
	return frag, nil
}

// IsChainLink reports whether a fragment (without "#") is a chain's link, of
// any version: "c", a number and a dot.
func IsChainLink(frag string) bool {
	version, _, ok := strings.Cut(frag, ".")
	return ok && len(version) >= 2 && len(version) <= 4 && version[0] == 'c' && strings.Trim(version[1:], "0123456789") == ""
}

// Bounds on what a link's text fields may hold.
const (
	maxLinkName = 2048
	maxLinkTime = 64
)

// pemOf is a certificate's DER as PEM text.
func pemOf(der []byte) []byte { return pki.AppendPEM(nil, "CERTIFICATE", der) }

// ReadChainLink reads a chain's share link: the certificates (PEM text, as
// the box shows them), the host and the time. It refuses anything that is
// not certificates, whatever its length, and never panics.
func ReadChainLink(frag string) (ChainRequest, error) {
	if len(frag) > scenario.MaxFragmentLen {
		return ChainRequest{}, scenario.TooLong(len(frag))
	}
	version, payload, _ := strings.Cut(frag, ".")
	if version+"." != chainLinkPrefix {
		return ChainRequest{}, fmt.Errorf("share link: version %s is not one this page reads (it reads %q)", scenario.Quote(version, 40), strings.TrimSuffix(chainLinkPrefix, "."))
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || payload == "" {
		return ChainRequest{}, errors.New("share link: cut short or damaged: copy the whole link")
	}
	js, err := deflate.Inflate(raw, scenario.MaxJSONLen)
	if err != nil || len(js) > scenario.MaxJSONLen {
		return ChainRequest{}, errors.New("share link: damaged: the certificates in it cannot be unpacked")
	}
	var l chainLink
	if _, err := tjson.DecodeFirst(js, &l, true); err != nil || len(l.Chain) == 0 {
		return ChainRequest{}, errors.New("share link: damaged: it holds no certificates")
	}
	if len(l.Name) > maxLinkName || len(l.Time) > maxLinkTime {
		return ChainRequest{}, errors.New("share link: damaged: its host or time is longer than any")
	}
	pems := func(ders [][]byte, what string) (string, error) {
		var b strings.Builder
		for _, der := range ders {
			if _, err := handshake.CertificatesDER(der, what); err != nil {
				return "", fmt.Errorf("share link: %v", err)
			}
			b.Write(pemOf(der))
		}
		return b.String(), nil
	}
	r := ChainRequest{Name: l.Name, Time: l.Time}
	if r.Chain, err = pems(l.Chain, "the chain in it"); err != nil {
		return ChainRequest{}, err
	}
	if r.Roots, err = pems(l.Roots, "the CA bundle in it"); err != nil {
		return ChainRequest{}, err
	}
	return r, nil
}
