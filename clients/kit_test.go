//go:build unix

package clients

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// kitClients are the couriers the kit ships scripts for.
var kitClients = []string{explain.Requests1, explain.Curl, explain.OpenSSL}

// TestKit runs the reproduce kit as a person would, for a few stories: the bank
// with run-server.sh (openssl s_server), the couriers with client.py, curl.sh
// and s_client.sh. The story fails as predicted, and its fixed/ twin works.
func TestKit(t *testing.T) {
	needTools(t)
	for _, id := range []string{"expired", "missing-intermediate", "hostname-mismatch", "ip-mismatch", "sni-default-certificate", "tls10-bank", "mtls-no-cert", "mtls-encrypted-key", "env-bundle-overrides-session"} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			set, dir := exportNow(t, scenario.Lookup(id), nil)
			s := set.Material.Scenario
			fixed, _, ok := explain.Fixed(set.Trace)
			if !ok {
				t.Fatal("no fixed story")
			}
			fixedTrace, err := handshake.Run(context.Background(), fixed)
			if err != nil {
				t.Fatal(err)
			}
			for _, story := range []struct {
				fixed bool
				s     *scenario.Scenario
				tr    *handshake.Trace
			}{{false, s, set.Trace}, {true, fixed, fixedTrace}} {
				port := kitServer(t, dir, story.fixed)
				want := explain.Clients(story.tr)
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				for _, client := range kitClients {
					o, err := Runners[client](ctx, Run{Dir: dir, Port: port, Fixed: story.fixed, S: story.s})
					if err != nil {
						t.Errorf("fixed=%v %s: %v", story.fixed, client, err)
						continue
					}
					o.Message = Mask(o.Message, port)
					// A success reads s_server's status page, not the Go bank's
					// answer: only failures are compared word for word.
					p := want[client]
					if o.OK != p.OK || !o.OK && !printsAsPredicted(o, p, false) {
						t.Errorf("fixed=%v %s against s_server:\n  real:      ok=%v %s\n  predicted: ok=%v %s", story.fixed, client, o.OK, o.Message, p.OK, p.Message)
					}
				}
				cancel()
			}
		})
	}
}

// kitServer starts the kit's run-server.sh (the story's bank, or the fixed one)
// on a free port, and stops it when the test ends.
func kitServer(t *testing.T, dir string, fixed bool, env ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strings.TrimPrefix(ln.Addr().String(), "127.0.0.1:")
	ln.Close()
	args := []string{export.RunServerFile}
	if fixed {
		args = append(args, "fixed")
	}
	cmd := exec.Command("sh", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "TLSPLAY_ADDR=127.0.0.1", "TLSPLAY_PORT="+port), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// The script's session: the script, its bank and what it started.
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
	})
	// s_server says ACCEPT once it listens.
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "ACCEPT") {
				ready <- true
				break
			}
		}
		ready <- false
		for sc.Scan() {
		}
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatalf("run-server.sh ended without listening: %s", stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("run-server.sh did not listen within 10s: %s", stderr.String())
	}
	return port
}
