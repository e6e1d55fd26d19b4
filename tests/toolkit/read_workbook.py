#!/usr/bin/env python3
"""Reads an .xlsx workbook with openpyxl, a reader independent of the writer (libxlsxwriter),
and prints it as JSON for workbook_test.cpp: every sheet with its frozen pane, the rows it
repeats on printed pages, its footer, column widths and every cell (row, column, type, value,
number format), and every defined name with the value of the cell it names.

    read_workbook.py FILE.xlsx > cells.json

Types: "n" number, "d" date (the value as ISO yyyy-mm-dd), "s" text. Exit status 1 when
openpyxl cannot read the file.
"""

import datetime
import json
import sys

import openpyxl


def cell_json(cell):
    value = cell.value
    if isinstance(value, bool):
        kind = "b"
    elif isinstance(value, (int, float)):
        kind = "n"
    elif isinstance(value, (datetime.datetime, datetime.date)):
        kind = "d"
        value = value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
    else:
        kind = "s"
    return {"row": cell.row, "col": cell.column, "type": kind, "value": value,
            "format": cell.number_format}


def main():
    if len(sys.argv) != 2:
        print("usage: read_workbook.py FILE.xlsx", file=sys.stderr)
        return 2
    try:
        book = openpyxl.load_workbook(sys.argv[1])
    except Exception as e:  # openpyxl raises many kinds: any is a failure to read
        print("read_workbook.py: cannot read %s: %s" % (sys.argv[1], e), file=sys.stderr)
        return 1
    sheets = []
    for ws in book.worksheets:
        cells = [cell_json(c) for row in ws.iter_rows() for c in row if c.value is not None]
        widths = {k: d.width for k, d in ws.column_dimensions.items() if d.width}
        sheets.append({
            "name": ws.title,
            "freeze": ws.freeze_panes,
            "print_title_rows": (ws.print_title_rows or "").replace("$", ""),
            "footer": ws.oddFooter.left.text,
            "paper": str(ws.page_setup.paperSize),
            "widths": widths,
            "cells": cells,
        })
    names = {}
    # openpyxl 3.0 (Debian 12) keeps a list of workbook names, 3.1 a dictionary.
    defined_names = book.defined_names
    listed = (defined_names.definedName if hasattr(defined_names, "definedName")
              else list(defined_names.values()))
    for defined in listed:
        for title, ref in defined.destinations:
            cell = book[title][ref.replace("$", "")]
            names[defined.name] = cell_json(cell)
    created = book.properties.created
    json.dump({"sheets": sheets, "names": names,
               "created": created.isoformat() if created else None},
              sys.stdout, ensure_ascii=False, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
