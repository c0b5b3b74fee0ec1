// Package fifo is a queue whose Push never blocks and never reorders: what
// JavaScript hands a Go program in WebAssembly (an event, a worker's
// message) comes out in the order it came, however many wait. A js.FuncOf
// callback must not block, so a channel alone does not do: once its buffer
// is full, a send has to go to a goroutine of its own, and those run in no
// set order.
package fifo

import "sync"

// Queue is a first-in first-out queue of T, with no bound. One goroutine
// takes from it (Ready, then Pop); any may Push.
type Queue[T any] struct {
	mu    sync.Mutex
	items []T
	head  int
	ready chan struct{}
}

// New returns an empty queue.
func New[T any]() *Queue[T] {
	return &Queue[T]{ready: make(chan struct{}, 1)}
}

// Push adds v at the end, and never blocks.
func (q *Queue[T]) Push(v T) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default: // already signalled, and not yet taken
	}
}

// Ready receives after a Push. The taker then Pops until the queue is empty;
// it may wake to find nothing, when it popped that Push's value already.
func (q *Queue[T]) Ready() <-chan struct{} { return q.ready }

// Pop takes the oldest value, if there is one.
func (q *Queue[T]) Pop() (v T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.head == len(q.items) {
		return v, false
	}
	v = q.items[q.head]
	var zero T
	q.items[q.head] = zero // not kept alive by the queue
	q.head++
	if q.head == len(q.items) {
		q.items, q.head = q.items[:0], 0
	}
	return v, true
}

// Len is how many values wait.
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items) - q.head
}
