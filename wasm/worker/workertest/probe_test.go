//go:build workerd

package workertest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
)

func probeURL(base, host string, port int) string {
	return fmt.Sprintf("%s/probe?host=%s&port=%d", base, url.QueryEscape(host), port)
}

// serverCertificates is the chain the trace captured from the server's Certificate message.
func serverCertificates(tr *handshake.Trace) []handshake.CertSummary {
	for _, st := range tr.Steps {
		if st.Side == handshake.Server && st.Kind == handshake.KindMessage && st.Name == "Certificate" {
			return st.Certs
		}
	}
	return nil
}

func TestProbeVerdicts(t *testing.T) {
	fx, wd := start(t)
	for _, tc := range []struct {
		server string
		ok     bool
		reason handshake.Reason
		aia    bool // the worker fetched the leaf's issuer
	}{
		{"verify-true", true, handshake.OK, false},
		{"expired", false, handshake.Expired, false},
		{"missing-intermediate", false, handshake.MissingIntermediate, true},
		{"unknown-authority", false, handshake.UnknownAuthority, false},
	} {
		t.Run(tc.server, func(t *testing.T) {
			b := fx.servers[tc.server]
			hits := fx.aiaHits.Load()
			resp, body := wd.do(t, http.MethodGet, probeURL(wd.test, "127.0.0.1", b.port), "")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s\nworkerd log:\n%s", resp.StatusCode, body, wd.Log())
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			var tr handshake.Trace
			if err := json.Unmarshal(body, &tr); err != nil {
				t.Fatalf("not a trace: %v\n%.500s", err, body)
			}
			o := tr.Outcome
			if o.OK != tc.ok || o.Reason != tc.reason {
				t.Errorf("ok=%v reason=%s (%s; %s), want ok=%v reason=%s", o.OK, o.Reason, o.ClientError, o.Detail, tc.ok, tc.reason)
			}
			got := serverCertificates(&tr)
			if len(got) != len(b.chain) {
				t.Fatalf("captured %d certificates, the server sent %d", len(got), len(b.chain))
			}
			for i, c := range b.chain {
				if sum := sha256.Sum256(c.Raw); got[i].SHA256 != hex.EncodeToString(sum[:]) {
					t.Errorf("certificate %d: captured %s (%s), sent %s", i, got[i].Subject, got[i].SHA256, c.Subject)
				}
			}
			if fetched := fx.aiaHits.Load() > hits; fetched != tc.aia {
				t.Errorf("issuer fetched from the AIA URL: %v, want %v", fetched, tc.aia)
			}
			checkExplained(t, body, &tr)
			// Verification is off during the handshake, so every bank answers the HEAD.
			if !strings.HasPrefix(o.Response, "HTTP/1.1 200") {
				t.Errorf("response %q, want the bank's 200", o.Response)
			}
		})
	}
}

// checkExplained asserts that the worker's answer carries the explanation and the
// client verdicts that the explain package gives natively for the same trace.
func checkExplained(t *testing.T, body []byte, tr *handshake.Trace) {
	t.Helper()
	var got struct {
		Outcome struct {
			Explain json.RawMessage `json:"explain"`
			Clients json.RawMessage `json:"clients"`
		} `json:"outcome"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		got  json.RawMessage
		want any
	}{
		{"explain", got.Outcome.Explain, explain.Explain(tr)},
		{"clients", got.Outcome.Clients, explain.Clients(tr)},
	} {
		// Compared as JSON values: the worker does not escape < and > as \u003c.
		var gotV, wantV any
		want, err := json.Marshal(c.want)
		if err == nil {
			err = json.Unmarshal(want, &wantV)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(c.got, &gotV); err != nil || !reflect.DeepEqual(gotV, wantV) {
			t.Errorf("outcome.%s:\n got %.400s\nwant %.400s", c.name, c.got, want)
		}
	}
}

// wantError asserts a JSON refusal with the given status.
func wantError(t *testing.T, resp *http.Response, body []byte, status int, contains string) {
	t.Helper()
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
		t.Fatalf("status %d, body %.300q: not a JSON error", resp.StatusCode, body)
	}
	if resp.StatusCode != status || !strings.Contains(e.Error, contains) {
		t.Errorf("status %d %q, want %d and an error containing %q", resp.StatusCode, e.Error, status, contains)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
}

func TestRefusals(t *testing.T) {
	fx, wd := start(t)
	good := fx.servers["verify-true"].port
	for _, tc := range []struct {
		name     string
		method   string
		url      string
		status   int
		contains string
	}{
		{"port not allowed", http.MethodGet, probeURL(wd.test, "127.0.0.1", 22), http.StatusForbidden, "port 22 is not allowed"},
		{"port not a number", http.MethodGet, wd.test + "/probe?host=127.0.0.1&port=https", http.StatusBadRequest, "not a port number"},
		// Digits alone, as the page's fields read a port (scenario.ReadPort).
		{"port with a sign", http.MethodGet, fmt.Sprintf("%s/probe?host=127.0.0.1&port=%%2B%d", wd.test, good), http.StatusBadRequest, "not a port number: a port is 1 to 65535"},
		// The production build is given the test vars too, and ignores them.
		{"loopback in production", http.MethodGet, probeURL(wd.prod, "127.0.0.1", good), http.StatusForbidden, "not a public IP"},
		{"private IP", http.MethodGet, probeURL(wd.test, "10.0.0.1", good), http.StatusForbidden, "not a public IP"},
		{"local name", http.MethodGet, probeURL(wd.test, "printer.local", good), http.StatusForbidden, "not a public DNS name"},
		{"no host", http.MethodGet, wd.test + "/probe", http.StatusBadRequest, "no host"},
		{"bad sni", http.MethodGet, probeURL(wd.test, "127.0.0.1", good) + "&sni=a%20b", http.StatusBadRequest, "sni"},
		// SNI carries no final dot (Go's crypto/tls leaves it out): the dot
		// s_client and Node send is asked of a host dialled with it.
		{"sni with its final dot", http.MethodGet, probeURL(wd.test, "127.0.0.1", good) + "&sni=bank.example.com.", http.StatusBadRequest, "ends in a dot"},
		{"sni an IP address", http.MethodGet, probeURL(wd.test, "127.0.0.1", good) + "&sni=127.0.0.1", http.StatusBadRequest, "is an IP address, which SNI never carries"},
		{"sni with its final dot in production", http.MethodGet, probeURL(wd.prod, publicName, good) + "&sni=" + publicName + ".", http.StatusBadRequest, "ends in a dot"},
		{"method", http.MethodPost, probeURL(wd.test, "127.0.0.1", good), http.StatusMethodNotAllowed, "POST"},
		{"unknown path", http.MethodGet, wd.test + "/admin", http.StatusNotFound, "/admin"},
		{"nothing listens", http.MethodGet, probeURL(wd.test, "127.0.0.1", fx.closedPort), http.StatusBadGateway, "did not answer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := wd.do(t, tc.method, tc.url, "")
			wantError(t, resp, body, tc.status, tc.contains)
		})
	}
}

func TestSilentServerTimesOut(t *testing.T) {
	fx, wd := start(t)
	begin := time.Now()
	resp, body := wd.do(t, http.MethodGet, probeURL(wd.test, "127.0.0.1", fx.silentPort), "")
	elapsed := time.Since(begin)
	wantError(t, resp, body, http.StatusGatewayTimeout, "did not answer within "+probeTimeout.String())
	// Not a speed assertion: a generous ceiling showing that the bound cuts the
	// wait short (the silent server would hold the connection for ever).
	if limit := probeTimeout + 20*time.Second; elapsed > limit {
		t.Errorf("the refusal took %s, more than %s", elapsed, limit)
	}
}

func TestCORS(t *testing.T) {
	fx, wd := start(t)
	u := probeURL(wd.test, "127.0.0.1", fx.servers["verify-true"].port)

	resp, body := wd.do(t, http.MethodGet, u, testOrigin)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("allowed origin: status %d: %.300s", resp.StatusCode, body)
	}
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != testOrigin {
		t.Errorf("allowed origin: Access-Control-Allow-Origin %q, want %q", got, testOrigin)
	}
	if got := resp.Header.Get("Vary"); got != "Origin" {
		t.Errorf("Vary %q, want Origin", got)
	}

	resp, _ = wd.do(t, http.MethodOptions, u, testOrigin)
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != testOrigin ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight: status %d, headers %v", resp.StatusCode, resp.Header)
	}

	for _, method := range []string{http.MethodGet, http.MethodOptions} {
		resp, body = wd.do(t, method, u, "https://evil.example")
		wantError(t, resp, body, http.StatusForbidden, "origin https://evil.example is not allowed")
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s from a disallowed origin: Access-Control-Allow-Origin %q", method, got)
		}
	}
}

// Both builds refuse every other form of a loopback or special address, and
// the names that resolve to one by design, before connecting: the tests'
// internet would carry any connection to the bank, which sees none. The
// deployed build refuses canonical loopback too; the probes each build admits
// show that a connection would have been seen.
func TestNumericFormsRefused(t *testing.T) {
	fx, wd := start(t)
	b := fx.servers["verify-true"]
	for _, tc := range []struct {
		host     string
		says     string
		testOnly bool // the test build admits it (its servers are on loopback)
	}{
		{"127.0.0.1", "not a public IP address", true},
		{"[::1]", "the loopback address", true},
		{"127.1", `browsers read "127.1" as 127.0.0.1, which is not a public IP address`, false},
		{"0x7f.0.0.1", `browsers read "0x7f.0.0.1" as 127.0.0.1`, false},
		{"0177.0.0.1", `browsers read "0177.0.0.1" as 127.0.0.1`, false},
		{"0.0", `browsers read "0.0" as 0.0.0.0`, false},
		{"127.000.000.001", "as 127.0.0.1", false},
		{"2130706433", "as 127.0.0.1", false},
		{"0x7f000001", "as 127.0.0.1", false},
		{"127.0.0.1.", "as 127.0.0.1", false},
		{"127%2E0%2E0%2E1", "as 127.0.0.1", false},
		{"１２７.０.０.１", "as 127.0.0.1", false},
		{"::127.0.0.1", "IPv4-compatible", false},
		{"[::ffff:127.0.0.1]", "IPv4-mapped", false},
		{"64:ff9b::7f00:1", "NAT64", false},
		{"2002:7f00:1::", "6to4", false},
		{"0:0:0:0:0:0:0:1", "is ::1", false},
		{"127.0.0.1.nip.io", "nip.io", false},
		{"10-0-0-1.sslip.io", "sslip.io", false},
		{"localhost", "localhost names this machine", false},
		{"LOCALHOST.", "localhost names this machine", false},
		{"app.localtest.me", "localtest.me", false},
		{"100.64.0.1", "carrier-grade NAT", false},
		{"0.1.2.3", "0.0.0.0/8", false},
		{"198.18.0.1", "benchmarking", false},
		{"240.0.0.1", "reserved", false},
	} {
		for _, w := range []struct{ name, url string }{{"prod", wd.prod}, {"test", wd.test}} {
			if w.name == "test" && tc.testOnly {
				continue
			}
			t.Run(w.name+"/"+tc.host, func(t *testing.T) {
				before := b.conns.Load()
				resp, body := wd.do(t, http.MethodGet, probeURL(w.url, tc.host, b.port), "")
				if n := b.conns.Load() - before; n != 0 {
					t.Errorf("the bank on 127.0.0.1 saw %d connections", n)
				}
				wantError(t, resp, body, http.StatusForbidden, tc.says)
			})
		}
	}
	for _, w := range []struct{ name, url, host string }{{"prod", wd.prod, publicName}, {"test", wd.test, "127.0.0.1"}} {
		before := b.conns.Load()
		resp, body := wd.do(t, http.MethodGet, probeURL(w.url, w.host, b.port), "")
		if resp.StatusCode != http.StatusOK || b.conns.Load() == before {
			t.Errorf("%s build, %s: status %d, %d connections seen: %.300s", w.name, w.host, resp.StatusCode, b.conns.Load()-before, body)
		}
	}
}

// A leaf's caIssuers URL goes through the same guard: a server whose chain
// ends at an unknown issuer cannot make either build fetch another form of a
// loopback or special address (the tests' internet would carry the fetch to
// the issuer server, which sees none), nor the deployed build fetch loopback.
func TestIssuerURLsRefused(t *testing.T) {
	fx, wd := start(t)
	for _, u := range issuerURLs {
		b := fx.issuerServers[u.url]
		for _, w := range []struct {
			name, url, host string
			fetches         bool
		}{{"prod", wd.prod, publicName, u.prod}, {"test", wd.test, "127.0.0.1", u.test}} {
			t.Run(w.name+"/"+u.url, func(t *testing.T) {
				hits := fx.aiaHits.Load()
				resp, body := wd.do(t, http.MethodGet, probeURL(w.url, w.host, b.port), "")
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("status %d: %.300s", resp.StatusCode, body)
				}
				var tr handshake.Trace
				if err := json.Unmarshal(body, &tr); err != nil {
					t.Fatal(err)
				}
				// The deployed build trusts no test root: its verdict is the unknown authority either way.
				want := handshake.UnknownAuthority
				if w.name == "test" && w.fetches {
					want = handshake.MissingIntermediate
				}
				if fetched := fx.aiaHits.Load() - hits; (fetched > 0) != w.fetches || tr.Outcome.Reason != want {
					t.Errorf("%d fetches (want any: %v), reason %s (want %s)", fetched, w.fetches, tr.Outcome.Reason, want)
				}
			})
		}
	}
}

// A host named with its trailing dot is dialled so (the trace's Client.Dial
// keeps the dot) and asked once more with the dot in SNI, as s_client and Node
// send it: the story's bank, Go's crypto/tls, refuses that hello.
func TestDottedHostAskedAgain(t *testing.T) {
	fx, wd := start(t)
	b := fx.servers["verify-true"]
	for _, w := range []struct{ name, url, host string }{{"prod", wd.prod, publicName + "."}, {"test", wd.test, "bank.example.com."}} {
		t.Run(w.name, func(t *testing.T) {
			resp, body := wd.do(t, http.MethodGet, probeURL(w.url, w.host, b.port), "")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %.300s\nworkerd log:\n%s", resp.StatusCode, body, wd.Log())
			}
			var tr handshake.Trace
			if err := json.Unmarshal(body, &tr); err != nil {
				t.Fatal(err)
			}
			if tr.Scenario.Client.Dial != w.host {
				t.Errorf("dialled %q, want %q", tr.Scenario.Client.Dial, w.host)
			}
			if tr.DottedSNI != "decode_error" {
				t.Errorf("the dotted hello answered %q, want decode_error", tr.DottedSNI)
			}
			checkExplained(t, body, &tr)
		})
	}
}
