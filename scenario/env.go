package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/pki"
)

// The courier's environment: what a client reads besides the arguments of its
// call. requests reads REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE (unless
// trust_env is off) over a Session's verify; curl reads CURL_CA_BUNDLE;
// OpenSSL and Go read SSL_CERT_FILE and SSL_CERT_DIR; Node reads
// NODE_EXTRA_CA_CERTS; and without them each reads its own default: certifi,
// Node's copy of Mozilla's roots, or the machine's own store (Debian's
// /etc/ssl/certs), which may hold a root IT installed that certifi has never
// heard of.

// Session is the requests.Session the call is made on.
type Session struct {
	// Verify is Session.verify: true (the default) or bundle (the certificates of
	// Client.Bundle, as ca.pem). Client.Verify stays the call's own verify=,
	// where true means the call passes none.
	Verify Verify `json:"verify"`
	// TrustEnv is Session.trust_env; nil is requests' default, True.
	TrustEnv *bool `json:"trust_env,omitempty"`
}

// ReadsEnv reports whether requests on this session reads the environment.
func (s *Session) ReadsEnv() bool { return s == nil || s.TrustEnv == nil || *s.TrustEnv }

// The environment variables naming a CA bundle that some client reads.
const (
	EnvRequestsCABundle = "REQUESTS_CA_BUNDLE"
	EnvCurlCABundle     = "CURL_CA_BUNDLE"
	EnvSSLCertFile      = "SSL_CERT_FILE"
	EnvSSLCertDir       = "SSL_CERT_DIR"
	EnvNodeExtraCACerts = "NODE_EXTRA_CA_CERTS"
)

// EnvNames lists the variables a scenario may set, in the order a page shows them.
var EnvNames = []string{EnvRequestsCABundle, EnvCurlCABundle, EnvSSLCertFile, EnvSSLCertDir, EnvNodeExtraCACerts}

// EnvVar is one variable of the courier's environment and the bundle its value
// names: a file, or for SSL_CERT_DIR a directory, that a reproduce kit writes.
type EnvVar struct {
	Name string `json:"name"`
	// Path is the variable's value, a path relative to where the courier runs.
	Path string `json:"path"`
	// Certs are the scenario's certificates the bundle holds.
	Certs []string `json:"certs,omitempty"`
	// Public says the bundle also holds the public roots (a copy of certifi's
	// bundle or of the machine's store).
	Public bool `json:"public,omitempty"`
	// PublicAt is where the public roots stand among Certs as the person
	// listed them: before Certs[PublicAt], after them all when it is
	// len(Certs). A client reads a bundle in no order, but the editor and a
	// link keep the order the person typed. Zero without Public.
	PublicAt int `json:"public_at,omitempty"`
}

// EnvVar returns the variable set under name, or nil.
func (c *Client) EnvVar(name string) *EnvVar {
	for i := range c.Env {
		if c.Env[i].Name == name {
			return &c.Env[i]
		}
	}
	return nil
}

// HasEnvironment reports whether anything besides the call decides which
// bundle a client reads: a Session, a variable, the machine's store holding
// more than the public roots, truststore.
func (c *Client) HasEnvironment() bool {
	return c.Session != nil || len(c.Env) > 0 || len(c.OSStore) > 0 || c.Truststore
}

// Intended is the trust the courier's code asks for: the call's verify=, or,
// when the call passes none, its Session's. The other clients' calls are
// written from it (a bundle as --cacert, -CAfile, ca: and RootCAs).
func (c *Client) Intended() Verify {
	if c.Verify == VerifyTrue && c.Session != nil && c.Session.Verify == VerifyBundle {
		return VerifyBundle
	}
	return c.Verify
}

// MaxPathLen bounds a variable's value.
const MaxPathLen = 100

func (v *validator) env(c *Client) {
	if c.Session != nil {
		switch c.Session.Verify {
		case VerifyTrue, VerifyBundle:
		case VerifyFalse:
			v.add("client.session.verify", "Session.verify = False is not modelled: set verify=False on the call instead")
		default:
			v.add("client.session.verify", "unknown trust mode %q (one of %s)", c.Session.Verify, pki.List([]Verify{VerifyTrue, VerifyBundle}))
		}
	}
	if len(c.Env) > len(EnvNames) {
		v.add("client.env", "%d variables, at most %d (one each of %s)", len(c.Env), len(EnvNames), strings.Join(EnvNames, ", "))
		return
	}
	seen := map[string]bool{}
	for i, e := range c.Env {
		f := fmt.Sprintf("client.env[%d]", i)
		switch {
		case !slices.Contains(EnvNames, e.Name):
			v.add(f+".name", "%q is not a variable a client reads for its CA bundle (one of %s)", e.Name, strings.Join(EnvNames, ", "))
		case seen[e.Name]:
			v.add(f+".name", "%s is set twice", e.Name)
		}
		seen[e.Name] = true
		if msg := pathProblem(e.Path); msg != "" {
			v.add(f+".path", "%s", msg)
		} else if msg := sharedPath(c, i); msg != "" {
			v.add(f+".path", "%s", msg)
		}
		if len(e.Certs) == 0 && !e.Public {
			v.add(f+".certs", "empty: the bundle must hold at least one certificate, or the public roots")
		}
		v.refs(f+".certs", e.Certs, MaxListLen)
		switch {
		case !e.Public && e.PublicAt != 0:
			v.add(f+".certs", "public_at is %d, and the bundle holds no public roots", e.PublicAt)
		case e.PublicAt < 0 || e.PublicAt > len(e.Certs):
			v.add(f+".certs", "public_at is %d: the public roots' place in the list is from 0 to %d", e.PublicAt, len(e.Certs))
		}
	}
	v.refs("client.os_store", c.OSStore, MaxListLen)
}

// OSStorePath is where a reproduce kit writes what the machine's store holds,
// under its env/ folder beside the variables' bundles.
const OSStorePath = "os-store.pem"

// sharedPath says what is wrong with the i-th variable's path given the
// variables before it and the machine's store, "" if nothing: one path is one
// file (or, for SSL_CERT_DIR, one folder) on disk, so two variables may name
// the same file only to read the same bundle, and no path is inside another's
// (a file cannot also be a folder, nor a file be added to SSL_CERT_DIR's).
func sharedPath(c *Client, i int) string {
	e := c.Env[i]
	if e.Path == OSStorePath && len(c.OSStore) > 0 {
		return fmt.Sprintf("%q is where a reproduce kit puts the machine's store (client.os_store): name another file", e.Path)
	}
	for _, o := range c.Env[:i] {
		switch {
		case o.Path == e.Path && (o.Name == EnvSSLCertDir || e.Name == EnvSSLCertDir):
			return fmt.Sprintf("%q is also %s's: a folder of certificates (SSL_CERT_DIR) and a bundle file cannot share a path", e.Path, o.Name)
		case o.Path == e.Path && (o.Public != e.Public || !slices.Equal(sortedNames(o.Certs), sortedNames(e.Certs))):
			return fmt.Sprintf("%q is also %s's, which holds other certificates: one file holds one bundle (give the same certificates, or another path)", e.Path, o.Name)
		case strings.HasPrefix(e.Path, o.Path+"/") || strings.HasPrefix(o.Path, e.Path+"/"):
			return fmt.Sprintf("%q and %s's %q are one inside the other: a path cannot be both a file and a folder", e.Path, o.Name, o.Path)
		}
	}
	return ""
}

// pathProblem says what is wrong with a variable's value as a path, "" if
// nothing: it is relative, plain ASCII letters, digits, '.', '-', '_' and '/',
// with no empty, "." or ".." part, so that a kit writes it inside itself.
func pathProblem(p string) string {
	switch {
	case p == "":
		return "empty: the variable's value is the path of its bundle, such as other-ca.pem"
	case len(p) > MaxPathLen:
		return fmt.Sprintf("longer than %d characters", MaxPathLen)
	case strings.HasPrefix(p, "/"):
		return fmt.Sprintf("%q is an absolute path: write it relative to where the courier runs (such as certs/other-ca.pem), so that a reproduce kit can hold it", p)
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-/", r)) {
			return fmt.Sprintf("%q holds %q: a path here is ASCII letters, digits, '.', '-', '_' and '/'", p, r)
		}
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." {
			return fmt.Sprintf("%q has an empty, \".\" or \"..\" part", p)
		}
	}
	return ""
}

// sortedNames is a sorted copy of names, by slices.SortFunc and
// strings.Compare: the page has that sort of strings anyway, and slices.Sort's
// (slices.Sorted's) would be code of its own.
func sortedNames(names []string) []string {
	s := slices.Clone(names)
	slices.SortFunc(s, strings.Compare)
	return s
}
