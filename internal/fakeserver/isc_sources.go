package fakeserver

import (
	"slices"
)

var iscSourceFilterFields = filterFields[*iscSource]{
	"id":   func(src *iscSource) string { return src.ID },
	"name": func(src *iscSource) string { return src.Name },
	"type": func(src *iscSource) string { return src.Type },
}

// iscListSources answers GET /sources/v1: the sources a filter matches (the subset of the grammar
// the fake parses, on id, name and type), paged, each a Source object.
func (s *Server) iscListSources(req *request) (result, error) {
	query := req.URL.Query()
	f, err := parseFilter(query.Get("filters"), iscSourceFilterFields)
	if err != nil {
		return result{}, iscBadRequest("Invalid filters parameter: %v.", err)
	}
	matched := slices.DeleteFunc(slices.Clone(s.isc.sources), func(src *iscSource) bool { return !f.matches(src) })
	return iscListPage(query, matched, func(src *iscSource) ISCSource { return src.ISCSource })
}

func (s *Server) iscGetSource(req *request) (result, error) {
	src := s.isc.source(req.PathValue("id"))
	if src == nil {
		return result{}, iscNotFound()
	}
	return ok(src.ISCSource)
}

func (s *Server) iscListSchemas(req *request) (result, error) {
	src := s.isc.source(req.PathValue("id"))
	if src == nil {
		return result{}, iscNotFound()
	}
	return ok([]ISCSchema{src.schema})
}
