package handshake

import "crypto/tls"

// ServerConfig is the bank's configuration, for serving the scenario on a real
// socket: the proof against real clients (package clients) serves it to curl,
// openssl, Python and Node.
func (m *Material) ServerConfig() *tls.Config { return m.serverConfig(nil) }
