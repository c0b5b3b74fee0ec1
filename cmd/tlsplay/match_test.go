package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/explain"
)

// TestMatch pastes errors into tlsplay match: the text lists the stories one
// a line, best first, with the part that matched; --json the same as data.
func TestMatch(t *testing.T) {
	for _, tt := range []struct {
		name, paste          string
		first, client, words string
		// spanned is what the spans cover, when it is not what is shown.
		spanned string
	}{
		{"curl", "$ curl https://shop.example.net/\ncurl: (60) SSL certificate problem: certificate has expired\nMore details here: https://curl.se/docs/sslcerts.html\n",
			"expired", "curl", "curl: (60) SSL certificate problem: certificate has expired", ""},
		{"Go", `2025/01/02 15:04:05 Get "https://10.1.2.3:9443/": tls: failed to verify certificate: x509: certificate is valid for 10.1.2.4, not 10.1.2.3`,
			"ip-mismatch", "go", "tls: failed to verify certificate: x509: certificate is valid for 10.1.2.4, not 10.1.2.3", ""},
		// A terminal's escape in the matched part is shown, not obeyed.
		{"an escape sequence", "curl: (60) SSL certificate \x1b[2J\x1b]0;owned\x07problem: certificate has expired\n",
			"expired", "curl", `curl: (60) SSL certificate \x1b[2J\x1b]0;owned\x07problem: certificate has expired`,
			"curl: (60) SSL certificate \x1b[2J\x1b]0;owned\x07problem: certificate has expired"},
		// What is not UTF-8 is shown as text, and does not stop the match.
		{"bytes that are not UTF-8", "\xff\xfe log \xc3(\ncurl: (35) OpenSSL/3.0.2: error:0A00042E:SSL routines::tlsv1 alert protocol version \xa0\n",
			"tls-version-mismatch", "curl", "curl: (35) OpenSSL", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, status := cliIn(t, tt.paste, "match")
			if status != 0 || stderr != "" {
				t.Fatalf("status %d, stderr %q", status, stderr)
			}
			if !utf8.ValidString(stdout) {
				t.Errorf("the output is not UTF-8: %q", stdout)
			}
			if strings.ContainsAny(stdout, "\x1b\x07") {
				t.Errorf("the output holds a terminal's control character: %q", stdout)
			}
			first, _, _ := strings.Cut(stdout, "\n")
			fields := strings.Fields(first)
			if len(fields) < 4 || fields[0] != tt.first || !strings.Contains(first, "  "+tt.client+"  ") || !strings.Contains(shownPart(t, stdout, first), tt.words) {
				t.Errorf("first line %q: want %s from %s, showing %q\n%s", first, tt.first, tt.client, tt.words, stdout)
			}

			stdout, stderr, status = cliIn(t, tt.paste, "match", "--json")
			if status != 0 || stderr != "" {
				t.Fatalf("--json: status %d, stderr %q", status, stderr)
			}
			var got struct {
				Matches []map[string]json.RawMessage `json:"matches"`
			}
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("--json: %v\n%s", err, stdout)
			}
			if len(got.Matches) == 0 {
				t.Fatalf("--json: no match:\n%s", stdout)
			}
			for _, k := range []string{"id", "reason", "client", "score", "spans"} {
				if _, ok := got.Matches[0][k]; !ok {
					t.Errorf("--json: the first match has no %q: %s", k, stdout)
				}
			}
			var x explain.Match
			b, _ := json.Marshal(got.Matches[0])
			if err := json.Unmarshal(b, &x); err != nil {
				t.Fatal(err)
			}
			if x.ID != tt.first || x.Client != tt.client || x.Score <= 0 || x.Score > 1 || x.Rank != 1 {
				t.Errorf("--json: first %+v, want %s from %s", x, tt.first, tt.client)
			}
			// The spans are byte offsets into the text as read.
			var covered []string
			for _, s := range x.Spans {
				covered = append(covered, tt.paste[s.Start:s.End])
			}
			spanned := tt.spanned
			if spanned == "" {
				spanned = tt.words
			}
			if !strings.Contains(strings.Join(covered, "\n"), spanned) {
				t.Errorf("--json: the spans cover %q, not %q", covered, spanned)
			}
		})
	}
}

// Python's bare line of a badge refused (requests' words for
// mtls-wrong-ca hold it) lists that story; a part of a story's error too
// small to name it (s_client's first line of mtls-sha1-badge's) is said not
// whole enough, not absent.
func TestMatchPartWords(t *testing.T) {
	stdout, _, _ := cliIn(t, "ssl.SSLError: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:1006)\n", "match")
	if !strings.HasPrefix(stdout, "mtls-wrong-ca ") {
		t.Errorf("the bare unknown ca line: %q", stdout)
	}
	stdout, _, _ = cliIn(t, "error setting certificate\n", "match")
	if !strings.HasPrefix(stdout, "No story matches") || !strings.Contains(stdout, "whole enough") {
		t.Errorf("a part of a story's error: %q", stdout)
	}
}

// TestMatchNothing: text with no story's error says so, points to the chain,
// and exits 0; --json gives an empty list.
func TestMatchNothing(t *testing.T) {
	paste := "Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\nKeyError: 'token'\n"
	stdout, stderr, status := cliIn(t, paste, "match")
	if status != 0 || stderr != "" {
		t.Fatalf("status %d, stderr %q", status, stderr)
	}
	if !strings.HasPrefix(stdout, "No story matches") || !strings.Contains(stdout, "tlsplay inspect --chain FILE") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("stdout %q", stdout)
	}
	stdout, stderr, status = cliIn(t, paste, "match", "--json")
	if status != 0 || stderr != "" || strings.Join(strings.Fields(stdout), "") != `{"matches":[]}` {
		t.Errorf("--json: status %d, stderr %q, stdout %q", status, stderr, stdout)
	}
	// An error no story plays is said for what it is, in one line.
	stdout, stderr, status = cliIn(t, "curl: (35) error:0A00010B:SSL routines::wrong version number\n", "match")
	if status != 0 || stderr != "" || !strings.HasPrefix(stdout, "This is not a certificate error") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("wrong version number: status %d, stderr %q, stdout %q", status, stderr, stdout)
	}
}

// TestMatchTooLarge: over a megabyte is refused in one line, status 2.
func TestMatchTooLarge(t *testing.T) {
	stdout, stderr, status := cliIn(t, strings.Repeat("curl: (60) SSL certificate problem: certificate has expired\n", explain.MaxPaste/50), "match")
	if status != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "larger than 1 MB") {
		t.Errorf("status %d, stdout %q, stderr %q", status, stdout, stderr)
	}
}

// TestMatchTableIsNarrow: a long reason (tls10-bank's and tls11-bank's, for
// requests) is cut at a word in the table, which stays within 80 columns up
// to the matched part, and given whole, once, below it.
func TestMatchTableIsNarrow(t *testing.T) {
	paste := "HTTPSConnectionPool(host='bank.example', port=443): Max retries exceeded with url: /vault (Caused by SSLError(SSLError(1, '[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:1000)')))\n"
	stdout, stderr, status := cliIn(t, paste, "match")
	if status != 0 || stderr != "" {
		t.Fatalf("status %d, stderr %q", status, stderr)
	}
	js, _, _ := cliIn(t, paste, "match", "--json")
	var got struct{ Matches []explain.Match }
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatal(err)
	}
	long := ""
	for _, x := range got.Matches {
		if x.ID == "tls10-bank" {
			long = x.Headline
		}
	}
	if len(long) <= 80 {
		t.Fatalf("tls10-bank's reason %q is no long one", long)
	}
	table, notes, _ := strings.Cut(stdout, "\n\n")
	rows := strings.Split(table, "\n")
	if len(rows) != len(got.Matches) {
		t.Fatalf("%d rows for %d matches:\n%s", len(rows), len(got.Matches), stdout)
	}
	// Every story matched the same line, too long for the table: each row
	// ends in its number, the same, where it starts within 80 columns.
	line := strings.TrimSuffix(paste[strings.Index(paste, "HTTPSConnectionPool"):], ")))\n")
	matched := ""
	for _, row := range rows {
		at := strings.LastIndex(row, "  ") + 2
		if at > 80 || matched != "" && row[at:] != matched {
			t.Errorf("the matched part is %q at column %d:\n%s", row[at:], at, row)
		}
		matched = row[at:]
		if part := shownPart(t, stdout, row); !strings.HasPrefix(line, part) || len(part) < len(line)/2 {
			t.Errorf("the matched part of %s is %q, of the paste's line %q", row, part, line)
		}
		if strings.HasPrefix(row, "tls1") && !strings.Contains(row, "… [") {
			t.Errorf("the long reason is not cut: %s", row)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(notes, "\n"), "\n") {
		if len(line) > 80 {
			t.Errorf("a note's line is %d columns: %q", len(line), line)
		}
	}
	// Below the table, once each: the long reason and the matched line.
	if n := strings.Count(notes, "HTTPSConnectionPool"); n != 1 {
		t.Errorf("the matched line is below the table %d times:\n%s", n, notes)
	}
	if n := strings.Count(strings.Join(strings.Fields(notes), " "), "] "+long); n != 1 {
		t.Errorf("the long reason %q is below the table %d times:\n%s", long, n, notes)
	}
}

// shownPart is the matched part of a row of match's table: its last column,
// or, where that is a note's number ([2]), the note below the table, its
// lines joined again.
func shownPart(t *testing.T, stdout, row string) string {
	t.Helper()
	last := row[strings.LastIndex(row, "  ")+2:]
	if !strings.HasPrefix(last, "[") || !strings.HasSuffix(last, "]") {
		return last
	}
	_, notes, _ := strings.Cut(stdout, "\n\n")
	for _, note := range strings.Split(notes, "\n\n") {
		if body, ok := strings.CutPrefix(note, last+" "); ok {
			return strings.Join(strings.Fields(body), " ")
		}
	}
	t.Fatalf("no note %s below the table:\n%s", last, stdout)
	return ""
}

// TestMatchTied: when the first stories print the same words, match says
// the text cannot tell them apart and what can, once, after the table; and
// that the bundle the text names is the one lacking the CA, when it names
// one. A story alone first has no such note. curl's refusal of its --key
// file, which it prints alike for a file it cannot read at all, says so, and
// sends nobody to the server's chain.
func TestMatchTied(t *testing.T) {
	const local = "requests.exceptions.SSLError: HTTPSConnectionPool(host='x.example', port=443): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))\n"
	for _, tt := range []struct {
		name, paste   string
		tied, keyFile bool
		// bundled is what is said of the bundle named ("" for nothing).
		bundled string
		// badge: the tie is the badge's to tell apart, not the chain's.
		badge bool
	}{
		{"tied", local, true, false, "", false},
		{"the badge's", "Get \"https://127.0.0.1:24534/\": remote error: tls: certificate required\n", true, false, "", true},
		// requests' own call names the bundle: no story names one so.
		{"a bundle named on the call", "  File \"app.py\", line 3, in <module>\n    requests.get(\"https://x.example/\", verify=\"/etc/ssl/company.pem\")\n" + local, true, false, "on its own call", false},
		{"a bundle named in REQUESTS_CA_BUNDLE", "$ REQUESTS_CA_BUNDLE=/etc/ssl/company.pem python3 app.py\n" + local, true, false, "the stories whose courier names one come first", false},
		{"one first", "curl: (35) OpenSSL/3.0.2: error:0A00042E:SSL routines::tlsv1 alert protocol version\n", false, false, "", false},
		// curl 7.88 here, --key naming a file that is not there.
		{"curl's key file", "curl: (58) unable to set private key file: 'nope.pem' type PEM\n", true, true, "", false},
	} {
		stdout, stderr, status := cliIn(t, tt.paste, "match")
		if status != 0 || stderr != "" {
			t.Fatalf("%s: status %d, stderr %q", tt.name, status, stderr)
		}
		flat := strings.Join(strings.Fields(stdout), " ")
		said := strings.Count(flat, "the text alone cannot tell them apart")
		if tt.tied && (said != 1 || strings.Contains(flat, "tlsplay inspect --chain chain.txt") != (!tt.keyFile && !tt.badge)) || !tt.tied && said != 0 {
			t.Errorf("%s: the tie is said %d times:\n%s", tt.name, said, stdout)
		}
		if badge := strings.Contains(flat, "openssl x509 -noout -issuer -in client.crt"); badge != tt.badge {
			t.Errorf("%s: the badge's file said %v, want %v:\n%s", tt.name, badge, tt.badge, stdout)
		}
		if got := strings.Contains(flat, "that is not there"); got != tt.keyFile {
			t.Errorf("%s: a key file curl cannot read said %v, want %v:\n%s", tt.name, got, tt.keyFile, stdout)
		}
		if got := strings.Contains(flat, "Your text names the CA bundle"); got != (tt.bundled != "") || !strings.Contains(flat, tt.bundled) {
			t.Errorf("%s: the bundle named said %v, want %q:\n%s", tt.name, got, tt.bundled, stdout)
		}
		last := ")."
		if tt.keyFile {
			last = "The server's chain has no part in it."
		}
		if tt.tied && !strings.HasSuffix(flat, last) {
			t.Errorf("%s: the tie is not said last:\n%s", tt.name, stdout)
		}
	}
}

// Node's warning that the file NODE_EXTRA_CA_CERTS names did not load is
// said after the stories its refusal matches (explain.ExtraCertsWords).
func TestMatchExtraCerts(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "explain", "testdata", "match", "node-extra-missing.txt"))
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, status := cliIn(t, string(b), "match")
	if status != 0 || stderr != "" {
		t.Fatalf("status %d, stderr %q", status, stderr)
	}
	if words := explain.ExtraCertsWords(string(b)); words == "" || !strings.Contains(strings.Join(strings.Fields(stdout), " "), words) || !strings.HasPrefix(stdout, "internal-ca-default-bundle") {
		t.Errorf("%s", stdout)
	}
}
