package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/flow"
)

// A requests traceback after SSL_CERT_FILE=… (which requests does not read)
// is told so above its stories, and none of them shows the variable as what
// it matched; after REQUESTS_CA_BUNDLE=…, the stories whose courier names a
// bundle, first, show that line marked among the lines matched.
func TestPasteBundleLine(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "explain", "testdata", "match", "requests-ssl-cert-file.txt"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := flow.New()
	if err != nil {
		t.Fatal(err)
	}
	marked := func(row PasteRow, part string) bool {
		return slices.ContainsFunc(row.Lines, func(line []PastePart) bool {
			return slices.ContainsFunc(line, func(p PastePart) bool { return p.Mark && strings.Contains(p.Text, part) })
		})
	}
	for _, tt := range []struct {
		variable string
		bundle   bool
	}{
		{"SSL_CERT_FILE", false},
		{"REQUESTS_CA_BUNDLE", true},
	} {
		text := strings.Replace(string(b), "SSL_CERT_FILE=", tt.variable+"=", 1)
		answer, err := e.Match(context.Background(), text)
		if err != nil || len(answer.Matches) == 0 {
			t.Fatalf("%s: %v, %d matches", tt.variable, err, len(answer.Matches))
		}
		v := PasteOf(text, answer.Matches)
		if said := strings.Contains(v.Note, "Your text sets SSL_CERT_FILE, which requests does not read"); said == tt.bundle {
			t.Errorf("%s: the note says requests does not read it: %v\n%s", tt.variable, said, v.Note)
		}
		if said := strings.Contains(v.Note, explain.BundleNamedWords); said != tt.bundle {
			t.Errorf("%s: the note says the text names the bundle read: %v\n%s", tt.variable, said, v.Note)
		}
		for i, row := range v.Rows {
			if shown := marked(row, tt.variable+"=/tmp/review/pki/os-store.pem"); shown != answer.Matches[i].Bundle || i == 0 && shown != tt.bundle {
				t.Errorf("%s: %s (bundle %v) shows the line setting it marked: %v\n%v", tt.variable, row.ID, answer.Matches[i].Bundle, shown, row.Lines)
			}
		}
	}
	// requests' own call naming the bundle: the note speaks of that call's
	// file, and the first stories show its line marked.
	call := "$ python3 p5.py\n  File \"p5.py\", line 3, in <module>\n    requests.get(\"https://api.internal.test/\", verify=\"/etc/ssl/company.pem\")\n" +
		string(b)[strings.Index(string(b), "\n")+1:]
	answer, err := e.Match(context.Background(), call)
	if err != nil || len(answer.Matches) == 0 {
		t.Fatalf("verify= on the call: %v, %d matches", err, len(answer.Matches))
	}
	v := PasteOf(call, answer.Matches)
	if !strings.Contains(v.Note, explain.CallBundleWords) {
		t.Errorf("verify= on the call: the note does not speak of the call's file:\n%s", v.Note)
	}
	for i, row := range v.Rows {
		if shown := marked(row, `verify="/etc/ssl/company.pem`); shown != (answer.Matches[i].Rank == 1) {
			t.Errorf("verify= on the call: %s (rank %d) shows the call's line marked: %v\n%v", row.ID, answer.Matches[i].Rank, shown, row.Lines)
		}
	}
}
