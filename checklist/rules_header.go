package checklist

// Rules on the header fields above the table: 单位, 姓名, 职务, 分管工作,
// 联系单位, 填报日期.

var ruleMissingUnit = &Rule{
	Code:     "missing-unit",
	Severity: Error,
	Doc:      "单位未填写（四种清单都要写明单位全称）",
	Check: func(p *Pass) []Finding {
		if p.List.Unit.Value != "" {
			return nil
		}
		label := p.Catalog.FieldLabel(FieldUnit)
		return []Finding{p.finding(p.List.Unit.Ref, "", "%s未填写，请在%s栏填写学校、单位全称", label, label)}
	},
}

var ruleMissingPerson = &Rule{
	Code:     "missing-person",
	Severity: Error,
	Doc:      "附件2、3：姓名或职务未填写，每缺一项报一条",
	Kinds:    []Kind{KindPrincipal, KindMember},
	Check: func(p *Pass) []Finding {
		return p.emptyFields(map[string]Text{FieldName: p.List.Person, FieldPosition: p.List.Position},
			"%s未填写，请填写本清单责任人的%s")
	},
}

var ruleMissingPortfolio = &Rule{
	Code:     "missing-portfolio",
	Severity: Warning,
	Doc:      "附件3：分管工作或联系单位未填写，每缺一项报一条",
	Kinds:    []Kind{KindMember},
	Check: func(p *Pass) []Finding {
		return p.emptyFields(map[string]Text{FieldPortfolio: p.List.Portfolio, FieldContacts: p.List.Contacts},
			"%s未填写，请填写该班子成员的%s（谈心谈话的"+formatNumber(p.Catalog.Content.Talk.MinRatio)+"%%比例按分管、联系部门计算）")
	},
}

// emptyFields reports each empty header field, in the catalog's field order.
func (p *Pass) emptyFields(fields map[string]Text, format string) []Finding {
	var out []Finding
	for _, f := range []string{FieldName, FieldPosition, FieldPortfolio, FieldContacts} {
		t, ok := fields[f]
		if !ok || t.Value != "" {
			continue
		}
		label := p.Catalog.FieldLabel(f)
		out = append(out, p.finding(t.Ref, "", format, label, label))
	}
	return out
}

var ruleMissingDate = &Rule{
	Code:     "missing-date",
	Severity: Warning,
	Doc:      "填报日期未填写（只印有“年 月 日”也算未填写）",
	Check: func(p *Pass) []Finding {
		if !unfilledDate(p.List.DateText.Value) || !p.List.Date.IsZero() {
			return nil
		}
		label := p.Catalog.FieldLabel(FieldDate)
		return []Finding{p.finding(p.List.DateText.Ref, "", "%s未填写，请填写实际填报日期，如 2017年2月10日", label)}
	},
}

var ruleBadDate = &Rule{
	Code:     "bad-date",
	Severity: Error,
	Doc:      "填报日期已填写但不是有效日期",
	Check: func(p *Pass) []Finding {
		if unfilledDate(p.List.DateText.Value) || !p.List.Date.IsZero() {
			return nil
		}
		label := p.Catalog.FieldLabel(FieldDate)
		return []Finding{p.finding(p.List.DateText.Ref, "", "%s%s不是有效日期，请写成 2017年2月10日 或 2017-02-10 的形式",
			label, quote(p.List.DateText.Value))}
	},
}
