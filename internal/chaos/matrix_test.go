package chaos

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// names are the resources each scenario manages of one type.
var names = []string{"alpha", "bravo", "charlie"}

// scenario is one row of the fault matrix: run drives the applies, faults and all, and leaves
// what the configuration last asked for applied; drift is the plan summary the injected change
// must produce ("" for none). Short scenarios run in go test; all run in make chaos.
type scenario struct {
	name  string
	short bool
	run   func(c *chaosRun)
	drift string
	needs func(kind) bool // nil: every kind
}

var scenarios = []scenario{
	{name: "429 storm with Retry-After", run: func(c *chaosRun) {
		c.inject(fakeserver.Fault{Path: c.kind.create.path, Status: 429, RetryAfter: 1, Times: 8})
		c.applyAll("v1", 2)
	}},
	{name: "20% 500/502/503 on every route", short: true, run: func(c *chaosRun) {
		c.inject(fakeserver.Fault{Method: c.kind.create.method, Path: c.kind.create.path, Status: 503, Times: 1}) // at least one
		for _, status := range []int{500, 502, 503} {
			c.inject(fakeserver.Fault{Status: status, Fraction: 0.07})
		}
		c.applyAll("v1", 10)
	}},
	{name: "create dropped before commit", run: func(c *chaosRun) {
		c.inject(fakeserver.Fault{Method: c.kind.create.method, Path: c.kind.create.path, Drop: "before", Times: 1})
		c.applyAll("v1", 3)
	}},
	{name: "create dropped after commit", short: true, run: func(c *chaosRun) {
		c.inject(fakeserver.Fault{Method: c.kind.create.method, Path: c.kind.create.path, Drop: "after", Times: 2})
		c.applyAll("v1", 3)
	}},
	{name: "update dropped before commit", needs: updates, run: func(c *chaosRun) { c.dropUpdate("before") }},
	{name: "update dropped after commit", needs: updates, run: func(c *chaosRun) { c.dropUpdate("after") }},
	{name: "delete dropped before commit", needs: deletes, run: func(c *chaosRun) { c.dropDelete("before") }},
	{name: "delete dropped after commit", short: true, needs: deletes, run: func(c *chaosRun) { c.dropDelete("after") }},
	{name: "latency beyond the request timeout", run: func(c *chaosRun) {
		c.w.env = append(c.w.env, "ACCOUNTS_REQUEST_TIMEOUT=2s")
		c.inject(fakeserver.Fault{Method: c.kind.create.method, Path: c.kind.create.path, LatencyMS: 3000, Times: 1})
		c.inject(fakeserver.Fault{Method: "GET", LatencyMS: 3000, Times: 2})
		c.applyAll("v1", 3)
	}},
	{name: "credentials revoked mid-apply", short: true, needs: updates, run: func(c *chaosRun) {
		c.applyAll("v1", 1)
		c.w.write(c.config("v2"))
		c.w.env = append(c.w.env, "TF_CLI_ARGS_apply=-parallelism=1") // one update at a time: the revocation lands between them
		c.revokeOnFirst(c.kind.update)
		if err := c.w.apply(); err == nil || !strings.Contains(err.Error(), "401") {
			c.t.Fatalf("apply with revoked credentials: %v, want a 401 error", err)
		}
		c.clear() // credentials valid again
		c.applyAll("v2", 2)
	}},
	{name: "deleted behind Terraform's back", short: true, drift: "Plan: 1 to add, 0 to change, 0 to destroy.", run: func(c *chaosRun) {
		c.applyAll("v1", 1)
		c.kind.remove(c.fake.Server, c.idOf(names[0]))
	}},
	{name: "changed behind Terraform's back", drift: "Plan: 0 to add, 1 to change, 0 to destroy.", needs: func(k kind) bool { return k.change != nil },
		run: func(c *chaosRun) {
			c.applyAll("v1", 1)
			c.kind.change(c.fake.Server, c.idOf(names[0]))
		}},
}

func updates(k kind) bool { return k.update.method != "" }
func deletes(k kind) bool { return k.delete.method != "" }

// TestAccFaultMatrix runs every scenario against every resource type. After each: the server
// and Terraform's state hold each managed object exactly once, nothing is left untracked, the
// next plan is empty or shows exactly the injected drift (which one more apply repairs), and no
// secret appears in any TRACE log, output or state file.
func TestAccFaultMatrix(t *testing.T) {
	for _, k := range kinds {
		for _, sc := range scenarios {
			if !sc.short && !fullSuite || sc.needs != nil && !sc.needs(k) {
				continue
			}
			t.Run(k.typ+"/"+sc.name, func(t *testing.T) {
				t.Parallel()
				c := newChaosRun(t, k, names)
				sc.run(c)
				c.clear()
				c.expectPlan(sc.drift)
				if sc.drift != "" {
					c.applyAll(c.value, 1)
					c.expectPlan("")
				}
				c.finish(sc.name)
			})
		}
	}
}

// chaosRun is one scenario against one resource type.
type chaosRun struct {
	t        *testing.T
	kind     kind
	fake     *acctest.Fake
	w        *workspace
	seeds    map[string]bool // ids of the objects the server held before the scenario
	names    []string        // the resources the scenario manages when all are configured
	managed  []string        // names the configuration manages now
	value    string          // the managed attribute's value the configuration asks for
	injected int
}

func newChaosRun(t *testing.T, k kind, names []string) *chaosRun {
	fake := acctest.NewFake(t)
	c := &chaosRun{t: t, kind: k, fake: fake, w: newWorkspace(t, fake), names: names, seeds: map[string]bool{}}
	for _, o := range k.held(fake.State()) {
		c.seeds[o.id] = true
	}
	return c
}

func (c *chaosRun) config(value string) string {
	var b strings.Builder
	for _, name := range c.managed {
		b.WriteString(c.kind.block(name, value))
	}
	return b.String()
}

// applyAll configures every name with value and applies until an apply succeeds.
func (c *chaosRun) applyAll(value string, attempts int) {
	c.t.Helper()
	c.managed, c.value = c.names, value
	c.w.write(c.config(value))
	if err := c.w.applyUntilDone(attempts); err != nil {
		c.t.Fatalf("no apply of %d succeeded; the last: %v", attempts, err)
	}
}

// inject adds a fault on the kind's API.
func (c *chaosRun) inject(f fakeserver.Fault) {
	f.API = c.kind.api
	c.fake.AddFault(f)
}

// clear counts and removes the faults.
func (c *chaosRun) clear() {
	c.injected += c.fake.FaultsApplied()
	c.fake.ClearFaults()
}

func (c *chaosRun) dropUpdate(when string) {
	c.applyAll("v1", 1)
	c.inject(fakeserver.Fault{Method: c.kind.update.method, Path: c.kind.update.path, Drop: when, Times: 2})
	c.applyAll("v2", 3)
}

func (c *chaosRun) dropDelete(when string) {
	c.applyAll("v1", 1)
	c.inject(fakeserver.Fault{Method: c.kind.delete.method, Path: c.kind.delete.path, Drop: when, Times: 2})
	c.managed = nil
	c.w.write(c.config(""))
	if err := c.w.applyUntilDone(3); err != nil {
		c.t.Fatal(err)
	}
}

// revokeOnFirst makes every request of the kind's API answer 401 from the moment the first
// request on r arrives (held back a second so that the revocation lands first): credentials
// revoked in the middle of an apply. That first request itself is handled.
func (c *chaosRun) revokeOnFirst(r route) {
	c.inject(fakeserver.Fault{Method: r.method, Path: r.path, LatencyMS: 1000, Times: 1})
	go func() {
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if c.fake.FaultsApplied() > 0 {
				c.inject(fakeserver.Fault{Status: 401, Body: `{"error":"JWT validation failed: JWT is revoked"}`})
				return
			}
		}
	}()
}

// idOf returns the server id of the object the block named name made.
func (c *chaosRun) idOf(name string) string {
	c.t.Helper()
	for _, o := range c.kind.held(c.fake.State()) {
		if o.key == c.kind.key(name) {
			return o.id
		}
	}
	c.t.Fatalf("the server holds no object for %s", name)
	return ""
}

// expectPlan runs a plan: it must be empty, or summarize exactly the injected drift.
func (c *chaosRun) expectPlan(drift string) {
	c.t.Helper()
	out, changes := c.w.plan()
	if drift == "" && changes || drift != "" && !strings.Contains(out, drift) {
		c.t.Fatalf("plan after the scenario, want %q:\n%s", drift, out)
	}
}

// finish compares the server with Terraform's state, audits secrets and records the row.
func (c *chaosRun) finish(scenario string) {
	c.t.Helper()
	r := row{scenario: scenario, typ: c.kind.typ, faults: c.injected, applies: c.w.applies}
	cmp := c.compare()
	r.lost, r.duplicated, r.untracked = cmp.lost+cmp.missing, cmp.duplicated, cmp.untracked
	problems := cmp.problems
	var where []string
	r.leaks, where = c.w.leaks(c.secrets())
	record(r)
	for _, p := range append(problems, where...) {
		c.t.Error(p)
	}
}

// comparison is what compare finds: objects the state tracks that the server does not hold
// (lost), configured objects the server does not hold (missing), objects held or tracked more
// than once (duplicated), and objects the server holds that no state tracks (untracked).
type comparison struct {
	lost, missing, duplicated, untracked int
	problems                             []string
}

func (p *comparison) add(counter *int, format string, args ...any) {
	*counter++
	p.problems = append(p.problems, fmt.Sprintf(format, args...))
}

// compare checks that every managed object is held exactly once by the server and by the state,
// and that the server holds nothing new that the state does not track.
func (c *chaosRun) compare() comparison {
	var cmp comparison
	byKey := map[string][]string{}
	onServer := map[string]bool{}
	for _, o := range c.kind.held(c.fake.State()) {
		if !c.seeds[o.id] {
			byKey[o.key] = append(byKey[o.key], o.id)
			onServer[o.id] = true
		}
	}
	for _, name := range c.managed {
		switch n := len(byKey[c.kind.key(name)]); {
		case n == 0:
			cmp.add(&cmp.missing, "%s: no object on the server", name)
		case n > 1:
			cmp.add(&cmp.duplicated, "%s: %d objects on the server", name, n)
			cmp.duplicated += n - 2
		}
	}
	tracked := map[string]bool{}
	for _, i := range c.w.state() {
		switch {
		case i.Type != c.kind.typ:
		case tracked[i.ID]:
			cmp.add(&cmp.duplicated, "state tracks %s twice", i.ID)
		case !onServer[i.ID] || i.Tainted:
			cmp.add(&cmp.lost, "state tracks %q (%s, tainted %v), which the server does not hold", i.ID, i.Name, i.Tainted)
		}
		tracked[i.ID] = i.Type == c.kind.typ
	}
	for id := range onServer {
		if !tracked[id] {
			cmp.add(&cmp.untracked, "the server holds %s, which no state tracks", id)
		}
	}
	return cmp
}

// secrets are every secret value the run could leak: the development credentials, what the
// fake issued, and the kind's write-only values.
func (c *chaosRun) secrets() []string {
	return append(append(fakeserver.DevelopmentSecrets(), c.fake.IssuedSecrets()...), c.kind.secrets(c.names)...)
}
