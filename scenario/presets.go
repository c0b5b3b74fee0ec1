package scenario

import (
	"slices"
	"strconv"
	"time"

	"github.com/tlsplay/tlsplay/pki"
)

// Chapter groups presets as the handbook does.
type Chapter string

const (
	// TrustCheck is verify=: the courier checks the bank.
	TrustCheck Chapter = "verify"
	// BadgeCheck is cert=: the bank checks the courier (mTLS).
	BadgeCheck Chapter = "cert"
)

// Preset is one story with a stable id.
type Preset struct {
	ID      string
	Chapter Chapter
	Title   string
	Story   string
	// AboutDates marks a story whose lesson is a date (a certificate that
	// expired yesterday, one valid only from the day after tomorrow): it
	// happens at PresetClock, its own day, rather than on the day it is played,
	// and this says why, as the end of a sentence that begins "This story is
	// set on 1 June 2026: ".
	AboutDates string
	build      func(s *Scenario)
}

// Scenario returns a fresh copy of the preset's scenario: one that happens
// today (no clock: see Scenario.On), or at PresetClock for a story about
// dates.
func (p *Preset) Scenario() *Scenario {
	s := base()
	s.ID, s.Title, s.Story = p.ID, p.Title, p.Story
	p.build(s)
	if p.AboutDates != "" {
		s.Now = PresetClock
	}
	return s
}

// At is the preset played on t's day (a story about dates keeps its own
// clock): what tests pin a story's clock with.
func (p *Preset) At(t time.Time) *Scenario { return p.Scenario().On(t) }

// PresetClock is the day the stories about dates happen (see
// Preset.AboutDates), whatever the day they are played on; tests pin the
// other stories to it too.
var PresetClock = time.Date(2026, time.June, 1, 12, 0, 0, 0, time.UTC)

// DateNote is the sentence that says a story about dates is set on its own
// day, and why; "" for every other scenario, which happens today. It holds
// for the preset s is, unedited, or edited with its clock left as it was.
func DateNote(s *Scenario) string {
	p := Lookup(s.ID)
	if p == nil || p.AboutDates == "" || s.Today || !s.Now.Equal(PresetClock) {
		return ""
	}
	return "This story is set on " + s.Now.Format("2 January 2006") + ", not today: " + p.AboutDates
}

// The names the presets give their certificates.
const (
	Root         = "root"
	Intermediate = "intermediate"
	Leaf         = "leaf"
	ClientCA     = "client-ca"
	BadgeName    = "badge"
	ServerHost   = "bank.example"
	// DefaultLeaf is a bank's default certificate, for a courier naming none
	// it chooses by.
	DefaultLeaf = "default-leaf"
	// OtherSiteLeaf is the certificate of another site on the bank's server,
	// whose key the bank may hold by mistake.
	OtherSiteLeaf = "other-site-leaf"
)

func ptr[T any](v T) *T { return &v }

// base is the healthy world every story changes one thing in: a public root, its
// intermediate, the bank's leaf, and a courier with verify=True.
func base() *Scenario {
	return &Scenario{
		Certs: []pki.Spec{
			{Name: Root, CommonName: "Playground Public Root CA", Organization: "Playground Trust Services", Public: true,
				NotBefore: -3650, NotAfter: 3650, Key: pki.ECDSAP256, Hash: pki.SHA256,
				IsCA: true, KeyUsage: []string{pki.KUCertSign, pki.KUCRLSign}},
			{Name: Intermediate, Issuer: Root, CommonName: "Playground Issuing CA 1", Organization: "Playground Trust Services",
				NotBefore: -365, NotAfter: 1460, Key: pki.ECDSAP256, Hash: pki.SHA256,
				IsCA: true, MaxPathLen: ptr(0), KeyUsage: []string{pki.KUDigitalSignature, pki.KUCertSign, pki.KUCRLSign}},
			leafSpec(ServerHost, "www."+ServerHost),
		},
		Server: Server{Send: []string{Leaf, Intermediate}},
		Client: Client{Dial: ServerHost, Verify: VerifyTrue},
	}
}

func leafSpec(names ...string) pki.Spec {
	return pki.Spec{Name: Leaf, Issuer: Intermediate, CommonName: names[0], DNSNames: names,
		NotBefore: -30, NotAfter: 60, Key: pki.ECDSAP256,
		KeyUsage: []string{pki.KUDigitalSignature}, ExtKeyUsage: []string{pki.EKUServerAuth}}
}

// shopSpec is the certificate of shop.example, another site on the bank's
// server, named name.
func shopSpec(name string) pki.Spec {
	sp := leafSpec("shop.example", "www.shop.example")
	sp.Name = name
	return sp
}

// withCorporateCA replaces the public PKI with a company's own root and
// intermediate, and the bank with an internal host.
func withCorporateCA(s *Scenario) {
	s.Certs[0].CommonName, s.Certs[0].Organization, s.Certs[0].Public = "Example Corp Root CA", "Example Corp", false
	s.Certs[0].Key, s.Certs[0].Hash = pki.RSA3072, pki.SHA256
	s.Certs[1].CommonName, s.Certs[1].Organization = "Example Corp Issuing CA", "Example Corp"
	s.Certs[1].Key, s.Certs[1].Hash = pki.RSA2048, pki.SHA256
	s.Certs[2] = leafSpec("vault.corp.example")
	s.Certs[2].Key = pki.RSA2048
	s.Client.Dial = "vault.corp.example"
}

// withInspectingProxy makes what answers for the public bank the company's
// TLS-inspecting proxy: a certificate for the bank's name, re-signed on the fly by
// the proxy's issuing CA under the company's root, which only IT installs.
func withInspectingProxy(s *Scenario) {
	r, im := s.Spec(Root), s.Spec(Intermediate)
	r.CommonName, r.Organization, r.Public = "Example Corp Root CA", "Example Corp", false
	im.CommonName, im.Organization = "Example Corp TLS Inspection CA", "Example Corp"
	s.leaf().NotBefore, s.leaf().NotAfter = -1, 13
}

// oldRoot is the root of a bundle left over from another project.
const oldRoot = "old-project-root"

// withOldProjectCA adds the root of an old project's bundle, which the
// courier's environment still names.
func withOldProjectCA(s *Scenario) {
	s.Certs = append(s.Certs, pki.Spec{Name: oldRoot, CommonName: "Old Project Root CA", Organization: "Example Corp",
		NotBefore: -1000, NotAfter: 2650, Key: pki.ECDSAP256, Hash: pki.SHA256,
		IsCA: true, KeyUsage: []string{pki.KUCertSign, pki.KUCRLSign}})
}

// The playground's own CA publishes its CRLs and answers OCSP at these
// addresses (RFC 5280 4.2.1.13, RFC 6960): the page, the kit and serve-stories
// serve what is published there.
const (
	RootCRLURL         = "http://crl.playground.example/root.crl"
	IntermediateCRLURL = "http://crl.playground.example/issuing-ca-1.crl"
	OCSPURL            = "http://ocsp.playground.example/"
)

// withRevocation makes the public CA publish revocation for the intermediate
// and the leaf, the one named revoked, and the bank staple the leaf's OCSP
// response.
func withRevocation(s *Scenario, revoked string) {
	im, l := s.Spec(Intermediate), s.leaf()
	im.CRLURL, im.OCSPURL = RootCRLURL, OCSPURL
	l.CRLURL, l.OCSPURL = IntermediateCRLURL, OCSPURL
	s.Spec(revoked).Revoked = true
	s.Server.StapleOCSP = true
}

// withBadge adds the bank's client CA and the courier's badge, and makes the bank
// require and verify it.
func withBadge(s *Scenario, mode CertMode) {
	s.Certs = append(s.Certs, clientCASpec(ClientCA), badgeSpec(BadgeName, ClientCA))
	s.Server.ClientAuth, s.Server.ClientCAs = AuthRequireAndVerify, []string{ClientCA}
	s.Client.Cert = mode
	if mode.HasBadge() {
		s.Client.Badge = BadgeName
	}
	if mode == CertEncryptedKey {
		s.Client.KeyPassword = "correct horse battery staple"
	}
}

// oldBank makes the bank speak only version v, and the courier allow it.
func oldBank(s *Scenario, v Version) {
	s.Server.MinVersion, s.Server.MaxVersion = v, v
	s.Client.MinVersion = v
}

// clientCASpec is the bank's own badge office.
func clientCASpec(name string) pki.Spec {
	return pki.Spec{Name: name, CommonName: "Bank Courier CA", Organization: "Bank of Example",
		NotBefore: -730, NotAfter: 1825, Key: pki.ECDSAP256, IsCA: true,
		KeyUsage: []string{pki.KUCertSign, pki.KUCRLSign}}
}

// badgeSpec is a courier's badge, issued by issuer.
func badgeSpec(name, issuer string) pki.Spec {
	return pki.Spec{Name: name, Issuer: issuer, CommonName: "courier-42", Organization: "Courier Co",
		NotBefore: -10, NotAfter: 355, Key: pki.ECDSAP256,
		KeyUsage: []string{pki.KUDigitalSignature}, ExtKeyUsage: []string{pki.EKUClientAuth}}
}

// GiveBadge sets all a courier's badge takes, in one go: a badge office the
// bank trusts (its own, or the first it already trusts), a badge from it (the
// courier's, if it has one), cert= the certificate and its key, and a bank
// that demands and checks badges (one that checks a badge if shown keeps
// that policy).
func GiveBadge(s *Scenario) {
	ca := ""
	for _, n := range s.Server.ClientCAs {
		if c := s.Spec(n); c != nil && c.IsCA {
			ca = n
			break
		}
	}
	if ca == "" {
		ca = s.freeName(ClientCA)
		s.Certs = append(s.Certs, clientCASpec(ca))
	}
	badge := s.Client.Badge
	if badge == "" || s.Spec(badge) == nil {
		badge = s.freeName(BadgeName)
		s.Certs = append(s.Certs, badgeSpec(badge, ca))
	}
	if !s.Client.Cert.HasBadge() {
		s.Client.Cert = CertTuple
	}
	s.Client.Badge = badge
	if s.Server.ClientAuth != AuthVerifyIfGiven {
		s.Server.ClientAuth = AuthRequireAndVerify
	}
	if !slices.Contains(s.Server.ClientCAs, ca) {
		s.Server.ClientCAs = append(s.Server.ClientCAs, ca)
	}
}

// freeName is name, or name-2, name-3…: the first no certificate has.
func (s *Scenario) freeName(name string) string {
	n := name
	for i := 2; s.Spec(n) != nil; i++ {
		n = name + "-" + strconv.Itoa(i)
	}
	return n
}

func (s *Scenario) leaf() *pki.Spec  { return s.Spec(Leaf) }
func (s *Scenario) badge() *pki.Spec { return s.Spec(BadgeName) }

// Presets are the stories of ../shared/SCENARIOS.md, in the order the page lists them.
var Presets = []*Preset{
	{ID: "verify-true", Chapter: TrustCheck, Title: "Everything in order (verify=True)",
		Story: "The bank shows its ID card and the letter of the issuing office that vouches for it; that office was in turn vouched for by a root authority in the courier's Book of Trusted IDs (certifi's bundle). The courier checks every signature, the dates and the name on the door, and hands over the parcel.",
		build: func(s *Scenario) {}},
	{ID: "verify-false-mitm", Chapter: TrustCheck, Title: "verify=False lets an imposter in",
		Story: "Someone stands between the courier and the bank, wearing a home-made ID card that says \"bank.example\". With verify=False the courier does not look at IDs at all, so the handshake succeeds and the parcel goes to the imposter. Nothing fails: that is the danger.",
		build: func(s *Scenario) {
			s.Certs = append(s.Certs, pki.Spec{Name: "imposter", CommonName: ServerHost, Organization: "Definitely The Bank",
				DNSNames: []string{ServerHost}, NotBefore: -1, NotAfter: 364, Key: pki.ECDSAP256,
				KeyUsage: []string{pki.KUDigitalSignature}, ExtKeyUsage: []string{pki.EKUServerAuth}})
			s.Imposter = &Imposter{Send: []string{"imposter"}}
			s.Client.Verify = VerifyFalse
		}},
	{ID: "custom-ca-bundle", Chapter: TrustCheck, Title: "Company CA, trusted with verify='/path/ca.pem'",
		Story: "The vault is an internal service whose ID was issued by the company's own certificate office. The courier carries the company's root in its own little book (verify='ca.pem') and so recognises the signature.",
		build: func(s *Scenario) {
			withCorporateCA(s)
			s.Client.Verify, s.Client.Bundle = VerifyBundle, []string{Root}
		}},
	{ID: "custom-ca-bundle-intermediate", Chapter: TrustCheck, Title: "verify='ca.pem' holds the company's issuing CA, not its root",
		Story: "The same internal vault, but the ca.pem the courier was handed holds the company's issuing office, the one that signed the vault's ID, and not the root above it (the certificate one level up from the vault's, exported from a browser, or the file a colleague had at hand). Go and curl take any ID in their little book as the end of the chain, and connect. requests, openssl s_client and Node, on OpenSSL, go on up the book to a root that signed itself, find none, and refuse: \"unable to get issuer certificate\", not the \"unable to get local issuer certificate\" of a bundle without the company's CA at all. Put the company's root in ca.pem.",
		build: func(s *Scenario) {
			withCorporateCA(s)
			s.Client.Verify, s.Client.Bundle = VerifyBundle, []string{Intermediate}
		}},
	{ID: "internal-ca-default-bundle", Chapter: TrustCheck, Title: "Company CA, but the courier only knows the public bundle",
		Story: "The same internal vault, but the courier only carries the public Book of Trusted IDs (verify=True, certifi). The company's office is not in it, so the ID was signed by nobody the courier knows.",
		build: withCorporateCA},
	{ID: "corporate-proxy", Chapter: TrustCheck, Title: "The company's TLS-inspecting proxy re-signs the bank's certificate",
		Story: "At the office, every parcel passes the company's inspection desk (a TLS-inspecting proxy such as Zscaler, Netskope or Palo Alto). It opens the bank's envelope and hands the courier a fresh ID for bank.example, signed by the company's own root, which IT installed on company machines but which certifi has never heard of. verify=True refuses it with \"unable to get local issuer certificate\"; verify='company-ca.pem' (or REQUESTS_CA_BUNDLE) makes it work. Never verify=False: that also lets in anyone who is not your company.",
		build: withInspectingProxy},
	{ID: "env-bundle-overrides-session", Chapter: TrustCheck, Title: "Session.verify = 'ca.pem' ignored: REQUESTS_CA_BUNDLE points elsewhere",
		Story: "The courier's code sets session.verify = 'ca.pem', the company's root, and calls session.get() without verify=. But the machine's environment still has REQUESTS_CA_BUNDLE pointing at an old project's bundle, and with trust_env on (the default) requests takes that variable over the Session's own verify (psf/requests#3829, open since 2017). The company's vault is then signed by nobody in the bundle actually read. curl, openssl, Node and Go, given ca.pem, connect.",
		build: func(s *Scenario) {
			withCorporateCA(s)
			withOldProjectCA(s)
			s.Client.Session, s.Client.Bundle = &Session{Verify: VerifyBundle}, []string{Root}
			s.Client.Env = []EnvVar{{Name: EnvRequestsCABundle, Path: "old-project-ca.pem", Certs: []string{oldRoot}}}
		}},
	{ID: "requests-bundle-precedence", Chapter: TrustCheck, Title: "Which bundle requests reads: the order it follows",
		Story: "Every way of naming a bundle is set at once: session.verify = 'ca.pem', REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE and SSL_CERT_FILE. requests takes the first of: verify= on the call; REQUESTS_CA_BUNDLE, then CURL_CA_BUNDLE (unless trust_env is off); the Session's verify; certifi's bundle. It never reads SSL_CERT_FILE. Here REQUESTS_CA_BUNDLE holds the company's root, so the courier connects; each client's verdict says which bundle it read and why.",
		build: func(s *Scenario) {
			withCorporateCA(s)
			withOldProjectCA(s)
			s.Client.Session, s.Client.Bundle = &Session{Verify: VerifyBundle}, []string{Root}
			s.Client.Env = []EnvVar{
				{Name: EnvRequestsCABundle, Path: "company-ca.pem", Certs: []string{Root}},
				{Name: EnvCurlCABundle, Path: "old-project-ca.pem", Certs: []string{oldRoot}},
				{Name: EnvSSLCertFile, Path: "old-project-ca.pem", Certs: []string{oldRoot}},
			}
		}},
	{ID: "os-trust-store", Chapter: TrustCheck, Title: "The company root is in the machine's store, not in certifi",
		Story: "IT installed the company's root in the machine's own store (/etc/ssl/certs, with update-ca-certificates), and curl, openssl and Go, which on Debian read that store, connect. requests installed with pip reads certifi's copy of Mozilla's roots instead, where the company root is not: \"unable to get local issuer certificate\"; truststore.inject_into_ssl() makes Python read the machine's store too. Debian's own python3-requests reads the machine's store, and connects; Node reads its own copy of Mozilla's roots and refuses, unless NODE_EXTRA_CA_CERTS names the machine's file.",
		build: func(s *Scenario) {
			withCorporateCA(s)
			s.Client.OSStore = []string{Root}
		}},
	{ID: "revoked-leaf", Chapter: TrustCheck, Title: "A revoked certificate, and verify=True lets it pass",
		Story: "The bank's key leaked, and two days ago the issuing office revoked its ID: the office's list of cancelled IDs (its CRL) names it, and its hotline (OCSP) answers \"revoked\"; the bank even staples that answer to its ID. The courier checks signatures, dates and the name, never the list or the hotline: requests, curl, openssl s_client and Go do not check revocation unless told to, so the parcel goes to whoever holds the leaked key.",
		build: func(s *Scenario) { withRevocation(s, Leaf) }},
	{ID: "revoked-intermediate", Chapter: TrustCheck, Title: "A revoked intermediate CA, and verify=True lets it pass",
		Story: "The root authority revoked the issuing office itself: its CRL names the office's letter, and its OCSP hotline answers \"revoked\" for it. The bank's own ID is fine, and its stapled OCSP answer says so, but it hangs from a revoked link. The courier never asks, so everything passes.",
		build: func(s *Scenario) { withRevocation(s, Intermediate) }},
	{ID: "hostname-mismatch", Chapter: TrustCheck, Title: "hostname 'bankofamerica.com' doesn't match",
		Story: "The courier was sent to bankofamerica.com, and the ID card shown is genuine, but it is made out to www.bankofamerica.com only. A valid ID with someone else's name on it proves nothing about the door you knocked on.",
		build: func(s *Scenario) {
			s.Certs[2] = leafSpec("www.bankofamerica.com")
			s.Client.Dial = "bankofamerica.com"
		}},
	{ID: "expired", Chapter: TrustCheck, Title: "The bank's certificate has expired",
		Story:      "The ID card is the bank's own and properly signed, but its expiry date was yesterday. Nobody renewed it.",
		AboutDates: "the bank's ID card expired the day before, and that date is the lesson.",
		build:      func(s *Scenario) { s.leaf().NotBefore, s.leaf().NotAfter = -91, -1 }},
	{ID: "not-yet-valid", Chapter: TrustCheck, Title: "The bank's certificate is not valid yet",
		Story:      "The ID card only becomes valid the day after tomorrow: it was issued for a future date, or the courier's clock is behind.",
		AboutDates: "the bank's ID card becomes valid two days later, and that date is the lesson.",
		build:      func(s *Scenario) { s.leaf().NotBefore, s.leaf().NotAfter = 2, 92 }},
	{ID: "expired-intermediate", Chapter: TrustCheck, Title: "The intermediate CA has expired",
		Story:      "The bank's own ID is in date, but the letter from the issuing office that vouches for it has expired. A chain is only as valid as its weakest link.",
		AboutDates: "the issuing office's letter expired the day before, and that date is the lesson.",
		build:      func(s *Scenario) { s.Spec(Intermediate).NotBefore, s.Spec(Intermediate).NotAfter = -1825, -1 }},
	{ID: "self-signed", Chapter: TrustCheck, Title: "A self-signed certificate",
		Story: "The bank made its own ID card and signed it itself. Anyone can do that, which is exactly why the courier does not accept it.",
		build: func(s *Scenario) {
			l := s.leaf()
			l.Issuer, l.Organization = "", "Bank of Example"
			s.Server.Send = []string{Leaf}
		}},
	{ID: "untrusted-root", Chapter: TrustCheck, Title: "A chain to a root nobody trusts",
		Story: "The bank shows its ID, the issuing office's letter and the root's own self-signed charter. The chain is complete, but the root at its top is not in the courier's Book of Trusted IDs.",
		build: func(s *Scenario) {
			r := s.Spec(Root)
			r.CommonName, r.Organization, r.Public = "Shady Root Authority", "Shady Trust Ltd", false
			s.Server.Send = []string{Leaf, Intermediate, Root}
		}},
	{ID: "missing-intermediate", Chapter: TrustCheck, Title: "The server forgets its intermediate",
		Story: "The bank shows only its own ID card and not the issuing office's letter. The courier knows the root, but cannot connect the ID to it: a link in the middle is missing. Browsers often hide this by fetching the missing letter; requests, curl and Go do not.",
		build: func(s *Scenario) { s.Server.Send = []string{Leaf} }},
	{ID: "cn-only", Chapter: TrustCheck, Title: "The name is only in the Common Name",
		Story: "The ID card has the bank's name in the old \"Common Name\" box and no Subject Alternative Names. Modern clients only read the SAN list, so the card names nobody.",
		build: func(s *Scenario) { s.leaf().DNSNames = nil }},
	{ID: "wrong-eku", Chapter: TrustCheck, Title: "A client certificate used as a server's",
		Story: "The bank shows a genuine ID, but one whose purpose says \"for couriers only\" (extended key usage clientAuth). It is not allowed to identify a server.",
		build: func(s *Scenario) { s.leaf().ExtKeyUsage = []string{pki.EKUClientAuth} }},
	{ID: "not-a-ca", Chapter: TrustCheck, Title: "Signed by a certificate that is not a CA",
		Story: "The bank's ID was signed by someone whose own card says \"not a certificate authority\" (basicConstraints CA:FALSE). Being trusted yourself does not make you allowed to vouch for others.",
		build: func(s *Scenario) {
			im := s.Spec(Intermediate)
			im.IsCA, im.MaxPathLen = false, nil
		}},
	{ID: "name-constraints", Chapter: TrustCheck, Title: "An intermediate limited to other names",
		Story: "The issuing office is only allowed to vouch for names under corp.example (name constraints), yet it signed an ID for bank.example. The courier enforces the limit.",
		build: func(s *Scenario) { s.Spec(Intermediate).PermittedDNS = []string{".corp.example"} }},
	{ID: "sha1-signature", Chapter: TrustCheck, Title: "A certificate signed with SHA-1",
		Story: "The bank's ID was signed with SHA-1, a hash that can be forged. Modern clients no longer accept SHA-1 signatures on certificates.",
		build: func(s *Scenario) {
			s.Spec(Intermediate).Key = pki.RSA2048
			s.leaf().Key, s.leaf().Hash = pki.RSA2048, pki.SHA1
		}},
	{ID: "sha1-intermediate", Chapter: TrustCheck, Title: "An intermediate signed with SHA-1",
		Story: "The bank's own ID is sealed with a modern stamp, but the root sealed the issuing office's letter with SHA-1, years ago. A chain is checked link by link, so the one forgeable seal in the middle is enough for modern clients to refuse it.",
		build: func(s *Scenario) {
			s.Spec(Root).Key, s.Spec(Root).Hash = pki.RSA2048, pki.SHA256
			s.Spec(Intermediate).Hash = pki.SHA1
		}},
	{ID: "weak-key-rsa1024", Chapter: TrustCheck, Title: "An RSA-1024 key",
		Story: "The bank's key is RSA with 1024 bits, too short to be safe today. Go still accepts it, and so does Node, whose OpenSSL runs at security level 1; Python and curl, on Debian's OpenSSL at security level 2, refuse it. Same certificate, different verdicts.",
		build: func(s *Scenario) { s.leaf().Key = pki.RSA1024 }},
	{ID: "rsa-4096-chain", Chapter: TrustCheck, Title: "A chain of RSA-4096 keys",
		Story: "Every ID in the chain, the root's, the issuing office's and the bank's, carries an RSA key of 4096 bits. Nothing is wrong: bigger keys cost a bigger handshake and slower signatures, and every client accepts them.",
		build: func(s *Scenario) {
			for _, name := range []string{Root, Intermediate, Leaf} {
				sp := s.Spec(name)
				sp.Key, sp.Hash = pki.RSA4096, pki.SHA256
			}
		}},
	{ID: "no-subject", Chapter: TrustCheck, Title: "A certificate with an empty subject",
		Story: "The bank's ID has no name in its subject at all, not even a Common Name: its names are only in the Subject Alternative Names list, marked critical as RFC 5280 asks. That is all a modern courier reads, so every client accepts it.",
		build: func(s *Scenario) { s.leaf().CommonName = "" }},
	{ID: "many-sans", Chapter: TrustCheck, Title: "A certificate with a thousand names",
		Story: "The bank sits behind a CDN whose one ID card covers a thousand sites: bank.example, www.bank.example and 998 customers of the CDN, customer1.cdn.example to customer998.cdn.example. Nothing is wrong, and every courier finds the bank's name among them. But the card weighs about 25 kB, more than one TLS record holds (16 kB), so the bank's Certificate message travels in two records, and every courier downloads all thousand names on every new connection.",
		build: func(s *Scenario) { s.leaf().MoreNames = 998 }},
	{ID: "wildcard-too-deep", Chapter: TrustCheck, Title: "A wildcard one level too shallow",
		Story: "The ID is made out to *.bank.example, and the courier knocks on a.b.bank.example. A wildcard stands for exactly one label, so it covers a.bank.example but not a.b.bank.example.",
		build: func(s *Scenario) {
			s.Certs[2] = leafSpec("*." + ServerHost)
			s.Client.Dial = "a.b." + ServerHost
		}},
	{ID: "ip-mismatch", Chapter: TrustCheck, Title: "Connecting by an IP address the certificate does not list",
		Story: "The courier goes to the bank by its street number, 192.0.2.20, but the ID lists only bank.example and 192.0.2.10. An address is checked against the IP addresses on the card, never against names.",
		build: func(s *Scenario) {
			s.leaf().IPAddresses = []string{"192.0.2.10"}
			s.Client.Dial = "192.0.2.20"
		}},
	{ID: "sni-default-certificate", Chapter: TrustCheck, Title: "Dialled by address, the bank shows its default certificate",
		Story: "The bank's server at 192.0.2.10 answers for two sites and picks the ID card to show by the name the courier gives at the door (SNI, in the ClientHello): bank.example gets the bank's own, anyone else its default card, made out to shop.example. The courier goes by street number, 192.0.2.10, and a courier dialling an address gives no name at all, so it is shown the default card, which names neither the bank nor the address. Dial https://bank.example/ and the bank's own card answers.",
		build: func(s *Scenario) {
			s.Certs = append(s.Certs, shopSpec(DefaultLeaf))
			s.Server.Send = []string{DefaultLeaf, Intermediate}
			s.Server.ByName = &NamedChain{Name: ServerHost, Send: []string{Leaf, Intermediate}}
			s.Client.Dial = "192.0.2.10"
		}},
	{ID: "server-wrong-key", Chapter: TrustCheck, Title: "The bank signs with another site's key",
		Story: "The bank's server hosts two sites, bank.example and shop.example, and their files sit side by side: the bank's certificate was installed with the shop's key. nginx, Apache and Go's tls.LoadX509KeyPair refuse to start with such a pair (\"key values mismatch\"), but this server takes the pair as it is given (a Go server that builds its certificate by hand, say). The bank's certificate is fine, and every check of the chain passes; then the bank signs the handshake with the shop's key, the signature does not match the certificate's key, and every courier hangs up, with verify=False too.",
		build: func(s *Scenario) {
			s.Certs = append(s.Certs, shopSpec(OtherSiteLeaf))
			s.Server.Key = OtherSiteLeaf
		}},
	{ID: "3des-only-bank", Chapter: TrustCheck, Title: "A bank that only speaks 3DES",
		Story: "The bank was set up long ago and still allows only 3DES cipher suites, broken in practice since SWEET32 (2016). Modern couriers no longer offer 3DES at all, so the two find no way to seal the parcel and the bank hangs up with a handshake failure alert before any ID is shown.",
		build: func(s *Scenario) {
			for _, name := range []string{Intermediate, Leaf} {
				s.Spec(name).Key = pki.RSA2048
			}
			s.Server.MaxVersion = TLS12
			s.Server.CipherSuites = []string{"TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"}
		}},
	{ID: "pq-bank-classic-courier", Chapter: TrustCheck, Title: "A post-quantum bank and a classic courier",
		Story: "The bank wants its secrets to outlast quantum computers: it prefers X25519MLKEM768, the hybrid of X25519 and ML-KEM that Go offers by default, and settles for P-256 only. This courier knows no ML-KEM (as Python, curl and Node on an OpenSSL older than 3.5) and sends a key share for X25519 alone, which the bank does not take: the bank answers with a HelloRetryRequest asking for P-256, and the courier starts again. The parcel arrives, sealed with a classical key exchange that a future quantum computer could open from a recording.",
		build: func(s *Scenario) {
			s.Server.Groups = []Group{X25519MLKEM768, P256}
			// OpenSSL 3.0's default groups, less x448, which Go lacks.
			s.Client.Groups = []Group{X25519, P256, P521, P384}
		}},
	{ID: "tls10-bank", Chapter: TrustCheck, Title: "A bank that speaks only TLS 1.0",
		Story: "The bank's server was set up in 2010 and speaks TLS 1.0 only, deprecated since 2021 (RFC 8996). This courier was told to allow it (in Go, MinVersion: tls.VersionTLS10), so the parcel crosses, sealed with TLS 1.0's CBC records and the SHA-1 and MD5 inside its handshake. The same call from Python, curl, openssl or Node, even allowed TLS 1.0, is refused by their OpenSSL at its default security level; and Go's courier, left to its defaults, wants TLS 1.2 at least.",
		build: func(s *Scenario) { oldBank(s, TLS10) }},
	{ID: "tls11-bank", Chapter: TrustCheck, Title: "A bank that speaks only TLS 1.1",
		Story: "The bank speaks TLS 1.1 at most, as deprecated as TLS 1.0 (RFC 8996): each record now carries its own IV, but the handshake still signs with SHA-1 and MD5. This courier was told to allow it (in Go, MinVersion: tls.VersionTLS11) and gets through; Python, curl, openssl and Node refuse at their default security level, and Go's courier with its defaults wants TLS 1.2.",
		build: func(s *Scenario) { oldBank(s, TLS11) }},
	{ID: "tls-version-mismatch", Chapter: TrustCheck, Title: "No TLS version in common",
		Story: "The courier speaks TLS 1.2 at most; the bank insists on TLS 1.3. They never get as far as showing IDs: the bank hangs up with a \"protocol version\" alert.",
		build: func(s *Scenario) {
			s.Client.MaxVersion, s.Server.MinVersion = TLS12, TLS13
		}},

	{ID: "mtls-ok", Chapter: BadgeCheck, Title: "Mutual TLS with cert=('client.crt', 'client.key')",
		Story: "The bank asks every courier for a badge. The courier shows one issued by the bank's own badge office, and proves it holds the badge's key by signing the handshake. Both sides are satisfied.",
		build: func(s *Scenario) { withBadge(s, CertTuple) }},
	{ID: "badge-optional", Chapter: BadgeCheck, Title: "The bank checks a badge only if one is shown",
		Story: "The bank asks couriers for a badge but lets them in without one (in Go, verify a badge if given; in nginx, an optional client certificate). This courier brings none and is served. A courier that does show a badge must show a good one: a badge from an unknown office is refused.",
		build: func(s *Scenario) {
			withBadge(s, CertNone)
			s.Server.ClientAuth = AuthVerifyIfGiven
		}},
	{ID: "mtls-combined-pem", Chapter: BadgeCheck, Title: "Mutual TLS with one combined PEM file",
		Story: "The same badge and key, this time in one file (cert='client-combined.pem'): the certificate and the private key one after the other. requests accepts either form.",
		build: func(s *Scenario) { withBadge(s, CertCombined) }},
	{ID: "mtls-no-cert", Chapter: BadgeCheck, Title: "The bank demands a badge, the courier has none",
		Story: "The bank asks for a badge and the courier, called without cert=, has nothing to show. The bank refuses with a \"certificate required\" alert. In TLS 1.3 the courier only finds out when it reads the answer.",
		build: func(s *Scenario) { withBadge(s, CertNone) }},
	{ID: "mtls-wrong-ca", Chapter: BadgeCheck, Title: "A badge from an office the bank does not know",
		Story: "The courier shows a badge, but it was issued by another company's badge office. The bank does not recognise the signature and refuses with an \"unknown ca\" alert.",
		build: func(s *Scenario) {
			withBadge(s, CertTuple)
			s.Certs = append(s.Certs, pki.Spec{Name: "other-ca", CommonName: "Other Company Badge CA", Organization: "Other Company",
				NotBefore: -730, NotAfter: 1825, Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}})
			s.badge().Issuer = "other-ca"
		}},
	{ID: "mtls-expired-client", Chapter: BadgeCheck, Title: "The courier's badge has expired",
		Story:      "The badge is genuine and from the right office, but it expired last week. The bank refuses it.",
		AboutDates: "the courier's badge expired a week before, and that date is the lesson.",
		build: func(s *Scenario) {
			withBadge(s, CertTuple)
			s.badge().NotBefore, s.badge().NotAfter = -372, -7
		}},
	{ID: "mtls-sha1-badge", Chapter: BadgeCheck, Title: "A badge signed with SHA-1",
		Story: "The badge office signed the courier's badge with SHA-1, a hash that can be forged. Python, curl, openssl and Node refuse to load such a badge at all (\"ca md too weak\"): they fail before they send the bank a byte of TLS, and the bank never sees the badge. Go loads it and shows it; the bank, a Go server too, refuses to verify a SHA-1 signature, finds no office it trusts that signed the badge, and refuses it with an \"unknown ca\" alert.",
		build: func(s *Scenario) {
			withBadge(s, CertTuple)
			s.Spec(ClientCA).Key = pki.RSA2048
			s.badge().Key, s.badge().Hash = pki.RSA2048, pki.SHA1
		}},
	{ID: "mtls-rsa1024-badge", Chapter: BadgeCheck, Title: "A badge with an RSA-1024 key",
		Story: "The courier's badge carries an RSA key of 1024 bits, too short to be safe today. Python, curl and openssl, on Debian's OpenSSL at security level 2, refuse to load such a badge at all (\"ee key too small\"): they fail before they send the bank a byte of TLS. Go loads it, and so does Node, whose OpenSSL runs at security level 1; the bank accepts it, and they get in. Same badge, different verdicts.",
		build: func(s *Scenario) {
			withBadge(s, CertTuple)
			s.badge().Key = pki.RSA1024
		}},
	{ID: "mtls-wrong-eku", Chapter: BadgeCheck, Title: "A server certificate used as a badge",
		Story: "The courier shows a certificate whose purpose is \"identifies a server\" (serverAuth only). It is not a badge, and the bank refuses it.",
		build: func(s *Scenario) {
			withBadge(s, CertTuple)
			s.badge().ExtKeyUsage = []string{pki.EKUServerAuth}
		}},
	{ID: "mtls-key-mismatch", Chapter: BadgeCheck, Title: "A badge with someone else's key",
		Story: "The courier packed its badge and a key file, but the key belongs to another certificate. It cannot prove the badge is its own, and fails before it even leaves: requests refuses to load the pair.",
		build: func(s *Scenario) { withBadge(s, CertWrongKey) }},
	{ID: "mtls-cert-without-key", Chapter: BadgeCheck, Title: "A badge file without its key",
		Story: "The courier was given cert='client.crt', a file holding only the certificate. Without the private key the badge cannot be used; requests fails with the cryptic \"[SSL] PEM lib\".",
		build: func(s *Scenario) { withBadge(s, CertWithoutKey) }},
	{ID: "mtls-encrypted-key", Chapter: BadgeCheck, Title: "The badge's key is password-protected",
		Story: "The key file is encrypted with a password. requests has no way to pass a password for cert=, so it cannot use the key; neither can Go's tls.X509KeyPair.",
		build: func(s *Scenario) { withBadge(s, CertEncryptedKey) }},
}

// Lookup returns the preset with the given id, or nil.
func Lookup(id string) *Preset {
	for _, p := range Presets {
		if p.ID == id {
			return p
		}
	}
	return nil
}
