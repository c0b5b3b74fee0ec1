package pki

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"time"
)

// Issued is one crafted certificate with its private key.
type Issued struct {
	Spec Spec
	Cert *x509.Certificate
	Key  crypto.Signer
}

// Set is every certificate of a scenario, by name, in the order they were issued
// (issuers before what they sign).
type Set struct {
	byName map[string]*Issued
	Order  []string
}

// Get returns the named certificate, or nil.
func (s *Set) Get(name string) *Issued { return s.byName[name] }

// Certs returns the certificates with the given names, in that order. Unknown names
// are an error: a scenario that names a certificate it lacks is invalid.
func (s *Set) Certs(names []string) ([]*x509.Certificate, error) {
	out := make([]*x509.Certificate, 0, len(names))
	for _, n := range names {
		is := s.byName[n]
		if is == nil {
			return nil, fmt.Errorf("pki: no certificate named %q", n)
		}
		out = append(out, is.Cert)
	}
	return out, nil
}

// Build crafts every spec, issuers first, with validity relative to now. Keys are
// fresh for ECDSA and Ed25519 and taken from the embedded pool for RSA, so that
// crafting takes milliseconds even in a browser.
func Build(specs []Spec, now time.Time) (*Set, error) {
	var c *Cache
	return c.Build(specs, now)
}

// Build is the package's Build, reusing what the cache holds.
func (c *Cache) Build(specs []Spec, now time.Time) (*Set, error) {
	return c.BuildContext(context.Background(), specs, now)
}

// BuildContext is Build passing ctx's checkpoint (see WithCheckpoint) before
// each certificate it crafts: an RSA key made on the spot takes seconds in a
// browser.
func (c *Cache) BuildContext(ctx context.Context, specs []Spec, now time.Time) (*Set, error) {
	order, err := issueOrder(specs)
	if err != nil {
		return nil, err
	}
	for _, sp := range order {
		if ps := sp.Check(); len(ps) > 0 {
			return nil, fmt.Errorf("pki: certificate %q: %v", sp.Name, ps[0])
		}
	}
	// First the certificates the cache still holds (their issuers must be reused
	// too), so that fresh ones never take a pooled key a reused one has.
	set := &Set{byName: make(map[string]*Issued, len(specs))}
	pool := newPoolCursor()
	hits := map[string]*Issued{}
	// Each spec's JSON and each issuer's key, written once for the keys
	// below (nothing to look up in a nil cache).
	var js []string
	issuers := map[*Issued]string{}
	issuerOf := func(is *Issued) string {
		k, ok := issuers[is]
		if !ok {
			k = issuerKey(is)
			issuers[is] = k
		}
		return k
	}
	if c != nil {
		js = make([]string, len(order))
		for i := range order {
			js[i] = specJSON(&order[i])
		}
		for i, sp := range order {
			var issuer *Issued
			if !sp.SelfSigned() {
				if issuer = hits[sp.Issuer]; issuer == nil {
					continue
				}
			}
			if is := c.get(cacheKey(js[i], issuerOf(issuer), now), &sp); is != nil {
				hits[sp.Name] = is
				pool.hold(is.Key)
			}
		}
	}
	for i, sp := range order {
		is := hits[sp.Name]
		if is == nil {
			var issuer *Issued
			if !sp.SelfSigned() {
				issuer = set.byName[sp.Issuer]
			}
			if err := Checkpoint(ctx); err != nil {
				return nil, err
			}
			var keyID string
			if c != nil {
				keyID = specKey(js[i])
			}
			// The spec's key, if the cache keeps one no other certificate
			// of this build holds (a pooled key two specs once had).
			key, made := c.key(keyID), false
			if key != nil && pool.held(key) {
				key = nil
			}
			if key != nil {
				pool.hold(key)
			} else if key, err = pool.key(sp.Key); err != nil {
				return nil, fmt.Errorf("pki: certificate %q: %v", sp.Name, err)
			} else {
				made = true
			}
			if is, err = issue(&sp, issuer, now, key); err != nil {
				return nil, fmt.Errorf("pki: certificate %q: %v", sp.Name, err)
			}
			if c != nil {
				c.put(cacheKey(js[i], issuerOf(issuer), now), is, true)
				c.putKey(keyID, key, made)
			}
		}
		set.byName[sp.Name] = is
		set.Order = append(set.Order, sp.Name)
	}
	return set, nil
}

// issue crafts one certificate, signed by issuer (nil: by itself).
func issue(sp *Spec, issuer *Issued, now time.Time, key crypto.Signer) (*Issued, error) {
	tmpl, err := template(sp, now)
	if err != nil {
		return nil, err
	}
	parent, signer := tmpl, key
	if issuer != nil {
		parent, signer = issuer.Cert, issuer.Key
	}
	tmpl.SignatureAlgorithm = signatureAlgorithm(signer, sp.HashOrDefault())
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), signer)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	// CreateCertificate checked that signer's key is parent's and that the
	// signature verifies with it: the certificate's own check is done.
	if issuer != nil {
		signed(cert, issuer.Cert)
	} else {
		signed(cert, cert)
	}
	return &Issued{Spec: *sp, Cert: cert, Key: key}, nil
}

// issueOrder sorts specs so that each issuer comes before what it signs, and
// rejects duplicate names, unknown issuers and cycles.
func issueOrder(specs []Spec) ([]Spec, error) {
	byName := make(map[string]int, len(specs))
	for i, sp := range specs {
		if _, dup := byName[sp.Name]; dup {
			return nil, fmt.Errorf("pki: two certificates named %q", sp.Name)
		}
		byName[sp.Name] = i
	}
	const (
		unseen = iota
		visiting
		done
	)
	state := make([]int, len(specs))
	var order []Spec
	var visit func(i int) error
	visit = func(i int) error {
		switch state[i] {
		case done:
			return nil
		case visiting:
			return fmt.Errorf("pki: certificate %q is its own issuer's issuer (a cycle)", specs[i].Name)
		}
		state[i] = visiting
		if sp := specs[i]; !sp.SelfSigned() {
			j, ok := byName[sp.Issuer]
			if !ok {
				return fmt.Errorf("pki: certificate %q names an unknown issuer %q", sp.Name, sp.Issuer)
			}
			if err := visit(j); err != nil {
				return err
			}
		}
		state[i] = done
		order = append(order, specs[i])
		return nil
	}
	for i := range specs {
		if err := visit(i); err != nil {
			return nil, err
		}
	}
	return order, nil
}

var keyUsageBits = map[string]x509.KeyUsage{
	KUDigitalSignature: x509.KeyUsageDigitalSignature,
	KUKeyEncipherment:  x509.KeyUsageKeyEncipherment,
	KUCertSign:         x509.KeyUsageCertSign,
	KUCRLSign:          x509.KeyUsageCRLSign,
}

var extKeyUsages = map[string]x509.ExtKeyUsage{
	EKUServerAuth: x509.ExtKeyUsageServerAuth,
	EKUClientAuth: x509.ExtKeyUsageClientAuth,
	EKUAny:        x509.ExtKeyUsageAny,
}

// template turns a spec into an x509 template. What the spec says is what the
// certificate gets: no key usage listed means no key usage extension.
func template(sp *Spec, now time.Time) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	t := &x509.Certificate{
		SerialNumber:          serial.Add(serial, big.NewInt(1)),
		Subject:               pkix.Name{CommonName: sp.CommonName},
		NotBefore:             sp.NotBefore.At(now),
		NotAfter:              sp.NotAfter.At(now),
		DNSNames:              sp.AllDNSNames(),
		BasicConstraintsValid: !sp.NoBasicConstraints,
		IsCA:                  sp.IsCA,
		MaxPathLen:            -1,
		PermittedDNSDomains:   sp.PermittedDNS,
		ExcludedDNSDomains:    sp.ExcludedDNS,
	}
	if sp.IssuerURL != "" {
		t.IssuingCertificateURL = []string{sp.IssuerURL}
	}
	if sp.CRLURL != "" {
		t.CRLDistributionPoints = []string{sp.CRLURL}
	}
	if sp.OCSPURL != "" {
		t.OCSPServer = []string{sp.OCSPURL}
	}
	if sp.Organization != "" {
		t.Subject.Organization = []string{sp.Organization}
	}
	if sp.MaxPathLen != nil {
		t.MaxPathLen = *sp.MaxPathLen
		t.MaxPathLenZero = *sp.MaxPathLen == 0
	}
	for _, ip := range sp.IPAddresses {
		t.IPAddresses = append(t.IPAddresses, net.ParseIP(ip))
	}
	for _, u := range sp.KeyUsage {
		t.KeyUsage |= keyUsageBits[u]
	}
	for _, u := range sp.ExtKeyUsage {
		t.ExtKeyUsage = append(t.ExtKeyUsage, extKeyUsages[u])
	}
	return t, nil
}

// signatureAlgorithm picks the algorithm for an issuer's key and the spec's hash.
func signatureAlgorithm(signer crypto.Signer, h Hash) x509.SignatureAlgorithm {
	pick := func(sha1, sha256, sha384 x509.SignatureAlgorithm) x509.SignatureAlgorithm {
		switch h {
		case SHA1:
			return sha1
		case SHA384:
			return sha384
		}
		return sha256
	}
	switch signer.Public().(type) {
	case *ecdsa.PublicKey:
		return pick(x509.ECDSAWithSHA1, x509.ECDSAWithSHA256, x509.ECDSAWithSHA384)
	case ed25519.PublicKey:
		return x509.PureEd25519
	}
	return pick(x509.SHA1WithRSA, x509.SHA256WithRSA, x509.SHA384WithRSA)
}

// freshKey makes a new ECDSA or Ed25519 key.
func freshKey(k KeyType) (crypto.Signer, error) {
	switch k {
	case ECDSAP256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case ECDSAP384:
		return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case Ed25519:
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		return priv, err
	}
	return nil, fmt.Errorf("unknown key type %q", k)
}
