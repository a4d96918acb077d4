package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestConfigFiles(t *testing.T) {
	tests := []struct {
		file string
		err  string // "" for a good file; else the whole message after the path
		want func(c Config) bool
	}{
		{file: "good_empty.toml", want: func(c Config) bool {
			return reflect.DeepEqual(c.Sync, Default().Sync) && c.Reader == Default().Reader && c.Sync.CatchUpDays == 30
		}},
		{file: "good_partial.toml", want: func(c Config) bool {
			return c.Reader.Theme == "tokyo-night" && c.Sync.Days == 7 && c.Sync.HuggingFace && c.Sync.OnStart
		}},
		{file: "good_full.toml", want: func(c Config) bool {
			return c.Sync.Days == 14 && !c.Sync.OnStart && c.Sync.ArxivMax == 200 &&
				reflect.DeepEqual(c.Sync.Arxiv, []string{"cat:cs.AR", "cat:cs.DC"}) &&
				c.Reader.Browser == "firefox" && c.Reader.Theme == "dracula" &&
				c.Zotero == Zotero{APIKey: "P9NiFoyLeZu2bZNvvuQPDWsd", UserID: "475425"} &&
				len(c.Views) == 2 && c.Views[0].Name == "Hardware" && c.Views[0].Parsed() != nil &&
				len(c.Views[0].Parsed().Clauses) == 1 && len(c.Views[0].Parsed().Clauses[0]) == 2 &&
				c.Views[1].Name == "To read"
		}},
		{file: "bad_unknown_key.toml", err: `line 7: unknown key "sync.dayz"`},
		{file: "bad_unknown_table.toml", err: `line 4: unknown key "colours"`},
		{file: "bad_type.toml", err: `line 2: sync.days: TOML value has type string; destination has type integer`},
		{file: "bad_syntax.toml", err: `line 3: `},
		{file: "bad_view_query.toml", err: `line 7: views.query: view "Broken": `},
		{file: "bad_theme.toml", err: `line 3: reader.theme: unknown theme "neon"`},
		{file: "bad_days.toml", err: `line 2: sync.days: must be between 1 and 366 (got 0)`},
		{file: "bad_zotero_user.toml", err: `line 3: zotero.user_id: must be the numeric user ID (got "alice")`},
		{file: "bad_catch_up_days.toml", err: `line 3: sync.catch_up_days: must be between 1 and 366 (got 0)`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "config", tt.file)
			cfg, err := Load(path)
			if tt.err == "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if !tt.want(cfg) {
					t.Fatalf("unexpected config: %+v", cfg)
				}
				// The effective settings print as a config file that reads back the same.
				var buf bytes.Buffer
				if err := cfg.WriteTOML(&buf); err != nil {
					t.Fatal(err)
				}
				again, err := Parse("again.toml", buf.Bytes())
				if err != nil {
					t.Fatalf("printed config does not parse: %v\n%s", err, buf.String())
				}
				if !reflect.DeepEqual(again.Sync, cfg.Sync) || again.Reader != cfg.Reader || len(again.Views) != len(cfg.Views) {
					t.Fatalf("printed config reads back differently:\n%s", buf.String())
				}
				return
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Load error = %v, want a Error", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, path+" ") || !strings.Contains(msg, tt.err) {
				t.Fatalf("error = %q, want %q after the path", msg, tt.err)
			}
		})
	}
}

func TestConfigMissingFileIsDefaults(t *testing.T) {
	cfg, err := Load(filepath.Join(t.TempDir(), "none.toml"))
	if err != nil || !reflect.DeepEqual(cfg.Sync, Default().Sync) {
		t.Fatalf("missing file: %+v, %v", cfg, err)
	}
}

func TestConfigThemeFile(t *testing.T) {
	dir := t.TempDir()
	style := filepath.Join(dir, "mine.json")
	if err := os.WriteFile(style, []byte(`{"document": {"color": "#ff0000"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("c.toml", []byte("[reader]\ntheme = \""+style+"\"\n")); err != nil {
		t.Fatalf("theme file: %v", err)
	}
	_, err := Parse("c.toml", []byte("[reader]\ntheme = \""+filepath.Join(dir, "missing.json")+"\"\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2: reader.theme") {
		t.Fatalf("missing theme file: %v", err)
	}
}

func TestConfigPaths(t *testing.T) {
	t.Setenv("PAPERBOY_CONFIG", "")
	t.Setenv("XDG_CONFIG_HOME", "/x/config")
	t.Setenv("XDG_DATA_HOME", "/x/data")
	if got := Path(); got != "/x/config/paperboy/config.toml" {
		t.Errorf("Path = %q", got)
	}
	if got := DataDir(); got != "/x/data/paperboy" {
		t.Errorf("DataDir = %q", got)
	}
	t.Setenv("PAPERBOY_CONFIG", "/etc/pb.toml")
	if got := Path(); got != "/etc/pb.toml" {
		t.Errorf("Path with PAPERBOY_CONFIG = %q", got)
	}
}

func TestVarDuration(t *testing.T) {
	tests := []struct {
		value   string
		want    time.Duration
		ok      bool
		wantErr bool
	}{
		{"", 0, false, false},
		{"0s", 0, true, false},
		{"500ms", 500 * time.Millisecond, true, false},
		{"soon", 0, false, true},
		{"-1s", 0, false, true},
	}
	for _, tt := range tests {
		t.Setenv(VarArxivDelay.Name, tt.value)
		d, ok, err := VarArxivDelay.Duration()
		if (err != nil) != tt.wantErr || d != tt.want || ok != tt.ok {
			t.Errorf("%q: %v %v %v", tt.value, d, ok, err)
		}
	}
}
