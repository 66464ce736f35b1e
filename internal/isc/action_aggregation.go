package isc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
	"github.com/tf-accounts/terraform-provider-accounts/internal/wait"
)

const aggregationsPath = "/account-aggregations/v1"

// aggregationStatusPolls pace the reads of an aggregation's progress, which report only: often
// while it starts, then one read per 10 s, a hundredth of ISC's rate limit.
var aggregationStatusPolls = wait.Backoff{First: 250 * time.Millisecond, Factor: 2, Max: 10 * time.Second}

// AccountFile is the CSV file a delimited-file source's aggregation reads.
type AccountFile struct {
	Name string
	Data []byte
}

// Aggregation is what an aggregation's task reports when it ends: its task's return values
// (TASK_OUT_ACCOUNT_AGGREGATION_TOTAL and the others), by their attribute names.
type Aggregation struct {
	OperationResult
	Found     int // "total": accounts the connector read
	Added     int // "created"
	Changed   int // "updated"
	Removed   int // "deleted"
	Unchanged int // "optimized": skipped, having not changed since the last aggregation
	Ignored   int // "ignored"
}

// AggregateSource runs an account aggregation of a source (POST /sources/v1/{id}/load-accounts)
// and waits for it: a delimited-file source reads file, which it needs; disableOptimization
// processes unchanged accounts too. While the task runs, progress reports the aggregation's
// status (GET /account-aggregations/v1/{id}/status), which ISC serves to personal access tokens
// only.
func (c *Client) AggregateSource(ctx context.Context, sourceID string, file *AccountFile, disableOptimization bool, progress Progress) (*Aggregation, error) {
	body, err := loadAccountsForm(file, disableOptimization)
	if err != nil {
		return nil, err
	}
	request := transport.Request{Method: http.MethodPost, Path: sourcesPath, Segments: []string{sourceID, "load-accounts"}, Body: body, Idempotent: true}
	watcher := &aggregationWatch{client: c, progress: progress}
	watching, stop := context.WithCancel(ctx)
	defer func() { stop(); watcher.wg.Wait() }()
	result, err := c.followTask(ctx, progress, func(ctx context.Context) (string, error) {
		var started struct {
			Task taskRef `json:"task"`
		}
		if _, err := c.http.Do(ctx, request, &started); err != nil {
			return "", err
		}
		if started.Task.ID == "" {
			return "", errors.New("isc API: POST " + sourcesPath + "/" + sourceID + "/load-accounts answered without a task id")
		}
		watcher.follow(watching, started.Task.ID)
		return started.Task.ID, nil
	})
	if err != nil {
		return nil, err
	}
	return aggregationOf(result), nil
}

func loadAccountsForm(file *AccountFile, disableOptimization bool) (transport.RawBody, error) {
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	if file != nil {
		part, err := form.CreateFormFile("file", file.Name)
		if err == nil {
			_, err = part.Write(file.Data)
		}
		if err != nil {
			return transport.RawBody{}, fmt.Errorf("writing the aggregation's file: %w", err)
		}
	}
	if err := form.WriteField("disableOptimization", strconv.FormatBool(disableOptimization)); err != nil {
		return transport.RawBody{}, err
	}
	if err := form.Close(); err != nil {
		return transport.RawBody{}, err
	}
	return transport.RawBody{ContentType: form.FormDataContentType(), Data: body.Bytes()}, nil
}

func aggregationOf(result *OperationResult) *Aggregation {
	a := &Aggregation{OperationResult: *result}
	count := func(name string) int { return countAttribute(result.task.Attributes[name]) }
	a.Found, a.Added, a.Changed, a.Removed = count("total"), count("created"), count("updated"), count("deleted")
	a.Unchanged, a.Ignored = count("optimized"), count("ignored")
	return a
}

// countAttribute reads a count that JSON may carry as a number or a string; anything else is 0.
func countAttribute(value any) int {
	switch v := value.(type) {
	case float64:
		return int(v)
	case string:
		n, _ := strconv.Atoi(v)
		return n
	}
	return 0
}

// AggregationStatus is ISC's AccountAggregationStatus; the counts are set from
// ACCOUNTS_COLLECTED on.
type AggregationStatus struct {
	Status                         string `json:"status"`
	TotalAccounts                  *int   `json:"totalAccounts"`
	ProcessedAccounts              *int   `json:"processedAccounts"`
	TotalAccountsMarkedForDeletion *int   `json:"totalAccountsMarkedForDeletion"`
	DeletedAccounts                *int   `json:"deletedAccounts"`
}

// finished is true for the states after which the status no longer changes.
func (s *AggregationStatus) finished() bool {
	switch s.Status {
	case "COMPLETED", "CANCELLED", "TERMINATED":
		return true
	}
	return false
}

func (s *AggregationStatus) describe() string {
	line := "Aggregation " + s.Status
	if s.TotalAccounts != nil && s.ProcessedAccounts != nil {
		line += fmt.Sprintf(": %d of %d new, changed and removed accounts processed", *s.ProcessedAccounts, *s.TotalAccounts)
	}
	return line
}

// aggregationWatch reports an aggregation's status while its task runs, on a cadence of its
// own: the status is for people, the task's status decides the wait.
type aggregationWatch struct {
	client   *Client
	progress Progress
	wg       sync.WaitGroup
}

// follow watches the aggregation of a task, until ctx ends or the status stops changing.
func (w *aggregationWatch) follow(ctx context.Context, taskID string) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		said := ""
		_ = aggregationStatusPolls.Until(ctx, func(ctx context.Context) (bool, error) {
			status, err := w.client.aggregationStatus(ctx, taskID)
			switch {
			case transport.StatusOf(err) == http.StatusForbidden:
				w.progress("ISC shows an aggregation's progress to personal access tokens only; following its task instead")
				return true, nil
			case err != nil:
				tflog.Debug(ctx, "could not read the aggregation's status", map[string]any{"task_id": taskID, "error": err.Error()})
				return false, nil //nolint:nilerr // a failed look leaves the next ones to tell
			}
			if line := status.describe(); line != said {
				said = line
				w.progress(line)
			}
			return status.finished(), nil
		})
	}()
}

func (c *Client) aggregationStatus(ctx context.Context, id string) (*AggregationStatus, error) {
	var status AggregationStatus
	request := transport.Request{Method: http.MethodGet, Path: aggregationsPath, Segments: []string{id, "status"}}
	if _, err := c.http.Do(ctx, request, &status); err != nil {
		return nil, err
	}
	return &status, nil
}
