package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// interrupted is the cause of a run's context cancelled by SIGINT or
// SIGTERM: the command stops, removes its temp files and says what it
// wrote, and the process exits 128 + the signal's number.
type interrupted struct{ sig os.Signal }

func (e interrupted) Error() string { return "收到信号 " + e.sig.String() }

// exitCode is the shell's code of a process ended by the signal: 130
// after SIGINT (Ctrl+C), 143 after SIGTERM.
func (e interrupted) exitCode() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 128 + int(syscall.SIGINT)
}

// NotifyContext returns a context cancelled, with an interrupted cause,
// by the first SIGINT or SIGTERM; a second one ends the process at once,
// as if none were caught. stop releases the signals.
func NotifyContext(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-ch:
			signal.Stop(ch)
			cancel(interrupted{s})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}

// abortedError is a command's own account of what it had written when
// its run was cancelled, the end of the line "已中止：…".
type abortedError struct{ written string }

func (e abortedError) Error() string { return "已中止：" + e.written }

// interruption is the signal that cancelled ctx, if one did.
func interruption(ctx context.Context) (interrupted, bool) {
	var i interrupted
	ok := errors.As(context.Cause(ctx), &i)
	return i, ok
}

// pauseEnv, set to phase:N (check:5, copy:1), makes a run stop at the Nth
// file of that phase, say so on stderr and wait until its context is done:
// the signal tests interrupt a run at a known point without sleeping.
const pauseEnv = "QINGDAN_TEST_PAUSE"

// pause waits as pauseEnv asks when done files of phase are finished.
func pause(ctx context.Context, errOut io.Writer, phase string, done int) {
	want := fmt.Sprintf("%s:%d", phase, done)
	if os.Getenv(pauseEnv) != want {
		return
	}
	fmt.Fprintf(errOut, "%s %s\n", pauseEnv, want)
	<-ctx.Done()
}
