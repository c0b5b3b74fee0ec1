// Package scenario holds what a tlsplay story varies: the certificates, what the bank
// (server) sends and demands, what the courier (client) dials and trusts, and the
// clock. A Scenario is plain JSON; Validate says everything wrong with one at once.
package scenario

import (
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/pki"
)

// Scenario is one complete story. Certificates are declared once in Certs and
// referred to by name everywhere else.
type Scenario struct {
	// ID, Title and Story describe the preset the scenario came from (empty once
	// edited beyond recognition is fine: they are display text, not semantics).
	ID    string `json:"id,omitempty"`
	Title string `json:"title,omitempty"`
	Story string `json:"story,omitempty"`

	// Now is the moment the handshake happens; certificate validity is relative to it.
	// A scenario without one (no "now" in its JSON) happens today: the day it is
	// played (see On), unless it is a story about dates, which keeps its own.
	Now time.Time `json:"now,omitzero"`
	// Today says Now is the day the scenario was played on, not a clock of its
	// own: played again, it happens on that day instead (a run sets it).
	Today bool `json:"today,omitempty"`

	Certs  []pki.Spec `json:"certs"`
	Server Server     `json:"server"`
	Client Client     `json:"client"`

	// Imposter, when set, answers in the bank's place with its own chain and key.
	Imposter *Imposter `json:"imposter,omitempty"`
}

// Server is the bank.
type Server struct {
	// Send lists the certificates the server sends, in order; the first is its leaf.
	Send []string `json:"send"`
	// Key names the certificate whose private key the server holds; default Send[0].
	Key string `json:"key,omitempty"`

	MinVersion Version `json:"min_version,omitempty"`
	MaxVersion Version `json:"max_version,omitempty"`
	// Groups are the key-exchange groups in preference order; empty means Go's default.
	Groups []Group `json:"groups,omitempty"`
	// CipherSuites restricts TLS 1.2 suites; empty means Go's default. TLS 1.3 suites
	// are not configurable in Go.
	CipherSuites []string `json:"cipher_suites,omitempty"`
	ALPN         []string `json:"alpn,omitempty"`

	// ClientAuth is the badge policy; ClientCAs the certificates it trusts to issue badges.
	ClientAuth ClientAuth `json:"client_auth,omitempty"`
	ClientCAs  []string   `json:"client_cas,omitempty"`

	// ByName, when set, is a second certificate the bank chooses by SNI: a
	// ClientHello naming ByName.Name gets it; every other courier, one that
	// sends no name at all among them, gets Send, the default. (openssl
	// s_server, which the kit runs, serves one such name besides its default.)
	ByName *NamedChain `json:"by_name,omitempty"`
	// StapleOCSP makes the bank staple its certificate's OCSP response to the
	// handshake (tls.Certificate.OCSPStaple, s_server's -status_file).
	StapleOCSP bool `json:"staple_ocsp,omitempty"`
}

// NamedChain is a chain the bank sends to a courier naming Name in its
// ClientHello; the first certificate of Send holds the key.
type NamedChain struct {
	Name string   `json:"name"`
	Send []string `json:"send"`
}

// Imposter is a server that is not the bank but answers to its name.
type Imposter struct {
	Send []string `json:"send"`
}

// Client is the courier.
type Client struct {
	// Dial is the host name or IP address in the URL.
	Dial string `json:"dial"`
	// Port is the port in the URL, when it is not 443. The stories' connections are
	// in memory, so it only changes the commands shown; a probe records it.
	Port int `json:"port,omitempty"`
	// Path is the path of the URL the courier asks for, as a URL writes it
	// (URLPath): a pasted chain's twin asks for its URL's; empty means the
	// playground bank's /vault.
	Path string `json:"path,omitempty"`
	// SNI overrides the server_name sent; empty means Dial (none for an IP), as
	// requests does.
	SNI string `json:"sni,omitempty"`

	// Verify is requests' verify= argument; Bundle names the certificates of the
	// custom bundle when Verify is "bundle".
	Verify Verify   `json:"verify"`
	Bundle []string `json:"bundle,omitempty"`

	// Session, when set, makes the call on a requests.Session with its own
	// verify; Verify stays the call's (true: the call passes none).
	Session *Session `json:"session,omitempty"`
	// Env is the courier's environment: the variables naming CA bundles.
	Env []EnvVar `json:"env,omitempty"`
	// OSStore lists the certificates the machine's own store holds besides
	// the public roots: the company root IT installed.
	OSStore []string `json:"os_store,omitempty"`
	// Truststore says the courier calls truststore.inject_into_ssl() before
	// requests: Python then also reads the machine's store.
	Truststore bool `json:"truststore,omitempty"`

	// Cert is requests' cert= argument; Badge names the client certificate.
	Cert        CertMode `json:"cert,omitempty"`
	Badge       string   `json:"badge,omitempty"`
	KeyPassword string   `json:"key_password,omitempty"`

	MinVersion Version  `json:"min_version,omitempty"`
	MaxVersion Version  `json:"max_version,omitempty"`
	Groups     []Group  `json:"groups,omitempty"`
	ALPN       []string `json:"alpn,omitempty"`

	// CheckRevocation tells the courier to check revocation, which none of
	// the clients does by default: against the issuers' CRLs and the bank's
	// stapled OCSP response where the bank staples one (curl --crlfile,
	// and --cert-status for a stapling bank only; s_client
	// -crl_check_all -status with the CRLs in -CAfile, Python's VERIFY_CRL_CHECK_CHAIN, Node's
	// crl option, Go's VerifyConnection).
	CheckRevocation bool `json:"check_revocation,omitempty"`
}

// Version is a TLS version as written in scenarios.
type Version string

const (
	TLS10 Version = "1.0"
	TLS11 Version = "1.1"
	TLS12 Version = "1.2"
	TLS13 Version = "1.3"
)

// Versions lists the accepted versions, oldest first. TLS 1.0 and 1.1 are
// deprecated (RFC 8996); Go still speaks them when its MinVersion allows.
var Versions = []Version{TLS10, TLS11, TLS12, TLS13}

// Group is a key-exchange group.
type Group string

const (
	X25519MLKEM768 Group = "x25519mlkem768"
	X25519         Group = "x25519"
	P256           Group = "secp256r1"
	P384           Group = "secp384r1"
	P521           Group = "secp521r1"
)

// Groups lists the accepted groups.
var Groups = []Group{X25519MLKEM768, X25519, P256, P384, P521}

// Verify is the courier's trust mode.
type Verify string

const (
	// VerifyTrue trusts the public bundle: Mozilla's roots (what certifi ships) plus
	// the scenario's certificates marked public.
	VerifyTrue Verify = "true"
	// VerifyFalse checks nothing.
	VerifyFalse Verify = "false"
	// VerifyBundle trusts exactly the certificates named in Client.Bundle.
	VerifyBundle Verify = "bundle"
)

// Verifies lists the accepted trust modes.
var Verifies = []Verify{VerifyTrue, VerifyFalse, VerifyBundle}

// CertMode is what the courier passes as cert=.
type CertMode string

const (
	CertNone         CertMode = "none"          // no cert= at all
	CertTuple        CertMode = "tuple"         // cert=('client.crt', 'client.key')
	CertCombined     CertMode = "combined"      // cert='client-combined.pem'
	CertWithoutKey   CertMode = "cert_only"     // cert='client.crt', no key anywhere
	CertWrongKey     CertMode = "wrong_key"     // the tuple, but the key belongs to another certificate
	CertEncryptedKey CertMode = "encrypted_key" // the tuple, with a password-protected key
)

// CertModes lists the accepted client certificate modes.
var CertModes = []CertMode{CertNone, CertTuple, CertCombined, CertWithoutKey, CertWrongKey, CertEncryptedKey}

// HasBadge reports whether the courier brings a certificate at all.
func (m CertMode) HasBadge() bool { return m != "" && m != CertNone }

// ClientAuth is the bank's badge policy, as Go's tls.ClientAuthType.
type ClientAuth string

const (
	AuthNone             ClientAuth = "none"
	AuthRequest          ClientAuth = "request"
	AuthRequireAny       ClientAuth = "require_any"
	AuthVerifyIfGiven    ClientAuth = "verify_if_given"
	AuthRequireAndVerify ClientAuth = "require_and_verify"
)

// ClientAuths lists the accepted policies.
var ClientAuths = []ClientAuth{AuthNone, AuthRequest, AuthRequireAny, AuthVerifyIfGiven, AuthRequireAndVerify}

// Verifies reports whether the policy checks a badge that is given.
func (a ClientAuth) Verifies() bool { return a == AuthVerifyIfGiven || a == AuthRequireAndVerify }

// Demands reports whether the policy asks for a badge at all.
func (a ClientAuth) Demands() bool { return a != "" && a != AuthNone }

// MTLS reports whether the scenario involves a client certificate in any way.
func (s *Scenario) MTLS() bool { return s.Server.ClientAuth.Demands() || s.Client.Cert.HasBadge() }

// ServerKey is the name of the certificate whose key the server holds.
func (s *Server) ServerKey() string {
	if s.Key != "" || len(s.Send) == 0 {
		return s.Key
	}
	return s.Send[0]
}

// Spec returns the named certificate spec, or nil.
func (s *Scenario) Spec(name string) *pki.Spec {
	for i := range s.Certs {
		if s.Certs[i].Name == name {
			return &s.Certs[i]
		}
	}
	return nil
}

// Answering is what answers the courier: the imposter if there is one, else
// the bank, with the chain it chooses for the name the courier sends. The key
// is "" when nothing is sent (an invalid scenario, which an editor still lays
// out).
func (s *Scenario) Answering() (send []string, key string) {
	if s.Imposter != nil {
		if len(s.Imposter.Send) == 0 {
			return nil, ""
		}
		return s.Imposter.Send, s.Imposter.Send[0]
	}
	if n := s.Server.ByName; n != nil && len(n.Send) > 0 && s.Server.Chooses(s.Client.ServerName()) {
		return n.Send, n.Send[0]
	}
	return s.Server.Send, s.Server.ServerKey()
}

// ServerName is the name the courier sends in its ClientHello (SNI): the SNI
// override, else the dialled name without the dot a fully qualified name
// ends in (TrimDot: Go's crypto/tls leaves it out); "" when it dials an IP
// address, as every client then sends none (RFC 6066 3).
func (c *Client) ServerName() string {
	switch {
	case c.SNI != "":
		return c.SNI
	case IsIP(c.Dial):
		return ""
	}
	return TrimDot(c.Dial)
}

// Chooses reports whether the bank answers a ClientHello naming serverName
// with its ByName chain rather than its default.
func (s *Server) Chooses(serverName string) bool {
	return s.ByName != nil && serverName != "" && strings.EqualFold(strings.TrimSuffix(serverName, "."), s.ByName.Name)
}

// Clone returns a deep copy, so an editor can change one without touching another.
func (s *Scenario) Clone() *Scenario {
	c := *s
	c.Certs = make([]pki.Spec, len(s.Certs))
	for i, sp := range s.Certs {
		c.Certs[i] = sp.Clone()
	}
	c.Server.Send = clone(s.Server.Send)
	c.Server.Groups = clone(s.Server.Groups)
	c.Server.CipherSuites = clone(s.Server.CipherSuites)
	c.Server.ALPN = clone(s.Server.ALPN)
	c.Server.ClientCAs = clone(s.Server.ClientCAs)
	c.Client.Bundle = clone(s.Client.Bundle)
	if s.Client.Session != nil {
		ses := *s.Client.Session
		if ses.TrustEnv != nil {
			ses.TrustEnv = ptr(*ses.TrustEnv)
		}
		c.Client.Session = &ses
	}
	if s.Client.Env != nil {
		c.Client.Env = make([]EnvVar, len(s.Client.Env))
		for i, e := range s.Client.Env {
			e.Certs = clone(e.Certs)
			c.Client.Env[i] = e
		}
	}
	c.Client.OSStore = clone(s.Client.OSStore)
	c.Client.Groups = clone(s.Client.Groups)
	c.Client.ALPN = clone(s.Client.ALPN)
	if s.Imposter != nil {
		c.Imposter = &Imposter{Send: clone(s.Imposter.Send)}
	}
	if s.Server.ByName != nil {
		c.Server.ByName = &NamedChain{Name: s.Server.ByName.Name, Send: clone(s.Server.ByName.Send)}
	}
	return &c
}

func clone[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append([]T(nil), s...)
}

// Day is the clock of a scenario played on t's day: noon UTC of that day.
// Within a day it stays the same, so that a story's link, its built first
// answer and its answer in the page agree all day; noon keeps a certificate
// valid from "30 days ago" whole days away, as the stories' offsets are.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
}

// On is the scenario played on t's day: one without a clock of its own (or
// last played on another day) happens at Day(t), with Today set; one with a
// clock of its own is s itself.
func (s *Scenario) On(t time.Time) *Scenario {
	if !s.Now.IsZero() && !s.Today {
		return s
	}
	c := s.Clone()
	c.Now, c.Today = Day(t), true
	return c
}

// Undated is s as a link carries it: a scenario that happens today, without
// the day it was last played on, so that the link does not freeze it.
func (s *Scenario) Undated() *Scenario {
	if !s.Today {
		return s
	}
	c := *s
	c.Now, c.Today = time.Time{}, false
	return &c
}
