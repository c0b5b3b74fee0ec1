package handshake

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

// Secrets of the TLS 1.3 key schedule, as the key log names them.
const (
	clientHandshakeSecret = "CLIENT_HANDSHAKE_TRAFFIC_SECRET"
	serverHandshakeSecret = "SERVER_HANDSHAKE_TRAFFIC_SECRET"
	clientTrafficSecret   = "CLIENT_TRAFFIC_SECRET_0"
	serverTrafficSecret   = "SERVER_TRAFFIC_SECRET_0"
	masterSecret12        = "CLIENT_RANDOM"
)

// direction is what the analyser knows about one side's outgoing bytes.
type direction struct {
	side    Side
	pending []byte // bytes of a record not yet complete
	hs      []byte // handshake bytes not yet a complete message
	// hsRecords are the record steps hs's bytes came in.
	hsRecords []int
	open      *opener // record protection in force, nil while plaintext
	// pendingOpen is TLS 1.2's protection, derived at the first ChangeCipherSpec
	// and switched on at this side's own.
	pendingOpen *opener
	certs       []*x509.Certificate
	sawCert     bool
}

// analyser walks the recorded bytes in wire order and builds the steps.
type analyser struct {
	m            *Material
	t            *Trace
	dirs         [2]*direction
	secrets      map[string]map[string][]byte
	clientRandom []byte
	serverRandom []byte
	version      wire.Version
	suite        wire.CipherSuite
	notes        []string // what could not be decoded, for the outcome detail
}

func (m *Material) analyse(t *Trace, cres, sres *result, ctxErr error) error {
	a := &analyser{m: m, t: t, secrets: parseKeyLog(t.KeyLog),
		dirs: [2]*direction{{side: Client}, {side: Server}}}
	// The stories make 3 to 11 steps a segment (records, what they carry,
	// secrets and checks): room for 8 and a few spares, rather than growing
	// the steps, a quarter of a kilobyte each, from one to twice as many as
	// there are. (No step stays none: nil.)
	if t.Steps == nil && len(t.Segments) > 0 {
		t.Steps = make([]Step, 0, 8*len(t.Segments)+16)
		defer func() {
			if len(t.Steps) == 0 {
				t.Steps = nil
			}
		}()
	}
	for _, seg := range t.Segments {
		a.segment(seg)
	}
	for _, d := range a.dirs {
		if len(d.pending) > 0 {
			a.note("%s left %d bytes that are not a complete record", d.side, len(d.pending))
		}
	}
	t.Outcome = a.outcome(cres, sres, ctxErr)
	return nil
}

func (a *analyser) note(format string, args ...any) {
	a.notes = append(a.notes, fmt.Sprintf(format, args...))
}

func (a *analyser) add(st Step) int {
	a.t.Steps = append(a.t.Steps, st)
	return len(a.t.Steps) - 1
}

func (a *analyser) segment(seg Segment) {
	d := a.dirs[seg.Side]
	d.pending = append(d.pending, seg.Data...)
	for len(d.pending) > 0 {
		rec, n, err := wire.ReadRecord(d.pending)
		if errors.Is(err, wire.ErrShortRecord) {
			return
		}
		if err != nil {
			a.add(Step{Side: d.side, Kind: KindRecord, Name: "malformed record", Record: -1, Bytes: d.pending,
				Fields: []Field{{Name: "undecodable bytes", Length: len(d.pending)}}, Detail: err.Error()})
			d.pending = nil
			return
		}
		d.pending = d.pending[n:]
		a.record(d, rec)
	}
}

// contentName is how a step calls a content type: the registry's name in
// CamelCase, as the RFCs' prose writes it ("ChangeCipherSpec").
func contentName(t wire.ContentType) string { return contentNamesOf(t).name }

// contentNames are a content type's names in steps: its contentName, its
// record's and its payload's.
type contentNames struct{ name, record, payload string }

// contentNamesByType keeps contentNames, written once a type (every record
// is named by its type).
var contentNamesByType sync.Map // wire.ContentType → contentNames

func contentNamesOf(t wire.ContentType) contentNames {
	if n, ok := contentNamesByType.Load(t); ok {
		return n.(contentNames)
	}
	name := camelName(t)
	n := contentNames{name: name, record: name + " record", payload: strings.ToLower(name) + " payload"}
	contentNamesByType.Store(t, n)
	return n
}

// camelName is contentName, written out.
func camelName(t wire.ContentType) string {
	name := t.String()
	if strings.Contains(name, " ") {
		return name // "content type N": no registry name
	}
	var b strings.Builder
	for _, w := range strings.Split(name, "_") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

func (a *analyser) record(d *direction, rec wire.Record) {
	// In TLS 1.3 only ApplicationData records are protected (a compatibility
	// ChangeCipherSpec stays plaintext); in TLS 1.2 everything after ChangeCipherSpec.
	protected := d.open != nil && (rec.Type == wire.ContentApplicationData || a.version != wire.VersionTLS13)
	names := contentNamesOf(rec.Type)
	payload := Field{Name: names.payload, Offset: 5, Length: len(rec.Payload)}
	if protected {
		payload.Name = "encrypted payload"
		payload.Value = fmt.Sprintf("%d bytes, protected", len(rec.Payload))
		payload.Sub = d.open.layout(payload.Offset, payload.Length)
	}
	name := names.record
	idx := len(a.t.Steps)
	fields := wire.RecordHeaderFields(rec.Raw)
	if len(rec.Payload) > 0 { // fields are never empty; an empty record is all header
		fields = append(fields, payload)
	}
	a.add(Step{Side: d.side, Kind: KindRecord, Name: name, ContentType: rec.Type, Encrypted: protected, Record: idx, Bytes: rec.Raw, Fields: fields})

	typ, plain := rec.Type, rec.Payload
	if protected {
		var err error
		if typ, plain, err = d.open.open(rec); err != nil {
			a.t.Steps[idx].Detail = err.Error()
			a.note("a %s record could not be decrypted: %v", d.side, err)
			return
		}
	} else if rec.Type == wire.ContentApplicationData && a.version == wire.VersionTLS13 {
		a.t.Steps[idx].Encrypted = true
		a.t.Steps[idx].Detail = "no key was logged for this record"
		return
	}
	a.content(d, typ, plain, protected, idx)
}

func (a *analyser) content(d *direction, typ wire.ContentType, plain []byte, enc bool, rec int) {
	switch typ {
	case wire.ContentHandshake:
		// A message larger than a record (a long certificate chain) is
		// spread over several: carried are the records its bytes came in.
		carried := append(d.hsRecords, rec)
		d.hs = append(d.hs, plain...)
		msgs, rest := wire.SplitMessages(d.hs)
		d.hs = append([]byte(nil), rest...)
		for i, msg := range msgs {
			var records []int
			if i == 0 && len(carried) > 1 {
				records = carried
			}
			a.message(d, msg, enc, rec, records)
		}
		switch {
		case len(rest) == 0:
			d.hsRecords = nil
		case len(msgs) > 0:
			d.hsRecords = []int{rec}
		default:
			d.hsRecords = carried
		}
	case wire.ContentAlert:
		name := "alert"
		if len(plain) == 2 {
			name = "alert: " + wire.AlertName(plain[1])
		}
		a.add(Step{Side: d.side, Kind: KindAlert, Name: name, ContentType: typ, Encrypted: enc, Record: rec, Bytes: plain, Fields: wire.AlertFields(plain)})
	case wire.ContentChangeCipherSpec:
		a.add(Step{Side: d.side, Kind: KindCCS, Name: contentName(typ), ContentType: typ, Encrypted: enc, Record: rec, Bytes: plain, Fields: wire.ChangeCipherSpecFields(plain)})
		if a.version != wire.VersionTLS13 {
			a.startTLS12Protection(d)
		}
	case wire.ContentApplicationData:
		first, _, _ := strings.Cut(string(plain), "\r\n")
		if len(plain) == 1 && a.version == wire.VersionTLS10 {
			// Go's 1/n-1 split against BEAST: the first byte alone.
			first = fmt.Sprintf("%q, one byte alone (TLS 1.0's defence against BEAST: the rest follows)", plain)
		}
		a.add(Step{Side: d.side, Kind: KindAppData, Name: first, ContentType: typ, Encrypted: enc, Record: rec, Bytes: plain,
			Fields: whole("application data", plain, fmt.Sprintf("%d bytes of HTTP", len(plain)))})
	default:
		a.add(Step{Side: d.side, Kind: KindRecord, Name: contentName(typ), ContentType: typ, Encrypted: enc, Record: rec, Bytes: plain,
			Fields: whole("unknown content", plain, "")})
	}
}

// whole labels all of b as one field. Empty content (TLS allows empty records)
// gets no field, as fields are never empty.
func whole(name string, b []byte, value string) []Field {
	if len(b) == 0 {
		return nil
	}
	return []Field{{Name: name, Length: len(b), Value: value}}
}

func (a *analyser) message(d *direction, msg []byte, enc bool, rec int, records []int) {
	ctx := wire.Context{Version: a.version, CipherSuite: a.suite, FromServer: d.side == Server}
	if a.m.DeferFields {
		a.t.unfilled = append(a.t.unfilled, unfilled{step: len(a.t.Steps), ctx: ctx})
		ctx.NoFields = true
	}
	dm, err := wire.DecodeMessage(msg, ctx)
	st := Step{Side: d.side, Kind: KindMessage, Name: dm.Name, ContentType: wire.ContentHandshake, HandshakeType: dm.Type,
		HelloRetry: dm.HelloRetry, Encrypted: enc, Record: rec, Records: records, Bytes: msg, Fields: dm.Fields}
	if err != nil {
		st.Detail = err.Error()
	}
	for _, der := range dm.Certificates {
		c, crafted, err := a.parse(der)
		if err != nil {
			st.Detail = "a certificate does not parse: " + err.Error()
			continue
		}
		d.certs = append(d.certs, c)
		if crafted {
			st.Certs = append(st.Certs, summaries.of(c))
		} else {
			st.Certs = append(st.Certs, Summarize(c))
		}
	}
	a.add(st)

	a.hello(d.side, &dm)
	switch dm.Type {
	case wire.TypeClientHello:
		a.clientRandom = dm.Random
	case wire.TypeServerHello:
		if dm.HelloRetry {
			// Only TLS 1.3 retries a hello: the ChangeCipherSpec that may
			// follow it is compatibility's, no TLS 1.2 keys' switch.
			a.version = wire.VersionTLS13
			return
		}
		a.serverRandom, a.version, a.suite = dm.Random, dm.Version, dm.CipherSuite
		if a.version == wire.VersionTLS13 {
			a.dirs[Client].open = a.opener13(Client, clientHandshakeSecret)
			a.dirs[Server].open = a.opener13(Server, serverHandshakeSecret)
		}
	case wire.TypeCertificate:
		d.sawCert = true
		a.checks(d)
	case wire.TypeClientKeyExchange:
		a.secretStep(Client, masterSecret12, "master secret")
	case wire.TypeFinished:
		if a.version == wire.VersionTLS13 {
			label := map[Side]string{Client: clientTrafficSecret, Server: serverTrafficSecret}[d.side]
			d.open = a.opener13(d.side, label)
		}
	}
}

// parse reads a certificate the wire carried: one of the scenario's own,
// crafted and parsed already (crafted), when der is its very bytes (parsing
// gives the same for the same bytes, and took an edit's analysis a third of
// a millisecond in WebAssembly), else parsed here.
func (a *analyser) parse(der []byte) (c *x509.Certificate, crafted bool, err error) {
	if set := a.m.Set; set != nil {
		for _, n := range set.Order {
			if c := set.Get(n).Cert; c != nil && bytes.Equal(c.Raw, der) {
				return c, true, nil
			}
		}
	}
	c, err = x509.ParseCertificate(der)
	return c, false, err
}

// summaries remembers the summaries of crafted certificates, which the
// engine's cache hands out again, the very same, to every run until their
// spec, issuer or clock changes: an edit changes one certificate, and its
// run summarizes again only that one (summarizing a certificate took an
// edit's run a tenth of a millisecond or more in WebAssembly). A summary
// is a value its users never change in place: they share it.
var summaries summaryCache

// summaryLimit bounds summaries; past it, they start over. An edit adds
// one certificate, and a summary holds its PEM and details (a few kB): a
// few dozen edits' worth.
const summaryLimit = 64

type summaryCache struct {
	mu sync.Mutex
	m  map[*x509.Certificate]CertSummary
}

// of is c's summary, Summarize's, once per certificate.
func (sc *summaryCache) of(c *x509.Certificate) CertSummary {
	sc.mu.Lock()
	s, ok := sc.m[c]
	sc.mu.Unlock()
	if ok {
		return s
	}
	s = Summarize(c)
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.m == nil || len(sc.m) >= summaryLimit {
		sc.m = make(map[*x509.Certificate]CertSummary)
	}
	sc.m[c] = s
	return s
}

// hello records, as values, what the hellos and the messages that complete
// them say: what the client offered, what the server chose, whom it asks a
// client certificate from. The first ClientHello stands (a retry's second
// offers the same, with another key share).
func (a *analyser) hello(side Side, dm *wire.Message) {
	o, n := &a.t.Offered, &a.t.Negotiated
	switch {
	case dm.Type == wire.TypeClientHello && side == Client && o.Versions == nil:
		*o = Offered{Versions: dm.Versions, CipherSuites: dm.CipherSuites, Groups: dm.Groups,
			KeyShares: dm.KeyShareGroups, ALPN: dm.ALPN, SNI: dm.SNI}
	case dm.Type == wire.TypeServerHello && side == Server && dm.HelloRetry:
		n.HelloRetry = true
	case dm.Type == wire.TypeServerHello && side == Server:
		n.Version, n.CipherSuite = dm.Version, dm.CipherSuite
		if len(dm.KeyShareGroups) > 0 {
			n.Group = dm.KeyShareGroups[0]
		}
		if len(dm.ALPN) > 0 {
			n.ALPN = dm.ALPN[0] // TLS 1.2: in the ServerHello
		}
		a.t.Version, a.t.CipherSuite = tls.VersionName(uint16(n.Version)), tls.CipherSuiteName(uint16(n.CipherSuite))
	case dm.Type == wire.TypeEncryptedExtensions && len(dm.ALPN) > 0:
		n.ALPN = dm.ALPN[0]
	case dm.Type == wire.TypeServerKeyExchange:
		n.Group = dm.ServerKeyExchangeGroup
	case dm.Type == wire.TypeCertificateRequest && side == Server:
		for _, der := range dm.CertificateAuthorities {
			if name, ok := parseName(der); ok {
				a.t.AcceptableCAs = append(a.t.AcceptableCAs, name)
			}
		}
	}
}

// opener13 derives the record protection for one direction from a logged secret
// and shows the secret as a step.
func (a *analyser) opener13(side Side, label string) *opener {
	secret := a.secretStep(side, label, strings.ToLower(strings.ReplaceAll(label, "_", " ")))
	if secret == nil {
		return nil
	}
	o, err := newOpener13(a.suite, secret)
	if err != nil {
		a.note("%v", err)
		return nil
	}
	return o
}

// secretStep looks a secret up in the key log and records it as a step.
func (a *analyser) secretStep(side Side, label, name string) []byte {
	secret := a.secrets[label][hex.EncodeToString(a.clientRandom)]
	if secret == nil {
		a.note("the key log has no %s", label)
		return nil
	}
	a.add(Step{Side: side, Kind: KindSecret, Name: name, Record: -1, Bytes: secret,
		Fields: []Field{{Name: label, Length: len(secret), Value: fmt.Sprintf("%d bytes", len(secret))}},
		Detail: "from the key log (NSS format): " + label + " <client random> <secret>"})
	return secret
}

func (a *analyser) startTLS12Protection(d *direction) {
	if a.dirs[Client].open == nil && a.dirs[Server].open == nil {
		master := a.secrets[masterSecret12][hex.EncodeToString(a.clientRandom)]
		if master == nil {
			a.note("the key log has no master secret")
			return
		}
		c, s, err := newOpeners12(a.version, a.suite, master, a.clientRandom, a.serverRandom)
		if err != nil {
			a.note("%v", err)
			return
		}
		// Keep both; each side's switches on at its own ChangeCipherSpec.
		a.dirs[Client].pendingOpen, a.dirs[Server].pendingOpen = c, s
	}
	d.open = d.pendingOpen
}

// checks inserts the itemised verification of the certificate d just sent, at the
// moment the other side examines it.
func (a *analyser) checks(d *direction) {
	s, m := a.m.Scenario, a.m
	all := m.Known
	if m.Set != nil {
		for _, n := range m.Set.Order {
			all = append(all, m.Set.Get(n).Cert)
		}
	}
	in := chainInput{sent: d.certs, all: all, now: s.Now, today: s.Today}
	if d.side == Server {
		in.checker, in.trusted, in.name, in.usage = Client, m.Trusted, s.Client.Dial, x509.ExtKeyUsageServerAuth
		in.published, in.checkRevocation = m.published(), s.Client.CheckRevocation
		if in.advisory = s.Client.Verify == scenario.VerifyFalse; in.advisory && m.Set != nil {
			// verify=False trusts nothing and checks nothing. What it lets
			// through is judged as verify=True, requests' default, would
			// judge it: against the public CAs.
			in.trusted = publicCerts(m.Set)
		}
	} else if m.Remote {
		return // a real server's policy is unknown: what it thought of the badge shows in its alert
	} else {
		in.checker, in.trusted, in.usage = Server, m.ClientCAs, x509.ExtKeyUsageClientAuth
		in.advisory = !s.Server.ClientAuth.Verifies()
		if len(d.certs) == 0 {
			required := s.Server.ClientAuth == scenario.AuthRequireAny || s.Server.ClientAuth == scenario.AuthRequireAndVerify
			ok := !required
			r := ClientCertMissing
			st := Step{Side: Server, Kind: KindCheck, Name: "courier presented a badge", Question: "Did the courier present a badge?", Checks: CheckPresented, Record: -1, OK: &ok,
				Detail: "no certificate; the bank's policy is " + policyWords[clientAuth[s.Server.ClientAuth]]}
			if !ok {
				st.Reason = &r
			}
			a.add(st)
			return
		}
	}
	if in.published != nil {
		// The Certificate message just decoded carries the certificates.
		for i := len(a.t.Steps) - 1; i >= 0; i-- {
			if st := &a.t.Steps[i]; st.Side == d.side && st.IsMessage(wire.TypeCertificate) {
				annotateRevocation(st.Certs, d.certs, all, in.published)
				break
			}
		}
	}
	for _, st := range checkChain(in) {
		a.add(st)
	}
}

// policyWords are the bank's badge policies (tls.ClientAuthType) in words.
var policyWords = [...]string{
	tls.NoClientCert:               "not to ask for a badge",
	tls.RequestClientCert:          "to ask for a badge without requiring one",
	tls.RequireAnyClientCert:       "to require a badge, without verifying it",
	tls.VerifyClientCertIfGiven:    "to verify a badge if one is brought",
	tls.RequireAndVerifyClientCert: "to require a badge and verify it",
}
