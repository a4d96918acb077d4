package safetext

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Attention Is All You Need", "Attention Is All You Need"},
		{"keeps newline and tab", "a\n\tb", "a\n\tb"},
		{"CSI colour", "red \x1b[31mtext\x1b[0m", "red text"},
		{"CSI clear screen", "x\x1b[2J\x1b[Hy", "xy"},
		{"OSC title with BEL", "a\x1b]0;pwned\x07b", "ab"},
		{"OSC 52 clipboard with ST", "a\x1b]52;c;cm0gLXJmIH4=\x1b\\b", "ab"},
		{"OSC 8 hyperlink", "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"lone ESC", "a\x1bb", "ab"},
		{"lone ESC at the end", "ab\x1b", "ab"},
		{"ESC before a line break", "a\x1b\nb", "a\nb"},
		{"two-byte escape RIS", "a\x1bcb", "ab"},
		{"charset designation", "a\x1b(Bb", "ab"},
		{"CSI cut by a line break is no sequence", "a\x1b[31\nb", "a[31\nb"},
		{"CSI at the end is no sequence", "a\x1b[", "a["},
		{"unterminated 7-bit OSC runs to the end", "a\x1b]52;c;QUFB", "a"},
		{"OSC ended by the next sequence", "a\x1b]0;t\x1b[1mb", "ab"},
		{"stray ST", "a\x1b\\b", "ab"},
		{"C1 CSI dropped with its parameters", "a\u009b31mb", "ab"},
		{"C1 NEL", "a\u0085b", "ab"},
		{"BEL", "ding\a", "ding"},
		{"backspace overstrike", "safe\b\b\b\bevil", "safeevil"},
		{"carriage return overwrite", "good\rbad", "goodbad"},
		{"DEL", "a\x7fb", "ab"},
		{"NUL and other C0", "a\x00b\x01c\x1fd", "abcd"},
		{"bidi override", "abc\u202egnp.exe", "abcgnp.exe"},
		{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "abc"},
		{"bidi marks", "a\u200eb\u200fc\u061cd", "abcd"},
		{"embedding", "\u202aa\u202bb\u202cc\u202dd", "abcd"},
		{"invalid utf-8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"keeps accents and CJK", "Balázs 通义千问 – ∑", "Balázs 通义千问 – ∑"},
		{"keeps zero-width joiner", "👩\u200d💻", "👩\u200d💻"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Scaling Challenges and\n  Hardware  for AI\t", "Scaling Challenges and Hardware for AI"},
		{"a\x1b[1m\nb", "a b"},
		{"\r\n", ""},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 5, "short"},
		{"longer", 5, "longe…"},
		{"Weißlinger", 4, "Weiß…"}, // characters, not bytes: ß is kept whole
		{"日本語のテキスト", 3, "日本語…"},
		{"", 0, ""},
	} {
		if got := Clip(c.in, c.n); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"joins wrapped lines", "  The rapid scaling of\nlarge   models\n", "The rapid scaling of large models"},
		{"keeps paragraph break", "First\nline.\n\n  Second\nparagraph.", "First line.\n\nSecond paragraph."},
		{"blank line with spaces", "a\n   \n\n\tb", "a\n\nb"},
		{"CRLF", "a\r\nb\r\n\r\nc", "a b\n\nc"},
		{"empty", " \n ", ""},
		{"indented line starts a paragraph", "  Context: one\nline.\n  Objective: two\nlines.\n  Methods: three.",
			"Context: one line.\n\nObjective: two lines.\n\nMethods: three."},
		{"tab indent", "First para\ngoes on.\n\tSecond.", "First para goes on.\n\nSecond."},
		{"every line indented is a margin", "  one\n  two\n  three", "one two three"},
		{"two short indented paragraphs", "  First.\n  Second.", "First.\n\nSecond."},
		{"indent and blank line together", "a\nb\n\n  c\nd", "a b\n\nc d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Paragraphs(tt.in); got != tt.want {
				t.Errorf("Paragraphs(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func checkClean(t *testing.T, in, out string) {
	t.Helper()
	if i := FirstUnsafe(out); i >= 0 {
		t.Fatalf("Text(%q) = %q: unsafe at byte %d", in, out, i)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"plain", "\x1b[31mred", "\x1b]52;c;AAAA\x07", "\x1bP\x1b\\", "a\u202eb", "\xff\xfe",
		"\u009b1m", "\x1b", "a\rb\bc\ad", "\x1b]8;;x\x1b\\y",
		"Wei\u00c3\u009fl", "a\x1b[31\nb", "\u009dx\x1b]y", "  Context: a\nb.\n  Results: c.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Text(in)
		checkClean(t, in, out)
		line := Line(in)
		checkClean(t, in, line)
		if strings.ContainsAny(line, "\n\t") {
			t.Fatalf("Line(%q) = %q keeps a line break or tab", in, line)
		}
		checkClean(t, in, Paragraphs(in))
	})
}

func TestTextC1Sequences(t *testing.T) {
	for in, want := range map[string]string{
		"a\u009d0;evil title\u009cb": "ab",
		"a\u009d52;c;QUFB\u0007b":    "ab",
		"a\u009b2Jb":                 "ab",
		"a\u0090payload\u009cb":      "ab",
		"x\u0085y":                   "xy", // NEL: a lone C1 control
		"\u009b":                     "",
		// Mis-decoded UTF-8 (read as Latin-1/CP1252): the C1 byte of a
		// letter goes alone, the rest of the field stays.
		"Wei\u00c3\u009fl":                                    "Wei\u00c3l",
		"J\u00c3\u009drgen, Ole Weißl":                        "J\u00c3rgen, Ole Weißl",
		"a\u009dno terminator here, the text goes on":         "ano terminator here, the text goes on",
		"\u00c3\u0090 DCS-looking letter then words":          "\u00c3 DCS-looking letter then words",
		"lone ST \u009c in the middle":                        "lone ST  in the middle",
		"PM \u009e and APC \u009f unterminated keep the text": "PM  and APC  unterminated keep the text",
		"a\u009b": "a",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}
