package scenario

import (
	"bytes"
	"compress/flate"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/pki"
)

// flatePack compresses b as a share link carries it, with compress/flate as
// the builds before scenario/deflate did: their links must still open.
func flatePack(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// link builds a fragment from raw bytes the way EncodeFragment does, so tests can
// hand the decoder payloads EncodeFragment would never write.
func link(compressed []byte) string {
	return fragmentPrefix + base64.RawURLEncoding.EncodeToString(compressed)
}

func mustJSON(t testing.TB, s *Scenario) []byte {
	t.Helper()
	js, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

func TestFragmentRoundTrip(t *testing.T) {
	for _, p := range Presets {
		t.Run(p.ID, func(t *testing.T) {
			s := p.Scenario()
			frag, err := EncodeFragment(s)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(frag, "s1.") || strings.ContainsAny(frag, "+/=#?&% ") {
				t.Fatalf("fragment %q is not s1. followed by unpadded base64url", frag)
			}
			// A link as builds before scenario/deflate made it (compress/flate) opens the same.
			old := link(flatePack(t, mustJSON(t, s.Undated())))
			for _, in := range []string{frag, "#" + frag, old} {
				got, err := DecodeFragment(in)
				if err != nil {
					t.Fatalf("DecodeFragment: %v", err)
				}
				if a, b := mustJSON(t, s), mustJSON(t, got); !bytes.Equal(a, b) {
					t.Fatalf("round trip changed the scenario:\n%s\n%s", a, b)
				}
			}
			t.Logf("%d characters", len(frag))
		})
	}
}

func TestDecodeFragmentRejects(t *testing.T) {
	good := mustJSON(t, Lookup("verify-true").Scenario())
	invalid := Lookup("verify-true").Scenario()
	invalid.Client.Dial = ""
	goodLink := link(flatePack(t, good))

	// Random bytes do not compress: enough of them make a fragment over the limit.
	noise := make([]byte, MaxFragmentLen)
	rand.Read(noise)

	tests := []struct {
		name string
		frag string
		want string // a substring of the error
	}{
		{"empty", "", "not a tlsplay scenario link"},
		{"no prefix", base64.RawURLEncoding.EncodeToString(flatePack(t, good)), "not a tlsplay scenario link"},
		{"another site's fragment", "section-2", "not a tlsplay scenario link"},
		{"later version", "s2." + goodLink[len(fragmentPrefix):], `version "s2" is not one this page reads (it reads "s1")`},
		{"unknown version", "sx.abc", `version "sx"`},
		{"padding", goodLink + "==", "damaged: character"},
		{"standard base64", "s1.ab+c", "damaged: character 6 ('+') cannot be in a tlsplay link"},
		{"a space", "s1.abc d", "damaged: character 7 (' ')"},
		{"position counts the prefix, not the #", "#s1.abcd!", "damaged: character 8 ('!')"},
		{"a bidi override", "s1.ab\u202ecd", `damaged: character 6 ('\u202e')`},
		{"truncated base64", "s1.a", "cut short: the link ends before the scenario does"},
		{"empty payload", "s1.", "cut short"},
		{"not deflate", link([]byte{0xff, 0xff, 0xff, 0xff}), "damaged: the scenario in it cannot be unpacked"},
		{"truncated deflate", link(flatePack(t, good)[:40]), "cut short"},
		{"zip bomb", link(flatePack(t, bytes.Repeat([]byte{' '}, MaxJSONLen*4))), "unpacks to more than 64 KB"},
		{"too long", link(noise), "too long: "},
		{"too long, said with its length", "s1." + strings.Repeat("A", MaxFragmentLen), "too long: 16387 characters, a link holds at most 16384"},
		{"not JSON", link(flatePack(t, []byte("hello"))), "scenario JSON: not valid JSON at line 1, column 1"},
		{"unknown field", link(flatePack(t, bytes.Replace(good, []byte(`"certs"`), []byte(`"evil":1,"certs"`), 1))), `scenario JSON: evil: unknown field (the fields here are id, title, story, now, today, certs, server, client, imposter)`},
		{"trailing object", link(flatePack(t, append(append([]byte{}, good...), "{}"...))), "unexpected data after the scenario"},
		{"trailing brace", link(flatePack(t, append(append([]byte{}, good...), '}'))), "unexpected data after the scenario"},
		{"trailing bracket", link(flatePack(t, append(append([]byte{}, good...), ']'))), "unexpected data after the scenario"},
		{"invalid scenario", link(flatePack(t, mustJSON(t, invalid))), "invalid scenario: client.dial: empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := DecodeFragment(tt.frag)
			if err == nil {
				t.Fatalf("accepted %.60q as %+v", tt.frag, s)
			}
			if s != nil {
				t.Errorf("returned a scenario with the error %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q spans lines", err)
			}
		})
	}
	// Trailing whitespace is not data.
	if _, err := DecodeFragment(link(flatePack(t, append(append([]byte{}, good...), " \n"...)))); err != nil {
		t.Errorf("trailing whitespace rejected: %v", err)
	}
}

func TestFragmentErrorType(t *testing.T) {
	_, err := DecodeFragment("s2.abc")
	var fe *FragmentError
	if !errors.As(err, &fe) || !strings.HasPrefix(err.Error(), "share link: ") {
		t.Fatalf("error %v (%T) is not a *FragmentError saying \"share link: \"", err, err)
	}
	// An invalid scenario says what is wrong with it, field by field.
	s := Lookup("verify-true").Scenario()
	s.Certs[1].NotBefore, s.Certs[1].NotAfter = 1, 0
	_, err = DecodeFragment(link(flatePack(t, mustJSON(t, s))))
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Field != "certs[1].not_after" {
		t.Fatalf("error %v, want Problems at certs[1].not_after", err)
	}
}

// randomLabel is a DNS label that does not compress.
func randomLabel(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func TestEncodeFragmentRefusesWhatDecodeRefuses(t *testing.T) {
	// Valid, but with names that do not compress: too big for a link.
	s := Lookup("verify-true").Scenario()
	for len(s.Certs) < MaxCerts {
		sp := pki.Spec{Name: randomLabel(20), CommonName: randomLabel(pki.MaxTextLen), Key: pki.ECDSAP256, NotAfter: 1}
		for range 16 {
			sp.DNSNames = append(sp.DNSNames, randomLabel(60)+"."+randomLabel(60)+".example")
		}
		s.Certs = append(s.Certs, sp)
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	_, err := EncodeFragment(s)
	if err == nil || !strings.Contains(err.Error(), "characters, a link holds at most 16384") {
		t.Fatalf("EncodeFragment of %d bytes of JSON: %v, want it to refuse a link too long to open", len(mustJSON(t, s)), err)
	}

	// Over the JSON limit: refused before compressing, however well it would.
	s.Story = strings.Repeat("x", MaxJSONLen)
	_, err = EncodeFragment(s)
	if err == nil || !strings.Contains(err.Error(), "bytes of JSON, a link holds at most 65536") {
		t.Fatalf("EncodeFragment of %d bytes of JSON: %v, want it to refuse the size", len(mustJSON(t, s)), err)
	}
}

func TestParseJSON(t *testing.T) {
	good := mustJSON(t, Lookup("mtls-ok").Scenario())
	s, err := ParseJSON(good)
	if err != nil {
		t.Fatal(err)
	}
	if again := mustJSON(t, s); !bytes.Equal(again, good) {
		t.Fatalf("ParseJSON changed the scenario:\n%s\n%s", good, again)
	}
	tests := []struct {
		name string
		js   string
		want string
	}{
		{"empty", "", "scenario JSON: empty; a scenario is a JSON object"},
		{"array", "[]", "scenario JSON: the scenario must be a JSON object ({…}), not a list"},
		{"wrong type", `{"now": 5}`, `scenario JSON: now: expected a time in double quotes, such as "2026-06-01T12:00:00Z", found the number 5`},
		{"too long", string(good) + strings.Repeat(" ", MaxJSONLen), "scenario JSON: larger than 64 KB"},
		{"empty object", "{}", "invalid scenario: certs: empty"},
		{"null clock", `{"now": null}`, "invalid scenario: certs: empty"},
		{"zero clock", `{"now": "0001-01-01T00:00:00Z"}`, "invalid scenario: now: too early: 0001-01-01T00:00:00Z is before 1970"},
		{"clock in 2900", `{"NOW": "2900-01-01T00:00:00Z"}`, "invalid scenario: now: too late: 2900-01-01T00:00:00Z is after 2899"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseJSON([]byte(tt.js))
			if err == nil || s != nil {
				t.Fatalf("ParseJSON(%.40q) = %v, %v; want an error", tt.js, s, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}
