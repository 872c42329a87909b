"""`cadre calc retirement | quota | exit`: legal calculations over the policy file, with no database and no
Django (each sets `needs_django=False`)."""

from __future__ import annotations

import json
import sys

from cadre.cli import common


def cmd_calc_retirement(args) -> int:
    from cadre.core.dates import DateError, parse_iso
    from cadre.core.policy import PolicyError
    from cadre.core.rules.retirement import AGE_PARAMETERS, retirement

    if args.sex not in AGE_PARAMETERS:
        raise common.UserError(
            f"--sex phải là male (nam) hoặc female (nữ), không phải «{args.sex}».",
            f"--sex must be male or female, not '{args.sex}'.",
        )
    try:
        result = retirement(args.sex, parse_iso(args.birth), early=args.early)
    except DateError as error:
        raise common.UserError(error.message_vi, error.message_en) from error
    except PolicyError as error:
        raise common.UserError(
            f"Tệp chính sách không có tuổi nghỉ hưu cho người sinh {args.birth}.",
            f"The policy file has no retirement age for someone born {args.birth} ({error}).",
        ) from error
    print(
        common.as_json(
            {
                "retirement_age_months": result.age_months,
                "retirement_age": result.age_text,
                "retirement_date": result.retirement_date.isoformat(),
                "pension_start": result.pension_start.isoformat(),
            }
        )
    )
    return common.EXIT_OK


def _calc_date(text: str | None):
    """A full date from --date (default today)."""
    import datetime as dt

    from cadre.core.dates import DateError, parse_iso

    if text is None:
        return dt.date.today()
    try:
        day = parse_iso(text)
    except DateError as error:
        raise common.UserError(error.message_vi, error.message_en) from error
    if day.precision != "day":
        raise common.UserError(
            f"--date cần đủ ngày, tháng, năm (YYYY-MM-DD), không phải «{text}».",
            f"--date needs a full date (YYYY-MM-DD), not '{text}'.",
        )
    return day.anchor()


def cmd_calc_quota(args) -> int:
    from cadre.core.policy import PolicyError
    from cadre.core.rules.staffing_quota import KINDS, staffing_quota

    text = args.population.strip()
    if not (text.isascii() and text.isdigit()):
        raise common.UserError(
            f"--population phải là số dân, một số nguyên không âm (16000), không phải «{args.population}».",
            f"--population must be the number of inhabitants, a whole number of 0 or more (16000), not "
            f"'{args.population}'.",
        )
    if args.kind not in KINDS:
        raise common.UserError(
            f"--kind phải là commune (xã), ward (phường) hoặc special_zone (đặc khu), không phải «{args.kind}».",
            f"--kind must be commune, ward or special_zone, not '{args.kind}'.",
        )
    on = _calc_date(args.date)
    try:
        result = staffing_quota(int(text), args.kind, mountain=args.mountain, on=on)
    except PolicyError as error:
        raise common.UserError(
            f"Tệp chính sách không có định mức biên chế cấp xã vào ngày {on:%d/%m/%Y}.",
            f"The policy file has no commune staffing quota on {on.isoformat()} ({error}).",
        ) from error
    print(
        common.as_json(
            {
                "quota": result.quota,
                "base": result.base,
                "added": result.added,
                "cap": result.cap,
                "unverified": result.unverified,
                "sources": list(result.sources),
            }
        )
    )
    return common.EXIT_OK


def cmd_calc_exit(args) -> int:
    from decimal import Decimal

    from cadre.core.errors import BilingualError
    from cadre.core.rules.exit_case import FactsError, parse_case
    from cadre.core.rules.exit_regime import exit_regime, refused

    try:
        if args.input == "-":
            text = sys.stdin.read()
        else:
            with open(args.input, encoding="utf-8") as file:
                text = file.read()
    except (OSError, UnicodeDecodeError) as error:
        raise common.UserError(
            f"Không đọc được tệp {args.input} ({error}).", f"Cannot read the file {args.input} ({error})."
        ) from error
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise common.UserError(
            f"Tệp {args.input} không phải JSON hợp lệ: dòng {error.lineno}, cột {error.colno}: {error.msg}.",
            f"The file {args.input} is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}.",
        ) from error
    try:
        case = parse_case(document)
        # A scheme and kind asked for go through the same choice as the pages, so the rules between regimes
        # (Decree 154 does not cover a case Decree 178 covers) hold here too.
        regime = exit_regime(case.facts, kind=case.kind, scheme=case.scheme)
        if regime.chosen is None:
            raise refused(regime)
    except FactsError as error:  # the case file's field names help who wrote it
        raise common.UserError(*error.with_fields) from error
    except BilingualError as error:
        raise common.UserError(error.message_vi, error.message_en) from error
    print(common.as_json({**regime.chosen.benefit.as_dict(), "regime": regime.as_dict()}))
    return common.EXIT_OK


def register(sub) -> None:
    add = common.add_command
    calc_sub = common.add_group(sub, "calc", "legal calculations that need no database")
    retire = add(
        calc_sub,
        "retirement",
        cmd_calc_retirement,
        "retirement age, date and pension start (JSON)",
        "The statutory retirement of a person (Labour Code 2019 Art. 169, Decree 135/2020): the age reached, "
        "the last day of the retirement month and the first day of the pension, as JSON. A birth given as a "
        "year is taken as 1 January, as a month as its 1st. Exit status 2 on bad input.",
    )
    retire.add_argument("--sex", required=True, metavar="male|female", help="male or female")
    retire.add_argument("--birth", required=True, metavar="DATE", help="YYYY-MM-DD, YYYY-MM or YYYY")
    retire.add_argument(
        "--early",
        action="store_true",
        help="the person qualifies for early retirement (heavy or hazardous work, extremely difficult "
        "areas, or loss of working capacity): the lowest age allowed",
    )
    retire.set_defaults(needs_django=False)
    quota = add(
        calc_sub,
        "quota",
        cmd_calc_quota,
        "a commune's government staffing quota (JSON)",
        "The government staffing quota (biên chế) of a commune-level unit (Công văn 09/CV-BCĐ, 30/5/2025): a "
        "base, more posts for a population above the threshold, and a cap for a commune or a ward, as JSON. "
        "The reading of the rule is unverified (see docs/staffing.md). Exit status 2 on bad input.",
    )
    quota.add_argument("--population", required=True, metavar="N", help="inhabitants, a whole number")
    quota.add_argument(
        "--kind",
        required=True,
        metavar="commune|ward|special_zone",
        help="commune (xã), ward (phường) or special zone (đặc khu, capped as a commune)",
    )
    quota.add_argument("--mountain", action="store_true", help="the unit is in a mountain or highland area")
    quota.add_argument("--date", metavar="YYYY-MM-DD", help="the rule in force on this day (default today)")
    quota.set_defaults(needs_django=False)
    exit_ = add(
        calc_sub,
        "exit",
        cmd_calc_exit,
        "exit benefits of one case: early retirement, quitting, resignation (JSON)",
        "The benefits of leaving the service under Decree 178/2024 (as amended by Decree 67/2025), Decree "
        "154/2025 or Decree 170/2025 Art. 58, from a case file, as JSON with each component's formula and "
        "amount in VND (rounded to the đồng). Without a scheme (or a kind) in the case, the regime that applies "
        "on its dates is picked (the most favourable of those open) and 'regime' says which and why. A case the "
        'scheme does not cover exits with status 2 and the reason. See docs/policy.md, "Exit benefits".',
    )
    exit_.add_argument("--input", required=True, metavar="CASE.json", help="the case file ('-' for stdin)")
    exit_.set_defaults(needs_django=False)
