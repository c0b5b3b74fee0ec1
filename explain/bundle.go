package explain

import (
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/wordlist"
	"github.com/tlsplay/tlsplay/scenario"
)

// Which bundle does my client read? scenario.Resolve says, by rule; here are
// the words for each rule, and what a client that reads another bundle than
// the courier on screen (which reads what requests reads) does with the chain.

// bundleWords say what a client reads under each rule and why: {path} is the
// bundle, {var} the variable that names it.
var bundleWords = [...]string{
	scenario.RuleOff:                "nothing, because {off} checks no certificate",
	scenario.RuleCallBundle:         "{path}, because the call names it ({arg}), and a bundle named in the call comes before every environment variable",
	scenario.RuleRequestsEnv:        "{path}, because REQUESTS_CA_BUNDLE names it and the call passes no verify=: with trust_env on (the default) requests takes that variable first",
	scenario.RuleCurlEnvForRequests: "{path}, because CURL_CA_BUNDLE names it, REQUESTS_CA_BUNDLE is unset and the call passes no verify=: with trust_env on (the default) requests reads curl's variable too",
	scenario.RuleSessionBundle:      "{path}, because Session.verify names it and the call passes no verify=",
	scenario.RuleCertifi:            "certifi's bundle (certifi.where(), a copy of Mozilla's roots), because neither the call, the Session nor REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE names another; it is not the machine's own store",
	scenario.RuleDebianCertifi:      "{path}, the machine's own store, because nothing names another bundle and Debian's certifi.where() answers the machine's store",
	scenario.RuleCurlEnv:            "{path}, because CURL_CA_BUNDLE names it and the command has no --cacert (curl reads SSL_CERT_FILE and SSL_CERT_DIR only without both)",
	scenario.RuleSSLCertEnv:         "{path}, because {var} names it in place of the machine's own",
	scenario.RuleOSStore:            "the machine's own store ({path}), because nothing names another",
	scenario.RuleNodeStore:          "its own copy of Mozilla's roots and {path}, because {var} names it",
}

// offWords are each client's way of checking nothing.
var offWords = wordlist.List{
	{Requests, "verify=False"}, {Requests1, "verify=False"}, {Curl, "-k"},
	{Node, "rejectUnauthorized: false"}, {GoNetHTTP, "InsecureSkipVerify: true"},
}

// opensslOffWords are said in place of bundleWords' RuleOff of s_client,
// which has no way of checking nothing: run without -verify_return_error
// it still checks, and says so, but never stops. OpenSSL 3.0.19 here, with
// no -CAfile, against a server sending a self-signed certificate: "verify
// error:num=18:self-signed certificate", "verify return:1", the handshake
// completed, then "Verify return code: 18 (self-signed certificate)".
const opensslOffWords = "the machine's own store (OpenSSL's default), yet nothing stops it: a run without -verify_return_error checks the chain against that store (and the name only with -verify_hostname), prints each failure (verify error:num=…, then Verify return code: …) and goes on with the connection as if none had failed"

// argWords are each client's way of naming a bundle in the call.
var argWords = wordlist.List{
	{Requests, "verify='ca.pem'"}, {Requests1, "verify='ca.pem'"}, {Curl, "--cacert ca.pem"}, {OpenSSL, "-CAfile ca.pem"},
	{Node, "ca: fs.readFileSync('ca.pem')"}, {GoNetHTTP, "tls.Config.RootCAs"},
}

// BundleLine says which bundle client reads in the scenario and why: "Python
// requests used: other-ca.pem, because REQUESTS_CA_BUNDLE names it …". Empty
// for a client the resolver does not know.
func BundleLine(s *scenario.Scenario, client string) string {
	if ClientTitles[client] == "" && client != Requests1 {
		return ""
	}
	r := s.Resolve(client)
	var words string
	if r.Rule >= 0 && int(r.Rule) < len(bundleWords) {
		words = bundleWords[r.Rule]
	}
	var paths []string
	variable := ""
	for _, src := range r.Sources {
		switch src.Kind {
		case scenario.SourceCertifi, scenario.SourceNodeRoots:
			continue
		case scenario.SourceEnv:
			paths = append(paths, src.Var+"="+src.Path)
		default:
			paths = append(paths, src.Path)
		}
		if variable == "" {
			variable = src.Var
		}
	}
	if r.Rule == scenario.RuleSSLCertEnv {
		// The variable that replaced one of the two.
		for _, src := range r.Sources {
			if src.Kind == scenario.SourceEnv {
				variable = src.Var
			}
		}
	}
	if r.Truststore && len(paths) > 0 {
		paths = paths[:len(paths)-2]
	}
	path := strings.Join(paths, " and ")
	if path == "" {
		path = "its default"
	}
	if r.Rule == scenario.RuleOff && client == OpenSSL {
		words = opensslOffWords
	}
	if r.Rule == scenario.RuleNodeStore && s.Client.EnvVar(scenario.EnvNodeExtraCACerts) == nil {
		words = "its own copy of Mozilla's roots, because nothing names another: Node does not read the machine's store unless NODE_EXTRA_CA_CERTS names its file, or it runs as node --use-openssl-ca, which reads OpenSSL's store in place of its own roots (Node 20; it has no --use-system-ca, which Node's documentation adds in 23.8, for Linux in 23.9)"
	}
	line := substitute(words, "{path}", path, "{var}", variable, "{off}", offWords.Of(client), "{arg}", argWords.Of(client))
	title := ClientTitles[client]
	if client == Requests1 {
		title = "Debian's python3-requests"
	}
	out := title + " used: " + line + "."
	if r.Overridden {
		out += " The Session's own verify='ca.pem' is ignored: the variable overrides it (psf/requests#3829); pass verify= on the call, or set session.trust_env = False, or unset the variable."
	}
	if client == Curl && len(r.Sources) > 1 && r.Sources[1].Kind == scenario.SourceOSDir && r.Rule != scenario.RuleOSStore {
		out += " Debian's curl reads the machine's directory " + scenario.OSCertDir + " besides it."
	}
	if r.Truststore {
		out += " With truststore.inject_into_ssl(), Python reads the machine's store too."
	}
	if len(r.Ignored) > 0 {
		out += " It does not read " + strings.Join(r.Ignored, " or ") + "."
	}
	if (client == Requests || client == Requests1) && (s.Client.Session != nil || len(s.Client.Env) > 0) {
		out += " " + requestsOrder(s, r)
	}
	return out
}

// requestsOrder is the order requests looks for a bundle in, each step with
// what the scenario has there and the one it took marked.
func requestsOrder(s *scenario.Scenario, r scenario.Resolution) string {
	c := &s.Client
	type step struct {
		what, has string
		rule      scenario.Rule
	}
	call := "not given"
	switch c.Verify {
	case scenario.VerifyFalse:
		call = "False"
	case scenario.VerifyBundle:
		call = "'ca.pem'"
	}
	variable := func(name string) string {
		switch e := c.EnvVar(name); {
		case e == nil:
			return "unset"
		case !c.Session.ReadsEnv():
			return e.Path + ", not read: trust_env is False"
		default:
			return e.Path
		}
	}
	session := "no Session"
	if c.Session != nil {
		session = "True"
		if c.Session.Verify == scenario.VerifyBundle {
			session = "'ca.pem'"
		}
	}
	steps := []step{
		{"verify= on the call", call, scenario.RuleCallBundle},
		{"REQUESTS_CA_BUNDLE", variable(scenario.EnvRequestsCABundle), scenario.RuleRequestsEnv},
		{"CURL_CA_BUNDLE", variable(scenario.EnvCurlCABundle), scenario.RuleCurlEnvForRequests},
		{"Session.verify", session, scenario.RuleSessionBundle},
		{"certifi.where()", "the default", scenario.RuleCertifi},
	}
	var parts []string
	for _, st := range steps {
		p := st.what + " (" + st.has + ")"
		if st.rule == r.Rule || st.rule == scenario.RuleCallBundle && r.Rule == scenario.RuleOff ||
			st.rule == scenario.RuleCertifi && r.Rule == scenario.RuleDebianCertifi {
			p += ", taken"
		}
		parts = append(parts, p)
	}
	return "In order, requests looks at: " + strings.Join(parts, "; ") + "."
}

// anchor is the certificate the bank's chain ends at, as the story has it, and
// whether the bank sent it; ok is false when the chain ends at nothing the
// story describes (a real host) or at no self-signed certificate.
func (f *facts) anchor() (c cert, sent, ok bool) {
	if len(f.chain) == 0 {
		return cert{}, false, false
	}
	c = f.chain[len(f.chain)-1]
	if c.spec == nil || !c.top() {
		return cert{}, false, false
	}
	return c, c.id != "", true
}

// storeVerdict is client's verdict when it reads a bundle that disagrees with
// the courier's (requests') on the root the chain ends at: a chain the
// courier accepts that the client's bundle lacks the root of fails as an
// unknown issuer; a chain the courier refuses only for its root that the
// client's bundle holds passes. ok is false when the two agree.
func (f *facts) storeVerdict(client string) (verdict, bool) {
	if client == Pip {
		// pip reads certifi's bundle, as requests' reading has it: its
		// verdict is its base's.
		return f.storeVerdict(f.pipBase())
	}
	top, sent, ok := f.anchor()
	if !ok {
		return verdict{}, false
	}
	courier, mine := f.s.Resolve(Requests), f.s.Resolve(client)
	if courier.Off() || mine.Off() {
		return verdict{}, false
	}
	ct, mt := courier.Trusts(top.spec.Name, top.spec.Public), mine.Trusts(top.spec.Name, top.spec.Public)
	note := BundleLine(f.s, client)
	switch {
	case ct == mt:
		return verdict{}, false
	case ct && f.chainBefore(client):
		e := errIssuerLocally
		switch {
		case len(f.chain) == 1:
			e = errSelfSigned
		case sent:
			e = errSelfInChain
		}
		v := chainVerdict(f, e, client)
		if client == GoNetHTTP {
			v.message = "Get \"{url_port}\": tls: failed to verify certificate: x509: certificate signed by unknown authority"
		}
		v.note = note
		return v, true
	case mt && trustOnly[f.o.Reason] && len(f.others) == 0:
		return verdict{ok: true, note: note}, true
	}
	return verdict{}, false
}

// chainBefore reports whether client builds the bank's chain before it
// meets what Go refused, if anything: before the bank's signature, its name,
// and the bank's check of the badge, so that a client whose bundle lacks
// the root refuses a bank signing with another certificate's key, a name
// the certificate lacks or a badge the bank would refuse for its chain.
// Node is the exception: it lets OpenSSL carry on and judges the chain once
// the handshake is done, which the signature ends, and a refusal of the
// badge too, but in TLS 1.3, where it comes on the first read.
func (f *facts) chainBefore(client string) bool {
	return f.o.OK || f.wrongKey() && client != Node || nameReason[f.o.Reason] && client != GoNetHTTP ||
		f.badgeRefused() && (client != Node || f.bothUpTo13())
}

// badgeRefused reports whether the bank refused the courier's badge, or its
// lack of one, once the courier had accepted the bank.
func (f *facts) badgeRefused() bool { return badgeReasons[f.o.Reason] }

// badgeReasons are the bank's refusals of a badge, or of its lack.
var badgeReasons = map[handshake.Reason]bool{
	handshake.ClientCertMissing: true, handshake.ClientCertUnknownCA: true, handshake.ClientCertExpired: true,
	handshake.ClientCertNotYetValid: true, handshake.ClientCertWrongEKU: true, handshake.ClientCertInvalid: true,
}

// nameReason are the refusals of the bank's name, which Go checks before
// the chain and the OpenSSL-based clients after its issuers.
var nameReason = map[handshake.Reason]bool{handshake.HostnameMismatch: true, handshake.CNOnly: true}

// trustOnly are the refusals a bundle holding the chain's root cures.
var trustOnly = map[handshake.Reason]bool{
	handshake.UnknownAuthority: true, handshake.UntrustedRoot: true, handshake.SelfSigned: true,
}

// readsOtherBundle reports whether client's verdict differs from the
// courier's because it reads another bundle.
func (f *facts) readsOtherBundle(client string) bool {
	_, ok := f.storeVerdict(client)
	return ok
}

// substitute replaces each placeholder of s ("{name}", as pairs lists them
// with their values) by its value, in one pass, so a value is never searched
// for placeholders: strings.Replacer's way, whose code costs the page's
// WebAssembly more.
func substitute(s string, pairs ...string) string {
	return placeholders(s, func(m string) string {
		for k := 0; k+1 < len(pairs); k += 2 {
			if pairs[k] == m {
				return pairs[k+1]
			}
		}
		return m
	})
}

// CertifiAlone says requests, as s sets it up, reads certifi's bundle and
// nothing else: no bundle the call, the Session or a variable names replaces
// it, and truststore adds no machine's store to it.
func CertifiAlone(s *scenario.Scenario) bool {
	r := s.Resolve(Requests)
	return r.Rule == scenario.RuleCertifi && !r.Truststore
}

// trustNote is TrustNote: "verify=True trusts certifi's public bundle only"
// where requests reads certifi's bundle alone, which a bundle named in the
// call, the Session or a variable replaces, and truststore adds to.
func (f *facts) trustNote() string {
	if f.s == nil {
		return ""
	}
	switch r := f.s.Resolve(Requests); {
	case CertifiAlone(f.s):
		return " verify=True trusts certifi's public bundle only; a company's own CA is not in it."
	case !r.Off():
		return " The bundles requests reads, named above, hold no root above it."
	}
	return ""
}
