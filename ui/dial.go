package ui

import (
	"strconv"
	"strings"

	"github.com/tlsplay/tlsplay/scenario"
)

// ParseDial reads what a person puts in the "Dials" field: a host name or an
// IP address, host:port, or a whole URL pasted from their code or a browser
// (https://bank.example:8443/vault), as every field that takes a host reads
// it (scenario.ReadHost). It returns the host and the port, 0 when none was
// given or it is HTTPS's own 443; setPort says whether the text names a port
// at all (a URL always does, by its scheme).
func ParseDial(v string) (host string, port int, setPort bool, err error) {
	t, err := scenario.ReadHost(v)
	if err != nil {
		return "", 0, false, err
	}
	if t.Port == 443 {
		t.Port = 0
	}
	return t.Host, t.Port, t.NamesPort, nil
}

// DialPath is the editor's path of the Dials field.
const DialPath = "client.dial"

// ReadAsNote is what the page says when the person commits value in the
// field at path and the field will show it otherwise: a URL or host:port in
// Dials is read as its host, its port going to the Port field, and what
// follows them (a path, a query, a fragment) left out: it plays no part in
// TLS, and a query may hold a token, so the note never repeats it. "" when
// the field shows what was typed, or for another field.
func ReadAsNote(path, value string) string {
	if path != DialPath {
		return ""
	}
	v := strings.TrimSpace(value)
	t, err := scenario.ReadHost(v)
	if err != nil || t.Host == v {
		return ""
	}
	port := "HTTPS's own 443"
	if t.Port != 0 && t.Port != 443 {
		port = strconv.Itoa(t.Port)
	}
	// Something after the host and port: a URL's beyond what it was cut to,
	// a text without a scheme's from its first / ? or # (no host holds one).
	dropped := t.URL != "" && t.URL != strings.TrimSuffix(v, "/") || t.URL == "" && strings.ContainsAny(strings.TrimSuffix(v, "/"), "/?#")
	what := scenario.Quote(v, 80)
	switch {
	case t.URL != "":
		what = "the URL " + t.URL
	case dropped:
		what = "the text"
	}
	note := "Dials: read " + what + " as the host " + scenario.Quote(t.Host, 80)
	if t.NamesPort {
		note += ", port " + port
	}
	if dropped {
		note += "; what follows them (a path, a query) plays no part in TLS, and is left out"
	}
	return note + "."
}
