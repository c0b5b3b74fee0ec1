package explain

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The regular expressions reasonsIn reads by hand (regexp would put 260 kB
// in the page's WebAssembly): the hand reading must find what they find.
var (
	opensslReasonRE = regexp.MustCompile(`error:[0-9a-f]{8}:[a-z0-9 ]*routines:[a-z0-9_]*:([a-z0-9][a-z0-9 _-]*[a-z0-9])`)
	pythonReasonRE  = regexp.MustCompile(`\[[a-z0-9]+: ([a-z0-9][a-z0-9_]*)\]`)
)

func reasonsByRE(re *regexp.Regexp, lower string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(lower, maxAlerts) {
		out = append(out, m[1])
	}
	return out
}

func TestReasonsByHand(t *testing.T) {
	texts := []string{
		"",
		"error:0a00018e:ssl routines::ca md too weak",
		"error:0a00018e:ssl routines::ca md too weak:../ssl/ssl_rsa.c:222:",
		"140:error:1417a0c1:ssl routines:tls_post_process_client_hello:no shared cipher:ssl/statem/statem_srvr.c:2283:",
		"error:0A00018E:SSL routines::ca md too weak", // upper case: not lower, no match
		"error:0a00018:ssl routines::short hex",
		"error:0a00018e:ssl routines:: x",
		"error:0a00018e:ssl routines::-dash first",
		"error:0a00018e:ssl routines::ab",
		"error:0a00018e:ssl routines::a",
		"error:0a00018e:ssl routines::trailing - _ ",
		"error:0a00018e:ssl_routines::x y",
		"error:0a00018e:provider routines::unsupported\nerror:0a00018e:ssl routines::ee key too small",
		"error:error:0a00018e:ssl routines::nested",
		"[ssl: ee_key_too_small] ee key too small (_ssl.c:3900)",
		"[ssl: certificate_verify_failed] certificate verify failed",
		"[ssl] no reason here [x509: _bad] [x509: ok_1]",
		"[[ssl: double]]",
		"[ssl:  two spaces]",
		"[ssl: trailing_",
		"[: empty_lib]",
		strings.Repeat("error:0a00018e:ssl routines::again ", 40),
		strings.Repeat("[ssl: again] ", 40),
	}
	files, err := filepath.Glob(filepath.Join("testdata", "match", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	matched := 0
	for _, text := range texts {
		lower := strings.ToLower(text)
		for _, l := range []string{text, lower} {
			if got, want := opensslReasons(l, maxAlerts), reasonsByRE(opensslReasonRE, l); !slices.Equal(got, want) {
				t.Errorf("OpenSSL's reasons in %.200q: %q, the regexp finds %q", l, got, want)
			}
			if got, want := pythonReasons(l, maxAlerts), reasonsByRE(pythonReasonRE, l); !slices.Equal(got, want) {
				t.Errorf("Python's reasons in %.200q: %q, the regexp finds %q", l, got, want)
			}
			if len(reasonsIn(l)) > 0 {
				matched++
			}
		}
	}
	if matched < 20 {
		t.Errorf("only %d texts hold a reason: the comparison reads too little", matched)
	}
}

// FuzzReasonsByHand holds the hand reading to the regular expressions.
func FuzzReasonsByHand(f *testing.F) {
	f.Add("error:0a00018e:ssl routines::ca md too weak")
	f.Add("[ssl: ee_key_too_small] ee key too small")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := opensslReasons(s, maxAlerts), reasonsByRE(opensslReasonRE, s); !slices.Equal(got, want) {
			t.Errorf("OpenSSL's reasons in %q: %q, the regexp finds %q", s, got, want)
		}
		if got, want := pythonReasons(s, maxAlerts), reasonsByRE(pythonReasonRE, s); !slices.Equal(got, want) {
			t.Errorf("Python's reasons in %q: %q, the regexp finds %q", s, got, want)
		}
	})
}
