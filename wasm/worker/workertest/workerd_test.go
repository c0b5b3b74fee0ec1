//go:build workerd

package workertest

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testOrigin is the one page origin the workers under test allow.
const testOrigin = "https://page.example"

// probeTimeout is the workers' PROBE_TIMEOUT: short, so that the silent server's
// test is quick.
const probeTimeout = 2 * time.Second

// looped is the workers' internet in these tests: every connection lands on
// 127.0.0.1, every fetch on the issuer server.
//
//go:embed testdata/looped.mjs
var looped string

// workers is a running workerd with two services: the test build (with the
// test-only vars honoured) and the production build given exactly the same vars,
// both reaching the tests' servers through looped, whatever host they ask for.
type workers struct {
	*Workerd
	test, prod string // base URLs
}

var (
	setupOnce sync.Once
	setupErr  error
	setupSkip string
	fx        *fixture
	wd        *workers
)

func TestMain(m *testing.M) {
	code := m.Run()
	if wd != nil {
		wd.Stop()
	}
	if fx != nil {
		fx.close()
	}
	os.Exit(code)
}

// start builds both workers, starts the local servers and workerd, once for all
// tests; a test that needs them calls start first.
func start(t *testing.T) (*fixture, *workers) {
	t.Helper()
	setupOnce.Do(func() {
		bin, err := Find(moduleRoot())
		if err != nil {
			setupSkip = err.Error()
			return
		}
		fx = &fixture{}
		if setupErr = fx.start(); setupErr != nil {
			return
		}
		var ports []string
		for _, p := range fx.allowedPorts() {
			ports = append(ports, strconv.Itoa(p))
		}
		w, err := Start(bin, Options{
			Root:    moduleRoot(),
			Workers: []Worker{{Name: "test", Tags: "tlsplay_testhooks", Outbound: "looped"}, {Name: "prod", Outbound: "looped"}},
			Scripts: map[string]string{"looped": looped},
			Vars: map[string]string{
				"TLSPLAY_LOOPED_FETCH":        fx.aiaURL,
				"ALLOWED_PORTS":               strings.Join(ports, ","),
				"ALLOWED_ORIGINS":             testOrigin,
				"PROBE_TIMEOUT":               probeTimeout.String(),
				"TLSPLAY_TEST_ALLOW_LOOPBACK": "1",
				"TLSPLAY_TEST_ROOT_PEM":       string(fx.rootPEM),
			},
		})
		if setupErr = err; err == nil {
			wd = &workers{Workerd: w, test: w.URL["test"], prod: w.URL["prod"]}
		}
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

// do asks a worker and returns the answer with its body read.
func (w *workers) do(t *testing.T, method, url, origin string) (*http.Response, []byte) {
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
		t.Fatalf("%s %s: %v\nworkerd log:\n%s", method, url, err, w.Log())
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp, body.Bytes()
}

// cloudflareLimit is the largest Worker the free plan deploys: 3 MiB, gzipped
// as wrangler measures the upload (the script and every module beside it).
const cloudflareLimit = 3 << 20

// TestUploadFits: the production build, as make worker writes it, fits the
// free plan (gzip's default level, as wrangler's; its best would flatter us).
func TestUploadFits(t *testing.T) {
	_, w := start(t)
	dir := filepath.Join(w.dir, "prod")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var total int
	var sizes []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write(b)
		zw.Close()
		total += z.Len()
		sizes = append(sizes, fmt.Sprintf("%s %d", e.Name(), z.Len()))
	}
	t.Logf("the upload, gzipped: %d bytes (%s); the free plan's limit %d", total, strings.Join(sizes, ", "), cloudflareLimit)
	if !slices.ContainsFunc(entries, func(e os.DirEntry) bool { return e.Name() == "app.wasm" }) {
		t.Fatalf("make worker wrote no app.wasm into %s", dir)
	}
	if total > cloudflareLimit {
		t.Errorf("the worker's upload is %d bytes gzipped, over the free plan's %d: Cloudflare refuses it", total, cloudflareLimit)
	}
}
