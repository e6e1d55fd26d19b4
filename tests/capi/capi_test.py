#!/usr/bin/env python3
"""The C API used from Python with only the standard library (ctypes).

Run by CTest: capi_test.py LIBANTQ_C SOURCE_DIR. Loads the Quảng Trung example, evaluates the
shipped rulebooks for 2024, reads the results and the explanation of qt-m03 as JSON, and
checks the error of a broken rulebook. Prints "capi python: ok" when every check holds.
The small wrapper below (Antq, AntqError) is what a Python caller would write once.
"""

import ctypes
import json
import os
import sys

ANTQ_OK = 0
ANTQ_INPUT_ERROR = 1
ANTQ_USAGE_ERROR = 3


class AntqError(Exception):
    def __init__(self, status, name, message, file, line, column, diagnostics):
        super().__init__(message)
        self.status = status
        self.name = name
        self.file = file
        self.line = line
        self.column = column
        self.diagnostics = diagnostics


class Antq:
    def __init__(self, path):
        lib = ctypes.CDLL(path)
        p = ctypes.c_void_p
        pp = ctypes.POINTER(ctypes.c_void_p)
        s = ctypes.c_char_p
        # Strings the library returns and the caller frees are declared as c_void_p, not
        # c_char_p: ctypes would copy a c_char_p into bytes and lose the pointer to free.
        out_s = ctypes.POINTER(ctypes.c_void_p)
        status = ctypes.c_int
        for name, args in {
            "antq_dataset_load": [s, pp, pp],
            "antq_rules_load": [s, pp, pp],
            "antq_rules_parse": [s, s, pp, pp],
            "antq_evaluate": [p, p, s, s, pp, pp],
            "antq_evaluation_results_json": [p, s, out_s, pp],
            "antq_evaluation_info_json": [p, out_s, pp],
            "antq_explain_json": [p, s, s, s, out_s, pp],
            "antq_diff_json": [p, p, p, s, s, out_s, pp],
        }.items():
            f = getattr(lib, name)
            f.argtypes = args
            f.restype = status
        for name in ("antq_dataset_free", "antq_rules_free", "antq_evaluation_free",
                     "antq_error_free", "antq_string_free"):
            getattr(lib, name).argtypes = [p]
            getattr(lib, name).restype = None
        for name in ("antq_error_message", "antq_error_file", "antq_error_diagnostics_json"):
            getattr(lib, name).argtypes = [p]
            getattr(lib, name).restype = s
        for name in ("antq_error_line", "antq_error_column"):
            getattr(lib, name).argtypes = [p]
            getattr(lib, name).restype = ctypes.c_size_t
        lib.antq_error_status.argtypes = [p]
        lib.antq_error_status.restype = status
        lib.antq_status_name.argtypes = [status]
        lib.antq_status_name.restype = s
        lib.antq_version.argtypes = []
        lib.antq_version.restype = s
        self.lib = lib

    def version(self):
        return self.lib.antq_version().decode()

    def _call(self, function, *args):
        """Calls function(*args, &error); raises AntqError unless the status is ANTQ_OK."""
        error = ctypes.c_void_p()
        status = function(*args, ctypes.byref(error))
        if status == ANTQ_OK:
            return
        lib = self.lib
        try:
            raise AntqError(status, lib.antq_status_name(status).decode(),
                            lib.antq_error_message(error).decode(),
                            lib.antq_error_file(error).decode(), lib.antq_error_line(error),
                            lib.antq_error_column(error),
                            json.loads(lib.antq_error_diagnostics_json(error).decode()))
        finally:
            lib.antq_error_free(error)

    def _string(self, function, *args):
        out = ctypes.c_void_p()
        self._call(function, *args, ctypes.byref(out))
        try:
            return ctypes.string_at(out.value).decode("utf-8")
        finally:
            self.lib.antq_string_free(out)

    def _handle(self, function, *args):
        out = ctypes.c_void_p()
        self._call(function, *args, ctypes.byref(out))
        return out

    def load_dataset(self, path):
        return self._handle(self.lib.antq_dataset_load, path.encode())

    def load_rules(self, path):
        return self._handle(self.lib.antq_rules_load, path.encode())

    def parse_rules(self, text, name):
        return self._handle(self.lib.antq_rules_parse, text.encode(), name.encode())

    def evaluate(self, data, rules, period, options=None):
        return self._handle(self.lib.antq_evaluate, data, rules, period.encode(),
                            None if options is None else json.dumps(options).encode())

    def results(self, evaluation, rulebook=None):
        return json.loads(self._string(self.lib.antq_evaluation_results_json, evaluation,
                                       None if rulebook is None else rulebook.encode()))

    def info(self, evaluation):
        return json.loads(self._string(self.lib.antq_evaluation_info_json, evaluation))

    def explain(self, evaluation, rulebook, subject, language="vi"):
        return json.loads(self._string(self.lib.antq_explain_json, evaluation,
                                       None if rulebook is None else rulebook.encode(),
                                       subject.encode(), language.encode()))

    def diff(self, data, old_rules, new_rules, period):
        return json.loads(self._string(self.lib.antq_diff_json, data, old_rules, new_rules,
                                       period.encode(), None))


BROKEN_RULEBOOK = """antq: 1
id: broken
title: Broken
subject: model
versions:
  - version: "1"
    effective: 2024-01-01
    engine: checklist
    indicators:
      crimes: {type: count}
    criteria:
      - id: safe
        kind: required
        when: "crimez == 0"
    tiers:
      - id: ok
        when: "passed(safe)"
      - id: rest
"""


def main():
    library, source = sys.argv[1], sys.argv[2]
    antq = Antq(library)
    failures = []

    def check(condition, what):
        if not condition:
            failures.append(what)
            print("check failed:", what, file=sys.stderr)

    check(antq.version().count(".") == 2, "version is MAJOR.MINOR.PATCH")
    data = antq.load_dataset(os.path.join(source, "examples", "data", "quang-trung"))
    rules = antq.load_rules(os.path.join(source, "rulebooks"))
    evaluation = antq.evaluate(data, rules, "2024", {"threads": 2})

    rows = antq.results(evaluation, "model-effectiveness")
    check(all(r["rulebook"] == "model-effectiveness" for r in rows), "one rulebook's rows")
    m03 = [r for r in rows if r["subject"] == "qt-m03"]
    check(len(m03) == 1, "qt-m03 has one row")
    check(m03 and m03[0]["status"] == "evaluated", "qt-m03 is evaluated")
    check(m03 and m03[0]["period"] == "2024", "the period is 2024")
    check(m03 and isinstance(m03[0]["score"], (int, float)), "qt-m03 has a score")

    info = antq.info(evaluation)
    check(len(info["fingerprint"]) == 64, "the fingerprint is SHA-256 hex")
    check("model-effectiveness" in info["rulebooks"], "the info lists the rulebook")

    why = antq.explain(evaluation, "model-effectiveness", "qt-m03", "en")
    check(why["subject"] == "qt-m03" and why["rulebook"] == "model-effectiveness",
          "the explanation names subject and rulebook")
    check(m03 and why["score"] == m03[0]["score"], "the explanation's score is the results'")
    check(m03 and why["tier_id"] == m03[0]["tier"], "the explanation's tier is the results'")
    check(why["decided_by"] in ("conditions", "veto", "requirement", "quota"),
          "the explanation says what decided the tier")
    check(len(why["lifted"]) + len(why["sank"]) > 0, "the explanation lists criteria")
    check(why["text"].startswith("qt-m03"), "the explanation has its text")
    every = antq.explain(evaluation, None, "qt-m03")
    check(isinstance(every, list) and any(e["rulebook"] == "model-effectiveness" for e in every),
          "explaining in every rulebook gives a list")

    try:
        antq.parse_rules(BROKEN_RULEBOOK, "broken.yaml")
        check(False, "a broken rulebook is refused")
    except AntqError as e:
        print("broken rulebook:", e)
        check(e.status == ANTQ_INPUT_ERROR and e.name == "input_error", "input_error status")
        check(e.file == "broken.yaml" and e.line == 14 and e.column > 0, "placed at 14")
        check(str(e).startswith("broken.yaml:14:%d: error: " % e.column), "file:line:col")
        check("crimez" in str(e), "the message names the unknown name")
        check(e.diagnostics[0]["line"] == 14, "the diagnostics list has the place")

    try:
        antq.explain(evaluation, "model-effectiveness", "no-such-model")
        check(False, "an unknown subject is refused")
    except AntqError as e:
        check(e.status == ANTQ_USAGE_ERROR and "no-such-model" in str(e), "unknown subject")

    diffs = antq.diff(data, rules, rules, "2024")
    check(len(diffs) > 0 and all(d["changes"] == [] for d in diffs), "no change against itself")

    antq.lib.antq_evaluation_free(evaluation)
    antq.lib.antq_rules_free(rules)
    antq.lib.antq_dataset_free(data)
    if failures:
        return 1
    print("capi python: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
