package pki

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/tlsplay/tlsplay/internal/tjson"
)

// Cache remembers crafted certificates between builds, so that an editor which
// changes one field re-crafts only the certificates that field affects. A
// certificate is reused when its spec, its issuer's certificate and the clock are
// all unchanged. A nil *Cache remembers nothing.
//
// A cache can also start from certificates crafted earlier (Save, Load): the
// page loads those of the stories, so opening one crafts nothing. Crafting is
// most of a story's first run in a browser, where code runs slowly until it
// is warm.
//
// A certificate's key is kept apart, by its spec alone: a certificate made
// again at another clock (a story played on another day) or under another
// issuer keeps its key, and only its signing is redone. Making a key is the
// slow part of crafting: RSA keys beyond the pool take seconds in a browser.
type Cache struct {
	mu        sync.Mutex
	m         map[string]*Issued
	saved     map[string]savedCert // by hashed key: read on first use
	keys      map[string]crypto.Signer
	savedKeys map[string]*pem.Block // by spec key: read on first use
	crafted   int
	keysMade  int
}

// savedCert is a certificate Load indexed, not parsed yet.
type savedCert struct {
	cert []byte
	key  *pem.Block
}

// cacheLimit bounds a Cache; past it, the cache starts over.
const cacheLimit = 256

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{m: map[string]*Issued{}, saved: map[string]savedCert{},
		keys: map[string]crypto.Signer{}, savedKeys: map[string]*pem.Block{}}
}

// specKey identifies a certificate's key: its spec, whatever the clock.
func specKey(sp *Spec) string {
	js, _ := tjson.Marshal(sp)
	h := sha256.Sum256(js)
	return hex.EncodeToString(h[:])
}

// key is the key the cache keeps for sp's certificates, or nil.
func (c *Cache) key(sp *Spec) crypto.Signer {
	if c == nil {
		return nil
	}
	k := specKey(sp)
	c.mu.Lock()
	defer c.mu.Unlock()
	if key := c.keys[k]; key != nil {
		return key
	}
	if b := c.savedKeys[k]; b != nil {
		if key, err := parseKey(b); err == nil {
			c.keys[k] = key
			return key
		}
	}
	return nil
}

func (c *Cache) putKey(sp *Spec, key crypto.Signer, made bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.keys) >= cacheLimit {
		clear(c.keys)
	}
	c.keys[specKey(sp)] = key
	if made {
		c.keysMade++
	}
}

// KeysMade counts the keys this cache's builds made, rather than reused.
func (c *Cache) KeysMade() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.keysMade
}

// cacheKey identifies what a certificate depends on.
func cacheKey(sp *Spec, issuer *Issued, now time.Time) string {
	js, _ := tjson.Marshal(sp)
	var parent [sha256.Size]byte
	if issuer != nil {
		parent = sha256.Sum256(issuer.Cert.Raw)
	}
	return fmt.Sprintf("%s|%x|%d", js, parent, now.UnixNano())
}

// savedKey is how Save names a cache key: its hash, so a saved set does not
// spell out every spec.
func savedKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

func (c *Cache) get(key string, sp *Spec) *Issued {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	is := c.m[key]
	s, ok := c.saved[savedKey(key)]
	c.mu.Unlock()
	if is != nil || !ok {
		return is
	}
	is, err := s.issued(sp)
	if err != nil {
		return nil // crafted afresh instead
	}
	c.put(key, is, false)
	return is
}

func (c *Cache) put(key string, is *Issued, crafted bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= cacheLimit {
		clear(c.m)
	}
	c.m[key] = is
	if crafted {
		c.crafted++
	}
}

// Crafted counts the certificates this cache's builds crafted, rather than
// took from the cache or from what it loaded.
func (c *Cache) Crafted() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.crafted
}

// PEM block types and headers of a saved cache.
const (
	savedCertType = "CERTIFICATE"
	savedKeyType  = "PRIVATE KEY"    // PKCS #8
	pooledKeyType = "POOLED RSA KEY" // no body: which key of the embedded pool
	headerKey     = "Cache-Key"
	headerSpec    = "Spec-Key" // the key's, by its spec alone (specKey)
	headerBits    = "Bits"
	headerIndex   = "Index"
)

// Save writes the certificates the cache holds, each with its key, as PEM
// that Load reads back. An RSA key of the embedded pool is written as its
// place in the pool, which Load resolves to the very same key: builds keep
// handing out distinct pooled keys.
func (c *Cache) Save(w io.Writer) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]string, 0, len(c.m))
	for k := range c.m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return bytes.Compare([]byte(savedKey(a)), []byte(savedKey(b))) })
	for _, k := range keys {
		is := c.m[k]
		h := map[string]string{headerKey: savedKey(k)}
		if err := pem.Encode(w, &pem.Block{Type: savedCertType, Headers: h, Bytes: is.Cert.Raw}); err != nil {
			return err
		}
		kb, err := keyBlock(is.Key)
		if err != nil {
			return fmt.Errorf("pki: saving %q: %v", is.Spec.Name, err)
		}
		kb.Headers[headerKey] = h[headerKey]
		kb.Headers[headerSpec] = specKey(&is.Spec)
		if err := pem.Encode(w, kb); err != nil {
			return err
		}
	}
	return nil
}

func keyBlock(key crypto.Signer) (*pem.Block, error) {
	if k, ok := key.(*rsa.PrivateKey); ok {
		bits := k.N.BitLen()
		if i := slices.Index(rsaPool()[bits], k); i >= 0 {
			return &pem.Block{Type: pooledKeyType, Headers: map[string]string{
				headerBits: strconv.Itoa(bits), headerIndex: strconv.Itoa(i)}}, nil
		}
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return &pem.Block{Type: savedKeyType, Headers: map[string]string{}, Bytes: der}, nil
}

// Load indexes certificates Save wrote; each is parsed when a build first
// asks for it. A saved certificate is used only where the cache would reuse
// one: same spec, same issuer certificate, same clock.
func (c *Cache) Load(saved []byte) error {
	index := map[string]savedCert{}
	for rest := saved; ; {
		var cb, kb *pem.Block
		cb, rest = pem.Decode(rest)
		if cb == nil {
			if len(bytes.TrimSpace(rest)) > 0 {
				return errors.New("pki: saved certificates: text that is no PEM")
			}
			break
		}
		kb, rest = pem.Decode(rest)
		if cb.Type != savedCertType || kb == nil || (kb.Type != savedKeyType && kb.Type != pooledKeyType) ||
			cb.Headers[headerKey] == "" || kb.Headers[headerKey] != cb.Headers[headerKey] {
			return errors.New("pki: saved certificates: expected a certificate and its key, under one Cache-Key")
		}
		index[cb.Headers[headerKey]] = savedCert{cert: cb.Bytes, key: kb}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, s := range index {
		c.saved[k] = s
		if sk := s.key.Headers[headerSpec]; sk != "" {
			c.savedKeys[sk] = s.key
		}
	}
	return nil
}

// issued parses a saved certificate for sp, checking its key is the one the
// certificate names.
func (s savedCert) issued(sp *Spec) (*Issued, error) {
	cert, err := x509.ParseCertificate(s.cert)
	if err != nil {
		return nil, err
	}
	key, err := parseKey(s.key)
	if err != nil {
		return nil, err
	}
	if pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(cert.PublicKey) {
		return nil, errors.New("the key is not the certificate's")
	}
	return &Issued{Spec: *sp, Cert: cert, Key: key}, nil
}

// parseKey reads a saved key: PKCS #8, or its place in the embedded pool.
func parseKey(b *pem.Block) (crypto.Signer, error) {
	if b.Type == pooledKeyType {
		bits, err1 := strconv.Atoi(b.Headers[headerBits])
		i, err2 := strconv.Atoi(b.Headers[headerIndex])
		pool := rsaPool()[bits]
		if err1 != nil || err2 != nil || i < 0 || i >= len(pool) {
			return nil, errors.New("no such pooled key")
		}
		return pool[i], nil
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return nil, err
	}
	key, ok := k.(crypto.Signer)
	if !ok {
		return nil, errors.New("not a signing key")
	}
	return key, nil
}
