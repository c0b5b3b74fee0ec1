package ui

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

var dialTests = []struct {
	in       string
	host     string
	port     int
	withPort bool
	err      string // a part of the message, "" for none
}{
	{"bank.example", "bank.example", 0, false, ""},
	{"  bank.example  ", "bank.example", 0, false, ""},
	{"192.0.2.10", "192.0.2.10", 0, false, ""},
	{"2001:db8::1", "2001:db8::1", 0, false, ""},
	{"https://bank.example", "bank.example", 0, true, ""},
	{"https://bank.example/vault?x=1#top", "bank.example", 0, true, ""},
	{"HTTPS://bank.example:8443/", "bank.example", 8443, true, ""},
	{"https://bank.example:443/vault", "bank.example", 0, true, ""},
	{"bank.example:8443", "bank.example", 8443, true, ""},
	{"bank.example/vault", "bank.example", 0, true, ""},
	{"https://[2001:db8::1]:8443/vault", "2001:db8::1", 8443, true, ""},
	{"[2001:db8::1]", "2001:db8::1", 0, true, ""},
	{"https://192.0.2.10:10443", "192.0.2.10", 10443, true, ""},
	{"", "", 0, false, ""},
	{"http://bank.example", "", 0, false, "http:// uses no TLS"},
	{"ftp://bank.example", "", 0, false, `"ftp://" is not`},
	{"https://", "", 0, false, "no host name"},
	{"https:///vault", "", 0, false, "no host name"},
	{"https://user:secret@bank.example", "", 0, false, "user name or password"},
	{"https://bank.example:99999", "", 0, false, `"99999" is not a port number`},
	{"https://bank.example:0", "", 0, false, `"0" is not a port number: a port is 1 to 65535 (without one, 443)`},
	{"https://bank.example:http", "", 0, false, `"http" is not a port number`},
	{"/vault", "", 0, false, `"/vault" has no host`},
	{"https://bank.example:", "", 0, false, "gives no port"},
	{"https://bank example/", "", 0, false, "cannot be read as host:port"},
}

func TestParseDial(t *testing.T) {
	for _, tt := range dialTests {
		host, port, withPort, err := ParseDial(tt.in)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseDial(%q) = %q, %d, %v; want an error with %q", tt.in, host, port, err, tt.err)
			}
		case err != nil || host != tt.host || port != tt.port || withPort != tt.withPort:
			t.Errorf("ParseDial(%q) = %q, %d, %v, %v; want %q, %d, %v", tt.in, host, port, withPort, err, tt.host, tt.port, tt.withPort)
		}
	}
}

// A URL pasted into the editor's dial field sets the host and the port; a
// bad one is said in words, and the scenario keeps its last host.
func TestEditorDialURL(t *testing.T) {
	e := NewEditor(scenario.Lookup("verify-true").At(scenario.PresetClock))
	must(t, e.Apply(Edit{Op: Set, Path: "client.dial", Value: "https://www.bank.example:8443/vault"}))
	if e.S.Client.Dial != "www.bank.example" || e.S.Client.Port != 8443 || !e.Valid() {
		t.Errorf("after a URL: dial %q port %d valid %v", e.S.Client.Dial, e.S.Client.Port, e.Valid())
	}
	must(t, e.Apply(Edit{Op: Set, Path: "client.dial", Value: "bank.example"}))
	if e.S.Client.Dial != "bank.example" || e.S.Client.Port != 8443 {
		t.Errorf("a host alone keeps the port: dial %q port %d", e.S.Client.Dial, e.S.Client.Port)
	}
	must(t, e.Apply(Edit{Op: Set, Path: "client.dial", Value: "http://bank.example"}))
	if e.Valid() || e.S.Client.Dial != "bank.example" {
		t.Errorf("http:// accepted: dial %q valid %v", e.S.Client.Dial, e.Valid())
	}
	var msg []string
	for _, g := range e.Form() {
		for _, in := range g.Inputs {
			if in.Path == "client.dial" {
				msg = in.Problems
				if in.Value != "http://bank.example" {
					t.Errorf("the field shows %q, not what was typed", in.Value)
				}
			}
		}
	}
	if len(msg) != 1 || !strings.Contains(msg[0], "https://") {
		t.Errorf("the dial field says %q", msg)
	}
}
