package isc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

var (
	_ resource.Resource                   = (*accountResource)(nil)
	_ resource.ResourceWithConfigure      = (*accountResource)(nil)
	_ resource.ResourceWithValidateConfig = (*accountResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*accountResource)(nil)
	_ resource.ResourceWithImportState    = (*accountResource)(nil)
)

// Operation time limits when the configuration sets none.
const (
	defaultCreateTimeout = 10 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 10 * time.Minute
)

// withTimeout bounds an operation by its configured timeout, or by fallback.
func withTimeout(ctx context.Context, configured func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	fallback time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	timeout, problems := configured(ctx, fallback)
	diags.Append(problems...)
	return context.WithTimeout(ctx, timeout)
}

// lostCreateWatch is how long a destroy watches for the account of a create whose answer, task
// id included, was lost: ISC runs account tasks within seconds.
const lostCreateWatch = 30 * time.Second

// maxSubmissions bounds how often a create or update is submitted when its task ends in
// TEMPERROR, the status ISC gives failures worth trying again.
const maxSubmissions = 3

// pendingCreateKey names the private state entry that remembers a create task whose account was
// not found yet, so that a later refresh or destroy can resolve it instead of orphaning it.
const pendingCreateKey = "pending_create_task"

// NewAccountResource is the constructor the provider registers.
func NewAccountResource() resource.Resource {
	return &accountResource{}
}

type accountResource struct {
	client *Client
}

func (r *accountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_isc_account"
}

func (r *accountResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keepState := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An account on a SailPoint Identity Security Cloud source. ISC creates, updates, disables, " +
			"enables and deletes accounts through asynchronous tasks; the resource waits for each task and then reads the account.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The account id ISC assigned (never the id of the task that created it).",
				PlanModifiers:       keepState,
			},
			"source_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the source that holds the account. Changing it creates a new account.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"attributes": schema.DynamicAttribute{
				Required: true,
				MarkdownDescription: "The account's attributes as the source's account schema names them, each a string or a list " +
					"of strings, such as `{ id = \"jdoe\", displayName = \"John Doe\", groups = [\"staff\"] }`. Must include the " +
					"native identity attribute. Only the attributes named here are compared with ISC, so attributes ISC adds cause no diff.",
				Validators: []validator.Dynamic{attributesValidator{}},
			},
			"native_identity_attribute": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The attribute whose value is the account's native identity. Defaults to the " +
					"`identityAttribute` of the source's account schema.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"native_identity": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The account's unique id on the source: the value of `native_identity_attribute`. " +
					"Changing it creates a new account.",
			},
			"disabled": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Whether the account is disabled. Changing it runs ISC's disable or enable task. When unset, the account keeps the state ISC gives it.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"name":         schema.StringAttribute{Computed: true, MarkdownDescription: "Display name of the account."},
			"source_name":  schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the source.", PlanModifiers: keepState},
			"identity_id":  schema.StringAttribute{Computed: true, MarkdownDescription: "Id of the identity the account is correlated with, if any."},
			"locked":       schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the account is locked."},
			"uncorrelated": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the account is not correlated with an identity."},
			"created":      schema.StringAttribute{Computed: true, MarkdownDescription: "When the account was created (RFC 3339).", PlanModifiers: keepState},
			"modified":     schema.StringAttribute{Computed: true, MarkdownDescription: "When the account was last modified (RFC 3339)."},
			"timeouts":     timeoutsAttribute(ctx),
		},
	}
}

func timeoutsAttribute(ctx context.Context) schema.Attribute {
	attribute, _ := timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}).(schema.SingleNestedAttribute)
	attribute.MarkdownDescription = "Time limits of whole operations, polls of ISC tasks and retries included; 10 minutes each by default."
	return attribute
}

func (r *accountResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return // the provider is not configured yet (validation)
	}
	source, ok := req.ProviderData.(ClientSource)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("Expected an isc.ClientSource, got %T. Please report this issue to the provider developers.", req.ProviderData))
		return
	}
	client, err := source.ISC()
	if err != nil {
		resp.Diagnostics.AddError("SailPoint ISC is not configured", err.Error())
		return
	}
	r.client = client
}

// ValidateConfig checks, without calling ISC, what the configuration alone decides.
func (r *accountResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config accountModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || config.NativeIdentityAttribute.IsNull() || config.NativeIdentityAttribute.IsUnknown() {
		return
	}
	values, known, err := attributeValues(config.Attributes)
	if err != nil || !known {
		return // the attribute's own validator reports a malformed value
	}
	requireIdentityAttribute(&resp.Diagnostics, values, config.NativeIdentityAttribute.ValueString())
}

func requireIdentityAttribute(diags *diag.Diagnostics, values map[string]any, identityAttribute string) {
	value, ok := values[identityAttribute].(string)
	if ok && value != "" {
		return
	}
	diags.AddAttributeError(path.Root("attributes"), "Missing native identity attribute",
		fmt.Sprintf("attributes must set %q to a non-empty string: it is the native identity attribute of the account "+
			"(attributes set: %s). Add it to attributes, or set native_identity_attribute to the attribute that identifies the account.",
			identityAttribute, sortedNames(values)))
}

// ModifyPlan works out the native identity before apply, so that a missing identity attribute
// fails the plan and a changed identity plans a replacement.
func (r *accountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan accountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.SourceID.IsUnknown() {
		return
	}
	values, known, err := attributeValues(plan.Attributes)
	if err != nil || !known {
		return
	}
	if plan.NativeIdentityAttribute.IsUnknown() {
		schema, err := r.client.SourceAccountSchema(ctx, plan.SourceID.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("source_id"), "Could not read the source's account schema",
				"The native identity attribute comes from the account schema of the source: "+err.Error()+
					". Check source_id, or set native_identity_attribute.")
			return
		}
		plan.NativeIdentityAttribute = types.StringValue(schema.IdentityAttribute)
	}
	identityAttribute := plan.NativeIdentityAttribute.ValueString()
	requireIdentityAttribute(&resp.Diagnostics, values, identityAttribute)
	if resp.Diagnostics.HasError() {
		return
	}
	nativeIdentity, _ := values[identityAttribute].(string) // checked just above
	plan.NativeIdentity = types.StringValue(nativeIdentity)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)

	if req.State.Raw.IsNull() {
		// An account the source already holds is refused by Create, not here: the plan that
		// replaces a tainted resource also plans a create while the old account still exists.
		return
	}
	var state accountModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if !state.NativeIdentity.IsNull() && !state.NativeIdentity.Equal(plan.NativeIdentity) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("attributes"))
	}
}

func (r *accountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan accountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	sourceID, nativeIdentity := plan.SourceID.ValueString(), plan.NativeIdentity.ValueString()
	values, _, _ := attributeValues(plan.Attributes)
	// ISC's create is an upsert: it would silently update an account the source already holds.
	existing, err := r.client.FindAccount(ctx, sourceID, nativeIdentity)
	if err != nil {
		resp.Diagnostics.AddError("Could not check for an existing ISC account", err.Error())
		return
	}
	if existing != nil {
		resp.Diagnostics.AddError("The ISC account already exists", alreadyExists(existing))
		return
	}

	taskID, err := r.runTask(ctx,
		func() (string, error) { return r.client.CreateAccount(ctx, sourceID, values) },
		// From here on the account may exist: record it before waiting, so that a timeout or an
		// interrupted apply leaves it in state (tainted) rather than untracked.
		func(taskID string) { r.savePending(ctx, resp, plan, taskID) })
	if err != nil {
		r.failCreate(ctx, resp, plan, taskID, err)
		return
	}

	account, err := r.findCreated(ctx, sourceID, nativeIdentity)
	if err != nil {
		resp.Diagnostics.AddError("Could not find the created ISC account", err.Error()+
			". The create task succeeded; the account stays in state and the next refresh looks for it again.")
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingCreateKey, nil)...)
	wantDisabled := plan.Disabled
	plan.fill(account)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if wantDisabled.IsUnknown() || wantDisabled.ValueBool() == account.Disabled {
		return
	}
	account, err = r.setDisabled(ctx, account.ID, wantDisabled.ValueBool())
	if err != nil {
		// The account exists and stays in state (tainted) as ISC holds it.
		resp.Diagnostics.AddError("Could not change whether the created ISC account is disabled", err.Error())
		return
	}
	plan.fill(account)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// setDisabled runs the disable or enable task and reads the account back.
func (r *accountResource) setDisabled(ctx context.Context, id string, disabled bool) (*Account, error) {
	if _, err := r.runTask(ctx, func() (string, error) { return r.client.SetDisabled(ctx, id, disabled) }, nil); err != nil {
		return nil, err
	}
	return r.client.GetAccount(ctx, id)
}

func alreadyExists(account *Account) string {
	return fmt.Sprintf("Source %s already holds an account with native identity %q (account id %s). ISC's create "+
		"would silently update it, since it is an upsert, so the provider does not take it over. To manage it "+
		"with Terraform, import it:\n\n  terraform import accounts_isc_account.<name> %s\n\nor with an import block: "+
		"import { to = accounts_isc_account.<name>\n id = %q }",
		account.SourceID, account.NativeIdentity, account.ID, account.ID, account.ID)
}

func (r *accountResource) savePending(ctx context.Context, resp *resource.CreateResponse, plan accountModel, taskID string) {
	marker, _ := json.Marshal(taskID)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingCreateKey, marker)...)
	pending := plan.pending()
	resp.Diagnostics.Append(resp.State.Set(ctx, &pending)...)
}

// failCreate reports a create that did not finish. A definite refusal (a 4xx answer, a failed
// task) leaves nothing behind; anything else may have created the account, which then stays in
// state, tainted, keyed by its source and native identity.
func (r *accountResource) failCreate(ctx context.Context, resp *resource.CreateResponse, plan accountModel, taskID string, err error) {
	var taskErr *TaskError
	status := transport.StatusOf(err)
	if errors.As(err, &taskErr) || (status >= 400 && status < 500) {
		resp.State.RemoveResource(ctx)
		resp.Diagnostics.AddError("Could not create the ISC account", err.Error())
		return
	}
	if taskID == "" {
		r.savePending(ctx, resp, plan, "")
	}
	resp.Diagnostics.AddError("ISC account creation did not finish", err.Error()+"\n\n"+
		"The account may exist on ISC. It is kept in state as tainted, identified by its source and native identity "+
		fmt.Sprintf("%q: the next refresh finds it, and the next apply replaces it. To keep it instead, run terraform untaint. ", plan.NativeIdentity.ValueString())+
		"Raise timeouts.create if the source's tasks take longer.")
}

// findCreated looks the account up after its task succeeded, allowing ISC a moment to show it.
func (r *accountResource) findCreated(ctx context.Context, sourceID, nativeIdentity string) (*Account, error) {
	wait := 200 * time.Millisecond
	for {
		account, err := r.client.FindAccount(ctx, sourceID, nativeIdentity)
		if err != nil || account != nil {
			return account, err
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("account with native identity %q on source %s not visible yet: %w", nativeIdentity, sourceID, err)
		}
		wait = min(2*wait, 5*time.Second)
	}
}

func (r *accountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state accountModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.current(ctx, state)
	switch {
	case errors.Is(err, transport.ErrNotFound):
		resp.Diagnostics.AddWarning("ISC account not found",
			fmt.Sprintf("Account %q (native identity %q) no longer exists on ISC. It is removed from state, and the next apply creates it again.",
				state.ID.ValueString(), state.NativeIdentity.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	case errors.Is(err, errStillPending):
		return // the unfinished create's account has not shown yet: keep the record as it is
	case err != nil:
		resp.Diagnostics.AddError("Could not read the ISC account", err.Error())
		return
	}
	if state.NativeIdentityAttribute.IsNull() || state.NativeIdentityAttribute.IsUnknown() {
		schema, err := r.client.SourceAccountSchema(ctx, account.SourceID)
		if err != nil {
			resp.Diagnostics.AddError("Could not read the source's account schema", err.Error())
			return
		}
		state.NativeIdentityAttribute = types.StringValue(schema.IdentityAttribute)
		state.Attributes = importedAttributes(account.Attributes)
	}
	state.SourceID = types.StringValue(account.SourceID)
	state.Attributes = refreshAttributes(state.Attributes, account.Attributes)
	state.fill(account)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingCreateKey, nil)...)
}

var errStillPending = errors.New("account of an unfinished create not found yet")

type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// current reads the account of a state. A state left by an unfinished create has no id yet: its
// account is looked up by source and native identity, and until it shows the record is kept, since
// its create may still be running.
func (r *accountResource) current(ctx context.Context, state accountModel) (*Account, error) {
	if id := state.ID.ValueString(); id != "" {
		return r.client.GetAccount(ctx, id)
	}
	account, err := r.client.FindAccount(ctx, state.SourceID.ValueString(), state.NativeIdentity.ValueString())
	if err == nil && account == nil {
		return nil, errStillPending
	}
	return account, err
}

func pendingTask(ctx context.Context, private privateState) string {
	raw, _ := private.GetKey(ctx, pendingCreateKey)
	var taskID string
	_ = json.Unmarshal(raw, &taskID)
	return taskID
}

func (r *accountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state accountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Update, defaultUpdateTimeout, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	// Until each step succeeds, the state stays what ISC held before it.
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	id := state.ID.ValueString()

	wanted, _, _ := attributeValues(plan.Attributes)
	held, _, _ := attributeValues(state.Attributes)
	if !reflect.DeepEqual(wanted, held) {
		current, err := r.client.GetAccount(ctx, id)
		if err != nil {
			resp.Diagnostics.AddError("Could not read the ISC account before updating it", err.Error())
			return
		}
		replacement := mergeAttributes(current.Attributes, held, wanted)
		if _, err := r.runTask(ctx, func() (string, error) { return r.client.UpdateAccount(ctx, id, replacement) }, nil); err != nil {
			resp.Diagnostics.AddError("Could not update the ISC account's attributes", err.Error()+sourceAdvice(err))
			return
		}
		state.Attributes = plan.Attributes
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
	var account *Account
	var err error
	if !plan.Disabled.IsUnknown() && !plan.Disabled.Equal(state.Disabled) {
		account, err = r.setDisabled(ctx, id, plan.Disabled.ValueBool())
	} else {
		account, err = r.client.GetAccount(ctx, id)
	}
	if err != nil {
		resp.Diagnostics.AddError("Could not update the ISC account", err.Error())
		return
	}
	plan.fill(account)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// runTask submits a task and waits for it, submitting again after a TEMPERROR. submitted, when
// not nil, hears of each task ISC accepted. It returns the last task's id, empty when the last
// submission failed.
func (r *accountResource) runTask(ctx context.Context, submit func() (string, error), submitted func(taskID string)) (string, error) {
	for submission := 1; ; submission++ {
		taskID, err := submit()
		if err != nil {
			return "", err
		}
		if submitted != nil {
			submitted(taskID)
		}
		_, err = r.client.WaitForTask(ctx, taskID)
		var taskErr *TaskError
		if errors.As(err, &taskErr) && taskErr.Temporary() && submission < maxSubmissions {
			tflog.Warn(ctx, "ISC task ended in TEMPERROR, submitting again", map[string]any{"task_id": taskID, "submission": submission})
			continue
		}
		return taskID, err
	}
}

// sourceAdvice explains ISC's refusal to update or delete accounts of sources other than flat files.
func sourceAdvice(err error) string {
	if transport.StatusOf(err) != http.StatusBadRequest {
		return ""
	}
	return "\n\nISC updates and deletes account records only on DelimitedFile (flat file) sources. For an account of " +
		"another source, change or remove it on the source system and let the next aggregation bring the change to ISC; " +
		"set disabled = true to deactivate it through ISC; or run terraform state rm to stop managing it without deleting it."
}

func (r *accountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state accountModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel := withTimeout(ctx, state.Timeouts.Delete, defaultDeleteTimeout, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	id, err := r.resolveForDelete(ctx, state, req.Private)
	if err != nil {
		resp.Diagnostics.AddError("Could not find the ISC account to delete", err.Error())
		return
	}
	if id == "" {
		return // the unfinished create left no account
	}
	_, err = r.runTask(ctx, func() (string, error) { return r.client.DeleteAccount(ctx, id) }, nil)
	if err != nil && !errors.Is(err, transport.ErrNotFound) {
		resp.Diagnostics.AddError("Could not delete the ISC account", err.Error()+sourceAdvice(err))
	}
}

// resolveForDelete returns the id of the account to delete; for the record of an unfinished
// create it first lets the create end, so that its account cannot appear after the delete: it
// waits for the create task, or, when the create's answer was lost with its task id, watches for
// the account for a while.
func (r *accountResource) resolveForDelete(ctx context.Context, state accountModel, private privateState) (string, error) {
	if id := state.ID.ValueString(); id != "" {
		return id, nil
	}
	sourceID, nativeIdentity := state.SourceID.ValueString(), state.NativeIdentity.ValueString()
	if taskID := pendingTask(ctx, private); taskID != "" {
		var taskErr *TaskError
		if _, err := r.client.WaitForTask(ctx, taskID); err != nil && !errors.As(err, &taskErr) {
			return "", err
		}
		account, err := r.client.FindAccount(ctx, sourceID, nativeIdentity)
		if err != nil || account == nil {
			return "", err
		}
		return account.ID, nil
	}
	watch, cancel := context.WithTimeout(ctx, lostCreateWatch)
	defer cancel()
	account, err := r.findCreated(watch, sourceID, nativeIdentity)
	switch {
	case account != nil:
		return account.ID, nil
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
		return "", nil // nothing appeared: the lost create never ran
	}
	return "", err
}

// ImportState takes an account id, or <source_id>:<native_identity>.
func (r *accountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if sourceID, nativeIdentity, found := strings.Cut(req.ID, ":"); found {
		if sourceID == "" || nativeIdentity == "" {
			resp.Diagnostics.AddError("Invalid import id", fmt.Sprintf("Expected an account id or <source_id>:<native_identity>, got %q.", req.ID))
			return
		}
		account, err := r.client.FindAccount(ctx, sourceID, nativeIdentity)
		if err != nil {
			resp.Diagnostics.AddError("Could not look the ISC account up", err.Error())
			return
		}
		if account == nil {
			resp.Diagnostics.AddError("ISC account not found", fmt.Sprintf("Source %s holds no account with native identity %q.", sourceID, nativeIdentity))
			return
		}
		id = account.ID
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

type accountModel struct {
	ID                      types.String   `tfsdk:"id"`
	SourceID                types.String   `tfsdk:"source_id"`
	Attributes              types.Dynamic  `tfsdk:"attributes"`
	NativeIdentityAttribute types.String   `tfsdk:"native_identity_attribute"`
	NativeIdentity          types.String   `tfsdk:"native_identity"`
	Disabled                types.Bool     `tfsdk:"disabled"`
	Name                    types.String   `tfsdk:"name"`
	SourceName              types.String   `tfsdk:"source_name"`
	IdentityID              types.String   `tfsdk:"identity_id"`
	Locked                  types.Bool     `tfsdk:"locked"`
	Uncorrelated            types.Bool     `tfsdk:"uncorrelated"`
	Created                 types.String   `tfsdk:"created"`
	Modified                types.String   `tfsdk:"modified"`
	Timeouts                timeouts.Value `tfsdk:"timeouts"`
}

// fill sets what ISC computes.
func (m *accountModel) fill(a *Account) {
	m.ID = types.StringValue(a.ID)
	m.NativeIdentity = types.StringValue(a.NativeIdentity)
	m.Disabled = types.BoolValue(a.Disabled)
	m.Name = types.StringValue(a.Name)
	m.SourceName = types.StringValue(a.SourceName)
	m.IdentityID = optionalString(a.IdentityID)
	m.Locked = types.BoolValue(a.Locked)
	m.Uncorrelated = types.BoolValue(a.Uncorrelated)
	m.Created = types.StringValue(a.Created)
	m.Modified = types.StringValue(a.Modified)
}

// pending is the record of a create whose account is not known yet: no id, and nothing that
// only ISC can tell.
func (m accountModel) pending() accountModel {
	p := m
	p.ID = types.StringValue("")
	p.Disabled = types.BoolNull()
	p.Name, p.SourceName, p.IdentityID = types.StringNull(), types.StringNull(), types.StringNull()
	p.Locked, p.Uncorrelated = types.BoolNull(), types.BoolNull()
	p.Created, p.Modified = types.StringNull(), types.StringNull()
	return p
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
