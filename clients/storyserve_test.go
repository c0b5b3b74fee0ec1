//go:build unix

package clients

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/storyserve"
)

// TestServeStories serves every story on one listener, each chosen by SNI, as
// `tlsplay serve-stories` does, and runs requests and curl against each: they
// do what the story predicts. GET / on a story says which story answered, and
// the public roots trust every story whose courier trusts the public bundle.
func TestServeStories(t *testing.T) {
	needTools(t)
	start := time.Now()
	stories, err := storyserve.Craft(context.Background(), scenario.Presets, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := storyserve.Listen(stories, "127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	crafted := time.Since(start)
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(storyserve.PublicRoots(stories)) {
		t.Fatal("no public roots")
	}
	sem := make(chan struct{}, 3)
	t.Run("stories", func(t *testing.T) {
		for _, st := range stories {
			t.Run(st.ID, func(t *testing.T) {
				t.Parallel()
				sem <- struct{}{}
				defer func() { <-sem }()
				dir := t.TempDir()
				if err := WriteFiles(dir, st.Set.Files); err != nil {
					t.Fatal(err)
				}
				r := Run{Dir: dir, Port: strconv.Itoa(st.Port), S: st.Set.Material.Scenario}
				checkSome(t, st.Set.Trace, r, []string{explain.Requests1, explain.Curl})
				s := st.Set.Material.Scenario
				if s.Resolve(scenario.ReaderRequests).Rule == scenario.RuleCertifi && !s.MTLS() && st.Set.Trace.Outcome.OK {
					if got := getRoot(t, st, roots); !strings.HasPrefix(got, st.ID+": ") {
						t.Errorf("GET / answered %.80q, want the story %s", got, st.ID)
					}
				}
			})
		}
	})
	t.Logf("%d stories crafted in %v, served and checked in %v", len(stories), crafted.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

// getRoot asks the story's host for / as Go's client does, trusting only the
// public roots the server writes with --ca-out.
func getRoot(t *testing.T, st *storyserve.Story, roots *x509.CertPool) string {
	t.Helper()
	c, err := tls.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(st.Port)), &tls.Config{ServerName: st.Host, RootCAs: roots})
	if err != nil {
		t.Fatalf("dial %s: %v", st.Host, err)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: "+st.Host+"\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}
