// Command offline writes a built site's service worker (make site runs it
// once every other file of the site is in place, before precompress): the
// page's site/sw.js, told the build's version and the SHA-256 of each of its
// files (see static.WriteServiceWorker).
//
//	go run ./internal/offline -sw site/sw.js build/site
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/tlsplay/tlsplay/internal/static"
)

func main() {
	sw := flag.String("sw", "site/sw.js", "the service worker's script")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: offline [-sw site/sw.js] DIR")
		os.Exit(2)
	}
	script, err := os.ReadFile(*sw)
	if err != nil {
		fmt.Fprintln(os.Stderr, "offline:", err)
		os.Exit(1)
	}
	b, err := static.WriteServiceWorker(flag.Arg(0), script)
	if err != nil {
		fmt.Fprintln(os.Stderr, "offline:", err)
		os.Exit(1)
	}
	fmt.Printf("sw.js: build %s, %d files\n", b.Version, len(b.Files))
}
