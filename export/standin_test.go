package export

import (
	"context"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
)

// assigned are the values a kit's program gives name, in order: the fixed
// story's first, where it has one, then the story's.
func assigned(program, name string) []string {
	var values []string
	for _, line := range strings.Split(program, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimLeft(line, " \t"), name); ok {
			values = append(values, v)
		}
	}
	return values
}

// The kit's couriers print, in the story's run, the story's own call (the
// page's, the README's "as the story"), not the kit's, which passes ca.pem
// in place of the store the call reads by default (the playground's public
// root is in none): a story without verify= printed the fixed run's
// verify="ca.pem", so the fix read as failing. Where the kit's call stands
// ca.pem in, a note under it says so, in each of the four couriers.
func TestKitPrintsTheStorysOwnCall(t *testing.T) {
	for _, p := range scenario.Presets {
		s := p.At(scenario.PresetClock)
		set, err := Build(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		py, js := string(set.File(ClientPyFile)), string(set.File(ClientJSFile))
		pyCalls, jsCalls := assigned(py, "CALL = "), assigned(js, "CALL = ")
		pyNotes, jsNotes := assigned(py, "NOTE = "), assigned(js, "NOTE = ")
		curlNotes, sClientNotes := assigned(string(set.File(CurlFile)), "NOTE="), assigned(string(set.File(SClientFile)), "NOTE=")
		if len(pyCalls) == 0 || len(jsCalls) != len(pyCalls) {
			t.Fatalf("%s: calls %q %q", p.ID, pyCalls, jsCalls)
		}
		story := len(pyCalls) - 1
		if got, want := strings.Contains(pyCalls[story], "verify="), strings.Contains(explain.RequestsCall(s, ""), "verify="); got != want {
			t.Errorf("%s: client.py shows the story's call as %s; the story's is %q", p.ID, pyCalls[story], explain.RequestsCall(s, ""))
		}
		if got, want := strings.Contains(jsCalls[story], "ca: "), strings.Contains(explain.NodeCall(s, "", explain.Target{}), "ca: "); got != want {
			t.Errorf("%s: client.js shows the story's call as %s; the story's is %q", p.ID, jsCalls[story], explain.NodeCall(s, "", explain.Target{}))
		}
		if p.ID == "internal-ca-default-bundle" && (len(pyCalls) != 2 || pyCalls[0] == pyCalls[1] || jsCalls[0] == jsCalls[1]) {
			t.Errorf("%s: the fixed call and the story's print alike, %q", p.ID, pyCalls)
		}
		if len(pyNotes) != len(pyCalls) || len(jsNotes) != len(jsCalls) || len(curlNotes) != len(pyCalls) || len(sClientNotes) != len(pyCalls) {
			t.Errorf("%s: notes %q %q %q %q, for calls %q", p.ID, pyNotes, jsNotes, curlNotes, sClientNotes, pyCalls)
			continue
		}
		// A note where, and only where, the call run passes ca.pem and
		// the story's does not.
		standIn := strings.Contains(assigned(py, "return session.get(")[story], "verify=") && !strings.Contains(pyCalls[story], "verify=")
		for _, notes := range [][]string{pyNotes, jsNotes, curlNotes, sClientNotes} {
			if said := strings.Contains(notes[story], "stands in here"); said != standIn {
				t.Errorf("%s: the story's note %s; want one: %v", p.ID, notes[story], standIn)
			}
		}
		if p.ID == "internal-ca-default-bundle" && pyNotes[0] != `""` {
			t.Errorf("%s: the fixed run notes %s", p.ID, pyNotes[0])
		}
	}
}
