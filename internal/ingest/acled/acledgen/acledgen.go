// Package acledgen writes synthetic event data in the ACLED export layout.
//
// ACLED's terms forbid passing its data on, so tests and benchmarks cannot
// ship a real export. Generate writes rows that look like one: state forces
// attacking civilians, battles with rebels, air strikes, protests met with
// force, arrests, with ACLED's column names, codes and value forms. The
// countries and their first-level areas are real; places, counts and notes
// are invented. The same seed always gives the same bytes.
package acledgen

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/custos-ssa/custos/internal/atlas"
	"github.com/custos-ssa/custos/internal/ingest/acled"
)

type country struct {
	name, iso2, iso3, region string
	iso                      int
	lat, lon                 float64 // a point inside the country; events fall within 1.5 degrees, inside it
	admin1                   []string
	armed                    []string // non-state armed groups
}

var countries = []country{
	{"Mali", "ML", "MLI", "Western Africa", 466, 14.5, -4.0, []string{"Mopti", "Segou", "Timbuktu", "Gao", "Menaka", "Koulikoro"},
		[]string{"JNIM: Group for Support of Islam and Muslims", "Islamic State (Sahel)", "Dan Na Ambassagou"}},
	{"Burkina Faso", "BF", "BFA", "Western Africa", 854, 12.5, -1.5, []string{"Centre-Nord", "Sahel", "Est", "Nord", "Boucle du Mouhoun"},
		[]string{"JNIM: Group for Support of Islam and Muslims", "Islamic State (Sahel)"}},
	{"Nigeria", "NG", "NGA", "Western Africa", 566, 9.5, 8.0, []string{"Borno", "Zamfara", "Kaduna", "Benue", "Rivers", "Lagos"},
		[]string{"Islamic State (West Africa)", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "Unidentified Armed Group (Nigeria)"}},
	{"Democratic Republic of Congo", "CD", "COD", "Middle Africa", 180, -1.5, 28.5, []string{"Nord-Kivu", "Ituri", "Sud-Kivu", "Tanganyika", "Kinshasa"},
		[]string{"ADF: Allied Democratic Forces", "M23: March 23 Movement", "CODECO: Cooperative for Development of Congo"}},
	{"Somalia", "SO", "SOM", "Eastern Africa", 706, 3.0, 45.0, []string{"Banadir", "Lower Shabelle", "Bay", "Hiraan", "Middle Shabelle"},
		[]string{"Al Shabaab", "Islamic State (Somalia)"}},
	{"Colombia", "CO", "COL", "South America", 170, 4.5, -74.5, []string{"Antioquia", "Cauca", "Narino", "Norte de Santander", "Choco"},
		[]string{"ELN: National Liberation Army", "Clan del Golfo", "FARC Dissident Faction"}},
	{"Mexico", "MX", "MEX", "Central America", 484, 19.5, -100.0, []string{"Guerrero", "Michoacan", "Jalisco", "Guanajuato", "Tamaulipas"},
		[]string{"CJNG: Jalisco New Generation Cartel", "Sinaloa Cartel", "Unidentified Gang (Mexico)"}},
	{"Philippines", "PH", "PHL", "Southeast Asia", 608, 8.0, 124.5, []string{"Maguindanao del Sur", "Sulu", "Metropolitan Manila", "Davao del Sur"},
		[]string{"NPA: New People's Army", "BIFF: Bangsamoro Islamic Freedom Fighters"}},
	{"Myanmar", "MM", "MMR", "Southeast Asia", 104, 21.0, 95.5, []string{"Sagaing", "Magway", "Kachin", "Shan-North", "Mandalay"},
		[]string{"PDF: People's Defense Force", "KIA: Kachin Independence Army", "TNLA: Ta'ang National Liberation Army"}},
	{"Afghanistan", "AF", "AFG", "Caucasus and Central Asia", 4, 33.5, 66.0, []string{"Kabul", "Helmand", "Kandahar", "Nangarhar", "Panjshir"},
		[]string{"NRF: National Resistance Front", "Islamic State (Afghanistan)"}},
	{"Iraq", "IQ", "IRQ", "Middle East", 368, 33.0, 44.0, []string{"Baghdad", "Ninewa", "Anbar", "Basrah", "Diyala"},
		[]string{"Islamic State (Iraq)", "Unidentified Armed Group (Iraq)"}},
	{"Ukraine", "UA", "UKR", "Europe", 804, 48.5, 35.0, []string{"Donetsk", "Kharkiv", "Zaporizhia", "Kherson", "Dnipropetrovsk"},
		[]string{"Military Forces of Russia (2000-)"}},
}

var syllables = []string{"ka", "ma", "lo", "ba", "ri", "to", "su", "ne", "da", "ko", "ra", "bu", "sa", "ti", "wa", "go", "li", "mi", "an", "el"}

var sources = []struct{ name, scale string }{
	{"Reuters", "International"}, {"AFP", "International"}, {"Human Rights Watch", "Other"},
	{"Local media", "Subnational"}, {"National newspaper", "National"}, {"Country-based partner", "Local partner-National"},
	{"Radio station", "Subnational-National"}, {"Twitter", "New media"},
}

// kind is a template for one kind of event, with its weight in the mix.
type kind struct {
	weight                          int
	disorder, eventType, subType    string
	actor1, actor2                  int // inter codes; 0 for no actor2
	maxDeaths                       int
	civilianTargeting, womenVictims bool
	verb                            string
}

var kinds = []kind{
	{14, "Political violence", "Violence against civilians", "Attack", 1, 7, 12, true, false, "attacked"},
	{14, "Political violence", "Violence against civilians", "Attack", 2, 7, 15, true, false, "attacked"},
	{5, "Political violence", "Violence against civilians", "Abduction/forced disappearance", 2, 7, 0, true, false, "abducted"},
	{2, "Political violence", "Violence against civilians", "Abduction/forced disappearance", 1, 7, 0, true, false, "detained and disappeared"},
	{2, "Political violence", "Violence against civilians", "Sexual violence", 1, 7, 1, true, true, "sexually assaulted"},
	{25, "Political violence", "Battles", "Armed clash", 1, 2, 30, false, false, "clashed with"},
	{5, "Political violence", "Explosions/Remote violence", "Air/drone strike", 1, 2, 20, false, false, "struck"},
	{2, "Political violence", "Explosions/Remote violence", "Air/drone strike", 1, 7, 20, true, false, "struck"},
	{6, "Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack", 1, 7, 10, true, false, "shelled"},
	{4, "Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED", 2, 1, 8, false, false, "targeted"},
	{10, "Demonstrations", "Protests", "Peaceful protest", 6, 0, 0, false, false, "demonstrated"},
	{2, "Political violence; Demonstrations", "Protests", "Excessive force against protesters", 1, 6, 5, false, false, "fired on"},
	{5, "Strategic developments", "Strategic developments", "Arrests", 1, 7, 0, false, false, "arrested"},
	{4, "Political violence", "Riots", "Mob violence", 5, 7, 3, false, false, "attacked"},
}

var interWords = map[int]string{1: "1", 2: "2", 3: "3", 4: "4", 5: "5", 6: "6", 7: "7", 8: "8"}

// Generate writes a header and n events to w. Event ids are unique within a
// file; dates fall in 2018 to 2024.
func Generate(w io.Writer, n int, seed int64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := csv.NewWriter(bw)
	if err := cw.Write(acled.Columns); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	start := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	rec := make([]string, len(acled.Columns))
	var num []byte
	for i := 0; i < n; i++ {
		c := &countries[rng.IntN(len(countries))]
		pick := rng.IntN(total)
		var k *kind
		for j := range kinds {
			if pick < kinds[j].weight {
				k = &kinds[j]
				break
			}
			pick -= kinds[j].weight
		}
		date := start.AddDate(0, 0, rng.IntN(days+1))
		deaths := 0
		if k.maxDeaths > 0 && rng.IntN(2) == 0 {
			deaths = 1 + rng.IntN(k.maxDeaths)
		}
		a1, assoc1 := actor(rng, c, k.actor1)
		a2, assoc2 := "", ""
		if k.actor2 != 0 {
			a2, assoc2 = actor(rng, c, k.actor2)
		}
		if k.womenVictims {
			assoc2 = "Women (" + c.name + ")"
		}
		admin1 := c.admin1[rng.IntN(len(c.admin1))]
		admin2, admin3, loc := place(rng, 2), place(rng, 3), place(rng, 2)
		src := sources[rng.IntN(len(sources))]
		rec[0] = c.iso3 + strconv.Itoa(i+1)
		rec[1] = date.Format("2 January 2006")
		rec[2] = strconv.Itoa(date.Year())
		rec[3] = weighted(rng, 85, 10) // time_precision
		rec[4] = k.disorder
		rec[5] = k.eventType
		rec[6] = k.subType
		rec[7], rec[8], rec[9] = a1, assoc1, interWords[k.actor1]
		rec[10], rec[11], rec[12] = a2, assoc2, interWords[k.actor2]
		rec[13] = interaction(k.actor1, k.actor2)
		rec[14] = ""
		if k.civilianTargeting {
			rec[14] = "Civilian targeting"
		}
		rec[15] = strconv.Itoa(c.iso)
		rec[16] = c.region
		rec[17] = c.name
		rec[18], rec[19], rec[20], rec[21] = admin1, admin2, admin3, loc
		lat, lon := position(rng, c)
		num = strconv.AppendFloat(num[:0], lat, 'f', 4, 64)
		rec[22] = string(num)
		num = strconv.AppendFloat(num[:0], lon, 'f', 4, 64)
		rec[23] = string(num)
		rec[24] = weighted(rng, 70, 20) // geo_precision
		rec[25], rec[26] = src.name, src.scale
		rec[27] = notes(date, a1, k, a2, deaths, loc, admin2, admin1)
		rec[28] = strconv.Itoa(deaths)
		rec[29] = ""
		if k.eventType == "Protests" {
			rec[29] = "crowd size=no report"
		}
		rec[30] = strconv.FormatInt(date.Unix()+int64(3+rng.IntN(20))*86400, 10)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// weighted returns "1" with probability p1 percent, "2" with p2, else "3".
func weighted(rng *rand.Rand, p1, p2 int) string {
	switch x := rng.IntN(100); {
	case x < p1:
		return "1"
	case x < p1+p2:
		return "2"
	}
	return "3"
}

func interaction(a, b int) string {
	if b == 0 {
		return strconv.Itoa(a * 10)
	}
	if b < a {
		a, b = b, a
	}
	return strconv.Itoa(a*10 + b)
}

// actor returns an actor of the given type in country c, with an associated
// actor now and then.
func actor(rng *rand.Rand, c *country, inter int) (name, assoc string) {
	switch inter {
	case 1:
		if rng.IntN(4) == 0 {
			name = "Police Forces of " + c.name + " (2019-)"
		} else {
			name = "Military Forces of " + c.name + " (2019-)"
		}
		if rng.IntN(8) == 0 {
			assoc = "Militia (Pro-Government); Military Forces of " + c.name + " (2019-) Special Forces"
		}
		return name, assoc
	case 2:
		return c.armed[rng.IntN(len(c.armed))], ""
	case 5:
		return "Rioters (" + c.name + ")", ""
	case 6:
		return "Protesters (" + c.name + ")", ""
	case 7:
		if rng.IntN(5) == 0 {
			assoc = "Farmers (" + c.name + ")"
		}
		return "Civilians (" + c.name + ")", assoc
	}
	return "Unidentified Armed Group (" + c.name + ")", ""
}

// position returns a point, to four decimals as written, within 1.5
// degrees of the country's point and inside the country's shape, as the
// importer refuses coordinates outside the country: it draws again when a
// point falls across a border or at sea, and after 100 draws (which do not
// happen) takes the country's point itself.
func position(rng *rand.Rand, c *country) (lat, lon float64) {
	b := atlas.CountryBounds()
	for range 100 {
		lat = math.Round((c.lat+rng.Float64()*3-1.5)*1e4) / 1e4
		lon = math.Round((c.lon+rng.Float64()*3-1.5)*1e4) / 1e4
		if b.Inside(c.iso2, lat, lon) {
			return lat, lon
		}
	}
	return c.lat, c.lon
}

// place returns an invented place name of n syllables.
func place(rng *rand.Rand, n int) string {
	b := make([]byte, 0, 3*n)
	for i := 0; i < n; i++ {
		b = append(b, syllables[rng.IntN(len(syllables))]...)
	}
	b[0] -= 'a' - 'A'
	return string(b)
}

func notes(date time.Time, a1 string, k *kind, a2 string, deaths int, loc, admin2, admin1 string) string {
	s := fmt.Sprintf("On %s, %s %s", date.Format("2 January 2006"), a1, k.verb)
	if a2 != "" {
		s += " " + a2
	}
	s += " in " + loc + " (" + admin2 + ", " + admin1 + ")."
	switch {
	case deaths == 1:
		s += " 1 person was killed."
	case deaths > 1:
		s += " " + strconv.Itoa(deaths) + " people were killed."
	}
	return s
}
