//go:build !tlsplay_fetchdata

package flow

import (
	"os"
	"path/filepath"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
)

// WriteSiteData writes PoolFile and RootsFile into dir, from the copies this
// program has built in.
func WriteSiteData(dir string) error {
	roots, err := handshake.MozillaRootsPEM()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, RootsFile), roots, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, PoolFile), pki.PoolPEM(), 0o644)
}
