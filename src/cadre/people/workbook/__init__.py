"""The registry workbook (sổ cán bộ dạng Excel): one subject, in the order a file travels.

- `schema`: the sheets and columns, and how each cell is read and written (one description for all below);
- `checks`: every row checked, all problems reported in one pass;
- `resolve`: the places and posts people write, resolved once per distinct text;
- `write`: a checked workbook written into the registry in bulk, with its row history;
- `importer`: the whole import, all or nothing (reads the file, then the three steps above);
- `export`: the empty template and the full export, which the import reads back.
"""
