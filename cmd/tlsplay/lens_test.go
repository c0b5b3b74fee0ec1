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
				if !proven && client == explain.Pip && explain.PipCannot(p.Scenario()) != "" {
					// pip has no option for the story's call: the proof
					// cannot run it, and the lens shows requests' calls,
					// not a pip command that would not be the story's.
					if v.Fix.Client != "" {
						t.Errorf("--client pip: %s shows %s's calls for a call pip cannot make: %q", p.ID, v.Fix.Client, v.Fix.Wrong)
					}
					continue
				}
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
				runCalls(t, p.ID, client, v)
			}
		})
	}
}

// runCalls checks the fix of the verdict `run --preset id --client client
// --json` printed, v: the fix is the client's, its calls that client's (not
// requests', which join the other clients'), and the text prints them as
// the page's fix shows them, captioned.
func runCalls(t *testing.T, id, client string, v *explain.Verdict) {
	t.Helper()
	fx := v.Fix
	if fx.Summary == "" {
		t.Errorf("--client %s: the JSON's verdict has no fix", client)
	}
	calls := fx.Calls(v.OK)
	if len(calls) > 0 && client != explain.Requests && (fx.Client != client || fx.Requests == "") {
		t.Errorf("--client %s: the fix's calls are %q's, requests' beside them %q", client, fx.Client, fx.Requests)
	}
	text := ok(t, "run", "--preset", id, "--client", client)
	text, _, _ = strings.Cut(text, "\n\n")
	for _, c := range calls {
		if c.Code == "" {
			continue
		}
		want := "\n  " + c.Caption + ":\n    " + strings.ReplaceAll(c.Code, "\n", "\n    ") + "\n"
		if !strings.Contains(text+"\n", want) {
			t.Errorf("--client %s: the text's verdict has not %q:\n%s", client, want, text)
		}
	}
}

// runArgs is `tlsplay run`'s arguments for the preset, as client
// (requests' by default for "").
func runArgs(preset, client string) []string {
	args := []string{"run", "--preset", preset}
	if client != "" {
		args = append(args, "--client", client)
	}
	return args
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
		args := runArgs(c.preset, c.client)
		out := ok(t, args...)
		if !strings.HasPrefix(out, c.first) {
			first, _, _ := strings.Cut(out, "\n")
			t.Errorf("tlsplay %s: first line %q, want it to start %q", strings.Join(args, " "), first, c.first)
		}
	}
	// The fix's calls, as the client makes them.
	for _, c := range []struct{ preset, client, calls string }{
		{"hostname-mismatch", "go", "  The call as it is:\n    resp, err := http.Get(\"https://bankofamerica.com/vault\")\n    if err != nil {\n    \tlog.Fatal(err)\n    }\n    defer resp.Body.Close()\n    fmt.Println(resp.Status)\n" +
			"  The call that works:\n    resp, err := http.Get(\"https://www.bankofamerica.com/vault\")\n"},
		{"hostname-mismatch", "", "  The call as it is:\n    requests.get(\"https://bankofamerica.com/vault\")\n  The call that works:\n    requests.get(\"https://www.bankofamerica.com/vault\")\n"},
		{"hostname-mismatch", "curl", "  The call that works:\n    curl https://www.bankofamerica.com/vault\n"},
		{"custom-ca-bundle", "node", "  Your call, fine as it is:\n    https.get(\"https://vault.corp.example/vault\", { ca: fs.readFileSync(\"ca.pem\") }, "},
	} {
		args := runArgs(c.preset, c.client)
		if out, _, _ := strings.Cut(ok(t, args...), "\nscenario "); !strings.Contains(out, c.calls) {
			t.Errorf("tlsplay %s: the verdict has not\n%s\nbut\n%s", strings.Join(args, " "), c.calls, out)
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
