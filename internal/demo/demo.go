// Package demo holds the real public data the demonstration store is built
// from: the U.S. Foreign Military Training Reports as parsed by Security
// Force Monitor (data/fmtr), and a sample of the UCDP Georeferenced Event
// Dataset (data/ucdp); see PROVENANCE.md in each.
package demo

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/custos-ssa/custos/internal/importer"
)

//go:embed data/fmtr/*.tsv.gz
var fmtrFiles embed.FS

//go:embed data/ucdp/ucdpged_v23_1_sample1000.csv.gz
var ucdpSample []byte

// UCDPFile is the name under which the embedded UCDP GED sample is imported.
const UCDPFile = "ucdpged_v23_1_sample1000.csv"

// UCDPEvents returns the embedded 1,000-event sample of UCDP GED 23.1,
// decompressed.
func UCDPEvents() ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(ucdpSample))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", UCDPFile, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", UCDPFile, err)
	}
	return b, nil
}

// FMTRFiles returns the embedded FMTR files, decompressed, in name order.
func FMTRFiles() ([]importer.File, error) {
	names, err := fs.Glob(fmtrFiles, "data/fmtr/*.tsv.gz")
	if err != nil {
		return nil, err
	}
	var out []importer.File
	for _, n := range names {
		f, err := fmtrFiles.Open(n)
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		var b bytes.Buffer
		_, err = io.Copy(&b, zr)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		out = append(out, importer.File{Name: strings.TrimSuffix(path.Base(n), ".gz"), Data: b.Bytes()})
	}
	return out, nil
}
