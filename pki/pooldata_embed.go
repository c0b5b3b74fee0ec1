//go:build !tlsplay_fetchdata

package pki

import _ "embed"

//go:embed rsapool.pem
var rsaPoolPEM []byte

func poolPEM() ([]byte, error) { return rsaPoolPEM, nil }

// PoolPEM is rsapool.pem, the pool's keys: make site puts it beside the
// page's WebAssembly, which fetches it (see FetchPool in pooldata_fetch.go).
func PoolPEM() []byte { return rsaPoolPEM }
