package pki

import "context"

// A checkpoint is a place where long work may give way: between certificates
// here, between the flights of a handshake in package handshake. A program
// that runs the engine where nothing can interrupt it (a Web Worker, whose Go
// hears of a newer request only when it returns to the event loop) puts a
// function in the context that lets the event loop run and says whether the
// work is still wanted.
type checkpointKey struct{}

// WithCheckpoint returns ctx with f as its checkpoint: f returns an error
// when the work is no longer wanted, and the work stops with that error.
func WithCheckpoint(ctx context.Context, f func() error) context.Context {
	return context.WithValue(ctx, checkpointKey{}, f)
}

// Checkpoint runs ctx's checkpoint, if it has one, and returns its error, or
// ctx's own.
func Checkpoint(ctx context.Context) error {
	if f, ok := ctx.Value(checkpointKey{}).(func() error); ok {
		if err := f(); err != nil {
			return err
		}
	}
	return ctx.Err()
}
