package explain

import (
	"context"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// A port other than 443 is part of every URL the fix shows.
func TestPortInURLs(t *testing.T) {
	s := scenario.Lookup("expired").Scenario()
	s.Client.Port = 8443
	tr, err := handshake.Run(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	fix := Explain(tr).Fix
	for name, text := range map[string]string{"wrong": fix.Wrong, "right": fix.Right, "go": fix.Go} {
		if !strings.Contains(text, "https://bank.example:8443/") {
			t.Errorf("%s fix %q has no https://bank.example:8443/", name, text)
		}
	}
}
