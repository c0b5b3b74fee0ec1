//go:build js && wasm

package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/syumai/workers/cloudflare/fetch"
	"github.com/syumai/workers/cloudflare/sockets"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
)

// Bounds on fetching a leaf's issuer from its AIA caIssuers URL: one certificate
// is 1–2 kB.
const (
	maxIssuerBytes = 64 << 10
	issuerTimeout  = 3 * time.Second
)

// probe handshakes with t. When the chain ends at an issuer nobody knows, the
// leaf's AIA caIssuers URL may name it: fetched, and the handshake repeated with it
// known, the verdict tells "the server forgot its intermediate" from "signed by
// someone unknown". The fetched certificate never makes a chain pass.
func (s *server) probe(ctx context.Context, t target) (*handshake.Trace, error) {
	tr, err := s.handshake(ctx, t, nil)
	if err != nil || tr.Outcome.Reason != handshake.UnknownAuthority {
		return tr, err
	}
	leaf := serverLeaf(tr)
	if leaf == nil {
		return tr, nil
	}
	issuers := s.fetchIssuers(ctx, leaf.IssuingCertificateURL)
	if len(issuers) == 0 {
		return tr, nil
	}
	again, err := s.handshake(ctx, t, issuers)
	if err != nil {
		return tr, nil // the first answer stands if the host does not answer twice
	}
	return again, nil
}

// handshake is one connection to t, bounded by the configured timeout.
func (s *server) handshake(ctx context.Context, t target, intermediates []*x509.Certificate) (*handshake.Trace, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.timeout)
	defer cancel()
	conn, err := sockets.Connect(ctx, t.addr(), &sockets.SocketOptions{SecureTransport: sockets.SecureTransportOff})
	if err != nil {
		return nil, refuse(http.StatusBadGateway, "cannot connect to %s: %v", t.addr(), err)
	}
	defer conn.Close()
	tr, err := handshake.Probe(ctx, conn, handshake.ProbeOptions{Host: t.host, Port: t.port, SNI: t.sni, Now: time.Now(),
		ExtraRoots: s.cfg.extraRoots, Intermediates: intermediates, Timeout: s.cfg.timeout})
	if err != nil {
		return nil, err
	}
	// A Cloudflare socket reports a failed connect only on its first read or write:
	// a host that sent not one byte is a connection that failed, not a story.
	for _, seg := range tr.Segments {
		if seg.Side == handshake.Server {
			return tr, nil
		}
	}
	if tr.Outcome.Reason == handshake.Timeout {
		return nil, refuse(http.StatusGatewayTimeout, "%s did not answer within %s", t.addr(), s.cfg.timeout)
	}
	return nil, refuse(http.StatusBadGateway, "%s did not answer: %s", t.addr(), tr.Outcome.ClientError)
}

// serverLeaf is the first certificate the server sent, decoded again from the
// trace's Certificate message (the trace summarises certificates, it does not
// carry them).
func serverLeaf(tr *handshake.Trace) *x509.Certificate {
	var version uint16
	for _, v := range []uint16{tls.VersionTLS10, tls.VersionTLS11, tls.VersionTLS12, tls.VersionTLS13} {
		if tls.VersionName(v) == tr.Version {
			version = v
		}
	}
	for _, st := range tr.Steps {
		if st.Side != handshake.Server || st.Kind != handshake.KindMessage || st.Name != "Certificate" {
			continue
		}
		m, err := wire.DecodeMessage(st.Bytes, wire.Context{Version: version, FromServer: true})
		if err != nil || len(m.Certificates) == 0 {
			return nil
		}
		c, err := x509.ParseCertificate(m.Certificates[0])
		if err != nil {
			return nil
		}
		return c
	}
	return nil
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
