#!/usr/bin/env python3
"""Independent reference for the C++ SpreadsheetBench checker (src/check/).

Reads workbooks with openpyxl (data_only=True, the cached values), as the
benchmark's evaluation does, and grades every task of a SpreadsheetBench
folder (dataset.json + spreadsheet/<id>/):

  xlsx_reference.py DATASET [STRIDE]

grades each golden workbook against itself and each init workbook (as the
answer) against its golden, for every STRIDE-th task (default 1: all).
Prints two lines per task: "<id>\t<golden|init>\t<pass|fail|error>\t<detail>".
The rules are those of src/check/xlsx_compare.h; keep the two in step.
"""
import datetime
import json
import math
import os
import re
import sys

import openpyxl

EPOCH = datetime.datetime(1899, 12, 30)
CELL_PART = re.compile(r"^([A-Z]{0,3})(\d*)$")


def normalise(v):
    """The benchmark's transform: numbers (and bools) and numeric strings
    rounded to 2 decimals, datetimes to whole serial days, times to HH:MM."""
    if isinstance(v, (bool, int, float)):
        return round(float(v), 2)
    if isinstance(v, datetime.time):
        return str(v)[:-3]
    if isinstance(v, datetime.datetime):
        delta = v - EPOCH
        return round(delta.days + delta.seconds / 86400.0, 0)
    if isinstance(v, str):
        try:
            return round(float(v), 2)
        except ValueError:
            return v
    return v


def same(a, b):
    a, b = normalise(a), normalise(b)
    if a in (None, "") and b in (None, ""):
        return True
    return type(a) is type(b) and a == b


def col_number(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(n):
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_part(text):
    """Parses "A1", "A", "1" or "" (after $ removal); None when malformed."""
    m = CELL_PART.match(text.replace("$", "").upper())
    if not m:
        return None
    return (col_number(m.group(1)) if m.group(1) else 0, int(m.group(2)) if m.group(2) else 0)


def looks_like_range(text):
    text = text.strip().strip("'").strip()
    if not text:
        return False
    parts = text.split(":")
    return len(parts) <= 2 and all(cell_part(p) is not None for p in parts)


def split_positions(position):
    """Comma-separated parts; a comma inside a sheet name ('b2b, sez, de'!A1)
    joins its pieces back together."""
    pieces = position.split(",")
    parts, pending = [], ""
    for i, piece in enumerate(pieces):
        text = pending + piece
        if "!" not in text and not looks_like_range(text) and i + 1 < len(pieces):
            pending = text + ","
            continue
        pending = ""
        if text.strip():
            parts.append(text.strip())
    return parts


def find_sheet(names, wanted):
    if wanted in names:
        return wanted
    folded = [n for n in names if n.lower() == wanted.lower()]
    return folded[0] if len(folded) == 1 else None


def cells_of(rng, ws):
    ends = [cell_part(p) for p in rng.split(":")]
    if any(e is None for e in ends) or len(ends) > 2:
        raise ValueError(f"bad range {rng!r}")
    (c1, r1), (c2, r2) = ends[0], ends[-1]
    if c1 == 0 and r1 == 0:
        raise ValueError(f"bad range {rng!r}")
    c1, c2 = c1 or 1, c2 or ws.max_column
    r1, r2 = r1 or 1, r2 or ws.max_row
    c1, c2 = min(c1, c2), max(c1, c2)
    r1, r2 = min(r1, r2), max(r1, r2)
    for c in range(c1, c2 + 1):
        for r in range(r1, r2 + 1):
            yield f"{col_letters(c)}{r}"


def grade(golden_path, answer_path, position):
    wb_gt = openpyxl.load_workbook(golden_path, data_only=True)
    try:
        wb_ans = openpyxl.load_workbook(answer_path, data_only=True)
    except Exception as e:  # an unreadable answer fails the task
        return "fail", f"cannot read answer: {e}"
    for part in split_positions(position):
        if "!" in part:
            sheet, rng = part.rsplit("!", 1)
            sheet = sheet.strip()
            quoted = sheet.startswith("'")
            sheet = sheet.strip("'")
            if quoted:
                sheet = sheet.replace("''", "'")
        else:
            sheet, rng = wb_gt.sheetnames[0], part
        rng = rng.strip().strip("'").strip()
        gt_name = find_sheet(wb_gt.sheetnames, sheet)
        if gt_name is None:
            return "error", f"golden has no sheet {sheet!r}"
        ans_name = find_sheet(wb_ans.sheetnames, sheet)
        if ans_name is None:
            return "fail", f"answer has no sheet {sheet!r}"
        ws_gt, ws_ans = wb_gt[gt_name], wb_ans[ans_name]
        for name in cells_of(rng, ws_gt):
            a, b = ws_gt[name].value, ws_ans[name].value
            if not same(a, b):
                return "fail", f"{gt_name}!{name}: expected {a!r}, got {b!r}"
    return "pass", ""


def task_files(folder):
    """(golden, init): the folder's *golden.xlsx and *init.xlsx / initial.xlsx
    (one task's golden file carries another id: 42930 has 1_43930_golden.xlsx)."""
    names = sorted(os.listdir(folder))
    golden = [n for n in names if n.endswith("golden.xlsx")]
    init = [n for n in names if n.endswith("_init.xlsx") or n == "initial.xlsx"]
    return (os.path.join(folder, golden[0]) if golden else os.path.join(folder, "golden.xlsx"),
            os.path.join(folder, init[0]) if init else os.path.join(folder, "initial.xlsx"))


def main():
    root = sys.argv[1]
    stride = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    with open(os.path.join(root, "dataset.json"), encoding="utf-8") as f:
        tasks = json.load(f)
    for task in tasks[::stride]:
        tid = str(task["id"])
        golden, init = task_files(os.path.join(root, "spreadsheet", tid))
        for mode, answer in (("golden", golden), ("init", init)):
            try:
                verdict, detail = grade(golden, answer, task["answer_position"])
            except Exception as e:
                verdict, detail = "error", str(e)
            detail = detail.replace("\t", " ").replace("\n", " ")
            print(f"{tid}\t{mode}\t{verdict}\t{detail}", flush=True)


if __name__ == "__main__":
    main()
