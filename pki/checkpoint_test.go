package pki

import (
	"context"
	"errors"
	"testing"
	"time"
)

// BuildContext passes the checkpoint before each certificate it crafts, none
// for one the cache holds, and stops with the checkpoint's error.
func TestBuildCheckpoint(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	errGone := errors.New("no longer wanted")
	for _, tt := range []struct {
		name    string
		stopAt  int // the checkpoint that says stop; 0: none
		cached  bool
		want    int // checkpoints passed
		wantErr error
	}{
		{name: "every certificate", want: 3},
		{name: "stopped at the second", stopAt: 2, want: 2, wantErr: errGone},
		{name: "all cached", cached: true, want: 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := NewCache()
			if tt.cached {
				_, err := c.Build(cacheSpecs(), now)
				must(t, err)
			}
			n := 0
			ctx := WithCheckpoint(context.Background(), func() error {
				n++
				if n == tt.stopAt {
					return errGone
				}
				return nil
			})
			set, err := c.BuildContext(ctx, cacheSpecs(), now)
			if !errors.Is(err, tt.wantErr) || n != tt.want {
				t.Fatalf("err %v after %d checkpoints, want %v after %d", err, n, tt.wantErr, tt.want)
			}
			if err == nil && len(set.Order) != len(cacheSpecs()) {
				t.Fatalf("built %v", set.Order)
			}
		})
	}
}
