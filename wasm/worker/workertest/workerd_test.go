//go:build workerd

package workertest

import (
	"bytes"
	_ "embed"
	"net/http"
	"os"
	"path/filepath"
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
