package scenario

import (
	"crypto/tls"
	"slices"
	"testing"
)

// TLS12Suites is Go's own list of TLS 1.2-only suites, in Go's order.
func TestTLS12SuitesAreGos(t *testing.T) {
	var want []string
	for _, cs := range tls.CipherSuites() {
		if slices.Contains(cs.SupportedVersions, tls.VersionTLS12) && !slices.Contains(cs.SupportedVersions, tls.VersionTLS13) {
			want = append(want, cs.Name)
		}
	}
	if !slices.Equal(TLS12Suites, want) {
		t.Errorf("TLS12Suites = %q\nGo offers %q", TLS12Suites, want)
	}
}
