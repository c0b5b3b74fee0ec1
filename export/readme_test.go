package export

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// README.txt offers to replay the cure only when there is one, and its file
// table keeps one column however long a file's name. It names every courier
// of the kit, Node's too, and quotes what each prints when it gets through.
func TestReadmeFiles(t *testing.T) {
	for _, tc := range []struct {
		preset string
		fixed  bool
	}{{"verify-true", false}, {"expired", true}} {
		readme := presetReadme(t, tc.preset)
		if got := strings.Contains(readme, "[fixed]"); got != tc.fixed {
			t.Errorf("%s: README.txt offers [fixed]: %v, want %v", tc.preset, got, tc.fixed)
		}
		// The fixed bank listens where the story's does: the story's must stop
		// first, or the fixed couriers talk to it.
		if got := strings.Contains(strings.Join(strings.Fields(readme), " "), "once the story's bank is stopped with Ctrl-C"); got != tc.fixed {
			t.Errorf("%s: README.txt says to stop the story's bank before the fixed one: %v, want %v", tc.preset, got, tc.fixed)
		}
		// Scripts unzipped without their execute bits still run, as sh
		// runs them (each is #!/bin/sh).
		if !strings.Contains(strings.Join(strings.Fields(readme), " "), "run them as sh run-server.sh, sh curl.sh and sh s_client.sh") {
			t.Errorf("%s: README.txt does not say how to run the scripts without their execute bits", tc.preset)
		}
		checkTableColumn(t, tc.preset, readme)
		// Node's courier is run as the others are, story and fix, and what
		// each courier prints when it gets through is quoted.
		words := strings.Join(strings.Fields(readme), " ")
		says := []string{"client.js the courier as Node's https module (node client.js", "node client.js the same with Node's https module",
			`python3 client.py OK <Response [200]> '<HTML><BODY BGCOLOR="#ffffff">'`, "./curl.sh HTTP/1.0 200 ok", "./s_client.sh HTTP/1.0 200 ok", "node client.js OK 200 ok"}
		if tc.fixed {
			says = append(says, "./s_client.sh fixed node client.js fixed")
		}
		for _, w := range says {
			if !strings.Contains(words, w) {
				t.Errorf("%s: README.txt does not say %q:\n%s", tc.preset, w, readme)
			}
		}
	}
}

// checkTableColumn checks that every description in README.txt's table of
// files, and every line it wraps onto, starts at the same column, and that
// no line of the table is wider than 78 columns.
func checkTableColumn(t *testing.T, preset, readme string) {
	t.Helper()
	column := -1
	for _, line := range strings.Split(readmeTable(readme), "\n") {
		at := len(line) - len(strings.TrimLeft(line, " "))
		if at == 2 {
			// A row's first line: the file's name, then its description.
			name := strings.Fields(line)[0]
			at = strings.Index(line, name) + len(name)
			at += len(line[at:]) - len(strings.TrimLeft(line[at:], " "))
		}
		if column >= 0 && at != column {
			t.Errorf("%s: %q starts its description at column %d, not %d", preset, line, at, column)
		}
		column = at
		if n := columns(line); n > 78 {
			t.Errorf("%s: the table's line %q is %d columns, more than 78", preset, line, n)
		}
	}
}

// Every row of README.txt's table of files, in every story, fits 78 columns:
// a description too long for it wraps under its own start.
func TestReadmeTableColumns(t *testing.T) {
	for _, p := range scenario.Presets {
		checkTableColumn(t, p.ID, presetReadme(t, p.ID))
	}
}

// README.txt's table says what every file of the kit is, in stories with
// each kind of file: revocation's, the environment's, a badge's, a bank's
// chosen by name.
func TestReadmeDescribesEveryFile(t *testing.T) {
	for _, preset := range []string{"revoked-leaf", "revoked-intermediate", "env-bundle-overrides-session", "os-trust-store", "mtls-ok", "sni-default-certificate", "verify-false-mitm"} {
		readme := presetReadme(t, preset)
		for _, row := range readmeRows(readme) {
			if len(strings.Fields(row)) < 2 {
				t.Errorf("%s: README.txt does not say what %q is", preset, strings.TrimSpace(row))
			}
		}
	}
}

// readmeTable is README.txt's table of files, as it is printed.
func readmeTable(readme string) string {
	table := readme[strings.Index(readme, "Files\n-----\n")+len("Files\n-----\n"):]
	return strings.SplitN(table, "\n\n", 2)[0]
}

// readmeRows are the rows of README.txt's table of files, a file each, its
// description's wrapped lines joined.
func readmeRows(readme string) []string {
	var rows []string
	for _, line := range strings.Split(readmeTable(readme), "\n") {
		if strings.HasPrefix(line, "   ") && len(rows) > 0 {
			rows[len(rows)-1] += " " + strings.TrimSpace(line)
			continue
		}
		rows = append(rows, line)
	}
	return rows
}

// README.txt warns where a person running the kit meets more than the
// story: a story whose badge key is encrypted, that curl.sh and s_client.sh
// stop at their pass phrase prompt, and how to go on; a bank offering ML-KEM,
// that openssl s_server has it from OpenSSL 3.5 on only; a bank of 3DES, that
// many an OpenSSL leaves it out; a bank holding another certificate's key,
// that s_server refuses the pair. Other stories do not.
func TestReadmeWarnings(t *testing.T) {
	for _, tc := range []struct {
		preset string
		says   []string
	}{
		{"mtls-encrypted-key", []string{"prompt for its pass phrase", "Press Enter", "client.key_password"}},
		{"pq-bank-classic-courier", []string{"from OpenSSL 3.5 on"}},
		{"3des-only-bank", []string{"saying no cipher match"}},
		{"server-wrong-key", []string{"saying key values mismatch"}},
		{"mtls-ok", nil},
		{"expired", nil},
	} {
		readme := strings.Join(strings.Fields(presetReadme(t, tc.preset)), " ")
		for _, warning := range []string{"prompt for its pass phrase", "Press Enter", "client.key_password", "from OpenSSL 3.5 on", "saying no cipher match", "saying key values mismatch"} {
			if got, want := strings.Contains(readme, warning), slices.Contains(tc.says, warning); got != want {
				t.Errorf("%s: README.txt says %q: %v, want %v", tc.preset, warning, got, want)
			}
		}
	}
}

// presetReadme is the README.txt of the preset's export set.
func presetReadme(t *testing.T, preset string) string {
	t.Helper()
	set, err := Build(context.Background(), scenario.Lookup(preset).At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	return string(set.File(ReadmeFile))
}

// README.txt measures text in a terminal's columns, not bytes: the title's
// underline is as wide as the title, and the story wraps at 78 columns, in a
// title and story of accented letters and of CJK characters alike.
func TestReadmeColumns(t *testing.T) {
	for _, text := range []string{
		"Le certificat de la banque a expiré à Zürich, déjà réémis: réessayez après-demain",
		"銀行の証明書の有効期限が切れています 銀行の証明書の有効期限が切れています 銀行の証明書の有効期限が切れています",
	} {
		s := scenario.Lookup("expired").At(scenario.PresetClock)
		s.Title = text[:strings.LastIndex(text[:60], " ")]
		s.Story = strings.Repeat(text+" ", 4)
		set, err := Build(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(set.File(ReadmeFile)), "\n")
		if got, want := columns(lines[1]), columns(lines[0]); got != want {
			t.Errorf("%q is underlined with %d columns of =, want %d", lines[0], got, want)
		}
		story := lines[3 : slices.Index(lines[3:], "")+3]
		for i, line := range story {
			if n := columns(line); n > 78 || n < 60 && i < len(story)-1 {
				t.Errorf("the story's line %q is %d columns, want 60 to 78", line, n)
			}
		}
	}
}

// Where a client the kit runs parts from Go's verdict, README.txt says what
// requests, and each client that parts from Go, prints when the kit runs
// (on the kit's port, the run-to-run numbers named; where it gets through,
// the bank's answer); and, for fixed/, what
// the fix reissued, added or trusted. A story every client agrees on says
// no such thing.
func TestReadmeClientsAndFix(t *testing.T) {
	badge := func(key pki.KeyType, hash pki.Hash) func(*scenario.Scenario) {
		return func(s *scenario.Scenario) {
			b := s.Spec(scenario.BadgeName)
			b.Key, b.Hash = key, hash
		}
	}
	for _, tc := range []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		says, not    []string
	}{
		{"an RSA-1024 badge", "mtls-ok", badge(pki.RSA1024, ""), []string{
			"Verdict (Go's crypto/tls): the handshake succeeds",
			"Python requests (python3 client.py) refuses: | FAILED requests.exceptions.SSLError: HTTPSConnectionPool(host='bank.example', port=8443)",
			"[SSL: EE_KEY_TOO_SMALL] ee key too small (_ssl.c:{line})",
			"curl (./curl.sh) refuses: | curl: (58) could not load PEM client certificate from client.crt, OpenSSL error error:0A00018F:SSL routines::ee key too small",
			"openssl s_client (./s_client.sh) refuses: | error setting certificate | {thread}:error:0A00018F:SSL routines:SSL_CTX_use_certificate:ee key too small",
			"and so does Node",
			"The call stays the same; the fix changes: courier-42 (the courier's badge) reissued: a new RSA-2048 key (was RSA-1024).",
		}, []string{"{port}", "signed with SHA-256"}},
		{"an RSA-1024 badge signed with SHA-1", "mtls-ok", badge(pki.RSA1024, pki.SHA1), []string{
			"refused by the bank (server)",
			"Python requests (python3 client.py) refuses: | FAILED requests.exceptions.SSLError",
			"curl (./curl.sh) refuses: | curl: (58)",
			"Node, whose own OpenSSL runs at security level 1, takes its key but refuses it too",
			"Node.js (node client.js) refuses: | FAILED ERR_SSL_CA_MD_TOO_WEAK: error:0A00018E:SSL routines::ca md too weak",
			"courier-42 (the courier's badge) reissued: a new RSA-2048 key (was RSA-1024), signed with SHA-256 (was SHA-1).",
		}, []string{"{port}", "and so does Node"}},
		{"the bank's RSA-1024 key", "weak-key-rsa1024", nil, []string{
			"Verdict (Go's crypto/tls): the handshake succeeds",
			"Python requests (python3 client.py) refuses: | FAILED requests.exceptions.SSLError",
			"EE certificate key too weak",
			"curl (./curl.sh) refuses: | curl: (60)",
			"openssl s_client (./s_client.sh) refuses: | verify error:num=66:EE certificate key too weak",
			"The call stays the same; the fix changes: bank.example reissued: a new RSA-2048 key (was RSA-1024).",
		}, []string{"{port}"}},
		{"a client that gets through where Go refuses", "env-bundle-overrides-session", nil, []string{
			"curl (./curl.sh) connects, and the bank answers: | HTTP/1.0 200 ok",
		}, []string{"{port}"}},
		{"a root added to the bundle", "untrusted-root", nil, []string{
			"Besides the call, the fix changes: Shady Root Authority added to the bundle the courier reads (ca.pem).",
		}, []string{"Not every client agrees with Go"}},
		{"an expired certificate", "expired", nil, []string{
			"The call stays the same; the fix changes: bank.example reissued: valid from",
		}, []string{"Not every client agrees with Go"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup(tc.preset).At(scenario.PresetClock)
			if tc.edit != nil {
				tc.edit(s)
			}
			set, err := Build(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			readme := strings.Join(strings.Fields(string(set.File(ReadmeFile))), " ")
			for _, w := range tc.says {
				if !strings.Contains(readme, w) {
					t.Errorf("README.txt does not say %q:\n%s", w, set.File(ReadmeFile))
				}
			}
			for _, w := range tc.not {
				if strings.Contains(readme, w) {
					t.Errorf("README.txt says %q:\n%s", w, set.File(ReadmeFile))
				}
			}
		})
	}
}
