// Command sitedata writes the data files the page's WebAssembly fetches
// rather than holds (it is built with the tag tlsplay_fetchdata): the RSA key
// pool, rsapool.pem, and Mozilla's roots, mozilla-roots.pem. make site runs it:
//
//	go run ./internal/sitedata build/site
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: sitedata DIR")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "sitedata:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	roots, err := handshake.MozillaRootsPEM()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "mozilla-roots.pem"), roots, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "rsapool.pem"), pki.PoolPEM(), 0o644)
}
