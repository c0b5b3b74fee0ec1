package export

import (
	"context"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// README.txt offers to replay the cure only when there is one, and its file
// table keeps one column however long a file's name.
func TestReadmeFiles(t *testing.T) {
	for _, tc := range []struct {
		preset string
		fixed  bool
	}{{"verify-true", false}, {"expired", true}} {
		readme := presetReadme(t, tc.preset)
		if got := strings.Contains(readme, "[fixed]"); got != tc.fixed {
			t.Errorf("%s: README.txt offers [fixed]: %v, want %v", tc.preset, got, tc.fixed)
		}
		// The fixed bank listens where the story's does: the story's must stop
		// first, or the fixed couriers talk to it.
		if got := strings.Contains(strings.Join(strings.Fields(readme), " "), "once the story's bank is stopped with Ctrl-C"); got != tc.fixed {
			t.Errorf("%s: README.txt says to stop the story's bank before the fixed one: %v, want %v", tc.preset, got, tc.fixed)
		}
		table := readme[strings.Index(readme, "Files\n-----\n")+len("Files\n-----\n"):]
		column := -1
		for _, line := range strings.Split(strings.SplitN(table, "\n\n", 2)[0], "\n") {
			name := strings.Fields(line)[0]
			at := strings.Index(line, name) + len(name)
			at += len(line[at:]) - len(strings.TrimLeft(line[at:], " "))
			if column >= 0 && at != column {
				t.Errorf("%s: %q starts its description at column %d, not %d", tc.preset, line, at, column)
			}
			column = at
		}
	}
}

// A story whose badge key is encrypted warns that curl.sh and s_client.sh
// stop at their pass phrase prompt, which a person at a terminal meets, and
// says how to go on; other stories do not.
func TestReadmePassPhrase(t *testing.T) {
	for _, tc := range []struct {
		preset string
		prompt bool
	}{{"mtls-encrypted-key", true}, {"mtls-ok", false}} {
		readme := strings.Join(strings.Fields(presetReadme(t, tc.preset)), " ")
		for _, want := range []string{"prompt for its pass phrase", "Press Enter", "client.key_password"} {
			if got := strings.Contains(readme, want); got != tc.prompt {
				t.Errorf("%s: README.txt says %q: %v, want %v", tc.preset, want, got, tc.prompt)
			}
		}
	}
}

// presetReadme is the README.txt of the preset's export set.
func presetReadme(t *testing.T, preset string) string {
	t.Helper()
	set, err := Build(context.Background(), scenario.Lookup(preset).At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	return string(set.File(ReadmeFile))
}
