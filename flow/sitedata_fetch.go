//go:build tlsplay_fetchdata

package flow

import (
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
)

// UseSiteData makes the engine get PoolFile and RootsFile with fetch, by
// name, when a scenario first needs one.
func UseSiteData(fetch func(name string) ([]byte, error)) {
	pki.FetchPool = func() ([]byte, error) { return fetch(PoolFile) }
	handshake.FetchMozillaRoots = func() ([]byte, error) { return fetch(RootsFile) }
}
