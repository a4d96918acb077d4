package fetch

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// The fast decoding of snapshot records gives what the lenient one gives,
// whatever the types of the fields.
func TestSnapshotPlainDecodingMatchesLenient(t *testing.T) {
	for _, rec := range []string{
		`{"id":"2401.00001","title":"A","abstract":"B","authors":"X and Y","categories":"cs.AR cs.LG","versions":[{"version":"v1","created":"Mon, 2 Apr 2007 19:18:42 GMT"}],"update_date":"2024-01-02","authors_parsed":[["Y","X",""],["Z","W",""]]}`,
		`{"id":2401.00001,"title":["A"],"abstract":null,"authors":{"a":1},"categories":5}`,
		`{"id":"2401.00002","authors_parsed":[["Y",5,null],"junk",[true]],"versions":"v1"}`,
		`{"id":"2401.00003","versions":[{"version":1,"created":["x"]},5,null]}`,
		`{"id":"2401.00004","authors_parsed":{"a":"b"},"versions":{"v":1}}`,
		`[1,2,3]`, `"text"`, `5`, `null`, `{}`,
	} {
		var lenient jobj[snapRecord]
		if err := json.Unmarshal([]byte(rec), &lenient); err != nil {
			t.Fatalf("%s: lenient: %v", rec, err)
		}
		var plain snapPlain
		var typeErr *json.UnmarshalTypeError
		if err := json.Unmarshal([]byte(rec), &plain); err != nil && !errors.As(err, &typeErr) {
			t.Fatalf("%s: plain: %v", rec, err)
		}
		want, wantOK := lenient.V.toPaper()
		got, gotOK := plain.record().toPaper()
		if wantOK != gotOK || !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v %v\nwant %+v %v", rec, got, gotOK, want, wantOK)
		}
	}
}
