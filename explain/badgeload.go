package explain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// The courier's badge refused as the program loads it. OpenSSL checks a
// certificate of a program's own against its security level when the
// program hands it over (SSL_CTX_use_certificate's ssl_security_cert): its
// key first, then the digest its issuer signed it with (a self-signed one's
// excepted). A badge that fails is refused there, before the handshake:
// before anything the bank could say of it, before the courier's checks of
// the bank. Go's tls.LoadX509KeyPair checks neither.

// A loadFault is what OpenSSL's security level finds wrong with the badge
// as it loads it.
type loadFault int

const (
	loadsFine     loadFault = iota
	eeKeyTooSmall           // an RSA key under 2048 bits: refused at level 2 (Debian's system OpenSSL), not at 1 (Node's)
	caMDTooWeak             // signed with SHA-1: refused at level 1 and above, Node's too
)

// loadFaultErrs are OpenSSL's reasons for each fault (SSL_R_EE_KEY_TOO_SMALL,
// SSL_R_CA_MD_TOO_WEAK), the number Python's SSLError carries, and the
// badge's cure in words.
var loadFaultErrs = [...]struct {
	num        int
	text, what string
	cure       string
}{
	eeKeyTooSmall: {399, "ee key too small", "its key is RSA-%d", "with an RSA-2048 (or larger) or ECDSA key"},
	caMDTooWeak:   {398, "ca md too weak", "it is signed with SHA-1", "signed with SHA-256"},
}

// securityLevel is the OpenSSL security level client loads its badge at: 2
// for the system's OpenSSL on Debian (Python, curl, s_client), 1 for Node's
// own; 0 for Go, which has none.
func securityLevel(client string) int {
	switch client {
	case GoNetHTTP:
		return 0
	case Node:
		return 1
	}
	return 2
}

// badgeFault is what client's OpenSSL refuses the courier's badge for as it
// loads it (loadsFine for none, and for a courier without one).
func (f *facts) badgeFault(client string) loadFault {
	b, ok := f.badge()
	level := securityLevel(client)
	switch {
	case !ok || level == 0:
		return loadsFine
	case level >= 2 && b.weak():
		return eeKeyTooSmall
	case level >= 1 && f.sha1Signed(b):
		return caMDTooWeak
	}
	return loadsFine
}

// badge is the certificate the courier loads as its badge, if it brings one.
func (f *facts) badge() (cert, bool) {
	if !f.s.Client.Cert.HasBadge() || len(f.badgeChain) == 0 {
		return cert{}, false
	}
	return f.badgeChain[0], true
}

// sha1Signed reports whether c, a certificate of the story, is signed with
// SHA-1 by another (pki signs with the spec's hash, but for an Ed25519
// issuer).
func (f *facts) sha1Signed(c cert) bool {
	sp := c.spec
	if sp == nil || sp.Hash != pki.SHA1 || sp.SelfSigned() {
		return false
	}
	is := f.s.Spec(sp.Issuer)
	return is == nil || is.Key != pki.Ed25519
}

// loadsKeyFirst are the badge's key faults a client meets before it loads
// the certificate: urllib3 looks for an encrypted key before it loads
// anything; s_client reads the key file first. curl and Node load the
// certificate first, Python's load_cert_chain too.
var loadsKeyFirst = map[string][]handshake.Reason{
	Requests:  {handshake.ClientKeyEncrypted},
	Requests1: {handshake.ClientKeyEncrypted},
	OpenSSL:   {handshake.ClientKeyMissing, handshake.ClientKeyEncrypted},
}

// loadRefusal is client's refusal of its badge as it loads it, and
// whether it refuses it, before anything else it would meet.
func (f *facts) loadRefusal(client string) (verdict, bool) {
	if f.loaded {
		return verdict{}, false
	}
	fault := f.badgeFault(client)
	for _, r := range loadsKeyFirst[client] {
		if f.o.Reason == r {
			return verdict{}, false
		}
	}
	if fault == loadsFine {
		return verdict{}, false
	}
	e := loadFaultErrs[fault]
	code := fmt.Sprintf("0A%06X", e.num)
	mnemonic := strings.ToUpper(strings.ReplaceAll(e.text, " ", "_"))
	v := verdict{note: f.loadNote(fault), cause: CauseBadgeTooWeak}
	switch client {
	case Requests, Requests1:
		v.class, v.message = "requests.exceptions.SSLError", pyPool+fmt.Sprintf("(Caused by SSLError(SSLError(%d, '[SSL: %s] %s (_ssl.c:{line})')))", e.num, mnemonic, e.text)
	case Curl:
		v.class, v.message = "curl: (58)", "curl: (58) could not load PEM client certificate from {cert_file}, OpenSSL error error:"+code+":SSL routines::"+e.text+", (no key found, wrong pass phrase, or wrong file format?)"
	case OpenSSL:
		v.class, v.message = "error:"+code, "error setting certificate\n{thread}:error:"+code+":SSL routines:SSL_CTX_use_certificate:"+e.text+":../ssl/ssl_rsa.c:{line}:"
	case Node:
		v.class, v.message = "ERR_SSL_"+mnemonic, "error:"+code+":SSL routines::"+e.text
	}
	return v, true
}

// refusesToLoad reports whether client refuses to load its badge
// (loadRefusal).
func (f *facts) refusesToLoad(client string) bool {
	_, refused := f.loadRefusal(client)
	return refused
}

// asLoaded are f's facts with the badge taken as loaded (loaded), the
// replay's too.
func (f *facts) asLoaded() *facts {
	g := *f
	g.loaded = true
	if f.next != nil {
		n := *f.next
		n.loaded = true
		g.next = &n
	}
	return &g
}

// loadNotes are why a client refuses its badge as it loads it (loadNote
// says who else loads it).
var loadNotes = [...]string{
	eeKeyTooSmall: "OpenSSL at its default security level (2 on Debian) refuses, as the program loads it, a certificate of its own whose RSA key is under 2048 bits: before the handshake, so neither the bank nor the courier's checks of it are reached.",
	caMDTooWeak:   "OpenSSL at security level 1 and above (2 on Debian, 1 in Node's own) refuses, as the program loads it, a certificate of its own signed with SHA-1: before the handshake, so neither the bank nor the courier's checks of it are reached. Go loads it (a Go bank then refuses the SHA-1 signature when it verifies the badge).",
}

// loadNote is why a client refuses its badge for fault as it loads it,
// and, for a key too small, who loads it: Go, and Node, whose level 1
// takes the key, when Node's own verdict loads it (a SHA-1 signature it
// refuses too).
func (f *facts) loadNote(fault loadFault) string {
	note := loadNotes[fault]
	if fault != eeKeyTooSmall {
		return note
	}
	if f.badgeFault(Node) == loadsFine {
		return note + " Go loads it, and so does Node, whose own OpenSSL runs at security level 1."
	}
	// Level 1 refuses a SHA-1 signature alone.
	e := loadFaultErrs[caMDTooWeak]
	return note + " Go loads it; Node, whose own OpenSSL runs at security level 1, takes its key but refuses it too: " + e.what + " (\"" + e.text + "\")."
}

// loadsNote is why client, which loads the badge another client refuses
// to, gets as far as it does ("" when no client refuses it).
func (f *facts) loadsNote(client string) string {
	if f.badgeFault(Curl) == loadsFine {
		return ""
	}
	switch client {
	case GoNetHTTP:
		return "Go loads a certificate whatever its key's size and its signature's digest (tls.LoadX509KeyPair checks neither), where the OpenSSL-based clients refuse to load this one."
	case Node:
		return "Node's own OpenSSL runs at security level 1, which loads a certificate with an RSA-1024 key, where Python, curl and openssl (the system's OpenSSL, level 2) refuse to load it."
	}
	return ""
}

// loadPending reports whether the fix must reissue the badge OpenSSL
// refuses to load too: whatever Go refuses (or verify=False lets
// through), unless the bank's
// refusal of the badge's SHA-1 signature is among it, and its cure
// (badgeSHA1Case) is all it takes.
func (f *facts) loadPending() bool {
	sha1Refused := f.o.Reason == handshake.ClientCertInvalid || slices.ContainsFunc(f.others, func(st *handshake.Step) bool { return *st.Reason == handshake.ClientCertInvalid })
	return f.o.Reason != handshake.OK && f.vars.LoadFix != "" && !(sha1Refused && f.badgeSHA1Alone())
}

// badgeSHA1Alone reports whether what OpenSSL refuses the badge for as it loads
// it is its SHA-1 signature alone, which Go's bank refuses too.
func (f *facts) badgeSHA1Alone() bool {
	return badgeSHA1(f) == badgeSHA1Case
}

// reissueCures reports whether the badge's reissue cures r, a refusal
// of the facts of a badge taken as loaded (loaded): the bank's of its
// SHA-1 signature, which the reissue signs with SHA-256, and of its dates,
// which the reissue gives anew (reissueDates).
func (f *facts) reissueCures(r handshake.Reason) bool {
	return f.loaded && (r == handshake.ClientCertInvalid && badgeSHA1(f) != noCase || badgeDates[r] && f.reissueDates())
}

// reissueDates reports whether the badge OpenSSL refuses to load is out
// of date too: its reissue, issued anew, is in date (reissueBadge), and a
// renewal beside it would be a second cure of the one badge.
func (f *facts) reissueDates() bool {
	b, ok := f.badge()
	return ok && b.spec != nil && f.badgeFault(Curl) != loadsFine && specOutOfDate(b.spec)
}

// goRefusesLoad reports whether what Go refuses first is what the
// OpenSSL-based clients refuse to load: the bank's refusal of the badge's
// SHA-1 signature, the same cure.
func (f *facts) goRefusesLoad() bool {
	return f.o.Reason == handshake.ClientCertInvalid && f.badgeSHA1Alone()
}

// loadFixWords are the fix summary's words for the badge to reissue too
// (loadPending; "" for none).
func (f *facts) loadFixWords() string {
	if !f.loadPending() {
		return ""
	}
	return f.vars.LoadFix
}

// badgeSHA1 is the case of a badge the bank refuses (ClientCertInvalid)
// for its SHA-1 signature, which the OpenSSL-based clients refuse to load
// too: badgeSHA1WeakCase where its key is RSA-1024 too, which the load
// fix's one reissue cures with it.
func badgeSHA1(f *facts) fixCase {
	b, ok := f.badge()
	switch {
	case !ok || !f.sha1Signed(b):
		return noCase
	case b.weak():
		return badgeSHA1WeakCase
	}
	return badgeSHA1Case
}

// loadWords say which clients refuse to load the badge and why, and its
// cure, for the fixes: the caveat of a connection Go makes, the fix, and
// which clients load it ("" each where no client refuses it).
func (f *facts) loadWords() (caveat, fix, fine string) {
	b, _ := f.badge()
	fault := f.badgeFault(Curl)
	if fault == loadsFine {
		return "", "", ""
	}
	who, loads, fine := "Python, curl and openssl s_client", "Go and Node load it", "Go and Node, which load"
	if f.badgeFault(Node) != loadsFine {
		who, loads, fine = "Python, curl, openssl s_client and Node", "Go loads it", "Go, which loads"
	}
	var why, cure []string
	for _, fl := range []loadFault{eeKeyTooSmall, caMDTooWeak} {
		if fl == eeKeyTooSmall && !b.weak() || fl == caMDTooWeak && !f.sha1Signed(b) {
			continue
		}
		e := loadFaultErrs[fl]
		w := e.what
		if fl == eeKeyTooSmall {
			w = fmt.Sprintf(w, b.rsaBits)
		}
		why = append(why, w+" (\""+e.text+"\")")
		cure = append(cure, e.cure)
	}
	if f.reissueDates() {
		cure = append(cure, "valid from today (it is out of date too)")
	}
	caveat = fmt.Sprintf(" But %s refuse to load your certificate, %s, before the handshake: %s; %s.", who, b.name, strings.Join(why, " and "), loads)
	fix = fmt.Sprintf(" %s refuse to load your certificate, %s: %s. Get it reissued %s; lowering OpenSSL's security level instead accepts what anyone with enough computing power can forge.", who, b.name, strings.Join(why, " and "), strings.Join(cure, " and "))
	return caveat, fix, fine
}

// reissueBadge reissues the badge OpenSSL refuses to load: a 2048-bit key
// for an RSA-1024 one, SHA-256 for SHA-1, and, issued anew, dates valid
// today for dates it was out of (renewDates).
func reissueBadge(f *facts, s *scenario.Scenario) bool {
	b, ok := f.badge()
	if !ok || f.badgeFault(Curl) == loadsFine {
		return false
	}
	return editChain(s, []cert{b}, func(sp *pki.Spec) bool {
		if sp.Key == pki.RSA1024 {
			sp.Key = pki.RSA2048
		}
		if sp.Hash == pki.SHA1 {
			sp.Hash = pki.SHA256
		}
		renewDates(sp)
		return true
	})
}
