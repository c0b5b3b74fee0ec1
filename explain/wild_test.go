package explain

import (
	"slices"
	"strings"
	"testing"
)

// wildPastes are errors as people pasted them into issues and questions
// (short ones, quoted from the thread each cites, for the matcher's behaviour
// on them) and what the page should answer: a story listed first (any of
// first, when several print the same), the client it names, or, when no story
// plays the error, no story and Unmatched's words holding says; listed, when
// set, must be among the first three, and notFirst must not share rank 1.
var wildPastes = []struct {
	from, paste  string
	first        []string
	client, says string
	listed       string
	notFirst     string
	// least, when set, is the least score of the first: the paste holds
	// most of its message.
	least float64
	// unsaid must not be in the first's words.
	unsaid string
	// unlisted must not be listed at all.
	unlisted string
	// program is the first's Program.
	program string
	// top, when set, is the story listed first, of those sharing rank 1.
	top string
}{
	// A TLS alert the paste names is what the peer said: a story receiving
	// another alert is not its story, however much of OpenSSL's words the
	// two share ("SSL routines:ssl3_read_bytes:… :SSL alert number").
	{from: "https://github.com/joeferner/node-http-mitm-proxy/issues/295",
		paste: `Error: 13424:error:1409441B:SSL routines:ssl3_read_bytes:tlsv1 alert decrypt error:c:\ws\deps\openssl\openssl\ssl\record\rec_layer_s3.c:1546:SSL alert number 51`,
		says:  "decrypt_error"},
	{from: "https://github.com/cisco/libest/issues/84",
		paste: `SSL routines:ssl3_read_bytes:tlsv1 alert decrypt error:../ssl/record/rec_layer_s3.c:1543:SSL alert number 51`,
		says:  "mtls-key-mismatch"},
	{from: "https://github.com/openssl/openssl/issues/17519",
		paste: `Error:OpenSSL SSL_read: error:14094418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca, errno 0`,
		first: []string{"mtls-wrong-ca"}, client: Curl},
	// OpenSSL's error without the source file it was raised in (a
	// program's own print of it; curl's): the rest of the message is there.
	{from: "https://github.com/nabla-c0d3/sslyze/issues/532",
		paste: "nassl._nassl.OpenSSLError: error:14094412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate",
		first: []string{"mtls-wrong-eku"}, client: OpenSSL, least: 0.7},
	// An alert's name alone, in Ruby's words: what the peer said names
	// the story that receives it (a client's badge refused, or expired).
	{from: "https://github.com/savonrb/savon/issues/452",
		paste: "HTTPI::SSLError: SSL_connect returned=1 errno=0 state=SSLv3 read finished A: sslv3 alert bad certificate",
		first: []string{"mtls-wrong-eku"}, program: RubyOpenSSL},
	{from: "https://github.com/rpush/rpush/issues/58",
		paste: " [ERROR] OpenSSL::SSL::SSLError, SSL_connect returned=1 errno=0 state=SSLv3 read finished A: sslv3 alert certificate expired",
		first: []string{"mtls-expired-client"}, program: RubyOpenSSL},
	{from: "https://github.com/libressl/openbsd/issues/122",
		paste: "* error:1404B418:SSL routines:ST_CONNECT:tlsv1 alert unknown ca\n* Closing connection 0\ncurl: (35) error:1404B418:SSL routines:ST_CONNECT:tlsv1 alert unknown ca",
		first: []string{"mtls-wrong-ca"}, client: Curl},
	{from: "https://github.com/psf/requests/issues/6482",
		paste: `SSL Error: HTTPSConnectionPool(host='example.com', port=443): Max retries exceeded with url: /query/sha256 (Caused by SSLError(SSLError(1, '[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:1002)')))`,
		first: []string{"3des-only-bank", "tls10-bank", "tls11-bank"}},
	// A TLS 1.2 bank refuses a courier without the badge it requires with a
	// handshake failure (TLS 1.2 has no alert for it): one of its commonest
	// causes, mtls-no-cert's in TLS 1.2 (clients/ mtls-no-cert-tls12, the
	// real s_client 3.0 and Node 20).
	{from: "openssl s_client against tlsplay serve-stories (clients/ mtls-no-cert-tls12)",
		paste: "4017F3B0A07F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../ssl/record/rec_layer_s3.c:1605:SSL alert number 40",
		first: []string{"3des-only-bank", "mtls-no-cert"}, listed: "mtls-no-cert"},
	{from: "node (https.get) against tlsplay serve-stories (clients/ mtls-no-cert-tls12)",
		paste: "Error: write EPROTO 4017F3B0A07F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 40",
		first: []string{"3des-only-bank", "mtls-no-cert"}, listed: "mtls-no-cert"},
	{from: "https://github.com/jpmens/check-mqtt/issues/22",
		paste: `CRITICAL - Connection to mqtt01.example.org:8883 failed: [SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version (_ssl.c:727)`,
		first: []string{"tls-version-mismatch"}},
	// A name dialled with its final dot, refused by a Go server
	// (decode_error): the real openssl s_client 3.0 and Node 20 against
	// `tlsplay serve-stories`, as clients/'s trailing-dot variants run them.
	// s_client's command shows the name; Node's stack does not.
	{from: "openssl s_client against tlsplay serve-stories (clients/ trailing-dot)",
		paste: "$ echo | openssl s_client -connect 127.0.0.1:18443 -servername verify-true.tlsplay.test.\n" +
			"4017F3B0A07F0000:error:0A00041A:SSL routines:ssl3_read_bytes:tlsv1 alert decode error:../ssl/record/rec_layer_s3.c:1601:SSL alert number 50\n" +
			"CONNECTED(00000003)\n---\nno peer certificate available\n---\nNo client certificate CA names sent\n---\nSSL handshake has read 7 bytes and written 331 bytes\nVerification: OK\n",
		says: "dial verify-true.tlsplay.test, without the dot"},
	{from: "node (https.get) against tlsplay serve-stories (clients/ trailing-dot)",
		paste: "Error: write EPROTO 800C6A9AF27F0000:error:0A00041A:SSL routines:ssl3_read_bytes:tlsv1 alert decode error:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 50\n\n" +
			"    at WriteWrap.onWriteComplete [as oncomplete] (node:internal/stream_base_commons:95:16)\n{\n  errno: -71,\n  code: 'EPROTO',\n  syscall: 'write'\n}",
		says: "Your text does not show s_client or Node sending such a name"},
	// OpenSSL refusing a program's own certificate as it loads it: its
	// signature's digest, or its key, below the security level.
	{from: "https://github.com/atxbyea/samsungrac/issues/72",
		paste: "  File \"/usr/lib/python3.11/ssl.py\", line 1443, in wrap_socket\n    context.load_cert_chain(certfile, keyfile)\nssl.SSLError: [SSL: CA_MD_TOO_WEAK] ca md too weak (_ssl.c:3900)",
		first: []string{"sha1-signature"}, client: Loading, says: "as it loaded it"},
	{from: "https://github.com/wechatpy/wechatpy/issues/575",
		paste: "SSL微信支付Error(SSLError(336245134, u'[SSL: CA_MD_TOO_WEAK] ca md too weak (_ssl.c:2815)')",
		first: []string{"sha1-signature"}, client: Loading},
	// A client's badge: curl's --cert (the air conditioner's client
	// certificate, signed with SHA-1).
	{from: "https://github.com/cicciovo/homebridge-samsung-airconditioner/issues/17",
		paste: "* could not load PEM client certificate, OpenSSL error error:140AB18E:SSL routines:SSL_CTX_use_certificate:ca md too weak, (no key found, wrong pass phrase, or wrong file format?)",
		first: []string{"mtls-sha1-badge"}, client: Loading, says: "refused to load its badge"},
	{from: "https://github.com/QubitProducts/exporter_exporter/issues/81",
		paste: "curl: (58) could not load PEM client certificate, OpenSSL error error:140AB18F:SSL routines:SSL_CTX_use_certificate:ee key too small, (no key found, wrong pass phrase, or wrong file format?)",
		first: []string{"mtls-rsa1024-badge"}, client: Loading, says: "refused to load its badge"},
	// A client's badge for MQTT.js, said in Node's words alone: either
	// reading.
	{from: "https://github.com/jfromaniello/selfsigned/issues/33",
		paste: "Error: error:140AB18F:SSL routines:SSL_CTX_use_certificate:ee key too small",
		first: []string{"weak-key-rsa1024", "mtls-rsa1024-badge"}, client: Loading, says: "Your text does not show which program"},
	{from: "https://github.com/mmendelson222/https-demo/issues/2",
		paste: "Error: error:0A00018E:SSL routines::ca md too weak\n    at node:internal/tls/secure-context:69:13\n    at Array.forEach (<anonymous>)\n    at setCerts (node:internal/tls/secure-context:67:3)",
		first: []string{"sha1-signature"}, client: Loading},
	{from: "https://github.com/VickScarlet/remake/issues/124",
		paste: "Error: error:140AB18F:SSL routines:SSL_CTX_use_certificate:ee key too small\n    at Object.createSecureContext (_tls_common.js:129:17)\n    at Server.setSecureContext (_tls_wrap.js:1330:27)\n" +
			"  library: 'SSL routines',\n  function: 'SSL_CTX_use_certificate',\n  reason: 'ee key too small',\n  code: 'ERR_SSL_EE_KEY_TOO_SMALL'\n}",
		first: []string{"weak-key-rsa1024"}, client: Loading, says: "elliptic-curve key under 224 bits"},
	{from: "https://github.com/uboslinux/ubos-admin/issues/888",
		paste: "[Mon Jan 22 22:02:18.903236 2024] [ssl:emerg] [pid 141558] SSL Library Error: error:0A00018F:SSL routines::ee key too small",
		first: []string{"weak-key-rsa1024"}, client: Loading},
	// A key that is not its certificate's: a server's refusing to start
	// (nginx, Node's https.createServer) is the story of a server whose key
	// is not its certificate's; a client's badge (Node's https.request,
	// curl's --cert and --key, requests' cert=) the badge's story.
	{from: "https://github.com/tazjin/kubernetes-letsencrypt/issues/20",
		paste: "2016/09/21 09:12:14 [emerg] 1#1: SSL_CTX_use_PrivateKey_file(\"/etc/nginx/tls/key.pem\") failed (SSL: error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch)\n" +
			"nginx: [emerg] SSL_CTX_use_PrivateKey_file(\"/etc/nginx/tls/key.pem\") failed (SSL: error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch)",
		first: []string{"server-wrong-key"}, client: Loading, says: "as yours did not"},
	{from: "https://github.com/OpenUserJS/OpenUserJS.org/pull/1532",
		paste: "$ node app.js\nStarting application...\n_tls_common.js:134\n      c.context.setKey(key, passphrase);\n                ^\n\n" +
			"Error: error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch\n    at Object.createSecureContext (_tls_common.js:134:17)\n" +
			"    at Server (_tls_wrap.js:868:27)\n    at new Server (https.js:62:14)\n    at Object.createServer (https.js:84:10)\n    at Object.<anonymous> (~/OpenUserJS.org1/app.js:303:24)",
		first: []string{"server-wrong-key"}, client: Loading},
	{from: "https://github.com/request/tunnel-agent/issues/52",
		paste: "6|www   | Error: error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch\n6|www   |     at Object.createSecureContext (_tls_common.js:156:17)\n" +
			"6|www   |     at Object.connect (_tls_wrap.js:1130:48)\n6|www   |     at /home/autox/node_modules/tunnel-agent/index.js:202:28\n" +
			"6|www   |     at ClientRequest.onConnect (/home/autox/node_modules/tunnel-agent/index.js:163:7)",
		first: []string{"mtls-key-mismatch"}, client: Node, notFirst: "server-wrong-key"},
	{from: "https://github.com/guanzhi/GmSSL/issues/1108",
		paste: "[GMTLS_DEBUG] set sm2 signing certificate\ncurl: (58) unable to set private key file: '/etc/kubernetes/ssl/kube-node-key.pem' type PEM",
		first: []string{"mtls-key-mismatch"}, client: Curl},
	{from: "https://github.com/psf/requests/issues/4814",
		paste: "The error is `openSSL error:[('x509 certificate routines', 'X509_check_private_key', 'key values mismatch')]`",
		first: []string{"mtls-key-mismatch"}, listed: "server-wrong-key", says: "does not show which program"},
	// The same refusal where the text shows a server (a Python server's
	// framework, postfix's smtpd) or a client (Node's tls.connect through a
	// proxy agent) loading the pair; where it shows neither (a traceback
	// ending in load_cert_chain, pyOpenSSL's tuple, Node's message alone),
	// both readings, said so.
	{from: "https://github.com/dalibo/temboard/issues/193 (its log's lines and its title's error)",
		paste: "temboard[20448]: [temboardui              ]     INFO: Starting temboardui on https://0.0.0.0:8888\n" +
			"temboard[20448]: [tornado.application     ]    ERROR: Exception in callback (<socket._socketobject object at 0x3ea6600>, <function null_wrapper at 0x3ec5320>)\n" +
			"temboard[20448]: [tornado.application     ]    ERROR: Traceback (most recent call last):\n" +
			"temboard[20448]: [tornado.application     ]    ERROR:   File \"/usr/lib64/python2.7/site-packages/tornado/ioloop.py\", line 882, in start\n" +
			"SSLError: [X509: KEY_VALUES_MISMATCH] key values mismatch (_ssl.c:2521)",
		first: []string{"server-wrong-key"}, client: Loading, says: "as yours did not", notFirst: "mtls-key-mismatch"},
	{from: "https://github.com/srvrco/getssl/issues/301",
		paste: "May 31 21:07:47 *mydomain* postfix/smtpd[12615]: warning: TLS library problem: error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch:x509_cmp.c:341:",
		first: []string{"server-wrong-key"}, client: Loading, notFirst: "mtls-key-mismatch"},
	{from: "https://github.com/delvedor/hpagent/issues/119",
		paste: "Error: error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch\n    at SecureContext.setKey (<anonymous>)\n    at Object.createSecureContext (_tls_common.js:150:17)\n" +
			"    at Object.connect (_tls_wrap.js:1606:48)\n    at HttpsProxyAgent.createConnection (https.js:144:22)\n    at ClientRequest.<anonymous> (/home/autox/node_modules/hpagent/index.js:82:36)",
		first: []string{"mtls-key-mismatch"}, client: Node, notFirst: "server-wrong-key"},
	{from: "https://github.com/abhinavsingh/proxy.py/issues/985",
		paste: "  File \"/Users/abhinavsingh/.pyenv/versions/3.10.0/lib/python3.10/ssl.py\", line 1438, in wrap_socket\n    context.load_cert_chain(certfile, keyfile)\nssl.SSLError: [X509: KEY_VALUES_MISMATCH] key values mismatch (_ssl.c:3883)",
		first: []string{"mtls-key-mismatch", "server-wrong-key"}, client: Loading, listed: "server-wrong-key", says: "does not show which program"},
	{from: "https://github.com/tor2web/Tor2web/issues/155",
		paste: "    ctx.use_privatekey_file(self.privateKeyFileName)\n  File \"/usr/local/lib/python2.7/dist-packages/OpenSSL/SSL.py\", line 458, in use_privatekey_file\n" +
			"    self._raise_passphrase_exception()\nOpenSSL.SSL.Error: [('x509 certificate routines', 'X509_check_private_key', 'key values mismatch')]",
		first: []string{"mtls-key-mismatch", "server-wrong-key"}, listed: "server-wrong-key", says: "does not show which program"},
	{from: "https://github.com/Dexus/pem/issues/105",
		paste: "_tls_common.js:87\n        c.context.setKey(options.key);\n                  ^\nError: error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch\n    at Error (native)",
		first: []string{"mtls-key-mismatch", "server-wrong-key"}, listed: "server-wrong-key", says: "does not show which program"},
	{from: "https://github.com/simllll/node-radius-server/issues/97",
		paste: "Error: error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch\n    at Object.createSecureContext (_tls_common.js:145:19)\n" +
			"    at Object.<anonymous> (/home/ruslan/Документы/node-radius-server/dist/tls/crypt.js:19:29)\n  code: 'ERR_OSSL_X509_KEY_VALUES_MISMATCH'\n}",
		first: []string{"mtls-key-mismatch", "server-wrong-key"}, listed: "server-wrong-key", says: "does not show which program"},
	// "self-signed certificate in certificate chain": a root nobody trusts
	// sent in the chain, and as often a TLS-inspecting proxy sending its own
	// (of 20 threads found for these words, the 6 that name a cause name a
	// proxy or a company firewall 4 times, a CA of their own twice): both
	// stories share rank 1, the proxy's saying it is the commonest cause.
	{from: "https://github.com/pypa/pipx/issues/961",
		paste: "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:997)'))': /simple/hatch/",
		first: []string{"corporate-proxy"}, says: "TLS-inspecting proxy", listed: "untrusted-root", program: Pip}, // pip, run by pipx
	{from: "https://github.com/sethmlarson/truststore/issues/123",
		paste: "ERROR: Could not install packages due to an OSError: HTTPSConnectionPool(host='github.com', port=443): Max retries exceeded with url: /goldmann/docker-squash/archive/4a7fc2c3a2175d868ff60eefdbab53240a7641d5.zip (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1000)')))",
		first: []string{"corporate-proxy"}, client: Requests, says: "commonest cause", listed: "untrusted-root"},
	{from: "https://github.com/oliverschwendener/ueli/issues/619",
		paste: "2021-01-07T15:15:08.589Z error: self signed certificate in certificate chain\nError: self signed certificate in certificate chain\n    at TLSSocket.onConnectSecure (_tls_wrap.js:1484:34)\n" +
			"    at TLSSocket.emit (events.js:310:20)\n    at TLSSocket._finishInit (_tls_wrap.js:927:8)\n    at TLSWrap.ssl.onhandshakedone (_tls_wrap.js:697:12)",
		first: []string{"corporate-proxy"}, client: Node, says: "Zscaler", listed: "untrusted-root"},
	{from: "https://github.com/npm/npm/issues/8125",
		paste: "npm ERR! node v0.12.2\nnpm ERR! npm  v2.7.4\nnpm ERR! code SELF_SIGNED_CERT_IN_CHAIN\n\nnpm ERR! self signed certificate in certificate chain",
		first: []string{"corporate-proxy"}, says: "NODE_EXTRA_CA_CERTS", listed: "untrusted-root"},
	{from: "https://github.com/npm/npm/issues/7519",
		paste: "Error: self signed certificate in certificate chain\n    at TLSSocket.<anonymous> (_tls_wrap.js:1088:38)\n    at emitNone (events.js:86:13)\n    at TLSSocket.emit (events.js:188:7)\n" +
			"    at TLSSocket._finishInit (_tls_wrap.js:610:8)\n    at TLSWrap.ssl.onhandshakedone (_tls_wrap.js:440:38)",
		first: []string{"corporate-proxy", "untrusted-root"}, client: Node, listed: "corporate-proxy"},
	{from: "https://github.com/msys2/msys2.github.io/issues/154",
		paste: "curl: (60) SSL certificate problem: self signed certificate in certificate chain",
		first: []string{"corporate-proxy"}, client: Curl, says: "TLS-inspecting proxy", listed: "untrusted-root"},
	// curl with GnuTLS (git, apt) names no reason: the stories of an
	// unknown or broken chain, and of dates.
	{from: "https://github.com/MerosCrypto/Meros/issues/320",
		paste: "fatal: unable to access 'https://git.openldap.org/openldap/openldap/': server certificate verification failed. CAfile: none CRLfile: none",
		first: []string{"internal-ca-default-bundle"}, client: GnuTLS, says: "CAfile: none", unsaid: "no CA bundle"},
	{from: "https://github.com/otland/forgottenserver/issues/645",
		paste: "git clone https://github.com/otland/forgottenserver.git\n\nCloning into 'forgottenserver'...\nerror: server certificate verification failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none while accessing https://github.com/otland/forgottenserver.git/info/refs\nfatal: HTTP request failed",
		first: []string{"internal-ca-default-bundle"}, client: GnuTLS},
	// urllib3 1.26 quotes the certificate's one name, or "either of" its
	// several: a story whose certificate lists several stands for one
	// listing one. The host it quotes is what the client dialled: an
	// address is the story of an address, a name the story of a name.
	{from: "https://github.com/urllib3/urllib3/pull/820",
		paste: "    requests.exceptions.SSLError: hostname '10.10.194.37' doesn't match u'vault.service.trouper'",
		first: []string{"ip-mismatch"}, listed: "hostname-mismatch", notFirst: "hostname-mismatch"},
	{from: "https://github.com/arachnys/cabot/issues/358",
		paste: "Request error occurred: hostname 'api.gourmendo.com' doesn't match 'gourmendo.com'",
		first: []string{"hostname-mismatch"}, notFirst: "ip-mismatch"},
	// urllib3's log line alone.
	{from: "https://github.com/nucypher/nucypher/issues/459",
		paste: "2018-09-30 08:18:15,005 - urllib3.connection - ERROR - Certificate did not match expected hostname: 10.10.10.6. Certificate: {'subject': ((('commonName', '0x722C6A828cE53095F49D9F920188e98b0d3A2F21'),),), 'subjectAltName': [('DNS', '10.10.10.6')]}",
		first: []string{"ip-mismatch"}, client: Requests1, says: "urllib3 logged this"},
	{from: "https://github.com/python-poetry/poetry/issues/7811",
		paste: "Certificate did not match expected hostname: pypi.mycompany.net. Certificate: {'subject': ((('countryName', 'US'),), (('stateOrProvinceName', 'WA'),), (('localityName', 'Redmond'),), (('organizationName', 'Microsoft Corporation'),), (('commonName', '*.azurewebsites.net'),))}",
		first: []string{"hostname-mismatch"}, client: Requests1},
	// Go's out-of-date certificate without its times, as Go before 1.14
	// printed it: expired ranks with not-yet-valid, not behind curl's "is not
	// yet valid".
	{from: "https://github.com/2dust/v2rayN/issues/4697",
		paste: "2024/02/06 12:36:09 [Warning] [1628410523] app/proxyman/outbound: failed to process outbound traffic > proxy/trojan: connection ends > proxy/trojan: failed to flush payload > tls: failed to verify certificate: x509: certificate has expired or is not yet valid: ",
		first: []string{"expired"}, client: GoNetHTTP},
	{from: "https://github.com/laher/goxc/issues/13",
		paste: "x509: certificate signed by unknown authority",
		first: []string{"internal-ca-default-bundle"}, client: GoNetHTTP},
	// Python before 3.7 says no reason: the commonest faults.
	{from: "https://github.com/aiogram/aiogram/issues/33",
		paste: "aiogram.utils.exceptions.NetworkError: Aiohttp client throws an error: ClientConnectorSSLError: Cannot connect to host api.telegram.org:443 ssl:True [[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:777)]",
		first: []string{"internal-ca-default-bundle"}, client: Requests, says: "before 3.7"},
	{from: "https://github.com/pypa/pip/issues/835",
		paste: "Could not fetch URL https://xxx/: There was a problem confirming the ssl certificate: <urlopen error [Errno 1] _ssl.c:504: error:14090086:SSL routines:SSL3_GET_SERVER_CERTIFICATE:certificate verify failed>",
		first: []string{"internal-ca-default-bundle"}, client: Requests},
	// OpenSSL 1.0's function, printed by any program on it: not Python's
	// unless Python's _ssl.c is named.
	{from: "https://github.com/composer/composer/issues/7377",
		paste: "file could not be downloaded: SSL operation failed with code 1. OpenSSL Error messages:\nerror:14090086:SSL routines:ssl3_get_server_certificate:certificate verify failed\nFailed to enable crypto\nfailed to open stream: operation failed",
		first: []string{"internal-ca-default-bundle"}, client: OpenSSL10, says: "OpenSSL 1.0", unsaid: "This Python"},
	// Alerts and records no story plays, said in words.
	{from: "https://github.com/nabla-c0d3/sslyze/issues/531",
		paste: "nassl._nassl.OpenSSLError: error:14094416:SSL routines:ssl3_read_bytes:sslv3 alert certificate unknown",
		says:  "without saying why"},
	{from: "https://github.com/ThetaTau/CMT/issues/147",
		paste: "SSLError: [SSL: DECRYPTION_FAILED_OR_BAD_RECORD_MAC] decryption failed or bad record mac (_ssl.c:2178)",
		says:  "integrity check"},
	// A server's log (nginx, postfix, dovecot, kamailio, a Ruby server on
	// OpenSSL) of an alert it received: its client refused the server's
	// certificate. The stories are those that make a client send that
	// alert, not those that receive it (a badge refused).
	{from: "https://github.com/auto-ssl/lua-resty-auto-ssl/issues/157",
		paste: "[info] 19283#19283: *39 SSL_do_handshake() failed (SSL: error:14094412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:SSL alert number 42) while SSL handshaking, client: 127.0.0.1, server: 0.0.0.0:443",
		first: []string{"hostname-mismatch"}, client: ServerLog, says: "the server's log", notFirst: "mtls-wrong-eku", unsaid: "your badge"},
	{from: "https://github.com/omega8cc/boa/issues/555",
		paste: "2014/12/23 23:38:41 [info] 8427#0: *721 SSL_do_handshake() failed (SSL: error:14094418:SSL routines:SSL3_READ_BYTES:tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking, client: \"SOME IP ADDRESS\", server: 0.0.0.0:443",
		first: []string{"internal-ca-default-bundle"}, client: ServerLog, says: "unknown_ca", notFirst: "mtls-wrong-ca"},
	{from: "https://github.com/vouch/vouch-proxy/issues/262",
		paste: "SSL_do_handshake() failed (SSL: error:14094416:SSL routines:ssl3_read_bytes:sslv3 alert certificate unknown:SSL alert number 46) while SSL handshaking",
		first: []string{"internal-ca-default-bundle"}, client: ServerLog, says: "certificate_unknown"},
	{from: "https://github.com/docker-mailserver/docker-mailserver/issues/1645",
		paste: "Oct 10 19:20:34 mail dovecot: imap-login: Disconnected (no auth attempts in 1 secs): user=<>, rip=...., lip=172.18.0.2, TLS: SSL_read failed: error:14094412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate: SSL alert number 42, session=<....+2Mtt>",
		first: []string{"hostname-mismatch"}, client: ServerLog, listed: "self-signed", notFirst: "mtls-wrong-eku"},
	{from: "https://github.com/modoboa/modoboa-webmail/issues/268",
		paste: "postfix/smtps/smtpd[366779]: connect from localhost[127.0.0.1]\npostfix/smtps/smtpd[366779]: SSL_accept error from localhost[127.0.0.1]: -1\n warning: TLS library problem: error:0A000412:SSL routines::sslv3 alert bad certificate:../ssl/record/rec_layer_s3.c:1584:SSL alert number 42:\nlost connection after CONNECT from localhost[127.0.0.1]",
		first: []string{"hostname-mismatch"}, client: ServerLog, notFirst: "mtls-wrong-eku"},
	{from: "https://github.com/AuthMe/AuthMeReloaded/issues/910",
		paste: "Aug 23 00:30:08 server02 postfix/smtpd[15727]: SSL_accept error from unknown[XXX.XXX.XXX.XXX]: 0\nAug 23 00:30:08 server02 postfix/smtpd[15727]: warning: TLS library problem: error:14094416:SSL routines:SSL3_READ_BYTES:sslv3 alert certificate unknown:s3_pkt.c:1300:SSL alert number 46:",
		first: []string{"internal-ca-default-bundle"}, client: ServerLog},
	{from: "https://github.com/kamailio/kamailio/issues/2104",
		paste: "Oct 18 13:04:35 Debian9-104 /usr/local/sbin/kamailio[5675]: ERROR: tls [tls_util.h:42]: tls_err_ret(): TLS accept:error:14094416:SSL routines:ssl3_read_bytes:sslv3 alert certificate unknown",
		first: []string{"internal-ca-default-bundle"}, client: ServerLog},
	{from: "https://github.com/evilsocket/bettercap/issues/67",
		paste: "[W] Error while accepting HTTPS connection: #<OpenSSL::SSL::SSLError: SSL_accept returned=1 errno=0 state=SSLv3 read client certificate A: sslv3 alert certificate unknown>",
		first: []string{"internal-ca-default-bundle"}, client: ServerLog},
	{from: "https://github.com/trojan-tutor/trojan-tutor.github.io/issues/59",
		paste: "May 16 15:11:03 hellovultr trojan[26044]: [2020-05-16 15:11:03] [ERROR] 223.72.74.170:9674 SSL handshake failed: sslv3 alert bad certificate\n" +
			"May 16 15:11:03 hellovultr trojan[26044]: [2020-05-16 15:11:03] [INFO] 223.72.74.170:9674 disconnected, 0 bytes received, 0 bytes sent, lasted for 0 seconds",
		first: []string{"hostname-mismatch"}, client: ServerLog, notFirst: "mtls-wrong-eku"},
	{from: "https://github.com/rsyslog/rsyslog/issues/5372",
		paste: "8253.888668288:imtcp.c        : nsd_ossl.c: osslLastSSLErrorMsg: SSL_ERROR_SSL Error in 'osslHandshakeCheck Server': 'error:00000001:lib(0)::reason(1)(1)' with ret=-1, errno=0, sslapi='SSL_accept'\n" +
			"8253.890414743:imtcp.c        : errmsg.c: Called LogMsg, msg: nsd_ossl:OpenSSL Error Stack: error:0A000418:SSL routines::tlsv1 alert unknown ca",
		first: []string{"internal-ca-default-bundle"}, client: ServerLog, notFirst: "mtls-wrong-ca"},
	// nginx as a client, to its upstream: the alert is the upstream's
	// refusal of nginx, a courier without the badge it requires.
	{from: "https://github.com/kubernetes/ingress-nginx/issues/7082",
		paste: "2021/04/27 22:55:10 [error] 874#874: *62373 SSL_do_handshake() failed (SSL: error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream, client: 127.0.0.1, server: greeter.reev.grpc, request: \"POST /com.rameshkp.GreeterService/greet HTTP/2.0\", upstream: \"grpcs://10.244.1.7:9090\", host: \"greeter.reev.grpc:443\"",
		first: []string{"3des-only-bank", "mtls-no-cert"}, listed: "mtls-no-cert"},
	// Python whose ssl module did not load (conda on Windows, pip): no
	// certificate is checked.
	{from: "https://github.com/conda/conda/issues/11982",
		paste: "CondaSSLError: OpenSSL appears to be unavailable on this machine. OpenSSL is required to\ndownload and install packages.\n\n" +
			"Exception: HTTPSConnectionPool(host='conda.anaconda.org', port=443): Max retries exceeded with url: /conda-forge/win-64/current_repodata.json (Caused by SSLError(\"Can't connect to HTTPS URL because the SSL module is not available.\"))",
		says: "could not load its ssl module"},
	{from: "https://github.com/python-poetry/poetry/issues/3126",
		paste: "  Could not fetch URL https://pypi.org/simple/poetry/: There was a problem confirming the ssl certificate: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded with url: /simple/poetry/ (Caused by SSLError(\"Can't connect to HTTPS URL because the SSL module is not available.\")) - skipping\n" +
			"pip is configured with locations that require TLS/SSL, however the ssl module in Python is not available.",
		says: "conda activate"},
	// .NET Core before 5 names no policy error; with one, its own.
	{from: "https://github.com/JeffreySu/WeiXinMPSDK/issues/1299",
		paste: "System.AggregateException: One or more errors occurred. (The SSL connection could not be established, see inner exception.) ---> System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception. ---> System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure.",
		first: []string{"internal-ca-default-bundle"}, client: DotNet, listed: "corporate-proxy"},
	{from: "https://github.com/Radarr/Radarr/issues/5188",
		paste: "[v3.0.0.3913] System.Net.WebException: The SSL connection could not be established, see inner exception. The remote certificate is invalid according to the validation procedure.: 'https://radarr.servarr.com/v1/update/nightly/changes?version=3.0.0.3913&os=linux&runtimeVer=3.1.7'",
		first: []string{"internal-ca-default-bundle"}, client: DotNet},
	{from: "https://github.com/darkalfx/requestrr/issues/133",
		paste: "requestrr    |  ---> System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch",
		first: []string{"hostname-mismatch"}, client: DotNet, notFirst: "internal-ca-default-bundle"},
	{from: "https://github.com/skoruba/IdentityServer4.Admin/issues/915",
		paste: "AuthenticationException: The remote certificate is invalid because of errors in the certificate chain: PartialChain\nSystem.Net.Security.SslStream.SendAuthResetSignal(ProtocolToken message, ExceptionDispatchInfo exception)",
		first: []string{"internal-ca-default-bundle"}, client: DotNet, listed: "missing-intermediate"},
	// Java: a server refusing an expired badge is the bank's side; a
	// client's refusal the bank's certificate's.
	{from: "https://github.com/notnoop/java-apns/issues/370",
		paste: "javax.net.ssl.SSLHandshakeException: java.security.cert.CertificateExpiredException: NotAfter: Tue Nov 19 23:34:38 CST 2019\n        at sun.security.ssl.Alerts.getSSLException(Alerts.java:192)\n" +
			"        at sun.security.ssl.SSLSocketImpl.fatal(SSLSocketImpl.java:1904)\n        at sun.security.ssl.Handshaker.fatalSE(Handshaker.java:279)\n        at sun.security.ssl.Handshaker.fatalSE(Handshaker.java:273)\n" +
			"        at sun.security.ssl.ServerHandshaker.clientCertificate(ServerHandshaker.java:1682)",
		first: []string{"mtls-expired-client"}, client: Java, says: "Java server's side", notFirst: "expired"},
	{from: "https://github.com/eclipse-hono/hono/issues/985",
		paste: "java.security.cert.CertificateExpiredException: NotAfter: Wed Dec 12 16:01:54 CET 2018",
		first: []string{"expired"}, client: Java, notFirst: "mtls-expired-client"},
	{from: "https://github.com/versioneye/versioneye_maven_plugin/issues/77",
		paste: "[ERROR] Error in UpdateMojo.uploadDependencies sun.security.validator.ValidatorException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target",
		first: []string{"internal-ca-default-bundle"}, client: Java},
	// Android's trust manager: an issuer it does not know.
	{from: "https://github.com/hongyangAndroid/okhttputils/issues/310",
		paste: "javax.net.ssl.SSLHandshakeException: java.security.cert.CertPathValidatorException: Trust anchor for certification path not found.",
		first: []string{"internal-ca-default-bundle"}, client: Android, listed: "missing-intermediate"},
	// Only the server's intermediate CA in Node's ca: OpenSSL finds no
	// self-signed root above it (UNABLE_TO_GET_ISSUER_CERT, num=2), not the
	// "local issuer" of a CA it lacks (num=20).
	{from: "https://github.com/nodejs/node/issues/36453",
		paste: "Error: unable to get issuer certificate\n    at TLSSocket.onConnectSecure (_tls_wrap.js:1496:34)\n    at TLSSocket.emit (events.js:315:20)\n    at TLSSocket._finishInit (_tls_wrap.js:938:8)\n    at TLSWrap.ssl.onhandshakedone (_tls_wrap.js:696:12) {\n  code: 'UNABLE_TO_GET_ISSUER_CERT'\n}",
		first: []string{"custom-ca-bundle-intermediate"}, client: Node, says: "issuing CA", notFirst: "internal-ca-default-bundle"},
	// Python's HTTP clients other than requests (botocore, httpx, aiohttp,
	// urllib) print Python's ssl message: the stories of its reason.
	{from: "https://github.com/opravdin/weback-unofficial/issues/5",
		paste: "botocore.exceptions.SSLError: SSL validation failed for https://cognito-identity.ap-southeast-1.amazonaws.com/ [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1123)",
		first: []string{"internal-ca-default-bundle"}, program: "Python (botocore)", notFirst: "custom-ca-bundle-intermediate"},
	{from: "https://github.com/CaffeineDuck/nepse-api/issues/55",
		paste: "httpx.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1129)",
		first: []string{"internal-ca-default-bundle"}, program: "Python (httpx)"},
	{from: "https://github.com/Gozargah/Marzban/issues/1947",
		paste: "  File \"/root/bot/encrypted_bots/a/lib/python3.12/site-packages/aiohttp/connector.py\", line 1124, in _wrap_create_connection\n    raise ClientConnectorCertificateError(req.connection_key, exc) from exc\n" +
			"aiohttp.client_exceptions.ClientConnectorCertificateError: Cannot connect to host neotechnology.su:443 ssl:True [SSLCertVerificationError: (1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1000)')]",
		first: []string{"expired"}, program: "Python (aiohttp)"},
	{from: "https://github.com/python-poetry/poetry/issues/5117",
		paste: "urllib.error.URLError: <urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1129)>",
		first: []string{"internal-ca-default-bundle"}, program: "Python (urllib)"},
	// Go's programs: docker and kubectl.
	{from: "https://github.com/docker-library/hello-world/issues/86",
		paste: "C:\\WINDOWS\\system32> docker pull hello-world\nUsing default tag: latest\nError response from daemon: Get https://registry-1.docker.io/v2/: x509: certificate signed by unknown authority",
		first: []string{"internal-ca-default-bundle"}, client: GoNetHTTP},
	{from: "https://github.com/kelseyhightower/intro-to-kubernetes-workshop/issues/13",
		paste: "error: couldn't read version from server: Get https://146.148.119.50:6443/api: x509: certificate is valid for 10.240.0.2, 10.200.100.1, not 146.148.119.50",
		first: []string{"ip-mismatch"}, client: GoNetHTTP, notFirst: "hostname-mismatch"},
	{from: "https://github.com/zeerorg/k3s-in-docker/issues/3",
		paste: "ed@Eds-MacBook-Pro ~ (master) $ kubectl get pods --all-namespaces\nUnable to connect to the server: x509: certificate is valid for docker-for-desktop, kubernetes, kubernetes.default, kubernetes.default.svc, kubernetes.default.svc.cluster.local, host.docker.internal, not localhost",
		first: []string{"hostname-mismatch"}, client: GoNetHTTP},
	{from: "https://github.com/canonical/microk8s/issues/2638",
		paste: "Unable to connect to the server: x509: certificate has expired or is not yet valid",
		first: []string{"expired"}, client: GoNetHTTP},
	// git on OpenSSL (Git for Windows, macOS): curl's words.
	{from: "https://github.com/desktop/desktop/issues/4291",
		paste: "fatal: unable to access 'https://github.com/planetoftheweb/learnangular5.git/': SSL certificate problem: unable to get local issuer certificate",
		first: []string{"internal-ca-default-bundle"}, client: Curl},
	{from: "https://github.com/zowe/zowe-client-python-sdk/issues/349",
		paste: "SSLError: HTTPSConnectionPool(host='10.1.111.244', port=443): Max retries exceeded with url: /zosmf/restfiles/ds?dslevel=PKMO.IN.SALES.ADJ.%2A (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in\ncertificate chain (_ssl.c:1000)')))",
		first: []string{"untrusted-root"}, listed: "corporate-proxy"},
	// Ruby on OpenSSL 1.0 names the state, not the reason; later Rubies
	// OpenSSL's reason (curl's words for it).
	{from: "https://github.com/appoxy/mini_fb/issues/22",
		paste: "OpenSSL::SSL::SSLError  SSL_connect returned=1 errno=0 state=SSLv3 read server certificate B: certificate verify failed",
		first: []string{"internal-ca-default-bundle"}, client: OpenSSL10, says: "OpenSSL 1.0"},
	{from: "https://github.com/ytti/oxidized/issues/2618",
		paste: "/usr/lib/ruby/2.5.0/net/protocol.rb:44:in `connect_nonblock': SSL_connect returned=1 errno=0 state=error: certificate verify failed (unable to get local issuer certificate) (OpenSSL::SSL::SSLError)",
		first: []string{"internal-ca-default-bundle"}, program: RubyOpenSSL},
	{from: "https://github.com/nodejs/node/issues/52582",
		paste: "Error: unable to verify the first certificate\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34)\n    at TLSSocket.emit (node:events:519:28)\n" +
			"    at TLSSocket._finishInit (node:_tls_wrap:1085:8)\n    at ssl.onhandshakedone (node:_tls_wrap:871:12) {\n  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'\n}",
		first: []string{"missing-intermediate"}, client: Node, least: 0.9},
	// Node before 8: "doesn't match".
	{from: "https://github.com/request/request/issues/331",
		paste: "[Error: Hostname/IP doesn't match certificate's altnames]",
		first: []string{"hostname-mismatch"}, client: Node},
	{from: "https://github.com/request/request/issues/1777",
		paste: "Hostname/IP doesn't match certificate's altnames: \"Host: localhost. is not in the cert's altnames: DNS:_.herokuapp.com, DNS:herokuapp.com\"\nHost: localhost. is not in the cert's altnames: DNS:_.herokuapp.com, DNS:herokuapp.com",
		first: []string{"hostname-mismatch"}, client: Node, notFirst: "ip-mismatch"},
	// Node before 8 comparing the Common Name of a certificate without SAN:
	// a host name, the name-mismatch stories', not an address's.
	{from: "Node before 8's tls.checkServerIdentity, as MariaDB's Node.js connector documentation quotes it",
		paste: `Hostname/IP doesn't match certificate's altnames: "Host: other.example.com. is not cert's CN: mariadb.example.com"`,
		first: []string{"hostname-mismatch"}, client: Node, notFirst: "ip-mismatch"},
	// requests' own checks of the files it is given, before any connection
	// (adapters.py's cert_verify), and OpenSSL refusing a CA file with no
	// certificate in it; curl's for the same files: requests 2.28 (urllib3
	// 1.26, Debian 12) and 2.34 (urllib3 2), curl 7.88.
	{from: "requests 2.28 (Debian 12), requests.get(url, verify='/etc/ssl/wrong-ca.pem')",
		paste: "  File \"/usr/lib/python3/dist-packages/requests/adapters.py\", line 263, in cert_verify\n    raise OSError(\nOSError: Could not find a suitable TLS CA certificate bundle, invalid path: /etc/ssl/wrong-ca.pem",
		says:  "verify="},
	{from: "requests 2.28 (Debian 12), requests.get(url, cert=('/tmp/nope.crt', '/tmp/nope.key'))",
		paste: "  File \"/usr/lib/python3/dist-packages/requests/adapters.py\", line 287, in cert_verify\n    raise OSError(\nOSError: Could not find the TLS certificate file, invalid path: /tmp/nope.crt",
		says:  "cert="},
	{from: "requests 2.28 (Debian 12), requests.get(url, cert=('client.pem', '/tmp/nope.key'))",
		paste: "OSError: Could not find the TLS key file, invalid path: /tmp/nope.key",
		says:  "cert="},
	{from: "requests 2.34 on urllib3 2.7 (Python 3.11), requests.get(url, verify='key.pem'), a private key",
		paste: "requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=24431): Max retries exceeded with url: / (Caused by SSLError(SSLError(136, '[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found (_ssl.c:4154)')))",
		says:  "holds no certificate"},
	{from: "curl 7.88 --cacert /etc/ssl/wrong-ca.pem (no such file; an empty file and a key print the same)",
		paste: "curl: (77) error setting certificate file: /etc/ssl/wrong-ca.pem",
		says:  "--cacert"},
	{from: "https://github.com/curl/curl/issues/6090",
		paste: "curl: (77) error setting certificate verify locations:\n  CAfile: /etc/ssl/certs/ca-certificates.crt\n  CApath: /etc/ssl/certs",
		says:  "--cacert"},
	// A TLS 1.3 bank that requires a badge and hangs up, without an alert,
	// on a courier that shows none: the courier had finished its side of
	// the handshake, and verified the bank, before the bank read that it
	// has no badge. requests 2.34 on urllib3 2.7 (Python 3.11) against a
	// Python server (CERT_OPTIONAL, then a reset when no certificate came).
	{from: "requests 2.34 on urllib3 2.7 (Python 3.11), no cert=, a TLS 1.3 server requiring one and resetting the connection",
		paste: "urllib3.exceptions.MaxRetryError: HTTPSConnectionPool(host='localhost', port=24433): Max retries exceeded with url: / (Caused by SSLError(SSLEOFError(8, 'EOF occurred in violation of protocol (_ssl.c:2427)')))",
		says:  "mtls-no-cert", unsaid: "before any certificate was checked"},
	// urllib3 2's words for a name the certificate does not cover (OpenSSL's
	// X509_V_ERR_HOSTNAME_MISMATCH): "certificate is not valid for" is
	// not "certificate is not yet valid" with a word left out.
	{from: "requests 2.34 on urllib3 2.7 (Python 3.11) against a certificate whose only name is its Common Name",
		paste: `requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=24431): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'localhost'. (_ssl.c:1006)")))`,
		first: []string{"hostname-mismatch", "cn-only", "wildcard-too-deep"}, client: Requests, unlisted: "not-yet-valid"},
	{from: "the reviewer's paste of urllib3 2's words alone",
		paste: "Hostname mismatch, certificate is not valid for 'x'.",
		first: []string{"hostname-mismatch", "cn-only", "wildcard-too-deep"}, client: Requests, unlisted: "not-yet-valid"},
	// Python's HTTP clients other than requests print the ssl module's
	// words as requests does, and Ruby OpenSSL's as curl does: the story
	// is right, the program is theirs.
	{from: "https://github.com/bablosoft/bas-remote-python/issues/3",
		paste: "aiohttp.client_exceptions.ClientConnectorCertificateError: Cannot connect to host bablosoft.com:443 ssl:True [SSLCertVerificationError: (1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:997)')]",
		first: []string{"internal-ca-default-bundle", "missing-intermediate"}, client: Requests, program: "Python (aiohttp)"},
	{from: "https://github.com/itsmehacker/CardPwn/issues/8",
		paste: "urllib.error.URLError: <urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1129)>",
		first: []string{"internal-ca-default-bundle", "missing-intermediate"}, client: Requests, program: "Python (urllib)"},
	{from: "botocore 1.x (Python 3.11), an S3 client's list_buckets against a self-signed server",
		paste: "  File \"/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/botocore/httpsession.py\", line 504, in send\n    raise SSLError(endpoint_url=request.url, error=e)\n" +
			"botocore.exceptions.SSLError: SSL validation failed for https://localhost:24431/ [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)",
		first: []string{"self-signed"}, client: Requests, program: "Python (botocore)"},
	// A paste that shows the CA bundle named to requests as a story's
	// courier names it (REQUESTS_CA_BUNDLE on the command line) comes
	// first from that story, not from one saying that requests read
	// certifi's bundle because nothing named another; one that shows the
	// call's own verify= (in the traceback), which requests reads before
	// the variable and the Session, does not come from a Session ignored
	// for REQUESTS_CA_BUNDLE (env-bundle-overrides-session: its tie note
	// says the call's file lacks the CA, CallBundleWords). requests 2.28
	// (Debian 12) against a server whose CA is not in the bundle named.
	{from: "requests 2.28 (Debian 12), requests.get(url, verify=\"/…/ca2.pem\") in a script, the traceback's last part",
		paste: `Traceback (most recent call last):
  File "/tmp/paste2h.VSUL/app/fetch.py", line 7, in <module>
    main()
  File "/tmp/paste2h.VSUL/app/fetch.py", line 4, in main
    r = requests.get("https://localhost:24434/", verify="/tmp/paste2h.VSUL/ca2.pem")
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3/dist-packages/requests/api.py", line 73, in get
    return request("get", url, params=params, **kwargs)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3/dist-packages/requests/api.py", line 59, in request
    return session.request(method=method, url=url, **kwargs)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3/dist-packages/requests/sessions.py", line 587, in request
    resp = self.send(prep, **send_kwargs)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3/dist-packages/requests/sessions.py", line 701, in send
    r = adapter.send(request, **kwargs)
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3/dist-packages/requests/adapters.py", line 563, in send
    raise SSLError(e, request=request)
requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=24434): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:992)')))`,
		first: []string{"internal-ca-default-bundle"}, top: "internal-ca-default-bundle", client: Requests},
	{from: "requests 2.28 (Debian 12), REQUESTS_CA_BUNDLE on the command line",
		paste: `$ REQUESTS_CA_BUNDLE=/tmp/paste2h.VSUL/ca2.pem python3 -c "import requests; requests.get('https://localhost:24434/')"
requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=24434): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:992)')))`,
		first: []string{"env-bundle-overrides-session", "internal-ca-default-bundle"}, top: "env-bundle-overrides-session", client: Requests},
	{from: "the same error with verify=True on the call: no bundle named",
		paste: "    r = requests.get(url, verify=True)\n" +
			"requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=24434): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:992)')))",
		first: []string{"internal-ca-default-bundle"}, top: "internal-ca-default-bundle", client: Requests},
	{from: "curl 7.88 --cert /tmp/nope.crt (no such file)",
		paste: "curl: (58) could not load PEM client certificate from /tmp/nope.crt, OpenSSL error error:80000002:system library::No such file or directory, (no key found, wrong pass phrase, or wrong file format?)",
		says:  "--cert"},
	{from: "curl 7.88 --cert key.pem (a key, no certificate): mtls-cert-without-key's words, a file that is there",
		paste: "curl: (58) could not load PEM client certificate from /tmp/paste2h.VSUL/key.pem, OpenSSL error error:0480006C:PEM routines::no start line, (no key found, wrong pass phrase, or wrong file format?)",
		first: []string{"mtls-cert-without-key"}, client: Curl},
	// A Go server's log of an alert its client sent: no Go client's words
	// (Go's clients send bad_certificate for any refusal, never unknown_ca
	// or certificate_expired), so a server's log, opened through the
	// default lens.
	{from: "https://github.com/wikiZ/RedGuard/issues/12",
		paste: "2023/03/29 03:32:15 http: TLS handshake error from victimip:16632: remote error: tls: unknown certificate authority",
		first: unknownCAStories, client: GoServerLog, says: "Go's clients never send it"},
	{from: "Go 1.26 net/http ListenAndServeTLS here, a self-signed certificate, dialled by openssl s_client 3.0 -tls1_2",
		paste: "2026/12/07 16:44:30 http: TLS handshake error from 127.0.0.1:59112: remote error: tls: unknown certificate authority",
		first: unknownCAStories, client: GoServerLog, says: "so the client was not a Go program"},
	{from: "Go 1.26 net/http ListenAndServeTLS here, dialled by Go 1.26's http.Get (its client refusing the certificate)",
		paste: "2026/12/07 16:44:23 http: TLS handshake error from 127.0.0.1:59276: remote error: tls: bad certificate",
		first: badCertificateStories, client: GoServerLog, says: "Go's clients for any certificate they refuse"},
	{from: "Go 1.26 net/http ListenAndServeTLS here, an expired certificate, dialled by curl 7.88 --tls-max 1.2 --cacert it",
		paste: "2026/12/07 16:44:35 http: TLS handshake error from 127.0.0.1:45422: remote error: tls: expired certificate",
		first: expiredStories, client: GoServerLog, says: "Go's clients never send it"},
	// A Go server's log of a TLS 1.3 handshake whose client refused its
	// certificate: a client on OpenSSL sends its alert in the clear, which
	// the server, reading under the handshake's keys, cannot decrypt (bad
	// record MAC), where over TLS 1.2 it logs the alert.
	{from: "https://github.com/denji/golang-tls/issues/7 (curl -sL https://localhost:443, a self-signed certificate)",
		paste: "2023/10/16 07:44:15 http: TLS handshake error from 127.0.0.1:49428: local error: tls: bad record MAC",
		first: refusedStories, client: GoServerLog, says: "TLS 1.3"},
	{from: "https://github.com/dunglas/vulcain/issues/49 (curl: (60) SSL certificate problem: unable to get local issuer certificate)",
		paste: "vulcain_1   | 2020/04/06 18:52:04 http: TLS handshake error from 192.160.1.1:33854: local error: tls: bad record MAC",
		first: refusedStories, client: GoServerLog, says: "refused the server's certificate"},
	{from: "https://github.com/dunglas/mercure/issues/364 (Insomnia checking the certificate)",
		paste: "2020/08/31 10:50:01 http: TLS handshake error from 87.89.1.63:62039: local error: tls: bad record MAC\n2020/08/31 10:50:02 http: TLS handshake error from 87.89.1.63:62040: local error: tls: bad record MAC",
		first: refusedStories, client: GoServerLog, says: "in the clear"},
	{from: "https://github.com/golang/go/issues/51837 (a comment: curl without the right CA, \"unable to get local issuer certificate\")",
		paste: "http: TLS handshake error from <address>: local error: tls: bad record MAC",
		first: refusedStories, client: GoServerLog, says: "The client's own error says why"},
	{from: "Go 1.26 net/http ListenAndServeTLS here, a self-signed certificate, dialled by curl 7.88 (OpenSSL 3.0, TLS 1.3)",
		paste: "2026/12/07 17:13:19 http: TLS handshake error from 127.0.0.1:57772: local error: tls: bad record MAC",
		first: refusedStories, client: GoServerLog, says: "TLS 1.3", unsaid: "threads"},
	{from: "Go 1.26 net/http ListenAndServeTLS here, a self-signed certificate, dialled by Python 3.11 requests 2.34 (OpenSSL 3.0, TLS 1.3)",
		paste: "2026/12/07 17:13:19 http: TLS handshake error from 127.0.0.1:57780: local error: tls: bad record MAC",
		first: refusedStories, client: GoServerLog, says: "TLS 1.3"},
	{from: "Go 1.26 net/http ListenAndServeTLS here, a self-signed certificate, dialled by openssl s_client 3.0 (TLS 1.3)",
		paste: "2026/12/07 17:13:19 http: TLS handshake error from 127.0.0.1:57784: local error: tls: bad record MAC",
		first: refusedStories, client: GoServerLog, says: "TLS 1.3"},
	{from: "Go 1.26 net/http ListenAndServeTLS here, a self-signed certificate, dialled by curl 7.88 --tls-max 1.2 (the alert shows)",
		paste: "2026/12/07 17:13:19 http: TLS handshake error from 127.0.0.1:57776: remote error: tls: unknown certificate authority",
		first: unknownCAStories, client: GoServerLog, says: "so the client was not a Go program"},
	// A Python server's log of the alert its client refused its
	// certificate with (socketserver's handle_error, its own
	// wrap_socket(…, server_side=True), CherryPy's cheroot): the server's
	// side, as nginx's, not the client's badge refused.
	{from: "https://github.com/wifiphisher/wifiphisher/issues/134 (its HTTPS server, Python 2.7, a browser refusing its certificate)",
		paste: "Exception happened during processing of request from ('10.0.0.1', 43810)\nTraceback (most recent call last):\n  File \"/usr/lib/python2.7/SocketServer.py\", line 295, in _handle_request_noblock\n    self.process_request(request, client_address)\n" +
			"  File \"/usr/lib/python2.7/ssl.py\", line 608, in read\n    v = self._sslobj.read(len or 1024)\nSSLError: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:1750)",
		first: []string{"internal-ca-default-bundle"}, client: ServerLog, says: "the server's log", notFirst: "mtls-wrong-ca", unlisted: "mtls-wrong-ca"},
	{from: "https://github.com/rrrrrrri/fgt-gadgets/issues/27 (fds_server.py, Python 3.12)",
		paste: "    ssl_client_socket = context.wrap_socket(client_socket, server_side=True)\n                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  File \"/usr/lib/python3.12/ssl.py\", line 455, in wrap_socket\n" +
			"    return self.sslsocket_class._create(\n  File \"/usr/lib/python3.12/ssl.py\", line 1320, in do_handshake\n    self._sslobj.do_handshake()\nssl.SSLError: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:1000)",
		first: []string{"internal-ca-default-bundle"}, client: ServerLog, says: "unknown_ca", unlisted: "mtls-wrong-ca"},
	{from: "https://github.com/cherrypy/cheroot/issues/346 (CherryPy on Windows, its traceback and the issue's title)",
		paste: "Exception in thread CP Server Thread-10:\nTraceback (most recent call last):\n  File \"C:\\Users\\Sander.Jonkers\\AppData\\Local\\Programs\\Python\\Python39\\lib\\site-packages\\cheroot\\server.py\", line 1273, in communicate\n    req.parse_request()\n" +
			"ssl.SSLError: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca",
		first: []string{"internal-ca-default-bundle"}, client: ServerLog, unlisted: "mtls-wrong-ca"},
	// The same words that are no server's handshake log: a Go client's
	// read of a record that failed its check.
	{from: "https://github.com/voidint/g/issues/110 (a Go client, g install, a flaky network)",
		paste: "Local error: tls: bad record MAC",
		says:  "integrity check"},
	// A server on OpenSSL logs a client's refusal of its certificate as the
	// alert it is, over TLS 1.3 too (unlike a Go server, which logs bad
	// record MAC for it); its bad record MAC is a record that failed its
	// check, not that refusal, nor two threads of a client.
	{from: "nginx 1.22.1 (OpenSSL 3.0) here, ssl_protocols TLSv1.3, a self-signed certificate, dialled by curl 7.88",
		paste: "2026/12/07 17:54:01 [info] 26972#26972: *1 SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking, client: 127.0.0.1, server: 127.0.0.1:18641",
		first: []string{"internal-ca-default-bundle"}, client: ServerLog, says: "unknown_ca", unlisted: "mtls-wrong-ca"},
	{from: "openssl s_server 3.0 here, -tls1_3, a self-signed certificate, dialled by curl 7.88",
		paste: "Using default temp DH parameters\nACCEPT\n40F78915D87F0000:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../ssl/record/rec_layer_s3.c:1601:SSL alert number 48",
		first: []string{"internal-ca-default-bundle"}, client: ServerLog, unlisted: "mtls-wrong-ca"},
	{from: "https://github.com/openssl/openssl/issues/4938 (nginx 1.13.4, OpenSSL 1.1.0f; gone with ssl_session_cache off)",
		paste: "56937033 SSL_do_handshake() failed (SSL: error:1408F119:SSL routines:SSL3_GET_RECORD:decryption failed or bad record mac) while SSL handshaking, client: ",
		says:  "unlike a Go server", unsaid: "two threads"},
	{from: "https://github.com/openssl/openssl/issues/21347 (nginx with a QAT engine)",
		paste: "2023/07/03 15:22:11 [crit] 43398#43398: *102515718900 SSL_do_handshake() failed (SSL: error:800640A8:lib(128):aes_gcm_tls_cipher:gcm tag verify failure error:1408F119:SSL routines:ssl3_get_record:decryption failed or bad record mac) while SSL handshaking, client: 111.48.114.203, server: 0.0.0.0:443",
		says:  "hardware engine"},
	{from: "https://github.com/nginx/nginx/issues/961 (a TLS 1.3 client corrupting its records)",
		paste: "2026/03/26 12:13:36 [crit] 190483#190483: *1 SSL_read() failed (SSL: error:0A000119:SSL routines::decryption failed or bad record mac error:0A000139:SSL routines::record layer failure) while waiting for request, client: 127.0.0.1, server: 0.0.0.0:443",
		says:  "a record its client sent failed its integrity check"},
	{from: "https://github.com/haskell-tls/hs-tls/issues/25 (Apache's log of a client's handshake)",
		paste: "[Fri Nov 16 09:53:36 2012] [info] [client 10.2.1.167] SSL library error 1 in handshake (server guignol.it.int:8240)\n[Fri Nov 16 09:53:36 2012] [info] SSL Library Error: 336130329 error:1408F119:SSL routines:SSL3_GET_RECORD:decryption failed or bad record mac",
		says:  "This is a server's log"},
	// Ruby's reasons after "certificate verify failed": OpenSSL's safety
	// net that names none (X509_V_ERR_UNSPECIFIED), Ruby's own name check
	// and its verify_callback's refusal (Ruby 3.1.2, openssl gem 3.0.1,
	// OpenSSL 3.0, here, Net::HTTP against openssl s_server).
	{from: "https://github.com/JustinAiken/jekyll-gitlab-letsencrypt/issues/22",
		paste: "jekyll 3.8.5 | Error:  SSL_connect returned=1 errno=0 state=error: certificate verify failed (unspecified certificate verification error)",
		says:  "no check recorded why"},
	{from: "Ruby 3.1.2 here, Net::HTTP to 127.0.0.1 with ca_file the server's certificate for localhost",
		paste: "OpenSSL::SSL::SSLError: SSL_connect returned=1 errno=0 peeraddr=127.0.0.1:18631 state=error: certificate verify failed (hostname mismatch)",
		first: []string{"hostname-mismatch", "ip-mismatch"}, client: RubyOpenSSL, says: "Ruby checks the name itself"},
	{from: "Ruby 3.1.2 here, Net::HTTP with a verify_callback returning false",
		paste: "OpenSSL::SSL::SSLError: SSL_connect returned=1 errno=0 peeraddr=127.0.0.1:18631 state=error: certificate verify failed (certificate rejected)",
		says:  "verify_callback returned false"},
	{from: "Ruby 3.1.2 here, Net::HTTP to a self-signed certificate",
		paste: "OpenSSL::SSL::SSLError: SSL_connect returned=1 errno=0 peeraddr=127.0.0.1:18631 state=error: certificate verify failed (self-signed certificate)",
		first: []string{"self-signed"}, program: RubyOpenSSL},
	// nginx's log of a handshake that failed with no certificate refused
	// (no alert received): a client that hung up (Node refusing the
	// certificate without an alert, a reset), one that sent no TLS at
	// all, nginx's upstream hanging up on it, and OpenSSL's reasons for
	// refusing what a client sent. Each says what it means, never that no
	// story matches and no more.
	{from: "nginx 1.22.1 (OpenSSL 3.0) here, TLS 1.3, a self-signed certificate, dialled by Node 20's https.get (it refuses without an alert)",
		paste: "2026/12/07 17:54:01 [info] 26972#26972: *3 peer closed connection in SSL handshake while SSL handshaking, client: 127.0.0.1, server: 127.0.0.1:18641",
		says:  "Node checks the certificate itself"},
	{from: "nginx 1.22.1 here: a ClientHello, then a close with the server's answer unread (the kernel resets)",
		paste: "2026/12/07 17:57:43 [info] 26972#26972: *10 peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking, client: 127.0.0.1, server: 127.0.0.1:18641",
		says:  "reset the connection rather than closed it"},
	{from: "https://github.com/nginx-clojure/nginx-clojure/issues/144",
		paste: "2016/11/20 14:16:23 [info] 19#0: *1 peer closed connection in SSL handshake (32: Broken pipe) while SSL handshaking, client: 10.128.38.160, server: 0.0.0.0:443\n2016/11/20 14:16:25 [info] 19#0: *2 peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking, client: 10.128.38.160, server: 0.0.0.0:443",
		says:  "its client hung up in the middle of the handshake"},
	{from: "https://github.com/pulibrary/princeton_ansible/pull/1111 (fixed with proxy_ssl_server_name on)",
		paste: "peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking to upstream",
		says:  "proxy_ssl_server_name on"},
	{from: "https://github.com/cilium/cilium/issues/31330 (nginx proxying to an ingress that curl reaches directly)",
		paste: "2024/03/11 19:29:10 [error] 739770#739770: *1 peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking to upstream, client: 114.253.241.201, server: myapp3.tainengchong.com, request: \"GET / HTTP/2.0\", upstream: \"https://172.16.0.203:443/\", host: \"myapp3.tainengchong.com\"",
		says:  "the upstream server, nginx being its client"},
	{from: "https://github.com/alibaba/tengine/issues/1929",
		paste: "2024/04/16 13:18:26 [info] 11585#11585: *19686 recv() failed (104: Connection reset by peer) while SSL handshaking, client: 100.122.203.2, server: 0.0.0.0:443",
		says:  "before sending anything of TLS"},
	{from: "nginx 1.22.1 here: a TCP connection opened and closed, nothing sent",
		paste: "2026/12/07 17:57:41 [info] 26972#26972: *7 client closed connection while SSL handshaking, client: 127.0.0.1, server: 127.0.0.1:18641",
		says:  "health checks"},
	{from: "nginx 1.22.1 here, an ECDSA certificate, dialled by curl 7.88 --ciphers AES128-SHA --tls-max 1.2",
		paste: "2026/12/07 17:58:10 [info] 26972#26972: *13 SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking, client: 127.0.0.1, server: 127.0.0.1:18642",
		says:  "no cipher suite or TLS version in common"},
	{from: "https://github.com/openssl/openssl/issues/21347 (nginx 1.19, OpenSSL 1.1.1n)",
		paste: "2023/07/03 15:22:08 [crit] 43398#43398: *102515615882 SSL_do_handshake() failed (SSL: error:141B306E:SSL routines:tls_collect_extensions:bad extension) while SSL handshaking, client: 111.48.134.22, server: 0.0.0.0:443",
		says:  "a ClientHello it could not parse or accept"},
	{from: "nginx 1.22.1 here, ssl_protocols TLSv1.3, dialled by curl 7.88 --tls-max 1.2",
		paste: "2026/12/07 17:58:10 [info] 26972#26972: *11 SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking, client: 127.0.0.1, server: 127.0.0.1:18641",
		says:  "its client offered only TLS versions this server does not accept", unsaid: "your client said so"},
	{from: "https://github.com/VirtuBox/ubuntu-nginx-web-server/issues/11",
		paste: "2018/06/24 22:41:22 [crit] 61481#61481: *1228609 SSL_do_handshake() failed (SSL: error:14209102:SSL routines:tls_early_post_process_client_hello:unsupported protocol) while SSL handshaking, client: 54.208.42.136, server: 0.0.0.0:443",
		says:  "tls-version-mismatch", unsaid: "your client said so"},
	{from: "https://github.com/digitalocean/nginxconfig.io/issues/379",
		paste: "2022/09/02 00:07:37 [crit] 107474#107474: *4512 SSL_do_handshake() failed (SSL: error:0A000126:SSL routines::unexpected eof while reading) while SSL handshaking, client: 212.102.40.218, server: 0.0.0.0:443",
		says:  "its client hung up"},
	// A server on OpenSSL refusing its client's badge, in its own words:
	// the badge's story, as the server's log, not the courier refusing the
	// bank (the words of the verification error are also a client's).
	{from: "Apache 2.4.71 (Debian 12, mod_ssl on OpenSSL 3.0) here, SSLVerifyClient require: curl 7.88 showing a badge of another CA (a leaf alone)",
		paste: `[Mon Dec 07 16:46:38.022196 2026] [ssl:info] [pid 6096:tid 6099] [client 127.0.0.1:34994] AH02276: Certificate Verification: Error (20): unable to get local issuer certificate [subject: CN=courier / issuer: CN=officeB / serial: 69 / notbefore: Dec  6 16:46:16 2026 GMT / notafter: Mar  7 16:46:16 2027 GMT]
[Mon Dec 07 16:46:38.023048 2026] [ssl:info] [pid 6096:tid 6099] [client 127.0.0.1:34994] AH02008: SSL library error 1 in handshake (server bank.example:443)
[Mon Dec 07 16:46:38.023059 2026] [ssl:info] [pid 6096:tid 6099] SSL Library Error: error:0A000086:SSL routines::certificate verify failed`,
		first: []string{"mtls-wrong-ca"}, client: ServerLog, says: "refused the certificate its client showed"},
	{from: "Apache 2.4.71 (Debian 12, mod_ssl on OpenSSL 3.0) here, SSLVerifyClient require: curl 7.88 showing an expired badge",
		paste: `[Mon Dec 07 16:46:38.039340 2026] [ssl:info] [pid 6096:tid 6103] [client 127.0.0.1:35008] AH02276: Certificate Verification: Error (10): certificate has expired [subject: CN=courier / issuer: CN=officeA / serial: 6A / notbefore: Oct  8 16:46:16 2026 GMT / notafter: Nov  7 16:46:16 2026 GMT]
[Mon Dec 07 16:46:38.039368 2026] [ssl:info] [pid 6096:tid 6103] [client 127.0.0.1:35008] AH02008: SSL library error 1 in handshake (server bank.example:443)
[Mon Dec 07 16:46:38.039374 2026] [ssl:info] [pid 6096:tid 6103] SSL Library Error: error:0A000086:SSL routines::certificate verify failed`,
		first: []string{"mtls-expired-client"}, client: ServerLog, says: "refused the certificate its client showed"},
	{from: "Apache 2.4.71 (Debian 12, mod_ssl on OpenSSL 3.0) here, SSLVerifyClient require: curl 7.88 showing a badge for server authentication only",
		paste: `[Mon Dec 07 16:46:38.047980 2026] [ssl:info] [pid 6096:tid 6104] [client 127.0.0.1:35024] AH02276: Certificate Verification: Error (26): unsuitable certificate purpose [subject: CN=courier / issuer: CN=officeA / serial: 6B / notbefore: Dec  6 16:46:16 2026 GMT / notafter: Mar  7 16:46:16 2027 GMT]
[Mon Dec 07 16:46:38.048018 2026] [ssl:info] [pid 6096:tid 6104] [client 127.0.0.1:35024] AH02008: SSL library error 1 in handshake (server bank.example:443)
[Mon Dec 07 16:46:38.048023 2026] [ssl:info] [pid 6096:tid 6104] SSL Library Error: error:0A000086:SSL routines::certificate verify failed`,
		first: []string{"mtls-wrong-eku"}, client: ServerLog, says: "refused the certificate its client showed"},
	{from: "Apache 2.4.71 (Debian 12, mod_ssl on OpenSSL 3.0) here, SSLVerifyClient require: curl 7.88 showing no badge",
		paste: `[Mon Dec 07 16:46:38.055170 2026] [ssl:info] [pid 6096:tid 6105] [client 127.0.0.1:35028] AH02008: SSL library error 1 in handshake (server bank.example:443)
[Mon Dec 07 16:46:38.055180 2026] [ssl:info] [pid 6096:tid 6105] SSL Library Error: error:0A0000C7:SSL routines::peer did not return a certificate -- No CAs known to server for verification?`,
		first: []string{"mtls-no-cert"}, client: ServerLog, says: "its client showed none"},
	{from: "Apache 2.4.71 (Debian 12, mod_ssl on OpenSSL 3.0) here, SSLVerifyClient require: s_client 3.0 showing a badge with an RSA-1024 key (no story plays it)",
		paste: `[Mon Dec 07 16:48:08.402325 2026] [ssl:info] [pid 9490:tid 9499] [client 127.0.0.1:46016] AH02276: Certificate Verification: Error (66): EE certificate key too weak [subject: CN=courier / issuer: CN=officeA / serial: 722ACA4D2C84389C735B50AE8EE89CB4E34621FF / notbefore: Dec  7 16:48:06 2026 GMT / notafter: Jan  6 16:48:06 2027 GMT]
[Mon Dec 07 16:48:08.402381 2026] [ssl:info] [pid 9490:tid 9499] [client 127.0.0.1:46016] AH02008: SSL library error 1 in handshake (server bank.example:443)
[Mon Dec 07 16:48:08.402393 2026] [ssl:info] [pid 9490:tid 9499] SSL Library Error: error:0A000086:SSL routines::certificate verify failed`,
		says: "it refused the certificate its client showed (a badge)"},
	{from: "Apache 2.4.71 (Debian 12, mod_ssl on OpenSSL 3.0) here, SSLVerifyClient require: curl 7.88 refusing its certificate (no --cacert)",
		paste: `[Mon Dec 07 16:46:38.076994 2026] [ssl:info] [pid 6096:tid 6106] [client 127.0.0.1:35036] AH02008: SSL library error 1 in handshake (server bank.example:443)
[Mon Dec 07 16:46:38.077011 2026] [ssl:info] [pid 6096:tid 6106] SSL Library Error: error:0A000418:SSL routines::tlsv1 alert unknown ca (SSL alert number 48)`,
		first: unknownCAStories, client: ServerLog, says: "its client refused the server's certificate"},
	{from: "Apache 2.4.71 (Debian 12, mod_ssl on OpenSSL 3.0) here, SSLVerifyClient require: a client sending SSH's banner",
		paste: `[Mon Dec 07 16:46:38.183110 2026] [ssl:info] [pid 6096:tid 6108] [client 127.0.0.1:35056] AH02008: SSL library error 1 in handshake (server bank.example:443)
[Mon Dec 07 16:46:38.183122 2026] [ssl:info] [pid 6096:tid 6108] SSL Library Error: error:0A00010B:SSL routines::wrong version number`,
		says: "its client did not speak TLS", unsaid: "what answered"},
	{from: "Apache 2.4.71 (Debian 12, mod_ssl on OpenSSL 3.0) here, SSLVerifyClient require: curl 7.88 http:// to its HTTPS port",
		paste: `[Mon Dec 07 16:46:38.107541 2026] [ssl:info] [pid 6096:tid 6107] [client 127.0.0.1:35052] AH01996: SSL handshake failed: HTTP spoken on HTTPS port; trying to send HTML error page
[Mon Dec 07 16:46:38.107550 2026] [ssl:info] [pid 6096:tid 6107] SSL Library Error: error:0A00009C:SSL routines::http request`,
		says: "its client did not speak TLS"},
	{from: "nginx 1.22.1 (Debian 12, OpenSSL 3.0) here, ssl_verify_client on: curl 7.88 showing a badge of another CA (a leaf alone)",
		paste: `2026/12/07 16:46:22 [info] 5902#5902: *2 client SSL certificate verify error: (21:unable to verify the first certificate) while reading client request headers, client: 127.0.0.1, server: bank.example, request: "GET / HTTP/1.1", host: "bank.example:24811"`,
		first: []string{"mtls-wrong-ca"}, client: ServerLog, says: "refused the certificate its client showed"},
	{from: "nginx 1.22.1 (Debian 12, OpenSSL 3.0) here, ssl_verify_client on: Python 3.11 showing a badge of another CA with its root",
		paste: `2026/12/07 16:46:30 [info] 5902#5902: *11 client SSL certificate verify error: (19:self-signed certificate in certificate chain) while reading client request headers, client: 127.0.0.1, server: bank.example, request: "GET / HTTP/1.1", host: "127.0.0.1:24811"`,
		first: []string{"mtls-wrong-ca"}, client: ServerLog, says: "refused the certificate its client showed"},
	{from: "nginx 1.22.1 (Debian 12, OpenSSL 3.0) here, ssl_verify_client on: curl 7.88 showing an expired badge",
		paste: `2026/12/07 16:46:22 [info] 5902#5902: *3 client SSL certificate verify error: (10:certificate has expired) while reading client request headers, client: 127.0.0.1, server: bank.example, request: "GET / HTTP/1.1", host: "bank.example:24811"`,
		first: []string{"mtls-expired-client"}, client: ServerLog, says: "refused the certificate its client showed"},
	{from: "nginx 1.22.1 (Debian 12, OpenSSL 3.0) here, ssl_verify_client on: curl 7.88 showing a badge for server authentication only",
		paste: `2026/12/07 16:46:22 [info] 5902#5902: *4 client SSL certificate verify error: (26:unsuitable certificate purpose) while reading client request headers, client: 127.0.0.1, server: bank.example, request: "GET / HTTP/1.1", host: "bank.example:24811"`,
		first: []string{"mtls-wrong-eku"}, client: ServerLog, says: "refused the certificate its client showed"},
	{from: "nginx 1.22.1 (Debian 12, OpenSSL 3.0) here, ssl_verify_client on: curl 7.88 showing no badge",
		paste: `2026/12/07 16:46:22 [info] 5902#5902: *5 client sent no required SSL certificate while reading client request headers, client: 127.0.0.1, server: bank.example, request: "GET / HTTP/1.1", host: "bank.example:24811"`,
		first: []string{"mtls-no-cert"}, client: ServerLog, says: "its client showed none"},
	{from: "nginx 1.22.1 (Debian 12, OpenSSL 3.0) here, ssl_verify_client on: s_client 3.0 showing a badge with an RSA-1024 key (no story plays it)",
		paste: `2026/12/07 16:48:08 [info] 9522#9522: *1 client SSL certificate verify error: (66:EE certificate key too weak) while reading client request headers, client: 127.0.0.1, server: bank.example, request: "GET / HTTP/1.0", host: "bank.example"`,
		says:  "it refused the certificate its client showed (a badge)"},
	{from: "nginx 1.22.1 (Debian 12, OpenSSL 3.0) here, ssl_verify_client on: curl 7.88 http:// to its HTTPS port",
		paste: `2026/12/07 16:46:23 [info] 5902#5902: *9 client sent plain HTTP request to HTTPS port while reading client request headers, client: 127.0.0.1, server: bank.example, request: "GET / HTTP/1.1", host: "127.0.0.1:24811"`,
		says:  "its client did not speak TLS"},
	{from: "https://github.com/openssl/openssl/issues/14036",
		paste: `2021/01/29 15:42:39 [info] 1256#0: *1 client SSL certificate verify error: (10:certificate has expired) while reading client request headers, client: 10.10.10.50, server: localhost, request: "POST /Tools/IInformationManager/GetInformationValueList1 HTTP/1.1", host: "10.10.10.52:10443"`,
		first: []string{"mtls-expired-client"}, client: ServerLog, says: "refused the certificate its client showed"},
	{from: "https://github.com/nginx/docker-nginx/issues/175 (OpenSSL 1.1's words for 26)",
		paste: "2017/06/06 15:59:58 [info] 6#6: *2 client SSL certificate verify error: (26:unsupported certificate purpose) while reading client request headers",
		first: []string{"mtls-wrong-eku"}, client: ServerLog, says: "refused the certificate its client showed"},
	// A received alert in Apache mod_ssl's log (AH02008, then "SSL
	// Library Error") and its log of a client that did not speak TLS are
	// in the rows above.
	// A server's log of a client that did not speak TLS says the client's
	// side, not that what answered did not.
	{from: "https://github.com/Xaqron/stunnel/issues/1",
		paste: "VPN stunnel[4243]: LOG3[522]: SSL_accept: 1408F10B: error:1408F10B:SSL routines:ssl3_get_record:wrong version number",
		says:  "its client did not speak TLS", unsaid: "what answered"},
	{from: "https://github.com/chilipeppr/serial-port-json-server/issues/10",
		paste: "2016/04/24 15:13:17 server.go:2161: http: TLS handshake error from 192.168.1.16:51437: tls: first record does not look like a TLS handshake",
		says:  "its client did not speak TLS", unsaid: "what answered"},
	{from: "Go 1.26 net/http ListenAndServeTLS here, curl 7.88 http:// to its port",
		paste: "2026/12/07 16:44:24 http: TLS handshake error from 127.0.0.1:59084: client sent an HTTP request to an HTTPS server",
		says:  "its client did not speak TLS"},
	// The client's side of the same: what it printed.
	{from: "curl 7.88 http:// to Go 1.26's ListenAndServeTLS port here: the body it printed",
		paste: "Client sent an HTTP request to an HTTPS server.",
		says:  "the client sent plain HTTP", unsaid: "server's log"},
	{from: "curl 7.88 https:// here to a port answering with SSH's banner (a Python socket)",
		paste: "curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number",
		says:  "what answered did not speak TLS", unsaid: "server's log"},
	// Python's http.server wrapped in TLS (ssl.wrap_socket(...,
	// server_side=True)) given another certificate's key: the server's
	// pair.
	{from: "Python 3.11.7 here, http.server with ssl.wrap_socket(…, server_side=True), a certificate and another key",
		paste: `Traceback (most recent call last):
  File "/tmp/fixb5/serve.py", line 3, in <module>
    httpd.socket = ssl.wrap_socket(httpd.socket, keyfile="key.pem", certfile="cert.pem", server_side=True)
                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/root/.pyenv/versions/3.11.7/lib/python3.11/ssl.py", line 1480, in wrap_socket
    context.load_cert_chain(certfile, keyfile)
ssl.SSLError: [X509: KEY_VALUES_MISMATCH] key values mismatch (_ssl.c:3926)`,
		first: []string{"server-wrong-key"}, client: Loading},
}

// The matcher's answer to each wild paste is the one its row wants.
func TestWildPastes(t *testing.T) {
	m := matcher(t)
	for _, w := range wildPastes {
		ms, err := m.Match(w.paste)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(ms, func(x Match) bool { return x.Rank == 1 && x.ID == w.notFirst }) {
			t.Errorf("%s: matched %s; want %s after the first\n%s", w.from, summary(ms), w.notFirst, w.paste)
		}
		if w.top != "" && (len(ms) == 0 || ms[0].ID != w.top) {
			t.Errorf("%s: matched %s; want %s listed first\n%s", w.from, summary(ms), w.top, w.paste)
		}
		if slices.ContainsFunc(ms, func(x Match) bool { return x.ID == w.unlisted }) {
			t.Errorf("%s: matched %s; want %s not listed\n%s", w.from, summary(ms), w.unlisted, w.paste)
		}
		if w.listed != "" {
			if i := slices.IndexFunc(ms, func(x Match) bool { return x.ID == w.listed }); i < 0 || i > 2 {
				t.Errorf("%s: matched %s; want %s among the first three\n%s", w.from, summary(ms), w.listed, w.paste)
			}
		}
		if len(w.first) == 0 {
			got := Unmatched(w.paste)
			if len(ms) > 0 || w.says == "" && got != "" || !strings.Contains(got, w.says) || w.unsaid != "" && strings.Contains(got, w.unsaid) {
				t.Errorf("%s: matched %s, says %q; want no story and words with %q, not %q\n%s", w.from, summary(ms), got, w.says, w.unsaid, w.paste)
			}
			continue
		}
		i := slices.IndexFunc(ms, func(x Match) bool { return x.Rank == 1 && slices.Contains(w.first, x.ID) })
		if i < 0 || w.client != "" && ms[i].Client != w.client || !strings.Contains(ms[i].Headline, w.says) || ms[i].Score < w.least || w.unsaid != "" && strings.Contains(ms[i].Headline, w.unsaid) || ms[i].Program != w.program {
			t.Errorf("%s: matched %s; want first one of %v (client %q, program %q, saying %q, not %q)\n%s", w.from, summary(ms), w.first, w.client, w.program, w.says, w.unsaid, w.paste)
		}
	}
}
