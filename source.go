package custos

import "fmt"

// SourceRef traces a record to the row of the dataset it was imported from,
// so that every figure shown can be followed back to its source page.
type SourceRef struct {
	Dataset string `json:"dataset"`        // "fmtr", "ucdp", "csv:programs"...
	Key     string `json:"key"`            // unique within the dataset; re-imports update by it
	File    string `json:"file,omitempty"` // the file or report section
	Page    int    `json:"page,omitempty"` // the page of a printed report
	Row     int    `json:"row,omitempty"`  // the line or row number in File
	URL     string `json:"url,omitempty"`  // where the source can be read
}

func checkSource(f FieldErrors, s *SourceRef) {
	if s == nil {
		return
	}
	checkLine(f, "source.dataset", s.Dataset, 100, true)
	checkLine(f, "source.key", s.Key, 1000, true)
	checkLine(f, "source.file", s.File, 1000, false)
	checkLine(f, "source.url", s.URL, 2000, false)
	if s.Page < 0 {
		f.Add("source.page", fmt.Sprintf("must not be negative, got %d", s.Page))
	}
	if s.Row < 0 {
		f.Add("source.row", fmt.Sprintf("must not be negative, got %d", s.Row))
	}
}
