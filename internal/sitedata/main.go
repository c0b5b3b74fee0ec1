// Command sitedata writes the data files the page's WebAssembly fetches
// rather than holds (it is built with the tag tlsplay_fetchdata): the RSA key
// pool and Mozilla's roots (flow.PoolFile and flow.RootsFile). make site runs it:
//
//	go run ./internal/sitedata build/site
package main

import (
	"fmt"
	"os"

	"github.com/tlsplay/tlsplay/flow"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: sitedata DIR")
		os.Exit(2)
	}
	if err := flow.WriteSiteData(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "sitedata:", err)
		os.Exit(1)
	}
}
