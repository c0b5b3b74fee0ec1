package e2e

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/internal/wasmfile"
)

// The size breakdown of make bench. go tool nm does not read WebAssembly, so
// each program is built with symbols (the page's flags, without -s -w) and
// its bytes are put to packages in two parts:
//   - code: each function body in the wasm's code section, named by its name
//     section (exact);
//   - data: the package's data symbols (R and D in go tool nm -size of its
//     compiled archive) that the linker kept, as -ldflags=-dumpdep lists them,
//     and its local data symbols when any of its code was kept.
//
// What no package owns (the pclntab, itabs, type links, strings shared by
// name) is the rest of the file.

// printSizeBreakdown prints the top packages of app beyond floor.
func printSizeBreakdown(out io.Writer, root, app, floor string, top int) error {
	a, err := packageSizes(root, app)
	if err != nil {
		return fmt.Errorf("sizing %s: %v", app, err)
	}
	f, err := packageSizes(root, floor)
	if err != nil {
		return fmt.Errorf("sizing %s: %v", floor, err)
	}
	type row struct {
		pkg         string
		app, floor  int64
		beyondFloor int64
	}
	var rows []row
	for pkg, n := range a.bytes {
		rows = append(rows, row{pkg, n, f.bytes[pkg], n - f.bytes[pkg]})
	}
	for pkg, n := range f.bytes {
		if _, ok := a.bytes[pkg]; !ok {
			rows = append(rows, row{pkg, 0, n, -n})
		}
	}
	slices.SortFunc(rows, func(x, y row) int {
		return cmp.Or(cmp.Compare(y.beyondFloor, x.beyondFloor), strings.Compare(x.pkg, y.pkg))
	})
	fmt.Fprintf(out, "The app's wasm beyond the floor's, by package (top %d; raw bytes of a build with symbols: function bodies from the\n", top)
	fmt.Fprintln(out, "code section named by the name section, plus the package's data symbols kept by the linker (go tool nm -size of")
	fmt.Fprintln(out, "its archive, filtered by -ldflags=-dumpdep))")
	fmt.Fprintln(out)
	table := [][]string{{"package", "tlsplay", "floor", "beyond floor"}}
	line := func(label string, app, floor int64) {
		table = append(table, []string{label, strconv.FormatInt(app, 10), strconv.FormatInt(floor, 10), fmt.Sprintf("%+d", app-floor)})
	}
	var appSum, floorSum int64
	for i, r := range rows {
		if i < top {
			line(r.pkg, r.app, r.floor)
		}
		appSum += r.app
		floorSum += r.floor
	}
	line("(no package: pclntab, itabs, type links, shared strings)", a.total-appSum, f.total-floorSum)
	line("whole file", a.total, f.total)
	printTable(out, table)
	return nil
}

// sizes is a program's bytes by package path ("" for symbols of no package).
type sizes struct {
	bytes map[string]int64
	total int64
}

func packageSizes(root, pkg string) (sizes, error) {
	dir, err := os.MkdirTemp("", "tlsplay-size-")
	if err != nil {
		return sizes{}, err
	}
	defer os.RemoveAll(dir)
	var flags []string
	for _, f := range pageFlags {
		if !strings.HasPrefix(f, "-ldflags=") {
			flags = append(flags, f)
		}
	}
	out := filepath.Join(dir, "out.wasm")
	build := exec.Command("go", append(append([]string{"build"}, flags...), "-ldflags=-dumpdep", "-o", out, pkg)...)
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var deps bytes.Buffer
	build.Stderr = &deps
	if err := build.Run(); err != nil {
		return sizes{}, fmt.Errorf("%v\n%.2000s", err, deps.String())
	}
	wasm, err := os.ReadFile(out)
	if err != nil {
		return sizes{}, err
	}
	code, err := wasmFuncSizes(wasm)
	if err != nil {
		return sizes{}, err
	}
	// The symbols the linker kept: both ends of each -dumpdep edge; and what
	// each is called in the name section, where the linker writes every
	// character but letters, digits, _ and . as _.
	kept := map[string]bool{}
	named := map[string]string{}
	for line := range strings.Lines(deps.String()) {
		from, to, ok := strings.Cut(strings.TrimSpace(line), " -> ")
		if !ok {
			continue
		}
		to, _, _ = strings.Cut(to, " <")
		for _, sym := range []string{from, to} {
			kept[sym] = true
			named[wasmName.ReplaceAllString(sym, "_")] = sym
		}
	}
	list := exec.Command("go", append(append([]string{"list"}, flags...), "-deps", "-export", "-f", "{{.ImportPath}} {{.Export}}", pkg)...)
	list.Dir = root
	list.Env = build.Env
	listed, err := list.Output()
	if err != nil {
		return sizes{}, fmt.Errorf("go list: %v", err)
	}
	var archives, paths []string
	for line := range strings.Lines(string(listed)) {
		path, archive, _ := strings.Cut(strings.TrimSpace(line), " ")
		paths = append(paths, path)
		if archive != "" {
			archives = append(archives, archive)
		}
	}
	// The program's own package is "main" in its symbols.
	program := paths[len(paths)-1]
	pkgOf := func(sym string) string {
		if p := pkgOf(sym); p != "main" {
			return p
		}
		return program
	}

	s := sizes{bytes: map[string]int64{}, total: int64(len(wasm))}
	for name, n := range code {
		if sym, ok := named[name]; ok {
			s.bytes[pkgOf(sym)] += n
			continue
		}
		// A function -dumpdep does not list (the linker makes a few): the
		// package whose written name is the longest prefix of its name.
		best := ""
		for _, p := range paths {
			if w := wasmName.ReplaceAllString(p, "_"); strings.HasPrefix(name, w+".") && len(p) > len(best) {
				best = p
			}
		}
		s.bytes[best] += n
	}

	nm := exec.Command("go", append([]string{"tool", "nm", "-size"}, archives...)...)
	nmOut, err := nm.Output()
	if err != nil {
		return sizes{}, fmt.Errorf("go tool nm: %v", err)
	}
	seen := map[string]bool{} // a symbol more than one archive holds counts once
	sc := bufio.NewScanner(bytes.NewReader(nmOut))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		m := nmLine.FindStringSubmatch(sc.Text())
		if m == nil || seen[m[3]] {
			continue
		}
		n, _ := strconv.ParseInt(m[1], 10, 64)
		name, kind := m[3], m[2]
		switch kind {
		case "R", "D":
			if !kept[name] {
				continue
			}
		case "r", "d":
			name, _, _ = strings.Cut(name, "<") // a local symbol's "<1>"
			if s.bytes[pkgOf(name)] == 0 {
				continue
			}
		default:
			continue
		}
		seen[m[3]] = true
		s.bytes[pkgOf(name)] += n
	}
	delete(s.bytes, "")
	return s, sc.Err()
}

// wasmName is what the linker replaces with _ in the name section.
var wasmName = regexp.MustCompile(`[^\w.]`)

// nmLine is a defined symbol in go tool nm -size's output: size, kind, name.
var nmLine = regexp.MustCompile(`^(?:\S+:\t)?\s*[0-9a-f]+\s+(\d+)\s+([A-Za-z?])\s+(.+)$`)

// pkgOf is the package path of a Go symbol, "" for none (a type literal, a
// linker-made symbol).
func pkgOf(sym string) string {
	s := strings.TrimLeft(strings.TrimPrefix(sym, "type:"), "*")
	for _, p := range []string{"go:", "[", "map[", "func(", "struct {", "interface {", "chan ", "."} {
		if strings.HasPrefix(s, p) {
			return ""
		}
	}
	if i := strings.IndexAny(s, "[( "); i >= 0 {
		s = s[:i]
	}
	slash := strings.LastIndex(s, "/")
	dot := strings.Index(s[slash+1:], ".")
	if dot <= 0 {
		return ""
	}
	return s[:slash+1+dot]
}

// pkgOf puts make bench's symbols to their packages.
func TestPkgOf(t *testing.T) {
	for _, tt := range []struct{ sym, want string }{
		{"crypto/tls.(*Conn).Handshake", "crypto/tls"},
		{"type:*crypto/x509.Certificate", "crypto/x509"},
		{"github.com/tlsplay/tlsplay/ui.glob..func1", "github.com/tlsplay/tlsplay/ui"},
		{"crypto/elliptic.(*nistCurve[*crypto/internal/fips140/nistec.P256Point]).Add", "crypto/elliptic"},
		{"slices.SortFunc[go.shape.string]", "slices"},
		{"honnef.co/go/js/dom/v2.(*Document).Body", "honnef.co/go/js/dom/v2"},
		{"runtime.gcWriteBarrier1", "runtime"},
		{"type:map[string]int", ""},
		{"type:struct { F int }", ""},
		{"go:string.hello", ""},
		{"_rt0_wasm_js", ""},
	} {
		if got := pkgOf(tt.sym); got != tt.want {
			t.Errorf("pkgOf(%q) = %q, want %q", tt.sym, got, tt.want)
		}
	}
}

// wasmFuncSizes reads a WebAssembly module's code section and names each
// function body (its size prefix included) from the name section.
func wasmFuncSizes(wasm []byte) (map[string]int64, error) {
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module")
	}
	r := wasmfile.NewReader(wasm[8:])
	var imported uint64
	var bodies []int64
	names := map[uint64]string{}
	for r.Len() > 0 && r.Err == nil {
		id := r.Byte()
		sec := wasmfile.NewReader(r.Bytes(r.Uleb()))
		switch id {
		case 2: // imports: functions among them come first in the index space
			for n := sec.Uleb(); n > 0 && sec.Err == nil; n-- {
				sec.Bytes(sec.Uleb()) // module
				sec.Bytes(sec.Uleb()) // name
				switch sec.Byte() {
				case 0: // function
					sec.Uleb()
					imported++
				case 1: // table
					sec.Byte()
					limits(sec)
				case 2: // memory
					limits(sec)
				case 3: // global
					sec.Byte()
					sec.Byte()
				}
			}
		case 10: // code
			for n := sec.Uleb(); n > 0 && sec.Err == nil; n-- {
				start := sec.Len()
				sec.Bytes(sec.Uleb())
				bodies = append(bodies, int64(start-sec.Len()))
			}
		case 0: // custom
			if string(sec.Bytes(sec.Uleb())) != "name" {
				continue
			}
			for sec.Len() > 0 && sec.Err == nil {
				sub := sec.Byte()
				content := wasmfile.NewReader(sec.Bytes(sec.Uleb()))
				if sub != 1 { // function names
					continue
				}
				for n := content.Uleb(); n > 0 && content.Err == nil; n-- {
					idx := content.Uleb()
					names[idx] = string(content.Bytes(content.Uleb()))
				}
				if content.Err != nil {
					return nil, content.Err
				}
			}
		}
		if sec.Err != nil {
			return nil, sec.Err
		}
	}
	if r.Err != nil {
		return nil, r.Err
	}
	if len(names) == 0 {
		return nil, errors.New("the module has no function names (built with -s?)")
	}
	out := map[string]int64{}
	for i, n := range bodies {
		out[names[imported+uint64(i)]] += n
	}
	return out, nil
}

// limits skips a table's or a memory's limits.
func limits(r *wasmfile.Reader) {
	if r.Byte()&1 != 0 {
		r.Uleb()
	}
	r.Uleb()
}
