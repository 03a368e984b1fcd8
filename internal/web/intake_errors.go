package web

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/custos-ssa/custos/internal/incident"
)

// intakeFieldErrors says the API's field errors in the reporter's language,
// keyed by the form's field names. The API and the store word their
// messages in English for every caller; a reporter filling in the form in
// Arabic must not be told "2099-03-04 is in the future". A message the
// table below does not know is said as "please check this answer",
// followed by the English, so that nothing is lost.
func intakeFieldErrors(l *intakeLang, fields map[string]string) map[string]string {
	if len(fields) == 0 {
		return fields
	}
	t := (&intakePage{L: l}).T
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string]string, len(fields))
	for _, k := range keys {
		name := intakeFieldName(k)
		if _, ok := out[name]; !ok {
			out[name] = intakeMessage(t, fields[k])
		}
	}
	return out
}

// intakeFieldName returns the form's input for a field the API names: the
// answer to "how do you know" is stored as the reference of the report's
// source, each perpetrator is a line of one text area, and a casualty
// figure is the best estimate of its range.
func intakeFieldName(apiField string) string {
	switch {
	case strings.HasPrefix(apiField, "sources["):
		return "how_known"
	case strings.HasPrefix(apiField, "perpetrators"):
		return "perpetrators"
	}
	for _, v := range []string{"victims.killed", "victims.injured"} {
		if strings.HasPrefix(apiField, v+".") {
			return v + ".best"
		}
	}
	return apiField
}

// intakeMessages map the English of the domain's checks (incident.go,
// text.go, internal/incident) to the keys of the intake's strings; the
// first match wins. Numbers a message needs are the pattern's first
// group. TestIntakeErrorLanguages drives each through the API, so that a
// change of wording there is caught here.
var intakeMessages = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^is required$`), "missing"},
	{regexp.MustCompile(`^` + regexp.QuoteMeta(incident.BadEmail) + `$`), "email"},
	{regexp.MustCompile(`^` + regexp.QuoteMeta(incident.BadPhone) + `$`), "phone"},
	{regexp.MustCompile(`^is longer than (\d+) characters$`), "too_long"},
	{regexp.MustCompile(`^must be on one line$`), "one_line"},
	{regexp.MustCompile(` is in the future$`), "future"},
	{regexp.MustCompile(` is not a day of the calendar$|^year -?\d+ is outside `), "date_invalid"},
	{regexp.MustCompile(`\(latitude, longitude\) is outside `), "coords"},
	{regexp.MustCompile(`^-?\d+ is outside 0 to (\d+)$`), "range"},
	{regexp.MustCompile(` is not one of: `), "choose_one"},
	{regexp.MustCompile(`^name at most (\d+)$`), "too_many_names"},
	{regexp.MustCompile(`without contact details`), "no_key"},
}

// intakeMessage says one English field error with t.
func intakeMessage(t func(string) string, msg string) string {
	for _, m := range intakeMessages {
		sub := m.re.FindStringSubmatch(msg)
		if sub == nil {
			continue
		}
		if len(sub) > 1 {
			return fmt.Sprintf(t(m.key), sub[1])
		}
		return t(m.key)
	}
	return t("invalid") + " (" + msg + ")"
}
