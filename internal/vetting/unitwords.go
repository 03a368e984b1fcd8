package vetting

import (
	"strings"
	"sync"
)

// unitStop are words of unit names that carry nothing to match on.
var unitStop = setOf(`of the d l et and y e de du des la le les del da do dos das unit unite unidad unidade force forces fuerzas forcas army armee ejercito exercito militaire militar`)

// unitVocabulary lists unit words, one entry a line: the words (folded,
// several languages and abbreviations), a colon, then what they mean as
// "echelon=...", "branch=..." (one or more, separated by +) or "number=N".
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
bc : echelon=battalion branch=commando
bg : echelon=battalion branch=engineer
bpm : echelon=battalion branch=military-police
mp pm : branch=military-police
sf fs : branch=special-forces
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

// unitWords maps each folded word of unitVocabulary to its meaning.
var unitWords = sync.OnceValue(func() map[string]unitWord {
	m := map[string]unitWord{}
	for _, line := range strings.Split(unitVocabulary, "\n") {
		words, meaning, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
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
			}
		}
		for _, word := range strings.Fields(words) {
			word = strings.ReplaceAll(word, "-", " ")
			if f := foldLatin(word); f != "" && scriptOf(word) == "latin" {
				m[f] = w
			} else {
				m[word] = w
			}
		}
	}
	return m
})

func atoiSmall(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
