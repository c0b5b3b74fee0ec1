package explain

// Matching a pasted error to the stories. Every story's predicted client
// messages, rendered by the same tables as Clients, become patterns: the
// message's literal words, with wildcards where a pasted message differs from
// run to run or from one setup to another (the run-to-run placeholders, times,
// and every value the story's scenario holds: names, addresses, paths, files).
// A paste scores against a pattern by how much of the pattern's weight it holds
// in one chain of words in order and close together. Words weigh by how rare
// they are among the client's messages (inverse document frequency): what every
// requests failure prints ("HTTPSConnectionPool", "Max retries exceeded") weighs
// little, and the distinctive part ("certificate has expired") decides.

import (
	"fmt"
	"math"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// MaxPaste is the most text Match reads: 1 MB.
const MaxPaste = 1 << 20

// ErrPasteTooLarge is Match's refusal of more than MaxPaste bytes (a
// constant's value, not errors.New's: a call would make the package's
// tables code run at start rather than data).
var ErrPasteTooLarge error = pasteError("the text is larger than 1 MB: paste the error itself, or the end of the log that holds it")

// pasteError is an error of the paste itself.
type pasteError string

func (e pasteError) Error() string { return string(e) }

// MinScore is the least score a story needs to be listed: more than half of
// its message's weight found in the paste.
const MinScore = 0.5

// MaxMatches is how many stories Match lists at most, and Behind how far
// below the best a story may score and be listed: a story that shares only a
// client's way of speaking with the paste is no answer.
const (
	MaxMatches = 10
	Behind     = 0.3
)

// A Story is one story as the matcher knows it: what each client prints for it
// and the values its scenario holds.
type Story struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// OK and Reason are Go's verdict; Headline says it in words.
	OK       bool                     `json:"ok"`
	Reason   handshake.Reason         `json:"reason"`
	Headline string                   `json:"headline"`
	Clients  map[string]ClientVerdict `json:"clients"`
	// Alike are the messages each client prints for the same fault in other
	// forms the story stands for (a bank signing with another certificate's
	// key of another kind, in another version): a paste of one is this story's.
	// A message printed with another class than the story's is written
	// class + alikeClass + message.
	Alike map[string][]string `json:"alike,omitempty"`
	// AlikeNote is said after the headline of a paste that matched one of
	// Alike's messages ("" for nothing).
	AlikeNote string `json:"alike_note,omitempty"`
	// Worded are the messages each client prints for this very story in
	// the wording another certificate of its kind would give it (urllib3
	// 1.26 quoting the certificate's one name where the story's lists
	// several): matched as the story's own.
	Worded map[string][]string `json:"worded,omitempty"`
	// Values are what the scenario names and a client's message may quote
	// (host names, addresses, the URL's path, file names, certificate names):
	// in a paste they are the person's own, and match anything.
	Values []string `json:"values"`
	// Hosts are the name the client dialled as messages quote it, none when
	// it dialled an address: a paste that holds an address where the
	// story's messages hold the name is not quite this story's (see
	// pattern.hosts).
	Hosts []string `json:"hosts,omitempty"`
	// Bundle marks a story whose courier names a CA bundle (verify= on the
	// call or the Session, a variable such as REQUESTS_CA_BUNDLE): among
	// stories that print the same, it is the one a paste that shows a
	// bundle named comes from (NamesBundle), the others saying that
	// requests read certifi's bundle because nothing named another.
	Bundle bool `json:"bundle,omitempty"`
	// BundleBy are the ways the courier names it (BundleCall,
	// BundleSession, BundleEnv): a text that shows a bundle named in none
	// of them is not this story's (a call's own verify= is no Session
	// ignored for REQUESTS_CA_BUNDLE).
	BundleBy []string `json:"bundle_by,omitempty"`
}

// The ways a CA bundle is named to requests (Story.BundleBy, and as a text
// shows one: bundleWays): verify= on the call, the Session's verify, a
// variable requests reads (REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE); BundleStore
// the machine's store requests reads through truststore, which SSL_CERT_FILE
// names (requests reads it through truststore only: readBy blanks it
// otherwise; os-trust-store's courier has the store); BundleOther is
// another client's (curl's --cacert, s_client's -CAfile, Node's
// NODE_EXTRA_CA_CERTS, Python's cafile=), which no story's courier names
// a bundle lacking the CA by: only requests' stories are marked.
const (
	BundleCall    = "call"
	BundleSession = "session"
	BundleEnv     = "env"
	BundleStore   = "store"
	BundleOther   = "other"
)

// StoryOf is what the matcher needs of a story's trace.
func StoryOf(t *handshake.Trace) Story {
	f := newFacts(t)
	return Story{
		ID:        t.Scenario.ID,
		Title:     t.Scenario.Title,
		OK:        t.Outcome.OK,
		Reason:    t.Outcome.Reason,
		Headline:  f.explanation().Headline,
		Clients:   f.clients(),
		Alike:     f.alike(),
		AlikeNote: f.alikeNote(),
		Worded:    f.worded(),
		Values:    f.values(),
		Hosts:     f.hosts(),
		Bundle:    len(bundleByIn(t.Scenario.Client)) > 0,
		BundleBy:  bundleByIn(t.Scenario.Client),
	}
}

// bundleByIn are the ways a courier names a CA bundle: on the call, on its
// Session, in its environment.
func bundleByIn(c scenario.Client) []string {
	var by []string
	if c.Verify == scenario.VerifyBundle {
		by = append(by, BundleCall)
	}
	if c.Session != nil && c.Session.Verify == scenario.VerifyBundle {
		by = append(by, BundleSession)
	}
	if len(c.Env) > 0 {
		by = append(by, BundleEnv)
	}
	if len(c.OSStore) > 0 {
		by = append(by, BundleStore)
	}
	return by
}

// PresetMatcher is the matcher of every preset story, each played by play
// (explain plays nothing itself: the caller's engine does).
func PresetMatcher(play func(*scenario.Scenario) (*handshake.Trace, error)) (*Matcher, error) {
	stories := make([]Story, 0, len(scenario.Presets))
	for _, p := range scenario.Presets {
		tr, err := play(p.Scenario())
		if err != nil {
			return nil, fmt.Errorf("story %s: %w", p.ID, err)
		}
		stories = append(stories, StoryOf(tr))
	}
	return NewMatcher(stories), nil
}

// values lists what the scenario names that a message may quote, longest
// first, so that a name is masked before the names it contains.
func (f *facts) values() []string {
	s := f.s
	seen := map[string]bool{}
	var out []string
	add := func(xs ...string) {
		for _, x := range xs {
			if x != "" && !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	add(s.Client.Dial, scenario.TrimDot(s.Client.Dial), urlHost(s.Client.Dial), s.Client.SNI, urlAuthority(s), RequestPath(s), CAFile)
	add(CertFiles(s, ""))
	for _, sp := range s.Certs {
		add(sp.CommonName, sp.Organization)
		add(sp.DNSNames...)
		add(sp.IPAddresses...)
	}
	for _, c := range append(slices.Clone(f.chain), f.badgeChain...) {
		add(c.name, c.cn)
		add(c.dns...)
		add(c.ips...)
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// hosts is Story.Hosts.
func (f *facts) hosts() []string {
	d := f.s.Client.Dial
	if scenario.IsIP(d) {
		return nil
	}
	if t := scenario.TrimDot(d); t != d {
		return []string{d, t}
	}
	return []string{d}
}

// ListTitle is the story's title as a list of pasted errors names it,
// where the paste came from client: its title, or, where the title quotes
// what other clients print and not what client prints (hostname-mismatch's
// "hostname 'bankofamerica.com' doesn't match", urllib3 1.26's words, which
// urllib3 2 never prints), its headline, so that the list says it in words
// the paste's own client could have printed.
func (st Story) ListTitle(client string) string {
	title := strings.ToLower(st.Title)
	quoted, own := false, false
	for c, v := range st.Clients {
		if strings.Contains(strings.ToLower(v.Message), title) || v.Also != "" && strings.Contains(strings.ToLower(v.Also), title) {
			quoted = true
			own = own || c == client
		}
	}
	if quoted && !own {
		return st.Headline
	}
	return st.Title
}

// A Match is a story a paste matches.
type Match struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Reason is the story's reason id; Headline says it in words, or, when
	// Go connects where the client refused (an RSA-1024 key), says why they
	// differ.
	Reason   string `json:"reason"`
	Headline string `json:"headline"`
	// Client is the client the paste came from: s_client when the paste
	// holds its own lines (CONNECTED(, verify error:num=, SSL handshake has
	// read); otherwise, of the story's clients whose messages match nearly
	// as well as its best, the one whose own words the paste holds most of
	// (the first of ClientKeys when several print the same).
	Client string `json:"client"`
	// Program is the program the text shows printing the error when it is
	// not Client itself but speaks with its library ("" for none): pip,
	// through its own copy of requests ("pip"); httpx, aiohttp, botocore or
	// urllib, Python's ssl module as requests prints it ("Python (httpx)");
	// Ruby's OpenSSL ("Ruby (OpenSSL)").
	Program string `json:"program,omitempty"`
	// Bundle marks a story whose courier names a CA bundle matched by a
	// text that shows one named (NamesBundle): it ranks first of those
	// that print the same.
	Bundle bool `json:"bundle,omitempty"`
	// Score is the share of the weight of the story's best matching message
	// that the paste holds, from MinScore to 1.
	Score float64 `json:"score"`
	// Rank is the place in the list: stories that print the same message
	// share it.
	Rank int `json:"rank"`
	// Spans are the parts of the paste that matched, one per line they cover.
	Spans []Span `json:"spans"`
	// warned marks a story matched only by a warning its client prints on
	// the way to a connection, listed after the stories of a refusal the
	// paste holds too, whatever it scores (see matchStories).
	warned bool
}

// What the page and the CLI say of a paste whose first stories print the
// same words, each ending them with its own way to the server's chain:
// TiedWords (a format, %d the stories tied) says that the text cannot tell
// them apart and that the chain can; BundleNamedWords, said of a text naming
// the CA bundle its client read (Match's Bundle), that the stories whose
// courier names one come first and that this file lacks the issuing CA, its
// command ending in the chain's file twice: openssl verify checks a file's
// first certificate alone, the server's, and -untrusted gives it the
// intermediates the server sent; SSL_CERT_DIR=/nonexistent keeps the
// system's CAs out (with -CAfile, openssl verify still reads the system's
// folder of CAs, and OpenSSL 3 its store from that folder too, and says OK
// of a file lacking the CA where the system holds it). The variable, not
// -no-CApath -no-CAstore: OpenSSL 1.1 has no -no-CAstore, and LibreSSL's
// verify (macOS's openssl) had no -no-CApath, where each reads the variable
// for the system's folder.
const (
	TiedWords        = "The first %d print these same words, so the text alone cannot tell them apart: the server's chain can ("
	BundleNamedWords = "Your text names the CA bundle requests read (verify=, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE): the stories whose courier names one come first, and that file lacks the CA that issued the server's chain (SSL_CERT_DIR=/nonexistent openssl verify -CAfile that-file -untrusted "
)

// StoreBundleWords is said in place of BundleNamedWords of a text that
// shows SSL_CERT_FILE naming the machine's store that requests reads
// through truststore (BundleStore), as requests 2.34 with truststore 0.9.1
// failed here when SSL_CERT_FILE named a file lacking the server's root.
const StoreBundleWords = "Your text sets SSL_CERT_FILE and uses truststore, through which requests reads that file as the machine's store: the story of a CA in the machine's store comes first, and the file SSL_CERT_FILE names lacks the CA that issued the server's chain (SSL_CERT_DIR=/nonexistent openssl verify -CAfile that-file -untrusted "

// CallBundleWords is said in place of BundleNamedWords of a text that shows
// requests' own call naming its CA bundle (verify="/path/ca.pem"), which
// requests reads before REQUESTS_CA_BUNDLE and any Session's verify: no story
// tied there names one so (env-bundle-overrides-session's Session is
// overridden by the variable), and the file the call names is the one
// lacking the CA, as certifi's bundle lacks it in the stories. Each surface
// ends it with its own way to the chain.
const CallBundleWords = "Your text names the CA bundle requests read, on its own call (verify=, which requests reads before REQUESTS_CA_BUNDLE and any Session's verify): that file lacks the CA that issued the server's chain, as certifi's bundle lacks it in the stories listed (SSL_CERT_DIR=/nonexistent openssl verify -CAfile that-file -untrusted "

// BundleWords is what a surface says, before its own way to the chain, of
// a text naming the CA bundle its client read whose first stories print
// the same words: BundleNamedWords when the first story's courier names
// one as the text does (Match.Bundle; StoreBundleWords when that is the
// machine's store, SSL_CERT_FILE under truststore), CallBundleWords when the text shows
// requests' own call naming it and the first are requests' words; "" for
// neither, and for first stories that fail for something else than an
// issuer the bundle lacks (issuerTied: an expired certificate, a name).
func BundleWords(text string, matches []Match) string {
	if len(matches) == 0 || !issuerTied(matches) {
		return ""
	}
	if matches[0].Bundle {
		if ways := bundleWays(readBy(lowerASCII(text))); ways[BundleStore] && !ways[BundleEnv] && !ways[BundleSession] {
			return StoreBundleWords
		}
		return BundleNamedWords
	}
	if program(matches[0].Client) == Requests && bundleWays(lowerASCII(text))[BundleCall] {
		return CallBundleWords
	}
	return ""
}

// issuerReasons are the failures of a chain the client could not follow to
// a root its CA bundle holds: the only ones a bundle lacking a CA causes.
// OpenSSL reports an expired certificate or a name that does not match only
// after it built the chain to a root it trusts (openssl verify -CAfile says
// "certificate has expired", error 10, not error 20, of a file holding the
// CA), so of those the bundle named is not the cause.
var issuerReasons = []handshake.Reason{handshake.UnknownAuthority, handshake.UntrustedRoot, handshake.MissingIntermediate, handshake.SelfSigned}

// issuerFault reports whether reason (a Reason's id) is one of issuerReasons.
func issuerFault(reason string) bool {
	return slices.ContainsFunc(issuerReasons, func(r handshake.Reason) bool { return r.String() == reason })
}

// issuerTied reports whether a story of the first rank of matches fails for
// its issuer (issuerFault) or is one whose courier names the bundle lacking
// it (Match.Bundle): what a note of the bundle the text names speaks of.
func issuerTied(matches []Match) bool {
	for _, m := range matches[:TiedFirst(matches)] {
		if m.Bundle || issuerFault(m.Reason) {
			return true
		}
	}
	return false
}

// KeyFileWords (a format, %d the stories tied) is said in place of
// TiedWords, on every surface alike, of a text holding curl's refusal of its
// --key file (KeyFileTied): curl 7.88 here printed the same "(58) unable to
// set private key file: 'KEY' type PEM" for a key of another certificate, a
// certificate given as the key, an encrypted key without its pass phrase, a
// file that is not there, one it may not read, an empty one and a folder.
// The server's chain has no part in it.
const KeyFileWords = "curl prints these same words for any --key file it cannot use, so the text alone cannot tell them apart (the first %d), nor from a key file that is not there, that curl may not read, that is empty or is a folder: curl says the same of each. " +
	"Look at the file first: ls -l KEY; openssl pkey -in KEY -noout reads it (asking for an encrypted key's pass phrase); openssl pkey -in KEY -pubout and openssl x509 -in CERT -noout -pubkey print the same key for a certificate and key that belong together. The server's chain has no part in it."

// KeyFileTied reports whether text holds curl's refusal of its --key file,
// whose words the badge's key stories share with a file curl cannot read
// (KeyFileWords).
func KeyFileTied(text string) bool {
	return strings.Contains(lowerASCII(text), "unable to set private key file")
}

// TiedNote is what every surface says after its list of a text whose first
// stories print the same words (TiedFirst over one), "" for the rest: what
// can tell them apart, the badge's file (BadgeTiedWords) where they are all
// the bank refusing the courier's badge, curl's key file (KeyFileWords)
// where the text is curl's refusal of it, and otherwise chain (a format of
// TiedWords ended by the surface's own way to the server's chain, its
// ShowcertsCall asked through a proxy the text shows: throughProxy), why
// corporate-proxy leads where it does (proxyLeadWords), with
// NodeLeafAloneWords after Node's words for a leaf sent alone; then what
// is said of a bundle the text names (BundleWords), ended by bundleEnd,
// and, where its path looks like a folder, FolderWords, ended so too.
func TiedNote(text string, matches []Match, chain, bundleEnd string) string {
	n := TiedFirst(matches)
	if n < 2 {
		return ""
	}
	tie := chain
	switch {
	case BadgeTied(matches):
		tie = BadgeTiedWords
	case KeyFileTied(text):
		tie = KeyFileWords
	case matches[0].ID == sniDefault && strings.HasSuffix(matches[0].Headline, NoSNIWords):
		tie = NoSNITiedWords
	}
	note := fmt.Sprintf(tie, n)
	if tie == chain {
		note = throughProxy(note, text)
	}
	if words := proxyLeadWords(text, matches); words != "" {
		note += " " + words
	}
	if matches[0].Client == Node && matches[0].Reason == handshake.MissingIntermediate.String() {
		note += " " + NodeLeafAloneWords
	}
	if words := BundleWords(text, matches); words != "" {
		note += " " + words + bundleEnd
		if words != StoreBundleWords && bundleFolder(lowerASCII(text)) {
			note += " " + FolderWords + bundleEnd
		}
	}
	return note
}

// NodeLeafAloneWords are said after the tie of Node's "unable to verify the
// first certificate" (UNABLE_TO_VERIFY_LEAF_SIGNATURE), which Node 20.20.2
// printed here, word for word, for a server sending its leaf without its
// intermediate, for one sending a leaf its private root signed itself
// (nodeLeafAlone), and, from fetch(), for one sending its leaf and an
// intermediate of its issuer's name re-keyed (another key, so not its
// issuer): what in the chain tells them apart.
const NodeLeafAloneWords = "Node says \"unable to verify the first certificate\" whenever it does not know the issuer of the server's own certificate: an intermediate the server left out, a private root that signed the certificate itself (mkcert's, a company's, a TLS-inspecting proxy's), and an intermediate the server sends that is not the issuer (one of the issuer's name with another key: re-keyed, or an old one) alike. " +
	"The chain tells which: the first certificate's issuer (openssl x509 -noout -issuer -ext authorityInfoAccess,authorityKeyIdentifier) is a public CA's intermediate, with a CA Issuers URL, that the server must send after its own certificate; or a private root, which your code must trust (NODE_EXTRA_CA_CERTS=root.pem, read when Node starts, or the ca option); " +
	"or, where the server sends a second certificate, its subjectKeyIdentifier (openssl x509 -noout -ext subjectKeyIdentifier) differs from the first's authorityKeyIdentifier: the server must send the intermediate that issued its certificate, the one whose key identifier is that."

// TiedFirst is how many of matches, best first, share the first rank: the
// stories whose messages the text cannot tell apart.
func TiedFirst(matches []Match) int {
	n := 0
	for _, m := range matches {
		if m.Rank == matches[0].Rank {
			n++
		}
	}
	return n
}

// A Span is a part of the paste, as byte offsets: Text[Start:End].
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Matcher matches pastes against stories.
type Matcher struct {
	stories   []Story
	canonical []bool
	cands     []candidate
	pats      []*pattern
	// vocab numbers every word of every pattern.
	vocab map[string]int32
	// phrases are the pairs of words some pattern holds side by side
	// (pair's key): a paste that holds such a pair side by side holds that
	// phrase, which another pattern cannot read as its own two words with
	// one of its own left out between them ("not valid" of "certificate is
	// not valid for 'x'" is no "not yet valid").
	phrases map[uint64]bool
	// splits are, for two words some pattern holds with one word between
	// them, all side by side (pair's key), the words between.
	splits map[uint64][]int32
}

// phrase marks, in each pattern, the pairs of its words held apart that are
// another's phrase (pattern.phrased).
func (m *Matcher) phrase() {
	for _, p := range m.pats {
		own := map[uint64]bool{}
		for j := 1; j < len(p.ids); j++ {
			if p.after[j-1] == adjacent {
				own[pair(p.ids[j-1], p.ids[j])] = true
			}
		}
		p.phrased = make([][]int, len(p.ids))
		p.split = make([][]int32, len(p.ids))
		for j := range p.ids {
			if j > 0 && p.after[j-1] == adjacent {
				for _, w := range m.splits[pair(p.ids[j-1], p.ids[j])] {
					if !p.holds(p.ids[j-1], w, p.ids[j]) {
						p.split[j] = append(p.split[j], w)
					}
				}
			}
			for i := max(0, j-maxSkip-1); i < j-1; i++ {
				if k := pair(p.ids[i], p.ids[j]); m.phrases[k] && !own[k] {
					p.phrased[j] = append(p.phrased[j], i)
				}
			}
		}
	}
}

// holds reports whether the pattern holds the words a, w and b side by side.
func (p *pattern) holds(a, w, b int32) bool {
	for j := 2; j < len(p.ids); j++ {
		if p.ids[j-2] == a && p.ids[j-1] == w && p.ids[j] == b && p.after[j-2] == adjacent && p.after[j-1] == adjacent {
			return true
		}
	}
	return false
}

// splitIn reports whether the chain reads the pattern's message across
// another's: where the pattern holds two words side by side, the paste
// holds them with the word between them that another pattern holds there
// (pattern.split), OpenSSL's "unable to get local issuer certificate"
// (X509 error 20) read as "unable to get issuer certificate" (error 2),
// whose stories differ in that word. Such a message is not the pattern's.
func (p *pattern) splitIn(words []pasteWord, chain []link) bool {
	for c := 1; c < len(chain); c++ {
		from, to := chain[c-1], chain[c]
		for j := from.j + 1; j <= to.j; j++ {
			for x := from.word; len(p.split[j]) > 0 && x+2 <= to.word; x++ {
				a, w, b := words[x], words[x+1], words[x+2]
				if a.id == p.ids[j-1] && b.id == p.ids[j] && w.pos == a.pos+1 && b.pos == w.pos+1 && slices.Contains(p.split[j], w.id) {
					return true
				}
			}
		}
	}
	return false
}

// pair is the key of two words of the vocabulary, in order.
func pair(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// candidate is one client's message for one story.
type candidate struct {
	story  int
	client int // index in ClientKeys
	pat    int
	// alike marks a message of Story.Alike: the story's in another form,
	// listed only when the paste holds most of it (minAlike).
	alike bool
	// worded marks a message of Story.Worded: the story's own, in the
	// words another setup of it prints.
	worded bool
	// warning marks a warning the client prints on its way to a
	// connection it makes in the story (its verdict OK, with a class):
	// urllib3 1.26's SubjectAltNameWarning of cn-only. A paste may hold
	// it before a refusal that ended the connection: the refusal's story
	// comes first (matchStories).
	warning bool
}

// minAlike is the least score of a Story.Alike message: its words are few and
// close to other errors' ("wrong curve", "wrong version number").
const minAlike = 0.75

// NewMatcher prepares the stories' messages for matching: each client's
// failures and warnings (see Matchable).
func NewMatcher(stories []Story) *Matcher {
	m := &Matcher{stories: stories, vocab: map[string]int32{}}
	m.canonical = canonical(stories)
	for ci, client := range ClientKeys {
		// One pattern per distinct message of the client; the weights are
		// the client's own, from how many of its messages hold each word.
		byKey := map[string]int{}
		first := len(m.pats)
		for si, st := range stories {
			v, ok := st.Clients[client]
			if !ok || !Matchable(v) {
				continue
			}
			// The message the client prints, and the one it prints by chance;
			// s_client's verification error as it prints it without
			// -verify_return_error, too: the error, then "verify return:1",
			// and the handshake goes on.
			msgs := []string{v.Message, v.Also}
			if first, ok := strings.CutSuffix(v.Message, "\n"+verifyFailed); ok && client == OpenSSL {
				msgs = append(msgs, first+"\nverify return:1")
			}
			said := len(msgs)
			msgs = append(msgs, st.Worded[client]...)
			own := len(msgs)
			msgs = append(msgs, st.Alike[client]...)
			class := v.Class
			for i, msg := range msgs {
				if msg == "" || slices.Contains(msgs[:i], msg) {
					continue
				}
				v.Class, v.Message = class, msg
				if c, m, ok := strings.Cut(msg, alikeClass); ok {
					v.Class, v.Message = c, m
				}
				p := compile(client, v, st)
				if len(p.words) == 0 {
					continue
				}
				pi, dup := byKey[p.key]
				if !dup {
					pi = len(m.pats)
					byKey[p.key] = pi
					m.pats = append(m.pats, p)
				}
				m.cands = append(m.cands, candidate{story: si, client: ci, pat: pi, alike: i >= own, worded: i >= said && i < own, warning: st.Clients[client].OK && i < own})
			}
		}
		weigh(m.pats[first:])
	}
	// Which programs print each word.
	printers := map[string]map[string]bool{}
	for _, c := range m.cands {
		for _, w := range m.pats[c.pat].words {
			if printers[w] == nil {
				printers[w] = map[string]bool{}
			}
			printers[w][program(ClientKeys[c.client])] = true
		}
	}
	for _, c := range m.cands {
		p := m.pats[c.pat]
		p.own = make([]float64, len(p.words))
		for j, w := range p.words {
			if len(printers[w]) == 1 {
				p.own[j] = p.weight[j]
			}
		}
	}
	m.phrases, m.splits = map[uint64]bool{}, map[uint64][]int32{}
	for _, p := range m.pats {
		at := map[int32]int{}
		p.ids = make([]int32, len(p.words))
		for j, w := range p.words {
			id, ok := m.vocab[w]
			if !ok {
				id = int32(len(m.vocab))
				m.vocab[w] = id
			}
			p.ids[j] = id
			if j > 0 && p.after[j-1] == adjacent {
				m.phrases[pair(p.ids[j-1], id)] = true
				if j > 1 && p.after[j-2] == adjacent {
					k := pair(p.ids[j-2], id)
					if !slices.Contains(m.splits[k], p.ids[j-1]) {
						m.splits[k] = append(m.splits[k], p.ids[j-1])
					}
				}
			}
			u, ok := at[id]
			if !ok {
				u = len(p.uniq)
				at[id] = u
				p.uniq = append(p.uniq, id)
				p.at = append(p.at, nil)
			}
			p.at[u] = append(p.at[u], j)
		}
	}
	m.phrase()
	return m
}

// program is the program a client is: requests, whichever urllib3.
func program(client string) string {
	if client == Requests1 {
		return Requests
	}
	return client
}

// Matchable reports whether a client's verdict is something to look up: an
// error, or a warning printed on the way to success. A success says nothing
// of what is wrong, even when it comes with a verification result that
// nothing enforced (s_client's "Verify return code: 18" under verify=False).
func Matchable(v ClientVerdict) bool { return !v.OK || v.Class != "" }

// canonical marks, for each reason, the story that is its own: the one whose
// id is the reason's (expired for expired), else the first listed with it.
// It ranks before its look-alikes when they print the same.
func canonical(stories []Story) []bool {
	own := map[handshake.Reason]int{}
	for i, st := range stories {
		if st.ID == strings.ReplaceAll(st.Reason.String(), "_", "-") {
			own[st.Reason] = i
		}
	}
	for i, st := range stories {
		if _, ok := own[st.Reason]; !ok {
			own[st.Reason] = i
		}
	}
	out := make([]bool, len(stories))
	for _, i := range own {
		out[i] = true
	}
	return out
}

// What separates two words of a pattern, and how many words of the paste may
// stand between them: a pasted line may carry a few words more (a log's
// prefix where a line wrapped, a word of another version); a value of the
// person's own (a URL, a host name) a few dozen; a message's next line, or the
// class a client prints apart (Node's code after its stack), a whole stack.
type boundary uint8

const (
	adjacent boundary = iota
	wild
	part
)

var slack = [...]int{adjacent: 8, wild: 48, part: 400}

const (
	// skipSlack is how many more words of the paste may stand in for each
	// word of the pattern the chain skips.
	skipSlack = 2
	// maxSkip is how many words of the pattern a chain may skip in a row.
	maxSkip = 16
	// classShare is how much the words of a client's class count at most, as
	// a share of its message's: they tell the client, and people often paste
	// the message without them.
	classShare = 0.25
	// floorWeight is what a word every message of the client holds still
	// counts: enough to follow it, too little to decide.
	floorWeight = 0.2
	// insertCost is what each word of the paste costs that stands between two
	// words the pattern has side by side.
	insertCost = 0.25
	// maxUnexplained is how many of the words its lines hold and it does not
	// count against a chain (see Matcher.Match).
	maxUnexplained = 8
	// clientSlack is how much less than a story's best a client may score
	// and still be named as the one the paste came from.
	clientSlack = 0.25
)

// pattern is a message as words to find in order.
type pattern struct {
	key    string
	words  []string
	weight []float64
	class  []bool // the word is the class's, not the message's
	// source marks the words of a source file's path the message names
	// (sourceAt), which weigh as numbers do.
	source []bool
	after  []boundary // after[i] separates words[i] and words[i+1]
	// extra[i] is the slack of the boundaries before word i, summed.
	extra []int
	total float64
	// own[i] is weight[i] when no other program's messages hold the word,
	// else 0 (the two requests are one program).
	own []float64
	// uniq are the pattern's distinct words, by number in the matcher's
	// vocabulary; at[u] where uniq[u] stands in words.
	uniq []int32
	at   [][]int
	// ids are the words, by number in the matcher's vocabulary.
	ids []int32
	// phrased[j] are the words i before word j, with words of the
	// pattern between them, that another pattern holds side by side with
	// it (Matcher.phrases) and this one does not.
	phrased [][]int
	// split[j] are the words another pattern holds between words j-1 and
	// j, all three side by side, where this one holds the two side by
	// side (Matcher.splits): "unable to get local issuer certificate" is
	// no "unable to get issuer certificate".
	split [][]int32
	// alerts are the TLS alerts the message names (alertsIn).
	alerts alertNames
	// reasons are the OpenSSL reasons the message's errors end with
	// (reasonsIn).
	reasons []string
	// hosts are where the message quotes the name the client dialled: the
	// place before words[i] for each i (len(words): after the last). A
	// paste that holds an address there dialled an address, not a name
	// (hostWeight).
	hosts []int
	// hostWeight is what an address weighs among the client's messages
	// (ipWord's weight): a pattern whose host the paste gives as an address
	// misses a word of that weight, as a pattern that wants an address
	// misses it in a paste that gives a name.
	hostWeight float64
}

// classPlace is where a client prints its error's class apart from its
// message: requests' exception type heads a traceback's last line; Node's
// code closes the error object it prints.
var classPlace = map[string]int{Requests: -1, Requests1: -1, Node: +1}

// alikeClass separates, in a message of Story.Alike, the class the client
// prints with it from the message.
const alikeClass = "\x1f"

// wildMark stands for what a pattern leaves open; ipMark for an IP address,
// any address: an address in a message says something a name does not ("IP
// address mismatch"), so a pattern that quoted one wants one there, which the
// paste's words give as ipWord. hostMark is open as wildMark is, and marks
// where the message quotes the name the client dialled (pattern.hosts).
const (
	wildMark = "\x00"
	ipMark   = "\x01"
	ipWord   = "\x01ip"
	hostMark = "\x02"
)

// wildTimes replaces the times in msg as clients print them (Go's RFC 3339,
// 2006-01-02T15:04:05Z or with a fraction and an offset, and the page's own
// 2006-01-02 15:04 UTC) with wildMark: they are the clock's, never the same
// twice. A scanner, not a regexp: the regexp packages would cost the page's
// WebAssembly a quarter of a megabyte for this one pattern.
func wildTimes(msg string) string {
	var b strings.Builder
	for i := 0; i < len(msg); {
		if n := timeAt(msg[i:]); n > 0 {
			b.WriteString(wildMark)
			i += n
			continue
		}
		b.WriteByte(msg[i])
		i++
	}
	return b.String()
}

// timeAt is the length of the time s starts with, 0 when it starts with none.
func timeAt(s string) int {
	// digits says whether s[i:] starts with a shape of digits ('d') and
	// literal bytes.
	shape := func(i int, pattern string) bool {
		if len(s)-i < len(pattern) {
			return false
		}
		for j := 0; j < len(pattern); j++ {
			c := s[i+j]
			if pattern[j] == 'd' && (c < '0' || c > '9') || pattern[j] != 'd' && c != pattern[j] {
				return false
			}
		}
		return true
	}
	const date = "dddd-dd-dd"
	if !shape(0, date) {
		return 0
	}
	n := len(date)
	if shape(n, " dd:dd UTC") {
		return n + len(" dd:dd UTC")
	}
	if !shape(n, "Tdd:dd:dd") {
		return 0
	}
	n += len("Tdd:dd:dd")
	if shape(n, ".d") {
		n++
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
	}
	switch {
	case shape(n, "Z"):
		return n + 1
	case shape(n, "+dd:dd"), shape(n, "-dd:dd"):
		return n + len("+dd:dd")
	}
	return 0
}

// compile makes a client's verdict for st a pattern.
func compile(client string, v ClientVerdict, st Story) *pattern {
	msg := placeholders(v.Message, func(string) string { return wildMark })
	msg = wildTimes(msg)
	for _, x := range st.Values {
		mark := wildMark
		if _, err := netip.ParseAddr(x); err == nil {
			mark = ipMark
		} else if slices.Contains(st.Hosts, x) {
			mark = hostMark
		}
		msg = maskWord(msg, x, mark)
	}
	lowerMsg := lowerASCII(v.Message + "\n" + v.Class)
	p := &pattern{alerts: alertsIn(lowerMsg), reasons: reasonsIn(lowerMsg)}
	cls := v.Class
	if where := classPlace[client]; where != 0 && cls != "" && !strings.Contains(v.Message, cls) {
		if where < 0 {
			p.add(cls, true)
			p.cut(part)
			p.add(msg, false)
		} else {
			p.add(msg, false)
			p.cut(part)
			p.add(cls, true)
		}
	} else {
		p.add(msg, false)
	}
	if n := len(p.after); n > 0 {
		p.after[n-1] = adjacent
	}
	var b strings.Builder
	for i, w := range p.words {
		if slices.Contains(p.hosts, i) {
			b.WriteByte('@')
		}
		b.WriteString(w)
		b.WriteByte(" ~/"[p.after[i]])
		if p.class[i] {
			b.WriteByte('*')
		}
	}
	if slices.Contains(p.hosts, len(p.words)) {
		b.WriteByte('@')
	}
	p.key = b.String()
	p.extra = make([]int, len(p.words)+1)
	for i := range p.words {
		p.extra[i+1] = p.extra[i] + slack[p.after[i]] - slack[adjacent]
	}
	return p
}

// add appends text's words; a wildcard or a new line between two words
// separates them as such.
func (p *pattern) add(text string, class bool) {
	source := 0 // where the source file's path at hand ends
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case wordRune(r):
			if i >= source {
				if n := sourceAt(text[i:]); n > 0 {
					source = i + n
				}
			}
			j := wordEnd(text, i)
			p.words = append(p.words, strings.ToLower(text[i:j]))
			p.class = append(p.class, class)
			p.source = append(p.source, i < source)
			p.after = append(p.after, adjacent)
			i = j
			continue
		case text[i:i+size] == wildMark:
			p.cut(wild)
		case text[i:i+size] == hostMark:
			p.cut(wild)
			p.hosts = append(p.hosts, len(p.words))
		case text[i:i+size] == ipMark:
			p.words = append(p.words, ipWord)
			p.class = append(p.class, class)
			p.source = append(p.source, false)
			p.after = append(p.after, adjacent)
		case r == '\n':
			p.cut(part)
		}
		i += size
	}
}

// cut separates the last word from the next by at least b.
func (p *pattern) cut(b boundary) {
	if n := len(p.after); n > 0 && p.after[n-1] < b {
		p.after[n-1] = b
	}
}

// weigh gives the words of one client's patterns their weights: a floor, plus
// the inverse document frequency among the patterns.
func weigh(pats []*pattern) {
	df := map[string]int{}
	for _, p := range pats {
		seen := map[string]bool{}
		for _, w := range p.words {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
	}
	n := float64(len(pats))
	for _, p := range pats {
		p.weight = make([]float64, len(p.words))
		named := p.alertWords()
		var msg, class float64
		for i, w := range p.words {
			x := floorWeight
			switch {
			case named[i]:
				x += math.Log(n)
			case !numeric(w) && !p.source[i]:
				x += math.Log(n / float64(df[w]))
			}
			p.weight[i] = x
			if p.class[i] {
				class += x
			} else {
				msg += x
			}
		}
		p.total = msg
		p.hostWeight = floorWeight + math.Log(n/float64(max(df[ipWord], 1)))
		scale := min(1, classShare*msg/max(class, floorWeight))
		for i := range p.weight {
			if p.class[i] {
				p.weight[i] *= scale
				p.total += p.weight[i]
			}
		}
	}
}

// alertWords marks the words of the pattern that name a TLS alert the
// message says it received (p.alerts: "bad certificate" in "sslv3 alert bad
// certificate", in "remote error: tls: bad certificate"): what the peer said
// is the message's own, whose words each weigh as much as the rarest word
// (they are read one by one, and "bad" and "certificate" are in other
// messages too, "bad signature", "certificate has expired").
func (p *pattern) alertWords() []bool {
	out := make([]bool, len(p.words))
	for _, f := range []int{0, 2} {
		for _, name := range p.alerts[f] {
			ws := strings.Fields(name)
			for i := 0; i+len(ws) <= len(p.words); i++ {
				if slices.Equal(p.words[i:i+len(ws)], ws) {
					for j := range ws {
						out[i+j] = true
					}
				}
			}
		}
	}
	return out
}

// sourceAt is the length of the path of a C source file s starts with
// (OpenSSL's "ssl/record/rec_layer_s3.c", as OpenSSL and Node print where an
// error was raised, "../deps/openssl/openssl/ssl/record/rec_layer_s3.c" in
// Node's tree), 0 when it starts with none: a path that says again what the
// function's name beside it says, and differs with the build (the tree's
// place, Windows' "c:\ws\deps\…") or is left out (Python's and curl's
// messages, a program's own print of OpenSSL's error).
func sourceAt(s string) int {
	n, dir := 0, false
	for n < len(s) && (wordRune(rune(s[n])) || strings.IndexByte("_./\\-", s[n]) >= 0) {
		dir = dir || s[n] == '/' || s[n] == '\\'
		n++
	}
	if !dir || !strings.HasSuffix(s[:n], ".c") {
		return 0
	}
	return n
}

// numeric reports whether a word is a number or an OpenSSL error code
// (0A000086): each says again what the words beside it say, and differs from
// one OpenSSL to another (1416F086 before 3.0), so it counts as little as the
// words every message holds.
func numeric(w string) bool {
	digits, hex := 0, true
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r < 'a' || r > 'f':
			hex = false
		}
	}
	return digits == len(w) || hex && digits > 0 && len(w) == 8
}

// A word is a run of letters and digits.
func wordRune(r rune) bool { return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// EscapeLen is the length of the terminal control sequence s starts with
// (ECMA-48's CSI: ESC '[', parameter bytes, intermediate bytes, a final byte),
// as coloured output holds ("\x1b[1;31m"), or 0 when it starts with none.
func EscapeLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	i := 2
	for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f {
		i++
	}
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		return i + 1
	}
	return 0
}

// StripEscapes is s without its terminal control sequences (EscapeLen).
func StripEscapes(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if n := EscapeLen(s[i:]); n > 0 {
			i += n
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// wordEnd is where the word that starts at text[i] ends.
func wordEnd(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !wordRune(r) {
			break
		}
		i += n
	}
	return i
}

// maskWord replaces every occurrence of x in s that stands alone (no letter or
// digit right before or after it) with mark.
func maskWord(s, x, mark string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, x)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(x):])
		if (i == 0 || !wordRune(before)) && (i+len(x) == len(s) || !wordRune(after)) {
			b.WriteString(s[:i])
			b.WriteString(mark)
		} else {
			b.WriteString(s[:i+len(x)])
		}
		s = s[i+len(x):]
	}
}

// A word of the paste, with where it stands: its place among all the paste's
// words (for distances), its bytes and its line.
type pasteWord struct {
	id         int32 // in the matcher's vocabulary
	pos        int
	start, end int
	line       int
}

// words are the paste's words the stories' messages know, in order.
func (m *Matcher) words(text string) []pasteWord {
	var out []pasteWord
	pos, line := 0, 0
	for i := 0; i < len(text); {
		if n := EscapeLen(text[i:]); n > 0 {
			// A terminal's colour code is no word ("\x1b[31mrequests").
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !wordRune(r) {
			if r == '\n' {
				line++
			}
			i += size
			continue
		}
		w, j := "", 0
		if n := ipAt(text[i:]); n > 0 {
			w, j = ipWord, i+n
		} else {
			j = wordEnd(text, i)
			w = strings.ToLower(text[i:j])
		}
		if id, ok := m.vocab[w]; ok {
			out = append(out, pasteWord{id: id, pos: pos, start: i, end: j, line: line})
		}
		pos++
		i = j
	}
	return out
}

// maxIPRun is the longest run of hex digits, dots and colons ipAt reads: an
// address with its port and a sentence's dot or colon after it is shorter
// ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is 45 bytes). Reading on
// to the run's end at each word of it would make a paste of "a.a.a.…"
// quadratic (Matcher.words tries ipAt at every word).
const maxIPRun = 64

// ipAt is the length of the IP address s starts with (an address alone, or
// before a port), 0 when it starts with none.
func ipAt(s string) int {
	n, dots := 0, false
	for n < len(s) && (strings.IndexByte("0123456789abcdefABCDEF:.", s[n]) >= 0) {
		if n == maxIPRun {
			return 0
		}
		dots = dots || s[n] == '.' || s[n] == ':'
		n++
	}
	if !dots {
		return 0
	}
	run := strings.TrimRight(s[:n], ".:")
	if _, err := netip.ParseAddr(run); err == nil {
		return len(run)
	}
	// 192.0.2.1:8443
	if i := strings.LastIndexByte(run, ':'); i > 0 && strings.Contains(run[:i], ".") {
		if _, err := netip.ParseAddr(run[:i]); err == nil {
			return i
		}
	}
	return 0
}

// Match lists the stories whose messages the text holds, best first: those
// the errors of clients the proof does not run name (foreignErrors), then
// the stories whose predicted messages it holds (see matchStories), each
// story once; only the first when the text shows a server's side (a log of
// an alert it received, its loading of its own pair: see foreign). Text over
// MaxPaste bytes is refused.
func (m *Matcher) Match(text string) ([]Match, error) {
	if len(text) > MaxPaste {
		return nil, ErrPasteTooLarge
	}
	lower := lowerASCII(text)
	if missingFile(lower) {
		return nil, nil
	}
	ms, err := m.matchStories(text, lower)
	if err != nil {
		return nil, err
	}
	if len(ms) > 0 {
		ms = m.noSNIFirst(ms, lower)
		if ms, err = m.namesakeLast(ms, text, lower); err != nil {
			return nil, err
		}
		programs(ms, text, lower)
		proxyFirst(ms, lower)
	}
	fs, sided := m.foreign(text, lower, len(ms) == 0)
	if sided || containsAny(lower, badgeLogMarks) || len(ms) > 0 && receivedAlertIn(text, lower) != "" {
		// A server's side (its log of an alert it received, or of its
		// refusal of its client's badge, its loading of its own pair): the
		// stories the words are read as are the other side's.
		return fs, nil
	}
	if len(fs) == 0 {
		return ms, nil
	}
	listed := map[string]bool{}
	for _, f := range fs {
		listed[f.ID] = true
	}
	rank, prev := fs[len(fs)-1].Rank, 0
	for _, x := range ms {
		if listed[x.ID] || len(fs) == MaxMatches {
			continue
		}
		if x.Rank != prev {
			rank, prev = rank+1, x.Rank
		}
		x.Rank = rank
		fs = append(fs, x)
	}
	return fs, nil
}

// matchStories lists the stories whose messages the text holds, best first (at most
// MaxMatches, each scoring at least MinScore and no more than Behind below
// the best; a story matched only by a warning after those matched by a
// refusal); none when nothing matches. lower is text in lower case (Match
// refuses text over MaxPaste bytes first). Text that is not UTF-8 is read as
// far as it is; the spans are byte offsets into text as given.
func (m *Matcher) matchStories(text, lower string) ([]Match, error) {
	words := m.words(text)
	alerts, reasons := alertsIn(lower), reasonsIn(lower)
	// Where each word of the vocabulary stands in the paste, and how many
	// such words each line holds.
	where := make([][]int32, len(m.vocab))
	perLine := map[int]int{}
	for i, w := range words {
		where[w.id] = append(where[w.id], int32(i))
		perLine[w.line]++
	}
	type result struct {
		// score is the share of the pattern's weight the chain holds;
		// weight the weight itself, which decides between two patterns the
		// paste holds whole: the longer message is the one pasted.
		score, weight float64
		// own is the weight the chain holds in words no other program
		// prints (see pattern.own).
		own   float64
		chain []link
		done  bool
	}
	results := make([]result, len(m.pats))
	var a aligner
	best := make([]int, len(m.stories)) // the best candidate of each story, -1 for none
	for i := range best {
		best[i] = -1
	}
	for _, c := range m.cands {
		r := &results[c.pat]
		if !r.done {
			r.done = true
			p := m.pats[c.pat]
			if otherAlert(p.alerts, alerts) || otherReason(p.reasons, reasons) {
				continue
			}
			// What the paste holds at all bounds what a chain can: most
			// patterns stop here.
			bound := 0.0
			for u, id := range p.uniq {
				if len(where[id]) > 0 {
					for _, j := range p.at[u] {
						bound += p.weight[j]
					}
				}
			}
			if bound/p.total >= MinScore {
				w, chain := a.align(p, words, where)
				if p.splitIn(words, chain) {
					continue
				}
				// The lines the chain runs through hold words of the
				// stories' messages it leaves out: another message is
				// there ("self-signed certificate in certificate chain"
				// holds all of "self-signed certificate"), and says so
				// the more of them there are.
				lines := map[int]int{}
				for _, l := range chain {
					lines[words[l.word].line]++
					r.own += p.own[l.j]
				}
				left := 0
				for line, n := range lines {
					left += perLine[line] - n
				}
				w -= insertCost * float64(min(left, maxUnexplained))
				total := p.total
				if m.addressAtHost(p, words, chain) {
					total += p.hostWeight
				}
				r.score, r.weight, r.chain = w/total, w, chain
			}
		}
	}
	// A story scores as its best client. It is said to come from the client,
	// of those scoring nearly as well, whose own words the paste holds most
	// of: a message several clients share (Node's "certificate has expired"
	// is part of curl's) says little of who printed it, Python's
	// "CERTIFICATE_VERIFY_FAILED" or curl's "curl: (60)" does.
	score := make([]float64, len(m.stories))
	for ci, c := range m.cands {
		r := results[c.pat]
		if r.score < MinScore || c.alike && r.score < minAlike {
			continue
		}
		// Of two clients printing the same message (both requests, mostly),
		// the first keeps it.
		if b := best[c.story]; b < 0 || r.score > score[c.story]+scoreEps && m.pats[c.pat].key != m.pats[m.cands[b].pat].key {
			best[c.story], score[c.story] = ci, r.score
		}
	}
	// A story matched only by a warning the client prints on its way to
	// a connection comes after those matched by a refusal, an error that
	// ended one: a paste holding both (pip's whole output of a badge story
	// whose bank's name is in the Common Name alone, urllib3 1.26's
	// SubjectAltNameWarning printed before the refusal) is answered by the
	// refusal's story first; one holding the warning alone by its story.
	warned := make([]bool, len(m.stories))
	for si, ci := range best {
		warned[si] = ci >= 0
	}
	refused := false
	for _, c := range m.cands {
		r := results[c.pat]
		if c.warning || r.score < MinScore || c.alike && r.score < minAlike {
			continue
		}
		warned[c.story] = false
		refused = true
	}
	from := slices.Clone(best)
	for ci, c := range m.cands {
		if from[c.story] < 0 {
			continue
		}
		fp := m.cands[from[c.story]].pat
		r, f := results[c.pat], results[fp]
		if c.alike && r.score < minAlike {
			continue
		}
		if r.score >= score[c.story]-clientSlack && r.own > f.own+scoreEps && m.pats[c.pat].key != m.pats[fp].key {
			from[c.story] = ci
		}
	}
	// A paste that says whose output it is (s_client's connection report)
	// comes from that client, whichever client's message matched it: the
	// speaker's own message when it matched well enough.
	speaker := speakerOf(StripEscapes(text))
	if speaker >= 0 {
		for ci, c := range m.cands {
			f := from[c.story]
			if f >= 0 && c.client == speaker && results[c.pat].score >= MinScore &&
				(m.cands[f].client != speaker || results[c.pat].score > results[m.cands[f].pat].score) {
				from[c.story] = ci
			}
		}
	}
	var out []Match
	type ranked struct {
		story, cand   int
		score, weight float64
		named         bool
		// noted marks a story matched in another form (Story.Alike)
		// whose note says it is what these words most often mean
		// (Story.AlikeNote): among those that print the same, it comes
		// first.
		noted bool
		// bundled marks a story whose courier names a CA bundle to
		// requests, as the paste shows its own naming one (Story.Bundle),
		// matched by requests' words: among those that print the same, it
		// comes first.
		bundled bool
		// worded marks a story matched only in the words another setup
		// of it prints (Story.Worded): among those that print the same, a
		// story whose own setup prints them comes first (Node's "unable
		// to verify the first certificate" is missing-intermediate's, and
		// an unknown issuer's only where the bank sends its leaf alone).
		worded bool
		// warned marks a story matched only by a warning, in a paste
		// that matches a refusal too: it comes after them all.
		warned bool
	}
	var rs []ranked
	shown := bundleWays(readBy(lower))
	for si, ci := range best {
		if ci < 0 {
			continue
		}
		c := m.cands[ci]
		r := results[c.pat]
		rs = append(rs, ranked{si, from[si], r.score, r.weight, named(m.stories[si].Reason, m.pats[c.pat]), c.alike && m.stories[si].AlikeNote != "",
			bundleFits(shown, m.stories[si].BundleBy) && program(ClientKeys[c.client]) == Requests, c.worded, warned[si] && refused})
	}
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if math.Abs(a.score-b.score) > scoreEps {
			return a.score > b.score
		}
		if math.Abs(a.weight-b.weight) > scoreEps {
			return a.weight > b.weight
		}
		if a.bundled != b.bundled {
			return a.bundled
		}
		if a.noted != b.noted {
			return a.noted
		}
		if a.worded != b.worded {
			return b.worded
		}
		if a.named != b.named {
			return a.named
		}
		if ca, cb := m.canonical[a.story], m.canonical[b.story]; ca != cb {
			return ca
		}
		return a.story < b.story
	})
	listed := 0
	for listed < len(rs) && rs[listed].score >= rs[0].score-Behind {
		listed++
	}
	rs = rs[:listed]
	if refused {
		sort.SliceStable(rs, func(i, j int) bool { return !rs[i].warned && rs[j].warned })
	}
	rank := 0
	var named []Span // the lines naming the bundle, for a story marked so
	for i, r := range rs {
		if i == MaxMatches {
			break
		}
		if i == 0 || rs[i-1].warned != r.warned || rs[i-1].score-r.score > scoreEps || rs[i-1].weight-r.weight > scoreEps {
			rank++
		}
		st, c := m.stories[r.story], m.cands[r.cand]
		client := ClientKeys[c.client]
		if speaker >= 0 {
			client = ClientKeys[speaker]
		}
		hl := headline(st, client)
		if said := ClientKeys[c.client]; said != client && st.Clients[client].OK {
			// The speaker connects in this story (curl with a bundle
			// holding an issuing CA): its words are another client's
			// refusal, said why by that client's note, not by the story's
			// verdict.
			hl = headline(st, said)
		}
		if m.cands[best[r.story]].alike || c.alike {
			hl = strings.TrimSuffix(hl, ".") + st.AlikeNote
		}
		if st.Reason == handshake.ClientKeyMissing && program(client) == Requests && !holdsAny(lower, oneBadgeFile) {
			hl = strings.TrimSuffix(hl, ".") + PairUnseenNote
		}
		out = append(out, Match{
			ID: st.ID, Title: st.ListTitle(client), Reason: st.Reason.String(), Headline: hl,
			Client: client,
			Bundle: r.bundled,
			Score:  math.Round(r.score*1000) / 1000,
			Rank:   rank,
			Spans:  spans(words, results[c.pat].chain),
			warned: r.warned,
		})
		// The line naming the bundle is shown beside the error for a
		// story marked so, and for requests' first words when its own call
		// names one (BundleWords' CallBundleWords): what the note speaks of.
		if r.bundled || rank == 1 && shown[BundleCall] && program(client) == Requests && issuerFault(st.Reason.String()) {
			if named == nil {
				named = bundleLines(lower)
			}
			out[len(out)-1].Spans = withLines(out[len(out)-1].Spans, named)
		}
	}
	return out, nil
}

// PairUnseenNote is said after requests' headline of a badge without its
// key ("[SSL] PEM lib") where the text does not show cert= naming one file
// (oneBadgeFile): a Session's cert, or a call out of the traceback, may name
// a (certificate, key) pair one of whose files does not decode, which
// load_cert_chain refuses in the same words (requests 2.34.2 here, for a
// Session's cert = ("client.crt", "truncated.pem")); a text showing the pair
// is Unmatched's.
const PairUnseenNote = ". Your text does not show what cert= names: if it names two files, a certificate and its key (a Session's cert too), the same words mean one of them does not decode (damaged, cut short, DER): openssl x509 -noout -in client.crt checks the first and openssl pkey -noout -in client.key the second, each silent when it reads the file."

// oneBadgeFile are the ways a text shows cert= naming a single file (its
// spaces left out: see holds).
var oneBadgeFile = []string{`cert="`, `cert='`}

// holdsAny reports whether lower holds one of phrases, as holds does.
func holdsAny(lower string, phrases []string) bool {
	for _, p := range phrases {
		if holds(lower, p) {
			return true
		}
	}
	return false
}

// addressAtHost reports whether the paste holds an IP address right where
// the chain's pattern quotes the name the client dialled (hostname
// '192.0.2.1' doesn't match, not 192.0.2.1): the word next to a chain's word
// beside one of the pattern's hosts.
func (m *Matcher) addressAtHost(p *pattern, words []pasteWord, chain []link) bool {
	ip, ok := m.vocab[ipWord]
	if !ok || len(p.hosts) == 0 {
		return false
	}
	isIP := func(i, pos int) bool {
		return i >= 0 && i < len(words) && words[i].id == ip && words[i].pos == pos
	}
	for _, l := range chain {
		for _, h := range p.hosts {
			if l.j == h-1 && isIP(l.word+1, l.pos+1) || l.j == h && isIP(l.word-1, l.pos-1) {
				return true
			}
		}
	}
	return false
}

// bundleMarks are what shows, in lower case, a CA bundle named to a client,
// each before its value, by the way it names it: requests' verify= (on the
// Session when an attribute, session.verify = …, else on the call;
// bundleValue tells a path from True, False or certifi's own); the
// variables requests and OpenSSL read; curl's, s_client's and Node's, and
// Python's ssl.create_default_context(cafile=…) and load_verify_locations(…).
var bundleMarks = []struct {
	way   string
	marks []string
}{
	{BundleCall, []string{"verify=", "verify ="}},
	{BundleEnv, []string{"requests_ca_bundle=", "curl_ca_bundle="}},
	{BundleStore, []string{"ssl_cert_file="}},
	{BundleOther, []string{"node_extra_ca_certs=", "--cacert ", "--cacert=", "-cafile ", "-capath ", "cafile=", "load_verify_locations("}},
}

// bundleWays are the ways lower (a text in lower case) shows a CA bundle
// named (BundleCall, BundleSession, BundleEnv, BundleOther), none when it
// shows none.
func bundleWays(lower string) map[string]bool {
	ways := map[string]bool{}
	for _, bm := range bundleMarks {
		for _, mark := range bm.marks {
			for at := 0; ; {
				i := strings.Index(lower[at:], mark)
				if i < 0 {
					break
				}
				i += at
				at = i + len(mark)
				if !bundleValue(strings.TrimLeft(lower[at:], " ")) {
					continue
				}
				way := bm.way
				if way == BundleCall && i > 0 && lower[i-1] == '.' {
					way = BundleSession
				}
				ways[way] = true
			}
		}
	}
	return ways
}

// bundleFits reports whether a story whose courier names its CA bundle in
// the ways by is the one a text showing bundles named in the ways shown
// comes from: one of by is shown, and, where the text shows verify= on the
// call, which requests reads before any other, that is one of by.
func bundleFits(shown map[string]bool, by []string) bool {
	if shown[BundleCall] {
		return slices.Contains(by, BundleCall)
	}
	return slices.ContainsFunc(by, func(w string) bool { return shown[w] })
}

// NamesBundle reports whether text shows a CA bundle named to the client
// (bundleMarks): its own verify="/path/ca.pem", session.verify = …,
// REQUESTS_CA_BUNDLE=…, --cacert, -CAfile. verify=True, verify=False and
// verify=certifi.where() name none.
func NamesBundle(text string) bool { return namesBundle(lowerASCII(text)) }

// namesBundle is NamesBundle of a text in lower case.
func namesBundle(lower string) bool { return len(bundleWays(lower)) > 0 }

// bundleValue reports whether v (lower case) starts with a bundle's name:
// a quoted path or a name, not True, False, None or certifi's
// (certifi.where()).
func bundleValue(v string) bool {
	if v == "" || strings.IndexByte("\"'/~$%.", v[0]) < 0 && !wordRune(rune(v[0])) {
		return false
	}
	v = strings.TrimLeft(v, "\"'")
	if w := v[:wordEnd(v, 0)]; w == "true" || w == "false" || w == "none" || w == "certifi" {
		return false
	}
	return v != "" && (strings.IndexByte("/~$%.\\", v[0]) >= 0 || wordRune(rune(v[0])))
}

// otherPrograms are programs that print their errors with a client's
// library, as the text shows them (lower case): Python's HTTP clients
// other than requests, whose errors hold the ssl module's words as
// requests' do (pip's, printed through its own copy of requests: see
// pipMarks; httpx's httpx.ConnectError, httpcore's; aiohttp's
// aiohttp.client_exceptions; botocore's botocore.exceptions.SSLError;
// urllib.request's urllib.error.URLError, "<urlopen error"), and Ruby's
// OpenSSL (OpenSSL::SSL::SSLError, "SSL_connect returned=1 errno=0
// state=", ext/openssl's ossl_ssl.c), whose words are OpenSSL's as curl's
// are. The first that the text shows names it.
var otherPrograms = []struct {
	name   string
	python bool
	// vendors: requests' own marks in the text are the program's copy
	// of requests (pip's pip/_vendor/requests/).
	vendors bool
	marks   []string
}{
	{Pip, true, true, pipMarks},
	{"Python (botocore)", true, false, []string{"botocore"}},
	{"Python (aiohttp)", true, false, []string{"aiohttp"}},
	{"Python (httpx)", true, false, []string{"httpx.", "httpcore."}},
	{"Python (urllib)", true, false, []string{"urllib.error", "<urlopen error"}},
	{RubyOpenSSL, false, false, []string{"openssl::ssl::sslerror", "ssl_connect returned="}},
}

// requestsMarks are what shows requests itself printing (lower case).
var requestsMarks = []string{"requests.exceptions", "/requests/", "\\requests\\"}

// programs names, in each match, the program the text (lower: in lower
// case) shows printing it (Match.Program): a Python one where the client
// is requests and the text shows no requests of its own, Ruby where no
// client's own lines are in it (speakerMarks).
func programs(ms []Match, text, lower string) {
	for _, op := range otherPrograms {
		if !containsAny(lower, op.marks) {
			continue
		}
		if op.python && !op.vendors && containsAny(lower, requestsMarks) || !op.python && speakerOf(text) >= 0 {
			return
		}
		for i := range ms {
			if !op.python || program(ms[i].Client) == Requests {
				ms[i].Program = op.name
			}
		}
		return
	}
}

// speakerMarks are, for a client, what only it prints around whatever error
// it reports: s_client's connection and verification report; curl's
// "curl: (35)" before its error; Node's stack through its TLS modules
// (_tls_wrap.js and _tls_common.js, node:_tls_wrap and node:internal/tls
// since Node 16). A paste that holds one is that client's output.
var speakerMarks = []struct {
	client string
	marks  []string
}{
	{OpenSSL, []string{"CONNECTED(", "verify error:num=", "SSL handshake has read", "Verify return code:", "Verification error:"}},
	{Curl, []string{"curl: ("}},
	{Node, []string{"(_tls_wrap.js:", "(_tls_common.js:", "(node:_tls_wrap:", "(node:internal/tls/"}},
}

// speakerOf is the index in ClientKeys of the client whose own lines text
// holds (the first of speakerMarks), or -1 when it holds none.
func speakerOf(text string) int {
	for _, s := range speakerMarks {
		for _, mark := range s.marks {
			if strings.Contains(text, mark) {
				return slices.Index(ClientKeys, s.client)
			}
		}
	}
	return -1
}

// headline is the story's headline, or the first sentence of the client's
// note when the client refused what Go accepted.
func headline(st Story, client string) string {
	v := st.Clients[client]
	if v.OK || !st.OK || v.Note == "" {
		return st.Headline
	}
	if i := strings.Index(v.Note, ". "); i >= 0 {
		return v.Note[:i+1]
	}
	return v.Note
}

// scoreEps is how close two scores are to count as the same.
const scoreEps = 1e-9

// named reports whether the pattern says the reason in its own words ("expired"
// in "certificate has expired"): among stories that print the same, the one
// whose reason the message names comes first.
func named(r handshake.Reason, p *pattern) bool {
	want := strings.Split(r.String(), "_")
	for i := 0; i+len(want) <= len(p.words); i++ {
		if slices.Equal(p.words[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

// spans are the chain's words as parts of the paste: consecutive words on one
// line make one span.
func spans(words []pasteWord, chain []link) []Span {
	var out []Span
	for k, l := range chain {
		w := words[l.word]
		if k > 0 && words[chain[k-1].word].line == w.line {
			out[len(out)-1].End = w.end
			continue
		}
		out = append(out, Span{w.start, w.end})
	}
	return out
}

// aligner finds, for a pattern, the chain of the paste's words of greatest
// weight that follows the pattern's order with no gap wider than its slack.
// For each word of the pattern it keeps the chains ending in it, newest last,
// dropping any that a newer chain beats on weight: a newer chain stays in
// reach longer. So the best chain within reach is found by a binary search.
type aligner struct {
	rel   []occurrence
	keys  []int        // the sort of rel: word<<32 | index into unsorted
	byKey []occurrence // rel sorted, swapped with rel
	links []link
	ends  [][]int // ends[i]: links of chains ending in pattern word i
}

// occurrence is a word of the paste that is the pattern's distinct word u,
// with its place among the paste's words (kept here: reading it from the
// paste's words is a cache miss each, on a megabyte).
type occurrence struct{ word, u, pos int32 }

type link struct {
	word  int // index into the paste's words
	j     int // index into the pattern's words
	pos   int
	score float64
	prev  int // previous link, -1 at a chain's start
}

func (a *aligner) align(p *pattern, words []pasteWord, where [][]int32) (float64, []link) {
	// The paste's words the pattern holds, in order, with which of its
	// distinct words each is.
	a.rel = a.rel[:0]
	for u, id := range p.uniq {
		for _, wi := range where[id] {
			a.rel = append(a.rel, occurrence{wi, int32(u), int32(words[wi].pos)})
		}
	}
	// Sorted by word as ints (slices.Sort of ints is in the program anyway;
	// a sort of occurrences would be code of its own).
	a.keys = a.keys[:0]
	for k, o := range a.rel {
		a.keys = append(a.keys, int(o.word)<<32|k)
	}
	slices.Sort(a.keys)
	a.byKey = a.byKey[:0]
	for _, key := range a.keys {
		a.byKey = append(a.byKey, a.rel[key&(1<<32-1)])
	}
	a.rel, a.byKey = a.byKey, a.rel
	a.links = a.links[:0]
	if cap(a.ends) < len(p.words) {
		a.ends = make([][]int, len(p.words))
	}
	a.ends = a.ends[:len(p.words)]
	for i := range a.ends {
		a.ends[i] = a.ends[i][:0]
	}
	best, bestLink := 0.0, -1
	type step struct {
		j     int
		score float64
		prev  int
	}
	var steps []step
	for _, o := range a.rel {
		wi, pos, js := int(o.word), int(o.pos), p.at[o.u]
		steps = steps[:0]
		for _, j := range js {
			from, fromLink := 0.0, -1
			for i := max(0, j-maxSkip-1); i < j; i++ {
				reach := slack[adjacent] + skipSlack*(j-i-1) + p.extra[j] - p.extra[i]
				if p.extra[j] != p.extra[i] {
					// A wildcard or a new line between: any words may stand there.
					if l := a.within(i, pos-1-reach); l >= 0 && a.links[l].score > from {
						from, fromLink = a.links[l].score, l
					}
					continue
				}
				// Words of the paste between two the pattern has side by side
				// cost, beyond one for each word of the pattern skipped: a
				// message that merely contains the pattern's scores less than
				// the one that is it. Two words the pattern holds apart, side
				// by side in the paste, are another message's phrase there
				// when some pattern holds them so (phrases) and this one does
				// not: they do not follow each other in this chain.
				owned := slices.Contains(p.phrased[j], i)
				e := a.ends[i]
				for k := a.first(i, pos-1-reach); k < len(e); k++ {
					l := a.links[e[k]]
					if owned && pos == l.pos+1 {
						continue
					}
					v := l.score - insertCost*float64(max(0, pos-l.pos-1-(j-i-1)))
					if v > from {
						from, fromLink = v, e[k]
					}
				}
			}
			steps = append(steps, step{j, p.weight[j] + from, fromLink})
		}
		for _, s := range steps {
			a.links = append(a.links, link{word: wi, j: s.j, pos: pos, score: s.score, prev: s.prev})
			l := len(a.links) - 1
			e := a.ends[s.j]
			for len(e) > 0 && a.links[e[len(e)-1]].score <= s.score {
				e = e[:len(e)-1]
			}
			a.ends[s.j] = append(e, l)
			if s.score > best {
				best, bestLink = s.score, l
			}
		}
	}
	var chain []link
	for l := bestLink; l >= 0; l = a.links[l].prev {
		chain = append(chain, a.links[l])
	}
	slices.Reverse(chain)
	return best, chain
}

// within is the best chain ending in pattern word i at a position of at least
// from, -1 for none.
func (a *aligner) within(i, from int) int {
	e := a.ends[i]
	if k := a.first(i, from); k < len(e) {
		return e[k]
	}
	return -1
}

// first is the first of the chains ending in pattern word i at a position of
// at least from.
func (a *aligner) first(i, from int) int {
	e := a.ends[i]
	return sort.Search(len(e), func(k int) bool { return a.links[e[k]].pos >= from })
}

// Alike lists the stories that print for client what st prints, their own
// values aside (the same pattern): a paste of st's message cannot tell them
// apart. Empty when st's message for the client is not matchable or no story
// prints it.
func (m *Matcher) Alike(st Story, client string) []string {
	v, ok := st.Clients[client]
	if !ok || !Matchable(v) {
		return nil
	}
	key := compile(client, v, st).key
	var out []string
	for _, c := range m.cands {
		if ClientKeys[c.client] == client && m.pats[c.pat].key == key {
			out = append(out, m.stories[c.story].ID)
		}
	}
	return out
}

// sniDefault is the story of a server that shows its default certificate to
// a client sending no name (SNI).
const sniDefault = "sni-default-certificate"

// NoSNIWords end the headline of sniDefault put first for s_client's words
// for a name or address its certificate does not cover, where the text
// shows it sending no name (noSNI).
const NoSNIWords = ": your s_client sent no name (SNI), which -noservername, or -connect to an address without -servername, has it do, so a server that picks its certificate by name showed its default one; or the server has this one certificate, and it does not name what you check (hostname-mismatch, tied). " +
	"Add -servername NAME, the name you verify (-verify_hostname NAME), to tell which: a server that picks by name answers with the site's own certificate; one that sends the same certificate again has no other, which needs the name in its subjectAltName (or dial a name it holds). A client dialling the name sends it by itself."

// NoSNITiedWords (a format, %d the stories tied) is said in place of
// TiedWords of a tie that sniDefault leads (noSNIFirst): what tells them
// apart is the server's answer to the name, not its chain.
const NoSNITiedWords = "The first %d print these same words, so the text alone cannot tell them apart, and neither can the chain your s_client was sent: the server's answer to the name can. openssl s_client -connect HOST:PORT -servername NAME -verify_hostname NAME shows whether it sends another certificate (a server picking its certificate by name: send the name) or the same one (a certificate that does not name NAME)."

// SNIOtherWords end the headline of s_client's words for a name its
// certificate does not cover (%[1]s the name sent, %[2]s the name checked)
// where the text shows it sending one name (-servername) and checking
// another (-verify_hostname): s_client 3.0.19 here, -servername
// www.example.test -verify_hostname localhost against an nginx whose
// default site is another name's, printed "verify error:num=62:hostname
// mismatch" for the default certificate.
const SNIOtherWords = ": your s_client sent the name %[1]s (SNI) and checked the certificate against %[2]s (-verify_hostname), so the server answered for %[1]s. Send the name you check, -servername %[2]s, and see whether the certificate then names it."

// noSNI reports whether lower (a text in lower case) shows openssl s_client
// run without a name to send (SNI): -noservername, or -connect to an IP
// address and no -servername. s_client 3.0.19 here, against an nginx that
// shows its default site's certificate (www.other.test) to a ClientHello
// without a name, printed "verify error:num=62:hostname mismatch" for
// either with -verify_hostname localhost; with -servername localhost, "Verify
// return code: 0 (ok)".
func noSNI(lower string) bool {
	if !strings.Contains(lower, "s_client") {
		return false
	}
	if strings.Contains(lower, "-noservername") {
		return true
	}
	if _, named := argAfter(lower, "-servername"); named {
		return false
	}
	host, ok := argAfter(lower, "-connect")
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	_, err := netip.ParseAddr(host)
	return ok && err == nil
}

// noSNIFirst puts sniDefault first in ms (matches best first) when the
// first is s_client's words for a name or address the certificate does not
// cover and the text shows it sending no name (noSNI): a server's default
// certificate is a likely reason, and sending the name the cure. Those
// that shared the first rank keep it, tied with it: a server with one
// certificate (s_client 3.0.19 here, -connect 127.0.0.1 against a Python
// server of one certificate for localhost, -verify_hostname
// www.example.com) sends the same with -servername, and the mismatch is
// plain. Where the text shows it sending one name and checking another
// (sniOther), the first says so.
func (m *Matcher) noSNIFirst(ms []Match, lower string) []Match {
	first := ms[0]
	if first.Client != OpenSSL || first.Reason != handshake.HostnameMismatch.String() {
		return ms
	}
	if sent, checked := sniOther(lower); sent != "" {
		ms[0].Headline = strings.TrimSuffix(ms[0].Headline, ".") + fmt.Sprintf(SNIOtherWords, sent, checked)
		return ms
	}
	if !noSNI(lower) {
		return ms
	}
	si := slices.IndexFunc(m.stories, func(st Story) bool { return st.ID == sniDefault })
	if si < 0 {
		return ms
	}
	st := m.stories[si]
	lead := Match{ID: st.ID, Title: st.ListTitle(OpenSSL), Reason: st.Reason.String(), Headline: strings.TrimSuffix(headline(st, OpenSSL), ".") + NoSNIWords,
		Client: OpenSSL, Score: first.Score, Rank: 1, Spans: first.Spans}
	out := []Match{lead}
	for _, x := range ms {
		if x.ID != st.ID && len(out) < MaxMatches {
			out = append(out, x)
		}
	}
	return out
}

// sniOther is the name s_client sent (-servername) and the other it
// checked the certificate against (-verify_hostname), as lower (a text in
// lower case) shows them; "", "" when it shows no such pair.
func sniOther(lower string) (sent, checked string) {
	if !strings.Contains(lower, "s_client") {
		return "", ""
	}
	sent, _ = argAfter(lower, "-servername")
	checked, _ = argAfter(lower, "-verify_hostname")
	if sent == "" || checked == "" || strings.TrimSuffix(sent, ".") == strings.TrimSuffix(checked, ".") {
		return "", ""
	}
	return sent, checked
}

// Go's hint after "certificate signed by unknown authority": the candidate
// issuer it found by the server certificate's issuer name and could not use
// (candidateMark, then the candidate's name and a quote), the hint's whole
// clause opening with hintOpen.
const (
	hintOpen      = " (possibly because of "
	candidateMark = "while trying to verify candidate authority certificate \""
)

// NamesakeWords (a format, %s the candidate's name) end the headline of the
// self-signed story where Go's hint names a candidate of the dialled host's
// own name (namesakeLast): Go 1.26 here, dialling localhost at a server of a
// self-signed certificate for localhost (CA:TRUE, openssl req -x509's), tried
// Debian's /etc/ssl/certs/ssl-cert-snakeoil.pem (CN=localhost, CA:FALSE) from
// the machine's store as its issuer, and printed the plain words with
// SSL_CERT_DIR=/nonexistent. ssl-cert's make-ssl-cert names that
// certificate for the machine (hostname -f): localhost in this container,
// the machine's own name on most.
const NamesakeWords = `: Go's "possibly because of" names a candidate issuer called "%s", the name you dialled. Go found it in the machine's store by the server certificate's issuer name, and could not use it (such as Debian's and Ubuntu's /etc/ssl/certs/ssl-cert-snakeoil.pem, which ssl-cert makes for the machine's own name, localhost in a container, and which is no CA): a certificate that names itself as its issuer is most likely self-signed, and that stray namesake is no part of the fault (SSL_CERT_DIR=/nonexistent makes Go print the plain "certificate signed by unknown authority"). The cure is the self-signed certificate's: trust it (SSL_CERT_FILE=cert.pem, or tls.Config.RootCAs), or have a CA issue the server's.`

// namesakeLast lists the stories of an issuer Go does not know first, and
// not-a-ca after them, where ms's first is Go's not-a-ca words whose hint
// names a candidate of the host the text shows Go dialling (namesake): the
// certificate's issuer bears the server's own name, as a self-signed one's
// does, and the candidate is the machine's own certificate of that name
// (Debian's snakeoil), not an issuer the server sent. The text is matched
// again with the hint blanked; the self-signed story leads its rank, its
// headline saying what the hint means (NamesakeWords).
func (m *Matcher) namesakeLast(ms []Match, text, lower string) ([]Match, error) {
	if ms[0].Client != GoNetHTTP || ms[0].Reason != handshake.NotACA.String() {
		return ms, nil
	}
	start, end, name := namesake(lower)
	if start < 0 {
		return ms, nil
	}
	blank := text[:start] + strings.Repeat(" ", end-start) + text[end:]
	plain, err := m.matchStories(blank, lowerASCII(blank))
	if err != nil || len(plain) == 0 {
		return ms, err
	}
	if i := slices.IndexFunc(plain, func(x Match) bool { return x.ID == "self-signed" && x.Rank == plain[0].Rank }); i >= 0 {
		lead := plain[i]
		lead.Headline = strings.TrimSuffix(lead.Headline, ".") + fmt.Sprintf(NamesakeWords, name)
		plain = append([]Match{lead}, slices.Delete(plain, i, i+1)...)
	}
	out := slices.DeleteFunc(plain, func(x Match) bool { return x.ID == ms[0].ID })
	if len(out) < MaxMatches {
		naca := ms[0]
		naca.Rank = out[len(out)-1].Rank + 1
		out = append(out, naca)
	}
	return out, nil
}

// namesake is where lower (a text in lower case) holds Go's hint (hintOpen
// to its closing parenthesis) naming a candidate issuer of the name of the
// host Go dialled, as its error quotes the URL (Get "https://localhost:9451/"),
// and that name; -1 for none.
func namesake(lower string) (start, end int, name string) {
	c := strings.Index(lower, candidateMark)
	if c < 0 {
		return -1, -1, ""
	}
	name, _, ok := strings.Cut(lower[c+len(candidateMark):], "\"")
	start = strings.LastIndex(lower[:c], hintOpen)
	end = c + len(candidateMark) + len(name) + len("\")")
	if !ok || start < 0 || end > len(lower) || lower[end-1] != ')' {
		return -1, -1, ""
	}
	_, url, ok := strings.Cut(lower[:start], "\"https://")
	if !ok {
		return -1, -1, ""
	}
	host := url[:strings.IndexAny(url+"/", "/:\"")]
	if host == "" || host != name {
		return -1, -1, ""
	}
	return start, end, name
}
