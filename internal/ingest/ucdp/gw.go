package ucdp

import "github.com/custos-ssa/custos/internal/atlas"

// gwISO maps Gleditsch-Ward state numbers, which UCDP uses for country_id,
// to ISO 3166-1 alpha-2 codes. States that no longer exist map to the
// country that holds their territory today (the German Democratic Republic
// to DE, the Republic of Vietnam to VN, South Yemen to YE), because an
// incident is placed where it happened, on today's map. Czechoslovakia (315)
// is left out: its events belong to CZ or SK by place, so the reader falls
// back on the country name and, failing that, reports the row.
//
// Source: Gleditsch and Ward (1999), "A revised list of independent states
// since the Congress of Vienna", International Interactions 25(4), and the
// list's public updates.
var gwISO = map[int]string{
	2: "US", 20: "CA", 31: "BS", 40: "CU", 41: "HT", 42: "DO", 51: "JM", 52: "TT", 53: "BB",
	54: "DM", 55: "GD", 56: "LC", 57: "VC", 58: "AG", 60: "KN", 70: "MX", 80: "BZ", 90: "GT",
	91: "HN", 92: "SV", 93: "NI", 94: "CR", 95: "PA", 100: "CO", 101: "VE", 110: "GY", 115: "SR",
	130: "EC", 135: "PE", 140: "BR", 145: "BO", 150: "PY", 155: "CL", 160: "AR", 165: "UY",
	200: "GB", 205: "IE", 210: "NL", 211: "BE", 212: "LU", 220: "FR", 221: "MC", 223: "LI",
	225: "CH", 230: "ES", 232: "AD", 235: "PT", 255: "DE", 260: "DE", 265: "DE", 290: "PL",
	305: "AT", 310: "HU", 316: "CZ", 317: "SK", 325: "IT", 331: "SM", 338: "MT", 339: "AL",
	341: "ME", 343: "MK", 344: "HR", 345: "RS", 346: "BA", 347: "XK", 349: "SI", 350: "GR",
	352: "CY", 355: "BG", 359: "MD", 360: "RO", 365: "RU", 366: "EE", 367: "LV", 368: "LT",
	369: "UA", 370: "BY", 371: "AM", 372: "GE", 373: "AZ", 375: "FI", 380: "SE", 385: "NO",
	390: "DK", 395: "IS", 402: "CV", 403: "ST", 404: "GW", 411: "GQ", 420: "GM", 432: "ML",
	433: "SN", 434: "BJ", 435: "MR", 436: "NE", 437: "CI", 438: "GN", 439: "BF", 450: "LR",
	451: "SL", 452: "GH", 461: "TG", 471: "CM", 475: "NG", 481: "GA", 482: "CF", 483: "TD",
	484: "CG", 490: "CD", 500: "UG", 501: "KE", 510: "TZ", 511: "TZ", 516: "BI", 517: "RW",
	520: "SO", 522: "DJ", 530: "ET", 531: "ER", 540: "AO", 541: "MZ", 551: "ZM", 552: "ZW",
	553: "MW", 560: "ZA", 565: "NA", 570: "LS", 571: "BW", 572: "SZ", 580: "MG", 581: "KM",
	590: "MU", 591: "SC", 600: "MA", 615: "DZ", 616: "TN", 620: "LY", 625: "SD", 626: "SS",
	630: "IR", 640: "TR", 645: "IQ", 651: "EG", 652: "SY", 660: "LB", 663: "JO", 666: "IL",
	670: "SA", 678: "YE", 680: "YE", 690: "KW", 692: "BH", 694: "QA", 696: "AE", 698: "OM",
	700: "AF", 701: "TM", 702: "TJ", 703: "KG", 704: "UZ", 705: "KZ", 710: "CN", 712: "MN",
	713: "TW", 731: "KP", 732: "KR", 740: "JP", 750: "IN", 760: "BT", 770: "PK", 771: "BD",
	775: "MM", 780: "LK", 781: "MV", 790: "NP", 800: "TH", 811: "KH", 812: "LA", 816: "VN",
	817: "VN", 820: "MY", 830: "SG", 835: "BN", 840: "PH", 850: "ID", 860: "TL", 900: "AU",
	910: "PG", 920: "NZ", 935: "VU", 940: "SB", 946: "KI", 947: "TV", 950: "FJ", 955: "TO",
	970: "NR", 983: "MH", 986: "PW", 987: "FM", 990: "WS",
}

// successors lists, for the states that broke up within the years GED
// covers, the states that hold their territory today, the first being the
// one gwISO names. GED codes an event under the state of its day: three
// events of the sample in testdata, in Bosnia in April 1992, are coded under
// Yugoslavia (345); so are events in Eritrea before 1993, in South Sudan
// before 2011, in Timor-Leste before 2002 and in the Soviet republics before
// 1992 under Ethiopia, Sudan, Indonesia and the Soviet Union. An incident is
// placed where it happened, on today's map, so such an event goes to the
// successor whose shape holds its coordinates.
var successors = map[int][]string{
	345: {"RS", "BA", "HR", "SI", "MK", "ME", "XK"},
	365: {"RU", "UA", "BY", "MD", "EE", "LV", "LT", "GE", "AM", "AZ", "KZ", "UZ", "TM", "KG", "TJ"},
	530: {"ET", "ER"},
	625: {"SD", "SS"},
	850: {"ID", "TL"},
}

// placeCountry returns the country, on today's map, of an event GED codes
// under the Gleditsch-Ward state gw and gwISO places in code: code itself
// unless gw is a state that broke up and the coordinates lie inside one of
// its successors but not inside code. Near a border, where the tolerance of
// the bounds would let both claim the point, the shapes themselves decide.
func placeCountry(code string, gw int, lat, lon float64) string {
	succ, ok := successors[gw]
	if !ok || code != succ[0] {
		return code
	}
	b := atlas.CountryBounds()
	if b.Inside(code, lat, lon) {
		return code
	}
	for _, c := range succ[1:] {
		if b.Inside(c, lat, lon) {
			return c
		}
	}
	if b.Contains(code, lat, lon) {
		return code
	}
	for _, c := range succ[1:] {
		if b.Contains(c, lat, lon) {
			return c
		}
	}
	return code
}
