package scenario

import "slices"

// Which bundle does each client read? Resolve answers for one client from the
// scenario's call, Session and environment, by the rules each client follows
// on Debian 12 (the machine the real-client proof runs on):
//
//   - requests (requests.Session.merge_environment_settings, then
//     HTTPAdapter.cert_verify): verify=False or a path given to the call wins;
//     otherwise, with trust_env, REQUESTS_CA_BUNDLE, else CURL_CA_BUNDLE (an
//     empty value counts as unset), even over Session.verify
//     (psf/requests#3829); otherwise Session.verify; otherwise
//     certifi.where(). Debian's python3-certifi answers the machine's store
//     (/etc/ssl/certs/ca-certificates.crt), pip's certifi its own copy of
//     Mozilla's roots. requests always names its bundle to urllib3, so
//     SSL_CERT_FILE and SSL_CERT_DIR never reach it. truststore.inject_into_ssl()
//     makes every SSLContext also read the machine's store (through
//     SSL_CERT_FILE and SSL_CERT_DIR when set), besides what requests names.
//   - curl 7.88: -k checks nothing; --cacert, else CURL_CA_BUNDLE, else
//     SSL_CERT_FILE and SSL_CERT_DIR in place of the machine's file and
//     directory; Debian's libcurl reads the machine's directory /etc/ssl/certs
//     too, whatever file it is given.
//   - openssl s_client: -CAfile alone, else SSL_CERT_FILE and SSL_CERT_DIR in
//     place of the machine's file and directory.
//   - Go: tls.Config.RootCAs alone, else SSL_CERT_FILE and SSL_CERT_DIR in
//     place of the machine's file and directory.
//   - Node 20: the ca: option alone, else its own copy of Mozilla's roots plus
//     NODE_EXTRA_CA_CERTS; not the machine's store (node --use-openssl-ca
//     reads OpenSSL's store instead: /etc/ssl/certs here, whose Node uses
//     the system's OpenSSL; Node 20 has no --use-system-ca, which Node's
//     documentation adds in 23.8, for Linux in 23.9).

// The clients whose reading Resolve knows, named as package explain names them.
const (
	ReaderRequests       = "requests"           // requests, pip's certifi
	ReaderRequestsDebian = "requests-urllib3-1" // Debian's python3-requests
	ReaderCurl           = "curl"
	ReaderOpenSSL        = "openssl"
	ReaderNode           = "node"
	ReaderGo             = "go"
)

// Readers lists them.
var Readers = []string{ReaderRequests, ReaderRequestsDebian, ReaderCurl, ReaderOpenSSL, ReaderNode, ReaderGo}

// Rule is why a client reads what it reads.
type Rule int

const (
	RuleOff                Rule = iota + 1 // the call checks nothing (verify=False, -k, …)
	RuleCallBundle                         // the call names a bundle (verify='ca.pem', --cacert, -CAfile, ca:, RootCAs)
	RuleRequestsEnv                        // requests, trust_env: REQUESTS_CA_BUNDLE
	RuleCurlEnvForRequests                 // requests, trust_env: CURL_CA_BUNDLE, REQUESTS_CA_BUNDLE unset
	RuleSessionBundle                      // requests: Session.verify names a bundle, no variable overrides it
	RuleCertifi                            // requests: certifi.where(), pip's copy of Mozilla's roots
	RuleDebianCertifi                      // requests: certifi.where(), which Debian points at the machine's store
	RuleCurlEnv                            // curl: CURL_CA_BUNDLE
	RuleSSLCertEnv                         // OpenSSL, Go: SSL_CERT_FILE / SSL_CERT_DIR
	RuleOSStore                            // the machine's own store
	RuleNodeStore                          // Node's copy of Mozilla's roots and NODE_EXTRA_CA_CERTS
)

// SourceKind is what a source of roots is.
type SourceKind int

const (
	SourceCall      SourceKind = iota + 1 // the bundle the call (or its Session) names: ca.pem
	SourceEnv                             // the bundle an environment variable names
	SourceCertifi                         // pip's certifi bundle
	SourceOSFile                          // the machine's bundle file, /etc/ssl/certs/ca-certificates.crt
	SourceOSDir                           // the machine's directory, /etc/ssl/certs
	SourceNodeRoots                       // Node's own copy of Mozilla's roots
)

// OSBundleFile and OSCertDir are where Debian keeps the machine's store.
const (
	OSBundleFile = "/etc/ssl/certs/ca-certificates.crt"
	OSCertDir    = "/etc/ssl/certs"
)

// Source is one file or directory a client takes roots from.
type Source struct {
	Kind SourceKind
	// Var is the variable that named it (SourceEnv, and SourceOSFile when
	// NODE_EXTRA_CA_CERTS's default names it).
	Var string
	// Path is where it is: the variable's value, ca.pem, or the machine's path.
	Path string
	// Certs are the scenario's certificates in it; Public says the public
	// roots are too.
	Certs  []string
	Public bool
}

// Resolution is what one client reads, and why.
type Resolution struct {
	Client string
	Rule   Rule
	// Sources is everything the client takes roots from (empty when it checks
	// nothing).
	Sources []Source
	// Overridden, for requests, says an environment variable overrode the
	// Session's bundle (psf/requests#3829).
	Overridden bool
	// Truststore says requests also reads the machine's store through
	// truststore.
	Truststore bool
	// Ignored are the variables set that this client does not read.
	Ignored []string
}

// Off reports whether the client checks nothing.
func (r Resolution) Off() bool { return r.Rule == RuleOff }

// Trusts reports whether the client takes a certificate as a root: the named
// scenario certificate, or, with public, any public root.
func (r Resolution) Trusts(name string, public bool) bool {
	for _, s := range r.Sources {
		if public && s.Public || slices.Contains(s.Certs, name) {
			return true
		}
	}
	return false
}

// Resolve says which bundle client (one of Readers) reads, and why. An unknown
// client reads what Go reads.
func (s *Scenario) Resolve(client string) Resolution {
	c := &s.Client
	r := Resolution{Client: client}
	callBundle := Source{Kind: SourceCall, Path: "ca.pem", Certs: c.Bundle}
	osFile := Source{Kind: SourceOSFile, Path: OSBundleFile, Certs: c.OSStore, Public: true}
	osDir := Source{Kind: SourceOSDir, Path: OSCertDir, Certs: c.OSStore, Public: true}
	env := func(name string) (Source, bool) {
		e := c.EnvVar(name)
		if e == nil {
			return Source{}, false
		}
		return Source{Kind: SourceEnv, Var: name, Path: e.Path, Certs: e.Certs, Public: e.Public}, true
	}
	reads := map[string]bool{}
	read := func(names ...string) {
		for _, n := range names {
			reads[n] = true
		}
	}
	// explicit is what the call itself says, for a client other than
	// requests: verify=False turns the check off, a bundle is read (with
	// extra, the client's own additions to it); false when the call names
	// neither.
	explicit := func(extra ...Source) bool {
		switch c.Intended() {
		case VerifyFalse:
			r.Rule = RuleOff
		case VerifyBundle:
			r.Rule, r.Sources = RuleCallBundle, append([]Source{callBundle}, extra...)
		default:
			return false
		}
		return true
	}
	switch client {
	case ReaderRequests, ReaderRequestsDebian:
		r.resolveRequests(c, client, callBundle, osFile, env, read)
	case ReaderCurl:
		read(EnvCurlCABundle)
		if explicit(osDir) {
			break
		}
		if e, ok := env(EnvCurlCABundle); ok {
			r.Rule, r.Sources = RuleCurlEnv, []Source{e, osDir}
		} else {
			read(EnvSSLCertFile, EnvSSLCertDir)
			r.sslCertEnv(env, osFile, osDir)
		}
	case ReaderNode:
		read(EnvNodeExtraCACerts)
		if explicit() {
			break
		}
		r.Rule, r.Sources = RuleNodeStore, []Source{{Kind: SourceNodeRoots, Public: true}}
		if extra, ok := env(EnvNodeExtraCACerts); ok {
			r.Sources = append(r.Sources, extra)
		}
	default: // openssl, Go
		read(EnvSSLCertFile, EnvSSLCertDir)
		if !explicit() {
			r.sslCertEnv(env, osFile, osDir)
		}
	}
	if r.Off() {
		r.Sources = nil
	}
	for _, e := range c.Env {
		if !reads[e.Name] {
			r.Ignored = append(r.Ignored, e.Name)
		}
	}
	return r
}

// sslCertEnv is the machine's store, with SSL_CERT_FILE and SSL_CERT_DIR in
// place of its file and directory when set.
func (r *Resolution) sslCertEnv(env func(string) (Source, bool), osFile, osDir Source) {
	r.Rule, r.Sources = RuleOSStore, []Source{osFile, osDir}
	if e, ok := env(EnvSSLCertFile); ok {
		r.Rule, r.Sources[0] = RuleSSLCertEnv, e
	}
	if e, ok := env(EnvSSLCertDir); ok {
		r.Rule, r.Sources[1] = RuleSSLCertEnv, e
	}
}

// resolveRequests is requests' order (see the top of this file).
func (r *Resolution) resolveRequests(c *Client, client string, callBundle, osFile Source, env func(string) (Source, bool), read func(...string)) {
	trustEnv := c.Session.ReadsEnv()
	if trustEnv {
		read(EnvRequestsCABundle, EnvCurlCABundle)
	}
	session := c.Session != nil && c.Session.Verify == VerifyBundle
	switch {
	case c.Verify == VerifyFalse:
		r.Rule = RuleOff
	case c.Verify == VerifyBundle:
		r.Rule, r.Sources = RuleCallBundle, []Source{callBundle}
	default:
		r.Rule = 0
		if trustEnv {
			for _, v := range []struct {
				name string
				rule Rule
			}{{EnvRequestsCABundle, RuleRequestsEnv}, {EnvCurlCABundle, RuleCurlEnvForRequests}} {
				if e, ok := env(v.name); ok {
					r.Rule, r.Sources, r.Overridden = v.rule, []Source{e}, session
					break
				}
			}
		}
		switch {
		case r.Rule != 0:
		case session:
			r.Rule, r.Sources = RuleSessionBundle, []Source{callBundle}
		case client == ReaderRequestsDebian:
			r.Rule, r.Sources = RuleDebianCertifi, []Source{osFile}
		default:
			r.Rule, r.Sources = RuleCertifi, []Source{{Kind: SourceCertifi, Public: true}}
		}
	}
	if c.Truststore && !r.Off() {
		// truststore's context reads the machine's store the way OpenSSL's
		// defaults do, besides what requests names.
		read(EnvSSLCertFile, EnvSSLCertDir)
		r.Truststore = true
		file, dir := osFile, osFile
		dir.Kind, dir.Path = SourceOSDir, OSCertDir
		if e, ok := env(EnvSSLCertFile); ok {
			file = e
		}
		if e, ok := env(EnvSSLCertDir); ok {
			dir = e
		}
		r.Sources = append(r.Sources, file, dir)
	}
}
