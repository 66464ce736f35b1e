// Command floorpeer is the framework floor `make bench` compares the provider with: the least
// a terraform-plugin-framework provider can do for B3OS service accounts. Its one resource has
// the attributes of accounts_b3os_service_account, of the same types, since the framework's
// work per call grows with the schema; it sends one request per operation to the fake's B3OS
// routes, and nothing else: no shared kit, no validation, no plan modification, no defaults, no
// retries, no identity. The bench runs it with the plugin SDK's logs off, as the provider runs
// when Terraform does not log. Terraform starts it as registry.terraform.io/tf-accounts/floor;
// it is not part of the provider.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return &floorProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/tf-accounts/floor"})
	if err != nil {
		log.Fatal(err)
	}
}

// b3os is where the fake's B3OS is and the key it accepts, from the environment the bench sets.
type b3os struct {
	endpoint, apiKey, organizationID string
	http                             *http.Client
}

type floorProvider struct{}

func (p *floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "floor"
}

func (p *floorProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *floorProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	resp.ResourceData = &b3os{endpoint: os.Getenv("B3OS_ENDPOINT"), apiKey: os.Getenv("B3OS_API_KEY"),
		organizationID: os.Getenv("B3OS_ORGANIZATION_ID"), http: &http.Client{}}
}

func (p *floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &serviceAccount{} }}
}

func (p *floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type serviceAccount struct{ api *b3os }

type serviceAccountModel struct {
	ID             types.String `tfsdk:"id"`
	Name           types.String `tfsdk:"name"`
	Description    types.String `tfsdk:"description"`
	Permissions    types.Set    `tfsdk:"permissions"`
	Disabled       types.Bool   `tfsdk:"disabled"`
	OrganizationID types.String `tfsdk:"organization_id"`
	Status         types.String `tfsdk:"status"`
	CreatedAt      types.String `tfsdk:"created_at"`
	CreatedBy      types.String `tfsdk:"created_by"`
	UpdatedAt      types.String `tfsdk:"updated_at"`
	DisabledAt     types.String `tfsdk:"disabled_at"`
	Timeouts       types.Object `tfsdk:"timeouts"`
}

// serviceAccountData is B3OS's service account inside its {"data": …} envelope.
type serviceAccountData struct {
	Data struct {
		ID             string   `json:"id"`
		Name           string   `json:"name"`
		Description    string   `json:"description"`
		OrganizationID string   `json:"organizationId"`
		Permissions    []string `json:"permissions"`
		Status         string   `json:"status"`
		DisabledAt     *string  `json:"disabledAt"`
		CreatedAt      string   `json:"createdAt"`
		CreatedBy      string   `json:"createdBy"`
		UpdatedAt      string   `json:"updatedAt"`
	} `json:"data"`
}

var pathID = path.Root("id")

func (r *serviceAccount) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_service_account"
}

func (r *serviceAccount) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := schema.StringAttribute{Computed: true}
	optional := schema.StringAttribute{Optional: true}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":              computed,
		"name":            schema.StringAttribute{Required: true},
		"description":     optional,
		"permissions":     schema.SetAttribute{ElementType: types.StringType, Required: true},
		"disabled":        schema.BoolAttribute{Optional: true, Computed: true},
		"organization_id": computed,
		"status":          computed,
		"created_at":      computed,
		"created_by":      computed,
		"updated_at":      computed,
		"disabled_at":     computed,
		"timeouts": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
			"create": optional, "read": optional, "update": optional, "delete": optional,
		}},
	}}
}

func (r *serviceAccount) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if api, ok := req.ProviderData.(*b3os); ok {
		r.api = api
	}
}

func (r *serviceAccount) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m serviceAccountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	var permissions []string
	resp.Diagnostics.Append(m.Permissions.ElementsAs(ctx, &permissions, false)...)
	body, _ := json.Marshal(map[string]any{"name": m.Name.ValueString(), "description": m.Description.ValueString(), "permissions": permissions})
	var created serviceAccountData
	if err := r.api.send(ctx, http.MethodPost, "/v1/service-accounts", body, &created); err != nil {
		resp.Diagnostics.AddError("create failed", err.Error())
		return
	}
	m.fill(&created)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *serviceAccount) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m serviceAccountModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	var read serviceAccountData
	if err := r.api.send(ctx, http.MethodGet, "/v1/service-accounts/"+m.ID.ValueString(), nil, &read); err != nil {
		resp.Diagnostics.AddError("read failed", err.Error())
		return
	}
	m.fill(&read)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *serviceAccount) Update(_ context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("update not supported", "the bench only creates, refreshes and destroys")
}

func (r *serviceAccount) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathID, &id)...)
	if err := r.api.send(ctx, http.MethodDelete, "/v1/service-accounts/"+id.ValueString(), nil, nil); err != nil {
		resp.Diagnostics.AddError("delete failed", err.Error())
	}
}

// fill sets every attribute B3OS holds from its answer.
func (m *serviceAccountModel) fill(answer *serviceAccountData) {
	sa := answer.Data
	permissions := make([]attr.Value, len(sa.Permissions))
	for i, p := range sa.Permissions {
		permissions[i] = types.StringValue(p)
	}
	m.ID, m.Name, m.OrganizationID = types.StringValue(sa.ID), types.StringValue(sa.Name), types.StringValue(sa.OrganizationID)
	m.Description = types.StringNull()
	if sa.Description != "" {
		m.Description = types.StringValue(sa.Description)
	}
	m.Permissions = types.SetValueMust(types.StringType, permissions)
	m.Disabled, m.Status = types.BoolValue(sa.Status == "disabled"), types.StringValue(sa.Status)
	m.CreatedAt, m.CreatedBy, m.UpdatedAt = types.StringValue(sa.CreatedAt), types.StringValue(sa.CreatedBy), types.StringValue(sa.UpdatedAt)
	m.DisabledAt = types.StringPointerValue(sa.DisabledAt)
}

// send makes one request and decodes a success into out, if given.
func (a *b3os) send(ctx context.Context, method, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, a.endpoint+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+a.apiKey)
	req.Header.Set("X-Org-Id", a.organizationID)
	req.Header.Set("Content-Type", "application/json")
	res, err := a.http.Do(req) //nolint:gosec // the bench's own fake server, on loopback
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s", method, path, res.Status)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(res.Body).Decode(out)
}
