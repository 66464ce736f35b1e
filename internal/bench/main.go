// Command bench measures the provider with the real terraform CLI against the standalone fake
// server: each scenario's apply, refresh and destroy, with the scenario's latency, task duration
// and rate limits, beside the floor those settings allow and Terraform's own time for a graph of
// the same size. It prints one table and writes it as JSON:
//
//	bench -bin ./bin -json bench.json [-only b3os,isc]
//
// -bin holds terraform-provider-accounts, accounts-fakeserver and, for the peer scenarios,
// terraform-provider-restapi and terraform-provider-floor (the framework floor, ./floorpeer). Run it through `make bench`.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	if wrapping() {
		os.Exit(wrapProvider())
	}
	bin := flag.String("bin", "bin", "folder holding the provider, the fake server and the peer provider")
	out := flag.String("json", "", "write the table as JSON to this path")
	only := flag.String("only", "", "comma-separated scenario names to run (default: all)")
	trace := flag.String("trace", "", "write every API request to this path: seconds since the start, route, keys in its filter, status")
	flag.Parse()
	if err := run(*bin, *out, *only, *trace); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(bin, out, only, trace string) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	b, err := newBench(bin)
	if err != nil {
		return err
	}
	defer b.close()
	if trace != "" {
		file, err := os.Create(trace) //nolint:gosec // a developer tool writes where it is told
		if err != nil {
			return err
		}
		defer file.Close()
		b.trace = file
	}
	rows, err := b.measureAll(selected(only))
	if err != nil {
		return err
	}
	rows = judge(rows)
	printTable(os.Stdout, rows)
	if out == "" {
		return nil
	}
	encoded, err := json.MarshalIndent(report{Rows: rows, Floor: fewestRequests, Note: noisyNote}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(encoded, '\n'), 0o600)
}

// measureAll runs the scenarios in order, a row per phase. The scenarios of several rounds run
// theirs interleaved, one round of each in turn, so that a slow moment of a shared machine falls
// on all of them alike rather than on the one compared with the others.
func (b *bench) measureAll(scenarios []*scenario) ([]row, error) {
	var sessions []*session
	defer func() {
		for _, x := range sessions {
			x.fake.stop()
		}
	}()
	for _, s := range scenarios {
		if !b.has(s.provider()) {
			fmt.Fprintf(os.Stderr, "bench: %s skipped: %s/%s is missing\n", s.name, b.bin, s.provider())
			continue
		}
		fmt.Fprintf(os.Stderr, "==> %s (%d resources)\n", s.name, s.n)
		x, err := b.open(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		sessions = append(sessions, x)
		if err := b.round(x); err != nil {
			return nil, err
		}
	}
	for round := 1; ; round++ {
		more := false
		for _, x := range sessions {
			if round < x.s.rounds {
				more = true
				if err := b.round(x); err != nil {
					return nil, err
				}
			}
		}
		if !more {
			break
		}
	}
	var rows []row
	for _, x := range sessions {
		rows = append(rows, x.rows()...)
	}
	return rows, nil
}

// selected returns the baselines and scenarios to run, baselines first: the scenarios' ideals
// add Terraform's own time to their floors.
func selected(only string) []*scenario {
	all := append(baselines(), scenarios()...)
	if only == "" {
		return all
	}
	names := strings.Split(only, ",")
	return slices.DeleteFunc(all, func(s *scenario) bool {
		return !slices.Contains(names, s.name) && !slices.ContainsFunc(all, func(o *scenario) bool {
			return slices.Contains(names, o.name) && (o.baseline == s.name || o.peerOf == s.name || o.floorOf == s.name)
		})
	})
}

type report struct {
	Rows  []row  `json:"rows"`
	Floor string `json:"floor"`
	Note  string `json:"note"`
}

const noisyNote = "Timings are wall clock on the machine the run used; on a shared machine absolute figures are noisy, " +
	"so compare the ratios, which are measured within the same run."
