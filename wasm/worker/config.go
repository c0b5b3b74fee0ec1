//go:build js && wasm

package main

import (
	"crypto/x509"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
)

// The worker's vars (wrangler.toml [vars]); an empty or missing var takes the default.
const (
	// varPorts is a comma-separated list of the destination ports a probe may use.
	varPorts     = "ALLOWED_PORTS"
	defaultPorts = "443,8443"
	// varOrigins is a comma-separated list of the exact origins (scheme://host[:port])
	// whose pages may read the answers. Empty: none, only non-browser clients.
	varOrigins = "ALLOWED_ORIGINS"
	// varTimeout bounds each connection: connect, handshake and the HEAD after it.
	varTimeout     = "PROBE_TIMEOUT"
	defaultTimeout = 8 * time.Second
	minTimeout     = time.Second
	maxTimeout     = 20 * time.Second
)

// config is the worker's policy: what it may connect to and who may read it.
type config struct {
	ports   []int
	origins []string
	timeout time.Duration

	// The two below are set only by the test build (testhooks.go); the production
	// worker has no code that sets them, whatever its vars say.

	// guard is what a probe and an issuer fetch may reach; the test build's
	// admits 127.0.0.1 and ::1, as written, for the tests' servers.
	guard handshake.ProbeGuard
	// extraRoots are trusted besides Mozilla's roots (the tests' root).
	extraRoots []*x509.Certificate
}

// testSettings is nil in the production build; testhooks.go sets it.
var testSettings func(getenv func(string) string, c *config) error

func loadConfig(getenv func(string) string) (*config, error) {
	c := &config{timeout: defaultTimeout}
	ports := getenv(varPorts)
	if ports == "" {
		ports = defaultPorts
	}
	for _, f := range strings.Split(ports, ",") {
		p, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || p < 1 || p > 65535 {
			return nil, fmt.Errorf("%s: %q is not a port", varPorts, f)
		}
		c.ports = append(c.ports, p)
	}
	for _, f := range strings.Split(getenv(varOrigins), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if u, err := url.Parse(f); err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" || u.RawQuery != "" {
			return nil, fmt.Errorf("%s: %q is not an origin (scheme://host[:port])", varOrigins, f)
		}
		c.origins = append(c.origins, f)
	}
	if v := getenv(varTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < minTimeout || d > maxTimeout {
			return nil, fmt.Errorf("%s: %q is not a duration between %s and %s", varTimeout, v, minTimeout, maxTimeout)
		}
		c.timeout = d
	}
	if testSettings != nil {
		if err := testSettings(getenv, c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// portError says why port may not be probed.
func (c *config) portError(port int) error {
	if slices.Contains(c.ports, port) {
		return nil
	}
	allowed := make([]string, len(c.ports))
	for i, p := range c.ports {
		allowed[i] = strconv.Itoa(p)
	}
	return fmt.Errorf("port %d is not allowed (allowed: %s)", port, strings.Join(allowed, ", "))
}
