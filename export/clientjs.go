package export

import (
	"fmt"
	"strings"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
)

// clientJS is the courier as Node's https module, run as plain node
// client.js: the story's call and the fixed one, each as explain.NodeCall
// writes it (the page's call), its connection made to the script's address
// as the proof's runner makes it. Every value from a scenario is a JSON
// string literal (explain.JSQuote): no template literal, no eval, no require
// of a computed path.
func clientJS(worlds []world) string {
	var b strings.Builder
	b.WriteString(`#!/usr/bin/env node
// The courier of this story, as Node's https module.
//
//     node client.js          the call as the story makes it
//     node client.js fixed    the call with the fix, from fixed/ (against
//                             ./run-server.sh fixed)
//
// TLSPLAY_ADDR and TLSPLAY_PORT say where the bank listens (` + DefaultAddr + `:` + DefaultPort + `);
// TLSPLAY_NAME the name to dial (the story's). https dials the name: it sends
// it (SNI) and checks the certificate against it; only the connection under
// it goes to the address, as /etc/hosts would map the name. A call naming no
// ca trusts Node's own copy of Mozilla's roots, in which the playground's
// simulated public root is not: ca.pem stands in for them.
"use strict";
const childProcess = require("child_process");
const fs = require("fs");
const https = require("https");
const net = require("net");
const path = require("path");
const tls = require("tls");

const ADDR = process.env.TLSPLAY_ADDR || "` + DefaultAddr + `";
const PORT = process.env.TLSPLAY_PORT || "` + DefaultPort + `";
const FIXED = process.argv.length === 3 && process.argv[2] === "fixed";

// shown writes text as data: a character a terminal would obey, as its escape.
const shown = (text) => String(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g,
	(c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));

// Each story's values: NAME, the name dialled; EXTRA, the bundle
// NODE_EXTRA_CA_CERTS names (null for none); CALL, the call as the page shows
// it, around its URL; NOTE, that ca.pem stands in for Node's own roots where
// call passes it and CALL does not ("" where not); call, the call run. Every value from the story is a string
// literal.
let NAME, PATH, EXTRA, CALL, NOTE, call;
if (FIXED) {
`)
	pickWorld(&b, worlds, jsWorld,
		"\tprocess.chdir(path.join(__dirname, "+explain.JSQuote(FixedDir)+"));\n",
		"\tconsole.error(\"this story has no fix to run: see README.txt\");\n\tprocess.exit(2);\n",
		"} else {\n\tprocess.chdir(__dirname);\n")
	b.WriteString(`}

// Node reads NODE_EXTRA_CA_CERTS once, as it starts: it starts again with the
// story's (or none, where the story sets none), as the proof runs it.
const extra = EXTRA === null ? undefined : path.resolve(EXTRA);
if (process.env.NODE_EXTRA_CA_CERTS !== extra) {
	const env = Object.assign({}, process.env);
	delete env.NODE_EXTRA_CA_CERTS;
	if (extra !== undefined) {
		env.NODE_EXTRA_CA_CERTS = extra;
	}
	const again = childProcess.spawnSync(process.execPath, process.execArgv.concat([__filename], process.argv.slice(2)), { env: env, stdio: "inherit" });
	process.exit(again.status === null ? 1 : again.status);
}

// https's own connection, name check and SNI; only the socket under it goes
// to the address.
const agent = new https.Agent();
agent.createConnection = (options) => tls.connect(Object.assign({}, options, { socket: net.connect(Number(PORT), ADDR) }));
https.globalAgent = agent;

const HOST = NAME.includes(":") ? "[" + NAME + "]" : NAME;
const url = "https://" + HOST + ":" + PORT + PATH;
console.log(shown(">>> " + CALL[0] + "\"" + url + "\"" + CALL[1]));
if (NOTE) {
	console.log(shown(NOTE));
}
const fail = (e) => {
	console.log(shown("FAILED " + (e.code || e.name) + ": " + e.message));
	process.exit(1);
};
try {
	const req = call(url, (res) => {
		console.log(shown("OK " + res.statusCode + " " + res.statusMessage));
		process.exit(0);
	});
	req.setTimeout(10000, () => req.destroy(new Error("timeout")));
	req.on("error", fail);
} catch (e) {
	fail(e);
}
`)
	return b.String()
}

// jsWorld sets NAME, PATH, EXTRA, CALL and call for one world.
func jsWorld(w world) string {
	// The page's call, with a URL of its own to find: a local target whose
	// name no scenario holds, written once as a string literal.
	const host = "tlsplay-kit-host"
	t := explain.Target{Addr: DefaultAddr, Port: DefaultPort, Name: host, URLName: host, Kit: true}
	url := t.URL(w.s)
	run := explain.NodeCall(w.s, "", t)
	before, after, _ := strings.Cut(run, explain.JSQuote(url))
	code := before + "url" + strings.Replace(after, explain.NodeHandler+")", "handle)", 1)
	// The call shown is the story's own; where the kit's stands ca.pem in
	// for Node's own roots, NOTE says so.
	asIs := t
	asIs.Kit = false
	shown := explain.NodeCall(w.s, "", asIs)
	before, after, _ = strings.Cut(shown, explain.JSQuote(url))
	note := standInNote([]string{run}, []string{shown}, "ca: fs.readFileSync("+explain.JSQuote(explain.CAFile)+")")
	extra := "null"
	if e := w.s.Client.EnvVar(scenario.EnvNodeExtraCACerts); e != nil {
		extra = explain.JSQuote(kitEnvPath(*e))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\tNAME = process.env.TLSPLAY_NAME || %s;\n", explain.JSQuote(w.name))
	fmt.Fprintf(&b, "\tPATH = %s;\n", explain.JSQuote(strings.TrimPrefix(url, "https://"+host+":"+DefaultPort)))
	fmt.Fprintf(&b, "\tEXTRA = %s;\n", extra)
	fmt.Fprintf(&b, "\tCALL = [%s, %s];\n", explain.JSQuote(before), explain.JSQuote(after))
	fmt.Fprintf(&b, "\tNOTE = %s;\n", explain.JSQuote(note))
	fmt.Fprintf(&b, "\tcall = (url, handle) => %s;\n", code)
	return b.String()
}
