package pluginserver

import (
	"context"
	"sync/atomic"
	"time"
)

// callContext is the context a call hands to the framework. While the call runs it answers for
// the call's context: its values, its deadline, and its cancellation, which reaches it through
// context.AfterFunc. Once the call returns it forgets the call's context and is canceled, so the
// framework's cancel function for it retains a few hundred bytes instead of the call's loggers.
//
// The embedded context is its own cancellation, derived from Background so that it carries no
// value of the call's.
type callContext struct {
	context.Context
	call     atomic.Pointer[context.Context]
	deadline time.Time
	timed    bool
}

// detach returns the context to hand to the framework for call, and the function that releases
// call once the framework returned. A call that ends by its deadline ends the context as canceled
// (Terraform sets no deadline on its calls); context.Cause still tells which.
func detach(call context.Context) (*callContext, func()) {
	own, cancel := context.WithCancelCause(context.Background())
	c := &callContext{Context: own}
	c.call.Store(&call)
	c.deadline, c.timed = call.Deadline()
	stop := context.AfterFunc(call, func() { cancel(context.Cause(call)) })
	return c, func() {
		stop()
		c.call.Store(nil)
		cancel(context.Canceled)
	}
}

func (c *callContext) Deadline() (time.Time, bool) {
	return c.deadline, c.timed
}

// Value asks the own context first: it holds no value but its cancellation record, which
// context.WithCancel looks up to register a child directly instead of starting a goroutine per
// child to watch Done. Every other key goes to the call's context until the call returns; after
// that there is none (tflog then drops what it is given).
func (c *callContext) Value(key any) any {
	if value := c.Context.Value(key); value != nil {
		return value
	}
	if call := c.call.Load(); call != nil {
		return (*call).Value(key)
	}
	return nil
}
