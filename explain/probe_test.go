package explain

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/scenario"
)

// serveMaterial serves the material's bank on 127.0.0.1 with real crypto/tls and
// net/http, configured as its story has it (versions, groups, suites, ALPN,
// client certificates), and returns its address.
func serveMaterial(t *testing.T, m *handshake.Material) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(handshake.Vault)) }),
		ErrorLog: log.New(io.Discard, "", 0)} // refusing a badge-less probe is the point, not news
	go srv.Serve(tls.NewListener(ln, m.ServerConfig()))
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// probe dials addr and probes it as a real host named as the scenario's courier
// dials, trusting what the courier trusts and knowing the story's intermediate
// (as a prober would from the leaf's AIA URL).
func probe(t *testing.T, addr string, m *handshake.Material) *handshake.Trace {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	s := m.Scenario
	opt := handshake.ProbeOptions{Host: s.Client.Dial, SNI: s.Client.SNI, Now: s.Now, ExtraRoots: m.Trusted, Timeout: 5 * time.Second}
	if is := m.Set.Get(scenario.Intermediate); is != nil {
		opt.Intermediates = []*x509.Certificate{is.Cert}
	}
	tr, err := handshake.Probe(context.Background(), conn, opt)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// A real host's trace (a probe's, whose scenario has no certificate specs) is
// explained from the certificates on the wire: every preset's bank, probed, gets a
// complete explanation that asks for the host's front page, and where the probe
// reaches the story's verdict it reads exactly as the story's does. The badge
// stories are probed too: a probe brings no badge, so their banks refuse it as a
// real host demanding client certificates would.
func TestProbesExplained(t *testing.T) {
	same := 0
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) {
			// A probe reads a clock, where a story happens "today": the
			// story is played at the probe's clock, as a clock of its own.
			s := p.Scenario()
			if s.Now.IsZero() {
				s.Now = scenario.PresetClock
			}
			m, err := handshake.NewMaterial(s)
			if err != nil {
				t.Fatal(err)
			}
			tr := probe(t, serveMaterial(t, m), m)
			if len(tr.Scenario.Certs) != 0 || tr.Scenario.ID != "probe" {
				t.Fatalf("not a probe's trace: %+v", tr.Scenario)
			}
			e, cs := checkRendered(t, tr)
			if url := `"https://` + urlHost(m.Scenario.Client.Dial) + `/"`; !strings.Contains(e.Fix.Wrong, url) {
				t.Errorf("the call is not for %s: %s", url, e.Fix.Wrong)
			}
			for _, call := range []string{e.Fix.Wrong, e.Fix.Right, e.Fix.Curl, e.Fix.Node, e.Fix.Go} {
				if strings.Contains(call, VaultPath+`"`) || strings.HasSuffix(call, VaultPath) {
					t.Errorf("a call for the playground's vault: %s", call)
				}
			}
			if _, _, ok := Fixed(tr); ok {
				t.Errorf("a real host's scenario has a cure to run")
			}

			story := run(t, m.Scenario)
			if m.Scenario.Client.HasEnvironment() {
				// A probe knows the wire, not the courier's environment.
				t.Logf("the story's courier reads its environment, which a probe cannot know")
				return
			}
			if story.Outcome.Reason != tr.Outcome.Reason {
				t.Logf("the probe says %s, the story %s", tr.Outcome.Reason, story.Outcome.Reason)
				return
			}
			if newFacts(story).wrongKey() {
				// A probe sees the bank's signature fail, not whose key the
				// bank holds: the story says more.
				t.Logf("the story's bank signs with %s's key, which a probe cannot know", m.Scenario.Server.Key)
				return
			}
			same++
			want, wantClients := Explain(story), Clients(story)
			// A probe sees the certificate it was shown, not the one the bank
			// keeps for a name the probe did not send: the story says more.
			// Nor does it court the bank with the story's courier's groups.
			byName := m.Scenario.Server.ByName != nil || len(m.Scenario.Client.Groups) > 0
			for _, c := range []struct {
				what, probe, story string
				knowsMore          bool
			}{
				{"headline", e.Headline, want.Headline, false},
				{"technical", e.Technical, want.Technical, byName},
				{"tell-apart", e.TellApart, want.TellApart, false},
				{"fix", e.Fix.Summary, want.Fix.Summary, m.Scenario.Server.ByName != nil},
				{"side", e.Fix.Side, want.Fix.Side, false},
			} {
				if c.knowsMore {
					continue
				}
				if c.probe != c.story {
					t.Errorf("%s differs:\n  probe: %s\n  story: %s", c.what, c.probe, c.story)
				}
			}
			for _, k := range ClientKeys {
				if got, want := cs[k], wantClients[k]; got.OK != want.OK || got.Class != want.Class {
					t.Errorf("%s: the probe predicts ok=%v %q, the story ok=%v %q", k, got.OK, got.Class, want.OK, want.Class)
				}
			}
		})
	}
	// Most banks answer a probe as they answer their courier; the comparison
	// above must not be vacuous.
	if same < len(scenario.Presets)/2 {
		t.Errorf("only %d of %d probes reached their story's verdict", same, len(scenario.Presets))
	}
}

// A host that hangs up before any certificate leaves the facts with nothing from
// the wire or a story: every reason still renders whole, as it does for a story's
// trace and a probe's that saw a chain.
func TestEveryReasonRenders(t *testing.T) {
	addr := testtool.Serve(t, testtool.Listen(t), func(c net.Conn) { c.Close() })
	m, err := handshake.NewMaterial(scenario.Lookup("verify-true").At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	traces := map[string]*handshake.Trace{
		"story":      run(t, m.Scenario),
		"probe":      probe(t, serveMaterial(t, m), m),
		"hung up":    probe(t, addr, m),
		"mtls story": run(t, scenario.Lookup("mtls-ok").At(scenario.PresetClock)),
	}
	if st := traces["hung up"]; st.Outcome.OK || hasCertificate(st) {
		t.Fatalf("the host that hangs up: ok=%v, certificates seen", st.Outcome.OK)
	}
	for name, tr := range traces {
		for _, r := range handshake.Reasons() {
			t.Run(name+"/"+r.String(), func(t *testing.T) {
				as := *tr
				as.Outcome.Reason = r
				checkRendered(t, &as)
			})
		}
	}
}

func hasCertificate(tr *handshake.Trace) bool {
	for _, st := range tr.Steps {
		if len(st.Certs) > 0 {
			return true
		}
	}
	return false
}

// The facts of a story's trace come from the wire where the certificates were
// sent, linked to their specs so that a cure can reissue them.
func TestFactsFromTheWire(t *testing.T) {
	s := scenario.Lookup("expired-intermediate").At(scenario.PresetClock)
	f := newFacts(run(t, s))
	send, _ := s.Answering()
	for i, c := range f.chain {
		if i < len(send) && (c.id == "" || c.spec == nil || c.spec.Name != send[i]) {
			t.Errorf("chain[%d] = %s: not the wire's certificate linked to spec %s", i, c.name, send[i])
		}
		if i >= len(send) && (c.id != "" || c.spec == nil) {
			t.Errorf("chain[%d] = %s: an unsent issuer should come from its spec", i, c.name)
		}
	}
	if !reflect.DeepEqual(f.chain[0].dns, s.Spec(scenario.Leaf).DNSNames) {
		t.Errorf("leaf names %v", f.chain[0].dns)
	}

	// The CAs a bank names for badges are read off its CertificateRequest: a
	// probe, which has no story to ask, names them as the story does.
	m, err := handshake.NewMaterial(scenario.Lookup("mtls-no-cert").At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	probed, story := newFacts(probe(t, serveMaterial(t, m), m)).vars.ClientCAs, newFacts(run(t, m.Scenario)).vars.ClientCAs
	if probed != story || story != specName(m.Scenario.Spec(m.Scenario.Server.ClientCAs[0])) {
		t.Errorf("the probe names %q, the story %q", probed, story)
	}
}

// A real host dialled by a name with its final dot: Go's probe sends and
// matches the name without it and connects, then asks the host with the dot,
// as s_client and Node send it. A host that refuses that (Go's crypto/tls, with
// decode_error) refuses both; one that takes it (as the kit's s_server does:
// clients' TestTrailingDotRealHost) lets Node in, and s_client, checking the
// name with its dot, refuses whatever the server; a host nobody asked may do
// either, and Node is not said to connect. Each lens says why and how to dial.
func TestProbeTrailingDot(t *testing.T) {
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	s.Client.Dial += "."
	m, err := handshake.NewMaterial(s)
	if err != nil {
		t.Fatal(err)
	}
	addr := serveMaterial(t, m)
	tr := probe(t, addr, m)
	if !tr.Outcome.OK {
		t.Fatalf("the probe: %s (%s)", tr.Outcome.Reason, tr.Outcome.Detail)
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if tr.DottedSNI, err = handshake.DottedSNI(context.Background(), conn, s.Client.Dial, 5*time.Second); tr.DottedSNI != "decode_error" {
		t.Fatalf("Go's bank answers the dot with %q (%v)", tr.DottedSNI, err)
	}
	lens := func(tr *handshake.Trace, client string) Verdict {
		t.Helper()
		v, err := Lens(NewReport(tr), client)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	connect := func(tr *handshake.Trace, name string, clients ...string) {
		t.Helper()
		for _, client := range clients {
			if v := lens(tr, client); !v.OK {
				t.Errorf("%s: %s refuses: %s", name, client, v.Message)
			}
		}
	}

	// A host that refuses the dot in SNI, as Go's does.
	for _, client := range []string{OpenSSL, Node} {
		v := lens(tr, client)
		if v.OK || v.Reason != "sni_trailing_dot" || !strings.Contains(v.Message, "tlsv1 alert decode error") || v.Fix.Side != "client" ||
			!strings.Contains(v.Technical, "The probe asked this host so") || !strings.Contains(v.Fix.Summary, "Dial bank.example,") {
			t.Errorf("refused: %s's lens: ok=%v %s %q, fix (%s) %q, technical %q", client, v.OK, v.Reason, v.Message, v.Fix.Side, v.Fix.Summary, v.Technical)
		}
	}
	connect(tr, "refused", Requests, Curl, GoNetHTTP)

	// A host that takes it.
	took := *tr
	took.DottedSNI = handshake.DottedAccepted
	v := lens(&took, OpenSSL)
	if v.OK || v.Reason != "hostname_mismatch" || !strings.Contains(v.Headline, "final dot") || v.Fix.Side != "client" ||
		!strings.Contains(v.Fix.Summary, "-verify_hostname bank.example.") || !strings.Contains(v.Disagree, "X509_check_host") || Clients(&took)[OpenSSL].Also != "" {
		t.Errorf("taken: s_client's lens: ok=%v %s %q, fix (%s) %q, disagree %q", v.OK, v.Reason, v.Headline, v.Fix.Side, v.Fix.Summary, v.Disagree)
	}
	connect(&took, "taken", Requests, Curl, Node, GoNetHTTP)

	// A host nobody asked: Node may be refused, s_client is either way.
	unasked := *tr
	unasked.DottedSNI = ""
	if v := lens(&unasked, Node); v.OK || v.Reason != "sni_trailing_dot" || !strings.Contains(v.Headline, "some servers refuse") ||
		!strings.Contains(v.Technical, "lets Node connect") || !strings.Contains(v.Technical, "decode_error") {
		t.Errorf("unasked: Node's lens: ok=%v %s %q, technical %q", v.OK, v.Reason, v.Headline, v.Technical)
	}
	if v := lens(&unasked, OpenSSL); v.OK || v.Reason != "hostname_mismatch" || !strings.Contains(Clients(&unasked)[OpenSSL].Also, "tlsv1 alert decode error") {
		t.Errorf("unasked: s_client's lens: ok=%v %s, also %q", v.OK, v.Reason, Clients(&unasked)[OpenSSL].Also)
	}
	connect(&unasked, "unasked", Requests, Curl, GoNetHTTP)
}
