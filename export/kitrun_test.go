//go:build unix

package export

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/scenario"
)

// TestRevocationServerPort runs revocation-server.py where it cannot listen
// (8080 is often another program's): it says so in one line naming the port
// and the variable that moves it, exits non-zero, and does not first claim
// to serve; a port that is no number is said so too.
func TestRevocationServerPort(t *testing.T) {
	python, dir := presetKit(t, "revoked-leaf")
	held := testtool.Listen(t)
	t.Cleanup(func() { held.Close() })
	taken := held.Addr().String()[len("127.0.0.1:"):]
	for _, tc := range []struct{ port, want string }{
		{taken, "127.0.0.1:" + taken},
		{"http", "'http'"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, python, filepath.Join(dir, RevocationServer))
		cmd.Env = append(os.Environ(), "TLSPLAY_REVOCATION_PORT="+tc.port)
		out, err := cmd.CombinedOutput()
		cancel()
		got := strings.TrimSpace(string(out))
		if err == nil || strings.Contains(got, "\n") || !strings.Contains(got, tc.want) || !strings.Contains(got, "TLSPLAY_REVOCATION_PORT") {
			t.Errorf("TLSPLAY_REVOCATION_PORT=%s: %v, want one line naming %s and TLSPLAY_REVOCATION_PORT:\n%s", tc.port, err, tc.want, out)
		}
	}
}

// TestClientWithoutRequests runs client.py with a python3 that has no requests
// (-S: no site-packages, as a fresh Python has none): it says what to install
// in one line, not a traceback.
func TestClientWithoutRequests(t *testing.T) {
	python, dir := presetKit(t, "expired")
	out, err := exec.Command(python, "-S", filepath.Join(dir, ClientPyFile)).CombinedOutput()
	got := strings.TrimSpace(string(out))
	if err == nil || strings.Contains(got, "\n") || !strings.Contains(got, "pip install requests") {
		t.Errorf("client.py without requests: %v, want one line saying to install it:\n%s", err, out)
	}
}

// presetKit writes the preset's kit into a new directory, and finds the
// python3 that runs its programs.
func presetKit(t *testing.T, preset string) (python, dir string) {
	t.Helper()
	python = testtool.Path(t, "/usr/bin/python3")
	set, err := Build(context.Background(), scenario.Lookup(preset).At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	return python, writeKit(t, set.Files)
}
