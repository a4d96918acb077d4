package benchgen

import (
	"bytes"
	"testing"
)

func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteSnapshot(&a, 300); err != nil {
		t.Fatal(err)
	}
	if err := WriteSnapshot(&b, 300); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs differ")
	}
}
