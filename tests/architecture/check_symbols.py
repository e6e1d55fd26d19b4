#!/usr/bin/env python3
"""Checks that no area of antq uses a symbol that only a higher area defines.

check_layers.py reads `#include` lines; a source file can still declare a function of a
higher area by hand and call it, and the include check would not see it. This check reads
the compiled objects instead: each area is an object library of its own (cmake/sources.cmake),
and CMake writes, per area, the list of its object files:

    expr: /build/CMakeFiles/antq_area_expr.dir/src/antq/expr/ast.cpp.o;...

The symbols each object defines and uses are read with `nm`. A symbol an area uses is fine
when its own area or a lower one defines it, and outside antq when no area defines it (the
standard library, Boost, ...). A symbol that only a higher or a sibling area defines is
reported as

    src/antq/io/csv.cpp: error: support uses antq::f(), defined in src/antq/evaluation/x.cpp of evaluation, a higher layer

The layers are those of the table in docs/architecture.md (read by check_layers.py).
Exit status: 0 when clean, 1 when anything was reported, 2 when an input cannot be read.

Usage: check_symbols.py --objects FILE [--root DIR] [--table FILE] [--nm NM] [--quiet]
"""

import argparse
import pathlib
import re
import subprocess
import sys

from check_layers import TableError, read_table

# nm's types: upper case is global; U is undefined, w and v are undefined weak references.
UNDEFINED = {"U", "w", "v"}
DEFINED_GLOBAL = set("ABCDGIRSTVWiu")


class InputError(Exception):
    pass


def read_objects(path):
    """area -> list of object files, from the file CMake generated."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{path}: error: cannot read the list of objects: {e.strerror}")
    areas = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = re.fullmatch(r"(\w+):\s*(.*)", line)
        if not m:
            raise InputError(f"{path}:{number}: error: expected 'area: object;object...'")
        areas[m.group(1)] = [o for o in m.group(2).split(";") if o]
    return areas


def read_symbols(nm, objects):
    """object -> (defined global symbols, used undefined symbols)."""
    symbols = {o: (set(), set()) for o in objects}
    try:
        out = subprocess.run([nm, "-P", "-A", *objects], check=True, capture_output=True,
                             text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        detail = e.stderr.strip() if isinstance(e, subprocess.CalledProcessError) else str(e)
        raise InputError(f"error: {nm} cannot read the objects: {detail}")
    for line in out.splitlines():
        # "path: name type [value size]"; the path is one of ours, so split after it.
        where, _, rest = line.partition(": ")
        fields = rest.split()
        if where not in symbols or len(fields) < 2:
            continue
        name, kind = fields[0], fields[1]
        defined, used = symbols[where]
        if kind in UNDEFINED:
            used.add(name)
        elif kind in DEFINED_GLOBAL:
            defined.add(name)
    return symbols


def source_of(obj, root=None):
    """The source file an object was compiled from, as CMake names objects. A unity build's
    object (CMAKE_UNITY_BUILD) holds several sources: they are read from the generated file
    it was compiled from and named together, since the symbol tables do not say which one."""
    m = re.search(r"\.dir/(.*)\.o(bj)?$", obj.replace("\\", "/"))
    if not m:
        return obj
    name = m.group(1).lstrip("./")
    unity_source = pathlib.Path(re.sub(r"\.o(bj)?$", "", obj))
    if re.search(r"(^|/)Unity/unity_[0-9]+_cxx\.cxx$", name) and unity_source.is_file():
        included = re.findall(r'^#include "([^"]+)"', unity_source.read_text(), re.M)
        names = [relative_to(pathlib.Path(i), root) for i in included]
        if len(names) == 1:
            return names[0]
        if names:
            return "one of " + ", ".join(names)
    return name


def relative_to(path, root):
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() if root else path.as_posix()
    except ValueError:
        return path.as_posix()


def demangle(names):
    try:
        out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True,
                             text=True, check=True).stdout.splitlines()
        return dict(zip(names, out)) if len(out) == len(names) else {n: n for n in names}
    except (OSError, subprocess.CalledProcessError):
        return {n: n for n in names}


def check(table, areas, symbols, root=None):
    unknown = [a for a in areas if a not in table.rank]
    if unknown:
        raise InputError(f"error: area(s) {', '.join(unknown)} of the objects are in no layer of the table")
    defined_by = {}  # symbol -> [(area, object)]
    for area, objects in areas.items():
        for obj in objects:
            for name in symbols[obj][0]:
                defined_by.setdefault(name, []).append((area, obj))
    found = []
    for area, objects in sorted(areas.items(), key=lambda a: (table.rank[a[0]], a[0])):
        for obj in sorted(objects):
            for name in sorted(symbols[obj][1]):
                providers = defined_by.get(name)
                if not providers:
                    continue
                if any(table.rank[p] < table.rank[area] or p == area for p, _ in providers):
                    continue
                provider, provider_object = min(providers, key=lambda p: (table.rank[p[0]], p[1]))
                kind = ("a higher layer" if table.rank[provider] > table.rank[area]
                        else "a sibling area")
                found.append((obj, area, name, provider_object, provider, kind))
    names = demangle(sorted({f[2] for f in found}))
    return [f"{source_of(obj, root)}: error: {area} uses {names[name]}, defined in "
            f"{source_of(pobj, root)} of {provider}, {kind}"
            for obj, area, name, pobj, provider, kind in found]


def main():
    parser = argparse.ArgumentParser(description="Check that no area uses a symbol of a higher one.")
    here = pathlib.Path(__file__).resolve().parent
    parser.add_argument("--objects", type=pathlib.Path, required=True,
                        help="the file listing each area's object files")
    parser.add_argument("--root", type=pathlib.Path, default=here.parent.parent,
                        help="the tree whose docs/architecture.md holds the layers")
    parser.add_argument("--table", type=pathlib.Path,
                        help="the file holding the layer table (default: ROOT/docs/architecture.md)")
    parser.add_argument("--nm", default="nm", help="the nm program to read objects with")
    parser.add_argument("--quiet", action="store_true", help="print nothing when clean")
    args = parser.parse_args()
    table_path = args.table or args.root / "docs" / "architecture.md"
    try:
        table = read_table(table_path)
        areas = read_objects(args.objects)
        symbols = read_symbols(args.nm, [o for objects in areas.values() for o in objects])
        problems = check(table, areas, symbols, args.root)
    except (TableError, InputError) as e:
        print(e, file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} symbol(s) used from a higher layer; the layers are in {table_path}")
        return 1
    if not args.quiet:
        count = sum(len(o) for o in areas.values())
        print(f"symbols ok: {len(areas)} areas, {count} objects")
    return 0


if __name__ == "__main__":
    sys.exit(main())
