package checklist

import (
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
// goroutine, so a progress bar needs no locking.
func RunOrdered[T any](n, jobs int, work func(i int) T, recovered func(i int, p *Panic) T, done func(i int)) []T {
	if n <= 0 {
		return nil
	}
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	jobs = min(jobs, n)
	results := make([]T, n)
	next := make(chan int)
	finished := make(chan int, jobs)
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = runOne(i, work, recovered)
				finished <- i
			}
		}()
	}
	go func() {
		for i := range n {
			next <- i
		}
		close(next)
	}()
	for range n {
		i := <-finished
		if done != nil {
			done(i)
		}
	}
	wg.Wait()
	return results
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

// PanicReport is the FileReport of a file whose check panicked, for use as
// RunOrdered's recovered hook: the file is unreadable for us, the cause is
// in the message, and the batch goes on.
func PanicReport(path string, p *Panic) FileReport {
	return FileReport{
		Path:  path,
		Valid: false,
		Lists: []ListReport{},
		Findings: []Finding{{
			Code:     CodeUnreadable,
			Severity: Error,
			File:     path,
			Message:  fmt.Sprintf("检查此文件时程序内部出错（%v），文件未能检查。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送；如仍出错，请把文件和本提示发给区教育局监察室", p.Value),
		}},
	}
}
