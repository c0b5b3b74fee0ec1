package scenario

import (
	"strings"
	"testing"
)

// A host that cannot be dialled is said with why.
func TestCheckHost(t *testing.T) {
	for _, tt := range []struct{ host, says string }{
		{"bank.example", ""},
		{"192.0.2.10", ""},
		{"2001:db8::1", ""},
		{"*.bank.example", `"*.bank.example" is a wildcard, which a certificate lists to cover names; a courier dials one name, such as "www.bank.example"`},
		{"*.", "neither a DNS name nor an IP address"},
		{"bank..example", "an empty label"},
		// A fully qualified name ends in a dot: every client dials it
		// (TrimDot), so it is a host; a second dot, or one after an
		// address, is not.
		{"bank.example.", ""},
		{"bank.example..", "an empty label"},
		{".", "an empty label"},
		{"192.0.2.10.", "an IP address ends in no dot (192.0.2.10)"},
		{".bank.example", "an empty label"},
		{"bänk.example", "punycode"},
	} {
		err := CheckHost(tt.host)
		if tt.says == "" && err != nil || tt.says != "" && (err == nil || !strings.Contains(err.Error(), tt.says)) {
			t.Errorf("CheckHost(%q) = %v, want %q", tt.host, err, tt.says)
		}
	}
}

// A long host is clipped in what is said of it.
func TestCheckHostClips(t *testing.T) {
	for _, host := range []string{strings.Repeat("a", 5000) + ".example", strings.Repeat("é", 5000)} {
		if err := CheckHost(host); err == nil || len(err.Error()) > 300 || !strings.Contains(err.Error(), "… (5") {
			t.Errorf("a message of %d bytes: %.200v", len(err.Error()), err)
		}
	}
}
