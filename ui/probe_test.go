package ui

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

func TestParseConfig(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{`{"probe_url": "https://tlsplay-probe.you.workers.dev"}`, "https://tlsplay-probe.you.workers.dev", ""},
		{`{"probe_url": "https://Probe.Example.COM:8443/"}`, "https://probe.example.com:8443", ""},
		{`{"probe_url": "http://localhost:8787"}`, "http://localhost:8787", ""},
		{`{"probe_url": "http://127.0.0.1:8787"}`, "http://127.0.0.1:8787", ""},
		{`{"probe_url": "http://[::1]:8787"}`, "http://[::1]:8787", ""},
		{`{"probe_url": ""}`, "", ""},
		{`{}`, "", ""},
		{`null`, "", ""},
		{`{"probe_url": "http://probe.example.com"}`, "", "must be https"},
		{`{"probe_url": "javascript:alert(1)"}`, "", "must be https"},
		{`{"probe_url": "//probe.example.com"}`, "", "must be https"},
		{`{"probe_url": "https://probe.example.com/probe"}`, "", "origin alone"},
		{`{"probe_url": "https://probe.example.com?x=1"}`, "", "origin alone"},
		{`{"probe_url": "https://probe.example.com#x"}`, "", "origin alone"},
		{`{"probe_url": "https://user@probe.example.com"}`, "", "origin alone"},
		{`{"probe_url": "https:probe.example.com"}`, "", "origin alone"},
		{`{"probe_url": "https://probe.example.com:http"}`, "", "not a URL"},
		{`{"probe_uri": "https://probe.example.com"}`, "", `unknown field "probe_uri"`},
		{`{"probe_url": 1}`, "", "config.json"},
		{`<!doctype html><title>Not found</title>`, "", "config.json"},
		{`{"probe_url": "https://a.example"} {}`, "", "more than one"},
		{`{"probe_url": "https://a.example"}` + strings.Repeat(" ", MaxConfig), "", "more than"},
	} {
		c, err := ParseConfig([]byte(tc.in))
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%.60s: %v", tc.in, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%.60s: error %v, want one saying %q", tc.in, err, tc.err)
		case c.ProbeURL != tc.want:
			t.Errorf("%.60s: probe_url %q, want %q", tc.in, c.ProbeURL, tc.want)
		}
	}
}

func TestProbeInputCheck(t *testing.T) {
	for _, tc := range []struct {
		in    ProbeInput
		want  ProbeTarget
		field string // the field with a problem, "" for none
		msg   string
	}{
		{ProbeInput{Host: "example.com"}, ProbeTarget{Host: "example.com", Port: 443}, "", ""},
		{ProbeInput{Host: "  example.com  ", Port: " 8443 ", SNI: " www.example.com "}, ProbeTarget{"example.com", 8443, "www.example.com"}, "", ""},
		{ProbeInput{Host: "https://example.com:8443/login?next=/"}, ProbeTarget{Host: "example.com", Port: 8443}, "", ""},
		{ProbeInput{Host: "https://example.com/"}, ProbeTarget{Host: "example.com", Port: 443}, "", ""},
		{ProbeInput{Host: "example.com/path"}, ProbeTarget{Host: "example.com", Port: 443}, "", ""},
		{ProbeInput{Host: "example.com:8443", Port: "8443"}, ProbeTarget{Host: "example.com", Port: 8443}, "", ""},
		{ProbeInput{Host: "[2606:4700::1]:8443"}, ProbeTarget{Host: "2606:4700::1", Port: 8443}, "", ""},
		{ProbeInput{Host: "2606:4700::1"}, ProbeTarget{Host: "2606:4700::1", Port: 443}, "", ""},
		{ProbeInput{Host: "93.184.215.14"}, ProbeTarget{Host: "93.184.215.14", Port: 443}, "", ""},
		// Loopback is the worker's to refuse (its test build probes local servers).
		{ProbeInput{Host: "127.0.0.1", Port: "44300"}, ProbeTarget{Host: "127.0.0.1", Port: 44300}, "", ""},
		{ProbeInput{Host: "[::1]"}, ProbeTarget{Host: "::1", Port: 443}, "", ""},

		{ProbeInput{}, ProbeTarget{}, ProbeHost, "no host given"},
		{ProbeInput{Host: "exa mple.com"}, ProbeTarget{}, ProbeHost, `"exa mple.com" is not a valid DNS name`},
		{ProbeInput{Host: "<img src=x onerror=alert(1)>.com"}, ProbeTarget{}, ProbeHost, "is not a valid DNS name"},
		{ProbeInput{Host: "bücher.de"}, ProbeTarget{}, ProbeHost, "xn--"},
		{ProbeInput{Host: "printer.local"}, ProbeTarget{}, ProbeHost, `"printer.local" is not a public DNS name`},
		{ProbeInput{Host: "intranet"}, ProbeTarget{}, ProbeHost, "is not a public DNS name"},
		{ProbeInput{Host: "10.0.0.1"}, ProbeTarget{}, ProbeHost, "10.0.0.1 is not a public IP address"},
		// Other forms of loopback are refused here, whatever the worker.
		{ProbeInput{Host: "127.1", Port: "44300"}, ProbeTarget{}, ProbeHost, `browsers read "127.1" as 127.0.0.1, which is not a public IP address`},
		{ProbeInput{Host: "https://0x7f.0.0.1:8443/internal-admin"}, ProbeTarget{}, ProbeHost, `browsers read "0x7f.0.0.1" as 127.0.0.1`},
		// A host field reads a host as the editor's dial and the chain's host do
		// (scenario.ReadHost): an https:// URL's host and port, nothing else.
		{ProbeInput{Host: "http://example.com/"}, ProbeTarget{}, ProbeHost, "http:// uses no TLS at all"},
		{ProbeInput{Host: "ftp://example.com/"}, ProbeTarget{}, ProbeHost, `"ftp://" is not https://`},
		{ProbeInput{Host: "https://user:pw@example.com/"}, ProbeTarget{}, ProbeHost, "user name or password"},
		{ProbeInput{Host: "/v1/x"}, ProbeTarget{}, ProbeHost, `"/v1/x" has no host`},
		{ProbeInput{Host: "example.com:"}, ProbeTarget{}, ProbePort, "gives no port"},
		{ProbeInput{Host: "[::ffff:127.0.0.1]:443"}, ProbeTarget{}, ProbeHost, "IPv4-mapped"},
		{ProbeInput{Host: "127.0.0.1.nip.io"}, ProbeTarget{}, ProbeHost, "nip.io"},
		{ProbeInput{Host: "LOCALHOST."}, ProbeTarget{}, ProbeHost, "localhost names this machine"},
		{ProbeInput{Host: "169.254.169.254"}, ProbeTarget{}, ProbeHost, "is not a public IP address"},
		{ProbeInput{Host: strings.Repeat("a.", 1<<20) + "com"}, ProbeTarget{}, ProbeHost, "too long for a host name"},
		{ProbeInput{Host: "example.com", Port: "https"}, ProbeTarget{}, ProbePort, `port "https" is not a port number`},
		{ProbeInput{Host: "example.com", Port: "0"}, ProbeTarget{}, ProbePort, "is not a port number: a port is 1 to 65535 (without one, 443)"},
		{ProbeInput{Host: "example.com", Port: "65536"}, ProbeTarget{}, ProbePort, "is not a port number"},
		{ProbeInput{Host: "example.com:abc"}, ProbeTarget{}, ProbePort, `"abc" is not a port number`},
		// A port is digits alone, as in a URL and the worker (scenario.ReadPort).
		{ProbeInput{Host: "example.com", Port: "+443"}, ProbeTarget{}, ProbePort, `port "+443" is not a port number`},
		{ProbeInput{Host: "example.com:+443"}, ProbeTarget{}, ProbePort, `"+443" is not a port number`},
		{ProbeInput{Host: "example.com:8443", Port: "443"}, ProbeTarget{}, ProbePort, "keep one"},
		{ProbeInput{Host: "example.com", SNI: "a b.example.com"}, ProbeTarget{}, ProbeSNI, "is not a valid DNS name"},
		{ProbeInput{Host: "example.com", SNI: "db.internal"}, ProbeTarget{}, ProbeSNI, "is not a public DNS name"},
		// The worker's refusal of an SNI with its final dot, in its words.
		{ProbeInput{Host: "example.com", SNI: "www.example.com."}, ProbeTarget{}, ProbeSNI, "ends in a dot"},
		{ProbeInput{Host: "1.1.1.1", SNI: "1.1.1.1"}, ProbeTarget{}, ProbeSNI, `"1.1.1.1" ` + scenario.SNIAddressWords},
	} {
		got, ps := tc.in.Check()
		if tc.field == "" {
			if len(ps) > 0 || got != tc.want {
				t.Errorf("%+v: %+v %v, want %+v", tc.in, got, ps, tc.want)
			}
			continue
		}
		if len(ps) != 1 || ps[0].Field != tc.field || !strings.Contains(ps[0].Message, tc.msg) || got != (ProbeTarget{}) {
			t.Errorf("%.80s: %+v %v, want one problem at %s saying %q", tc.in, got, ps, tc.field, tc.msg)
		}
		if n := len(ps[0].Message); n > 300 {
			t.Errorf("%.80s: a message of %d bytes", tc.in, n)
		}
	}
}

// The page refuses a host exactly when the deployed worker does, loopback
// apart: the same check, in the same words (an overlong name clipped).
func TestProbeHostMirrorsWorker(t *testing.T) {
	for _, host := range []string{"example.com", "www.example.co.uk.", "xn--bcher-kva.de", "1.1.1.1", "2606:4700::1111",
		"printer.local", "a.test", "localhost", "example", "10.1.2.3", "192.168.0.1", "fc00::1", "fe80::1", "0.0.0.0",
		"127.1", "0x7f000001", "100.64.0.1", "64:ff9b::7f00:1", "127.0.0.1.nip.io", "bücher.de", "１２７.０.０.１",
		"a_b.example.com", "-.example.com", strings.Repeat("a", 64) + ".com", strings.Repeat("a.", 126) + "com", ""} {
		_, ps := ProbeInput{Host: host}.Check()
		worker := handshake.ProbeHostError(host)
		if (len(ps) > 0) != (worker != nil) {
			t.Errorf("%.40q: the page says %v, the worker %v", host, ps, worker)
		} else if worker != nil && ps[0].Message != worker.Error() {
			t.Errorf("%.40q: the page says %q, the worker %q", host, ps[0].Message, worker)
		}
	}
}

func TestProbeURL(t *testing.T) {
	for _, tg := range []ProbeTarget{
		{Host: "example.com", Port: 443},
		{Host: "2606:4700::1", Port: 8443, SNI: "www.example.com"},
		{Host: "127.0.0.1", Port: 44300},
		{Host: "bücher.de", Port: 443, SNI: "a&b=c d+e"},
	} {
		raw := tg.URL("https://tlsplay-probe.you.workers.dev")
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		// What the worker reads back is what was asked for.
		q := u.Query()
		back := ProbeTarget{Host: q.Get("host"), SNI: q.Get("sni")}
		back.Port, _ = strconv.Atoi(q.Get("port"))
		if u.Scheme != "https" || u.Host != "tlsplay-probe.you.workers.dev" || u.Path != "/probe" || back != tg {
			t.Errorf("%+v: %s reads back as %+v", tg, raw, back)
		}
		if _, hasSNI := q["sni"]; hasSNI != (tg.SNI != "") {
			t.Errorf("%s: sni given %v", raw, hasSNI)
		}
		if strings.ContainsAny(u.RawQuery, ":[]") {
			t.Errorf("%s: unescaped query", raw)
		}
		want := url.Values{"host": {tg.Host}, "port": {strconv.Itoa(tg.Port)}}
		if tg.SNI != "" {
			want.Set("sni", tg.SNI)
		}
		if u.RawQuery != want.Encode() {
			t.Errorf("%s: the query is not url.Values.Encode's %s", raw, want.Encode())
		}
	}
	if got := (ProbeTarget{Host: "2606:4700::1", Port: 443}).Addr(); got != "[2606:4700::1]:443" {
		t.Errorf("Addr %s", got)
	}
}

// probeStory serves a preset's bank on 127.0.0.1 with real crypto/tls and probes
// it with the worker's engine, handshake.Probe, trusting the story's root: the
// trace a worker would answer, and the chain it served.
func probeStory(t *testing.T, id string) ([]byte, *handshake.Material) {
	t.Helper()
	m, err := handshake.NewMaterial(scenario.Lookup(id).At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{m.ServerCertificate()}})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tr, err := handshake.Probe(context.Background(), conn, handshake.ProbeOptions{Host: m.Scenario.Client.Dial,
		Port: ln.Addr().(*net.TCPAddr).Port, Now: m.Scenario.Now, ExtraRoots: m.Trusted, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(explain.NewReport(tr))
	if err != nil {
		t.Fatal(err)
	}
	return b, m
}

func TestReadProbeAnswer(t *testing.T) {
	for _, tc := range []struct{ id, reason string }{{"verify-true", "ok"}, {"expired", "expired"}} {
		body, m := probeStory(t, tc.id)
		r, err := ReadProbeAnswer(http.StatusOK, body, false)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		v, tr := VerdictOf(r), r.Trace
		if v.Reason != tc.reason || len(v.Clients) == 0 || v.Explain == nil {
			t.Errorf("%s: reason %s, %d clients, explained %v; want %s", tc.id, v.Reason, len(v.Clients), v.Explain != nil, tc.reason)
		}
		var chain []handshake.CertSummary
		for _, st := range tr.Steps {
			if st.Side == handshake.Server && st.IsMessage(wire.TypeCertificate) {
				chain = st.Certs
			}
		}
		if len(chain) != len(m.Sent) {
			t.Fatalf("%s: %d certificates read, %d served", tc.id, len(chain), len(m.Sent))
		}
		for i, c := range m.Sent {
			if sum := sha256.Sum256(c.Raw); chain[i].SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("%s: certificate %d is %s, served %s", tc.id, i, chain[i].Subject, c.Subject)
			}
		}
		if len(Timeline(tr)) == 0 {
			t.Errorf("%s: nothing to animate", tc.id)
		}
	}

	good, _ := probeStory(t, "verify-true")
	var far map[string]any
	if err := json.Unmarshal(good, &far); err != nil {
		t.Fatal(err)
	}
	far["outcome"].(map[string]any)["check"] = 9999
	farCheck, _ := json.Marshal(far)
	story, err := handshake.Run(context.Background(), scenario.Lookup("expired").At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	storyTrace, _ := json.Marshal(story)

	for _, tc := range []struct {
		name   string
		status int
		body   string
		tooBig bool
		want   string
	}{
		{"refusal", 403, `{"error": "port 22 is not allowed (allowed: 443, 8443)"}`, false, "the worker says: port 22 is not allowed (allowed: 443, 8443) (HTTP 403)"},
		{"timeout", 504, `{"error":"example.com:443 did not answer within 8s"}` + "\n", false, "did not answer within 8s (HTTP 504)"},
		{"html error page", 502, `<html><body><h1>Bad gateway</h1></body></html>`, false, "HTTP 502 without saying why"},
		{"empty error", 500, `{"error": " "}`, false, "HTTP 500 without saying why"},
		{"not JSON", 200, `<!doctype html><p>hello`, false, "not a trace"},
		{"cut short", 200, string(good[:len(good)/2]), false, "not a trace"},
		{"no scenario", 200, `{"steps": [], "outcome": {"ok": true, "reason": "ok", "stage": "none", "check": -1}}`, false, "no scenario"},
		{"a story's trace", 200, string(storyTrace), false, `its scenario is "expired"`},
		{"check out of range", 200, string(farCheck), false, "names check 9999"},
		{"unknown reason", 200, strings.Replace(string(good), `"reason":"ok"`, `"reason":"<b>"`, 1), false, "not a trace"},
		{"too big", 200, "", true, "larger than 4 MB"},
	} {
		tr, err := ReadProbeAnswer(tc.status, []byte(tc.body), tc.tooBig)
		if tr != nil || err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, %v; want an error saying %q", tc.name, tr != nil, err, tc.want)
		}
	}

	long := `{"error": "` + strings.Repeat("é", 100_000) + `"}`
	if _, err := ReadProbeAnswer(400, []byte(long), false); err == nil || len([]rune(err.Error())) > 700 {
		t.Errorf("a long refusal gives %d characters", len([]rune(err.Error())))
	}
}
