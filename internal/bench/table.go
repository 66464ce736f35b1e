package main

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"
	"time"
)

// row is one phase of one scenario.
type row struct {
	Scenario    string  `json:"scenario"`
	Phase       string  `json:"phase"`
	N           int     `json:"n"`
	Wall        float64 `json:"wall_s"`
	Floor       float64 `json:"floor_s"`
	Ratio       float64 `json:"ratio"`        // wall / floor
	Ideal       float64 `json:"ideal_s"`      // the floor plus Terraform's own time for the same graph
	VersusIdeal float64 `json:"versus_ideal"` // wall / ideal
	Requests    int     `json:"requests"`
	PerRes      float64 `json:"requests_per_resource"`
	TooMany     int     `json:"responses_429"`
	PeakRSSMiB  float64 `json:"provider_peak_rss_mib"`
	CPUSeconds  float64 `json:"provider_cpu_s"`
	// TerraformCPU is the CPU seconds of terraform and the bench's wrappers, the providers' left out.
	TerraformCPU float64 `json:"terraform_cpu_s"`
	VersusPeer   float64 `json:"versus_peer,omitempty"` // this provider's wall / the peer's, same phase
	// VersusFloor is this provider's wall / the framework floor's (floorpeer), same phase.
	VersusFloor float64 `json:"versus_framework_floor,omitempty"`
	// Rounds is how many times the phase ran; the row is the run of median wall time.
	Rounds int `json:"rounds"`

	baseline string
	peerOf   string
	floorOf  string
}

// judge fills the ideals and ratios once every row is measured: a scenario's ideal adds its
// terraform_data baseline to its floor, and a peer's row is compared with the scenario it repeats.
func judge(rows []row) []row {
	find := func(scenario, phase string) *row {
		for i := range rows {
			if rows[i].Scenario == scenario && rows[i].Phase == phase {
				return &rows[i]
			}
		}
		return nil
	}
	for i := range rows {
		r := &rows[i]
		r.Ideal = r.Floor
		if base := find(r.baseline, r.Phase); base != nil {
			r.Ideal = round(r.Floor+base.Wall, 2)
		}
		r.Ratio, r.VersusIdeal = ratio(r.Wall, r.Floor), ratio(r.Wall, r.Ideal)
		r.PerRes = round(float64(r.Requests)/float64(r.N), 2)
		if ours := find(r.peerOf, r.Phase); ours != nil && r.Wall > 0 {
			ours.VersusPeer = round(ours.Wall/r.Wall, 2)
		}
		if ours := find(r.floorOf, r.Phase); ours != nil && r.Wall > 0 {
			ours.VersusFloor = round(ours.Wall/r.Wall, 2)
		}
	}
	return rows
}

func printTable(w io.Writer, rows []row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tphase\tN\twall s\tfloor s\tratio\tideal s\tvs ideal\treq/res\t429s\tRSS MiB\tCPU s\tvs peer\tvs framework floor\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.2f\t%.2f\t%s\t%.2f\t%s\t%.2f\t%d\t%.1f\t%.2f\t%s\t%s\t\n", r.Scenario, r.Phase, r.N, r.Wall, r.Floor,
			optional(r.Ratio), r.Ideal, optional(r.VersusIdeal), r.PerRes, r.TooMany, r.PeakRSSMiB, r.CPUSeconds,
			optional(r.VersusPeer), optional(r.VersusFloor))
	}
	_ = tw.Flush()
	fmt.Fprintln(w, "\n"+fewestRequests+".")
	fmt.Fprintln(w, "ratio: wall / floor. ideal: the floor plus terraform_data's time for the same phase and count; vs ideal: wall / ideal.")
	fmt.Fprintln(w, noisyNote)
}

// optional is a ratio, or "-" where there is none.
func optional(v float64) string {
	if v == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", v)
}

func ratio(wall, reference float64) float64 {
	if reference <= 0 {
		return 0
	}
	return round(wall/reference, 2)
}

func seconds(d time.Duration) float64 { return round(d.Seconds(), 2) }

func round(v float64, digits int) float64 {
	scale := math.Pow(10, float64(digits))
	return math.Round(v*scale) / scale
}
