package vetting

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// unitStop are words of unit names that carry nothing to match on.
var unitStop = setOf(`of the d l et and y e de du des la le les del da do dos das unit unite unidad unidade force forces fuerzas forcas army armee armees armed armadas armados ejercito exercito militaire militar`)

// unitVocabulary lists unit words, one entry a line: the words (several
// languages and abbreviations, folded when read), a colon, then what they
// mean as "echelon=...", "branch=..." (one or more, separated by +),
// "number=N", "words=..." (the words an acronym stands for, separated by +,
// which become qualifiers) or "stop" (a word that says nothing, such as a
// Russian ordinal ending after a number: the "й" of "3-й").
const unitVocabulary = `
battalion bn btn bataillon batallon batalhao bat batl bns كتيبة : echelon=battalion
regiment regt rgt regimiento regimento rgto fouj فوج : echelon=regiment
brigade bde brig brigada bda liwa لواء : echelon=brigade
company coy compagnie cie compania companhia cia سرية : echelon=company
division div divisao فرقة : echelon=division
corps cuerpo corpo فيلق : echelon=corps
platoon plt peloton pelotao فصيل : echelon=platoon
squad section escouade escuadra grupo-de-combate حضيرة : echelon=squad
battery btry batterie bateria : echelon=battery
squadron sqn escadron escuadron esquadrao escadrille : echelon=squadron
group grp groupement groupe gp مجموعة : echelon=group
detachment det detachement destacamento مفرزة : echelon=detachment
legion legion : echelon=legion
command commandement comando-regional قيادة : echelon=command
zone secteur sector region منطقة : echelon=zone
station commissariat comisaria delegacia مخفر : echelon=station
infantry inf infanterie infanteria infantaria مشاة : branch=infantry
armor armour armored armoured armd blinde blindee blindes blindado blindada tank tanks chars مدرعات دروع : branch=armor
mechanized mechanised mech mecanise mecanisee mecanizado mecanizada ميكانيكية آلية : branch=mechanized
motorized motorised mot motorise motorisee motorizado motorizada : branch=motorized
artillery arty artillerie artilleria artilharia مدفعية : branch=artillery
engineer engineers engr genie ingenieros engenharia sapeurs هندسة : branch=engineer
commando commandos cdo comandos صاعقة مغاوير : branch=commando
special speciales especiales especiais spetsnaz خاصة : branch=special-forces
airborne parachute para paras parachutiste parachutistes paracaidista paracaidistas paraquedista paraquedistas abn مظلات مظليين : branch=airborne
marine marines marina fuzileiros navals : branch=marine
police policia policiers شرطة : branch=police
military : branch=military
gendarmerie gendarmeria درك : branch=gendarmerie
guard garde guardia guarda حرس : branch=guard
republican republicaine republicana جمهوري الجمهوري : branch=republican
presidential presidentielle presidencial رئاسي الرئاسي : branch=presidential
national nationale nacional وطني : branch=national
reconnaissance recon recce reconocimiento استطلاع : branch=reconnaissance
signals signal transmissions comunicaciones اشارة : branch=signals
logistics logistique logistica logistico امداد : branch=logistics
light legere ligera leve خفيفة : branch=light
bi : echelon=battalion branch=infantry
bim : echelon=battalion branch=infantry+motorized
bil : echelon=battalion branch=infantry+light
ri rima : echelon=regiment branch=infantry
rpima : echelon=regiment branch=airborne+infantry+marine
ra : echelon=regiment branch=artillery
rb : echelon=regiment branch=armor
rg : echelon=regiment branch=engineer
bb : echelon=battalion branch=armor
bp bcp : echelon=battalion branch=airborne
rcp : echelon=regiment branch=airborne
bc : echelon=battalion branch=commando
bg : echelon=battalion branch=engineer
bpm : echelon=battalion branch=military-police
mp pm : branch=military-police
sf fs : branch=special-forces
navy naval navale navales navais marinha armada بحرية : branch=navy
bir : echelon=battalion words=rapid+intervention
gign : echelon=group branch=gendarmerie+national words=intervention
gipn : echelon=group branch=national+police words=intervention
crs : echelon=company branch=republican words=security
first premier premiere primero primer primera primeiro primeira 1st 1er 1re أول الأول الاول الأولى الاولى اولى : number=1
second deuxieme seconde segundo segunda 2nd 2eme ثاني الثاني الثانية ثانية : number=2
third troisieme tercero tercer tercera terceiro terceira 3rd 3eme ثالث الثالث الثالثة ثالثة : number=3
fourth quatrieme cuarto cuarta quarto quarta 4th رابع الرابع الرابعة رابعة : number=4
fifth cinquieme quinto quinta 5th خامس الخامس الخامسة خامسة : number=5
sixth sixieme sexto sexta 6th سادس السادس السادسة سادسة : number=6
seventh septieme septimo septima setimo setima 7th سابع السابع السابعة سابعة : number=7
eighth huitieme octavo octava oitavo oitava 8th ثامن الثامن الثامنة ثامنة : number=8
ninth neuvieme noveno novena nono nona 9th تاسع التاسع التاسعة تاسعة : number=9
tenth dixieme decimo decima 10th عاشر العاشر العاشرة عاشرة : number=10
eleventh onzieme undecimo 11th : number=11
twelfth douzieme duodecimo 12th : number=12
`

// cyrillicUnitVocabulary is unitVocabulary for Russian unit names, with the
// case endings they take ("3-й пехотный батальон", "роты 2-го батальона").
// Words are folded as tokens are, so ё and е, й and и are one letter.
const cyrillicUnitVocabulary = `
батальон батальона батальоне батальонов дивизион дивизиона : echelon=battalion
рота роты роте роту : echelon=company
полк полка полку : echelon=regiment
бригада бригады бригаде бригаду : echelon=brigade
дивизия дивизии дивизию : echelon=division
корпус корпуса : echelon=corps
взвод взвода : echelon=platoon
батарея батареи : echelon=battery
эскадрилья эскадрильи эскадрон эскадрона : echelon=squadron
группа группы : echelon=group
отряд отряда : echelon=detachment
пехотный пехотного пехотная пехотной пехотное пехота пехоты : branch=infantry
мотострелковый мотострелкового мотострелковая мотострелковой мотострелковое : branch=infantry+motorized
танковый танкового танковая танковой танковое : branch=armor
механизированный механизированного механизированная механизированной : branch=mechanized
артиллерийский артиллерийского артиллерийская артиллерийской : branch=artillery
инженерный инженерного инженерная инженерной саперный саперного : branch=engineer
десантный десантного десантная десантной парашютно парашютный : branch=airborne
разведывательный разведывательного разведывательная разведывательной разведки : branch=reconnaissance
спецназ спецназа специального специальный специальная специальной : branch=special-forces
морской морского морская морской : branch=marine
флот флота : branch=navy
полиция полиции полицейский полицейского полицейская милиция милиции : branch=police
жандармерия жандармерии : branch=gendarmerie
военный военного военная военной : branch=military
гвардия гвардии гвардейский гвардейского гвардейская гвардейской : branch=guard
национальный национального национальная национальной : branch=national
президентский президентского президентская президентской : branch=presidential
связи : branch=signals
легкий легкого легкая легкой : branch=light
первый первого первая первой первое : number=1
второй второго вторая второе : number=2
третий третьего третья третьей третье : number=3
четвертый четвертого четвертая четвертой четвертое : number=4
пятый пятого пятая пятой пятое : number=5
шестой шестого шестая шестое : number=6
седьмой седьмого седьмая седьмое : number=7
восьмой восьмого восьмая восьмое : number=8
девятый девятого девятая девятой девятое : number=9
десятый десятого десятая десятой десятое : number=10
одиннадцатый одиннадцатого одиннадцатая : number=11
двенадцатый двенадцатого двенадцатая : number=12
й я е го ого ий ый ой ая ое ей м ым и армия армии войск войска сил силы вооруженных вооруженные отдельный отдельного отдельная отдельной отдельное назначения имени : stop
`

// greekUnitVocabulary is unitVocabulary for Greek unit names, nominative
// and genitive ("Τρίτο Τάγμα Πεζικού", "Λόχος του 3ου Τάγματος"); accents
// are dropped when words are folded, so capitals without them match.
const greekUnitVocabulary = `
τάγμα τάγματος τάγματα : echelon=battalion
λόχος λόχου : echelon=company
σύνταγμα συντάγματος : echelon=regiment
ταξιαρχία ταξιαρχίας : echelon=brigade
μεραρχία μεραρχίας : echelon=division
σώμα σώματος : echelon=corps
διμοιρία διμοιρίας : echelon=platoon
μοίρα μοίρας : echelon=squadron
πεζικό πεζικού : branch=infantry
τεθωρακισμένων τεθωρακισμένη τεθωρακισμένο αρμάτων : branch=armor
μηχανοκίνητο μηχανοκίνητου μηχανοκίνητη μηχανοκίνητης : branch=mechanized
πυροβολικό πυροβολικού : branch=artillery
μηχανικό μηχανικού : branch=engineer
καταδρομών καταδρομέων : branch=commando
αλεξιπτωτιστών : branch=airborne
πεζοναυτών πεζοναύτες : branch=marine
ναυτικό ναυτικού : branch=navy
αστυνομία αστυνομίας : branch=police
χωροφυλακή χωροφυλακής : branch=gendarmerie
πρώτο πρώτος πρώτη πρώτου πρώτης : number=1
δεύτερο δεύτερος δεύτερη δεύτερου δεύτερης : number=2
τρίτο τρίτος τρίτη τρίτου τρίτης : number=3
τέταρτο τέταρτος τέταρτη τέταρτου τέταρτης : number=4
πέμπτο πέμπτος πέμπτη πέμπτου πέμπτης : number=5
έκτο έκτος έκτη έκτου έκτης : number=6
έβδομο έβδομος έβδομη έβδομου έβδομης : number=7
όγδοο όγδοος όγδοη όγδοου όγδοης : number=8
ένατο ένατος ένατη ένατου ένατης : number=9
δέκατο δέκατος δέκατη δέκατου δέκατης : number=10
ενδέκατο ενδέκατος ενδέκατη ενδέκατου ενδέκατης : number=11
δωδέκατο δωδέκατος δωδέκατη δωδέκατου δωδέκατης : number=12
ο η το του της των τα οι και στρατός στρατού δυνάμεις δυνάμεων ενόπλων ένοπλες : stop
`

// persianUnitVocabulary is unitVocabulary for Persian unit names ("گردان
// سوم پیاده"); Persian and Arabic yeh and kaf are one letter once folded.
const persianUnitVocabulary = `
گردان : echelon=battalion
گروهان : echelon=company
هنگ : echelon=regiment
تیپ : echelon=brigade
لشکر : echelon=division
سپاه : echelon=corps
دسته : echelon=platoon
آتشبار : echelon=battery
اسکادران : echelon=squadron
گروه : echelon=group
کلانتری پاسگاه : echelon=station
پیاده : branch=infantry
زرهی : branch=armor
مکانیزه : branch=mechanized
موتوریزه : branch=motorized
توپخانه : branch=artillery
مهندسی : branch=engineer
تکاور کماندو : branch=commando
هوابرد چترباز : branch=airborne
ویژه مخصوص : branch=special-forces
تفنگداران : branch=marine
دریایی : branch=navy
پلیس انتظامی : branch=police
دژبان : branch=military-police
ژاندارمری : branch=gendarmerie
گارد : branch=guard
ملی : branch=national
شناسایی : branch=reconnaissance
اول یکم : number=1
دوم : number=2
سوم : number=3
چهارم : number=4
پنجم : number=5
ششم : number=6
هفتم : number=7
هشتم : number=8
نهم : number=9
دهم : number=10
یازدهم : number=11
دوازدهم : number=12
نیروی نیروهای ارتش نظام مسلح : stop
`

// unitWords maps each folded word of the vocabularies to its meaning.
var unitWords = sync.OnceValue(func() map[string]unitWord {
	m := map[string]unitWord{}
	for _, vocab := range []string{unitVocabulary, cyrillicUnitVocabulary, greekUnitVocabulary, persianUnitVocabulary} {
		for _, line := range strings.Split(vocab, "\n") {
			words, meaning, ok := strings.Cut(line, " : ")
			if !ok {
				continue
			}
			w := parseUnitMeaning(meaning)
			for _, word := range strings.Fields(words) {
				m[unitWordKey(word)] = w
			}
		}
	}
	return m
})

// parseUnitMeaning reads the meaning of a vocabulary line.
func parseUnitMeaning(meaning string) unitWord {
	var w unitWord
	for _, kv := range strings.Fields(meaning) {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "echelon":
			w.echelon = v
		case "branch":
			w.branch = strings.Split(v, "+")
		case "number":
			w.number = atoiSmall(v)
		case "words":
			w.words = strings.Split(v, "+")
		case "stop":
			w.stop = true
		}
	}
	return w
}

// unitWordKey is the key of a vocabulary word in unitWords: a Latin word
// folded to ASCII, any other folded as tokenize folds it, then by
// foldScript.
func unitWordKey(word string) string {
	word = strings.ReplaceAll(word, "-", " ")
	if f := foldLatin(word); f != "" && scriptOf(word) == "latin" {
		return f
	}
	return foldScript(folder.String(norm.NFKC.String(word)))
}

// foldScript drops the marks of a folded Arabic, Persian, Cyrillic or Greek
// word (accents, harakat, hamza above alef, the breve of й and the
// diaeresis of ё) and writes Persian yeh and kaf, and alef maksura, as the
// Arabic yeh and kaf, so that unit words match however they are written.
// Other words are returned as they are.
func foldScript(w string) string {
	switch scriptOf(w) {
	case "arabic", "cyrillic", "greek":
	default:
		return w
	}
	plain := true
	for i, r := range w {
		if unicode.Is(unicode.Mn, r) || r == 'ی' || r == 'ى' || r == 'ک' || norm.NFD.PropertiesString(w[i:]).Decomposition() != nil {
			plain = false
			break
		}
	}
	if plain {
		return w // most words: nothing to drop or rewrite
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'ی' || r == 'ى':
			b.WriteRune('ي')
		case r == 'ک':
			b.WriteRune('ك')
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

func atoiSmall(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
