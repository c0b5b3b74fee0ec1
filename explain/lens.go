package explain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// The lens: the verdict as the person's own client gives it. The handshake on
// screen is Go's; a person who came with a requests error wants requests'
// verdict, words and message first. The lens reads the per-client predictions
// (clients.go, proven against the real clients) and says, when the chosen
// client and Go disagree, where and why.

// LensClients are the clients a person can pick as theirs, in the order a page
// offers them; DefaultClient is the one a page starts with.
var LensClients = []string{Requests, Pip, Curl, OpenSSL, Node, GoNetHTTP}

// DefaultClient is the client of the people this playground is for.
const DefaultClient = Requests

// ClientTitles name the lens clients as a person knows them.
var ClientTitles = map[string]string{
	Requests:  "Python requests",
	Pip:       "pip",
	Curl:      "curl",
	OpenSSL:   "openssl s_client",
	Node:      "Node.js",
	GoNetHTTP: "Go",
}

// IsLensClient says whether name is one of LensClients.
func IsLensClient(name string) bool { return slices.Contains(LensClients, name) }

// LensClientNamed is the one of LensClients that name names in any case
// ("Go", "Curl" as a person types them), and whether there is one.
func LensClientNamed(name string) (string, bool) {
	lower := strings.ToLower(name)
	return lower, IsLensClient(lower)
}

// Verdict is the scenario as one client sees it: whether it connects, why,
// in words, and the message it prints.
type Verdict struct {
	_        noCompare
	Client   string `json:"client"`
	OK       bool   `json:"ok"`
	Reason   string `json:"reason"`
	Headline string `json:"headline"`
	// Message is what the client prints (with the run-to-run placeholders of
	// ClientVerdict.Message), Class its error's type or code.
	Message string `json:"message"`
	Class   string `json:"class,omitempty"`
	// Disagree is one sentence, when Go (the handshake on screen) and the
	// client come to different verdicts, saying so and why; "" otherwise.
	Disagree string `json:"disagree,omitempty"`
	// Bundle says which CA bundle the client reads and why ("Python requests
	// used: …, because …"); empty for a real host's handshake.
	Bundle string `json:"bundle,omitempty"`

	Analogy   string `json:"-"`
	Technical string `json:"-"`
	// TellApart is how to tell this failure from the ones that read alike,
	// by what the client prints, where it comes to Go's verdict ("" where
	// it does not: the words are Go's).
	TellApart string `json:"-"`
	// Basis is how the prediction is known (ClientVerdict.Basis).
	Basis string `json:"-"`
	Fix   Fix    `json:"fix"`
}

// A lensCase is how the client's verdict stands to Go's.
type lensCase int

const (
	sameAsGo             lensCase = iota // the client comes to Go's verdict, for Go's reason
	connectsAnyway                       // the client connects where Go refuses
	weakKeyRefused                       // the client's OpenSSL refuses an RSA key Go accepts
	suitesRefused                        // urllib3 2 offers none of the suites the bank can use
	legacyRefused                        // the client's OpenSSL refuses a handshake before TLS 1.2 Go was allowed
	otherBundle                          // the client reads another bundle than requests, and judges the root otherwise
	dotSNIRefused                        // the client sends a name's final dot in SNI, which the story's bank refuses
	dotNameRefused                       // s_client matches the certificate against a name with its final dot
	dotSNIMaybe                          // Node sends a name's final dot in SNI to a real host nobody asked with it
	keylessServed                        // Node, its badge without a key, connects with none to a bank that takes none
	loadRefused                          // the client's OpenSSL refuses to load the badge (loadRefusal)
	partialRefused                       // the client's OpenSSL wants a self-signed root above the issuing CA its bundle holds
	leafAnchorRefused                    // the client's OpenSSL takes not the bank's own certificate its bundle holds for an anchor
	eccRefused                           // the client's OpenSSL refuses, on TLS 1.2, an ECDSA certificate that may not sign
	bundleNotPEM                         // the client cannot use a pasted CA bundle as given, DER or PKCS #7 (bundleform.go)
	cappedLegacy                         // the client, capped below TLS 1.2, reaches the bank there and refuses its signature (capped.go)
	rekeyedRefused                       // the client's OpenSSL finds no issuer where the bank sent a re-keyed one (rekeyed.go)
	pqRefused                            // the client's OpenSSL offers no group of a bank that takes only post-quantum ones (keyexchange.go)
	cappedOldBank                        // cappedLegacy, at a bank that speaks nothing newer than TLS 1.1: removing the cap alone is no cure
	legacyCapped                         // legacyRefused, the courier capped below TLS 1.2 too: its cap must go with the bank's move
	suitesCapped                         // urllib3 2, capped below TLS 1.2, has no cipher suite for the versions it may speak (cipher.go)
	suitesCappedOldBank                  // suitesCapped, at a bank that speaks nothing newer than TLS 1.1: the bank must move too
	legacyReachedRefused                 // the client, capped below TLS 1.2 with its minimum lowered, reaches a bank of TLS 1.2 too there and refuses its signature
	numLensCases                         // the number of cases: the size of a table by case
)

// lensReasons are the reason ids of the cases that are not Go's: the
// handshake's reasons' ids written out, so that the table is data
// (TestReasonIDsWritten).
var lensReasons = [numLensCases]string{
	connectsAnyway:       "ok", // handshake.OK
	weakKeyRefused:       string(CauseWeakKey),
	suitesRefused:        "no_shared_cipher", // handshake.NoSharedCipher
	legacyRefused:        "protocol_version", // handshake.ProtocolVersion
	dotSNIRefused:        "sni_trailing_dot",
	dotNameRefused:       "hostname_mismatch", // handshake.HostnameMismatch
	dotSNIMaybe:          "sni_trailing_dot",
	keylessServed:        "ok", // handshake.OK
	loadRefused:          string(CauseBadgeTooWeak),
	partialRefused:       "partial_chain",
	leafAnchorRefused:    "partial_chain",
	eccRefused:           "ecc_cert_not_for_signing",
	bundleNotPEM:         string(CauseBundleNotPEM),
	cappedLegacy:         "protocol_version",     // handshake.ProtocolVersion
	rekeyedRefused:       "missing_intermediate", // handshake.MissingIntermediate: OpenSSL's reading
	pqRefused:            "no_shared_group",      // handshake.NoSharedGroup
	cappedOldBank:        "protocol_version",     // handshake.ProtocolVersion
	legacyCapped:         "protocol_version",     // handshake.ProtocolVersion
	suitesCapped:         "no_shared_cipher",     // handshake.NoSharedCipher
	suitesCappedOldBank:  "no_shared_cipher",     // handshake.NoSharedCipher
	legacyReachedRefused: "protocol_version",     // handshake.ProtocolVersion
}

// otherBundleWords are the otherBundle case's words, as the client connects
// or refuses; {bundle} is BundleLine.
var otherBundleWords = map[bool]words{
	true: {
		headline:  "It works with {client}: it reads another bundle, which holds {root}",
		analogy:   "This courier carries another Book of Trusted IDs than requests does, and the office at the top of the bank's chain is in it.",
		technical: "{bundle}",
	},
	false: {
		headline:  "{client} refuses: the bundle it reads does not hold {root}",
		analogy:   "This courier carries another Book of Trusted IDs than requests does, and the office at the top of the bank's chain is not in it.",
		technical: "{bundle} The bank's chain ends at {root}, which that bundle does not hold.",
	},
}

// otherBundleFixes are the otherBundle case's cures.
var otherBundleFixes = map[bool]string{
	true:  "Nothing to fix for {client}. For requests: {go_fix}",
	false: "Point {client} at a bundle that holds {root} (in the call, as below), or add {root} to the one it reads.",
}

// lensWords are the words of the cases that are not Go's; {client} is the
// client's title.
var lensWords = [numLensCases]words{
	connectsAnyway: {
		headline:  "It works with {client}, though not with every client",
		analogy:   "This courier's rules let the bank's ID through, although Go's courier, the one on screen, turns it away.",
		technical: "{client} accepts what Go refuses here ({go_headline}). It works for you today; clients that follow the stricter rule refuse the same bank.",
	},
	weakKeyRefused: {
		headline:  "The bank's key is too weak for {client}",
		analogy:   "The bank's ID is genuine, but its seal is too thin for this courier's rules: an RSA key of 1024 bits can be forged by whoever spends enough on it.",
		technical: "{weak_key}. OpenSSL, which {client} uses, runs at security level 2 on Debian and most distributions and refuses RSA keys under 2048 bits; Go and Node accept them.",
	},
	suitesRefused: {
		headline:  "The bank offers no cipher suite {client} will use",
		analogy:   "The courier and the bank have no language in common: every way of sealing the parcel the bank knows is one this courier has given up.",
		technical: "The bank offers only suites with a SHA-1 MAC ({suites}). CPython's own default cipher list leaves those out, and urllib3 2 keeps Python's list, so the bank answers with a handshake failure alert.",
	},
	dotSNIRefused: {
		headline:  "{client} sends the name's final dot, and the bank refuses it",
		analogy:   "The courier gives the bank's name at the door with a full stop at the end; names are given there without one, and this bank turns away a courier who does not.",
		technical: "{note}",
	},
	dotSNIMaybe: {
		headline:  "{client} sends the name's final dot, which some servers refuse",
		analogy:   "The courier gives the bank's name at the door with a full stop at the end; names are given there without one, and some banks turn away a courier who does not, while others let it in.",
		technical: "{note}",
	},
	dotNameRefused: {
		headline:  "{client} matches no name with a final dot",
		analogy:   "The courier checks the bank's ID against the name with a full stop at the end; the ID lists it without one, and to this courier's rules the two differ.",
		technical: "{note}",
	},
	keylessServed: {
		headline:  "{client} connects, without its badge",
		analogy:   "The courier's badge came without its key, so this courier shows no badge at all; the bank lets in a courier without one, and serves it as such.",
		technical: "{note}",
	},
	loadRefused: {
		headline:  "{client} refuses to load your certificate",
		analogy:   "The courier's own badge is too weak for this courier's rules: it will not set out with it, so it never reaches the bank, and the bank never says a word.",
		technical: "{load_where} {note}",
	},
	eccRefused: {
		headline:  "{client} refuses the bank's certificate: its key may not sign",
		analogy:   "The bank seals its part of the handshake with the key of its ID, but the ID itself says that key is not for sealing. Go's courier does not read that line of the ID; this one does, and turns back.",
		technical: "{note}",
	},
	leafAnchorRefused: {
		headline:  "The bundle holds {partial_anchor}, the bank's own certificate, and no CA that issued it",
		analogy:   "The courier's Book of Trusted IDs holds a copy of the bank's own ID, not the letter of an office that issued it. Go's courier is content to find the ID itself in its book; this one looks for the office that issued it, up to a charter that vouches for itself, and finds none.",
		technical: "{note}",
	},
	partialRefused: {
		headline:  "The bundle holds {partial_anchor}, an issuing CA, and not the root above it",
		analogy:   "The courier's Book of Trusted IDs holds the letter of the office that issued the bank's ID, but not the charter of the office above it. Go's courier is content with any office in its book; this one follows the letters up its book to a charter that vouches for itself, and finds none.",
		technical: "{note}",
	},
	pqRefused: {
		headline:  "The bank takes only post-quantum key exchange, which {client} does not offer",
		analogy:   "The bank will agree a secret only in a new, quantum-safe way, and this courier knows only the older ways: they part before any ID is shown. Go's courier, on screen, knows the new way and gets in.",
		technical: "{note}",
	},
	rekeyedRefused: {
		headline:  "{client} finds no issuer for {leaf}: the {issuer} the bank sent has another key",
		analogy:   "The bank shows the letter of an office of the right name, but the office's seal on it is not the one the bank's ID names. This courier looks for the issuing office by its seal before it reads any signature, finds none among the letters or in its Book of Trusted IDs, and turns back, as if the letter had been left out.",
		technical: "{note}",
	},
	cappedLegacy:         cappedLegacyWords,
	cappedOldBank:        cappedLegacyWords,
	legacyRefused:        legacyRefusedWords,
	legacyCapped:         legacyRefusedWords,
	suitesCapped:         suitesCappedWords,
	suitesCappedOldBank:  suitesCappedWords,
	legacyReachedRefused: cappedLegacyWords,
}

// suitesCappedWords are the suitesCapped and suitesCappedOldBank cases'
// words.
var suitesCappedWords = words{
	headline:  "{client}, capped at {courier_bound}, has no cipher suite for it",
	analogy:   "The courier was told to speak no newer language than an old one, and its own rules have given up every way of sealing the parcel that language has: it gives up before it knocks.",
	technical: "{note}",
}

// suitesCappedFix is the suitesCapped case's cure, suitesCappedOldBankFix
// suitesCappedOldBank's.
const (
	suitesCappedFix        = legacyReachedFix
	suitesCappedOldBankFix = "The bank must speak TLS 1.2 or 1.3, and the courier's cap below TLS 1.2 must go (as in the call below): {client} has no suite for any version before TLS 1.2, and the bank speaks {bank_max} at most. TLS 1.0 and 1.1 are deprecated (RFC 8996)."
)

// cappedLegacyWords are the cappedLegacy and cappedOldBank cases' words.
var cappedLegacyWords = words{
	headline:  "{client}, capped at {courier_bound}, reaches the bank there and refuses its signature",
	analogy:   "The courier was told to speak no newer language than an old one, and the bank still speaks it; but in that language the bank seals its part of the handshake with an old stamp whose signature can be forged, and this courier's rules refuse it.",
	technical: "{note}",
}

// cappedOldBankFix is the cappedOldBank and legacyCapped cases' cure.
const cappedOldBankFix = "The bank must speak TLS 1.2 or 1.3, and the courier's cap below TLS 1.2 must go ({client}'s, as in the call below), which would miss the bank's new versions: the bank speaks {bank_max} at most, so without its cap {client} still meets it there and refuses its SHA-1 signature. Lowering {client}'s security level to let it through (@SECLEVEL=0) accepts a handshake whose signature can be forged, and TLS 1.0 and 1.1 are deprecated (RFC 8996)."

// legacyRefusedWords are the legacyRefused and legacyCapped cases' words.
var legacyRefusedWords = words{
	headline:  "{client} refuses the bank's {bank_max}",
	analogy:   "The bank still seals its part of the handshake with an old stamp whose signature can be forged, and this courier's rules refuse it, even when told to accept the old version.",
	technical: "The bank speaks {bank_max} only, deprecated since 2021 (RFC 8996). Every handshake before TLS 1.2 is signed with SHA-1 (and MD5 for RSA), and OpenSSL, which {client} uses, refuses that signature at its default security level (\"legacy sigalg disallowed or unsupported\"); Go accepts it once MinVersion allows the version.",
}

// lensFixes are the cures of the cases that are not Go's.
var lensFixes = [numLensCases]string{
	connectsAnyway:       "Nothing to fix for {client}. For the clients that refuse: {go_fix}",
	weakKeyRefused:       codeIsFine + "the bank must reissue {weak_name} with an RSA-2048 (or larger) or ECDSA key. Lowering OpenSSL's security level on your side would accept keys anyone with enough computing power can forge.",
	suitesRefused:        "Your code is fine: the bank must offer an AES-GCM or ChaCha20-Poly1305 suite too, or speak TLS 1.3. (A Python built with OpenSSL's cipher list, as Debian's and Ubuntu's are, connects as it is.)",
	pqRefused:            "Your code is fine where the bank can change: it must take a classical group too (X25519 or P-256) beside X25519MLKEM768, as Go's defaults do. Else run {client} on OpenSSL 3.5 or later, which offers X25519MLKEM768.",
	rekeyedRefused:       codeIsFine + "the bank must send the {issuer} that issued {leaf}: the one it sends has another key, so {client} finds no issuer for {leaf}.{rekeyed_words}",
	cappedLegacy:         "Remove the courier's cap ({client}'s, as in the call below): left at its defaults {client} speaks TLS 1.2 and 1.3, whose signatures it accepts. Lowering its security level to let {courier_bound}'s SHA-1 signature through (@SECLEVEL=0) accepts a handshake whose signature can be forged, and TLS 1.0 and 1.1 are deprecated (RFC 8996).",
	cappedOldBank:        cappedOldBankFix,
	legacyCapped:         cappedOldBankFix,
	suitesCapped:         suitesCappedFix,
	suitesCappedOldBank:  suitesCappedOldBankFix,
	legacyReachedRefused: legacyReachedFix,
	legacyRefused:        "Your code is fine: the bank must speak TLS 1.2 or 1.3. Lowering your client's security level to reach it (@SECLEVEL=0) accepts a handshake whose signature can be forged.",
	dotSNIRefused:        "Dial {dial_nodot}, the same name without its final dot: Go, requests and curl send it so themselves (for s_client, -servername {dial_nodot}).",
	dotNameRefused:       "Give s_client the name without its final dot: -servername {dial_nodot} -verify_hostname {dial_nodot}.",
	dotSNIMaybe:          "Dial {dial_nodot}, the same name without its final dot, and no server can refuse it for the dot: Go, requests and curl send it so themselves.",
	keylessServed:        "{client} is served as a courier without a badge. To show the badge, and for the clients that refuse: {go_fix}",
	loadRefused:          "{load_fix}",
	eccRefused:           codeIsFine + "the bank must reissue {leaf} with digitalSignature in its key usage (which signing its key exchange needs), or speak TLS 1.3, where OpenSSL does not check it.",
	leafAnchorRefused:    "Put in the bundle {client} reads, in place of {partial_anchor} (the bank's own certificate), {partial_cas}: {client} takes for an anchor only a CA that signed itself. " + pinNote,
	partialRefused:       "Put {partial_root}, the root above {partial_anchor}, which signed itself, in the bundle {client} reads, beside {partial_anchor} or in its place: {client} wants the chain to end at a self-signed root. Whoever gave you {partial_anchor} (your company's PKI team) has the root too.",
}

// weakAndWrongKey is the weak key's cure's second half when the bank signs
// with another certificate's key as well: either step against the weak key
// leaves {client} refusing the signature, which it checks next.
const weakAndWrongKey = "Neither is enough here: the bank also signs with {key_holder}'s private key, not the one that belongs to {leaf}, and past the key's size {client} checks that signature and refuses it. Configure the bank with the key of the certificate it sends (a reissued certificate's own new key)."

// lensSides are who must change in the cases that are not Go's, where it is
// not the bank.
var lensSides = [numLensCases]string{connectsAnyway: "", cappedLegacy: "client", cappedOldBank: "both", legacyCapped: "both", suitesCapped: "client", suitesCappedOldBank: "both", legacyReachedRefused: "client", dotSNIRefused: "client", dotNameRefused: "client", dotSNIMaybe: "client", keylessServed: "client", loadRefused: "client", partialRefused: "client", leafAnchorRefused: "client", eccRefused: "server"}

// Lens is the report's verdict as client (one of LensClients) gives it.
func Lens(r *Report, client string) (Verdict, error) {
	if !IsLensClient(client) {
		return Verdict{}, fmt.Errorf("there is no client %q: choose one of %s", client, strings.Join(LensClients, ", "))
	}
	return lensAs(r, client)
}

// lensAs is Lens of a lens client: pip's verdict is its base's (pipBase),
// in pip's words.
func lensAs(r *Report, client string) (Verdict, error) {
	if r == nil || r.Trace == nil {
		return Verdict{}, fmt.Errorf("a report without a handshake has no verdict")
	}
	f := newFacts(r.Trace)
	if r.Next != nil {
		f.then(r.Next)
	}
	base := client
	if client == Pip {
		f.as, base = Pip, f.pipBase()
	}
	v, err := f.lens(r, base)
	v.Fix = f.pastedFix(v.Fix)
	v.Fix = f.callsAs(v.Fix, client)
	for _, words := range []*string{&v.Headline, &v.Analogy, &v.Technical, &v.TellApart, &v.Fix.Summary} {
		*words = inClientsTerms(*words, client)
	}
	if client == Pip {
		v = f.pipLens(v, r)
	}
	return v, err
}

// title is the client's title in the lens's words.
func (f *facts) title(client string) string {
	if f.as != "" {
		return ClientTitles[f.as]
	}
	return ClientTitles[client]
}

// callsAs is fx with the calls the client makes: its call as the scenario
// has it and the one that works, where requests' were; requests' that
// works joins the other clients'. fx as it is under requests' lens.
func (f *facts) callsAs(fx Fix, client string) Fix {
	var own *string
	var wrong string
	switch client {
	case Curl:
		own, wrong = &fx.Curl, ShellJoin(CurlArgs(f.s, "", Target{}))
	case OpenSSL:
		own, wrong = &fx.OpenSSL, ShellJoin(OpenSSLArgs(f.s, "", Target{}))
	case Node:
		own, wrong = &fx.Node, NodeCall(f.s, "", Target{})
	case GoNetHTTP:
		own, wrong = &fx.Go, GoCall(f.s, "")
	case Pip:
		// pip's calls are in no other lens's list; where pip has no
		// option for the story's call, requests' calls stay.
		if fx.Client != Pip && PipCannot(f.s) == "" {
			right := PipCall(f.fixedScenario(), "")
			own, wrong = &right, PipCall(f.s, "")
		}
	}
	if own == nil || *own == "" || fx.Right == "" {
		return fx
	}
	fx.Client, fx.Requests = client, fx.Right
	fx.Wrong, fx.Right, *own = wrong, *own, ""
	return fx
}

// lens is Lens with f, r's facts.
func (f *facts) lens(r *Report, client string) (Verdict, error) {
	first := predict(f, client)
	p := f.past(first, client)
	cv, ok := r.Clients[client]
	if !ok {
		cv = first
		if p != nil {
			cv = f.afterFirst(p, first, client)
		}
	}
	e := r.Explanation
	if e == nil {
		e = f.explanation()
	}
	title := f.title(client)
	v := Verdict{Client: client, OK: cv.OK, Message: cv.Message, Class: cv.Class, Basis: cv.Basis}
	c := f.lensCase(client, cv)
	if !realHost(f.s) {
		v.Bundle = BundleLine(f.s, client)
	}
	if p != nil && !cv.OK {
		return f.nextLens(p, e, first, cv, client)
	}
	if c == otherBundle {
		top, _, _ := f.anchor()
		fill := func(s string) string {
			return f.render(substitute(s, "{client}", title, "{root}", top.name, "{bundle}", v.Bundle, "{go_fix}", e.Fix.Summary))
		}
		w := otherBundleWords[cv.OK]
		v.Reason, v.Headline, v.Analogy, v.Technical = handshake.UnknownAuthority.String(), fill(w.headline), fill(w.analogy), fill(w.technical)
		if cv.OK {
			v.Reason = handshake.OK.String()
		}
		v.Fix = e.Fix
		v.Fix.Summary = fill(otherBundleFixes[cv.OK])
		v.Disagree = "The handshake on screen is Go's, checking the chain against the bundle requests reads; " + title + " reads another, and " + map[bool]string{true: "connects", false: "refuses"}[cv.OK] + "."
		return v, nil
	}
	if c == bundleNotPEM {
		return f.bundleLens(v, e, cv), nil
	}
	if c == sameAsGo {
		v.Reason, v.Headline, v.Analogy, v.Technical, v.Fix = e.Reason, e.Headline, e.Analogy, e.Technical, e.Fix
		v.Fix.Summary = f.lensFix(e, client, true)
		v.Technical = strings.Replace(v.Technical, goFirstRead, firstRead[client], 1)
		v.TellApart = e.TellApart
		if words := clientTellApart(f.o.Reason, client); words != "" && !cv.OK {
			v.TellApart = f.render(substitute(words, "{client}", title))
		} else if words := f.clientLookAlike(client); words != "" && strings.HasPrefix(e.TellApart, lookAlike) {
			v.TellApart = substitute(words, "{client}", title) + e.TellApart[len(lookAlike):]
		}
		return v, nil
	}
	fill := func(s string) string {
		s = substitute(s, "{client}", title, "{go_headline}", lowerFirst(e.Headline), "{go_fix}", e.Fix.Summary,
			"{suites}", strings.Join(f.sha1Only(), ", "), "{weak_key}", f.weakKey(), "{weak_name}", f.weakName(),
			"{note}", cv.Note, "{dial_nodot}", scenario.TrimDot(f.s.Client.Dial), "{load_where}", loadWhere[program(client)],
			"{rekeyed_words}", f.rekeyedWords())
		return f.render(s)
	}
	w := lensWords[c]
	v.Reason, v.Headline, v.Analogy, v.Technical = lensReasons[c], fill(w.headline), fill(w.analogy), fill(w.technical)
	v.Fix = e.Fix
	v.Fix.Summary = fill(lensFixes[c])
	if c == weakKeyRefused && f.wrongKey() {
		v.Fix.Summary += " " + fill(weakAndWrongKey)
	}
	switch {
	case lensSides[c] != "":
		v.Fix.Side = lensSides[c]
	case c != connectsAnyway:
		v.Fix.Side = "server"
	}
	if c == rekeyedRefused {
		v.Disagree = "The handshake on screen is Go's, which tries the CA the bank sent under the issuer's name and refuses its signature: " + lowerFirst(e.Headline) + ". " + title + " matches an issuer by its key identifiers first, and finds none."
	}
	if (c == weakKeyRefused || c == partialRefused) && !r.Trace.Outcome.OK {
		first := title + " refuses the bank's key first, which Go accepts: " + weakOrder[len(f.chain) > 0 && f.chain[0].weak()]
		if c == partialRefused {
			first = title + " refuses the chain first, as it builds it up the bundle, before it checks anything else of it."
		}
		v.Disagree = "The handshake on screen is Go's, which refuses for another reason: " + lowerFirst(e.Headline) + ". " + first
		// And what fails once that is cured; the weak key, or the root,
		// is this fix's own.
		goFix := strings.TrimSuffix(strings.TrimSuffix(f.lensFix(e, client, f.next != nil && !f.next.o.OK), f.weakWords()), f.partialPending())
		v.Fix.Summary += " What Go refuses needs curing too: " + lowerFirst(strings.TrimPrefix(goFix, bankAndCode))
		// That cure is the person's too (a badge to renew, a name to
		// dial): their code is then not fine, and the fix is both sides'.
		if e.Fix.Side != "server" {
			if rest, ok := strings.CutPrefix(v.Fix.Summary, codeIsFine); ok {
				v.Fix.Summary = upperFirst(rest)
			}
			v.Fix.Side = "both"
		}
	}
	if c == loadRefused {
		v.Fix.Summary = strings.TrimSpace(v.Fix.Summary)
		switch {
		case f.o.OK:
		case f.goRefusesLoad():
			// Go loads the badge and shows it, and its bank refuses the
			// signature: another step of the same fault, one cure.
			v.Disagree = "The handshake on screen is Go's, which loads your certificate and shows it to the bank, a Go server, which refuses to verify a SHA-1 signature: " + lowerFirst(e.Headline) + ". " + title + " refuses to load it first, before it sends the bank a byte of TLS; the one reissue cures both."
		case f.asLoaded().reissueCures(f.o.Reason):
			// Go's bank refuses the SHA-1 signature the client refuses to
			// load, beside the key: one reissue cures both.
			v.Disagree = "The handshake on screen is Go's, which loads your certificate and meets the bank's refusal of its SHA-1 signature: " + lowerFirst(e.Headline) + ". " + title + " refuses to load it first, before it connects; the one reissue cures both."
		default:
			v.Disagree = "The handshake on screen is Go's, which refuses for another reason: " + lowerFirst(e.Headline) + ". " + title + " refuses to load your certificate first, before it connects."
		}
		// Once its badge loads, the client meets what it would have met
		// (what Go refuses, its own checks of the bank, what verify=False
		// lets through): the lens of that, to cure too.
		// (Not Go's refusal of the badge's SHA-1 signature, first or
		// another check's: the reissue cures it.)
		g := f.asLoaded()
		next := g.clients()[client]
		in := &Report{Trace: r.Trace, Next: r.Next, Explanation: g.explanation(), Clients: map[string]ClientVerdict{client: next}}
		w, err := g.lens(in, client)
		if err != nil {
			return Verdict{}, err
		}
		if (!next.OK || f.o.OK && f.o.Reason != handshake.OK) && !(g.reissueCures(f.o.Reason) && w.Reason == f.o.Reason.String()) {
			v.Fix.Summary += " " + thenLoaded + lowerFirst(strings.TrimPrefix(strings.TrimSuffix(w.Fix.Summary, f.loadFixWords()), codeIsFine))
			if w.Fix.Side != "client" {
				v.Fix.Side = "both"
			}
		}
	}
	goWord, clientWord := "refuses", "connects"
	if r.Trace.Outcome.OK {
		goWord, clientWord = "connects", "refuses"
	}
	if cv.OK != r.Trace.Outcome.OK {
		why := cv.Note
		if why == "" {
			why = v.Technical
		}
		v.Disagree = fmt.Sprintf("The handshake on screen is Go's, which %s, while %s %s: %s", goWord, title, clientWord, why)
	}
	return v, nil
}

// loadWhere is where each client hands its badge to OpenSSL, which
// refuses it there (loadRefused's words, before loadNote's why); urllib3
// 1's requests as urllib3 2's (program).
var loadWhere = map[string]string{
	Requests: "requests passes cert= to urllib3, which opens the TCP connection and then gives the badge to OpenSSL through Python's ssl load_cert_chain: OpenSSL refuses it there, before the ClientHello, so not a byte of TLS goes to the bank. Of the chained tracebacks Python prints, the first ends in load_cert_chain (ssl.SSLError); the last, requests' own, in adapters.py's raise SSLError.",
	Curl:     "curl opens the TCP connection and, setting up TLS, gives --cert to OpenSSL, which refuses it (curl: (58), CURLE_SSL_CERTPROBLEM), before the ClientHello: not a byte of TLS goes to the bank.",
	OpenSSL:  "s_client gives -cert to OpenSSL as it sets itself up (\"error setting certificate\"), before it connects at all.",
	Node:     "Node gives cert to OpenSSL as tls.connect builds its secure context (createSecureContext and setCert in the stack), before it connects at all: https.request throws the error rather than emitting it.",
}

// thenLoaded opens the cure of what a client that refuses to load its
// badge meets once it loads it.
const thenLoaded = "Once it loads, what it meets next needs curing too: "

// AboutCheck is the check step of trace t the client's verdict l is about:
// Go's failed check where the client refuses for Go's reason, else the first
// failed check of the client's reason (a client that cannot build the chain
// refuses before it reads a SHA-1 signature Go refuses), -1 when none is (it
// connects, or refuses at no check of the trace).
func AboutCheck(t *handshake.Trace, l Verdict) int {
	o := &t.Outcome
	switch {
	case l.Client == "" || l.Reason == o.Reason.String() && l.OK == o.OK:
		return o.Check
	case l.OK:
		return -1
	}
	for i := range t.Steps {
		st := &t.Steps[i]
		if st.Kind != handshake.KindCheck || st.OK == nil || *st.OK {
			continue
		}
		// A weak key is a check of its own, computed and not enforced
		// (Go accepts the key), with no reason of Go's.
		if st.Reason != nil && st.Reason.String() == l.Reason || st.Checks == handshake.CheckKeyStrength && l.Reason == lensReasons[weakKeyRefused] {
			return i
		}
	}
	return -1
}

// codeIsFine opens a fix that is the bank's alone.
const codeIsFine = "Your code is fine: "

// weakOrder is where OpenSSL checks a key's size, by whether it is the
// bank's own certificate's (true) or a CA's.
var weakOrder = map[bool]string{
	true:  "OpenSSL checks the size of the bank's own key first of all, before it builds the chain, and the courier judges the bank's certificate before the bank sees a badge.",
	false: "OpenSSL checks the CAs' keys' sizes with the chain's issuers, before the name, the signatures and the dates.",
}

// lensCase is how client's verdict cv stands to Go's.
func (f *facts) lensCase(client string, cv ClientVerdict) lensCase {
	switch {
	case !cv.OK && cv.Cause == CauseBadgeTooWeak:
		return loadRefused
	case !cv.OK && cv.Cause == CauseBundleNotPEM:
		return bundleNotPEM
	case !cv.OK && f.pqRefuses(client) && !f.dotRefuses(client):
		return pqRefused
	case client != Requests && f.readsOtherBundle(client):
		return otherBundle
	case !cv.OK && f.dotRefuses(client):
		return dotSNIRefused
	case !cv.OK && client == OpenSSL && f.o.OK && f.dotDialled() && realHost(f.s):
		return dotNameRefused
	case !cv.OK && client == Node && f.o.OK && f.dotUnasked():
		return dotSNIMaybe
	case cv.OK && client == Node && f.o.Reason == handshake.ClientKeyMissing:
		return keylessServed
	case !cv.OK && f.o.OK && f.eccNotForSigning():
		return eccRefused
	case !cv.OK && f.partialRefuses(client) && f.leafAnchor(client):
		return leafAnchorRefused
	case !cv.OK && f.partialRefuses(client):
		return partialRefused
	case cv.OK && !f.o.OK:
		return connectsAnyway
	case cv.OK:
		return sameAsGo
	case client == Requests && f.sha1Only() != nil && !f.failsToLoad(client):
		return f.suitesCase()
	case f.o.OK && f.legacyVersion() && f.cappedUnder12() && f.oldBank():
		return legacyCapped
	case f.legacyReached():
		return legacyReachedRefused
	case f.o.OK && f.legacyVersion():
		return legacyRefused
	case f.cappedLegacy(client) && f.oldBank():
		return cappedOldBank
	case f.cappedLegacy(client):
		return cappedLegacy
	case f.rekeyedFor(client):
		return rekeyedRefused
	case (f.o.OK || f.wrongKey() && client != Node && client != GoNetHTTP || f.weakFirst(cv)) && f.weakName() != "":
		// The chain, with its weak key, is refused before the bank's
		// signature is checked.
		return weakKeyRefused
	}
	return sameAsGo
}

// suitesCase is the case of urllib3 2 finding no suite it will use: the
// bank's (suitesRefused), or, capped below TLS 1.2, none of its own for the
// versions it may speak, the bank's move needed too where it speaks nothing
// newer than TLS 1.1.
func (f *facts) suitesCase() lensCase {
	switch {
	case !f.cappedUnder12():
		return suitesRefused
	case f.oldBank():
		return suitesCappedOldBank
	}
	return suitesCapped
}

// weakFirst reports whether client refuses the RSA key of the bank's chain
// (cv, its verdict, says so by its Cause) where Go refuses for another
// reason: OpenSSL checks the keys' sizes with the chain, before the name.
func (f *facts) weakFirst(cv ClientVerdict) bool {
	return !f.o.OK && !cv.OK && cv.Cause == CauseWeakKey
}

// weakName is the first certificate of the bank's chain with an RSA key
// OpenSSL refuses, "" if none.
func (f *facts) weakName() string {
	for _, c := range f.chain {
		if c.weak() {
			return c.name
		}
	}
	return ""
}

// weakKey says whose key is weak and how weak.
func (f *facts) weakKey() string {
	for i, c := range f.chain {
		if c.weak() {
			what := "key"
			if i > 0 {
				what = "CA's key"
			}
			return fmt.Sprintf("%s's %s is RSA-%d", upperFirst(c.name), what, c.rsaBits)
		}
	}
	return ""
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// clientLookAlike is what client prints of the four causes lookAlike says
// read alike as Go prints them, in lookAlike's place; "" for Go. OpenSSL
// tells two of them apart by its words, Node three.
func clientLookAlike(client string) string {
	const goSays = " (Go says \"signed by unknown authority\" for all four)"
	switch client {
	case Requests, Requests1, Curl, OpenSSL:
		return "{client} tells two of the four causes that read alike apart by its words: \"self-signed certificate in certificate chain\" is a root nobody trusts, \"self-signed certificate\" a certificate that signed itself; an unknown issuer and a missing intermediate both say \"unable to get local issuer certificate\"" + goSays + ". So look at what the bank sent, as openssl s_client -showcerts prints it. "
	case Node:
		return "{client} tells the four causes that read alike apart by its words: \"unable to get local issuer certificate\" is an issuer it does not know, \"unable to verify the first certificate\" a missing intermediate, \"self-signed certificate in certificate chain\" a root nobody trusts, \"self-signed certificate\" a certificate that signed itself" + goSays + ". To be sure, look at what the bank sent, as openssl s_client -showcerts prints it. "
	}
	return ""
}

// clientTellApart is how client tells reason apart where Go's words
// (Explanation.TellApart) quote what Go prints, and client prints otherwise;
// "" where Go's words are true of client too. {client} is its title.
func clientTellApart(reason handshake.Reason, client string) string {
	if words := clientBadgeTellApart(reason, client); words != "" {
		return words
	}
	openssl := client == Requests || client == Requests1 || client == Curl || client == OpenSSL
	switch {
	case reason == handshake.CNOnly && client == Requests:
		return "{client} says \"Hostname mismatch\", as it does for a name the certificate does not list: here the name is there, but only in the Common Name, and {leaf} has no Subject Alternative Names. urllib3 1.26, curl, openssl and Node fall back to the Common Name and accept it, so the same server works with curl and fails with requests: look for the missing Subject Alternative Name extension."
	case reason == handshake.NotACA && openssl:
		return "{client} says \"invalid CA certificate\": it found {issuer}, which signed {leaf}, but {issuer} may not sign certificates. An issuer it could not find would say \"unable to get local issuer certificate\" instead. Look at {issuer}'s basicConstraints: CA:FALSE, or none."
	case reason == handshake.NotACA && client == Node:
		return "{client} says \"unsuitable certificate purpose\", as for a certificate not meant for servers: here it is {issuer}, which signed {leaf}, that may not sign certificates. Look at {issuer}'s basicConstraints: CA:FALSE, or none."
	case reason == handshake.CAKeyUsage && openssl:
		return "{client} says \"invalid CA certificate\", as for an issuer that is not a CA at all; this one is a CA (CA:TRUE), so look at its key usage, which must include Certificate Sign ({detail})."
	case reason == handshake.CAKeyUsage && client == Node:
		return "{client} says \"key usage does not include certificate signing\": the issuer is a CA (CA:TRUE), but its key usage lacks Certificate Sign ({detail}). An issuer that is not a CA at all would say \"unsuitable certificate purpose\" instead."
	case reason == handshake.ClientKeyMismatch && client == Curl:
		return "The error comes before any connection (\"unable to set private key file\"): curl could not load the badge's key with its certificate, and no server is involved."
	case reason == handshake.ClientKeyMismatch && client != GoNetHTTP:
		return "The error comes before any connection (\"key values mismatch\"): no server is involved."
	}
	return ""
}
