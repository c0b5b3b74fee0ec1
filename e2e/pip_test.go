package e2e

import (
	"strings"
	"testing"
)

// pip's output pasted (real pip 23.2.1 against a private CA's server) is
// named as pip's, and the box's note gives pip's own fix, not requests'
// verify=; the story opens through pip's own lens, and through curl's
// lens speaks curl's terms.
func TestPastePipAndLensTerms(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	st := pasteFile(t, ctx, "pip-private-ca.txt")
	if !strings.HasPrefix(st.Rows[0].From, "from pip ·") || !strings.Contains(st.Note, "pip install --cert /path/ca.pem") || !strings.Contains(st.Note, "pip config set global.cert") || strings.Contains(st.Note, `verify="ca.pem"`) {
		t.Errorf("pip's paste: first from %q, note %q", st.Rows[0].From, st.Note)
	}
	// The story opened as pip's shows pip's line, its bundle and its
	// calls, not requests'.
	pip := newPage(t)
	open(t, pip, "#internal-ca-default-bundle?client=pip")
	p := waitClient(t, pip, "pip")
	for _, want := range []string{"Could not fetch URL https://vault.corp.example/simple/vault/", "pip used: its own copy of certifi's bundle", "pip install --index-url https://vault.corp.example/simple/ --cert ca.pem vault"} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("internal-ca-default-bundle through pip does not say %q:\n%s", want, p.Text)
		}
	}
	if strings.Contains(p.Text, `verify="ca.pem"`) || strings.Contains(p.Text, "verify='ca.pem'") || strings.Contains(p.Text, "What Python requests prints") {
		t.Errorf("internal-ca-default-bundle through pip speaks requests':\n%s", p.Text)
	}
	lens := newPage(t)
	open(t, lens, "#internal-ca-default-bundle?client=curl")
	s := waitClient(t, lens, "curl")
	if !strings.Contains(s.Text, "--cacert ca.pem, or set CURL_CA_BUNDLE") || strings.Contains(s.Text, "REQUESTS_CA_BUNDLE") || strings.Contains(s.Text, "certifi's public bundle") {
		t.Errorf("internal-ca-default-bundle through curl:\n%s", s.Text)
	}
}
