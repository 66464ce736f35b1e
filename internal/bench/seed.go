package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/provider"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// A scenario that refreshes what is already in state puts it there without Terraform: an apply
// of 1,000 resources takes Terraform alone minutes on a small machine. seedAccounts creates the
// accounts on the fake server through the provider's own clients, and writeState records their
// ids in a state file; a refresh without latency (the setup's phase) then fills in the rest, as
// after an import.

// stateResource is one resource of a state file: its address and attributes.
type stateResource struct {
	typ, name, provider string
	attributes          map[string]any
}

const (
	accountsAddress  = `provider["registry.terraform.io/tf-accounts/accounts"]`
	terraformAddress = `provider["terraform.io/builtin/terraform"]`
	seedConcurrency  = 20
)

// writeState writes a version 4 state file holding resources.
func writeState(dir string, resources []stateResource) error {
	type instance struct {
		SchemaVersion       int            `json:"schema_version"`
		Attributes          map[string]any `json:"attributes"`
		SensitiveAttributes []any          `json:"sensitive_attributes"`
	}
	type resource struct {
		Mode      string     `json:"mode"`
		Type      string     `json:"type"`
		Name      string     `json:"name"`
		Provider  string     `json:"provider"`
		Instances []instance `json:"instances"`
	}
	state := struct {
		Version   int            `json:"version"`
		Serial    int            `json:"serial"`
		Lineage   string         `json:"lineage"`
		Outputs   map[string]any `json:"outputs"`
		Resources []resource     `json:"resources"`
	}{Version: 4, Serial: 1, Lineage: fmt.Sprintf("bench-%d", time.Now().UnixNano()), Outputs: map[string]any{}}
	for _, r := range resources {
		state.Resources = append(state.Resources, resource{Mode: "managed", Type: r.typ, Name: r.name, Provider: r.provider,
			Instances: []instance{{Attributes: r.attributes, SensitiveAttributes: []any{}}}})
	}
	data, err := json.Marshal(state)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "terraform.tfstate"), data, 0o600)
}

// terraformDataState is the state of n terraform_data resources as repeat and the baselines
// configure them: input = i.
func terraformDataState(n int) func(*fakeServer, string) error {
	return func(_ *fakeServer, dir string) error {
		resources := make([]stateResource, n)
		for i := range resources {
			number := map[string]any{"value": i, "type": "number"}
			resources[i] = stateResource{typ: "terraform_data", name: fmt.Sprintf("r%d", i), provider: terraformAddress,
				attributes: map[string]any{"id": fmt.Sprintf("bench-%d", i), "input": number, "output": number, "triggers_replace": nil}}
		}
		return writeState(dir, resources)
	}
}

// creator makes account i of one type and returns its id.
type creator struct {
	typ    string
	create func(ctx context.Context, i int) (string, error)
}

// seedAccounts creates each accounts of every creator's type on the fake server, named as the
// scenario's configuration names them, and writes their ids to the state.
func seedAccounts(each int) func(*fakeServer, string) error {
	return func(fake *fakeServer, dir string) error {
		resources, err := createAccounts(fake, each, func(string) bool { return true })
		if err != nil {
			return err
		}
		return writeState(dir, resources)
	}
}

// seedWithoutState creates n accounts of type typ on the fake server, for data sources to look
// up; the state stays empty.
func seedWithoutState(typ string, n int) func(*fakeServer, string) error {
	return func(fake *fakeServer, _ string) error {
		_, err := createAccounts(fake, n, func(t string) bool { return t == typ })
		return err
	}
}

// createAccounts creates each accounts of every type wanted, seedConcurrency at a time, and
// returns them as state resources.
func createAccounts(fake *fakeServer, each int, wanted func(typ string) bool) ([]stateResource, error) {
	creators, err := creators(fake.env)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var (
		mu        sync.Mutex
		resources []stateResource
		errs      []error
		wg        sync.WaitGroup
		slots     = make(chan struct{}, seedConcurrency)
	)
	for _, c := range creators {
		for i := range each {
			if !wanted(c.typ) {
				break
			}
			wg.Go(func() {
				slots <- struct{}{}
				defer func() { <-slots }()
				id, err := c.create(ctx, i)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, fmt.Errorf("seeding %s %d: %w", c.typ, i, err))
					return
				}
				resources = append(resources, stateResource{typ: c.typ, name: fmt.Sprintf("r%d", i), provider: accountsAddress,
					attributes: map[string]any{"id": id}})
			})
		}
	}
	wg.Wait()
	return resources, errors.Join(errs...)
}

// creators build each API's client from the fake server's settings, as the provider's
// descriptors say, without rate limits, and pair it with the seeder of each of its resource types.
func creators(env map[string]string) ([]creator, error) {
	common := transport.Config{MaxRetries: 3, RetryWaitMin: 50 * time.Millisecond, RetryWaitMax: time.Second, RequestTimeout: 30 * time.Second}
	var made []creator
	for _, api := range provider.APIs {
		client, err := api.NewClient(api.SettingsFrom(env), common)
		if err != nil {
			return nil, err
		}
		for _, typ := range resourceTypes(api) {
			seed := seeders[typ]
			if seed == nil {
				return nil, fmt.Errorf("bench: no seeder for %s in seeders", typ)
			}
			made = append(made, creator{typ, func(ctx context.Context, i int) (string, error) { return seed(ctx, client, i) }})
		}
	}
	return made, nil
}

func benchName(i int) string { return fmt.Sprintf("bench-%d", i) }
