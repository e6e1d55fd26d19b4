/* Evaluates the installed rulebooks on a dataset given as argument through the installed
 * libantq-c, and prints "antq-c VERSION ok" when it got results. */
#include <antq/antq.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s DATASET\n", argv[0]);
        return 2;
    }
    antq_dataset* data = NULL;
    antq_rules* rules = NULL;
    antq_evaluation* evaluation = NULL;
    antq_error* error = NULL;
    char* results = NULL;
    antq_status status = antq_dataset_load(argv[1], &data, &error);
    if (status == ANTQ_OK) {
        status = antq_rules_load(ANTQ_RULEBOOKS_DIR, &rules, &error);
    }
    if (status == ANTQ_OK) {
        status = antq_evaluate(data, rules, "2024", NULL, &evaluation, &error);
    }
    if (status == ANTQ_OK) {
        status = antq_evaluation_results_json(evaluation, "model-effectiveness", &results, &error);
    }
    int rc = 1;
    if (status != ANTQ_OK) {
        fprintf(stderr, "%s: %s\n", antq_status_name(status), antq_error_message(error));
    } else if (strstr(results, "\"status\": \"evaluated\"") != NULL) {
        printf("antq-c %s ok\n", antq_version());
        rc = 0;
    }
    antq_string_free(results);
    antq_error_free(error);
    antq_evaluation_free(evaluation);
    antq_rules_free(rules);
    antq_dataset_free(data);
    return rc;
}
