package store

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	// New-style ids: YYMM.NNNN (2007-2014) or YYMM.NNNNN (2015 on).
	newStyleID = regexp.MustCompile(`^[0-9]{4}\.[0-9]{4,5}$`)
	// Old-style ids: archive[.SUBJECT]/YYMMNNN, e.g. hep-th/9711200 or
	// math.GT/0309136. The subject class is not part of the identifier.
	oldStyleID = regexp.MustCompile(`^([a-z][a-z-]*)(\.[A-Za-z-]{2,})?/([0-9]{7})$`)
	versionSfx = regexp.MustCompile(`v[0-9]+$`)
)

// NormalizeID turns the ways people and services write an arXiv id into
// the one key papers are stored under: "arXiv:2505.09343v2",
// "https://arxiv.org/abs/2505.09343", "https://huggingface.co/papers/2505.09343"
// and "2505.09343" are all "2505.09343"; "math.GT/0309136v1" is
// "math/0309136".
func NormalizeID(s string) (string, error) {
	id := strings.TrimSpace(s)
	for _, prefix := range []string{
		"https://", "http://", "www.", "export.", "arxiv.org/abs/", "arxiv.org/pdf/",
		"huggingface.co/papers/", "hf.co/papers/",
	} {
		if len(id) >= len(prefix) && strings.EqualFold(id[:len(prefix)], prefix) {
			id = id[len(prefix):]
		}
	}
	if len(id) >= 6 && strings.EqualFold(id[:6], "arxiv:") {
		id = id[6:]
	}
	id = strings.TrimSuffix(id, ".pdf")
	id = strings.TrimRight(id, "/")
	id = versionSfx.ReplaceAllString(id, "")
	if newStyleID.MatchString(id) {
		return id, nil
	}
	if m := oldStyleID.FindStringSubmatch(id); m != nil {
		return m[1] + "/" + m[3], nil
	}
	return "", fmt.Errorf("%q is not an arXiv id (expected e.g. 2505.09343 or hep-th/9711200)", s)
}
