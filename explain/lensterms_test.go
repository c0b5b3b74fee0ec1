package explain

import (
	"regexp"
	"strings"
	"testing"
)

// requestsOnly are words only requests' fixes and explanations say: its
// argument, its variable, its bundle, its badge argument.
var requestsOnly = regexp.MustCompile(`verify=|REQUESTS_CA_BUNDLE|\bcertifi\b|cert=\(`)

// requestsCallOnly are the words only requests' call says: its arguments.
var requestsCallOnly = regexp.MustCompile(`verify=|cert=\(`)

// aboutRequests marks a sentence that says it is about requests (or, of
// the client, that it does not read requests' variable).
var aboutRequests = regexp.MustCompile(`requests reads|requests'|Python requests|under requests|which requests|does not read REQUESTS_CA_BUNDLE`)

// Under curl's, openssl's, Node's and Go's lens, where the call shown is
// that client's, no fix, explanation, headline or analogy speaks requests'
// words (verify="ca.pem", REQUESTS_CA_BUNDLE, certifi's bundle) unless it
// says it is about requests (after "For requests:", or naming it as what
// reads them): every story, every client.
func TestLensFixInTheClientsTerms(t *testing.T) {
	everyLens(t, func(p, c string, v Verdict) {
		if c == Requests {
			return
		}
		for name, text := range map[string]string{"fix": v.Fix.Summary, "technical": v.Technical, "tell apart": v.TellApart, "headline": v.Headline, "analogy": v.Analogy} {
			own, _, _ := strings.Cut(text, forRequests)
			only := requestsOnly
			if c == Pip {
				// pip reads REQUESTS_CA_BUNDLE, and its own certifi.
				only = requestsCallOnly
			}
			for _, sentence := range regexp.MustCompile(`[.;:] `).Split(own, -1) {
				if only.MatchString(sentence) && !aboutRequests.MatchString(sentence) {
					t.Errorf("%s as %s: the %s says requests' %q: %q", p, c, name, requestsOnly.FindString(sentence), sentence)
				}
			}
		}
	})
	// requests' own lens keeps its words.
	if v := presetLens(t, "internal-ca-default-bundle", Requests); !strings.Contains(v.Fix.Summary, requestsTrustRoot) || !strings.Contains(v.Technical, strings.TrimSpace(requestsTrustNote)) {
		t.Errorf("internal-ca-default-bundle as requests: %q, %q", v.Fix.Summary, v.Technical)
	}
	// What is said of other clients too names the file, not this one's
	// way to it.
	if v := presetLens(t, "custom-ca-bundle-intermediate", GoNetHTTP); !strings.Contains(v.Fix.Summary, "in the bundle (ca.pem)") {
		t.Errorf("custom-ca-bundle-intermediate as go: %q", v.Fix.Summary)
	}
	// And curl's says curl's.
	if v := presetLens(t, "internal-ca-default-bundle", Curl); !strings.Contains(v.Fix.Summary, "--cacert ca.pem, or set CURL_CA_BUNDLE") {
		t.Errorf("internal-ca-default-bundle as curl: %q", v.Fix.Summary)
	}
}
