package fetchtest

import (
	"net/http"
	"strings"
)

// FullTexts answers the full-text requests fetch/fulltext makes from the
// files in dir, named as in fetch/fulltext/testdata:
//
//	GET /papers/{id}.md   Hugging Face's Markdown paper: hf_{id}.md
//	GET /html/{id}        arXiv's HTML paper: arxiv_{id}.html
//
// (an old-style id's slash is "_" in the name: hf_hep-th_9711200.md). A
// paper without its file is left to Set and then to the default, a 404
// as both services answer; the Key of these requests is "GET " and the
// path, so Set("GET /papers/ID.md", ...) answers one of them otherwise.
func (s *Server) FullTexts(dir string) *Server {
	return s.Handle(func(r *Request) *Response {
		p := r.HTTP.URL.Path
		var name, ctype string
		switch {
		case strings.HasPrefix(p, "/papers/") && strings.HasSuffix(p, ".md"):
			name = "hf_" + strings.TrimSuffix(strings.TrimPrefix(p, "/papers/"), ".md") + ".md"
			ctype = "text/markdown; charset=utf-8"
		case strings.HasPrefix(p, "/html/"):
			name = "arxiv_" + strings.TrimPrefix(p, "/html/") + ".html"
			ctype = "text/html; charset=utf-8"
		default:
			return nil
		}
		notFound := &Response{Status: http.StatusNotFound, ContentType: "text/plain", Body: []byte("404 page not found\n")}
		// The id becomes part of a file name: nothing in it may lead out
		// of dir.
		name = strings.ReplaceAll(name, "/", "_")
		if strings.Contains(name, "..") || strings.ContainsAny(name, `\`) {
			return notFound
		}
		return s.file(dir, name, ctype)
	})
}
