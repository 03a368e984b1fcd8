// Package vetting is the Leahy vetting screening engine: it matches
// nominees (persons and units) against derogatory and reference records,
// across scripts, and explains every hit.
//
// Names are normalized (Unicode NFKC, case folding, punctuation and hyphens
// to word breaks), transliterated to Latin with several candidate spellings
// (Arabic and Persian, Cyrillic, Greek, Hebrew, Hangul, kana and Thai by
// rule; Han only for a small table of name characters), and stripped of ranks and
// honorifics, which are kept as features. Name parts meet by exact
// spelling, variant group (Muhammad, Mohamed, محمد), phonetic key, typo
// (edit distance) or initial, in any order; rare parts weigh more (IDF).
// Unit names become a UnitKey (number, echelon, branch, qualifiers, parent)
// and records on a unit's parents and subordinates surface with the path.
//
// Screening never scans the whole list: an inverted index over spellings,
// reached through variant groups, phonetic keys and one-letter deletions,
// yields candidates, rarest words first, and only the best candidates are
// scored. Output is deterministic: records are ordered by id, hits by score
// (rounded to four decimals) then record id.
//
// Batch is the CSV entry point used by `custos vet screen`; NewIndex and
// Index.Screen serve the store-backed workflow.
package vetting
