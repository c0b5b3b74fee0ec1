package explain

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/scenario"
)

// TestPipLens: a story through pip's lens gives pip's own line, its
// bundle and its calls, in its words, not requests'.
func TestPipLens(t *testing.T) {
	for _, tt := range []struct {
		preset                      string
		ok                          bool
		message, bundle, wrong, fix string
	}{
		{"hostname-mismatch", false,
			"Could not fetch URL https://bankofamerica.com:{port}/simple/vault/: There was a problem confirming the ssl certificate: HTTPSConnectionPool(host='bankofamerica.com', port={port}): Max retries exceeded with url: /simple/vault/ (Caused by SSLError(CertificateError(\"hostname 'bankofamerica.com' doesn't match",
			"pip used: its own copy of certifi's bundle", "pip install --index-url https://bankofamerica.com/simple/ vault", ""},
		{"internal-ca-default-bundle", false, "certificate verify failed: unable to get local issuer certificate",
			"pip used: its own copy of certifi's bundle", "pip install --index-url https://", "--cert ca.pem"},
		{"os-trust-store", false, "unable to get local issuer certificate", "pip used: its own copy", "pip install", ""},
		{"cn-only", true, "SubjectAltNameWarning: Certificate for", "", "pip install", ""},
		{"mtls-no-cert", false, "", "", "pip install", "--client-cert client.pem"},
	} {
		v := presetLens(t, tt.preset, Pip)
		if v.Client != Pip || v.OK != tt.ok || !strings.Contains(v.Message, tt.message) {
			t.Errorf("%s as pip: client %s ok=%v %q, want ok=%v and %q", tt.preset, v.Client, v.OK, v.Message, tt.ok, tt.message)
		}
		if !strings.HasPrefix(v.Bundle, tt.bundle) {
			t.Errorf("%s as pip: bundle %q, want %q", tt.preset, v.Bundle, tt.bundle)
		}
		if v.Fix.Client != Pip || !strings.HasPrefix(v.Fix.Wrong, tt.wrong) || !strings.Contains(v.Fix.Right, tt.fix) {
			t.Errorf("%s as pip: calls (%s) %q and %q, want %q and %q", tt.preset, v.Fix.Client, v.Fix.Wrong, v.Fix.Right, tt.wrong, tt.fix)
		}
		for _, words := range []string{v.Headline, v.Technical, v.Fix.Summary, v.Fix.Wrong, v.Fix.Right} {
			if strings.Contains(strings.Split(words, forRequests)[0], "verify=") {
				t.Errorf("%s as pip says requests' verify=: %s", tt.preset, words)
			}
		}
	}
	// Where pip has no option for the story's call, it says so first,
	// and keeps requests' calls.
	for _, preset := range []string{"tls10-bank", "mtls-encrypted-key"} {
		v := presetLens(t, preset, Pip)
		cannot := PipCannot(scenario.Lookup(preset).Scenario())
		if cannot == "" || !strings.HasPrefix(v.Technical, cannot) || v.Fix.Client != "" {
			t.Errorf("%s as pip: %q, calls of %q, want it to say %q", preset, v.Technical, v.Fix.Client, cannot)
		}
	}
}

// Every value of the scenario in pip's call reaches pip as the very value:
// sh reads the call, hostile host names and all, with pip a function that
// prints its arguments.
func TestPipCallQuoted(t *testing.T) {
	testtool.Path(t, "sh")
	for _, dial := range quoteCorpus() {
		if strings.ContainsRune(dial, 0) || !utf8.ValidString(dial) || strings.ContainsFunc(dial, scenario.Unsafe) {
			continue
		}
		s := scenario.Lookup("internal-ca-default-bundle").Scenario()
		s.Client.Dial = dial
		call := PipCall(s, "")
		cmd := exec.Command("sh", "-c", `pip() { printf '%s\0' "$@"; }; `+call)
		cmd.Dir = t.TempDir()
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%q: %v", call, err)
		}
		want := []string{"install", "--index-url", "https://" + urlAuthority(s) + "/simple/", PipPackage, ""}
		if got := strings.Split(string(out), "\x00"); !slices.Equal(got, want) {
			t.Errorf("%q reached pip as %q, want %q", call, got, want)
		}
	}
}
