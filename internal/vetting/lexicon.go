package vetting

import (
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"
)

// variantGroups lists names that are one name in different spellings or
// languages, one group a line, the canonical spelling first. Arabic, Persian,
// Cyrillic and Greek spellings sit in the same line so that a name written in
// those scripts lands on its group without guessing the unwritten vowels.
// Spellings are written folded (lower case, no diacritics); a group's
// members must not overlap another group's.
const variantGroups = `
muhammad mohamed mohammed mohammad muhammed mohamad muhamad mohamad mouhamed mouhamadou mohd mehmet mahomed muhamed محمد мухаммед мухаммад магомед
ahmad ahmed ahmet achmed ahamed أحمد احمد ахмед ахмад
mahmud mahmoud mahmood mehmood محمود махмуд
mustafa mostafa moustafa mustapha mostapha مصطفى мустафа
ali aly alee علي علی али
hasan hassan hasen hassen حسن хасан гасан
husayn hussein hussain husein hossein hosein hussien housseini husain حسين حسین хусейн гусейн
yusuf youssef yousef yousif yusef yousuf joseph josef jose giuseppe iosif yosef yossef يوسف юсуф иосиф осип
ibrahim ebrahim ibraheem abraham avraham brahim إبراهيم ابراهيم ибрагим авраам
ismail ismael esmail ismaeel ismayil إسماعيل اسماعيل исмаил
khalid khaled khaleed chalid halid خالد халид
abdlah abdullah abdallah abdulla abdalla abdellah abdoulaye abdullahi عبدالله абдулла абдуллах
abdrahman abdulrahman abdelrahman abdurrahman abderrahmane abdourahmane عبدالرحمن абдурахман
abdaziz abdulaziz abdelaziz abdul-aziz عبدالعزيز абдулазиз
abdkadir abdulkadir abdelkader abdulqadir abdelkadir abdulkader abdikadir عبدالقادر абдулкадир
umar omar omer oumar umer عمر умар омар
uthman osman othman usman ousmane osmane عثمان усман осман
usama osama oussama ossama أسامة اسامة усама
said saeed saeid sayeed saied سعيد саид
salih saleh salah salaheddine صالح салих салех
jamal gamal djamel jamel جمال джамал
karim kareem kerim karime كريم карим
hamid hameed hamed حامد хамид
majid majeed maged madjid ماجد маджид
rashid rasheed rachid rashed راشد рашид
walid waleed oualid الوليد وليد валид
nasir nasser naser nassir nacer ناصر насир
faisal faysal feisal فيصل фейсал
hamza hamzah hamsa حمزة хамза
bakr bakar bakir بكر
jafar jaafar djafar جعفر джафар
sulayman suleiman sulaiman soliman souleymane solomon salomon سليمان сулейман
musa moussa mousa moses moise موسى муса
isa eesa issa jesus عيسى иса
yahya yehia yahia yahiya john jean juan joao giovanni ivan johann johannes yahia يحيى яхья иван
dawud daoud dawood david davide daud داود давид дауд
yaqub yacoub yakub jacob jacques jakob iakov yaakov يعقوب якуб яков
nuh nooh noah noe نوح
zakariya zakaria zakariyya zacharias zachary زكريا закария
maryam mariam miriam mary maria marie مريم мариам мария
fatima fatimah fatma fatouma فاطمة фатима
aisha aicha ayesha aysha عائشة айша
khadija khadidja khadijah خديجة хадижат хадиджа
zaynab zainab zeinab زينب зайнаб
hussam hossam houssam حسام
imad emad عماد
iyad eyad ayad إياد اياد
ayman aiman eyman أيمن ايمن
tariq tarek tarik tareq طارق тарик
ziad ziyad zied زياد зияд
qasim kassem kasim qassem qasem قاسم касим
abbas abas عباس аббас
jabir jaber djaber جابر
mansur mansour mansoor منصور мансур
nur noor nour نور нур
bashar bachar بشار башар
hafiz hafez hafeez حافظ хафиз
haidar haider hayder heydar حيدر гейдар гайдар
mahdi mehdi mahdy مهدي مهدی махди
reza riza rida ridha رضا реза
javad jawad djawad جواد
hashem hashim hachem هاشم хашим
qadir kadir kader qader قادر кадир
rahman rahmane rehman الرحمن رحمن рахман
aziz azeez عزيز азиз
ruslan rouslan руслан
alexander aleksandr alexandr alexandre alessandro alejandro aleksander alexandros aleksandar александр олександр αλέξανδρος αλεξανδρος
sergei sergey serguei sergiy serhiy sergio serge сергей сергій
dmitry dmitri dmitriy dmitrii dimitri dimitrios dmytro дмитрий дмитро δημήτριος
mikhail mikhael michael michel miguel michele mykhailo mikail mihail михаил михайло μιχαήλ
nikolai nikolay nicholas nicolas nikolaos nicola mykola nikola николай микола νικόλαος
pyotr petr peter pierre pedro pietro petro petros пётр петр петро πέτρος
alexei alexey aleksei aleksey oleksiy алексей олексій
yuri yury yuriy iouri georgy georgiy george georges jorge giorgio georgios юрий георгий γεώργιος
andrei andrey andriy andrew andre andres andreas андрей андрій ανδρέας
vladimir volodymyr wladimir владимир володимир
grigory grigori gregory gregoire gregorio hryhoriy григорий
konstantin constantin constantine konstantinos константин κωνσταντίνος
evgeny yevgeny evgeniy yevgeniy eugene евгений
ilya ilia elijah elias ilyas ilyes ilias إلياس الياس илья
anatoly anatoliy anatoli анатолий
viktor victor віктор виктор
olga olha ольга
yelena elena helen helene hélène olena елена олена ελένη
tatiana tatyana tatjana татьяна
natalia natalya nataliya natalie наталья
ekaterina yekaterina katerina catherine katherine catalina екатерина
francisco francois franz francesco francis françois
carlos charles karl carlo karel
guillermo william wilhelm guillaume
enrique henry henri heinrich enrico
luis louis luiz ludwig luigi
antonio antoine anton anthony antonios антон
paulo pablo paul paolo pavel павел
jesus isa
kim gim
lee yi rhee ri
park pak bak
choi choe
jung jeong chung chong
`

// particles are name words that join or qualify the parts of a name (al-,
// bin, van, de...). They stay in the name but weigh little and may be
// missing on either side without much cost.
var particles = setOf(`al el ul bin ben ibn bint binti ould wuld ag abu abou bou um umm de da do dos das del della di du van von der den ter la le y e mc`)

// generational marks carry no identity worth matching.
var generations = setOf(`jr jnr sr snr ii iii iv`)

// ranks maps military and police ranks, and honorifics, in many languages to
// one English key. They are kept as features of a name, not as name words:
// a colonel is promoted, and "Colonel X" is the same man as "General X".
var ranks = func() map[string]string {
	m := map[string]string{}
	add := func(key, words string) {
		for _, w := range strings.Fields(words) {
			m[w] = key
		}
	}
	add("general", "general gen gen. gal genl général generale generala genera generalleutnant генерал ģenerāl στρατηγός لواء فريق مشير mushir liwa fariq")
	add("colonel", "colonel col coronel cnel cel colonello oberst polkovnik полковник συνταγματάρχης عقيد aqid العقيد")
	add("lieutenant-colonel", "lieutenant-colonel ltcol lcl ltc tcol podpolkovnik подполковник مقدم muqaddam المقدم")
	add("brigadier", "brigadier brig brigadier-general brigadeiro عميد amid العميد")
	add("major", "major maj mayor commandant cdt cmdt comandante cmte майор raid رائد الرائد")
	add("captain", "captain capt cpt cap capitaine cne capitan capitão capitao kapitan капитан λοχαγός نقيب naqib النقيب")
	add("lieutenant", "lieutenant lt lieut ltn teniente tte tenente leytenant leitenant лейтенант ملازم mulazim الملازم sous-lieutenant subteniente alferes")
	add("sergeant", "sergeant sgt sgto sergent sargento serzhant сержант رقيب raqib adjudant adj")
	add("corporal", "corporal cpl caporal cabo kapral ефрейтор عريف arif")
	add("private", "private pvt soldat soldado ryadovoy рядовой جندي")
	add("admiral", "admiral adm amiral almirante адмирал")
	add("commander", "commander cdr comdr cmdr kommandir командир qaid قائد")
	add("marshal", "marshal marechal mariscal маршал")
	add("officer", "officer officier oficial ofitser офицер warrant chief chef jefe")
	add("senior", "senior старший starshiy")
	add("junior", "junior младший mladshiy")
	add("honorific:sheikh", "sheikh shaykh sheik shaikh cheikh sheykh шейх شيخ الشيخ")
	add("honorific:dr", "dr doctor docteur doctora doktor доктор دكتور الدكتور د")
	add("honorific:prof", "prof professor professeur profesor профессор")
	add("honorific:mr", "mr mrs ms miss mme mlle monsieur madame sr sra srta senor senora señor señora gospodin господин السيد sayyed")
	add("honorific:hajji", "haj hajj haji hajji hadj alhaji الحاج")
	add("honorific:mullah", "mullah mulla molla мулла ملا")
	add("honorific:imam", "imam имам")
	return m
}()

// setOf returns the words of s as a set.
func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// groups maps each folded spelling in variantGroups to its group's canonical
// spelling.
var groups = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(variantGroups, "\n") {
		words := strings.Fields(line)
		if len(words) == 0 {
			continue
		}
		canon := foldLatin(words[0])
		for _, w := range words {
			k := foldLatin(w)
			if scriptOf(w) != "latin" {
				k = folder.String(norm.NFKC.String(w))
			}
			if _, dup := m[k]; !dup {
				m[k] = canon
			}
		}
	}
	return m
})

// groupOf returns the canonical spelling of the variant group s belongs to,
// or "" when it belongs to none.
func groupOf(s string) string { return groups()[s] }
