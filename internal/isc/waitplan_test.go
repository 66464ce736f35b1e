package isc

import (
	"testing"
	"time"
)

// steadyPace polls every interval, and has learned the pace when learnt is set.
type steadyPace struct {
	interval time.Duration
	learnt   bool
}

func (p steadyPace) first() time.Duration             { return p.interval }
func (p steadyPace) next(time.Duration) time.Duration { return p.interval }
func (p steadyPace) learned() bool                    { return p.learnt }

type move struct {
	look  look
	after time.Duration
}

func expectMove(t *testing.T, step string, gotLook look, gotAfter time.Duration, want move) {
	t.Helper()
	if gotLook != want.look || gotAfter != want.after {
		t.Fatalf("%s: look %d after %v, want look %d after %v", step, gotLook, gotAfter, want.look, want.after)
	}
}

// A task ISC shows running is only polled, once per interval: its effect is not looked at.
func TestAWaitPollsARunningTaskAndWatchesNothingElse(t *testing.T) {
	plan := newWaitPlan(steadyPace{interval: time.Second}, false)
	l, d := plan.first()
	expectMove(t, "first", l, d, move{lookStatus, time.Second})
	for elapsed := time.Second; elapsed <= 10*time.Second; elapsed += time.Second {
		l, d = plan.afterStatus(elapsed, taskRunning)
		expectMove(t, "running at "+elapsed.String(), l, d, move{lookStatus, time.Second})
	}
}

// While ISC does not show the task, its effect is watched too: first after effectPolls.First,
// then on a cadence that slows, right after the round's status look.
func TestAWaitWatchesTheEffectOfATaskISCDoesNotShow(t *testing.T) {
	plan := newWaitPlan(steadyPace{interval: time.Second}, false)
	plan.first()
	l, d := plan.afterStatus(time.Second, taskUnseen)
	expectMove(t, "before the first watch", l, d, move{lookStatus, time.Second})
	l, d = plan.afterStatus(effectPolls.First, taskUnseen)
	expectMove(t, "first watch", l, d, move{lookEffect, 0})
	l, d = plan.afterEffect(effectPolls.First)
	expectMove(t, "after the watch", l, d, move{lookStatus, time.Second})
	second := effectPolls.First + effectPolls.Next(effectPolls.First)
	l, d = plan.afterStatus(second-time.Millisecond, taskUnseen)
	expectMove(t, "before the second watch", l, d, move{lookStatus, time.Second})
	l, d = plan.afterStatus(second, taskUnseen)
	expectMove(t, "second watch", l, d, move{lookEffect, 0})
}

// A task seen completing is looked at again at once, at its shared effect first, since ISC
// writes its status a moment later and the shared look also says what it made.
func TestACompletingTaskIsLookedAtAgainAtOnceEffectFirstWhenShared(t *testing.T) {
	for _, shared := range []bool{false, true} {
		plan := newWaitPlan(steadyPace{interval: time.Second}, shared)
		plan.first()
		l, d := plan.afterStatus(time.Second, taskCompleting)
		want := move{lookStatus, 0}
		if shared {
			want = move{lookEffect, 0}
			expectMove(t, "completing, shared", l, d, want)
			l, d = plan.afterEffect(time.Second)
			want = move{lookStatus, 0}
		}
		expectMove(t, "completing", l, d, want)
		l, d = plan.afterStatus(time.Second, taskCompleting)
		expectMove(t, "still completing", l, d, move{lookStatus, time.Second})
	}
}

// Once the pace is learned, a shared effect is the first look, and the status follows at once.
func TestALearnedPaceLooksAtASharedEffectFirst(t *testing.T) {
	plan := newWaitPlan(steadyPace{interval: 3 * time.Second, learnt: true}, true)
	l, d := plan.first()
	expectMove(t, "first", l, d, move{lookEffect, 3 * time.Second})
	l, d = plan.afterEffect(3 * time.Second)
	expectMove(t, "after the effect", l, d, move{lookStatus, 0})
	l, d = newWaitPlan(steadyPace{interval: 3 * time.Second, learnt: true}, false).first()
	expectMove(t, "unshared", l, d, move{lookStatus, 3 * time.Second})
}

// Where task status cannot be read, only the effect is looked at, on its own cadence: the
// rounds in between, with nothing to look at, add their sleeps up.
func TestAnUnreadableStatusLeavesTheEffectOnItsCadence(t *testing.T) {
	plan := newWaitPlan(steadyPace{interval: 500 * time.Millisecond}, false)
	plan.first()
	l, d := plan.afterStatus(500*time.Millisecond, statusUnreadable)
	// Rounds at 1 s and 1.5 s have nothing to look at; the one at 2 s watches.
	expectMove(t, "first watch", l, d, move{lookEffect, 1500 * time.Millisecond})
	l, d = plan.afterEffect(2 * time.Second)
	next := effectPolls.Next(effectPolls.First)
	expectMove(t, "second watch", l, d, move{lookEffect, next})
}
