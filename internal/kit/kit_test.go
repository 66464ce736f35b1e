package kit

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/wait"
)

func TestSplitImportID(t *testing.T) {
	for id, want := range map[string][]string{
		"src:jdoe":        {"src", "jdoe"},
		"src:CN=a:b":      {"src", "CN=a:b"}, // the last part keeps its colons
		"src:":            nil,
		":jdoe":           nil,
		"2c9180835d2e516": nil,
	} {
		parts, ok := SplitImportID(id, 2)
		if ok != (want != nil) || len(parts) != len(want) || (ok && (parts[0] != want[0] || parts[1] != want[1])) {
			t.Errorf("SplitImportID(%q) = %q, %v; want %q", id, parts, ok, want)
		}
	}
}

func TestMayHaveMadeAllowsClockSkewButNotOlderObjectsOrUnreadableStamps(t *testing.T) {
	record := Unfinished{Started: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	for stamp, want := range map[string]bool{
		"2026-11-23T11:59:00Z":             true, // a minute early: clock skew
		"2026-11-23T12:00:01.123Z":         true, // with milliseconds, as ISC, Poozle and B3OS write
		"2026-11-23T13:00:00.123456+01:00": true,
		"2026-11-23T11:00:00Z":             false, // an hour older: someone else's
		"23/11/2026 12:00":                 false, // unreadable: no evidence
		"":                                 false,
	} {
		if got := record.MayHaveMade(stamp); got != want {
			t.Errorf("MayHaveMade(%q) = %v, want %v", stamp, got, want)
		}
	}
	if !(Unfinished{}).MayHaveMade("2001-01-01T00:00:00Z") {
		t.Error("a zero record (lost) matches any object with a readable stamp")
	}
}

func TestEndedOnlyOnceTheCommitWindowPassed(t *testing.T) {
	record := Unfinished{Started: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	if record.Ended(record.Started.Add(time.Minute)) {
		t.Error("a create a minute old may still be committed")
	}
	if !record.Ended(record.Started.Add(commitWindow + time.Second)) {
		t.Error("a create older than the commit window has surely ended")
	}
	if (Unfinished{}).Ended(record.Started.Add(time.Hour)) {
		t.Error("a lost record's start is unknown: it never counts as ended")
	}
}

func TestSettleWaitsForTheCreateToEnd(t *testing.T) {
	made := "account"
	looks := 0
	underWay := Unfinished{Started: time.Now()}
	showsOnTheThirdLook := Settle(func(context.Context, Unfinished) (*string, error) {
		if looks++; looks < 3 {
			return nil, nil
		}
		return &made, nil
	})
	if found, err := showsOnTheThirdLook(t.Context(), underWay); err != nil || found != &made || looks != 3 {
		t.Errorf("got %v, %v after %d looks; want what the create made, on the third look", found, err, looks)
	}

	madeNothing := Settle(func(context.Context, Unfinished) (*string, error) {
		return nil, fmt.Errorf("nothing listed: %w", ErrNotMade)
	})
	if found, err := madeNothing(t.Context(), underWay); found != nil || !errors.Is(err, ErrNotMade) {
		t.Errorf("got %v, %v; want ErrNotMade", found, err)
	}

	looks = 0
	nothingListed := Settle(func(context.Context, Unfinished) (*string, error) { looks++; return nil, nil })
	ended := Unfinished{Started: time.Now().Add(-commitWindow - time.Second)}
	if found, err := nothingListed(t.Context(), ended); found != nil || err != nil || looks != 1 {
		t.Errorf("got %v, %v after %d looks; once the create surely ended, one look that finds nothing is definite", found, err, looks)
	}
	looks = 0
	if found, err := nothingListed(t.Context(), Unfinished{}); found != nil || err != nil || looks != 1 {
		t.Errorf("got %v, %v after %d looks; a lost record gets one look", found, err, looks)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if found, err := nothingListed(ctx, underWay); found != nil || err == nil || errors.Is(err, ErrNotMade) {
		t.Errorf("got %v, %v; a create still under way when time runs out must be an error, not nothing made", found, err)
	}
}

// An undeletable object's create looks until the commit window has passed; a look the window's
// end cut short is followed by one more, which is definite.
func TestUndeletableCreateEndsWithADefiniteLook(t *testing.T) {
	record := Unfinished{Started: time.Now().Add(100*time.Millisecond - commitWindow)}
	slowFind := func(ctx context.Context, record Unfinished) (*string, error) {
		if err := wait.Sleep(ctx, findBackoff.Max+time.Second); err != nil {
			return nil, err // cut short by the end of the window
		}
		if record.Ended(time.Now()) {
			return nil, fmt.Errorf("nothing listed: %w", ErrNotMade)
		}
		return nil, nil
	}
	found, err := Creation[string, string]{Undeletable: true, Find: slowFind}.adopt(t.Context(), record)
	if found != nil || !errors.Is(err, ErrNotMade) {
		t.Errorf("got %v, %v; want the definite ErrNotMade of a look after the window", found, err)
	}
}
