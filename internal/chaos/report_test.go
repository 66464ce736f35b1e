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

var (
	reportMu sync.Mutex
	report   []row
)

func record(r row) {
	reportMu.Lock()
	defer reportMu.Unlock()
	report = append(report, r)
}

// printReport prints the table, and writes it to CHAOS_REPORT when that names a file.
func printReport(w io.Writer) {
	reportMu.Lock()
	defer reportMu.Unlock()
	if len(report) == 0 {
		return
	}
	writeTable(w)
	if path := os.Getenv("CHAOS_REPORT"); path != "" {
		if f, err := os.Create(path); err == nil { //nolint:gosec // a path the developer chose (make chaos)
			writeTable(f)
			_ = f.Close()
		}
	}
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
