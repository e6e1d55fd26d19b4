#!/usr/bin/env python3
"""Checks that no area of antq includes a header of a higher layer.

The layer table is read from the block between `<!-- antq-layers:begin -->` and
`<!-- antq-layers:end -->` in docs/architecture.md, so that the page and the check cannot
say different things. The block has four sections:

    [layers]      one line per layer, lowest first; areas named on one line are siblings
                  (neither may include the other)
    [areas]       `area: path...`, further paths on indented lines; a path ending in `/` is
                  a folder; the longest matching path gives a file its area
    [scan]        the folders whose files are checked
    [exceptions]  `file -> header` for each upward include that exists today, each with a
                  comment saying why and how it goes away

Every `#include` of every scanned file is resolved to a file of the tree (relative to the
including file for quoted includes, then under `include/`, `src/` and `tools/`); an include
of a header whose area is in a higher layer, or in a sibling area, is reported as

    src/antq/io/csv.hpp:7: error: support includes include/antq/model.hpp of dataset, a higher layer

unless it is listed as an exception. Also reported: a public header (under `include/`) that
includes anything outside `include/`, a scanned file or an `antq/` header with no area, and
an exception that matches no include any more (remove it from the table).
Exit status: 0 when clean, 1 when anything was reported, 2 when the table cannot be read.

Usage: check_layers.py [--root DIR] [--table FILE] [--quiet]
(defaults: the repository holding this script, and DIR/docs/architecture.md).
"""

import argparse
import pathlib
import re
import sys

BEGIN = "<!-- antq-layers:begin -->"
END = "<!-- antq-layers:end -->"
SECTIONS = ("layers", "areas", "scan", "exceptions")
SOURCE_SUFFIXES = {".h", ".hpp", ".c", ".cpp", ".ipp", ".inc"}
INCLUDE_ROOTS = ("include", "src", "tools")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


class TableError(Exception):
    pass


class Table:
    def __init__(self):
        self.rank = {}        # area -> layer index (0 is the lowest)
        self.paths = {}       # path (folder ends in '/') -> area
        self.scan = []        # folders to check
        self.exceptions = {}  # (file, header) -> line of the table that allows it

    def area_of(self, path):
        """The area of a repository-relative path, by the longest matching table path."""
        best = None
        for prefix, area in self.paths.items():
            matches = path.startswith(prefix) if prefix.endswith("/") else path == prefix
            if matches and (best is None or len(prefix) > len(best[0])):
                best = (prefix, area)
        return best[1] if best else None


def read_table(table_path):
    try:
        text = table_path.read_text(encoding="utf-8")
    except OSError as e:
        raise TableError(f"{table_path}: error: cannot read the layer table: {e.strerror}")
    lines = text.splitlines()
    try:
        first = next(i for i, line in enumerate(lines) if line.strip() == BEGIN)
        last = next(i for i in range(first + 1, len(lines)) if lines[i].strip() == END)
    except StopIteration:
        raise TableError(f"{table_path}: error: no layer table between '{BEGIN}' and '{END}'")

    table = Table()
    section = None
    current_area = None
    for number in range(first + 1, last):
        raw = lines[number]
        where = f"{table_path}:{number + 1}"
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip() or line.strip().startswith("```"):
            continue
        header = re.fullmatch(r"\s*\[(\w+)\]\s*", line)
        if header:
            section = header.group(1)
            if section not in SECTIONS:
                raise TableError(f"{where}: error: unknown section '[{section}]'")
            current_area = None
            continue
        if section is None:
            raise TableError(f"{where}: error: text before the first section")
        if section == "layers":
            layer = len(set(table.rank.values()))
            for area in line.split():
                if area in table.rank:
                    raise TableError(f"{where}: error: area '{area}' is in two layers")
                table.rank[area] = layer
        elif section == "areas":
            start = re.fullmatch(r"(\w+):\s*(.*)", line)
            if start:
                current_area = start.group(1)
                if current_area not in table.rank:
                    raise TableError(f"{where}: error: area '{current_area}' is in no layer")
                rest = start.group(2)
            elif raw[:1].isspace() and current_area:
                rest = line
            else:
                raise TableError(f"{where}: error: expected 'area: path...'")
            for path in rest.split():
                if path in table.paths:
                    raise TableError(f"{where}: error: '{path}' is given two areas")
                table.paths[path] = current_area
        elif section == "scan":
            table.scan.extend(p.rstrip("/") for p in line.split())
        elif section == "exceptions":
            pair = re.fullmatch(r"\s*(\S+)\s*->\s*(\S+)\s*", line)
            if not pair:
                raise TableError(f"{where}: error: expected 'file -> header'")
            table.exceptions[(pair.group(1), pair.group(2))] = number + 1
    if not table.rank or not table.paths or not table.scan:
        raise TableError(f"{table_path}: error: the layer table needs [layers], [areas] and [scan]")
    return table


def resolve(root, including, delimiter, name, table):
    """The repository-relative path of an included header, or None when it is not antq's."""
    candidates = []
    if delimiter == '"':
        candidates.append((root / including).parent / name)
    candidates.extend(root / base / name for base in INCLUDE_ROOTS)
    for candidate in candidates:
        if candidate.is_file():
            try:
                return candidate.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                return None
    # Headers generated at configure time (antq/export.hpp, antq/version.hpp) are named in
    # the table under include/ although no such file is in the source tree.
    if name.startswith("antq/") and ("include/" + name) in table.paths:
        return "include/" + name
    if name.startswith("antq/"):
        return "?" + name
    return None


def check(root, table):
    problems = []
    used = set()

    def higher_or_sibling(a, b):
        return table.rank[b] > table.rank[a] or (table.rank[b] == table.rank[a] and a != b)

    files = []
    for folder in table.scan:
        base = root / folder
        if base.is_dir():
            files.extend(p for p in base.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES)
    for path in sorted(files):
        rel = path.relative_to(root).as_posix()
        area = table.area_of(rel)
        if area is None:
            problems.append(f"{rel}:1: error: no area for this file in the layer table")
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = resolve(root, rel, m.group(1), m.group(2), table)
            if target is None:
                continue
            if target.startswith("?"):
                problems.append(f"{rel}:{number}: error: {area} includes {target[1:]}, "
                                "which is no file of the tree nor in the layer table")
                continue
            if rel.startswith("include/") and not target.startswith("include/"):
                problems.append(f"{rel}:{number}: error: public header includes {target}, "
                                "which is not installed")
                continue
            target_area = table.area_of(target)
            if target_area is None:
                problems.append(f"{rel}:{number}: error: {area} includes {target}, "
                                "which has no area in the layer table")
                continue
            if not higher_or_sibling(area, target_area):
                continue
            if (rel, target) in table.exceptions:
                used.add((rel, target))
                continue
            kind = "a higher layer" if table.rank[target_area] > table.rank[area] else "a sibling area"
            problems.append(f"{rel}:{number}: error: {area} includes {target} of {target_area}, {kind}")
    return problems, used


def main():
    parser = argparse.ArgumentParser(description="Check that no area includes a higher one.")
    here = pathlib.Path(__file__).resolve().parent
    parser.add_argument("--root", type=pathlib.Path, default=here.parent.parent,
                        help="the tree to check (default: this repository)")
    parser.add_argument("--table", type=pathlib.Path,
                        help="the file holding the layer table (default: ROOT/docs/architecture.md)")
    parser.add_argument("--quiet", action="store_true", help="print nothing when the layers are clean")
    args = parser.parse_args()
    root = args.root
    table_path = args.table or root / "docs" / "architecture.md"
    try:
        table = read_table(table_path)
    except TableError as e:
        print(e, file=sys.stderr)
        return 2
    problems, used = check(root, table)
    for (source, header), number in sorted(table.exceptions.items(), key=lambda e: e[1]):
        if (source, header) not in used:
            problems.append(f"{table_path}:{number}: error: exception '{source} -> {header}' "
                            "matches no upward include any more: remove it from the table")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} layering problem(s); the layers are in {table_path}")
        return 1
    if not args.quiet:
        print(f"layers ok: {len(table.rank)} areas, {len(used)} known exception(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
