package fakeserver

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// ISCTask is ISC's TaskStatus object (beta TaskStatus.yaml).
type ISCTask struct {
	ID               string           `json:"id"`
	Type             string           `json:"type"`
	UniqueName       string           `json:"uniqueName"`
	Description      string           `json:"description"`
	ParentName       *string          `json:"parentName"`
	Launcher         string           `json:"launcher"`
	Target           *ISCReference    `json:"target"`
	Created          string           `json:"created"`
	Modified         string           `json:"modified"`
	Launched         *string          `json:"launched"`
	Completed        *string          `json:"completed"`
	CompletionStatus *string          `json:"completionStatus"`
	Messages         []ISCTaskMessage `json:"messages"`
	Returns          []ISCTaskReturn  `json:"returns"`
	Attributes       map[string]any   `json:"attributes"`
	Progress         *string          `json:"progress"`
	PercentComplete  int              `json:"percentComplete"`
}

// ISCTaskMessage is a TaskStatusMessage.
type ISCTaskMessage struct {
	Type          string              `json:"type"` // INFO, WARN or ERROR
	LocalizedText ISCLocalizedMessage `json:"localizedText"`
	Key           string              `json:"key"`
	Parameters    []any               `json:"parameters"`
}

type ISCLocalizedMessage struct {
	Locale  string `json:"locale"`
	Message string `json:"message"`
}

// ISCTaskReturn is a TaskReturnDetails entry.
type ISCTaskReturn struct {
	Name          string `json:"name"`
	AttributeName string `json:"attributeName"`
}

// Completion statuses a task may end with.
const (
	iscTaskSuccess    = "SUCCESS"
	iscTaskWarning    = "WARNING"
	iscTaskError      = "ERROR"
	iscTaskTerminated = "TERMINATED"
	iscTaskTempError  = "TEMPERROR"
)

// iscTaskOutcomes are the values Fault.TaskOutcome accepts.
var iscTaskOutcomes = []string{iscTaskSuccess, iscTaskWarning, iscTaskError, iscTaskTerminated, iscTaskTempError}

// iscTaskKind names an account operation's task.
type iscTaskKind struct{ uniqueName, verb string }

var (
	iscTaskCreate  = iscTaskKind{"Cloud Account Create", "Create"}
	iscTaskUpdate  = iscTaskKind{"Cloud Account Update", "Update"}
	iscTaskDelete  = iscTaskKind{"Cloud Account Delete", "Delete"}
	iscTaskDisable = iscTaskKind{"Cloud Account Disable", "Disable"}
	iscTaskEnable  = iscTaskKind{"Cloud Account Enable", "Enable"}
)

// iscChange is a task's effect on the store, applied when the task completes. An error fails
// the task with that message.
type iscChange func(st *iscStore, at time.Time) error

type iscTask struct {
	status    ISCTask
	visibleAt time.Time // the task answers 404 before this
	dueAt     time.Time // the task completes, and its change applies, at this time
	change    iscChange
	outcome   string // the completionStatus it ends with
	messages  []ISCTaskMessage
	completed bool // completed is set; completionStatus stays null until the next read
	hidden    bool // a fault's TaskHidden: no task-status read ever finds it
	// aggregation is set for a source aggregation, whose progress has a status of its own.
	aggregation *iscAggregation
}

// iscStartTask accepts an account operation: its change applies when the configured task
// duration has elapsed, unless a fault's task outcome says the task fails.
func (s *Server) iscStartTask(req *request, kind iscTaskKind, src *iscSource, accountName string, change iscChange) (result, error) {
	task := s.iscNewTask(req, kind.uniqueName, fmt.Sprintf("%s account '%s' on source '%s'", kind.verb, accountName, src.Name), src, change)
	s.isc.tasks = append(s.isc.tasks, task)
	return result{status: http.StatusAccepted, body: map[string]string{"id": task.status.ID}}, nil
}

// iscNewTask is a task of a request, due after the configured task duration, with the effects of
// the fault that matched the request; the caller stores it.
func (s *Server) iscNewTask(req *request, uniqueName, description string, src *iscSource, change iscChange) *iscTask {
	created := isoMillis(req.now)
	task := &iscTask{
		status: ISCTask{
			ID:          randomHex(16),
			Type:        "QUARTZ",
			UniqueName:  uniqueName,
			Description: description,
			Launcher:    "sweep",
			Target:      &ISCReference{ID: src.ID, Type: "APPLICATION", Name: src.Name + " [source]"},
			Created:     created,
			Modified:    created,
			Launched:    &created,
			Messages:    []ISCTaskMessage{},
			Returns:     []ISCTaskReturn{},
			Attributes:  map[string]any{},
			Progress:    ptr("Started"),
		},
		visibleAt: req.now.Add(milliseconds(s.isc.settings.TaskNotFoundMS)),
		dueAt:     req.now.Add(milliseconds(s.isc.settings.TaskDurationMS)),
		change:    change,
		outcome:   iscTaskSuccess,
	}
	if f, found := faultFrom(req.Context()); found {
		task.applyFault(f)
	}
	return task
}

// applyFault gives the task the ISC-specific effects of the fault that matched its request.
func (t *iscTask) applyFault(f Fault) {
	t.hidden = f.TaskHidden
	if f.TaskOutcome != "" {
		t.setOutcome(f.TaskOutcome, f.TaskMessages)
	}
}

func (t *iscTask) setOutcome(outcome string, texts []string) {
	t.outcome = outcome
	if outcome == iscTaskSuccess {
		return
	}
	if len(texts) == 0 {
		texts = []string{"injected fault"}
	}
	messageType := "ERROR"
	if outcome == iscTaskWarning {
		messageType = "WARN"
	}
	t.messages = nil
	for _, text := range texts {
		t.messages = append(t.messages, iscTaskMessage(messageType, text))
	}
}

func iscTaskMessage(messageType, text string) ISCTaskMessage {
	return ISCTaskMessage{
		Type:          messageType,
		LocalizedText: ISCLocalizedMessage{Locale: "en-US", Message: text},
		Key:           text, // un-catalogued messages carry their text as key
		Parameters:    []any{},
	}
}

// appliesChange reports whether a task ending with outcome commits its change: failures do not,
// a warning does.
func appliesChange(outcome string) bool {
	return outcome == iscTaskSuccess || outcome == iscTaskWarning
}

// settle completes every task whose duration has elapsed, earliest deadline first, so that a
// delete accepted after a create finds the account. Evaluating lazily on each request gives
// every client the same view as a background worker would.
func (st *iscStore) settle(now time.Time) {
	var due []*iscTask
	for _, task := range st.tasks {
		if !task.completed && !now.Before(task.dueAt) {
			due = append(due, task)
		}
	}
	slices.SortStableFunc(due, func(a, b *iscTask) int { return a.dueAt.Compare(b.dueAt) })
	for _, task := range due {
		st.complete(task)
	}
}

func (st *iscStore) complete(task *iscTask) {
	if appliesChange(task.outcome) {
		if err := task.change(st, task.dueAt); err != nil {
			task.setOutcome(iscTaskError, []string{err.Error()})
		}
	}
	task.completed = true
	task.status.Completed = ptr(isoMillis(task.dueAt))
	task.status.Modified = isoMillis(task.dueAt)
}

// observe returns the task as a status read shows it. As seen on live tenants, completed and
// completionStatus are not written together: the first read after completion shows completed
// set and completionStatus still null; reads after it show both.
func (t *iscTask) observe() ISCTask {
	view := t.status
	if t.completed && t.status.CompletionStatus == nil {
		t.status.CompletionStatus = ptr(t.outcome)
		t.status.Progress = ptr("Completed")
		t.status.PercentComplete = 100
		if t.messages != nil {
			t.status.Messages = t.messages
		}
	}
	return view
}

// visible reports whether task-status reads find the task: not hidden by a fault and past its
// initial 404 window.
func (t *iscTask) visible(now time.Time) bool {
	return !t.hidden && !now.Before(t.visibleAt)
}

func (st *iscStore) visibleTask(id string, now time.Time) *iscTask {
	for _, task := range st.tasks {
		if task.status.ID == id && task.visible(now) {
			return task
		}
	}
	return nil
}

var iscTaskFilterFields = filterFields[*iscTask]{
	"id":       func(t *iscTask) string { return t.status.ID },
	"sourceId": func(t *iscTask) string { return t.status.Target.ID },
}

func (s *Server) iscGetTaskStatus(req *request) (result, error) {
	task := s.isc.visibleTask(req.PathValue("id"), req.now)
	if task == nil {
		return result{}, iscNotFound()
	}
	return ok(task.observe())
}

// iscListTaskStatus serves a task-status list; tasks still in their 404 window are left out, and
// so are unfinished ones when completedOnly.
func (s *Server) iscListTaskStatus(completedOnly bool) handlerFunc {
	return func(req *request) (result, error) {
		query := req.URL.Query()
		f, err := parseFilter(query.Get("filters"), iscTaskFilterFields)
		if err != nil {
			return result{}, iscBadRequest("Invalid filters parameter: %v.", err)
		}
		var matched []*iscTask
		for _, task := range s.isc.tasks {
			if task.visible(req.now) && (task.completed || !completedOnly) && f.matches(task) {
				matched = append(matched, task)
			}
		}
		return iscListPage(query, matched, (*iscTask).observe)
	}
}
