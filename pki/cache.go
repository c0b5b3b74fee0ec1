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
	savedKeys map[string]savedBlock // by spec key: a key's block, read on first use
	crafted   int
	keysMade  int
}

// savedCert is a certificate Load indexed, not parsed yet: its block and its
// key's.
type savedCert struct{ cert, key savedBlock }

// cacheLimit bounds a Cache; past it, the cache starts over, with new maps
// (clear of a map is runtime code of its own in the page's WebAssembly).
const cacheLimit = 256

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{m: map[string]*Issued{}, saved: map[string]savedCert{},
		keys: map[string]crypto.Signer{}, savedKeys: map[string]savedBlock{}}
}

// specJSON is a spec as the cache's keys spell it: a build writes each of
// its specs once, for every key it looks up or stores (cacheKey, specKey).
func specJSON(sp *Spec) string {
	js, _ := tjson.Marshal(sp)
	return string(js)
}

// specKey identifies a certificate's key: its spec (specJSON), whatever the
// clock.
func specKey(js string) string {
	h := sha256.Sum256([]byte(js))
	return hex.EncodeToString(h[:])
}

// key is the key the cache keeps for the certificates of the spec whose
// specKey is k, or nil.
func (c *Cache) key(k string) crypto.Signer {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if key := c.keys[k]; key != nil {
		return key
	}
	if b, ok := c.savedKeys[k]; ok {
		if key, err := parseKey(b); err == nil {
			c.keys[k] = key
			return key
		}
	}
	return nil
}

func (c *Cache) putKey(k string, key crypto.Signer, made bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.keys) >= cacheLimit {
		c.keys = map[string]crypto.Signer{}
	}
	c.keys[k] = key
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

// cacheKey identifies what a certificate depends on: its spec (specJSON),
// its issuer's certificate (issuerKey) and the clock.
func cacheKey(js, issuer string, now time.Time) string {
	return js + "|" + issuer + "|" + strconv.FormatInt(now.UnixNano(), 10)
}

// issuerKey is how cacheKey names an issuer: its certificate's SHA-256 in
// hex, and for none (a self-signed certificate) as many zeros.
func issuerKey(issuer *Issued) string {
	var parent [sha256.Size]byte
	if issuer != nil {
		parent = sha256.Sum256(issuer.Cert.Raw)
	}
	return hex.EncodeToString(parent[:])
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
	c.mu.Unlock()
	if is != nil {
		return is
	}
	c.mu.Lock()
	s, ok := c.saved[savedKey(key)]
	c.mu.Unlock()
	if !ok {
		return nil
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
		c.m = map[string]*Issued{}
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
		kb.Headers[headerSpec] = specKey(specJSON(&is.Spec))
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
//
// Load only finds the blocks and checks their form (decoding all of the
// stories' blocks was 20 ms of a cold page's start, for the few a visit
// uses), and refuses all of saved if any block is amiss.
func (c *Cache) Load(saved []byte) error {
	var index []savedBlock
	for rest := saved; ; {
		var cb, kb savedBlock
		var err error
		if cb, rest, err = nextBlock(rest); err != nil {
			return err
		}
		if cb.text == nil {
			break
		}
		if kb, rest, err = nextBlock(rest); err != nil {
			return err
		}
		if !cb.pairs(kb) {
			return errNotPairs
		}
		index = append(index, cb, kb)
	}
	c.keep(index)
	return nil
}

var errNotPairs = errors.New("pki: saved certificates: expected a certificate and its key, under one Cache-Key")

// keep keeps the blocks of a saved set, each certificate followed by its
// key, for the builds to come.
func (c *Cache) keep(blocks []savedBlock) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := 0; i < len(blocks); i += 2 {
		cb, kb := blocks[i], blocks[i+1]
		c.saved[cb.cacheKey] = savedCert{cert: cb, key: kb}
		if kb.specKey != "" {
			c.savedKeys[kb.specKey] = kb
		}
	}
}

// savedBlock is a block of a saved cache as Load finds it: its type, the
// headers it is indexed by, and its text, for pem.Decode once it is used;
// or, from a packed set (LoadPacked), the block itself.
type savedBlock struct {
	typ, cacheKey, specKey string
	text                   []byte
	block                  *pem.Block
}

// pairs reports whether b is a certificate and k its key, under one Cache-Key.
func (b savedBlock) pairs(k savedBlock) bool {
	return b.typ == savedCertType && (k.typ == savedKeyType || k.typ == pooledKeyType) &&
		b.cacheKey != "" && k.cacheKey == b.cacheKey
}

// decode is the block, nil if its text is no PEM.
func (b savedBlock) decode() *pem.Block {
	if b.block != nil {
		return b.block
	}
	block, _ := pem.Decode(b.text)
	return block
}

// nextBlock finds the block at the start of saved (after blank space), as
// pem.Encode writes it: a BEGIN line, "Name: value" headers, a base64 body
// that pem.Decode will decode, the END line of its type. It returns a zero
// block at the end of saved.
func nextBlock(saved []byte) (b savedBlock, rest []byte, err error) {
	const begin, end, dashes = "-----BEGIN ", "-----END ", "-----"
	rest = bytes.TrimLeft(saved, " \t\r\n")
	if len(rest) == 0 {
		return b, nil, nil
	}
	start := rest
	line, rest := pemLine(rest)
	typ, ok1 := bytes.CutPrefix(line, []byte(begin))
	typ, ok2 := bytes.CutSuffix(typ, []byte(dashes))
	if !ok1 || !ok2 {
		return b, nil, errors.New("pki: saved certificates: text that is no PEM")
	}
	b.typ = string(typ)
	for len(rest) > 0 {
		line, next := pemLine(rest)
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			break
		}
		switch string(bytes.TrimSpace(name)) {
		case headerKey:
			b.cacheKey = string(bytes.TrimSpace(value))
		case headerSpec:
			b.specKey = string(bytes.TrimSpace(value))
		}
		rest = next
	}
	body := start[len(start)-len(rest)-1:] // from the line end before it
	at := bytes.Index(body, []byte("\n"+end))
	if at < 0 {
		return b, nil, fmt.Errorf("pki: saved certificates: a %s block cut short", b.typ)
	}
	line, next := pemLine(body[at+1:])
	if string(line) != end+b.typ+dashes {
		return b, nil, fmt.Errorf("pki: saved certificates: a %s block cut short", b.typ)
	}
	if !isBase64(body[:at]) {
		return b, nil, fmt.Errorf("pki: saved certificates: a %s block whose body is damaged (not base64)", b.typ)
	}
	b.text = start[:len(start)-len(next)]
	return b, next, nil
}

// pemLine is the first line of text without its line end and trailing
// spaces, as pem.Decode reads one, and the text after it.
func pemLine(text []byte) (line, rest []byte) {
	line, rest, _ = bytes.Cut(text, []byte("\n"))
	return bytes.TrimRight(line, " \t\r"), rest
}

// isBase64 reports whether base64.StdEncoding decodes a PEM body, whose
// spaces, tabs and line ends pem.Decode drops: Load tells a damaged body
// without decoding it.
func isBase64(body []byte) bool {
	n, pad := 0, 0
	for _, ch := range body {
		switch {
		case ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n':
		case ch == '=':
			n, pad = n+1, pad+1
		case pad == 0 && ('A' <= ch && ch <= 'Z' || 'a' <= ch && ch <= 'z' || '0' <= ch && ch <= '9' || ch == '+' || ch == '/'):
			n++
		default:
			return false
		}
	}
	return n%4 == 0 && pad <= 2
}

// issued parses a saved certificate for sp, checking its key is the one the
// certificate names.
func (s savedCert) issued(sp *Spec) (*Issued, error) {
	cb := s.cert.decode()
	if cb == nil {
		return nil, errors.New("no PEM")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
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

// parseKey reads a saved key's block: PKCS #8, or its place in the embedded
// pool.
func parseKey(saved savedBlock) (crypto.Signer, error) {
	b := saved.decode()
	if b == nil {
		return nil, errors.New("no PEM")
	}
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
