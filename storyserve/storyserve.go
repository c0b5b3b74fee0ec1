// Package storyserve serves every story as a real TLS server on this machine, a
// local badssl: each story's bank, crafted around the current time, answers
// under <story>.tlsplay.test, chosen by SNI on one listener or on a port of its
// own. `tlsplay serve-stories` is its command.
package storyserve

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// Domain is the suffix every story's name ends with: .test is reserved (RFC
// 2606), so no real host answers to it.
const Domain = "tlsplay.test"

// Story is one story made real: its scenario renamed under its own host, its
// certificates, the run the engine made of it, and the files a client needs.
type Story struct {
	ID    string
	Title string
	// Host is what a client dials: <id>.tlsplay.test, or the IP address the
	// story dials (such a story sends no SNI).
	Host string
	Set  *export.Set
	// Port is the story's own port with --ports, else the listener's.
	Port int

	config *tls.Config
}

// Craft crafts every preset at the clock now, each renamed under its own host.
func Craft(ctx context.Context, presets []*scenario.Preset, now time.Time) ([]*Story, error) {
	var out []*Story
	for _, p := range presets {
		s := p.Scenario()
		s.Now = now.UTC().Truncate(time.Second)
		Rename(s, p.ID+"."+Domain)
		set, err := export.Build(ctx, s)
		if err != nil {
			return nil, fmt.Errorf("story %s: %w", p.ID, err)
		}
		cfg := set.Material.ServerConfig()
		// The bank judges badges by the real clock, as the clients do.
		cfg.Time = nil
		out = append(out, &Story{ID: p.ID, Title: p.Title, Host: s.Client.Dial, Set: set, config: cfg})
	}
	return out, nil
}

// Rename moves a story to host: the name it dials becomes host, and every name
// under the same registered domain (in certificates, name constraints, SNI)
// moves with it, so that what matches and what does not stays as it was. A
// story that dials an IP address keeps it.
func Rename(s *scenario.Scenario, host string) {
	if _, err := netip.ParseAddr(s.Client.Dial); err == nil {
		return
	}
	home := registered(s.Client.Dial)
	move := func(n string) string {
		switch l := strings.ToLower(n); {
		case l == home:
			return host
		case strings.HasSuffix(l, "."+home):
			return strings.TrimSuffix(l, home) + host
		}
		return n
	}
	moveAll := func(ns []string) {
		for i := range ns {
			ns[i] = move(ns[i])
		}
	}
	s.Client.Dial, s.Client.SNI = move(s.Client.Dial), move(s.Client.SNI)
	for i := range s.Certs {
		c := &s.Certs[i]
		c.CommonName = move(c.CommonName)
		moveAll(c.DNSNames)
		for j, d := range c.PermittedDNS {
			// A constraint is a name or ".name".
			if strings.HasPrefix(d, ".") {
				c.PermittedDNS[j] = "." + move(d[1:])
			} else {
				c.PermittedDNS[j] = move(d)
			}
		}
	}
}

// registered is a name's last two labels: bank.example for a.b.bank.example.
func registered(name string) string {
	labels := strings.Split(strings.ToLower(name), ".")
	if len(labels) <= 2 {
		return strings.ToLower(name)
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

// route is the story a ClientHello's server name asks for: the one whose host
// is the name or a parent of it (a.b.wildcard-too-deep.tlsplay.test), or, with
// no name at all, the first story that dials an IP address.
func route(stories []*Story, serverName string) *Story {
	name := strings.ToLower(serverName)
	for _, st := range stories {
		if name == "" && isIP(st.Host) {
			return st
		}
		if name != "" && (name == st.Host || strings.HasSuffix(name, "."+st.Host)) {
			return st
		}
	}
	return nil
}

func isIP(h string) bool { _, err := netip.ParseAddr(h); return err == nil }

// Server is the stories listening.
type Server struct {
	stories []*Story
	lns     []net.Listener
	wg      sync.WaitGroup
}

// Listen serves the stories at addr: on one listener, each story chosen by
// SNI, or with ports set each story on its own port, from addr's port up (port
// 0: any free ones).
func Listen(stories []*Story, addr string, ports bool) (*Server, error) {
	srv := &Server{stories: stories}
	if !ports {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, err
		}
		port := ln.Addr().(*net.TCPAddr).Port
		// A ClientHello without a name reaches the first story that dials an
		// address; every other such story gets a port of its own.
		var shared []*Story
		for _, st := range stories {
			if isIP(st.Host) && slices.ContainsFunc(shared, func(o *Story) bool { return isIP(o.Host) }) {
				own, err := net.Listen("tcp", net.JoinHostPort(ln.Addr().(*net.TCPAddr).IP.String(), "0"))
				if err != nil {
					ln.Close()
					srv.Close()
					return nil, err
				}
				st.Port = own.Addr().(*net.TCPAddr).Port
				srv.serve(own, st.config, st)
				continue
			}
			st.Port = port
			shared = append(shared, st)
		}
		cfg := &tls.Config{GetConfigForClient: func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
			if st := route(shared, hello.ServerName); st != nil {
				return st.config, nil
			}
			return nil, fmt.Errorf("no story answers to %q (the names end in .%s)", hello.ServerName, Domain)
		}}
		srv.stories = shared
		srv.serve(ln, cfg, nil)
		return srv, nil
	}
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	var base int
	if _, err := fmt.Sscan(p, &base); err != nil {
		return nil, fmt.Errorf("%s: the port is not a number", addr)
	}
	for i, st := range stories {
		port := 0
		if base != 0 {
			port = base + i
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(host, fmt.Sprint(port)))
		if err != nil {
			srv.Close()
			return nil, err
		}
		st.Port = ln.Addr().(*net.TCPAddr).Port
		srv.serve(ln, st.config, st)
	}
	return srv, nil
}

// serve accepts on ln; the story is fixed, or nil to route by SNI.
func (srv *Server) serve(ln net.Listener, cfg *tls.Config, fixed *Story) {
	srv.lns = append(srv.lns, ln)
	srv.wg.Add(1)
	go func() {
		defer srv.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			srv.wg.Add(1)
			go func() {
				defer srv.wg.Done()
				srv.answer(tls.Server(c, cfg), fixed)
			}()
		}
	}()
}

// Close stops every listener and waits for the connections to end.
func (srv *Server) Close() {
	for _, ln := range srv.lns {
		ln.Close()
	}
	srv.wg.Wait()
}

// answer plays one connection: the handshake, then one request. GET / says
// what the story is; /ca.pem is what its courier trusts; anything else gets the
// vault, as the playground's bank answers.
func (srv *Server) answer(c *tls.Conn, st *Story) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if err := c.Handshake(); err != nil {
		// Linger until the client hangs up, so that a reset does not overtake
		// the alert (a TLS 1.3 refusal of a badge follows the client's request).
		raw := c.NetConn()
		raw.SetReadDeadline(time.Now().Add(3 * time.Second))
		io.Copy(io.Discard, raw)
		return
	}
	if st == nil {
		st = route(srv.stories, c.ConnectionState().ServerName)
	}
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil || st == nil {
		return
	}
	if req.Method == http.MethodPost && req.Header.Get("Content-Type") == "application/ocsp-request" {
		// The story's CAs' OCSP responder: the response about the certificate
		// the request names by its serial number.
		asked, _ := io.ReadAll(io.LimitReader(req.Body, 16<<10))
		resp := st.ocspFor(asked)
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(resp), resp)
		return
	}
	body, typ := handshake.Vault, "text/plain"
	switch req.URL.Path {
	case "/":
		body = st.Describe()
	case "/" + export.CAFile:
		body, typ = string(st.Set.File(export.CAFile)), "application/x-pem-file"
	case "/" + export.CRLFile, "/" + export.CACRLFile:
		if f := st.Set.File(req.URL.Path[1:]); f != nil {
			body, typ = string(f), "application/x-pem-file"
		}
	default:
		if crl := st.crlAt(req.URL.Path); crl != nil {
			body, typ = string(crl), "application/pkix-crl"
		}
	}
	fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: %s; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", typ, len(body), body)
}

// ocspUnauthorized is RFC 6960's "unauthorized" response: a certificate this
// responder does not answer for.
var ocspUnauthorized = []byte{0x30, 0x03, 0x0a, 0x01, 0x06}

// ocspFor is the signed OCSP response about the certificate whose serial
// number the request holds (an OCSP request names a certificate by its
// issuer's hashes and its serial; the serials of a story's certificates are
// random and long, so the serial alone tells them apart).
func (st *Story) ocspFor(request []byte) []byte {
	m := st.Set.Material
	if m.Revocation == nil {
		return ocspUnauthorized
	}
	for _, o := range m.Revocation.OCSP {
		serial, err := asn1.Marshal(m.Set.Get(o.Cert).Cert.SerialNumber)
		if err == nil && bytes.Contains(request, serial) {
			return o.DER
		}
	}
	return ocspUnauthorized
}

// crlAt is the CRL a certificate of the story names at path (its
// distribution point's path), nil if none.
func (st *Story) crlAt(path string) []byte {
	if st.Set.Material.Revocation == nil {
		return nil
	}
	for _, c := range st.Set.Material.Revocation.CRLs {
		if u, err := url.Parse(c.URL); err == nil && u.Path == path {
			return c.List.Raw
		}
	}
	return nil
}

// Describe is what GET / answers: the story, Go's verdict, and what each real
// client does when it calls as the story's courier.
func (st *Story) Describe() string {
	s, tr := st.Set.Material.Scenario, st.Set.Trace
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n%s\n\n", st.ID, st.Title, s.Story)
	// Explained as the answer is, with what its cure's replay met next.
	var next *handshake.Trace
	if st.Set.Cure != nil {
		next = st.Set.Cure.Next
	}
	r := explain.NewReportThen(tr, next)
	e := r.Explanation
	fmt.Fprintf(&b, "Verdict: %s.\n%s\n\nFix: %s\n\nThe courier calls: %s\n\nWhat each client does:\n", e.Headline, e.Technical, e.Fix.Summary, e.Fix.Wrong)
	verdicts := r.Clients
	for _, k := range explain.ClientKeys {
		v := verdicts[k]
		what := "works"
		if !v.OK {
			what = "fails: " + v.Message
		}
		fmt.Fprintf(&b, "- %s %s\n", k, what)
	}
	fmt.Fprintf(&b, "\n/%s is what this story's courier trusts.\n", export.CAFile)
	if rv := st.Set.Material.Revocation; !rv.Empty() {
		fmt.Fprintf(&b, "/%s holds the CRLs its CAs publish (/%s: with ca.pem, for s_client -crl_check_all -CAfile)", export.CRLFile, export.CACRLFile)
		for _, c := range rv.CRLs {
			if u, err := url.Parse(c.URL); err == nil {
				fmt.Fprintf(&b, "; %s is the CRL of %s", u.Path, c.List.Issuer.CommonName)
			}
		}
		b.WriteString(". Check revocation with them: curl --crlfile crl.pem --cert-status (the bank staples its OCSP response). POST an OCSP request to / (Content-Type: application/ocsp-request) and its CAs' responder answers.\n")
	}
	return b.String()
}

// PublicRoots is what verify=True trusts here besides Mozilla's roots: every
// story's simulated public roots, once each, as PEM. A story whose courier
// trusts its own bundle serves it at /ca.pem.
func PublicRoots(stories []*Story) []byte {
	seen := map[string]bool{}
	var out []byte
	for _, st := range stories {
		m := st.Set.Material
		for _, name := range m.Set.Order {
			is := m.Set.Get(name)
			if !is.Spec.Public || !isRoot(is.Cert) || seen[string(is.Cert.Raw)] {
				continue
			}
			seen[string(is.Cert.Raw)] = true
			out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: is.Cert.Raw})...)
		}
	}
	return out
}

func isRoot(c *x509.Certificate) bool {
	return c.IsCA && c.CheckSignatureFrom(c) == nil
}

// Hints writes how to reach the stories: each story's host, port and Go's
// verdict, then an /etc/hosts line and curl's --resolve for the names.
func Hints(w io.Writer, stories []*Story, listen string) {
	host, _, _ := net.SplitHostPort(listen)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	var names []string
	for _, st := range stories {
		verdict := st.Set.Trace.Outcome.Reason.String()
		fmt.Fprintf(w, "%-30s https://%s/  (%s)\n", st.ID, net.JoinHostPort(st.Host, fmt.Sprint(st.Port)), verdict)
		if !isIP(st.Host) {
			names = append(names, st.Host)
		}
	}
	sort.Strings(names)
	fmt.Fprintf(w, "\nFor /etc/hosts:\n%s %s\n", host, strings.Join(names, " "))
	if len(stories) > 0 {
		st := stories[0]
		// Commands to copy: every word quoted for sh, the address as --addr
		// gave it.
		port, url := fmt.Sprint(st.Port), fmt.Sprintf("https://%s/", net.JoinHostPort(st.Host, fmt.Sprint(st.Port)))
		fmt.Fprintf(w, "\nOr per call: %s\n", explain.ShellJoin([]string{"curl", "--resolve", st.Host + ":" + port + ":" + host, url}))
		fmt.Fprintf(w, "         or: %s\n", explain.ShellJoin([]string{"curl", "--connect-to", st.Host + ":" + port + ":" + host + ":" + port, url}))
	}
	fmt.Fprintf(w, "The first story that dials an IP address (no SNI) is the one a ClientHello without a server name gets; any other has a port of its own.\n")
}
