package explain

import (
	"bytes"
	"encoding/hex"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/internal/hostile"
	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/scenario"
)

// quoteCorpus is text a scenario might carry, hostile and not.
func quoteCorpus() []string {
	return slices.Concat(hostile.Code("/tmp/never"), hostile.Controls, []string{
		"", "bank.example", "https://[::1]:8443/vault", "a'b", `a"b`, `a\b`, "ü", "😀", "日本", "\u2028",
	})
}

// Each quoted word reaches the program as the very value, read back by the
// real sh, python3 and node: a word for sh as it is (a character a terminal
// obeys written as its escape), a literal as its characters (a byte that is
// not UTF-8 as U+FFFD).
func TestQuoteRoundTrip(t *testing.T) {
	corpus := quoteCorpus()
	var shellWant, litWant []string
	for _, s := range corpus {
		shellWant = append(shellWant, scenario.Visible(s, ""))
		litWant = append(litWant, string([]rune(s)))
	}
	// Each program prints each value in hex on a line of its own.
	read := func(name string, args ...string) []string {
		t.Helper()
		out, err := exec.Command(testtool.Path(t, name), args...).Output()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var values []string
		for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
			v, err := hex.DecodeString(strings.ReplaceAll(line, " ", ""))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			values = append(values, string(v))
		}
		return values
	}

	got := read("sh", "-c", `for a in `+ShellJoin(corpus)+`; do printf '%s' "$a" | od -An -v -tx1 | tr -d '\n'; echo; done`)
	compare(t, "sh", corpus, got, shellWant)

	var py, js []string
	for _, s := range corpus {
		py = append(py, PyQuote(s))
		js = append(js, JSQuote(s))
	}
	got = read("python3", "-c", "import sys\nfor s in ["+strings.Join(py, ", ")+"]:\n    print(s.encode().hex())")
	compare(t, "python3", corpus, got, litWant)
	got = read("node", "-e", "for (const s of ["+strings.Join(js, ", ")+"]) console.log(Buffer.from(s).toString('hex'))")
	compare(t, "node", corpus, got, litWant)

	for i, s := range append(py, js...) {
		if bytes.ContainsFunc([]byte(s), func(r rune) bool { return r < ' ' || r > '~' }) {
			t.Errorf("literal %d is not printable ASCII: %q", i, s)
		}
	}
}

func compare(t *testing.T, who string, corpus, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s read %d values, want %d: %q", who, len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: %q reads back as %q, want %q", who, corpus[i], got[i], want[i])
		}
	}
}

// A plain word stays bare; anything a shell would read another way is quoted.
func TestShellQuote(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ca.pem", "ca.pem"},
		{"127.0.0.1:8443", "127.0.0.1:8443"},
		{"--tls-max", "--tls-max"},
		{"", "''"},
		{"$(id)", "'$(id)'"},
		{"$HOME", "'$HOME'"},
		{"`id`", "'`id`'"},
		{"it's", `'it'\''s'`},
		{"[::1]:443", "'[::1]:443'"},
		{"*", "'*'"},
		{"~", "'~'"},
		{"a b", "'a b'"},
		{"a\nb", `'a\nb'`},
		{"\x1b[2J", `'\x1b[2J'`},
	} {
		if got := ShellQuote(c.in); got != c.want {
			t.Errorf("ShellQuote(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}
