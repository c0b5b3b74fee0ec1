package explain

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// bundleTests are the bundle stories as each client sees them: whether it
// connects, and what its bundle line must say.
var bundleTests = []struct {
	preset string
	client string
	ok     bool
	says   []string
}{
	{"env-bundle-overrides-session", Requests, false, []string{"used: REQUESTS_CA_BUNDLE=old-project-ca.pem", "psf/requests#3829", "Session.verify ('ca.pem')"}},
	{"env-bundle-overrides-session", Requests1, false, []string{"REQUESTS_CA_BUNDLE=old-project-ca.pem"}},
	{"env-bundle-overrides-session", Curl, true, []string{"ca.pem", "--cacert ca.pem", "does not read REQUESTS_CA_BUNDLE"}},
	{"env-bundle-overrides-session", GoNetHTTP, true, []string{"tls.Config.RootCAs"}},
	{"requests-bundle-precedence", Requests, true, []string{"REQUESTS_CA_BUNDLE (company-ca.pem), taken", "CURL_CA_BUNDLE (old-project-ca.pem);", "does not read SSL_CERT_FILE"}},
	{"requests-bundle-precedence", OpenSSL, true, []string{"-CAfile ca.pem"}},
	{"os-trust-store", Requests, false, []string{"certifi's bundle", "not the machine's own store"}},
	{"os-trust-store", Requests1, true, []string{"/etc/ssl/certs/ca-certificates.crt", "Debian's certifi"}},
	{"os-trust-store", Curl, true, []string{"the machine's own store"}},
	{"os-trust-store", OpenSSL, true, []string{"the machine's own store"}},
	{"os-trust-store", GoNetHTTP, true, []string{"the machine's own store"}},
	{"os-trust-store", Node, false, []string{"its own copy of Mozilla's roots", "NODE_EXTRA_CA_CERTS"}},
	{"verify-true", Requests, true, []string{"certifi's bundle"}},
	{"verify-false-mitm", Curl, true, []string{"nothing, because -k checks no certificate"}},
	{"verify-false-mitm", OpenSSL, true, []string{"the machine's own store", "checks the chain", "verify error:num=", "Verify return code:", "goes on with the connection"}},
	{"custom-ca-bundle", Requests, true, []string{"ca.pem, because the call names it (verify='ca.pem')"}},
}

// s_client without -verify_return_error checks the certificate and prints
// what failed (verify error:num=18, Verify return code: 18, real OpenSSL
// 3.0.19 against a self-signed server), and goes on: it never "checks no
// certificate", as -k, verify=False or InsecureSkipVerify do.
func TestOpenSSLOffStillChecks(t *testing.T) {
	tr := run(t, scenario.Lookup("verify-false-mitm").At(scenario.PresetClock))
	if line := BundleLine(tr.Scenario, OpenSSL); strings.Contains(line, "checks no certificate") || strings.Contains(line, "used: nothing") {
		t.Errorf("%q: says s_client checks nothing", line)
	}
}

func TestBundleLine(t *testing.T) {
	for _, tt := range bundleTests {
		t.Run(tt.preset+"/"+tt.client, func(t *testing.T) {
			tr := run(t, scenario.Lookup(tt.preset).At(scenario.PresetClock))
			if got := Clients(tr)[tt.client]; got.OK != tt.ok {
				t.Errorf("%s connects: %v, want %v (%s)", tt.client, got.OK, tt.ok, got.Message)
			}
			line := BundleLine(tr.Scenario, tt.client)
			for _, w := range tt.says {
				if !strings.Contains(line, w) {
					t.Errorf("%q\n does not say %q", line, w)
				}
			}
		})
	}
}

// TestLensBundle: every story's verdict, for every client a person can pick,
// says which bundle it read, with every placeholder filled; a client that
// disagrees with the handshake on screen because it reads another bundle
// says so.
func TestLensBundle(t *testing.T) {
	for _, p := range scenario.Presets {
		r := NewReport(run(t, p.At(scenario.PresetClock)))
		for _, c := range LensClients {
			v, err := Lens(r, c)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(v.Bundle, " used: ") || strings.ContainsAny(v.Bundle, "{}") {
				t.Errorf("%s, %s: bundle line %q", p.ID, c, v.Bundle)
			}
			f := newFacts(r.Trace)
			if f.readsOtherBundle(c) && c != Requests && !strings.Contains(v.Disagree, "reads another") {
				t.Errorf("%s, %s: reads another bundle, and says %q", p.ID, c, v.Disagree)
			}
		}
	}
}

// substitute does what strings.Replacer does with the same pairs: one pass
// from the left, a value never searched again.
func TestSubstitute(t *testing.T) {
	pairs := []string{"{client}", "curl", "{go_fix}", "use {client} with {root}", "{root}", "", "{weak_key}", "{"}
	for _, s := range []string{
		"",
		"no placeholder",
		"{client}",
		"{client}{client} at the start and the end {go_fix}",
		"a stray { and {unknown} and {clien} and {",
		"{{client}} nested, {root}{weak_key}client}",
		"{ro{root}ot}",
		"ünïcödé {client} \xff bytes",
	} {
		if got, want := substitute(s, pairs...), strings.NewReplacer(pairs...).Replace(s); got != want {
			t.Errorf("substitute(%q) = %q, strings.Replacer: %q", s, got, want)
		}
	}
}
