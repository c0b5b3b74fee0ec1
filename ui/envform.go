package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tlsplay/tlsplay/scenario"
)

// The courier's environment in the editor: the Session requests is called
// on, each variable that names a CA bundle (its path, and what its bundle
// holds), the machine's own store and truststore. Inputs are named by
// variable ("client.env.REQUESTS_CA_BUNDLE"), not by the variable's place in
// the scenario's list, so that setting one never moves another.

// PublicRoots is the word a bundle's list uses for the public roots.
const PublicRoots = "public"

var sessionLabels = []Option{
	{"", "no Session: requests.get(url)"},
	{string(scenario.VerifyTrue), "session.verify left True"},
	{string(scenario.VerifyBundle), "session.verify = 'ca.pem' (the bundle above)"},
}

// envFields are the environment's inputs, after the client's.
var envFields = func() []field[*scenario.Client] {
	fs := []field[*scenario.Client]{
		{name: "session.verify", label: "Called through a requests Session", kind: Select,
			options: fixed[*scenario.Client](sessionLabels),
			get: func(c *scenario.Client) string {
				if c.Session == nil {
					return ""
				}
				return string(c.Session.Verify)
			},
			set: setSession},
		{name: "session.trust_env", label: "session.trust_env (requests reads the variables below)", kind: Check,
			get: func(c *scenario.Client) string { return strconv.FormatBool(c.Session.ReadsEnv()) },
			set: setTrustEnv},
	}
	for _, name := range scenario.EnvNames {
		fs = append(fs,
			field[*scenario.Client]{name: "env." + name, label: name, kind: Text, hint: "empty: unset; a relative path, such as other-ca.pem",
				get: func(c *scenario.Client) string {
					if e := c.EnvVar(name); e != nil {
						return e.Path
					}
					return ""
				},
				set: func(c *scenario.Client, v string) error { return setEnvPath(c, name, v) }},
			field[*scenario.Client]{name: "env." + name + ".certs", label: name + ": its bundle holds", kind: List,
				hint: "certificate names; " + PublicRoots + ": the public roots too",
				get: func(c *scenario.Client) string {
					e := c.EnvVar(name)
					if e == nil {
						return ""
					}
					held := slices.Clone(e.Certs)
					if e.Public {
						held = slices.Insert(held, min(max(e.PublicAt, 0), len(held)), PublicRoots)
					}
					return joinList(held)
				},
				set: func(c *scenario.Client, v string) error { return setEnvCerts(c, name, v) }})
	}
	return append(fs,
		field[*scenario.Client]{name: "os_store", label: "The machine's store also holds", kind: List,
			hint: "certificate names IT installed in /etc/ssl/certs, besides the public roots",
			get:  func(c *scenario.Client) string { return joinList(c.OSStore) },
			set:  func(c *scenario.Client, v string) error { c.OSStore = splitList(v); return nil }},
		field[*scenario.Client]{name: "truststore", label: "truststore.inject_into_ssl() before requests", kind: Check,
			get: func(c *scenario.Client) string { return strconv.FormatBool(c.Truststore) },
			set: func(c *scenario.Client, v string) (err error) { c.Truststore, err = parseBool(v); return err }},
	)
}()

func setSession(c *scenario.Client, v string) error {
	switch {
	case v == "":
		c.Session = nil
	case c.Session == nil:
		c.Session = &scenario.Session{Verify: scenario.Verify(v)}
	default:
		c.Session.Verify = scenario.Verify(v)
	}
	return nil
}

func setTrustEnv(c *scenario.Client, v string) error {
	on, err := parseBool(v)
	switch {
	case err != nil:
		return err
	case c.Session == nil && !on:
		return fmt.Errorf("trust_env belongs to a Session: choose one above first (requests.get always reads the variables)")
	case c.Session == nil:
		return nil
	case on:
		c.Session.TrustEnv = nil
	default:
		c.Session.TrustEnv = &on
	}
	return nil
}

// setEnvPath sets the variable to the path, adds it if it was unset, and
// unsets it for an empty path.
func setEnvPath(c *scenario.Client, name, v string) error {
	v = strings.TrimSpace(v)
	i := slices.IndexFunc(c.Env, func(e scenario.EnvVar) bool { return e.Name == name })
	switch {
	case v == "" && i >= 0:
		c.Env = slices.Delete(c.Env, i, i+1)
	case v == "":
	case i >= 0:
		c.Env[i].Path = v
	default:
		c.Env = append(c.Env, scenario.EnvVar{Name: name, Path: v})
	}
	return nil
}

func setEnvCerts(c *scenario.Client, name, v string) error {
	e := c.EnvVar(name)
	if e == nil {
		if strings.TrimSpace(v) == "" {
			return nil
		}
		return fmt.Errorf("%s is unset: give its path first", name)
	}
	e.Certs, e.Public, e.PublicAt = nil, false, 0
	for _, n := range splitList(v) {
		if n == PublicRoots {
			// Where the person put it, kept (EnvVar.PublicAt).
			e.Public, e.PublicAt = true, len(e.Certs)
		} else {
			e.Certs = append(e.Certs, n)
		}
	}
	return nil
}

// envInputPath names a validator path within the variables
// ("client.env[1].certs[0]") by the input that shows it
// ("client.env.CURL_CA_BUNDLE.certs"); other paths are returned as they are.
func envInputPath(s *scenario.Scenario, field string) string {
	rest, ok := strings.CutPrefix(field, "client.env[")
	if !ok {
		return field
	}
	num, rest, ok := strings.Cut(rest, "]")
	i, err := strconv.Atoi(num)
	if !ok || err != nil || i < 0 || i >= len(s.Client.Env) || !slices.Contains(scenario.EnvNames, s.Client.Env[i].Name) {
		return "client.env"
	}
	at := "client.env." + s.Client.Env[i].Name
	if rest == ".certs" || strings.HasPrefix(rest, ".certs[") {
		return at + ".certs"
	}
	return at
}
