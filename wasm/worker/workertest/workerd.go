// Package workertest runs the Cloudflare Worker of wasm/worker in workerd, the
// open-source Workers runtime, so that tests probe real Go TLS servers on
// 127.0.0.1 through it: the worker's own tests (`make test-worker`, behind the
// workerd build tag, which keeps `go test ./...` from running them a second
// time within `make test`) and the page's browser tests in e2e/.
package workertest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"text/template"
)

// Version is the workerd npm package .ci/run installs into build/npm.
const Version = "1.20261117.1"

// Find locates workerd: $WORKERD, the copy .ci/run installs under root's
// build/npm, or one on the PATH.
func Find(root string) (string, error) {
	if p := os.Getenv("WORKERD"); p != "" {
		return p, nil
	}
	local := filepath.Join(root, "build", "npm", "node_modules", ".bin", "workerd")
	if _, err := os.Stat(local); err == nil {
		return local, nil
	}
	if p, err := exec.LookPath("workerd"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("workerd not found (install it with: npm i --prefix build/npm workerd@%s)", Version)
}

// Worker is one build of wasm/worker that workerd serves, on a socket of its own.
type Worker struct {
	Name string // the service, the socket, the key of Workerd.URL
	Tags string // build tags: "tlsplay_testhooks" is the test build, "" the deployed one
	// Outbound is the service the worker's sockets and fetches go through: one
	// of Options.Scripts, or "" for workerd's network (public addresses and loopback).
	Outbound string
}

// Options say what workerd runs.
type Options struct {
	Root    string // the module's root
	Workers []Worker
	// Vars are given to every worker: wrangler.toml's [vars], and the test
	// build's TLSPLAY_TEST_* (which the deployed build ignores).
	Vars map[string]string
	// Scripts are JavaScript module workers by name, served without a socket:
	// a Worker's Outbound names one. They get the Vars too, and reach
	// workerd's network.
	Scripts map[string]string
}

// Workerd is a running workerd.
type Workerd struct {
	// URL is each worker's base URL, by name.
	URL map[string]string
	dir string // the workers' builds and config
	cmd *exec.Cmd
	log syncBuffer
}

// Build runs `make worker` into dir, with the given build tags: the tests
// run the worker as it is deployed, flags and packing included.
func Build(root, dir, tags string) error {
	c := exec.Command("make", "-s", "worker", "WORKER="+dir, "WORKERTAGS="+tags)
	c.Dir = root
	if out, err := c.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v\n%s", strings.Join(c.Args, " "), err, out)
	}
	return nil
}

// compatibilityDate is wrangler.toml's, so the tests run the runtime the
// deployment gets.
func compatibilityDate(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "wrangler.toml"))
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`(?m)^compatibility_date\s*=\s*"([0-9-]+)"`).FindSubmatch(b)
	if m == nil {
		return "", errors.New("wrangler.toml has no compatibility_date")
	}
	return string(m[1]), nil
}

// varName is what a var may be called: its name is written into the config.
var varName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// The workerd config: each worker's modules are what workers-assets-gen and
// `go build` produced, its vars are files (any text, no escaping), and its
// "internet", unlike workerd's default, reaches loopback (the deployed worker
// must refuse 127.0.0.1 by its own rules).
var configTemplate = template.Must(template.New("config").Parse(`using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
{{- range .Workers}}
    (name = "{{.Name}}", worker = .{{.Name}}Worker),
{{- end}}
{{- range .Scripts}}
    (name = "{{.}}", worker = .{{.}}Script),
{{- end}}
    (name = "internet", network = (allow = ["public", "local"])),
  ],
  sockets = [
{{- range .Workers}}
    (name = "{{.Name}}", http = (), service = "{{.Name}}"),
{{- end}}
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
  bindings = [{{template "vars" $}}],
  globalOutbound = "{{or .Outbound "internet"}}",
);
{{end}}
{{- range .Scripts}}
const {{.}}Script :Workerd.Worker = (
  modules = [(name = "{{.}}.mjs", esModule = embed "scripts/{{.}}.mjs")],
  compatibilityDate = "{{$.Date}}",
  bindings = [{{template "vars" $}}],
  globalOutbound = "internet",
);
{{end}}
{{- define "vars"}}
{{- range .Vars}}
    (name = "{{.}}", text = embed "vars/{{.}}"),
{{- end}}
  {{end}}`))

var workerName = regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)

// Start builds the workers into a fresh folder and runs workerd on them. On an
// error, whatever part of it was done is undone.
func Start(bin string, opt Options) (w *Workerd, err error) {
	w = &Workerd{URL: map[string]string{}}
	defer func() {
		if err != nil {
			w.Stop()
			w = nil
		}
	}()
	if w.dir, err = os.MkdirTemp("", "tlsplay-workerd-"); err != nil {
		return w, err
	}
	for _, wk := range opt.Workers {
		if !workerName.MatchString(wk.Name) {
			return w, fmt.Errorf("worker name %q: want a lower-case identifier", wk.Name)
		}
		if err := Build(opt.Root, filepath.Join(w.dir, wk.Name), wk.Tags); err != nil {
			return w, err
		}
	}
	var scripts []string
	for name, src := range opt.Scripts {
		if !workerName.MatchString(name) || slices.ContainsFunc(opt.Workers, func(wk Worker) bool { return wk.Name == name }) {
			return w, fmt.Errorf("script name %q: want a lower-case identifier no worker has", name)
		}
		if err := os.MkdirAll(filepath.Join(w.dir, "scripts"), 0o755); err != nil {
			return w, err
		}
		if err := os.WriteFile(filepath.Join(w.dir, "scripts", name+".mjs"), []byte(src), 0o644); err != nil {
			return w, err
		}
		scripts = append(scripts, name)
	}
	slices.Sort(scripts)
	for _, wk := range opt.Workers {
		if wk.Outbound != "" && !slices.Contains(scripts, wk.Outbound) {
			return w, fmt.Errorf("worker %s: outbound %q is none of the scripts", wk.Name, wk.Outbound)
		}
	}
	if err := os.Mkdir(filepath.Join(w.dir, "vars"), 0o755); err != nil {
		return w, err
	}
	var names []string
	for k, v := range opt.Vars {
		if !varName.MatchString(k) {
			return w, fmt.Errorf("var name %q: want upper case, digits and _", k)
		}
		if err := os.WriteFile(filepath.Join(w.dir, "vars", k), []byte(v), 0o644); err != nil {
			return w, err
		}
		names = append(names, k)
	}
	slices.Sort(names)
	date, err := compatibilityDate(opt.Root)
	if err != nil {
		return w, err
	}
	var cfg bytes.Buffer
	if err := configTemplate.Execute(&cfg, map[string]any{"Workers": opt.Workers, "Scripts": scripts, "Date": date, "Vars": names}); err != nil {
		return w, err
	}
	cfgPath := filepath.Join(w.dir, "config.capnp")
	if err := os.WriteFile(cfgPath, cfg.Bytes(), 0o644); err != nil {
		return w, err
	}

	// Listening sockets made here and handed over: no free-port race, and the
	// first request simply waits in the backlog until workerd accepts it.
	var files []*os.File
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	args := []string{"serve", cfgPath}
	for i, wk := range opt.Workers {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return w, err
		}
		f, err := ln.(*net.TCPListener).File()
		ln.Close() // f is a duplicate that stays open
		if err != nil {
			return w, err
		}
		files = append(files, f)
		args = append(args, "--socket-fd", fmt.Sprintf("%s=%d", wk.Name, 3+i))
		w.URL[wk.Name] = "http://" + ln.Addr().String()
	}
	cmd := exec.Command(bin, args...)
	cmd.ExtraFiles = files
	cmd.Stdout, cmd.Stderr = &w.log, &w.log
	tieToParent(cmd)
	if err := cmd.Start(); err != nil {
		return w, err
	}
	w.cmd = cmd
	return w, nil
}

// Stop ends workerd and removes its folder.
func (w *Workerd) Stop() {
	if w.cmd != nil {
		w.cmd.Process.Kill()
		w.cmd.Wait()
	}
	if w.dir != "" {
		os.RemoveAll(w.dir)
	}
}

// Log is what workerd printed, for failure messages.
func (w *Workerd) Log() string { return w.log.String() }

// syncBuffer collects workerd's output.
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
