// Package ui is the playground page's state and view model: which editor fields
// exist and how an edit changes a Scenario, where the validator's problems belong,
// the timeline of the handshake and its player, hex rows of annotated bytes, the
// verdict's words, and what the URL fragment means. It is plain Go with no DOM, so
// every decision the page makes is tested natively; wasm/app only draws it.
package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// Kind is how an editor input is drawn and how its text is read.
type Kind string

const (
	Text     Kind = "text"     // one line of text
	TextArea Kind = "textarea" // several lines of text
	List     Kind = "list"     // comma-separated values
	Number   Kind = "number"   // a whole number
	Select   Kind = "select"   // one of Options
	Check    Kind = "check"    // "true" or "false"
	Checks   Kind = "checks"   // any of Options, comma-separated
	DateTime Kind = "datetime" // a UTC time, as an <input type=datetime-local> writes it
)

// Option is one choice of a Select or Checks input.
type Option struct {
	Value, Label string
}

// Input is one editor field with its current value and what is wrong with it.
type Input struct {
	// Path names the field the way the validator does: "client.dial",
	// "certs[2].not_after". It is the input's identity on the page.
	Path    string
	Label   string
	Kind    Kind
	Value   string
	Options []Option
	// Hint is a short help text, shown under the input (never a
	// placeholder: cut off on a phone's width and gone once the person types).
	Hint string
	// Short marks an input whose values are short (a version, a number of
	// days), which the page may set beside another.
	Short bool
	// Advanced marks a knob few stories need (groups, suites, ALPN, name
	// constraints): the page folds those under "Advanced".
	Advanced bool
	// Problems are the validator's (or the parser's) messages for this field.
	Problems []string
}

// Action is a button of a group that makes one edit of several fields.
type Action struct {
	_           noCompare
	Op          Op
	Path        string
	Label, Hint string
	// Disabled says the action would change nothing.
	Disabled bool
}

// Group is one fieldset of the editor.
type Group struct {
	// ID is the path prefix of the group's inputs ("client", "certs[1]").
	ID    string
	Title string
	Note  string
	// Removable marks a certificate, which the editor offers to delete.
	Removable bool
	// Open says whether the group starts unfolded: the certificates the story
	// turns on and any group with a problem are; the others fold away.
	Open bool
	// AdvancedOpen says the group's advanced inputs start unfolded: one has
	// a value or a problem.
	AdvancedOpen bool
	Inputs       []Input
	Actions      []Action
	// Problems are messages about the group as a whole ("certs[1]" has an issuer cycle).
	Problems []string
}

// field binds one editor input to the part of a T (a pointer: one instance of
// the generic code serves every pointer type) it edits.
type field[T any] struct {
	name  string // the JSON name, the last element of the path
	label string
	kind  Kind
	hint  string
	short bool
	// advanced folds the input under "Advanced".
	advanced bool
	get      func(T) string
	set      func(T, string) error
	options  func(s *scenario.Scenario, self T) []Option
}

// The editor's fields, in the order they appear. Each table is the single place
// that says what a field is called, how it reads and how it writes.
var (
	storyFields = []field[*scenario.Scenario]{
		{name: "title", label: "Title", kind: Text,
			get: func(s *scenario.Scenario) string { return s.Title },
			set: func(s *scenario.Scenario, v string) error { s.Title = v; return nil }},
		{name: "story", label: "Story", kind: TextArea,
			get: func(s *scenario.Scenario) string { return s.Story },
			set: func(s *scenario.Scenario, v string) error { s.Story = v; return nil }},
		{name: "now", label: "Clock (UTC)", kind: DateTime, hint: "the moment the handshake happens; certificate dates count from it; empty: today, the day you play it",
			get: func(s *scenario.Scenario) string {
				if s.Today {
					return "" // today, whichever day that is
				}
				return FormatClock(s.Now)
			},
			set: func(s *scenario.Scenario, v string) (err error) {
				s.Now, err = ParseClock(v)
				s.Today = false
				return err
			}},
	}

	clientFields = []field[*scenario.Client]{
		{name: "dial", label: "Dials (host in the URL, or paste the URL)", kind: Text, hint: "bank.example, 192.0.2.10 or https://bank.example:8443/vault",
			get: func(c *scenario.Client) string { return c.Dial },
			set: setDial},
		{name: "port", label: "Port in the URL", kind: Number, short: true, hint: "empty: 443; changes only the commands shown",
			get: func(c *scenario.Client) string {
				if c.Port == 0 {
					return ""
				}
				return strconv.Itoa(c.Port)
			},
			set: setPort},
		{name: "path", label: "Path in the URL", kind: Text, short: true, hint: "empty: /vault; the path the request asks for, in the commands too (a pasted chain's twin asks for its URL's)",
			get: func(c *scenario.Client) string { return c.Path },
			set: func(c *scenario.Client, v string) error { c.Path = strings.TrimSpace(v); return nil }},
		{name: "sni", label: "SNI (the server name sent)", kind: Text, hint: "empty: the dialled name, none for an IP",
			get: func(c *scenario.Client) string { return c.SNI },
			set: func(c *scenario.Client, v string) error { c.SNI = strings.TrimSpace(v); return nil }},
		{name: "verify", label: "verify=", kind: Select,
			options: fixed[*scenario.Client](enumOptions(scenario.Verifies, verifyLabels)),
			get:     func(c *scenario.Client) string { return string(c.Verify) },
			set:     setVerify},
		{name: "bundle", label: "Bundle (verify='ca.pem' holds)", kind: List, hint: "certificate names, read with verify='/path/ca.pem'",
			get: func(c *scenario.Client) string { return joinList(c.Bundle) },
			set: func(c *scenario.Client, v string) error { c.Bundle = splitList(v); return nil }},
		{name: "cert", label: "cert=", kind: Select,
			options: fixed[*scenario.Client](enumOptions(scenario.CertModes, certLabels)),
			get:     func(c *scenario.Client) string { return string(orDefault(c.Cert, scenario.CertNone)) },
			set: func(c *scenario.Client, v string) error {
				c.Cert = scenario.CertMode(v)
				return nil
			}},
		{name: "badge", label: "Badge (client certificate)", kind: Select,
			options: func(s *scenario.Scenario, _ *scenario.Client) []Option { return certOptions(s, "(none)") },
			get:     func(c *scenario.Client) string { return c.Badge },
			set:     func(c *scenario.Client, v string) error { c.Badge = v; return nil }},
		{name: "check_revocation", label: "Checks revocation (the CRLs and the staple)", kind: Check,
			get: func(c *scenario.Client) string { return strconv.FormatBool(c.CheckRevocation) },
			set: func(c *scenario.Client, v string) (err error) { c.CheckRevocation, err = parseBool(v); return err }},
		{name: "key_password", label: "Key password", kind: Text, hint: "for cert= with a password-protected key",
			get: func(c *scenario.Client) string { return c.KeyPassword },
			set: func(c *scenario.Client, v string) error { c.KeyPassword = v; return nil }},
		{name: "min_version", label: "Lowest TLS version", kind: Select, short: true, options: fixed[*scenario.Client](versionOptions),
			get: func(c *scenario.Client) string { return string(c.MinVersion) },
			set: func(c *scenario.Client, v string) error { c.MinVersion = scenario.Version(v); return nil }},
		{name: "max_version", label: "Highest TLS version", kind: Select, short: true, options: fixed[*scenario.Client](versionOptions),
			get: func(c *scenario.Client) string { return string(c.MaxVersion) },
			set: func(c *scenario.Client, v string) error { c.MaxVersion = scenario.Version(v); return nil }},
		{name: "groups", label: "Key-exchange groups", kind: List, advanced: true, hint: groupHint,
			get: func(c *scenario.Client) string { return joinList(c.Groups) },
			set: func(c *scenario.Client, v string) error { c.Groups = splitGroups(v); return nil }},
		{name: "alpn", label: "ALPN protocols", kind: List, advanced: true, hint: "e.g. h2, http/1.1",
			get: func(c *scenario.Client) string { return joinList(c.ALPN) },
			set: func(c *scenario.Client, v string) error { c.ALPN = splitList(v); return nil }},
	}

	serverFields = []field[*scenario.Server]{
		{name: "send", label: "Sends (in order, leaf first)", kind: List, hint: "certificate names, e.g. leaf, intermediate",
			get: func(s *scenario.Server) string { return joinList(s.Send) },
			set: func(s *scenario.Server, v string) error { s.Send = splitList(v); return nil }},
		{name: "key", label: "Holds the key of", kind: Select,
			options: func(s *scenario.Scenario, _ *scenario.Server) []Option {
				return certOptions(s, "(the first certificate sent)")
			},
			get: func(s *scenario.Server) string { return s.Key },
			set: func(s *scenario.Server, v string) error { s.Key = v; return nil }},
		{name: "client_auth", label: "Badge policy", kind: Select,
			options: fixed[*scenario.Server](enumOptions(scenario.ClientAuths, authLabels)),
			get:     func(s *scenario.Server) string { return string(orDefault(s.ClientAuth, scenario.AuthNone)) },
			set: func(s *scenario.Server, v string) error {
				s.ClientAuth = scenario.ClientAuth(v)
				return nil
			}},
		{name: "client_cas", label: "Trusts badges issued by", kind: List, hint: "certificate names",
			get: func(s *scenario.Server) string { return joinList(s.ClientCAs) },
			set: func(s *scenario.Server, v string) error { s.ClientCAs = splitList(v); return nil }},
		{name: "min_version", label: "Lowest TLS version", kind: Select, short: true, options: fixed[*scenario.Server](versionOptions),
			get: func(s *scenario.Server) string { return string(s.MinVersion) },
			set: func(s *scenario.Server, v string) error { s.MinVersion = scenario.Version(v); return nil }},
		{name: "max_version", label: "Highest TLS version", kind: Select, short: true, options: fixed[*scenario.Server](versionOptions),
			get: func(s *scenario.Server) string { return string(s.MaxVersion) },
			set: func(s *scenario.Server, v string) error { s.MaxVersion = scenario.Version(v); return nil }},
		{name: "groups", label: "Key-exchange groups", kind: List, advanced: true, hint: groupHint,
			get: func(s *scenario.Server) string { return joinList(s.Groups) },
			set: func(s *scenario.Server, v string) error { s.Groups = splitGroups(v); return nil }},
		{name: "cipher_suites", label: "TLS 1.2 cipher suites", kind: List, advanced: true, hint: "empty: Go's default, e.g. TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
			get: func(s *scenario.Server) string { return joinList(s.CipherSuites) },
			// Suites are named in capitals, as Go and the registry write them:
			// one typed in small letters is that one.
			set: func(s *scenario.Server, v string) error { s.CipherSuites = splitList(strings.ToUpper(v)); return nil }},
		{name: "alpn", label: "ALPN protocols", kind: List, advanced: true, hint: "e.g. h2, http/1.1",
			get: func(s *scenario.Server) string { return joinList(s.ALPN) },
			set: func(s *scenario.Server, v string) error { s.ALPN = splitList(v); return nil }},
		{name: "by_name.name", label: "Chooses another certificate for the name (SNI)", kind: Text, hint: "empty: the same certificate for every courier",
			get: func(s *scenario.Server) string {
				if s.ByName == nil {
					return ""
				}
				return s.ByName.Name
			},
			set: func(s *scenario.Server, v string) error {
				switch v = strings.TrimSpace(v); {
				case v == "":
					s.ByName = nil
				case s.ByName == nil:
					s.ByName = &scenario.NamedChain{Name: v, Send: slices.Clone(s.Send)}
				default:
					s.ByName.Name = v
				}
				return nil
			}},
		{name: "by_name.send", label: "Sends for that name (in order, leaf first)", kind: List, hint: "certificate names, e.g. leaf, intermediate",
			get: func(s *scenario.Server) string {
				if s.ByName == nil {
					return ""
				}
				return joinList(s.ByName.Send)
			},
			set: func(s *scenario.Server, v string) error {
				if s.ByName == nil {
					return fmt.Errorf("name the certificate's name (SNI) first")
				}
				s.ByName.Send = splitList(v)
				return nil
			}},
		{name: "staple_ocsp", label: "Staples its OCSP response", kind: Check,
			get: func(s *scenario.Server) string { return strconv.FormatBool(s.StapleOCSP) },
			set: func(s *scenario.Server, v string) (err error) { s.StapleOCSP, err = parseBool(v); return err }},
	}

	imposterFields = []field[*scenario.Scenario]{
		{name: "imposter", label: "An imposter answers in the bank's place", kind: Check,
			get: func(s *scenario.Scenario) string { return strconv.FormatBool(s.Imposter != nil) },
			set: setImposter},
		{name: "imposter.send", label: "The imposter sends", kind: List, hint: "certificate names, leaf first",
			get: func(s *scenario.Scenario) string {
				if s.Imposter == nil {
					return ""
				}
				return joinList(s.Imposter.Send)
			},
			set: func(s *scenario.Scenario, v string) error {
				if s.Imposter == nil {
					return fmt.Errorf("turn the imposter on first")
				}
				s.Imposter.Send = splitList(v)
				return nil
			}},
	}

	certFields = []field[*pki.Spec]{
		{name: "name", label: "Name", kind: Text, hint: "how the rest of the scenario refers to it",
			get: func(c *pki.Spec) string { return c.Name },
			set: func(c *pki.Spec, v string) error { c.Name = strings.TrimSpace(v); return nil }},
		{name: "issuer", label: "Signed by", kind: Select,
			options: func(s *scenario.Scenario, self *pki.Spec) []Option {
				var opts []Option
				for _, o := range certOptions(s, "itself (self-signed)") {
					if o.Value != self.Name {
						opts = append(opts, o)
					}
				}
				return opts
			},
			get: func(c *pki.Spec) string {
				if c.SelfSigned() {
					return ""
				}
				return c.Issuer
			},
			set: func(c *pki.Spec, v string) error { c.Issuer = v; return nil }},
		{name: "public", label: "A public root (verify=True trusts it)", kind: Check,
			get: func(c *pki.Spec) string { return strconv.FormatBool(c.Public) },
			set: func(c *pki.Spec, v string) (err error) { c.Public, err = parseBool(v); return err }},
		{name: "cn", label: "Common Name", kind: Text,
			get: func(c *pki.Spec) string { return c.CommonName },
			set: func(c *pki.Spec, v string) error { c.CommonName = v; return nil }},
		{name: "org", label: "Organization", kind: Text,
			get: func(c *pki.Spec) string { return c.Organization },
			set: func(c *pki.Spec, v string) error { c.Organization = v; return nil }},
		{name: "dns", label: "DNS names (SAN)", kind: List, hint: "e.g. bank.example, *.bank.example",
			get: func(c *pki.Spec) string { return joinList(c.DNSNames) },
			set: func(c *pki.Spec, v string) error { c.DNSNames = splitList(v); return nil }},
		{name: "more_names", label: "Generated DNS names after those (customer1.cdn.example, …)", kind: Number, short: true, hint: "0 to 1000: a CDN's shared certificate",
			get: func(c *pki.Spec) string { return strconv.Itoa(c.MoreNames) },
			set: func(c *pki.Spec, v string) error {
				n, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil {
					return fmt.Errorf("%q is not a whole number", v)
				}
				c.MoreNames = n
				return nil
			}},
		{name: "ips", label: "IP addresses (SAN)", kind: List, hint: "e.g. 192.0.2.10",
			get: func(c *pki.Spec) string { return joinList(c.IPAddresses) },
			set: func(c *pki.Spec, v string) error { c.IPAddresses = splitList(v); return nil }},
		{name: "not_before", label: "Valid from (days from the clock)", kind: Number, short: true, hint: "-30 is a month ago",
			get: func(c *pki.Spec) string { return strconv.Itoa(int(c.NotBefore)) },
			set: func(c *pki.Spec, v string) error { return setDays(&c.NotBefore, v) }},
		{name: "not_after", label: "Valid until (days from the clock)", kind: Number, short: true, hint: "-1 expired yesterday",
			get: func(c *pki.Spec) string { return strconv.Itoa(int(c.NotAfter)) },
			set: func(c *pki.Spec, v string) error { return setDays(&c.NotAfter, v) }},
		{name: "key", label: "Key", kind: Select, short: true,
			options: fixed[*pki.Spec](enumOptions(pki.KeyTypes, nil)),
			get:     func(c *pki.Spec) string { return string(c.Key) },
			set:     func(c *pki.Spec, v string) error { c.Key = pki.KeyType(v); return nil }},
		{name: "hash", label: "Signed with", kind: Select, short: true,
			options: fixed[*pki.Spec](append([]Option{{"", "default (sha256)"}}, enumOptions(pki.Hashes, nil)...)),
			get:     func(c *pki.Spec) string { return string(c.Hash) },
			set:     func(c *pki.Spec, v string) error { c.Hash = pki.Hash(v); return nil }},
		{name: "ca", label: "Is a CA (basicConstraints CA:TRUE)", kind: Check,
			get: func(c *pki.Spec) string { return strconv.FormatBool(c.IsCA) },
			set: func(c *pki.Spec, v string) (err error) { c.IsCA, err = parseBool(v); return err }},
		{name: "max_path_len", label: "Path length limit", kind: Text, short: true, hint: "empty: unlimited",
			get: func(c *pki.Spec) string {
				if c.MaxPathLen == nil {
					return ""
				}
				return strconv.Itoa(*c.MaxPathLen)
			},
			set: setPathLen},
		{name: "no_basic_constraints", label: "Omit basicConstraints", kind: Check,
			get: func(c *pki.Spec) string { return strconv.FormatBool(c.NoBasicConstraints) },
			set: func(c *pki.Spec, v string) (err error) { c.NoBasicConstraints, err = parseBool(v); return err }},
		{name: "ku", label: "Key usage", kind: Checks,
			options: fixed[*pki.Spec](enumOptions(pki.KeyUsages, usageLabels)),
			get:     func(c *pki.Spec) string { return joinList(c.KeyUsage) },
			set:     func(c *pki.Spec, v string) error { c.KeyUsage = splitList(v); return nil }},
		{name: "eku", label: "Extended key usage", kind: Checks,
			options: fixed[*pki.Spec](enumOptions(pki.ExtKeyUsages, usageLabels)),
			get:     func(c *pki.Spec) string { return joinList(c.ExtKeyUsage) },
			set:     func(c *pki.Spec, v string) error { c.ExtKeyUsage = splitList(v); return nil }},
		{name: "crl_url", label: "CRL distribution point", kind: Text, advanced: true, hint: "where its issuer publishes its CRL, e.g. http://crl.example/ca.crl",
			get: func(c *pki.Spec) string { return c.CRLURL },
			set: func(c *pki.Spec, v string) error { c.CRLURL = strings.TrimSpace(v); return nil }},
		{name: "ocsp_url", label: "OCSP responder", kind: Text, advanced: true, hint: "where its issuer answers OCSP, e.g. http://ocsp.example/",
			get: func(c *pki.Spec) string { return c.OCSPURL },
			set: func(c *pki.Spec, v string) error { c.OCSPURL = strings.TrimSpace(v); return nil }},
		{name: "revoked", label: "Revoked by its issuer", kind: Check,
			get: func(c *pki.Spec) string { return strconv.FormatBool(c.Revoked) },
			set: func(c *pki.Spec, v string) (err error) { c.Revoked, err = parseBool(v); return err }},
		{name: "permitted_dns", label: "Name constraints: permitted", kind: List, advanced: true, hint: "e.g. .corp.example",
			get: func(c *pki.Spec) string { return joinList(c.PermittedDNS) },
			set: func(c *pki.Spec, v string) error { c.PermittedDNS = splitList(v); return nil }},
		{name: "excluded_dns", label: "Name constraints: excluded", kind: List, advanced: true,
			get: func(c *pki.Spec) string { return joinList(c.ExcludedDNS) },
			set: func(c *pki.Spec, v string) error { c.ExcludedDNS = splitList(v); return nil }},
	}
)

const groupHint = "empty: Go's default; e.g. x25519mlkem768, x25519, secp256r1 (P-256)"

var (
	verifyLabels = map[scenario.Verify]string{
		scenario.VerifyTrue:   "True (the public bundle, certifi)",
		scenario.VerifyFalse:  "False (check nothing)",
		scenario.VerifyBundle: "'/path/ca.pem' (a bundle of my own)",
	}
	certLabels = map[scenario.CertMode]string{
		scenario.CertNone:         "none (no cert= argument)",
		scenario.CertTuple:        "('client.crt', 'client.key')",
		scenario.CertCombined:     "'client-combined.pem'",
		scenario.CertWithoutKey:   "'client.crt' without its key",
		scenario.CertWrongKey:     "the tuple, with another certificate's key",
		scenario.CertEncryptedKey: "the tuple, with a password-protected key",
	}
	// usageLabels name key usages as certificates print them.
	usageLabels = map[string]string{
		pki.KUDigitalSignature: "digitalSignature",
		pki.KUKeyEncipherment:  "keyEncipherment",
		pki.KUCertSign:         "keyCertSign",
		pki.KUCRLSign:          "cRLSign",
		pki.EKUServerAuth:      "serverAuth",
		pki.EKUClientAuth:      "clientAuth",
		pki.EKUAny:             "any purpose",
	}
	authLabels = map[scenario.ClientAuth]string{
		scenario.AuthNone:             "none: no badge asked",
		scenario.AuthRequest:          "request: ask, accept anything",
		scenario.AuthRequireAny:       "require any: demand one, don't check it",
		scenario.AuthVerifyIfGiven:    "verify if given: check one if shown",
		scenario.AuthRequireAndVerify: "require and verify: demand and check",
	}
)

// enumOptions lists the values of an enum, labelled from labels where given.
func enumOptions[V ~string](values []V, labels map[V]string) []Option {
	opts := make([]Option, len(values))
	for i, v := range values {
		l := labels[v]
		if l == "" {
			l = string(v)
		}
		opts[i] = Option{string(v), l}
	}
	return opts
}

// fixed is the options function of a field whose choices never change.
func fixed[T any](opts []Option) func(*scenario.Scenario, T) []Option {
	return func(*scenario.Scenario, T) []Option { return opts }
}

var versionOptions = []Option{{"", "Go's default"}, {"1.0", "TLS 1.0 (deprecated)"}, {"1.1", "TLS 1.1 (deprecated)"}, {"1.2", "TLS 1.2"}, {"1.3", "TLS 1.3"}}

// certOptions lists the scenario's certificates, after an empty choice named none.
func certOptions(s *scenario.Scenario, none string) []Option {
	opts := []Option{{"", none}}
	for _, c := range s.Certs {
		opts = append(opts, Option{c.Name, c.Name})
	}
	return opts
}

// setVerify switches the trust mode. A bundle is only meaningful with
// verify=bundle, so leaving that mode drops it, and entering it with no bundle
// starts from the scenario's roots, the usual content of a ca.pem.
func setVerify(c *scenario.Client, v string) error {
	c.Verify = scenario.Verify(v)
	if c.Intended() != scenario.VerifyBundle {
		c.Bundle = nil
	}
	return nil
}

func setImposter(s *scenario.Scenario, v string) error {
	on, err := parseBool(v)
	switch {
	case err != nil:
		return err
	case !on:
		s.Imposter = nil
	case s.Imposter == nil:
		s.Imposter = &scenario.Imposter{Send: imposterChain(s)}
	}
	return nil
}

// imposterChain is what a new imposter sends: a certificate of the scenario
// that is no CA and neither the bank's nor the courier's badge, as an imposter
// has its own; else, at first, what the bank shows, which the person then
// edits (an imposter sending the bank's chain with the bank's key is the bank).
func imposterChain(s *scenario.Scenario) []string {
	for _, c := range s.Certs {
		if !c.IsCA && !slices.Contains(s.Server.Send, c.Name) && c.Name != s.Client.Badge {
			return []string{c.Name}
		}
	}
	return append([]string(nil), s.Server.Send...)
}

// setDial takes a host, or a pasted URL whose port goes to the port field.
func setDial(c *scenario.Client, v string) error {
	host, port, withPort, err := ParseDial(v)
	if err != nil {
		return err
	}
	c.Dial = host
	if withPort {
		c.Port = port
	}
	return nil
}

func setPort(c *scenario.Client, v string) error {
	if v = strings.TrimSpace(v); v == "" {
		c.Port = 0
		return nil
	}
	n, err := scenario.ReadPort(v)
	if err != nil {
		return err
	}
	c.Port = n
	return nil
}

func setDays(d *pki.Days, v string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return fmt.Errorf("%q is not a whole number of days", v)
	}
	*d = pki.Days(n)
	return nil
}

func setPathLen(c *pki.Spec, v string) error {
	v = strings.TrimSpace(v)
	if v == "" {
		c.MaxPathLen = nil
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return fmt.Errorf("%q is not a whole number (leave it empty for no limit)", v)
	}
	c.MaxPathLen = &n
	return nil
}

// orDefault shows an unset enum as the value it means, so that a select has it.
func orDefault[T ~string](v, def T) T {
	if v == "" {
		return def
	}
	return v
}

func parseBool(v string) (bool, error) {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%q is neither true nor false", v)
	}
	return b, nil
}

// clockLayouts are what a datetime-local input writes, with and without seconds.
var clockLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05"}

// FormatClock writes a scenario clock the way a datetime-local input reads
// it; no clock (today) is empty.
func FormatClock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	if t.Second() != 0 {
		return t.Format(clockLayouts[1])
	}
	return t.Format(clockLayouts[0])
}

// ParseClock reads a datetime-local value as a UTC time; empty is no clock:
// the scenario happens today.
func ParseClock(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	for _, l := range clockLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date and time like 2026-06-01T12:00", v)
}

// splitList reads a comma-separated list, dropping empty items so that a
// trailing comma while typing is not an error.
func splitList(v string) []string {
	var out []string
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// splitGroups reads a groups field. A group is taken by the names the page
// and Go write it with, in any case: X25519MLKEM768 and X25519 as the
// verdict says them, P-256 as curves are called (Go's CurveP256, OpenSSL's
// prime256v1), secp256r1 as the scenario writes it. A name it does not
// know stays as typed, for the validator to say so.
func splitGroups(v string) []scenario.Group {
	var out []scenario.Group
	for _, g := range splitList(v) {
		out = append(out, groupNamed(g))
	}
	return out
}

// groupNamed is the group a person's name for it names (splitGroups).
func groupNamed(name string) scenario.Group {
	n := strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(name))
	switch strings.TrimPrefix(n, "curve") {
	case "p256", "prime256v1":
		return scenario.P256
	case "p384":
		return scenario.P384
	case "p521":
		return scenario.P521
	}
	if g := scenario.Group(n); slices.Contains(scenario.Groups, g) {
		return g
	}
	return scenario.Group(name)
}

func joinList[T ~string](list []T) string {
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
