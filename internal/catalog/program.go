package catalog

import (
	"regexp"
	"strings"
)

// programAuthorities maps the program names of the Foreign Military
// Training Report, reduced by programKey, to authority codes. A name is
// listed only when the program is plainly funded under that authority;
// accounts the catalog does not describe (GSCF, PCCF, CTEF, ERI, CRSP,
// MSI), exchanges, service academies, Coast Guard training, and the
// reports' "Non-Security Assistance" lines stay unmapped.
var programAuthorities = map[string]string{
	"imet": "IMET",
	"international military education and training imet":                          "IMET",
	"imet 2 year funding authority title vi emergency supplemental appropriation": "IMET",
	"imet multi year":                        "IMET",
	"fmf":                                    "FMF",
	"foreign military financing fmf":         "FMF",
	"foreign military financing fmf program": "FMF",
	"fmf repay":                              "FMF",
	"credit repayable":                       "FMF",
	"section 506":                            "FAA 506",
	"foreign assistance act draw down section 506":                          "FAA 506",
	"section 506 faa drawdown relating to narcotics education and training": "FAA 506",
	"pko":  "PKO",
	"gpoi": "GPOI",
	"african contingency operations training and assistance": "GPOI",
	"incle": "INCLE",
	"inl":   "INCLE",
	"international narcotics and law enforcement inl": "INCLE",
	"nadr":           "NADR",
	"section 333":    "10 USC 333",
	"non sa uc jcet": "10 USC 322",
	"ctfp":           "10 USC 345",
	"ctiwfp":         "10 USC 345",
	"ctpf":           "10 USC 345", // a misprint of CTFP in the FY2016-2017 and FY2017-2018 reports
	"regional defense counterterrorism fellowship program": "10 USC 345",
	"regional centers":                            "10 USC 342",
	"dod regional centers for strategic studies":  "10 USC 342",
	"africa center for strategic studies":         "10 USC 342",
	"africa center for strategic studies acss":    "10 USC 342",
	"asia pacific center":                         "10 USC 342",
	"center for hemispheric defense studies":      "10 USC 342",
	"center for hemispheric defense studies chds": "10 USC 342",
	"marshall center":                             "10 USC 342",
	"near east south asia center":                 "10 USC 342",
	"near east south asia center nesa":            "10 USC 342",
	"fha":                                         "10 USC 2561",
	"hma":                                         "10 USC 407",
	"alp":                                         "10 USC 9381",
	"aviation leadership program":                 "10 USC 9381",
	"section 1206":                                "Section 1206",
	"section 1206 2282":                           "Section 1206",
	"section 1004":                                "Section 1004",
	"section 1004 dod drug interdiction":          "Section 1004",
	"drug interdiction and counter drug activities section 1004": "Section 1004",
	"asff": "ASFF",
	"usai": "USAI",
}

var (
	// " - FY 2008 DoD Training", " - Fiscal Year 2019 Department of State Training"
	trainingSuffix = regexp.MustCompile(`(?i)\s*-\s*(?:FY|Fiscal Year)\s*\d{4}\s+.*Training$`)
	// ", FY 00", ",FY03", ", FY 00 FY 00", ", FY"
	fySuffix = regexp.MustCompile(`(?i)(?:,?\s*FY(?:\s*\d{2,4})?)+\s*$`)
	// "DoS Africa Region, Benin, " before the program in FY2001-2006 reports
	regionPrefix = regexp.MustCompile(`(?i)^.*?\bRegion,\s*`)
	republicOf   = regexp.MustCompile(`(?i)^\s*Republic Of,`)
	noteMark     = regexp.MustCompile(`(?i)\s*\(Note \d+\)`)
	nonWord      = regexp.MustCompile(`[^a-z0-9]+`)
)

// programKey reduces an FMTR program string to the name of the program: it
// drops the report's fiscal-year suffix, the region and country that some
// reports print before the program, and footnote marks, then folds case and
// punctuation. "DOD Africa Region, Angola, DoD Regional Centers for
// Strategic Studies,FY03" becomes "dod regional centers for strategic
// studies".
func programKey(program string) string {
	s := strings.TrimSpace(program)
	s = trainingSuffix.ReplaceAllString(s, "")
	s = fySuffix.ReplaceAllString(s, "")
	if loc := regionPrefix.FindStringIndex(s); loc != nil {
		rest := s[loc[1]:]
		// The country comes next, up to its comma.
		if _, after, ok := strings.Cut(rest, ","); ok {
			rest = after
		}
		s = rest
	}
	// "Cape Verde, Republic Of, International Military ...": the rest of a
	// country name with a comma, left by the region prefix or the extraction.
	s = republicOf.ReplaceAllString(s, "")
	s = noteMark.ReplaceAllString(s, "")
	return strings.TrimSpace(nonWord.ReplaceAllString(strings.ToLower(s), " "))
}

// AuthorityForProgram returns the catalog authority code for a program
// string of the Foreign Military Training Report ("IMET-1 - Fiscal Year
// 2019 Department of State Training", "Section 333 - ...", "Africa
// Region, Ghana, International Military Education and Training (IMET), FY
// 01"), and whether the program maps to one. The IMET variants of the
// reports (IMET-1, IMET-2, IMET-X, IMET-D&R) all map to IMET.
func AuthorityForProgram(fmtrProgram string) (code string, ok bool) {
	k := programKey(fmtrProgram)
	if code, ok := programAuthorities[k]; ok {
		return code, true
	}
	if k == "imet" || strings.HasPrefix(k, "imet ") {
		return "IMET", true
	}
	return "", false
}
