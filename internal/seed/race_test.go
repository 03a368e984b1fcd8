//go:build race

package seed

func init() { raceEnabled = true }
