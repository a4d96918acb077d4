package store

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The search and filter language:
//
//	plain words         all must match (as word starts) in title, abstract, authors or keywords
//	"quoted phrase"     the words in this order
//	tag:NAME            any kind of tag: category, keyword or the user's (tag:cs.* for a prefix)
//	cat:NAME kw:NAME    only categories / only Hugging Face keywords
//	author:NAME         an author's name (author:"Song Han")
//	org:NAME            Hugging Face organisation, by handle or display name
//	is:starred is:unstarred is:read is:unread
//	is:new              first seen since the reader's previous visit
//	text:WORD text:"a phrase"   words inside downloaded full texts (an index of their own)
//	has:text            papers with a downloaded full text
//	has:code has:model has:dataset has:space   a GitHub repo; linked Hub models, datasets, Spaces
//	stars:>N models:>N  GitHub stars, linked models (the same comparisons as upvotes:)
//	since:DATE until:DATE   YYYY-MM-DD, YYYY-MM or YYYY, on the listing date
//	upvotes:N upvotes:>N upvotes:>=N upvotes:<N upvotes:<=N
//	id:ID               one paper (also arxiv:ID)
//	-TERM               exclude
//	A OR B              either; OR binds tighter than the implied AND
//
// Queries compile to SQL with bound parameters only; user text never
// becomes SQL.

// SearchHelp is the search language in brief, one line each of words,
// fields and marks: the reader's help screen and the commands' --help
// print it.
var SearchHelp = []string{
	`words  "a phrase"  author:NAME  org:NAME  cat:cs.LG  kw:NAME  tag:NAME  id:ID`,
	`is:starred is:unread is:new  since:2025-05  until:2025  upvotes:>10  -exclude  A OR B`,
	`text:WORD  text:"a phrase" (inside downloaded texts)  has:text`,
	`has:code  has:model  has:dataset  has:space  stars:>100  models:>2`,
}

// QueryError is a malformed query. Pos is the byte offset of the problem.
type QueryError struct {
	Pos int
	Msg string
}

func (e *QueryError) Error() string { return e.Msg }

// Term is one condition of a query.
type Term struct {
	Neg    bool
	Field  string // "" for text
	Value  string
	Phrase bool // quoted
	Pos    int
}

// Query is a parsed query: every clause must hold; a clause holds when any
// of its terms does.
type Query struct {
	Clauses [][]Term
}

// Empty reports whether the query has no conditions.
func (q *Query) Empty() bool { return q == nil || len(q.Clauses) == 0 }

var fieldNames = map[string]string{
	"tag": "tag", "cat": "cat", "category": "cat", "kw": "kw", "keyword": "kw",
	"author": "author", "org": "org", "is": "is", "since": "since", "until": "until",
	"upvotes": "upvotes", "id": "id", "arxiv": "id", "text": "text", "has": "has",
	"stars": "stars", "models": "models",
}

const knownFields = "tag:, cat:, kw:, author:, org:, is:, has:, text:, since:, until:, upvotes:, stars:, models:, id:"

type token struct {
	text   string
	pos    int
	quoted bool
	// bare is how many bytes of text came before the first quote: a minus
	// or a field name counts only there, so "-based" and "BERT: pre" are
	// phrases, not an exclusion or a filter.
	bare int
}

// lex splits a query into tokens, keeping quoted phrases (also after a
// field name or a minus) whole.
func lex(s string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += w
			continue
		}
		start := i
		var b strings.Builder
		quoted, bare := false, -1
		for i < len(s) {
			r, w := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				break
			}
			if r == '"' {
				end := strings.IndexByte(s[i+1:], '"')
				if end < 0 {
					return nil, &QueryError{Pos: i, Msg: fmt.Sprintf("unclosed quote at column %d", i+1)}
				}
				if !quoted {
					bare = b.Len()
				}
				b.WriteString(s[i+1 : i+1+end])
				quoted = true
				i += end + 2
				continue
			}
			b.WriteRune(r)
			i += w
		}
		if !quoted {
			bare = b.Len()
		}
		toks = append(toks, token{text: b.String(), pos: start, quoted: quoted, bare: bare})
	}
	return toks, nil
}

// blankControls turns ASCII control characters into spaces, byte for byte
// so error positions stay right. A NUL would end the text where SQLite's
// full-text parser reads it, and no control character is worth searching
// for.
func blankControls(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
	if i < 0 {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if b[i] < 0x20 || b[i] == 0x7f {
			b[i] = ' '
		}
	}
	return string(b)
}

// ParseQuery parses the search language. Malformed input gives a
// *QueryError naming the problem.
func ParseQuery(s string) (*Query, error) {
	s = blankControls(s)
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	q := &Query{}
	var group []Term
	pendingOr := false
	for i, tk := range toks {
		if !tk.quoted {
			switch tk.text {
			case "OR", "|", "||":
				if len(group) == 0 || pendingOr || i == len(toks)-1 {
					return nil, &QueryError{Pos: tk.pos, Msg: "OR needs a term on each side"}
				}
				pendingOr = true
				continue
			case "AND", "&&":
				return nil, &QueryError{Pos: tk.pos, Msg: "AND is not needed: all terms must match already"}
			case "NOT":
				return nil, &QueryError{Pos: tk.pos, Msg: "use -word to exclude, not NOT"}
			}
		}
		t, err := parseTerm(tk)
		if err != nil {
			return nil, err
		}
		if t == nil { // punctuation only: nothing to search for
			continue
		}
		if pendingOr {
			group = append(group, *t)
			pendingOr = false
			continue
		}
		if len(group) > 0 {
			q.Clauses = append(q.Clauses, group)
		}
		group = []Term{*t}
	}
	if pendingOr {
		return nil, &QueryError{Pos: len(s), Msg: "OR needs a term on each side"}
	}
	if len(group) > 0 {
		q.Clauses = append(q.Clauses, group)
	}
	return q, nil
}

func parseTerm(tk token) (*Term, error) {
	t := Term{Pos: tk.pos, Phrase: tk.quoted}
	text, bare := tk.text, tk.bare
	if bare > 0 && strings.HasPrefix(text, "-") {
		t.Neg = true
		text, bare = text[1:], bare-1
		if text == "" && !tk.quoted {
			return nil, &QueryError{Pos: tk.pos, Msg: "- needs a term after it (-word excludes word)"}
		}
	}
	if k := strings.IndexByte(text, ':'); k > 0 && k < bare {
		name := strings.ToLower(text[:k])
		field, ok := fieldNames[name]
		if !ok {
			return nil, &QueryError{Pos: tk.pos, Msg: fmt.Sprintf("unknown filter %s: (try %s)", text[:k], knownFields)}
		}
		t.Field = field
		t.Value = strings.TrimSpace(text[k+1:])
		if t.Value == "" {
			return nil, &QueryError{Pos: tk.pos, Msg: fmt.Sprintf("%s: needs a value", text[:k])}
		}
		if err := checkFieldValue(&t); err != nil {
			return nil, err
		}
		return &t, nil
	}
	t.Value = text
	if !hasWordChar(t.Value) {
		return nil, nil
	}
	return &t, nil
}

func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// checkFieldValue validates values whose syntax is fixed, so that errors
// show while typing rather than as empty results.
func checkFieldValue(t *Term) error {
	bad := func(format string, args ...any) error {
		return &QueryError{Pos: t.Pos, Msg: fmt.Sprintf(format, args...)}
	}
	switch t.Field {
	case "is":
		switch strings.ToLower(t.Value) {
		case "starred", "unstarred", "read", "unread", "new":
			t.Value = strings.ToLower(t.Value)
		default:
			return bad("is: expects starred, unstarred, read, unread or new, not %q", t.Value)
		}
	case "has":
		switch v := strings.ToLower(t.Value); v {
		case "text", "code", "model", "dataset", "space":
			t.Value = v
		default:
			return bad("has: expects text, code, model, dataset or space, not %q", t.Value)
		}
	case "text":
		// A value of punctuation alone has no word for the index to
		// look up.
		if !hasWordChar(t.Value) {
			return bad("text: needs a word")
		}
	case "since", "until":
		if _, _, err := dateRange(t.Value); err != nil {
			return bad("%s: expects a date like 2025-01-31, 2025-01 or 2025, not %q", t.Field, t.Value)
		}
	case "upvotes", "stars", "models":
		if _, _, err := comparison(t.Value); err != nil {
			return bad("%s: expects a number such as 10, >10, >=10, <5, not %q", t.Field, t.Value)
		}
	case "id":
		id, err := NormalizeID(t.Value)
		if err != nil {
			return bad("id: %q is not an arXiv id", t.Value)
		}
		t.Value = id
	case "author", "org", "tag", "cat", "kw":
		if strings.Trim(t.Value, "*") == "" {
			return bad("%s: needs a value", t.Field)
		}
	}
	return nil
}

// dateRange turns YYYY, YYYY-MM or YYYY-MM-DD into the first and last day
// it covers.
func dateRange(s string) (first, last string, err error) {
	for _, layout := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if t, e := time.Parse(layout.layout, s); e == nil {
			return t.Format("2006-01-02"), layout.next(t).AddDate(0, 0, -1).Format("2006-01-02"), nil
		}
	}
	return "", "", fmt.Errorf("bad date %q", s)
}

// comparison parses ">10", ">=10", "<5", "<=5", "=3" or "3".
func comparison(s string) (op string, n int, err error) {
	op = "="
	for _, o := range []string{">=", "<=", ">", "<", "="} {
		if strings.HasPrefix(s, o) {
			op, s = o, s[len(o):]
			break
		}
	}
	n, err = strconv.Atoi(s)
	if err != nil || n < 0 {
		return "", 0, fmt.Errorf("bad number %q", s)
	}
	return op, n, nil
}

// sqlWhere accumulates SQL conditions and their bound arguments.
type sqlWhere struct {
	conds []string
	args  []any
}

func (w *sqlWhere) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *sqlWhere) String() string {
	if len(w.conds) == 0 {
		return "1"
	}
	return strings.Join(w.conds, " AND ")
}

// ftsString quotes user text as an FTS5 string, so its punctuation and
// operators are only ever text.
func ftsString(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// ftsTerm is the FTS5 expression for a text term: plain words match as
// word starts (so results follow typing), phrases match exactly.
func ftsTerm(t Term) string {
	if t.Phrase {
		return ftsString(t.Value)
	}
	return ftsString(t.Value) + "*"
}

const (
	ftsIn    = `p.pid IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)`
	textIn   = `p.id IN (SELECT t.id FROM texts_fts f JOIN texts t ON t.tid = f.rowid WHERE texts_fts MATCH ?)`
	tagsIn   = `(p.pid IN (SELECT pid FROM paper_tags WHERE tid IN (SELECT tid FROM tags WHERE %s)) OR p.id IN (SELECT id FROM user_tags WHERE tid IN (SELECT tid FROM tags WHERE %[1]s)))`
	remoteIn = `p.pid IN (SELECT pid FROM paper_tags WHERE tid IN (SELECT tid FROM tags WHERE %s))`
)

// tagCond matches papers carrying a tag by name, optionally of one kind;
// a trailing * matches a name prefix (cat:cs.*).
func tagCond(kind TagKind, name string) (string, []any) {
	match, arg := "name = ?", any(name)
	if strings.HasSuffix(name, "*") {
		prefix := strings.TrimRight(name, "*")
		escaped := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(prefix)
		match, arg = `name LIKE ? ESCAPE '\'`, escaped+"%"
	}
	switch kind {
	case "":
		return fmt.Sprintf(tagsIn, match), []any{arg, arg}
	case KindUser:
		return fmt.Sprintf(`p.id IN (SELECT id FROM user_tags WHERE tid IN (SELECT tid FROM tags WHERE kind = 'user' AND %s))`, match), []any{arg}
	default:
		return fmt.Sprintf(remoteIn, "kind = ? AND "+match), []any{string(kind), arg}
	}
}

// termSQL compiles one term to a condition on papers p.
func termSQL(t Term) (string, []any) {
	var cond string
	var args []any
	switch t.Field {
	case "":
		cond, args = ftsIn, []any{ftsTerm(t)}
	case "author":
		cond, args = ftsIn, []any{"authors : " + ftsString(t.Value) + "*"}
	case "text":
		// Words match as word starts, phrases exactly, as in the
		// metadata's index.
		cond, args = textIn, []any{ftsTerm(t)}
	case "has":
		switch t.Value {
		case "text":
			cond = `p.id IN (SELECT id FROM texts)`
		case "code":
			cond = `p.github_repo != ''`
		case "model":
			cond = `p.models > 0`
		case "dataset":
			cond = `p.datasets > 0`
		case "space":
			cond = `p.spaces > 0`
		}
	case "tag":
		cond, args = tagCond("", t.Value)
	case "cat":
		cond, args = tagCond(KindCategory, t.Value)
	case "kw":
		cond, args = tagCond(KindKeyword, t.Value)
	case "org":
		cond, args = `(p.org_name = ? COLLATE NOCASE OR p.org_display = ? COLLATE NOCASE)`, []any{t.Value, t.Value}
	case "is":
		switch t.Value {
		case "starred":
			cond = `p.id IN (SELECT id FROM user_state WHERE starred_at IS NOT NULL)`
		case "unstarred":
			cond = `p.id NOT IN (SELECT id FROM user_state WHERE starred_at IS NOT NULL)`
		case "read":
			cond = `p.id IN (SELECT id FROM user_state WHERE read_at IS NOT NULL)`
		case "unread":
			cond = `p.id NOT IN (SELECT id FROM user_state WHERE read_at IS NOT NULL)`
		case "new":
			cond = newSince
		}
	case "since":
		first, _, _ := dateRange(t.Value)
		cond, args = `p.date >= ?`, []any{first}
	case "until":
		_, last, _ := dateRange(t.Value)
		cond, args = `(p.date <= ? AND p.date != '')`, []any{last}
	case "upvotes", "stars", "models":
		col := map[string]string{"upvotes": "p.upvotes", "stars": "p.github_stars", "models": "p.models"}[t.Field]
		op, n, _ := comparison(t.Value)
		cond, args = col+` `+op+` ?`, []any{n}
		// A comparison that leaves out 0 says so in the words of the
		// partial index of the papers that have some (papers_by_stars,
		// papers_by_models), so SQLite reads only those.
		if t.Field != "upvotes" && (op == ">" || (op == ">=" || op == "=") && n > 0) {
			cond = `(` + col + ` > 0 AND ` + cond + `)`
		}
	case "id":
		cond, args = `p.id = ?`, []any{t.Value}
	}
	if t.Neg {
		cond = "NOT " + cond
	}
	return cond, args
}

// ftsClause is the FTS expression of a clause made only of positive text
// terms (one word, or words joined by OR), and false for any other clause.
func ftsClause(clause []Term) (string, bool) {
	parts := make([]string, 0, len(clause))
	for _, t := range clause {
		if t.Field != "" || t.Neg {
			return "", false
		}
		parts = append(parts, ftsTerm(t))
	}
	if len(parts) == 1 {
		return parts[0], true
	}
	return "(" + strings.Join(parts, " OR ") + ")", true
}

// compile adds the query's conditions to w. Clauses of positive text terms
// are folded into one FTS expression, returned as match, which the caller
// joins on, so the index drives the search and can rank by relevance.
func (q *Query) compile(w *sqlWhere) (match string) {
	if q == nil {
		return ""
	}
	var fts []string
	for _, clause := range q.Clauses {
		if expr, ok := ftsClause(clause); ok {
			fts = append(fts, expr)
			continue
		}
		parts := make([]string, 0, len(clause))
		for _, t := range clause {
			c, a := termSQL(t)
			parts = append(parts, c)
			w.args = append(w.args, a...)
		}
		w.conds = append(w.conds, "("+strings.Join(parts, " OR ")+")")
	}
	// An explicit AND: FTS5's implicit AND joins phrases only, and a
	// parenthesised OR group followed by a word is a syntax error.
	return strings.Join(fts, " AND ")
}
