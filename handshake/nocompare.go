package handshake

// noCompare, as a struct's first field, makes the struct not comparable: Go
// then generates no equality function for it, code the page would carry for
// nothing (these structs are never compared with ==).
type noCompare [0]func()
