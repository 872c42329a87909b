"""Exits (nghỉ việc): who the rules flag for leaving the service, and each person's ways out (docs/exits.md).

- `registry`: what the exit rules read of an official, in three queries whatever the number of people;
- `estimates`: the dates assumed and the inputs the registry lacks (salary, allowances, insured service),
  estimated by the dated rules of the policy file, each shown with its basis;
- `listing`: the exit list (danh sách nghỉ việc): one row per flagged person, by severity, then by name;
- `options`: one person's four options side by side (phương án nghỉ việc), for their page;
- `export`: the exit list as an XLSX workbook.

Nothing here restates a rule: the flags come from `cadre.core.rules.evaluation` and the amounts from
`cadre.core.rules.exit_benefits`.
"""
