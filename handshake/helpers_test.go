package handshake

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/scenario"
)

// A case is a scenario some test plays: a preset as it is, or a variant of one.
type tcase struct {
	name string
	s    *scenario.Scenario
}

// variant is a preset changed in one respect, with what Go must make of it.
type variant struct {
	name, preset string
	edit         func(*scenario.Scenario)
	reason       Reason
	side         Side // who refused, when reason is not a success
	stage        Stage
	alert        string // the first fatal alert, "" for none
	suite        string // the negotiated cipher suite, "" for no opinion
}

// tls12 caps both ends at TLS 1.2.
func tls12(s *scenario.Scenario) {
	s.Client.MaxVersion, s.Server.MaxVersion = scenario.TLS12, scenario.TLS12
}

// tls12With caps both ends at TLS 1.2 and gives the bank only one suite.
func tls12With(suite string) func(*scenario.Scenario) {
	return func(s *scenario.Scenario) { tls12(s); s.Server.CipherSuites = []string{suite} }
}

// variants are the scenarios beyond the presets: TLS 1.2, other suites, a
// HelloRetryRequest, failed negotiations. Every test that walks the presets walks
// these too.
//
// Go's default suite depends on the CPU (AES-GCM with AES instructions, ChaCha20
// without, as under WebAssembly), so only variants that pin a suite expect one.
var variants = []variant{
	{name: "verify-true@1.2", preset: "verify-true", edit: tls12, reason: OK},
	{name: "custom-ca-bundle@1.2", preset: "custom-ca-bundle", edit: tls12, reason: OK},
	{name: "expired@1.2", preset: "expired", edit: tls12, reason: Expired, side: Client, stage: StageHandshake,
		alert: "bad_certificate"},
	{name: "hostname-mismatch@1.2", preset: "hostname-mismatch", edit: tls12, reason: HostnameMismatch, side: Client,
		stage: StageHandshake, alert: "bad_certificate"},
	{name: "missing-intermediate@1.2", preset: "missing-intermediate", edit: tls12, reason: MissingIntermediate,
		side: Client, stage: StageHandshake, alert: "bad_certificate"},
	{name: "mtls-ok@1.2", preset: "mtls-ok", edit: tls12, reason: OK},
	// In TLS 1.2 the thousand names' Certificate spans records in the clear.
	{name: "many-sans@1.2", preset: "many-sans", edit: tls12, reason: OK},
	// In TLS 1.2 the courier waits for the bank's Finished, so the bank's refusal
	// of the badge ends the courier's handshake, not its first read.
	{name: "mtls-no-cert@1.2", preset: "mtls-no-cert", edit: tls12, reason: ClientCertMissing, side: Server,
		stage: StageHandshake, alert: "handshake_failure"},
	{name: "mtls-wrong-ca@1.2", preset: "mtls-wrong-ca", edit: tls12, reason: ClientCertUnknownCA, side: Server,
		stage: StageHandshake, alert: "unknown_ca"},
	{name: "mtls-expired-client@1.2", preset: "mtls-expired-client", edit: tls12, reason: ClientCertExpired,
		side: Server, stage: StageHandshake, alert: "certificate_expired"},
	{name: "chacha20@1.2", preset: "verify-true", edit: tls12With("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
		reason: OK, suite: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
	{name: "aes256-sha384@1.2", preset: "verify-true", edit: tls12With("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
		reason: OK, suite: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
	{name: "cbc-sha@1.2", preset: "verify-true", edit: tls12With("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
		reason: OK, suite: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
	{name: "rsa-cbc-sha@1.2", preset: "custom-ca-bundle", edit: tls12With("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
		reason: OK, suite: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
	// The bank holds an ECDSA key but allows only suites for RSA keys.
	{name: "no-shared-cipher@1.2", preset: "verify-true", edit: tls12With("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
		reason: NoSharedCipher, side: Server, stage: StageHandshake, alert: "handshake_failure"},
	// Go orders groups its own way (post-quantum, then X25519, then the NIST
	// curves) and sends a key share for the first only (and an X25519 one beside a
	// hybrid, if X25519 is listed). A bank that takes none of the shared groups but
	// one the courier listed asks again: HelloRetryRequest.
	{name: "hello-retry", preset: "verify-true", reason: OK, edit: func(s *scenario.Scenario) {
		s.Client.Groups = []scenario.Group{scenario.P256, scenario.X25519}
		s.Server.Groups = []scenario.Group{scenario.P256}
	}},
	// A TLS 1.0 bank and a courier at Go's defaults (TLS 1.2 at least).
	{name: "tls10-bank-default-courier", preset: "tls10-bank", reason: ProtocolVersion, side: Server, stage: StageHandshake,
		alert: "protocol_version", edit: func(s *scenario.Scenario) { s.Client.MinVersion = "" }},
	// A bank that takes only the post-quantum hybrid, and a classic courier.
	{name: "pq-only-bank", preset: "pq-bank-classic-courier", reason: NoSharedGroup, side: Server, stage: StageHandshake,
		alert: "handshake_failure", edit: func(s *scenario.Scenario) { s.Server.Groups = []scenario.Group{scenario.X25519MLKEM768} }},
	{name: "hello-retry-mtls-no-cert", preset: "mtls-no-cert", reason: ClientCertMissing, side: Server,
		stage: StageFirstRead, alert: "certificate_required", edit: func(s *scenario.Scenario) {
			s.Client.Groups = []scenario.Group{scenario.P384, scenario.X25519MLKEM768}
			s.Server.Groups = []scenario.Group{scenario.P384}
		}},
	{name: "no-shared-group", preset: "verify-true", reason: NoSharedGroup, side: Server, stage: StageHandshake,
		alert: "handshake_failure", edit: func(s *scenario.Scenario) {
			s.Client.Groups = []scenario.Group{scenario.X25519}
			s.Server.Groups = []scenario.Group{scenario.P256}
		}},
	// In TLS 1.2 a group is part of an ECDHE suite's bargain: with no group in
	// common Go finds no usable suite, and says so.
	{name: "no-shared-group@1.2", preset: "verify-true", reason: NoSharedCipher, side: Server, stage: StageHandshake,
		alert: "handshake_failure", edit: func(s *scenario.Scenario) {
			tls12(s)
			s.Client.Groups = []scenario.Group{scenario.X25519}
			s.Server.Groups = []scenario.Group{scenario.P256}
		}},
	{name: "no-shared-alpn", preset: "verify-true", reason: NoSharedALPN, side: Server, stage: StageHandshake,
		alert: "no_application_protocol", edit: func(s *scenario.Scenario) {
			s.Client.ALPN = []string{"h2"}
			s.Server.ALPN = []string{"http/1.1"}
		}},
	{name: "no-shared-version", preset: "verify-true", reason: ProtocolVersion, side: Server, stage: StageHandshake,
		alert: "protocol_version", edit: func(s *scenario.Scenario) {
			s.Client.MinVersion, s.Client.MaxVersion = scenario.TLS13, scenario.TLS13
			s.Server.MaxVersion = scenario.TLS12
		}},
	{name: "alpn-agreed", preset: "verify-true", reason: OK, edit: func(s *scenario.Scenario) {
		s.Client.ALPN = []string{"h2", "http/1.1"}
		s.Server.ALPN = []string{"http/1.1"}
	}},
	// An SNI other than the name dialled: the engine verifies the dialled name in
	// VerifyConnection, where Go's error is x509's own.
	{name: "sni-override", preset: "verify-true", reason: OK, edit: func(s *scenario.Scenario) {
		s.Client.SNI = "www." + scenario.ServerHost
	}},
	{name: "sni-override-expired", preset: "expired", reason: Expired, side: Client, stage: StageHandshake,
		alert: "bad_certificate", edit: func(s *scenario.Scenario) { s.Client.SNI = "www." + scenario.ServerHost }},
}

func (v variant) scenario(t testing.TB) *scenario.Scenario {
	t.Helper()
	p := scenario.Lookup(v.preset)
	if p == nil {
		t.Fatalf("variant %s: no preset %s", v.name, v.preset)
	}
	s := p.At(scenario.PresetClock)
	v.edit(s)
	s.ID = v.name
	return s
}

// allCases are the presets and the variants.
func allCases(t testing.TB) []tcase {
	var cs []tcase
	for _, p := range scenario.Presets {
		cs = append(cs, tcase{p.ID, p.At(scenario.PresetClock)})
	}
	for _, v := range variants {
		cs = append(cs, tcase{v.name, v.scenario(t)})
	}
	return cs
}

// traces memoises runs by case name: most tests only read traces, and playing each
// scenario once keeps the WebAssembly run short. Nothing may modify a cached trace.
var traces = struct {
	sync.Mutex
	m map[string]*Trace
}{m: map[string]*Trace{}}

func cachedTrace(t testing.TB, c tcase) *Trace {
	t.Helper()
	traces.Lock()
	defer traces.Unlock()
	if tr := traces.m[c.name]; tr != nil {
		return tr
	}
	tr := play(t, c.s)
	traces.m[c.name] = tr
	return tr
}

func play(t testing.TB, s *scenario.Scenario) *Trace {
	t.Helper()
	tr, err := Run(context.Background(), s)
	if err != nil {
		t.Fatalf("%s: %v", s.ID, err)
	}
	return tr
}

// forEachCase runs f as a subtest for every preset and variant.
func forEachCase(t *testing.T, f func(t *testing.T, c tcase, tr *Trace)) {
	for _, c := range allCases(t) {
		t.Run(c.name, func(t *testing.T) { f(t, c, cachedTrace(t, c)) })
	}
}

// label is how a test names a step: "server Finished", "client alert: close_notify".
func label(st Step) string { return st.Side.String() + " " + st.Name }

// wireSteps are the messages, alerts, change_cipher_specs and application data
// of a trace, in order: what a capture shows once decrypted.
func wireSteps(tr *Trace) []Step {
	var out []Step
	for _, st := range tr.Steps {
		switch st.Kind {
		case KindMessage, KindAlert, KindCCS, KindAppData:
			out = append(out, st)
		}
	}
	return out
}

// find returns the index of the first step at or after from with the label, or -1.
func find(tr *Trace, from int, lbl string) int {
	for i := from; i < len(tr.Steps); i++ {
		if label(tr.Steps[i]) == lbl {
			return i
		}
	}
	return -1
}

// inOrder asserts that the labelled steps occur in this order (others may lie
// between them) and returns their indices.
func inOrder(t *testing.T, tr *Trace, labels ...string) []int {
	t.Helper()
	var at []int
	from := 0
	for _, l := range labels {
		i := find(tr, from, l)
		if i < 0 {
			t.Fatalf("no %q after step %d; steps:\n%s", l, from, stepList(tr))
		}
		at = append(at, i)
		from = i + 1
	}
	return at
}

func stepList(tr *Trace) string {
	var b strings.Builder
	for i, st := range tr.Steps {
		fmt.Fprintf(&b, "%3d %-6s %-18s %s enc=%v\n", i, st.Side, st.Kind, st.Name, st.Encrypted)
	}
	return b.String()
}

// decode re-decodes a message step, for the facts the step does not keep.
func decode(t *testing.T, tr *Trace, st Step) wire.Message {
	t.Helper()
	m, err := wire.DecodeMessage(st.Bytes, wire.Context{Version: tr.Negotiated.Version, CipherSuite: tr.Negotiated.CipherSuite, FromServer: st.Side == Server})
	if err != nil {
		t.Fatalf("%s: %v", label(st), err)
	}
	return m
}

// needTool finds an external program (see testtool.Path).
func needTool(t *testing.T, name string) string { return testtool.Path(t, name) }
