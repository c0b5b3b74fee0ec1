package scenario

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// A link cut anywhere says it was cut short, whatever the cut leaves: a
// length no link has, or the start of a compressed scenario without its end.
func TestCutShortLinks(t *testing.T) {
	for _, p := range Presets {
		frag, err := EncodeFragment(p.At(PresetClock))
		if err != nil {
			t.Fatal(err)
		}
		for n := len(fragmentPrefix); n < len(frag); n++ {
			_, err := DecodeFragment(frag[:n])
			if err == nil || !strings.Contains(err.Error(), "cut short") {
				t.Errorf("%s cut to %d of %d characters: %v", p.ID, n, len(frag), err)
				break
			}
		}
	}
}

// internals are words of Go and of the decoders, which no message a person
// reads may hold.
var internals = []string{"Go value", "Go struct", "of type", "scenario.", "pki.", "json:", "json.", "base64", "unmarshal",
	"flate", "EOF", "time.Time", "UnmarshalJSON", "parsing time", "[]string", "int64", "0x"}

// hostileJSON is scenario JSON a person or a link may hand over, beyond the
// fuzz seeds: every kind of value in the wrong place, at every depth.
func hostileJSON() []string {
	good := Lookup("mtls-ok").At(PresetClock)
	b, err := json.Marshal(good)
	if err != nil {
		panic(err)
	}
	g := string(b)
	var out []string
	for _, r := range []struct{ from, to string }{
		{`"now":"2026-06-01T12:00:00Z"`, `"now":[2026]`},
		{`"now":"2026-06-01T12:00:00Z"`, `"now":"yesterday"`},
		{`"now":"2026-06-01T12:00:00Z"`, `"now":true`},
		{`"certs":[`, `"certs":{"a":[`},
		{`"not_before":-3650`, `"not_before":-3650.5`},
		{`"not_before":-3650`, `"not_before":1e400`},
		{`"not_before":-3650`, `"not_before":99999999999999999999`},
		{`"name":"root"`, `"name":["root"]`},
		{`"name":"root"`, `"name":{"x":1}`},
		{`"dial":`, `"dial":null,"x":`},
		{`"send":[`, `"send":[1,`},
		{`"verify":"true"`, `"verify":false`},
		{`"client_auth":"require_and_verify"`, `"client_auth":0`},
		{`"key":"ecdsa-p256"`, `"key":{"type":"rsa"}`},
		{`"ca":true`, `"ca":"yes"`},
		{`"server":{`, `"server":{"Send":5,"SEND2":6,`},
		{`"client":{`, `"client":{"port":"443",`},
		{`"client":{`, `"client":{"port":-1.0,`},
	} {
		if !strings.Contains(g, r.from) {
			panic("hostileJSON: the preset no longer holds " + r.from)
		}
		out = append(out, strings.Replace(g, r.from, r.to, 1))
	}
	return append(out,
		`[{"now":"2026-06-01T12:00:00Z"}]`, `"a scenario"`, `42`, `true`, `{"imposter": []}`,
		`{"max_path_len": "\u202e"}`, `{"certs": [{"max_path_len": "1"}]}`, `{`, `{"now"`, `{"now":}`, "\xff\xfe", `{"a":1}{"b":2}`,
		strings.Repeat(`{"x":`, 200)+"1"+strings.Repeat("}", 200), strings.Repeat("[", 20000),
	)
}

// Every message about bad JSON or a bad link is in words: the path of the
// field as a person wrote it, the kind of value expected, and nothing of Go.
func TestErrorsInWords(t *testing.T) {
	var links []string
	for _, s := range fragmentSeeds(t) {
		links = append(links, s.data)
	}
	var docs []string
	for _, s := range jsonSeeds(t) {
		docs = append(docs, s.data)
	}
	docs = append(docs, hostileJSON()...)
	for _, d := range docs {
		links = append(links, link(flatePack(t, []byte(d))))
	}
	links = append(links, "s1.!", "s1.ab==", "s1.\x00\x01", "#s1.\u202e", "s1."+strings.Repeat("_", 999), "s1.-_-_-")

	check := func(what string, err error) {
		t.Helper()
		if err == nil {
			return
		}
		msg := err.Error()
		for _, bad := range internals {
			if strings.Contains(msg, bad) {
				t.Errorf("%s: the message %q holds %q", what, msg, bad)
			}
		}
		if len(msg) > 1200 {
			t.Errorf("%s: the message is %d bytes long", what, len(msg))
		}
	}
	for _, d := range docs {
		_, err := ParseJSON([]byte(d))
		check(fmt.Sprintf("ParseJSON(%.60q)", d), err)
	}
	for _, l := range links {
		_, err := DecodeFragment(l)
		check(fmt.Sprintf("DecodeFragment(%.60q)", l), err)
	}
}

// Each kind of mistake in scenario JSON is named at its field, in words.
func TestJSONMessages(t *testing.T) {
	good := string(mustJSON(t, Lookup("mtls-ok").At(PresetClock)))
	with := func(from, to string) string {
		if !strings.Contains(good, from) {
			t.Fatalf("the preset no longer holds %s", from)
		}
		return strings.Replace(good, from, to, 1)
	}
	for _, tt := range []struct {
		name, js, want string
	}{
		{"a list, not a scenario", `[{}]`, "scenario JSON: the scenario must be a JSON object ({…}), not a list"},
		{"text, not a scenario", `"expired"`, `scenario JSON: the scenario must be a JSON object ({…}), not the text "expired"`},
		{"a number, not a scenario", `7`, "not the number 7"},
		{"a list where an object goes", with(`"server":{`, `"server":[],"x":{`), "scenario JSON: server: expected an object ({…}), found a list"},
		{"an object where a list goes", `{"certs": {"name": "root"}}`, "certs: expected a list ([…]), found an object"},
		{"a number where text goes, in a list", with(`"send":["leaf"`, `"send":[7`), "server.send[0]: expected text in double quotes, found the number 7"},
		{"text where a number goes, deep", with(`"not_after":60,`, `"not_after":"60",`), `certs[2].not_after: expected a whole number, found the text "60"`},
		{"a fraction where a whole number goes", with(`"not_before":-3650`, `"not_before":-0.5`), "certs[0].not_before: expected a whole number, found the number -0.5"},
		{"a number too large", `{"client":{"port":1e99}}`, "client.port: expected a whole number, found the number 1e99"},
		{"text where true or false goes", with(`"ca":true`, `"ca":"true"`), `certs[0].ca: expected true or false, found the text "true"`},
		{"a clock that is no time", with(`"now":"2026-06-01T12:00:00Z"`, `"now":"2026-06-01"`), `now: expected a time in double quotes, such as "2026-06-01T12:00:00Z", found the text "2026-06-01"`},
		{"a clock as a number", `{"now": 1767225600}`, "now: expected a time in double quotes"},
		{"an unknown field at the top", `{"evil": {"deep": [1]}, "now": 5}`, "scenario JSON: evil: unknown field (the fields here are id, title, story, now, today, certs, server, client, imposter); now: expected a time"},
		{"an unknown field in a certificate", with(`"name":"root"`, `"name":"root","colour":"red"`), "certs[0].colour: unknown field (the fields here are name, issuer, public, cn,"},
		{"an unknown field in the imposter", `{"imposter": {"send": [], "keys": 1}}`, "imposter.keys: unknown field (the fields here are send)"},
		{"keys differ in case only", `{"CLIENT": {"Port": "x"}}`, `client.port: expected a whole number, found the text "x"`},
		{"many problems, the first few named", `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}`, "d: unknown field (the fields here are id, title, story, now, today, certs, server, client, imposter); and 2 more"},
		{"cut short", good[:len(good)/2], "scenario JSON: it ends before the scenario does (cut short?)"},
		{"not JSON, on its line", "{\n  \"now\": \"2026-06-01T12:00:00Z\",\n  }", "scenario JSON: not valid JSON at line 3, column 3: invalid character '}' looking for beginning of object key string"},
		{"nothing", " \n", "scenario JSON: empty; a scenario is a JSON object ({…})"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseJSON([]byte(tt.js))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseJSON(%.80q):\n got %v\nwant %q", tt.js, err, tt.want)
			}
		})
	}
}

// A scenario's JSON error messages and its text check read each struct's own
// fields (jsonNames): a struct embedded would hide its fields from both.
func TestNoEmbedded(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || typ == timeType || seen[typ] {
			return
		}
		seen[typ] = true
		for i := range typ.NumField() {
			f := typ.Field(i)
			if f.Anonymous {
				t.Errorf("%s embeds %s", path, f.Type)
			}
			if f.IsExported() {
				walk(f.Type, path+"."+f.Name)
			}
		}
	}
	walk(reflect.TypeOf(Scenario{}), "Scenario")
	if len(seen) < 5 {
		t.Errorf("walked %d struct types, want the scenario's several", len(seen))
	}
}
