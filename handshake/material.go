package handshake

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// Material is a scenario made concrete: its certificates and keys crafted, its
// trust stores filled, its badge files written as the courier would have them.
type Material struct {
	Scenario *scenario.Scenario
	Set      *pki.Set

	// Sent is what answers the courier sends (the bank, or the imposter), in order;
	// Key is the private key it holds.
	Sent []*x509.Certificate
	Key  crypto.Signer

	// Default is the chain (and key) the answering server sends a courier
	// naming nothing it chooses by (the bank's Send, or the imposter's);
	// ByName the bank's chain for its ByName, nil without one.
	Default, ByName *Chain

	// Trusted lists the scenario certificates the courier trusts: the public ones
	// for verify=True, the bundle for verify=bundle, none for verify=False.
	Trusted []*x509.Certificate
	// Roots is the courier's trust store: Trusted, plus Mozilla's roots for
	// verify=True. Nil for verify=False.
	Roots *x509.CertPool

	// ClientCAs is what the bank trusts to issue badges.
	ClientCAs     []*x509.Certificate
	ClientCAsPool *x509.CertPool

	// Remote marks a probe of a real server, whose own checks we cannot see.
	Remote bool

	// Known are certificates found outside the connection (a probe's AIA fetch)
	// that may tell a missing intermediate from an unknown authority.
	Known []*x509.Certificate

	// Revocation is what the scenario's issuers publish (CRLs, OCSP
	// responses); Staple the OCSP response the bank staples, if it does.
	Revocation *pki.Revocation
	Staple     []byte

	// Badge files as the courier holds them; empty where the mode has none.
	BadgeCertPEM, BadgeKeyPEM, BadgeCombinedPEM []byte

	// DeferFields leaves the fields of the trace's handshake messages to
	// Trace.FillFields, for an answer whose verdict goes out first (an
	// edit's): decoding them is most of decoding a message.
	DeferFields bool
}

// publicCerts are the certificates of set that stand for public CAs: what
// verify=True trusts besides Mozilla's roots.
func publicCerts(set *pki.Set) []*x509.Certificate {
	var out []*x509.Certificate
	for _, name := range set.Order {
		if is := set.Get(name); is.Spec.Public {
			out = append(out, is.Cert)
		}
	}
	return out
}

// courierRoots is the trust store of the courier on screen: what
// scenario.Resolve says requests reads (the call's bundle, a variable, the
// Session's bundle or certifi's), since the scenario is a requests call; Go's
// crypto/tls checks the chain against it. nil when it checks nothing. Trusted
// are the scenario's certificates in it; the public roots among them bring
// the part of Mozilla's store the set can chain to.
func courierRoots(s *scenario.Scenario, set *pki.Set) (trusted []*x509.Certificate, roots *x509.CertPool, err error) {
	res := s.Resolve(scenario.ReaderRequests)
	if res.Off() {
		return nil, nil, nil
	}
	roots = x509.NewCertPool()
	var names []string
	public := false
	for _, src := range res.Sources {
		public = public || src.Public
		for _, n := range src.Certs {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	if public {
		trusted = publicCerts(set)
		if roots, err = publicRootsFor(set); err != nil {
			return nil, nil, err
		}
	}
	named, err := set.Certs(names)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range named {
		if !slices.Contains(trusted, c) {
			trusted = append(trusted, c)
		}
	}
	for _, c := range trusted {
		roots.AddCert(c)
	}
	return trusted, roots, nil
}

// NewMaterial validates s and crafts everything it describes.
func NewMaterial(s *scenario.Scenario) (*Material, error) {
	return NewMaterialCached(s, nil)
}

// NewMaterialCached is NewMaterial reusing the certificates cache still holds: an
// editor re-crafts only what an edit changed.
func NewMaterialCached(s *scenario.Scenario, cache *pki.Cache) (*Material, error) {
	return NewMaterialContext(context.Background(), s, cache)
}

// NewMaterialContext is NewMaterialCached passing ctx's checkpoint (see
// pki.WithCheckpoint) between the certificates it crafts.
func NewMaterialContext(ctx context.Context, s *scenario.Scenario, cache *pki.Cache) (*Material, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.Now.IsZero() {
		// This package never reads the clock: whoever plays a scenario that
		// happens today says which day that is (scenario.On).
		return nil, errors.New("the scenario has no clock: play it on a day (scenario.On)")
	}
	set, err := cache.BuildContext(ctx, s.Certs, s.Now)
	if err != nil {
		return nil, err
	}
	m := &Material{Scenario: s, Set: set}
	send, key := s.Answering()
	if m.Sent, err = set.Certs(send); err != nil {
		return nil, err
	}
	m.Key = set.Get(key).Key
	if m.Default, err = m.chain(s.Server.Send, s.Server.ServerKey()); err != nil {
		return nil, err
	}
	if s.Imposter != nil {
		m.Default = &Chain{Certs: m.Sent, Key: m.Key}
	} else if n := s.Server.ByName; n != nil {
		if m.ByName, err = m.chain(n.Send, n.Send[0]); err != nil {
			return nil, err
		}
	}

	if m.Trusted, m.Roots, err = courierRoots(s, set); err != nil {
		return nil, err
	}

	if m.ClientCAs, err = set.Certs(s.Server.ClientCAs); err != nil {
		return nil, err
	}
	m.ClientCAsPool = x509.NewCertPool()
	for _, c := range m.ClientCAs {
		m.ClientCAsPool.AddCert(c)
	}
	if err := m.writeBadge(); err != nil {
		return nil, err
	}
	if m.Revocation, err = set.Revocation(s.Now); err != nil {
		return nil, err
	}
	if s.Server.StapleOCSP && s.Imposter == nil {
		if o := m.Revocation.OCSPFor(key); o != nil {
			m.Staple = o.DER
		}
		// Each chain the bank may send staples its own leaf's response.
		if o := m.Revocation.OCSPFor(s.Server.ServerKey()); o != nil {
			m.Default.Staple = o.DER
		}
		if n := s.Server.ByName; n != nil {
			if o := m.Revocation.OCSPFor(n.Send[0]); o != nil {
				m.ByName.Staple = o.DER
			}
		}
	}
	return m, nil
}

// writeBadge produces the courier's badge files as its cert= mode has them.
func (m *Material) writeBadge() error {
	c := &m.Scenario.Client
	if !c.Cert.HasBadge() {
		return nil
	}
	badge := m.Set.Get(c.Badge)
	m.BadgeCertPEM = pki.CertPEM(badge.Cert)
	var err error
	switch c.Cert {
	case scenario.CertTuple, scenario.CertCombined:
		m.BadgeKeyPEM, err = pki.KeyPEM(badge.Key)
	case scenario.CertWrongKey:
		// A key of the same kind that belongs to no certificate of the scenario.
		var other crypto.Signer
		if other, err = pki.SpareKey(badge.Spec.Key); err == nil {
			m.BadgeKeyPEM, err = pki.KeyPEM(other)
		}
	case scenario.CertEncryptedKey:
		m.BadgeKeyPEM, err = pki.EncryptedKeyPEM(badge.Key, c.KeyPassword)
	}
	if err != nil {
		return fmt.Errorf("handshake: writing the badge's key: %v", err)
	}
	m.BadgeCombinedPEM = append(append([]byte(nil), m.BadgeCertPEM...), m.BadgeKeyPEM...)
	return nil
}

// LoadBadge loads the courier's certificate and key the way its cert= mode reads
// the files: a tuple reads two files, a combined PEM (or a lone certificate file)
// reads both from one. The error is Go's own.
func (m *Material) LoadBadge() (*tls.Certificate, error) {
	var (
		cert tls.Certificate
		err  error
	)
	switch m.Scenario.Client.Cert {
	case scenario.CertTuple, scenario.CertWrongKey, scenario.CertEncryptedKey:
		cert, err = tls.X509KeyPair(m.BadgeCertPEM, m.BadgeKeyPEM)
	case scenario.CertCombined, scenario.CertWithoutKey:
		cert, err = tls.X509KeyPair(m.BadgeCombinedPEM, m.BadgeCombinedPEM)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &cert, nil
}

// ServerCertificate is the chain and key the answering server presents to the
// scenario's courier.
func (m *Material) ServerCertificate() tls.Certificate {
	return tls.Certificate{Certificate: rawCerts(m.Sent), PrivateKey: m.Key, OCSPStaple: m.Staple}
}

// Chain is what a server sends, the key it holds and the OCSP response it
// staples (nil for none).
type Chain struct {
	Certs  []*x509.Certificate
	Key    crypto.Signer
	Staple []byte
}

// TLS is the chain as crypto/tls serves it.
func (c *Chain) TLS() *tls.Certificate {
	return &tls.Certificate{Certificate: rawCerts(c.Certs), PrivateKey: c.Key, OCSPStaple: c.Staple}
}

// chain is the named certificates and key.
func (m *Material) chain(send []string, key string) (*Chain, error) {
	certs, err := m.Set.Certs(send)
	if err != nil {
		return nil, err
	}
	return &Chain{Certs: certs, Key: m.Set.Get(key).Key}, nil
}

func rawCerts(certs []*x509.Certificate) [][]byte {
	var out [][]byte
	for _, c := range certs {
		out = append(out, c.Raw)
	}
	return out

}
