package fmtr

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// unitWords expands the abbreviations the reports use for the same word,
// so that "1st Inf Bn" and "1ST INFANTRY BATTALION" share a key. Only
// abbreviations with a single military meaning are listed: "AF" (air force
// or armed forces) and "SF" (special forces or security forces) are not.
var unitWords = map[string]string{
	"bn": "battalion", "btn": "battalion", "btln": "battalion", "bat": "battalion", "batt": "battalion",
	"bde": "brigade", "brig": "brigade", "bgde": "brigade",
	"regt": "regiment", "rgt": "regiment", "reg": "regiment",
	"div": "division",
	"coy": "company", "co": "company",
	"sqn": "squadron", "sqdn": "squadron", "sq": "squadron",
	"inf":  "infantry",
	"mech": "mechanized", "mechanised": "mechanized", "mechanize": "mechanized",
	"arty": "artillery",
	"hq":   "headquarters", "hqs": "headquarters",
	"cmd": "command", "comd": "command",
	"ctr": "center", "cntr": "center", "centre": "center",
	"sch":  "school",
	"acad": "academy",
	"dept": "department", "dep": "department",
	"dir":  "directorate",
	"natl": "national", "nat": "national",
	"gen":     "general",
	"defence": "defense",
	"mod":     "ministry defense",
	"moi":     "ministry interior",
	"mol":     "ministry labor",
	"afb":     "air force base",
	"armour":  "armor", "armoured": "armored",
	"organisation": "organization",
	"programme":    "program",
	"&":            "and",
}

// unitStop are words that carry nothing for telling units apart.
var unitStop = map[string]bool{"the": true, "of": true, "and": true}

// UnitKey normalizes a student unit so that spellings of one unit share a
// key: case, accents, punctuation, spacing, "the", "of", "and", and the
// abbreviations in unitWords. It is deliberately conservative: word order,
// numbers and every other word are kept, so two different units never get
// one key by this function alone; "1st Infantry Brigade" and "1st Infantry
// Brigade, Moldovan Army" stay apart. The empty string's key is "".
func UnitKey(studentUnit string) string {
	s := norm.NFKD.String(studentUnit)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			// drop accents
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == '.':
			// "Nat'l" is "natl", "H.Q." is "hq"
		case r == '&':
			b.WriteString(" & ")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	out := words[:0]
	for _, w := range words {
		if e, ok := unitWords[w]; ok {
			w = e
		}
		for _, part := range strings.Fields(w) {
			if !unitStop[part] {
				out = append(out, part)
			}
		}
	}
	return strings.Join(out, " ")
}

// rankWords are the rank titles and their parts seen after an individual's
// identification number in the reports (with the reports' own spelling
// slips, "Liutenant", "Coronel").
var rankWords = map[string]bool{
	"lt": true, "ltjg": true, "ltc": true, "lieutenant": true, "liutenant": true, "leutenant": true,
	"junior": true, "grade": true, "jg": true, "1st": true, "2nd": true, "first": true, "second": true,
	"captain": true, "capt": true, "cpt": true, "major": true, "maj": true,
	"colonel": true, "coronel": true, "col": true, "commander": true, "cdr": true, "t": true, "l": true,
	"general": true, "gen": true, "brigadier": true, "admiral": true,
	"sergeant": true, "sgt": true, "master": true, "staff": true, "chief": true, "petty": true, "officer": true,
	"warrant": true, "wo": true, "corporal": true, "cpl": true, "private": true, "pvt": true,
	"midshipman": true, "cadet": true, "ensign": true,
}

// titleWords are rank titles that, followed by a capitalized name, mark a
// named person ("Captain Ilias Rizaevi", "Maj Lichado"). "General",
// "Private" and "Admiral" are left out: they begin unit names ("General
// Staff", "Private Enterprise", "Admiral Killick Coast Guard Base").
var titleWords = map[string]bool{
	"lt": true, "ltjg": true, "ltc": true, "lieutenant": true, "capt": true, "cpt": true, "captain": true,
	"maj": true, "major": true, "col": true, "colonel": true, "sgt": true, "sergeant": true,
	"cpl": true, "corporal": true, "pvt": true, "wo": true, "cdr": true,
}

// civilTitles mark a named civilian; matched with their case, so that "MS
// Branch" (the Military Secretary's) is not one.
var civilTitles = map[string]bool{"Mr": true, "Mrs": true, "Ms": true, "Dr": true}

// notNames are capitalized words that follow a rank title in unit and
// place names ("Captain Career Course", "Major Organized Crime", "Col
// Federal", a Mexico City neighbourhood), so they do not make the title a
// person's.
var notNames = map[string]bool{
	"commander": true, "junior": true, "grade": true, "general": true, "colonel": true, "staff": true,
	"command": true, "company": true, "battalion": true, "brigade": true, "regiment": true, "course": true,
	"school": true, "and": true, "of": true, "the": true, "officer": true, "officers": true, "class": true,
	"training": true, "student": true, "students": true, "corps": true, "level": true, "rank": true,
	"various": true, "multiple": true, "midshipman": true, "cadet": true, "major": true, "career": true,
	"carreer": true, "organised": true, "organized": true, "crime": true, "crimes": true, "special": true,
	"quartermaster": true, "war": true, "college": true, "federal": true, "aviacion": true, "service": true,
	"services": true, "enhancement": true, "formation": true, "marine": true, "engineering": true,
	"instructor": true, "legal": true, "artillery": true, "infantry": true, "intelligence": true,
	"personnel": true, "operations": true, "ops": true, "logistics": true, "academy": true,
	"army": true, "navy": true, "commands": true, "branches": true,
}

// notAfter are words that, just before a rank title, show the title is part
// of a post or unit ("Etat Major", "Brigade Major", "Port Captain").
var notAfter = map[string]bool{
	"etat": true, "brigade": true, "port": true, "platoon": true, "chief": true, "battalion": true,
	"affairs": true, "instructor": true, "base": true, "assist": true, "2nd": true, "1st": true,
}

// LooksPersonal reports whether a student unit holds personal data rather
// than a unit name, so that it can be stored as restricted. Some reports
// (FY2011-2012 Angola among them) print each student's identification
// number and rank ("100903820 2nd Lieutenant") where a unit belongs, and a
// few name students or visitors by rank or title ("1. Major Zviad ...,
// 11th brigade", "Mr. ... from CECOM"). Military unit numbers ("MILITARY
// BASE 01937 BRASOV", "46380 - MOD", "08373 Artillery Battalion") are not
// personal. It errs towards true: a unit wrongly held back is a smaller harm
// than a person wrongly published.
func LooksPersonal(studentUnit string) bool {
	words := strings.Fields(studentUnit)
	if len(words) == 0 {
		return false
	}
	// An identification number followed by nothing but rank words.
	if _, ok := digits(words[0], 5, 12); ok && len(words) > 1 {
		allRank := true
		for _, w := range words[1:] {
			if !rankWords[strings.ToLower(strings.Trim(w, ".,"))] {
				allRank = false
				break
			}
		}
		if allRank {
			return true
		}
	}
	// A rank or civil title followed by a capitalized word that is not part
	// of a unit or place name: a person named by title.
	for i := 0; i+1 < len(words); i++ {
		w := strings.TrimSuffix(strings.TrimSuffix(words[i], "'s"), ".")
		if strings.ContainsAny(w, ",;:") {
			continue // "Sergeant, Ministry of Defense"
		}
		if !titleWords[strings.ToLower(w)] && !civilTitles[w] {
			continue
		}
		if i > 0 && notAfter[strings.ToLower(strings.Trim(words[i-1], ".,-"))] {
			continue
		}
		next := strings.Trim(words[i+1], ".,;:()`'\"")
		r := []rune(next)
		if len(r) < 2 || !unicode.IsUpper(r[0]) || !unicode.IsLower(r[1]) {
			continue // "LT COL", "Lt 2", "lt commander"
		}
		if notNames[strings.ToLower(next)] || rankWords[strings.ToLower(next)] {
			continue
		}
		if namesBase(words[i+1:]) {
			continue // "Maj Danilo Atienza Air Base", named after a person
		}
		return true
	}
	return false
}

// namesBase reports whether one of the first few words is "Base", as in a
// base named after a person.
func namesBase(words []string) bool {
	for i, w := range words {
		if i == 4 {
			break
		}
		if strings.EqualFold(strings.Trim(w, ".,;"), "base") {
			return true
		}
	}
	return false
}
