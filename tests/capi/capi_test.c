/* The C API used from C, as a C program would: load the Quảng Trung example, evaluate the
 * shipped rulebooks for 2024, read the results and one explanation, compare two rule sets,
 * and get a placed error for a broken rulebook and for a bad decisions.csv. Compiled as C99
 * (with POSIX for the scratch folder); run by CTest with the source folder as its argument.
 * Exits 0 when every check holds, 1 (after printing each failed check) otherwise. */
#define _POSIX_C_SOURCE 200809L

#include <antq/antq.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures = 0;

#define CHECK(condition)                                                                  \
    do {                                                                                  \
        if (!(condition)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            ++failures;                                                                   \
        }                                                                                 \
    } while (0)

/* Prints the error of a call that should have succeeded, and counts it. */
static int ok(antq_status status, antq_error* error, const char* what) {
    if (status == ANTQ_OK) {
        CHECK(error == NULL);
        return 1;
    }
    fprintf(stderr, "%s failed: %s: %s\n", what, antq_status_name(status),
            antq_error_message(error));
    antq_error_free(error);
    ++failures;
    return 0;
}

static char* join(const char* folder, const char* name) {
    size_t size = strlen(folder) + strlen(name) + 2;
    char* path = (char*)malloc(size);
    if (path != NULL) {
        snprintf(path, size, "%s/%s", folder, name);
    }
    return path;
}

static const char broken_rulebook[] =
    "antq: 1\n"
    "id: broken\n"
    "title: Broken\n"
    "subject: model\n"
    "versions:\n"
    "  - version: \"1\"\n"
    "    effective: 2024-01-01\n"
    "    engine: checklist\n"
    "    indicators:\n"
    "      crimes: {type: count}\n"
    "    criteria:\n"
    "      - id: safe\n"
    "        kind: required\n"
    "        when: \"crimez == 0\"\n"
    "    tiers:\n"
    "      - id: ok\n"
    "        when: \"passed(safe)\"\n"
    "      - id: rest\n";

/* Writes `text` to folder/name; 1 on success. */
static int write_file(const char* folder, const char* name, const char* text) {
    char* path = join(folder, name);
    FILE* f = path != NULL ? fopen(path, "wb") : NULL;
    int written = f != NULL && fputs(text, f) >= 0;
    if (f != NULL && fclose(f) != 0) {
        written = 0;
    }
    free(path);
    return written;
}

static void remove_file(const char* folder, const char* name) {
    char* path = join(folder, name);
    if (path != NULL) {
        remove(path);
    }
    free(path);
}

/* A dataset whose decisions.csv names a subject that does not exist (line 2) and a date that
 * cannot be read (line 3, column 8): ANTQ_INPUT_ERROR, its message naming
 * decisions.csv:line:col of each problem. */
static void bad_decisions_file(void) {
    char folder[] = "/tmp/antq-capi-decisions-XXXXXX";
    if (mkdtemp(folder) == NULL) {
        CHECK(!"mkdtemp failed");
        return;
    }
    CHECK(write_file(folder, "units.csv",
                     "id,kind,name,parent\n"
                     "x1,commune,Xã Một,\n"
                     "t1,village,Thôn Một,x1\n"));
    CHECK(
        write_file(folder, "decisions.csv",
                   "subject,rulebook,period,proposed_tier,decided_tier,reason,number,date,body,"
                   "signer\n"
                   "no-such-unit,tt124-residential,2024,chua_dat,dat,,1/QĐ-UBND,15/12/2024,"
                   "UBND xã Một,\n"
                   "t1,tt124-residential,2024,chua_dat,dat,,2/QĐ-UBND,31/02/2024,UBND xã Một,\n"));
    antq_dataset* data = NULL;
    antq_error* error = NULL;
    CHECK(antq_dataset_load(folder, &data, &error) == ANTQ_INPUT_ERROR);
    CHECK(data == NULL);
    CHECK(error != NULL);
    if (error != NULL) {
        const char* message = antq_error_message(error);
        CHECK(antq_error_status(error) == ANTQ_INPUT_ERROR);
        CHECK(strstr(antq_error_file(error), "decisions.csv") != NULL);
        CHECK(antq_error_line(error) == 2);
        CHECK(antq_error_column(error) == 1);
        CHECK(strstr(message, "decisions.csv:2:1: error: ") != NULL);
        CHECK(strstr(message, "no-such-unit") != NULL);
        CHECK(strstr(message, "decisions.csv:3:8: error: ") != NULL);
        CHECK(strstr(antq_error_diagnostics_json(error), "\"line\": 3") != NULL);
        antq_error_free(error);
    }
    antq_dataset_free(data);
    remove_file(folder, "units.csv");
    remove_file(folder, "decisions.csv");
    rmdir(folder);
}

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s SOURCE_DIR\n", argv[0]);
        return 2;
    }
    char* data_path = join(argv[1], "examples/data/quang-trung");
    char* rules_path = join(argv[1], "rulebooks");
    if (data_path == NULL || rules_path == NULL) {
        return 2;
    }

    CHECK(strcmp(antq_status_name(ANTQ_INPUT_ERROR), "input_error") == 0);
    CHECK(antq_version()[0] >= '0' && antq_version()[0] <= '9');

    antq_dataset* data = NULL;
    antq_rules* rules = NULL;
    antq_evaluation* evaluation = NULL;
    antq_error* error = NULL;
    char* text = NULL;

    if (!ok(antq_dataset_load(data_path, &data, &error), error, "antq_dataset_load") ||
        !ok(antq_rules_load(rules_path, &rules, &error), error, "antq_rules_load") ||
        !ok(antq_evaluate(data, rules, "2024", "{\"threads\": 2}", &evaluation, &error), error,
            "antq_evaluate")) {
        return 1;
    }

    /* Results of one rulebook: a JSON array with a row for qt-m03. */
    if (ok(antq_evaluation_results_json(evaluation, "model-effectiveness", &text, &error), error,
           "antq_evaluation_results_json")) {
        CHECK(text[0] == '[');
        CHECK(strstr(text, "\"subject\": \"qt-m03\"") != NULL);
        CHECK(strstr(text, "\"rulebook\": \"model-effectiveness\"") != NULL);
        CHECK(strstr(text, "\"rulebook\": \"tt124-commune\"") == NULL);
        antq_string_free(text);
        text = NULL;
    }
    /* Results of every rulebook. */
    if (ok(antq_evaluation_results_json(evaluation, NULL, &text, &error), error,
           "antq_evaluation_results_json(NULL)")) {
        CHECK(strstr(text, "\"rulebook\": \"tt124-commune\"") != NULL);
        antq_string_free(text);
        text = NULL;
    }
    /* Provenance. */
    if (ok(antq_evaluation_info_json(evaluation, &text, &error), error,
           "antq_evaluation_info_json")) {
        CHECK(strstr(text, "\"fingerprint\": \"") != NULL);
        CHECK(strstr(text, "\"model-effectiveness\"") != NULL);
        antq_string_free(text);
        text = NULL;
    }

    /* One explanation, in English. */
    if (ok(antq_explain_json(evaluation, "model-effectiveness", "qt-m03", "en", &text, &error),
           error, "antq_explain_json")) {
        CHECK(text[0] == '{');
        CHECK(strstr(text, "\"subject\": \"qt-m03\"") != NULL);
        CHECK(strstr(text, "\"status\": \"evaluated\"") != NULL);
        CHECK(strstr(text, "\"decided_by\": \"") != NULL);
        CHECK(strstr(text, "\"text\": \"") != NULL);
        antq_string_free(text);
        text = NULL;
    }
    /* An unknown subject is a usage error naming it. */
    CHECK(antq_explain_json(evaluation, "model-effectiveness", "no-such-model", NULL, &text,
                            &error) == ANTQ_USAGE_ERROR);
    CHECK(text == NULL);
    CHECK(error != NULL && antq_error_status(error) == ANTQ_USAGE_ERROR);
    CHECK(error != NULL && strstr(antq_error_message(error), "no-such-model") != NULL);
    antq_error_free(error);
    error = NULL;

    /* A bad option is an input error naming it. */
    antq_evaluation* unused = NULL;
    CHECK(antq_evaluate(data, rules, "2024", "{\"thread\": 2}", &unused, &error) ==
          ANTQ_INPUT_ERROR);
    CHECK(unused == NULL);
    CHECK(error != NULL && strstr(antq_error_message(error), "unknown option 'thread'") != NULL);
    antq_error_free(error);
    error = NULL;

    /* A NULL argument is a usage error, not a crash; the error pointer may be NULL. */
    CHECK(antq_evaluate(NULL, rules, "2024", NULL, &unused, NULL) == ANTQ_USAGE_ERROR);

    /* A broken rulebook text: the status, and the place file:line:col of the unknown name. */
    antq_rules* broken = NULL;
    CHECK(antq_rules_parse(broken_rulebook, "broken.yaml", &broken, &error) == ANTQ_INPUT_ERROR);
    CHECK(broken == NULL);
    if (error != NULL) {
        CHECK(antq_error_status(error) == ANTQ_INPUT_ERROR);
        CHECK(strcmp(antq_error_file(error), "broken.yaml") == 0);
        CHECK(antq_error_line(error) == 14);
        CHECK(antq_error_column(error) > 0);
        CHECK(strstr(antq_error_message(error), "broken.yaml:14:") != NULL);
        CHECK(strstr(antq_error_message(error), "crimez") != NULL);
        CHECK(strstr(antq_error_diagnostics_json(error), "\"line\": 14") != NULL);
        printf("broken rulebook: %s\n", antq_error_message(error));
        antq_error_free(error);
        error = NULL;
    } else {
        CHECK(error != NULL);
    }

    /* Results of a rulebook the evaluation does not have. */
    CHECK(antq_evaluation_results_json(evaluation, "nope", &text, &error) == ANTQ_USAGE_ERROR);
    CHECK(text == NULL);
    CHECK(error != NULL && strstr(antq_error_message(error), "nope") != NULL);
    antq_error_free(error);
    error = NULL;

    /* An unknown language, and an option of the wrong type. */
    CHECK(antq_explain_json(evaluation, NULL, "qt-m03", "fr", &text, NULL) == ANTQ_USAGE_ERROR);
    CHECK(antq_evaluate(data, rules, "2024", "{\"threads\": -1}", &unused, &error) ==
          ANTQ_INPUT_ERROR);
    CHECK(error != NULL && strstr(antq_error_message(error), "'threads'") != NULL);
    antq_error_free(error);
    error = NULL;
    CHECK(antq_evaluate(data, rules, "2024", "[1", &unused, &error) == ANTQ_INPUT_ERROR);
    CHECK(error != NULL && strstr(antq_error_message(error), "not JSON") != NULL);
    antq_error_free(error);
    error = NULL;

    /* The rulebooks of the set, in evaluation order, with their hashes. */
    if (ok(antq_rules_list_json(rules, &text, &error), error, "antq_rules_list_json")) {
        CHECK(strstr(text, "\"id\": \"model-effectiveness\"") != NULL);
        CHECK(strstr(text, "\"effective\": \"") != NULL);
        CHECK(strstr(text, "\"hash\": \"") != NULL);
        antq_string_free(text);
        text = NULL;
    }

    /* A dataset given as JSON text, and a bad one placed by its JSON pointer. */
    {
        antq_dataset* small = NULL;
        const char* good = "{\"units\": [{\"id\": \"x\", \"kind\": \"commune\"}]}";
        if (ok(antq_dataset_parse_json(good, NULL, &small, &error), error,
               "antq_dataset_parse_json")) {
            if (ok(antq_dataset_hash(small, &text, &error), error, "antq_dataset_hash")) {
                CHECK(strlen(text) == 64);
                antq_string_free(text);
                text = NULL;
            }
        }
        antq_dataset_free(small);
        small = NULL;
        const char* bad =
            "{\"units\": [{\"id\": \"x\", \"kind\": \"commune\"}], "
            "\"models\": [{\"id\": \"m\", \"unit\": \"nowhere\"}]}";
        CHECK(antq_dataset_parse_json(bad, "web-form.json", &small, &error) == ANTQ_INPUT_ERROR);
        CHECK(small == NULL);
        CHECK(error != NULL && strncmp(antq_error_file(error), "web-form.json", 13) == 0);
        CHECK(error != NULL && strstr(antq_error_message(error), "nowhere") != NULL);
        antq_error_free(error);
        error = NULL;
    }

    /* A missing folder is an I/O error. */
    {
        antq_rules* none = NULL;
        CHECK(antq_rules_load("/nonexistent/antq-rules", &none, &error) == ANTQ_IO_ERROR);
        CHECK(none == NULL);
        CHECK(antq_error_status(error) == ANTQ_IO_ERROR);
        antq_error_free(error);
        error = NULL;
    }

    /* Several texts in one call: every problem of every text at once. */
    {
        const char* texts[2] = {broken_rulebook, "antq: 1\nid: [\n"};
        const char* names[2] = {"a.yaml", "b.yaml"};
        antq_rules* both = NULL;
        CHECK(antq_rules_parse_many(texts, names, 2, &both, &error) == ANTQ_INPUT_ERROR);
        CHECK(both == NULL);
        CHECK(error != NULL && strstr(antq_error_message(error), "a.yaml:14:") != NULL);
        CHECK(error != NULL && strstr(antq_error_message(error), "b.yaml:") != NULL);
        antq_error_free(error);
        error = NULL;
    }

    /* A rule diff: the shipped rules against themselves change nobody. */
    if (ok(antq_diff_json(data, rules, rules, "2024", NULL, &text, &error), error,
           "antq_diff_json")) {
        CHECK(strstr(text, "\"changes\": []") != NULL);
        antq_string_free(text);
        text = NULL;
    }

    /* An evaluation does not point into its dataset or rulebooks: it outlives them (the
     * asan preset would catch a use after free here). */
    antq_rules_free(rules);
    antq_dataset_free(data);
    if (ok(antq_explain_json(evaluation, "model-effectiveness", "qt-m04", "vi", &text, &error),
           error, "antq_explain_json after freeing its inputs")) {
        CHECK(strstr(text, "\"subject\": \"qt-m04\"") != NULL);
        antq_string_free(text);
        text = NULL;
    }
    antq_evaluation_free(evaluation);
    bad_decisions_file();
    antq_error_free(NULL);
    antq_string_free(NULL);
    free(data_path);
    free(rules_path);
    if (failures == 0) {
        printf("capi c: ok\n");
    }
    return failures == 0 ? 0 : 1;
}
