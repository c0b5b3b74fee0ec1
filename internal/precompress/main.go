// Command precompress writes name.gz and name.br beside each compressible file
// of a built site, at the best compression of each (make site runs it), for
// `tlsplay serve` and for static hosts that serve such copies.
//
//	go run ./internal/precompress build/site
package main

import (
	"fmt"
	"os"

	"github.com/tlsplay/tlsplay/internal/static"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress DIR")
		os.Exit(2)
	}
	if err := static.Precompress(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "precompress:", err)
		os.Exit(1)
	}
}
