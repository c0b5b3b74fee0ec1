//go:build js && wasm

// Command worker is the optional Cloudflare Worker that probes a real host: a real
// TLS handshake with Go's crypto/tls over a Cloudflare TCP socket, answered with the
// same trace the engine produces for the crafted stories.
//
//	GET /probe?host=H[&port=P][&sni=S]
//
// The handshake completes with verification off so the chain is always captured;
// the verdict is Go's x509 verification for H against Mozilla's roots. Every
// refusal is a JSON object {"error": "..."} with a fitting status. Configuration
// comes from the worker's vars (wrangler.toml): see config.go.
package main

import (
	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
)

func main() {
	// syumai/workers starts a fresh Go instance for every request, so reading the
	// vars here is reading them per request.
	cfg, err := loadConfig(cloudflare.Getenv)
	workers.Serve(&server{cfg: cfg, cfgErr: err})
}
