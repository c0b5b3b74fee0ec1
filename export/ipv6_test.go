//go:build !js

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

// An IPv6 address the courier dials is written in brackets where each tool
// wants them (the URL, Node's too, curl's --connect-to) and bare where it
// does not (s_client's -verify_ip, getaddrinfo): the kit's four couriers,
// run against its bank, all get through.
func TestKitIPv6(t *testing.T) {
	testtool.Path(t, "openssl")
	testtool.Path(t, "curl")
	testtool.Path(t, "python3")
	testtool.Path(t, "node")
	s := scenario.Lookup("ip-mismatch").At(scenario.PresetClock)
	s.Now = time.Now().UTC().Truncate(time.Second)
	s.Spec(scenario.Leaf).IPAddresses = []string{"192.0.2.10", "::1"}
	s.Client.Dial, s.Client.Port = "::1", 8443
	set, err := Build(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if !set.Trace.Outcome.OK {
		t.Fatalf("the story fails: %s", set.Trace.Outcome.Reason)
	}
	dir := t.TempDir()
	for _, f := range set.Files {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, f.Mode); err != nil {
			t.Fatal(err)
		}
	}
	ln := testtool.Listen(t)
	port := strings.TrimPrefix(ln.Addr().String(), "127.0.0.1:")
	ln.Close()
	env := append(os.Environ(), "TLSPLAY_ADDR=127.0.0.1", "TLSPLAY_PORT="+port)

	server := exec.Command("sh", RunServerFile)
	server.Dir, server.Env = dir, env
	server.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	// The script's session: the script, its bank and what it started.
	t.Cleanup(func() { syscall.Kill(-server.Process.Pid, syscall.SIGKILL); server.Wait() })
	// The bank is up once its port takes connections.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", "127.0.0.1:"+port); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("run-server.sh did not listen within 10s")
		}
	}

	for _, c := range []struct {
		args []string
		want string // in what the courier prints
	}{
		{[]string{"sh", CurlFile}, "HTTP/1.0 200 ok"},
		{[]string{"sh", SClientFile}, "Verify return code: 0 (ok)"},
		{[]string{"python3", ClientPyFile}, "OK <Response [200]>"},
		{[]string{"node", ClientJSFile}, "OK 200 ok"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, c.args[0], c.args[1:]...)
		cmd.Dir, cmd.Env = dir, env
		out, _ := cmd.CombinedOutput()
		cancel()
		if !strings.Contains(string(out), c.want) {
			t.Errorf("%s: no %q in:\n%s", c.args[1], c.want, out)
		}
	}
}

// The scripts put an IPv6 TLSPLAY_ADDR in brackets before its port, and leave
// an IPv4 address or a name alone.
func TestBracketAddr(t *testing.T) {
	for addr, want := range map[string]string{"::1": "[::1]:8443", "2001:db8::7": "[2001:db8::7]:8443", "127.0.0.1": "127.0.0.1:8443", "bank.example": "bank.example:8443"} {
		out, err := exec.Command("sh", "-c", "ADDR="+addr+"\n"+bracketAddr+`printf %s "$ADDR:8443"`).Output()
		if err != nil || string(out) != want {
			t.Errorf("%s: %q (%v), want %q", addr, out, err, want)
		}
	}
}
