package explain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// The cures: for each reason, who applies it, its words by case, and the same
// change made to a copy of the scenario, from which the working calls are
// rendered (commands.go).

// A fixCase is a case whose words differ from its reason's general ones, as
// the facts decide it: typed, so that a table keyed by one cannot name another.
type fixCase int

const (
	noCase fixCase = iota // the reason's general words
	// weakKeyCase: the bank's chain holds an RSA key Go accepts and OpenSSL does not.
	weakKeyCase
	// What verification turned back on would make of what answered (see
	// skipVerifyCase).
	verifyRefuses
	verifyAccepts
	verifyRefusesImposter
	verifyAcceptsImposter
	// Why no cipher suite was usable (see cipherCause).
	cipherKey
	cipherGroup
	// How the certificate matches a name to dial instead (see dialInstead).
	dialName
	dialAddress
	dialWildcard
	// dialNameAt: an address dialled, a certificate that lists names and no
	// address; dialAddressOrName: one that lists an address and a name.
	dialNameAt
	dialAddressOrName
	// dialSNI: the bank has a certificate for a name, chosen by SNI, and the
	// courier did not send that name.
	dialSNI
	// Where the root the courier lacks already is (see trustCase): in the
	// machine's store, or in the Session's bundle a variable overrides.
	inOSStore
	sessionOverridden
	// badgeCACase: the badge's certificate out of date is a CA above it,
	// one the bank trusts (see badgeCase).
	badgeCACase
	// badgeSHA1Case: the bank refused a badge signed with SHA-1 (see
	// badgeSHA1); badgeSHA1WeakCase: one with an RSA-1024 key too, whose
	// reissue the load fix says, once (loadWords); loadCase: a badge the
	// OpenSSL-based clients refuse to load where Go connects (loadWords).
	badgeSHA1Case
	badgeSHA1WeakCase
	loadCase
	// reissueCase: the badge out of date is one the OpenSSL-based clients
	// refuse to load, whose one reissue gives it new dates too (see
	// facts.reissueDates): the dates' words, not a renewal.
	reissueCase
	// partialCase: requests' bundle holds the bank's issuing CA and no root
	// above it, which Go and curl accept and OpenSSL does not (partial.go).
	partialCase
	// missingIssuerCase: a pasted certificate came alone, issued by a CA
	// nobody knows, which reads two ways (see pastedissuer.go): the cure is
	// the bank's or the courier's, by which.
	missingIssuerCase
	// badgeChainCase: the badge's issuer is an intermediate under a CA the
	// bank trusts to issue badges, and the courier sends the badge alone
	// (badgechain.go).
	badgeChainCase
	// The courier's versions and the bank's miss each other (versionCase):
	// the courier capped below the bank's minimum, or its minimum above the
	// bank's highest.
	versionCapped
	versionAbove
	// versionCappedReached: the courier capped below TLS 1.2, at a version
	// the bank takes too (capped.go).
	versionCappedReached
	// oldBankCapped: the courier capped below TLS 1.2 against a bank that
	// speaks nothing newer than TLS 1.1: the bank's cure, and the cap's.
	oldBankCapped
	// eccCase: the bank's ECDSA certificate may not sign, which OpenSSL
	// refuses on TLS 1.2 and Go accepts (eccsign.go).
	eccCase
	// legacyReachedCase: the courier capped below TLS 1.2, its minimum
	// lowered to meet it, reaches a bank that speaks TLS 1.2 too at the old
	// version, where Go connects and the clients on OpenSSL refuse: the cap
	// is the cure (capped.go).
	legacyReachedCase
	numFixCases // the number of cases: the size of a table by case
)

// A fixRule is the cure for one reason: who applies it, what it is in words, and
// the same change made to a copy of the scenario, from which the working calls are
// rendered. apply reports false when the scenario offers nothing to change (a
// custom scenario can lack, say, a badge to hand the courier).
type fixRule struct {
	side    string // "client" or "server"
	summary string
	// cases, when set, words the summary by the case the facts are in, which
	// by names; a case without words (or no by) gets summary.
	cases []string // by fixCase
	by    func(f *facts) fixCase
	// sides, when a case's cure is on the other side, is who applies it, by
	// fixCase.
	sides []string
	apply func(f *facts, s *scenario.Scenario) bool
	// then, when set, names a second reason whose cure completes this one's
	// (verify=True over a chain it refuses needs that chain fixed too).
	then func(f *facts) (handshake.Reason, bool)
}

// sideOf is who applies rule's cure for the case the facts are in.
func (rule fixRule) sideOf(f *facts) string {
	if rule.by != nil {
		if c := rule.by(f); int(c) < len(rule.sides) && rule.sides[c] != "" {
			return rule.sides[c]
		}
	}
	return rule.side
}

// summaryFor is the words of reason r's fix for the case the facts are in.
func summaryFor(f *facts, r handshake.Reason) string { return fixes[r].summaryOf(f) }

// summaryOf is rule's summary in the case the facts are in.
func (rule fixRule) summaryOf(f *facts) string {
	if rule.by != nil {
		if c := rule.by(f); int(c) < len(rule.cases) && rule.cases[c] != "" {
			return rule.cases[c]
		}
	}
	return rule.summary
}

// Fixed returns the scenario with the cure for its outcome applied, who applies
// it, and false when the reason has no cure expressible in a scenario. For
// verify=False the cure is verify=True, whose run then exposes an imposter: the
// fix works by refusing. Without an imposter, a bank whose chain verify=True
// would refuse gets that refusal's cure too. A real host's scenario has no cure
// to run: its certificates are not the playground's to reissue.
func Fixed(t *handshake.Trace) (*scenario.Scenario, string, bool) {
	if realHost(t.Scenario) {
		return nil, "", false
	}
	f := newFacts(t)
	s, ok := cure(f)
	if !ok {
		return nil, "", false
	}
	return s, f.side(), true
}

// side is who has to change something for the cure: the rule's side, or
// "both" when the cure of another failed check, or of the chain verify=True
// would refuse, is on the other side (an expired bank's certificate dialled
// by a name it does not list: the bank renews, the courier dials another name).
func (f *facts) side() string {
	rule := f.rule()
	side := rule.sideOf(f)
	other := func(r handshake.Reason) {
		if s := fixes[r].sideOf(f); s != "" && s != side {
			side = "both"
		}
	}
	if rule.then != nil {
		if r, ok := rule.then(f); ok {
			other(r)
		}
	}
	if f.weakPending() {
		other(handshake.OK)
	}
	if (f.loadPending() || f.partialPending() != "") && side != "client" || f.o.OK && f.vars.LoadFix != "" && f.vars.WeakFix != "" {
		// The badge is the courier's to reissue, or the root the courier's
		// to trust, a weak key of the bank's chain the bank's.
		side = "both"
	}
	for _, st := range f.others {
		other(*st.Reason)
	}
	if f.next != nil {
		if s := f.next.side(); s != side {
			side = "both"
		}
	}
	return side
}

// imposterFix is the cure for an imposter the courier refused: nothing on the
// courier's side (trusting its certificate is exactly what must not happen);
// the real bank answering again.
var imposterFix = fixRule{side: "server",
	summary: "Nothing to fix on the courier's side: refusing the imposter is verification doing its job, and its certificate must never be trusted (no verify=False, no verify= bundle holding it). The cure is the real bank answering: find and remove whatever answers for {dial} in its place (a DNS entry, a captive portal, a proxy that is not your company's own), or use another network. Your company's TLS-inspecting proxy is the one exception: trust its root, as IT gives it, with verify='company-ca.pem'.",
	apply: func(f *facts, s *scenario.Scenario) bool {
		s.Imposter = nil
		return true
	}}

// rule is the cure for the facts: the outcome's reason's, or the imposter's
// when the courier refused an imposter.
func (f *facts) rule() fixRule {
	if f.imposter != nil {
		return imposterFix
	}
	if f.oldBank() && (f.o.Reason == handshake.OK || f.o.Reason == handshake.ProtocolVersion || f.cappedBelow()) {
		// A courier capped below TLS 1.2 finds no version there either
		// once its cap is gone: the clients refuse the bank's TLS 1.0 and
		// 1.1 (capped.go).
		return oldBankFix
	}
	if f.wrongKey() {
		return wrongKeyFix
	}
	return fixes[f.o.Reason]
}

// wrongKey reports whether the handshake failed because the bank signs with
// a key that is not its certificate's.
func (f *facts) wrongKey() bool {
	return f.keyHolder != "" && f.o.Reason == handshake.HandshakeFailure
}

// wrongKeyFix is the cure for a bank signing with another certificate's key:
// the key that belongs to the certificate it sends.
var wrongKeyFix = fixRule{side: "server",
	summary: "Configure the bank with the private key that belongs to {leaf}, the one made with it, not {key_holder}'s: the courier checks the bank's signature against the public key in the certificate it sends.",
	apply: func(f *facts, s *scenario.Scenario) bool {
		s.Server.Key = ""
		return true
	}}

// oldBank reports whether the bank speaks nothing newer than TLS 1.1.
func (f *facts) oldBank() bool {
	v := f.s.Server.MaxVersion
	return f.s.Imposter == nil && (v == scenario.TLS10 || v == scenario.TLS11)
}

// cappedUnder12 reports whether the courier is capped below TLS 1.2, its
// lowest said or not.
func (f *facts) cappedUnder12() bool {
	v := f.s.Client.MaxVersion
	return v != "" && v < scenario.TLS12
}

// oldBankFix is the cure for a bank stuck before TLS 1.2: the bank moves on.
// A courier can be made to meet it (Go's MinVersion; OpenSSL only at security
// level 0), but only by accepting its SHA-1 and MD5 handshake.
var oldBankFix = fixRule{side: "server",
	summary: "Have the bank speak TLS 1.2 and 1.3: {bank_max} is deprecated (RFC 8996), and modern clients refuse it by default. Making a courier meet it (Go's MinVersion, OpenSSL's -tls1 with @SECLEVEL=0) only accepts a handshake signed with SHA-1 and MD5.",
	cases:   []string{oldBankCapped: "Have the bank speak TLS 1.2 and 1.3, and remove the courier's cap below TLS 1.2 (the maximum_version of requests' SSLContext, curl's --tls-max, Node's maxVersion, Go's MaxVersion), which would miss the bank's new versions: the bank speaks {bank_max} at most, deprecated (RFC 8996), and removing the cap alone is no cure: Go, Node and urllib3 2 speak nothing below TLS 1.2 unless their minimum is lowered, which accepts a handshake signed with SHA-1 and MD5, and the clients on OpenSSL that reach {bank_max} (urllib3 1.26, curl, s_client) refuse that signature (\"legacy sigalg disallowed or unsupported\")."},
	by: func(f *facts) fixCase {
		if f.cappedUnder12() {
			return oldBankCapped
		}
		return noCase
	},
	sides: []string{oldBankCapped: "both"},
	apply: func(f *facts, s *scenario.Scenario) bool {
		s.Server.MinVersion, s.Server.MaxVersion = "", ""
		s.Client.MinVersion = ""
		if f.cappedUnder12() {
			// A cap below TLS 1.2 finds nothing at the bank's new versions.
			s.Client.MaxVersion = ""
		}
		return true
	}}

// cure is a copy of the scenario with the cure applied. For a real host it
// changes the courier only (what to dial, what to trust): the calls it renders
// are still the ones to make.
func cure(f *facts) (*scenario.Scenario, bool) {
	rule := f.rule()
	if rule.apply == nil {
		return nil, false
	}
	s := f.s.Clone()
	if !rule.apply(f, s) {
		return nil, false
	}
	applied := map[handshake.Reason]bool{f.o.Reason: true}
	if rule.then != nil {
		if r, ok := rule.then(f); ok && fixes[r].apply != nil {
			fixes[r].apply(f, s)
			applied[r] = true
		}
	}
	if _, ok := uncured(f, s, applied); !ok {
		return nil, false
	}
	return s, true
}

// cureWhole is cure with the weak keys of the bank's chain reissued too
// (f's chain holds one the OpenSSL-based clients refuse, which Go accepts),
// and the badge they refuse to load (reissueBadge):
// the scenario the fix's calls and the kit's fixed/ show.
func cureWhole(f *facts) (*scenario.Scenario, bool) {
	s, ok := cure(f)
	if ok && f.vars.WeakFix+f.vars.LoadFix != "" {
		fixes[handshake.OK].apply(f, s)
	}
	if ok {
		f.addRoot(s)
	}
	return s, ok
}

// weakPending reports whether the bank's chain holds an RSA-1024 key, which
// the OpenSSL-based clients refuse, that the fix of a failure must reissue
// too: whatever Go refuses first, and whatever the cure's replay finds
// next, unless that replay succeeded and its own words (thenWords[OK]) say
// so.
func (f *facts) weakPending() bool {
	return !f.o.OK && f.vars.WeakFix != "" && (f.next == nil || !f.next.o.OK)
}

// sameCure pairs the reasons one rule cures together: renewing a chain moves
// every certificate out of date into its validity, expired or not yet valid.
var sameCure = map[handshake.Reason]handshake.Reason{handshake.NotYetValid: handshake.Expired, handshake.Expired: handshake.NotYetValid}

// uncured applies the cure of every other failed check to s, and returns the
// first whose reason has no cure the scenario can express (false then).
func uncured(f *facts, s *scenario.Scenario, applied map[handshake.Reason]bool) (*handshake.Step, bool) {
	for _, st := range f.others {
		r := *st.Reason
		rule := fixes[r]
		if rule.apply == nil || !rule.apply(f, s) && !applied[sameCure[r]] {
			return st, false
		}
		applied[r] = true
	}
	return nil, true
}

// weakWords are the fix summary's words for a weak key it must reissue
// too (weakPending; "" for none).
func (f *facts) weakWords() string {
	if !f.weakPending() {
		return ""
	}
	return " The OpenSSL-based clients (requests, curl, s_client) refuse the RSA-1024 key in the bank's chain too, which Go accepts." + f.vars.WeakFix
}

// alsoFix is the fix summary's words for the other failed checks: each one's
// fix, or that it has none to show and the call still fails.
func (f *facts) alsoFix() string {
	var b strings.Builder
	stuck, _ := uncured(f, f.s.Clone(), map[handshake.Reason]bool{f.o.Reason: true})
	for _, st := range f.others {
		if f.reissueCures(*st.Reason) {
			continue
		}
		if st == stuck {
			fmt.Fprintf(&b, " Another check fails too (%q: %s), and it has no fix shown here: the call below still fails until it is fixed as well.", st.Name, lowerFirst(explanations[*st.Reason].headline))
			break
		}
		fmt.Fprintf(&b, " Another check fails too (%q): %s", st.Name, f.render(summaryFor(f, *st.Reason)))
	}
	return b.String()
}

func fixFor(f *facts) Fix {
	rule := f.rule()
	summary := summaryFor(f, f.o.Reason)
	if f.imposter != nil || f.wrongKey() || f.oldBank() && rule.summary == oldBankFix.summary {
		summary = rule.summaryOf(f)
	}
	fix := Fix{Summary: f.render(summary) + f.rekeyedWords() + f.eccFix() + f.alsoFix() + f.thenFix(Requests) + f.weakWords() + f.loadFixWords() + f.partialPending(), Side: f.side(), Wrong: RequestsProgram(f.s, ""), Server: serverFix(f)}
	switch {
	case f.o.OK || fix.Server == nil:
	case fix.Side == "server":
		fix.Summary = "Your code is fine: the bank must change. " + fix.Summary
	case f.missingIssuer() != nil:
		// The summary says whose the cure is, by which reading holds.
	case fix.Side == "both" && rule.side == "server":
		fix.Summary = bankAndCode + fix.Summary
	}
	fixed := f.fixedScenario()
	fix.Right = RequestsProgram(fixed, "")
	fix.Curl = ShellJoin(CurlArgs(fixed, "", Target{}))
	fix.OpenSSL = ShellJoin(OpenSSLArgs(fixed, "", Target{}))
	fix.Node = NodeCall(fixed, "", Target{})
	if f.o.Reason == handshake.UnknownAuthority && trustCase(f) == inOSStore {
		// Node reads the variable as it starts, not from code: the
		// line before the call says how to run it.
		fix.Node = "// run as: " + nodeSystemStore + " node app.js\n" + fix.Node
	}
	fix.Go = GoCall(fixed, "")
	if f.o.Reason == handshake.ClientKeyEncrypted {
		// The cure is a decrypted copy of the key, under the name the summary
		// gives it.
		for _, call := range []*string{&fix.Right, &fix.Curl, &fix.OpenSSL, &fix.Node, &fix.Go} {
			*call = strings.ReplaceAll(*call, ClientKeyFile, plainKeyFile)
		}
	}
	return fix
}

// nodeSystemStore is the variable that has Node read the machine's store
// (Debian's file of it), as the fix of a root only there says it.
const nodeSystemStore = scenario.EnvNodeExtraCACerts + "=/etc/ssl/certs/ca-certificates.crt"

// osStoreRequests is requests' way to the machine's store, where a root
// only there is (inOSStore).
const osStoreRequests = "call truststore.inject_into_ssl() before using requests (pip install truststore), and Python reads the machine's store too."

// nodeOSStoreFix is inOSStore's fix under Node's lens: Node's own way
// first, then requests'. Node 20.20.2 here read no file of the machine's
// store (strace: no /etc/ssl/certs opened) and refused a server of a root
// only in a copy of it given as SSL_CERT_FILE; NODE_EXTRA_CA_CERTS naming
// that copy, or the ca option naming the root, connected.
const nodeOSStoreFix = "Node trusts its own copy of Mozilla's roots, not the machine's store, where {root} is: run it as " + nodeSystemStore + " node app.js, which adds the machine's store to its roots as Node starts, or pass the root as the ca option (ca: fs.readFileSync(\"ca.pem\"): Node then trusts only that bundle). " + forRequests + " " + osStoreRequests

// bankAndCode opens a fix that is both sides', the bank's first.
const bankAndCode = "The bank must change, and so must your code. "

// plainKeyFile is the decrypted copy of an encrypted badge key.
const plainKeyFile = "client-plain.key"

// fixes is the cure for each reason. A test checks that every preset's cure
// makes Go's handshake succeed.
var fixes = [...]fixRule{
	handshake.OK: {side: "server", summary: "Nothing to fix: the connection works as it is.{badge_fix}{suite_fix}",
		cases: []string{weakKeyCase: "Nothing to fix for Go and Node, which accept the key.{weak_fix}{load_fix}",
			loadCase:          "Nothing to fix for {load_fine} your certificate as it is.{load_fix}{weak_fix}",
			partialCase:       "Nothing to fix for Go and curl, which take {partial_anchor} in the bundle for an anchor." + partialFix,
			eccCase:           "Nothing to fix for Go, which does not check a server certificate's key usage.",
			legacyReachedCase: legacyReachedFix},
		by: func(f *facts) fixCase {
			switch {
			case f.vars.LoadFix != "":
				return loadCase
			case f.vars.WeakFix != "":
				return weakKeyCase
			case f.vars.PartialAnchor != "":
				return partialCase
			case f.eccNotForSigning():
				return eccCase
			case f.legacyReached():
				return legacyReachedCase
			}
			return noCase
		},
		sides: []string{loadCase: "client", partialCase: "client", legacyReachedCase: "client"},
		apply: func(f *facts, s *scenario.Scenario) bool {
			if f.legacyReached() {
				// Go's connection at the old version is the clients'
				// refusal: the cap and the lowered minimum go.
				s.Client.MinVersion, s.Client.MaxVersion = "", ""
				return true
			}
			weak := editChain(s, f.chain, func(sp *pki.Spec) bool {
				if sp.Key != pki.RSA1024 {
					return false
				}
				sp.Key = pki.RSA2048
				return true
			})
			badge := reissueBadge(f, s)
			root := f.addRoot(s)
			return badge || root || weak || f.mayNowSign(s)
		}},
	handshake.InsecureSkipVerify: {side: "client", summary: "Turn verification back on (verify=True, or verify= the CA bundle that issued the bank's certificate).",
		// The cases are skipVerifyCase's: what verification would make of the
		// certificate that answered, the bank's or an imposter's.
		cases: []string{
			verifyRefusesImposter: "Turn verification back on (verify=True, or verify= the CA bundle that issued the bank's certificate). Against the imposter the call then fails, which is the point: it never hands over the parcel.",
			verifyAcceptsImposter: "Turn verification back on (verify=True, or verify= the CA bundle that issued the bank's certificate). Here that alone does not stop the imposter: its certificate passes every check, so whoever issued it must revoke it.",
			verifyRefuses:         "Turn verification back on (verify=True, or verify= the CA bundle that issued the bank's certificate). Verification then refuses the bank's certificate because {refused}: the call fails until that is fixed. {refused_fix}",
			verifyAccepts:         "Drop verify=False: the bank's certificate passes every check verify=True makes, so the call works with verification on.",
		},
		by: (*facts).skipVerifyCase,
		apply: func(f *facts, s *scenario.Scenario) bool {
			s.Client.Verify = scenario.VerifyTrue
			return true
		},
		then: func(f *facts) (handshake.Reason, bool) {
			if f.s.Imposter != nil || f.refused == nil {
				return 0, false
			}
			return *f.refused.Reason, true
		}},
	handshake.UnknownAuthority: {side: "client", summary: "Trust the CA that issued the bank's certificate: pass its root as verify=\"ca.pem\" (requests then trusts only that bundle), or set REQUESTS_CA_BUNDLE.",
		by: trustCase, sides: []string{missingIssuerCase: "both"}, cases: []string{
			missingIssuerCase: missingIssuerFixes[false],
			inOSStore:         "{root} is in the machine's own store, which curl, openssl and Go read, but not in certifi's bundle, which requests reads: " + osStoreRequests + " Or pass the root as verify='ca.pem'. (Node reads neither: give it " + nodeSystemStore + ".)",
			sessionOverridden: requestsSessionOverridden,
		},
		apply: func(f *facts, s *scenario.Scenario) bool {
			if trustCase(f) == inOSStore {
				s.Client.Truststore = true
				return true
			}
			return trustTop(f, s)
		}},
	handshake.UntrustedRoot: {side: "client", summary: "Only if you have checked that {root} is yours to trust: pass it as verify=\"ca.pem\". Otherwise the bank needs a certificate from a CA the courier already trusts.",
		apply: trustTop},
	handshake.MissingIntermediate: {side: "server", summary: "The bank must send its intermediate ({issuer}) after its own certificate (the full chain file, e.g. fullchain.pem). A client can work around it by adding the intermediate to its verify= bundle, but every other client stays broken.",
		by: func(f *facts) fixCase {
			if f.missingIssuer() != nil {
				return missingIssuerCase
			}
			return noCase
		},
		sides: []string{missingIssuerCase: "both"}, cases: []string{missingIssuerCase: missingIssuerFixes[true]},
		apply: func(f *facts, s *scenario.Scenario) bool {
			var chain []string
			for _, c := range f.chain {
				if c.top() {
					break
				}
				if c.spec == nil {
					return false
				}
				chain = append(chain, c.spec.Name)
			}
			if len(chain) <= len(answering(s)) {
				return false
			}
			setAnswering(s, chain)
			return true
		}},
	handshake.SelfSigned: {side: "client", summary: "A self-signed certificate can only be trusted one by one: if you have checked it out of band, pass the certificate itself as verify=\"ca.pem\". Better, have the bank use a certificate from a CA.",
		apply: func(f *facts, s *scenario.Scenario) bool { return trust(s, head(f.chain)) }},
	handshake.HostnameMismatch: {side: "client", summary: "Have the bank's certificate reissued with {dial} among its Subject Alternative Names ({leaf_lists}).",
		// The cases are dialInstead's: how the certificate matches the name to
		// dial instead.
		cases: []string{
			dialName:          "Dial a name the certificate lists ({alt}), or have the bank's certificate reissued with {dial} among its Subject Alternative Names.",
			dialAddress:       "Dial an address the certificate lists ({alt}), or have the bank's certificate reissued with {dial} among its Subject Alternative Names.",
			dialNameAt:        "Dial a name the certificate lists ({alt}), pointed at {dial} ({point_at}), or have the bank's certificate reissued with {dial} among its Subject Alternative Names. But an IP address dialled sends no SNI (no name in the ClientHello), so a server with several sites may have answered with its default certificate: the site you want may have another name than this certificate shows, the name the server expects in SNI (its server_name); dial that one, pointed at {dial} the same way (the sni-default-certificate story).",
			dialAddressOrName: "Dial an address the certificate lists ({alt}), or a name it lists ({alt_name}) pointed at {dial} ({point_at}), or have the bank's certificate reissued with {dial} among its Subject Alternative Names.",
			dialWildcard:      "Dial a name the certificate's wildcard {wildcard} covers, such as {alt} (a wildcard stands for exactly one label), or have the bank's certificate reissued with {dial} among its Subject Alternative Names.",
			dialSNI:           "Dial the bank by its name, https://{alt}/, so that the name travels in the ClientHello (SNI) and the bank answers with its own certificate for {alt}; or have the bank's default certificate cover {dial}.",
		},
		by: func(f *facts) fixCase { return f.altHow },
		apply: func(f *facts, s *scenario.Scenario) bool {
			if f.alt != "" {
				s.Client.Dial = f.alt
				return true
			}
			return addSAN(f, s)
		}},
	handshake.CNOnly: {side: "server", summary: "Reissue the bank's certificate with {dial} as a Subject Alternative Name; the Common Name has not counted for host names since RFC 6125 (2011).",
		apply: addSAN},
	handshake.Expired: {side: "server", summary: "Renew {bad}: it was valid until {bad_until}, and the clock says {now}. If the clock is wrong, fix the clock.",
		apply: func(f *facts, s *scenario.Scenario) bool { return renew(f, s, f.chain) }},
	handshake.NotYetValid: {side: "server", summary: "{bad} only becomes valid at {bad_from}, and the clock says {now}: check the courier's clock, or reissue the certificate from today.",
		apply: func(f *facts, s *scenario.Scenario) bool { return renew(f, s, f.chain) }},
	handshake.RevokedUnchecked: {side: "client", summary: "The call works, and that is the danger: nothing in it checks revocation. Tell the courier to check: requests through an adapter whose SSLContext holds the CRLs with VERIFY_CRL_CHECK_CHAIN (below), curl --crlfile crl.pem (and --cert-status only if the bank staples OCSP: against a bank that staples nothing, it always fails, \"No OCSP response received\"), s_client with its CRL checks on and ca.pem and crl.pem in its -CAfile, Node's crl option, Go's VerifyConnection; you fetch the CRLs and keep them fresh, none of these downloads them. Then the call fails, which is the point, until the bank serves a chain in which its CAs revoked nothing (here they revoked {revoked}).",
		apply: func(f *facts, s *scenario.Scenario) bool {
			s.Client.CheckRevocation = true
			return true
		},
		then: func(f *facts) (handshake.Reason, bool) { return handshake.Revoked, true }},
	handshake.Revoked: {side: "server", summary: "The bank must replace {revoked}, which its CA revoked, with a certificate issued anew (and, if the key leaked, a new key): for the bank's own certificate a new one, for an intermediate a certificate under one its CA still stands behind. Keep checking revocation.",
		apply: func(f *facts, s *scenario.Scenario) bool {
			return editChain(s, f.chain, func(sp *pki.Spec) bool {
				was := sp.Revoked
				sp.Revoked = false
				return was
			})
		}},
	handshake.WrongEKU: {side: "server", summary: "Reissue the bank's certificate with extended key usage serverAuth (a TLS server certificate).",
		apply: func(f *facts, s *scenario.Scenario) bool {
			return editChain(s, head(f.chain), func(sp *pki.Spec) bool {
				sp.ExtKeyUsage = []string{pki.EKUServerAuth}
				return true
			})
		}},
	handshake.NotACA: {side: "server", summary: "The bank's certificate must be issued by a real CA (basicConstraints CA:TRUE), not by another end-entity certificate.",
		apply: func(f *facts, s *scenario.Scenario) bool {
			return editChain(s, issuers(f.chain), func(sp *pki.Spec) bool {
				if sp.IsCA {
					return false
				}
				sp.IsCA, sp.NoBasicConstraints = true, false
				return true
			})
		}},
	handshake.PathTooLong: {side: "server", summary: "Issue the bank's certificate from a CA whose path length allows it (or shorten the chain of intermediates).",
		apply: func(f *facts, s *scenario.Scenario) bool {
			return editChain(s, issuers(f.chain), func(sp *pki.Spec) bool {
				changed := sp.MaxPathLen != nil
				sp.MaxPathLen = nil
				return changed
			})
		}},
	handshake.NameConstraints: {side: "server", summary: "The issuing CA may only vouch for the names its constraints permit: get the bank's certificate from a CA allowed to issue for {dial}.",
		apply: func(f *facts, s *scenario.Scenario) bool {
			return editChain(s, issuers(f.chain), func(sp *pki.Spec) bool {
				changed := len(sp.PermittedDNS)+len(sp.ExcludedDNS) > 0
				sp.PermittedDNS, sp.ExcludedDNS = nil, nil
				return changed
			})
		}},
	handshake.WeakSignature: {side: "server", summary: "Reissue the certificate signed with SHA-256. No client setting should make SHA-1 acceptable again.",
		apply: func(f *facts, s *scenario.Scenario) bool {
			return editChain(s, f.chain, func(sp *pki.Spec) bool {
				if sp.Hash != pki.SHA1 {
					return false
				}
				sp.Hash = pki.SHA256
				return true
			})
		}},
	handshake.BadSignature:         {side: "server", summary: "A signature in the chain does not verify: the certificate was not issued by the certificate it names as issuer. The bank must serve its real chain."},
	handshake.UnsupportedSignature: {side: "server", summary: "Have the certificate reissued by a CA that signs with RSA, ECDSA or Ed25519 and SHA-256 or better: no client setting teaches Go another algorithm."},
	handshake.CAKeyUsage: {side: "server", summary: "The issuing CA's certificate must allow certificate signing (key usage keyCertSign): the CA reissues its own certificate with it, or the bank gets its certificate from a CA that has it.",
		apply: func(f *facts, s *scenario.Scenario) bool {
			return editChain(s, issuers(f.chain), func(sp *pki.Spec) bool {
				if len(sp.KeyUsage) == 0 || slices.Contains(sp.KeyUsage, pki.KUCertSign) {
					return false
				}
				sp.KeyUsage = append(sp.KeyUsage, pki.KUCertSign)
				return true
			})
		}},
	handshake.UnhandledCriticalExtension: {side: "server", summary: "Have the certificate reissued without that extension, or with it not critical: no client setting makes a verifier accept a critical extension it does not know."},
	handshake.MalformedCertificate:       {side: "server", summary: "Have the certificate reissued: the CA's software wrote a certificate Go cannot read. Until then, a client on another library may read it, a Go client never will."},
	handshake.NoCertificate:              {side: "server", summary: "The bank must be configured with its certificate and key."},
	handshake.ProtocolVersion: {side: "client", summary: "Let the courier speak TLS 1.3 (requests and OpenSSL do by default; remove the cap), or, if you run the bank, accept TLS 1.2 too.",
		cases: []string{
			versionCapped: "The courier is capped at {courier_bound} and the bank speaks {bank_bound} at least: remove the courier's cap (left at their defaults requests, curl, OpenSSL, Node and Go speak TLS 1.2 and 1.3), or, if you run the bank and the courier cannot change, let the bank accept {courier_bound} too.",
			versionAbove:  "The courier insists on {courier_bound} at least and the bank speaks {bank_bound} at most: let the courier accept {bank_bound} too (remove its minimum: requests, curl, OpenSSL, Node and Go accept TLS 1.2 by default), or, if you run the bank, let it speak {courier_bound}.",
		},
		by: (*facts).versionCase,
		apply: func(f *facts, s *scenario.Scenario) bool {
			changed := s.Client.MinVersion != "" || s.Client.MaxVersion != ""
			s.Client.MinVersion, s.Client.MaxVersion = "", ""
			return changed
		}},
	handshake.NoSharedCipher: {side: "server", summary: "The bank allows no cipher suite the courier offers: widen its list (Go's default is fine).",
		// The cases are cipherCause's: why no suite was usable.
		cases: []string{
			cipherKey:   "The suites the bank allows need a certificate with an {suite_key} key, and its certificate has an {leaf_key} key: let the bank allow suites for its certificate (Go's default list is fine), or give it a certificate with an {suite_key} key.",
			cipherGroup: "The suites are not the problem: the two sides share no key-exchange group, which every ECDHE suite needs. Give them one in common (their defaults share X25519 and P-256).",
		},
		by: func(f *facts) fixCase { return f.cipher },
		apply: func(f *facts, s *scenario.Scenario) bool {
			if f.cipher == cipherGroup {
				return emptied(&s.Server.Groups, &s.Client.Groups)
			}
			return emptied(&s.Server.CipherSuites)
		}},
	handshake.NoSharedGroup: {side: "server", summary: "The two sides have no key-exchange group in common: configure both with their defaults (X25519MLKEM768, X25519, P-256).",
		apply: func(f *facts, s *scenario.Scenario) bool { return emptied(&s.Server.Groups, &s.Client.Groups) }},
	handshake.NoSharedALPN: {side: "server", summary: "The bank insists on an application protocol the courier does not offer (requests offers http/1.1): let the bank accept it, or stop requiring ALPN.",
		apply: func(f *facts, s *scenario.Scenario) bool { return emptied(&s.Server.ALPN) }},
	handshake.ClientCertMissing: {side: "client", summary: "Bring the badge: cert=(\"client.crt\", \"client.key\"), a certificate issued by {client_cas}.",
		apply: func(f *facts, s *scenario.Scenario) bool {
			badge := s.Client.Badge
			if badge == "" {
				badge = issuedBy(s, s.Server.ClientCAs)
			}
			if badge == "" && !realHost(s) {
				// A real host's courier brings the badge the person holds.
				return false
			}
			s.Client.Badge, s.Client.Cert = badge, scenario.CertTuple
			return true
		}},
	handshake.ClientCertUnknownCA: {side: "client", summary: "The badge was issued by {badge_issuer}, which the bank does not trust ({client_cas} only): get a badge issued by the bank's CA (or, if you run the bank, add the issuer to its client CAs). " + chainCure,
		cases: []string{badgeChainCase: chainFirst},
		by:    badgeChain,
		apply: func(f *facts, s *scenario.Scenario) bool {
			if len(s.Server.ClientCAs) == 0 {
				return false
			}
			return editChain(s, head(f.badgeChain), func(sp *pki.Spec) bool {
				sp.Issuer = s.Server.ClientCAs[0]
				return true
			})
		}},
	handshake.ClientCertExpired: {side: "client", summary: "Renew the badge: {bad} was valid until {bad_until}, and the clock says {now}.",
		cases: []string{badgeCACase: "Your badge is in date: {bad}, a CA the bank trusts to issue badges, was valid until {bad_until}, and the clock says {now}. The bank must renew that CA's certificate (with the same key, the badges it issued still chain to it) and trust the renewed one.",
			reissueCase: "Your certificate, {bad}, was valid until {bad_until}, and the clock says {now}."},
		sides: []string{badgeCACase: "server"},
		by:    badgeCase,
		apply: func(f *facts, s *scenario.Scenario) bool { return renew(f, s, f.badgeChain) }},
	handshake.ClientCertNotYetValid: {side: "client", summary: "The badge {bad} only becomes valid at {bad_from}; the clock says {now}: check the clocks, or get a badge valid today.",
		cases: []string{badgeCACase: "Your badge is in date, but {bad}, a CA the bank trusts to issue badges, only becomes valid at {bad_from}; the clock says {now}: the bank must check its clock, or reissue that CA's certificate from today (with the same key) and trust that one.",
			reissueCase: "Your certificate, {bad}, only becomes valid at {bad_from}, and the clock says {now}."},
		sides: []string{badgeCACase: "server"},
		by:    badgeCase,
		apply: func(f *facts, s *scenario.Scenario) bool { return renew(f, s, f.badgeChain) }},
	handshake.ClientCertWrongEKU: {side: "client", summary: "Use a badge issued for client authentication (extended key usage clientAuth).",
		apply: func(f *facts, s *scenario.Scenario) bool {
			return editChain(s, head(f.badgeChain), func(sp *pki.Spec) bool {
				sp.ExtKeyUsage = []string{pki.EKUClientAuth}
				return true
			})
		}},
	handshake.ClientCertInvalid: {side: "client", summary: "The bank refused the badge's chain: get a badge properly issued by {client_cas}.",
		cases: []string{badgeSHA1Case: "Your certificate, {badge}, is signed with SHA-1, which the bank no longer accepts, and which the OpenSSL-based clients (requests, curl, s_client, Node) refuse to load at all: get it reissued signed with SHA-256{reissue_dates}.",
			badgeSHA1WeakCase: "Your certificate, {badge}, is signed with SHA-1, which the bank no longer accepts."},
		by:    badgeSHA1,
		apply: func(f *facts, s *scenario.Scenario) bool { return badgeSHA1(f) != noCase && reissueBadge(f, s) }},
	handshake.ClientKeyMismatch: {side: "client", summary: "Pass the key that belongs to the badge: cert=(\"client.crt\", \"client.key\") with the key generated alongside that certificate.",
		apply: tupleBadge},
	handshake.ClientKeyMissing: {side: "client", summary: "A certificate alone cannot prove anything: pass its private key too, cert=(\"client.crt\", \"client.key\"), or one file with both.",
		apply: tupleBadge},
	handshake.ClientKeyEncrypted: {side: "client", summary: "requests (and Go) cannot use a password-protected key: decrypt it once with openssl pkey -in client.key -out client-plain.key (it asks for the password), keep that file safe, and pass it. curl (--pass), openssl (-pass) and Node (passphrase) can take the password instead.",
		apply: tupleBadge},
	handshake.HandshakeFailure: {side: "server", summary: "The two sides could not agree on the handshake; compare their TLS settings (versions, groups, cipher suites, ALPN).",
		cases: []string{versionCapped: "The courier is capped at {courier_bound} and the bank speaks {bank_bound} at least: remove the courier's cap (the maximum_version of requests' SSLContext, curl's --tls-max, Node's maxVersion, Go's MaxVersion; left at their defaults requests, curl, OpenSSL, Node and Go speak TLS 1.2 and 1.3). Lowering the bank's minimum instead is no cure: TLS 1.0 and 1.1 are deprecated (RFC 8996), and OpenSSL refuses their handshakes at its default security level.",
			versionCappedReached: "The courier is capped at {courier_bound}, below TLS 1.2, which Go, Node and urllib3 2 ask for at least: remove the courier's cap (the maximum_version of requests' SSLContext, curl's --tls-max, Node's maxVersion, Go's MaxVersion; left at their defaults requests, curl, OpenSSL, Node and Go speak TLS 1.2 and 1.3). Lowering the courier's minimum to meet the bank at {courier_bound} is no cure: the clients that reach it there (urllib3 1.26, curl, s_client) refuse its SHA-1 signature, \"legacy sigalg disallowed or unsupported\", and TLS 1.0 and 1.1 are deprecated (RFC 8996)."},
		by: func(f *facts) fixCase {
			if f.cappedBelow() {
				return f.versionCase()
			}
			return noCase
		},
		sides: []string{versionCapped: "client", versionCappedReached: "client"},
		apply: func(f *facts, s *scenario.Scenario) bool {
			if !f.cappedBelow() {
				return false
			}
			s.Client.MaxVersion = ""
			return true
		}},
	handshake.Timeout: {side: "server", summary: "Nothing came back in time: check that the bank is listening and that nothing between the two drops the connection."},
}

// emptied resets lists to empty (the library's default) and reports whether any
// held something.
func emptied[T any](lists ...*[]T) bool {
	changed := false
	for _, l := range lists {
		changed = changed || len(*l) > 0
		*l = nil
	}
	return changed
}

// editChain applies edit to the scenario copy's certificates matching chain's
// specs, and reports whether any changed. A real host's certificates have none:
// nothing here can reissue them.
func editChain(s *scenario.Scenario, chain []cert, edit func(*pki.Spec) bool) bool {
	changed := false
	for _, c := range chain {
		if c.spec != nil && edit(s.Spec(c.spec.Name)) {
			changed = true
		}
	}
	return changed
}

// head is the chain's leaf, if it has one.
func head(chain []cert) []cert { return chain[:min(1, len(chain))] }

// issuers is the chain above its leaf.
func issuers(chain []cert) []cert {
	if len(chain) == 0 {
		return nil
	}
	return chain[1:]
}

// badgeCase is whether the badge's certificate out of date is the badge itself
// (the general words) or a CA above it: the courier sends its badge alone, so
// that CA is one the bank holds among the issuers it trusts, the bank's to
// renew.
func badgeCase(f *facts) fixCase {
	switch {
	case f.badPlace == intermediatePlace || f.badPlace == rootPlace:
		return badgeCACase
	case f.reissueDates():
		return reissueCase
	}
	return noCase
}

// trustCase is where the root the courier lacks already is: in the machine's
// store (truststore reads it), or in the Session's bundle that a variable
// overrides (the call's verify= comes first).
func trustCase(f *facts) fixCase {
	top, _, ok := f.anchor()
	switch {
	case f.missingIssuer() != nil:
		return missingIssuerCase
	case !ok:
	case slices.Contains(f.s.Client.OSStore, top.spec.Name) && !f.s.Client.Truststore:
		return inOSStore
	case f.s.Resolve(Requests).Overridden:
		return sessionOverridden
	}
	return noCase
}

// trustTop makes the courier trust the top of the bank's chain.
func trustTop(f *facts, s *scenario.Scenario) bool {
	return trust(s, f.chain[max(0, len(f.chain)-1):])
}

// trust makes the courier trust the certificate in one (ca.pem): the scenario's
// certificate for a story, the one the person must fetch for a real host.
func trust(s *scenario.Scenario, one []cert) bool {
	if len(one) == 0 {
		return false
	}
	s.Client.Verify, s.Client.Bundle = scenario.VerifyBundle, nil
	if one[0].spec != nil {
		s.Client.Bundle = []string{one[0].spec.Name}
	}
	return true
}

// renew moves every out-of-date certificate of chain into its validity.
func renew(f *facts, s *scenario.Scenario, chain []cert) bool {
	return editChain(s, chain, renewDates)
}

// specOutOfDate reports whether sp, days from the scenario's clock, is not
// valid at it.
func specOutOfDate(sp *pki.Spec) bool { return sp.NotAfter < 0 || sp.NotBefore > 0 }

// renewDates moves sp's validity to hold the scenario's clock, and
// reports whether it was out of it.
func renewDates(sp *pki.Spec) bool {
	switch {
	case !specOutOfDate(sp):
		return false
	case sp.NotAfter < 0:
		sp.NotAfter = 365
	default:
		sp.NotBefore = -1
	}
	if sp.NotBefore > sp.NotAfter {
		sp.NotBefore = -1
	}
	return true
}

// addSAN reissues the bank's leaf with the dialled name among its SANs.
func addSAN(f *facts, s *scenario.Scenario) bool {
	return editChain(s, head(f.chain), func(leaf *pki.Spec) bool {
		if f.dialIP() {
			leaf.IPAddresses = append(leaf.IPAddresses, s.Client.Dial)
		} else {
			leaf.DNSNames = append(leaf.DNSNames, s.Client.Dial)
		}
		return true
	})
}

// tupleBadge gives the courier its badge with its own, unencrypted key.
func tupleBadge(f *facts, s *scenario.Scenario) bool {
	if s.Client.Badge == "" {
		return false
	}
	s.Client.Cert, s.Client.KeyPassword = scenario.CertTuple, ""
	return true
}

// issuedBy is a certificate of the scenario issued by one of cas, not a CA itself.
func issuedBy(s *scenario.Scenario, cas []string) string {
	for _, sp := range s.Certs {
		if !sp.IsCA && slices.Contains(cas, sp.Issuer) {
			return sp.Name
		}
	}
	return ""
}

func answering(s *scenario.Scenario) []string {
	send, _ := s.Answering()
	return send
}

func setAnswering(s *scenario.Scenario, send []string) {
	if s.Imposter != nil {
		s.Imposter.Send = send
		return
	}
	s.Server.Send = send
}

// versionCase is how the courier's versions miss the bank's: its cap below
// the bank's minimum, or its minimum above the bank's highest (noCase when
// neither side set the bound: the bank's highest below the courier's
// default minimum, say). versionBounds are the two bounds.
func (f *facts) versionCase() fixCase {
	c, _, _ := f.versionBounds()
	return c
}

func (f *facts) versionBounds() (c fixCase, courier, bank string) {
	cl, b := f.s.Client, f.s.Server
	switch {
	case cl.MaxVersion != "" && cl.MaxVersion < f.bankMin():
		return versionCapped, "TLS " + string(cl.MaxVersion), "TLS " + string(f.bankMin())
	case cl.MinVersion != "" && b.MaxVersion != "" && cl.MinVersion > b.MaxVersion:
		return versionAbove, "TLS " + string(cl.MinVersion), "TLS " + string(b.MaxVersion)
	case cl.MaxVersion != "" && cl.MinVersion == "" && cl.MaxVersion < scenario.TLS12:
		return versionCappedReached, "TLS " + string(cl.MaxVersion), "TLS " + string(f.bankMin())
	}
	return noCase, "", ""
}

// fixedScenario is the scenario with the fix in place: its calls are the
// ones that work.
func (f *facts) fixedScenario() *scenario.Scenario {
	fixed := f.s
	if s, ok := cureWhole(f); ok {
		fixed = s
	}
	if f.next != nil {
		// The cure of what fails next holds the first's: its scenario
		// is the first's cured.
		if s, ok := cureWhole(f.next); ok {
			fixed = s
		}
	}
	return fixed
}
