// Package static serves the built site as a static host does, and writes the
// precompressed copies such a host serves in place of a file: name.gz and
// name.br beside each compressible file.
//
// A precompressed copy is another representation of the same resource, never a
// resource of its own: the handler sends it only to a client whose
// Accept-Encoding takes it, with Content-Encoding, Vary: Accept-Encoding and an
// ETag of its own, and a request for name.gz or name.br is answered 404.
package static

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// Encoding is a content coding a precompressed copy is in.
type Encoding struct {
	Name   string // the Content-Encoding token
	Suffix string // added to the file's name
	// compress writes data to w at the coding's best compression.
	compress func(w io.Writer, data []byte) error
}

// Encodings are the codings served, best first: when a client takes both
// equally, it gets brotli.
var Encodings = []Encoding{
	{"br", ".br", func(w io.Writer, data []byte) error {
		bw := brotli.NewWriterLevel(w, brotli.BestCompression)
		if _, err := bw.Write(data); err != nil {
			return err
		}
		return bw.Close()
	}},
	{"gzip", ".gz", func(w io.Writer, data []byte) error {
		zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
		if err != nil {
			return err
		}
		if _, err := zw.Write(data); err != nil {
			return err
		}
		return zw.Close()
	}},
}

// contentTypes are the site's kinds of file, named as GitHub Pages names them
// (not from the machine's mime.types, which differ from one system to the next).
// Each of them is compressible.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "application/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".json": "application/json; charset=utf-8",
	".wasm": "application/wasm",
	".pem":  "application/x-pem-file", // the data files the page fetches
}

// Compressible says whether a file of this name gets precompressed copies.
func Compressible(name string) bool {
	_, ok := contentTypes[path.Ext(name)]
	return ok
}

// Precompress writes name.gz and name.br beside each compressible file under
// dir, at the best compression of each coding, unless the copy would be no
// smaller than the file (then a client gets the file itself). Copies already
// there are replaced; the files are compressed in parallel.
func Precompress(dir string) error {
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && Compressible(p) {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	type job struct {
		name string
		enc  Encoding
	}
	var jobs []job
	for _, n := range names {
		for _, e := range Encodings {
			jobs = append(jobs, job{n, e})
		}
	}
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() { errs[i] = precompress(j.name, j.enc) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func precompress(name string, e Encoding) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := e.compress(&out, data); err != nil {
		return fmt.Errorf("%s: %s: %v", name, e.Name, err)
	}
	if out.Len() >= len(data) {
		err := os.Remove(name + e.Suffix)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	return os.WriteFile(name+e.Suffix, out.Bytes(), 0o644)
}

// Handler serves the files under dir as GitHub Pages does: index.html for a
// folder, a strong ETag per representation (If-None-Match gives 304), and
// Cache-Control: max-age=maxAge, or no-cache for 0 (every use revalidates). A
// client that accepts br or gzip gets the precompressed copy when there is one.
func Handler(dir string, maxAge int) (http.Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	cache := "no-cache"
	if maxAge > 0 {
		cache = "max-age=" + strconv.Itoa(maxAge)
	}
	return &handler{root: root, cacheControl: cache, tags: map[string]etag{}}, nil
}

type handler struct {
	root         *os.Root
	cacheControl string

	mu   sync.Mutex
	tags map[string]etag // by file name
}

// etag is a file's ETag, valid while its size and modification time stay.
type etag struct {
	size    int64
	modTime time.Time
	tag     string
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "."
	}
	// A precompressed copy is not a resource of the site.
	for _, e := range Encodings {
		if plain, ok := strings.CutSuffix(name, e.Suffix); ok && Compressible(plain) {
			if _, err := h.root.Stat(plain); err == nil {
				http.NotFound(w, r)
				return
			}
		}
	}
	info, err := h.root.Stat(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			// As a static host does: the folder's URL ends in a slash, so
			// relative URLs in its index.html resolve inside it. The Location
			// stays relative (http.Redirect would root it at r.URL.Path, which
			// lacks the prefix a StripPrefix took off).
			w.Header().Set("Location", (&url.URL{Path: path.Base(r.URL.Path) + "/"}).String())
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		if info, err = h.root.Stat(name); err != nil || !info.Mode().IsRegular() {
			http.NotFound(w, r)
			return
		}
	}
	if !info.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}

	hdr := w.Header()
	hdr.Set("Cache-Control", h.cacheControl)
	if t, ok := contentTypes[path.Ext(name)]; ok {
		hdr.Set("Content-Type", t)
	} else if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		hdr.Set("Content-Type", t)
	}
	file := name
	if Compressible(name) {
		hdr.Add("Vary", "Accept-Encoding")
		accepted := acceptEncoding(r.Header.Values("Accept-Encoding"))
		for _, e := range bestFirst(accepted) {
			if ci, err := h.root.Stat(name + e.Suffix); err == nil && ci.Mode().IsRegular() {
				file, info = name+e.Suffix, ci
				hdr.Set("Content-Encoding", e.Name)
				break
			}
		}
	}
	f, err := h.root.Open(file)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	tag, err := h.etag(file, info, f)
	if err != nil {
		hdr.Del("Content-Encoding")
		http.Error(w, "500 cannot read "+name, http.StatusInternalServerError)
		return
	}
	hdr.Set("ETag", tag)
	// ServeContent answers If-None-Match (304), If-Match, Range and HEAD with
	// this ETag; Content-Type is set above, so it sniffs nothing.
	http.ServeContent(withLength{w, info.Size()}, r, name, info.ModTime(), f)
}

// withLength gives a whole representation its Content-Length, which
// ServeContent leaves out when Content-Encoding is set (the response would be
// chunked, and a browser could not tell how much is left to load).
type withLength struct {
	http.ResponseWriter
	size int64
}

func (w withLength) WriteHeader(code int) {
	if code == http.StatusOK && w.Header().Get("Content-Length") == "" {
		w.Header().Set("Content-Length", strconv.FormatInt(w.size, 10))
	}
	w.ResponseWriter.WriteHeader(code)
}

// etag is the strong ETag of a representation: a hash of its bytes, so the
// plain file and each compressed copy have their own.
func (h *handler) etag(name string, info fs.FileInfo, f io.ReadSeeker) (string, error) {
	h.mu.Lock()
	c, ok := h.tags[name]
	h.mu.Unlock()
	if ok && c.size == info.Size() && c.modTime.Equal(info.ModTime()) {
		return c.tag, nil
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	tag := `"` + hex.EncodeToString(sum.Sum(nil)[:16]) + `"`
	h.mu.Lock()
	h.tags[name] = etag{info.Size(), info.ModTime(), tag}
	h.mu.Unlock()
	return tag, nil
}

// acceptEncoding reads Accept-Encoding (RFC 9110, section 12.5.3): each coding
// named, lowercased, with its weight. "x-gzip" is gzip; a weight that does not
// parse makes its element count for nothing.
func acceptEncoding(values []string) map[string]float64 {
	q := map[string]float64{}
	for _, v := range values {
		for elem := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(elem, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding == "" {
				continue
			}
			if coding == "x-gzip" {
				coding = "gzip"
			}
			weight, ok := 1.0, true
			for p := range strings.SplitSeq(params, ";") {
				k, val, _ := strings.Cut(p, "=")
				if !strings.EqualFold(strings.TrimSpace(k), "q") {
					continue
				}
				w, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
				if err != nil || w < 0 || w > 1 {
					ok = false
					break
				}
				weight = w
			}
			if ok {
				q[coding] = max(q[coding], weight)
			}
		}
	}
	return q
}

// bestFirst is the codings a client takes, by its weights, ties in the order of
// Encodings. A coding it weighs below identity is left out; identity not named
// is the last resort, below every coding it takes.
func bestFirst(q map[string]float64) []Encoding {
	weight := func(coding string) float64 {
		if w, ok := q[coding]; ok {
			return w
		}
		return q["*"]
	}
	identity := q["identity"]
	var out []Encoding
	for _, e := range Encodings {
		if w := weight(e.Name); w > 0 && w >= identity {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b Encoding) int { return cmp.Compare(weight(b.Name), weight(a.Name)) })
	return out
}
