package ui

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

func preset(t *testing.T, id string) *scenario.Scenario {
	t.Helper()
	p := scenario.Lookup(id)
	if p == nil {
		t.Fatalf("no preset %q", id)
	}
	return p.At(scenario.PresetClock)
}

func jsonOf(t *testing.T, s *scenario.Scenario) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every input of every preset's form, set to the value it shows, must leave the
// scenario exactly as it was: what the editor shows is what it writes.
func TestFormRoundTrip(t *testing.T) {
	for _, p := range scenario.Presets {
		e := NewEditor(p.At(scenario.PresetClock))
		want := jsonOf(t, e.S)
		if !e.Valid() {
			t.Fatalf("%s: preset does not validate in the editor: %v", p.ID, e.Form())
		}
		for _, g := range e.Form() {
			for _, in := range g.Inputs {
				if err := e.Apply(Edit{Op: Set, Path: in.Path, Value: in.Value}); err != nil {
					t.Errorf("%s: %s: %v", p.ID, in.Path, err)
					continue
				}
				if got := jsonOf(t, e.S); got != want {
					t.Fatalf("%s: setting %s to its own value %q changed the scenario:\n got %s\nwant %s", p.ID, in.Path, in.Value, got, want)
				}
				if in.Kind == Select && in.Value != "" && !slices.ContainsFunc(in.Options, func(o Option) bool { return o.Value == in.Value }) {
					t.Errorf("%s: %s shows %q, which none of its options offers", p.ID, in.Path, in.Value)
				}
			}
		}
		if !e.Valid() {
			t.Errorf("%s: invalid after the round trip", p.ID)
		}
	}
}

func TestApply(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edits []Edit
		check func(s *scenario.Scenario) string // "" when the scenario is as wanted
	}{
		{"dial", []Edit{{Set, "client.dial", " bank.example "}}, func(s *scenario.Scenario) string {
			return want(s.Client.Dial == "bank.example", "dial %q", s.Client.Dial)
		}},
		{"port", []Edit{{Set, "client.port", "8443"}}, func(s *scenario.Scenario) string {
			return want(s.Client.Port == 8443, "port %d", s.Client.Port)
		}},
		// The path asked for (a pasted chain's twin's), empty for /vault.
		{"url path", []Edit{{Set, "client.path", " /api/v1 "}}, func(s *scenario.Scenario) string {
			return want(s.Client.Path == "/api/v1" && s.Validate() == nil, "path %q", s.Client.Path)
		}},
		{"list", []Edit{{Set, "certs[2].dns", "a.example, ,b.example,"}}, func(s *scenario.Scenario) string {
			return want(slices.Equal(s.Certs[2].DNSNames, []string{"a.example", "b.example"}), "dns %q", s.Certs[2].DNSNames)
		}},
		{"generated names", []Edit{{Set, "certs[2].more_names", " 998 "}}, func(s *scenario.Scenario) string {
			return want(s.Certs[2].MoreNames == 998 && len(s.Certs[2].AllDNSNames()) == 1000, "more_names %d", s.Certs[2].MoreNames)
		}},
		{"days", []Edit{{Set, "certs[2].not_after", "-7"}}, func(s *scenario.Scenario) string {
			return want(s.Certs[2].NotAfter == -7, "not_after %d", s.Certs[2].NotAfter)
		}},
		// The story was played today (preset: on PresetClock's day): a clock
		// set is its own, and a link keeps it.
		{"clock", []Edit{{Set, "now", "2030-01-02T03:04"}}, func(s *scenario.Scenario) string {
			return want(s.Now.Equal(time.Date(2030, 1, 2, 3, 4, 0, 0, time.UTC)) && !s.Today && s.Undated().Now.Equal(s.Now), "now %v today %v", s.Now, s.Today)
		}},
		// An empty clock is today again: whatever day the story is played on.
		{"clock emptied", []Edit{{Set, "now", "2030-01-02T03:04"}, {Set, "now", ""}}, func(s *scenario.Scenario) string {
			return want(s.Now.IsZero() && !s.Today && s.Validate() == nil && s.On(time.Date(2031, 3, 15, 8, 0, 0, 0, time.UTC)).Now.Equal(time.Date(2031, 3, 15, 12, 0, 0, 0, time.UTC)), "now %v today %v", s.Now, s.Today)
		}},
		{"path length", []Edit{{Set, "certs[1].max_path_len", "2"}, {Set, "certs[0].max_path_len", ""}}, func(s *scenario.Scenario) string {
			return want(*s.Certs[1].MaxPathLen == 2 && s.Certs[0].MaxPathLen == nil, "max_path_len %v %v", s.Certs[1].MaxPathLen, s.Certs[0].MaxPathLen)
		}},
		{"key usage", []Edit{{Set, "certs[2].eku", "client_auth, server_auth"}}, func(s *scenario.Scenario) string {
			return want(slices.Equal(s.Certs[2].ExtKeyUsage, []string{"client_auth", "server_auth"}), "eku %v", s.Certs[2].ExtKeyUsage)
		}},
		{"groups", []Edit{{Set, "client.groups", "x25519,secp256r1"}}, func(s *scenario.Scenario) string {
			return want(slices.Equal(s.Client.Groups, []scenario.Group{scenario.X25519, scenario.P256}), "groups %v", s.Client.Groups)
		}},
		{"leaving bundle mode drops the bundle", []Edit{{Set, "client.verify", "bundle"}, {Set, "client.bundle", "root"}, {Set, "client.verify", "true"}},
			func(s *scenario.Scenario) string {
				return want(s.Client.Verify == scenario.VerifyTrue && s.Client.Bundle == nil, "verify %s bundle %v", s.Client.Verify, s.Client.Bundle)
			}},
		{"choosing what an unset enum shows keeps it unset", []Edit{{Set, "client.cert", "none"}, {Set, "server.client_auth", "none"}},
			func(s *scenario.Scenario) string {
				return want(s.Client.Cert == "" && s.Server.ClientAuth == "", "cert %q client_auth %q", s.Client.Cert, s.Server.ClientAuth)
			}},
		{"imposter on copies the bank's chain, off removes it", []Edit{{Set, "imposter", "true"}}, func(s *scenario.Scenario) string {
			return want(s.Imposter != nil && slices.Equal(s.Imposter.Send, s.Server.Send), "imposter %+v", s.Imposter)
		}},
		{"a certificate chosen by name starts as the bank's chain, and follows a rename", []Edit{{Set, "server.by_name.name", "shop.example"}, {Set, "certs[1].name", "issuing"}},
			func(s *scenario.Scenario) string {
				n := s.Server.ByName
				return want(n != nil && n.Name == "shop.example" && slices.Equal(n.Send, []string{"leaf", "issuing"}), "by_name %+v", n)
			}},
		{"no name, no certificate chosen by it", []Edit{{Set, "server.by_name.name", "shop.example"}, {Set, "server.by_name.name", " "}},
			func(s *scenario.Scenario) string { return want(s.Server.ByName == nil, "by_name %+v", s.Server.ByName) }},
		{"imposter off", []Edit{{Set, "imposter", "true"}, {Set, "imposter", "false"}}, func(s *scenario.Scenario) string {
			return want(s.Imposter == nil, "imposter %+v", s.Imposter)
		}},
		{"rename follows references", []Edit{{Set, "certs[1].name", "issuing"}}, func(s *scenario.Scenario) string {
			return want(s.Certs[2].Issuer == "issuing" && slices.Equal(s.Server.Send, []string{"leaf", "issuing"}),
				"issuer %q send %v", s.Certs[2].Issuer, s.Server.Send)
		}},
		// A name cleared and typed anew, keystroke by keystroke, is a rename
		// like one made in one step; while empty, the references keep the
		// old name (an empty issuer would mean self-signed).
		{"a cleared name keeps its references", []Edit{{Set, "certs[1].name", ""}}, func(s *scenario.Scenario) string {
			return want(s.Certs[2].Issuer == "intermediate" && slices.Equal(s.Server.Send, []string{"leaf", "intermediate"}) && s.Certs[0].Issuer == "",
				"issuers %q %q send %v", s.Certs[2].Issuer, s.Certs[0].Issuer, s.Server.Send)
		}},
		{"a name cleared then typed is followed", []Edit{{Set, "certs[1].name", ""}, {Set, "certs[1].name", "i"}, {Set, "certs[1].name", "is"}},
			func(s *scenario.Scenario) string {
				return want(s.Certs[2].Issuer == "is" && slices.Equal(s.Server.Send, []string{"leaf", "is"}) && s.Certs[0].Issuer == "",
					"issuers %q %q send %v", s.Certs[2].Issuer, s.Certs[0].Issuer, s.Server.Send)
			}},
		// Typed through another certificate's name, the references neither
		// merge with that certificate's nor take them along afterwards.
		{"a name typed as another's is not followed", []Edit{{Set, "certs[1].name", ""}, {Set, "certs[1].name", "root"}},
			func(s *scenario.Scenario) string {
				return want(s.Certs[2].Issuer == "intermediate" && s.Certs[1].Issuer == "root" && slices.Equal(s.Server.Send, []string{"leaf", "intermediate"}),
					"issuers %q %q send %v", s.Certs[2].Issuer, s.Certs[1].Issuer, s.Server.Send)
			}},
		{"typed past another's name, the references follow and the other's stay", []Edit{{Set, "certs[1].name", "root"}, {Set, "certs[1].name", "root2"}},
			func(s *scenario.Scenario) string {
				return want(s.Certs[2].Issuer == "root2" && s.Certs[1].Issuer == "root" && s.Certs[0].Name == "root" && slices.Equal(s.Server.Send, []string{"leaf", "root2"}),
					"issuers %q %q send %v", s.Certs[2].Issuer, s.Certs[1].Issuer, s.Server.Send)
			}},
		{"backspaced through another's name", []Edit{{Set, "certs[2].name", "lea"}, {Set, "certs[2].name", "le"}, {Set, "certs[1].name", "le"}, {Set, "certs[1].name", "l"}, {Set, "certs[2].name", "leaf"}},
			func(s *scenario.Scenario) string {
				return want(slices.Equal(s.Server.Send, []string{"leaf", "l"}) && s.Certs[2].Issuer == "l",
					"send %v issuer %q", s.Server.Send, s.Certs[2].Issuer)
			}},
		{"add", []Edit{{Add, "certs", ""}, {Add, "certs", ""}}, func(s *scenario.Scenario) string {
			n := len(s.Certs)
			return want(n == 5 && s.Certs[3].Name != s.Certs[4].Name && s.Certs[4].Issuer == "root", "certs %d %+v", n, s.Certs[n-1])
		}},
		{"remove", []Edit{{Remove, "certs[0]", ""}}, func(s *scenario.Scenario) string {
			return want(len(s.Certs) == 2 && s.Certs[0].Name == scenario.Intermediate, "certs %v", s.Certs)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := NewEditor(preset(t, "verify-true"))
			for _, ed := range tc.edits {
				if err := e.Apply(ed); err != nil {
					t.Fatalf("%+v: %v", ed, err)
				}
			}
			if msg := tc.check(e.S); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func want(ok bool, format string, args ...any) string {
	if ok {
		return ""
	}
	return "got " + strings.TrimSpace(fmt.Sprintf(format, args...))
}

// Edits the editor never offers are errors, and leave the scenario alone.
func TestApplyUnknown(t *testing.T) {
	for _, ed := range []Edit{
		{Set, "client.nope", "x"}, {Set, "certs[9].name", "x"}, {Set, "certs[0]", "x"}, {Set, "certs[0].nope", "x"},
		{Remove, "client.dial", ""}, {Remove, "certs[7]", ""}, {"explode", "certs", ""}, {Set, "", ""},
	} {
		e := NewEditor(preset(t, "verify-true"))
		before := jsonOf(t, e.S)
		if err := e.Apply(ed); err == nil {
			t.Errorf("%+v: applied", ed)
		}
		if jsonOf(t, e.S) != before {
			t.Errorf("%+v: changed the scenario", ed)
		}
	}
}

// Drafts that did not parse stay in their inputs when a certificate is added
// or removed: those of the certificates after one removed move up with them,
// its own go.
func TestDraftsOutliveCertificatesAddedOrRemoved(t *testing.T) {
	e := NewEditor(preset(t, "verify-true"))
	must(t, e.Apply(Edit{Set, "client.port", "44x"}))
	must(t, e.Apply(Edit{Set, "certs[1].not_after", "9x"}))
	must(t, e.Apply(Edit{Set, "certs[2].not_before", "-3x"}))
	must(t, e.Apply(Edit{Add, "certs", ""}))
	for path, want := range map[string]string{"client.port": "44x", "certs[1].not_after": "9x", "certs[2].not_before": "-3x"} {
		if in := input(t, e, path); in.Value != want || len(in.Problems) != 1 {
			t.Errorf("after a certificate was added, %s shows %q with problems %q, want the draft %q", path, in.Value, in.Problems, want)
		}
	}
	if e.Valid() || e.ErrCount() != 3 {
		t.Errorf("with three drafts that do not parse: valid %v, %d errors", e.Valid(), e.ErrCount())
	}
	must(t, e.Apply(Edit{Remove, "certs[1]", ""}))
	for path, want := range map[string]string{"client.port": "44x", "certs[1].not_before": "-3x"} {
		if in := input(t, e, path); in.Value != want || len(in.Problems) != 1 {
			t.Errorf("after certs[1] was removed, %s shows %q with problems %q, want the draft %q", path, in.Value, in.Problems, want)
		}
	}
	if in := input(t, e, "certs[1].not_after"); in.Value == "9x" || len(in.Problems) != 0 {
		t.Errorf("the removed certificate's draft moved to the next: %+v", in)
	}
}

// A name cleared, then retyped after a certificate before it was removed,
// takes its references along from where the certificate moved to.
func TestRenameAcrossARemoval(t *testing.T) {
	e := NewEditor(preset(t, "verify-true"))
	if e.S.Certs[2].Name != "leaf" || !slices.Contains(e.S.Server.Send, "leaf") {
		t.Fatalf("verify-true's third certificate is %q, the bank sends %v", e.S.Certs[2].Name, e.S.Server.Send)
	}
	must(t, e.Apply(Edit{Set, "certs[2].name", ""}))
	must(t, e.Apply(Edit{Remove, "certs[0]", ""}))
	must(t, e.Apply(Edit{Set, "certs[1].name", "leaf2"}))
	if !slices.Contains(e.S.Server.Send, "leaf2") || slices.Contains(e.S.Server.Send, "leaf") {
		t.Errorf("the bank sends %v, want leaf2 in leaf's place", e.S.Server.Send)
	}
	for _, c := range e.S.Certs {
		if c.Name != "leaf2" && c.Issuer == "leaf2" {
			t.Errorf("%s is now issued by leaf2", c.Name)
		}
	}
}

// A value that does not parse stays in its input with a message; the scenario
// keeps its last good value until the input parses again.
func TestDrafts(t *testing.T) {
	e := NewEditor(preset(t, "verify-true"))
	must(t, e.Apply(Edit{Set, "certs[2].not_after", "60x"}))
	if e.S.Certs[2].NotAfter != 60 || e.Valid() {
		t.Fatalf("not_after %d, valid %v", e.S.Certs[2].NotAfter, e.Valid())
	}
	in := input(t, e, "certs[2].not_after")
	if in.Value != "60x" || len(in.Problems) != 1 || !strings.Contains(in.Problems[0], "whole number") {
		t.Errorf("draft input %+v", in)
	}
	must(t, e.Apply(Edit{Set, "certs[2].not_after", "-1"}))
	in = input(t, e, "certs[2].not_after")
	if !e.Valid() || in.Value != "-1" || len(in.Problems) != 0 || e.S.Certs[2].NotAfter != -1 {
		t.Errorf("after fixing: valid %v, input %+v", e.Valid(), in)
	}
}

// The validator's problems land on the input that can fix them.
func TestProblemsAtFields(t *testing.T) {
	for _, tc := range []struct {
		edit    Edit
		path    string
		message string
	}{
		{Edit{Set, "client.dial", "<script>alert(1)</script>"}, "client.dial", "neither a DNS name nor an IP address"},
		{Edit{Set, "client.port", "https"}, "client.port", "is not a port number"},
		{Edit{Set, "client.port", "70000"}, "client.port", "is not a port number: a port is 1 to 65535"},
		// 0 is no port: the field says what an empty one means.
		{Edit{Set, "client.port", "0"}, "client.port", `"0" is not a port number: a port is 1 to 65535 (without one, 443)`},
		// A port is digits alone, as in a URL and every other field (scenario.ReadPort).
		{Edit{Set, "client.port", "+443"}, "client.port", `"+443" is not a port number`},
		{Edit{Set, "certs[2].dns", "ok.example, bad name"}, "certs[2].dns", "is not allowed in a DNS name"},
		{Edit{Set, "server.send", "leaf, nobody"}, "server.send", `no certificate named "nobody"`},
		{Edit{Set, "certs[2].not_after", "-40"}, "certs[2].not_after", "ends before it starts"},
		{Edit{Set, "client.groups", "x448"}, "client.groups", "unknown group"},
		{Edit{Set, "certs[0].name", "dup-check"}, "", ""},
		{Edit{Set, "certs[1].name", "root"}, "certs[1].name", "used by another certificate"},
		{Edit{Set, "server.client_auth", "require_and_verify"}, "server.client_cas", "must trust at least one CA"},
		{Edit{Set, "certs[1].issuer", "leaf"}, "certs[1].issuer", ""},
		{Edit{Set, "title", strings.Repeat("x", scenario.MaxTitleLen+1)}, "title", "longer than"},
		{Edit{Set, "client.cert", "tuple"}, "client.badge", "empty"},
		{Edit{Set, "title", "Bank\x1b[2J"}, "title", "the control character U+001B"},
		{Edit{Set, "server.alpn", "h2, evil\u202ecod.exe"}, "server.alpn", "the direction control U+202E"},
		{Edit{Set, "client.key_password", "pw\r"}, "client.key_password", "a line break (U+000D)"},
	} {
		e := NewEditor(preset(t, "verify-true"))
		must(t, e.Apply(tc.edit))
		if tc.path == "" {
			if !e.Valid() {
				t.Errorf("%+v: invalid: %v", tc.edit, e.Form())
			}
			continue
		}
		if e.Valid() {
			t.Errorf("%+v: still valid", tc.edit)
			continue
		}
		in := input(t, e, tc.path)
		if len(in.Problems) == 0 || !strings.Contains(strings.Join(in.Problems, "|"), tc.message) {
			t.Errorf("%+v: problems at %s are %q, want one with %q (general: %q)", tc.edit, tc.path, in.Problems, tc.message, e.General())
		}
	}
}

func TestLocate(t *testing.T) {
	paths := map[string]bool{"client.dial": true, "certs[2].dns": true, "certs[2]": true, "server.send": true, "now": true}
	for field, wantAt := range map[string]string{
		"client.dial":        "client.dial",
		"certs[2].dns[0]":    "certs[2].dns",
		"certs[2].dns":       "certs[2].dns",
		"certs[2].issuer":    "certs[2]",
		"server.send[3]":     "server.send",
		"now":                "now",
		"id":                 "",
		"certs":              "",
		"client.bundle[0]":   "",
		"certs[12].name":     "",
		"":                   "",
		"certs[2].dns[0][1]": "certs[2].dns",
	} {
		if got := Locate(field, paths); got != wantAt {
			t.Errorf("Locate(%q) = %q, want %q", field, got, wantAt)
		}
	}
}

func TestFormGroups(t *testing.T) {
	e := NewEditor(preset(t, "mtls-ok"))
	open := map[string]bool{}
	for _, g := range e.Form() {
		open[g.ID] = g.Open
	}
	// The bank's leaf and the courier's badge are what the story is about.
	for id, wantOpen := range map[string]bool{"client": true, "server": true, "mitm": false, "certs[0]": false, "certs[2]": true, "certs[4]": true} {
		if open[id] != wantOpen {
			t.Errorf("group %s open=%v, want %v", id, open[id], wantOpen)
		}
	}
	must(t, e.Apply(Edit{Set, "certs[0].dns", "bad name"}))
	for _, g := range e.Form() {
		if g.ID == "certs[0]" && !g.Open {
			t.Error("a group with a problem stays folded")
		}
	}
}

func TestNewCertIsValid(t *testing.T) {
	e := NewEditor(preset(t, "self-signed"))
	must(t, e.Apply(Edit{Add, "certs", ""}))
	if !e.Valid() {
		t.Errorf("a fresh certificate makes the scenario invalid: %v", e.Form()[len(e.Form())-1].Inputs)
	}
	c := e.S.Certs[len(e.S.Certs)-1]
	if c.Key != pki.ECDSAP256 || len(c.Name) == 0 {
		t.Errorf("new cert %+v", c)
	}
}

func input(t *testing.T, e *Editor, path string) Input {
	t.Helper()
	for _, g := range e.Form() {
		for _, in := range g.Inputs {
			if in.Path == path {
				return in
			}
		}
	}
	t.Fatalf("no input %s", path)
	return Input{}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestCertPath(t *testing.T) {
	for path, want := range map[string]struct {
		i     int
		field string
		ok    bool
	}{
		"certs[2].dns": {2, "dns", true}, "certs[10]": {10, "", true}, "certs[0].not_after": {0, "not_after", true},
		"certs[]": {}, "certs[01]": {}, "certs[-1]": {}, "certs[1]x": {}, "certs[1].": {}, "client.dial": {}, "certs": {},
	} {
		i, field, ok := certPath(path)
		if i != want.i || field != want.field || ok != want.ok {
			t.Errorf("certPath(%q) = %d %q %v, want %+v", path, i, field, ok, want)
		}
	}
}

// Text that does not parse shows only why: not the problems of the last value
// that did. And an edit that empties what the imposter sends is a problem at
// its field, not a crash.
func TestDraftProblemsAndEmptyImposter(t *testing.T) {
	e := NewEditor(preset(t, "verify-true"))
	must(t, e.Apply(Edit{Set, "certs[2].not_after", "-99999999"}))
	must(t, e.Apply(Edit{Set, "certs[2].not_after", ""}))
	if in := input(t, e, "certs[2].not_after"); len(in.Problems) != 1 || !strings.Contains(in.Problems[0], "not a whole number") {
		t.Errorf("problems %q", in.Problems)
	}
	must(t, e.Apply(Edit{Set, "certs[2].not_after", "30"}))
	if !e.Valid() {
		t.Errorf("a good value again is still invalid: %v", e.Form())
	}

	e = NewEditor(preset(t, "verify-false-mitm"))
	must(t, e.Apply(Edit{Set, "imposter.send", ""}))
	if e.Valid() {
		t.Fatal("an imposter sending nothing is valid")
	}
	if in := input(t, e, "imposter.send"); !strings.Contains(strings.Join(in.Problems, "|"), "empty") {
		t.Errorf("problems at imposter.send: %q", in.Problems)
	}

	// An imposter turned off and on again sends its own certificate, not the
	// bank's chain with the bank's key (that would be the bank).
	e = NewEditor(preset(t, "verify-false-mitm"))
	must(t, e.Apply(Edit{Set, "imposter", "false"}))
	must(t, e.Apply(Edit{Set, "imposter", "true"}))
	if s := e.S; s.Imposter == nil || !slices.Equal(s.Imposter.Send, []string{"imposter"}) {
		t.Errorf("the imposter sends %+v", s.Imposter)
	}
}

// How many certificates a scenario may hold is said beside "Add a
// certificate", where the person adding one looks, not only in the status
// line above the form: the button goes off at the most, and a scenario over
// it says so there.
func TestAdding(t *testing.T) {
	e := NewEditor(preset(t, "verify-true"))
	for len(e.S.Certs) < scenario.MaxCerts-1 {
		must(t, e.Apply(Edit{Add, "certs", ""}))
	}
	if off, say := e.Adding(); off || say != "" {
		t.Errorf("with %d certificates: off %v, %q", len(e.S.Certs), off, say)
	}
	must(t, e.Apply(Edit{Add, "certs", ""}))
	if off, say := e.Adding(); !off || !strings.Contains(say, fmt.Sprintf("at most %d certificates", scenario.MaxCerts)) || !e.Valid() {
		t.Errorf("with %d certificates: off %v, %q, valid %v", len(e.S.Certs), off, say, e.Valid())
	}
	// One more, as a script may add it: invalid, and said there.
	must(t, e.Apply(Edit{Add, "certs", ""}))
	off, say := e.Adding()
	if want := fmt.Sprintf("%d certificates, at most %d", scenario.MaxCerts+1, scenario.MaxCerts); !off || !strings.Contains(say, want) || e.Valid() {
		t.Errorf("with %d certificates: off %v, %q, want %q; valid %v", len(e.S.Certs), off, say, want, e.Valid())
	}
	if g := e.General(); len(g) > 0 {
		t.Errorf("the number of certificates is also said above the form: %q", g)
	}
	must(t, e.Apply(Edit{Remove, "certs[3]", ""}))
	if off, _ := e.Adding(); !off || !e.Valid() {
		t.Errorf("back to %d certificates: off %v, valid %v", len(e.S.Certs), off, e.Valid())
	}
}

// A group is taken by the names the page writes it with: the verdict's
// X25519MLKEM768 and X25519, P-256 (the key exchange's words, Go's
// CurveP256), in any case; a name it does not know is refused by the
// validator, as typed.
func TestGroupsByTheirNames(t *testing.T) {
	e := NewEditor(scenario.Lookup("verify-true").At(scenario.PresetClock))
	for _, tt := range []struct {
		typed string
		want  []scenario.Group
	}{
		{"X25519MLKEM768, X25519, P-256", []scenario.Group{scenario.X25519MLKEM768, scenario.X25519, scenario.P256}},
		{"CurveP384, p521, prime256v1", []scenario.Group{scenario.P384, scenario.P521, scenario.P256}},
		{"secp256r1", []scenario.Group{scenario.P256}},
	} {
		for _, side := range []string{"client", "server"} {
			if err := e.Apply(Edit{Op: Set, Path: side + ".groups", Value: tt.typed}); err != nil {
				t.Fatal(err)
			}
			got := e.S.Client.Groups
			if side == "server" {
				got = e.S.Server.Groups
			}
			if !slices.Equal(got, tt.want) || !e.Valid() {
				t.Errorf("%s.groups %q: %q (valid %v), want %q", side, tt.typed, got, e.Valid(), tt.want)
			}
		}
	}
	if err := e.Apply(Edit{Op: Set, Path: "client.groups", Value: "X448"}); err != nil {
		t.Fatal(err)
	}
	if e.Valid() || !slices.Equal(e.S.Client.Groups, []scenario.Group{"X448"}) {
		t.Errorf("client.groups X448: %q, valid %v", e.S.Client.Groups, e.Valid())
	}
}

// machineWords are the scenario's JSON names and values where the form
// shows labels and options: not_before where the field says "Valid from",
// verify=bundle where the option says '/path/ca.pem'. Python's and the
// commands' own names (trust_env, inject_into_ssl) are the person's.
var machineWords = regexp.MustCompile(`\b(?:not_before|not_after|crl_url|ocsp_url|min_version|max_version|max_path_len|ca / |verify=bundle|cert=[a-z_]+)\b|\b\d+\.\.\d+\b`)

// What the editor says of a bad value, and the hints under its fields, name
// things as its labels and options do.
func TestProblemsSpeakTheFormsWords(t *testing.T) {
	for _, edits := range [][]Edit{
		{{Op: Set, Path: "certs[2].not_after", Value: "-40"}},
		{{Op: Set, Path: "certs[2].revoked", Value: "true"}},
		{{Op: Set, Path: "certs[1].max_path_len", Value: "-2"}},
		{{Op: Set, Path: "client.min_version", Value: "1.3"}, {Op: Set, Path: "client.max_version", Value: "1.2"}},
		{{Op: Set, Path: "client.bundle", Value: "root"}},
		{{Op: Set, Path: "server.staple_ocsp", Value: "true"}},
		{{Op: Set, Path: "certs[2].no_basic_constraints", Value: "true"}, {Op: Set, Path: "certs[1].no_basic_constraints", Value: "true"}},
	} {
		e := NewEditor(preset(t, "verify-true"))
		for _, ed := range edits {
			must(t, e.Apply(ed))
		}
		var said []string
		for _, g := range e.Form() {
			said = append(said, g.Problems...)
			for _, in := range g.Inputs {
				said = append(said, in.Problems...)
				said = append(said, in.Hint)
			}
		}
		said = append(said, e.General()...)
		if e.Valid() {
			t.Errorf("%+v: valid", edits)
		}
		for _, s := range said {
			if m := machineWords.FindString(s); m != "" {
				t.Errorf("%+v: the editor says %q (%q)", edits, s, m)
			}
		}
	}
}

// A certificate added leaves the person at its name; other edits where they
// are.
func TestFocusAfter(t *testing.T) {
	e := NewEditor(preset(t, "verify-true"))
	add := Edit{Op: Add, Path: "certs"}
	must(t, e.Apply(add))
	if got := e.FocusAfter(add); got != "certs[3].name" {
		t.Errorf("after adding a certificate: %q", got)
	}
	set := Edit{Op: Set, Path: "certs[3].cn", Value: "x"}
	must(t, e.Apply(set))
	if got := e.FocusAfter(set); got != "" {
		t.Errorf("after setting a field: %q", got)
	}
}

// A cipher suite typed in small letters is the suite of that name.
func TestSuitesInSmallLetters(t *testing.T) {
	e := NewEditor(preset(t, "3des-only-bank"))
	must(t, e.Apply(Edit{Op: Set, Path: "server.cipher_suites", Value: "tls_ecdhe_ecdsa_with_aes_128_gcm_sha256"}))
	if !e.Valid() || !slices.Equal(e.S.Server.CipherSuites, []string{"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}) {
		t.Errorf("suites %q, valid %v", e.S.Server.CipherSuites, e.Valid())
	}
}

// TestProblemMarksItsFields: a problem the validator files under no input
// marks the inputs it is about, where the page says the problems are marked,
// and is counted once; it was said only in its group's line, marking no field.
func TestProblemMarksItsFields(t *testing.T) {
	e := NewEditor(preset(t, "sni-default-certificate"))
	must(t, e.Apply(Edit{Set, "server.client_auth", "request"}))
	const want = "chooses its certificate by name cannot also ask for badges"
	for _, path := range []string{"server.by_name.name", "server.client_auth"} {
		if in := input(t, e, path); !strings.Contains(strings.Join(in.Problems, "|"), want) {
			t.Errorf("%s: problems %q, want one with %q", path, in.Problems, want)
		}
	}
	for _, g := range e.Form() {
		if len(g.Problems) > 0 {
			t.Errorf("group %s says %q, marking no field", g.ID, g.Problems)
		}
	}
	if n := e.ErrCount(); n != 1 {
		t.Errorf("ErrCount = %d, want 1", n)
	}
}
