package ui

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
)

// callOf tells each lens client's call from another's by how it starts or
// what it calls.
var callOf = map[string]func(string) bool{
	explain.Curl:      func(c string) bool { return strings.HasPrefix(c, "curl ") },
	explain.OpenSSL:   func(c string) bool { return strings.HasPrefix(c, "openssl s_client ") },
	explain.Node:      func(c string) bool { return strings.HasPrefix(afterComments(c), "https.get(") },
	explain.GoNetHTTP: func(c string) bool { return strings.Contains(c, "http.Get(") || strings.Contains(c, "client.Get(") },
}

// afterComments is c past the comment lines it opens with (how to run
// Node, where its cure is a variable it reads as it starts).
func afterComments(c string) string {
	for strings.HasPrefix(c, "// ") {
		_, c, _ = strings.Cut(c, "\n")
	}
	return c
}

// Under a lens, the call shown as it is and the one that works are that
// client's (a curl command, openssl s_client, Node, Go), not requests';
// requests' call that works joins the other clients'.
func TestLensCalls(t *testing.T) {
	for id, r := range allReports(t) {
		want := VerdictFor(r, explain.Requests).Lens.Fix
		for client, is := range callOf {
			fx := VerdictFor(r, client).Lens.Fix
			if fx.Wrong == "" && fx.Right == "" {
				continue
			}
			if !is(fx.Wrong) || !is(fx.Right) {
				t.Errorf("%s?client=%s: the calls shown are not %s's:\n%s\n---\n%s", id, client, client, fx.Wrong, fx.Right)
			}
			if fx.Client != client || fx.Requests != want.Right {
				t.Errorf("%s?client=%s: the fix is %q's, with requests' call %q, want requests' %q beside it", id, client, fx.Client, fx.Requests, want.Right)
			}
		}
	}
}
