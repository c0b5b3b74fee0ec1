# tlsplay — see README.md. Every target works on a fresh clone after .ci/run's installs.
GO        ?= go
PORT      ?= 8080
GOROOT    := $(shell $(GO) env GOROOT)
WASM_PATH := $(GOROOT)/lib/wasm
WASMENV   := PATH="$(WASM_PATH):$$PATH" GOOS=js GOARCH=wasm
LDFLAGS   := -trimpath -ldflags='-s -w'
# The page's WebAssembly (e2e builds the page and the floor app with the same, TestWasmFlags checks):
# no inlining but in crypto/internal/... (the arithmetic of every cipher, hash and curve), math/...
# and runtime, 0.29 MB less gzip with no measured slowdown (inlining off everywhere makes the
# handshakes 3-4x slower; crypto/tls and crypto/x509 gain nothing from it, 62 kB gzip);
# test-wasm runs the tests so built.
WASMFLAGS := $(LDFLAGS) -gcflags=all=-l -gcflags=crypto/internal/...= -gcflags=math/...= -gcflags=runtime=
# The page's own, beside them: the RSA key pool and Mozilla's roots left out, fetched from the site when
# a scenario needs them (make site writes them: internal/sitedata).
PAGEFLAGS := $(WASMFLAGS) -tags=tlsplay_fetchdata
SITE      := build/site
# Packages whose tests also run as WebAssembly under Node (no DOM, no subprocesses).
WASM_TEST_PKGS := ./scenario/... ./pki/... ./handshake/... ./export/... ./explain/... ./ui/... ./flow/... ./internal/tjson/ ./internal/fifo/

.PHONY: all test test-native test-wasm test-browser wasm site serve bench fuzz generate clean tlsplay screenshot

all: tlsplay site

tlsplay:
	$(GO) build -o build/tlsplay ./cmd/tlsplay

## wasm: the page's WebAssembly (the page and its engine worker) and Go's loader, into site/
## (the data files it fetches are written by make site); its data segments packed
## (internal/packwasm: the same module, 6 % less gzip)
wasm:
	GOOS=js GOARCH=wasm $(GO) build $(PAGEFLAGS) -o site/tlsplay.wasm ./wasm/app
	$(GO) run ./internal/packwasm site/tlsplay.wasm
	cp "$(WASM_PATH)/wasm_exec.js" site/wasm_exec.js

## site: the deployable static folder, build/site (every URL in it is relative: it works under /<repo>/),
## with every story's answer for each client (answers/, the first paint's, see internal/answers);
## site/config.json goes with it when there is one (it names the optional probe worker, see README.md),
## and index.html's Content-Security-Policy lets the page connect to that worker, and to no other.
## sw.js, the service worker, is told the build's version and each file's SHA-256 (internal/offline).
## Each compressible file gets .gz and .br copies at best compression (brotli's takes a minute for the
## wasm), which tlsplay serve sends to browsers that take them; PRECOMPRESS=no leaves them out
## (GitHub Pages compresses by itself and never serves them: pages.yml leaves them out).
PRECOMPRESS ?= yes
site: wasm
	rm -rf $(SITE) && mkdir -p $(SITE)
	cp site/*.js site/*.css site/*.svg site/tlsplay.wasm $(SITE)/
	$(GO) run ./internal/siteindex -index site/index.html -config site/config.json -out $(SITE)/index.html
	$(GO) run ./internal/answers -index site/index.html -out $(SITE)/answers
	if [ -f site/config.json ]; then cp site/config.json $(SITE)/; fi
	$(GO) run ./internal/sitedata $(SITE)
	$(GO) run ./internal/offline -sw site/sw.js $(SITE)
ifneq ($(PRECOMPRESS),no)
	$(GO) run ./internal/precompress $(SITE)
endif

## serve: build the page and serve it at http://127.0.0.1:$(PORT)/ (revalidating every file on each load)
serve: site tlsplay
	build/tlsplay serve --addr 127.0.0.1:$(PORT) --dir $(SITE) --max-age 0

## test: every test, native, wasm, in Chromium (CI=true turns a missing tool into a failure)
test: test-native test-wasm test-browser test-worker

# The browser tests run on their own (test-browser), not beside the other
# packages' tests: they time a page on a machine with few cores.
NATIVE_PKGS = $(shell $(GO) list ./... | grep -v '/e2e$$')

test-native:
	$(GO) vet ./...
	$(GO) test -count=1 $(NATIVE_PKGS)

## test-browser: the page in headless Chromium (chromedp), served under /tlsplay/
test-browser:
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/app/ ./e2e/floor/
	GOOS=js GOARCH=wasm $(GO) vet -tags=tlsplay_fetchdata ./wasm/app/
	$(GO) test -count=1 ./e2e/

test-wasm:
	$(WASMENV) $(GO) test $(WASMFLAGS) -count=1 $(WASM_TEST_PKGS)

.PHONY: worker test-worker
WORKER := build/worker

## worker: the optional Cloudflare Worker (wasm/worker) into $(WORKER), as wrangler.toml deploys it, built
## and packed as the page is (WASMFLAGS: 0.35 MB less gzip, which the free plan's 3 MiB limit needs);
## WORKERTAGS are its build tags (the tests' hooks: workertest runs this target)
WORKERTAGS ?=
worker:
	$(GO) tool workers-assets-gen -mode=go -o $(WORKER)
	GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) -tags='$(WORKERTAGS)' -o $(WORKER)/app.wasm ./wasm/worker
	$(GO) run ./internal/packwasm $(WORKER)/app.wasm
	@echo "$(WORKER)/app.wasm: $$(wc -c <$(WORKER)/app.wasm) bytes, $$(gzip -c $(WORKER)/app.wasm | wc -c) gzipped (free plan limit: 3 MiB compressed, the scripts beside it included)"

## test-worker: the worker in workerd, probing local TLS servers (workerd: see .ci/run)
test-worker:
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/worker/
	GOOS=js GOARCH=wasm $(GO) vet -tags tlsplay_testhooks ./wasm/worker/
	$(GO) vet -tags workerd ./wasm/worker/workertest/
	$(GO) test -count=1 -tags workerd ./wasm/worker/workertest/

## bench: speed and size figures (printed, never asserted): the engine's and the JSON codec's Go
## benchmarks, native and as WebAssembly (built as the page is); then one table of the page beside the floor app (e2e/floor)
## in the same Chromium, and the page's wasm by package beyond the floor's (a few minutes)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./handshake/ ./pki/ ./flow/ ./internal/tjson/ ./internal/fifo/
	$(WASMENV) $(GO) test $(WASMFLAGS) -run '^$$' -bench . -benchmem ./handshake/ ./flow/ ./internal/tjson/ ./internal/fifo/
	$(GO) test -run '^$$' -bench Page -benchtime 1x -timeout 30m ./e2e/

## fuzz: a short run of every fuzz target
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecodeFragment -fuzztime 30s ./scenario/
	$(GO) test -run '^$$' -fuzz FuzzParseJSON -fuzztime 30s ./scenario/
	$(GO) test -run '^$$' -fuzz FuzzInflate -fuzztime 30s ./scenario/deflate/
	$(GO) test -run '^$$' -fuzz FuzzCompress -fuzztime 30s ./scenario/deflate/
	$(GO) test -run '^$$' -fuzz FuzzDecodeMessage -fuzztime 30s ./handshake/wire/
	$(GO) test -run '^$$' -fuzz FuzzReadRecord -fuzztime 30s ./handshake/wire/
	$(GO) test -run '^$$' -fuzz FuzzAnalyse -fuzztime 30s ./handshake/
	$(GO) test -run '^$$' -fuzz FuzzProbeGuard -fuzztime 30s ./handshake/
	$(GO) test -run '^$$' -fuzz FuzzInspect -fuzztime 30s ./handshake/
	$(GO) test -run '^$$' -fuzz FuzzReadChainLink -fuzztime 30s ./flow/
	$(GO) test -run '^$$' -fuzz FuzzMatch -fuzztime 30s ./explain/
	$(GO) test -run '^$$' -fuzz FuzzReasonsByHand -fuzztime 30s ./explain/
	$(GO) test -run '^$$' -fuzz FuzzUnmarshal -fuzztime 30s ./internal/tjson/

## generate: regenerate the RSA key pool and the enum names, then the stories'
## certificates (scenario/presets.bin refers to pooled keys by their place)
generate:
	$(GO) generate ./pki/ ./handshake/
	$(GO) test -count=1 -run TestPresetCertificates ./scenario/ -update

## screenshot: docs/screenshot.png, the README's picture of the page
screenshot:
	$(GO) test -count=1 -run Screenshot ./e2e/ -screenshot

clean:
	rm -rf build site/tlsplay.wasm site/wasm_exec.js
