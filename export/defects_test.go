package export

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// goErr is what Go's x509.Verify says about a chain: nothing, or an error of one
// kind about one certificate.
type goErr struct {
	kind   errKind
	reason x509.InvalidReason // for invalid
	cert   string             // Common Name of the certificate the error is about
	text   string             // a substring of the error's text
}

type errKind int

const (
	errNone errKind = iota
	errUnknownAuthority
	errHostname
	errInvalid
)

var verified = goErr{}

func unknownAuthority(cert, text string) goErr {
	return goErr{kind: errUnknownAuthority, cert: cert, text: text}
}
func hostnameErr(cert, host string) goErr { return goErr{kind: errHostname, cert: cert, text: host} }
func invalid(reason x509.InvalidReason, cert string) goErr {
	return goErr{kind: errInvalid, reason: reason, cert: cert}
}

// check reports how err differs from what was expected.
func (w goErr) check(err error) error {
	if err == nil {
		if w.kind == errNone {
			return nil
		}
		return fmt.Errorf("verified, want %s", w)
	}
	var (
		ua  x509.UnknownAuthorityError
		he  x509.HostnameError
		ci  x509.CertificateInvalidError
		got errKind
		c   *x509.Certificate
	)
	switch {
	case errors.As(err, &ua):
		got, c = errUnknownAuthority, ua.Cert
	case errors.As(err, &he):
		got, c = errHostname, he.Certificate
	case errors.As(err, &ci):
		got, c = errInvalid, ci.Cert
		if ci.Reason != w.reason {
			return fmt.Errorf("%v (reason %d), want reason %d", err, ci.Reason, w.reason)
		}
	}
	switch {
	case got != w.kind:
		return fmt.Errorf("%v (%T), want %s", err, err, w)
	case c == nil || c.Subject.CommonName != w.cert:
		return fmt.Errorf("%v: about %s, want about %q", err, commonName(c), w.cert)
	case !strings.Contains(err.Error(), w.text):
		return fmt.Errorf("%v: want it to say %q", err, w.text)
	}
	return nil
}

func commonName(c *x509.Certificate) string {
	if c == nil {
		return "no certificate"
	}
	return fmt.Sprintf("%q", c.Subject.CommonName)
}

func (w goErr) String() string {
	return fmt.Sprintf("{kind %d reason %d about %q saying %q}", w.kind, w.reason, w.cert, w.text)
}

// sslWant is what `openssl verify` says: OK (code 0), or its first error.
type sslWant struct {
	code, depth int
	msg         string
}

var sslOK = sslWant{}

// show is a field `openssl x509 -noout -text` must print (or must not) for one
// certificate of the export: the index-th in file.
type show struct {
	file  string
	index int
	has   []string
	lacks []string
}

// defect is one preset's story as checkable facts: what Go says, what OpenSSL says
// about the exported files, what the certificates show, and the one change that
// puts everything right.
type defect struct {
	reason handshake.Reason // the handshake's verdict
	server goErr            // x509.Verify of the chain the courier receives
	badge  goErr            // x509.Verify of the badge against the bank's client CAs
	load   string           // how loading the badge's files fails, "" if it does not
	fix    func(*scenario.Scenario)

	ssl      sslWant // openssl verify of server-chain.pem against ca.pem
	sslBadge sslWant // openssl verify -purpose sslclient of client.crt against client-ca.pem
	sslCRL   sslWant // openssl verify -crl_check_all of server-chain.pem with crl.pem, where the issuers publish CRLs
	shows    []show
}

const (
	serverCN       = "bank.example"
	issuingCN      = "Playground Issuing CA 1"
	clientCN       = "courier-42"
	publicIssuerDN = "Issuer: O = Playground Trust Services, CN = Playground Issuing CA 1"
)

// openSSLDate is how `openssl x509 -text` prints a validity bound.
func openSSLDate(s *scenario.Scenario, d pki.Days) string {
	return d.At(s.Now).UTC().Format("Jan _2 15:04:05 2006 GMT")
}

// defects is every preset's defect. Where OpenSSL and Go disagree, the comment
// says so: those are the differences the page shows.
var defects = map[string]defect{
	"verify-true": {reason: handshake.OK,
		shows: []show{{file: ServerChainFile, has: []string{"DNS:bank.example, DNS:www.bank.example", "TLS Web Server Authentication", "CA:FALSE"}},
			{file: ServerChainFile, index: 1, has: []string{"CA:TRUE, pathlen:0", "Certificate Sign"}}}},
	// The courier checks nothing; what it would have trusted (ca.pem) refuses the
	// imposter, and without the imposter the bank's own chain verifies.
	"verify-false-mitm": {reason: handshake.InsecureSkipVerify,
		server: unknownAuthority(serverCN, "unknown authority"),
		fix:    func(s *scenario.Scenario) { s.Imposter = nil },
		ssl:    sslWant{18, 0, "self-signed certificate"},
		shows: []show{{file: ServerChainFile, has: []string{"Issuer: O = Definitely The Bank, CN = bank.example",
			"Subject: O = Definitely The Bank, CN = bank.example"}}}},
	"custom-ca-bundle": {reason: handshake.OK,
		shows: []show{{file: CAFile, has: []string{"Subject: O = Example Corp, CN = Example Corp Root CA", "Public-Key: (3072 bit)"}}}},
	// ca.pem holds the company's issuing CA, not its root: Go ends the chain
	// at any certificate of its pool; OpenSSL, without -partial_chain, goes
	// on up ca.pem to a self-signed root and finds none above the issuing CA.
	"custom-ca-bundle-intermediate": {reason: handshake.OK,
		ssl: sslWant{2, 1, "unable to get issuer certificate"},
		shows: []show{{file: CAFile, has: []string{"Subject: O = Example Corp, CN = Example Corp Issuing CA",
			"Issuer: O = Example Corp, CN = Example Corp Root CA", "CA:TRUE"}}}},
	// Both name the intermediate: its issuer is nowhere to be found.
	"internal-ca-default-bundle": {reason: handshake.UnknownAuthority,
		server: unknownAuthority("Example Corp Issuing CA", "unknown authority"),
		fix: func(s *scenario.Scenario) {
			s.Client.Verify, s.Client.Bundle = scenario.VerifyBundle, []string{scenario.Root}
		},
		ssl:   sslWant{20, 1, "unable to get local issuer certificate"},
		shows: []show{{file: ServerChainFile, has: []string{"Issuer: O = Example Corp, CN = Example Corp Issuing CA"}}}},
	// The proxy's issuing CA names the company: its issuer, the company's
	// root, is in no public bundle; trusting that root is the cure.
	"corporate-proxy": {reason: handshake.UnknownAuthority,
		server: unknownAuthority("Example Corp TLS Inspection CA", "unknown authority"),
		fix: func(s *scenario.Scenario) {
			s.Client.Verify, s.Client.Bundle = scenario.VerifyBundle, []string{scenario.Root}
		},
		ssl: sslWant{20, 1, "unable to get local issuer certificate"},
		shows: []show{{file: ServerChainFile, has: []string{"Issuer: O = Example Corp, CN = Example Corp TLS Inspection CA"}},
			{file: ServerChainFile, index: 1, has: []string{"Issuer: O = Example Corp, CN = Example Corp Root CA"}}}},
	// REQUESTS_CA_BUNDLE names a bundle without the company's root; ca.pem,
	// the Session's bundle, holds it: passed on the call, it wins.
	"env-bundle-overrides-session": {reason: handshake.UnknownAuthority,
		server: unknownAuthority("Example Corp Issuing CA", "unknown authority"),
		fix: func(s *scenario.Scenario) {
			s.Client.Verify, s.Client.Bundle = scenario.VerifyBundle, []string{scenario.Root}
		},
		shows: []show{{file: CAFile, has: []string{"Subject: O = Example Corp, CN = Example Corp Root CA"}},
			{file: EnvDir + "/old-project-ca.pem", has: []string{"Subject: O = Example Corp, CN = Old Project Root CA"}}}},
	"requests-bundle-precedence": {reason: handshake.OK,
		shows: []show{{file: EnvDir + "/company-ca.pem", has: []string{"Subject: O = Example Corp, CN = Example Corp Root CA"}}}},
	// The company's root is in the machine's store, not certifi's: truststore
	// makes Python read that store.
	"os-trust-store": {reason: handshake.UnknownAuthority,
		server: unknownAuthority("Example Corp Issuing CA", "unknown authority"),
		fix:    func(s *scenario.Scenario) { s.Client.Truststore = true },
		ssl:    sslWant{20, 1, "unable to get local issuer certificate"},
		shows:  []show{{file: EnvDir + "/" + OSStoreFile, has: []string{"Subject: O = Example Corp, CN = Example Corp Root CA"}}}},
	// Revoked: Go's x509.Verify and openssl verify pass the chain; only
	// openssl verify told to check the CRLs refuses it. Each certificate
	// names where its CA publishes its CRL and answers OCSP.
	"revoked-leaf": {reason: handshake.RevokedUnchecked,
		fix:    func(s *scenario.Scenario) { s.Spec(scenario.Leaf).Revoked = false },
		sslCRL: sslWant{23, 0, "certificate revoked"},
		shows: []show{{file: ServerChainFile, has: []string{"X509v3 CRL Distribution Points", "URI:" + scenario.IntermediateCRLURL, "OCSP - URI:" + scenario.OCSPURL}},
			{file: ServerChainFile, index: 1, has: []string{"URI:" + scenario.RootCRLURL, "OCSP - URI:" + scenario.OCSPURL}}}},
	"revoked-intermediate": {reason: handshake.RevokedUnchecked,
		fix:    func(s *scenario.Scenario) { s.Spec(scenario.Intermediate).Revoked = false },
		sslCRL: sslWant{23, 1, "certificate revoked"},
		shows:  []show{{file: ServerChainFile, index: 1, has: []string{"URI:" + scenario.RootCRLURL}}}},
	"hostname-mismatch": {reason: handshake.HostnameMismatch,
		server: hostnameErr("www.bankofamerica.com", "bankofamerica.com"),
		fix:    func(s *scenario.Scenario) { s.Client.Dial = "www.bankofamerica.com" },
		ssl:    sslWant{62, 0, "hostname mismatch"},
		shows:  []show{{file: ServerChainFile, has: []string{"DNS:www.bankofamerica.com"}, lacks: []string{"DNS:bankofamerica.com"}}}},
	// Validity is relative to the clock, so moving the clock moves the
	// certificate with it: the fix is to renew it.
	"expired": {reason: handshake.Expired,
		server: invalid(x509.Expired, serverCN),
		fix:    func(s *scenario.Scenario) { s.Spec(scenario.Leaf).NotAfter = 60 },
		ssl:    sslWant{10, 0, "certificate has expired"}},
	// Go reports a certificate that is not valid yet as x509.Expired too, with
	// "is before" in its text; OpenSSL has its own code for it.
	"not-yet-valid": {reason: handshake.NotYetValid,
		server: goErr{kind: errInvalid, reason: x509.Expired, cert: serverCN, text: "is before"},
		fix:    func(s *scenario.Scenario) { s.Spec(scenario.Leaf).NotBefore = -30 },
		ssl:    sslWant{9, 0, "certificate is not yet valid"}},
	"expired-intermediate": {reason: handshake.Expired,
		server: invalid(x509.Expired, issuingCN),
		fix:    func(s *scenario.Scenario) { s.Spec(scenario.Intermediate).NotAfter = 1460 },
		ssl:    sslWant{10, 1, "certificate has expired"}},
	// Go calls a self-signed leaf an unknown authority; OpenSSL says self-signed.
	"self-signed": {reason: handshake.SelfSigned,
		server: unknownAuthority(serverCN, "unknown authority"),
		fix: func(s *scenario.Scenario) {
			s.Spec(scenario.Leaf).Issuer = scenario.Intermediate
			s.Server.Send = []string{scenario.Leaf, scenario.Intermediate}
		},
		ssl:   sslWant{18, 0, "self-signed certificate"},
		shows: []show{{file: ServerChainFile, has: []string{"Issuer: O = Bank of Example, CN = bank.example", "Subject: O = Bank of Example, CN = bank.example"}}}},
	// Go: an unknown authority, the root itself; OpenSSL: a self-signed
	// certificate at depth 2.
	"untrusted-root": {reason: handshake.UntrustedRoot,
		server: unknownAuthority("Shady Root Authority", "unknown authority"),
		fix:    func(s *scenario.Scenario) { s.Spec(scenario.Root).Public = true },
		ssl:    sslWant{19, 2, "self-signed certificate in certificate chain"},
		shows:  []show{{file: ServerChainFile, index: 2, has: []string{"Issuer: O = Shady Trust Ltd, CN = Shady Root Authority", "CA:TRUE"}}}},
	"missing-intermediate": {reason: handshake.MissingIntermediate,
		server: unknownAuthority(serverCN, "unknown authority"),
		fix:    func(s *scenario.Scenario) { s.Server.Send = []string{scenario.Leaf, scenario.Intermediate} },
		ssl:    sslWant{20, 0, "unable to get local issuer certificate"},
		shows:  []show{{file: ServerChainFile, has: []string{publicIssuerDN}}}},
	// Go ignores the Common Name; OpenSSL's -verify_hostname (like curl) falls back
	// to it when there is no SAN, and accepts.
	"cn-only": {reason: handshake.CNOnly,
		server: hostnameErr(serverCN, "legacy Common Name field"),
		fix:    func(s *scenario.Scenario) { s.Spec(scenario.Leaf).DNSNames = []string{scenario.ServerHost} },
		ssl:    sslOK,
		shows:  []show{{file: ServerChainFile, has: []string{"Subject: CN = bank.example"}, lacks: []string{"Subject Alternative Name"}}}},
	"wrong-eku": {reason: handshake.WrongEKU,
		server: invalid(x509.IncompatibleUsage, serverCN),
		fix:    func(s *scenario.Scenario) { s.Spec(scenario.Leaf).ExtKeyUsage = []string{pki.EKUServerAuth} },
		ssl:    sslWant{26, 0, "unsuitable certificate purpose"},
		shows:  []show{{file: ServerChainFile, has: []string{"TLS Web Client Authentication"}, lacks: []string{"TLS Web Server Authentication"}}}},
	// Go refuses the intermediate as a parent while building the chain, so it
	// reports an unknown authority with the reason as a hint, not
	// NotAuthorizedToSign. OpenSSL's first complaint is the CA flag (then, at the
	// same depth, the purpose).
	"not-a-ca": {reason: handshake.NotACA,
		server: unknownAuthority(serverCN, "parent certificate cannot sign this kind of certificate"),
		fix: func(s *scenario.Scenario) {
			s.Spec(scenario.Intermediate).IsCA = true
		},
		ssl:   sslWant{79, 1, "invalid CA certificate"},
		shows: []show{{file: ServerChainFile, index: 1, has: []string{"CA:FALSE"}}}},
	"name-constraints": {reason: handshake.NameConstraints,
		server: invalid(x509.CANotAuthorizedForThisName, serverCN),
		fix:    func(s *scenario.Scenario) { s.Spec(scenario.Intermediate).PermittedDNS = nil },
		ssl:    sslWant{47, 0, "permitted subtree violation"},
		shows:  []show{{file: ServerChainFile, index: 1, has: []string{"X509v3 Name Constraints", "Permitted:", "DNS:.corp.example"}}}},
	// Go refuses to check a SHA-1 signature at all, so it finds no issuer; OpenSSL
	// checks it and refuses the digest (at -auth_level 1 and up; its default
	// verify level, -1, accepts).
	"sha1-signature": {reason: handshake.WeakSignature,
		server: unknownAuthority(serverCN, "insecure algorithm SHA1-RSA"),
		fix:    func(s *scenario.Scenario) { s.Spec(scenario.Leaf).Hash = pki.SHA256 },
		ssl:    sslWant{68, 0, "CA signature digest algorithm too weak"},
		shows:  []show{{file: ServerChainFile, has: []string{"Signature Algorithm: sha1WithRSAEncryption", "Public-Key: (2048 bit)"}}}},
	// The root signed the intermediate with SHA-1: the bank's own certificate is
	// fine, the link above it is not.
	"sha1-intermediate": {reason: handshake.WeakSignature,
		server: unknownAuthority(issuingCN, "insecure algorithm SHA1-RSA"),
		fix:    func(s *scenario.Scenario) { s.Spec(scenario.Intermediate).Hash = pki.SHA256 },
		ssl:    sslWant{68, 1, "CA signature digest algorithm too weak"},
		shows:  []show{{file: ServerChainFile, index: 1, has: []string{"Signature Algorithm: sha1WithRSAEncryption"}}}},
	// Go accepts RSA-1024; OpenSSL at security level 2 (Debian's default for TLS,
	// -auth_level 2 here) refuses it. Nothing to fix for Go.
	"weak-key-rsa1024": {reason: handshake.OK,
		ssl:   sslWant{66, 0, "EE certificate key too weak"},
		shows: []show{{file: ServerChainFile, has: []string{"Public-Key: (1024 bit)"}}}},
	"rsa-4096-chain": {reason: handshake.OK,
		shows: []show{{file: ServerChainFile, has: []string{"Public-Key: (4096 bit)"}}, {file: ServerChainFile, index: 1, has: []string{"Public-Key: (4096 bit)"}},
			{file: CAFile, has: []string{"Public-Key: (4096 bit)"}}}},
	// No subject at all: the names are in the SAN extension, which RFC 5280
	// then wants critical, and which is all the courier reads.
	"no-subject": {reason: handshake.OK,
		shows: []show{{file: ServerChainFile, has: []string{"Subject: \n", "X509v3 Subject Alternative Name: critical", "DNS:bank.example"}}}},
	"wildcard-too-deep": {reason: handshake.HostnameMismatch,
		server: hostnameErr("*.bank.example", "a.b.bank.example"),
		fix:    func(s *scenario.Scenario) { s.Client.Dial = "a." + scenario.ServerHost },
		ssl:    sslWant{62, 0, "hostname mismatch"},
		shows:  []show{{file: ServerChainFile, has: []string{"DNS:*.bank.example"}}}},
	// Nothing fails: a thousand names, the bank's among them.
	"many-sans": {reason: handshake.OK,
		shows: []show{{file: ServerChainFile, has: []string{"DNS:bank.example, DNS:www.bank.example, DNS:customer1.cdn.example", "DNS:customer998.cdn.example"}}}},
	"ip-mismatch": {reason: handshake.HostnameMismatch,
		server: hostnameErr(serverCN, "192.0.2.20"),
		fix:    func(s *scenario.Scenario) { s.Client.Dial = "192.0.2.10" },
		ssl:    sslWant{64, 0, "IP address mismatch"},
		shows:  []show{{file: ServerChainFile, has: []string{"IP Address:192.0.2.10"}, lacks: []string{"192.0.2.20"}}}},
	// Dialled by address, the courier names nobody: the bank's default
	// certificate answers. By name, the bank's own does.
	"sni-default-certificate": {reason: handshake.HostnameMismatch,
		server: hostnameErr("shop.example", "192.0.2.10"),
		fix:    func(s *scenario.Scenario) { s.Client.Dial = scenario.ServerHost },
		ssl:    sslWant{64, 0, "IP address mismatch"},
		shows: []show{{file: ServerChainFile, has: []string{"DNS:shop.example"}, lacks: []string{"bank.example"}},
			{file: ByNameChainFile, has: []string{"DNS:bank.example"}}}},
	// The chain is fine, and both tools say so: the bank's key is not its
	// certificate's (TestFiles checks server.key is shop.example's).
	"server-wrong-key": {reason: handshake.HandshakeFailure,
		fix: func(s *scenario.Scenario) { s.Server.Key = "" }},
	// The certificates are fine: the versions are not.
	// Go's courier offers no 3DES suite: the cure is the bank allowing modern ones.
	"3des-only-bank": {reason: handshake.NoSharedCipher,
		fix: func(s *scenario.Scenario) { s.Server.CipherSuites = nil }},
	// Nothing fails: the bank settles for a classical group, after a retry.
	"pq-bank-classic-courier": {reason: handshake.OK},
	// Go gets through when allowed the old version; the OpenSSL-based
	// clients do not (clients' proof).
	"tls10-bank": {reason: handshake.OK},
	"tls11-bank": {reason: handshake.OK},
	"tls-version-mismatch": {reason: handshake.ProtocolVersion,
		fix: func(s *scenario.Scenario) { s.Client.MaxVersion = "" }},

	"mtls-ok": {reason: handshake.OK,
		shows: []show{{file: ClientCertFile, has: []string{"TLS Web Client Authentication", "Issuer: O = Bank of Example, CN = Bank Courier CA"}}}},
	// The bank checks a badge only when one is shown; this courier shows none.
	"badge-optional": {reason: handshake.OK},
	"mtls-combined-pem": {reason: handshake.OK,
		shows: []show{{file: ClientCombined, has: []string{"TLS Web Client Authentication", "Subject: O = Courier Co, CN = courier-42"}}}},
	"mtls-no-cert": {reason: handshake.ClientCertMissing,
		fix: func(s *scenario.Scenario) { s.Client.Cert, s.Client.Badge = scenario.CertTuple, scenario.BadgeName }},
	"mtls-wrong-ca": {reason: handshake.ClientCertUnknownCA,
		badge:    unknownAuthority(clientCN, "unknown authority"),
		fix:      func(s *scenario.Scenario) { s.Spec(scenario.BadgeName).Issuer = scenario.ClientCA },
		sslBadge: sslWant{20, 0, "unable to get local issuer certificate"},
		shows:    []show{{file: ClientCertFile, has: []string{"Issuer: O = Other Company, CN = Other Company Badge CA"}}}},
	"mtls-expired-client": {reason: handshake.ClientCertExpired,
		badge:    invalid(x509.Expired, clientCN),
		fix:      func(s *scenario.Scenario) { s.Spec(scenario.BadgeName).NotAfter = 355 },
		sslBadge: sslWant{10, 0, "certificate has expired"}},
	// Go refuses to check the badge's SHA-1 signature, so the bank finds no
	// issuer (unknown_ca); OpenSSL checks it and refuses the digest.
	"mtls-sha1-badge": {reason: handshake.ClientCertInvalid,
		badge:    unknownAuthority(clientCN, "insecure algorithm SHA1-RSA"),
		fix:      func(s *scenario.Scenario) { s.Spec(scenario.BadgeName).Hash = pki.SHA256 },
		sslBadge: sslWant{68, 0, "CA signature digest algorithm too weak"},
		shows:    []show{{file: ClientCertFile, has: []string{"Signature Algorithm: sha1WithRSAEncryption", "Issuer: O = Bank of Example, CN = Bank Courier CA"}}}},
	// Go and a Go bank accept an RSA-1024 badge; OpenSSL at security level 2
	// (-auth_level 2 here) refuses it. Nothing to fix for Go.
	"mtls-rsa1024-badge": {reason: handshake.OK,
		sslBadge: sslWant{66, 0, "EE certificate key too weak"},
		shows:    []show{{file: ClientCertFile, has: []string{"Public-Key: (1024 bit)", "TLS Web Client Authentication"}}}},
	"mtls-wrong-eku": {reason: handshake.ClientCertWrongEKU,
		badge:    invalid(x509.IncompatibleUsage, clientCN),
		fix:      func(s *scenario.Scenario) { s.Spec(scenario.BadgeName).ExtKeyUsage = []string{pki.EKUClientAuth} },
		sslBadge: sslWant{26, 0, "unsuitable certificate purpose"},
		shows:    []show{{file: ClientCertFile, has: []string{"TLS Web Server Authentication"}, lacks: []string{"Client Authentication"}}}},
	"mtls-key-mismatch": {reason: handshake.ClientKeyMismatch,
		load: "private key does not match public key",
		fix:  func(s *scenario.Scenario) { s.Client.Cert = scenario.CertTuple }},
	"mtls-cert-without-key": {reason: handshake.ClientKeyMissing,
		load: "found a certificate rather than a key",
		fix:  func(s *scenario.Scenario) { s.Client.Cert = scenario.CertTuple }},
	"mtls-encrypted-key": {reason: handshake.ClientKeyEncrypted,
		load: "failed to parse private key",
		fix:  func(s *scenario.Scenario) { s.Client.Cert, s.Client.KeyPassword = scenario.CertTuple, "" }},
}

// Add the validity bounds the date presets must show; they depend on the clock.
func init() {
	for id, cert := range map[string]struct {
		file, name string
		index      int
		after      bool
	}{
		"expired":              {ServerChainFile, scenario.Leaf, 0, true},
		"not-yet-valid":        {ServerChainFile, scenario.Leaf, 0, false},
		"expired-intermediate": {ServerChainFile, scenario.Intermediate, 1, true},
		"mtls-expired-client":  {ClientCertFile, scenario.BadgeName, 0, true},
	} {
		s := scenario.Lookup(id).At(scenario.PresetClock)
		sp := s.Spec(cert.name)
		line := "Not Before: " + openSSLDate(s, sp.NotBefore)
		if cert.after {
			line = "Not After : " + openSSLDate(s, sp.NotAfter)
		}
		d := defects[id]
		d.shows = append(d.shows, show{file: cert.file, index: cert.index, has: []string{line}})
		defects[id] = d
	}
}

// trustedRoots is what the courier checks the bank against: its own store, or
// for verify=False what verify=True would have trusted (ca.pem), which is the
// question the story asks.
func trustedRoots(m *handshake.Material) *x509.CertPool {
	if m.Roots != nil {
		return m.Roots
	}
	pool := x509.NewCertPool()
	for _, c := range publicCerts(m) {
		pool.AddCert(c)
	}
	return pool
}

// verifyServer is Go's verdict on the chain the courier receives.
func verifyServer(m *handshake.Material) error {
	s := m.Scenario
	inter := x509.NewCertPool()
	for _, c := range m.Sent[1:] {
		inter.AddCert(c)
	}
	_, err := m.Sent[0].Verify(x509.VerifyOptions{
		DNSName:       s.Client.Dial,
		Roots:         trustedRoots(m),
		Intermediates: inter,
		CurrentTime:   s.Now,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	return err
}

// verifyBadge is Go's verdict on the courier's badge, as a bank with the
// scenario's client CAs sees it; errNone when the courier brings none.
func verifyBadge(m *handshake.Material) (bool, error) {
	s := m.Scenario
	if !s.Client.Cert.HasBadge() {
		return false, nil
	}
	_, err := m.Set.Get(s.Client.Badge).Cert.Verify(x509.VerifyOptions{
		Roots:       m.ClientCAsPool,
		CurrentTime: s.Now,
		KeyUsages:   []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	return true, err
}

// TestPresetDefects proves each preset's defect is real and is the only one: Go
// gives exactly the expected verdict, and the preset with that one thing put right
// verifies and completes its handshake.
func TestPresetDefects(t *testing.T) {
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) {
			t.Parallel()
			d, ok := defects[p.ID]
			if !ok {
				t.Fatalf("no defect listed for preset %s", p.ID)
			}
			set, err := Build(context.Background(), p.At(scenario.PresetClock))
			if err != nil {
				t.Fatal(err)
			}
			if got := set.Trace.Outcome.Reason; got != d.reason {
				t.Errorf("handshake: %s, want %s", got, d.reason)
			}
			m := set.Material
			if err := d.server.check(verifyServer(m)); err != nil {
				t.Errorf("server chain: %v", err)
			}
			if hasBadge, err := verifyBadge(m); hasBadge {
				if err := d.badge.check(err); err != nil {
					t.Errorf("badge: %v", err)
				}
			} else if d.badge != verified {
				t.Errorf("no badge to verify, want %s", d.badge)
			}
			_, err = m.LoadBadge()
			switch {
			case d.load == "" && err != nil:
				t.Errorf("loading the badge: %v", err)
			case d.load != "" && (err == nil || !strings.Contains(err.Error(), d.load)):
				t.Errorf("loading the badge: %v, want an error saying %q", err, d.load)
			}

			fixed := p.At(scenario.PresetClock)
			if d.fix == nil {
				if !set.Trace.Outcome.OK || d.server != verified || d.badge != verified || d.load != "" {
					t.Fatal("a preset with something wrong needs a fix")
				}
				return
			}
			d.fix(fixed)
			fm, err := handshake.NewMaterial(fixed)
			if err != nil {
				t.Fatalf("fixed: %v", err)
			}
			if err := verifyServer(fm); err != nil {
				t.Errorf("fixed: server chain: %v", err)
			}
			if hasBadge, err := verifyBadge(fm); err != nil || hasBadge != fixed.MTLS() {
				t.Errorf("fixed: badge given=%v: %v", hasBadge, err)
			}
			if _, err := fm.LoadBadge(); err != nil {
				t.Errorf("fixed: loading the badge: %v", err)
			}
			tr, err := fm.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			// verify=False still checks nothing once the imposter is gone.
			want := handshake.OK
			if fixed.Client.Verify == scenario.VerifyFalse {
				want = handshake.InsecureSkipVerify
			}
			if o := tr.Outcome; !o.OK || o.Reason != want {
				t.Errorf("fixed: handshake %s (%s), want %s", o.Reason, o.Detail, want)
			}
		})
	}
	for id := range defects {
		if scenario.Lookup(id) == nil {
			t.Errorf("defect listed for %s, which is no preset", id)
		}
	}
}
