package explain

import (
	"github.com/tlsplay/tlsplay/scenario"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
)

// pip as a client: pip 23.2.1 vendors requests 2.31 and urllib3 1.26.16,
// so it meets a server as urllib3 1.26 does (Requests1's verdict: its name
// check, its TLS 1.0 and 1.1, its Common Name), with its own copy of
// certifi for a bundle, as requests' reading (Requests) has it, not
// Debian's, which answers the machine's store. Its message is the line pip
// prints when it cannot read the index's page (index/collector.py):
// "Could not fetch URL …: There was a problem confirming the ssl
// certificate: " and requests' SSLError, or "connection error: " and its
// ConnectionError, then " - skipping". With its retries left on, it prints
// before that a "WARNING: Retrying (Retry(…)) after connection broken by
// …" for each retry: the paste box knows both (pip.go).

// PipPackage is the package the pip of the stories asks the bank's index
// for: pip reads https://HOST/simple/vault/.
const PipPackage = "vault"

// pipReasons are the words pip puts before requests' exception, by its
// class.
var pipReasons = map[string]string{
	"requests.exceptions.SSLError":        "There was a problem confirming the ssl certificate: ",
	"requests.exceptions.ConnectionError": "connection error: ",
}

// pipFetch begins the line pip prints when it cannot read the index's page.
const pipFetch = "Could not fetch URL "

// pipWarning is the one warning pip prints of a connection it makes:
// urllib3 1.26's, falling back to the Common Name.
const pipWarning = "SubjectAltNameWarning"

// PipLooking begins the line pip prints first, naming the index it reads.
const PipLooking = "Looking in indexes: "

// pipIndex is the bank as pip's index, with the proof's port as a
// placeholder ({port}, as ClientVerdict.Message has it).
func pipIndex(dial string) string {
	return "https://" + urlHost(dial) + ":{port}/simple/"
}

// PipIndexURL is the index page pip asks the scenario's bank for.
func PipIndexURL(dial string) string {
	return pipIndex(dial) + PipPackage + "/"
}

// pipBase is the client whose verdict pip's follows: urllib3 1.26's, but
// where Debian's requests reads a bundle that judges the chain's root
// otherwise than certifi's (the machine's store), requests' reading, whose
// refusal both urllib3s word alike (an issuer OpenSSL cannot find).
func (f *facts) pipBase() string {
	top, _, ok := f.anchor()
	if !ok {
		return Requests1
	}
	mine, debian := f.s.Resolve(Requests), f.s.Resolve(Requests1)
	if f.o.Reason == handshake.ProtocolVersion && f.oldBank() && f.s.Client.MinVersion == "" {
		// Python 3.10 and later start at TLS 1.2 (PEP 644's defaults, as
		// pip's Python 3.11.7 here): the old bank's protocol_version alert,
		// as urllib3 2 meets it.
		return Requests
	}
	if mine.Off() != debian.Off() || mine.Trusts(top.spec.Name, top.spec.Public) != debian.Trusts(top.spec.Name, top.spec.Public) {
		return Requests
	}
	return Requests1
}

// pipVerdict is pip's verdict from its base's (pipBase).
func (f *facts) pipVerdict(base ClientVerdict) ClientVerdict {
	v := base
	if v.OK {
		// pip prints nothing of a connection but urllib3's warnings, and
		// of those not InsecureRequestWarning (--trusted-host), which it
		// silences (network/session.py): its line is the index it reads.
		if v.Class != pipWarning {
			v.Class, v.Message = "", PipLooking+pipIndex(f.s.Client.Dial)
		}
		return v
	}
	lead, ok := pipReasons[v.Class]
	if !ok {
		return v
	}
	// The line names no exception's class: requests' is in it.
	v.Class = ""
	v.Message = pipFetch + PipIndexURL(f.s.Client.Dial) + ": " + lead +
		strings.Replace(v.Message, "url: "+RequestPath(f.s)+" (", "url: /simple/"+PipPackage+"/ (", 1) + " - skipping"
	v.Also = ""
	return v
}

// PipThen is pip's verdict on t, with the handshake that follows its cure
// (nil for none), as ClientsThen predicts the others'.
func PipThen(t, next *handshake.Trace) ClientVerdict {
	r := NewReportThen(t, next)
	f := newFacts(t)
	return f.pipVerdict(r.Clients[PipBase(t, next)])
}

// PipCannot says what the scenario's courier does that pip has no option
// for ("" when pip can make the call): pip makes its requests on a Session
// of its own, with --cert for its verify and --client-cert (one file, the
// certificate and its key) for its cert, and nothing else of TLS (pip
// 23.2.1's options, checked with pip download against the stories' banks).
func PipCannot(s *scenario.Scenario) string {
	c := &s.Client
	envBundle := c.EnvVar(scenario.EnvRequestsCABundle) != nil || c.EnvVar(scenario.EnvCurlCABundle) != nil
	switch {
	case c.Cert == scenario.CertEncryptedKey:
		return "pip has no option for a key's password: its --client-cert file must hold the key unencrypted"
	case c.MinVersion != "" || c.MaxVersion != "":
		return "pip has no option for the TLS versions it offers"
	case len(c.Groups) > 0:
		return "pip has no option for the key exchange groups it offers"
	case len(c.ALPN) > 0:
		return "pip has no option for the protocols it offers (ALPN)"
	case c.SNI != "":
		return "pip has no option for the name it sends (SNI): it sends the index URL's host"
	case c.CheckRevocation:
		return "pip has no option to check revocation"
	case c.Truststore:
		return "pip 23.2.1 reads the machine's store only with --use-feature=truststore and truststore installed beside it"
	case c.Session != nil && !c.Session.ReadsEnv():
		return "pip's Session always reads REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE (trust_env)"
	case c.Verify == scenario.VerifyBundle && c.Session != nil:
		return "pip has one bundle option, --cert, not a call's and a Session's"
	case c.Verify == scenario.VerifyBundle && envBundle:
		return "pip's --cert is its Session's verify, which REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE override: pip has no call's verify= to win over them"
	}
	return ""
}

// pipClientFile is the one file pip's --client-cert reads, the badge's
// certificate and its key, where the story keeps them apart.
const pipClientFile = "client.pem"

// PipCall is the pip command the scenario's courier makes: pip install of
// PipPackage from the bank as its index, with --cert for a bundle,
// --trusted-host for verify=False, --client-cert for a badge (a line
// before it joins a certificate and its key into the one file pip
// reads). Every value is a shell word (ShellQuote).
func PipCall(s *scenario.Scenario, dir string) string {
	args := []string{"pip", "install", "--index-url", "https://" + urlAuthority(s) + "/simple/"}
	switch {
	case s.Client.Verify == scenario.VerifyFalse:
		args = append(args, "--trusted-host", urlAuthority(s))
	case s.Client.Intended() == scenario.VerifyBundle:
		args = append(args, "--cert", path(dir, CAFile))
	}
	var join string
	if cert, key := CertFiles(s, dir); cert != "" {
		if key != "" {
			join = ShellJoin([]string{"cat", cert, key}) + " > " + ShellQuote(path(dir, pipClientFile)) + "\n"
			cert = path(dir, pipClientFile)
		}
		args = append(args, "--client-cert", cert)
	}
	return join + ShellJoin(append(args, PipPackage))
}

// pipTerms are pip's words for requests' (lensterms.go).
var pipTerms = clientTerms{
	trust: "--cert ca.pem", off: "--trusted-host", offHead: "--trusted-host",
	trustRoot:   "pass its root as --cert ca.pem (pip then trusts only that bundle), or set PIP_CERT, or pip config set global.cert ca.pem; REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE, when set, override all three.",
	trustNote:   " With no --cert, pip trusts its own copy of certifi's bundle (Mozilla's roots); a company's own CA is not in it.",
	proxyTrust:  "trust that root: --cert company-ca.pem (ask IT for the file), or pip config set global.cert company-ca.pem for every run; never --trusted-host, which would let anyone else in too.",
	backOn:      "Turn verification back on (drop --trusted-host; where the bank's CA is private, pass its bundle as --cert).",
	offSentence: "With --trusted-host the client checks no certificate of that host.",
	skipsAll:    "With --trusted-host the client skips certificate verification of that host entirely",
}

// pipSessionOverridden is pip's cure of its --cert overridden by a
// variable: pip has no bundle that comes before it (tried with pip 23.2.1:
// REQUESTS_CA_BUNDLE naming another bundle makes --cert and PIP_CERT fail
// as before).
const pipSessionOverridden = "Unset the variable that overrides --cert (REQUESTS_CA_BUNDLE, or CURL_CA_BUNDLE), or point it at a bundle that holds the bank's root: pip's requests takes it over --cert, PIP_CERT and global.cert, and pip has no option that comes before it."

// pipBundleWords say what pip reads by each of requests' rules (pip's
// Session takes --cert, PIP_CERT or global.cert for its verify, which
// REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE override: pip 23.2.1, tried here).
var pipBundleWords = map[scenario.Rule]string{
	scenario.RuleOff:                "nothing, because --trusted-host checks no certificate of that host",
	scenario.RuleCallBundle:         "{path}, because --cert names it (as PIP_CERT or pip config set global.cert would), and neither REQUESTS_CA_BUNDLE nor CURL_CA_BUNDLE is set, which would override it",
	scenario.RuleSessionBundle:      "{path}, because --cert names it (as PIP_CERT or pip config set global.cert would), and neither REQUESTS_CA_BUNDLE nor CURL_CA_BUNDLE is set, which would override it",
	scenario.RuleRequestsEnv:        "{path}, because REQUESTS_CA_BUNDLE names it: pip's requests takes that variable over --cert, PIP_CERT and global.cert",
	scenario.RuleCurlEnvForRequests: "{path}, because CURL_CA_BUNDLE names it and REQUESTS_CA_BUNDLE is unset: pip's requests takes that variable over --cert, PIP_CERT and global.cert",
	scenario.RuleCertifi:            "its own copy of certifi's bundle (pip/_vendor/certifi/cacert.pem, Mozilla's roots), because neither --cert, PIP_CERT, global.cert, REQUESTS_CA_BUNDLE nor CURL_CA_BUNDLE names another; it is not the machine's own store (pip 24.2 and later, on Python 3.10 and later, read that too, through truststore)",
}

// PipBundleLine says which bundle pip reads in the scenario and why, as
// BundleLine does for the others.
func PipBundleLine(s *scenario.Scenario) string {
	r := s.Resolve(Requests)
	words, ok := pipBundleWords[r.Rule]
	if !ok {
		return ""
	}
	var paths []string
	for _, src := range r.Sources {
		switch src.Kind {
		case scenario.SourceEnv:
			paths = append(paths, src.Var+"="+src.Path)
		case scenario.SourceCall:
			paths = append(paths, src.Path)
		}
	}
	return "pip used: " + substitute(words, "{path}", strings.Join(paths, " and ")) + "."
}

// pipLens is v, its base's lens, as pip gives it: pip's message, its
// bundle, and, where pip has no option for what the story's courier
// does, that said first.
func (f *facts) pipLens(v Verdict, r *Report) Verdict {
	v.Client = Pip
	for _, words := range []*string{&v.Headline, &v.Analogy, &v.Technical, &v.TellApart, &v.Fix.Summary} {
		*words = inClientsWords(*words, Pip)
	}
	if !strings.HasPrefix(v.Message, pipFetch) {
		p := f.pipVerdict(ClientVerdict{OK: v.OK, Class: v.Class, Message: v.Message})
		v.Class, v.Message = p.Class, p.Message
	}
	if !realHost(f.s) {
		v.Bundle = PipBundleLine(f.s)
	}
	if c := PipCannot(f.s); c != "" && !strings.HasPrefix(v.Technical, c) {
		v.Technical = c + ": this is the call as requests makes it, through urllib3 1.26, which pip vendors. " + v.Technical
	}
	return v
}

// PipBase is the client of ClientsThen whose verdict pip's follows on t
// (with the handshake that follows its cure, nil for none): its message is
// inside pip's line, and the stories that print it are pip's alike.
func PipBase(t, next *handshake.Trace) string {
	f := newFacts(t)
	if next != nil {
		f.then(next)
	}
	return f.pipBase()
}
