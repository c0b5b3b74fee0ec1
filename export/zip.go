package export

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io/fs"
	"math"
	"time"
)

// Zip packs files into a zip archive under dir/, each stored as it is (the
// kit is a few kilobytes of text). It writes the format itself: archive/zip
// costs the page's WebAssembly 20 KB of gzip, its compressors always linked
// in. archive/zip reads it back in the tests. Every file is dated modified:
// in MS-DOS's fields, as UTC's wall clock, and exactly in an extended
// timestamp (Info-ZIP's "UT" field, which unzip, archive/zip and the file
// managers read), so that an unzipped kit is dated when it was made, not in
// 1979.
func Zip(dir string, files []File, modified time.Time) ([]byte, error) {
	var out, central bytes.Buffer
	le := binary.LittleEndian
	date, clock := dosTime(modified.UTC())
	var extra []byte
	if unix := modified.Unix(); unix >= 0 && unix <= math.MaxUint32 {
		extra = le.AppendUint16(nil, 0x5455) // extended timestamp
		extra = le.AppendUint16(extra, 5)
		extra = append(extra, 1) // the modification time only
		extra = le.AppendUint32(extra, uint32(unix))
	}
	for _, f := range files {
		if !f.Mode.IsRegular() {
			return nil, fmt.Errorf("export: %s is not a regular file", f.Name)
		}
		name := dir + "/" + f.Name
		if len(name) > math.MaxUint16 || len(f.Data) >= math.MaxUint32 || out.Len() >= math.MaxUint32 {
			return nil, fmt.Errorf("export: %s is too large for a zip archive", f.Name)
		}
		sum, size, offset := crc32Of(f.Data), uint32(len(f.Data)), uint32(out.Len())
		// The fields the local header and the central directory share
		// (APPNOTE.TXT 4.3.7 and 4.3.12): version needed 2.0, no flags,
		// stored, the time, the checksum and sizes, the name's length, the
		// extra field's (the same in both).
		common := le.AppendUint16(nil, 20)
		common = le.AppendUint16(common, 0)
		common = le.AppendUint16(common, 0) // method: stored
		common = le.AppendUint16(common, clock)
		common = le.AppendUint16(common, date)
		common = le.AppendUint32(common, sum)
		common = le.AppendUint32(common, size)
		common = le.AppendUint32(common, size)
		common = le.AppendUint16(common, uint16(len(name)))
		common = le.AppendUint16(common, uint16(len(extra)))

		out.Write(le.AppendUint32(nil, 0x04034b50))
		out.Write(common)
		out.WriteString(name)
		out.Write(extra)
		out.Write(f.Data)

		central.Write(le.AppendUint32(nil, 0x02014b50))
		central.Write(le.AppendUint16(nil, 3<<8|20)) // made by: Unix, 2.0
		central.Write(common)
		rest := le.AppendUint16(nil, 0)                    // comment length
		rest = le.AppendUint16(rest, 0)                    // disk
		rest = le.AppendUint16(rest, 0)                    // internal attributes
		rest = le.AppendUint32(rest, unixMode(f.Mode)<<16) // external: the Unix mode
		rest = le.AppendUint32(rest, offset)               // where its local header is
		central.Write(rest)
		central.WriteString(name)
		central.Write(extra)
	}
	if len(files) > math.MaxUint16 || out.Len()+central.Len() >= math.MaxUint32 {
		return nil, fmt.Errorf("export: too many files for a zip archive")
	}
	start, n := uint32(out.Len()), uint16(len(files))
	out.Write(central.Bytes())
	end := le.AppendUint32(nil, 0x06054b50) // APPNOTE.TXT 4.3.16
	end = le.AppendUint32(end, 0)           // this disk, the directory's disk
	end = le.AppendUint16(end, n)
	end = le.AppendUint16(end, n)
	end = le.AppendUint32(end, uint32(central.Len()))
	end = le.AppendUint32(end, start)
	end = le.AppendUint16(end, 0) // comment length
	out.Write(end)
	return out.Bytes(), nil
}

// dosTime is t in MS-DOS's date and time fields (APPNOTE.TXT 4.4.6: two
// seconds apart, 1980 to 2107); zero for a time outside them.
func dosTime(t time.Time) (date, clock uint16) {
	if t.Year() < 1980 || t.Year() > 2107 {
		return 0, 0
	}
	date = uint16((t.Year()-1980)<<9 | int(t.Month())<<5 | t.Day())
	clock = uint16(t.Hour()<<11 | t.Minute()<<5 | t.Second()/2)
	return date, clock
}

// unixMode is a regular file's mode as Unix stat writes it: S_IFREG and the
// permission bits.
func unixMode(m fs.FileMode) uint32 { return 0o100000 | uint32(m.Perm()) }

// crc32Of is the zip format's checksum (CRC-32, IEEE polynomial), bit by bit:
// a kit is a few kilobytes, and hash/crc32 costs the page's WebAssembly more.
func crc32Of(data []byte) uint32 {
	c := ^uint32(0)
	for _, b := range data {
		c ^= uint32(b)
		for range 8 {
			c = c>>1 ^ 0xedb88320&-(c&1)
		}
	}
	return ^c
}
