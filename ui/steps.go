package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/internal/wordlist"
	"github.com/tlsplay/tlsplay/scenario"
)

// StepWords is a step of the trace in plain words, in the courier and bank
// picture: what it carries, why it is there, and what in it decides this
// story's verdict, where something does. The diagram shows a beat's words as
// the animation reaches it (Beat.Words), the inspector the selected step's.
func StepWords(t *handshake.Trace, i int) string { return StepWordsAbout(t, i, t.Outcome.Check) }

// StepWordsAbout is StepWords where the verdict the person sees is about
// check step about (Verdict.AboutStep: their client's, which may refuse at
// another check than Go), -1 for none.
func StepWordsAbout(t *handshake.Trace, i, about int) string {
	if i < 0 || i >= len(t.Steps) {
		return ""
	}
	w := stepWords{t: t, i: i, st: &t.Steps[i], about: about}
	var s string
	switch w.st.Kind {
	case handshake.KindRecord:
		s = w.record()
	case handshake.KindMessage:
		s = w.message()
	case handshake.KindAlert:
		s = w.alert()
	case handshake.KindCCS:
		s = w.ccs()
	case handshake.KindAppData:
		s = w.appData()
	case handshake.KindSecret:
		s = w.secret()
	case handshake.KindCheck:
		s = w.check()
	default:
		s = strings.TrimSuffix(w.st.Name, ".") + "."
		if w.st.Detail != "" {
			s += " " + sentence(w.st.Detail)
		}
	}
	return s
}

// BeatWords is a beat in plain words: a flight's messages one after the
// other, a run of checks as one paragraph, any other beat as its step.
func BeatWords(t *handshake.Trace, b Beat) string { return beatWords(t, b, t.Outcome.Check) }

// beatWords is BeatWords where the verdict on screen is about check step
// about.
func beatWords(t *handshake.Trace, b Beat, about int) string {
	switch {
	case b.Kind == CheckRun:
		return checkRunWords(t, b, about)
	case b.Kind == Flight && len(b.Items) > 0:
		var out []string
		for _, j := range b.Items {
			out = append(out, StepWordsAbout(t, j, about))
		}
		return strings.Join(out, " ")
	}
	return StepWordsAbout(t, b.Step, about)
}

type stepWords struct {
	t  *handshake.Trace
	i  int
	st *handshake.Step
	// about is the check step the verdict the person sees is about, -1
	// for none.
	about int
}

// party is who a side is in the story: the courier, the bank, or the
// imposter answering in the bank's place; a probe's server is "the server".
func party(t *handshake.Trace, side handshake.Side) string {
	switch {
	case side == handshake.Client:
		return "the courier"
	case t.Scenario == nil:
		return "the server"
	case t.Scenario.Imposter != nil:
		return "the imposter"
	}
	return "the bank"
}

func (w stepWords) who() string   { return party(w.t, w.st.Side) }
func (w stepWords) other() string { return party(w.t, 1-w.st.Side) }

// dial is the name the courier dialled.
func (w stepWords) dial() string {
	if w.t.Scenario != nil {
		return w.t.Scenario.Client.Dial
	}
	return w.t.Target
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// sentence ends s with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

func (w stepWords) tls13() bool { return w.t.Negotiated.Version == wire.VersionTLS13 }

func (w stepWords) record() string {
	var carried []string
	for j := w.i + 1; j < len(w.t.Steps) && w.t.Steps[j].Record == w.i && w.t.Steps[j].Kind != handshake.KindRecord; j++ {
		carried = append(carried, StepLabel(&w.t.Steps[j]))
	}
	s := fmt.Sprintf("The envelope every TLS message travels in, from %s: a five-byte header (what it holds, a version number, its length), then %s.",
		w.who(), orWords(carried, "what it carries"))
	if w.st.Encrypted {
		return s + " It is sealed with keys only the two ends have: anyone on the network sees its length and nothing else. The page opens it with the key log to show what is inside."
	}
	return s + " It travels in the clear: anyone on the path can read it."
}

// orWords joins a list in words ("a, b and c"), or says what stands for none.
func orWords(l []string, none string) string {
	switch len(l) {
	case 0:
		return none
	case 1:
		return l[0]
	}
	return strings.Join(l[:len(l)-1], ", ") + " and " + l[len(l)-1]
}

func names[T fmt.Stringer](l []T) []string {
	var out []string
	for _, v := range l {
		if s := v.String(); s != "GREASE" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// hybridGroup is X25519MLKEM768's code point, Go's default key exchange.
const hybridGroup wire.Group = 0x11ec

// pqWords names and explains the post-quantum hybrid wherever it is offered
// or chosen.
const pqWords = "X25519MLKEM768 is a hybrid: the classic X25519 exchange together with ML-KEM-768, a post-quantum one, so that a recording of today's traffic stays secret even from a future quantum computer, as long as either of the two holds."

func (w stepWords) message() string {
	st := w.st
	switch {
	case st.HandshakeType == wire.TypeServerHello && st.HelloRetry:
		return w.helloRetry()
	}
	switch st.HandshakeType {
	case wire.TypeClientHello:
		return w.clientHello()
	case wire.TypeServerHello:
		return w.serverHello()
	case wire.TypeEncryptedExtensions:
		s := fmt.Sprintf("The rest of %s's answer to the hello, the first message sealed with the handshake keys, so onlookers no longer see the settings.", w.who())
		if a := w.t.Negotiated.ALPN; a != "" {
			return s + " Here it agrees to speak " + a + " (ALPN) inside the connection."
		}
		return s + " Here it names no application protocol: the request that follows is plain HTTP/1.1."
	case wire.TypeCertificateRequest:
		return w.certificateRequest()
	case wire.TypeCertificate:
		if st.Side == handshake.Client {
			return w.badge()
		}
		return w.serverCertificate()
	case wire.TypeCertificateVerify:
		return fmt.Sprintf("%s proves it holds the private key of the certificate it just showed: a signature, made with that key, over every message so far. A copied certificate without its key cannot make it, which is why showing a certificate alone proves nothing.", capital(w.who()))
	case wire.TypeFinished:
		return fmt.Sprintf("%s's seal on the handshake: a code computed over every message so far with a key only the two ends share. Had anyone changed a byte on the way (offered weaker ciphers, swapped a certificate), %s would notice here. Once both ends have sent theirs, the connection is established.", capital(w.who()), w.other())
	case wire.TypeNewSessionTicket:
		return fmt.Sprintf("A ticket from %s that lets the courier come back later without the whole handshake. It has no bearing on this story's verdict.", w.who())
	case wire.TypeServerKeyExchange:
		return fmt.Sprintf("TLS 1.2: %s's half of the key exchange%s, signed with the key of the certificate it showed, so the courier knows the half comes from the holder of that ID.", w.who(), groupIn(w.t.Negotiated.Group))
	case wire.TypeServerHelloDone:
		return fmt.Sprintf("TLS 1.2: %s has said all it has to say for now; it is the courier's turn.", w.who())
	case wire.TypeClientKeyExchange:
		return "TLS 1.2: the courier's half of the key exchange. From the two halves each end computes the same secret, which nobody watching can."
	case wire.TypeCertificateStatus:
		return fmt.Sprintf("%s staples a recent answer from its CA, signed by it, saying its certificate has not been revoked (OCSP).", capital(w.who()))
	}
	return fmt.Sprintf("A %s message from %s.", st.Name, w.who())
}

func groupIn(g wire.Group) string {
	if g == 0 {
		return ""
	}
	return " (" + g.String() + ")"
}

// afterRetry reports whether the bank asked for another hello before step i.
func (w stepWords) afterRetry() bool {
	for j := range w.i {
		if w.t.Steps[j].HelloRetry {
			return true
		}
	}
	return false
}

func (w stepWords) clientHello() string {
	o := w.t.Offered
	var b strings.Builder
	if w.afterRetry() {
		fmt.Fprintf(&b, "The courier's second hello, as the bank asked: the same offer, now with a key share for %s.", w.t.Negotiated.Group)
		return b.String()
	}
	fmt.Fprintf(&b, "The courier's opening message, in the clear. It lists the TLS versions it speaks (%s), the %d ways it can seal the parcel (cipher suites) and the key-exchange groups it knows (%s), and sends its half of the key exchange for %s already.",
		orWords(names(o.Versions), "none"), len(names(o.CipherSuites)), orWords(names(o.Groups), "none"), orWords(names(o.KeyShares), "none"))
	if o.SNI != "" {
		fmt.Fprintf(&b, " In the server name extension (SNI) it says which site it wants, %s, so the bank knows which ID to show.", o.SNI)
	} else {
		b.WriteString(" It names no site (no SNI), as for an IP address: the bank shows the ID it has.")
	}
	if len(o.ALPN) > 0 {
		fmt.Fprintf(&b, " It offers to speak %s inside (ALPN).", orWords(o.ALPN, ""))
	}
	if slices.Contains(o.KeyShares, hybridGroup) {
		b.WriteString(" " + pqWords + " Its key share is over a kilobyte, which is why this hello is about 1.5 kB.")
	}
	if r := w.t.Outcome.Reason; int(r) < len(helloDecides) && helloDecides[r] != "" && !w.t.Outcome.OK {
		b.WriteString(" " + helloDecides[r])
	}
	return b.String()
}

// helloDecides says what in the courier's hello decides a failed negotiation.
var helloDecides = [...]string{
	handshake.ProtocolVersion: "This is where this story is decided: the bank accepts none of the versions offered here, so no certificate is ever shown.",
	handshake.NoSharedCipher:  "This is where this story is decided: none of the cipher suites offered here is one the bank will use with its key.",
	handshake.NoSharedGroup:   "This is where this story is decided: none of the groups offered here is one the bank accepts.",
	handshake.NoSharedALPN:    "This is where this story is decided: none of the protocols offered here is one the bank speaks.",
}

func (w stepWords) helloRetry() string {
	return fmt.Sprintf("A HelloRetryRequest: %s takes none of the groups the courier sent a key share for (%s), but it does take %s, which the courier listed. So it asks for the hello again with a key share for %s: one more round trip, and no failure.",
		w.who(), orWords(names(w.t.Offered.KeyShares), "none"), w.t.Negotiated.Group, w.t.Negotiated.Group)
}

func (w stepWords) serverHello() string {
	n := w.t.Negotiated
	var b strings.Builder
	fmt.Fprintf(&b, "%s's answer, still in the clear: of what the courier offered it picks %s, the cipher suite %s", capital(w.who()), n.Version, n.CipherSuite)
	if n.Group != 0 {
		fmt.Fprintf(&b, " and the key-exchange group %s", n.Group)
	}
	b.WriteString(".")
	if w.tls13() {
		b.WriteString(" It sends its half of the key exchange: from the two halves both ends now compute the same secret, which nobody watching can. In TLS 1.3 everything after this message is encrypted, the bank's certificate included.")
	} else {
		b.WriteString(" In TLS 1.2 the certificates that follow still travel in the clear, and the key exchange comes after them.")
	}
	if n.Group == hybridGroup {
		b.WriteString(" " + pqWords)
	}
	return b.String()
}

func (w stepWords) certificateRequest() string {
	var cas []string
	for _, n := range w.t.AcceptableCAs {
		cas = append(cas, n.Short())
	}
	s := fmt.Sprintf("%s asks the courier for a badge, a client certificate of its own: this is what makes the connection mutual TLS. ", capital(w.who()))
	if len(cas) > 0 {
		s += "It names the offices whose badges it accepts: " + orWords(cas, "") + "."
	} else {
		s += "It names no office: any badge may be shown, and it decides after."
	}
	if r := w.t.Outcome.Reason; badgeReasons[r] {
		s += " What the courier shows in answer decides this story."
	}
	return s
}

// badgeReasons are the verdicts about the courier's badge.
var badgeReasons = map[handshake.Reason]bool{
	handshake.ClientCertMissing: true, handshake.ClientCertUnknownCA: true, handshake.ClientCertExpired: true,
	handshake.ClientCertNotYetValid: true, handshake.ClientCertWrongEKU: true, handshake.ClientCertInvalid: true,
}

func certNames(cs []handshake.CertSummary) string {
	var l []string
	for _, c := range cs {
		n := c.SubjectName.Short()
		if n == "" {
			n = "a certificate with no name in its subject"
		}
		l = append(l, n)
	}
	return orWords(l, "none")
}

func (w stepWords) serverCertificate() string {
	cs := w.st.Certs
	if len(cs) == 0 {
		return fmt.Sprintf("An empty Certificate message: %s shows no ID at all.", w.who())
	}
	var b strings.Builder
	if len(cs) == 1 {
		fmt.Fprintf(&b, "%s's ID: one certificate, %s, and no letter vouching for it.", capital(w.who()), certNames(cs))
	} else {
		fmt.Fprintf(&b, "%s's ID and the letters vouching for it (the chain): %s. The first is its own; each after it vouches for the one before.", capital(w.who()), certNames(cs))
	}
	if w.t.Scenario != nil && w.t.Scenario.Imposter != nil {
		b.WriteString(" It is the imposter's own, not the bank's.")
	}
	if w.t.Scenario != nil && w.t.Scenario.Client.Verify == scenario.VerifyFalse {
		b.WriteString(" With verify=False the courier looks at none of it.")
		return b.String()
	}
	b.WriteString(" The courier checks it next: is each card in date, made out to " + w.dial() + ", signed by the one above, and does the chain end at a root it already trusts?")
	if c := w.about; c >= 0 && c < len(w.t.Steps) && w.t.Steps[c].Side == handshake.Client {
		q, a := CheckWords(&w.t.Steps[c])
		fmt.Fprintf(&b, " This is what the verdict is about: %s %s.", q, strings.TrimSuffix(a, "."))
	}
	return b.String()
}

func (w stepWords) badge() string {
	if len(w.st.Certs) == 0 {
		s := "An empty Certificate message: the courier has no badge to show (or none from an office the bank named), so it shows none."
		if w.t.Outcome.Reason == handshake.ClientCertMissing {
			s += " The bank demands one: this empty answer is what it refuses."
		}
		return s
	}
	s := fmt.Sprintf("The courier's badge: %s. The bank checks it as the courier checked the bank's ID, against its own list of badge issuers.", certNames(w.st.Certs))
	if c := w.about; c >= 0 && c < len(w.t.Steps) && w.t.Steps[c].Side == handshake.Server {
		q, a := CheckWords(&w.t.Steps[c])
		s += fmt.Sprintf(" This is what the verdict is about: %s %s.", q, strings.TrimSuffix(a, "."))
	}
	return s
}

func (w stepWords) ccs() string {
	if w.tls13() {
		return "A leftover of TLS 1.2, sent only so that old boxes on the network let the connection through. In TLS 1.3 it changes nothing."
	}
	return fmt.Sprintf("%s says: from here on, what I send is sealed with the keys just agreed.", capital(w.who()))
}

// alertMeaning is what each alert says, by its code (RFC 8446, Section 6); ""
// for a code it does not know. An array, not a map, so that it is data and not
// code that builds a map at start.
var alertMeaning = [256]string{
	0:   "it has finished and closes the connection: a normal goodbye, not an error",
	10:  "it received a message it did not expect at this point",
	20:  "a record failed its integrity check",
	40:  "it could not agree on the connection's settings, and hangs up",
	42:  "it refuses the certificate it was shown",
	43:  "it refuses a certificate of a kind it does not accept",
	44:  "the certificate it was shown has been revoked",
	45:  "the certificate it was shown has expired, or is not valid yet",
	46:  "it refuses the certificate it was shown, for a reason of its own",
	47:  "a value in a message was out of range",
	48:  "the certificate it was shown was issued by an office it does not know",
	50:  "a message could not be read",
	51:  "a signature or a check of the handshake did not verify",
	70:  "it speaks none of the TLS versions offered",
	71:  "what was offered is too weak for it",
	80:  "something went wrong on its side, unrelated to the other end",
	90:  "it cancels the handshake",
	109: "a required extension was missing",
	110: "an extension it did not ask for came back",
	112: "it has no certificate for the name asked for",
	116: "it demands a badge (a client certificate) and got none",
	120: "it speaks none of the application protocols offered",
}

func (w stepWords) alert() string {
	b := w.st.Bytes
	name := strings.ReplaceAll(strings.TrimPrefix(w.st.Name, "alert: "), "_", " ")
	var s string
	if len(b) == 2 {
		m := alertMeaning[b[1]]
		if m == "" {
			m = "something went wrong"
		}
		s = fmt.Sprintf("An alert, %s: %s tells %s that %s.", name, w.who(), w.other(), m)
		if b[0] == 2 {
			s += " It is fatal: the connection ends here."
		}
	} else {
		s = fmt.Sprintf("An alert, %s, from %s.", name, w.who())
	}
	if w.st.Encrypted {
		s += " It travels encrypted: an onlooker cannot tell a refusal from a goodbye."
	}
	if o := w.t.Outcome; !o.OK && o.AlertFrom != nil && *o.AlertFrom == w.st.Side && strings.TrimPrefix(w.st.Name, "alert: ") == o.Alert && w.firstFatal() {
		s += fmt.Sprintf(" This is how %s learns of the refusal: its error message is built from this alert.", w.other())
	}
	return s
}

// firstFatal reports whether the step is the trace's first fatal alert.
func (w stepWords) firstFatal() bool {
	for j := range w.i {
		st := &w.t.Steps[j]
		if st.Kind == handshake.KindAlert && len(st.Bytes) == 2 && st.Bytes[0] == 2 {
			return false
		}
	}
	return true
}

func (w stepWords) appData() string {
	if w.st.Side == handshake.Client {
		s := fmt.Sprintf("The request itself, %s, sealed with the traffic keys. Only now does the courier hand over what it carries: the path, cookies, tokens, a password in a form.", w.st.Name)
		if w.t.Scenario != nil && w.t.Scenario.Imposter != nil {
			s += " It goes to the imposter."
		}
		if o := w.t.Outcome; !o.OK && o.Stage == handshake.StageFirstRead {
			s += " But the bank has not accepted the courier: in TLS 1.3 the courier's handshake is over before the bank has checked its badge, so the request leaves before the refusal arrives, and the bank never answers it."
		}
		return s
	}
	if w.t.Scenario != nil && w.t.Scenario.Imposter != nil {
		return fmt.Sprintf("The imposter's answer, %s: it got the request and all it carried, and this reply is its own, not the bank's.", w.st.Name)
	}
	return fmt.Sprintf("%s's answer, %s: the parcel, sealed with the traffic keys.", capital(w.who()), w.st.Name)
}

func (w stepWords) secret() string {
	s := fmt.Sprintf("A secret of the key schedule, the %s: %s computes it from the key exchange, and it never crosses the wire. The page learned it from the key log (as a browser writes one for SSLKEYLOGFILE) to open the sealed records for you.", w.st.Name, w.who())
	if strings.Contains(w.st.Name, "handshake") {
		return s + " It seals the rest of the handshake."
	}
	return s + " It seals the request and the answer."
}

// checkWhy says why each kind of check matters, whoever makes it.
var checkWhy = wordlist.List{
	{string(handshake.CheckPresented), "Without a certificate there is nothing to check, and nobody to trust."},
	{string(handshake.CheckValidity), "Every certificate carries the dates between which it may be used, and the checker compares them with its own clock."},
	{string(handshake.CheckName), "The certificate must be made out to the very name the courier dialled; only its Subject Alternative Names count. Without this check any genuine certificate, for any site, would do."},
	{string(handshake.CheckPurpose), "A certificate's extended key usage says what it may be used for: a bank's ID must allow serverAuth, a courier's badge clientAuth."},
	{string(handshake.CheckSignature), "Each card must be signed with the key of the one above it: a forged or altered card fails here."},
	{string(handshake.CheckIsCA), "Only a certificate marked as a CA may vouch for others; otherwise any site's certificate could issue IDs for any other site."},
	{string(handshake.CheckCAKeyUsage), "A CA's key usage must allow signing certificates (Certificate Sign)."},
	{string(handshake.CheckPathLength), "A CA may limit how many CAs stand below it in a chain."},
	{string(handshake.CheckCritical), "An extension marked critical must be understood, or the certificate refused."},
	{string(handshake.CheckNameConstraints), "A CA may be limited to vouching for certain names only."},
	{string(handshake.CheckNotRevoked), "A CA can take back a certificate before it expires (a stolen key, a mistake) by revoking it: it lists it in its CRL and answers OCSP queries about it. Go and most clients do not check this unless told to."},
	{string(handshake.CheckKeyStrength), "Go accepts RSA keys under 2048 bits; OpenSSL-based clients (requests, curl, openssl) refuse them. Go does not make this check: the page does, to show where the clients differ."},
	{string(handshake.CheckBadgeLoads), "Before it connects, the courier loads its badge and key from the files it was given; if that fails, nothing reaches the wire."},
	{string(handshake.CheckParses), "Go must be able to read a certificate before it can check anything in it."},
	{string(handshake.CheckStandard), "A rule of a specification that Go does not enforce as written."},
}

// anchorWhy is the anchor check's why, by who makes it.
var anchorWhy = [...]string{
	handshake.Client: "The chain must end at a certificate the courier already trusts: for requests, a root in certifi's bundle, or in the file verify= names. This is what ties the ID to someone the courier knows.",
	handshake.Server: "The badge's chain must end at an office in the bank's list of badge issuers.",
}

func (w stepWords) check() string {
	st := w.st
	q, a := CheckWords(st)
	s := fmt.Sprintf("%s asks: %s %s", capital(w.who()), q, sentence(a))
	why := checkWhy.Of(string(st.Checks))
	if st.Checks == handshake.CheckAnchor {
		why = anchorWhy[st.Side]
	}
	if why != "" {
		s += " " + why
	}
	switch state := CheckState(st); {
	case w.i == w.about:
		s += fmt.Sprintf(" This is the check the verdict names: its No is why %s refused.", w.who())
	case w.i == w.t.Outcome.Check:
		s += " Go's verdict names this check; the verdict shown is your client's, which does not turn on it."
	case state == Advisory && st.Side == handshake.Client && w.t.Scenario != nil && w.t.Scenario.Client.Verify == scenario.VerifyFalse:
		s += " Under verify=False it is computed but not enforced: the courier goes on."
	case state == Advisory && st.Side == handshake.Server:
		s += " The bank does not verify badges, so it goes on anyway."
	case state == Fail:
		s += " It fails too: Go names the first failure only, but this one needs fixing as well."
	}
	return s
}

// checkRunWords is a run of checks as one paragraph.
func checkRunWords(t *handshake.Trace, b Beat, about int) string {
	who := party(t, b.Side)
	what := "the ID it was shown and the letters vouching for it"
	trusts := "a root it already trusts"
	if b.Side == handshake.Server {
		what, trusts = "the courier's badge", "an office in its list of badge issuers"
	}
	s := fmt.Sprintf("%s checks %s before going on, as Go's verifier does: %d questions about each card (its dates, its name, its purpose, who signed it) and whether the chain ends at %s. One No is enough to refuse.",
		capital(who), what, len(b.Items), trusts)
	if len(b.Items) == 1 {
		return StepWordsAbout(t, b.Items[0], about)
	}
	for _, j := range b.Items {
		st := &t.Steps[j]
		if j == about {
			q, a := CheckWords(st)
			return s + fmt.Sprintf(" Here one is No, and it decides the story: %s %s", q, sentence(a))
		}
	}
	failed, advisory := checkCounts(t, b)
	switch {
	case failed > 0:
		return s + " Here some are No."
	case advisory > 0:
		return s + fmt.Sprintf(" Here %d would be No, but %s.", advisory, notEnforced(t, b.Side, advisory))
	}
	return s + " Here every answer is Yes."
}

// BeatOf is the beat that shows step, -1 if none does.
func BeatOf(beats []Beat, step int) int {
	for k, b := range beats {
		if b.Step == step || slices.Contains(b.Items, step) {
			return k
		}
	}
	return -1
}

// Focus is the step the inspector shows when stepping reaches a beat: a
// flight's first message, the check of a run that decides the story (else
// its first failure, else its first check), any other beat's own step.
func Focus(t *handshake.Trace, b Beat) int {
	switch {
	case b.Kind == CheckRun:
		if b.Verdict {
			return b.VerdictCheck
		}
		first := -1
		for _, j := range b.Items {
			if first < 0 && CheckState(&t.Steps[j]) != Pass {
				first = j
			}
		}
		if first >= 0 {
			return first
		}
	case len(b.Items) == 0:
		return b.Step
	}
	return b.Items[0]
}

// Caption is the beat whose words the stage shows: the newest one while the
// animation plays, else the one holding the step the inspector shows.
func Caption(p Player, beats []Beat, selected int) int {
	if !p.Done() || p.Playing {
		return p.Current()
	}
	if k := BeatOf(beats, selected); k >= 0 && k < p.Shown {
		return k
	}
	return p.Current()
}
