package export

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// When an imposter answers, the kit names its chain and key as the imposter's,
// and fixed/ is the real bank answering: it never trusts the imposter.
func TestImposterKit(t *testing.T) {
	for _, verify := range []scenario.Verify{scenario.VerifyFalse, scenario.VerifyTrue} {
		t.Run(string(verify), func(t *testing.T) {
			s := scenario.Lookup("verify-false-mitm").At(scenario.PresetClock)
			s.Client.Verify = verify
			set, err := Build(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{}
			for _, f := range set.Files {
				files[f.Name] = f.Data
			}
			readme := strings.Join(strings.Fields(string(files[ReadmeFile])), " ") // columns aside
			for _, want := range []string{"server-chain.pem what the imposter sends", "server.key the imposter's private key", "the imposter answering for the bank (openssl s_server)"} {
				if !strings.Contains(readme, want) {
					t.Errorf("README.txt has no %q", want)
				}
			}
			if strings.Contains(readme, "the bank's private key") {
				t.Errorf("README.txt calls the imposter's key the bank's")
			}
			if verify == scenario.VerifyFalse {
				return // its cure is verification, which refuses the imposter
			}
			var fixed scenario.Scenario
			if err := json.Unmarshal(files[FixedDir+"/"+ScenarioFile], &fixed); err != nil {
				t.Fatalf("fixed/%s: %v", ScenarioFile, err)
			}
			if fixed.Imposter != nil || slices.Contains(fixed.Client.Bundle, s.Imposter.Send[0]) {
				t.Errorf("fixed/ keeps or trusts the imposter: imposter %v, bundle %v", fixed.Imposter, fixed.Client.Bundle)
			}
		})
	}
}

// Two checks fail: fixed/ carries every failed check's cure, so its scenario
// replays to a working handshake.
func TestFixedCuresEveryFailure(t *testing.T) {
	s := scenario.Lookup("expired").At(scenario.PresetClock)
	s.Client.Dial = "wrong.example"
	set, err := Build(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range set.Files {
		if f.Name != FixedDir+"/"+ScenarioFile {
			continue
		}
		var fixed scenario.Scenario
		if err := json.Unmarshal(f.Data, &fixed); err != nil {
			t.Fatal(err)
		}
		tr, err := handshake.Run(context.Background(), &fixed)
		if err != nil {
			t.Fatal(err)
		}
		if !tr.Outcome.OK {
			t.Errorf("fixed/ fails: %s (%s)", tr.Outcome.Reason, tr.Outcome.Detail)
		}
		return
	}
	t.Error("no fixed/" + ScenarioFile)
}
