package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
)

func TestParseRoute(t *testing.T) {
	edited := preset(t, "verify-true")
	edited.Client.Dial = "www.bank.example"
	share, err := scenario.EncodeFragment(edited)
	must(t, err)
	hostile := preset(t, "verify-true")
	hostile.Title = `<img src=x onerror="window.__pwned=1">`
	hostile.Client.Dial = "<script>window.__pwned=1</script>"
	hostileFrag, err := scenario.EncodeFragment(hostile)
	must(t, err)

	for _, tc := range []struct {
		name, hash string
		wantID     string // the scenario shown
		wantDial   string // "" to skip
		errHas     string // "" for no error
	}{
		{"empty", "", DefaultPreset, "", ""},
		{"bare hash", "#", DefaultPreset, "", ""},
		{"preset", "#mtls-ok", "mtls-ok", "", ""},
		{"preset without hash", "expired", "expired", "", ""},
		{"share link", "#" + share, "verify-true", "www.bank.example", ""},
		{"unknown preset", "#no-such-story", DefaultPreset, "", `"no-such-story"`},
		{"html", "#<b>hi</b>", DefaultPreset, "", "neither a story"},
		{"damaged base64", "#s1.@@@@", DefaultPreset, "", "damaged"},
		{"not deflate", "#s1.AAAAAAAA", DefaultPreset, "", "share link"},
		{"future version", "#s9.abc", DefaultPreset, "", "version"},
		{"invalid scenario", "#" + hostileFrag, DefaultPreset, "", "client.dial"},
		{"megabyte", "#s1." + strings.Repeat("A", 1<<20), DefaultPreset, "", "at most"},
		{"megabyte of junk", "#" + strings.Repeat("<", 1<<20), DefaultPreset, "", "too long: 1048576 characters, a link holds at most 16384"},
		{"just too long", "#" + strings.Repeat("x", scenario.MaxFragmentLen+1), DefaultPreset, "", "too long: 16385 characters"},
		{"too long, though a story's name starts it", "#expired" + strings.Repeat(" ", scenario.MaxFragmentLen), DefaultPreset, "", "too long"},
		{"cut short", "#" + share[:len(share)/2], DefaultPreset, "", "cut short: the link ends before the scenario does; copy the whole link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ParseRoute(tc.hash)
			if r.Scenario == nil || r.Scenario.ID != tc.wantID {
				t.Fatalf("scenario %+v, want preset %s", r.Scenario, tc.wantID)
			}
			if tc.wantDial != "" && r.Scenario.Client.Dial != tc.wantDial {
				t.Errorf("dial %q, want %q", r.Scenario.Client.Dial, tc.wantDial)
			}
			switch {
			case tc.errHas == "" && r.Err != nil:
				t.Errorf("error %v", r.Err)
			case tc.errHas != "" && (r.Err == nil || !strings.Contains(r.Err.Error(), tc.errHas)):
				t.Errorf("error %v, want one containing %q", r.Err, tc.errHas)
			}
			if r.Err != nil && len(r.Err.Error()) > 2000 {
				t.Errorf("the message is %d bytes long: a long link must not make a long message", len(r.Err.Error()))
			}
		})
	}
}

func TestFragment(t *testing.T) {
	for _, p := range scenario.Presets {
		f, err := Fragment(p.At(scenario.PresetClock))
		must(t, err)
		if f != "#"+p.ID {
			t.Errorf("unedited %s: fragment %q", p.ID, f)
		}
	}
	s := preset(t, "mtls-ok")
	s.Certs[4].NotAfter = -3
	f, err := Fragment(s)
	must(t, err)
	if !strings.HasPrefix(f, "#s1.") {
		t.Fatalf("edited: fragment %q", f)
	}
	r := ParseRoute(f)
	if r.Err != nil || jsonOf(t, r.Scenario) != jsonOf(t, s.Undated()) {
		t.Errorf("the fragment does not reproduce the scenario: %v", r.Err)
	}
	// s was played on PresetClock's day: its link happens on the day it is
	// opened, not that one.
	if !s.Today || !r.Scenario.Now.IsZero() || r.Scenario.Today {
		t.Errorf("the link of a story played today froze its day: now %v, today %v", r.Scenario.Now, r.Scenario.Today)
	}
	if PresetOf(s) != nil {
		t.Error("an edited scenario still counts as its preset")
	}
	// A clock the person set is the scenario's own: the link keeps it.
	s.Now, s.Today = time.Date(2031, time.March, 15, 9, 30, 0, 0, time.UTC), false
	f, err = Fragment(s)
	must(t, err)
	if r := ParseRoute(f); r.Err != nil || !r.Scenario.Now.Equal(s.Now) {
		t.Errorf("the link lost the clock set: %v, %v", r.Scenario.Now, r.Err)
	}
}

func TestDescribe(t *testing.T) {
	s := preset(t, "verify-true")
	s.Client.Dial = strings.Repeat("<script>", 100)
	s.Client.SNI = "bad name"
	s.Server.Send = []string{"a", "b", "c", "d"}
	err := s.Validate()
	msg := Describe(err)
	if !strings.HasPrefix(msg, "the scenario is not valid: server.send[0]: ") || !strings.Contains(msg, "more") || len(msg) > 1000 {
		t.Errorf("Describe = %q", msg)
	}
	long := errors.New(strings.Repeat("x", 5000))
	if got := Describe(long); len(got) > 700 {
		t.Errorf("a long error stays %d bytes long", len(got))
	}
}

// tlsplay.run says there is no such story rather than how JSON failed to
// parse a story's id, and where the stories are listed.
func TestCheckRunArg(t *testing.T) {
	for _, tt := range []struct {
		arg  string
		want string // "" for an argument the engine is asked about
	}{
		{"expired", ""},
		{`{"now": 5}`, ""},
		{" \n{}", ""},
		{"[1]", ""},
		{"no-such", `there is no story "no-such": tlsplay.presets() lists the stories' ids`},
		{"Expired", `there is no story "Expired"`},
		{"expired ", `there is no story "expired "`},
		{"<script>", `there is no story "<script>"`},
		{strings.Repeat("x", 1000), "(1000 characters)"},
		{"", "tlsplay.run needs a story's id"},
		{"  ", "tlsplay.run needs a story's id"},
	} {
		err := CheckRunArg(tt.arg)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckRunArg(%.40q): %v", tt.arg, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckRunArg(%.40q) = %v, want %q", tt.arg, err, tt.want)
		case err != nil && len(err.Error()) > 300:
			t.Errorf("CheckRunArg(%.40q): a message of %d bytes", tt.arg, len(err.Error()))
		}
	}
}

// A link carries the client whose verdict it shows; a value that is not one
// of the lens's clients is refused by name, and the story is still shown.
func TestRouteClient(t *testing.T) {
	edited := preset(t, "verify-true")
	edited.Client.Dial = "www.bank.example"
	share, err := scenario.EncodeFragment(edited)
	must(t, err)
	for _, tc := range []struct {
		hash, wantID, client, errHas string
	}{
		{"#weak-key-rsa1024?client=go", "weak-key-rsa1024", "go", ""},
		{"#weak-key-rsa1024?client=requests", "weak-key-rsa1024", "requests", ""},
		// Typed by hand as its name is written: "Go", "Node", "OpenSSL".
		{"#weak-key-rsa1024?client=Go", "weak-key-rsa1024", "go", ""},
		{"#expired?client=OpenSSL", "expired", "openssl", ""},
		{"#?client=node", DefaultPreset, "node", ""},
		{"#" + share + "?client=curl", "verify-true", "curl", ""},
		{"#expired", "expired", "", ""},
		{"#expired?client=requests-urllib3-1", "expired", "", "none of requests, pip, curl, openssl, node, go"},
		{"#expired?client=<script>alert(1)</script>", "expired", "", `"<script>alert(1)</script>"`},
		{"#expired?client=" + strings.Repeat("x", 5000), "expired", "", "(5000 characters)"},
		{"#expired?client=go?client=go", "expired", "", "none of"},
		{"#expired?client=curl&x=1", "expired", "curl", `also asks for "x=1"`},
		{"#expired?client=go&client=curl", "expired", "go", `"client=curl"`},
		{"#expired?x=1&client=go", "expired", "", "the only thing a link can ask for"},
		{"#expired?lang=fr", "expired", "", "only thing a link can ask for there is a client"},
		{"#expired?", "expired", "", "only thing"},
	} {
		r := ParseRoute(tc.hash)
		name := scenario.Quote(tc.hash, 60)
		if r.Err != nil || r.Scenario.ID != tc.wantID || r.Client != tc.client {
			t.Errorf("%s: story %s (%v), client %q; want %s, %q", name, r.Scenario.ID, r.Err, r.Client, tc.wantID, tc.client)
		}
		if tc.errHas == "" && r.ClientErr != nil || tc.errHas != "" && (r.ClientErr == nil || !strings.Contains(r.ClientErr.Error(), tc.errHas)) {
			t.Errorf("%s: %v, want an error containing %q", name, r.ClientErr, tc.errHas)
		}
		if r.ClientErr != nil && len(r.ClientErr.Error()) > 300 {
			t.Errorf("%s: a %d-byte message", name, len(r.ClientErr.Error()))
		}
	}
	for _, c := range explain.LensClients {
		if r := ParseRoute(WithClient("#expired", c)); r.ClientErr != nil || r.Client != c && !(r.Client == "" && c == explain.DefaultClient) {
			t.Errorf("%s does not come back from its link: %+v", c, r)
		}
	}
}

func TestChainHistory(t *testing.T) {
	const link = "c1.abc"
	for _, c := range []struct {
		hash, client, frag string
		step               HistoryStep
	}{
		{"#hostname-mismatch", "", "#c1.abc", HistoryPush},
		{"", "", "#c1.abc", HistoryPush},
		{"#c1.other", "", "#c1.abc", HistoryPush},
		{"#c1.abcd", "", "#c1.abc", HistoryPush},
		{"#c1.abc", "", "#c1.abc", HistoryKeep},
		{"#c1.abc", explain.DefaultClient, "#c1.abc", HistoryKeep},
		{"#c1.abc?client=go", "go", "#c1.abc?client=go", HistoryKeep},
		{"#c1.abc", "go", "#c1.abc?client=go", HistoryReplace},
		{"#c1.abc?client=go", "", "#c1.abc", HistoryReplace},
		{"#expired?client=go", "go", "#c1.abc?client=go", HistoryPush},
	} {
		frag, step := ChainHistory(c.hash, link, c.client)
		if frag != c.frag || step != c.step {
			t.Errorf("ChainHistory(%q, %q, %q) = %q, %d; want %q, %d", c.hash, link, c.client, frag, step, c.frag, c.step)
		}
	}
}
