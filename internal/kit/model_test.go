package kit

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

type testModel struct {
	Name     types.String   `tfsdk:"name"`
	Tags     types.Set      `tfsdk:"tags"`
	Enabled  types.Bool     `tfsdk:"enabled"`
	Note     types.String   `tfsdk:"note"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// testPlan has every kind of attribute the resources use, null and unknown values included.
func testPlan(ctx context.Context) tfsdk.Plan {
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"name":     schema.StringAttribute{Required: true},
		"tags":     schema.SetAttribute{Optional: true, ElementType: types.StringType},
		"enabled":  schema.BoolAttribute{Computed: true},
		"note":     schema.StringAttribute{Optional: true},
		"timeouts": TimeoutsAttribute(ctx, "limits"),
	}}
	objectType, _ := s.Type().TerraformType(ctx).(tftypes.Object)
	return tfsdk.Plan{Schema: s, Raw: tftypes.NewValue(objectType, map[string]tftypes.Value{
		"name":     tftypes.NewValue(tftypes.String, "jdoe"),
		"tags":     tftypes.NewValue(objectType.AttributeTypes["tags"], []tftypes.Value{tftypes.NewValue(tftypes.String, "a")}),
		"enabled":  tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue),
		"note":     tftypes.NewValue(tftypes.String, nil),
		"timeouts": tftypes.NewValue(objectType.AttributeTypes["timeouts"], nil),
	})}
}

// TestModelConversionMatchesTheFrameworks reads and writes a plan and a state as the framework's
// own Get and Set do.
func TestModelConversionMatchesTheFrameworks(t *testing.T) {
	ctx := context.Background()
	plan := testPlan(ctx)
	s := plan.Schema
	var want, got testModel
	if diags := plan.Get(ctx, &want); diags.HasError() {
		t.Fatal(diags)
	}
	if diags := GetModel(ctx, plan.Get, &got); diags.HasError() {
		t.Fatal(diags)
	}
	if !got.Name.Equal(want.Name) || !got.Tags.Equal(want.Tags) || !got.Enabled.Equal(want.Enabled) ||
		!got.Note.Equal(want.Note) || !got.Timeouts.Equal(want.Timeouts) {
		t.Fatalf("GetModel read %+v, the framework %+v", got, want)
	}

	got.Enabled, got.Note = types.BoolValue(true), types.StringValue("set")
	framework, ours := tfsdk.State{Schema: s}, tfsdk.State{Schema: s}
	if diags := framework.Set(ctx, got); diags.HasError() {
		t.Fatal(diags)
	}
	if diags := SetModel(ctx, &ours, got); diags.HasError() {
		t.Fatal(diags)
	}
	if !ours.Raw.Equal(framework.Raw) {
		t.Fatalf("SetModel wrote %s, the framework %s", ours.Raw, framework.Raw)
	}
}

// TestModelConversionRefusesAModelThatDoesNotFit reports, as the framework does, a model that
// misses an attribute or has a field without a tag, instead of leaving attributes unset.
func TestModelConversionRefusesAModelThatDoesNotFit(t *testing.T) {
	ctx := context.Background()
	plan := testPlan(ctx)
	var missing struct {
		Name types.String `tfsdk:"name"`
	}
	var untagged struct {
		Name types.String
	}
	for name, model := range map[string]any{"missing": &missing, "untagged": &untagged} {
		if diags := GetModel(ctx, plan.Get, model); !diags.HasError() || !strings.Contains(diags[0].Detail(), "provider developer") {
			t.Errorf("%s: GetModel gave %v, want an error", name, diags)
		}
		state := tfsdk.State{Schema: plan.Schema}
		if diags := SetModel(ctx, &state, model); !diags.HasError() {
			t.Errorf("%s: SetModel gave no error", name)
		}
	}
}
