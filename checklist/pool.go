package checklist

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// RunOrdered calls work(i) for every i in [0, n) on jobs goroutines (all
// cores when jobs ≤ 0) and returns the results in input order, whatever the
// scheduling. A panic inside work(i) is recovered and handed to recovered,
// whose value stands in for that item, so one bad input never stops a batch.
// done, when not nil, is called once per finished item from the calling
// goroutine, so a progress bar needs no locking. Once ctx is done no item
// is started: the results are those of the items that ran, still in input
// order, and the error is ctx.Err().
func RunOrdered[T any](ctx context.Context, n, jobs int, work func(i int) T, recovered func(i int, p *Panic) T, done func(i int)) ([]T, error) {
	var out []T
	err := RunEach(ctx, n, jobs, work, recovered, done, func(_ int, v T) { out = append(out, v) })
	return out, err
}

// RunEach is RunOrdered handing each result to each, in input order and
// from the calling goroutine, as soon as it and every item before it are
// finished, instead of keeping them all: only the results that finished
// ahead of a slower earlier item wait. Items skipped after ctx is done are
// passed over; the error is then ctx.Err().
func RunEach[T any](ctx context.Context, n, jobs int, work func(i int) T, recovered func(i int, p *Panic) T, done func(i int), each func(i int, v T)) error {
	if n <= 0 {
		return nil
	}
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	jobs = min(jobs, n)
	type result struct {
		i   int
		v   T
		ran bool
	}
	next := make(chan int)
	finished := make(chan result, jobs)
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				// Checked after taking i too: the feeder's select may pick
				// a ready receiver over a closed Done.
				if ctx.Err() != nil {
					finished <- result{i: i}
					continue
				}
				finished <- result{i: i, v: runOne(i, work, recovered), ran: true}
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range n {
			select {
			case <-ctx.Done():
				return
			case next <- i:
			}
		}
	}()
	go func() {
		wg.Wait()
		close(finished)
	}()
	waiting := map[int]result{}
	head, ran := 0, 0
	for r := range finished {
		if r.ran {
			ran++
			if done != nil {
				done(r.i)
			}
		}
		waiting[r.i] = r
		for {
			w, ok := waiting[head]
			if !ok {
				break
			}
			delete(waiting, head)
			head++
			if w.ran {
				each(w.i, w.v)
			}
		}
	}
	if ran < n {
		return ctx.Err()
	}
	return nil
}

// Panic is a recovered panic with the stack where it happened.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

func runOne[T any](i int, work func(int) T, recovered func(int, *Panic) T) (out T) {
	defer func() {
		if v := recover(); v != nil {
			p := &Panic{Value: v, Stack: debug.Stack()}
			if recovered == nil {
				return
			}
			out = recovered(i, p)
		}
	}()
	return work(i)
}
