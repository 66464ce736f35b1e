package fakeserver

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

var iscAccountFilterFields = filterFields[*ISCAccount]{
	"id":             func(a *ISCAccount) string { return a.ID },
	"sourceId":       func(a *ISCAccount) string { return a.SourceID },
	"nativeIdentity": func(a *ISCAccount) string { return a.NativeIdentity },
	"name":           func(a *ISCAccount) string { return a.Name },
	"identityId":     func(a *ISCAccount) string { return a.IdentityID },
}

func (s *Server) iscListAccounts(req *request) (result, error) {
	query := req.URL.Query()
	f, err := parseFilter(query.Get("filters"), iscAccountFilterFields)
	if err != nil {
		return result{}, iscBadRequest("Invalid filters parameter: %v.", err)
	}
	slim := false
	switch level := query.Get("detailLevel"); level {
	case "", "FULL":
	case "SLIM":
		slim = true
	default:
		return result{}, iscBadRequest("Illegal value %q for field \"detailLevel\": expected SLIM or FULL.", level)
	}
	matched := slices.DeleteFunc(slices.Clone(s.isc.accounts), func(a *ISCAccount) bool { return !f.matches(a) })
	return iscListPage(query, matched, func(a *ISCAccount) ISCAccount {
		view := s.isc.accountView(a)
		if slim {
			view.Attributes = nil // SLIM leaves attributes out
		}
		return view
	})
}

// iscListPage answers a list endpoint: limit, offset and count=true (X-Total-Count), with view
// applied to the returned page only.
func iscListPage[T, V any](query url.Values, items []T, view func(T) V) (result, error) {
	p, err := parsePage(query, pageLimits{defaultLimit: iscMaxPageSize, minLimit: 0, maxLimit: iscMaxPageSize})
	if err != nil {
		return result{}, iscBadRequest("Invalid paging parameter: %v.", err)
	}
	count := false
	if value := query.Get("count"); value != "" {
		if count, err = strconv.ParseBool(value); err != nil {
			return result{}, iscBadRequest("Illegal value %q for field \"count\".", value)
		}
	}
	views := make([]V, 0, p.limit)
	for _, item := range pageOf(items, p) {
		views = append(views, view(item))
	}
	res := result{status: http.StatusOK, body: views}
	if count {
		res.header = map[string]string{"X-Total-Count": strconv.Itoa(len(items))}
	}
	return res, nil
}

func (s *Server) iscGetAccount(req *request) (result, error) {
	account, err := s.isc.requireAccount(req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	return ok(s.isc.accountView(account))
}

// accountView is an account as reads answer it. The values of attributes the source schema marks
// isMultiValued come back reverse-sorted rather than as sent, and a single value as a plain
// string. Both are inferred: real sources return multi-valued attributes in any order, and
// aggregated single values are seen as strings; clients must compare such values as sets.
func (st *iscStore) accountView(account *ISCAccount) ISCAccount {
	view := *account
	view.Attributes = maps.Clone(account.Attributes)
	for _, attribute := range st.source(account.SourceID).schema.Attributes {
		if value, present := view.Attributes[attribute.Name]; present && attribute.IsMultiValued {
			view.Attributes[attribute.Name] = reorderedValues(value)
		}
	}
	return view
}

func reorderedValues(value any) any {
	var values []string
	switch v := value.(type) {
	case []string: // set through the back door
		values = slices.Clone(v)
	case []any: // decoded from a request
		for _, item := range v {
			text, _ := item.(string) // requests are checked to hold strings only
			values = append(values, text)
		}
	default:
		return value
	}
	if len(values) == 1 {
		return values[0]
	}
	slices.Sort(values)
	slices.Reverse(values)
	return values
}

// decodeISCAttributes reads the {"attributes": {...}} body of create and PUT. sourceId is
// removed: it addresses the account and is not stored among its attributes.
func decodeISCAttributes(req *request) (attributes map[string]any, sourceID string, err error) {
	var body struct {
		Attributes map[string]any `json:"attributes"`
	}
	if err := decodeBody(req, &body); err != nil {
		return nil, "", iscBadRequest("The request body could not be parsed: %v.", err)
	}
	if len(body.Attributes) == 0 {
		return nil, "", iscBadRequest(`Required field "attributes" was missing or empty.`)
	}
	for _, name := range slices.Sorted(maps.Keys(body.Attributes)) {
		if !isStringOrStrings(body.Attributes[name]) {
			return nil, "", iscBadRequest("Attribute %q must be a string or a list of strings.", name)
		}
	}
	sourceID, _ = body.Attributes["sourceId"].(string)
	delete(body.Attributes, "sourceId")
	return body.Attributes, sourceID, nil
}

func isStringOrStrings(value any) bool {
	switch v := value.(type) {
	case string:
		return true
	case []any:
		return !slices.ContainsFunc(v, func(item any) bool { _, isString := item.(string); return !isString })
	}
	return false
}

func (s *Server) iscCreateAccount(req *request) (result, error) {
	attributes, sourceID, err := decodeISCAttributes(req)
	if err != nil {
		return result{}, err
	}
	if sourceID == "" {
		return result{}, iscBadRequest(`Required field "sourceId" was missing or empty.`)
	}
	src := s.isc.source(sourceID)
	if src == nil {
		return result{}, iscBadRequest("Source %s was not found.", sourceID)
	}
	native, err := src.nativeIdentity(attributes)
	if err != nil {
		return result{}, err
	}
	return s.iscStartTask(req, iscTaskCreate, src, src.accountName(attributes, native), func(st *iscStore, at time.Time) error {
		st.upsertAccount(src, native, attributes, at)
		return nil
	})
}

func (s *Server) iscReplaceAccount(req *request) (result, error) {
	account, src, err := s.isc.flatFileAccount(req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	attributes, _, err := decodeISCAttributes(req)
	if err != nil {
		return result{}, err
	}
	return s.iscStartTask(req, iscTaskUpdate, src, account.Name, func(st *iscStore, at time.Time) error {
		return st.updateAccount(account.ID, at, func(a *ISCAccount) { setAccountAttributes(a, src, attributes, at) })
	})
}

func (s *Server) iscDeleteAccount(req *request) (result, error) {
	account, src, err := s.isc.flatFileAccount(req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	return s.iscStartTask(req, iscTaskDelete, src, account.Name, func(st *iscStore, _ time.Time) error {
		return st.removeAccount(account.ID)
	})
}

// iscToggleAccount serves disable (disable true) and enable. The body, an AccountToggleRequest,
// is optional here; when present it must be JSON.
func (s *Server) iscToggleAccount(disable bool) handlerFunc {
	taskName := iscTaskEnable
	if disable {
		taskName = iscTaskDisable
	}
	return func(req *request) (result, error) {
		account, err := s.isc.requireAccount(req.PathValue("id"))
		if err != nil {
			return result{}, err
		}
		var toggle struct {
			ExternalVerificationID string `json:"externalVerificationId"`
			ForceProvisioning      bool   `json:"forceProvisioning"`
		}
		if len(req.body) > 0 {
			if err := json.Unmarshal(req.body, &toggle); err != nil {
				return result{}, iscBadRequest("The request body could not be parsed: %v.", err)
			}
		}
		return s.iscStartTask(req, taskName, s.isc.source(account.SourceID), account.Name, func(st *iscStore, at time.Time) error {
			return st.updateAccount(account.ID, at, func(a *ISCAccount) { setAccountDisabled(a, disable) })
		})
	}
}
