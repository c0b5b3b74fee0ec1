//go:build workerd

// Package workertest runs the Cloudflare Worker of wasm/worker in workerd, the
// open-source Workers runtime, and probes real Go TLS servers on 127.0.0.1
// through it. `make test-worker` runs it (the workerd build tag keeps `go test
// ./...` from running it a second time within `make test`).
package workertest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"
)

// workerdVersion is the npm package .ci/run installs into build/npm.
const workerdVersion = "1.20261117.1"

// testOrigin is the one page origin the workers under test allow.
const testOrigin = "https://page.example"

// probeTimeout is the workers' PROBE_TIMEOUT: short, so that the silent server's
// test is quick.
const probeTimeout = 2 * time.Second

// A running workerd holds two services: the test build (with the test-only vars
// honoured) and the production build given exactly the same vars.
type workerd struct {
	test, prod string // base URLs
	dir        string // the workers' builds and config
	cmd        *exec.Cmd
	log        *syncBuffer
}

var (
	setupOnce sync.Once
	setupErr  error
	setupSkip string
	fx        *fixture
	wd        *workerd
)

func TestMain(m *testing.M) {
	code := m.Run()
	if wd != nil {
		wd.stop()
	}
	if fx != nil {
		fx.close()
	}
	os.Exit(code)
}

// start builds both workers, starts the local servers and workerd, once for all
// tests; a test that needs them calls start first.
func start(t *testing.T) (*fixture, *workerd) {
	t.Helper()
	setupOnce.Do(func() {
		bin, err := findWorkerd()
		if err != nil {
			setupSkip = err.Error()
			return
		}
		fx = &fixture{}
		if setupErr = fx.start(); setupErr != nil {
			return
		}
		wd = &workerd{log: &syncBuffer{}}
		setupErr = wd.start(bin, fx)
	})
	if setupSkip != "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(setupSkip)
		}
		t.Skip(setupSkip)
	}
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return fx, wd
}

// moduleRoot is the repository root, two folders above this package.
func moduleRoot() string {
	root, _ := filepath.Abs(filepath.Join("..", "..", ".."))
	return root
}

func findWorkerd() (string, error) {
	if p := os.Getenv("WORKERD"); p != "" {
		return p, nil
	}
	local := filepath.Join(moduleRoot(), "build", "npm", "node_modules", ".bin", "workerd")
	if _, err := os.Stat(local); err == nil {
		return local, nil
	}
	if p, err := exec.LookPath("workerd"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("workerd not found (install it with: npm i --prefix build/npm workerd@%s)", workerdVersion)
}

// buildWorker runs what `make worker` runs, into dir, with the given build tags.
func buildWorker(dir, tags string) error {
	gen := exec.Command("go", "tool", "workers-assets-gen", "-mode=go", "-o", dir)
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-tags", tags, "-o", filepath.Join(dir, "app.wasm"), "./wasm/worker")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	for _, c := range []*exec.Cmd{gen, build} {
		c.Dir = moduleRoot()
		if out, err := c.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v\n%s", strings.Join(c.Args, " "), err, out)
		}
	}
	return nil
}

// compatibilityDate is wrangler.toml's, so the tests run the runtime the
// deployment gets.
func compatibilityDate() (string, error) {
	b, err := os.ReadFile(filepath.Join(moduleRoot(), "wrangler.toml"))
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`(?m)^compatibility_date\s*=\s*"([0-9-]+)"`).FindSubmatch(b)
	if m == nil {
		return "", errors.New("wrangler.toml has no compatibility_date")
	}
	return string(m[1]), nil
}

// The workerd config: two workers whose modules are what workers-assets-gen and
// `go build` produced, and an "internet" that, unlike workerd's default, reaches
// loopback (the production worker must refuse 127.0.0.1 by its own rules).
var configTemplate = template.Must(template.New("config").Parse(`using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "test", worker = .testWorker),
    (name = "prod", worker = .prodWorker),
    (name = "internet", network = (allow = ["public", "local"])),
  ],
  sockets = [
    (name = "test", http = (), service = "test"),
    (name = "prod", http = (), service = "prod"),
  ],
);
{{range .Workers}}
const {{.Name}}Worker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "{{.Name}}/worker.mjs"),
    (name = "wasm_exec.js", esModule = embed "{{.Name}}/wasm_exec.js"),
    (name = "runtime.mjs", esModule = embed "{{.Name}}/runtime.mjs"),
    (name = "app.wasm", wasm = embed "{{.Name}}/app.wasm"),
  ],
  compatibilityDate = "{{$.Date}}",
  bindings = [
    (name = "ALLOWED_PORTS", text = "{{$.Ports}}"),
    (name = "ALLOWED_ORIGINS", text = "{{$.Origin}}"),
    (name = "PROBE_TIMEOUT", text = "{{$.Timeout}}"),
    (name = "TLSPLAY_TEST_ALLOW_LOOPBACK", text = "1"),
    (name = "TLSPLAY_TEST_ROOT_PEM", text = embed "root.pem"),
  ],
  globalOutbound = "internet",
);
{{end}}`))

// start builds the two workers into a fresh folder and runs workerd on them; stop
// undoes whatever part of it was done.
func (wd *workerd) start(bin string, fx *fixture) error {
	dir, err := os.MkdirTemp("", "tlsplay-workerd-")
	if err != nil {
		return err
	}
	wd.dir = dir
	type worker struct{ Name, Tags string }
	workers := []worker{{"test", "tlsplay_testhooks"}, {"prod", ""}}
	for _, w := range workers {
		if err := buildWorker(filepath.Join(dir, w.Name), w.Tags); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "root.pem"), fx.rootPEM, 0o644); err != nil {
		return err
	}
	date, err := compatibilityDate()
	if err != nil {
		return err
	}
	var ports []string
	for _, p := range fx.allowedPorts() {
		ports = append(ports, strconv.Itoa(p))
	}
	var cfg bytes.Buffer
	if err := configTemplate.Execute(&cfg, map[string]any{"Workers": workers, "Date": date,
		"Ports": strings.Join(ports, ","), "Origin": testOrigin, "Timeout": probeTimeout.String()}); err != nil {
		return err
	}
	cfgPath := filepath.Join(dir, "config.capnp")
	if err := os.WriteFile(cfgPath, cfg.Bytes(), 0o644); err != nil {
		return err
	}

	// Listening sockets made here and handed over: no free-port race, and the
	// first request simply waits in the backlog until workerd accepts it.
	var files []*os.File
	args := []string{"serve", cfgPath}
	for i, w := range workers {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		f, err := ln.(*net.TCPListener).File()
		ln.Close() // f is a duplicate that stays open
		if err != nil {
			return err
		}
		defer f.Close()
		files = append(files, f)
		args = append(args, "--socket-fd", fmt.Sprintf("%s=%d", w.Name, 3+i))
		url := "http://" + ln.Addr().String()
		if w.Name == "test" {
			wd.test = url
		} else {
			wd.prod = url
		}
	}
	cmd := exec.Command(bin, args...)
	cmd.ExtraFiles = files
	cmd.Stdout, cmd.Stderr = wd.log, wd.log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlive the tests
	if err := cmd.Start(); err != nil {
		return err
	}
	wd.cmd = cmd
	return nil
}

func (w *workerd) stop() {
	if w.cmd != nil {
		w.cmd.Process.Kill()
		w.cmd.Wait()
	}
	if w.dir != "" {
		os.RemoveAll(w.dir)
	}
}

// get asks a worker and returns the answer with its body read.
func (w *workerd) do(t *testing.T, method, url, origin string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	// Generous: the first request waits for workerd to start and compile the wasm.
	c := &http.Client{Timeout: 90 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v\nworkerd log:\n%s", method, url, err, w.log)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp, body.Bytes()
}

// syncBuffer collects workerd's output for failure messages.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
