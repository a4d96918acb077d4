package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestListQueryNeverLeaksSQL gives the CLI queries meant to break the
// compiler: each either runs or is a usage error naming the problem, and
// no message shows SQL, FTS5 or Go text.
func TestListQueryNeverLeaksSQL(t *testing.T) {
	_, env := testEnv(t, nil)
	if _, errOut, code := paperboy(t, env, "import", filepath.Join("fetch", "sample", "hardware.json")); code != 0 {
		t.Fatal(errOut)
	}
	for _, q := range []string{
		`a OR b c`, `"unclosed`, `NEAR(a b)`, `a* ^b {c} col:x`, `"""`, "x\x01y", `'; DROP TABLE papers; --`,
		`tag:%_\`, `-`, `OR`, `AND`, `upvotes:>=99999999999999999999`, `since:0000-00-00`, `id:../../etc`,
		`author:"` + strings.Repeat("x", 5000) + `"`, strings.Repeat("a OR ", 300) + "b", `"\u202e" is:starred`,
	} {
		out, errOut, code := paperboy(t, env, "list", "--query", q)
		if code != 0 && code != 2 {
			t.Errorf("query %.40q: exit code %d: %q", q, code, errOut)
		}
		for _, bad := range append(rawErrorText, "fts5", "syntax error", "SELECT", "unterminated") {
			if strings.Contains(errOut, bad) || strings.Contains(out, bad) {
				t.Errorf("query %.40q shows %q: %q", q, bad, errOut)
			}
		}
	}
}
