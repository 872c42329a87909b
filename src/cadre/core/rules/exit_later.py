"""The exit schemes after Decree 178/2024: staff streamlining under Decree 154/2025 (early retirement and quitting
at once, with the refund owed on re-employment within 60 months) and a civil servant's voluntary resignation
under Decree 170/2025 Art. 58.

`LaterSchemes` holds their rules as methods of the calculation in `exit_benefits` (`_Calc`), which supplies the
shared facts (`months_early`, `value`, the components and the service allowance). Every number is a policy
value (docs/policy.md, "Exit benefits").
"""

from __future__ import annotations

import datetime as dt

from cadre.core.dates import add_months
from cadre.core.rules.exit_case import Component, Condition, NotCovered, vnd_text
from cadre.core.text import Text


class LaterSchemes:
    """Decree 154/2025 and Decree 170/2025 Art. 58, mixed into `exit_benefits._Calc`."""

    def _in_force_154(self, name: str) -> dict:
        """The Decree 154 rules on the leave date; NotCovered outside its term (`exit_154_term`)."""
        term, leave = self.value("exit_154_term"), self.facts.leave_date
        if term["first_leave_date"] <= leave <= term["last_leave_date"]:
            return self.value(name)
        first, last = term["first_leave_date"], term["last_leave_date"]
        raise NotCovered(
            f"Nghị định 154/2025 (tinh giản biên chế) chỉ áp dụng cho người nghỉ từ {first:%d/%m/%Y} đến hết "
            f"{last:%d/%m/%Y}; ngày nghỉ {leave:%d/%m/%Y} nằm ngoài thời gian đó.",
            f"Decree 154/2025 (staff streamlining) applies to people leaving from {first:%d/%m/%Y} to "
            f"{last:%d/%m/%Y} only; the leave date {leave:%d/%m/%Y} is outside it.",
        )

    def _early_retirement_154_problem(self, rules: dict) -> NotCovered | None:
        """Why the person may not retire early under Decree 154, or None."""
        m, least, most = self.months_early, rules["min_months_early"], rules["max_months_early"]
        if m < least:
            return NotCovered(
                f"Còn {max(m, 0)} tháng đến thời điểm hưởng lương hưu đúng tuổi, dưới {least} tháng: Cadre chỉ "
                f"tính chế độ nghỉ hưu trước tuổi của Nghị định 154 cho người còn từ đủ {least} đến đủ {most} "
                "tháng.",
                f"{max(m, 0)} months to the pension at the statutory age, fewer than {least}: Cadre computes "
                f"Decree 154's early retirement only for people {least} to {most} months early.",
            )
        if m > most:
            return NotCovered(
                f"Nghỉ sớm {m} tháng, quá {most} tháng mà chế độ nghỉ hưu trước tuổi của Nghị định 154 cho phép.",
                f"{m} months early is more than the {most} months Decree 154's early retirement allows.",
            )
        return self._pension_problem()

    def _not_modelled_154(self, rules: dict) -> bool:
        """Under `min_months_early` from the pension with the insured years for one: Decree 154's early retirement
        covers the person, but not by the rules Cadre computes, so quitting is not open either."""
        return 0 < self.months_early < rules["min_months_early"] and self._pension_problem() is None

    def _early_retirement_154(self) -> list[Component]:
        rules = self._in_force_154("exit_early_retirement_154")
        problem = self._early_retirement_154_problem(rules)
        if problem:
            raise problem
        years = self._count_early_years(self.months_early, rules["early_years_count"])
        components = [self._per_year("early_years", rules["per_early_year_months"], years)]
        service = self._service_allowance(rules["service_allowance"])
        return components + ([service] if service else [])

    def _refund_154(self, components: list[Component]) -> tuple[Condition, ...]:
        months = self.value("exit_refund_154")["months"]
        until = add_months(self.facts.leave_date, months) - dt.timedelta(days=1)
        amount = sum(c.amount for c in components)
        money = vnd_text(amount)
        return (
            Condition(
                Text(
                    f"Nếu được bầu cử hoặc tuyển dụng vào cơ quan, tổ chức, đơn vị hưởng lương từ ngân sách nhà "
                    f"nước trong {months} tháng kể từ ngày nghỉ (đến hết {until:%d/%m/%Y}), phải hoàn trả số tiền "
                    f"trợ cấp đã nhận: {money.vi}.",
                    f"If elected or recruited into a body paid from the state budget within {months} months of "
                    f"leaving (to {until:%d/%m/%Y}), the allowances received must be refunded: {money.en}.",
                ),
                until,
                amount,
            ),
        )

    def _quit_154(self) -> list[Component]:
        rules = self._in_force_154("exit_quit_154")
        self._require_before_retirement()
        early = self._in_force_154("exit_early_retirement_154")
        if rules["excludes_early_retirement_eligible"] and self._early_retirement_154_problem(early) is None:
            raise NotCovered(
                "Người này đủ điều kiện nghỉ hưu trước tuổi theo Nghị định 154; chế độ thôi việc ngay của Nghị "
                "định này chỉ áp dụng cho người không đủ điều kiện đó.",
                "This person qualifies for early retirement under Decree 154; its quitting regime covers only "
                "those who do not.",
            )
        if rules["excludes_early_retirement_eligible"] and self._not_modelled_154(early):
            least = early["min_months_early"]
            raise NotCovered(
                f"Chưa mô hình hóa: người này đủ năm đóng BHXH để hưởng lương hưu và còn dưới {least} tháng đến "
                "thời điểm hưởng lương hưu đúng tuổi, thuộc nhóm nghỉ hưu trước tuổi của Nghị định 154 mà Cadre "
                "chưa tính; chế độ thôi việc ngay chỉ áp dụng cho người không đủ điều kiện nghỉ hưu trước tuổi.",
                f"Not modelled: this person has the insured years for a pension and is under {least} months from "
                "the pension at the statutory age, a group of Decree 154's early retirement that Cadre does not "
                "compute; its quitting regime covers only those who may not retire early.",
            )
        return [
            self._months("job_search", rules["job_search_months"]),
            *self._per_insured_year(rules["per_insured_year_months"]),
        ]

    def _resignation_170(self) -> list[Component]:
        rules = self.value("exit_resignation_170")
        self._require_before_retirement()
        insured = self.facts.social_insurance_months
        if insured < rules["min_service_months"]:
            raise NotCovered(
                f"Thời gian công tác {insured} tháng, dưới {rules['min_service_months']} tháng: không có trợ "
                "cấp thôi việc.",
                f"{insured} months of service, fewer than {rules['min_service_months']}: no resignation "
                "allowance.",
            )
        if insured < rules["short_service_below_months"]:
            return [self._months("short_service", rules["short_service_months"])]
        return [
            self._months("lump_sum", rules["lump_sum_months"]),
            *self._per_insured_year(rules["per_insured_year_months"]),
        ]
