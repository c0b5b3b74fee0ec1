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
var kitClients = []string{explain.Requests1, explain.Curl, explain.OpenSSL, explain.Node}

// TestKit runs the reproduce kit as a person would, for a few stories: the bank
// with run-server.sh (openssl s_server), the couriers with client.py, curl.sh,
// s_client.sh and client.js. The story fails as predicted, and its fixed/ twin
// works; each courier prints what README.txt says it prints
// (export.KitPrints), its answer from the bank too where it gets through,
// after requests' warning (cn-only's, verify-false-mitm's) or s_client's
// verification result. Its bank takes the story's versions (a courier capped
// at TLS 1.1 reads the protocol version alert Go's bank sends).
func TestKit(t *testing.T) {
	needTools(t)
	stories := []variant{{"env-node-extra-ca-certs", "internal-ca-default-bundle", companyVar(scenario.EnvNodeExtraCACerts)},
		// The bank's lowest version left to Go's default, TLS 1.2: s_server
		// must answer a courier capped at TLS 1.1 as Go's bank does.
		{"version-client-capped-tls11-bank-default", "verify-true", func(s *scenario.Scenario) { s.Client.MaxVersion = scenario.TLS11 }},
		// The bank's lowest TLS 1.0: s_server must sign at TLS 1.1 as Go's
		// bank does (SHA-1, @SECLEVEL=0), for the couriers to refuse it.
		{"version-client-capped-tls11-bank-min-tls10", "verify-true", func(s *scenario.Scenario) {
			s.Client.MaxVersion, s.Server.MinVersion = scenario.TLS11, scenario.TLS10
		}},
		// The bank speaks TLS 1.0 only: the cure is the bank's, and the
		// cap's (review 19), and fixed/ connects.
		{"version-client-capped-tls11-bank-tls10-only", "verify-true", func(s *scenario.Scenario) {
			s.Client.MaxVersion, s.Server.MinVersion, s.Server.MaxVersion = scenario.TLS11, scenario.TLS10, scenario.TLS10
		}},
		// The same courier with its lowest lowered to TLS 1.0: Go connects,
		// the OpenSSL couriers refuse; fixed/ moves the bank and drops both.
		{"version-client-tls10-capped-tls11-bank-tls10-only", "verify-true", func(s *scenario.Scenario) {
			s.Client.MinVersion, s.Client.MaxVersion = scenario.TLS10, scenario.TLS11
			s.Server.MinVersion, s.Server.MaxVersion = scenario.TLS10, scenario.TLS10
		}}}
	for _, id := range []string{"expired", "missing-intermediate", "hostname-mismatch", "ip-mismatch", "sni-default-certificate", "tls10-bank", "mtls-no-cert", "mtls-encrypted-key", "env-bundle-overrides-session", "cn-only", "verify-false-mitm"} {
		stories = append(stories, variant{id, id, nil})
	}
	for _, v := range stories {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			set, dir := exportNow(t, scenario.Lookup(v.preset), v.edit)
			s := set.Material.Scenario
			readme := string(set.File(export.ReadmeFile))
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
					o, err := KitRunners[client](ctx, Run{Dir: dir, Port: port, Fixed: story.fixed, S: story.s})
					if err != nil {
						t.Errorf("fixed=%v %s: %v", story.fixed, client, err)
						continue
					}
					o.Message = Mask(o.Message, port)
					// A success reads s_server's status page, not the Go bank's
					// answer: only failures are compared word for word, and
					// Node's by its code too (client.js prints it).
					p := want[client]
					if o.OK != p.OK || !o.OK && !printsAsPredicted(o, p, client == explain.Node) {
						t.Errorf("fixed=%v %s against s_server:\n  real:      ok=%v %s %s\n  predicted: ok=%v %s %s", story.fixed, client, o.OK, o.Class, o.Message, p.OK, p.Class, p.Message)
						continue
					}
					if o.OK || o.Message == p.Message {
						printsAsTheKitSays(t, readme, client, p, Mask(o.Printed, port))
					}
				}
				cancel()
			}
		})
	}
}

// printsAsTheKitSays checks that a kit's courier printed, in order, the
// lines export.KitPrints says it prints for its verdict p (printed is what
// it printed, masked); and, where it got through, that README.txt quotes its
// answer from the bank (on the kit's port, as README.txt writes it).
func printsAsTheKitSays(t *testing.T, readme, client string, p explain.ClientVerdict, printed string) {
	t.Helper()
	rest := printed
	for _, line := range export.KitPrints(client, p) {
		i := strings.Index(rest, line)
		if i < 0 {
			t.Errorf("%s (ok=%v) does not print %q (in this order) as the kit says:\n%s", client, p.OK, line, printed)
			return
		}
		rest = rest[i+len(line):]
	}
	if answer := export.KitAnswers[client]; p.OK && !strings.Contains(readme, answer) {
		t.Errorf("README.txt does not quote %s's answer %q:\n%s", client, answer, readme)
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

// TestTrailingDotRealHost runs s_client and Node, dialling a name with its
// trailing dot, against a server that takes the dot in SNI (the kit's
// openssl s_server, as nginx and Apache would, and as the probe, asking it
// with the dot, finds), and compares them with the
// predictions for a real host so served (a probe's trace): Node leaves the
// dot out of its match, s_client matches nothing with it ("hostname
// mismatch" for the host's own certificate). Against the stories' Go bank
// both are refused at the ClientHello instead (TestRealClients, the
// trailing-dot variants).
func TestTrailingDotRealHost(t *testing.T) {
	needTools(t)
	for _, dial := range []string{scenario.ServerHost + ".", "other.example."} {
		t.Run(dial, func(t *testing.T) {
			set, dir := exportNow(t, scenario.Lookup("verify-true"), func(s *scenario.Scenario) { s.Client.Dial = dial })
			port := kitServer(t, dir, false)
			m, s := set.Material, set.Material.Scenario
			// The probe's trace of the same bank served by Go (s_server
			// answers no HEAD, the probe's request): a real host's
			// predictions are the same whatever serves it.
			bank, err := Serve(m)
			if err != nil {
				t.Fatal(err)
			}
			defer bank.Close()
			conn, err := net.Dial("tcp", "127.0.0.1:"+bank.Port)
			if err != nil {
				t.Fatal(err)
			}
			opt := handshake.ProbeOptions{Host: dial, Now: time.Now(), ExtraRoots: m.Trusted, Timeout: 5 * time.Second}
			tr, err := handshake.Probe(context.Background(), conn, opt)
			conn.Close()
			if err != nil {
				t.Fatal(err)
			}
			if want := dial == scenario.ServerHost+"."; tr.Outcome.OK != want {
				t.Fatalf("Go's probe: ok=%v (%s), want %v", tr.Outcome.OK, tr.Outcome.Detail, want)
			}
			// The probe asks the host with the dot in SNI, as s_client and
			// Node send it: s_server takes it.
			dotted, err := net.Dial("tcp", "127.0.0.1:"+port)
			if err != nil {
				t.Fatal(err)
			}
			tr.DottedSNI, err = handshake.DottedSNI(context.Background(), dotted, dial, 5*time.Second)
			dotted.Close()
			if tr.DottedSNI != handshake.DottedAccepted {
				t.Fatalf("s_server answers the dotted name with %q (%v)", tr.DottedSNI, err)
			}
			want := explain.Clients(tr)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			for _, client := range []string{explain.OpenSSL, explain.Node} {
				o, err := Runners[client](ctx, Run{Dir: dir, Port: port, S: s})
				if err != nil {
					t.Fatalf("%s: %v", client, err)
				}
				o.Message = Mask(o.Message, port)
				// A success reads s_server's status page: only failures are
				// compared word for word.
				if p := want[client]; o.OK != p.OK || !o.OK && !printsAsPredicted(o, p, true) {
					t.Errorf("%s against s_server:\n  real:      ok=%v %q %s\n  predicted: ok=%v %q %s", client, o.OK, o.Class, o.Message, p.OK, p.Class, p.Message)
				}
			}
		})
	}
}
