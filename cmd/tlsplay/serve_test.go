package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/tlsplay/tlsplay/internal/static"
)

// servedSite is a built site as make site leaves it, precompressed, with one
// copy missing (style.css has no .br) and a file too small to compress.
func servedSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":     "<!doctype html>\n" + strings.Repeat("<p>The bank shows its certificate.</p>\n", 60),
		"app.wasm":       "\x00asm\x01\x00\x00\x00" + strings.Repeat(noise(8<<10), 4),
		"style.css":      strings.Repeat(".verdict { color: #b00; }\n", 80),
		"tiny.js":        "1",
		"pic.png":        "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 400),
		"sub/index.html": "<!doctype html>\n" + strings.Repeat("<p>Under a folder.</p>\n", 40),
	}
	for name, data := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := static.Precompress(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "style.css.br")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestServe asks tlsplay serve for the site's files as a browser and other
// clients do, and checks each answer's representation and every header.
func TestServe(t *testing.T) {
	dir := servedSite(t)
	h, prefix, err := siteHandler(dir, "tlsplay", 600)
	if err != nil {
		t.Fatal(err)
	}
	if prefix != "/tlsplay/" {
		t.Fatalf("prefix %q, want /tlsplay/", prefix)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	const (
		browser = "gzip, deflate, br, zstd"
		absent  = "(none)"
	)
	tests := []struct {
		name, method, path, accept string
		status                     int
		file                       string // the file whose bytes are the body ("" for none)
		encoding, contentType      string
		vary                       bool
		location                   string
	}{
		{"index as a browser asks", "GET", "/tlsplay/", browser, 200, "index.html.br", "br", "text/html; charset=utf-8", true, ""},
		{"wasm as a browser asks", "GET", "/tlsplay/app.wasm", browser, 200, "app.wasm.br", "br", "application/wasm", true, ""},
		{"wasm to a client of gzip alone", "GET", "/tlsplay/app.wasm", "gzip", 200, "app.wasm.gz", "gzip", "application/wasm", true, ""},
		{"brotli refused with q=0", "GET", "/tlsplay/app.wasm", "br;q=0, gzip", 200, "app.wasm.gz", "gzip", "application/wasm", true, ""},
		{"gzip weighed above brotli", "GET", "/tlsplay/app.wasm", "gzip;q=0.5, br;q=0.4", 200, "app.wasm.gz", "gzip", "application/wasm", true, ""},
		{"codings in capitals", "GET", "/tlsplay/app.wasm", "GZIP;Q=1", 200, "app.wasm.gz", "gzip", "application/wasm", true, ""},
		{"x-gzip is gzip", "GET", "/tlsplay/app.wasm", "x-gzip", 200, "app.wasm.gz", "gzip", "application/wasm", true, ""},
		{"a weight that does not parse", "GET", "/tlsplay/app.wasm", "br;q=high, gzip", 200, "app.wasm.gz", "gzip", "application/wasm", true, ""},
		{"any coding", "GET", "/tlsplay/app.wasm", "*", 200, "app.wasm.br", "br", "application/wasm", true, ""},
		{"no Accept-Encoding", "GET", "/tlsplay/app.wasm", absent, 200, "app.wasm", "", "application/wasm", true, ""},
		{"an empty Accept-Encoding", "GET", "/tlsplay/app.wasm", "", 200, "app.wasm", "", "application/wasm", true, ""},
		{"identity alone", "GET", "/tlsplay/app.wasm", "identity", 200, "app.wasm", "", "application/wasm", true, ""},
		{"identity weighed above gzip", "GET", "/tlsplay/app.wasm", "gzip;q=0.5, identity", 200, "app.wasm", "", "application/wasm", true, ""},
		{"every coding refused", "GET", "/tlsplay/app.wasm", "*;q=0, identity", 200, "app.wasm", "", "application/wasm", true, ""},
		{"codings the site has none of", "GET", "/tlsplay/app.wasm", "zstd, deflate", 200, "app.wasm", "", "application/wasm", true, ""},
		{"a brotli copy missing: gzip", "GET", "/tlsplay/style.css", browser, 200, "style.css.gz", "gzip", "text/css; charset=utf-8", true, ""},
		{"a brotli copy missing: identity", "GET", "/tlsplay/style.css", "br", 200, "style.css", "", "text/css; charset=utf-8", true, ""},
		{"too small to compress", "GET", "/tlsplay/tiny.js", browser, 200, "tiny.js", "", "application/javascript; charset=utf-8", true, ""},
		{"not compressible", "GET", "/tlsplay/pic.png", browser, 200, "pic.png", "", "image/png", false, ""},
		{"HEAD", "HEAD", "/tlsplay/app.wasm", browser, 200, "app.wasm.br", "br", "application/wasm", true, ""},
		{"a folder's index", "GET", "/tlsplay/sub/", "gzip", 200, "sub/index.html.gz", "gzip", "text/html; charset=utf-8", true, ""},
		{"a folder without its slash", "GET", "/tlsplay/sub", browser, 301, "", "", "", false, "sub/"},
		{"the root goes to the base", "GET", "/", browser, 302, "", "", "", false, "/tlsplay/"},
		{"a gzip copy by its own name", "GET", "/tlsplay/app.wasm.gz", "gzip", 404, "", "", "", false, ""},
		{"a brotli copy by its own name", "GET", "/tlsplay/index.html.br", "", 404, "", "", "", false, ""},
		{"a missing file", "GET", "/tlsplay/missing.js", browser, 404, "", "", "", false, ""},
		{"outside the base", "GET", "/app.wasm", browser, 404, "", "", "", false, ""},
		{"POST", "POST", "/tlsplay/app.wasm", browser, 405, "", "", "", false, ""},
	}
	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	do := func(t *testing.T, method, path, accept, ifNoneMatch string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if accept != absent {
			req.Header["Accept-Encoding"] = []string{accept}
		}
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}
	tags := map[string]string{} // ETag → the file it was given for
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := do(t, tt.method, tt.path, tt.accept, "")
			if resp.StatusCode != tt.status {
				t.Fatalf("%s %s: status %d, want %d", tt.method, tt.path, resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
			if tt.status != 200 {
				return
			}
			hdr := resp.Header
			if got := hdr.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.encoding)
			}
			if got := hdr.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type %q, want %q", got, tt.contentType)
			}
			if got, want := hdr.Get("Vary"), map[bool]string{true: "Accept-Encoding"}[tt.vary]; got != want {
				t.Errorf("Vary %q, want %q", got, want)
			}
			if got := hdr.Get("Cache-Control"); got != "max-age=600" {
				t.Errorf("Cache-Control %q, want max-age=600", got)
			}
			tag := hdr.Get("ETag")
			if len(tag) < 3 || tag[0] != '"' || tag[len(tag)-1] != '"' {
				t.Errorf("ETag %q is not a strong entity tag", tag)
			}
			want, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			// Content-Length even for a representation too large to send
			// in one write, which would otherwise be chunked.
			if resp.ContentLength != int64(len(want)) || len(resp.TransferEncoding) > 0 {
				t.Errorf("Content-Length %d, Transfer-Encoding %q: want a length of %d", resp.ContentLength, resp.TransferEncoding, len(want))
			}
			if tt.method == "HEAD" {
				want = nil
			}
			if !bytes.Equal(body, want) {
				t.Errorf("body is %d bytes, not %s's %d", len(body), tt.file, len(want))
			}
			if prev, ok := tags[tag]; ok && prev != tt.file {
				t.Errorf("ETag %s given to both %s and %s", tag, prev, tt.file)
			}
			tags[tag] = tt.file

			// The same representation, revalidated: 304 with its validators.
			for _, inm := range []string{tag, "W/" + tag, `"other", ` + tag, "*"} {
				resp, body := do(t, tt.method, tt.path, tt.accept, inm)
				if resp.StatusCode != 304 || len(body) != 0 {
					t.Errorf("If-None-Match: %s: status %d with %d bytes, want 304 and none", inm, resp.StatusCode, len(body))
				}
				if got := resp.Header.Get("ETag"); got != tag {
					t.Errorf("If-None-Match: %s: ETag %q, want %q", inm, got, tag)
				}
				if resp.Header.Get("Cache-Control") != "max-age=600" || resp.Header.Get("Vary") != hdr.Get("Vary") {
					t.Errorf("If-None-Match: %s: Cache-Control %q, Vary %q: want those of the 200", inm, resp.Header.Get("Cache-Control"), resp.Header.Get("Vary"))
				}
			}
			if resp, _ := do(t, tt.method, tt.path, tt.accept, `"other"`); resp.StatusCode != 200 {
				t.Errorf("If-None-Match of another tag: status %d, want 200", resp.StatusCode)
			}
		})
	}
	// Each compressed copy is the plain file's bytes.
	for _, name := range []string{"index.html", "app.wasm", "style.css", "sub/index.html"} {
		plain, _ := os.ReadFile(filepath.Join(dir, name))
		for _, e := range static.Encodings {
			packed, err := os.ReadFile(filepath.Join(dir, name+e.Suffix))
			if os.IsNotExist(err) {
				continue
			}
			if got := decode(t, e.Name, packed); !bytes.Equal(got, plain) {
				t.Errorf("%s%s does not decode to %s", name, e.Suffix, name)
			}
		}
	}
}

// A developer's server (--max-age 0) makes the browser revalidate each time.
func TestServeNoCache(t *testing.T) {
	h, _, err := siteHandler(servedSite(t), "/", 0)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/app.wasm", nil))
	if w.Code != 200 || w.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("status %d, Cache-Control %q: want 200, no-cache", w.Code, w.Header().Get("Cache-Control"))
	}
}

// noise is n bytes that do not compress (a fixed sequence, from a
// xorshift generator).
func noise(n int) string {
	b := make([]byte, n)
	x := uint64(0x9e3779b97f4a7c15)
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = byte(x)
	}
	return string(b)
}

func decode(t *testing.T, encoding string, data []byte) []byte {
	t.Helper()
	var r io.Reader
	switch encoding {
	case "br":
		r = brotli.NewReader(bytes.NewReader(data))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", encoding, err)
	}
	return out
}
