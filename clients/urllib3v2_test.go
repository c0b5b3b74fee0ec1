//go:build unix && urllib3v2

package clients

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/scenario"
)

// TestURLLib3v2 checks the "requests" (urllib3 2.x) predictions by hand, with an
// interpreter Debian does not ship: TLSPLAY_URLLIB3_2_PYTHON names a python3
// whose requests runs on urllib3 2 (say, pyenv's). It is built only with the
// urllib3v2 tag: the automated proof runs Debian's urllib3 1.26, and a check
// asked for without its interpreter fails rather than skips.
//
//	TLSPLAY_URLLIB3_2_PYTHON=$(pyenv which python3) go test -tags urllib3v2 ./clients -run TestURLLib3v2 -v
func TestURLLib3v2(t *testing.T) {
	py := os.Getenv("TLSPLAY_URLLIB3_2_PYTHON")
	if py == "" {
		t.Fatal("TLSPLAY_URLLIB3_2_PYTHON is not set: name a python3 whose requests runs on urllib3 2")
	}
	out, err := exec.Command(py, "-c", "import requests, urllib3; print(urllib3.__version__)").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "2.") {
		t.Fatalf("%s has no requests on urllib3 2: %v %s", py, err, out)
	}
	t.Logf("urllib3 %s", strings.TrimSpace(string(out)))
	check := func(t *testing.T, p *scenario.Preset, edit func(*scenario.Scenario)) {
		w := realWorld(t, p, edit)
		r := Run{Dir: w.dir, Port: w.server.Port, S: w.set.Material.Scenario}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		res, err := command(ctx, r, py, kitArgs(r, export.ClientPyFile)...)
		if err != nil {
			t.Fatal(err)
		}
		o, err := parsePy(res.stdout)
		if err != nil {
			t.Fatalf("%v: %s%s", err, res.stdout, res.stderr)
		}
		o.Message = Mask(o.Message, r.Port)
		p2 := predicted(w.set)[explain.Requests]
		if o.OK != p2.OK || o.Class != p2.Class || o.Message != p2.Message {
			t.Errorf("real client and prediction differ\n  real:      ok=%v class=%q\n             %s\n  predicted: ok=%v class=%q\n             %s",
				o.OK, o.Class, o.Message, p2.OK, p2.Class, p2.Message)
		}
	}
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) { check(t, p, nil) })
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) { check(t, scenario.Lookup(v.preset), v.edit) })
	}
}
