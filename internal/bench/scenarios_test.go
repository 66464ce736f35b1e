package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The floors follow from each scenario's own settings, as the issue states them: 100 ISC
// accounts with 2 s tasks at 100 requests per 10 s take at least 20 s to create (ten waves of
// tasks) and 10 s to refresh (one GET each); 200 B3OS accounts at 20 ms, 0.4 s per phase.
func TestFloorsFollowFromTheScenariosSettings(t *testing.T) {
	want := map[string]map[string]time.Duration{
		"isc":  {phaseCreate: 20 * time.Second, phaseRefresh: 10 * time.Second, phaseDestroy: 20 * time.Second},
		"b3os": {phaseCreate: 400 * time.Millisecond, phaseRefresh: 400 * time.Millisecond},
		// 1,000 resources of five types: 200 ISC accounts read one by one at 10 requests per
		// second outweigh 100 waves of 20 ms.
		"mixed": {phaseRefresh: 20 * time.Second},
	}
	for _, s := range scenarios() {
		for phase, floor := range want[s.name] {
			if got := s.floor(phase); got != floor {
				t.Errorf("%s %s: floor %v, want %v", s.name, phase, got, floor)
			}
		}
	}
}

// The ideal adds Terraform's own time for the same graph; the peers' rows are compared with ours.
func TestJudgeAddsTerraformsOwnTimeAndComparesWithThePeers(t *testing.T) {
	rows := judge([]row{
		{Scenario: "terraform_data-200", Phase: phaseCreate, N: 200, Wall: 4},
		{Scenario: "b3os", Phase: phaseCreate, N: 200, Wall: 5, Floor: 0.5, Requests: 200, baseline: "terraform_data-200"},
		{Scenario: "restapi-peer", Phase: phaseCreate, N: 200, Wall: 10, Floor: 0.5, peerOf: "b3os"},
		{Scenario: "framework-floor", Phase: phaseCreate, N: 200, Wall: 4.5, Floor: 0.5, floorOf: "b3os"},
	})
	ours := rows[1]
	if ours.Ideal != 4.5 || ours.VersusIdeal != 1.11 || ours.Ratio != 10 || ours.PerRes != 1 || ours.VersusPeer != 0.5 || ours.VersusFloor != 1.11 {
		t.Errorf("b3os row = %+v", ours)
	}
}

// A seeded state holds each resource as the configuration names it, with the attributes
// Terraform reads back: for terraform_data, the input and output the configuration sets.
func TestSeededStateMatchesTheConfiguration(t *testing.T) {
	dir := t.TempDir()
	if err := terraformDataState(3)(nil, dir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Version   int `json:"version"`
		Resources []struct {
			Type, Name string
			Instances  []struct {
				Attributes struct {
					Input struct {
						Value int    `json:"value"`
						Type  string `json:"type"`
					} `json:"input"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &state); err != nil {
		t.Fatal(err)
	}
	if state.Version != 4 || len(state.Resources) != 3 {
		t.Fatalf("state version %d with %d resources, want version 4 with 3", state.Version, len(state.Resources))
	}
	for i, r := range state.Resources {
		input := r.Instances[0].Attributes.Input
		if r.Type != "terraform_data" || r.Name != fmt.Sprintf("r%d", i) || input.Value != i || input.Type != "number" {
			t.Errorf("resource %d = %+v, want terraform_data.r%d with input %d", i, r, i, i)
		}
	}
}

// Every resource type the provider's descriptors list is refreshed by the mixed scenario, so it
// needs a block and a seeder; a type added without them fails here, not halfway through a bench.
func TestEveryManagedTypeHasABlockAndASeeder(t *testing.T) {
	types := managedTypes()
	if len(types) == 0 {
		t.Fatal("the descriptors list no resource type")
	}
	for _, typ := range types {
		if seeders[typ] == nil {
			t.Errorf("%s: no seeder", typ)
		}
	}
}

// A phase's row is its median run, whichever round it came from, and says how many rounds ran.
func TestARepeatedPhaseReportsItsMedianRun(t *testing.T) {
	runs := []row{{Wall: 2.4, Requests: 1}, {Wall: 1.9, Requests: 2}, {Wall: 3.1, Requests: 3}, {Wall: 2.0, Requests: 4}, {Wall: 2.2, Requests: 5}}
	got := median(runs)
	if got.Wall != 2.2 || got.Requests != 5 || got.Rounds != 5 {
		t.Errorf("median = %+v, want the run of 2.2 s (the fifth) with 5 rounds", got)
	}
	if one := median(runs[:1]); one.Wall != 2.4 || one.Rounds != 1 {
		t.Errorf("median of one run = %+v", one)
	}
}

// The framework floor runs as the provider does when Terraform does not log: the SDK's logs off
// and the provider's garbage collector target; the B3OS scenario it repeats keeps its own env.
func TestTheFrameworkFloorRunsWithTheProvidersRuntimeSettings(t *testing.T) {
	var floor, b3os *scenario
	for _, s := range scenarios() {
		switch s.name {
		case "framework-floor":
			floor = s
		case "b3os":
			b3os = s
		}
	}
	if floor == nil || b3os == nil {
		t.Fatal("no framework-floor or b3os scenario")
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if floor.env[name] != "OFF" {
			t.Errorf("floor %s = %q, want OFF", name, floor.env[name])
		}
	}
	if floor.env["GOGC"] != "200" || floor.env["B3OS_RATE_LIMIT"] != "0" {
		t.Errorf("floor env = %v", floor.env)
	}
	if _, set := b3os.env["GOGC"]; set {
		t.Errorf("the b3os scenario's env gained the floor's settings: %v", b3os.env)
	}
	if floor.rounds != comparedRounds || b3os.rounds != comparedRounds {
		t.Errorf("rounds: floor %d, b3os %d, want %d", floor.rounds, b3os.rounds, comparedRounds)
	}
}
