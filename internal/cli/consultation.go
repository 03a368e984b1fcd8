package cli

import (
	"strconv"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// consultationCommand is custos consultation list|get|create|update|delete:
// civil-society consultations with their feedback and responses, as JSON.
// With --as, what is printed is redacted for that user's role like
// everywhere else (who was consulted reaches planners, analysts and
// administrators only).
func consultationCommand() recordCommand {
	return recordCmd(recordKind[custos.Consultation, custos.ConsultationFilter]{name: "consultation", plural: "civil-society consultations", key: "ID",
		columns: []string{"id", "program_id", "country", "date", "stage", "format", "outside_capital", "organization_count", "title"},
		find:    (*store.DB).FindConsultations, get: getByID((*store.DB).FindConsultation),
		create: (*store.DB).CreateConsultation, update: (*store.DB).UpdateConsultation, del: delByID((*store.DB).DeleteConsultation),
		setKey: func(c *custos.Consultation, k string) { c.ID, _ = strconv.ParseInt(k, 10, 64) }})
}
