package scenario

import (
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	if got := Quote("short", 10); got != `"short"` {
		t.Errorf("Quote short = %s", got)
	}
	if got := Quote(strings.Repeat("é", 50), 10); got != `"éééééééééé"… (50 characters)` {
		t.Errorf("Quote long = %s", got)
	}
	if got := Cut(strings.Repeat("é", 50), 10); got != strings.Repeat("é", 10)+"…" {
		t.Errorf("Cut long = %s", got)
	}
	if got := Cut("ten chars!", 10); got != "ten chars!" {
		t.Errorf("Cut short = %s", got)
	}
}

// A port is read one way wherever it is typed: digits alone, 1 to 65535.
func TestReadPort(t *testing.T) {
	for in, want := range map[string]int{"443": 443, "1": 1, "65535": 65535, "08443": 8443} {
		if n, err := ReadPort(in); n != want || err != nil {
			t.Errorf("ReadPort(%q) = %d, %v; want %d", in, n, err, want)
		}
	}
	for _, in := range []string{"", "0", "65536", "+443", "-1", " 443", "443 ", "0x1bb", "https", "4_43", "99999999999999999999999", "٤٤٣"} {
		if n, err := ReadPort(in); err == nil || !strings.Contains(err.Error(), "is not a port number: "+PortWords) {
			t.Errorf("ReadPort(%q) = %d, %v; want a refusal", in, n, err)
		}
	}
}
