package b3os

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

var (
	_ resource.Resource                = (*apiKeyResource)(nil)
	_ resource.ResourceWithConfigure   = (*apiKeyResource)(nil)
	_ resource.ResourceWithImportState = (*apiKeyResource)(nil)
	_ resource.ResourceWithIdentity    = (*apiKeyResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*apiKeyResource)(nil)
)

const (
	keyTypeName = "accounts_b3os_api_key"
	keyNoun     = "B3OS API key"
)

// NewAPIKeyResource is the constructor the provider registers.
func NewAPIKeyResource() resource.Resource {
	return &apiKeyResource{Resource: kit.NewResource("_b3os_api_key", apiTitle, clientOf,
		kit.IDIdentitySchema("The API key id B3OS assigned (ak_...)."))}
}

type apiKeyResource struct {
	kit.Resource[*Client]
}

func (r *apiKeyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keepState := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An API key of a B3OS service account: the credential that lets a program act as the account. " +
			"B3OS shows the key's secret only when it mints it, so the secret lives in Terraform's state (sensitive); " +
			"B3OS cannot change a key, so every change mints a new one. For a key used only during a run, use the " +
			"ephemeral resource of the same name instead, which never reaches state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, PlanModifiers: keepState,
				MarkdownDescription: "The key's id (`ak_...`).",
			},
			"service_account_id": schema.StringAttribute{
				Required: true, PlanModifiers: replace,
				MarkdownDescription: "Id of the service account the key authenticates as (`sa_...`). Changing it mints a new key.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				Required: true, PlanModifiers: replace,
				MarkdownDescription: "Name of the key. Names need not be unique. Changing it mints a new key.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description": schema.StringAttribute{
				Optional: true, PlanModifiers: replace,
				MarkdownDescription: "What the key is for. Changing it mints a new key.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"scope": scopeAttribute(replace),
			"keepers": schema.MapAttribute{
				Optional: true, ElementType: types.StringType,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplaceIf(keepersChanged,
					"Changing keepers mints a new key.", "Changing `keepers` mints a new key.")},
				MarkdownDescription: "Arbitrary values whose change rotates the key: a new key is minted and the old one revoked " +
					"(with `create_before_destroy`, in that order). Setting keepers on a key that had none, such as an " +
					"imported one, keeps the key.",
			},
			"rotate_after": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Rotates the key once it is this old, as a duration such as `\"720h\"` (30 days): the " +
					"first plan after that replaces the key. Checked at plan time only, so the key rotates at the first " +
					"apply after it is due. Changing it replaces nothing by itself.",
				Validators: []validator.String{kit.PositiveDuration("Invalid rotate_after")},
			},
			"key": schema.StringAttribute{
				Computed: true, Sensitive: true, PlanModifiers: keepState,
				MarkdownDescription: "The key's secret (`b3sk_...`), sent as `Authorization: Bearer <key>`. Null for an imported " +
					"key: B3OS shows the secret only once, when it mints the key.",
			},
			"status": schema.StringAttribute{
				Computed: true, PlanModifiers: keepState,
				MarkdownDescription: "The key's status, `active` while Terraform manages it: a key revoked outside Terraform " +
					"leaves state, and the next apply mints a new one.",
			},
			"created_at": schema.StringAttribute{
				Computed: true, PlanModifiers: keepState,
				MarkdownDescription: "When the key was minted (RFC 3339).",
			},
			"timeouts": kit.TimeoutsAttribute(ctx, "Time limits of whole operations, retries included; 10 minutes each by default."),
		},
	}
}

// scopeAttribute is the scope of a managed or an ephemeral key.
func scopeAttribute(modifiers []planmodifier.String) schema.StringAttribute {
	return schema.StringAttribute{
		Required: true, PlanModifiers: modifiers,
		MarkdownDescription: scopeDescription,
		Validators:          []validator.String{stringvalidator.OneOf(Scopes...)},
	}
}

const scopeDescription = "What the key may do of what its service account's permissions allow: `" + ScopeRead +
	"` (reads only) or `" + ScopeReadWrite + "` (everything the permissions allow). B3OS refuses a request beyond it with 403."

// keepersChanged replaces the key when keepers it had change, not when keepers are first set.
func keepersChanged(_ context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull()
}

// ModifyPlan replaces a key that rotate_after says is due: as old as that, by its created_at.
func (r *apiKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state apiKeyModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.Plan.Get, &plan)...)
	resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...)
	if resp.Diagnostics.HasError() || !rotationDue(plan.RotateAfter, state.CreatedAt, time.Now()) {
		return
	}
	// Terraform replaces for a path only when its value changes: created_at does, to unknown.
	resp.RequiresReplace = append(resp.RequiresReplace, path.Root("created_at"))
	for _, computed := range []string{"id", "key", "status", "created_at"} {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(computed), types.StringUnknown())...)
	}
}

// rotationDue reports whether a key minted at createdAt is, at now, as old as rotateAfter.
// Without either, nothing is due.
func rotationDue(rotateAfter, createdAt types.String, now time.Time) bool {
	age, err := time.ParseDuration(rotateAfter.ValueString())
	if err != nil {
		return false
	}
	minted, err := time.Parse(time.RFC3339Nano, createdAt.ValueString())
	return err == nil && !now.Before(minted.Add(age))
}

func (r *apiKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromState(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan apiKeyModel
	if resp.Diagnostics.Append(kit.GetModel(ctx, req.Plan.Get, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := kit.WithTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	defer cancel()

	minting, err := newMinting(ctx, r.Client, plan.input())
	if err != nil {
		kit.APIError(&resp.Diagnostics, "Could not list the service account's API keys", err,
			"Nothing was minted: the provider lists the keys before a mint, to tell a key a lost answer made from the others.")
		return
	}
	resp.Diagnostics.Append(minting.save(ctx, resp.Private)...)
	minted := kit.Create(ctx, resp, kit.Creation[MintedAPIKey, apiKeyModel]{
		Noun:    keyNoun,
		Pending: plan.pending(),
		Submit: func(ctx context.Context) (string, *MintedAPIKey, error) {
			minted, err := minting.mint(ctx)
			return "", minted, err
		},
		Find: minting.find,
	})
	if minted == nil {
		return
	}
	minting.warnRevoked(&resp.Diagnostics)
	resp.Diagnostics.Append(forgetActiveBefore(ctx, resp.Private)...)
	listed, _ := r.Client.GetAPIKey(ctx, minted.ID) // its status and time only; the next refresh reads them too
	plan.minted(minted, listed)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, plan)...)
}

func (r *apiKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromState(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state apiKeyModel
	if resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...); resp.Diagnostics.HasError() {
		return
	}
	found := kit.Read(ctx, req, resp, kit.Reading[APIKey]{
		Noun:     keyNoun,
		ID:       state.ID.ValueString(),
		Describe: fmt.Sprintf("%q (id %s) is revoked or", state.Name.ValueString(), state.ID.ValueString()),
		Get:      r.activeKey,
		Find: func(ctx context.Context, record kit.Unfinished) (*APIKey, error) {
			_, err := resumeMinting(ctx, r.Client, state.input(), req.Private).find(ctx, record)
			return nil, err // a key whose secret was lost is never adopted
		},
	})
	if found == nil {
		return
	}
	state.fill(found)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, state)...)
}

// activeKey reads a key; a revoked one counts as gone, since it authenticates no more.
func (r *apiKeyResource) activeKey(ctx context.Context, id string) (*APIKey, error) {
	key, err := r.Client.GetAPIKey(ctx, id)
	if err == nil && !key.Active() {
		return nil, fmt.Errorf("%w: the key %s was revoked", transport.ErrNotFound, id)
	}
	return key, err
}

// Update changes only what B3OS does not hold: keepers set for the first time, rotate_after and
// timeouts.
// Every other change replaces the key.
func (r *apiKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer kit.IdentityFromState(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan apiKeyModel
	if resp.Diagnostics.Append(kit.GetModel(ctx, req.Plan.Get, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, plan)...)
}

// Delete revokes the key, or what an unfinished create made.
func (r *apiKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	var state apiKeyModel
	if resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := kit.WithTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	defer cancel()
	minting := resumeMinting(ctx, r.Client, state.input(), req.Private)
	kit.Delete(ctx, req, resp, kit.Deletion[MintedAPIKey]{
		Noun:   keyNoun,
		ID:     state.ID.ValueString(),
		Settle: kit.Settle(minting.find),
		IDOf:   func(key *MintedAPIKey) string { return key.ID },
		Delete: r.Client.RevokeAPIKey,
	})
}

// ImportState takes a key id (ak_...), or an identity. The secret cannot be imported.
func (r *apiKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
	resp.Diagnostics.AddWarning("The API key's secret is not imported",
		"B3OS shows a key's secret only once, when it mints the key: the imported key is managed (refreshed, and revoked "+
			"on destroy or replacement) but its key attribute is null. To have Terraform hold a secret, rotate the key: "+
			"change its keepers, or run terraform apply -replace on it.")
}
