package conditions

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/checker"
	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/parser"

	"github.com/custos-ssa/custos"
)

// Limits on expressions. MaxCost is in CEL cost units (roughly, operations):
// a criterion is checked against it before it is saved, from the sizes
// the inputs can reach (up to custos.MaxRefs recipients, maxMapSize
// indicators), and again while it runs. A loop over the recipients costs
// about 10 per unit and element; two nested loops over them cannot pass.
const (
	MaxExprLen = custos.MaxCriterionLen
	MaxCost    = 1_000_000
	maxMapSize = 1000 // indicators (and baselines, targets) of one program
	maxNodes   = 1000 // expression nodes after macro expansion
	maxDepth   = 48   // parser recursion
)

// Problem is one error in an expression, at a 1-based line and column.
type Problem struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// CompileError lists every problem found in an expression.
type CompileError struct {
	Problems []Problem
}

// Error writes the problems as "line 1, column 12: message; ...".
func (e *CompileError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = fmt.Sprintf("line %d, column %d: %s", p.Line, p.Column, p.Message)
	}
	return strings.Join(parts, "; ")
}

// Program is a compiled, type-checked expression, ready to evaluate any
// number of times from any number of goroutines.
type Program struct {
	expr   string
	prg    cel.Program
	probes []probe
	deps   []InputKey
	consts []InputKey // the constant keys it reads, such as {indicator POL-3}, sorted
	units  []int64    // the unit ids it names as constants, incidents.unit(42), sorted
	cost   uint64
}

// probe is a sub-expression whose value is reported with a verdict:
// indicator["POL-3"], vetting.denied, incidents.credible("torture"); or,
// when whole, an input the expression reads as a whole (text is its name),
// whose value is the input itself.
type probe struct {
	id    int64
	text  string
	whole bool
}

// readsWhole reports whether the expression reads input as a whole: loops
// over it, takes its size or reads it by a key computed at run time.
func (p *Program) readsWhole(input string) bool {
	for _, d := range p.deps {
		if d.Input == input && d.Key == "*" {
			return true
		}
	}
	return false
}

// readsKey reports whether the expression reads input by the constant key.
func (p *Program) readsKey(input, key string) bool {
	_, ok := slices.BinarySearchFunc(p.consts, InputKey{input, key}, compareKeys)
	return ok
}

// foreignCode returns an error naming the first indicator code the
// expression reads as a constant (indicator["POL-9"], "POL-9" in target)
// that is not among codes, whether or not the evaluation reached it; nil
// when there is none or codes is nil (not known).
func (p *Program) foreignCode(codes []string) error {
	if codes == nil {
		return nil
	}
	for _, k := range p.consts {
		switch k.Input {
		case "indicator", "baseline", "target":
			if !slices.Contains(codes, k.Key) {
				return fmt.Errorf("indicator %s is no longer an indicator of this program", k.Key)
			}
		}
	}
	return nil
}

// Expr returns the expression's source text.
func (p *Program) Expr() string { return p.expr }

// DependsOn returns the inputs the expression reads, sorted. A key of "*"
// means the expression reads the whole input (a loop over all indicators,
// or an index computed at run time).
func (p *Program) DependsOn() []InputKey { return append([]InputKey(nil), p.deps...) }

// Units returns the unit ids the expression names as constants, as in
// incidents.unit(42), sorted and each once; not those computed at run time
// (incidents.unit(u) in a loop over recipients). The store checks that each
// is an actor before it saves the expression: a mistyped id would
// otherwise count no incident, and a red line would hold on nothing.
func (p *Program) Units() []int64 { return slices.Clone(p.units) }

// Cost returns the most the expression can cost to evaluate, as estimated
// when it was compiled.
func (p *Program) Cost() uint64 { return p.cost }

var environment = sync.OnceValues(func() (*cel.Env, error) {
	opts := []cel.EnvOption{
		cel.CrossTypeNumericComparisons(true),
		cel.ParserRecursionLimit(maxDepth),
		cel.ParserExpressionSizeLimit(MaxExprLen),
		cel.ExpressionNodeLimit(maxNodes),
	}
	for _, in := range catalog {
		opts = append(opts, cel.Variable(in.Name, in.celType))
	}
	opts = append(opts, incidentFunctions()...)
	return cel.NewEnv(opts...)
})

// Compile parses and type-checks expr against the catalog. The expression
// must give true or false. Errors are a *CompileError naming the line and
// column of each problem in plain words, including unknown inputs (with the
// list of known ones), unknown incident categories or vetting keys, and
// expressions that could run too long.
func Compile(expr string) (*Program, error) {
	env, err := environment()
	if err != nil {
		return nil, fmt.Errorf("condition inputs: %w", err)
	}
	if strings.TrimSpace(expr) == "" {
		return nil, &CompileError{[]Problem{{1, 1, "the expression is empty"}}}
	}
	if n := len([]rune(expr)); n > MaxExprLen {
		return nil, &CompileError{[]Problem{{1, 1, fmt.Sprintf("the expression is %d characters long; the limit is %d", n, MaxExprLen)}}}
	}
	checked, iss := env.Compile(expr)
	if iss.Err() != nil {
		return nil, issuesError(expr, iss)
	}
	native := checked.NativeRep()
	info := native.SourceInfo()
	if t := checked.OutputType(); !t.IsExactType(types.BoolType) && !t.IsExactType(types.DynType) {
		return nil, &CompileError{[]Problem{{1, 1, fmt.Sprintf("the expression gives a %s, but a criterion must be true or false (for example a comparison such as indicator[\"POL-3\"] >= 40)", t)}}}
	}
	p := &Program{expr: expr}
	var problems []Problem
	p.deps, p.consts, p.units, p.probes, problems = inspect(native)
	if len(problems) > 0 {
		return nil, &CompileError{problems}
	}
	est, err := env.EstimateCost(checked, costEstimator{})
	if err != nil {
		return nil, &CompileError{[]Problem{{1, 1, "the cost of the expression cannot be estimated: " + err.Error()}}}
	}
	if est.Max > MaxCost {
		return nil, &CompileError{[]Problem{{1, 1, fmt.Sprintf("the expression could take too long to evaluate (estimated cost up to %d; the limit is %d): avoid loops inside loops over recipients or indicators", est.Max, MaxCost)}}}
	}
	p.cost = est.Max
	p.prg, err = env.Program(checked, cel.CostLimit(MaxCost), cel.EvalOptions(cel.OptTrackState))
	if err != nil {
		loc := info.GetStartLocation(native.Expr().ID())
		return nil, &CompileError{[]Problem{{loc.Line(), loc.Column() + 1, err.Error()}}}
	}
	return p, nil
}

// CompileCondition compiles a condition's criterion and at-risk expression.
// Its error is an EINVALID *custos.Error whose fields ("criterion",
// "at_risk") carry the problems, ready for the API to show.
func CompileCondition(c *custos.Condition) (*Compiled, error) {
	cc := &Compiled{Condition: *c}
	f := custos.FieldErrors{}
	var err error
	if cc.Criterion, err = Compile(c.Criterion); err != nil {
		f.Add("criterion", problemText(err))
	}
	if strings.TrimSpace(c.AtRisk) != "" {
		if cc.AtRisk, err = Compile(c.AtRisk); err != nil {
			f.Add("at_risk", problemText(err))
		}
	}
	if err := f.Err("condition"); err != nil {
		return nil, err
	}
	return cc, nil
}

func problemText(err error) string {
	var ce *CompileError
	if errors.As(err, &ce) {
		return ce.Error()
	}
	return "cannot be compiled: " + err.Error()
}

var undeclared = regexp.MustCompile(`undeclared reference to '([^']*)'.*`)

var operatorNames = strings.NewReplacer(
	"'_==_'", "'=='", "'_!=_'", "'!='", "'_<_'", "'<'", "'_<=_'", "'<='", "'_>_'", "'>'", "'_>=_'", "'>='",
	"'_+_'", "'+'", "'_-_'", "'-'", "'_*_'", "'*'", "'_/_'", "'/'", "'_%_'", "'%'", "'_[_]'", "'[]'",
	"'_&&_'", "'&&'", "'_||_'", "'||'", "'!_'", "'!'", "'-_'", "'-'", "'_?_:_'", "'?:'",
)

// Patterns of the parser's own wording, which lists grammar token names
// (NUM_FLOAT, IDENTIFIER...) no user should have to read.
var (
	parserMissing = regexp.MustCompile(`^Syntax error: missing (.*?) at '(.*)'`)
	parserToken   = regexp.MustCompile(`^Syntax error: token recognition error at: '(.*)'`)
	parserInput   = regexp.MustCompile(`^Syntax error: (mismatched|extraneous) input '(.*?)'`)
	parserViable  = regexp.MustCompile(`^Syntax error: no viable alternative at input '(.*)'`)
	wordOperators = map[string]string{"and": "&&", "or": "||", "not": "!"}
)

// parserText rewrites a syntax error in plain words, keeping what the
// parser found.
func parserText(msg string) string {
	const tooSoon = "syntax error: the expression ends too soon (a value, a closing bracket or a quote is missing)"
	if m := parserMissing.FindStringSubmatch(msg); m != nil {
		if m[2] == "<EOF>" {
			return tooSoon
		}
		return fmt.Sprintf("syntax error: %s is missing before %q", m[1], m[2])
	}
	if m := parserToken.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf(`syntax error: %q is not part of the expression language (strings are quoted, "and" is &&, "or" is ||)`, m[1])
	}
	if m := parserInput.FindStringSubmatch(msg); m != nil {
		found := m[2]
		switch {
		case found == "<EOF>":
			return tooSoon
		case wordOperators[found] != "":
			return fmt.Sprintf("syntax error: %q is not expected here; write %s", found, wordOperators[found])
		case m[1] == "extraneous":
			return fmt.Sprintf("syntax error: %q is not expected here", found)
		}
		return fmt.Sprintf("syntax error: the expression cannot be read at %q (check the operators and brackets before it)", found)
	}
	if m := parserViable.FindStringSubmatch(msg); m != nil {
		if strings.HasSuffix(m[1], "<EOF>") {
			return tooSoon
		}
		return fmt.Sprintf("syntax error: the expression cannot be read at %q (check the operators and brackets there)", m[1])
	}
	return msg
}

// issuesError turns CEL's issues into plain-language problems.
func issuesError(expr string, iss *cel.Issues) error {
	var ps []Problem
	for _, e := range iss.Errors() {
		msg := e.Message
		line, col := e.Location.Line(), e.Location.Column()+1
		if m := undeclared.FindStringSubmatch(msg); m != nil {
			name, _, _ := strings.Cut(m[1], ".")
			if calledAt(expr, m[1]) {
				msg = fmt.Sprintf("unknown function %q; besides CEL's standard functions there are: count, credible and unit on incidents, and date", m[1])
			} else {
				msg = fmt.Sprintf("unknown input %q; the inputs are: %s", name, strings.Join(InputNames(), ", "))
			}
		}
		msg = operatorNames.Replace(parserText(msg))
		if line < 1 {
			line, col = 1, 1
		}
		ps = append(ps, Problem{line, col, msg})
	}
	if len(ps) == 0 {
		ps = append(ps, Problem{1, 1, iss.String()})
	}
	return &CompileError{ps}
}

// calledAt reports whether name is called as a function somewhere in the
// expression: CEL reports unknown functions and unknown inputs alike.
func calledAt(expr, name string) bool {
	re, err := regexp.Compile(`(^|[^A-Za-z0-9_])` + regexp.QuoteMeta(name) + `\s*\(`)
	return err == nil && re.MatchString(expr)
}

// costEstimator tells CEL's static cost estimate how large the inputs can
// grow and what the incident queries cost.
type costEstimator struct{}

func (costEstimator) EstimateSize(n checker.AstNode) *checker.SizeEstimate {
	path := n.Path()
	if len(path) == 0 {
		return nil
	}
	var max uint64
	switch path[0] {
	case "recipients":
		max = custos.MaxRefs
	case "indicator", "baseline", "target":
		max = maxMapSize
	case "vetting", "consultations":
		max = uint64(len(vettingKeys) + len(consultationKeys))
	default:
		return nil
	}
	return &checker.SizeEstimate{Min: 0, Max: max}
}

func (costEstimator) EstimateCallCost(function, overloadID string, target *checker.AstNode, args []checker.AstNode) *checker.CallEstimate {
	if strings.HasPrefix(overloadID, "incidents_") || overloadID == "date_string" {
		return &checker.CallEstimate{CostEstimate: checker.CostEstimate{Min: 1, Max: 10}}
	}
	return nil
}

// unparse writes a sub-expression back as source text, for reports.
func unparse(a *celast.AST, e celast.Expr) string {
	s, err := parser.Unparse(e, a.SourceInfo())
	if err != nil {
		return fmt.Sprintf("expression %d", e.ID())
	}
	return s
}
