// Package storetest is the contract every Custos store must meet. The SQLite
// and PostgreSQL packages run the same suite against a real database.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/password"
	"github.com/custos-ssa/custos/internal/store"
)

// Opener returns a new, empty, migrated store for one test.
type Opener func(t *testing.T) *store.DB

// Run runs the contract suite.
func Run(t *testing.T, open Opener) {
	store.PasswordParams = password.Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 16}
	tests := []struct {
		name string
		fn   func(t *testing.T, db *store.DB)
	}{
		{"Countries", testCountries},
		{"Actors", testActors},
		{"ActorTree", testActorTree},
		{"Persons", testPersons},
		{"Organizations", testOrganizations},
		{"Authorities", testAuthorities},
		{"Programs", testPrograms},
		{"Activities", testActivities},
		{"Pagination", testPagination},
		{"Totals", testTotals},
		{"Releasability", testReleasability},
		{"HiddenLinksKept", testHiddenLinksKept},
		{"Permissions", testPermissions},
		{"FailedWriteChangesNothing", testFailedWriteChangesNothing},
		{"Users", testUsers},
		{"Tokens", testTokens},
		{"Audit", testAudit},
		{"AuditTamper", testAuditTamper},
		// Incidents (issue D), conditions and M&E (issue E) and vetting
		// (issue C) contract tests are listed below this line.
		{"VettingInterlock", testVettingInterlock},
		{"VettingFourEyes", testVettingFourEyes},
		{"VettingScreening", testVettingScreening},
		{"VettingProtection", testVettingProtection},
		{"VettedDeleteRefused", testVettedDeleteRefused},
		{"ReferencedDeleteRefused", testReferencedDeleteRefused},
		{"ConditionVetting", testConditionVetting},
		{"ConditionRecipients", testConditionRecipients},
		{"ConditionClearance", testConditionClearance},
		{"ConditionWatch", testConditionWatch},
		{"VettingStaleScreening", testVettingStaleScreening},
		{"VettingUnresolvedNames", testVettingUnresolvedNames},
		{"ConditionVettingCounts", testConditionVettingCounts},
		{"ResultsChain", testResultsChain},
		{"Measurements", testMeasurements},
		{"Conditions", testConditions},
		{"LatestApproved", testLatestApproved},
		{"ConditionIncidents", testConditionIncidents},
		{"ConditionIncidentsInRanges", testConditionIncidentsInRanges},
		{"ConditionNoData", testConditionNoData},
		{"ConditionReport", testConditionReport},
		{"ConditionEdits", testConditionEdits},
		{"ConditionConstants", testConditionConstants},
		{"ConditionDeletedUnit", testConditionDeletedUnit},
		{"ConditionPastData", testConditionPastData},
		{"ConditionDecisionsLadder", testConditionDecisionsLadder},
		{"Incidents", testIncidents},
		{"IncidentSources", testIncidentSources},
		{"IncidentTransitions", testIncidentTransitions},
		{"IncidentWarnings", testIncidentWarnings},
		{"VettingReviews", testVettingReviews},
		{"VettingNewInformation", testVettingNewInformation},
		{"VettingImportChangesSubject", testVettingImportChangesSubject},
		{"ConditionValuesWithheld", testConditionValuesWithheld},
		{"IncidentTrends", testIncidentTrends},
		{"IncidentTrendFilters", testIncidentTrendFilters},
		{"IncidentIntake", testIncidentIntake},
		{"IncidentIntakeCoarsenNear", testIntakeCoarsenNear},
		{"IncidentConfirm", testIncidentConfirm},
		{"IncidentMap", testIncidentMap},
		{"BarredPublication", testBarredPublication},
		// Civil-society consultations: contract tests below this line.
		{"Consultations", testConsultations},
		{"ConsultationProtection", testConsultationProtection},
		{"ConditionConsultations", testConditionConsultations},
		{"ConsultationFeedback", testConsultationFeedback},
		{"ConsultationFeedbackRefused", testConsultationFeedbackRefused},
		{"ConditionConsultationFeedback", testConditionConsultationFeedback},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := open(t)
			tt.fn(t, db)
		})
	}
}

var epoch = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// as returns a context for a principal of the given role.
func as(role custos.Role) context.Context {
	return custos.WithPrincipal(context.Background(), custos.Principal{UserID: 0, Name: "test-" + string(role), Role: role, Via: "test"})
}

var admin = custos.WithPrincipal(context.Background(), custos.System)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantKind fails unless err has the given kind.
func wantKind(t *testing.T, what string, err error, kind string) {
	t.Helper()
	if got := custos.ErrorKind(err); got != kind {
		t.Errorf("%s: error kind = %q (%v), want %q", what, got, err, kind)
	}
}

// wantField fails unless err is EINVALID (or the given kind) naming field.
func wantField(t *testing.T, what string, err error, field string) {
	t.Helper()
	e, ok := err.(*custos.Error)
	if !ok {
		t.Errorf("%s: error = %v, want a *custos.Error naming %q", what, err, field)
		return
	}
	if _, ok := e.Fields[field]; !ok {
		t.Errorf("%s: error fields = %v, want one naming %q", what, e.Fields, field)
	}
}

func newActor(t *testing.T, ctx context.Context, db *store.DB, name string, parent int64, r custos.Releasability) *custos.Actor {
	t.Helper()
	a := &custos.Actor{Country: "ML", Kind: "army", Name: name, ParentID: parent, Releasability: r}
	must(t, db.CreateActor(ctx, a))
	return a
}

func auditCount(t *testing.T, db *store.DB) int64 {
	t.Helper()
	rep, err := db.VerifyAudit(admin)
	must(t, err)
	return rep.Entries
}
