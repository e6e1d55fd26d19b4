/* The C API of antq: load datasets and rulebooks, evaluate, read results, explanations and
 * rule diffs as JSON. Plain C (C99 and later, and C++), for C programs and for any language
 * that calls C (Python through ctypes, Java through JNA or the foreign-function API, .NET,
 * PHP, ...). It lives in its own shared library, libantq-c (CMake target antq::c), which
 * exports only the antq_* names below. docs/c-api.md is the guide; this header is the
 * contract.
 *
 * Conventions, for every function unless its comment says otherwise:
 *
 * - Text in and out is UTF-8, NUL-terminated. JSON out is indented by two spaces and ends
 *   with a newline; the same inputs give the same bytes.
 * - Every function that can fail returns an antq_status. ANTQ_OK means every output was set;
 *   any other status means no output was set (an output handle or string stays NULL) and,
 *   when `error` is not NULL, *error is set to a new antq_error the caller frees with
 *   antq_error_free. `error` may be NULL when the caller needs only the status. On ANTQ_OK
 *   *error is set to NULL.
 * - No C++ exception leaves the library; memory exhaustion is ANTQ_OUT_OF_MEMORY.
 * - Ownership: every handle (antq_dataset, antq_rules, antq_evaluation, antq_error) is
 *   created by the library and freed by the caller with its own *_free function; every
 *   `char*` the library returns through an output parameter is freed by the caller with
 *   antq_string_free (never with free()). `const char*` results are borrowed: they live as
 *   long as the handle they came from (or forever, for antq_version and antq_status_name).
 *   Every *_free function accepts NULL.
 * - Thread-safety: the library keeps no global mutable state. Handles are immutable once
 *   created, so any number of threads may use the same handle at once through the functions
 *   that take it as `const` (evaluating, reading results, explaining, diffing). A *_free
 *   call must not run while another thread still uses that handle. Different handles are
 *   independent.
 * - Invalid arguments (a NULL where a value is required, an empty period) are
 *   ANTQ_USAGE_ERROR, never a crash.
 */
#ifndef ANTQ_ANTQ_H
#define ANTQ_ANTQ_H

#include <stddef.h>

#if defined(_WIN32)
#if defined(ANTQ_C_BUILDING)
#define ANTQ_C_API __declspec(dllexport)
#else
#define ANTQ_C_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define ANTQ_C_API __attribute__((visibility("default")))
#else
#define ANTQ_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status and errors ---- */

/* What became of a call. The numbers are part of the ABI and never change meaning. */
typedef enum antq_status {
    ANTQ_OK = 0,
    /* An input (dataset, rulebook, options JSON) is wrong: the error lists every problem
     * with its file, line and column. */
    ANTQ_INPUT_ERROR = 1,
    /* A file could not be read (missing, permissions) or a path is neither a folder nor a
     * file of the expected kind. */
    ANTQ_IO_ERROR = 2,
    /* Something was asked that cannot be answered: a NULL argument, an unknown rulebook or
     * subject, a period that cannot be read, no rulebook in force for the period. */
    ANTQ_USAGE_ERROR = 3,
    /* A saved file is damaged. */
    ANTQ_CORRUPT_FILE = 4,
    ANTQ_OUT_OF_MEMORY = 5,
    /* A bug in antq: the message says what was thrown. */
    ANTQ_INTERNAL_ERROR = 6,
    /* A scoring engine failed while evaluating: it gave a score that is not a finite number,
     * or it threw. The message names the rulebook, its version, the period, the subject by
     * id and the engine: "rulebook 'r' version 1, period 2024, subject 'm4': engine 'e'
     * gave a non-finite score (nan)". */
    ANTQ_ENGINE_ERROR = 7
} antq_status;

/* What went wrong in a failed call. Owned by the caller: antq_error_free. */
typedef struct antq_error antq_error;

/* "ok", "input_error", "io_error", "usage_error", "corrupt_file", "out_of_memory",
 * "internal_error", "engine_error"; "unknown" for any other number. Static storage.
 * Thread-safe. */
ANTQ_C_API const char* antq_status_name(antq_status status);

/* The status of the failed call. Thread-safe on a given error (const). */
ANTQ_C_API antq_status antq_error_status(const antq_error* error);

/* The whole message: for an input error every problem, one a line, as
 * `file:line:col: error: message`; otherwise one line. Borrowed from `error`; never NULL. */
ANTQ_C_API const char* antq_error_message(const antq_error* error);

/* The place of the first problem: its file ("" when none is known), line and column
 * (1-based; 0 when unknown). A dataset given as JSON text names its places by a JSON pointer
 * in the file part (`dataset.json:/models/3/unit`), with line and column 0. Borrowed. */
ANTQ_C_API const char* antq_error_file(const antq_error* error);
ANTQ_C_API size_t antq_error_line(const antq_error* error);
ANTQ_C_API size_t antq_error_column(const antq_error* error);

/* Every problem as a JSON array of {"file", "line", "column", "severity", "message",
 * "text"} ("text" is the `file:line:col: error: message` line); for an error that is not
 * about an input, one entry with file "" and line and column 0. Borrowed from `error`. */
ANTQ_C_API const char* antq_error_diagnostics_json(const antq_error* error);

/* Frees an error; NULL is fine. */
ANTQ_C_API void antq_error_free(antq_error* error);

/* Frees a string the library returned through a `char**`; NULL is fine. */
ANTQ_C_API void antq_string_free(char* text);

/* The library's version, "MAJOR.MINOR.PATCH". Static storage. Thread-safe. */
ANTQ_C_API const char* antq_version(void);

/* ---- Datasets ---- */

/* A dataset: the registry of units, models and exemplars, and their observations.
 * Immutable. */
typedef struct antq_dataset antq_dataset;

/* Loads a folder of CSV files (units.csv, models.csv, exemplars.csv, observations.csv, and the
 * recorded decisions in decisions.csv) or a
 * JSON document (a path ending in .json), checking every row (docs/datasets.md). Errors:
 * ANTQ_INPUT_ERROR with every bad row or cell, ANTQ_IO_ERROR. Thread-safe (any number of
 * loads at once). */
ANTQ_C_API antq_status antq_dataset_load(const char* path, antq_dataset** out, antq_error** error);

/* Reads a dataset from a JSON text, {"units": [...], "models": [...], "exemplars": [...],
 * "observations": [...], "decisions": [...]}. `name` (NULL: "dataset.json") names the text in
 * messages. Thread-safe. */
ANTQ_C_API antq_status antq_dataset_parse_json(const char* json, const char* name,
                                               antq_dataset** out, antq_error** error);

/* The dataset's content hash (SHA-256, hex); *out freed with antq_string_free.
 * Thread-safe (const). */
ANTQ_C_API antq_status antq_dataset_hash(const antq_dataset* dataset, char** out,
                                         antq_error** error);

/* Frees a dataset; NULL is fine. Must not race with other uses of it. */
ANTQ_C_API void antq_dataset_free(antq_dataset* dataset);

/* ---- Rulebooks ---- */

/* A set of compiled rulebooks, in roll-up order. Immutable. */
typedef struct antq_rules antq_rules;

/* Loads one rulebook file or a folder of them (searched recursively for *.yaml, *.yml and
 * *.json; *.cases.yaml test files are skipped). Every problem of every file is reported at
 * once: ANTQ_INPUT_ERROR with `file:line:col` of each. ANTQ_IO_ERROR when `path` cannot be
 * read. Thread-safe. */
ANTQ_C_API antq_status antq_rules_load(const char* path, antq_rules** out, antq_error** error);

/* Reads one rulebook from a YAML or JSON text; `file_name` (NULL: "rulebook.yaml") names it
 * in messages and in its provenance. ANTQ_INPUT_ERROR with `file_name:line:col` of every
 * problem. Thread-safe. */
ANTQ_C_API antq_status antq_rules_parse(const char* text, const char* file_name, antq_rules** out,
                                        antq_error** error);

/* Reads `count` rulebooks from texts (file_names may be NULL: "rulebook-1.yaml", ...) into
 * one set, with the checks between them (duplicate ids, roll-ups, cycles). Every problem of
 * every text is reported at once. Thread-safe. */
ANTQ_C_API antq_status antq_rules_parse_many(const char* const* texts,
                                             const char* const* file_names, size_t count,
                                             antq_rules** out, antq_error** error);

/* The rulebooks of the set as a JSON array, in evaluation order: {"id", "title",
 * "versions": [{"version", "effective"}], "hash"}. *out freed with antq_string_free.
 * Thread-safe (const). */
ANTQ_C_API antq_status antq_rules_list_json(const antq_rules* rules, char** out,
                                            antq_error** error);

/* Frees a rulebook set; NULL is fine. Must not race with other uses of it. */
ANTQ_C_API void antq_rules_free(antq_rules* rules);

/* ---- Evaluating ---- */

/* The results of every rulebook of a set for one period. Immutable. */
typedef struct antq_evaluation antq_evaluation;

/* Evaluates every rulebook of `rules` on `dataset` for `period` ("2024", "2024-Q3",
 * "2024-05", "2023-11-16/2024-11-15"). `options_json` may be NULL or a JSON object with any
 * of: "threads" (a whole number >= 0; 0: one per hardware thread; default 1),
 * "previous_period" (a period text: compare with it), "batch_size" (a whole number >= 1).
 * An unknown option or a wrong type is ANTQ_INPUT_ERROR naming it. A rulebook with no
 * version in force for the period is skipped (antq_evaluation_info_json lists it), unless
 * none is in force: ANTQ_USAGE_ERROR. Thread-safe for shared `dataset` and `rules`; the
 * evaluation itself may use `threads` threads. */
ANTQ_C_API antq_status antq_evaluate(const antq_dataset* dataset, const antq_rules* rules,
                                     const char* period, const char* options_json,
                                     antq_evaluation** out, antq_error** error);

/* What the evaluation is and where it came from, as a JSON object: "fingerprint",
 * "dataset_hash", "library_version", "rulebooks" (ids in evaluation order), "skipped"
 * ([{"rulebook", "title", "reason"}]). *out freed with antq_string_free. Thread-safe. */
ANTQ_C_API antq_status antq_evaluation_info_json(const antq_evaluation* evaluation, char** out,
                                                 antq_error** error);

/* The results as JSON: an array with one object per subject and rulebook, with the keys
 * subject, period, rulebook, version, status, score, max_score, tier, action, group, rank
 * (plus previous_tier and previous_rank when compared with an earlier period, and
 * decided_tier, decision_number, decision_date, decision_stale when decisions are recorded
 * on the results: docs/datasets.md, "Decisions"); missing
 * values are null. `rulebook_id` NULL: every rulebook, in evaluation order; otherwise that
 * rulebook only (ANTQ_USAGE_ERROR when the evaluation has none of that id, saying why when it
 * was skipped). *out freed with antq_string_free. Thread-safe. */
ANTQ_C_API antq_status antq_evaluation_results_json(const antq_evaluation* evaluation,
                                                    const char* rulebook_id, char** out,
                                                    antq_error** error);

/* Why `subject_id` got its result: which criteria lifted or sank its score, what settled its
 * tier, how far the next tier is (docs/c-api.md shows the object). `rulebook_id` given: one
 * JSON object for that rulebook; NULL: a JSON array with one object per rulebook whose
 * results hold the subject. `language` "vi" (also when NULL) or "en" for the "text" field.
 * ANTQ_USAGE_ERROR for an unknown rulebook, subject or language. *out freed with
 * antq_string_free. Thread-safe. */
ANTQ_C_API antq_status antq_explain_json(const antq_evaluation* evaluation, const char* rulebook_id,
                                         const char* subject_id, const char* language, char** out,
                                         antq_error** error);

/* Frees an evaluation; NULL is fine. Must not race with other uses of it. */
ANTQ_C_API void antq_evaluation_free(antq_evaluation* evaluation);

/* ---- Rule changes ---- */

/* What changing the rules does: evaluates `old_rules` and `new_rules` on `dataset` for
 * `period` (options as antq_evaluate) and compares, for every rulebook id both hold (or the
 * one rulebook of each when both hold one, renamed), the tier matrix, rank correlations and
 * every subject whose status, tier, rank or score changed, with the criteria that caused
 * it. A JSON array, one object per rulebook: "old" and "new" ({"rulebook", "version",
 * "tiers"}), "period", "matrix", "compared", "spearman", "kendall_tau_b", "changes".
 * ANTQ_USAGE_ERROR when the sets have no rulebook in common. *out freed with
 * antq_string_free. Thread-safe. */
ANTQ_C_API antq_status antq_diff_json(const antq_dataset* dataset, const antq_rules* old_rules,
                                      const antq_rules* new_rules, const char* period,
                                      const char* options_json, char** out, antq_error** error);

#ifdef __cplusplus
}
#endif

#endif /* ANTQ_ANTQ_H */
