//go:build unix

package export

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/hostile"
	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/scenario"
)

// TestHostileKit is issue 10's attack on the reproduce kit: a share link puts
// shell, Python and Node code in every text field of a scenario, and the person
// runs the kit. For each hostile value it exports the scenario with the value
// in every field validation lets it into (at least the protocol names, the
// title and the story), runs every program of the kit, the story's and the
// fixed one's (run-server.sh, curl.sh and s_client.sh with sh, client.py with
// /usr/bin/python3), and checks that no canary file appears. The programs
// connect to a closed port (the bank to a taken one), so each ends at once.
func TestHostileKit(t *testing.T) {
	k := newKitRunner(t)
	accepted := map[string]bool{}
	var mu sync.Mutex
	for i, value := range hostile.Code(k.canaries) {
		base := []string{"hostname-mismatch", "mtls-encrypted-key"}[i%2]
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			s, fields := acceptEverywhere(scenario.Lookup(base).At(scenario.PresetClock), value)
			if err := s.Validate(); err != nil {
				t.Fatalf("%q in %v: %v", value, fields, err)
			}
			for _, want := range []string{"title", "story", "server.alpn[0]", "client.alpn[0]"} {
				if scenario.Visible(value, "") == value && !slices.Contains(fields, want) {
					t.Errorf("%q: refused as %s", value, want)
				}
			}
			mu.Lock()
			for _, f := range fields {
				accepted[f] = true
			}
			mu.Unlock()
			set, err := Build(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			k.run(t, set.Files, "")
		})
	}
	t.Cleanup(func() {
		for _, f := range []string{"id", "certs[0].cn", "certs[0].org", "client.key_password", "client.dial", "client.sni", "certs[0].dns[0]"} {
			if !accepted[f] {
				t.Errorf("no hostile value got into %s: the test does not cover it", f)
			}
		}
	})
}

// TestHostileKitGenerators hands the kit's generators scenarios no validator
// would let through, each hostile value (code and control characters alike)
// in every text field of both the story and its cure and as the name dialled:
// the programs still run nothing, show the value as data, and hold no
// character a terminal obeys; nor does README.txt.
func TestHostileKitGenerators(t *testing.T) {
	k := newKitRunner(t)
	set, err := Build(context.Background(), scenario.Lookup("mtls-wrong-ca").At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	fixed, _, ok := explain.Fixed(set.Trace)
	if !ok {
		t.Fatal("mtls-wrong-ca has no fix")
	}
	fm, err := handshake.NewMaterial(fixed)
	if err != nil {
		t.Fatal(err)
	}
	for i, value := range append(hostile.Code(k.canaries), hostile.AllControls) {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			worlds := []world{
				{s: hostile.All(set.Material.Scenario, value), m: set.Material, name: value},
				{s: hostile.All(fixed, value), m: fm, name: value},
			}
			files := slices.Clone(set.Files)
			for _, f := range kitScripts(worlds) {
				i := slices.IndexFunc(files, func(g File) bool { return g.Name == f.Name })
				files[i] = f
			}
			for _, f := range files {
				if strings.HasSuffix(f.Name, ".sh") || strings.HasSuffix(f.Name, ".py") || strings.HasSuffix(f.Name, ".js") {
					if got := scenario.Visible(string(f.Data), "\n\t"); got != string(f.Data) {
						t.Errorf("%s holds a terminal control: %q", f.Name, f.Data)
					}
				}
			}
			// Data as it is: the value is shown whole, as one piece.
			echo := ""
			if utf8.ValidString(value) && scenario.Visible(value, "") == value {
				echo = value
			}
			k.run(t, files, echo)

			m, tr := *set.Material, *set.Trace
			m.Scenario = worlds[0].s
			tr.Outcome.ClientError, tr.Outcome.ServerError, tr.Outcome.Detail = value, value, value
			c, err := CureOf(context.Background(), &tr, nil, false)
			if err != nil {
				t.Fatal(err)
			}
			readme := Readme(&m, &tr, files, c) + kitReadme(&m, &tr, c)
			if scenario.Visible(readme, "\n") != readme {
				t.Errorf("README.txt holds a terminal control:\n%q", readme)
			}
			if want := "tlsplay: " + scenario.Visible(value, "\n"); !strings.Contains(readme, want) {
				t.Errorf("README.txt has no %q:\n%s", want, readme)
			}
		})
	}
}

// acceptEverywhere puts value in every text field of s that validation lets
// it into, one field at a time, and lists those fields.
func acceptEverywhere(s *scenario.Scenario, value string) (*scenario.Scenario, []string) {
	out := s.Clone()
	var fields []string
	for _, f := range hostile.Fields() {
		one := s.Clone()
		if hostile.Set(one, f, value) && one.Validate() == nil {
			hostile.Set(out, f, value)
			fields = append(fields, f)
		}
	}
	return out, fields
}

// kitRunner runs kits' programs with nowhere to connect to, and watches a
// directory of canaries that hostile values would create. A program it ran
// once, byte for byte with the same argument, it does not run again: what a
// hostile value changes is the program, and the same program does the same.
type kitRunner struct {
	canaries         string
	closed, taken    string // ports: nothing listens on closed; the test holds taken
	python, sh       string
	openssl, curlBin string
	node             string

	mu  sync.Mutex
	ran map[string]bool // program text and argument
}

func newKitRunner(t *testing.T) *kitRunner {
	k := &kitRunner{
		python:   testtool.Path(t, "/usr/bin/python3"),
		sh:       testtool.Path(t, "sh"),
		openssl:  testtool.Path(t, "openssl"),
		curlBin:  testtool.Path(t, "curl"),
		node:     testtool.Path(t, "node"),
		canaries: shortTempDir(t),
		ran:      map[string]bool{},
	}
	held := testtool.Listen(t)
	t.Cleanup(func() { held.Close() })
	k.taken = held.Addr().String()[len("127.0.0.1:"):]
	closed := testtool.Listen(t)
	k.closed = closed.Addr().String()[len("127.0.0.1:"):]
	closed.Close()
	t.Cleanup(func() {
		if entries, _ := os.ReadDir(k.canaries); len(entries) > 0 {
			t.Errorf("a hostile value ran: %v appeared in %s", entries, k.canaries)
		}
	})
	return k
}

// shortTempDir is a new directory with a short path, so that the code values
// naming a canary in it fit a protocol name (64 bytes).
func shortTempDir(t *testing.T) string {
	dir, err := os.MkdirTemp("/tmp", "hk")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// run writes files to a fresh directory and runs every program of the kit,
// for the story and for its cure. Each must get as far as its command (the
// shell parsed it, Python compiled it) and end on its own, and nothing new may
// appear in the kit's directory. A non-empty echo must be in what each
// program shows of the command it runs.
// writeKit writes the files into a new directory, as the CLI or an unzip
// would, and returns it.
func writeKit(t *testing.T, files []File) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, f.Mode); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func (k *kitRunner) run(t *testing.T, files []File, echo string) {
	t.Helper()
	dir := writeKit(t, files)
	before := listing(t, dir)
	type program struct {
		cmd     []string
		port    string
		reached string // in its output once it got to its command
		// ended is in its output as it ends whenever it met the taken
		// port ("" for anything).
		ended string
	}
	var wg sync.WaitGroup
	data := map[string][]byte{}
	for _, f := range files {
		data[f.Name] = f.Data
	}
	for _, fixed := range []bool{false, true} {
		for _, p := range []program{
			// The bank's port is taken: the script says so (s_server alone
			// would exit 0).
			{[]string{k.sh, RunServerFile}, k.taken, "$ openssl s_server ", "run-server.sh: 127.0.0.1:" + k.taken + " is taken"},
			{[]string{k.sh, CurlFile}, k.closed, "$ curl ", ""},
			{[]string{k.sh, SClientFile}, k.closed, "$ openssl s_client ", ""},
			{[]string{k.python, ClientPyFile}, k.closed, "FAILED ", ""},
			{[]string{k.node, ClientJSFile}, k.closed, "FAILED ", ""},
		} {
			if fixed {
				p.cmd = append(p.cmd, "fixed")
			}
			key := fmt.Sprintf("%v\x00%s", fixed, data[p.cmd[1]])
			k.mu.Lock()
			again := k.ran[key]
			k.ran[key] = true
			k.mu.Unlock()
			if again && echo == "" {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				cmd := exec.CommandContext(ctx, p.cmd[0], p.cmd[1:]...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "TLSPLAY_ADDR=127.0.0.1", "TLSPLAY_PORT="+p.port, "TLSPLAY_NAME=")
				// No terminal to ask a pass phrase on.
				cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
				out, _ := cmd.CombinedOutput()
				switch {
				case ctx.Err() != nil:
					t.Errorf("%v did not end: %s", p.cmd, out)
				case !strings.Contains(string(out), p.reached):
					t.Errorf("%v did not get to its command (no %q):\n%s", p.cmd, p.reached, out)
				case strings.Contains(string(out), "Address already in use") && !strings.Contains(string(out), p.ended):
					t.Errorf("%v did not end saying %q:\n%s", p.cmd, p.ended, out)
				case echo != "" && !strings.Contains(string(out), echo):
					t.Errorf("%v does not show %q whole:\n%s", p.cmd, echo, out)
				}
			}()
		}
	}
	wg.Wait()
	if after := listing(t, dir); !slices.Equal(before, after) {
		t.Errorf("the kit's programs made files: %v, then %v", before, after)
	}
}

// listing is every path under dir.
func listing(t *testing.T, dir string) []string {
	var out []string
	err := filepath.WalkDir(dir, func(path string, _ os.DirEntry, err error) error {
		out = append(out, path)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHostileRevocationServer puts each hostile value in the path of a CRL's
// URL, which revocation-server.py serves it at, and runs the program, the
// story's and the fixed one's, on a taken port: it gets as far as listening,
// and no canary appears.
func TestHostileRevocationServer(t *testing.T) {
	k := newKitRunner(t)
	set, err := Build(context.Background(), scenario.Lookup("revoked-leaf").At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	for i, value := range append(hostile.Code(k.canaries), hostile.AllControls) {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			m := *set.Material
			rv := *m.Revocation
			rv.CRLs = slices.Clone(rv.CRLs)
			for j := range rv.CRLs {
				rv.CRLs[j].URL = "http://crl.example/" + value
			}
			m.Revocation = &rv
			worlds := []world{{s: m.Scenario, m: &m, name: value}, {s: m.Scenario, m: &m, name: value}}
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, FixedDir), 0o755); err != nil {
				t.Fatal(err)
			}
			program := filepath.Join(dir, RevocationServer)
			if err := os.WriteFile(program, []byte(revocationServer(worlds)), 0o755); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{program}, {program, "fixed"}} {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				cmd := exec.CommandContext(ctx, k.python, args...)
				cmd.Env = append(os.Environ(), "TLSPLAY_REVOCATION_PORT="+k.taken)
				out, _ := cmd.CombinedOutput()
				cancel()
				if !strings.Contains(string(out), "Address already in use") {
					t.Errorf("%v did not get as far as listening:\n%s", args, out)
				}
			}
		})
	}
}
