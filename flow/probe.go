package flow

import (
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"net/netip"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
)

// Host is a real host to probe, over connections the caller makes (the probe
// worker: Cloudflare sockets; a test: net.Dial).
type Host struct {
	// Options say whom the probe asks for and what it trusts; each connection
	// is bounded by their Timeout. Intermediates are Issuers' to fill.
	Options handshake.ProbeOptions
	// Dial connects to the host.
	Dial func(ctx context.Context) (net.Conn, error)
	// Issuers fetches the certificates a leaf's caIssuers URLs name; nil
	// fetches nothing.
	Issuers func(ctx context.Context, urls []string) []*x509.Certificate
}

// DialError is a connection to the host that could not be made.
type DialError struct{ Err error }

func (e *DialError) Error() string { return e.Err.Error() }
func (e *DialError) Unwrap() error { return e.Err }

// SilentError is a host that sent not one byte: the connection failed (a
// Cloudflare socket reports a failed connect only on its first read or write),
// or nothing came back in time. It is no story to tell.
type SilentError struct {
	Timeout bool
	// Detail is the client's error when it was not a timeout.
	Detail string
}

func (e *SilentError) Error() string {
	if e.Timeout {
		return "no answer in time"
	}
	return "no answer: " + e.Detail
}

// play probes the host. When the chain ends at an issuer nobody knows, the
// leaf's caIssuers URL may name it: fetched, and the handshake repeated with it
// known, the verdict tells "the server forgot its intermediate" from "signed by
// someone unknown". A fetched certificate never makes a chain pass.
func (h Host) play(ctx context.Context, _ *Engine) (*handshake.Material, *handshake.Trace, error) {
	if h.Dial == nil {
		return nil, nil, fmt.Errorf("flow: a host to probe without a way to connect")
	}
	tr, err := h.once(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	if tr.Outcome.Reason == handshake.UnknownAuthority && h.Issuers != nil {
		if issuers := h.Issuers(ctx, leafIssuerURLs(tr)); len(issuers) > 0 {
			if again, err := h.once(ctx, issuers); err == nil {
				tr = again
			} // else the first answer stands if the host does not answer twice
		}
	}
	tr.DottedSNI = h.dotted(ctx)
	return nil, tr, nil
}

// dotted is what the host answers a ClientHello naming it with its trailing
// dot, as s_client and Node send it (handshake.DottedSNI), when the probe
// dials it so and sends that name; "" when not, or when the host does not
// answer.
func (h Host) dotted(ctx context.Context) string {
	host := h.Options.Host
	if h.Options.SNI != "" || !strings.HasSuffix(host, ".") || strings.Trim(host, ".") == "" {
		return ""
	}
	if _, err := netip.ParseAddr(strings.TrimSuffix(host, ".")); err == nil {
		return ""
	}
	timeout := h.Options.Timeout
	if timeout <= 0 {
		timeout = handshake.DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := h.Dial(ctx)
	if err != nil {
		return ""
	}
	defer conn.Close()
	answer, _ := handshake.DottedSNI(ctx, conn, host, timeout)
	return answer
}

// once is one connection to the host, bounded by the options' timeout.
func (h Host) once(ctx context.Context, intermediates []*x509.Certificate) (*handshake.Trace, error) {
	opt := h.Options
	opt.Intermediates = intermediates
	if opt.Timeout <= 0 {
		opt.Timeout = handshake.DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	conn, err := h.Dial(ctx)
	if err != nil {
		return nil, &DialError{err}
	}
	defer conn.Close()
	tr, err := handshake.Probe(ctx, conn, opt)
	if err != nil {
		return nil, err
	}
	for _, seg := range tr.Segments {
		if seg.Side == handshake.Server {
			return tr, nil
		}
	}
	return nil, &SilentError{Timeout: tr.Outcome.Reason == handshake.Timeout, Detail: tr.Outcome.ClientError}
}

// leafIssuerURLs are the caIssuers URLs of the first certificate the server
// sent, as the trace summarises it.
func leafIssuerURLs(tr *handshake.Trace) []string {
	for _, st := range tr.Steps {
		if st.Side == handshake.Server && st.IsMessage(wire.TypeCertificate) && len(st.Certs) > 0 {
			return st.Certs[0].IssuerURLs
		}
	}
	return nil
}
