package explain

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// TestVersionFixDirection: the fix of a version refused says which side's
// bound to move, each way round: a courier capped below the bank's minimum
// removes its cap, one whose minimum is above the bank's highest accepts
// the bank's version.
func TestVersionFixDirection(t *testing.T) {
	for _, tt := range []struct {
		name                 string
		clientMin, clientMax scenario.Version
		bankMin, bankMax     scenario.Version
		want, not            string
	}{
		{"courier capped at 1.2, bank 1.3 only", "", scenario.TLS12, scenario.TLS13, "",
			"The courier is capped at TLS 1.2 and the bank speaks TLS 1.3 at least: remove the courier's cap", "minimum"},
		{"courier 1.3 only, bank 1.2 at most", scenario.TLS13, "", "", scenario.TLS12,
			"let the courier accept TLS 1.2 too (remove its minimum", "Let the courier speak TLS 1.3"},
	} {
		s := scenario.Lookup("verify-true").At(scenario.PresetClock)
		s.Client.MinVersion, s.Client.MaxVersion = tt.clientMin, tt.clientMax
		s.Server.MinVersion, s.Server.MaxVersion = tt.bankMin, tt.bankMax
		r := NewReport(run(t, s))
		for _, client := range LensClients {
			v, err := Lens(r, client)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(v.Fix.Summary, tt.want) || strings.Contains(v.Fix.Summary, tt.not) {
				t.Errorf("%s, %s: fix %q, want %q and not %q", tt.name, client, v.Fix.Summary, tt.want, tt.not)
			}
		}
	}
}

// TestCappedBelow: a courier capped at TLS 1.1 against a bank that takes
// TLS 1.2 at least, said or left to Go's server default. Go, Node and
// urllib3 2 have no version left to offer; urllib3 1.26, curl and s_client
// offer TLS 1.1 and read the bank's alert (clients'
// version-client-capped-tls11 variants); the fix removes the cap.
func TestCappedBelow(t *testing.T) {
	for _, bankMin := range []scenario.Version{scenario.TLS12, ""} {
		t.Run("bank min "+string(bankMin), func(t *testing.T) { cappedBelow(t, bankMin) })
	}
}

func cappedBelow(t *testing.T, bankMin scenario.Version) {
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	s.Client.MaxVersion, s.Server.MinVersion = scenario.TLS11, bankMin
	tr := run(t, s)
	if o := tr.Outcome; o.Side == nil || *o.Side != handshake.Client {
		t.Errorf("the courier fails before it sends a thing, and Go's verdict says %v refused", o.Side)
	}
	r := NewReport(tr)
	want := map[string]string{Requests: "NO_PROTOCOLS_AVAILABLE", Requests1: "tlsv1 alert protocol version", Curl: "curl: (35)",
		OpenSSL: "SSL alert number 70", Node: "no protocols available", GoNetHTTP: "no supported versions satisfy MinVersion and MaxVersion"}
	for client, msg := range want {
		if cv := r.Clients[client]; cv.OK || !strings.Contains(cv.Message, msg) {
			t.Errorf("%s: ok=%v %q, want %q", client, cv.OK, cv.Message, msg)
		}
	}
	if n := r.Clients[Requests].Note; !strings.Contains(n, "urllib3 1.26") || !strings.Contains(n, "protocol version alert") {
		t.Errorf("requests' note: %q", n)
	}
	if h := r.Explanation.Headline; h != "The courier is capped at TLS 1.1, below the bank's lowest, TLS 1.2" {
		t.Errorf("headline %q", h)
	}
	if fix := r.Explanation.Fix; !strings.Contains(fix.Summary, "capped at TLS 1.1 and the bank speaks TLS 1.2 at least: remove the courier's cap") || fix.Side != "client" {
		t.Errorf("fix (%s): %s", fix.Side, fix.Summary)
	}
}

// TestCappedReached: a courier capped at TLS 1.1 against a bank that takes
// TLS 1.0 at least. Go, Node and urllib3 2 still have no version left to
// offer; urllib3 1.26, curl and s_client reach TLS 1.1 and refuse the bank's
// SHA-1 (or MD5) signature (clients' version-client-capped-tls11-bank-tls10
// variants), and curl's and s_client's lenses say so, with the cap's removal
// as their fix.
func TestCappedReached(t *testing.T) {
	for _, key := range []pki.KeyType{"", pki.RSA2048} {
		s := scenario.Lookup("verify-true").At(scenario.PresetClock)
		s.Client.MaxVersion, s.Server.MinVersion = scenario.TLS11, scenario.TLS10
		if key != "" {
			s.Spec(scenario.Leaf).Key = key
		}
		r := NewReport(run(t, s))
		want := map[string]string{Requests: "NO_PROTOCOLS_AVAILABLE", Requests1: "[SSL] legacy sigalg disallowed or unsupported", Curl: "curl: (35) OpenSSL/{openssl_version}: error:0A00014D:SSL routines::legacy sigalg disallowed or unsupported",
			OpenSSL: "tls_process_key_exchange:legacy sigalg disallowed or unsupported", Node: "no protocols available", GoNetHTTP: "no supported versions satisfy MinVersion and MaxVersion"}
		for client, msg := range want {
			if cv := r.Clients[client]; cv.OK || !strings.Contains(cv.Message, msg) {
				t.Errorf("%s %s: ok=%v %q, want %q", key, client, cv.OK, cv.Message, msg)
			}
		}
		if h := r.Explanation.Headline; h != "The courier is capped at TLS 1.1, below TLS 1.2, the least Go's courier speaks" {
			t.Errorf("headline %q", h)
		}
		// requests' note, which the kit's README prints under urllib3
		// 1.26's refusal, says what urllib3 1.26 does here (review 19).
		if n := r.Clients[Requests].Note; !strings.Contains(n, "urllib3 1.26") || !strings.Contains(n, "legacy sigalg") || strings.Contains(n, "protocol version alert") {
			t.Errorf("%s requests' note: %q", key, n)
		}
		if fix := r.Explanation.Fix; !strings.Contains(fix.Summary, "remove the courier's cap") || !strings.Contains(fix.Summary, "legacy sigalg") || fix.Side != "client" || strings.Contains(fix.Right, "maximum_version") {
			t.Errorf("fix (%s): %s\n%s", fix.Side, fix.Summary, fix.Right)
		}
		for _, client := range []string{Curl, OpenSSL} {
			v, err := Lens(r, client)
			if err != nil {
				t.Fatal(err)
			}
			if v.OK || !strings.Contains(v.Headline, "reaches the bank there and refuses its signature") || !strings.HasPrefix(v.Fix.Summary, "Remove the courier's cap") || v.Fix.Side != "client" || strings.Contains(v.Fix.Right, "1.1") {
				t.Errorf("%s %s's lens: %q; fix (%s) %q, %q", key, client, v.Headline, v.Fix.Side, v.Fix.Summary, v.Fix.Right)
			}
		}
		for _, client := range []string{Requests, Node, GoNetHTTP} {
			if v, _ := Lens(r, client); v.Headline != r.Explanation.Headline {
				t.Errorf("%s %s's lens: %q", key, client, v.Headline)
			}
		}
	}
}

// TestNoProtocolsWords: the words for OpenSSL's "no protocols available"
// say what the clients capped at TLS 1.1 do (clients'
// version-client-capped-tls11 variants): those that send TLS 1.1 and read
// the bank's protocol version alert are named as sending it, and no
// client is said not to speak TLS 1.1 at all.
func TestNoProtocolsWords(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "match", "node-no-protocols-available.txt"))
	if err != nil {
		t.Fatal(err)
	}
	words := Unmatched(string(b))
	if !strings.Contains(words, "sends its ClientHello and prints the server's protocol version alert") || strings.Contains(words, "at all") {
		t.Errorf("the words: %q", words)
	}
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	s.Client.MaxVersion = scenario.TLS11
	named := map[string]string{Requests1: "requests on urllib3 1.26", Curl: "curl --tls-max 1.1", OpenSSL: "openssl s_client -tls1_1"}
	for client, cv := range NewReport(run(t, s)).Clients {
		sends := strings.Contains(cv.Message, "alert protocol version")
		if sends != (named[client] != "") || sends && !strings.Contains(words, named[client]) {
			t.Errorf("%s: %q; the words name it as sending (%q): %v", client, cv.Message, named[client], strings.Contains(words, named[client]))
		}
	}
}

// TestCappedOldBank: a courier capped below TLS 1.2 against a bank that
// speaks nothing newer than TLS 1.1 (review 19): uncapped, the courier still
// finds no version with it that the clients accept (Go, Node and urllib3 2
// speak TLS 1.2 at least; curl's, s_client's and urllib3 1.26's OpenSSL
// refuse the bank's SHA-1 signature, real in clients'
// version-client-capped-tls11-bank-tls10 variants), so every lens's fix
// has the bank speak TLS 1.2 and the cap go, and the cure, played, connects;
// so too where the courier's lowest is lowered to meet the bank.
func TestCappedOldBank(t *testing.T) {
	for _, tt := range []struct{ min, cap, bankMin, bankMax scenario.Version }{
		{"", scenario.TLS11, scenario.TLS10, scenario.TLS10},
		{"", scenario.TLS11, scenario.TLS10, scenario.TLS11},
		{"", scenario.TLS10, scenario.TLS11, scenario.TLS11},
		// Its lowest lowered too: Go reaches the bank and connects, the
		// OpenSSL clients refuse its signature, and the cap must still go.
		{scenario.TLS10, scenario.TLS11, scenario.TLS10, scenario.TLS10},
	} {
		s := scenario.Lookup("verify-true").At(scenario.PresetClock)
		s.Client.MinVersion, s.Client.MaxVersion, s.Server.MinVersion, s.Server.MaxVersion = tt.min, tt.cap, tt.bankMin, tt.bankMax
		name := "courier " + string(tt.min) + "-" + string(tt.cap) + ", bank " + string(tt.bankMin) + "-" + string(tt.bankMax)
		tr := run(t, s)
		r := NewReport(tr)
		for _, client := range LensClients {
			// urllib3 2, its lowest lowered too, has no suite for TLS 1.0
			// or 1.1: its words are its suites', its cure the same.
			v, err := Lens(r, client)
			if err != nil {
				t.Fatal(err)
			}
			if sum := v.Fix.Summary; !strings.Contains(sum, "TLS 1.2") || !strings.Contains(sum, "the bank") || !strings.Contains(sum, "cap") ||
				!strings.Contains(sum, "TLS "+string(tt.bankMax)+" at most") || strings.HasPrefix(sum, "Remove the courier's cap") || v.Fix.Side != "both" {
				t.Errorf("%s, %s's lens: fix (%s) %q", name, client, v.Fix.Side, sum)
			}
		}
		fixed, side, ok := Fixed(tr)
		if !ok || side != "both" {
			t.Fatalf("%s: no cure (%v), side %q", name, ok, side)
		}
		if c := fixed.Client; c.MaxVersion != "" && c.MaxVersion < scenario.TLS12 {
			t.Errorf("%s: the cure keeps the courier's cap at %s", name, c.MaxVersion)
		}
		if b := fixed.Server; b.MaxVersion != "" && b.MaxVersion < scenario.TLS12 {
			t.Errorf("%s: the cure keeps the bank at %s", name, b.MaxVersion)
		}
		if o := run(t, fixed).Outcome; !o.OK {
			t.Errorf("%s: the cure, played, fails: %v", name, o.Reason)
		}
	}
}

// A courier capped below TLS 1.2, its lowest lowered to meet it, against a
// bank that speaks TLS 1.2 too: Go connects at the old version, the clients
// on OpenSSL refuse the bank's SHA-1 signature there and urllib3 2 has no
// suite for it (urllib3 2.7.0 here: "no ciphers available", before it sends
// anything), and the cure is the courier's alone: without its cap and its
// lowered minimum every client meets the bank at TLS 1.2 or 1.3. They said
// the bank must speak TLS 1.2 (which it does), and showed the capped call
// as the one that works.
func TestLegacyReached(t *testing.T) {
	for _, bankMax := range []scenario.Version{"", scenario.TLS12} {
		s := scenario.Lookup("verify-true").At(scenario.PresetClock)
		s.Client.MinVersion, s.Client.MaxVersion, s.Server.MinVersion, s.Server.MaxVersion = scenario.TLS10, scenario.TLS11, scenario.TLS10, bankMax
		name := "bank 1.0-" + string(bankMax)
		tr := run(t, s)
		r := NewReport(tr)
		for _, client := range []string{Requests, Curl, OpenSSL, Node, GoNetHTTP} {
			v, err := Lens(r, client)
			if err != nil {
				t.Fatal(err)
			}
			if sum := v.Fix.Summary; !strings.HasPrefix(sum, "Remove the courier's cap below TLS 1.2") || strings.Contains(sum, "bank must") || v.Fix.Side != "client" || v.Reason == "" {
				t.Errorf("%s, %s's lens: %q (%s), fix (%s) %q", name, client, v.Headline, v.Reason, v.Fix.Side, sum)
			}
		}
		if m := r.Clients[Requests].Message; !strings.Contains(m, "[SSL: NO_CIPHERS_AVAILABLE] no ciphers available") {
			t.Errorf("%s: requests prints %q", name, m)
		}
		fixed, side, ok := Fixed(tr)
		if !ok || side != "client" || fixed.Client.MaxVersion != "" || fixed.Client.MinVersion != "" || fixed.Server.MaxVersion != bankMax {
			t.Fatalf("%s: cure (%v, %s) %+v", name, ok, side, fixed)
		}
		if o := run(t, fixed).Outcome; !o.OK {
			t.Errorf("%s: the cure, played, fails: %v", name, o.Reason)
		}
	}
}
