package scenario_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/internal/hostile"
	"github.com/tlsplay/tlsplay/scenario"
)

// Every text field of a scenario, found by walking its type (so a field added
// later is covered without touching this test), refuses every control
// character, direction control and non-UTF-8 byte, with a problem at that very
// field whose message holds none of them. The story, several lines in the
// editor, takes a line break and a TAB.
func TestTextRefusesControls(t *testing.T) {
	fields := hostile.Fields()
	if len(fields) < 30 {
		t.Fatalf("only %d text fields found: %v", len(fields), fields)
	}
	for _, id := range []string{"mtls-encrypted-key", "verify-false-mitm"} {
		base := scenario.Lookup(id).At(scenario.PresetClock)
		for _, field := range fields {
			for _, value := range hostile.Controls {
				s := base.Clone()
				if !hostile.Set(s, field, value) {
					t.Fatalf("cannot set %s", field)
				}
				err := s.Validate()
				if field == "story" && (value == "a\nb" || value == "a\tb") {
					if err != nil {
						t.Errorf("%s: a story of several lines is refused: %v", id, err)
					}
					continue
				}
				var ps scenario.Problems
				if !errors.As(err, &ps) {
					t.Errorf("%s: %s = %q is accepted", id, field, value)
					continue
				}
				at := false
				for _, p := range ps {
					at = at || p.Field == field
					if !clean(p.Message) {
						t.Errorf("%s: %s = %q: the message writes what it refuses: %q", id, field, value, p.Message)
					}
				}
				if !at {
					t.Errorf("%s: %s = %q is refused, but not at the field: %v", id, field, value, err)
				}
			}
		}
	}
}

// The free text fields say what is wrong in words, naming the character.
func TestTextProblemWords(t *testing.T) {
	for _, c := range []struct {
		field, value, want string
	}{
		{"title", "Bank\x1b[2J", "title: holds the control character U+001B, which a terminal would obey"},
		{"story", "one\rtwo", "story: holds a line break (U+000D)"},
		{"server.alpn[0]", "h2\n", "server.alpn[0]: holds a line break (U+000A): write it on one line"},
		{"client.alpn[0]", "h2\u202e", "client.alpn[0]: holds the direction control U+202E, which makes text show in another order"},
		{"certs[0].org", "\u2066Org", "certs[0].org: holds the direction control U+2066"},
		{"certs[0].cn", "a\tb", "certs[0].cn: holds a TAB (U+0009): use spaces"},
		{"client.key_password", "pw\xff", "client.key_password: is not UTF-8 text"},
		{"id", "x\u0085", "id: holds a line break (U+0085)"},
		{"id", "x\u009b", "id: holds the control character U+009B"},
	} {
		s := scenario.Lookup("mtls-encrypted-key").At(scenario.PresetClock)
		hostile.Set(s, c.field, c.value)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s = %q: %v, want %q", c.field, c.value, err, c.want)
		}
	}
}

// Text that is code elsewhere but printable is text: a protocol name or a
// title may hold "$(...)", quotes and backslashes; the kit quotes them.
func TestTextAcceptsPrintable(t *testing.T) {
	for _, field := range []string{"title", "story", "id", "certs[0].cn", "certs[0].org", "server.alpn[0]", "client.alpn[0]", "client.key_password"} {
		for _, value := range hostile.Code("/tmp/x") {
			if !clean(value) {
				continue
			}
			s := scenario.Lookup("mtls-encrypted-key").At(scenario.PresetClock)
			hostile.Set(s, field, value)
			if err := s.Validate(); err != nil {
				t.Errorf("%s = %q: %v", field, value, err)
			}
		}
	}
}

func TestVisible(t *testing.T) {
	for _, c := range []struct{ in, keep, want string }{
		{"plain text, ünïcode ✓", "", "plain text, ünïcode ✓"},
		{"\x1b[31mred\x1b[0m", "", `\x1b[31mred\x1b[0m`},
		{"a\r\nb\tc", "", `a\r\nb\tc`},
		{"a\r\nb\tc", "\n\t", "a\\r\nb\tc"},
		{"a\x00\x7f", "", `a\x00\u007f`},
		{"\u0085\u009b", "", `\u0085\u009b`},
		{"evil\u202eexe.txt", "", `evil\u202eexe.txt`},
		{"\u2066\u2069\u200e\u200f\u061c\u2028\u2029", "", `\u2066\u2069\u200e\u200f\u061c\u2028\u2029`},
		{"bad\xffbyte", "", `bad\xffbyte`},
		// JSON that encoding/json wrote stays the same JSON.
		{`{"a":"\u001b` + "\u202e\x7f\"}\n", "\n", `{"a":"\u001b\u202e\u007f"}` + "\n"},
	} {
		if got := scenario.Visible(c.in, c.keep); got != c.want {
			t.Errorf("Visible(%q, %q) = %q, want %q", c.in, c.keep, got, c.want)
		}
	}
}

// clean reports whether s holds no character a terminal obeys.
func clean(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if scenario.Unsafe(r) {
			return false
		}
	}
	return true
}
