package explain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/internal/wordlist"
	"github.com/tlsplay/tlsplay/scenario"
)

// The courier's call as each client makes it, from the scenario: the requests
// call and its equivalents for curl, openssl s_client, Node and Go. Every value
// in them is written by quote.go's rules.

// The export set's file names, as the calls below use them. They match package
// export's (which imports this package, so cannot be imported from here).
const (
	CAFile         = "ca.pem"
	ClientCertFile = "client.crt"
	ClientKeyFile  = "client.key"
	ClientCombined = "client-combined.pem"
	// CRLFile holds the CRLs of the scenario's issuers, as PEM: what a
	// courier told to check revocation is given.
	CRLFile = "crl.pem"
	// CACRLFile is ca.pem followed by crl.pem: s_client reads the CRLs it
	// checks against from its -CAfile (its -CRL option takes one CRL only).
	CACRLFile = "ca-crl.pem"
)

// checksRevocation reports whether the courier checks revocation: told to,
// with verification on.
func checksRevocation(s *scenario.Scenario) bool {
	return s.Client.CheckRevocation && s.Client.Verify != scenario.VerifyFalse
}

// path joins dir and a file name.
func path(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// verifyArg is requests' verify= argument for the scenario ("" for the default).
func verifyArg(s *scenario.Scenario, dir string) string {
	switch s.Client.Verify {
	case scenario.VerifyFalse:
		return "verify=False"
	case scenario.VerifyBundle:
		return "verify=" + PyQuote(path(dir, CAFile))
	}
	return ""
}

// certArg is requests' cert= argument ("" for none).
func certArg(s *scenario.Scenario, dir string) string {
	switch s.Client.Cert {
	case scenario.CertTuple, scenario.CertWrongKey, scenario.CertEncryptedKey:
		return "cert=(" + PyQuote(path(dir, ClientCertFile)) + ", " + PyQuote(path(dir, ClientKeyFile)) + ")"
	case scenario.CertCombined:
		return "cert=" + PyQuote(path(dir, ClientCombined))
	case scenario.CertWithoutKey:
		return "cert=" + PyQuote(path(dir, ClientCertFile))
	}
	return ""
}

// CertFiles are the badge files a client is given: the certificate file and the
// key file ("" where the mode has none, and then the client reads the key from
// the certificate file).
func CertFiles(s *scenario.Scenario, dir string) (cert, key string) {
	switch s.Client.Cert {
	case scenario.CertTuple, scenario.CertWrongKey, scenario.CertEncryptedKey:
		return path(dir, ClientCertFile), path(dir, ClientKeyFile)
	case scenario.CertCombined:
		return path(dir, ClientCombined), ""
	case scenario.CertWithoutKey:
		return path(dir, ClientCertFile), ""
	}
	return "", ""
}

// RequestsCall is the requests call the scenario's courier makes. With versions
// set it goes through a session whose adapter carries them, since requests has no
// argument for them.
func RequestsCall(s *scenario.Scenario, dir string) string {
	args := append([]string{PyQuote("https://" + urlAuthority(s) + RequestPath(s))}, RequestsArgs(s, dir, Target{})...)
	lines := RequestsSetup(s, func(e scenario.EnvVar) string { return path(dir, e.Path) })
	if a := RequestsAdapter(s); a != "" {
		lines = append(lines, "session.mount(\"https://\", "+a+")")
	}
	if s.Client.Session != nil || RequestsAdapter(s) != "" {
		return strings.Join(append(lines, "session.get("+strings.Join(args, ", ")+")"), "\n")
	}
	return strings.Join(append(lines, "requests.get("+strings.Join(args, ", ")+")"), "\n")
}

// TruststoreInject is the line that has Python read the machine's store.
const TruststoreInject = "truststore.inject_into_ssl()"

// RequestsSetup are the lines before the call that set the courier's
// environment, truststore and Session: each variable as os.environ sets it
// (value gives its path), truststore.inject_into_ssl(), and the Session's
// verify and trust_env. Every value is a Python literal.
func RequestsSetup(s *scenario.Scenario, value func(scenario.EnvVar) string) []string {
	var lines []string
	for _, e := range s.Client.Env {
		if !slices.Contains(scenario.EnvNames, e.Name) {
			continue // Validate refuses it; no call sets it
		}
		lines = append(lines, "os.environ["+PyQuote(e.Name)+"] = "+PyQuote(value(e)))
	}
	if s.Client.Truststore {
		lines = append(lines, TruststoreInject)
	}
	if ses := s.Client.Session; ses != nil {
		lines = append(lines, "session = requests.Session()")
		if ses.Verify == scenario.VerifyBundle {
			lines = append(lines, "session.verify = "+PyQuote(CAFile))
		}
		if !ses.ReadsEnv() {
			lines = append(lines, "session.trust_env = False")
		}
	}
	return lines
}

// standIn reports whether a kit gives client ca.pem in place of its default
// store: the playground's public root is in no real store, so ca.pem stands
// in for it. Not where the scenario's environment decides what the client
// reads (the kit sets that environment), nor where the machine's store holds
// more than the public roots (the proof gives the machine that store).
func standIn(s *scenario.Scenario, client string, t Target) bool {
	if !t.Kit || len(s.Client.OSStore) > 0 {
		return false
	}
	switch s.Resolve(client).Rule {
	case scenario.RuleCertifi, scenario.RuleDebianCertifi, scenario.RuleOSStore:
		return true
	case scenario.RuleNodeStore:
		return s.Client.EnvVar(scenario.EnvNodeExtraCACerts) == nil
	}
	return false
}

// RequestsProgram is RequestsCall as code a person can run as it stands:
// the imports of what it uses besides requests (os for the environment,
// truststore), and with versions set or revocation checked, the adapter's
// class and the session too, as the page shows only what it defines. A call
// that uses requests alone stands as the one line of it.
func RequestsProgram(s *scenario.Scenario, dir string) string {
	call := RequestsCall(s, dir)
	var std []string
	third := []string{"import requests"}
	if strings.Contains(call, "os.environ[") {
		std = append(std, "import os")
	}
	ts := ""
	if s.Client.Truststore {
		// Injected before requests is imported: requests builds its
		// context as it is imported (after it, truststore's recurses).
		ts = "import truststore\n\n" + TruststoreInject + "\n\n"
		call = strings.Replace(call, TruststoreInject+"\n", "", 1)
	}
	defs := ""
	if RequestsAdapter(s) != "" {
		std = append(std, "import ssl")
		third = append(third, "from requests.adapters import HTTPAdapter", "from urllib3.util.ssl_ import create_urllib3_context")
		defs = "\n" + TLSVersionAdapterPy
		if checksRevocation(s) {
			defs += "\n\n" + RevocationAdapterPy
		}
		defs += "\n\n"
		if s.Client.Session == nil {
			defs += "session = requests.Session()\n"
		}
	}
	if defs == "" && len(std) == 0 && ts == "" {
		return call
	}
	head := ""
	if len(std) > 0 {
		slices.SortFunc(std, strings.Compare) // not slices.Sort: its sort of strings would be code of its own in the page, this one is in it anyway
		head = strings.Join(std, "\n") + "\n\n"
	}
	return head + ts + strings.Join(third, "\n") + "\n\n" + defs + call
}

// TLSVersionAdapterPy is the requests adapter that carries TLS versions, as
// the page's call and the kit's client.py define it.
const TLSVersionAdapterPy = `class TLSVersionAdapter(HTTPAdapter):
    """requests has no argument for TLS versions: an adapter carries them."""

    def __init__(self, minimum_version=None, maximum_version=None):
        self.context = create_urllib3_context()
        if minimum_version:
            self.context.minimum_version = minimum_version
        if maximum_version:
            self.context.maximum_version = maximum_version
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["ssl_context"] = self.context
        return super().init_poolmanager(*args, **kwargs)
`

// RevocationAdapterPy is the adapter of a requests courier that checks
// revocation, as the page's call and the kit's client.py define it.
const RevocationAdapterPy = `class RevocationAdapter(TLSVersionAdapter):
    """Python's ssl checks revocation only when told to, against the CRLs it is
    given (it fetches none): VERIFY_CRL_CHECK_CHAIN checks every certificate
    of the chain against its issuer's CRL."""

    def __init__(self, crl_file, **versions):
        super().__init__(**versions)
        self.context.load_verify_locations(crl_file)
        self.context.verify_flags |= ssl.VERIFY_CRL_CHECK_CHAIN
`

// RequestsArgs are the call's keyword arguments. For the kit, verify=True becomes
// verify="ca.pem": the playground's public root is in no real certifi.
func RequestsArgs(s *scenario.Scenario, dir string, t Target) []string {
	var args []string
	v := verifyArg(s, dir)
	if v == "" && standIn(s, Requests1, t) {
		v = "verify=" + PyQuote(path(dir, CAFile))
	}
	for _, a := range []string{v, certArg(s, dir)} {
		if a != "" {
			args = append(args, a)
		}
	}
	return args
}

// RequestsAdapter is the TLSVersionAdapter carrying the scenario's version limits
// (the kit's client.py defines it), or "" when there are none; for a courier
// that checks revocation, the RevocationAdapter that also loads the CRLs.
func RequestsAdapter(s *scenario.Scenario) string {
	var a []string
	if v, ok := pyVersions.Get(string(s.Client.MinVersion)); ok {
		a = append(a, "minimum_version=ssl.TLSVersion."+v)
	}
	if v, ok := pyVersions.Get(string(s.Client.MaxVersion)); ok {
		a = append(a, "maximum_version=ssl.TLSVersion."+v)
	}
	if checksRevocation(s) {
		return "RevocationAdapter(" + strings.Join(append([]string{PyQuote(CRLFile)}, a...), ", ") + ")"
	}
	if len(a) == 0 {
		return ""
	}
	return "TLSVersionAdapter(" + strings.Join(a, ", ") + ")"
}

// pyVersions and goVersions name the scenario's TLS versions in code. A
// version they do not list (Validate refuses it) is left out of the code
// rather than written into it.
var (
	pyVersions = wordlist.List{{string(scenario.TLS10), "TLSv1"}, {string(scenario.TLS11), "TLSv1_1"}, {string(scenario.TLS12), "TLSv1_2"}, {string(scenario.TLS13), "TLSv1_3"}}
	goVersions = wordlist.List{{string(scenario.TLS10), "tls.VersionTLS10"}, {string(scenario.TLS11), "tls.VersionTLS11"}, {string(scenario.TLS12), "tls.VersionTLS12"}, {string(scenario.TLS13), "tls.VersionTLS13"}}
)

// CurlArgs is the curl command line equivalent to the scenario's courier.
func CurlArgs(s *scenario.Scenario, dir string, t Target) []string {
	args := []string{"curl"}
	if t.local() {
		// -i shows the status line; --connect-to keeps the URL's name for SNI and
		// the name check, IP addresses too. curl compares its first host with the
		// URL's as written: an IPv6 address in brackets.
		port := t.port(s)
		args = append(args, "-sS", "-i", "--connect-to", t.urlName(s)+":"+port+":"+urlHost(t.Addr)+":"+port)
	}
	switch {
	case s.Client.Verify == scenario.VerifyFalse:
		args = append(args, "-k")
	case s.Client.Intended() == scenario.VerifyBundle || standIn(s, Curl, t):
		args = append(args, "--cacert", path(dir, CAFile))
	}
	if cert, key := CertFiles(s, dir); cert != "" {
		args = append(args, "--cert", cert)
		if key != "" {
			args = append(args, "--key", key)
		}
	}
	if checksRevocation(s) {
		// --crlfile alone: --cert-status fails, "(91) No OCSP response
		// received", against every bank that staples no OCSP response,
		// revoked or not (most do not: nginx's ssl_stapling is off by
		// default); the words offer it for a bank that staples.
		args = append(args, "--crlfile", path(dir, CRLFile))
	}
	if v := s.Client.MinVersion; v != "" {
		args = append(args, "--tlsv"+string(v))
	}
	if v := s.Client.MaxVersion; v != "" {
		args = append(args, "--tls-max", string(v))
	}
	return append(args, t.URL(s))
}

// OpenSSLArgs is the openssl s_client command line equivalent to the scenario's
// courier: verification errors are fatal (-verify_return_error, except for
// verify=False) and the name is checked (-verify_hostname or -verify_ip: without
// them s_client checks no name at all).
func OpenSSLArgs(s *scenario.Scenario, dir string, t Target) []string {
	// -connect takes host:port with an IPv6 address in brackets; -verify_ip
	// takes the bare address.
	dial := t.name(s)
	connect := t.urlName(s) + ":" + t.port(s)
	if t.local() {
		connect = urlHost(t.Addr) + ":" + t.port(s)
	}
	args := []string{"openssl", "s_client", "-connect", connect}
	ip := scenario.IsIP(s.Client.Dial)
	if ip {
		// requests sends no SNI for an address; neither does s_client.
		args = append(args, "-noservername")
	} else {
		args = append(args, "-servername", dial)
	}
	if s.Client.Verify != scenario.VerifyFalse {
		if ip {
			args = append(args, "-verify_ip", dial)
		} else {
			args = append(args, "-verify_hostname", dial)
		}
		args = append(args, "-verify_return_error")
	}
	switch {
	case checksRevocation(s):
		args = append(args, "-crl_check_all", "-CAfile", path(dir, CACRLFile), "-status")
	case s.Client.Intended() == scenario.VerifyBundle || standIn(s, OpenSSL, t):
		args = append(args, "-CAfile", path(dir, CAFile))
	}
	if cert, key := CertFiles(s, dir); cert != "" {
		args = append(args, "-cert", cert)
		if key != "" {
			args = append(args, "-key", key)
		}
	}
	if v := s.Client.MinVersion; v != "" {
		args = append(args, "-min_protocol", OpenSSLVersion(v))
	}
	if v := s.Client.MaxVersion; v != "" {
		args = append(args, "-max_protocol", OpenSSLVersion(v))
	}
	if t.local() {
		// Wait for the answer after the request: in TLS 1.3 that is where the
		// bank's refusal of a badge arrives.
		args = append(args, "-ign_eof")
	}
	return args
}

// OpenSSLVersion names a version as OpenSSL (and Node) do: TLSv1 for 1.0.
func OpenSSLVersion(v scenario.Version) string {
	if v == scenario.TLS10 {
		return "TLSv1"
	}
	return "TLSv" + string(v)
}

// NodeHandler is the Node call's handler of the answer: the person's code
// reads it there. It reads the body through (res.resume()), as Node asks of
// a handler: unread, the kept-alive socket held a copied program open for
// the server's idle timeout (6 s against a Node server) after it printed.
const NodeHandler = "res => { console.log(res.statusCode); res.resume(); }"

// NodeCall is the Node https call equivalent to the scenario's courier.
func NodeCall(s *scenario.Scenario, dir string, t Target) string {
	var opts []string
	switch {
	case s.Client.Verify == scenario.VerifyFalse:
		opts = append(opts, "rejectUnauthorized: false")
	case s.Client.Intended() == scenario.VerifyBundle || standIn(s, Node, t):
		opts = append(opts, "ca: fs.readFileSync("+JSQuote(path(dir, CAFile))+")")
	}
	if cert, key := CertFiles(s, dir); cert != "" {
		if s.Client.Cert == scenario.CertCombined {
			key = cert
		}
		opts = append(opts, "cert: fs.readFileSync("+JSQuote(cert)+")")
		if key != "" {
			opts = append(opts, "key: fs.readFileSync("+JSQuote(key)+")")
		}
	}
	if checksRevocation(s) {
		// One CRL per entry: given the file whole, Node reads its first CRL only.
		opts = append(opts, "crl: fs.readFileSync("+JSQuote(path(dir, CRLFile))+", \"latin1\").split(/(?=-----BEGIN)/)")
	}
	if v := s.Client.MinVersion; v != "" {
		opts = append(opts, "minVersion: "+JSQuote(OpenSSLVersion(v)))
	}
	if v := s.Client.MaxVersion; v != "" {
		opts = append(opts, "maxVersion: "+JSQuote(OpenSSLVersion(v)))
	}
	url := JSQuote(t.URL(s))
	if len(opts) == 0 {
		return "https.get(" + url + ", " + NodeHandler + ")"
	}
	return "https.get(" + url + ", { " + strings.Join(opts, ", ") + " }, " + NodeHandler + ")"
}

// GoGroups names the scenario's groups as Go's crypto/tls does.
var GoGroups = map[scenario.Group]string{
	scenario.X25519MLKEM768: "tls.X25519MLKEM768",
	scenario.X25519:         "tls.X25519",
	scenario.P256:           "tls.CurveP256",
	scenario.P384:           "tls.CurveP384",
	scenario.P521:           "tls.CurveP521",
}

// goCheck ends a Go line that sets err: the program stops on an error.
const goCheck = "\nif err != nil {\n\tlog.Fatal(err)\n}"

// goRead is the Go lines that read file into the variable name.
func goRead(name, file string) string {
	return fmt.Sprintf("%s, err := os.ReadFile(%q)", name, file) + goCheck
}

// GoCall is the Go net/http client equivalent to the scenario's courier:
// lines that compile as they are in a function (the packages they name
// imported; for a courier that checks revocation, parseCRLs and revoked are
// the person's own, as its comments say), stopping on the request's error
// and printing the answer's status.
func GoCall(s *scenario.Scenario, dir string) string {
	var lines, fields []string
	switch s.Client.Intended() {
	case scenario.VerifyFalse:
		fields = append(fields, "InsecureSkipVerify: true")
	case scenario.VerifyBundle:
		lines = append(lines, goRead("caPEM", path(dir, CAFile)), "roots := x509.NewCertPool()", "roots.AppendCertsFromPEM(caPEM)")
		fields = append(fields, "RootCAs: roots")
	}
	if cert, key := CertFiles(s, dir); cert != "" {
		if key == "" {
			key = cert
		}
		lines = append(lines, fmt.Sprintf("pair, err := tls.LoadX509KeyPair(%q, %q)", cert, key)+goCheck)
		fields = append(fields, "Certificates: []tls.Certificate{pair}")
	}
	if checksRevocation(s) {
		// Go has no revocation check to switch on: the check is code of one's own.
		lines = append(lines, goRead("crlPEM", path(dir, CRLFile)),
			"crls := parseCRLs(crlPEM) // your own: x509.ParseRevocationList of each \"X509 CRL\" block",
			"// each certificate of the chain against its issuer's CRL, the leaf against the staple (ocsp.ParseResponseForCert)",
			"checkRevocation := func(cs tls.ConnectionState) error { return revoked(cs.VerifiedChains[0], crls, cs.OCSPResponse) } // revoked: your own")
		fields = append(fields, "VerifyConnection: checkRevocation")
	}
	for _, v := range []struct {
		field string
		v     scenario.Version
	}{{"MinVersion", s.Client.MinVersion}, {"MaxVersion", s.Client.MaxVersion}} {
		if name, ok := goVersions.Get(string(v.v)); ok {
			fields = append(fields, v.field+": "+name)
		}
	}
	if len(s.Client.Groups) > 0 {
		var ids []string
		for _, g := range s.Client.Groups {
			ids = append(ids, GoGroups[g])
		}
		fields = append(fields, "CurvePreferences: []tls.CurveID{"+strings.Join(ids, ", ")+"}")
	}
	url := fmt.Sprintf("%q", "https://"+urlAuthority(s)+RequestPath(s))
	get := "http.Get(" + url + ")"
	if len(fields) > 0 {
		lines = append(lines, "client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{"+strings.Join(fields, ", ")+"}}}")
		get = "client.Get(" + url + ")"
	}
	return strings.Join(append(lines, "resp, err := "+get+goCheck+goAnswer), "\n")
}

// goAnswer ends the Go call: the answer's status printed, its body closed.
const goAnswer = "\ndefer resp.Body.Close()\nfmt.Println(resp.Status)"
