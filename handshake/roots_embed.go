//go:build !tlsplay_fetchdata

package handshake

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"time"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// mozillaRoots is the store built in.
func mozillaRoots() ([]mozillaRoot, error) {
	var out []mozillaRoot
	for r := range bundle.Roots() {
		out = append(out, mozillaRoot{der: r.Certificate, constraint: r.Constraint})
	}
	return out, nil
}

// mayNameMozilla leaves it to the store: looking a name up in it costs
// nothing once the store is built in.
func mayNameMozilla([]byte) bool { return true }

// MozillaRootsPEM is Mozilla's store as a file, for the page's WebAssembly
// (built with tlsplay_fetchdata) to fetch: make site puts it beside it. Each
// root is a CERTIFICATE block; one distrusted for what it issues after a date
// has that date in a Distrust-After header.
func MozillaRootsPEM() ([]byte, error) {
	var out []byte
	for r := range bundle.Roots() {
		b := &pem.Block{Type: "CERTIFICATE", Bytes: r.Certificate}
		if r.Constraint != nil {
			after, err := distrustDate(r.Constraint)
			if err != nil {
				return nil, err
			}
			b.Headers = map[string]string{distrustHeader: after.Format(time.RFC3339)}
		}
		out = append(out, pem.EncodeToMemory(b)...)
	}
	return out, nil
}

// distrustDate finds the date of a distrust-after constraint (the bundle
// keeps it inside a function): the last second at which a certificate may
// have been issued and pass, found by halving, and checked to be exact.
func distrustDate(constraint func([]*x509.Certificate) error) (time.Time, error) {
	refuses := func(t time.Time) bool { return constraint([]*x509.Certificate{{NotBefore: t}}) != nil }
	lo, hi := time.Unix(0, 0).Unix(), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	if refuses(time.Unix(lo, 0)) || !refuses(time.Unix(hi, 0)) {
		return time.Time{}, errors.New("a root's constraint is no distrust-after date")
	}
	for hi-lo > 1 {
		if mid := lo + (hi-lo)/2; refuses(time.Unix(mid, 0)) {
			hi = mid
		} else {
			lo = mid
		}
	}
	after := time.Unix(lo, 0).UTC()
	if !refuses(after.Add(time.Nanosecond)) {
		return time.Time{}, errors.New("a root's distrust-after date is not a whole second")
	}
	return after, nil
}
