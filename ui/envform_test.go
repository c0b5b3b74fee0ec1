package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// TestEnvEdits walks the environment's inputs as a person would: each edit
// is applied to the scenario, and a problem lands at the input that caused it.
func TestEnvEdits(t *testing.T) {
	tests := []struct {
		name  string
		edits [][2]string // path, value, in order
		check func(c *scenario.Client) bool
		// problem is the input that shows a problem afterwards ("" for none),
		// and words it must hold.
		problem, words string
	}{
		{name: "a Session with ca.pem, overridden by REQUESTS_CA_BUNDLE",
			edits: [][2]string{{"client.bundle", "root"}, {"client.session.verify", "bundle"},
				{"client.env.REQUESTS_CA_BUNDLE", "old.pem"}, {"client.env.REQUESTS_CA_BUNDLE.certs", "public, intermediate"}},
			check: func(c *scenario.Client) bool {
				e := c.EnvVar(scenario.EnvRequestsCABundle)
				return c.Session != nil && c.Session.Verify == scenario.VerifyBundle && e != nil && e.Path == "old.pem" && e.Public &&
					slices.Equal(e.Certs, []string{"intermediate"}) && c.Intended() == scenario.VerifyBundle
			}},
		{name: "a variable without a bundle is marked at its list",
			edits:   [][2]string{{"client.env.SSL_CERT_FILE", "x.pem"}},
			problem: "client.env.SSL_CERT_FILE.certs", words: "at least one certificate"},
		{name: "an absolute path is marked at the variable",
			edits:   [][2]string{{"client.env.CURL_CA_BUNDLE", "/etc/ssl/x.pem"}, {"client.env.CURL_CA_BUNDLE.certs", "root"}},
			problem: "client.env.CURL_CA_BUNDLE", words: "absolute path"},
		{name: "an unknown certificate in the bundle",
			edits:   [][2]string{{"client.env.NODE_EXTRA_CA_CERTS", "x.pem"}, {"client.env.NODE_EXTRA_CA_CERTS.certs", "nobody"}},
			problem: "client.env.NODE_EXTRA_CA_CERTS.certs", words: `no certificate named "nobody"`},
		{name: "an empty path unsets the variable",
			edits: [][2]string{{"client.env.SSL_CERT_DIR", "certs"}, {"client.env.SSL_CERT_DIR.certs", "root"}, {"client.env.SSL_CERT_DIR", ""}},
			check: func(c *scenario.Client) bool { return len(c.Env) == 0 }},
		{name: "the machine's store and truststore",
			edits: [][2]string{{"client.os_store", "root"}, {"client.truststore", "true"}},
			check: func(c *scenario.Client) bool { return c.Truststore && slices.Equal(c.OSStore, []string{"root"}) }},
		{name: "trust_env without a Session",
			edits:   [][2]string{{"client.session.trust_env", "false"}},
			problem: "client.session.trust_env", words: "belongs to a Session"},
		{name: "a bundle for an unset variable",
			edits:   [][2]string{{"client.env.CURL_CA_BUNDLE.certs", "root"}},
			problem: "client.env.CURL_CA_BUNDLE.certs", words: "give its path first"},
		{name: "trust_env off on a Session",
			edits: [][2]string{{"client.session.verify", "true"}, {"client.session.trust_env", "false"}},
			check: func(c *scenario.Client) bool { return !c.Session.ReadsEnv() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEditor(scenario.Lookup("verify-true").At(scenario.PresetClock))
			for _, ed := range tt.edits {
				if err := e.Apply(Edit{Path: ed[0], Value: ed[1]}); err != nil {
					t.Fatalf("edit %s=%q: %v", ed[0], ed[1], err)
				}
			}
			if tt.check != nil && !tt.check(&e.S.Client) {
				t.Errorf("client after the edits: %+v", e.S.Client)
			}
			var got []string
			for _, g := range e.Form() {
				for _, in := range g.Inputs {
					if len(in.Problems) > 0 {
						got = append(got, in.Path)
						if in.Path == tt.problem && !strings.Contains(strings.Join(in.Problems, " "), tt.words) {
							t.Errorf("%s says %q, want %q", in.Path, in.Problems, tt.words)
						}
					}
				}
			}
			if want := []string{tt.problem}; tt.problem == "" && len(got) > 0 || tt.problem != "" && !slices.Equal(got, want) {
				t.Errorf("problems at %q, want %q", got, tt.problem)
			}
		})
	}
}

// TestBundleKeepsItsOrder: a bundle's list reads as the person typed it,
// the public roots where they put them, after an edit and through a link; it
// was rewritten with the public roots first ("root, public" read "public, root").
func TestBundleKeepsItsOrder(t *testing.T) {
	const path = "client.env.REQUESTS_CA_BUNDLE.certs"
	for _, typed := range []string{"root, public", "public, root", "root, public, intermediate", "intermediate, root"} {
		e := NewEditor(scenario.Lookup("verify-true").At(scenario.PresetClock))
		must(t, e.Apply(Edit{Path: "client.env.REQUESTS_CA_BUNDLE", Value: "ca.pem"}))
		must(t, e.Apply(Edit{Path: path, Value: typed}))
		if in := input(t, e, path); in.Value != typed || len(in.Problems) > 0 {
			t.Errorf("typed %q: reads %q (problems %q)", typed, in.Value, in.Problems)
		}
		frag, err := scenario.EncodeFragment(e.S)
		must(t, err)
		back, err := scenario.DecodeFragment(frag)
		must(t, err)
		if in := input(t, NewEditor(back), path); in.Value != typed {
			t.Errorf("typed %q: the link's reads %q", typed, in.Value)
		}
	}
}
