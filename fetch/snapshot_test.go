package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
)

func TestImportSnapshot(t *testing.T) {
	db := openDB(t)
	var progress []int
	res, err := ImportFile(bg, db, filepath.Join("testdata", "snapshot.jsonl"), func(n int) { progress = append(progress, n) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Read != 4 || res.Skipped != 1 || res.New != 3 {
		t.Errorf("result = %+v", res)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 4 {
		t.Errorf("progress = %v", progress)
	}
	p, err := db.Paper(bg, "0704.0001")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies" ||
		p.Published != "2007-04-02" ||
		!reflect.DeepEqual(p.Authors, []string{"C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"}) ||
		!reflect.DeepEqual(p.Categories, []string{"hep-ph"}) {
		t.Errorf("0704.0001 = %#v", p)
	}
	old, err := db.Paper(bg, "hep-th/9711200")
	if err != nil {
		t.Fatal(err)
	}
	if old.Published != "1997-11-27" || !strings.Contains(old.Abstract, "supergravity.\n\nWe also") {
		t.Errorf("hep-th/9711200 = %#v", old)
	}
	ds, err := db.Paper(bg, "2505.09343")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ds.Authors, []string{"Chenggang Zhao", "Chengqi Deng", "Chong Ruan"}) ||
		!reflect.DeepEqual(ds.Categories, []string{"cs.DC", "cs.AI", "cs.AR"}) {
		t.Errorf("2505.09343 = %#v", ds)
	}

	// Importing the same file again changes nothing.
	res, err = ImportFile(bg, db, filepath.Join("testdata", "snapshot.jsonl"), nil)
	if err != nil || res.New != 0 || res.Updated != 0 || res.Unchanged != 3 {
		t.Errorf("re-import = %+v, %v", res, err)
	}
}

func TestImportFormats(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(fixture(t, "snapshot.jsonl"))
	_ = zw.Close()
	tests := []struct {
		name    string
		in      []byte
		wantNew int
		wantErr string
	}{
		{"gzip snapshot", gz.Bytes(), 3, ""},
		{"hf daily array", fixture(t, "hf_daily_2025-05-15_p0.json"), 2, ""},
		{"bare papers with BOM and space", append([]byte("\xef\xbb\xbf \n"), fixture(t, "hf_papers_saved.json")...), 2, ""},
		{"empty", nil, 0, "empty input"},
		{"csv", []byte("id,title\n"), 0, "unknown format"},
		{"broken line", []byte(`{"id":"0704.0001","title":"x"}` + "\n{\"id\": 0704.0002\n"), 1, "record 2: invalid JSON"},
		{"truncated array", []byte(`[{"paper":{"id":"2505.09343"}},{"paper":`), 1, "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			res, err := Import(bg, db, bytes.NewReader(tt.in), nil)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			// Batches written before an error stay written.
			n, err := db.CountPapers(bg)
			if err != nil || res.New != tt.wantNew || n != tt.wantNew {
				t.Errorf("new = %d, stored %d (%v); want %d", res.New, n, err, tt.wantNew)
			}
		})
	}
}

// countingUpserter records batch sizes without a database.
type countingUpserter struct{ batches []int }

func (c *countingUpserter) UpsertPapers(_ context.Context, ps []store.Paper) (store.UpsertStats, error) {
	c.batches = append(c.batches, len(ps))
	return store.UpsertStats{New: len(ps)}, nil
}

func TestImportBatches(t *testing.T) {
	var b strings.Builder
	n := ImportBatch*2 + 7
	for i := range n {
		fmt.Fprintf(&b, `{"id":"0801.%05d","title":"t","categories":"cs.AR","versions":[{"version":"v1","created":"Tue, 1 Jan 2008 10:00:00 GMT"}]}`+"\n", i+1)
	}
	up := &countingUpserter{}
	var calls int
	res, err := Import(bg, up, strings.NewReader(b.String()), func(int) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(up.batches, []int{ImportBatch, ImportBatch, 7}) || res.New != n || calls != 3 {
		t.Errorf("batches = %v, new %d, progress calls %d", up.batches, res.New, calls)
	}
}

func TestImportCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(bg)
	cancel()
	_, err := Import(ctx, &countingUpserter{}, bytes.NewReader(fixture(t, "snapshot.jsonl")), nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

func TestImportFileMissing(t *testing.T) {
	_, err := ImportFile(bg, &countingUpserter{}, filepath.Join(t.TempDir(), "nope.json"), nil)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v", err)
	}
}
