package pluginserver

import (
	"context"
	"errors"
	"runtime"
	"testing"
)

func TestCallContextAnswersForTheCallUntilReleased(t *testing.T) {
	call, cancel := context.WithCancel(context.WithValue(context.Background(), probeKey{}, &probe{}))
	defer cancel()
	ctx, release := detach(call)
	if ctx.Value(probeKey{}) == nil || ctx.Err() != nil {
		t.Fatalf("during the call: value %v, err %v; want the call's value and no error", ctx.Value(probeKey{}), ctx.Err())
	}
	release()
	<-ctx.Done()
	if ctx.Value(probeKey{}) != nil || !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("after the call: value %v, err %v; want none and canceled", ctx.Value(probeKey{}), ctx.Err())
	}
}

// The framework derives a context.WithCancel from every call: on a callContext it must not start
// a goroutine to watch it.
func TestCancelingChildrenStartNoGoroutine(t *testing.T) {
	call, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx, release := detach(call)
	defer release()
	before := runtime.NumGoroutine()
	children := make([]context.Context, 0, 100)
	for range 100 {
		child, cancelChild := context.WithCancel(ctx)
		defer cancelChild()
		children = append(children, child)
	}
	if started := runtime.NumGoroutine() - before; started > 0 {
		t.Errorf("100 children started %d goroutines", started)
	}
	cancel()
	for _, child := range children {
		<-child.Done()
	}
}
