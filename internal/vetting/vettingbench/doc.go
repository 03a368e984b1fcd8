// Package vettingbench compares the vetting engine with PostgreSQL pg_trgm
// (a GIN trigram index, similarity search, then re-ranking) on the same
// generated records and nominees. It holds only a test, which runs when
// CUSTOS_TEST_POSTGRES names a database:
//
//	CUSTOS_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test go test ./internal/vetting/vettingbench/ -run Trgm -v -timeout 1h
package vettingbench
