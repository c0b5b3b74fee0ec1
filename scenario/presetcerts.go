package scenario

import _ "embed" // PresetCertificates

// PresetCertificates are the certificates and keys of every story, crafted at
// the stories' clock, saved by pki.Cache.Save and packed by pki.Pack (the
// cache loads them with LoadPacked); `go test ./scenario -run
// TestPresetCertificates -update` crafts them anew. The page's engine loads
// them into its cache, so opening a story crafts nothing: crafting is most of
// a story's first run in a browser. Whatever a person edits is crafted afresh.
//
//go:embed presets.bin
var PresetCertificates []byte
