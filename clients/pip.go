//go:build unix

package clients

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/scenario"
)

// PipPython is the interpreter whose pip the proof runs: pip 23.2.1, which
// vendors requests 2.31 and urllib3 1.26.16.
const PipPython = "python3"

// pipServe runs pip's own entry point once for each line read, as the
// pip command does (pip download …), in one process for the whole proof,
// which keeps pip's half a second of imports to one: each run gets its
// arguments, its environment (the story's, not the last run's), its
// directory and fresh warnings (Python's registry of those shown, which
// would otherwise print each one once per process), and its output.
// Inside it the story's name is mapped to the bank's address, as
// /etc/hosts would map it (the kit's client.py does the same), so that
// pip sends it (SNI) and checks the certificate against it.
const pipServe = `import io, json, os, socket, sys, warnings
from pip._internal.cli.main import main
_getaddrinfo = socket.getaddrinfo
mapped = {}
def getaddrinfo(host, *args, **kwargs):
    return _getaddrinfo(mapped.get(host, host), *args, **kwargs)
socket.getaddrinfo = getaddrinfo
environ, filters, out = dict(os.environ), list(warnings.filters), sys.stdout
for line in sys.stdin:
    run = json.loads(line)
    os.environ.clear()
    os.environ.update(environ)
    os.environ.update(run["env"])
    os.chdir(run["dir"])
    mapped.clear()
    mapped[run["name"]] = run["addr"]
    warnings.filters[:] = filters
    warnings._filters_mutated()
    buf = io.StringIO()
    sys.stdout = sys.stderr = buf
    try:
        code = main(run["args"])
    except SystemExit as e:
        code = e.code
    sys.stdout, sys.stderr = out, sys.__stderr__
    out.write(json.dumps({"code": code, "output": buf.getvalue()}) + "\n")
    out.flush()
`

// pipProcess is the one python3 running pipServe, started at the first
// run; runs take turns.
var pipProcess struct {
	sync.Mutex
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	err error
}

// pipRun runs pip with args in dir, with env added to the proof's
// environment (none of the machine's bundle or pip variables, as command
// leaves them out), the name mapped to addr.
func pipRun(dir string, env []string, name, addr string, args []string) (string, error) {
	p := &pipProcess
	p.Lock()
	defer p.Unlock()
	if p.cmd == nil && p.err == nil {
		cmd := exec.Command(PipPython, "-c", pipServe)
		for _, kv := range os.Environ() {
			if n, _, _ := strings.Cut(kv, "="); !slices.Contains(scenario.EnvNames, n) && !strings.HasPrefix(n, "PIP_") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		cmd.Stderr = os.Stderr
		in, err := cmd.StdinPipe()
		if err != nil {
			return "", err
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			return "", err
		}
		if p.err = cmd.Start(); p.err == nil {
			p.cmd, p.in, p.out = cmd, in, bufio.NewReaderSize(out, 1<<20)
		}
	}
	if p.err != nil {
		return "", p.err
	}
	vars := map[string]string{}
	for _, kv := range env {
		n, v, _ := strings.Cut(kv, "=")
		vars[n] = v
	}
	req, err := json.Marshal(map[string]any{"args": args, "env": vars, "dir": dir, "name": name, "addr": addr})
	if err != nil {
		return "", err
	}
	if _, err := p.in.Write(append(req, '\n')); err != nil {
		p.err = err
		return "", err
	}
	line, err := p.out.ReadBytes('\n')
	if err != nil {
		p.err = fmt.Errorf("pip's process: %w", err)
		return "", p.err
	}
	var res struct{ Output string }
	if err := json.Unmarshal(line, &res); err != nil {
		return "", err
	}
	return res.Output, nil
}

// errPipCannot is a story whose courier does what pip has no option for
// (explain.PipCannot): the proof does not run pip on it.
var errPipCannot = errors.New("pip cannot make this call")

// pipFetch is the line pip prints when it cannot read the index's page.
const pipFetch = "Could not fetch URL "

// runPip runs the real pip against the bank as an index: pip download of
// explain.PipPackage, with no retries (each would print a WARNING: Retrying
// line first) and none of the machine's pip configuration
// (PIP_CONFIG_FILE=/dev/null, no PIP_ variable). Its verdict is its
// "Could not fetch URL" line, or, when it read the page (the bank's vault,
// which is no index: pip then says no version satisfies), a connection.
// The story's bundle is given as --cert (verify=True's too: ca.pem stands
// in for certifi, as in the kit's client.py), its badge as --client-cert
// (the certificate and its key in one file, which pip wants).
func runPip(ctx context.Context, r Run) (Observed, error) {
	s := r.S
	if explain.PipCannot(s) != "" {
		return Observed{}, errPipCannot
	}
	name := s.Client.Dial
	args := []string{"download", "--no-deps", "--no-cache-dir", "--disable-pip-version-check",
		"--retries", "0", "--timeout", "5", "--index-url", "https://" + urlName(name) + ":" + r.Port + "/simple/", "-d", "pip-download"}
	switch {
	case s.Client.Verify == scenario.VerifyFalse:
		args = append(args, "--trusted-host", urlName(name)+":"+r.Port)
	default:
		args = append(args, "--cert", export.CAFile)
	}
	if cert, key := explain.CertFiles(s, ""); cert != "" {
		if key != "" {
			c, err := os.ReadFile(filepath.Join(r.Dir, cert))
			if err != nil {
				return Observed{}, err
			}
			k, err := os.ReadFile(filepath.Join(r.Dir, key))
			if err != nil {
				return Observed{}, err
			}
			cert = "pip-client.pem"
			if err := os.WriteFile(filepath.Join(r.Dir, cert), append(c, k...), 0o600); err != nil {
				return Observed{}, err
			}
		}
		args = append(args, "--client-cert", cert)
	}
	args = append(args, explain.PipPackage)
	env := []string{"PIP_CONFIG_FILE=" + os.DevNull}
	for _, e := range s.Client.Env {
		env = append(env, e.Name+"="+export.EnvDir+"/"+e.Path)
	}
	printed, err := pipRun(r.Dir, env, strings.Trim(name, "[]"), "127.0.0.1", args)
	if err != nil {
		return Observed{}, err
	}
	o := Observed{OK: true, Printed: printed}
	for _, line := range strings.Split(printed, "\n") {
		if strings.HasPrefix(line, pipFetch) {
			// The line names no exception's class: requests' is in it.
			o = Observed{Message: line, Printed: printed}
			break
		}
		// Python's warning line: "…/connection.py:463: SubjectAltNameWarning: …".
		if _, w, ok := strings.Cut(line, ": SubjectAltNameWarning: "); ok {
			o.Class, o.Message = "SubjectAltNameWarning", "SubjectAltNameWarning: "+w
		}
		if strings.HasPrefix(line, explain.PipLooking) && o.Message == "" {
			o.Message = line
		}
	}
	if o.OK && !strings.Contains(printed, "No matching distribution found for "+explain.PipPackage) {
		return Observed{}, errors.New("pip neither fetched the page nor said why: " + printed)
	}
	return o, nil
}

// urlName is the host as a URL writes it: an IPv6 address in brackets.
func urlName(dial string) string {
	if strings.Contains(dial, ":") {
		return "[" + dial + "]"
	}
	return dial
}
