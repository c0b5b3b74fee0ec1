package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/scenario"
)

// tlsplay is the binary under test, built once by TestMain.
var tlsplay string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tlsplay-cli")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tlsplay = filepath.Join(dir, "tlsplay")
	build := exec.Command("go", "build", "-o", tlsplay, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	code := 1
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building tlsplay:", err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// cli runs the binary and returns its stdout, stderr and exit status.
func cli(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	return cliIn(t, "", args...)
}

// cliIn is cli with stdin.
func cliIn(t *testing.T, stdin string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(tlsplay, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		status = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errOut.String(), status
}

// ok runs the binary and fails the test unless it exits 0 without complaint.
func ok(t *testing.T, args ...string) string {
	t.Helper()
	stdout, stderr, status := cli(t, args...)
	if status != 0 || stderr != "" {
		t.Fatalf("tlsplay %s: status %d\n%s", strings.Join(args, " "), status, stderr)
	}
	return stdout
}

func TestPresets(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(ok(t, "presets"), "\n"), "\n")
	if len(lines) != len(scenario.Presets) {
		t.Fatalf("%d lines, want one per preset (%d)", len(lines), len(scenario.Presets))
	}
	for i, line := range lines {
		p := scenario.Presets[i]
		if want := p.ID + "\t" + p.Title; line != want {
			t.Errorf("line %d: %q, want %q", i+1, line, want)
		}
	}
}

// The files of the contract, and the ones only mTLS stories write.
var (
	coreFiles   = []string{export.CAFile, export.ServerChainFile, export.ServerKeyFile, export.ScenarioFile, export.ReadmeFile}
	clientFiles = []string{export.ClientCertFile, export.ClientKeyFile, export.ClientCombined, export.ClientCAFile}
)

// listFiles returns every regular file under dir, relative to it.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		names = append(names, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestExport(t *testing.T) {
	for _, tt := range []struct {
		preset string
		client []string // the client files this badge mode writes
	}{
		{"verify-true", nil},
		{"verify-false-mitm", nil},
		{"mtls-ok", clientFiles},
		{"mtls-no-cert", []string{export.ClientCAFile}},
		{"mtls-cert-without-key", []string{export.ClientCertFile, export.ClientCAFile}},
		{"mtls-encrypted-key", clientFiles},
	} {
		t.Run(tt.preset, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "new", "dir")
			stdout := ok(t, "export", "--preset", tt.preset, "--out", out)
			got := listFiles(t, out)

			// stdout names every file written, and nothing else.
			var printed []string
			for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
				rel, err := filepath.Rel(out, line)
				if err != nil {
					t.Fatal(err)
				}
				printed = append(printed, filepath.ToSlash(rel))
			}
			slices.Sort(printed)
			if !slices.Equal(printed, got) {
				t.Errorf("printed %v, wrote %v", printed, got)
			}

			// Exactly the export set: the CLI adds and drops nothing.
			set, err := export.Build(context.Background(), scenario.Lookup(tt.preset).At(scenario.PresetClock))
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, f := range set.Files {
				want = append(want, f.Name)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("wrote %v, want the export set %v", got, want)
			}
			for _, name := range coreFiles {
				if !slices.Contains(got, name) {
					t.Errorf("no %s", name)
				}
			}
			for _, name := range clientFiles {
				if has, want := slices.Contains(got, name), slices.Contains(tt.client, name); has != want {
					t.Errorf("%s written: %v, want %v", name, has, want)
				}
			}
			if info, err := os.Stat(filepath.Join(out, export.ServerKeyFile)); err != nil || info.Mode().Perm() != 0o600 {
				t.Errorf("server.key: %v, mode %v, want 0600", err, info.Mode())
			}

			// The exported scenario replays to the same verdict.
			var tr struct{ Outcome struct{ Reason string } }
			js := ok(t, "run", "--json", "--scenario", filepath.Join(out, export.ScenarioFile))
			if err := json.Unmarshal([]byte(js), &tr); err != nil {
				t.Fatal(err)
			}
			if want := set.Trace.Outcome.Reason.String(); tr.Outcome.Reason != want {
				t.Errorf("replaying scenario.json: %s, want %s", tr.Outcome.Reason, want)
			}
		})
	}
}

// jsonStep and jsonOutcome mirror the CLI's JSON contract; a renamed or dropped
// field fails the test instead of decoding as zero.
type jsonStep struct {
	Side      string       `json:"side"`
	Kind      string       `json:"kind"`
	Name      string       `json:"name"`
	Encrypted bool         `json:"encrypted"`
	Bytes     string       `json:"bytes"`
	Fields    []wire.Field `json:"fields"`
}

func TestRunJSON(t *testing.T) {
	for _, id := range []string{"verify-true", "expired", "mtls-wrong-ca"} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			out := ok(t, "run", "--preset", id, "--json")
			var raw struct {
				Steps   []map[string]json.RawMessage `json:"steps"`
				Outcome map[string]json.RawMessage   `json:"outcome"`
			}
			dec := json.NewDecoder(strings.NewReader(out))
			if err := dec.Decode(&raw); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if len(raw.Steps) == 0 {
				t.Fatal("no steps")
			}
			kinds := map[string]bool{}
			withValue := false
			for i, rs := range raw.Steps {
				for _, key := range []string{"side", "kind", "name", "encrypted"} {
					if _, has := rs[key]; !has {
						t.Fatalf("step %d has no %q: %v", i, key, rs)
					}
				}
				var st jsonStep
				js, _ := json.Marshal(rs)
				if err := json.Unmarshal(js, &st); err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				if st.Side != "client" && st.Side != "server" || st.Name == "" {
					t.Errorf("step %d: side %q name %q", i, st.Side, st.Name)
				}
				var k handshake.Kind
				if err := k.UnmarshalText([]byte(st.Kind)); err != nil {
					t.Errorf("step %d: %v", i, err)
				}
				kinds[st.Kind] = true
				if st.Bytes == "" {
					continue
				}
				b, err := hex.DecodeString(st.Bytes)
				if err != nil {
					t.Fatalf("step %d: bytes are not hex: %v", i, err)
				}
				if err := wire.CheckTiling(st.Fields, len(b)); err != nil {
					t.Errorf("step %d (%s): fields do not tile its %d bytes: %v", i, st.Name, len(b), err)
				}
				for _, f := range st.Fields {
					withValue = withValue || f.Value != ""
				}
			}
			for _, k := range []string{"record", "message"} {
				if !kinds[k] {
					t.Errorf("no %s step", k)
				}
			}
			if !withValue {
				t.Error("no field has a value")
			}

			// The outcome is the engine's own, field for field.
			want, err := handshake.Run(context.Background(), scenario.Lookup(id).At(scenario.PresetClock))
			if err != nil {
				t.Fatal(err)
			}
			o := want.Outcome
			keys := []string{"ok", "reason", "stage"}
			if !o.OK {
				keys = append(keys, "side", "client_error", "server_error", "alert")
			}
			for _, key := range keys {
				if _, has := raw.Outcome[key]; !has {
					t.Errorf("outcome has no %q: %s", key, out[strings.Index(out, `"outcome"`):])
				}
			}
			var got struct {
				OK          bool    `json:"ok"`
				Reason      string  `json:"reason"`
				Side        *string `json:"side"`
				Stage       string  `json:"stage"`
				ClientError string  `json:"client_error"`
				ServerError string  `json:"server_error"`
				Alert       string  `json:"alert"`
			}
			js, _ := json.Marshal(raw.Outcome)
			if err := json.Unmarshal(js, &got); err != nil {
				t.Fatal(err)
			}
			if got.OK != o.OK || got.Reason != o.Reason.String() || got.Stage != o.Stage.String() || got.Alert != o.Alert {
				t.Errorf("outcome ok=%v reason=%s stage=%s alert=%s, the engine says ok=%v reason=%s stage=%s alert=%s",
					got.OK, got.Reason, got.Stage, got.Alert, o.OK, o.Reason, o.Stage, o.Alert)
			}
			if !o.OK && (got.Side == nil || *got.Side != o.Side.String() || got.ClientError == "" || got.ServerError == "") {
				t.Errorf("outcome side=%v client_error=%q server_error=%q, the engine's side is %s", got.Side, got.ClientError, got.ServerError, o.Side)
			}
		})
	}
}

func TestRunPcap(t *testing.T) {
	file := filepath.Join(t.TempDir(), "trace.pcapng")
	ok(t, "run", "--preset", "verify-true", "--pcap", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// A pcapng file opens with a Section Header Block: type 0x0A0D0D0A, then
	// the byte-order magic 0x1A2B3C4D after the block length.
	if len(data) < 28 || !bytes.Equal(data[:4], []byte{0x0a, 0x0d, 0x0d, 0x0a}) {
		t.Fatalf("not a pcapng file: % x", data[:min(len(data), 16)])
	}
	order := binary.ByteOrder(binary.LittleEndian)
	if binary.BigEndian.Uint32(data[8:12]) == 0x1a2b3c4d {
		order = binary.BigEndian
	} else if order.Uint32(data[8:12]) != 0x1a2b3c4d {
		t.Fatalf("no byte-order magic: % x", data[8:12])
	}
	// Walk the blocks: each one's length is repeated at its end, and they fill
	// the file exactly.
	types := map[uint32]int{}
	for off := 0; off < len(data); {
		if off+12 > len(data) {
			t.Fatalf("truncated block at %d", off)
		}
		typ, n := order.Uint32(data[off:]), int(order.Uint32(data[off+4:]))
		if n < 12 || n%4 != 0 || off+n > len(data) || int(order.Uint32(data[off+n-4:])) != n {
			t.Fatalf("block at %d: length %d does not frame it", off, n)
		}
		types[typ]++
		off += n
	}
	// Interface description, enhanced packets, and the TLS secrets (DSB).
	for typ, what := range map[uint32]string{1: "interface description", 6: "enhanced packet", 10: "decryption secrets"} {
		if types[typ] == 0 {
			t.Errorf("no %s block (types %v)", what, types)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string { return writeTestFile(t, dir, name, data) }
	garbled := write("garbled.json", `{"now": `)
	invalid := write("invalid.json", `{"now": "2026-06-01T12:00:00Z", "certs": [], "server": {"send": []}, "client": {"dial": "", "verify": "true"}}`)
	missing := filepath.Join(dir, "missing.json")
	oversized := write("oversized.json", `{"title": "`+strings.Repeat("x", scenario.MaxJSONLen)+`"}`)
	junk := write("junk.pem", strings.Repeat("junk ", 2<<20/5))
	prose := write("prose.txt", "my server's certificate is attached")
	key := write("key.pem", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n")
	damaged := write("damaged.pem", "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHBfpegPjMCMA0GCSqGSIb3DQEBCwUAMBExDzANBgNVBAMMBnVu\n-----END CERTIFICATE-----\n")
	pemNamed := write("my chain;.json", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
	write("index.html", "<!doctype html>")
	held := testtool.Listen(t)
	t.Cleanup(func() { held.Close() })
	taken := held.Addr().String()

	for _, tt := range []struct {
		name string
		args []string
		want []string // substrings of the one line on stderr
	}{
		{"unknown preset", []string{"run", "--preset", "nope"}, []string{`unknown preset "nope"`}},
		{"unknown preset to export", []string{"export", "--preset", "nope", "--out", dir}, []string{`unknown preset "nope"`}},
		{"unreadable scenario", []string{"run", "--scenario", missing}, []string{"cannot read scenario", "missing.json"}},
		{"scenario that is a directory", []string{"run", "--scenario", dir}, []string{"cannot read scenario"}},
		{"garbled JSON", []string{"run", "--scenario", garbled}, []string{"garbled.json", "scenario JSON"}},
		{"invalid scenario", []string{"export", "--scenario", invalid, "--out", dir}, []string{"invalid.json", "invalid scenario", "certs: empty", "client.dial: empty"}},
		{"both preset and scenario", []string{"run", "--preset", "expired", "--scenario", invalid}, []string{"not both"}},
		{"neither preset nor scenario", []string{"run"}, []string{"--preset ID or --scenario FILE"}},
		{"export without --out", []string{"export", "--preset", "expired"}, []string{"--out"}},
		{"export into a folder holding files", []string{"export", "--preset", "expired", "--out", dir}, []string{"is not empty"}},
		{"export into a file", []string{"export", "--preset", "expired", "--out", garbled}, []string{"garbled.json is a file, not a directory"}},
		{"export into a path under a file", []string{"export", "--preset", "expired", "--out", filepath.Join(garbled, "kit")}, []string{"garbled.json/kit", "not a directory"}},
		{"a chain given as the scenario", []string{"run", "--scenario", damaged}, []string{"damaged.pem is PEM, not a scenario's JSON", "tlsplay inspect --chain"}},
		{"pcap into a directory", []string{"run", "--preset", "expired", "--pcap", dir}, []string{"cannot write --pcap " + dir, "is a directory"}},
		{"pcap under a missing folder", []string{"run", "--preset", "expired", "--pcap", filepath.Join(missing, "x.pcapng")}, []string{"cannot write --pcap", "no such file"}},
		{"serve on an address that is none", []string{"serve", "--dir", dir, "--addr", "nonsense"}, []string{"serve: cannot listen on --addr nonsense", "missing port"}},
		{"serve on a taken port", []string{"serve", "--dir", dir, "--addr", taken}, []string{"serve: cannot listen on --addr " + taken, "address already in use"}},
		{"serve the stories on a taken port", []string{"serve-stories", "--addr", taken}, []string{"serve-stories: cannot listen on --addr " + taken, "address already in use"}},
		{"serve the stories' roots into a directory", []string{"serve-stories", "--addr", taken, "--ca-out", dir}, []string{"serve-stories: cannot write --ca-out " + dir + ": is a directory"}},
		{"scenario that never ends", []string{"run", "--scenario", "/dev/zero"}, []string{"/dev/zero: larger than 64 KB"}},
		{"scenario just over the limit", []string{"run", "--scenario", oversized}, []string{"oversized.json: larger than 64 KB"}},
		{"inspect without a chain", []string{"inspect", "--name", "bank.example"}, []string{"--chain FILE"}},
		// --name read as the page's host fields read it (scenario.ReadHost);
		// the command it shows quoted for sh.
		{"inspect for an ftp:// URL", []string{"inspect", "--chain", prose, "--name", "ftp://bank.example/pub"},
			[]string{`inspect --name ftp://bank.example/pub: "ftp://" is not https://`, "; for its host: tlsplay inspect --chain " + explain.ShellQuote(prose) + " --name bank.example"}},
		{"inspect for an http:// URL", []string{"inspect", "--json", "--chain", "it's.pem", "--time", "2026-06-01T12:00:00Z", "--name", "http://bank.example:8080/x"},
			[]string{"http:// uses no TLS at all", `for its host: tlsplay inspect --chain 'it'\''s.pem' --json --time 2026-06-01T12:00:00Z --name bank.example`}},
		{"inspect for a URL with a password", []string{"inspect", "--chain", prose, "--name", "https://me:pw@bank.example/"}, []string{"user name or password", "--name bank.example"}},
		// The host suggested is the one after a user name, never the user name.
		{"inspect for an http:// URL with a password", []string{"inspect", "--chain", prose, "--name", "http://user:pw@bank.example/"}, []string{"http:// uses no TLS at all", "user name or password (before @) too", "--name bank.example"}},
		{"inspect for an ftp:// URL with a password", []string{"inspect", "--chain", prose, "--name", "ftp://me:secret@bank.example/pub"}, []string{`"ftp://" is not https://`, "--name bank.example"}},
		{"inspect for a URL whose port is a user name", []string{"inspect", "--chain", prose, "--name", "http://bank.example:8080@evil.example/"}, []string{"--name evil.example"}},
		{"inspect for an ftp:// URL with a user name", []string{"inspect", "--chain", prose, "--name", "ftp://me@bank.example/"}, []string{"; for its host: tlsplay inspect --chain " + explain.ShellQuote(prose) + " --name bank.example"}},
		{"inspect for a path alone", []string{"inspect", "--chain", prose, "--name", "/v1/x"}, []string{`inspect --name /v1/x: "/v1/x" has no host`}},
		{"inspect for a name to quote", []string{"inspect", "--chain", prose, "--name", "ftp://bank.example/a b"}, []string{`inspect --name 'ftp://bank.example/a b': `}},
		{"inspect for a port that is none", []string{"inspect", "--chain", prose, "--name", "bank.example:https"}, []string{`"https" is not a port number`}},
		{"inspect an unreadable chain", []string{"inspect", "--chain", missing}, []string{"cannot read the --chain file", "missing.json"}},
		{"inspect 2 MB of junk", []string{"inspect", "--chain", junk}, []string{"the --chain file", "junk.pem", "larger than 1 MB"}},
		{"inspect a chain that never ends", []string{"inspect", "--chain", "/dev/zero"}, []string{"larger than 1 MB"}},
		{"inspect prose", []string{"inspect", "--chain", prose}, []string{"the --chain file holds no certificate"}},
		{"inspect a key", []string{"inspect", "--chain", key}, []string{"holds a private key and no certificate", "the key was not kept"}},
		{"inspect a damaged certificate", []string{"inspect", "--chain", damaged}, []string{"certificate 1 of the --chain file is damaged"}},
		{"inspect against an empty bundle", []string{"inspect", "--chain", prose, "--roots", write("empty.pem", " \n")}, []string{"the --roots file", "empty.pem, is empty", "leave --roots out"}},
		{"inspect at no time", []string{"inspect", "--chain", prose, "--time", "yesterday"}, []string{`--time "yesterday" is not an RFC 3339 time`}},
		{"inspect at the zero time", []string{"inspect", "--chain", prose, "--time", "0001-01-01T00:00:00Z"}, []string{`--time "0001-01-01T00:00:00Z" is the zero time`}},
		{"export at the zero time", []string{"export", "--preset", "expired", "--out", filepath.Join(dir, "zero"), "--clock", "0001-01-01T00:00:00Z"}, []string{`--clock "0001-01-01T00:00:00Z" is the zero time`}},
		{"export at no time", []string{"export", "--preset", "expired", "--out", filepath.Join(dir, "never"), "--clock", "never"}, []string{`--clock "never" is not now, scenario or an RFC 3339 time`}},
		{"unknown flag", []string{"run", "--preset", "expired", "--color"}, []string{"-color"}},
		{"stray argument", []string{"presets", "x"}, []string{`unexpected argument "x"`}},
		{"serve a folder without index.html", []string{"serve", "--dir", missing}, []string{"missing.json has no index.html", "make site"}},
		{"serve with a negative max-age", []string{"serve", "--dir", dir, "--max-age", "-1"}, []string{"--max-age -1 is negative"}},
		{"unknown command", []string{"frobnicate"}, []string{`unknown command "frobnicate"`}},
		{"match given a file name", []string{"match", "error.txt"}, []string{`unexpected argument "error.txt"`, "tlsplay match < error.txt"}},
		{"a story given bare", []string{"run", "expired", "--json"}, []string{`run: unexpected argument "expired": a story is given as --preset expired`}},
		{"a mistyped story given bare", []string{"export", "expird"}, []string{`unexpected argument "expird": a story is given as --preset ID (did you mean expired?)`}},
		{"a scenario file given bare", []string{"run", "my.json"}, []string{"a scenario file is given as --scenario my.json"}},
		{"a chain given bare", []string{"inspect", "chain.pem"}, []string{"the server's certificates are given as --chain chain.pem"}},
		// A command shown to copy holds the argument quoted for sh: run, it
		// names that file and does nothing else.
		{"match given a file name to quote", []string{"match", "my error.txt; touch /tmp/pwned"}, []string{`tlsplay match < 'my error.txt; touch /tmp/pwned'`}},
		{"a scenario file to quote", []string{"run", "x $(id).json"}, []string{`--scenario 'x $(id).json'`}},
		{"a chain to quote", []string{"inspect", "a b|c.pem"}, []string{`--chain 'a b|c.pem'`}},
		{"a quote to quote", []string{"inspect", "it's.pem"}, []string{`--chain 'it'\''s.pem'`}},
		{"two spaces kept", []string{"run", "a  b.json"}, []string{`--scenario 'a  b.json'`}},
		{"a chain given as a scenario, quoted", []string{"run", "--scenario", pemNamed}, []string{"tlsplay inspect --chain '" + pemNamed + "'"}},
		{"a story in another case", []string{"run", "--preset", "Expired"}, []string{`unknown preset "Expired": did you mean expired?`}},
		{"a story by part of its id", []string{"run", "--preset", "hostname"}, []string{"did you mean hostname-mismatch?"}},
		{"a story like none", []string{"run", "--preset", "bankofamerica"}, []string{`unknown preset "bankofamerica" (tlsplay presets lists them)`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stdout, stderr, status := cli(t, tt.args...)
			if status != 2 {
				t.Errorf("exit status %d, want 2", status)
			}
			if stdout != "" {
				t.Errorf("stdout: %q", stdout)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			last := lines[len(lines)-1]
			// An unknown command also prints the usage; everything else is one line.
			if len(lines) != 1 && tt.name != "unknown command" {
				t.Errorf("stderr has %d lines, want one:\n%s", len(lines), stderr)
			}
			if !strings.HasPrefix(last, "tlsplay: ") {
				t.Errorf("stderr %q does not start with \"tlsplay: \"", last)
			}
			for _, want := range tt.want {
				if !strings.Contains(last, want) {
					t.Errorf("stderr %q does not name %q", last, want)
				}
			}
		})
	}
}

// A story's chain, exported and inspected with the CLI, gets the story's
// verdict, as JSON with the fields the README documents and as text.
func TestInspect(t *testing.T) {
	dir := t.TempDir()
	for _, id := range []string{"expired", "verify-true"} {
		// --clock scenario: today (noon UTC) for a story not about dates.
		s := scenario.Lookup(id).At(time.Now())
		out := filepath.Join(dir, id)
		ok(t, "export", "--preset", id, "--out", out, "--clock", "scenario")
		args := []string{"inspect", "--chain", filepath.Join(out, export.ServerChainFile), "--roots", filepath.Join(out, export.CAFile),
			"--name", "https://" + s.Client.Dial + "/vault", "--time", s.Now.Format(time.RFC3339)}
		var got struct {
			OK           *bool             `json:"ok"`
			Reason       string            `json:"reason"`
			Checks       []json.RawMessage `json:"checks"`
			Certificates []struct {
				Subject string `json:"subject"`
			} `json:"certificates"`
			Explain struct {
				Reason string `json:"reason"`
			} `json:"explain"`
			Clients map[string]json.RawMessage `json:"clients"`
		}
		if err := json.Unmarshal([]byte(ok(t, append(args, "--json")...)), &got); err != nil {
			t.Fatal(err)
		}
		want := scenario.Lookup(id).At(scenario.PresetClock)
		wantReason := map[string]string{"expired": "expired", "verify-true": "ok"}[id]
		if got.OK == nil || *got.OK != (wantReason == "ok") || got.Reason != wantReason || got.Explain.Reason != wantReason ||
			len(got.Checks) == 0 || len(got.Certificates) != len(want.Server.Send) || len(got.Clients) == 0 {
			t.Errorf("%s: %+v", id, got)
		}
		text := ok(t, args...)
		if !strings.Contains(text, "verdict (Python requests): "+map[string]string{"expired": "expired: ", "verify-true": "ok: "}[id]) || !strings.Contains(text, "SHA-256 ") {
			t.Errorf("%s: the text says\n%s", id, text)
		}
	}
}

// inspect --client heads its answer with that client's verdict, as run
// --client does for the same chain (which TestRunClient holds to the real
// clients): an RSA-1024 chain Go accepts is refused by requests, curl and
// openssl. Without --client the verdict is requests', the page's visitor's.
func TestInspectClient(t *testing.T) {
	const id = "weak-key-rsa1024"
	dir := t.TempDir()
	s := scenario.Lookup(id).At(time.Now())
	ok(t, "export", "--preset", id, "--out", dir, "--clock", "scenario")
	args := []string{"inspect", "--chain", filepath.Join(dir, export.ServerChainFile), "--roots", filepath.Join(dir, export.CAFile),
		"--name", s.Client.Dial, "--time", s.Now.Format(time.RFC3339)}
	heads := map[string]string{}
	for _, client := range append([]string{""}, explain.LensClients...) {
		flags := args
		if client != "" {
			flags = append(slices.Clone(args), "--client", client)
		}
		var ran, inspected struct {
			Verdict *explain.Verdict `json:"verdict"`
		}
		runArgs := []string{"run", "--preset", id, "--json"}
		if client != "" {
			runArgs = append(runArgs, "--client", client)
		}
		if err := json.Unmarshal([]byte(ok(t, runArgs...)), &ran); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(ok(t, append(flags, "--json")...)), &inspected); err != nil {
			t.Fatal(err)
		}
		want := ran.Verdict
		if v := inspected.Verdict; v == nil || v.Client != want.Client || v.OK != want.OK || v.Reason != want.Reason {
			t.Errorf("--client %q: inspect's verdict %+v, run's %+v", client, v, want)
			continue
		}
		reason := want.Reason
		if want.OK {
			reason = "ok"
		}
		heads[client] = reason
		text := ok(t, flags...)
		head := "verdict (" + explain.ClientTitles[want.Client] + "): " + reason + ": "
		if _, line, _ := strings.Cut(text, "\n"); !strings.HasPrefix(line, head) {
			t.Errorf("--client %q: the answer opens\n%s\nnot with %q", client, text[:min(len(text), 400)], head)
		}
	}
	for client, want := range map[string]string{"": "weak_key", explain.Requests: "weak_key", explain.Curl: "weak_key", explain.GoNetHTTP: "ok"} {
		if got := heads[client]; got != want {
			t.Errorf("--client %q: %q, want %q", client, got, want)
		}
	}
	_, stderr, status := cli(t, append(args, "--client", "wget")...)
	if status != 2 || !strings.Contains(stderr, `inspect: --client "wget" is none of`) {
		t.Errorf("--client wget: status %d, %s", status, stderr)
	}
}

// inspect's messages about its input name its flags, --chain and --roots,
// and never the page's boxes: nothing to paste, no file to choose.
func TestInspectNamesItsFlags(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "kit")
	ok(t, "export", "--preset", "verify-true", "--out", out, "--clock", "scenario")
	chain, err := os.ReadFile(filepath.Join(out, export.ServerChainFile))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) string { return writeTestFile(t, dir, name, data) }
	empty := write("empty.pem", "\n")
	many := write("bundle.pem", strings.Repeat(string(chain), 65))
	key := write("key.pem", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n")
	csr := write("csr.pem", "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"an empty chain", []string{"--chain", empty}, "the --chain file is empty: give a file of the certificates as PEM text"},
		{"a bundle as the chain", []string{"--chain", many}, "certificates; a server sends a handful, and at most 64 are read (a CA bundle is what the client trusts: give it as the --roots file, as verify='ca.pem')"},
		{"a key as the bundle", []string{"--chain", filepath.Join(out, export.ServerChainFile), "--roots", key}, "the --roots file holds a private key and no certificate: give the certificates"},
		{"a request as the chain", []string{"--chain", csr}, "the --chain file holds a certificate signing request (what is sent to a CA, not what a server sends) and no certificate: give what the server sends"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, status := cli(t, append([]string{"inspect"}, tt.args...)...)
			if status != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit status %d, stderr %q, want %q", status, stderr, tt.want)
			}
			for _, page := range []string{"paste", "choose", "the chain", "the CA bundle"} {
				if strings.Contains(stderr, page) {
					t.Errorf("stderr %q speaks of the page: %q", stderr, page)
				}
			}
		})
	}
}

// inspect's refusal of --name shows the command for the host it names with
// the flags as given (--json only when it is on), and never repeats a user
// name or password back.
func TestInspectNameCommand(t *testing.T) {
	for _, tt := range []struct {
		name      string
		args      []string
		want, not []string
	}{
		{"--json=false", []string{"--json=false", "--chain", "c.pem", "--name", "ftp://bank.example/"},
			[]string{"; for its host: tlsplay inspect --chain c.pem --name bank.example"}, []string{"--json"}},
		{"--json=true", []string{"--json=true", "--chain", "c.pem", "--name", "ftp://bank.example/"},
			[]string{"; for its host: tlsplay inspect --chain c.pem --json --name bank.example"}, nil},
		{"a password", []string{"--chain", "c.pem", "--name", "https://me:pw@bank.example/"},
			[]string{"inspect --name 'https://…@bank.example/': ", "--name bank.example"}, []string{"me:", ":pw", "pw@"}},
		{"a password in another scheme", []string{"--chain", "c.pem", "--name", "ftp://me:s3cret@bank.example/pub"},
			[]string{"inspect --name 'ftp://…@bank.example/pub': "}, []string{"me:", "s3cret"}},
		{"a password without a scheme", []string{"--chain", "c.pem", "--name", "me:s3cret@bank.example"},
			[]string{"inspect --name '…@bank.example': "}, []string{"me:", "s3cret"}},
		{"an @ in the path", []string{"--chain", "c.pem", "--name", "ftp://bank.example/@x"},
			[]string{"inspect --name ftp://bank.example/@x: "}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, status := cli(t, append([]string{"inspect"}, tt.args...)...)
			if status != 2 {
				t.Errorf("exit status %d", status)
			}
			for _, want := range tt.want {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr %q does not hold %q", stderr, want)
				}
			}
			for _, not := range tt.not {
				if strings.Contains(stderr, not) {
					t.Errorf("stderr %q holds %q", stderr, not)
				}
			}
		})
	}
}

// Each command's -h prints its usage and flags on stdout and succeeds.
func TestHelp(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"presets", "-h"}, []string{"usage: tlsplay presets"}},
		{[]string{"run", "-h"}, []string{"usage: tlsplay run", "-preset", "-scenario", "-json", "-pcap"}},
		{[]string{"export", "--help"}, []string{"usage: tlsplay export", "-out", "-clock"}},
		{[]string{"inspect", "-h"}, []string{"usage: tlsplay inspect", "-chain", "-roots", "-name", "-time", "-json"}},
		{[]string{"serve", "-h"}, []string{"usage: tlsplay serve", "-addr", "-dir", "-base", "-max-age"}},
		{[]string{"serve-stories", "-h"}, []string{"usage: tlsplay serve-stories", "-addr", "-ports", "-ca-out"}},
		{[]string{"match", "-h"}, []string{"usage: tlsplay match", "-json"}},
		// The usage names every command, and how to see one's flags.
		{[]string{"help"}, []string{"usage:", "tlsplay presets", "tlsplay run", "tlsplay export", "tlsplay inspect", "tlsplay match", "tlsplay serve ", "tlsplay serve-stories", "tlsplay COMMAND -h"}},
	} {
		stdout, stderr, status := cli(t, tt.args...)
		if status != 0 || stderr != "" {
			t.Errorf("%q: exit status %d, stderr %q", tt.args, status, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%q: stdout lacks %q:\n%s", tt.args, w, stdout)
			}
		}
	}
}

// What tlsplay prints reaches a terminal: a character a terminal would obey,
// from a scenario, a path or an error, is printed as its escape, never as it is.
func TestTerminalControls(t *testing.T) {
	dir := t.TempDir()
	name := "k\x1b[2J\r\u202eevil"
	s := scenario.Lookup("expired").At(scenario.PresetClock)
	s.Title = "Bank\x1b]0;owned\x07"
	s.Server.ALPN = []string{"h2\r\n"}
	s.Certs[0].CommonName = "\u202eevil"
	js, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".json")
	if err := os.WriteFile(path, js, 0o644); err != nil {
		t.Fatal(err)
	}
	clean := func(what, out string) {
		t.Helper()
		if scenario.Visible(out, "\n\t") != out {
			t.Errorf("%s holds a terminal control: %q", what, out)
		}
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"run", "--scenario", path}, []string{`k\x1b[2J\r\u202eevil.json`,
			"title: holds the control character U+001B", "server.alpn[0]: holds a line break (U+000D)", "certs[0].cn: holds the direction control U+202E"}},
		{[]string{"run", "--scenario", path + ".missing"}, []string{`cannot read scenario`, `k\x1b[2J\r\u202eevil.json.missing`}},
	} {
		stdout, stderr, status := cli(t, c.args...)
		if status != 2 || stdout != "" {
			t.Errorf("%v: status %d, stdout %q", c.args, status, stdout)
		}
		clean("stderr", stderr)
		for _, want := range c.want {
			if !strings.Contains(stderr, want) {
				t.Errorf("%v: %q has no %q", c.args, stderr, want)
			}
		}
	}
	// The files go where they were asked to; the names printed are escaped.
	out := filepath.Join(dir, name)
	stdout := ok(t, "export", "--preset", "expired", "--out", out)
	clean("stdout", stdout)
	if want := scenario.Visible(filepath.Join(out, export.ReadmeFile), ""); !strings.Contains(stdout, want) {
		t.Errorf("stdout %q does not name %q", stdout, want)
	}
	if _, err := os.Stat(filepath.Join(out, export.ReadmeFile)); err != nil {
		t.Error(err)
	}
}

// TestReexport runs, in an exported kit's folder, the command its README.txt
// gives to date the kit around today, as a person would copy it: it works, and
// the new kit's certificates are valid now where the old ones had expired.
func TestReexport(t *testing.T) {
	kit := filepath.Join(t.TempDir(), "kit")
	ok(t, "export", "--preset", "hostname-mismatch", "--clock", "2020-01-01T00:00:00Z", "--out", kit)
	readme, err := os.ReadFile(filepath.Join(kit, export.ReadmeFile))
	if err != nil {
		t.Fatal(err)
	}
	var command []string
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "  tlsplay export ") {
			command = strings.Fields(line)[1:]
		}
	}
	if command == nil {
		t.Fatalf("README.txt gives no tlsplay export command:\n%s", readme)
	}
	cmd := exec.Command(tlsplay, command...)
	cmd.Dir = kit
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("in the kit's folder, tlsplay %s: %v\n%s", strings.Join(command, " "), err, out)
	}
	var dirs []string
	for _, f := range listFiles(t, kit) {
		if strings.HasSuffix(f, "/"+export.ServerChainFile) {
			dirs = append(dirs, strings.TrimSuffix(f, "/"+export.ServerChainFile))
		}
	}
	if len(dirs) == 0 {
		t.Fatalf("no new kit in %s: %v", kit, listFiles(t, kit))
	}
	now := time.Now()
	for _, dir := range dirs {
		if dir == export.FixedDir {
			continue
		}
		chain, err := os.ReadFile(filepath.Join(kit, dir, export.ServerChainFile))
		if err != nil {
			t.Fatal(err)
		}
		leaf, _ := pem.Decode(chain)
		c, err := x509.ParseCertificate(leaf.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		if now.Before(c.NotBefore) || now.After(c.NotAfter) {
			t.Errorf("%s/%s: valid %v to %v, not now", dir, export.ServerChainFile, c.NotBefore, c.NotAfter)
		}
	}
}

// run and inspect print a client's message as the client does and the page
// shows it: the port filled in, and left out of a URL where it is 443; a part
// that changes from run to run keeps its {name}, said in words below it, not
// as a bare template.
func TestClientMessageText(t *testing.T) {
	kit := filepath.Join(t.TempDir(), "kit")
	ok(t, "export", "--preset", "expired", "--out", kit)
	inspect := func(name string) []string {
		return []string{"inspect", "--chain", filepath.Join(kit, export.ServerChainFile), "--roots", filepath.Join(kit, export.CAFile), "--name", name}
	}
	for _, tc := range []struct {
		args  []string
		shows map[string]bool // text, and whether it is shown
	}{
		{[]string{"run", "--preset", "expired", "--client", "go"}, map[string]bool{`Get "https://bank.example/vault": tls: failed to verify certificate`: true, ":443/": false}},
		{[]string{"run", "--preset", "mtls-key-mismatch", "--client", "openssl"}, map[string]bool{"x509_cmp.c:{line}:": true, "({thread} is OpenSSL's thread id": true, "({line} is a line of": true}},
		{[]string{"run", "--preset", "tls10-bank", "--client", "curl"}, map[string]bool{"OpenSSL/{openssl_version}:": true, "({openssl_version} is the version of OpenSSL curl was built with)": true}},
		{inspect("https://bank.example:8443/vault"), map[string]bool{"port=8443)": true, `Get "https://bank.example:8443/vault"`: true, "{port}": false, "({line} is a line of": true}},
		{inspect("bank.example"), map[string]bool{"port=443)": true, `Get "https://bank.example/`: true, "{port}": false}},
	} {
		out := ok(t, tc.args...)
		for text, want := range tc.shows {
			if got := strings.Contains(out, text); got != want {
				t.Errorf("tlsplay %s shows %q: %v, want %v\n%s", strings.Join(tc.args, " "), text, got, want, out)
			}
		}
	}
}

// writeTestFile writes data to dir/name and returns the path.
func writeTestFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
