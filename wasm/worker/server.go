//go:build js && wasm

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tlsplay/tlsplay/scenario"
)

// maxResponseBytes caps an answer: a trace with a server's whole chain, every
// field and the key log is a few hundred kilobytes at most for a sane server.
const maxResponseBytes = 2 << 20

// server answers GET /probe.
type server struct {
	cfg    *config
	cfgErr error // a var the worker cannot use: every request is refused with it
}

// refusal is an answer other than a trace: its status and the one sentence of
// the JSON error.
type refusal struct {
	status int
	msg    string
}

func (r *refusal) Error() string { return r.msg }

func refuse(status int, format string, args ...any) *refusal {
	return &refusal{status, fmt.Sprintf(format, args...)}
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Origin")
	if s.cfgErr != nil {
		writeError(w, refuse(http.StatusInternalServerError, "worker misconfigured: %v", s.cfgErr))
		return
	}
	// A page of another origin is refused outright, rather than answered for the
	// browser to hide: a probe costs a connection to someone else's server.
	if origin := r.Header.Get("Origin"); origin != "" {
		if !slices.Contains(s.cfg.origins, origin) {
			writeError(w, refuse(http.StatusForbidden, "origin %s is not allowed", origin))
			return
		}
		h.Set("Access-Control-Allow-Origin", origin)
	}
	if r.URL.Path != "/probe" {
		writeError(w, refuse(http.StatusNotFound, "no such path %s: use GET /probe?host=H[&port=P][&sni=S]", r.URL.Path))
		return
	}
	switch r.Method {
	case http.MethodGet:
	case http.MethodOptions: // a CORS preflight
		h.Set("Access-Control-Allow-Methods", "GET")
		h.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		h.Set("Allow", "GET, OPTIONS")
		writeError(w, refuse(http.StatusMethodNotAllowed, "method %s is not allowed: use GET", r.Method))
		return
	}
	t, err := s.cfg.target(r.URL.Query())
	if err != nil {
		writeError(w, err)
		return
	}
	rep, err := s.probe(r.Context(), t)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rep) // outcome.explain and outcome.clients, as the CLI's --json has them
}

// target is what to probe: where to connect, the name to verify, the SNI to send.
type target struct {
	host, sni string
	port      int
}

// addr is where to connect: the host without the final dot it may be dialled with.
func (t target) addr() string {
	return net.JoinHostPort(strings.TrimSuffix(t.host, "."), strconv.Itoa(t.port))
}

// target reads and checks the query of a probe.
func (c *config) target(q url.Values) (target, error) {
	t := target{host: q.Get("host"), sni: q.Get("sni"), port: 443}
	if t.host == "" {
		return t, refuse(http.StatusBadRequest, "no host given: use GET /probe?host=H[&port=P][&sni=S]")
	}
	host, err := c.guard.Dialled(t.host)
	if err != nil {
		return t, refuse(http.StatusForbidden, "host refused: %v", err)
	}
	// As checked: a name in lower case, with the final dot it was dialled
	// with (so flow asks the host once more with the dot in SNI), an address
	// in canonical form.
	t.host = host
	if p := q.Get("port"); p != "" {
		n, err := scenario.ReadPort(p)
		if err != nil {
			return t, refuse(http.StatusBadRequest, "port %v", err)
		}
		t.port = n
	}
	if err := c.portError(t.port); err != nil {
		return t, refuse(http.StatusForbidden, "%v", err)
	}
	// The SNI only names what to ask for, never where to go, but it must be a
	// name, and one SNI can carry: without a final dot.
	if t.sni != "" {
		if _, err := c.guard.SNI(t.sni); err != nil {
			return t, refuse(http.StatusBadRequest, "sni refused: %v", err)
		}
	}
	return t, nil
}

func writeError(w http.ResponseWriter, err error) {
	var r *refusal
	if !errors.As(err, &r) {
		r = &refusal{http.StatusInternalServerError, err.Error()}
	}
	writeJSON(w, r.status, map[string]string{"error": r.msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the answer is data, never pasted into HTML: keep & and < readable
	if err := enc.Encode(v); err != nil {
		writeError(w, err)
		return
	}
	if buf.Len() > maxResponseBytes {
		writeError(w, refuse(http.StatusBadGateway, "the answer is %d bytes, more than the %d this worker returns", buf.Len(), maxResponseBytes))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
