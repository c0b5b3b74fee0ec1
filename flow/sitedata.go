package flow

// The data files the page's WebAssembly (built with the tag
// tlsplay_fetchdata) fetches from the site rather than holds: make site
// writes them beside it (WriteSiteData), and the engine fetches one when a
// scenario first needs it (UseSiteData).
const (
	PoolFile  = "rsapool.pem"       // the RSA key pool
	RootsFile = "mozilla-roots.pem" // Mozilla's roots, with their distrust-after dates
)
