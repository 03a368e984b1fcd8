package fmtr

import "testing"

func TestUnitKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"1st Inf Bn", "1st infantry battalion"},
		{"1ST INFANTRY BATTALION", "1st infantry battalion"},
		{"1st  Infantry   BN.", "1st infantry battalion"},
		{"Ministry of the Interior", "ministry interior"},
		{"MOI", "ministry interior"},
		{"Ministry of Defence", "ministry defense"},
		{"MOD", "ministry defense"},
		{"Gendarmerie Nationale", "gendarmerie nationale"},
		{"Gendarmérie Nationale", "gendarmerie nationale"},
		{"Nat'l Police HQ", "national police headquarters"},
		{"Bosnia & Herzegovina Army", "bosnia herzegovina army"},
		{"2nd Guards Brigade", "2nd guards brigade"},
		// Kept apart: a different number, a different parent.
		{"2nd Infantry Brigade", "2nd infantry brigade"},
		{"1st Infantry Brigade, Moldovan Army", "1st infantry brigade moldovan army"},
	}
	for _, tt := range tests {
		if got := UnitKey(tt.in); got != tt.want {
			t.Errorf("UnitKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnitKeyKeepsUnitsApart(t *testing.T) {
	pairs := [][2]string{
		{"1st Infantry Brigade", "2nd Infantry Brigade"},
		{"1st Infantry Brigade", "1st Infantry Battalion"},
		{"Air Force", "Armed Forces"},
		{"Special Forces", "Security Forces"},
		{"Army", "Navy"},
		{"MILITARY BASE 01937 BRASOV", "MILITARY BASE 01938 BRASOV"},
	}
	for _, p := range pairs {
		if UnitKey(p[0]) == UnitKey(p[1]) {
			t.Errorf("UnitKey(%q) == UnitKey(%q) == %q, want different keys", p[0], p[1], UnitKey(p[0]))
		}
	}
}

func TestLooksPersonal(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		// Identification number and rank (FY2011-2012 Angola).
		{"100903820 2nd Lieutenant", true},
		{"100907998 LTJG Midshipman", true},
		{"30053192 T. Commander", true},
		{"10852200 1st Liutenant", true},
		{"40095491 Coronel", true},
		// Named by rank or title.
		{"Maj Lichado, Staff-MOC Training and Doctrine Command", true},
		{"Egyptian Army - CPT Ahmed Nasr Ibrahim, Signal Department", true},
		{"1. Major Zviad Example, 11th infantry brigade", true},
		{"U.S. escort officer, Ms. Yvonne Example, NDU", true},
		// Units, unit numbers and posts.
		{"", false},
		{"Ministry of Defense", false},
		{"46380 - MOD", false},
		{"08373 Artillery Battalion", false},
		{"28079 Kazbat", false},
		{"MILITARY BASE 01937-BRASOV, PLATOON LEADER AND PR-OFFICER", false},
		{"General Staff of Mongolian Armed Forces", false},
		{"Private Enterprise", false},
		{"ADMIRAL KILLICK GARDE COTE BASE", false},
		{"Captain Career Course, National Defense Academy", false},
		{"Major Organized Crime And Anti-Corruption Agency (MOCA)", false},
		{"Etat Major Formation/ FDN", false},
		{"Brigade Major, Infantry Brigade", false},
		{"Public Affairs Sergeant, Ministry Of Defense", false},
		{"MS Branch, Army HQ.", false},
		{"Lt Commander", false},
		{"15th Strike Wing, Maj Danilo Atienza Air Base, Cavite City", false},
	}
	for _, tt := range tests {
		if got := LooksPersonal(tt.in); got != tt.want {
			t.Errorf("LooksPersonal(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
