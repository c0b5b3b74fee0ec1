package handshake

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/scenario"
)

// serveScenario serves the bank of a preset on 127.0.0.1 with real crypto/tls and
// net/http, and returns its address and the scenario's public root.
func serveScenario(t *testing.T, id string) (addr string, m *Material) {
	t.Helper()
	m, err := NewMaterial(scenario.Lookup(id).At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{m.ServerCertificate()}})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) })}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), m
}

func TestProbe(t *testing.T) {
	for _, tc := range []struct {
		id     string
		ok     bool
		reason Reason
	}{
		{"verify-true", true, OK},
		{"expired", false, Expired},
		{"missing-intermediate", false, MissingIntermediate},
		{"hostname-mismatch", false, HostnameMismatch},
	} {
		t.Run(tc.id, func(t *testing.T) {
			addr, m := serveScenario(t, tc.id)
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			tr, err := Probe(context.Background(), conn, ProbeOptions{Host: m.Scenario.Client.Dial, Now: m.Scenario.Now,
				ExtraRoots: m.Trusted, Intermediates: []*x509.Certificate{m.Set.Get(scenario.Intermediate).Cert}, Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			o := tr.Outcome
			if o.OK != tc.ok || o.Reason != tc.reason {
				t.Fatalf("got ok=%v reason=%s (%s; %s), want ok=%v reason=%s", o.OK, o.Reason, o.ClientError, o.Detail, tc.ok, tc.reason)
			}
			var certs int
			for _, st := range tr.Steps {
				if st.IsMessage(wire.TypeCertificate) && st.Side == Server {
					certs = len(st.Certs)
					if !st.Encrypted {
						t.Errorf("TLS 1.3 Certificate not decrypted")
					}
				}
			}
			if certs != len(m.Sent) {
				t.Errorf("captured %d certificates, the server sent %d", certs, len(m.Sent))
			}
			if tc.ok && !strings.HasPrefix(o.Response, "HTTP/1.1 200") {
				t.Errorf("response %q", o.Response)
			}
		})
	}
}

// A real host that demands a badge refuses the probe (which has none) in its
// alert; one that hangs up mid-handshake leaves Go's EOF on record.
func TestProbeRefusals(t *testing.T) {
	m, err := NewMaterial(scenario.Lookup("verify-true").At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	demanding := testtool.Serve(t, tls.NewListener(testtool.Listen(t), &tls.Config{Certificates: []tls.Certificate{m.ServerCertificate()},
		ClientAuth: tls.RequireAnyClientCert}), func(c net.Conn) { c.(*tls.Conn).Handshake(); c.Close() })
	hangup := testtool.Serve(t, testtool.Listen(t), func(c net.Conn) {
		c.Read(make([]byte, 4096)) // the ClientHello, unanswered
		c.Close()
	})
	for _, tc := range []struct {
		name   string
		addr   string
		reason Reason
		side   Side
		stage  Stage
		client string
	}{
		{"badge demanded", demanding, ClientCertMissing, Server, StageFirstRead, "certificate required"},
		{"hang-up", hangup, HandshakeFailure, Client, StageHandshake, "EOF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", tc.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			tr, err := Probe(context.Background(), conn, ProbeOptions{Host: ServerHostForTest, Port: 443, Now: m.Scenario.Now,
				ExtraRoots: m.Trusted, Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			o := tr.Outcome
			if o.OK || o.Reason != tc.reason || o.Side == nil || *o.Side != tc.side || o.Stage != tc.stage ||
				!strings.Contains(o.ClientError, tc.client) || o.Detail == "" {
				t.Fatalf("got ok=%v reason=%s side=%v stage=%s client=%q detail=%q", o.OK, o.Reason, o.Side, o.Stage, o.ClientError, o.Detail)
			}
			if tr.Target != ServerHostForTest+":443" {
				t.Errorf("target = %q", tr.Target)
			}
			for _, st := range tr.Steps {
				if st.Kind == KindCheck && st.Side == Server {
					t.Errorf("a probe invented the server's check %q", st.Name)
				}
			}
		})
	}
}

// ServerHostForTest is the name the probes ask for.
const ServerHostForTest = scenario.ServerHost
