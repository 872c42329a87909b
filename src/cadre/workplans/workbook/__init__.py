"""The work plans workbook (sổ kế hoạch công tác dạng Excel), in and out, in the order a file travels.

- `schema`: the sheets "Kế hoạch" and "Nhiệm vụ" and their columns, and the cell readers particular to them;
- `template`: the workbook to fill in, with a guide that explains each column in the words of the six clears;
- `resolve`: the communes, provinces and people the workbook names, within the user's scope;
- `checks`: every row checked (the core's six clears, the plan's period, the user's scope), every error on its
  cell;
- `importer`: the whole import, all or nothing, tasks written in bulk;
- `export`: a board's tasks as the monthly report workbook.

The reading itself (the guard, the confined reader, the issue types) is the registry workbook's
(`cadre.people.workbook`), shared rather than copied.
"""
