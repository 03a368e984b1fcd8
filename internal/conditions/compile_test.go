package conditions

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
)

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name     string
		expr     string
		line     int
		column   int
		contains string
	}{
		{"empty", "  ", 1, 1, "is empty"},
		{"syntax", `indicator["POL-3"] >= `, 1, 23, "syntax error: the expression ends too soon"},
		{"unbalanced", `(vetting.denied == 0`, 1, 21, "syntax error: the expression ends too soon"},
		{"words for operators", `vetting.denied == 0 and vetting.pending == 0`, 1, 21, `syntax error: "and" is not expected here; write &&`},
		{"single quotes are fine, a stray character is not", `vetting.denied == 0 # none`, 1, 21, `syntax error: "#" is not part of the expression language`},
		{"unknown input", `budget > 3`, 1, 1, `unknown input "budget"; the inputs are: baseline, consultations`},
		{"unknown input on line 2", "vetting.denied == 0 &&\n  incident.count(\"torture\") == 0", 2, 3, `unknown input "incident"`},
		{"type mismatch", `indicator["POL-3"] >= "forty"`, 1, 20, "no matching overload for '>='"},
		{"mixed arithmetic", `indicator["POL-3"] + 1 > 2.0`, 1, 20, "'+' applied to '(double, int)'"},
		{"not a bool", `indicator["POL-3"] * 2.0`, 1, 1, "gives a double, but a criterion must be true or false"},
		{"unknown category", `incidents.credible("tortur") == 0`, 1, 20, `unknown incident category "tortur"`},
		{"unknown category through unit", `incidents.unit(4).count("killing", 30) == 0`, 1, 25, `unknown incident category "killing"`},
		{"unknown vetting key", `vetting.denid == 0`, 1, 8, `vetting has no key "denid"; its keys are: approved, denied`},
		{"unknown consultations key", `consultations["meetings"] > 2`, 1, 14, `consultations has no key "meetings"`},
		{"unknown method", `incidents.total("torture") == 0`, 1, 16, `unknown function "total"`},
		{"nested loops cost", `recipients.all(u, recipients.all(v, incidents.unit(u).credible("torture") == v))`, 1, 1, "could take too long to evaluate"},
		{"loops over indicators", `indicator.all(k, indicator.all(j, baseline.all(b, indicator[k] > baseline[b])))`, 1, 1, "could take too long"},
		{"too long", strings.Repeat("true && ", 600) + "true", 1, 1, "the limit is 4000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Compile(tt.expr)
			var ce *CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("Compile(%q) = %v, %v; want a *CompileError", tt.expr, p, err)
			}
			got := ce.Problems[0]
			if got.Line != tt.line || got.Column != tt.column || !strings.Contains(got.Message, tt.contains) {
				t.Errorf("Compile(%q) first problem = %d:%d %q, want %d:%d containing %q", tt.expr, got.Line, got.Column, got.Message, tt.line, tt.column, tt.contains)
			}
		})
	}
}

func TestCompileDependsOn(t *testing.T) {
	tests := []struct {
		expr string
		want []InputKey
	}{
		{`indicator["POL-3"] >= 40`, []InputKey{{"indicator", "POL-3"}}},
		{`indicator["POL-3"] >= target["POL-3"] && indicator["JUS-1"] > baseline["JUS-1"]`,
			[]InputKey{{"baseline", "JUS-1"}, {"indicator", "JUS-1"}, {"indicator", "POL-3"}, {"target", "POL-3"}}},
		{`indicator.exists(k, indicator[k] > 100.0) || indicator["POL-3"] > 1`, []InputKey{{"indicator", "*"}}},
		{`incidents.credible("torture", 90) == 0 && incidents.unit(7).count("extrajudicial_killing") == 0`,
			[]InputKey{{"incidents", "extrajudicial_killing"}, {"incidents", "torture"}}},
		{`incidents.credible("any") == 0`, []InputKey{{"incidents", "*"}}},
		{`recipients.all(u, incidents.unit(u).credible("torture") == 0)`, []InputKey{{"incidents", "torture"}, {Input: "recipients"}}},
		{`vetting.denied_recipients == 0 && consultations.held >= 2`, []InputKey{{"consultations", "held"}, {"vetting", "denied_recipients"}}},
		{`size(vetting) > 0`, []InputKey{{"vetting", "*"}}},
		{`today < deadline && days_left > 10`, []InputKey{{Input: "days_left"}, {Input: "deadline"}, {Input: "today"}}},
		{`true`, nil},
	}
	for _, tt := range tests {
		p, err := Compile(tt.expr)
		if err != nil {
			t.Fatalf("Compile(%q) = %v", tt.expr, err)
		}
		if diff := cmp.Diff(tt.want, p.DependsOn()); diff != "" {
			t.Errorf("Compile(%q).DependsOn() (-want +got):\n%s", tt.expr, diff)
		}
	}
}

func TestCompileConditionFields(t *testing.T) {
	c := &custos.Condition{Criterion: `vetting.denid == 0`, AtRisk: `days_left <`}
	_, err := CompileCondition(c)
	var e *custos.Error
	if !errors.As(err, &e) || e.Kind != custos.EINVALID {
		t.Fatalf("CompileCondition = %v, want an EINVALID *custos.Error", err)
	}
	for _, field := range []string{"criterion", "at_risk"} {
		if !strings.Contains(e.Fields[field], "line 1, column") {
			t.Errorf("CompileCondition field %s = %q, want a line and column", field, e.Fields[field])
		}
	}
	c = &custos.Condition{Criterion: `vetting.denied == 0`}
	cc, err := CompileCondition(c)
	if err != nil || cc.AtRisk != nil {
		t.Errorf("CompileCondition(no at-risk) = %v, %v; want a criterion only", cc, err)
	}
}

// FuzzCompile checks that no expression panics the compiler or takes long;
// evaluation of what compiles must not panic either.
func FuzzCompile(f *testing.F) {
	for _, in := range catalog {
		f.Add(in.Example)
	}
	for _, fn := range functionDocs {
		f.Add(fn.Example)
	}
	f.Add(`recipients.all(u, recipients.exists(v, u == v))`)
	f.Add(`"a".matches("(a+)+$") && [1,2,3].map(x, x * x)[2] == 9`)
	f.Add(`{"a": 1}["b"] == 1 || 1 / 0 == 1`)
	f.Add("((((((((((((((((((((((((((((((((((((((((((((((((((true))))))))))))))))))))))))))))))))))))))))))))))))))")
	in := fixtureInputs()
	f.Fuzz(func(t *testing.T, expr string) {
		start := time.Now()
		p, err := Compile(expr)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Compile(%q) took %v", expr, d)
		}
		if err != nil {
			var ce *CompileError
			if !errors.As(err, &ce) || len(ce.Problems) == 0 {
				t.Fatalf("Compile(%q) error %v is not a *CompileError with problems", expr, err)
			}
			return
		}
		cc := &Compiled{Condition: custos.Condition{ID: 1, Kind: "milestone", Deadline: day("2026-09-30"), Criterion: expr}, Criterion: p}
		e := Evaluate(cc, in, day("2026-06-01"))
		if e.Status == custos.ConditionCannotEvaluate && e.Error == "" {
			t.Errorf("Evaluate(%q) cannot evaluate but gives no reason", expr)
		}
	})
}
