package isc

import "time"

// look is what a task's waiter looks at next.
type look int

const (
	lookStatus look = iota // the task's status
	lookEffect             // the task's effect on ISC
)

// taskSeen is what a look at a task's status saw, when it did not end the wait.
type taskSeen int

const (
	taskUnseen        taskSeen = iota // ISC does not show the task
	taskRunning                       // ISC shows it running
	taskCompleting                    // ISC shows it completed, its status not yet written
	statusUnavailable                 // a transient failure: the task's fate is still unknown
	statusUnreadable                  // the task-status endpoint refuses the client
)

// pacer is how long a wait sleeps: a first interval, each interval after the last, and whether
// a finished task has set the pace (taskPace, learned across the run).
type pacer interface {
	first() time.Duration
	next(interval time.Duration) time.Duration
	learned() bool
}

// waitPlan decides a task wait's looks: from what each look saw and the time elapsed since the
// wait began, the next look and how long to sleep before it. It reads no clock and sends no
// request, so its pacing is tested without either.
//
// A wait goes in rounds, each a sleep and then up to three looks: the effect first, when it is
// shared with concurrent operations and the pace is learned (its batch then answers both whether
// the task is done and what it made) or the task was just seen completing; the task's status,
// unless the endpoint refuses the client; and the effect again, on its own slower cadence, while
// ISC does not show the task running.
type waitPlan struct {
	pace        pacer
	shared      bool          // see watch
	interval    time.Duration // the poll interval
	sleep       time.Duration // before the next round
	effectFirst bool          // the round's first look is at the effect
	inRound     int           // the look under way: atEffectFirst, atStatus or atWatch
	running     bool          // ISC shows the task: its status, not the effect, decides
	completing  bool          // ISC shows the task completed, its status not yet written
	unreadable  bool          // task status cannot be read: only the effect tells
	effectEvery time.Duration
	nextEffect  time.Duration // when, since the wait began, the effect is watched next
}

// The stages of a round, in order.
const (
	atEffectFirst = iota
	atStatus
	atWatch
)

func newWaitPlan(pace pacer, shared bool) *waitPlan {
	return &waitPlan{pace: pace, shared: shared, interval: pace.first(), effectEvery: effectPolls.First,
		nextEffect: effectPolls.First, effectFirst: shared && pace.learned()}
}

// first is the wait's first look and the sleep before it.
func (p *waitPlan) first() (look, time.Duration) {
	return p.round(0, p.interval)
}

// afterEffect is the next look after one at the effect that did not find it, made at elapsed.
func (p *waitPlan) afterEffect(elapsed time.Duration) (look, time.Duration) {
	if p.inRound == atEffectFirst {
		return p.fromStatus(elapsed)
	}
	return p.round(elapsed, p.sleep)
}

// afterStatus is the next look after a status look that saw seen and did not end the wait.
func (p *waitPlan) afterStatus(elapsed time.Duration, seen taskSeen) (look, time.Duration) {
	switch seen {
	case taskUnseen:
		p.running = false
	case taskRunning:
		p.running, p.completing = true, false
	case taskCompleting:
		if !p.completing {
			// ISC writes a task's completion status a moment after its completion time: look
			// again at once (the poll's batch paces it), at a shared effect first, which also
			// answers what the task made.
			p.sleep, p.effectFirst = 0, p.shared
		}
		p.running, p.completing = true, true
	case statusUnreadable:
		p.unreadable = true
	case statusUnavailable:
	}
	return p.fromWatch(elapsed, 0)
}

// round starts a round after sleep from elapsed: its first look, and the sleep before it.
func (p *waitPlan) round(elapsed, sleep time.Duration) (look, time.Duration) {
	total := time.Duration(0)
	for {
		elapsed, total = elapsed+sleep, total+sleep
		p.interval = p.pace.next(p.interval)
		p.sleep = p.interval
		if p.effectFirst {
			p.effectFirst, p.inRound = false, atEffectFirst
			return lookEffect, total
		}
		if !p.unreadable {
			p.inRound = atStatus
			return lookStatus, total
		}
		if p.watchDue(elapsed) {
			return lookEffect, total
		}
		sleep = p.sleep // a round with nothing to look at
	}
}

// fromStatus continues a round with its status look, or, where status cannot be read, its watch.
func (p *waitPlan) fromStatus(elapsed time.Duration) (look, time.Duration) {
	if !p.unreadable {
		p.inRound = atStatus
		return lookStatus, 0
	}
	return p.fromWatch(elapsed, 0)
}

// fromWatch ends a round with a look at the effect when one is due, or starts the next round.
func (p *waitPlan) fromWatch(elapsed, sleep time.Duration) (look, time.Duration) {
	if p.watchDue(elapsed) {
		return lookEffect, sleep
	}
	return p.round(elapsed, p.sleep)
}

// watchDue reports whether the effect is to be watched at elapsed, and if so schedules the next
// watch: only while ISC does not show the task running, on a cadence that slows.
func (p *waitPlan) watchDue(elapsed time.Duration) bool {
	if p.running || elapsed < p.nextEffect {
		return false
	}
	p.inRound = atWatch
	p.effectEvery = effectPolls.Next(p.effectEvery)
	p.nextEffect = elapsed + p.effectEvery
	return true
}
