//go:build unix

package export

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
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

// TestRunServerPortTaken runs run-server.sh, the story's and the fixed
// one's, on a port another program holds (openssl s_server then says
// "Address already in use" and exits 0 on OpenSSL 3.0): it says which
// address is taken, how to free it and how to choose another, and exits 3.
// A port that is no number is refused before s_server starts, shown as
// data. Beside a revocation server too.
func TestRunServerPortTaken(t *testing.T) {
	sh := testtool.Path(t, "sh")
	testtool.Path(t, "openssl")
	held := testtool.Listen(t)
	t.Cleanup(func() { held.Close() })
	taken := held.Addr().String()[len("127.0.0.1:"):]
	free := testtool.Listen(t)
	closed := free.Addr().String()[len("127.0.0.1:"):]
	free.Close()
	for _, preset := range []string{"mtls-expired-client", "revoked-leaf"} {
		_, dir := presetKit(t, preset)
		canary := filepath.Join(t.TempDir(), "ran")
		for _, tc := range []struct {
			port   string
			status int
			want   []string
		}{
			{taken, 3, []string{"run-server.sh: 127.0.0.1:" + taken + " is taken: another program listens there", "Ctrl-C", "lsof -i :" + taken, "TLSPLAY_PORT=8444 ./run-server.sh"}},
			{"$(touch " + canary + ")", 2, []string{"run-server.sh: TLSPLAY_PORT is $(touch " + canary + "), not a port number"}},
		} {
			for _, args := range [][]string{{RunServerFile}, {RunServerFile, "fixed"}} {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				cmd := exec.CommandContext(ctx, sh, args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "TLSPLAY_ADDR=127.0.0.1", "TLSPLAY_PORT="+tc.port, "TLSPLAY_REVOCATION_PORT="+closed)
				out, err := cmd.CombinedOutput()
				cancel()
				status := -1
				if e, ok := err.(*exec.ExitError); ok {
					status = e.ExitCode()
				}
				if status != tc.status {
					t.Errorf("%s %v on port %s: %v, want status %d:\n%s", preset, args, tc.port, err, tc.status, out)
				}
				for _, w := range tc.want {
					if !strings.Contains(string(out), w) {
						t.Errorf("%s %v on port %s: no %q in\n%s", preset, args, tc.port, w, out)
					}
				}
			}
		}
		if _, err := os.Stat(canary); err == nil {
			t.Errorf("%s: TLSPLAY_PORT ran as code", preset)
		}
	}
}

// TestRunServerStopsItsBank starts run-server.sh on a free port, where the
// bank listens, and interrupts the script alone, as Ctrl-C or a kill of its
// process id would: the bank stops with it and the port is free again.
func TestRunServerStopsItsBank(t *testing.T) {
	sh := testtool.Path(t, "sh")
	testtool.Path(t, "openssl")
	_, dir := presetKit(t, "expired")
	free := testtool.Listen(t)
	port := free.Addr().String()[len("127.0.0.1:"):]
	free.Close()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.Command(sh, RunServerFile)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TLSPLAY_ADDR=127.0.0.1", "TLSPLAY_PORT="+port)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		listening := false
		for deadline := time.Now().Add(10 * time.Second); !listening && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if c, err := net.Dial("tcp", "127.0.0.1:"+port); err == nil {
				c.Close()
				listening = true
			}
		}
		if !listening {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
			t.Fatalf("the bank did not listen:\n%s", out.String())
		}
		cmd.Process.Signal(sig)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
			t.Errorf("%v: run-server.sh did not end:\n%s", sig, out.String())
		}
		// The bank is gone with it: the port listens no more.
		held, err := net.Listen("tcp", "127.0.0.1:"+port)
		if err != nil {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			t.Fatalf("%v: the bank outlived its script: %v", sig, err)
		}
		held.Close()
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
