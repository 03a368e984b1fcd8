package importer

import (
	"strings"

	"github.com/custos-ssa/custos"
	"golang.org/x/text/unicode/norm"
	"unicode"
)

// unitKinds maps words in a unit's name to the actor kind they reveal,
// most specific first. The match is on whole words of the folded name
// (lower case, no accents), in English, French, Spanish and Portuguese.
var unitKinds = []struct {
	words []string
	kind  custos.ActorKind
}{
	{[]string{"presidential guard", "republican guard", "guardia presidencial", "garde republicaine", "garde presidentielle"}, "presidential_guard"},
	{[]string{"coast guard", "guardacostas", "guarda costeira", "garde cotes"}, "coast_guard"},
	{[]string{"border guard", "border police", "border security", "frontier", "guardia de fronteras", "garde frontiere", "guarda fronteira"}, "border_guard"},
	{[]string{"customs", "aduana", "aduanas", "alfandega", "douane", "douanes"}, "customs"},
	{[]string{"gendarmerie", "gendarmeria", "carabineros", "carabinieri", "guardia civil"}, "gendarmerie"},
	{[]string{"police", "policia", "policie", "polizei"}, "police"},
	{[]string{"intelligence", "inteligencia", "renseignement"}, "intelligence"},
	{[]string{"prison", "prisons", "corrections", "correctional", "penitentiary", "penitenciario"}, "corrections"},
	{[]string{"special forces", "special operations", "fuerzas especiales", "forcas especiais", "forces speciales", "commando", "commandos"}, "special_forces"},
	{[]string{"marine corps", "marines", "naval infantry", "infanteria de marina", "fuzileiros navais", "fusiliers marins"}, "marines"},
	{[]string{"navy", "naval", "marinha", "armada", "marine nationale"}, "navy"},
	{[]string{"air force", "fuerza aerea", "forca aerea", "armee de l air", "air wing"}, "air_force"},
	{[]string{"ministry of defense", "ministry of defence", "ministerio de defensa", "ministerio da defesa", "ministere de la defense", "mod"}, "ministry_defence"},
	{[]string{"ministry of interior", "ministry of the interior", "ministry of home affairs", "ministerio del interior", "ministere de l interieur"}, "ministry_interior"},
	{[]string{"ministry of justice", "ministerio de justicia", "ministere de la justice"}, "ministry_justice"},
	{[]string{"ministry of finance", "ministerio de hacienda", "ministere des finances"}, "ministry_finance"},
	{[]string{"ministry", "ministerio", "ministere"}, "ministry_other"},
	{[]string{"parliament", "national assembly", "senate", "congress", "asamblea nacional", "assemblee nationale"}, "legislature"},
	{[]string{"military academy", "war college", "staff college", "military school", "escuela militar", "ecole militaire", "academia militar", "naval academy", "police academy"}, "military_school"},
	{[]string{"joint staff", "general staff", "armed forces", "defense force", "defence force", "defense forces", "defence forces", "fuerzas armadas", "forcas armadas", "forces armees", "estado mayor"}, "joint_command"},
	{[]string{"army", "ejercito", "exercito", "armee de terre", "land forces", "infantry", "battalion", "brigade", "regiment"}, "army"},
}

// ClassifyUnit returns the actor kind a unit's name reveals by a keyword,
// and the keyword, or "unclassified" when no keyword matches. Imports use
// it to place recipient units in the taxonomy, and record the keyword on the
// actor so an analyst can check it.
func ClassifyUnit(name string) (custos.ActorKind, string) {
	folded := " " + fold(name) + " "
	for _, k := range unitKinds {
		for _, w := range k.words {
			if strings.Contains(folded, " "+w+" ") {
				return k.kind, w
			}
		}
	}
	return "unclassified", ""
}

// fold lower-cases s, strips accents and turns punctuation into spaces.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
