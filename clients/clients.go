//go:build unix

// Package clients runs the real clients against a real server to prove explain's
// predictions: a scenario's bank served by Go's crypto/tls on 127.0.0.1, and the
// courier played by Debian's Python requests (urllib3 1.26), curl, openssl
// s_client, Node's https module and Go's net/http, each dialling the scenario's
// name mapped to 127.0.0.1 by its own means (never /etc/hosts), so that SNI and
// every host-name check apply to that name. Python, curl and openssl run the
// export's reproduce kit (client.py, curl.sh, s_client.sh), so the kit is proven
// with them; the kit's client.js is run against the kit's own bank (TestKit).
package clients

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/scenario"
)

// Observed is what a real client did.
type Observed struct {
	OK      bool   `json:"ok"`
	Class   string `json:"class,omitempty"`
	Message string `json:"message"`
	// Printed is all the client wrote, as a person would paste it (not
	// recorded: it carries the run's ports, times and thread ids).
	Printed string `json:"-"`
}

// Python is Debian's interpreter, whose requests uses urllib3 1.26.
const Python = "/usr/bin/python3"

// Server serves a scenario's bank (the server) on a real socket.
type Server struct {
	Port string
	ln   net.Listener
	wg   sync.WaitGroup
}

// Serve starts the material's bank on 127.0.0.1 at a free port.
func Serve(m *handshake.Material) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &Server{Port: fmt.Sprint(ln.Addr().(*net.TCPAddr).Port), ln: ln}
	cfg := m.ServerConfig()
	// The scenario's clock is the moment the material was crafted; the clients
	// judge by the real clock, so the bank does too.
	cfg.Time = nil
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			b.wg.Add(1)
			go func() {
				defer b.wg.Done()
				serveConn(tls.Server(c, cfg))
			}()
		}
	}()
	return b, nil
}

// Close stops the bank and waits for its connections to end.
func (b *Server) Close() {
	b.ln.Close()
	b.wg.Wait()
}

// serveConn answers one request with the vault, as the engine's bank does.
func serveConn(c *tls.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if err := c.Handshake(); err != nil {
		// Linger until the client hangs up: closing with its request unread would
		// make the kernel send a reset that can overtake the alert (TLS 1.3
		// refusals of a badge arrive after the client sent its request).
		raw := c.NetConn()
		raw.SetReadDeadline(time.Now().Add(3 * time.Second))
		io.Copy(io.Discard, raw)
		return
	}
	if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
		return
	}
	fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(handshake.Vault), handshake.Vault)
}

// WriteFiles writes an export set into dir.
func WriteFiles(dir string, files []export.File) error {
	for _, f := range files {
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, f.Mode); err != nil {
			return err
		}
	}
	return nil
}

// Run is one client's run: the export set (with the kit) is in dir, the bank
// listens on 127.0.0.1:port.
type Run struct {
	Dir  string
	Port string
	// Fixed runs the kit's fixed story (from dir/fixed).
	Fixed bool
	// S is the scenario the files were exported from (or its fixed story).
	S *scenario.Scenario
	// kit: the program is the kit's own, which sets NODE_EXTRA_CA_CERTS
	// as the story does itself (client.js).
	kit bool
}

// Runners run each client the proof checks; "requests" (urllib3 2.x) is absent:
// Debian 12 has no urllib3 2.
var Runners = map[string]func(ctx context.Context, r Run) (Observed, error){
	explain.Requests1: runPython,
	explain.Curl:      runCurl,
	explain.OpenSSL:   runOpenSSL,
	explain.Node:      runNode,
	explain.GoNetHTTP: runGo,
}

// Tools are the programs the runners need, by client.
var Tools = map[string]string{
	explain.Requests1: Python,
	explain.Curl:      "curl",
	explain.OpenSSL:   "openssl",
	explain.Node:      "node",
}

// output is what a program wrote and how it ended.
type output struct {
	stdout, stderr string
	code           int
}

// command runs a program in dir with the kit's environment, in a session of its
// own: with no terminal to prompt on, a client wanting a key's password fails
// instead of waiting.
func command(ctx context.Context, r Run, name string, args ...string) (output, error) {
	if r.S != nil && len(r.S.Client.OSStore) > 0 {
		// The machine's store of the story: in a mount namespace of the
		// client's own, /etc/ssl/certs is a directory holding it (the story's
		// public roots and what IT installed), as Debian lays it out; the
		// machine's own is untouched.
		dir, err := osStoreDir(r)
		if err != nil {
			return output{}, err
		}
		args = append([]string{"-m", "--propagation", "private", "sh", "-c", `mount --bind "$0" ` + scenario.OSCertDir + ` && exec "$@"`, dir, name}, args...)
		name = "unshare"
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = r.Dir
	// None of the variables a client reads for its bundle comes from the
	// test's own environment.
	for _, kv := range os.Environ() {
		if n, _, _ := strings.Cut(kv, "="); !slices.Contains(scenario.EnvNames, n) {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TLSPLAY_ADDR=127.0.0.1", "TLSPLAY_PORT="+r.Port)
	if r.S != nil && !r.kit {
		// Node reads its variable at start: the kit's scripts set the others.
		if e := r.S.Client.EnvVar(scenario.EnvNodeExtraCACerts); e != nil {
			cmd.Env = append(cmd.Env, e.Name+"="+export.EnvDir+"/"+e.Path)
		}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	out := output{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		out.code = ee.ExitCode()
	case err != nil:
		return out, err
	}
	if ctx.Err() != nil {
		return out, fmt.Errorf("%s: %v", name, ctx.Err())
	}
	return out, nil
}

// osStoreDir writes the story's machine store as Debian lays out
// /etc/ssl/certs: ca-certificates.crt holding every root, and each root in a
// file of its own under OpenSSL's hashed name.
func osStoreDir(r Run) (string, error) {
	pemData, err := os.ReadFile(filepath.Join(r.Dir, export.EnvDir, export.OSStoreFile))
	if err != nil {
		return "", err
	}
	dir := filepath.Join(r.Dir, "machine-store")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "ca-certificates.crt"), pemData, 0o644); err != nil {
		return "", err
	}
	for i := 0; ; i++ {
		var block *pem.Block
		if block, pemData = pem.Decode(pemData); block == nil {
			break
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("root-%d.pem", i)), pem.EncodeToMemory(block), 0o644); err != nil {
			return "", err
		}
	}
	if out, err := exec.Command("openssl", "rehash", dir).CombinedOutput(); err != nil {
		return "", fmt.Errorf("openssl rehash: %v %s", err, out)
	}
	return dir, nil
}

// kitArgs is the argument that picks the kit's story.
func kitArgs(r Run, script string) []string {
	if r.Fixed {
		return []string{script, "fixed"}
	}
	return []string{script}
}

// runPython runs the kit's client.py and reads its verdict line.
func runPython(ctx context.Context, r Run) (Observed, error) {
	out, err := command(ctx, r, Python, kitArgs(r, export.ClientPyFile)...)
	if err != nil {
		return Observed{}, err
	}
	o, err := parsePy(out.stdout)
	if err != nil {
		return Observed{}, fmt.Errorf("%w (exit %d): %s%s", err, out.code, out.stdout, out.stderr)
	}
	o.Printed = out.stdout + out.stderr
	return o, nil
}

// parsePy reads client.py's verdict from its output.
func parsePy(stdout string) (Observed, error) {
	var warning string
	for _, line := range strings.Split(stdout, "\n") {
		switch {
		case strings.HasPrefix(line, "FAILED "):
			class, msg, _ := strings.Cut(strings.TrimPrefix(line, "FAILED "), ": ")
			return Observed{Class: class, Message: msg}, nil
		case strings.HasPrefix(line, "warning ") && warning == "":
			warning = strings.TrimPrefix(line, "warning ")
		case strings.HasPrefix(line, "OK "):
			msg := strings.TrimPrefix(line, "OK ")
			if i := strings.Index(msg, "]>"); i >= 0 {
				msg = msg[:i+2]
			}
			if warning != "" {
				class, _, _ := strings.Cut(warning, ":")
				return Observed{OK: true, Class: class, Message: warning}, nil
			}
			return Observed{OK: true, Message: msg}, nil
		}
	}
	return Observed{}, errors.New("client.py said neither OK nor FAILED")
}

// KitRunners run each client the kit ships a script for, as a person runs
// it: the proof's runners, which run the kit's client.py, curl.sh and
// s_client.sh, and for Node the kit's client.js.
var KitRunners = map[string]func(ctx context.Context, r Run) (Observed, error){
	explain.Requests1: runPython,
	explain.Curl:      runCurl,
	explain.OpenSSL:   runOpenSSL,
	explain.Node:      runKitNode,
}

// runKitNode runs the kit's client.js and reads its verdict: the error's
// code and message after FAILED, or the answer's status after OK.
func runKitNode(ctx context.Context, r Run) (Observed, error) {
	r.kit = true
	out, err := command(ctx, r, "node", kitArgs(r, export.ClientJSFile)...)
	if err != nil {
		return Observed{}, err
	}
	printed := out.stdout + out.stderr
	for _, line := range strings.Split(out.stdout, "\n") {
		switch {
		case strings.HasPrefix(line, "FAILED "):
			class, msg, _ := strings.Cut(strings.TrimPrefix(line, "FAILED "), ": ")
			return Observed{Class: class, Message: msg, Printed: printed}, nil
		case strings.HasPrefix(line, "OK "):
			return Observed{OK: true, Message: strings.TrimPrefix(line, "OK "), Printed: printed}, nil
		}
	}
	return Observed{}, fmt.Errorf("client.js said neither OK nor FAILED (exit %d): %s", out.code, printed)
}

// runCurl runs the kit's curl.sh: its exit status and first error line, or the
// status line it got.
func runCurl(ctx context.Context, r Run) (Observed, error) {
	out, err := command(ctx, r, "sh", kitArgs(r, export.CurlFile)...)
	if err != nil {
		return Observed{}, err
	}
	if out.code == 0 {
		status, _, _ := strings.Cut(out.stdout, "\n")
		return Observed{OK: true, Message: strings.TrimSpace(status), Printed: out.stderr + out.stdout}, nil
	}
	for _, line := range strings.Split(out.stderr, "\n") {
		if strings.HasPrefix(line, "curl: (") {
			return Observed{Class: fmt.Sprintf("curl: (%d)", out.code), Message: line, Printed: out.stderr + out.stdout}, nil
		}
	}
	return Observed{}, fmt.Errorf("curl exited %d without an error line: %s", out.code, out.stderr)
}

// runOpenSSL runs the kit's s_client.sh. It got the parcel when the bank's answer
// is in its output (s_client exits 0 either way); otherwise its message is the verification error, if any, and
// the first OpenSSL error line.
func runOpenSSL(ctx context.Context, r Run) (Observed, error) {
	out, err := command(ctx, r, "sh", kitArgs(r, export.SClientFile)...)
	if err != nil {
		return Observed{}, err
	}
	return sClientOutcome(out)
}

// sClientOutcome reads what s_client did from its output.
func sClientOutcome(out output) (Observed, error) {
	all := out.stderr + out.stdout
	if httpOK.MatchString(out.stdout) {
		return Observed{OK: true, Message: firstLine(all, "Verify return code: "), Printed: all}, nil
	}
	// Its own complaint (a verification error, or a badge it cannot load), then
	// OpenSSL's first error line.
	var msg []string
	for _, prefix := range []string{"verify error:", "Could not ", "error setting ", ":error:"} {
		if line := firstLine(all, prefix); line != "" && !slices.Contains(msg, line) {
			msg = append(msg, line)
		}
		if len(msg) == 2 {
			break
		}
	}
	if len(msg) == 0 {
		return Observed{}, fmt.Errorf("s_client exited %d with neither the answer nor an error: %s", out.code, all)
	}
	o := Observed{Message: strings.Join(msg, "\n"), Class: fmt.Sprintf("exit %d", out.code), Printed: all}
	if parts := strings.SplitN(msg[0], ":", 3); strings.HasPrefix(msg[0], "verify error:") {
		o.Class = parts[0] + ":" + parts[1]
	} else if code := opensslCode.FindString(o.Message); code != "" {
		o.Class = code
	}
	return o, nil
}

var (
	opensslCode = regexp.MustCompile(`error:[0-9A-F]{8}`)
	// httpOK is an answer from the bank: Go's (HTTP/1.1) or s_server's (HTTP/1.0),
	// not always at a line's start: s_client prints TLS 1.3 session tickets as
	// they come, into the middle of what it read.
	httpOK = regexp.MustCompile(`HTTP/1\.[01] 200 `)
)

// firstLine is the first line containing substr, or "".
func firstLine(text, substr string) string {
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, substr) {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// nodeScript makes explain's Node call (the same text the page shows) with the
// agent's connection sent to the bank's real address: Node's own https.get,
// hostname check and SNI, only the TCP socket swapped, for names and IP
// addresses alike.
const nodeScript = `
const https = require("https"), fs = require("fs"), net = require("net"), tls = require("tls"), util = require("util");
const [call, handler, addr, port] = process.argv.slice(1);
const agent = new https.Agent();
agent.createConnection = (options) => tls.connect({ ...options, socket: net.connect(Number(port), addr) });
https.globalAgent = agent;
const report = (v) => { console.log(JSON.stringify(v)); process.exit(0); };
const handle = (res) => report({ ok: true, message: res.statusCode + " " + res.statusMessage });
try {
	const req = eval(call.replace(handler, "handle"));
	req.setTimeout(10000, () => req.destroy(new Error("timeout")));
	req.on("error", (e) => report({ ok: false, class: e.code || e.name, message: e.message, printed: util.inspect(e) }));
} catch (e) {
	report({ ok: false, class: e.code || e.name, message: e.message, printed: util.inspect(e) });
}
`

// runNode runs Node's https with the scenario's options.
func runNode(ctx context.Context, r Run) (Observed, error) {
	dir := r
	if r.Fixed {
		dir.Dir = filepath.Join(r.Dir, export.FixedDir)
	}
	call := explain.NodeCall(r.S, "", explain.Target{Addr: "127.0.0.1", Port: r.Port, Kit: true})
	out, err := command(ctx, dir, "node", "-e", nodeScript, call, explain.NodeHandler, "127.0.0.1", r.Port)
	if err != nil {
		return Observed{}, err
	}
	// printed is the error as Node prints one it was not given a handler
	// for: its message, its stack, its code.
	var o struct {
		Observed
		Printed string `json:"printed"`
	}
	if err := jsonLine(out.stdout, &o); err != nil {
		return Observed{}, fmt.Errorf("node: %v (exit %d): %s%s", err, out.code, out.stdout, out.stderr)
	}
	o.Observed.Printed = o.Printed
	if o.Printed == "" {
		o.Observed.Printed = o.Message
	}
	return o.Observed, nil
}

// runGo makes the request with Go's net/http, configured as explain.GoCall
// shows, dialling the bank's real address.
func runGo(ctx context.Context, r Run) (Observed, error) {
	dir := r.Dir
	if r.Fixed {
		dir = filepath.Join(dir, export.FixedDir)
	}
	s := r.S
	cfg := &tls.Config{
		// The error names the clock: the scenario's, as in the trace.
		Time:             func() time.Time { return s.Now },
		MinVersion:       handshake.VersionID(s.Client.MinVersion),
		MaxVersion:       handshake.VersionID(s.Client.MaxVersion),
		CurvePreferences: handshake.CurveIDs(s.Client.Groups),
	}
	switch s.Client.Intended() {
	case scenario.VerifyFalse:
		cfg.InsecureSkipVerify = true
	default:
		roots, err := goRoots(dir, s)
		if err != nil {
			return Observed{}, err
		}
		cfg.RootCAs = roots
	}
	if s.Client.CheckRevocation && s.Client.Verify != scenario.VerifyFalse {
		// Go checks no revocation by itself: explain.GoCall's VerifyConnection.
		pem, err := os.ReadFile(filepath.Join(dir, explain.CRLFile))
		if err != nil {
			return Observed{}, err
		}
		crls, err := handshake.ParseCRLs(pem)
		if err != nil {
			return Observed{}, err
		}
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			return handshake.CheckRevocation(cs.VerifiedChains[0], crls, cs.OCSPResponse)
		}
	}
	if cert, key := explain.CertFiles(s, dir); cert != "" {
		if key == "" {
			key = cert
		}
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			return Observed{Class: goClass(err), Message: err.Error(), Printed: err.Error()}, nil
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	var d net.Dialer
	client := &http.Client{Transport: &http.Transport{
		TLSClientConfig: cfg,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, "127.0.0.1:"+r.Port)
		},
	}}
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, "GET", explain.Target{Addr: "127.0.0.1", Port: r.Port}.URL(s), nil)
	if err != nil {
		return Observed{}, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return Observed{Class: goClass(err), Message: err.Error(), Printed: err.Error()}, nil
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); err != nil {
		return Observed{Class: goClass(err), Message: err.Error(), Printed: err.Error()}, nil
	}
	return Observed{OK: true, Message: resp.Status, Printed: resp.Status}, nil
}

// goRoots are the roots Go reads in the story, as scenario.Resolve says:
// crypto/x509 reads SSL_CERT_FILE and SSL_CERT_DIR once per process, so this
// runner, in the test's process, reads the files they name itself. ca.pem
// stands in for the machine's public roots, env/os-store.pem for a machine
// store holding more.
func goRoots(dir string, s *scenario.Scenario) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	add := func(p string) error {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pool.AppendCertsFromPEM(data)
		return nil
	}
	for _, src := range s.Resolve(scenario.ReaderGo).Sources {
		var err error
		switch {
		case src.Kind == scenario.SourceCall:
			err = add(filepath.Join(dir, explain.CAFile))
		case src.Kind == scenario.SourceEnv && src.Var == scenario.EnvSSLCertDir:
			files, _ := filepath.Glob(filepath.Join(dir, export.EnvDir, src.Path, "*.pem"))
			for _, f := range files {
				if err = add(f); err != nil {
					break
				}
			}
		case src.Kind == scenario.SourceEnv:
			err = add(filepath.Join(dir, export.EnvDir, src.Path))
		case len(s.Client.OSStore) > 0:
			err = add(filepath.Join(dir, export.EnvDir, export.OSStoreFile))
		default:
			err = add(filepath.Join(dir, explain.CAFile))
		}
		if err != nil {
			return nil, err
		}
	}
	return pool, nil
}

// jsonLine decodes the last line of out.
func jsonLine(out string, v any) error {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return tjson.Unmarshal([]byte(lines[len(lines)-1]), v)
}

// goClass names a Go error by the exported type a program would test for with
// errors.As: the verification error, the network error carrying a remote alert,
// or, for the rest, the error's own type.
func goClass(err error) string {
	var (
		ve *tls.CertificateVerificationError
		oe *net.OpError
		re *handshake.RevokedError
	)
	switch {
	case errors.As(err, &re):
		return fmt.Sprintf("%T", re)
	case errors.As(err, &ve):
		return fmt.Sprintf("%T", ve)
	case errors.As(err, &oe):
		return fmt.Sprintf("%T", oe)
	}
	return fmt.Sprintf("%T", err)
}

// Mask replaces what changes from run to run, or with the machine, with
// explain's placeholders: the port, C source lines, OpenSSL's thread id and
// version; and it drops what depends on timing (net/http's reader's name).
func Mask(msg, port string) string {
	msg = strings.TrimSpace(msg)
	// net/http reads in the background: a TLS 1.3 refusal that arrives before the
	// request is written is reported by that reader, with its name in front.
	msg = strings.Replace(msg, "readLoopPeekFailLocked: ", "", 1)
	msg = portPattern(port).ReplaceAllString(msg, "${1}{port}")
	msg = opensslVersion.ReplaceAllString(msg, "OpenSSL/{openssl_version}")
	msg = sourceLine.ReplaceAllString(msg, "${1}{line}")
	return threadID.ReplaceAllString(msg, "{thread}:error:")
}

var (
	sourceLine     = regexp.MustCompile(`(\.c:)\d+`)
	threadID       = regexp.MustCompile(`\b[0-9A-F]{8,16}:error:`)
	opensslVersion = regexp.MustCompile(`OpenSSL/\d+\.\d+\.\d+\w*`)
)

func portPattern(port string) *regexp.Regexp {
	return regexp.MustCompile(`(port=|:)` + regexp.QuoteMeta(port) + `\b`)
}
