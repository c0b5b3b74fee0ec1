package ui

import (
	"strings"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// PrimerLink is where a verdict sends a person in the page's primer: the
// section that explains what the story turns on.
type PrimerLink struct {
	Anchor string // the section's element id
	Text   string
}

// The primer's sections (site/index.html holds their words).
const (
	PrimerWho     = "primer"         // who checks whom: verify= and cert=
	PrimerBundle  = "primer-bundle"  // what a CA bundle is
	PrimerCertifi = "primer-certifi" // certifi and certifi.where()
	PrimerEnv     = "primer-env"     // verify='…' and REQUESTS_CA_BUNDLE
)

// primerByReason are the verdicts whose cure is about what the courier
// trusts: they link to the bundle's sections, the rest to who checks whom.
var primerByReason = map[handshake.Reason]PrimerLink{
	handshake.UnknownAuthority:    {PrimerCertifi, "Why requests does not trust what your browser does: certifi and certifi.where()"},
	handshake.UntrustedRoot:       {PrimerBundle, "What a CA bundle is, and why sending a root proves nothing"},
	handshake.MissingIntermediate: {PrimerBundle, "What a CA bundle is, and what the server must send"},
	handshake.SelfSigned:          {PrimerEnv, "Trusting a certificate of your own: verify= and REQUESTS_CA_BUNDLE"},
	handshake.InsecureSkipVerify:  {PrimerWho, "Who checks whom: what verify=False turns off"},
}

// pipPrimer are the primer links' words as pip's lens says them: pip reads
// its own copy of certifi (pip debug --verbose prints its path), its bundle
// is --cert's, and --trusted-host turns its checks off.
var pipPrimer = strings.NewReplacer(
	"Why requests does not trust what your browser does: certifi and certifi.where()", "Why pip does not trust what your browser does: its own copy of certifi, pip/_vendor/certifi/cacert.pem",
	"Which bundle requests reads", "Which bundle pip reads",
	"verify='/path/ca.pem'", "--cert /path/ca.pem",
	"verify= and", "--cert and",
)

// PrimerIn is PrimerFor as client's lens words it: pip's bundle and options,
// and every client's way to turn verification off.
func PrimerIn(t *handshake.Trace, client string) PrimerLink {
	l := PrimerFor(t)
	if client == explain.Pip {
		l.Text = pipPrimer.Replace(l.Text)
	}
	off, _ := explain.OffWords(client)
	l.Text = strings.Replace(l.Text, "verify=False", off, 1)
	return l
}

// PrimerFor is the primer's section a verdict links to, in requests' words.
func PrimerFor(t *handshake.Trace) PrimerLink {
	// An unknown authority where requests reads more or other than
	// certifi's bundle (one a variable, the Session or the call names, or the
	// machine's store through truststore) turns on what it reads, not on
	// certifi alone.
	if t.Outcome.Reason == handshake.UnknownAuthority && t.Scenario != nil {
		if !explain.CertifiAlone(t.Scenario) && !t.Scenario.Resolve(explain.Requests).Off() {
			return PrimerLink{PrimerEnv, "Which bundle requests reads: verify='/path/ca.pem' and REQUESTS_CA_BUNDLE"}
		}
	}
	if l, ok := primerByReason[t.Outcome.Reason]; ok {
		return l
	}
	if t.Scenario != nil && t.Scenario.Client.Verify == scenario.VerifyBundle {
		return PrimerLink{PrimerEnv, "A bundle of your own: verify='/path/ca.pem' and REQUESTS_CA_BUNDLE"}
	}
	if t.Scenario != nil && (t.Scenario.Client.Cert.HasBadge() || t.Scenario.Server.ClientAuth != scenario.AuthNone && t.Scenario.Server.ClientAuth != "") {
		return PrimerLink{PrimerWho, "Who checks whom: the courier's check of the bank, the bank's of the badge"}
	}
	return PrimerLink{PrimerWho, "Who checks whom, and against what: the primer"}
}
