package explain

import (
	"slices"

	"github.com/tlsplay/tlsplay/handshake"
)

// Pip is the program pip's output names (Match.Program): pip prints its
// errors through its own copy of requests (pip._vendor.requests), so its
// words are requests' and its stories open through requests' lens; its
// fix is its own (PipWords).
const Pip = "pip"

// pipMarks are what shows pip printing (lower case): its vendored
// packages' paths and module names in a traceback, and what pip 23.2.1
// printed here of a server whose chain it could not verify, word for word:
// "WARNING: Retrying (Retry(total=4, …)) after connection broken by
// 'SSLError(SSLCertVerificationError(…))'" (urllib3's retry, through pip's
// logging) and "Could not fetch URL https://…/simple/…/: There was a
// problem confirming the ssl certificate: HTTPSConnectionPool(…)".
var pipMarks = []string{"pip._vendor", "pip/_vendor/", "pip\\_vendor\\", "there was a problem confirming the ssl certificate", "warning: retrying (retry("}

// pipIndexHosts are the hosts of the Python Package Index, whose
// certificates a public CA in pip's bundle issues: pip refusing one of
// them means something in between re-signs them.
var pipIndexHosts = []string{"pypi.org", "files.pythonhosted.org", "pypi.python.org"}

// corporateProxy is the story of a TLS-inspecting proxy, which leads the
// stories tied with it where the text names pypi.org (proxyFirst).
const corporateProxy = "corporate-proxy"

// pipTrust are the reasons of a chain pip's bundle does not lead to a
// root it trusts: the ones a CA bundle given to pip can cure (or, for an
// intermediate left out, tells from the others).
var pipTrust = []string{handshake.UnknownAuthority.String(), handshake.UntrustedRoot.String(), handshake.SelfSigned.String(), handshake.MissingIntermediate.String()}

// What is said of a text pip printed (PipWords): PipCallWords of every
// one; of a chain pip's bundle cannot verify, PipIndexWords where the text
// names the Python Package Index, else PipPrivateWords, then PipFixWords.
// Each command was run here with pip 23.2.1 against a server of a private
// CA (env -u REQUESTS_CA_BUNDLE -u PIP_CERT …): --cert, PIP_CERT, pip
// config set global.cert and REQUESTS_CA_BUNDLE naming its root connect;
// REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE naming another bundle makes
// --cert, and PIP_CERT, fail as before (pip's requests puts the
// variables before the session's verify, psf/requests#3829);
// --trusted-host connects without checking anything. Truststore as pip's
// documentation (HTTPS Certificates) has it: used by default from pip
// 24.2 on Python 3.10 and later, before that with --use-feature=truststore
// (pip 22.2 and later), which pip 23.2.1 here refuses until truststore is
// installed in its own environment.
const (
	PipCallWords    = "This is pip, which prints its errors through its own copy of requests (pip._vendor): each story below opens through pip's lens, with pip's own calls (it has no verify=; a CA bundle is its --cert)."
	PipIndexWords   = " pip trusts the CA bundle it carries (certifi's), and the Python Package Index's certificates are issued by a public CA in it: pip refusing them means something between you and the index re-signs the connection, as a company's TLS-inspecting proxy does (Zscaler, a firewall: corporate-proxy, first below) with the company's own root. Ask IT for that root certificate (a PEM file)."
	PipPrivateWords = " pip trusts the CA bundle it carries (certifi's), not the machine's store: an index of your own, issued by a private CA, is not in it (internal-ca-default-bundle); nor, on a company network, is the root of a TLS-inspecting proxy that re-signs every site's certificate (Zscaler, a firewall: corporate-proxy), pypi.org's too. Get the root that issued the chain (from IT, for a proxy's)."
	PipFixWords     = " Give it to pip: pip install --cert /path/ca.pem …, or for every run pip config set global.cert /path/ca.pem (or PIP_CERT=/path/ca.pem). REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE, which pip's requests reads, name a bundle too, and set to another file they override --cert, PIP_CERT and global.cert alike: unset them, or point them at that root. pip 24.2 and later on Python 3.10 and later also trust the machine's store (truststore), where IT installs a company's root; pip 22.2 to 24.1 with --use-feature=truststore (pip 23.2.1 wants truststore installed in its own environment first). Not --trusted-host: it turns verification off for that host, so anyone in between goes unseen."
)

// PipWords is what every surface says after its list of a text pip
// printed (the first match's Program is Pip), "" for any other text: that
// pip speaks requests' words but takes its CA bundle its own way, and,
// where the first story is a chain its bundle cannot verify, the likely
// cause and pip's own fix.
func PipWords(text string, matches []Match) string {
	if len(matches) == 0 || matches[0].Program != Pip {
		return ""
	}
	if !slices.Contains(pipTrust, matches[0].Reason) {
		return PipCallWords
	}
	if containsAny(lowerASCII(text), pipIndexHosts) {
		return PipCallWords + PipIndexWords + PipFixWords
	}
	return PipCallWords + PipPrivateWords + PipFixWords
}
