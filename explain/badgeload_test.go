package explain

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// A badge OpenSSL refuses as the program loads it (clients' mtls-badge-*
// variants prove the words): the OpenSSL-based clients say that, before
// anything the bank or their own checks would say, in their order of
// loading; Go loads it; Node too for an RSA-1024 key (security level 1).
// The fix, the lens and the cure reissue the badge, whatever Go refuses.
func TestBadgeRefusedAtLoad(t *testing.T) {
	weak := func(s *scenario.Scenario) { s.Spec(scenario.BadgeName).Key = pki.RSA1024 }
	sha1 := func(s *scenario.Scenario) { s.Spec(scenario.BadgeName).Hash = pki.SHA1 }
	const ee, md = "ee key too small", "ca md too weak"
	for _, tc := range []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		// refuses is what each client refuses its badge for, as it loads
		// it ("" where it loads it, or meets something else first).
		refuses map[string]string
		goOK    bool
	}{
		{"a badge signed with SHA-1", "mtls-ok", sha1,
			map[string]string{Requests: md, Requests1: md, Curl: md, OpenSSL: md, Node: md}, false},
		{"a badge with an RSA-1024 key", "mtls-ok", weak,
			map[string]string{Requests: ee, Requests1: ee, Curl: ee, OpenSSL: ee}, true},
		{"a badge with both", "mtls-ok", func(s *scenario.Scenario) { weak(s); sha1(s) },
			map[string]string{Requests: ee, Requests1: ee, Curl: ee, OpenSSL: ee, Node: md}, false},
		{"an RSA-1024 badge with verify=False", "mtls-ok", func(s *scenario.Scenario) {
			weak(s)
			s.Client.Verify = scenario.VerifyFalse
		}, map[string]string{Requests: ee, Requests1: ee, Curl: ee, OpenSSL: ee}, true},
		{"an RSA-1024 badge and an untrusted root", "mtls-ok", func(s *scenario.Scenario) {
			weak(s)
			s.Spec(scenario.Root).Public = false
		}, map[string]string{Requests: ee, Requests1: ee, Curl: ee, OpenSSL: ee}, false},
		{"an expired SHA-1 badge", "mtls-expired-client", sha1,
			map[string]string{Requests: md, Requests1: md, Curl: md, OpenSSL: md, Node: md}, false},
		// s_client reads the key first; urllib3 looks for an encrypted
		// key before it loads anything.
		{"a SHA-1 badge without its key", "mtls-cert-without-key", sha1,
			map[string]string{Requests: md, Requests1: md, Curl: md, Node: md}, false},
		{"a SHA-1 badge with an encrypted key", "mtls-encrypted-key", sha1,
			map[string]string{Curl: md, Node: md}, false},
		{"an RSA-1024 badge with another key", "mtls-key-mismatch", weak,
			map[string]string{Requests: ee, Requests1: ee, Curl: ee, OpenSSL: ee}, false},
		// The bank's own RSA-1024 key is the bank's to reissue, past the
		// badge.
		{"an RSA-1024 badge and bank key", "mtls-ok", func(s *scenario.Scenario) {
			weak(s)
			s.Spec(scenario.Leaf).Key = pki.RSA1024
		}, map[string]string{Requests: ee, Requests1: ee, Curl: ee, OpenSSL: ee}, true},
		{"an RSA-1024 badge and bank key, an untrusted root", "mtls-ok", func(s *scenario.Scenario) {
			weak(s)
			s.Spec(scenario.Leaf).Key = pki.RSA1024
			s.Spec(scenario.Root).Public = false
		}, map[string]string{Requests: ee, Requests1: ee, Curl: ee, OpenSSL: ee}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup(tc.preset).At(scenario.PresetClock)
			tc.edit(s)
			tr, r := playedThen(t, s)
			if tr.Outcome.OK != tc.goOK {
				t.Fatalf("Go: ok=%v (%s)", tr.Outcome.OK, tr.Outcome.Reason)
			}
			for _, client := range ClientKeys {
				got, want := r.Clients[client], tc.refuses[client]
				if refused := !got.OK && strings.Contains(got.Message, want); want != "" && !refused {
					t.Errorf("%s: %v %q %q, want it to refuse its badge: %s", client, got.OK, got.Class, got.Message, want)
				}
				if want == "" && (strings.Contains(got.Message, ee) || strings.Contains(got.Message, md)) {
					t.Errorf("%s: %q, want no refusal as it loads", client, got.Message)
				}
				if want != "" && !strings.Contains(got.Note, "security level") {
					t.Errorf("%s's note says no security level: %q", client, got.Note)
				}
				// Node loads it, says a note, only where Node's own
				// verdict loads it.
				if _, nodeRefuses := tc.refuses[Node]; want != "" && strings.Contains(got.Note, "so does Node") == nodeRefuses {
					t.Errorf("%s's note, Node refusing it %v: %q", client, nodeRefuses, got.Note)
				}
			}
			if tc.goOK && !strings.Contains(r.Clients[GoNetHTTP].Note, "Go loads") {
				t.Errorf("Go's note: %q", r.Clients[GoNetHTTP].Note)
			}
			fix := r.Explanation.Fix
			if !strings.Contains(fix.Summary, "reissued") || fix.Side == "server" {
				t.Errorf("the fix reissues no badge, side %s:\n%s", fix.Side, fix.Summary)
			}
			if bank := s.Spec(scenario.Leaf).Key == pki.RSA1024; bank && (!strings.Contains(fix.Summary, "reissue bank.example") || fix.Side != "both") {
				t.Errorf("the fix reissues not the bank's weak key too, side %s:\n%s", fix.Side, fix.Summary)
			}
			if _, nodeRefuses := tc.refuses[Node]; tc.goOK && !nodeRefuses && tr.Outcome.Reason.String() == "ok" && !strings.HasPrefix(fix.Summary, "Nothing to fix for Go and Node, which load your certificate") {
				t.Errorf("the fix of a connection Go and Node make:\n%s", fix.Summary)
			}
			if strings.Contains(r.Explanation.Technical+fix.Summary, "does not verify it") {
				t.Errorf("the key's size said as a check the bank skips:\n%s", r.Explanation.Technical)
			}
			for client := range tc.refuses {
				if !IsLensClient(client) {
					continue
				}
				v, err := Lens(r, client)
				if err != nil {
					t.Fatal(err)
				}
				if v.Reason != "badge_too_weak" || !strings.Contains(v.Fix.Summary, "reissued") || v.Fix.Side == "server" {
					t.Errorf("%s's lens: %s, side %s: %s", client, v.Reason, v.Fix.Side, v.Fix.Summary)
				}
				if bank := s.Spec(scenario.Leaf).Key == pki.RSA1024; bank && (!strings.Contains(v.Fix.Summary, "reissue bank.example") || v.Fix.Side != "both") {
					t.Errorf("%s's lens reissues not the bank's weak key too, side %s: %s", client, v.Fix.Side, v.Fix.Summary)
				}
			}
			c, ok, err := Cured(tr, player(t, new(int)))
			if !ok || err != nil {
				t.Fatalf("no cure (%v)", err)
			}
			cured := run(t, c.Scenario)
			if b := c.Scenario.Spec(scenario.BadgeName); b.Key == pki.RSA1024 || b.Hash == pki.SHA1 || c.Scenario.Spec(scenario.Leaf).Key == pki.RSA1024 || !cured.Outcome.OK {
				t.Errorf("the cure keeps a badge OpenSSL refuses (%s, %s), or fails: %s", b.Key, b.Hash, cured.Outcome.Reason)
			}
			for client, v := range Clients(cured) {
				if !v.OK {
					t.Errorf("%s refuses the cure: %s", client, v.Message)
				}
			}
		})
	}
}

// Once its badge loads, a client meets what it would have met: the lens of
// a client refusing to load its badge cures that too, in its own terms,
// where it is not Go's refusal of the same badge.
func TestLoadedThenMeets(t *testing.T) {
	sha1 := func(s *scenario.Scenario) { s.Spec(scenario.BadgeName).Hash = pki.SHA1 }
	weak := func(s *scenario.Scenario) { s.Spec(scenario.BadgeName).Key = pki.RSA1024 }
	for _, tc := range []struct {
		name, client string
		edit         func(*scenario.Scenario)
		words        string // in the lens's fix
	}{
		{"s_client sends the name's final dot", OpenSSL, func(s *scenario.Scenario) {
			sha1(s)
			s.Client.Dial += "."
		}, "-servername bank.example"},
		{"requests refuses a name in the Common Name alone", Requests, func(s *scenario.Scenario) {
			weak(s)
			s.Spec(scenario.Leaf).DNSNames = nil
		}, "as a Subject Alternative Name"},
		{"verify=False", Curl, func(s *scenario.Scenario) {
			weak(s)
			s.Client.Verify = scenario.VerifyFalse
		}, "drop -k: the bank's certificate passes every check verification makes"}, // curl's words, not requests' verify=False
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup("mtls-ok").At(scenario.PresetClock)
			tc.edit(s)
			_, r := playedThen(t, s)
			v, err := Lens(r, tc.client)
			if err != nil {
				t.Fatal(err)
			}
			if v.Reason != string(CauseBadgeTooWeak) || !strings.Contains(v.Fix.Summary, "reissued") || !strings.Contains(v.Fix.Summary, tc.words) {
				t.Errorf("%s: %s\n%s", tc.client, v.Reason, v.Fix.Summary)
			}
		})
	}
}

// Each cure is said once, for a badge with any of an RSA-1024 key, a SHA-1
// signature, an expiry and an issuer the bank does not trust, under each
// client's lens and in Go's fix: the reissue of a badge refused at load
// (its key and its signature at once) is said once, and what the client
// meets once it loads never repeats what that reissue cures.
func TestBadgeCuresOnce(t *testing.T) {
	cures := []string{"reissued", "Renew the badge", "get a badge issued by"}
	for m := 1; m < 16; m++ {
		weak, sha1, expired, wrongCA := m&1 != 0, m&2 != 0, m&4 != 0, m&8 != 0
		name := fmt.Sprintf("rsa1024=%v sha1=%v expired=%v wrongCA=%v", weak, sha1, expired, wrongCA)
		t.Run(name, func(t *testing.T) {
			base := "mtls-ok"
			if wrongCA {
				base = "mtls-wrong-ca"
			}
			s := scenario.Lookup(base).At(scenario.PresetClock)
			b := s.Spec(scenario.BadgeName)
			if weak {
				b.Key = pki.RSA1024
			}
			if sha1 {
				b.Hash = pki.SHA1
			}
			if expired {
				b.NotBefore, b.NotAfter = -372, -7
			}
			tr, r := playedThen(t, s)
			// A badge reissued is issued anew, dates and all: the
			// reissue of one out of date puts it in date, and is the
			// one cure said, never a renewal beside it.
			if weak || sha1 {
				cured := s.Clone()
				if !reissueBadge(newFacts(tr), cured) {
					t.Fatal("the badge OpenSSL refuses to load is not reissued")
				}
				if c := cured.Spec(scenario.BadgeName); c.NotAfter < 0 || c.NotBefore > 0 || c.Key == pki.RSA1024 || c.Hash == pki.SHA1 {
					t.Errorf("the reissued badge: key %s, hash %s, valid from day %d to day %d", c.Key, c.Hash, c.NotBefore, c.NotAfter)
				}
			}
			fixes := map[string]string{"Go's explanation": r.Explanation.Fix.Summary}
			for _, c := range LensClients {
				v, err := Lens(r, c)
				if err != nil {
					t.Fatal(err)
				}
				fixes[c+"'s lens"] = v.Fix.Summary
				// Go's bank refusing the SHA-1 signature the client
				// refuses to load is no other reason.
				if sha1 && !expired && !wrongCA && strings.Contains(v.Disagree, "another reason") {
					t.Errorf("%s's lens: %s", c, v.Disagree)
				}
			}
			for who, fix := range fixes {
				seen := map[string]bool{}
				for _, sentence := range strings.Split(fix, ". ") {
					if seen[sentence] {
						t.Errorf("%s says %q twice:\n%s", who, sentence, fix)
					}
					seen[sentence] = true
				}
				for _, cure := range cures {
					if n := strings.Count(strings.ToLower(fix), strings.ToLower(cure)); n > 1 {
						t.Errorf("%s says %q %d times:\n%s", who, cure, n, fix)
					}
				}
				if (weak || sha1) && expired && strings.Contains(strings.ToLower(fix), "renew") {
					t.Errorf("%s renews the badge it reissues, two cures of one:\n%s", who, fix)
				}
				if _, next, ok := strings.Cut(fix, thenLoaded); ok {
					for _, cured := range []string{"SHA-1", "RSA-1024", "reissued"} {
						if strings.Contains(next, cured) {
							t.Errorf("%s: what it meets once its badge loads says %q, which the reissue cures:\n%s", who, cured, fix)
						}
					}
				}
			}
		})
	}
}

// A badge OpenSSL refused as the client loaded it (requests' cert=, as
// the real requests prints it: the traceback of load_cert_chain chained
// under adapters.py's raise SSLError) is headed by that refusal, not by
// what the story's Go bank says of a badge it saw, and its note says what
// the story plays: Go's courier showing the badge, the OpenSSL-based
// clients refusing to load it under their lens.
func TestBadgeLoadMatchWords(t *testing.T) {
	m := matcher(t)
	const tail = "  File \"/usr/lib/python3/dist-packages/urllib3/util/ssl_.py\", line 427, in ssl_wrap_socket\n    context.load_cert_chain(certfile, keyfile)\n" +
		"ssl.SSLError: [SSL: %[1]s] %[2]s (_ssl.c:3905)\n\nDuring handling of the above exception, another exception occurred:\n\n" +
		"  File \"/usr/lib/python3/dist-packages/requests/adapters.py\", line 727, in send\n    raise SSLError(e, request=request)\n" +
		"requests.exceptions.SSLError: HTTPSConnectionPool(host='127.0.0.1', port=24501): Max retries exceeded with url: / (Caused by SSLError(SSLError(398, '[SSL: %[1]s] %[2]s (_ssl.c:3905)')))"
	for _, tt := range []struct {
		story, code, words, head string
		says                     []string
	}{
		{"mtls-sha1-badge", "CA_MD_TOO_WEAK", "ca md too weak", "Your client refused to load its badge",
			[]string{"bank never saw it", "whose bank, a Go server, refuses to verify its SHA-1 signature", "refuse to load it, as the story shows under their lens"}},
		{"mtls-rsa1024-badge", "EE_KEY_TOO_SMALL", "ee key too small", "Your client refused to load its badge",
			[]string{"bank never saw it", "whose bank accepts it", "Node, whose own OpenSSL runs at security level 1, loads it"}},
	} {
		ms, err := m.Match(fmt.Sprintf(tail, tt.code, tt.words))
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].ID != tt.story {
			t.Fatalf("%s: matches %v, want %s first", tt.story, ms, tt.story)
		}
		h := ms[0].Headline
		if !strings.HasPrefix(h, tt.head) || strings.Contains(h, "The bank refused") || strings.Contains(h, "very refusal") || strings.Contains(h, "will not check") {
			t.Errorf("%s: %q, want it to start %q and not say the bank refused it or the story plays the load refusal", tt.story, h, tt.head)
		}
		for _, s := range tt.says {
			if !strings.Contains(h, s) {
				t.Errorf("%s: %q, want it to say %q", tt.story, h, s)
			}
		}
	}
	// Go's bank refuses to verify a SHA-1 signature: it does check it.
	for _, c := range []string{Requests, Curl, Node} {
		if v := presetLens(t, "mtls-sha1-badge", c); strings.Contains(v.Disagree, "will not check") || !strings.Contains(v.Disagree, "refuses to verify a SHA-1 signature") {
			t.Errorf("mtls-sha1-badge as %s: %q", c, v.Disagree)
		}
	}
}

// Where each client refuses its badge as it loads it is said once a
// client (urllib3 1's requests is requests), and in what the client prints:
// requests' last traceback ends in adapters.py's raise SSLError, only the
// first of the chained ones in load_cert_chain (a real requests cert=
// error, a badge signed with SHA-1).
func TestLoadWhereWords(t *testing.T) {
	seen := map[string]string{}
	for c, w := range loadWhere {
		if other, ok := seen[w]; ok {
			t.Errorf("%s and %s share their words: %q", c, other, w)
		}
		seen[w] = c
	}
	v := presetLens(t, "mtls-sha1-badge", Requests)
	for _, want := range []string{"the first ends in load_cert_chain", "adapters.py's raise SSLError"} {
		if !strings.Contains(v.Technical, want) || strings.Contains(v.Technical, "its traceback ends in it") {
			t.Errorf("mtls-sha1-badge as requests: %q, want it to say %q", v.Technical, want)
		}
	}
}
