package fakeserver

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A source aggregation: POST /sources/v1/{id}/load-accounts (apis/sources
// sources-v1-by-id-load-accounts.yaml) starts it, with the CSV file of a delimited-file source
// as multipart/form-data, and answers a LoadAccountsTask (its schema is not among the copied
// excerpts; the shape follows SailPoint's SDK reference, LoadAccountsTask and
// LoadAccountsTaskTask). Its task is a task like any other on task-status, and GET
// /account-aggregations/v1/{id}/status (apis/account-aggregations) reports its progress:
// STARTED, ACCOUNTS_COLLECTED, COMPLETED.

// The task's return values: the names SailPoint's reference lists for an aggregation task. The
// task's attributes carry their values once it completes (inferred: the reference shows the
// names only, and attributes holding appId and optimizedAggregation when it starts).
var iscAggregationReturns = []ISCTaskReturn{
	{"TASK_OUT_ACCOUNT_AGGREGATION_APPLICATIONS", "applications"},
	{"TASK_OUT_ACCOUNT_AGGREGATION_TOTAL", "total"},
	{"TASK_OUT_ACCOUNT_AGGREGATION_OPTIMIZED", "optimizedAggregation"},
	{"TASK_OUT_ACCOUNT_AGGREGATION_IGNORED", "ignored"},
	{"TASK_OUT_UNCHANGED_ACCOUNTS", "optimized"},
	{"TASK_OUT_ACCOUNT_AGGREGATION_CREATED", "created"},
	{"TASK_OUT_ACCOUNT_AGGREGATION_UPDATED", "updated"},
	{"TASK_OUT_ACCOUNT_AGGREGATION_DELETED", "deleted"},
}

// iscMultiValueDelimiter separates the values of a multi-valued attribute in a CSV cell
// (inferred: a delimited-file source configures its own).
const iscMultiValueDelimiter = "|"

type iscAggregation struct {
	source      *iscSource
	rows        []iscRecord // what the connector read, in file order
	readErr     error       // the file could not be read: the task fails with this
	warnings    []string
	ignored     int  // rows without an identity, or repeating one
	optimize    bool // unchanged accounts are skipped (disableOptimization not set)
	started     time.Time
	collectedAt time.Time
	estimate    iscAggregationCounts // of the accounts as they were when it started
	final       *iscAggregationCounts
}

type iscRecord struct {
	native     string
	attributes map[string]any
}

type iscAggregationCounts struct{ created, updated, deleted, unchanged int }

func (c iscAggregationCounts) changes() int { return c.created + c.updated + c.deleted }

func (s *Server) iscLoadAccounts(req *request) (result, error) {
	src := s.isc.source(req.PathValue("id"))
	if src == nil {
		// The operation documents no 404; a source that does not exist is a bad request (inferred).
		return result{}, iscBadRequest("Source %s was not found.", req.PathValue("id"))
	}
	file, optimize, err := readLoadAccountsForm(req, src)
	if err != nil {
		return result{}, err
	}
	agg := &iscAggregation{source: src, optimize: optimize, started: req.now,
		collectedAt: req.now.Add(milliseconds(s.isc.settings.AggregationMS) / 4)}
	if src.isFlatFile() {
		agg.rows, agg.warnings, agg.ignored, agg.readErr = readAccountFile(file, src)
	} else {
		agg.rows = connectorRecords(src)
	}
	agg.estimate = s.isc.aggregationPlan(agg).counts
	var task *iscTask
	task = s.iscNewTask(req, "Cloud Account Aggregation", "Aggregates from the specified application.", src,
		func(st *iscStore, at time.Time) error { return st.aggregate(task, at) })
	task.aggregation = agg
	task.dueAt = req.now.Add(milliseconds(s.isc.settings.AggregationMS))
	task.status.Returns = slices.Clone(iscAggregationReturns)
	task.status.Attributes = map[string]any{"appId": src.ID, "optimizedAggregation": optimizationLabel(optimize)}
	s.isc.tasks = append(s.isc.tasks, task)
	return result{status: http.StatusAccepted, body: iscLoadAccountsTask{Success: true, Task: loadAccountsTaskView(task.status)}}, nil
}

func optimizationLabel(optimize bool) string {
	if optimize {
		return "enabled"
	}
	return "disabled"
}

// readLoadAccountsForm reads the multipart form: the file, required for a delimited-file source,
// and disableOptimization, a string holding a boolean.
func readLoadAccountsForm(req *request, src *iscSource) (file []byte, optimize bool, err error) {
	mediaType, params, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		if src.isFlatFile() {
			return nil, false, iscBadRequest("Source '%s' is a delimited file source: the CSV file must be sent as multipart/form-data.", src.Name)
		}
		return nil, true, nil
	}
	form, err := multipart.NewReader(bytes.NewReader(req.body), params["boundary"]).ReadForm(maxBodyBytes)
	if err != nil {
		return nil, false, iscBadRequest("The multipart body could not be parsed: %v.", err)
	}
	defer func() { _ = form.RemoveAll() }()
	optimize = true
	if values := form.Value["disableOptimization"]; len(values) > 0 {
		disable, err := strconv.ParseBool(values[0])
		if err != nil {
			return nil, false, iscBadRequest("Illegal value %q for field \"disableOptimization\": expected true or false.", values[0])
		}
		optimize = !disable
	}
	files := form.File["file"]
	if len(files) == 0 {
		if src.isFlatFile() {
			return nil, false, iscBadRequest(`Required field "file" was missing: source '%s' is a delimited file source.`, src.Name)
		}
		return nil, optimize, nil
	}
	opened, err := files[0].Open()
	if err != nil {
		return nil, false, iscBadRequest("The file could not be read: %v.", err)
	}
	defer opened.Close()
	file, err = io.ReadAll(opened)
	return file, optimize, err
}

// readAccountFile reads a CSV file against the source's account schema: a header row naming
// attributes, then one account a row. Inferred, as the connector's own rules are not documented
// here: the identity attribute's column is required; columns the schema does not name (but
// IIQDisabled) are left out with a warning; an empty cell is an absent attribute; rows without
// an identity, or repeating one, are ignored.
func readAccountFile(file []byte, src *iscSource) (rows []iscRecord, warnings []string, ignored int, err error) {
	records, err := csv.NewReader(bytes.NewReader(file)).ReadAll()
	if err != nil {
		return nil, nil, 0, fmt.Errorf("Error reading the file of source '%s': %w.", src.Name, err) //nolint:staticcheck // a task message
	}
	if len(records) == 0 {
		return nil, nil, 0, fmt.Errorf("The file of source '%s' is empty: it needs a header row.", src.Name) //nolint:staticcheck // a task message
	}
	header := records[0]
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	identity := src.schema.IdentityAttribute
	if !slices.Contains(header, identity) {
		return nil, nil, 0, fmt.Errorf("The file has no column %q, the identity attribute of source '%s'.", identity, src.Name) //nolint:staticcheck // a task message
	}
	var unknown []string
	for _, column := range header {
		if src.schemaAttribute(column) == nil && column != iscDisabledAttr {
			unknown = append(unknown, column)
		}
	}
	if len(unknown) > 0 {
		warnings = append(warnings, fmt.Sprintf("Columns not in the account schema of source '%s' were ignored: %s.", src.Name, strings.Join(unknown, ", ")))
	}
	seen := map[string]bool{}
	for _, record := range records[1:] {
		attributes := src.rowAttributes(header, record)
		native, _ := attributes[identity].(string)
		if native == "" || seen[native] {
			ignored++
			continue
		}
		seen[native] = true
		rows = append(rows, iscRecord{native: native, attributes: attributes})
	}
	return rows, warnings, ignored, nil
}

func (src *iscSource) schemaAttribute(name string) *ISCSchemaAttribute {
	for i := range src.schema.Attributes {
		if src.schema.Attributes[i].Name == name {
			return &src.schema.Attributes[i]
		}
	}
	return nil
}

func (src *iscSource) rowAttributes(header, record []string) map[string]any {
	attributes := map[string]any{}
	for i, column := range header {
		definition := src.schemaAttribute(column)
		value := strings.TrimSpace(record[i])
		switch {
		case value == "" || (definition == nil && column != iscDisabledAttr):
		case definition != nil && definition.IsMultiValued:
			values := []any{}
			for _, v := range strings.Split(value, iscMultiValueDelimiter) {
				values = append(values, strings.TrimSpace(v))
			}
			attributes[column] = values
		default:
			attributes[column] = value
		}
	}
	return attributes
}

// connectorRecords are what a direct source's connector reads, in native identity order.
func connectorRecords(src *iscSource) []iscRecord {
	rows := make([]iscRecord, 0, len(src.records))
	for _, native := range slices.Sorted(maps.Keys(src.records)) {
		rows = append(rows, iscRecord{native: native, attributes: maps.Clone(src.records[native])})
	}
	return rows
}

// iscAggregationPlan is what an aggregation does to the source's accounts as they are.
type iscAggregationPlan struct {
	upserts  []iscRecord // new and changed accounts, and unchanged ones when not optimized
	removals []string    // ids of accounts the source no longer has
	counts   iscAggregationCounts
}

func (st *iscStore) aggregationPlan(agg *iscAggregation) iscAggregationPlan {
	var plan iscAggregationPlan
	if agg.readErr != nil {
		return plan
	}
	existing := map[string]*ISCAccount{}
	for _, account := range st.accounts {
		if account.SourceID == agg.source.ID {
			existing[account.NativeIdentity] = account
		}
	}
	inFile := map[string]bool{}
	for _, row := range agg.rows {
		inFile[row.native] = true
		account, found := existing[row.native]
		switch {
		case !found:
			plan.counts.created++
		case !sameAttributeValues(account.Attributes, row.attributes):
			plan.counts.updated++
		case agg.optimize:
			plan.counts.unchanged++
			continue
		default:
			plan.counts.updated++ // reprocessed: optimization disabled
		}
		plan.upserts = append(plan.upserts, row)
	}
	for _, native := range slices.Sorted(maps.Keys(existing)) {
		if !inFile[native] {
			plan.removals = append(plan.removals, existing[native].ID)
			plan.counts.deleted++
		}
	}
	return plan
}

// aggregate applies an aggregation when its task completes: the file, or the connector's
// records, become the source's accounts, and the counts the task's attributes.
func (st *iscStore) aggregate(task *iscTask, at time.Time) error {
	agg := task.aggregation
	if agg.readErr != nil {
		return agg.readErr
	}
	plan := st.aggregationPlan(agg)
	for _, row := range plan.upserts {
		account := st.upsertAccount(agg.source, row.native, row.attributes, at)
		account.Origin = "AGGREGATED"
	}
	for _, id := range plan.removals {
		_ = st.removeAccount(id) // listed from the store just now
	}
	if agg.source.isFlatFile() {
		agg.source.records = map[string]map[string]any{}
		for _, row := range agg.rows {
			agg.source.records[row.native] = row.attributes
		}
	}
	agg.final = &plan.counts
	maps.Copy(task.status.Attributes, map[string]any{
		"applications": agg.source.Name, "total": len(agg.rows) + agg.ignored, "ignored": agg.ignored,
		"optimized": plan.counts.unchanged, "created": plan.counts.created, "updated": plan.counts.updated, "deleted": plan.counts.deleted,
	})
	if len(agg.warnings) > 0 {
		task.setOutcome(iscTaskWarning, agg.warnings)
	}
	return nil
}

// sameAttributeValues compares attributes as an aggregation does: lists as sets, a list of
// one value as that value.
func sameAttributeValues(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for name, value := range a {
		other, present := b[name]
		if !present || !slices.Equal(valueSet(value), valueSet(other)) {
			return false
		}
	}
	return true
}

func valueSet(value any) []string {
	var values []string
	switch v := value.(type) {
	case []string:
		values = slices.Clone(v)
	case []any:
		for _, item := range v {
			values = append(values, fmt.Sprint(item))
		}
	default:
		values = []string{fmt.Sprint(v)}
	}
	slices.Sort(values)
	return values
}

// iscLoadAccountsTask is the answer to load-accounts.
type iscLoadAccountsTask struct {
	Success bool                    `json:"success"`
	Task    iscLoadAccountsTaskTask `json:"task"`
}

// iscLoadAccountsTaskTask is LoadAccountsTaskTask: a task status with name for uniqueName and
// returns labelled displayLabel.
type iscLoadAccountsTaskTask struct {
	ID               string                 `json:"id"`
	Type             string                 `json:"type"`
	Name             string                 `json:"name"`
	Description      string                 `json:"description"`
	Launcher         string                 `json:"launcher"`
	Created          string                 `json:"created"`
	Launched         *string                `json:"launched"`
	Completed        *string                `json:"completed"`
	CompletionStatus *string                `json:"completionStatus"`
	ParentName       *string                `json:"parentName"`
	Messages         []ISCTaskMessage       `json:"messages"`
	Progress         *string                `json:"progress"`
	Attributes       map[string]any         `json:"attributes"`
	Returns          []iscLoadAccountsLabel `json:"returns"`
}

type iscLoadAccountsLabel struct {
	DisplayLabel  string `json:"displayLabel"`
	AttributeName string `json:"attributeName"`
}

func loadAccountsTaskView(t ISCTask) iscLoadAccountsTaskTask {
	view := iscLoadAccountsTaskTask{ID: t.ID, Type: t.Type, Name: t.UniqueName, Description: t.Description, Launcher: t.Launcher,
		Created: t.Created, Launched: t.Launched, Completed: t.Completed, CompletionStatus: t.CompletionStatus, ParentName: t.ParentName,
		Messages: t.Messages, Progress: t.Progress, Attributes: maps.Clone(t.Attributes)}
	for _, r := range t.Returns {
		view.Returns = append(view.Returns, iscLoadAccountsLabel{DisplayLabel: r.Name, AttributeName: r.AttributeName})
	}
	return view
}

// ISCAggregationStatus is an AccountAggregationStatus; the counts are set from
// ACCOUNTS_COLLECTED on.
type ISCAggregationStatus struct {
	Start                          *string `json:"start"`
	Status                         string  `json:"status"`
	TotalAccounts                  *int    `json:"totalAccounts,omitempty"`
	ProcessedAccounts              *int    `json:"processedAccounts,omitempty"`
	TotalAccountsMarkedForDeletion *int    `json:"totalAccountsMarkedForDeletion,omitempty"`
	DeletedAccounts                *int    `json:"deletedAccounts,omitempty"`
	TotalIdentities                *int    `json:"totalIdentities,omitempty"`
	ProcessedIdentities            *int    `json:"processedIdentities,omitempty"`
}

// The aggregation states the fake moves through (of the documented STARTED, ACCOUNTS_COLLECTED,
// COMPLETED, CANCELLED, RETRIED, TERMINATED, NOT_FOUND).
const (
	iscAggregationStarted   = "STARTED"
	iscAggregationCollected = "ACCOUNTS_COLLECTED"
	iscAggregationCompleted = "COMPLETED"
	iscAggregationTerminate = "TERMINATED"
)

func (s *Server) iscAggregationStatus(req *request) (result, error) {
	task := s.isc.visibleTask(req.PathValue("id"), req.now)
	if task == nil || task.aggregation == nil {
		return result{}, iscNotFound()
	}
	return ok(task.aggregationStatus(req.now))
}

// aggregationStatus is the aggregation's progress at now: accounts are processed evenly between
// their collection and the task's completion (inferred pacing).
func (t *iscTask) aggregationStatus(now time.Time) ISCAggregationStatus {
	agg := t.aggregation
	view := ISCAggregationStatus{Start: ptr(isoMillis(agg.started)), Status: iscAggregationStarted}
	counts, share := agg.estimate, 0.0
	switch {
	case t.completed && t.outcome == iscTaskTerminated:
		view.Status = iscAggregationTerminate
		return view
	case t.completed:
		view.Status, share = iscAggregationCompleted, 1
		if agg.final != nil {
			counts = *agg.final
		}
	case now.Before(agg.collectedAt):
		return view
	default:
		view.Status = iscAggregationCollected
		share = float64(now.Sub(agg.collectedAt)) / float64(max(t.dueAt.Sub(agg.collectedAt), time.Millisecond))
	}
	part := func(n int) *int { return ptr(min(n, int(float64(n)*share))) }
	view.TotalAccounts, view.ProcessedAccounts = ptr(counts.changes()), part(counts.changes())
	view.TotalAccountsMarkedForDeletion, view.DeletedAccounts = ptr(counts.deleted), part(counts.deleted)
	view.TotalIdentities, view.ProcessedIdentities = ptr(counts.created+counts.updated), part(counts.created+counts.updated)
	return view
}
