package fakeserver

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ISCSettings tunes the fake ISC's timings and limits. POST /_fake/config takes them under "isc".
type ISCSettings struct {
	TaskDurationMS int `json:"task_duration_ms"`  // time from task creation until its change is applied
	TaskNotFoundMS int `json:"task_not_found_ms"` // a just-created task answers 404 for this long
	RateLimit      int `json:"rate_limit"`        // requests per window per OAuth client id; 0 disables
	RateWindowMS   int `json:"rate_window_ms"`    // sliding window length
	TokenLifetimeS int `json:"token_lifetime_s"`  // access token lifetime
	// AggregationMS is how long a source aggregation runs: its accounts are collected in the
	// first quarter, then processed until it completes.
	AggregationMS int `json:"aggregation_ms"`
}

func defaultISCSettings() ISCSettings {
	return ISCSettings{TaskDurationMS: 150, TaskNotFoundMS: 50, RateLimit: 100, RateWindowMS: 10000, TokenLifetimeS: 749, AggregationMS: 2000}
}

func (c ISCSettings) validate() error {
	switch {
	case c.TaskDurationMS < 0, c.TaskNotFoundMS < 0, c.RateLimit < 0, c.TokenLifetimeS < 0, c.AggregationMS < 0:
		return errors.New("task_duration_ms, task_not_found_ms, rate_limit, token_lifetime_s and aggregation_ms must not be negative")
	case c.RateWindowMS <= 0:
		return errors.New("rate_window_ms must be positive")
	}
	return nil
}

var _ = registerSettings(APIISC, func(s *Server) *ISCSettings { return &s.isc.settings })

// ConfigureISC changes the fake ISC's settings; fields change leaves alone keep their values.
// It panics when the result is invalid, as that is a bug in the calling test.
func (s *Server) ConfigureISC(change func(*ISCSettings)) {
	configure(s, func(s *Server) *ISCSettings { return &s.isc.settings }, change)
}

func init() { faultChecks = append(faultChecks, validateISCFault) }

// validateISCFault checks the Fault fields only ISC reads.
func validateISCFault(f Fault) error {
	usesTask := f.TaskOutcome != "" || len(f.TaskMessages) > 0 || f.TaskHidden
	switch {
	case usesTask && f.API != APIISC:
		return errors.New("task_outcome, task_messages and task_hidden apply to the isc api only")
	case f.TaskOutcome != "" && !slices.Contains(iscTaskOutcomes, f.TaskOutcome):
		return fmt.Errorf("task_outcome must be one of %s", strings.Join(iscTaskOutcomes, ", "))
	case len(f.TaskMessages) > 0 && f.TaskOutcome == "":
		return errors.New("task_messages needs task_outcome")
	}
	return nil
}
