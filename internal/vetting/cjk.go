package vetting

import "strings"

// Revised Romanization of Korean, jamo by jamo, with McCune-Reischauer
// alternatives (k for g, ch for j, o for eo, u for eu) as a second spelling.
var (
	hangulInitial  = []string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulInitialM = []string{"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t", "p", "h"}
	hangulVowel    = []string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulVowelM   = []string{"a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"}
	hangulFinal    = []string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

// hangulSurnames are the customary spellings of the commonest surnames,
// which follow neither system.
var hangulSurnames = map[rune][]string{
	'김': {"kim"}, '이': {"lee", "yi", "rhee"}, '박': {"park", "pak"}, '최': {"choi"},
	'정': {"jung", "chung"}, '강': {"kang"}, '조': {"cho"}, '윤': {"yoon", "yun"},
	'장': {"jang", "chang"}, '임': {"lim", "im"}, '한': {"han"}, '오': {"oh"},
	'신': {"shin", "sin"}, '서': {"seo", "suh"}, '권': {"kwon"}, '황': {"hwang"},
	'송': {"song"}, '류': {"ryu", "yoo"}, '노': {"roh", "noh"}, '문': {"moon", "mun"},
}

// hangulForms romanizes one Hangul syllable.
func hangulForms(r rune) []string {
	if r < 0xAC00 || r > 0xD7A3 {
		return nil
	}
	i := int(r - 0xAC00)
	l, v, t := i/(21*28), (i/28)%21, i%28
	rr := hangulInitial[l] + hangulVowel[v] + hangulFinal[t]
	mr := hangulInitialM[l] + hangulVowelM[v] + hangulFinal[t]
	forms := append([]string{}, hangulSurnames[r]...)
	forms = appendUnique(forms, rr)
	return appendUnique(forms, mr)
}

// hanReadings holds Mandarin (pinyin without tones), Korean and Japanese
// readings of a small set of characters common in names. Han characters
// have no algorithmic reading; characters outside this table are matched
// only as written. This is a known gap, stated in the package doc.
var hanReadings = map[rune]string{
	'金': "jin kim gim kin kane", '正': "zheng jeong jong chong masa sho", '恩': "en eun un on",
	'李': "li lee yi ri", '明': "ming myeong myung mei aki", '习': "xi", '習': "xi seup shu",
	'近': "jin geun kin chika", '平': "ping pyeong pyong hei taira", '王': "wang wang o",
	'伟': "wei", '偉': "wei wi i", '张': "zhang", '張': "zhang jang cho", '刘': "liu", '劉': "liu yu ryu",
	'陈': "chen", '陳': "chen jin", '杨': "yang", '楊': "yang yo", '黄': "huang", '黃': "huang hwang ko",
	'赵': "zhao", '趙': "zhao jo cho", '周': "zhou ju shu", '吴': "wu", '吳': "wu o go",
	'毛': "mao mo", '泽': "ze", '澤': "ze taek sawa", '东': "dong", '東': "dong higashi to",
	'国': "guo", '國': "guo guk koku", '华': "hua", '華': "hua hwa ka", '文': "wen mun bun fumi",
	'山': "shan san yama", '田': "tian jeon ta da den", '太': "tai tae ta", '郎': "lang rang ro rou",
	'中': "zhong jung naka chu", '花': "hua hwa hana ka", '子': "zi ja ko shi", '一': "yi il ichi kazu",
	'大': "da dae o dai", '小': "xiao so ko", '木': "mu mok ki moku", '本': "ben bon moto hon",
	'村': "cun chon mura son", '藤': "teng deung fuji to", '佐': "zuo jwa sa", '井': "jing jeong i sei",
	'川': "chuan cheon kawa gawa sen", '野': "ye ya no", '上': "shang sang ue kami jo",
	'高': "gao go taka ko", '林': "lin rim im hayashi rin", '春': "chun chun haru shun",
}

// hanForms returns the readings of one Han character.
func hanForms(r rune) []string {
	return strings.Fields(hanReadings[r])
}

var thaiConsonants = map[rune]string{
	'ก': "k", 'ข': "kh", 'ฃ': "kh", 'ค': "kh", 'ฅ': "kh", 'ฆ': "kh", 'ง': "ng", 'จ': "ch",
	'ฉ': "ch", 'ช': "ch", 'ซ': "s", 'ฌ': "ch", 'ญ': "y", 'ฎ': "d", 'ฏ': "t", 'ฐ': "th",
	'ฑ': "th", 'ฒ': "th", 'ณ': "n", 'ด': "d", 'ต': "t", 'ถ': "th", 'ท': "th", 'ธ': "th",
	'น': "n", 'บ': "b", 'ป': "p", 'ผ': "ph", 'ฝ': "f", 'พ': "ph", 'ฟ': "f", 'ภ': "ph",
	'ม': "m", 'ย': "y", 'ร': "r", 'ล': "l", 'ว': "w", 'ศ': "s", 'ษ': "s", 'ส': "s",
	'ห': "h", 'ฬ': "l", 'อ': "", 'ฮ': "h",
}

var thaiVowels = map[rune]string{
	'ะ': "a", 'ั': "a", 'า': "a", 'ำ': "am", 'ิ': "i", 'ี': "i", 'ึ': "ue", 'ื': "ue",
	'ุ': "u", 'ู': "u", 'เ': "e", 'แ': "ae", 'โ': "o", 'ใ': "ai", 'ไ': "ai",
}

// thaiForm gives a rough Royal Thai General System spelling: consonants and
// written vowels, with the unwritten "o" between two bare consonants and
// final y as i. Leading vowels (เ แ โ ใ ไ) are written before their
// consonant in Thai and read after it.
func thaiForm(w string) string {
	rs := []rune(w)
	var b strings.Builder
	lastCons := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if v, ok := thaiVowels[r]; ok && strings.ContainsRune("เแโใไ", r) && i+1 < len(rs) {
			b.WriteString(thaiConsonants[rs[i+1]])
			b.WriteString(v)
			i++
			lastCons = false
			continue
		}
		if v, ok := thaiVowels[r]; ok {
			b.WriteString(v)
			lastCons = false
			continue
		}
		c, ok := thaiConsonants[r]
		if !ok {
			continue
		}
		if r == 'ย' && i == len(rs)-1 && i > 0 {
			c = "i"
		}
		if lastCons && i < len(rs) {
			b.WriteString("o")
		}
		b.WriteString(c)
		lastCons = c != "i"
	}
	return b.String()
}

// kanaRomaji holds the modified Hepburn spelling of each hiragana;
// katakana are read as the hiragana 0x60 below them.
var kanaRomaji = map[rune]string{
	'あ': "a", 'い': "i", 'う': "u", 'え': "e", 'お': "o",
	'か': "ka", 'き': "ki", 'く': "ku", 'け': "ke", 'こ': "ko",
	'さ': "sa", 'し': "shi", 'す': "su", 'せ': "se", 'そ': "so",
	'た': "ta", 'ち': "chi", 'つ': "tsu", 'て': "te", 'と': "to",
	'な': "na", 'に': "ni", 'ぬ': "nu", 'ね': "ne", 'の': "no",
	'は': "ha", 'ひ': "hi", 'ふ': "fu", 'へ': "he", 'ほ': "ho",
	'ま': "ma", 'み': "mi", 'む': "mu", 'め': "me", 'も': "mo",
	'や': "ya", 'ゆ': "yu", 'よ': "yo",
	'ら': "ra", 'り': "ri", 'る': "ru", 'れ': "re", 'ろ': "ro",
	'わ': "wa", 'ゐ': "i", 'ゑ': "e", 'を': "o", 'ん': "n",
	'が': "ga", 'ぎ': "gi", 'ぐ': "gu", 'げ': "ge", 'ご': "go",
	'ざ': "za", 'じ': "ji", 'ず': "zu", 'ぜ': "ze", 'ぞ': "zo",
	'だ': "da", 'ぢ': "ji", 'づ': "zu", 'で': "de", 'ど': "do",
	'ば': "ba", 'び': "bi", 'ぶ': "bu", 'べ': "be", 'ぼ': "bo",
	'ぱ': "pa", 'ぴ': "pi", 'ぷ': "pu", 'ぺ': "pe", 'ぽ': "po",
	'ゔ': "vu", 'ゕ': "ka", 'ゖ': "ke", 'ゎ': "wa",
}

// Small kana that change the syllable before them.
var (
	kanaSmallY     = map[rune]string{'ゃ': "a", 'ゅ': "u", 'ょ': "o"}
	kanaSmallVowel = map[rune]string{'ぁ': "a", 'ぃ': "i", 'ぅ': "u", 'ぇ': "e", 'ぉ': "o"}
)

const (
	kanaSokuon = 'っ' // doubles the next consonant
	kanaLong   = 'ー' // lengthens the vowel before it (katakana)
)

// isKana reports whether r is hiragana, katakana or the long-vowel mark.
func isKana(r rune) bool {
	return (r >= 0x3041 && r <= 0x3096) || (r >= 0x30A1 && r <= 0x30FA) || r == kanaLong
}

// kanaForms romanizes a word written in kana: modified Hepburn with long
// vowels written out (さとう "satou"), the same with long vowels shortened
// as most passports and lists write them ("sato"), and with a long o as
// "oh" ("satoh"). It returns nil when the word holds no kana it can read.
func kanaForms(w string) []string {
	var b strings.Builder
	double := false
	lastVowel := byte(0)
	for _, r := range w {
		if r >= 0x30A1 && r <= 0x30F6 {
			r -= 0x60 // katakana to hiragana
		}
		switch {
		case r == kanaSokuon || r == kanaSokuon+0x60:
			double = true
			continue
		case r == kanaLong:
			if lastVowel != 0 {
				b.WriteByte(lastVowel)
			}
			continue
		}
		s := b.String()
		if v, ok := kanaSmallY[r]; ok && strings.HasSuffix(s, "i") && len(s) > 1 {
			// き+ゃ kya; し+ゃ sha, ち+ゃ cha, じ+ゃ ja.
			stem := s[:len(s)-1]
			b.Reset()
			b.WriteString(stem)
			if !strings.HasSuffix(stem, "sh") && !strings.HasSuffix(stem, "ch") && !strings.HasSuffix(stem, "j") {
				b.WriteByte('y')
			}
			b.WriteString(v)
			lastVowel = v[0]
			continue
		}
		if v, ok := kanaSmallVowel[r]; ok && len(s) > 0 && strings.ContainsRune("aiueo", rune(s[len(s)-1])) {
			// フ+ァ fa, テ+ィ ti: the small vowel replaces the syllable's.
			b.Reset()
			b.WriteString(s[:len(s)-1])
			b.WriteString(v)
			lastVowel = v[0]
			continue
		}
		rom, ok := kanaRomaji[r]
		if !ok {
			if v, small := kanaSmallY[r]; small {
				rom, ok = "y"+v, true
			} else if v, small := kanaSmallVowel[r]; small {
				rom, ok = v, true
			}
		}
		if !ok {
			continue
		}
		if double && rom != "n" && !strings.ContainsRune("aiueo", rune(rom[0])) {
			if strings.HasPrefix(rom, "ch") {
				b.WriteByte('t') // っち tchi
			} else {
				b.WriteByte(rom[0])
			}
		}
		double = false
		b.WriteString(rom)
		if c := rom[len(rom)-1]; strings.IndexByte("aiueo", c) >= 0 {
			lastVowel = c
		} else {
			lastVowel = 0
		}
	}
	full := b.String()
	if full == "" {
		return nil
	}
	short := strings.NewReplacer("ou", "o", "oo", "o", "uu", "u", "aa", "a", "ii", "i", "ee", "e").Replace(full)
	oh := strings.NewReplacer("ou", "oh", "oo", "oh").Replace(full)
	return appendUnique(appendUnique([]string{full}, short), oh)
}
