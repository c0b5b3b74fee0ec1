// Command sitedata writes the data files the page's WebAssembly fetches
// rather than holds (it is built with the tag tlsplay_fetchdata): the RSA key
// pool and Mozilla's roots (flow.PoolFile and flow.RootsFile), and the
// stories' issuing certificates of each day ahead (flow.WriteDays), which
// boot.js gives the engine with the link's story. make site runs it:
//
//	go run ./internal/sitedata build/site
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/ui"
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
	if err := flow.WriteDays(os.Args[1], ui.DefaultPreset, time.Now(), flow.DaysAhead); err != nil {
		fmt.Fprintln(os.Stderr, "sitedata:", err)
		os.Exit(1)
	}
}
