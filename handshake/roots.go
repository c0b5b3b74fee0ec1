package handshake

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"golang.org/x/crypto/cryptobyte"
	casn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/tlsplay/tlsplay/pki"
)

// Mozilla's root store (what certifi ships) is the courier's book of trusted
// IDs for verify=True. Parsing all of its roots costs about a quarter of a
// second in a browser, on the first story's critical path. Yet crypto/x509
// looks a certificate's possible parents up by the issuer name the certificate
// carries, and nothing else: a pool holding only the Mozilla roots whose
// subject some certificate of the scenario names as its issuer verifies
// exactly as the whole store does. So roots are indexed by subject (a walk of
// their DER, no parsing) and parsed only when a scenario names one.

// mozillaRoot is one root of Mozilla's store as the store gives it: its DER,
// and its constraint (nil for none).
type mozillaRoot struct {
	der        []byte
	constraint func([]*x509.Certificate) error
}

// A program has the store built in (roots_embed.go), or, built with the tag
// tlsplay_fetchdata as the page's WebAssembly is, fetches it, as the file
// MozillaRootsPEM writes, when a scenario or a pasted chain first needs it
// (roots_fetch.go): mozillaRoots gives the roots in the store's order, and
// mayNameMozilla says whether a certificate could name one as its issuer.

// publicRoot is one root of Mozilla's store, parsed on first use.
type publicRoot struct {
	der        []byte
	constraint func([]*x509.Certificate) error
	// once parses der into cert or err (a sync.Once rather than
	// sync.OnceValue, as in explain's varIndex).
	once sync.Once
	cert *x509.Certificate
	err  error
}

// parse is the root's certificate.
func (r *publicRoot) parse() *x509.Certificate {
	r.once.Do(func() { r.cert, r.err = x509.ParseCertificate(r.der) })
	if r.err != nil {
		panic("handshake: corrupt Mozilla root bundle: " + r.err.Error())
	}
	return r.cert
}

// addTo adds the root to pool, with its constraint.
func (r *publicRoot) addTo(pool *x509.CertPool) {
	if r.constraint == nil {
		pool.AddCert(r.parse())
	} else {
		pool.AddCertWithConstraint(r.parse(), r.constraint)
	}
}

// publicStore is Mozilla's roots in the bundle's order, and by raw subject.
type publicStore struct {
	all       []*publicRoot
	bySubject map[string][]*publicRoot
}

// untilHad is sync.OnceValues that forgets a failure: the next call tries
// again (a file fetched while offline may be there later).
type untilHad[T any] struct {
	mu   sync.Mutex
	have bool
	v    T
	make func() (T, error)
}

func (u *untilHad[T]) get() (T, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.have {
		return u.v, nil
	}
	v, err := u.make()
	if err == nil {
		u.v, u.have = v, true
	}
	return v, err
}

// mozillaStore indexes Mozilla's roots.
var mozillaStore = (&untilHad[*publicStore]{make: func() (*publicStore, error) {
	roots, err := mozillaRoots()
	if err != nil {
		return nil, fmt.Errorf("Mozilla's roots could not be loaded: %v", err)
	}
	st := &publicStore{bySubject: map[string][]*publicRoot{}}
	for _, r := range roots {
		subject, ok := rawSubject(r.der)
		if !ok {
			return nil, errors.New("Mozilla's roots could not be loaded: a root's subject cannot be read")
		}
		pr := &publicRoot{der: r.der, constraint: r.constraint}
		st.all = append(st.all, pr)
		st.bySubject[string(subject)] = append(st.bySubject[string(subject)], pr)
	}
	return st, nil
}}).get

// rawSubject reads the subject of a DER certificate as x509 keeps it in
// RawSubject, without parsing the rest.
func rawSubject(der []byte) ([]byte, bool) {
	in := cryptobyte.String(der)
	var cert, tbs, subject cryptobyte.String
	ok := in.ReadASN1(&cert, casn1.SEQUENCE) &&
		cert.ReadASN1(&tbs, casn1.SEQUENCE) &&
		tbs.SkipOptionalASN1(casn1.Tag(0).Constructed().ContextSpecific()) && // version
		tbs.SkipASN1(casn1.INTEGER) && // serial
		tbs.SkipASN1(casn1.SEQUENCE) && // signature algorithm
		tbs.SkipASN1(casn1.SEQUENCE) && // issuer
		tbs.SkipASN1(casn1.SEQUENCE) && // validity
		tbs.ReadASN1Element(&subject, casn1.SEQUENCE)
	return subject, ok
}

// addPublicRoots adds to pool the Mozilla roots named as issuer by any of certs.
func addPublicRoots(pool *x509.CertPool, certs []*x509.Certificate) error {
	if !slices.ContainsFunc(certs, func(c *x509.Certificate) bool { return mayNameMozilla(c.RawIssuer) }) {
		return nil
	}
	st, err := mozillaStore()
	if err != nil {
		return err
	}
	added := map[*publicRoot]bool{}
	for _, c := range certs {
		for _, r := range st.bySubject[string(c.RawIssuer)] {
			if !added[r] {
				added[r] = true
				r.addTo(pool)
			}
		}
	}
	return nil
}

// publicRootsFor is the part of Mozilla's store that the certificates of set
// can chain to; the courier's trust store for verify=True starts from it.
func publicRootsFor(set *pki.Set) (*x509.CertPool, error) {
	var certs []*x509.Certificate
	for _, name := range set.Order {
		certs = append(certs, set.Get(name).Cert)
	}
	pool := x509.NewCertPool()
	return pool, addPublicRoots(pool, certs)
}

// WarmRoots indexes Mozilla's store ahead of a scenario or a pasted chain
// needing it (a store that cannot be had yet is tried again when needed).
func WarmRoots() { mozillaStore() }

// MozillaCertsPEM is Mozilla's roots as a CA bundle (what certifi ships): a
// CERTIFICATE block each, in the store's order.
func MozillaCertsPEM() ([]byte, error) {
	st, err := mozillaStore()
	if err != nil {
		return nil, err
	}
	var out []byte
	for _, r := range st.all {
		out = pki.AppendPEM(out, "CERTIFICATE", r.der)
	}
	return out, nil
}

// publicBundle is all of Mozilla's store, for a probe of a real host, whose
// chain is not known ahead.
type publicBundle struct {
	pool  *x509.CertPool
	certs []*x509.Certificate
}

// mozillaBundle is all of Mozilla's store, parsed.
var mozillaBundle = (&untilHad[*publicBundle]{make: func() (*publicBundle, error) {
	st, err := mozillaStore()
	if err != nil {
		return nil, err
	}
	b := &publicBundle{pool: x509.NewCertPool()}
	for _, r := range st.all {
		b.certs = append(b.certs, r.parse())
		r.addTo(b.pool)
	}
	return b, nil
}}).get

// distrustHeader is the PEM header of a root that Mozilla distrusts for
// certificates issued after a date (RFC 3339).
const distrustHeader = "Distrust-After"

// parseMozillaRoots reads what MozillaRootsPEM wrote.
func parseMozillaRoots(data []byte) ([]mozillaRoot, error) {
	var roots []mozillaRoot
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("a %s where a root was expected", b.Type)
		}
		r := mozillaRoot{der: b.Bytes}
		if d, ok := b.Headers[distrustHeader]; ok {
			after, err := time.Parse(time.RFC3339, d)
			if err != nil {
				return nil, fmt.Errorf("a distrust date that is no date: %q", d)
			}
			r.constraint = distrustAfter(after)
		}
		roots = append(roots, r)
	}
	if len(roots) == 0 {
		return nil, errors.New("no root in the file")
	}
	return roots, nil
}

// distrustAfter is the constraint of a root distrusted for what it issues
// after a date, as x509roots/fallback words it.
func distrustAfter(after time.Time) func([]*x509.Certificate) error {
	return func(chain []*x509.Certificate) error {
		for _, c := range chain {
			if c.NotBefore.After(after) {
				return fmt.Errorf("certificate issued after distrust-after date %q", after)
			}
		}
		return nil
	}
}

// subjectKey is what mayNameMozilla looks a name up by: the first 8 bytes of
// the SHA-256 of a raw subject, in hex.
func subjectKey(rawSubject []byte) string {
	sum := sha256.Sum256(rawSubject)
	return hex.EncodeToString(sum[:8])
}
