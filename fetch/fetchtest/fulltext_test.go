package fetchtest

import (
	"strings"
	"testing"
)

func TestFullTexts(t *testing.T) {
	const dir = "../fulltext/testdata"
	srv := NewServer(t).FullTexts(dir).Set("GET /html/2401.00002", HTMLErrorPage)
	for _, tc := range []struct {
		path, ctype, file string
		code              int
	}{
		{"/papers/2106.09685.md", "text/markdown", "hf_2106.09685.md", 200},
		{"/html/2106.00001", "text/html", "arxiv_2106.00001.html", 200},
		{"/papers/2106.00001.md", "text/plain", "", 404},
		{"/html/2106.09685", "text/plain", "", 404},
		{"/html/2401.00002", "text/html", "", 200}, // Set answers what has no file
		{"/papers/..%2F..%2Fdoc.go.md", "text/plain", "", 404},
		{"/html/..%2Fclient.go", "text/plain", "", 404},
	} {
		code, h, body := get(t, srv.URL+tc.path)
		if code != tc.code || !strings.HasPrefix(h.Get("Content-Type"), tc.ctype) {
			t.Errorf("%s: %d %q, want %d %s", tc.path, code, h.Get("Content-Type"), tc.code, tc.ctype)
		}
		if tc.file != "" && body != string(ReadFixture(t, dir, tc.file)) {
			t.Errorf("%s: not the fixture %s", tc.path, tc.file)
		}
	}
	if got := srv.Requests(); got[0] != "GET /papers/2106.09685.md" {
		t.Errorf("request keys: %q", got)
	}
}
