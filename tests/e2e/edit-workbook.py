"""Edits a downloaded board pack spreadsheet as an officer would in Excel, for import.spec.ts.

    edit-workbook.py IN.xlsx OUT.xlsx '{"6.3": {"RAG": "Green", "Latest commentary": "..."}}'

Cells are found by the row's Ref and the column's heading in the Actions sheet."""

import json
import sys

import openpyxl

source, target, edits = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
book = openpyxl.load_workbook(source)
sheet = book["Actions"]
columns = {cell.value: cell.column for cell in sheet[1]}
rows = {sheet.cell(row=r, column=columns["Ref"]).value: r for r in range(2, sheet.max_row + 1)}
for ref, cells in edits.items():
    for heading, value in cells.items():
        sheet.cell(row=rows[ref], column=columns[heading]).value = value
book.save(target)
