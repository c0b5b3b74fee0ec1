package ui

import (
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
