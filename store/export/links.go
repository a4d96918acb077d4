package export

import "github.com/paperboy-reader/paperboy/store"

// A paper's pages, by its normalised arXiv id.

// HFURL is the paper's Hugging Face page.
func HFURL(id string) string { return store.HFPapersURL + id }

// AbsURL is the paper's arXiv abstract page.
func AbsURL(id string) string { return "https://arxiv.org/abs/" + id }

// PDFURL is the paper's PDF on arXiv.
func PDFURL(id string) string { return "https://arxiv.org/pdf/" + id }
