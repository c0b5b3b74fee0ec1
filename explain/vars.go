package explain

import (
	"reflect"
	"strings"
	"sync"
)

// vars are the values a template's {placeholders} name, worked out once per
// trace. Each field is one placeholder, named by its tag: code sets and reads
// fields (a typo does not compile), and a test checks every template of every
// table against the tags (a typo in the words fails it).
type vars struct {
	// vars is never compared: this keeps Go from generating an equality
	// function for it (8 kB of WebAssembly).
	_ [0]func()

	Dial    string `ph:"dial"`     // the name (or address) the courier dials
	Path    string `ph:"path"`     // the path it asks for
	URLPort string `ph:"url_port"` // its URL with the port as {port}, as clients print it
	Now     string `ph:"now"`      // the scenario's clock
	// When is the clock as the end of "in date …": "today" for a scenario
	// played on the day it happens (its words then name no date, and read the
	// same on any day), else "at" the clock.
	When    string `ph:"when"`
	Alert   string `ph:"alert"`    // the first fatal alert
	Version string `ph:"version"`  // the TLS version negotiated, or offered at most
	Offered string `ph:"offered"`  // the versions the courier offers, in words
	Detail  string `ph:"detail"`   // the outcome's technical sentence
	GoError string `ph:"go_error"` // Go's client error
	// CertFile and KeyFile are the badge's files as the client is given them.
	CertFile string `ph:"cert_file"`
	KeyFile  string `ph:"key_file"`
	// CertArg is the badge as requests is given it: cert=(…).
	CertArg string `ph:"cert_arg"`

	// The bank's chain: its leaf, the leaf's issuer, the top, the names the
	// leaf lists (and a sentence on them), what the bank sent.
	Leaf      string `ph:"leaf"`
	Issuer    string `ph:"issuer"`
	Root      string `ph:"root"`
	Names     string `ph:"names"`
	LeafLists string `ph:"leaf_lists"`
	Sent      string `ph:"sent"`
	// The first certificate out of date, of the bank's chain or else the
	// badge's, and its validity.
	Bad      string `ph:"bad"`
	BadFrom  string `ph:"bad_from"`
	BadUntil string `ph:"bad_until"`
	// Alt is a name the certificate matches, to dial instead; Wildcard the
	// wildcard it falls under, if that is how.
	Alt      string `ph:"alt"`
	Wildcard string `ph:"wildcard"`
	// AltName is a name the certificate lists, for an address dialled, and
	// PointAt how to dial it at that address.
	AltName string `ph:"alt_name"`
	PointAt string `ph:"point_at"`
	// KeyHolder is the certificate whose key the bank signs with, when it
	// is not the one it sends first.
	KeyHolder string `ph:"key_holder"`
	// SNINote says the bank chose its default certificate because the courier
	// did not name the one it has for the name to dial ("" otherwise).
	SNINote string `ph:"sni_note"`

	// Under verify=False: why verify=True would refuse what answered
	// (a headline as a clause), the check that would, and its cure.
	Refused    string `ph:"refused"`
	Refusal    string `ph:"refusal"`
	RefusedFix string `ph:"refused_fix"`
	// Unchecked ends the verify=False sentence on the checks not enforced.
	Unchecked       string `ph:"unchecked"`
	ImposterRefusal string `ph:"imposter_refusal"` // the check that refused an imposter

	// The first certificate of the bank's chain its issuer revoked, and what
	// the issuer publishes about it (its CRL, its OCSP response).
	Revoked    string `ph:"revoked"`
	Revocation string `ph:"revocation"`

	// The badge, its issuer, the CAs the bank accepts for it, and how Go's
	// bank words a refusal of a courier without one.
	Badge        string `ph:"badge"`
	BadgeIssuer  string `ph:"badge_issuer"`
	ClientCAs    string `ph:"client_cas"`
	NoBadgeAlert string `ph:"no_badge_alert"`

	// TrustNote ends the unknown authority's technical words on what the
	// courier trusts: certifi's public bundle alone, under requests' default,
	// else the bundle requests reads, which the verdict names.
	TrustNote string `ph:"trust_note"`
	// IssuerClue says, of a pasted certificate that came alone and whose
	// issuer nobody knows, what ranks a reading first (pastedissuer.go).
	IssuerClue string `ph:"issuer_clue"`

	// KeyExchange is the sentence on the group that made the secret: hybrid
	// post-quantum or classical, what it cost, a HelloRetryRequest.
	KeyExchange string `ph:"key_exchange"`
	// PQNote says, of groups in common, that the bank takes only post-quantum
	// ones and the courier offered none ("" otherwise).
	PQNote string `ph:"pq_note"`
	// BankMax is the highest version the bank speaks, when it is below TLS
	// 1.2 ("" otherwise); VersionCaveat says what that costs when Go got
	// through anyway.
	BankMax       string `ph:"bank_max"`
	VersionCaveat string `ph:"version_caveat"`
	// The versions the two sides were set to, where a version was refused
	// (versionCase): the courier's bound and the bank's that miss each
	// other ("" otherwise).
	CourierBound string `ph:"courier_bound"`
	BankBound    string `ph:"bank_bound"`

	// Sentences that add a caveat or a fix where one applies ("" otherwise).
	WeakCaveat  string `ph:"weak_caveat"`
	WeakFix     string `ph:"weak_fix"`
	BadgeCaveat string `ph:"badge_caveat"`
	BadgeFix    string `ph:"badge_fix"`
	SuiteFix    string `ph:"suite_fix"`
	// LoadCaveat and LoadFix say which clients refuse to load the badge,
	// why, and its cure, LoadFine which load it ("Go, which loads")
	// (loadWords).
	LoadCaveat string `ph:"load_caveat"`
	LoadFix    string `ph:"load_fix"`
	LoadFine   string `ph:"load_fine"`
	// ReissueDates is what the reissue of a badge signed with SHA-1 gives
	// too, when it is out of date (facts.reissueDates; "" otherwise).
	ReissueDates string `ph:"reissue_dates"`

	// PartialAnchor is the issuing CA at which the chain ends in requests'
	// bundle, which holds no root above it, and PartialRoot that root
	// (partial.go; "" otherwise).
	PartialAnchor string `ph:"partial_anchor"`
	PartialRoot   string `ph:"partial_root"`
	// PartialFix is the cure of that bundle, and PartialCAs the CAs to put
	// in place of the bank's own certificate it holds (partialCure).
	PartialFix string `ph:"partial_fix"`
	PartialCAs string `ph:"partial_cas"`

	// Why no suite was usable (see cipherCause): the suites both sides allow,
	// the kind of key they need and the bank's, each side's groups.
	SharedSuites string `ph:"shared_suites"`
	SuiteKey     string `ph:"suite_key"`
	LeafKey      string `ph:"leaf_key"`
	ClientGroups string `ph:"client_groups"`
	ServerGroups string `ph:"server_groups"`
}

// varIndex maps each placeholder, braces included, to its field of vars. It
// is made when first used, not at the start of every program (the page's
// thread renders no words). A sync.Once rather than sync.OnceValue (here and
// in handshake and export): OnceValue of each result type is generic code of
// its own.
func varIndex() map[string]int {
	varIndexOnce.Do(func() {
		m := map[string]int{}
		t := reflect.TypeFor[vars]()
		for i := range t.NumField() {
			if t.Field(i).Name == "_" {
				continue
			}
			m["{"+t.Field(i).Tag.Get("ph")+"}"] = i
		}
		varIndexMap = m
	})
	return varIndexMap
}

var (
	varIndexOnce sync.Once
	varIndexMap  map[string]int
)

// lookup is the value of placeholder m ("{dial}"), false if vars has none.
func (v *vars) lookup(m string) (string, bool) {
	i, ok := varIndex()[m]
	if !ok {
		return "", false
	}
	return reflect.ValueOf(v).Elem().Field(i).String(), true
}

// placeholders finds the {name}s in a template (a name is a-z and _), and
// replaces each with what replace returns for it, braces included.
func placeholders(tmpl string, replace func(m string) string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		end := open + 1
		for end < len(tmpl) && (tmpl[end] >= 'a' && tmpl[end] <= 'z' || tmpl[end] == '_') {
			end++
		}
		if end == open+1 || end == len(tmpl) || tmpl[end] != '}' {
			b.WriteString(tmpl[:end]) // no placeholder: a brace, or a run of name letters
			tmpl = tmpl[end:]
			continue
		}
		b.WriteString(tmpl[:open])
		b.WriteString(replace(tmpl[open : end+1]))
		tmpl = tmpl[end+1:]
	}
}

// findPlaceholders lists the {name}s of s.
func findPlaceholders(s string) []string {
	var found []string
	placeholders(s, func(m string) string { found = append(found, m); return m })
	return found
}

// runToRun are the placeholders a client's message keeps on purpose: what
// changes from one run of the client to the next.
var runToRun = map[string]bool{"{port}": true, "{line}": true, "{thread}": true, "{openssl_version}": true}

// render fills a template's {name}s with the facts. A name it does not know is
// left as it is and recorded in f.unfilled.
func (f *facts) render(tmpl string) string { return f.fill(tmpl, false) }

// renderMessage is render for a client's message, which keeps the run-to-run
// placeholders.
func (f *facts) renderMessage(tmpl string) string { return f.fill(tmpl, true) }

func (f *facts) fill(tmpl string, keepRunToRun bool) string {
	return placeholders(tmpl, func(m string) string {
		if v, ok := f.vars.lookup(m); ok {
			return v
		}
		if !keepRunToRun || !runToRun[m] {
			f.unfilled = append(f.unfilled, m)
		}
		return m
	})
}
