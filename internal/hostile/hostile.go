// Package hostile is, for tests, what a hostile share link puts in a scenario:
// text that is code to a shell, to Python or to Node, characters a terminal obeys, and
// the means to put a value in every text field of a scenario, found by walking
// the Scenario type, so that a field added later is attacked too.
package hostile

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/tlsplay/tlsplay/scenario"
)

// Code returns values that are code to sh, Python or Node (or options to a
// command), each of which, if it ever ran, would create the file Canary(dir, i),
// i its index. Keep dir short: a protocol name holds at most 64 bytes.
func Code(dir string) []string {
	templates := []string{
		"$(touch %s)",
		"`touch %s`",
		"'; touch %s; '",
		`"; touch %s; "`,
		"'$(touch %s)'",
		`"$(touch %s)"`,
		"$(touch${IFS}%s)",
		"x;touch %s",
		"x|touch %s",
		"x&&touch %s",
		`\"); __import__("os").system("touch %s"); ("`,
		`'); __import__('os').system('touch %s'); ('`,
		`"""); __import__("os").system("touch %s") #`,
		"{HOST.__globals__[os].system(touch %s)}",
		`--output=%s`,
		`-writerand=%s`,
		"%s x\\",
		// A line break is no text in most fields (validation refuses it), but a
		// story holds several lines.
		"x\ntouch %s",
		"x\r\ntouch %s #",
		// Code to Node, in a string, a template literal, a comment.
		`");require("fs").mkdirSync("%s");("`,
		`",require("fs").mkdirSync("%s"),"`,
		`',require('fs').mkdirSync('%s'),'`,
		`\",require(\"fs\").mkdirSync(\"%s\"),\"`,
		"${require('fs').mkdirSync('%s')}",
		"`+require('fs').mkdirSync('%s')+`",
		"*/require('fs').mkdirSync('%s')/*",
		"x\nrequire('fs').mkdirSync('%s')//",
		"x\u2028require('fs').mkdirSync('%s')//",
	}
	out := make([]string, len(templates))
	for i, tmpl := range templates {
		out[i] = fmt.Sprintf(tmpl, Canary(dir, i))
	}
	// Values that create nothing but would show a missing quote: an option, a
	// glob, a tilde, a trailing backslash, a printf directive.
	return append(out, "-exec", "*", "~", `\`, "%s%n%x", "${IFS}", "$HOME")
}

// Canary is the file the code value i creates if it runs.
func Canary(dir string, i int) string { return filepath.Join(dir, fmt.Sprintf("c%d", i)) }

// Controls are values holding characters no text field may hold: terminal
// controls, line breaks, direction overrides, a byte that is not UTF-8.
// AllControls is all of them in one value.
var Controls = []string{
	"\x1b[2J\x1b[31mred",
	"a\rb",
	"a\nb",
	"a\tb",
	"a\x00b",
	"a\x07",
	"a\x7f",
	"a\u0085b",
	"a\u009b2J",
	"a\u202eevil",
	"a\u202a",
	"\u2066a\u2069",
	"a\u200e",
	"a\u200f",
	"a\u061c",
	"a\u2028b",
	"a\xffb",
}

// AllControls is every value of Controls in one.
var AllControls = strings.Join(Controls, "")

// Fields lists the path of every string in a Scenario, as the validator names
// fields ("certs[0].cn", "server.alpn[0]"): a list stands for its element 0.
func Fields() []string {
	var out []string
	fields(reflect.TypeFor[scenario.Scenario](), "", &out)
	return out
}

func fields(t reflect.Type, at string, out *[]string) {
	switch t.Kind() {
	case reflect.String:
		*out = append(*out, at)
	case reflect.Pointer:
		fields(t.Elem(), at, out)
	case reflect.Slice, reflect.Array:
		fields(t.Elem(), at+"[0]", out)
	case reflect.Map:
		// Set cannot reach into a map: a test using it fails, and says so.
		*out = append(*out, at+"[?]")
	case reflect.Struct:
		for i := range t.NumField() {
			if name := jsonName(t.Field(i)); name != "" {
				fields(t.Field(i).Type, join(at, name), out)
			}
		}
	}
}

// Set puts value at path (one of Fields) in s, making an empty list one element
// long and a missing struct on the way. It reports false for a path it cannot reach.
func Set(s *scenario.Scenario, path, value string) bool {
	return set(reflect.ValueOf(s).Elem(), "", path, value)
}

func set(v reflect.Value, at, path, value string) bool {
	if at != path && !strings.HasPrefix(path, at+".") && !strings.HasPrefix(path, at+"[") && at != "" {
		return false
	}
	switch v.Kind() {
	case reflect.String:
		if at != path {
			return false
		}
		v.SetString(value)
		return true
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return set(v.Elem(), at, path, value)
	case reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
		}
		return set(v.Index(0), at+"[0]", path, value)
	case reflect.Struct:
		for i := range v.NumField() {
			if name := jsonName(v.Type().Field(i)); name != "" && set(v.Field(i), join(at, name), path, value) {
				return true
			}
		}
	}
	return false
}

// All returns a copy of s with value in every text field: no validator would
// let it through, which is the point of handing it to a generator.
func All(s *scenario.Scenario, value string) *scenario.Scenario {
	c := s.Clone()
	for _, f := range Fields() {
		Set(c, f, value)
	}
	return c
}

func join(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

// jsonName is the field's name in JSON, "" when JSON leaves it out.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if !f.IsExported() || name == "-" {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}
