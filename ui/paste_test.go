package ui

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/scenario"
)

// The note above the stories a paste matches says how many and the best:
// it is a status a screen reader reads as it changes, and the list alone
// said nothing to one.
func TestPasteSaysWhatItMatched(t *testing.T) {
	two := []explain.Match{
		{ID: "expired", Title: "The bank's certificate has expired", Client: explain.Requests, Score: 0.98, Rank: 1},
		{ID: "expired-intermediate", Title: "The intermediate CA has expired", Client: explain.Requests, Score: 0.98, Rank: 2},
	}
	if got, want := PasteOf("certificate has expired", two).Note, "It matches 2 stories, below, best first: The bank's certificate has expired, from Python requests (urllib3 2)."; got != want {
		t.Errorf("two stories: %q, want %q", got, want)
	}
	if got, want := PasteOf("certificate has expired", two[:1]).KeyTaken().Note, PasteKeyTaken+" It matches 1 story, below: The bank's certificate has expired, from Python requests (urllib3 2)."; got != want {
		t.Errorf("one story and a key: %q, want %q", got, want)
	}
}

func TestPasteOf(t *testing.T) {
	long := "2025-03-14 09:12:44,301 ERROR [celery.worker:88] sync_invoices failed: "
	curl := "curl: (60) SSL certificate problem: certificate has expired"
	node := "Error: certificate has expired\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34) {\n  code: 'CERT_HAS_EXPIRED'\n}"
	at := func(text, part string) explain.Span {
		i := strings.Index(text, part)
		return explain.Span{Start: i, End: i + len(part)}
	}
	for _, tt := range []struct {
		name    string
		text    string
		matches []explain.Match
		want    PasteView
	}{
		{"nothing matched", "hello", nil, PasteView{Note: PasteNoMatch}},
		{"an error no story plays", "curl: (35) error:0A00010B:SSL routines::wrong version number", nil,
			PasteView{Note: explain.Unmatched("wrong version number")}},
		{
			"a line in a log", long + curl + " (retrying in 60s, attempt 3 of 5)\nnext line",
			[]explain.Match{{ID: "expired", Title: "The bank's certificate has expired", Headline: "A certificate in the chain has expired", Client: explain.Curl, Score: 0.996, Rank: 1,
				Spans: []explain.Span{at(long+curl, curl)}}},
			PasteView{Note: "It matches 1 story, below: The bank's certificate has expired, from curl.", Rows: []PasteRow{{ID: "expired", Title: "The bank's certificate has expired", Headline: "A certificate in the chain has expired",
				Client: "curl", Score: "100%", Lens: "curl", Href: "#expired?client=curl", Lines: [][]PastePart{{
					{Text: "…celery.worker:88] sync_invoices failed: "}, {Text: curl, Mark: true}, {Text: " (retrying in 60s, attempt 3 of 5)"},
				}}}}},
		},
		{
			"two lines, context cut on the right", node,
			[]explain.Match{{ID: "expired", Client: explain.Node, Score: 0.5, Rank: 1,
				Spans: []explain.Span{at(node, "certificate has expired"), at(node, "CERT_HAS_EXPIRED")}}},
			PasteView{Note: "It matches 1 story, below: expired, from Node.js https.", Rows: []PasteRow{{ID: "expired", Client: "Node.js https", Score: "50%", Lens: "node", Href: "#expired?client=node", Lines: [][]PastePart{
				{{Text: "Error: "}, {Text: "certificate has expired", Mark: true}},
				{{Text: "  code: '"}, {Text: "CERT_HAS_EXPIRED", Mark: true}, {Text: "'"}},
			}}}},
		},
		{
			// An answer whose spans do not fit the text shows no line for them.
			"spans out of the text", "short",
			[]explain.Match{{ID: "expired", Client: explain.GoNetHTTP, Score: 0.7, Spans: []explain.Span{{Start: 3, End: 99}, {Start: -1, End: 2}, {Start: 4, End: 4}}}},
			PasteView{Note: "It matches 1 story, below: expired, from Go net/http.", Rows: []PasteRow{{ID: "expired", Client: "Go net/http", Score: "70%", Lens: "go", Href: "#expired?client=go"}}},
		},
		{
			// urllib3 1's requests opens through requests, the default: the
			// link names no client.
			"requests with urllib3 1", "short",
			[]explain.Match{{ID: "hostname-mismatch", Client: explain.Requests1, Score: 0.9}},
			PasteView{Note: "It matches 1 story, below: hostname-mismatch, from Python requests (urllib3 1.26).", Rows: []PasteRow{{ID: "hostname-mismatch", Client: "Python requests (urllib3 1.26)", Score: "90%", Lens: "requests", Href: "#hostname-mismatch"}}},
		},
		{
			// httpx prints Python's ssl module's words, as requests does:
			// named as httpx, opened through requests' lens.
			"httpx", "short",
			[]explain.Match{{ID: "internal-ca-default-bundle", Client: explain.Requests, Program: "Python (httpx)", Score: 0.84}},
			PasteView{Note: "It matches 1 story, below: internal-ca-default-bundle, from Python (httpx).", Rows: []PasteRow{{ID: "internal-ca-default-bundle", Client: "Python (httpx)", Score: "84%", Lens: "requests", Href: "#internal-ca-default-bundle"}}},
		},
		{
			// pip prints with its own copy of requests: named as pip,
			// opened through pip's lens, and the note gives pip's own
			// fix (--cert, global.cert), not requests' verify=.
			"pip", "Could not fetch URL https://pypi.example/simple/x/: There was a problem confirming the ssl certificate: …",
			[]explain.Match{{ID: "internal-ca-default-bundle", Reason: "unknown_authority", Client: explain.Requests, Program: explain.Pip, Score: 0.9}},
			PasteView{Note: "It matches 1 story, below: internal-ca-default-bundle, from pip. " + explain.PipCallWords + explain.PipPrivateWords + explain.PipFixWords, Rows: []PasteRow{{ID: "internal-ca-default-bundle", Client: "pip", Score: "90%", Lens: "pip", Href: "#internal-ca-default-bundle?client=pip"}}},
		},
		{
			// Stories that print the same words share the first rank: the
			// note says the text cannot tell them apart, and what can; a
			// story whose courier names a CA bundle first, as the text
			// names one, is said so.
			"tied, a bundle named", "short",
			[]explain.Match{{ID: "env-bundle-overrides-session", Client: explain.Requests, Score: 1, Rank: 1, Bundle: true}, {ID: "internal-ca-default-bundle", Client: explain.Requests, Score: 1, Rank: 1}, {ID: "untrusted-root", Client: explain.Requests, Score: 0.8, Rank: 2}},
			PasteView{Note: "It matches 3 stories, below, best first: env-bundle-overrides-session, from Python requests (urllib3 2). " + fmt.Sprintf(PasteTied, 2) + " " + explain.BundleNamedWords + PasteBundleNamedEnd, Rows: []PasteRow{
				{ID: "env-bundle-overrides-session", Client: "Python requests (urllib3 2)", Score: "100%", Lens: "requests", Href: "#env-bundle-overrides-session"},
				{ID: "internal-ca-default-bundle", Client: "Python requests (urllib3 2)", Score: "100%", Lens: "requests", Href: "#internal-ca-default-bundle"},
				{ID: "untrusted-root", Client: "Python requests (urllib3 2)", Score: "80%", Lens: "requests", Href: "#untrusted-root"},
			}},
		},
		{
			// requests' own call names the bundle (verify= on the call): no
			// story first names one so, and the note says the call's file
			// lacks the CA.
			"tied, a bundle named on the call", "requests.get(url, verify='/etc/ssl/company.pem')",
			[]explain.Match{{ID: "internal-ca-default-bundle", Reason: "unknown_authority", Client: explain.Requests, Score: 1, Rank: 1}, {ID: "env-bundle-overrides-session", Reason: "unknown_authority", Client: explain.Requests, Score: 1, Rank: 1}},
			PasteView{Note: "It matches 2 stories, below, best first: internal-ca-default-bundle, from Python requests (urllib3 2). " + fmt.Sprintf(PasteTied, 2) + " " + explain.CallBundleWords + PasteBundleNamedEnd, Rows: []PasteRow{
				{ID: "internal-ca-default-bundle", Client: "Python requests (urllib3 2)", Score: "100%", Lens: "requests", Href: "#internal-ca-default-bundle"},
				{ID: "env-bundle-overrides-session", Client: "Python requests (urllib3 2)", Score: "100%", Lens: "requests", Href: "#env-bundle-overrides-session"},
			}},
		},
		{
			// curl's refusal of its --key file, which it prints alike for a
			// file it cannot read at all: the note says so, not that the
			// server's chain tells the stories apart.
			"tied, curl's key file", "curl: (58) unable to set private key file: 'nope.pem' type PEM",
			[]explain.Match{{ID: "mtls-key-mismatch", Client: explain.Curl, Score: 1, Rank: 1}, {ID: "mtls-cert-without-key", Client: explain.Curl, Score: 1, Rank: 1}},
			PasteView{Note: "It matches 2 stories, below, best first: mtls-key-mismatch, from curl. " + fmt.Sprintf(explain.KeyFileWords, 2), Rows: []PasteRow{
				{ID: "mtls-key-mismatch", Client: "curl", Score: "100%", Lens: "curl", Href: "#mtls-key-mismatch?client=curl"},
				{ID: "mtls-cert-without-key", Client: "curl", Score: "100%", Lens: "curl", Href: "#mtls-cert-without-key?client=curl"},
			}},
		},
		{
			// Go's "certificate required" ties a courier without a badge
			// with one whose badge Go did not send: the badge's file tells
			// them apart, not the server's chain.
			"tied, the badge's", "short",
			[]explain.Match{{ID: "mtls-no-cert", Reason: "client_cert_missing", Client: explain.GoNetHTTP, Score: 0.79, Rank: 1}, {ID: "mtls-wrong-ca", Reason: "client_cert_unknown_ca", Client: explain.GoNetHTTP, Score: 0.79, Rank: 1}},
			PasteView{Note: "It matches 2 stories, below, best first: mtls-no-cert, from Go net/http. " + fmt.Sprintf(explain.BadgeTiedWords, 2), Rows: []PasteRow{
				{ID: "mtls-no-cert", Client: "Go net/http", Score: "79%", Lens: "go", Href: "#mtls-no-cert?client=go"},
				{ID: "mtls-wrong-ca", Client: "Go net/http", Score: "79%", Lens: "go", Href: "#mtls-wrong-ca?client=go"},
			}},
		},
		{
			// A client tlsplay does not run (explain's foreignErrors) is named
			// as the match names it, and the story opens through the lens
			// already picked: the link names no client.
			"Java", "short",
			[]explain.Match{{ID: "hostname-mismatch", Client: explain.Java, Score: 1}},
			PasteView{Note: "It matches 1 story, below: hostname-mismatch, from Java.", Rows: []PasteRow{{ID: "hostname-mismatch", Client: "Java", Score: "100%", Href: "#hostname-mismatch"}}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := PasteOf(tt.text, tt.matches); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// A terminal's colour codes are not shown: a paste of coloured output reads
// as the terminal showed it.
func TestPasteOfColoured(t *testing.T) {
	text := "\x1b[1;31mcurl: (60) SSL certificate problem\x1b[0m: certificate has expired\x1b[K"
	i := strings.Index(text, "curl")
	j := strings.Index(text, "expired") + len("expired")
	v := PasteOf(text, []explain.Match{{ID: "expired", Client: explain.Curl, Score: 1, Spans: []explain.Span{{Start: i, End: j}}}})
	want := [][]PastePart{{{Text: "curl: (60) SSL certificate problem: certificate has expired", Mark: true}}}
	if len(v.Rows) != 1 || !reflect.DeepEqual(v.Rows[0].Lines, want) {
		t.Errorf("got %+v", v.Rows)
	}
}

// What is not UTF-8, and tabs, are shown as text; at most three lines a row.
func TestPasteOfShownAsText(t *testing.T) {
	text := "\xff\tA\xc3(\n\xa0B\tC\nD\nE\nF"
	var spans []explain.Span
	for _, w := range []string{"A", "B", "D", "E", "F"} {
		i := strings.Index(text, w)
		spans = append(spans, explain.Span{Start: i, End: i + 1})
	}
	v := PasteOf(text, []explain.Match{{ID: "x", Spans: spans}})
	if len(v.Rows[0].Lines) != 3 {
		t.Errorf("%d lines, want 3", len(v.Rows[0].Lines))
	}
	for _, line := range v.Rows[0].Lines {
		for _, p := range line {
			if !utf8.ValidString(p.Text) || strings.Contains(p.Text, "\t") {
				t.Errorf("part %q", p.Text)
			}
		}
	}
	if got := v.Rows[0].Lines[0]; !reflect.DeepEqual(got, []PastePart{{Text: "\uFFFD "}, {Text: "A", Mark: true}, {Text: "\uFFFD("}}) {
		t.Errorf("first line %+v", got)
	}
}

func TestDecodeMatches(t *testing.T) {
	ms, err := DecodeMatches([]byte(`{"matches": [{"id": "expired", "reason": "expired", "client": "curl", "score": 1, "rank": 1, "spans": [{"start": 0, "end": 4}]}]}`))
	if err != nil || len(ms) != 1 || ms[0].ID != "expired" || ms[0].Spans[0].End != 4 {
		t.Errorf("%+v, %v", ms, err)
	}
	if ms, err := DecodeMatches([]byte(`{"matches": []}`)); err != nil || len(ms) != 0 {
		t.Errorf("empty: %+v, %v", ms, err)
	}
	if _, err := DecodeMatches([]byte(`{"matches": [`)); err == nil || strings.Contains(err.Error(), "json") {
		t.Errorf("a cut answer: %v", err)
	}
	if !PasteFits(strings.Repeat("x", explain.MaxPaste)) || PasteFits(strings.Repeat("x", explain.MaxPaste+1)) {
		t.Error("PasteFits does not draw the line at explain.MaxPaste")
	}
	if err := CheckPaste(strings.Repeat("x", explain.MaxPaste+1)); err == nil || err.Error() != PasteTooLarge {
		t.Errorf("CheckPaste of a byte too many: %v", err)
	}
}

// Certificates pasted in the error box are said to be certificates, for the
// chain box; a private key taken out of the box is said first.
func TestPasteOfWhatIsNoError(t *testing.T) {
	root := scenario.Lookup("verify-true").At(scenario.PresetClock)
	set, err := export.Build(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	var chain string
	for _, f := range set.Files {
		if f.Name == export.ServerChainFile {
			chain = string(f.Data)
		}
	}
	for _, tt := range []struct{ name, text, note string }{
		{"a chain", chain, PasteCertificates},
		{"a chain in openssl's output", "depth=0 CN = bank.example\nverify return:1\n" + chain, PasteCertificates},
		{"a certificate signing request", "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n", PasteNoMatch},
		{"a damaged certificate", "-----BEGIN CERTIFICATE-----\nMIIB!!\n-----END CERTIFICATE-----\n", PasteNoMatch},
	} {
		if got := PasteOf(tt.text, nil); got.Note != tt.note || len(got.Rows) != 0 {
			t.Errorf("%s: %+v, want the note %q", tt.name, got, tt.note)
		}
	}
	if got := PasteOf(chain, nil).KeyTaken(); got.Note != PasteKeyTaken+" "+PasteCertificates {
		t.Errorf("a chain a key was taken out of: %q", got.Note)
	}
	if got := (PasteView{}).KeyTaken(); got.Note != PasteKeyTaken {
		t.Errorf("a key alone: %q", got.Note)
	}
}

// Node's warning that the file NODE_EXTRA_CA_CERTS names did not load is
// said after the note of the stories its refusal matches.
func TestPasteExtraCerts(t *testing.T) {
	text := "Warning: Ignoring extra certs from `/etc/ssl/company-ca.pem`, load failed: error:80000002:system library::No such file or directory\nError: unable to get local issuer certificate\n  code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'\n"
	ms := []explain.Match{{ID: "internal-ca-default-bundle", Client: explain.Node, Score: 0.99, Rank: 1}}
	if note := PasteOf(text, ms).Note; !strings.HasSuffix(note, " "+explain.ExtraCertsWords(text)) || explain.ExtraCertsWords(text) == "" {
		t.Errorf("%q", note)
	}
}

// A story listed by its headline (explain's Story.ListTitle: a urllib3 2
// paste of hostname-mismatch, whose title is urllib3 1.26's words) says it
// once, as its link.
func TestPasteOfHeadlineTitle(t *testing.T) {
	const hl = "The certificate is for another name than the one dialled"
	v := PasteOf("Hostname mismatch, certificate is not valid for 'localhost'", []explain.Match{{ID: "hostname-mismatch", Title: hl, Headline: hl, Client: explain.Requests, Score: 1, Rank: 1}})
	if len(v.Rows) != 1 || v.Rows[0].Title != hl || v.Rows[0].Headline != "" || !strings.Contains(v.Note, hl+", from") {
		t.Errorf("got %+v", v)
	}
}
