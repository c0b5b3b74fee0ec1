package export

import (
	"context"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
)

// client.py injects truststore before it imports requests, for the call that
// uses it (os-trust-store's fixed one): imported after requests, truststore's
// context recursed at the first call (truststore 0.9, requests 2.32+).
func TestKitTruststoreFirst(t *testing.T) {
	set, err := Build(context.Background(), scenario.Lookup("os-trust-store").At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	py := string(set.File(ClientPyFile))
	inject, imports := strings.Index(py, explain.TruststoreInject), strings.Index(py, "import requests")
	if inject < 0 || imports < 0 || inject > imports || strings.Count(py, explain.TruststoreInject) != 1 {
		t.Errorf("client.py injects truststore at %d, imports requests at %d:\n%s", inject, imports, py)
	}
	if !strings.Contains(py, "if sys.argv[1:] == [\"fixed\"]:\n    try:\n        import truststore") {
		t.Errorf("client.py injects truststore for the story's call too:\n%s", py)
	}
}
