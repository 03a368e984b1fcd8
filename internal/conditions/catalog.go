// Package conditions compiles and evaluates the criteria of conditions
// (milestones and red lines) against the data, so that "the partner
// investigates 40% of complaints within 90 days" or "no credible reports of
// torture by an assisted unit" is answered by the figures Custos holds.
//
// Criteria are CEL expressions (https://cel.dev) over a small catalog of
// named inputs, declared in this file with their documentation; Markdown
// renders the catalog for the people who write the expressions. The engine
// is pure: the store aggregates the data into an Inputs snapshot and the
// engine never touches a database.
package conditions

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/google/cel-go/cel"

	"github.com/custos-ssa/custos"
)

// InputDoc documents one named input an expression can read.
type InputDoc struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"` // as CEL writes it
	Doc     string   `json:"doc"`
	Keys    []string `json:"keys,omitempty"` // the fixed keys of a map input
	Example string   `json:"example"`
	celType *cel.Type
}

// FunctionDoc documents one function an expression can call besides CEL's
// standard ones.
type FunctionDoc struct {
	Signature string `json:"signature"`
	Doc       string `json:"doc"`
	Example   string `json:"example"`
}

// Vetting and consultation keys. They are fixed, so a misspelt key is a
// compile error rather than a condition that can never be evaluated.
var (
	vettingKeys      = []string{"approved", "denied", "suspended", "pending", "expired", "denied_recipients", "unvetted_participants"}
	consultationKeys = []string{"held", "held_outside_capital", "feedback_received", "feedback_answered", "answered_percent"}
)

// incidentsType is the CEL type of the incidents input: an opaque handle on
// pre-aggregated incident counts, queried through its methods.
var incidentsType = cel.OpaqueType("custos.incidents")

var catalog = []InputDoc{
	{Name: "today", Type: "timestamp", celType: cel.TimestampType,
		Doc:     "The date the condition is evaluated as of, at midnight UTC.",
		Example: `today >= date("2026-10-01")`},
	{Name: "deadline", Type: "timestamp", celType: cel.TimestampType,
		Doc:     "The condition's deadline, at midnight UTC. Reading it on a condition without a deadline (a red line) makes the condition impossible to evaluate.",
		Example: `today <= deadline`},
	{Name: "days_left", Type: "int", celType: cel.IntType,
		Doc:     "Days from today to the deadline: 0 on the deadline, negative after it. Like deadline, it needs a deadline.",
		Example: `days_left > 60 || indicator["POL-3"] >= 30.0`},
	{Name: "indicator", Type: "map(string, double)", celType: cel.MapType(cel.StringType, cel.DoubleType),
		Doc:     "The latest approved value of each of the program's indicators, by indicator code: the total (not a breakdown) of the approved measurement whose period ended last, on or before today. An indicator without one has no entry: reading it makes the condition impossible to evaluate, and `\"CODE\" in indicator` is false until it has one; a verdict that rests on that test finding no figure (a guard such as `!(\"CODE\" in indicator) || ...`) may be breached or at risk, but never met or on track: it is then impossible to evaluate. A code that is no longer one of the program's indicators (renamed or deleted since the condition was written) makes the condition impossible to evaluate, read or tested with `in`. A loop over the map (`indicator.all(k, ...)`), its size or a key computed at run time reads it as a whole: while no indicator has an approved measurement, that makes the condition impossible to evaluate rather than true over nothing.",
		Example: `indicator["POL-3"] >= 40.0`},
	{Name: "baseline", Type: "map(string, double)", celType: cel.MapType(cel.StringType, cel.DoubleType),
		Doc:     "Each indicator's baseline value, by indicator code. Codes and whole reads as for indicator.",
		Example: `indicator["POL-3"] >= baseline["POL-3"] * 2.0`},
	{Name: "target", Type: "map(string, double)", celType: cel.MapType(cel.StringType, cel.DoubleType),
		Doc:     "Each indicator's target for the period that contains today, or else for the last period that ended before today, by indicator code. Codes and whole reads as for indicator.",
		Example: `indicator["POL-3"] >= target["POL-3"]`},
	{Name: "recipients", Type: "list(int)", celType: cel.ListType(cel.IntType),
		Doc:     "The actor ids of the units the program assists: its recipient units and the units taking part in its activities (unless cancelled). A program with none recorded has no data here, and a condition reading it cannot be evaluated.",
		Example: `recipients.all(u, incidents.unit(u).credible("torture") == 0)`},
	{Name: "incidents", Type: "custos.incidents", celType: incidentsType,
		Doc:     "Incidents alleged against the units the program assists and the units under them (for a country-plan condition, against any unit in the country), excluding discounted reports. Query it with count, credible and unit. An incident naming several of these units counts once. A program with no units recorded has no data here.",
		Example: `incidents.credible("extrajudicial_killing") == 0`},
	{Name: "vetting", Type: "map(string, int)", celType: cel.MapType(cel.StringType, cel.IntType), Keys: vettingKeys,
		Doc:     "Leahy vetting of the program's recipients and participants: current decisions approved, denied, suspended, pending and expired; denied_recipients, recipient units with a denial in force; unvetted_participants, activity participants without a current favourable vetting.",
		Example: `vetting.denied_recipients == 0 && vetting.unvetted_participants == 0`},
	{Name: "consultations", Type: "map(string, double)", celType: cel.MapType(cel.StringType, cel.DoubleType), Keys: consultationKeys,
		Doc:     "Civil-society consultation for the program: consultations held and held_outside_capital, feedback_received and feedback_answered (incorporated or not, with reasons), and answered_percent, the share of feedback answered (0 to 100; missing while no feedback has been received).",
		Example: `consultations.held >= 2.0 && consultations.answered_percent >= 90.0`},
}

var functionDocs = []FunctionDoc{
	{Signature: "incidents.count(category string) int",
		Doc:     "Incidents in the category reported up to today, whatever their verification (discounted reports excluded). The category \"any\" counts every category.",
		Example: `incidents.count("any") < 10`},
	{Signature: "incidents.count(category string, days int) int",
		Doc:     "Incidents in the category in the last days days, today included. days is 1 to " + strconv.Itoa(maxWindowDays) + " (a century); a constant out of that range is refused when the condition is saved.",
		Example: `incidents.count("civilian_harm_operations", 90) <= 2`},
	{Signature: "incidents.credible(category string) int",
		Doc:     "Incidents in the category judged credible or confirmed: the \"credible information\" of the Leahy laws.",
		Example: `incidents.credible("torture") == 0`},
	{Signature: "incidents.credible(category string, days int) int",
		Doc:     "Credible or confirmed incidents in the category in the last days days, today included. days as for count.",
		Example: `incidents.credible("any", 365) == 0`},
	{Signature: "incidents.unit(actor int) custos.incidents",
		Doc:     "The incidents alleged against one unit or any unit under it (its companies, their platoons... by the actors' parent units), to be queried with count or credible. An incident naming several of these units counts once. A unit id written in the expression must be a recorded actor's, or the condition is refused when saved; a unit deleted since makes the condition impossible to evaluate, never a count of 0.",
		Example: `incidents.unit(42).credible("enforced_disappearance") == 0`},
	{Signature: "date(text string) timestamp",
		Doc:     "The day written YYYY-MM-DD, at midnight UTC. A text that is not a day of the calendar (\"2026-02-30\") is refused when the condition is saved.",
		Example: `today < date("2026-09-30")`},
}

// IncidentCategoryAny matches every incident category in count and credible.
const IncidentCategoryAny = "any"

// Catalog returns the documentation of every input, in catalog order.
func Catalog() []InputDoc {
	out := make([]InputDoc, len(catalog))
	copy(out, catalog)
	return out
}

// Functions returns the documentation of the functions the catalog adds to
// standard CEL.
func Functions() []FunctionDoc {
	out := make([]FunctionDoc, len(functionDocs))
	copy(out, functionDocs)
	return out
}

// InputNames returns the names of the inputs, sorted, for error messages.
func InputNames() []string {
	names := make([]string, len(catalog))
	for i, in := range catalog {
		names[i] = in.Name
	}
	sort.Strings(names)
	return names
}

// incidentCategoryNames returns the categories count and credible accept.
func incidentCategoryNames() []string {
	names := []string{IncidentCategoryAny}
	for _, c := range custos.IncidentCategories {
		names = append(names, string(c))
	}
	return names
}

// Markdown renders the catalog for the people who write criteria: every
// input and function with its type, meaning and an example, then the rules
// that turn a criterion's value into a status.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# Condition inputs\n\n")
	b.WriteString("A condition's criterion is a [CEL](https://cel.dev) expression that is true when the condition is met (for a red line: when the line holds). It can read these inputs.\n\n")
	b.WriteString("| input | type | meaning | example |\n| --- | --- | --- | --- |\n")
	for _, in := range catalog {
		doc := in.Doc
		if len(in.Keys) > 0 {
			doc += " Keys: " + strings.Join(in.Keys, ", ") + "."
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | `%s` |\n", in.Name, in.Type, cellText(doc), cellText(in.Example))
	}
	b.WriteString("\n## Functions\n\nBesides CEL's standard functions and macros (`all`, `exists`, `size`, ...):\n\n")
	b.WriteString("| function | meaning | example |\n| --- | --- | --- |\n")
	for _, f := range functionDocs {
		fmt.Fprintf(&b, "| `%s` | %s | `%s` |\n", f.Signature, cellText(f.Doc), cellText(f.Example))
	}
	fmt.Fprintf(&b, "\nIncident categories: %s.\n", strings.Join(incidentCategoryNames(), ", "))
	b.WriteString("\nNumbers of either kind compare with each other (`indicator[\"POL-3\"] >= 40` works), but arithmetic needs one kind: write `2.0 * baseline[\"POL-3\"]`.\n")
	b.WriteString("\n## Statuses\n\n")
	b.WriteString(statusRules)
	return b.String()
}

// statusRules is the documentation of Evaluate's rules, shown to users.
const statusRules = `1. If the criterion cannot be evaluated (an input it reads has no data, an error, a value that is not true or false), the status is **cannot_evaluate** with the reason. Such a condition is never shown as met. An input has no data when the store has none for it, when the key read has no value (an indicator without an approved measurement), when a map read as a whole (` + "`indicator.all(k, ...)`" + `) is empty, and when an indicator code read, or tested with ` + "`in`" + `, is no longer one of the program's (renamed or deleted).
2. **met** and **on_track** must rest on data: a criterion that is true only because the logic skipped an input without data (` + "`a || b`" + ` with ` + "`a`" + ` missing and ` + "`b`" + ` true) is **cannot_evaluate**, and so is a false one that would be on_track, an at-risk expression that is false only by skipping one, and a verdict of met or on_track from expressions that name an indicator code the program no longer has, even in a part the evaluation did not reach. A criterion that is false whatever the missing input would be (` + "`a && b`" + ` with ` + "`b`" + ` false) is false for the rest of these rules, so a breach (or an at_risk) is never hidden by a gap elsewhere.
3. A **red line** whose criterion is true is **met** (the line holds), or **at_risk** if its at-risk expression is true; false is **breached**.
4. A **milestone** whose criterion is true is **met**. When false: after the deadline it is **breached**; before it (the deadline day included) it is **at_risk** if its at-risk expression is true or the deadline is at most warn_days days away (30 unless set), and **on_track** otherwise.
5. An at-risk expression that cannot be evaluated makes the status **cannot_evaluate** too, because on_track and at_risk cannot be told apart.
`

// cellText makes text safe inside a Markdown table cell.
func cellText(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
