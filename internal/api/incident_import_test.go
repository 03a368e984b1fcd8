package api

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http/httptest"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/importer"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// ucdpHeader is the least a UCDP GED file needs.
const ucdpHeader = "id,type_of_violence,side_a,side_b,date_prec,date_start,date_end,country,country_id,latitude,longitude,where_prec,deaths_civilians,best,low,high\n"

// ucdpFile is a UCDP file of one event with civilian deaths (imported) and
// one without (rejected by design); id makes the first event's key.
func ucdpFile(id string) []byte {
	return []byte(ucdpHeader +
		id + ",3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,4,7\n" +
		id + "0,1,Government of Mali,JNIM,1,2020-01-03,2020-01-03,Mali,432,14.1,-4.2,1,0,3,3,3\n")
}

func TestImportIncidentsAPI(t *testing.T) {
	f := newFixture(t)
	count := func() int {
		list, _, err := f.db.FindIncidents(sys, custos.IncidentFilter{Dataset: "ucdp"})
		must(t, err)
		return len(list)
	}
	bad := []byte(ucdpHeader +
		"7,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,4,7\n" +
		"8,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,48.85,2.35,1,5,5,4,7\n" +
		"9,3,Government of Mali,Civilians,1,2020-01-32,2020-01-02,Mali,432,14.1,-4.2,1,5,5,9,9\n")
	tests := []struct {
		name   string
		role   custos.Role
		query  string
		body   []byte
		status int
		want   *incidentImportResult // on success
		fields map[string]string     // on a refusal naming parameters
		rows   []importer.RowProblem // on a malformed file; messages not compared
		stored int                   // ucdp incidents stored after the call
	}{
		{name: "planner may not", role: custos.RolePlanner, query: "?format=ucdp", body: ucdpFile("1"), status: 403},
		{name: "viewer may not", role: custos.RoleViewer, query: "?format=ucdp", body: ucdpFile("1"), status: 403},
		{name: "anonymous", query: "?format=ucdp", body: ucdpFile("1"), status: 401},
		{name: "no format", role: custos.RoleAnalyst, body: ucdpFile("1"), status: 400,
			fields: map[string]string{"format": "is required: one of ucdp, acled, hxl"}},
		{name: "unknown format", role: custos.RoleAnalyst, query: "?format=gdelt", body: ucdpFile("1"), status: 400,
			fields: map[string]string{"format": `"gdelt" is not one of ucdp, acled, hxl`}},
		{name: "dataset not hxl", role: custos.RoleAnalyst, query: "?format=ucdp&dataset=x", body: ucdpFile("1"), status: 400,
			fields: map[string]string{"dataset": "is for format=hxl only"}},
		{name: "malformed", role: custos.RoleAnalyst, query: "?format=ucdp&file=ged.csv", body: bad, status: 400,
			rows: []importer.RowProblem{{Line: 3, Field: "latitude"}, {Line: 4, Field: "date_start"}, {Line: 4, Field: "low"}}},
		{name: "not a UCDP file", role: custos.RoleAnalyst, query: "?format=ucdp&file=ged.csv", body: []byte("id,date\n1,2020-01-02\n"), status: 400,
			rows: []importer.RowProblem{{Line: 1}}},
		{name: "imported", role: custos.RoleAnalyst, query: "?format=ucdp&file=ged.csv", body: ucdpFile("1"), status: 201, stored: 1,
			want: &incidentImportResult{File: "ged.csv", Format: "ucdp", Summary: "imported 1 incidents (0 updated, 1 rejected)", Rows: 2, Created: 1, Rejected: 1}},
		{name: "updated", role: custos.RoleAdmin, query: "?format=ucdp&file=ged.csv", body: ucdpFile("1"), status: 201, stored: 1,
			want: &incidentImportResult{File: "ged.csv", Format: "ucdp", Summary: "imported 1 incidents (1 updated, 1 rejected)", Rows: 2, Updated: 1, Rejected: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := f.do(tt.role, "POST", "/api/v1/incidents/import"+tt.query, tt.body)
			if status != tt.status {
				t.Fatalf("POST /incidents/import%s = %d %s, want %d", tt.query, status, body, tt.status)
			}
			if got := count(); got != tt.stored {
				t.Errorf("%d ucdp incidents stored, want %d", got, tt.stored)
			}
			switch {
			case tt.want != nil:
				var got incidentImportResult
				must(t, json.Unmarshal(body, &got))
				if diff := cmp.Diff(*tt.want, got); diff != "" {
					t.Errorf("result (-want +got):\n%s", diff)
				}
			case tt.fields != nil:
				if diff := cmp.Diff(tt.fields, errorOf(t, body).Fields); diff != "" {
					t.Errorf("fields (-want +got):\n%s", diff)
				}
			case tt.rows != nil:
				var got rowsErrorBody
				must(t, json.Unmarshal(body, &got))
				if diff := cmp.Diff(tt.rows, got.Error.Rows, cmpopts.IgnoreFields(importer.RowProblem{}, "Message")); diff != "" || got.Error.Kind != custos.EINVALID {
					t.Errorf("rows (-want +got):\n%s\n%s", diff, body)
				}
				for _, p := range got.Error.Rows {
					if p.Message == "" {
						t.Errorf("problem at line %d has no message", p.Line)
					}
				}
			}
		})
	}

	// As a form upload, named by the part's file name.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", `C:\data\ged-mali.csv`)
	must(t, err)
	fw.Write(ucdpFile("2"))
	mw.Close()
	req := httptest.NewRequest("POST", "/api/v1/incidents/import?format=ucdp", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+f.tokens[custos.RoleAnalyst])
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	var res incidentImportResult
	if rec.Code != 201 || json.Unmarshal(rec.Body.Bytes(), &res) != nil || res.File != "ged-mali.csv" || res.Created != 1 {
		t.Errorf("multipart import = %d %s, want 201, one incident of ged-mali.csv", rec.Code, rec.Body)
	}
}
