package chaos

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
)

// row is one line of the table make chaos prints.
type row struct {
	scenario, typ                      string
	faults, applies                    int
	lost, duplicated, untracked, leaks int
}

// wireRow is one line of the "wrong wire" table: the comparison after the scenario, objects the
// failing command dropped from Terraform's state although the server still held them, and that
// command's wall time and outcome ("error", "exit 0" or that it was killed).
type wireRow struct {
	scenario, typ                               string
	lost, duplicated, untracked, leaks, dropped int
	seconds                                     float64
	outcome                                     string
}

var (
	reportMu   sync.Mutex
	report     []row
	wireReport []wireRow
)

func record(r row) {
	reportMu.Lock()
	defer reportMu.Unlock()
	report = append(report, r)
}

func recordWire(r wireRow) {
	reportMu.Lock()
	defer reportMu.Unlock()
	wireReport = append(wireReport, r)
}

// printReport prints the table, and writes it to CHAOS_REPORT when that names a file.
func printReport(w io.Writer) {
	reportMu.Lock()
	defer reportMu.Unlock()
	if len(report) == 0 && len(wireReport) == 0 {
		return
	}
	writeTables(w)
	if path := os.Getenv("CHAOS_REPORT"); path != "" {
		if f, err := os.Create(path); err == nil { //nolint:gosec // a path the developer chose (make chaos)
			writeTables(f)
			_ = f.Close()
		}
	}
}

func writeTables(w io.Writer) {
	if len(report) > 0 {
		writeTable(w)
	}
	if len(wireReport) > 0 {
		if len(report) > 0 {
			fmt.Fprintln(w)
		}
		writeWireTable(w)
	}
}

func writeWireTable(w io.Writer) {
	slices.SortStableFunc(wireReport, func(a, b wireRow) int {
		return cmp.Or(strings.Compare(a.typ, b.typ), strings.Compare(a.scenario, b.scenario))
	})
	fmt.Fprintln(w, "wrong wire")
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "scenario\tresource type\tobjects lost\tobjects duplicated\tobjects untracked\tsecrets leaked\tdropped from state\tfailing command\tseconds")
	for _, r := range wireReport {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%.1f\n", r.scenario, r.typ, r.lost, r.duplicated, r.untracked, r.leaks, r.dropped, r.outcome, r.seconds)
	}
	_ = tw.Flush()
}

func writeTable(w io.Writer) {
	slices.SortStableFunc(report, func(a, b row) int {
		return cmp.Or(strings.Compare(a.typ, b.typ), strings.Compare(a.scenario, b.scenario))
	})
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "scenario\tresource type\tfaults injected\tapplies run\tobjects lost\tobjects duplicated\tobjects untracked\tsecrets leaked")
	for _, r := range report {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\n", r.scenario, r.typ, r.faults, r.applies, r.lost, r.duplicated, r.untracked, r.leaks)
	}
	_ = tw.Flush()
}
