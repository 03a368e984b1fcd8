package importer

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteTemplateCSV writes a template's header as a UTF-8 CSV file.
func WriteTemplateCSV(w io.Writer, t Template) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(t.Header())
	cw.Flush()
	return cw.Error()
}

// WriteTemplateXLSX writes a template as a workbook: the first sheet has
// the header to fill in; a second sheet, "Help", explains each column.
func WriteTemplateXLSX(w io.Writer, t Template) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Kind
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(t.Columns))
	f.SetCellStyle(sheet, "A1", last+"1", bold)
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	if _, err := f.NewSheet("Help"); err != nil {
		return err
	}
	f.SetSheetRow("Help", "A1", &[]any{"column", "required", "what to put in it"})
	f.SetCellStyle("Help", "A1", "C1", bold)
	for i, c := range t.Columns {
		req := ""
		if c.Required {
			req = "yes"
		}
		help := c.Help
		if c.Name == "key" && help == "" {
			help = "your identifier for the row; re-importing a key updates that record; other rows refer to it"
		}
		f.SetSheetRow("Help", fmt.Sprintf("A%d", i+2), &[]any{c.Name, req, help})
	}
	f.SetColWidth("Help", "C", "C", 100)
	_, err = f.WriteTo(w)
	return err
}
