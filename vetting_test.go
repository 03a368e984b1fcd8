package custos

import (
	"strings"
	"testing"
)

func TestVettingValidate(t *testing.T) {
	long := strings.Repeat("x", MaxTextLen+1)
	tests := []struct {
		name   string
		v      interface{ Validate() error }
		fields []string // every field the error must name; none means valid
	}{
		{"unit for a program", &Nomination{ActorID: 1, ProgramID: 2}, nil},
		{"person for an activity", &Nomination{PersonID: 1, ActivityID: 2}, nil},
		{"no subject", &Nomination{ProgramID: 2}, []string{"actor_id"}},
		{"both subjects", &Nomination{ActorID: 1, PersonID: 1, ProgramID: 2}, []string{"person_id"}},
		{"for nothing", &Nomination{ActorID: 1, Notes: long}, []string{"program_id", "notes"}},
		{"negative ids", &Nomination{ActorID: -1, ActivityID: -2, ProgramID: -3}, []string{"actor_id", "activity_id", "program_id"}},
		{"judgement", &MatchJudgement{Verdict: Different, Reason: "born elsewhere"}, nil},
		{"judgement without reason", &MatchJudgement{Verdict: "maybe"}, []string{"verdict", "reason"}},
		{"decision", &VettingDecision{NominationID: 1, Outcome: Denied, Reason: "credible report", Evidence: []string{"incident:4"}}, nil},
		{"decision bad", &VettingDecision{Outcome: "perhaps", Evidence: []string{""}, ExpiresOn: Date{Year: 1066, Month: 1, Day: 1}},
			[]string{"nomination_id", "outcome", "reason", "evidence[0]", "expires_on"}},
		{"remediation", &RemediationStep{DecisionID: 1, Date: Date{Year: 2025, Month: 1, Day: 2}, Step: "commander prosecuted"}, nil},
		{"remediation bad", &RemediationStep{Step: " ", Evidence: "a\nb"}, []string{"decision_id", "date", "step", "evidence"}},
		{"list entry", &ListEntry{List: "OFAC SDN", Key: "1", Kind: "person", Name: "A B", Gender: "m"}, nil},
		{"list entry bad", &ListEntry{Kind: "ship", Gender: "x", Aliases: []string{""}},
			[]string{"name", "key", "kind", "aliases[0]", "gender"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.v.Validate()
			if len(tt.fields) == 0 {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Kind != EINVALID {
				t.Fatalf("Validate() = %v, want an EINVALID *Error", err)
			}
			for _, f := range tt.fields {
				if _, ok := e.Fields[f]; !ok {
					t.Errorf("Validate() fields = %v, want one naming %q", e.Fields, f)
				}
			}
		})
	}
}

func TestDecisionInForce(t *testing.T) {
	day := Date{Year: 2026, Month: 6, Day: 30}
	tests := []struct {
		d    VettingDecision
		want bool
	}{
		{VettingDecision{Status: DecisionInForce, ExpiresOn: day}, true},
		{VettingDecision{Status: DecisionInForce, ExpiresOn: Date{Year: 2026, Month: 6, Day: 29}}, false},
		{VettingDecision{Status: DecisionProposed, ExpiresOn: day}, false},
		{VettingDecision{Status: DecisionInForce}, true},
	}
	for _, tt := range tests {
		if got := tt.d.InForce(day); got != tt.want {
			t.Errorf("%+v.InForce(%s) = %v, want %v", tt.d, day, got, tt.want)
		}
	}
}

func TestParticipantProblem(t *testing.T) {
	tests := []struct {
		p    ParticipantVetting
		want string
	}{
		{ParticipantVetting{State: VettingState(Approved)}, ""},
		{ParticipantVetting{State: VettingMissing}, "has no Leahy vetting"},
		{ParticipantVetting{State: VettingPending}, "pending"},
		{ParticipantVetting{State: VettingState(Denied)}, "was denied"},
		{ParticipantVetting{State: VettingExpired, ExpiresOn: Date{Year: 2025, Month: 3, Day: 1}}, "expired since 2025-03-02 (in force through 2025-03-01)"},
	}
	for _, tt := range tests {
		got := tt.p.Problem()
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("Problem(%s) = %q, want one containing %q", tt.p.State, got, tt.want)
		}
		if tt.p.Cleared() != (tt.want == "") {
			t.Errorf("Cleared(%s) = %v", tt.p.State, tt.p.Cleared())
		}
	}
}
