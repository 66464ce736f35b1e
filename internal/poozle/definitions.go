package poozle

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

const definitionsPath = "/v1/integration_definition"

// IntegrationDefinition is the part of Poozle's IntegrationDefinition the provider uses.
type IntegrationDefinition struct {
	ID              string `json:"integrationDefinitionId"`
	Name            string `json:"name"`
	Key             string `json:"key"`
	IntegrationType string `json:"integrationType"`
}

// Spec is an integration's specification: the config inputs of each auth type, and the inputs
// every auth type needs besides.
type Spec struct {
	AuthSpecification map[string]Inputs `json:"auth_specification"`
	OtherInputs       *Inputs           `json:"other_inputs"`
}

// Inputs describe config fields as a JSON schema object.
type Inputs struct {
	InputSpecification struct {
		Properties map[string]any `json:"properties"`
	} `json:"input_specification"`
}

// AuthTypes lists the specification's auth types, sorted.
func (s *Spec) AuthTypes() []string {
	return slices.Sorted(maps.Keys(s.AuthSpecification))
}

// ConfigKeys lists, sorted, the config fields an account of authType holds; false when the
// integration has no such auth type.
func (s *Spec) ConfigKeys(authType string) ([]string, bool) {
	inputs, found := s.AuthSpecification[authType]
	if !found {
		return nil, false
	}
	keys := slices.Collect(maps.Keys(inputs.InputSpecification.Properties))
	if s.OtherInputs != nil {
		keys = append(keys, slices.Collect(maps.Keys(s.OtherInputs.InputSpecification.Properties))...)
	}
	slices.Sort(keys)
	return slices.Compact(keys), true
}

// IntegrationDefinitions lists the integrations a workspace can use.
func (c *Client) IntegrationDefinitions(ctx context.Context, workspaceID string) ([]IntegrationDefinition, error) {
	var definitions []IntegrationDefinition
	query := url.Values{"workspaceId": {workspaceID}}
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: definitionsPath, Query: query}, &definitions); err != nil {
		return nil, err
	}
	return definitions, nil
}

// IntegrationDefinition reads one definition; like accounts, an unknown id answers 200 with an
// empty body, which is transport.ErrNotFound.
func (c *Client) IntegrationDefinition(ctx context.Context, id string) (*IntegrationDefinition, error) {
	return getOrNotFound[IntegrationDefinition](ctx, c, definitionsPath, id, "integration definition")
}

// Spec returns an integration's specification, fetched once per client. Failures are not
// cached, so a transient one does not stick.
func (c *Client) Spec(ctx context.Context, definitionID string) (*Spec, error) {
	c.specsMu.Lock()
	cached := c.specs[definitionID]
	c.specsMu.Unlock()
	if cached != nil {
		return cached, nil
	}
	var spec Spec
	request := transport.Request{Method: http.MethodGet, Path: definitionsPath, Segments: []string{definitionID, "spec"}}
	if _, err := c.http.Do(ctx, request, &spec); err != nil {
		return nil, err
	}
	c.specsMu.Lock()
	defer c.specsMu.Unlock()
	c.specs[definitionID] = &spec
	return &spec, nil
}
