package scenario

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Quote is s quoted for a message, cut to its first n characters, so that a
// megabyte-long input does not become a megabyte-long message: a cut text
// is quoted, then "…" and how long it was ("aaa"… (5000 characters)).
// Every message that repeats what was typed, pasted or sent says it so.
func Quote(s string, n int) string {
	head, cut := firstRunes(s, n)
	if !cut {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%q… (%d characters)", head, utf8.RuneCountInString(s))
}

// Cut is s cut to its first n characters, "…" marking the cut, for a text
// shown as it is (a message within a message).
func Cut(s string, n int) string {
	if head, cut := firstRunes(s, n); cut {
		return head + "…"
	}
	return s
}

// firstRunes is s's first n characters, and whether s is longer.
func firstRunes(s string, n int) (string, bool) {
	i := 0
	for j := range s {
		if i == n {
			return s[:j], true
		}
		i++
	}
	return s, false
}

// ReadPort reads a port as every field and parameter that takes one reads
// it: decimal digits alone (no sign, no spaces: a URL's port has none), 1 to
// 65535. Otherwise it says, in words, what a port is.
func ReadPort(s string) (int, error) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || n > 65535 {
			n = 0
			break
		}
		n = n*10 + int(s[i]-'0')
	}
	if n < 1 || n > 65535 {
		return 0, fmt.Errorf("%s is not a port number: %s", Quote(s, 20), PortWords)
	}
	return n, nil
}
