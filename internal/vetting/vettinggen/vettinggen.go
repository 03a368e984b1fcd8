// Package vettinggen generates, from a seed, a synthetic corpus of person
// and unit records in Latin, Arabic and Cyrillic script, and nominee sets
// with controlled variants that each know their true record, for measuring
// the recall and speed of the vetting engine. The same seed gives the same
// corpus on every machine.
package vettinggen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/vetting"
)

// Variant classes of generated nominees.
const (
	Exact          = "exact"
	OrderSwap      = "order_swap"
	MissingMiddle  = "missing_middle"
	RankPrefix     = "rank_prefix"
	Diacritics     = "diacritics"
	Typo           = "typo"
	Transliterated = "transliteration"
	UnitAbbrev     = "unit_abbreviation"
	NoMatch        = "no_match"
)

// Classes lists the variant classes in the order they are generated.
var Classes = []string{Exact, OrderSwap, MissingMiddle, RankPrefix, Diacritics, Typo, Transliterated, UnitAbbrev}

// Nominee is a generated nominee with the record it stands for ("" for a
// no_match nominee) and its variant class.
type Nominee struct {
	vetting.Record
	TrueID string
	Class  string
}

// pair is a name in Latin script and in another script.
type pair struct{ latin, other string }

var arabicGiven = []pair{
	{"Muhammad", "محمد"}, {"Ahmad", "أحمد"}, {"Ali", "علي"}, {"Hassan", "حسن"}, {"Hussein", "حسين"},
	{"Khalid", "خالد"}, {"Omar", "عمر"}, {"Yusuf", "يوسف"}, {"Ibrahim", "إبراهيم"}, {"Mahmoud", "محمود"},
	{"Mustafa", "مصطفى"}, {"Said", "سعيد"}, {"Karim", "كريم"}, {"Jamal", "جمال"}, {"Rashid", "راشد"},
	{"Walid", "وليد"}, {"Nasser", "ناصر"}, {"Faisal", "فيصل"}, {"Hamza", "حمزة"}, {"Tariq", "طارق"},
	{"Ziad", "زياد"}, {"Abbas", "عباس"}, {"Mansour", "منصور"}, {"Bashar", "بشار"}, {"Haidar", "حيدر"},
	{"Mahdi", "مهدي"}, {"Qasim", "قاسم"}, {"Salih", "صالح"}, {"Hamid", "حامد"}, {"Majid", "ماجد"},
	{"Ismail", "إسماعيل"}, {"Sulayman", "سليمان"}, {"Musa", "موسى"}, {"Ayman", "أيمن"}, {"Imad", "عماد"},
	{"Usama", "أسامة"}, {"Uthman", "عثمان"}, {"Jafar", "جعفر"}, {"Hafiz", "حافظ"}, {"Fatima", "فاطمة"},
}

var cyrillicGiven = []pair{
	{"Vladimir", "Владимир"}, {"Sergei", "Сергей"}, {"Dmitry", "Дмитрий"}, {"Alexander", "Александр"},
	{"Mikhail", "Михаил"}, {"Nikolai", "Николай"}, {"Ivan", "Иван"}, {"Andrei", "Андрей"}, {"Alexei", "Алексей"},
	{"Yuri", "Юрий"}, {"Viktor", "Виктор"}, {"Pavel", "Павел"}, {"Oleg", "Олег"}, {"Igor", "Игорь"},
	{"Boris", "Борис"}, {"Anatoly", "Анатолий"}, {"Grigory", "Григорий"}, {"Konstantin", "Константин"},
	{"Ruslan", "Руслан"}, {"Roman", "Роман"}, {"Maxim", "Максим"}, {"Olga", "Ольга"}, {"Tatiana", "Татьяна"},
}

var latinGiven = strings.Fields(`Jean Pierre Paul Jacques Joseph Emmanuel Patrick Eric Alain Michel Francois Didier
Samuel Daniel David Moses Peter John James Robert William Charles Thomas Richard Joseph Kofi Kwame Amadou Moussa
Ousmane Mamadou Ibrahima Seydou Boubacar Abdoulaye Souleymane Cheikh Modibo Juan Jose Luis Carlos Miguel Jorge
Pedro Manuel Antonio Francisco Rafael Fernando Ricardo Eduardo Sergio Raul Hector Oscar Marie Aminata Fatou Grace`)

var latinSyllables = strings.Fields(`ka ba ma na ta la ra sa da ga ko bo mo no to lo ro so do go ki bi mi ni ti li ri si di gi
ku bu mu nu tu lu ru su du gu ke be me ne te le re se de ge ndo mba nga kwa bwa zu ze wa ya ye yo fa fi fo pe pa`)

var latinEndings = strings.Fields(`ez es ia ua ana ela ino ira ara ado ide ou ye ba ga la ni ma`)

var cyrSyllables = []pair{
	{"ko", "ко"}, {"va", "ва"}, {"le", "ле"}, {"ni", "ни"}, {"ro", "ро"}, {"mi", "ми"}, {"sta", "ста"},
	{"dru", "дру"}, {"pe", "пе"}, {"bo", "бо"}, {"gor", "гор"}, {"ze", "зе"}, {"lo", "ло"}, {"ra", "ра"},
	{"ma", "ма"}, {"ti", "ти"}, {"so", "со"}, {"ku", "ку"}, {"de", "де"}, {"no", "но"}, {"bel", "бел"},
	{"vol", "вол"}, {"sha", "ша"}, {"che", "че"}, {"zhu", "жу"}, {"kha", "ха"}, {"tse", "це"}, {"ya", "я"},
}

var cyrEndings = []pair{{"ov", "ов"}, {"ev", "ев"}, {"in", "ин"}, {"enko", "енко"}, {"sky", "ский"}, {"ovich", "ович"}}

var arabicConsonants = []pair{
	{"b", "ب"}, {"t", "ت"}, {"j", "ج"}, {"h", "ح"}, {"kh", "خ"}, {"d", "د"}, {"r", "ر"}, {"z", "ز"},
	{"s", "س"}, {"sh", "ش"}, {"f", "ف"}, {"q", "ق"}, {"k", "ك"}, {"l", "ل"}, {"m", "م"}, {"n", "ن"},
	{"gh", "غ"}, {"dh", "ذ"}, {"th", "ث"},
}

var places = strings.Fields(`Kivu Ituri Bunia Goma Beni Uvira Kindu Kalemie Gao Timbuktu Kidal Mopti Sikasso Kayes Aden
Taiz Marib Sanaa Hodeidah Sirte Misrata Benghazi Derna Tobruk Mosul Kirkuk Basra Tikrit Falluja Ramadi Homs Hama Idlib
Daraa Raqqa Juba Malakal Bor Wau Yei Torit Rumbek Kassala Nyala Geneina Kutum Tawila Zalingei Arusha Kigoma Tabora Lira Gulu`)

var branches = []string{"Infantry", "Armored", "Artillery", "Engineer", "Commando", "Military Police", "Signals", "Airborne"}
var echelons = []string{"Battalion", "Brigade", "Regiment", "Company"}

// Corpus returns n records from seed: about 90% persons (half in Latin
// script, 30% Arabic, 20% Cyrillic) and 10% units in a brigade tree. Ids are
// "R" and a zero-padded number. latin[i] holds the Latin spelling a
// transliteration nominee of record i uses ("" for Latin records and units).
func Corpus(seed uint64, n int) (recs []vetting.Record, latin []string) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	recs = make([]vetting.Record, 0, n)
	latin = make([]string, 0, n)
	for i := range n {
		id := fmt.Sprintf("R%07d", i)
		if i%10 == 9 {
			recs = append(recs, unit(rng, id, i))
			latin = append(latin, "")
			continue
		}
		r, l := person(rng, id)
		recs = append(recs, r)
		latin = append(latin, l)
	}
	return recs, latin
}

func person(rng *rand.Rand, id string) (vetting.Record, string) {
	r := vetting.Record{ID: id, Kind: vetting.Person}
	if rng.IntN(3) > 0 {
		r.BirthDate = custos.PartialDate{Year: 1940 + rng.IntN(60), Month: 1 + rng.IntN(12), Day: 1 + rng.IntN(28)}
	}
	r.Gender = []string{"m", "m", "m", "f", ""}[rng.IntN(5)]
	var latin string
	switch x := rng.IntN(10); {
	case x < 5:
		parts := []string{latinGiven[rng.IntN(len(latinGiven))]}
		if rng.IntN(2) == 0 {
			parts = append(parts, latinGiven[rng.IntN(len(latinGiven))])
		}
		parts = append(parts, latinSurname(rng))
		r.Name = strings.Join(parts, " ")
		r.Nationality = []string{"CD", "ML", "SS", "NG", "CO", "MX", "FR", "HT"}[rng.IntN(8)]
	case x < 8:
		var lat, ara []string
		for range 1 + rng.IntN(2) {
			p := arabicGiven[rng.IntN(len(arabicGiven))]
			lat, ara = append(lat, p.latin), append(ara, p.other)
		}
		sl, sa := arabicSurname(rng)
		lat, ara = append(lat, sl), append(ara, sa)
		r.Name, latin = strings.Join(ara, " "), strings.Join(lat, " ")
		r.Nationality = []string{"IQ", "SY", "YE", "LY", "SD", "EG"}[rng.IntN(6)]
	default:
		p := cyrillicGiven[rng.IntN(len(cyrillicGiven))]
		sl, sc := cyrSurname(rng)
		r.Name, latin = p.other+" "+sc, p.latin+" "+sl
		r.Nationality = []string{"RU", "BY", "UA"}[rng.IntN(3)]
	}
	return r, latin
}

func latinSurname(rng *rand.Rand) string {
	var b strings.Builder
	for range 2 + rng.IntN(2) {
		b.WriteString(latinSyllables[rng.IntN(len(latinSyllables))])
	}
	b.WriteString(latinEndings[rng.IntN(len(latinEndings))])
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// arabicSurname builds a CaCiC or CaCCaC pattern name with the nisba -i
// (Arabic ي) half the time: Latin "Rashidi", Arabic "راشدي".
func arabicSurname(rng *rand.Rand) (string, string) {
	c := func() pair { return arabicConsonants[rng.IntN(len(arabicConsonants))] }
	a, b, d := c(), c(), c()
	var lat, ara string
	if rng.IntN(2) == 0 {
		lat, ara = a.latin+"a"+b.latin+"i"+d.latin, a.other+"ا"+b.other+"ي"+d.other
	} else {
		e := c()
		lat, ara = a.latin+"a"+b.latin+d.latin+"a"+e.latin, a.other+b.other+d.other+"ا"+e.other
	}
	if rng.IntN(2) == 0 {
		lat, ara = lat+"i", ara+"ي"
	}
	return strings.ToUpper(lat[:1]) + lat[1:], ara
}

func cyrSurname(rng *rand.Rand) (string, string) {
	var l, c strings.Builder
	for range 2 + rng.IntN(2) {
		p := cyrSyllables[rng.IntN(len(cyrSyllables))]
		l.WriteString(p.latin)
		c.WriteString(p.other)
	}
	e := cyrEndings[rng.IntN(len(cyrEndings))]
	l.WriteString(e.latin)
	c.WriteString(e.other)
	ls, cs := l.String(), []rune(c.String())
	return strings.ToUpper(ls[:1]) + ls[1:], strings.ToUpper(string(cs[0])) + string(cs[1:])
}

// unit makes a unit named "3rd Infantry Battalion Kivu" whose parent is a
// brigade of the same place.
func unit(rng *rand.Rand, id string, i int) vetting.Record {
	num := 1 + rng.IntN(40)
	place := places[rng.IntN(len(places))] + " " + latinSurname(rng)
	ech := echelons[rng.IntN(len(echelons))]
	br := branches[rng.IntN(len(branches))]
	r := vetting.Record{ID: id, Kind: vetting.Unit, Name: fmt.Sprintf("%s %s %s %s", ordinal(num), br, ech, place)}
	if ech != "Brigade" {
		r.ParentUnit = fmt.Sprintf("%s Brigade %s", ordinal(1+rng.IntN(20)), place)
	}
	return r
}

func ordinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return fmt.Sprintf("%dth", n)
	case n%10 == 1:
		return fmt.Sprintf("%dst", n)
	case n%10 == 2:
		return fmt.Sprintf("%dnd", n)
	case n%10 == 3:
		return fmt.Sprintf("%drd", n)
	}
	return fmt.Sprintf("%dth", n)
}
