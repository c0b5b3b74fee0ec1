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
	s := scenario.Lookup("expired").At(scenario.PresetClock)
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

// An IPv6 address is bracketed where each tool wants it: in URLs and in
// s_client's -connect, not in its -verify_ip.
func TestIPv6Commands(t *testing.T) {
	s := scenario.Lookup("ip-mismatch").At(scenario.PresetClock)
	s.Spec(scenario.Leaf).IPAddresses = []string{"192.0.2.10", "::1"}
	s.Client.Dial = "::1"
	for _, c := range []struct {
		port int
		want map[string]string // by command, a part of it
	}{
		{0, map[string]string{"curl": "https://[::1]/vault", "openssl": "-connect '[::1]:443' -noservername -verify_ip ::1 ", "right": `"https://[::1]/vault"`}},
		{8443, map[string]string{"curl": "https://[::1]:8443/vault", "openssl": "-connect '[::1]:8443' -noservername -verify_ip ::1 ", "node": `"https://[::1]:8443/vault"`}},
	} {
		s.Client.Port = c.port
		tr, err := handshake.Run(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		fix := Explain(tr).Fix
		got := map[string]string{"curl": fix.Curl, "openssl": fix.OpenSSL, "right": fix.Right, "node": fix.Node}
		for k, want := range c.want {
			if !strings.Contains(got[k], want) {
				t.Errorf("port %d: %s %q has no %q", c.port, k, got[k], want)
			}
		}
	}
	// The kit's local target: curl's --connect-to compares its first host with
	// the URL's, brackets included (quoted: to sh, [...] is a glob).
	args := ShellJoin(CurlArgs(s, "", Target{Addr: "127.0.0.1", Port: "8443"}))
	if !strings.Contains(args, "--connect-to '[::1]:8443:127.0.0.1:8443'") || !strings.Contains(args, "'https://[::1]:8443/vault'") {
		t.Errorf("curl against a local bank: %s", args)
	}
	args = ShellJoin(OpenSSLArgs(s, "", Target{Addr: "127.0.0.1", Port: "8443"}))
	if !strings.Contains(args, "-connect 127.0.0.1:8443 -noservername -verify_ip ::1 ") {
		t.Errorf("s_client against a local bank: %s", args)
	}
}
