package scenario

import (
	"crypto/tls"
	"slices"
	"strings"
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

// Suites3DES are among Go's insecure suites, which its server still speaks.
func TestSuites3DESAreGos(t *testing.T) {
	for _, name := range Suites3DES {
		found := false
		for _, cs := range tls.InsecureCipherSuites() {
			found = found || cs.Name == name && strings.Contains(name, "3DES")
		}
		if !found {
			t.Errorf("%s is not one of Go's 3DES suites", name)
		}
	}
}
