//go:build js && wasm && tlsplay_testhooks

// This file is compiled only into the worker that the tests build (make
// test-worker, with -tags tlsplay_testhooks). The production worker (make worker)
// lacks it, so no var of a deployed worker can let a probe reach loopback or trust
// another root.

package main

import "fmt"

// The test build's vars.
const (
	// varTestLoopback "1" lets probes (and issuer fetches) reach 127.0.0.1 and ::1
	// written so, on any port; every other form of a loopback address stays refused.
	varTestLoopback = "TLSPLAY_TEST_ALLOW_LOOPBACK"
	// varTestRoots holds PEM certificates trusted besides Mozilla's roots.
	varTestRoots = "TLSPLAY_TEST_ROOT_PEM"
)

func init() { testSettings = loadTestSettings }

func loadTestSettings(getenv func(string) string, c *config) error {
	c.guard.Loopback = getenv(varTestLoopback) == "1"
	if pem := getenv(varTestRoots); pem != "" {
		if c.extraRoots = parseCertificates([]byte(pem)); len(c.extraRoots) == 0 {
			return fmt.Errorf("%s holds no certificate", varTestRoots)
		}
	}
	return nil
}
