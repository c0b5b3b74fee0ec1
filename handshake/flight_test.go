package handshake

import (
	"crypto/tls"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

// Group code points as they travel.
const (
	groupX25519MLKEM768 wire.Group = 0x11ec
	groupX25519         wire.Group = 0x001d
	groupP256           wire.Group = 0x0017
	groupP384           wire.Group = 0x0018
)

// refused reports whether the outcome is a refusal by side at stage.
func refused(o Outcome, side Side, stage Stage) bool {
	return !o.OK && o.Side != nil && *o.Side == side && o.Stage == stage
}

// TestTLS13Flight follows every TLS 1.3 handshake message by message: the
// post-quantum ClientHello, the server's encrypted flight decrypted, the secrets
// that opened it, the courier's answer and the application data after it.
func TestTLS13Flight(t *testing.T) {
	forEachOfVersion(t, "TLS 1.3", 20, func(t *testing.T, c tcase, tr *Trace) {
		o := tr.Outcome
		at := inOrder(t, tr, "client ClientHello", "server ServerHello")
		ch := tr.Steps[at[0]]
		if len(c.s.Client.Groups) == 0 {
			// Go's default: a hybrid ML-KEM-768 + X25519 share (1184 + 32 bytes)
			// and a plain X25519 one, which makes the ClientHello about 1.5 kB.
			if got := decode(t, tr, ch).KeyShareGroups; !slices.Equal(got, []wire.Group{groupX25519MLKEM768, groupX25519}) || !slices.Equal(tr.Offered.KeyShares, got) {
				t.Errorf("ClientHello key shares %#04x (the trace says %#04x), want X25519MLKEM768 and X25519", got, tr.Offered.KeyShares)
			}
			if !hasFieldLen(ch.Fields, "ML-KEM-768 encapsulation key", 1184) || len(ch.Bytes) < 1400 {
				t.Errorf("ClientHello is %d bytes, without a 1184-byte ML-KEM-768 key: not the 1.5 kB hello", len(ch.Bytes))
			}
		}
		server := []string{"server EncryptedExtensions"}
		if c.s.Server.ClientAuth.Demands() {
			server = append(server, "server CertificateRequest")
		}
		server = append(server, "server Certificate", "server CertificateVerify", "server Finished")
		at = inOrder(t, tr, append([]string{"server ServerHello", "client client handshake traffic secret",
			"server server handshake traffic secret"}, server...)...)
		for _, i := range at[3:] {
			assertDecrypted(t, tr, i)
		}
		inOrder(t, tr, "server Finished", "server server traffic secret 0")

		if refused(o, Client, StageHandshake) {
			// The courier refused the bank's certificate: it never finishes.
			endsWithAlert(t, tr, "server Certificate", "client alert: "+o.Alert, "client Finished")
			return
		}
		if send, key := c.s.Answering(); len(send) > 0 && key != send[0] {
			// The bank signs with another certificate's key: the courier
			// refuses its CertificateVerify, and never finishes.
			endsWithAlert(t, tr, "server CertificateVerify", "client alert: decrypt_error", "client Finished")
			return
		}
		client := []string{"server Finished"}
		if c.s.Server.ClientAuth.Demands() {
			client = append(client, "client Certificate")
			if c.s.Client.Cert.HasBadge() {
				client = append(client, "client CertificateVerify")
			}
		}
		client = append(client, "client Finished", "client client traffic secret 0", "client GET /vault HTTP/1.1")
		at = inOrder(t, tr, client...)
		for _, i := range at[1 : len(at)-2] {
			assertDecrypted(t, tr, i)
		}
		request := at[len(at)-1]
		assertDecrypted(t, tr, request)
		switch {
		case o.OK:
			i := inOrder(t, tr, "client GET /vault HTTP/1.1", "server HTTP/1.1 200 OK")[1]
			assertDecrypted(t, tr, i)
			if !strings.Contains(string(tr.Steps[i].Bytes), Vault) || !strings.Contains(o.Response, Vault) {
				t.Errorf("the bank's answer %q lacks the vault", tr.Steps[i].Bytes)
			}
		case refused(o, Server, StageFirstRead):
			// The bank's refusal of the badge reaches the courier after its
			// handshake is done: after its request, on its first read.
			alert := find(tr, 0, "server alert: "+o.Alert)
			if alert < request {
				t.Errorf("the bank's alert %q is step %d, before the courier's request (step %d):\n%s",
					o.Alert, alert, request, stepList(tr))
			}
			assertDecrypted(t, tr, alert)
			if find(tr, 0, "server HTTP/1.1 200 OK") >= 0 {
				t.Errorf("the bank refused the badge yet answered")
			}
		default:
			t.Errorf("TLS 1.3 outcome %s by %v at %s is none this test expects", o.Reason, o.Side, o.Stage)
		}
	})
}

// TestTLS12Flight follows every TLS 1.2 handshake: the key exchange messages, the
// master secret, and both Finished messages decrypted.
func TestTLS12Flight(t *testing.T) {
	forEachOfVersion(t, "TLS 1.2", 10, func(t *testing.T, c tcase, tr *Trace) {
		o := tr.Outcome
		server := []string{"client ClientHello", "server ServerHello", "server Certificate", "server ServerKeyExchange"}
		if c.s.Server.ClientAuth.Demands() {
			server = append(server, "server CertificateRequest")
		}
		server = append(server, "server ServerHelloDone")
		at := inOrder(t, tr, server...)
		for _, i := range at {
			if tr.Steps[i].Encrypted {
				t.Errorf("%s is marked encrypted", label(tr.Steps[i]))
			}
		}
		if ske := decode(t, tr, tr.Steps[at[3]]); ske.SignatureScheme == 0 {
			t.Errorf("ServerKeyExchange has no signature scheme")
		}
		if refused(o, Client, StageHandshake) {
			endsWithAlert(t, tr, "server ServerHelloDone", "client alert: "+o.Alert, "client ClientKeyExchange")
			return
		}
		if send, key := c.s.Answering(); len(send) > 0 && key != send[0] {
			// The bank signs its key exchange with another certificate's key:
			// the courier refuses the ServerKeyExchange.
			endsWithAlert(t, tr, "server ServerHelloDone", "client alert: decrypt_error", "client ClientKeyExchange")
			return
		}
		client := []string{"server ServerHelloDone"}
		if c.s.Server.ClientAuth.Demands() {
			client = append(client, "client Certificate")
		}
		client = append(client, "client ClientKeyExchange", "client master secret")
		if c.s.Client.Cert.HasBadge() {
			client = append(client, "client CertificateVerify")
		}
		client = append(client, "client ChangeCipherSpec", "client Finished")
		at = inOrder(t, tr, client...)
		assertDecrypted(t, tr, at[len(at)-1])
		if refused(o, Server, StageHandshake) {
			// The bank refused the badge: it never finishes.
			endsWithAlert(t, tr, "client Finished", "server alert: "+o.Alert, "server Finished")
			return
		}
		at = inOrder(t, tr, "client Finished", "server ChangeCipherSpec", "server Finished",
			"client GET /vault HTTP/1.1", "server HTTP/1.1 200 OK")
		for _, i := range at[2:] {
			assertDecrypted(t, tr, i)
		}
		if !o.OK || !strings.Contains(string(tr.Steps[at[4]].Bytes), Vault) {
			t.Errorf("outcome %s, answer %q", o.Reason, tr.Steps[at[4]].Bytes)
		}
	})
}

// forEachOfVersion runs f for the cases that negotiated version, and fails if
// fewer than least did: a test that looks at nothing must not pass.
func forEachOfVersion(t *testing.T, version string, least int, f func(t *testing.T, c tcase, tr *Trace)) {
	n := 0
	forEachCase(t, func(t *testing.T, c tcase, tr *Trace) {
		if tr.Version == version {
			n++
			f(t, c, tr)
		}
	})
	if n < least {
		t.Errorf("only %d cases negotiated %s", n, version)
	}
}

// endsWithAlert asserts that a refusal's alert answers the step it refuses and
// that the refusing side never sent what would have come next.
func endsWithAlert(t *testing.T, tr *Trace, answers, alert, neverSent string) {
	t.Helper()
	inOrder(t, tr, answers, alert)
	if find(tr, 0, neverSent) >= 0 {
		t.Errorf("%s, yet %s", alert, neverSent)
	}
}

// assertDecrypted checks that step i travelled encrypted, in a ciphertext record,
// and was opened: a Finished is its 4-byte header and the verify data.
func assertDecrypted(t *testing.T, tr *Trace, i int) {
	t.Helper()
	st := tr.Steps[i]
	if !st.Encrypted || !tr.Steps[st.Record].Encrypted {
		t.Errorf("%s (step %d) is not marked as encrypted on the wire", label(st), i)
	}
	// A message spread over several records is smaller than all of them
	// together, and each of them was ciphertext.
	records, carried := st.Records, 0
	if records == nil {
		records = []int{st.Record}
	}
	for _, r := range records {
		carried += len(tr.Steps[r].Bytes)
		if !tr.Steps[r].Encrypted {
			t.Errorf("%s (step %d) came partly in record %d, which is not marked as encrypted", label(st), i, r)
		}
	}
	if len(st.Bytes) == 0 || len(st.Bytes) >= carried {
		t.Errorf("%s (step %d): %d bytes in %d bytes of records: not decrypted", label(st), i, len(st.Bytes), carried)
	}
	if len(records) > 1 && records[len(records)-1] != st.Record {
		t.Errorf("%s (step %d) is in records %v, ending in %d", label(st), i, records, st.Record)
	}
	if st.IsMessage(wire.TypeFinished) {
		want := 4 + 12 // TLS 1.2's verify_data
		if tr.Negotiated.Version == wire.VersionTLS13 {
			want = 4 + suiteHashLen(tr.Negotiated.CipherSuite.String())
		}
		if len(st.Bytes) != want {
			t.Errorf("%s is %d bytes, want %d", label(st), len(st.Bytes), want)
		}
	}
}

func suiteHashLen(name string) int {
	if strings.HasSuffix(name, "SHA384") {
		return 48
	}
	return 32
}

func hasFieldLen(fields []Field, name string, n int) bool {
	for _, f := range fields {
		if f.Name == name && f.Length == n || hasFieldLen(f.Sub, name, n) {
			return true
		}
	}
	return false
}

// TestHelloRetryRequest: the courier's first key share is for a group the bank
// does not take, so the bank names one the courier listed and the courier says
// hello again.
func TestHelloRetryRequest(t *testing.T) {
	for _, tc := range []struct {
		variant             string
		firstShares, chosen wire.Group
	}{
		{"hello-retry", groupX25519, groupP256},
		{"hello-retry-mtls-no-cert", groupX25519MLKEM768, groupP384},
	} {
		t.Run(tc.variant, func(t *testing.T) {
			tr := variantTrace(t, tc.variant)
			at := inOrder(t, tr, "client ClientHello", "server HelloRetryRequest", "client ClientHello", "server ServerHello")
			shares := func(i int) []wire.Group { return decode(t, tr, tr.Steps[at[i]]).KeyShareGroups }
			if got := shares(0); !slices.Equal(got, []wire.Group{tc.firstShares}) {
				t.Errorf("first ClientHello shares %#04x, want %#04x", got, tc.firstShares)
			}
			for i := 1; i < 4; i++ {
				if got := shares(i); !slices.Equal(got, []wire.Group{tc.chosen}) {
					t.Errorf("%s shares %#04x, want %#04x", label(tr.Steps[at[i]]), got, tc.chosen)
				}
			}
			if tr.Version != "TLS 1.3" {
				t.Errorf("version %s after a retry", tr.Version)
			}
			// The trace says so as values: the first offer, the retry, the group chosen.
			if n := tr.Negotiated; !n.HelloRetry || n.Group != tc.chosen || n.Version != wire.VersionTLS13 ||
				!slices.Equal(tr.Offered.KeyShares, []wire.Group{tc.firstShares}) || !tr.Steps[at[1]].HelloRetry || tr.Steps[at[3]].HelloRetry {
				t.Errorf("negotiated %+v, offered key shares %v, retry flags %v %v", n, tr.Offered.KeyShares, tr.Steps[at[1]].HelloRetry, tr.Steps[at[3]].HelloRetry)
			}
		})
	}
}

func variantTrace(t *testing.T, name string) *Trace {
	t.Helper()
	for _, v := range variants {
		if v.name == name {
			return cachedTrace(t, tcase{v.name, v.scenario(t)})
		}
	}
	t.Fatalf("no variant %s", name)
	return nil
}

// TestTLS13ChaCha20 plays TLS 1.3 with ChaCha20-Poly1305, the suite Go picks when
// the CPU has no AES instructions: always under WebAssembly, and natively when
// GODEBUG=cpu.aes=off hides them, for which the test runs itself again.
func TestTLS13ChaCha20(t *testing.T) {
	if runtime.GOARCH != "wasm" && !strings.Contains(os.Getenv("GODEBUG"), "cpu.aes=off") {
		cmd := exec.Command(os.Args[0], "-test.run=^TestTLS13ChaCha20$", "-test.v")
		cmd.Env = append(os.Environ(), "GODEBUG=cpu.aes=off")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestTLS13ChaCha20") {
			t.Fatalf("without AES instructions: %v\n%s", err, out)
		}
		return
	}
	for _, id := range []string{"verify-true", "mtls-ok", "mtls-no-cert"} {
		t.Run(id, func(t *testing.T) {
			tr := presetTrace(t, id)
			if tr.CipherSuite != tls.CipherSuiteName(tls.TLS_CHACHA20_POLY1305_SHA256) {
				t.Fatalf("cipher suite %s, want ChaCha20-Poly1305", tr.CipherSuite)
			}
			at := inOrder(t, tr, "server EncryptedExtensions", "server Finished", "client Finished", "client GET /vault HTTP/1.1")
			for _, i := range at {
				assertDecrypted(t, tr, i)
			}
			if o, want := tr.Outcome, expected[id]; o.Reason != want.reason || o.Stage != want.stage {
				t.Errorf("outcome %s at %s, want %s at %s", o.Reason, o.Stage, want.reason, want.stage)
			}
		})
	}
}

func presetTrace(t *testing.T, id string) *Trace {
	t.Helper()
	for _, c := range allCases(t) {
		if c.name == id {
			return cachedTrace(t, c)
		}
	}
	t.Fatalf("no preset %s", id)
	return nil
}

// TestMessageOverRecords: a Certificate message larger than a record's 16 kB
// (a thousand names) is reassembled from the records that carry it, in either
// version, and names every record that carried it.
func TestMessageOverRecords(t *testing.T) {
	for _, c := range []tcase{{"many-sans", scenario.Lookup("many-sans").At(scenario.PresetClock)}, {"many-sans@1.2", func() *scenario.Scenario {
		s := scenario.Lookup("many-sans").At(scenario.PresetClock)
		s.Client.MaxVersion = scenario.TLS12
		return s
	}()}} {
		t.Run(c.name, func(t *testing.T) {
			tr := cachedTrace(t, c)
			i := find(tr, 0, "server Certificate")
			if i < 0 {
				t.Fatalf("no server Certificate:\n%s", stepList(tr))
			}
			st := tr.Steps[i]
			if len(st.Records) != 2 || st.Records[1] != st.Record || len(st.Certs) != 2 || len(st.Certs[0].DNSNames) != 1000 {
				t.Fatalf("Certificate in records %v (record %d), %d certificates: want two records and the leaf's 1000 names", st.Records, st.Record, len(st.Certs))
			}
			if len(st.Bytes) <= 16384 {
				t.Errorf("Certificate is %d bytes: it fits one record", len(st.Bytes))
			}
			if !tr.Outcome.OK {
				t.Errorf("outcome %s: %s", tr.Outcome.Reason, tr.Outcome.Detail)
			}
		})
	}
}

// TestLegacyFlight follows TLS 1.0 and 1.1, which Go speaks when both sides
// allow them: every record after ChangeCipherSpec is CBC ciphertext that opens
// with the keys the TLS 1.0 PRF (MD5 and SHA-1) derives from the logged master
// secret, with the IV chained from record to record in TLS 1.0 and sent with
// each record in TLS 1.1; the request and the vault read back whole.
func TestLegacyFlight(t *testing.T) {
	for _, tc := range []struct {
		preset, version string
		split           bool // Go sends TLS 1.0 application data as 1 byte, then the rest
	}{{"tls10-bank", "TLS 1.0", true}, {"tls11-bank", "TLS 1.1", false}} {
		t.Run(tc.preset, func(t *testing.T) {
			tr := cachedTrace(t, tcase{tc.preset, scenario.Lookup(tc.preset).At(scenario.PresetClock)})
			if tr.Version != tc.version || !tr.Outcome.OK {
				t.Fatalf("negotiated %q, outcome %s: %s", tr.Version, tr.Outcome.Reason, tr.Outcome.Detail)
			}
			at := inOrder(t, tr, "client ChangeCipherSpec", "client Finished", "server ChangeCipherSpec", "server Finished")
			assertDecrypted(t, tr, at[1])
			assertDecrypted(t, tr, at[3])
			var sent [2]strings.Builder
			ones := 0
			for i, st := range tr.Steps {
				if st.Kind != KindAppData {
					continue
				}
				assertDecrypted(t, tr, i)
				sent[st.Side].Write(st.Bytes)
				if len(st.Bytes) == 1 {
					ones++
				}
				// TLS 1.0's records carry no IV: the layout says so.
				rec := tr.Steps[st.Record]
				if iv := hasField(rec.Fields, "IV"); iv == tc.split {
					t.Errorf("%s record %d: an IV field %v in %s", st.Side, st.Record, iv, tc.version)
				}
			}
			if !strings.HasPrefix(sent[Client].String(), "GET /vault HTTP/1.1\r\n") || !strings.Contains(sent[Server].String(), Vault) {
				t.Errorf("application data reads %q and %q", sent[Client].String(), sent[Server].String())
			}
			if (ones > 0) != tc.split {
				t.Errorf("%d one-byte records in %s", ones, tc.version)
			}
		})
	}
}
