package theme

import (
	"testing"

	"early.invalid/termbg"
)

func TestParseBackground(t *testing.T) {
	for _, tc := range []struct {
		body     string
		dark, ok bool
	}{
		{"11;rgb:0000/0000/0000", true, true},
		{"11;rgb:ffff/ffff/ffff", false, true},
		{"11;rgb:1e1e/1e1e/2e2e", true, true},
		{"11;rgb:fdfd/f6f6/e3e3", false, true}, // solarized light
		{"11;rgb:00/2b/36", true, true},        // solarized dark, two digits
		{"11;rgb:f/f/f", false, true},
		{"11;rgba:ffff/ffff/ffff/ffff", false, true},
		{"11;rgb:8080/8080/8080", false, true}, // lightness a half: light, as termenv has it
		{"11;rgb:7f7f/7f7f/7f7f", true, true},
		{"11;rgb:ffff/ffff", false, false},
		{"11;rgb:gggg/0000/0000", false, false},
		{"11;rgb:fffff/0/0", false, false},
		{"10;rgb:ffff/ffff/ffff", false, false},
		{"", false, false},
	} {
		dark, ok := ParseBackground(tc.body)
		if dark != tc.dark || ok != tc.ok {
			t.Errorf("ParseBackground(%q) = %v, %v; want %v, %v", tc.body, dark, ok, tc.dark, tc.ok)
		}
	}
}

func TestColorFGBG(t *testing.T) {
	for _, tc := range []struct {
		v        string
		dark, ok bool
	}{
		{"15;0", true, true},
		{"0;15", false, true},
		{"0;7", false, true},
		{"7;0", true, true},
		{"0;default;15", false, true},
		{"12;8", true, true},
		{"default;default", true, false},
		{"", true, false},
		{"15", true, false},
	} {
		dark, ok := termbg.FromColorFGBG(tc.v)
		if dark != tc.dark || ok != tc.ok {
			t.Errorf("FromColorFGBG(%q) = %v, %v; want %v, %v", tc.v, dark, ok, tc.dark, tc.ok)
		}
	}
}
