package country

// alias is a curated spelling: a historical or report name of a country
// that the ISO list does not carry, or (with Code "") a name that is known
// not to be one country.
type alias struct {
	Name   string
	Code   string // "" when the name is not one country
	Note   string
	Others []string // the countries an ambiguous name could mean
}

// aliasTable holds the spellings the ISO list lacks. Each entry is matched
// after normalization (case, accents, punctuation, "the", "St" for
// "Saint"), so one entry covers "Trinidad-Tobago" and "Trinidad - Tobago".
// Entries take precedence over ISO names. Add to it, with a note, when a
// real source uses a spelling that does not resolve; never add a name that
// could mean two countries.
var aliasTable = []alias{
	// Renamed states: the same state under an earlier name.
	{"Burma", "MM", "renamed Myanmar in 1989; the U.S. government still writes Burma", nil},
	{"Zaire", "CD", "the Democratic Republic of the Congo was named Zaire from 1971 to 1997", nil},
	{"Swaziland", "SZ", "renamed Eswatini in 2018", nil},
	{"Macedonia", "MK", "renamed North Macedonia in 2019", nil},
	{"FYROM", "MK", "the Former Yugoslav Republic of Macedonia, its UN name until 2019", nil},
	{"Former Yugoslav Republic of Macedonia", "MK", "its UN name until 2019", nil},
	{"Cape Verde", "CV", "Cabo Verde since 2013", nil},
	{"East Timor", "TL", "Timor-Leste", nil},
	{"Ivory Coast", "CI", "the English name of Côte d'Ivoire", nil},
	{"Dahomey", "BJ", "renamed Benin in 1975", nil},
	{"Upper Volta", "BF", "renamed Burkina Faso in 1984", nil},
	{"Ceylon", "LK", "renamed Sri Lanka in 1972", nil},
	{"Kampuchea", "KH", "Cambodia's name from 1976 to 1989", nil},
	{"Western Samoa", "WS", "renamed Samoa in 1997", nil},
	{"Turkey", "TR", "Türkiye since 2022", nil},
	{"Czech Republic", "CZ", "Czechia", nil},

	// Continuing states. The Federal Republic of Yugoslavia (1992-2003),
	// renamed Serbia and Montenegro (2003-2006), is resolved to Serbia: Serbia
	// is its continuing state under international law (it kept the UN seat
	// when Montenegro left in 2006), and datasets that follow states over
	// time, such as the Correlates of War, keep one code for the three. A
	// record about Montenegro or Kosovo in those years must be placed by hand.
	{"Yugoslavia", "RS", "the Federal Republic of Yugoslavia (1992-2003); Serbia is its continuing state", nil},
	{"Federal Republic of Yugoslavia", "RS", "1992-2003; Serbia is its continuing state", nil},
	{"Serbia and Montenegro", "RS", "2003-2006; Serbia is its continuing state, Montenegro seceded in 2006", nil},
	{"Union of Serbia and Montenegro", "RS", "2003-2006; Serbia is its continuing state", nil},

	// Report spellings.
	{"Korea", "KR", "U.S. government reports write the Republic of Korea as Korea; North Korea is always named as such", nil},
	{"Korea South", "KR", "Republic of Korea", nil},
	{"South Korea", "KR", "Republic of Korea", nil},
	{"Republic of South Korea", "KR", "Republic of Korea", nil},
	{"Korea North", "KP", "Democratic People's Republic of Korea", nil},
	{"Congo (DROC)", "CD", "DROC: Democratic Republic of the Congo", nil},
	{"Congo (DRC)", "CD", "Democratic Republic of the Congo", nil},
	{"Congo (Kinshasa)", "CD", "Kinshasa is the capital of the Democratic Republic of the Congo", nil},
	{"Congo (Brazzaville)", "CG", "Brazzaville is the capital of the Republic of the Congo", nil},
	{"Congo, Democratic Republic of", "CD", "", nil},
	{"Congo, Republic of", "CG", "", nil},
	{"Bahamas, The", "BS", "", nil},
	{"Gambia, The", "GM", "", nil},
	{"Micronesia, Federated States of", "FM", "", nil},
	{"Trinidad-Tobago", "TT", "Trinidad and Tobago", nil},
	{"Turks and Caicos", "TC", "Turks and Caicos Islands", nil},
	{"Palestinian Authority", "PS", "the Palestinian Authority governs parts of the occupied Palestinian territory; ISO 3166 codes it PS", nil},
	{"Palestinian Territories", "PS", "", nil},
	{"West Bank and Gaza", "PS", "", nil},
	{"Kosovo", "XK", "XK is the user-assigned code for Kosovo used by the EU, the IMF and others; ISO 3166 has none", nil},
	{"Republic of Kosovo", "XK", "XK is the user-assigned code for Kosovo", nil},
	{"Bolivia INC", "BO", "Bolivia, in a section of the FY2003-2004 report for International Narcotics Control funds", nil},
	{"Southern Sudan", "SS", "South Sudan; before its independence in 2011, the autonomous Government of Southern Sudan", nil},
	{"Sudan, Government of Southern", "SS", "the Government of Southern Sudan (2005-2011), before South Sudan's independence", nil},
	{"Sudan, Republic of Southern", "SS", "South Sudan", nil},
	{"Sudan, Republic of South", "SS", "South Sudan", nil},
	{"Holland", "NL", "", nil},
	{"Great Britain", "GB", "", nil},
	{"UK", "GB", "", nil},
	{"USA", "US", "", nil},
	{"United States of America", "US", "", nil},
	{"Vatican", "VA", "Holy See", nil},

	// Not one country. Resolving these would put one record on a country
	// it does not belong to, so they are listed with the reason.
	{"Indochina", "", "a region (Cambodia, Laos, Vietnam), not a country", nil},
	{"Netherlands Antilles", "", "dissolved in 2010 into Curaçao (CW), Sint Maarten (SX) and the Caribbean Netherlands (BQ); no single successor", nil},
	{"Netherlands Antilles (NE)", "", "dissolved in 2010 into CW, SX and BQ; no single successor", nil},
	{"Soviet Union", "", "dissolved in 1991 into fifteen states", nil},
	{"USSR", "", "dissolved in 1991 into fifteen states", nil},
	{"Czechoslovakia", "", "dissolved in 1993 into Czechia and Slovakia", nil},
	{"Congo", "", "could be the Republic of the Congo or the Democratic Republic of the Congo", []string{"CG", "CD"}},
	{"NATO", "", "an alliance, not a country", nil},
	{"European Union", "", "a union of states, not a country", nil},
	{"EU", "", "a union of states, not a country", nil},
	{"African Union", "", "a union of states, not a country", nil},
	{"ECOWAS", "", "a regional community, not a country", nil},
	{"United Nations", "", "an international organization, not a country", nil},
	{"Africa Regional", "", "a regional program line, not a country", nil},
	{"Africa", "", "a continent", nil},
	{"Europe", "", "a continent", nil},
	{"Asia", "", "a continent", nil},
	{"Latin America", "", "a region", nil},
	{"Middle East", "", "a region", nil},
	{"Caribbean", "", "a region", nil},
	{"Central America", "", "a region", nil},
	{"Western Hemisphere", "", "a region", nil},
	{"East Asia and Pacific", "", "a region", nil},
	{"Near East", "", "a region", nil},
	{"South and Central Asia", "", "a region", nil},
	{"Sahel", "", "a region", nil},
	{"Regional", "", "a regional program line, not a country", nil},
	{"Global", "", "not a country", nil},
	{"Worldwide", "", "not a country", nil},
	{"Multinational", "", "not a country", nil},
	{"Multiple", "", "not a country", nil},
	{"Various", "", "not a country", nil},
	{"Unknown", "", "a placeholder", nil},
	{"N/A", "", "a placeholder", nil},
	{"None", "", "a placeholder", nil},
	{"TBD", "", "a placeholder", nil},
}

// qualifierTable lists what may follow a country name in parentheses
// without changing the country: a note of the sovereign ("(UK)") or of the
// form of government, which is dropped, or a capital that tells the two
// Congos apart, which must agree with the name.
var qualifierTable = map[string]string{
	"UK":                   "",
	"U.K.":                 "",
	"NE":                   "", // the Netherlands, as in "Netherlands Antilles (NE)"
	"FR":                   "",
	"US":                   "",
	"Republic of":          "",
	"The":                  "",
	"Kinshasa":             "CD",
	"Brazzaville":          "CG",
	"Peoples Republic of":  "CN",
	"People's Republic of": "CN",
}
