package handshake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/tlsplay/tlsplay/handshake/wire"
)

// TestTsharkAgrees writes every case's capture, lets Wireshark's dissector read it
// (decrypting with the key log embedded in the capture) and compares what it saw
// with our steps: the records, the handshake messages and who sent them, the
// cipher suite, SNI, groups, key shares, certificate counts and alerts.
func TestTsharkAgrees(t *testing.T) {
	tshark := needTool(t, "tshark")
	// tshark takes a second or two to start; two at a time is what the machine
	// spares.
	slots := make(chan struct{}, 2)
	for _, c := range allCases(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tr := cachedTrace(t, c)
			if len(tr.Segments) == 0 {
				return // the courier never connected: nothing to capture
			}
			file := filepath.Join(t.TempDir(), "trace.pcapng")
			var buf bytes.Buffer
			if err := tr.WritePcapng(&buf); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			slots <- struct{}{}
			out, err := runTshark(tshark, file)
			<-slots
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := dissect(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("reading tshark's JSON: %v", err)
			}
			compareDissections(t, ours(t, tr), theirs)
		})
	}
}

func runTshark(tshark, file string) ([]byte, error) {
	cmd := exec.Command(tshark, "-n", "-r", file, "-o", "tls.desegment_ssl_records:TRUE", "-T", "json")
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("tshark: %v\n%s", err, stderr.String())
	}
	return out, nil
}

// dissection is what a capture shows, in wire order: the same shape from our
// steps and from tshark.
type dissection struct {
	records  []string // "client 22/22 0x0301": outer type/inner type, version
	messages []tsMessage
	alerts   []string // "server certificate_required" as the description number
}

type tsMessage struct {
	side  Side
	typ   int
	facts map[string][]uint16 // cipher suite, groups, key shares, certificate count
	sni   string
}

func (m tsMessage) String() string {
	return fmt.Sprintf("%s %d %v sni=%q", m.side, m.typ, m.facts, m.sni)
}

// ours is the dissection our steps describe: the content and message types as
// the steps carry them, the facts as the decoder reads the bytes.
func ours(t *testing.T, tr *Trace) dissection {
	var d dissection
	inner := map[int]wire.ContentType{}
	for _, st := range tr.Steps {
		if st.Record >= 0 && st.Kind != KindRecord {
			// A message spread over records is in each of them.
			for _, r := range append(st.Records, st.Record) {
				if _, seen := inner[r]; !seen {
					inner[r] = st.ContentType
				}
			}
		}
	}
	for i, st := range tr.Steps {
		switch st.Kind {
		case KindRecord:
			if st.Record != i {
				continue // not a whole record, or unknown content inside one
			}
			d.records = append(d.records, fmt.Sprintf("%s %d/%d %#04x", st.Side, st.ContentType, inner[i], int(st.Bytes[1])<<8|int(st.Bytes[2])))
		case KindAlert:
			d.alerts = append(d.alerts, fmt.Sprintf("%s %d", st.Side, st.Bytes[1]))
		case KindMessage:
			m := decode(t, tr, st)
			if m.Type != st.HandshakeType || m.HelloRetry != st.HelloRetry {
				t.Errorf("%s: the step says type %d (retry %v), its bytes %d (%v)", label(st), st.HandshakeType, st.HelloRetry, m.Type, m.HelloRetry)
			}
			msg := tsMessage{side: st.Side, typ: int(st.HandshakeType), facts: map[string][]uint16{}, sni: m.SNI}
			switch st.HandshakeType {
			case wire.TypeClientHello:
				msg.facts["groups"] = codes(m.Groups)
			case wire.TypeServerHello:
				msg.facts["cipher suite"] = []uint16{uint16(m.CipherSuite)}
			case wire.TypeCertificate:
				msg.facts["certificates"] = []uint16{uint16(len(m.Certificates))}
			}
			if len(m.KeyShareGroups) > 0 {
				msg.facts["key shares"] = codes(m.KeyShareGroups)
			}
			d.messages = append(d.messages, msg)
		}
	}
	return d
}

func codes[T ~uint16](vs []T) []uint16 {
	out := make([]uint16, len(vs))
	for i, v := range vs {
		out[i] = uint16(v)
	}
	return out
}

// dissect reads tshark's -T json output. Its objects repeat keys (one
// "tls.record" per record), so it is read as a token stream, which keeps every
// key and the order.
func dissect(r io.Reader) (dissection, error) {
	var (
		d      dissection
		side   Side
		rec    = -1 // index of the record being read
		msg    *tsMessage
		stack  []level
		server = strconv.Itoa(443) // pcapng's default server port
	)
	flushMsg := func() {
		if msg != nil {
			d.messages = append(d.messages, *msg)
			msg = nil
		}
	}
	recSide, outer, inner, version := Client, 0, 0, ""
	flushRec := func() {
		if rec >= 0 {
			d.records = append(d.records, fmt.Sprintf("%s %d/%d %s", recSide, outer, inner, version))
		}
		rec, outer, inner, version = -1, 0, 0, ""
	}
	dec := json.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return d, err
		}
		key := ""
		if n := len(stack); n > 0 {
			key = stack[n-1].key
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				if key == "tls.record" {
					flushMsg()
					flushRec()
					rec, recSide = len(d.records), side
				}
				stack = append(stack, level{obj: v == '{', wantKey: true, key: key})
			default:
				stack = stack[:len(stack)-1]
				if n := len(stack); n > 0 && stack[n-1].obj {
					stack[n-1].wantKey = true
				}
			}
			continue
		case string:
			top := &stack[len(stack)-1]
			if top.obj && top.wantKey {
				top.key, top.wantKey = v, false
				continue
			}
			if top.obj {
				top.wantKey = true
			}
			num := func() uint16 { n, _ := strconv.ParseUint(v, 0, 16); return uint16(n) }
			switch key {
			case "tcp.srcport":
				side = Client
				if v == server {
					side = Server
				}
			case "tls.record.opaque_type":
				outer = int(num())
			case "tls.record.content_type":
				if outer == 0 {
					outer = int(num())
				}
				inner = int(num())
			case "tls.record.version":
				version = fmt.Sprintf("%#04x", num())
			case "tls.handshake.type":
				flushMsg()
				msg = &tsMessage{side: side, typ: int(num()), facts: map[string][]uint16{}}
			case "tls.alert_message.desc":
				d.alerts = append(d.alerts, fmt.Sprintf("%s %d", side, num()))
			}
			if msg == nil {
				continue
			}
			switch key {
			case "tls.handshake.extensions_server_name":
				msg.sni = v
			case "tls.handshake.extensions_supported_group":
				msg.facts["groups"] = append(msg.facts["groups"], num())
			case "tls.handshake.extensions_key_share_group", "tls.handshake.extensions_key_share_selected_group":
				msg.facts["key shares"] = append(msg.facts["key shares"], num())
			case "tls.handshake.ciphersuite":
				if msg.typ == int(wire.TypeServerHello) {
					msg.facts["cipher suite"] = []uint16{num()}
				}
			case "tls.handshake.certificate":
				if msg.typ == int(wire.TypeCertificate) {
					msg.facts["certificates"][0]++
				}
			case "tls.handshake.certificates_length":
				if msg.typ == int(wire.TypeCertificate) {
					msg.facts["certificates"] = []uint16{0}
				}
			}
		default: // tshark writes every value as a string; skip anything else
			if top := &stack[len(stack)-1]; top.obj {
				top.wantKey = true
			}
		}
	}
	flushMsg()
	flushRec()
	return d, nil
}

// level is one open JSON object or array.
type level struct {
	obj     bool
	wantKey bool   // in an object: the next string is a key
	key     string // the key being read (for an array: the key it is the value of)
}

func compareDissections(t *testing.T, ours, theirs dissection) {
	t.Helper()
	if !slices.Equal(ours.records, theirs.records) {
		t.Errorf("records differ\nours:   %q\ntshark: %q", ours.records, theirs.records)
	}
	if !slices.Equal(ours.alerts, theirs.alerts) {
		t.Errorf("alerts differ\nours:   %q\ntshark: %q", ours.alerts, theirs.alerts)
	}
	if len(ours.messages) != len(theirs.messages) {
		t.Errorf("%d messages, tshark %d\nours:   %v\ntshark: %v", len(ours.messages), len(theirs.messages), ours.messages, theirs.messages)
		return
	}
	for i, m := range ours.messages {
		if tm := theirs.messages[i]; m.String() != tm.String() {
			t.Errorf("message %d differs\nours:   %v\ntshark: %v", i, m, tm)
		}
	}
}
