// Package fulltext gets a paper's full text as Markdown, for reading in
// the terminal: Hugging Face's Markdown (GET {HF_ENDPOINT}/papers/{id}.md,
// what huggingface_hub's read_paper and `hf papers read` return) first,
// then arXiv's HTML paper (GET {ARXIV_HTML_ENDPOINT}/html/{id}, LaTeXML
// output) converted to Markdown. Both requests go through the project's
// HTTP client (fetch.HTTPClient): timeouts, retries with backoff,
// Retry-After, the size cap, arXiv's pacing, HF_TOKEN for Hugging Face
// only.
//
// The API:
//
//	c, _ := fulltext.New(fulltext.Options{HFEndpoint: ..., Version: version})
//	t, err := c.Fetch(ctx, "2106.09685") // Text{ID, Source, URL, Markdown, Fetched}
//	refs := textdoc.References(t.Markdown) // []Reference{N, Text, ArxivID} (store/textdoc)
//	marks := textdoc.Citations(t.Markdown)
//	heads := textdoc.Outline(t.Markdown)
//
// Errors from Fetch: *NoFullTextError (errors.Is ErrNoFullText) when
// neither source has the text, its message the line to show as it is;
// *OfflineError (ErrOffline) when a source could not be reached;
// *BrokenError (ErrBroken) when a response cannot be the paper. Nothing is
// returned as text with an error.
//
// What a reader of Text.Markdown can rely on:
//   - it is safe to print: safetext.Text has been applied, there is no raw
//     HTML, every link is absolute http(s) or mailto and written
//     [text](url) or <url>, so Glamour shows its real URL;
//   - math is $…$ inline and $$…$$ on its own line, escaped so that
//     Glamour v1 shows the LaTeX exactly as written;
//   - headings are ATX (#, ##…) for converted texts; Outline reads setext
//     headings of Hugging Face's Markdown too;
//   - in converted texts the bibliography is a numbered list under
//     "## References" whose numbers are the citation markers' numbers: a
//     marker [12] (or [3, 7], [5-7]) found by Citations leads to the
//     Reference with N 12. Hugging Face's Markdown keeps its own markers
//     and list, which References and Citations read the same way (a link
//     to #bib.bibN counts as a marker of N);
//   - footnotes are [^N] in the text, their notes "> [^N] …" after the
//     block holding the marker; figures are an "[Image: name](url)" link
//     and a "**Figure 1:** caption" paragraph.
package fulltext
