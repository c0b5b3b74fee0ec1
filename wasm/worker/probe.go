//go:build js && wasm

package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/syumai/workers/cloudflare/fetch"
	"github.com/syumai/workers/cloudflare/sockets"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/handshake"
)

// Bounds on fetching a leaf's issuer from its AIA caIssuers URL: one certificate
// is 1–2 kB.
const (
	maxIssuerBytes = 64 << 10
	issuerTimeout  = 3 * time.Second
)

// probe handshakes with t, by package flow's one path (which also fetches the
// leaf's issuer when the chain ends at an issuer nobody knows), over a
// Cloudflare socket. A host that cannot be reached, or sends nothing, is a
// refusal, not a story.
func (s *server) probe(ctx context.Context, t target) (*explain.Report, error) {
	run, err := new(flow.Engine).Answer(ctx, flow.Host{
		Options: handshake.ProbeOptions{Host: t.host, Port: t.port, SNI: t.sni, Now: time.Now(),
			ExtraRoots: s.cfg.extraRoots, Timeout: s.cfg.timeout},
		Dial: func(ctx context.Context) (net.Conn, error) {
			return sockets.Connect(ctx, t.addr(), &sockets.SocketOptions{SecureTransport: sockets.SecureTransportOff})
		},
		Issuers: s.fetchIssuers,
	})
	var (
		dial   *flow.DialError
		silent *flow.SilentError
	)
	switch {
	case errors.As(err, &dial):
		return nil, refuse(http.StatusBadGateway, "cannot connect to %s: %v", t.addr(), dial.Err)
	case errors.As(err, &silent) && silent.Timeout:
		return nil, refuse(http.StatusGatewayTimeout, "%s did not answer within %s", t.addr(), s.cfg.timeout)
	case errors.As(err, &silent):
		return nil, refuse(http.StatusBadGateway, "%s did not answer: %s", t.addr(), silent.Detail)
	case err != nil:
		return nil, err
	}
	return run.Report, nil
}

// fetchIssuers fetches the first caIssuers URL this worker may fetch, and returns
// the certificates it holds (DER or PEM); nothing on any failure, since the verdict
// is then simply the unknown authority.
func (s *server) fetchIssuers(ctx context.Context, urls []string) []*x509.Certificate {
	for _, raw := range urls {
		// The server's certificate chose the URL: it goes where a probe may go,
		// rebuilt from what was checked.
		u, err := s.cfg.guard.URL(raw)
		if err != nil {
			continue
		}
		body, err := fetchBounded(ctx, u)
		if err != nil {
			return nil
		}
		return parseCertificates(body)
	}
	return nil
}

// fetchBounded GETs u without following redirects, within issuerTimeout and
// maxIssuerBytes. The Workers fetch binding takes no context, so the wait is cut
// short here; the abandoned fetch ends with the request.
func fetchBounded(ctx context.Context, u *url.URL) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, issuerTimeout)
	defer cancel()
	req, err := fetch.NewRequest(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	type result struct {
		body []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := fetch.NewClient().Do(req, &fetch.RequestInit{Redirect: fetch.RedirectModeManual})
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			done <- result{err: fmt.Errorf("%s: %s", u, resp.Status)}
			return
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxIssuerBytes+1))
		if err == nil && len(body) > maxIssuerBytes {
			err = fmt.Errorf("%s: more than %d bytes", u, maxIssuerBytes)
		}
		done <- result{body, err}
	}()
	select {
	case r := <-done:
		return r.body, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// parseCertificates reads PEM certificates, or else DER (one or several
// concatenated), the two forms caIssuers URLs serve besides PKCS#7.
func parseCertificates(b []byte) []*x509.Certificate {
	var certs []*x509.Certificate
	for rest := b; ; {
		var blk *pem.Block
		if blk, rest = pem.Decode(rest); blk == nil {
			break
		}
		if c, err := x509.ParseCertificate(blk.Bytes); blk.Type == "CERTIFICATE" && err == nil {
			certs = append(certs, c)
		}
	}
	if len(certs) > 0 {
		return certs
	}
	certs, _ = x509.ParseCertificates(b)
	return certs
}
