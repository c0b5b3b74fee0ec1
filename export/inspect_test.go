package export

import (
	"context"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// fileData is the named file of an export set.
func fileData(t *testing.T, files []File, name string) []byte {
	t.Helper()
	for _, f := range files {
		if f.Name == name {
			return f.Data
		}
	}
	t.Fatalf("no %s in the export set", name)
	return nil
}

// Every story's chain, exported (server-chain.pem, with ca.pem as the
// bundle) and pasted back into the inspection, gets the story's verdict and
// reason, and so does its twin's kit: what the courier made of it in the handshake, the pasted chain gets
// from the inspection. Where the story's verdict is not the courier's verdict
// on the chain, the inspection says what that chain alone is:
//   - verify=False checks nothing; the inspection verifies as verify=True
//     would, and says what the story's advisory checks said;
//   - a refusal by the bank (of the courier's badge), a badge the courier could
//     not load and a failed negotiation are about no chain the bank sends: its
//     chain is fine, and the inspection says so.
func TestExportedChainsInspectAsTheirStories(t *testing.T) {
	var chain, advisory, notChain []string
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) {
			s := p.At(scenario.PresetClock)
			set, err := Build(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			ins, err := handshake.Inspect(handshake.ChainInput{
				Chain: fileData(t, set.Files, ServerChainFile),
				Roots: fileData(t, set.Files, CAFile),
				Name:  s.Client.Dial,
				Now:   s.Now,
			})
			if err != nil {
				t.Fatal(err)
			}
			story, got := set.Trace.Outcome, ins.Trace.Outcome
			want := story.Reason
			switch {
			case story.Reason == handshake.RevokedUnchecked:
				// What a CA revoked is in its CRL and OCSP answers, not in the
				// chain: pasted, the chain verifies.
				want = handshake.OK
				notChain = append(notChain, p.ID+" ("+story.Reason.String()+")")
			case s.Client.Verify == scenario.VerifyFalse:
				want = handshake.OK
				for _, st := range set.Trace.Steps {
					if st.Kind == handshake.KindCheck && st.Side == handshake.Client && st.Advisory && st.Reason != nil {
						want = *st.Reason
						break
					}
				}
				advisory = append(advisory, p.ID)
			case s.Resolve(scenario.ReaderRequests).Overridden:
				// ca.pem is the Session's bundle, which a variable overrides:
				// the chain verifies against it, as the story's fix shows.
				want = handshake.OK
				chain = append(chain, p.ID)
			case story.OK || story.Side != nil && *story.Side == handshake.Client && story.Stage == handshake.StageHandshake && story.Check >= 0 && set.Trace.Steps[story.Check].Kind == handshake.KindCheck:
				chain = append(chain, p.ID)
			default:
				want = handshake.OK
				notChain = append(notChain, p.ID+" ("+story.Reason.String()+")")
			}
			if got.Reason != want || got.OK != (want == handshake.OK) {
				t.Errorf("inspected: ok=%v %s (%s); the story: ok=%v %s, so want %s", got.OK, got.Reason, got.Detail, story.OK, story.Reason, want)
			}
			// The twin of the pasted chain, played for real as its kit is
			// made, gets its verdict.
			twin, err := ins.Twin()
			if err != nil {
				t.Fatalf("no twin: %v", err)
			}
			kit, err := Build(context.Background(), twin.Scenario)
			if err != nil {
				t.Fatal(err)
			}
			tr := kit.Trace
			fileData(t, kit.Files, "run-server.sh")
			if tr.Outcome.Reason != got.Reason || tr.Outcome.OK != got.OK {
				t.Errorf("the twin: ok=%v %s (%s); the pasted chain: ok=%v %s", tr.Outcome.OK, tr.Outcome.Reason, tr.Outcome.Detail, got.OK, got.Reason)
			}
		})
	}
	t.Logf("%d stories verify or fail on their chain and inspect alike: %s", len(chain), strings.Join(chain, ", "))
	t.Logf("%d with verify=False inspect as verify=True would judge them: %s", len(advisory), strings.Join(advisory, ", "))
	t.Logf("%d fail elsewhere than the bank's chain, which inspects as ok: %s", len(notChain), strings.Join(notChain, ", "))
}

// The twin of a chain pasted with its URL asks for that URL's path, never its
// query: in the calls shown and in every script of its kit, quoted as each
// writes a value. A host given alone names no path: the twin asks for the
// playground bank's vault.
func TestTwinAsksForThePastedPath(t *testing.T) {
	s := scenario.Lookup("custom-ca-bundle").At(scenario.PresetClock)
	set, err := Build(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, path string }{
		{"https://" + s.Client.Dial + "/", "/"},
		{"https://" + s.Client.Dial + ":8443/api/v1/it's?token=s3cret", "/api/v1/it%27s"},
		{s.Client.Dial, "/vault"},
	} {
		ins, err := handshake.Inspect(handshake.ChainInput{Chain: fileData(t, set.Files, ServerChainFile), Roots: fileData(t, set.Files, CAFile), Name: tc.name, Now: s.Now})
		if err != nil {
			t.Fatal(err)
		}
		twin, err := ins.Twin()
		if err != nil {
			t.Fatal(err)
		}
		if err := twin.Scenario.Validate(); err != nil {
			t.Fatalf("%s: the twin: %v", tc.name, err)
		}
		kit, err := Build(context.Background(), twin.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		if !kit.Trace.Outcome.OK {
			t.Errorf("%s: the twin: %s", tc.name, kit.Trace.Outcome.Reason)
		}
		for file, want := range map[string]string{
			ClientPyFile: `f"https://{HOST}:{PORT}` + tc.path + `"`,
			SClientFile:  `'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' ` + explain.ShellQuote(tc.path) + ` "$HOST"`,
			CurlFile:     tc.path,
			ClientJSFile: tc.path,
		} {
			if data := string(fileData(t, kit.Files, file)); !strings.Contains(data, want) || strings.Contains(data, "s3cret") || tc.path != "/vault" && strings.Contains(data, "/vault") {
				t.Errorf("%s: %s holds no %q (or holds the query, or /vault):\n%s", tc.name, file, want, data)
			}
		}
	}
}
