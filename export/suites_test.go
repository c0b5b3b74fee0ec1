package export

import (
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// Every cipher suite a scenario may give the bank has its OpenSSL name in
// run-server.sh's -cipher: a suite the list lacked became an empty name, and
// the 3DES bank's -cipher ":", which no OpenSSL starts with.
func TestOpenSSLSuites(t *testing.T) {
	for _, n := range slices.Concat(scenario.TLS12Suites, scenario.Suites3DES) {
		if opensslSuites.Of(n) == "" {
			t.Errorf("%s has no OpenSSL name", n)
		}
	}
	s := scenario.Lookup("3des-only-bank").At(scenario.PresetClock)
	cipher := serverCiphers(world{s: s})
	for _, want := range []string{"DES-CBC3-SHA", "@SECLEVEL=0"} {
		if !strings.Contains(cipher, want) {
			t.Errorf("3des-only-bank's -cipher is %q: no %s", cipher, want)
		}
	}
	if strings.Contains(":"+cipher+":", "::") {
		t.Errorf("-cipher %q holds an empty name", cipher)
	}
}
