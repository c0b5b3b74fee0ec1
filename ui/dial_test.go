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

// A URL or host:port committed in Dials is said as read: its host, its port,
// and a path or query left out; nothing for a host as it is, a refused text
// or another field.
func TestReadAsNote(t *testing.T) {
	for _, tt := range []struct {
		path, in string
		has      []string // "" in has: no note
	}{
		{DialPath, "https://bank.example:8443/api/v2?token=s3cret", []string{`"bank.example"`, "port 8443", "a path, a query", "left out"}},
		{DialPath, "bank.example/api?token=s3cret", []string{`"bank.example"`, "left out"}},
		{DialPath, "bank.example:8443?token=s3cret", []string{`"bank.example"`, "port 8443", "left out"}},
		{DialPath, "https://bank.example#s3cret", []string{`"bank.example"`, "left out"}},
		{DialPath, "https://bank.example/", []string{`"bank.example"`, "443"}},
		{DialPath, "bank.example:8443", []string{"port 8443"}},
		{DialPath, "  bank.example ", []string{""}},
		{DialPath, "bank.example", []string{""}},
		{DialPath, "http://bank.example/", []string{""}},
		{"client.sni", "https://bank.example/x", []string{""}},
	} {
		got := ReadAsNote(tt.path, tt.in)
		for _, h := range tt.has {
			if h == "" && got != "" || !strings.Contains(got, h) {
				t.Errorf("ReadAsNote(%q, %q) = %q, want it with %q", tt.path, tt.in, got, h)
			}
		}
		if strings.Contains(got, "s3cret") || strings.Contains(got, "/api") {
			t.Errorf("ReadAsNote(%q) = %q: it repeats what it leaves out", tt.in, got)
		}
		if tt.in == "https://bank.example/" && strings.Contains(got, "path") {
			t.Errorf("ReadAsNote(%q) = %q: a bare / is no path worth a word", tt.in, got)
		}
	}
}
