package b3os

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

var (
	_ resource.Resource                = (*serviceAccountResource)(nil)
	_ resource.ResourceWithConfigure   = (*serviceAccountResource)(nil)
	_ resource.ResourceWithImportState = (*serviceAccountResource)(nil)
	_ resource.ResourceWithIdentity    = (*serviceAccountResource)(nil)
)

const (
	typeName = "accounts_b3os_service_account"
	noun     = "B3OS service account"
	// importByName prefixes an import id that names the service account instead of its id.
	importByName = "name:"
)

// NewServiceAccountResource is the constructor the provider registers.
func NewServiceAccountResource() resource.Resource {
	return &serviceAccountResource{Resource: kit.NewResource("_b3os_service_account", apiTitle, clientOf,
		kit.IDIdentitySchema("The service account id B3OS assigned (sa_...)."))}
}

type serviceAccountResource struct {
	kit.Resource[*Client]
}

func (r *serviceAccountResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keepState := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A service account of a B3OS organization: a non-human identity with permissions, for which " +
			"API keys are minted. Names are unique in an organization.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, PlanModifiers: keepState,
				MarkdownDescription: "The service account's id (`sa_...`).",
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the service account, unique in the organization. Changing it renames the account in place.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "What the service account is for.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"permissions": schema.SetAttribute{
				Required:            true,
				ElementType:         types.StringType,
				MarkdownDescription: permissionsDescription(),
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(permissionFormValidator, knownPermissionValidator{}),
				},
			},
			"disabled": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether the service account is disabled. Defaults to `false`.",
			},
			"organization_id": schema.StringAttribute{
				Computed: true, PlanModifiers: keepState,
				MarkdownDescription: "Id of the organization that holds the service account (`org_...`).",
			},
			"status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`" + StatusActive + "` or `" + StatusDisabled + "`.",
			},
			"created_at": schema.StringAttribute{
				Computed: true, PlanModifiers: keepState,
				MarkdownDescription: "When the service account was created (RFC 3339).",
			},
			"created_by": schema.StringAttribute{
				Computed: true, PlanModifiers: keepState,
				MarkdownDescription: "Id of the user who created the service account.",
			},
			"updated_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the service account was last changed (RFC 3339).",
			},
			"disabled_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the service account was disabled (RFC 3339); null while it is active.",
			},
			"timeouts": kit.TimeoutsAttribute(ctx, "Time limits of whole operations, retries included; 10 minutes each by default."),
		},
	}
}

func (r *serviceAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromState(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	plan, in, ok := load(ctx, req.Plan.Get, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, cancel := kit.WithTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	defer cancel()

	created := kit.Create(ctx, resp, kit.Creation[ServiceAccount, serviceAccountModel]{
		Noun:    noun,
		Pending: plan.pending(),
		Submit: func(ctx context.Context) (string, *ServiceAccount, error) {
			created, err := r.Client.CreateServiceAccount(ctx, in)
			return "", created, err
		},
		Find: r.findCreated(in),
		Refused: func(ctx context.Context, err error, diags *diag.Diagnostics) bool {
			var held *nameHeld
			switch {
			case errors.As(err, &held):
				nameTaken(diags, in.Name, held.by)
			case transport.StatusOf(err) == http.StatusConflict:
				holder, _ := r.Client.FindServiceAccountByName(ctx, in.Name) // without it, the hint imports by name
				nameTaken(diags, in.Name, holder)
			default:
				return false
			}
			return true
		},
	})
	if created == nil {
		return
	}
	save(ctx, &resp.State, plan, created, &resp.Diagnostics)
	if plan.Disabled.ValueBool() {
		r.applyDisabled(ctx, created.ID, plan, &resp.State, &resp.Diagnostics)
	}
}

// findCreated looks once for what an unfinished create of in made: the service account of that name,
// if it matches what was sent and was created after the attempt began. Names are unique, so
// another account holding the name means the attempt made nothing.
func (r *serviceAccountResource) findCreated(in ServiceAccountInput) func(context.Context, kit.Unfinished) (*ServiceAccount, error) {
	return func(ctx context.Context, record kit.Unfinished) (*ServiceAccount, error) {
		found, err := r.Client.FindServiceAccountByName(ctx, in.Name)
		if err != nil || found == nil {
			return nil, err
		}
		if !in.madeBy(found, record) {
			return nil, fmt.Errorf("%w: %w", kit.ErrNotMade, &nameHeld{by: found})
		}
		return found, nil
	}
}

// nameHeld is another service account holding the name a create asked for.
type nameHeld struct{ by *ServiceAccount }

func (e *nameHeld) Error() string {
	return fmt.Sprintf("service account %s already holds the name %q", e.by.ID, e.by.Name)
}

// nameTaken reports the name B3OS refused as in use, with how to import the account holding it:
// by its id when the lookup found it, else by name.
func nameTaken(diags *diag.Diagnostics, name string, holder *ServiceAccount) {
	importID, detail := importByName+name, fmt.Sprintf("The organization already has a service account named %q.", name)
	if holder != nil {
		importID = holder.ID
		detail = fmt.Sprintf("The organization already has a service account named %q, with id %s.", name, holder.ID)
	}
	kit.AlreadyExists(diags, typeName, noun, importID, detail+" Names are unique in a B3OS organization: "+
		"choose another name, or manage the existing service account with Terraform.")
}

// load reads the resource's data with get (a plan's or a state's Get), and the input to B3OS it
// describes; ok is false when diagnostics hold an error.
func load(ctx context.Context, get func(context.Context, any) diag.Diagnostics, diags *diag.Diagnostics) (m serviceAccountModel, in ServiceAccountInput, ok bool) {
	diags.Append(kit.GetModel(ctx, get, &m)...)
	in, problems := m.input(ctx)
	diags.Append(problems...)
	return m, in, !diags.HasError()
}

// applyDisabled disables or enables the service account as planned and saves what B3OS
// answers. On failure the state keeps what it had, so the next plan shows the change again.
func (r *serviceAccountResource) applyDisabled(ctx context.Context, id string, plan serviceAccountModel, state *tfsdk.State, diags *diag.Diagnostics) {
	disabled := plan.Disabled.ValueBool()
	sa, err := r.Client.SetServiceAccountDisabled(ctx, id, disabled)
	if err != nil {
		action := map[bool]string{true: "disable", false: "enable"}[disabled]
		kit.APIError(diags, "Could not "+action+" the "+noun, err, "The service account and its other settings are saved; the next apply tries again.")
		return
	}
	save(ctx, state, plan, sa, diags)
}

// save records sa in state, with what only the configuration holds (timeouts) from model.
func save(ctx context.Context, state *tfsdk.State, model serviceAccountModel, sa *ServiceAccount, diags *diag.Diagnostics) {
	diags.Append(model.fill(ctx, sa)...)
	diags.Append(kit.SetModel(ctx, state, model)...)
}

func (r *serviceAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromState(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	state, in, ok := load(ctx, req.State.Get, &resp.Diagnostics)
	if !ok {
		return
	}
	found := kit.Read(ctx, req, resp, kit.Reading[ServiceAccount]{
		Noun:     noun,
		ID:       state.ID.ValueString(),
		Describe: fmt.Sprintf("%q (id %s)", state.Name.ValueString(), state.ID.ValueString()),
		Get:      r.Client.GetServiceAccount,
		Find:     r.findCreated(in),
	})
	if found == nil {
		return
	}
	resp.Diagnostics.Append(state.fill(ctx, found)...)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, state)...)
}

// Update sends one PATCH with the full desired name, description and permissions when any of
// them changed, then disables or enables the service account when disabled changed.
func (r *serviceAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromState(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	plan, want, planned := load(ctx, req.Plan.Get, &resp.Diagnostics)
	state, have, stated := load(ctx, req.State.Get, &resp.Diagnostics)
	if !planned || !stated {
		return
	}
	ctx, cancel := kit.WithTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	defer cancel()

	resp.State.Raw = req.State.Raw // until a change succeeds, B3OS holds what the prior state says
	id := state.ID.ValueString()
	if !want.equal(have) {
		updated, err := r.Client.UpdateServiceAccount(ctx, id, want)
		if err != nil {
			kit.APIError(&resp.Diagnostics, "Could not update the "+noun, err, "")
			return
		}
		save(ctx, &resp.State, plan, updated, &resp.Diagnostics)
	}
	if !plan.Disabled.Equal(state.Disabled) {
		r.applyDisabled(ctx, id, plan, &resp.State, &resp.Diagnostics)
	}
}

func (r *serviceAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	state, in, ok := load(ctx, req.State.Get, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, cancel := kit.WithTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	defer cancel()
	kit.Delete(ctx, req, resp, kit.Deletion[ServiceAccount]{
		Noun:   noun,
		ID:     state.ID.ValueString(),
		Settle: kit.Settle(r.findCreated(in)),
		IDOf:   func(sa *ServiceAccount) string { return sa.ID },
		Delete: r.Client.DeleteServiceAccount,
	})
}

// ImportState takes a service account id or name:<name>, or an identity.
func (r *serviceAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel := kit.WithReadTimeout(ctx)
	defer cancel()
	if req.ID == "" {
		resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
		return
	}
	id := req.ID
	if name, byName := strings.CutPrefix(req.ID, importByName); byName {
		if name == "" {
			kit.InvalidImportID(&resp.Diagnostics, req.ID, "a service account id (sa_...)", `"name:<name>"`)
			return
		}
		found, err := r.Client.FindServiceAccountByName(ctx, name)
		switch {
		case err != nil:
			kit.APIError(&resp.Diagnostics, "Could not look up the "+noun+" to import", err, "")
			return
		case found == nil:
			resp.Diagnostics.AddError("No "+noun+" to import", fmt.Sprintf("The organization has no service account named %q.", name))
			return
		}
		id = found.ID
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}
