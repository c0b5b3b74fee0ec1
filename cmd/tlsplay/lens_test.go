package main

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
)

var timestamp = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

// TestRunClient holds `tlsplay run --client` to the proof: for every story and
// each client a person can pick, the verdict it prints first and its JSON's
// verdict are that client's. Curl, openssl, Node and Go are compared with what
// the real clients did (clients/testdata/observed.json, recorded by the
// clients package's TestRealClients, which fails when it goes stale); requests
// on urllib3 2, which Debian does not ship, with its prediction, checked by
// hand against the real one (clients' TestURLLib3v2).
func TestRunClient(t *testing.T) {
	raw, err := os.ReadFile("../../clients/testdata/observed.json")
	if err != nil {
		t.Fatal(err)
	}
	var observed map[string]map[string]explain.ClientVerdict
	if err := json.Unmarshal(raw, &observed); err != nil {
		t.Fatal(err)
	}
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) {
			t.Parallel()
			for _, client := range explain.LensClients {
				var got struct {
					Verdict *explain.Verdict `json:"verdict"`
					Outcome struct {
						OK      bool                             `json:"ok"`
						Reason  string                           `json:"reason"`
						Clients map[string]explain.ClientVerdict `json:"clients"`
					} `json:"outcome"`
				}
				if err := json.Unmarshal([]byte(ok(t, "run", "--preset", p.ID, "--client", client, "--json")), &got); err != nil {
					t.Fatalf("--client %s: %v", client, err)
				}
				v := got.Verdict
				if v == nil || v.Client != client || v.Headline == "" || v.Reason == "" {
					t.Fatalf("--client %s: verdict %+v", client, v)
				}
				want, proven := observed[p.ID][client]
				if !proven {
					if client != explain.Requests {
						t.Fatalf("no real %s on record for %s", client, p.ID)
					}
					want = got.Outcome.Clients[client]
				}
				// Times differ between the story's clock and the proof's, which
				// ran at the real one; the clients package masks them so.
				msg := timestamp.ReplaceAllString(v.Message, "{time}")
				if v.OK != want.OK || msg != want.Message || v.Class != want.Class {
					t.Errorf("--client %s: verdict ok=%v %q %q, the real client's ok=%v %q %q", client, v.OK, v.Class, v.Message, want.OK, want.Class, want.Message)
				}
				// The reason is Go's where the client agrees with it, and a
				// sentence says so where it does not: where it connects and Go
				// does not, or the other way round, and where both refuse for
				// other reasons (a badge the client refuses to load, which Go
				// loads and its bank refuses).
				agree := v.OK == got.Outcome.OK
				sameReason := v.Reason == got.Outcome.Reason || v.Reason == "no_shared_cipher"
				if agree && sameReason && v.Disagree != "" || !agree && !strings.Contains(v.Disagree, "Go's") {
					t.Errorf("--client %s: ok=%v, Go's ok=%v, and it says %q", client, v.OK, got.Outcome.OK, v.Disagree)
				}
				if agree && !v.OK && !sameReason && !strings.Contains(v.Disagree, "Go's") {
					t.Errorf("--client %s: reason %s where Go's is %s, and nothing says so", client, v.Reason, got.Outcome.Reason)
				}
				if v.OK && v.Reason != "ok" && v.Reason != got.Outcome.Reason {
					t.Errorf("--client %s connects with reason %s", client, v.Reason)
				}
			}
		})
	}
}

// TestRunClientText: the text output starts with the chosen client's verdict,
// requests' by default; the cases are those the issue found the page getting
// wrong (Go's green verdict over a key requests refuses).
func TestRunClientText(t *testing.T) {
	for _, c := range []struct {
		preset, client, first string
	}{
		{"weak-key-rsa1024", "", "Python requests refuses: The bank's key is too weak for Python requests (weak_key)"},
		{"weak-key-rsa1024", "go", "Go connects: "},
		{"weak-key-rsa1024", "node", "Node.js connects: "},
		{"cn-only", "curl", "curl connects: It works with curl, though not with every client (ok)"},
		{"cn-only", "requests", "Python requests refuses: "},
		{"expired", "openssl", "openssl s_client refuses: A certificate in the chain has expired (expired)"},
		// Named as a person writes it, in any case, as a link may.
		{"cn-only", "Curl", "curl connects: "},
		{"weak-key-rsa1024", "Go", "Go connects: "},
	} {
		args := []string{"run", "--preset", c.preset}
		if c.client != "" {
			args = append(args, "--client", c.client)
		}
		out := ok(t, args...)
		if !strings.HasPrefix(out, c.first) {
			first, _, _ := strings.Cut(out, "\n")
			t.Errorf("tlsplay %s: first line %q, want it to start %q", strings.Join(args, " "), first, c.first)
		}
	}
	// What requests prints is the traceback's last line, its exception first.
	if out := ok(t, "run", "--preset", "expired"); !strings.Contains(out, "\n  requests.exceptions.SSLError: HTTPSConnectionPool(host='bank.example', port=443)") {
		t.Errorf("tlsplay run --preset expired prints requests' error without its exception:\n%s", out[:min(len(out), 600)])
	}
	if _, stderr, status := cli(t, "run", "--preset", "expired", "--client", "requests-urllib3-1<"); status != 2 || !strings.Contains(stderr, "--client") {
		t.Errorf("an unknown client: status %d, %q", status, stderr)
	}
}
