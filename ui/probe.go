package ui

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/scenario"
)

// The optional "Probe a real host" panel talks to the Cloudflare Worker of
// wasm/worker, whose origin site/config.json names. Without that file the page
// has no panel and asks nothing of anyone but its own files.

// Size bounds on what the page reads from the network.
const (
	// MaxConfig bounds config.json, a few dozen bytes when it is what it should be.
	MaxConfig = 64 << 10
	// MaxProbeAnswer bounds a worker's answer: a trace is a few hundred
	// kilobytes, and the worker itself sends at most 2 MB.
	MaxProbeAnswer = 4 << 20
)

// Config is site/config.json.
type Config struct {
	// ProbeURL is the probe worker's origin ("https://tlsplay-probe.you.workers.dev");
	// empty, the page has no probe panel.
	ProbeURL string `json:"probe_url"`
}

// ParseConfig reads config.json and checks the worker's address: https (plain
// http only for a worker on this machine, as `wrangler dev` serves one), and
// an origin alone, since the worker answers at /probe of its own root.
func ParseConfig(b []byte) (Config, error) {
	var c Config
	if len(b) > MaxConfig {
		return c, fmt.Errorf("config.json is %d bytes, more than the %d it may be", len(b), MaxConfig)
	}
	// A misspelt key would otherwise silently hide the panel.
	end, err := tjson.DecodeFirst(b, &c, true)
	if err != nil {
		return Config{}, fmt.Errorf("config.json: %s", scenario.Cut(err.Error(), 200))
	}
	if len(bytes.TrimSpace(b[end:])) > 0 {
		return Config{}, errors.New("config.json: more than one JSON value")
	}
	if c.ProbeURL == "" {
		return c, nil
	}
	u, err := url.Parse(c.ProbeURL)
	name := scenario.Quote(c.ProbeURL, 80)
	switch {
	case err != nil:
		return Config{}, fmt.Errorf("config.json: probe_url %s is not a URL", name)
	case u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())):
		return Config{}, fmt.Errorf("config.json: probe_url %s must be https (plain http only on this machine)", name)
	case u.Host == "" || u.User != nil || u.Opaque != "" || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || (u.Path != "" && u.Path != "/"):
		return Config{}, fmt.Errorf("config.json: probe_url %s must be the worker's origin alone, like https://tlsplay-probe.you.workers.dev", name)
	}
	c.ProbeURL = u.Scheme + "://" + strings.ToLower(u.Host)
	return c, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// ProbeInput is what the panel's fields hold, as typed.
type ProbeInput struct {
	Host, Port, SNI string
}

// ProbeTarget is a probe the worker is asked for.
type ProbeTarget struct {
	Host string
	Port int
	SNI  string // empty: the worker sends Host
}

// defaultProbePort is the worker's default port, and the page's.
const defaultProbePort = 443

// The panel's field names, as ProbeInput.Check's problems name them.
const (
	ProbeHost = "host"
	ProbePort = "port"
	ProbeSNI  = "sni"
)

// Check reads the panel's fields into a target, or says what is wrong with each
// field: what every worker refuses (handshake.ProbeGuard, scenario.ReadPort) in
// the worker's own words, before asking one; what is not a host to begin with
// (another scheme, a user name, a path alone) in the words of every field that
// takes a host (scenario.ReadHost). A pasted URL or host:port is taken apart. Loopback addresses written canonically (127.0.0.1, ::1) are left
// to the worker: the deployed one refuses them itself, its test build probes
// local servers; every other form of them is refused here too. Which ports are
// allowed is the worker's configuration, so it is the worker's to say too.
func (in ProbeInput) Check() (ProbeTarget, []scenario.Problem) {
	var ps []scenario.Problem
	add := func(field, format string, args ...any) {
		ps = append(ps, scenario.Problem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	// As every field that takes a host reads it; a port that is not one is
	// the port's problem.
	typed, err := scenario.ReadHost(in.Host)
	bad, isHost := errors.AsType[*scenario.HostTextError](err)
	switch {
	case isHost && bad.Port:
		add(ProbePort, "%v", err)
		typed.Host = bad.Host
	case err != nil:
		add(ProbeHost, "%v", err)
	}
	t := ProbeTarget{Host: typed.Host, Port: defaultProbePort, SNI: strings.TrimSpace(in.SNI)}
	if err == nil || bad != nil && bad.Port {
		if err := hostError(t.Host); err != nil {
			add(ProbeHost, "%v", err)
		}
	}
	hostPort := ""
	if typed.Port != 0 {
		hostPort = strconv.Itoa(typed.Port)
	}
	port := strings.TrimSpace(in.Port)
	switch {
	case port != "" && hostPort != "" && port != hostPort:
		add(ProbePort, "the host says port %s, this field %s: keep one", scenario.Quote(hostPort, 20), scenario.Quote(port, 20))
	case port == "":
		port = hostPort
	}
	if port != "" {
		// As the worker reads its port parameter.
		n, err := scenario.ReadPort(port)
		if err != nil {
			add(ProbePort, "port %v", err)
		}
		t.Port = n
	}
	if t.SNI != "" {
		if _, err := (handshake.ProbeGuard{Loopback: true}).SNI(t.SNI); err != nil {
			add(ProbeSNI, "%v", err)
		}
	}
	if len(ps) > 0 {
		return ProbeTarget{}, ps
	}
	return t, nil
}

// hostError is what the worker's test build says of host: the deployed
// worker's words, loopback apart.
func hostError(host string) error {
	_, err := handshake.ProbeGuard{Loopback: true}.Host(host)
	return err
}

// URL is the worker's address for this probe: GET {worker}/probe?host=H&port=P[&sni=S],
// the query as url.Values.Encode writes it (whose sort of the keys is code
// of its own in the page's WebAssembly).
func (t ProbeTarget) URL(worker string) string {
	u := worker + "/probe?host=" + url.QueryEscape(t.Host) + "&port=" + strconv.Itoa(t.Port)
	if t.SNI != "" {
		u += "&sni=" + url.QueryEscape(t.SNI)
	}
	return u
}

// Addr is the target as host:port.
func (t ProbeTarget) Addr() string { return net.JoinHostPort(t.Host, strconv.Itoa(t.Port)) }

// Story is the story line of a probe on screen: what was done, by whom.
func (t ProbeTarget) Story(worker string) string {
	sni := ""
	if t.SNI != "" {
		sni = ", asking for " + t.SNI + ","
	}
	return "The worker at " + worker + " connected to " + t.Addr() + sni + " and ran Go's crypto/tls handshake " +
		"with verification off, so the chain is captured whatever it is; then it checked that chain for " + t.Host +
		" against Mozilla's roots, as requests with verify=True would. Downloads and share links are for stories: " +
		"the editor below still holds the one you had open."
}

// ReadProbeAnswer reads a worker's answer: its HTTP status and its body, of
// which the page read at most MaxProbeAnswer bytes (tooBig: there was more).
// A 200 is a probe's trace; anything else the worker's {"error": "..."}.
// Whatever the body holds, the result is a report that renders or an error that
// says what was wrong, never a panic.
func ReadProbeAnswer(status int, body []byte, tooBig bool) (*explain.Report, error) {
	if tooBig {
		return nil, fmt.Errorf("the worker's answer is larger than %d MB; it was not read", MaxProbeAnswer>>20)
	}
	if status != 200 {
		var e struct {
			Error string `json:"error"`
		}
		if tjson.Unmarshal(body, &e) == nil && strings.TrimSpace(e.Error) != "" {
			return nil, fmt.Errorf("the worker says: %s (HTTP %d)", scenario.Cut(e.Error, 600), status)
		}
		return nil, fmt.Errorf("the worker answered HTTP %d without saying why (no JSON error)", status)
	}
	var r explain.Report
	if err := tjson.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("the worker's answer is not a trace: %s", scenario.Cut(err.Error(), 200))
	}
	t := r.Trace
	switch {
	case t.Scenario == nil:
		return nil, errors.New("the worker's answer is not a trace: it has no scenario")
	case t.Scenario.ID != "probe":
		return nil, fmt.Errorf("the worker's answer is not a probe's trace: its scenario is %s", scenario.Quote(t.Scenario.ID, 40))
	case t.Outcome.Check < -1 || t.Outcome.Check >= len(t.Steps):
		return nil, fmt.Errorf("the worker's answer names check %d of a trace of %d steps", t.Outcome.Check, len(t.Steps))
	}
	return &r, nil
}

// Unreachable is what a probe that got no answer at all says. The browser
// does not tell a worker that is down from one that refuses this page's
// origin (its 403 carries no CORS header) or a Content-Security-Policy that
// does not allow it, so the message names all three.
func Unreachable(worker, pageOrigin string) string {
	return "The worker at " + worker + " could not be reached, or it does not allow this page: its ALLOWED_ORIGINS must list " +
		pageOrigin + ", and this page's Content-Security-Policy (connect-src) must allow " + worker + "."
}
