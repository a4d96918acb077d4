package export

// A paper's pages, by its normalised arXiv id.

// HFURL is the paper's Hugging Face page.
func HFURL(id string) string { return "https://huggingface.co/papers/" + id }

// AbsURL is the paper's arXiv abstract page.
func AbsURL(id string) string { return "https://arxiv.org/abs/" + id }

// PDFURL is the paper's PDF on arXiv.
func PDFURL(id string) string { return "https://arxiv.org/pdf/" + id }
