package explain

import (
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/tlsplay/tlsplay/scenario"
)

// Every value a command line or a program carries comes from a scenario, and a
// scenario comes from a link: it is written as data the shell or the language
// never interprets, whatever it holds.

// ShellJoin writes args as a shell command line, each word as ShellQuote writes it.
func ShellJoin(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = ShellQuote(a)
	}
	return strings.Join(out, " ")
}

// shellPlain are the characters a shell word may hold bare: none of them is
// special to sh anywhere in a word (no $, no quotes, no glob, no ~).
const shellPlain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@"

// ShellQuote writes one word for sh: bare when it is plain, else in single
// quotes, inside which the shell expands nothing ($, backquotes, backslashes and
// line breaks are all literal); a single quote is closed, escaped and reopened.
// A character no scenario may hold (scenario.Unsafe: a terminal control, a
// direction override) is written as its visible escape, so the file a person
// opens holds no terminal control; Validate refuses such values anyway.
func ShellQuote(word string) string {
	if word != "" && strings.Trim(word, shellPlain) == "" {
		return word
	}
	return "'" + strings.ReplaceAll(scenario.Visible(word, ""), "'", `'\''`) + "'"
}

// PyQuote writes s as a Python string literal in double quotes, in ASCII: a
// quote and a backslash escaped, every other character outside printable ASCII
// as its \x, \u or \U escape. (Go's %q is not Python's syntax for every string.)
func PyQuote(s string) string {
	return quote(s, func(b *strings.Builder, r rune) {
		switch {
		case r < 0x100:
			fmt.Fprintf(b, `\x%02x`, r)
		case r < 0x10000:
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			fmt.Fprintf(b, `\U%08x`, r)
		}
	})
}

// JSQuote writes s as a JavaScript string literal in double quotes, in ASCII,
// as PyQuote does, with a character beyond U+FFFF as its UTF-16 pair.
func JSQuote(s string) string {
	return quote(s, func(b *strings.Builder, r rune) {
		if r >= 0x10000 {
			hi, lo := utf16.EncodeRune(r)
			fmt.Fprintf(b, `\u%04x\u%04x`, hi, lo)
			return
		}
		fmt.Fprintf(b, `\u%04x`, r)
	})
}

// quote writes s in double quotes with escape writing each character outside
// printable ASCII, except the line breaks and TAB, which both languages write
// alike. A byte that is not UTF-8 becomes U+FFFD.
func quote(s string, escape func(*strings.Builder, rune)) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		default:
			escape(&b, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
