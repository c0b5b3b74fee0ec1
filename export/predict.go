package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// kitClients are the clients the kit runs, each with its script: the
// person's own, requests, first.
var kitClients = []struct{ client, script string }{
	{explain.Requests, "python3 client.py"},
	{explain.Curl, "./curl.sh"},
	{explain.OpenSSL, "./s_client.sh"},
	{explain.Node, "node client.js"},
}

// clientsPart says, where a client the kit runs parts from Go's verdict
// (the lens's reason or its verdict differ), what the person's client,
// requests, and each client that parts from Go print when the kit runs:
// the predictions of the playground, proven against the real clients ("" where
// every one of them agrees with Go). next is the cure's replay, if any.
func clientsPart(tr *handshake.Trace, next *handshake.Trace) string {
	r := explain.NewReportThen(tr, next)
	o := tr.Outcome
	parts := func(client string) bool {
		v, err := explain.Lens(r, client)
		return err == nil && (v.OK != o.OK || v.Reason != o.Reason.String())
	}
	if !slices.ContainsFunc(kitClients, func(k struct{ client, script string }) bool { return parts(k.client) }) {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n" + wrap("Not every client agrees with Go here. Run against the story's bank, the kit's couriers print this ({line} and {thread} stand for numbers that change from one build or run to another; the port is "+DefaultPort+" unless TLSPLAY_PORT says another):", 78) + "\n")
	lastNote := ""
	for _, k := range kitClients {
		if k.client != explain.Requests && !parts(k.client) {
			continue
		}
		v := r.Clients[k.client]
		fmt.Fprintf(&b, "\n  %s (%s) %s\n", explain.ClientTitles[k.client], k.script, verdictWords[v.OK])
		b.WriteString(printed(k.client, v))
		if k.client == explain.Requests {
			if v1 := r.Clients[explain.Requests1]; v1.Message != v.Message || v1.OK != v.OK {
				b.WriteString("  with urllib3 1.26 (Debian 12's python3-requests), it " + verdictWords[v1.OK] + "\n" + printed(explain.Requests1, v1))
			}
		}
		if v.Note != "" && v.Note != lastNote {
			b.WriteString(indentLines(wrap("Why: "+v.Note, 72), "    ") + "\n")
			lastNote = v.Note
		}
	}
	return b.String()
}

// verdictWords say a client's verdict, by whether it connects.
var verdictWords = map[bool]string{true: "connects, and the bank answers:", false: "refuses:"}

// printed is what client prints for verdict v, as the kit runs it
// (KitPrints) on the kit's port, each line indented.
func printed(client string, v explain.ClientVerdict) string {
	lines := KitPrints(client, v)
	if len(lines) == 0 {
		return ""
	}
	msg := strings.ReplaceAll(strings.Join(lines, "\n"), "{port}", DefaultPort)
	return indentLines(msg, "    | ") + "\n"
}

// KitPrints is what the kit's script for client prints, in this order, for
// the verdict v (explain's prediction, proven against the real clients by
// package clients), with explain's placeholders ({port}, {line}, {thread});
// none where v has no message. A refusal is the client's message: client.py
// and client.js print the error's class before it. A client that connects
// prints its warning (client.py) or its verification's result (s_client),
// then the bank's answer (KitAnswers).
func KitPrints(client string, v explain.ClientVerdict) []string {
	if v.OK {
		var lines []string
		switch {
		case strings.HasPrefix(client, explain.Requests) && v.Class != "":
			// client.py prints each warning caught, before the answer.
			lines = append(lines, "warning "+v.Message)
		case client == explain.OpenSSL && v.Message != "":
			lines = append(lines, v.Message)
		}
		return append(lines, KitAnswers[client])
	}
	msg := v.Message
	if msg == "" {
		return nil
	}
	if strings.HasPrefix(client, explain.Requests) || client == explain.Node {
		msg = "FAILED " + v.Class + ": " + msg
	}
	return strings.Split(msg, "\n")
}

// KitAnswers are what each client of the kit prints of the bank's answer
// when it gets through, whatever the story: the kit's bank, openssl
// s_server -www, answers every GET with "HTTP/1.0 200 ok" and a page of its
// own, whose first line client.py shows.
var KitAnswers = map[string]string{
	explain.Requests:  `OK <Response [200]> '<HTML><BODY BGCOLOR="#ffffff">'`,
	explain.Requests1: `OK <Response [200]> '<HTML><BODY BGCOLOR="#ffffff">'`,
	explain.Curl:      "HTTP/1.0 200 ok",
	explain.OpenSSL:   "HTTP/1.0 200 ok",
	explain.Node:      "OK 200 ok",
}

// indentLines puts prefix before every line of s.
func indentLines(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// fixChanges says what the fixed story changes of the story's
// certificates, the bank's chain sent and the courier's trust: each
// certificate reissued (its key, its signature's digest, its dates, its
// issuer, its names), added, or newly trusted ("" for none of these: the
// calls below say the rest).
func fixChanges(story, fixed *scenario.Scenario) []string {
	var out []string
	name := func(s *scenario.Scenario, n string) string {
		if sp := s.Spec(n); sp != nil && sp.CommonName != "" {
			return sp.CommonName
		}
		return n
	}
	for i := range fixed.Certs {
		f := &fixed.Certs[i]
		o := story.Spec(f.Name)
		who := name(fixed, f.Name)
		if f.Name == fixed.Client.Badge && fixed.Client.Badge != "" {
			who += " (the courier's badge)"
		}
		if o == nil {
			out = append(out, who+" added, issued by "+name(fixed, f.Issuer))
			continue
		}
		var what []string
		if o.Key != f.Key {
			what = append(what, fmt.Sprintf("a new %s key (was %s)", keyName(f.Key), keyName(o.Key)))
		}
		if o.HashOrDefault() != f.HashOrDefault() && !f.SelfSigned() {
			what = append(what, fmt.Sprintf("signed with %s (was %s)", hashName(f.HashOrDefault()), hashName(o.HashOrDefault())))
		}
		if o.NotBefore != f.NotBefore || o.NotAfter != f.NotAfter {
			what = append(what, fmt.Sprintf("valid from %d to %d days from the clock (was %d to %d)", f.NotBefore, f.NotAfter, o.NotBefore, o.NotAfter))
		}
		if o.Issuer != f.Issuer {
			what = append(what, "issued by "+name(fixed, f.Issuer)+" (was "+name(story, o.Issuer)+")")
		}
		if !slices.Equal(o.DNSNames, f.DNSNames) || !slices.Equal(o.IPAddresses, f.IPAddresses) {
			what = append(what, "naming "+strings.Join(append(slices.Clone(f.DNSNames), f.IPAddresses...), ", "))
		}
		if !slices.Equal(o.ExtKeyUsage, f.ExtKeyUsage) {
			what = append(what, "extended key usage "+strings.Join(f.ExtKeyUsage, ", "))
		}
		if len(what) > 0 {
			out = append(out, who+" reissued: "+strings.Join(what, ", "))
		}
	}
	if !slices.Equal(story.Server.Send, fixed.Server.Send) {
		names := func(s *scenario.Scenario) string {
			var ns []string
			for _, n := range s.Server.Send {
				ns = append(ns, name(s, n))
			}
			return strings.Join(ns, ", ")
		}
		out = append(out, "the bank sends "+names(fixed)+" (was "+names(story)+")")
	}
	for _, n := range fixed.Client.Bundle {
		if !slices.Contains(story.Client.Bundle, n) {
			out = append(out, name(fixed, n)+" added to the bundle the courier reads (ca.pem)")
		}
	}
	for _, n := range story.Client.Bundle {
		if !slices.Contains(fixed.Client.Bundle, n) {
			out = append(out, name(story, n)+" taken out of the bundle the courier reads (ca.pem)")
		}
	}
	return out
}

// keyName and hashName are a key's type and a digest as people write them.
func keyName(k pki.KeyType) string { return strings.ToUpper(string(k)) }
func hashName(h pki.Hash) string {
	return strings.ToUpper(strings.Replace(string(h), "sha", "sha-", 1))
}
