package chaos

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/wiretest"
)

// wireScenario is one row of the "wrong wire" family: something other than the API answers (or
// nothing does) while op runs. wrong points the provider there; within bounds the failing
// command's wall time, Terraform's own start included (0: only the kill deadline).
type wireScenario struct {
	name   string
	short  bool
	needs  func(kind) bool // nil: every kind
	op     wireOp
	wrong  func(c *wireRun)
	within time.Duration
}

// wireOp is the command that meets the wrong wire. Unless it creates, the objects are applied
// first with the right endpoint; value is what the configuration asks for during and after it.
type wireOp struct {
	name    string
	creates bool
	value   string
	args    []string
}

var (
	opRefresh = wireOp{name: "refresh", value: "v1", args: []string{"apply", "-refresh-only", "-auto-approve"}}
	opUpdate  = wireOp{name: "update", value: "v2", args: []string{"apply", "-refresh=false", "-auto-approve"}}
	opDestroy = wireOp{name: "destroy", value: "v1", args: []string{"destroy", "-refresh=false", "-auto-approve"}}
	opCreate  = wireOp{name: "create", creates: true, value: "v1", args: []string{"apply", "-auto-approve"}}
)

const (
	// killAfter bounds every failing command: one that hangs is killed, and reported as such.
	killAfter = 60 * time.Second
	// startSlack is Terraform's own share of a command's wall time: starting, loading the
	// provider, planning.
	startSlack = 10 * time.Second
	// shortTimeout is the request_timeout of the silent-server rows.
	shortTimeout = 2 * time.Second
)

var wireScenarios = []wireScenario{
	{name: "mistyped endpoint on refresh", short: true, op: opRefresh, wrong: (*wireRun).mistype},
	{name: "mistyped endpoint on update", needs: updates, op: opUpdate, wrong: (*wireRun).mistype},
	{name: "mistyped endpoint on destroy", needs: deletes, op: opDestroy, wrong: (*wireRun).mistype},
	{name: "HTML 404 page from a proxy on refresh", op: opRefresh, wrong: func(c *wireRun) {
		c.through(wiretest.PageURL(c.t, 404, wiretest.NotFoundPage))
	}},
	{name: "HTML login page (200) from a proxy on refresh", op: opRefresh, wrong: func(c *wireRun) {
		c.through(wiretest.PageURL(c.t, 200, wiretest.LoginPage))
	}},
	{name: "302 redirect to another origin on refresh", op: opRefresh, wrong: func(c *wireRun) { c.redirect(302) }},
	{name: "307 redirect to another origin on refresh", short: true, op: opRefresh, wrong: func(c *wireRun) { c.redirect(307) }},
	{name: "connection refused on create", op: opCreate, within: 15*time.Second + startSlack, wrong: func(c *wireRun) {
		c.through(wiretest.RefusingURL(c.t))
		c.w.provider["max_retries"] = "" // the default: an unreachable API fails within 15 s by default
	}},
	{name: "server never answers on refresh", op: opRefresh, within: 2*shortTimeout + startSlack, wrong: func(c *wireRun) {
		c.through(wiretest.SilentURL(c.t))
		c.w.provider["request_timeout"] = shortTimeout.String()
	}},
	{name: "429 with Retry-After 86400 on refresh", op: opRefresh, within: startSlack, wrong: func(c *wireRun) {
		c.inject(fakeserver.Fault{Method: "GET", Status: 429, RetryAfter: 86400})
	}},
	{name: "error body echoing every secret sent, on create", op: opCreate, wrong: func(c *wireRun) {
		// Each create's answer repeats its own request: the credential and every value it sent.
		c.inject(fakeserver.Fault{Method: c.kind.create.method, Path: c.kind.create.path, Status: 400,
			Message: "invalid request", Echo: true})
	}},
}

// TestAccWrongWire meets each thing that is not the API with each resource type. The command
// that meets it must fail (exit non-zero, within the row's bound); then, with the endpoint
// fixed, an apply converges. Throughout, Terraform's state keeps every object the server still
// holds, nothing is made twice or left untracked, and no secret reaches a log, an output, the
// state or another origin. Every row is recorded, failing or not, for the "wrong wire" table.
func TestAccWrongWire(t *testing.T) {
	for _, k := range kinds {
		for _, sc := range wireScenarios {
			if !sc.short && !fullSuite || sc.needs != nil && !sc.needs(k) {
				continue
			}
			t.Run(k.typ+"/"+sc.name, func(t *testing.T) {
				t.Parallel()
				c := &wireRun{chaosRun: newChaosRun(t, k, names)}
				c.w.provider = map[string]string{}
				defer c.finishWire(sc.name)
				c.run(sc)
			})
		}
	}
}

// wireRun is one wrong-wire scenario against one resource type.
type wireRun struct {
	*chaosRun
	origin   *wiretest.Origin // the other origin of the redirect rows
	problems []string
	result   wireRow
}

func (c *wireRun) problem(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *wireRun) run(sc wireScenario) {
	if !sc.op.creates {
		c.applyAll("v1", 1)
	}
	before := c.trackedHeld()
	c.managed, c.value = c.names, sc.op.value
	sc.wrong(c)
	c.w.write(c.config(sc.op.value))
	c.failing(sc)
	c.dropped(before, sc.op)

	c.w.provider = map[string]string{} // the endpoint fixed
	c.clear()
	c.w.write(c.config(sc.op.value))
	if err := c.w.applyUntilDone(2); err != nil {
		c.problem("with the endpoint fixed, no apply succeeded: %v", err)
		return
	}
	if out, changes := c.planOrProblem(); changes {
		c.problem("with the endpoint fixed, the plan after the apply is not empty:\n%s", out)
	}
}

// failing runs the command that meets the wrong wire: it must exit non-zero within the row's
// bound, and is killed after killAfter.
func (c *wireRun) failing(sc wireScenario) {
	out, elapsed, err := c.w.bounded(killAfter, append(sc.op.args, "-input=false", "-no-color")...)
	c.result.seconds = elapsed.Seconds()
	c.t.Logf("%s took %s (error: %v)", sc.op.name, elapsed.Round(time.Millisecond), err)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		c.result.outcome = fmt.Sprintf("killed after %s", killAfter)
		c.problem("terraform %s hung; killed after %s", sc.op.name, killAfter)
	case err == nil:
		c.result.outcome = "exit 0"
		c.problem("terraform %s against the wrong wire exited 0:\n%s", sc.op.name, out)
	default:
		c.result.outcome = "error"
	}
	if sc.within > 0 && elapsed > sc.within {
		c.problem("terraform %s took %s, want at most %s", sc.op.name, elapsed.Round(time.Millisecond), sc.within)
	}
}

// trackedHeld are the ids Terraform's state tracks, untainted, that the server holds.
func (c *wireRun) trackedHeld() []string {
	onServer := map[string]bool{}
	for _, o := range c.kind.held(c.fake.State()) {
		onServer[o.id] = true
	}
	var ids []string
	for _, i := range c.w.state() {
		if i.Type == c.kind.typ && !i.Tainted && onServer[i.ID] {
			ids = append(ids, i.ID)
		}
	}
	return ids
}

// dropped counts the objects the state tracked before op that the server still holds and the
// state no longer tracks untainted; after a create, whatever the state holds at all is counted
// as lost, since nothing reached the server.
func (c *wireRun) dropped(before []string, op wireOp) {
	after := c.trackedHeld()
	for _, id := range before {
		if !slices.Contains(after, id) {
			c.result.dropped++
			c.problem("after the %s, the state no longer tracks %s, which the server still holds", op.name, id)
		}
	}
	if !op.creates {
		return
	}
	for _, i := range c.w.state() {
		if i.Type == c.kind.typ {
			c.result.lost++
			c.problem("after the failed create, the state holds %s %q (tainted %v)", i.Name, i.ID, i.Tainted)
		}
	}
}

// planOrProblem runs terraform plan, recording a problem instead of failing the test.
func (c *wireRun) planOrProblem() (string, bool) {
	out, changes, err := c.w.tryPlan()
	if err != nil {
		c.problem("%v", err)
	}
	return out, changes
}

// finishWire compares the server with the state, audits secrets (the other origin's record
// included) and records the row, then reports every problem.
func (c *wireRun) finishWire(scenario string) {
	r := &c.result
	r.scenario, r.typ = scenario, c.kind.typ
	cmp := c.compare()
	r.lost += cmp.lost + cmp.missing
	r.duplicated, r.untracked = cmp.duplicated, cmp.untracked
	leaks, where := c.w.leaks(c.secrets())
	if c.origin != nil {
		received := c.origin.Received()
		leaks += len(received)
		for _, got := range received {
			where = append(where, "the other origin received "+got)
		}
	}
	r.leaks = leaks
	recordWire(*r)
	for _, p := range slices.Concat(c.problems, cmp.problems, where) {
		c.t.Error(p)
	}
}

// endpointSettings are the settings naming where the kind's API is, by provider attribute path.
func endpointSettings(k kind, withToken bool) []string {
	if k.api != fakeserver.APIISC {
		return []string{k.api + ".endpoint"}
	}
	if withToken {
		return []string{"isc.base_url", "isc.token_url"}
	}
	return []string{"isc.base_url"}
}

// mistype points the API's endpoint at the fake's root instead of its API prefix, as a user who
// left the prefix out would (ISC's token URL stays right: the API's own answers are tried).
func (c *wireRun) mistype() {
	c.w.provider[endpointSettings(c.kind, false)[0]] = c.fake.URL
}

// through points every URL of the kind's API at base instead of the fake: what stands there
// answers in the API's place, under the same paths.
func (c *wireRun) through(base string) {
	for _, setting := range endpointSettings(c.kind, true) {
		right := acctest.FakeSettings(c.fake.URL)[setting]
		c.w.provider[setting] = base + strings.TrimPrefix(right, c.fake.URL)
	}
}

// redirect puts a server answering status to another origin in front of the API; the origin
// forwards to the fake and records every credential it receives.
func (c *wireRun) redirect(status int) {
	c.origin = wiretest.NewOrigin(c.t, c.fake.URL, c.secrets()...)
	c.through(wiretest.RedirectingURL(c.t, status, c.origin.URL))
}

// bounded runs one command that may hang: after limit Terraform is interrupted (so that it
// still writes its state; a SIGKILL can cut the state file short), killed if it has not ended
// WaitDelay later, and whatever is left of its process group, the provider included, is killed;
// the error is then context.DeadlineExceeded. It returns the output, the wall time and the error.
func (w *workspace) bounded(limit time.Duration, args ...string) (string, time.Duration, error) {
	ctx, cancel := context.WithTimeout(w.t.Context(), limit)
	defer cancel()
	cmd := w.command(ctx, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	started := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(started)
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the group outlives a killed leader
	}
	w.outputs = append(w.outputs, string(out))
	if ctx.Err() != nil {
		err = context.DeadlineExceeded
	}
	return string(out), elapsed, err
}
