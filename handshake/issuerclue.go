package handshake

import (
	"crypto/x509"
	"fmt"
	"slices"
	"strings"
)

// A pasted server certificate that comes alone, issued by a CA neither pasted
// nor trusted, reads two ways, and every client's error is the same for both
// ("unable to get local issuer certificate"): the server did not send its
// intermediate, or its issuer is a private root (mkcert's, a company CA's)
// the courier was never given. The cures differ (the server sends the
// intermediate; the client trusts the root with verify='root.pem'), so the
// verdict ranks the reading the certificate's own evidence points to, and
// says both.

// MissingIssuer is what a pasted certificate says about the issuer its chain
// stops at, which was neither pasted nor trusted.
type MissingIssuer struct {
	_ noCompare
	// Clue is the evidence that ranks a reading first (ClueNone: nothing
	// tells, and a private root is ranked first: a publicly trusted CA's
	// server certificate names its issuer's address, see ClueAIA).
	Clue IssuerClue `json:"clue"`
	// URL is where the certificate says its issuer's certificate is
	// published (its AIA caIssuers), "" when it says nothing.
	URL string `json:"url,omitempty"`
}

// Intermediate reports whether the missing intermediate is the reading
// ranked first.
func (m *MissingIssuer) Intermediate() bool { return m.Clue.Intermediate() }

// IssuerClue is one kind of evidence about a missing issuer.
type IssuerClue int

const (
	ClueNone IssuerClue = iota // nothing in the certificate tells
	// ClueAIA: the certificate names where its issuer's certificate is
	// published (AIA caIssuers), as the Baseline Requirements make every
	// publicly trusted server certificate do; a CA publishes that for an
	// intermediate a client may lack.
	ClueAIA
	// ClueIntermediateName: the issuer's name reads as an intermediate's
	// ("… Intermediate …", "… Issuing …", "… CA 1", Let's Encrypt's "R10").
	ClueIntermediateName
	// CluePublicCA: the issuer is a public CA's, whose roots never issue
	// server certificates themselves.
	CluePublicCA
	// ClueRootName: the issuer's name reads as a root's ("… Root …",
	// mkcert's development CA), and the certificate names no issuer's address.
	ClueRootName
)

// Intermediate reports whether the clue points to an intermediate.
func (c IssuerClue) Intermediate() bool {
	return c == ClueAIA || c == ClueIntermediateName || c == CluePublicCA
}

// clueNames are the clues' JSON names, by clue.
var clueNames = [...]string{"none", "aia", "intermediate_name", "public_ca", "root_name"}

func (c IssuerClue) MarshalText() ([]byte, error) {
	if int(c) >= len(clueNames) || c < 0 {
		return nil, fmt.Errorf("handshake: no issuer clue %d", int(c))
	}
	return []byte(clueNames[c]), nil
}

func (c *IssuerClue) UnmarshalText(b []byte) error {
	i := slices.Index(clueNames[:], string(b))
	if i < 0 {
		return fmt.Errorf("handshake: no issuer clue %q", b)
	}
	*c = IssuerClue(i)
	return nil
}

// words are a name's words, lower case, split at spaces, hyphens and
// punctuation.
func words(name string) []string {
	return strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '\'')
	})
}

// rootName reports whether a name reads as a root's: "… Root …", mkcert's.
// (Words, not a regular expression: regexp would add its weight to the
// page's WebAssembly.)
func rootName(name string) bool {
	return slices.ContainsFunc(words(name), func(w string) bool { return w == "root" || w == "mkcert" })
}

// intermediateName reports whether a name reads as an intermediate's:
// "… Intermediate …", "… Issuing …", "… Subordinate …", "… Sub CA", "… CA 1",
// "… TLS CA", Let's Encrypt's "R10" and "E5", Google's "WR2".
func intermediateName(name string) bool {
	w := words(name)
	if slices.ContainsFunc(w, func(w string) bool { return w == "intermediate" || w == "issuing" || w == "subordinate" }) {
		return true
	}
	n := len(w)
	if n == 0 {
		return false
	}
	digits := func(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
	switch {
	case n == 1:
		code := strings.TrimPrefix(w[0], "w")
		return len(code) > 1 && (code[0] == 'r' || code[0] == 'e') && digits(code[1:])
	case n >= 2 && w[n-2] == "ca" && digits(w[n-1]):
		return true
	case n >= 2 && w[n-1] == "ca":
		return slices.Contains([]string{"sub", "tls", "ssl", "rsa", "ecc", "dv", "ov", "ev", "server"}, w[n-2]) || strings.HasPrefix(w[n-2], "g") && digits(w[n-2][1:])
	case strings.HasPrefix(w[n-1], "ca") && digits(w[n-1][2:]):
		return true
	}
	return false
}

// publicCAs are the organisations of the biggest public CAs, as their
// intermediates name them.
var publicCAs = []string{"let's encrypt", "digicert", "sectigo", "comodo", "globalsign", "google trust services",
	"amazon", "entrust", "godaddy", "identrust", "microsoft corporation", "buypass", "certum", "actalis", "ssl.com", "zerossl"}

// missingIssuer weighs what leaf says about its issuer.
func missingIssuer(leaf *x509.Certificate) *MissingIssuer {
	m := &MissingIssuer{}
	if len(leaf.IssuingCertificateURL) > 0 {
		m.URL = leaf.IssuingCertificateURL[0]
	}
	org := strings.ToLower(strings.Join(leaf.Issuer.Organization, " "))
	names := strings.Join(append(slices.Clone(leaf.Issuer.Organization), leaf.Issuer.CommonName), " ")
	switch {
	case m.URL != "":
		m.Clue = ClueAIA
	case slices.ContainsFunc(publicCAs, func(p string) bool { return strings.Contains(org, p) }):
		m.Clue = CluePublicCA
	case rootName(names):
		m.Clue = ClueRootName
	case intermediateName(leaf.Issuer.CommonName):
		m.Clue = ClueIntermediateName
	}
	return m
}
