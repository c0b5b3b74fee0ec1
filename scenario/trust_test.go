package scenario

import (
	"slices"
	"strings"
	"testing"
)

// resolveTests are the clients' rules, one case each, in the style of
// crypto/x509's verifyTests: a courier's call, Session and environment, and
// what each client reads and why. want maps a client to its rule and the
// paths it reads ("-" for nothing).
var resolveTests = []struct {
	name string
	edit func(c *Client)
	want map[string]string
	// ignored are the variables requests does not read.
	ignored []string
}{
	{
		name: "defaults",
		edit: func(c *Client) {},
		want: map[string]string{
			ReaderRequests:       "certifi: certifi",
			ReaderRequestsDebian: "debian-certifi: " + OSBundleFile,
			ReaderCurl:           "os: " + OSBundleFile + " " + OSCertDir,
			ReaderOpenSSL:        "os: " + OSBundleFile + " " + OSCertDir,
			ReaderGo:             "os: " + OSBundleFile + " " + OSCertDir,
			ReaderNode:           "node: node",
		},
	},
	{
		name: "verify=False on the call",
		edit: func(c *Client) {
			c.Verify = VerifyFalse
			c.Env = []EnvVar{{Name: EnvRequestsCABundle, Path: "other.pem", Public: true}}
		},
		want: map[string]string{ReaderRequests: "off: -", ReaderCurl: "off: -", ReaderNode: "off: -", ReaderGo: "off: -"},
	},
	{
		name: "the call's bundle beats every variable",
		edit: func(c *Client) {
			c.Verify, c.Bundle = VerifyBundle, []string{Root}
			c.Env = []EnvVar{{Name: EnvRequestsCABundle, Path: "other.pem", Public: true}, {Name: EnvCurlCABundle, Path: "curl.pem", Public: true}}
		},
		want: map[string]string{
			ReaderRequests: "call: ca.pem",
			ReaderCurl:     "call: ca.pem " + OSCertDir, // Debian's libcurl keeps its directory
			ReaderOpenSSL:  "call: ca.pem",
			ReaderNode:     "call: ca.pem",
			ReaderGo:       "call: ca.pem",
		},
	},
	{
		name: "REQUESTS_CA_BUNDLE overrides Session.verify (psf/requests#3829)",
		edit: func(c *Client) {
			c.Session, c.Bundle = &Session{Verify: VerifyBundle}, []string{Root}
			c.Env = []EnvVar{{Name: EnvRequestsCABundle, Path: "other.pem", Certs: []string{"other"}}}
		},
		want: map[string]string{
			ReaderRequests:       "requests-env: other.pem",
			ReaderRequestsDebian: "requests-env: other.pem",
			ReaderCurl:           "call: ca.pem " + OSCertDir,
			ReaderGo:             "call: ca.pem",
		},
	},
	{
		name: "trust_env=False: the Session's bundle",
		edit: func(c *Client) {
			c.Session, c.Bundle = &Session{Verify: VerifyBundle, TrustEnv: ptr(false)}, []string{Root}
			c.Env = []EnvVar{{Name: EnvRequestsCABundle, Path: "other.pem", Certs: []string{"other"}}}
		},
		want:    map[string]string{ReaderRequests: "session: ca.pem"},
		ignored: []string{EnvRequestsCABundle},
	},
	{
		name: "CURL_CA_BUNDLE when REQUESTS_CA_BUNDLE is unset",
		edit: func(c *Client) {
			c.Env = []EnvVar{{Name: EnvCurlCABundle, Path: "curl.pem", Public: true}, {Name: EnvSSLCertFile, Path: "ssl.pem", Public: true}}
		},
		want: map[string]string{
			ReaderRequests: "curl-env-for-requests: curl.pem",
			ReaderCurl:     "curl-env: curl.pem " + OSCertDir, // CURL_CA_BUNDLE before SSL_CERT_FILE
			ReaderOpenSSL:  "ssl-env: ssl.pem " + OSCertDir,
			ReaderGo:       "ssl-env: ssl.pem " + OSCertDir,
		},
		ignored: []string{EnvSSLCertFile},
	},
	{
		name: "SSL_CERT_DIR replaces the directory only; NODE_EXTRA_CA_CERTS the machine's file",
		edit: func(c *Client) {
			c.Env = []EnvVar{{Name: EnvSSLCertDir, Path: "certs", Public: true}, {Name: EnvNodeExtraCACerts, Path: "extra.pem", Certs: []string{Root}}}
		},
		want: map[string]string{
			ReaderOpenSSL: "ssl-env: " + OSBundleFile + " certs",
			ReaderNode:    "node: node extra.pem",
			ReaderCurl:    "ssl-env: " + OSBundleFile + " certs",
		},
		ignored: []string{EnvSSLCertDir, EnvNodeExtraCACerts},
	},
	{
		name: "truststore adds the machine's store to certifi",
		edit: func(c *Client) {
			c.Truststore = true
			c.Env = []EnvVar{{Name: EnvSSLCertFile, Path: "ssl.pem", Public: true}}
		},
		want: map[string]string{ReaderRequests: "certifi: certifi ssl.pem " + OSCertDir},
	},
}

var ruleNames = map[Rule]string{
	RuleOff: "off", RuleCallBundle: "call", RuleRequestsEnv: "requests-env", RuleCurlEnvForRequests: "curl-env-for-requests",
	RuleSessionBundle: "session", RuleCertifi: "certifi", RuleDebianCertifi: "debian-certifi", RuleCurlEnv: "curl-env",
	RuleSSLCertEnv: "ssl-env", RuleOSStore: "os", RuleNodeStore: "node",
}

func TestResolve(t *testing.T) {
	for _, tt := range resolveTests {
		t.Run(tt.name, func(t *testing.T) {
			s := Lookup("verify-true").At(PresetClock)
			tt.edit(&s.Client)
			for client, want := range tt.want {
				r := s.Resolve(client)
				paths := []string{}
				for _, src := range r.Sources {
					p := src.Path
					switch src.Kind {
					case SourceCertifi:
						p = "certifi"
					case SourceNodeRoots:
						p = "node"
					}
					paths = append(paths, p)
				}
				if len(paths) == 0 {
					paths = []string{"-"}
				}
				if got := ruleNames[r.Rule] + ": " + strings.Join(paths, " "); got != want {
					t.Errorf("%s reads %q, want %q", client, got, want)
				}
			}
			if tt.ignored != nil {
				if got := s.Resolve(ReaderRequests).Ignored; !slices.Equal(got, tt.ignored) {
					t.Errorf("requests ignores %v, want %v", got, tt.ignored)
				}
			}
		})
	}
}

// TestResolveOverridden: the resolution says when a variable overrode the
// Session's bundle, which the words name.
func TestResolveOverridden(t *testing.T) {
	s := Lookup("verify-true").At(PresetClock)
	s.Client.Session, s.Client.Bundle = &Session{Verify: VerifyBundle}, []string{Root}
	if s.Resolve(ReaderRequests).Overridden {
		t.Error("no variable set, yet the Session's bundle is said to be overridden")
	}
	s.Client.Env = []EnvVar{{Name: EnvCurlCABundle, Path: "x.pem", Public: true}}
	r := s.Resolve(ReaderRequests)
	if !r.Overridden || !r.Trusts("anything", true) || r.Trusts(Root, false) {
		t.Errorf("CURL_CA_BUNDLE over the Session: %+v", r)
	}
}
