package checklist

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRunOrdered(t *testing.T) {
	work := func(i int) string {
		// Uneven work so that with several workers items finish out of order.
		time.Sleep(time.Duration((7*i)%5) * time.Millisecond)
		return fmt.Sprintf("item %d", i)
	}
	want := runAll(t, 40, 1, work, nil, nil)
	if len(want) != 40 || want[0] != "item 0" || want[39] != "item 39" {
		t.Fatalf("-j 1 results = %v", want)
	}
	tests := []struct {
		name string
		n    int
		jobs int
	}{
		{"four workers give the -j 1 order", 40, 4},
		{"more workers than items", 40, 100},
		{"all cores when jobs is zero", 40, 0},
		{"negative jobs means all cores", 40, -3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doneOrder []int
			got := runAll(t, tt.n, tt.jobs, work, nil, func(i int) { doneOrder = append(doneOrder, i) })
			if !slices.Equal(got, want) {
				t.Errorf("results differ from -j 1:\n got %v\nwant %v", got, want)
			}
			slices.Sort(doneOrder)
			if len(doneOrder) != tt.n || doneOrder[0] != 0 || doneOrder[tt.n-1] != tt.n-1 {
				t.Errorf("done called for %v, want each of 0..%d once", doneOrder, tt.n-1)
			}
		})
	}
	if got := runAll(t, 0, 4, work, nil, nil); got != nil {
		t.Errorf("no items: got %v", got)
	}
}

func TestRunOrderedRecoversPanics(t *testing.T) {
	for _, jobs := range []int{1, 4} {
		t.Run(fmt.Sprintf("-j %d", jobs), func(t *testing.T) {
			paths := []string{"a.xlsx", "boom.xlsx", "c.xlsx", "boom2.xlsx"}
			got := runAll(t, len(paths), jobs, func(i int) FileReport {
				if strings.HasPrefix(paths[i], "boom") {
					var m map[string]int
					m["x"]++ // a real runtime panic: assignment to nil map
				}
				return FileReport{Path: paths[i], Valid: true}
			}, func(i int, p *Panic) FileReport {
				return PanicReport(paths[i], p)
			}, nil)
			for i, fr := range got {
				if fr.Path != paths[i] {
					t.Errorf("result %d is for %s, want %s", i, fr.Path, paths[i])
				}
				crashed := strings.HasPrefix(paths[i], "boom")
				if fr.Valid == crashed {
					t.Errorf("%s valid = %v", fr.Path, fr.Valid)
				}
				if crashed && (len(fr.Findings) != 1 || fr.Findings[0].Code != CodeUnreadable || !strings.Contains(fr.Findings[0].Message, "nil map")) {
					t.Errorf("%s findings = %+v, want one unreadable naming the panic", fr.Path, fr.Findings)
				}
			}
		})
	}
}

func TestRunOrderedPanicWithoutHookGivesZeroValue(t *testing.T) {
	got := runAll(t, 3, 2, func(i int) int {
		if i == 1 {
			panic("bad")
		}
		return i + 10
	}, nil, nil)
	if !slices.Equal(got, []int{10, 0, 12}) {
		t.Errorf("got %v, want [10 0 12]", got)
	}
}

// runAll runs the pool without cancellation, where every item must run.
func runAll[T any](t *testing.T, n, jobs int, work func(i int) T, recovered func(i int, p *Panic) T, done func(i int)) []T {
	t.Helper()
	got, err := RunOrdered(context.Background(), n, jobs, work, recovered, done)
	if err != nil {
		t.Fatalf("RunOrdered: %v", err)
	}
	return got
}

func TestRunOrderedStopsWhenCancelled(t *testing.T) {
	tests := []struct {
		name     string
		cancelAt int // the item whose work cancels; -1: cancelled before the call
		want     []int
	}{
		{"cancelled before the call runs nothing", -1, []int{}},
		{"cancelled by the third item keeps the first three", 2, []int{0, 1, 2}},
		{"cancelled by the last item is complete", 9, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancelAt < 0 {
				cancel()
			}
			done := 0
			// One worker: items start in order, so what ran is exact.
			got, err := RunOrdered(ctx, 10, 1, func(i int) int {
				if i == tt.cancelAt {
					cancel()
				}
				return i
			}, nil, func(int) { done++ })
			if !slices.Equal(got, tt.want) {
				t.Errorf("results %v, want %v", got, tt.want)
			}
			if done != len(tt.want) {
				t.Errorf("done called %d times, want %d", done, len(tt.want))
			}
			complete := len(tt.want) == 10
			if complete != (err == nil) || (!complete && !errors.Is(err, context.Canceled)) {
				t.Errorf("error %v with %d of 10 items", err, len(got))
			}
		})
	}
}

// TestRunEachDeliversInOrder: a slow first item holds back the delivery of
// the later ones, which finish first, and then all come in input order.
func TestRunEachDeliversInOrder(t *testing.T) {
	third := make(chan struct{})
	var finished, delivered []int
	err := RunEach(context.Background(), 6, 2, func(i int) int {
		if i == 0 {
			<-third
		}
		return i * 10
	}, nil, func(i int) {
		finished = append(finished, i)
		if i == 3 {
			close(third)
		}
	}, func(i, v int) {
		if v != i*10 {
			t.Errorf("item %d delivered %d", i, v)
		}
		delivered = append(delivered, i)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(delivered, []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("delivered %v", delivered)
	}
	if finished[0] != 1 || slices.Index(finished, 0) < slices.Index(finished, 3) {
		t.Errorf("finished %v: item 0 should have finished after 3", finished)
	}
}
