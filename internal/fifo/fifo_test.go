package fifo

import (
	"sync"
	"testing"
)

// Many more values than a callback's channel held (256) come out in order,
// with Ready signalled, and Len saying how many wait.
func TestQueueKeepsOrder(t *testing.T) {
	q := New[int]()
	if _, ok := q.Pop(); ok {
		t.Fatal("an empty queue gave a value")
	}
	const n = 10000
	for i := range n {
		q.Push(i)
	}
	if q.Len() != n {
		t.Fatalf("Len %d after %d pushes", q.Len(), n)
	}
	select {
	case <-q.Ready():
	default:
		t.Fatal("Ready not signalled after a Push")
	}
	for i := range n / 2 {
		if v, ok := q.Pop(); !ok || v != i {
			t.Fatalf("pop %d: %d, %v", i, v, ok)
		}
	}
	// Pushed while half are still waiting: after them.
	q.Push(n)
	for i := n / 2; i <= n; i++ {
		if v, ok := q.Pop(); !ok || v != i {
			t.Fatalf("pop %d: %d, %v", i, v, ok)
		}
	}
	if _, ok := q.Pop(); ok || q.Len() != 0 {
		t.Fatalf("values left: Len %d", q.Len())
	}
}

// Pushes from several goroutines while one takes: each one's values come
// out in its order, none lost, and the taker wakes for every Push that it
// had not yet taken.
func TestQueueConcurrent(t *testing.T) {
	q := New[[2]int]()
	const producers, each = 4, 5000
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				q.Push([2]int{p, i})
			}
		}()
	}
	next := make([]int, producers)
	for got := 0; got < producers*each; {
		<-q.Ready()
		for v, ok := q.Pop(); ok; v, ok = q.Pop() {
			if v[1] != next[v[0]] {
				t.Fatalf("producer %d: got %d, want %d", v[0], v[1], next[v[0]])
			}
			next[v[0]]++
			got++
		}
	}
	wg.Wait()
}
