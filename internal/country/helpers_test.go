package country

import "github.com/custos-ssa/custos"

func validCode(c string) bool { return custos.ValidCountryCode(c) }

func isoList() []custos.Country { return custos.ISOCountries() }
