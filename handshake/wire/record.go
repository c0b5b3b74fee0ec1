package wire

import (
	"errors"
	"fmt"
)

const (
	recordHeaderLen = 5
	maxRecordLen    = 1<<14 + 256
)

// ErrShortRecord reports that the bytes end before the record does.
var ErrShortRecord = errors.New("wire: incomplete record")

// Record is one TLS record.
type Record struct {
	Type    ContentType
	Version Version // legacy record version
	Payload []byte  // fragment
	Raw     []byte  // header + fragment
}

// ReadRecord parses one record from the start of b; n is the number of bytes
// consumed. If b holds less than a full record, err is ErrShortRecord.
// Fragments longer than 2^14+256 bytes are an error.
func ReadRecord(b []byte) (rec Record, n int, err error) {
	if len(b) < recordHeaderLen {
		return Record{}, 0, ErrShortRecord
	}
	length := bigEndian(b[3:5])
	if length > maxRecordLen {
		return Record{}, 0, fmt.Errorf("wire: record length %d exceeds the maximum %d", length, maxRecordLen)
	}
	n = recordHeaderLen + length
	if len(b) < n {
		return Record{}, 0, ErrShortRecord
	}
	return Record{
		Type:    ContentType(b[0]),
		Version: Version(bigEndian(b[1:3])),
		Payload: b[recordHeaderLen:n:n],
		Raw:     b[:n:n],
	}, n, nil
}

// RecordHeaderFields labels the 5-byte record header at the start of raw:
// "content type", "legacy version" and "length".
func RecordHeaderFields(raw []byte) []Field {
	r := newReader(raw[:min(len(raw), recordHeaderLen)])
	r.num("content type", 1, contentTypes.dec)
	r.num("legacy version", 2, versions.hex)
	r.num("length", 2, ByteCount)
	r.finish("record header")
	return r.fields
}

// AlertFields labels a plaintext alert payload: "level" and "description".
func AlertFields(payload []byte) []Field {
	r := newReader(payload)
	r.num("level", 1, alertLevels.dec)
	r.num("description", 1, alertDescriptions.dec)
	r.finish("alert")
	return r.fields
}

// ChangeCipherSpecFields labels a change_cipher_spec payload.
func ChangeCipherSpecFields(payload []byte) []Field {
	r := newReader(payload)
	r.num("type", 1, changeCipherSpecs.dec)
	r.finish("change_cipher_spec")
	return r.fields
}
