package fakeserver

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// filterFields maps the fields a "filters" parameter may name to how an item's value is read.
type filterFields[T any] map[string]func(T) string

// filter is a parsed ISC "filters" parameter. It supports the subset of the standard collection
// grammar the provider uses: clauses `field eq "v"`, `field in ("a","b")` and `field sw "prefix"`
// joined by `and`, and parenthesized groups of such clauses. The rest of the grammar (other
// operators, or, not) is answered with 400, as the real API does for operators a field does not
// support. Comparisons ignore case, as documented.
type filter[T any] struct {
	fields  filterFields[T]
	clauses []filterClause
}

type filterClause struct {
	field  string
	values []string // one value for eq and sw
	prefix bool     // sw: the values are prefixes
}

// filterOperators is the whole operator set of the grammar, to tell an unsupported operator
// from a malformed expression.
var filterOperators = []string{"eq", "ne", "gt", "ge", "lt", "le", "co", "sw", "in", "ca", "pr", "isnull"}

func parseFilter[T any](expr string, fields filterFields[T]) (filter[T], error) {
	f := filter[T]{fields: fields}
	if strings.TrimSpace(expr) == "" {
		return f, nil
	}
	tokens, err := lexFilter(expr)
	if err != nil {
		return f, err
	}
	f.clauses, err = parseAnd(&filterParser{tokens: tokens}, fields, false)
	return f, err
}

// parseAnd reads clauses joined by "and", up to the end or, in a group, its closing parenthesis.
// A parenthesized group is read as the clauses it holds.
func parseAnd[T any](p *filterParser, fields filterFields[T], group bool) ([]filterClause, error) {
	var clauses []filterClause
	for {
		more, err := parseOperand(p, fields)
		if err != nil {
			return nil, err
		}
		clauses = append(clauses, more...)
		if p.done() && group {
			return nil, errors.New(`expected ")"`)
		}
		if p.done() {
			return clauses, nil
		}
		word, _ := p.next()
		if group && !word.quoted && word.text == ")" {
			return clauses, nil
		}
		if word.text != "and" || word.quoted {
			return nil, fmt.Errorf("expected \"and\" but found %q (only \"and\" may join clauses)", word.text)
		}
	}
}

func parseOperand[T any](p *filterParser, fields filterFields[T]) ([]filterClause, error) {
	if !p.done() && !p.tokens[p.pos].quoted && p.tokens[p.pos].text == "(" {
		p.pos++
		return parseAnd(p, fields, true)
	}
	clause, err := parseClause(p, fields)
	return []filterClause{clause}, err
}

func parseClause[T any](p *filterParser, fields filterFields[T]) (filterClause, error) {
	field, err := p.word("a field name")
	if err != nil {
		return filterClause{}, err
	}
	if _, supported := fields[field]; !supported {
		return filterClause{}, fmt.Errorf("filtering on field %q is not supported", field)
	}
	operator, err := p.word("an operator")
	if err != nil {
		return filterClause{}, err
	}
	switch operator {
	case "eq":
		value, err := p.literal()
		return filterClause{field: field, values: []string{value}}, err
	case "in":
		values, err := p.list()
		return filterClause{field: field, values: values}, err
	case "sw":
		value, err := p.literal()
		return filterClause{field: field, values: []string{value}, prefix: true}, err
	}
	if operator != strings.ToLower(operator) && slices.Contains(filterOperators, strings.ToLower(operator)) {
		return filterClause{}, fmt.Errorf("operator %q must be lower case", operator)
	}
	if slices.Contains(filterOperators, operator) {
		return filterClause{}, fmt.Errorf("operator %q is not supported for field %q", operator, field)
	}
	return filterClause{}, fmt.Errorf("unknown operator %q", operator)
}

func (f filter[T]) matches(item T) bool {
	for _, clause := range f.clauses {
		value := f.fields[clause.field](item)
		if !slices.ContainsFunc(clause.values, clause.matcher(value)) {
			return false
		}
	}
	return true
}

// matcher compares a clause's value with an item's, without regard to case.
func (c filterClause) matcher(value string) func(string) bool {
	if c.prefix {
		return func(v string) bool { return strings.HasPrefix(strings.ToLower(value), strings.ToLower(v)) }
	}
	return func(v string) bool { return strings.EqualFold(v, value) }
}

type filterToken struct {
	text   string
	quoted bool // a string literal, text already unescaped
}

type filterParser struct {
	tokens []filterToken
	pos    int
}

func (p *filterParser) done() bool { return p.pos >= len(p.tokens) }

func (p *filterParser) next() (filterToken, bool) {
	if p.done() {
		return filterToken{}, false
	}
	p.pos++
	return p.tokens[p.pos-1], true
}

// word reads an unquoted token (field name, operator, keyword).
func (p *filterParser) word(expected string) (string, error) {
	token, found := p.next()
	if !found || token.quoted || isFilterPunctuation(token.text) {
		return "", fmt.Errorf("expected %s at token %d", expected, p.pos)
	}
	return token.text, nil
}

func (p *filterParser) literal() (string, error) {
	token, found := p.next()
	if !found || !token.quoted {
		return "", errors.New("values must be double-quoted strings")
	}
	return token.text, nil
}

func (p *filterParser) punctuation(want string) error {
	token, found := p.next()
	if !found || token.quoted || token.text != want {
		return fmt.Errorf("expected %q", want)
	}
	return nil
}

// list reads `("a", "b", ...)`.
func (p *filterParser) list() ([]string, error) {
	if err := p.punctuation("("); err != nil {
		return nil, err
	}
	var values []string
	for {
		value, err := p.literal()
		if err != nil {
			return nil, err
		}
		values = append(values, value)
		token, _ := p.next()
		switch {
		case token.quoted:
			return nil, errors.New(`expected "," or ")" in a list`)
		case token.text == ")":
			return values, nil
		case token.text != ",":
			return nil, errors.New(`expected "," or ")" in a list`)
		}
	}
}

func isFilterPunctuation(s string) bool { return s == "(" || s == ")" || s == "," }

func lexFilter(expr string) ([]filterToken, error) {
	var tokens []filterToken
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case isFilterPunctuation(string(c)):
			tokens = append(tokens, filterToken{text: string(c)})
			i++
		case c == '"':
			text, next, err := lexLiteral(expr, i+1)
			if err != nil {
				return nil, err
			}
			tokens = append(tokens, filterToken{text: text, quoted: true})
			i = next
		default:
			start := i
			for i < len(expr) && isFilterWordByte(expr[i]) {
				i++
			}
			if start == i {
				return nil, fmt.Errorf("unexpected character %q", c)
			}
			tokens = append(tokens, filterToken{text: expr[start:i]})
		}
	}
	return tokens, nil
}

// lexLiteral reads a string literal whose opening quote precedes start; a backslash escapes the
// next character. It returns the unescaped text and the index after the closing quote.
func lexLiteral(expr string, start int) (string, int, error) {
	var text strings.Builder
	for i := start; i < len(expr); i++ {
		switch expr[i] {
		case '"':
			return text.String(), i + 1, nil
		case '\\':
			i++
			if i == len(expr) {
				return "", 0, errors.New("unterminated string literal")
			}
		}
		text.WriteByte(expr[i])
	}
	return "", 0, errors.New("unterminated string literal")
}

func isFilterWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
}
