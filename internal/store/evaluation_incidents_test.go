package store

import (
	"testing"
	"time"

	"github.com/custos-ssa/custos"
)

func TestCivilDay(t *testing.T) {
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, days := range []int64{-719468, -25567, -1, 0, 1, 59, 60, 10956, 11016, 20000, 47482, 47847} {
		want := custos.DateOf(epoch.AddDate(0, 0, int(days)))
		if got := civilDay(days); got != want {
			t.Errorf("civilDay(%d) = %v, want %v", days, got, want)
		}
	}
}
