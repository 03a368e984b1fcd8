package seed

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// demoConditionsDataset marks the demonstration conditions.
const demoConditionsDataset = "demo:conditions"

// demoConditionNote says on every demonstration condition what is
// fictional about it and what is not.
const demoConditionNote = " Fictional condition, written for the demonstration: no donor set it. The incidents it counts are real (the UCDP GED 23.1 sample imported as the demonstration's incidents)."

// DemoConditions adds fictional conditions to the demonstration store, so
// that the condition pages, the status report and the portfolio have
// something to show: country-plan red lines over the real UCDP incidents
// of Syria, Afghanistan and Colombia, and a vetting milestone on the first
// Afghanistan program of the training reports when there is one. Each is
// titled "Fictional (demo)" and says so in its statement. It adds nothing
// to a store that has them already, and reports how many it added. The
// server's condition watch evaluates them as soon as it starts.
func DemoConditions(ctx context.Context, st *store.DB) (int, error) {
	sys := custos.WithPrincipal(ctx, custos.System)
	have, _, err := st.FindConditions(sys, custos.ConditionFilter{Q: "Fictional (demo)", Page: custos.Page{Limit: 1}})
	if err != nil {
		return 0, err
	}
	if len(have) > 0 {
		return 0, nil
	}
	ladder := []custos.ConsequenceStep{{Action: "warning", Text: "letter from the ambassador"}, {Action: "pause_new_obligations"}, {Action: "suspend"}, {Action: "terminate"}}
	conds := []*custos.Condition{
		{Country: "SY", Kind: "red_line", Type: "policy", Owner: "Fictional desk officer", Title: "Fictional (demo): no one-sided violence against civilians by government forces",
			Statement:    "No report of government forces deliberately killing civilians (UCDP one-sided violence), whatever its verification status." + demoConditionNote,
			Criterion:    `incidents.count("extrajudicial_killing") == 0`,
			Consequences: ladder, ExitStrategy: "Fictional: hand over to a monitoring mission once no report is received for a year."},
		{Country: "AF", Kind: "red_line", Type: "policy", Owner: "Fictional desk officer", Title: "Fictional (demo): no credible report of extrajudicial killing",
			Statement: "No report of extrajudicial killing judged credible or confirmed by an analyst: reports not yet judged do not breach it. At risk while reports of civilians harmed in operations stand (any status but discounted)." + demoConditionNote,
			Criterion: `incidents.credible("extrajudicial_killing") == 0`,
			AtRisk:    `incidents.count("civilian_harm_operations") > 0`, Consequences: ladder},
		{Country: "CO", Kind: "red_line", Type: "performance", Owner: "Fictional desk officer", Title: "Fictional (demo): civilian harm in operations falls to zero within a year",
			Statement:    "No report of civilians killed or injured in operations in the last 365 days." + demoConditionNote,
			Criterion:    `incidents.count("civilian_harm_operations", 365) == 0`,
			Inducements:  []string{"Fictional: release the next tranche of equipment"},
			Consequences: ladder},
	}
	progs, _, err := st.FindPrograms(sys, custos.ProgramFilter{Country: "AF", Page: custos.Page{Limit: 1}})
	if err != nil {
		return 0, err
	}
	if len(progs) > 0 {
		today := custos.DateOf(st.Now().UTC())
		conds = append(conds, &custos.Condition{ProgramID: progs[0].ID, Kind: "milestone", Type: "fiduciary", Owner: "Fictional program manager",
			Title:     "Fictional (demo): every participant vetted before the next course",
			Statement: "Every unit and person taking part in the program's activities holds a current favourable Leahy vetting." + demoConditionNote,
			Criterion: `vetting.unvetted_participants == 0`, Deadline: custos.Date{Year: today.Year + 1, Month: 3, Day: 31},
			Consequences: []custos.ConsequenceStep{{Action: "warning"}, {Action: "pause_new_obligations", Text: "no new course until the vetting is done"}}})
	}
	for i, c := range conds {
		c.Releasability = custos.Public
		if c.ProgramID != 0 {
			c.Releasability = max(c.Releasability, progs[0].Releasability)
		}
		c.Source = &custos.SourceRef{Dataset: demoConditionsDataset, Key: fmt.Sprint(i + 1)}
		if err := st.CreateCondition(sys, c); err != nil {
			return i, fmt.Errorf("demo condition %q: %w", c.Title, err)
		}
	}
	return len(conds), nil
}
