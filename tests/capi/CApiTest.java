// The C API used from Java through JNA (Debian's libjna-java), as a Java caller would.
//
// Run by CTest: java -cp jna.jar:classes CApiTest LIBANTQ_C SOURCE_DIR. Loads the Quảng
// Trung example, evaluates the shipped rulebooks for 2024, reads the results and the
// explanation of qt-m03 as JSON, and checks the error of a broken rulebook. Prints
// "capi java: ok" when every check holds. The JDK has no JSON parser, so the checks look
// for exact JSON members in the text, which the library writes deterministically.

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class CApiTest {
    /** The functions of include/antq/antq.h this test calls; strings are UTF-8. */
    public interface Antq extends Library {
        int ANTQ_OK = 0;
        int ANTQ_INPUT_ERROR = 1;
        int ANTQ_USAGE_ERROR = 3;

        String antq_version();
        String antq_status_name(int status);

        int antq_dataset_load(String path, PointerByReference out, PointerByReference error);
        int antq_rules_load(String path, PointerByReference out, PointerByReference error);
        int antq_rules_parse(String text, String fileName, PointerByReference out,
                             PointerByReference error);
        int antq_evaluate(Pointer dataset, Pointer rules, String period, String optionsJson,
                          PointerByReference out, PointerByReference error);
        int antq_evaluation_results_json(Pointer evaluation, String rulebookId,
                                         PointerByReference out, PointerByReference error);
        int antq_explain_json(Pointer evaluation, String rulebookId, String subjectId,
                              String language, PointerByReference out, PointerByReference error);

        int antq_error_status(Pointer error);
        String antq_error_message(Pointer error);
        String antq_error_file(Pointer error);
        long antq_error_line(Pointer error);
        long antq_error_column(Pointer error);

        void antq_error_free(Pointer error);
        void antq_string_free(Pointer text);
        void antq_dataset_free(Pointer dataset);
        void antq_rules_free(Pointer rules);
        void antq_evaluation_free(Pointer evaluation);
    }

    /** A failed call: the status and the error's message and place. */
    static final class AntqException extends RuntimeException {
        final int status;
        final String file;
        final long line;
        final long column;

        AntqException(int status, String message, String file, long line, long column) {
            super(message);
            this.status = status;
            this.file = file;
            this.line = line;
            this.column = column;
        }
    }

    static Antq lib;
    static final List<String> failures = new ArrayList<>();

    static void check(boolean condition, String what) {
        if (!condition) {
            failures.add(what);
            System.err.println("check failed: " + what);
        }
    }

    /** Throws AntqException (and frees the error) unless the status is ANTQ_OK. */
    static void ok(int status, PointerByReference error) {
        if (status == Antq.ANTQ_OK) {
            return;
        }
        Pointer e = error.getValue();
        try {
            throw new AntqException(status, lib.antq_error_message(e), lib.antq_error_file(e),
                                    lib.antq_error_line(e), lib.antq_error_column(e));
        } finally {
            lib.antq_error_free(e);
        }
    }

    /** Copies a string the library returned, then frees it with antq_string_free. */
    static String take(PointerByReference out) {
        Pointer p = out.getValue();
        try {
            return p.getString(0, StandardCharsets.UTF_8.name());
        } finally {
            lib.antq_string_free(p);
        }
    }

    static final String BROKEN_RULEBOOK = String.join("\n",
        "antq: 1",
        "id: broken",
        "title: Broken",
        "subject: model",
        "versions:",
        "  - version: \"1\"",
        "    effective: 2024-01-01",
        "    engine: checklist",
        "    indicators:",
        "      crimes: {type: count}",
        "    criteria:",
        "      - id: safe",
        "        kind: required",
        "        when: \"crimez == 0\"",
        "    tiers:",
        "      - id: ok",
        "        when: \"passed(safe)\"",
        "      - id: rest",
        "");

    public static void main(String[] args) {
        String library = args[0];
        Path source = Path.of(args[1]);
        // UTF-8 for every String crossing into C (the library's contract), whatever the locale.
        System.setProperty("jna.encoding", "UTF-8");
        lib = Native.load(library, Antq.class);

        check(lib.antq_version().matches("[0-9]+\\.[0-9]+\\.[0-9]+"), "version");

        PointerByReference error = new PointerByReference();
        PointerByReference data = new PointerByReference();
        PointerByReference rules = new PointerByReference();
        PointerByReference evaluation = new PointerByReference();
        PointerByReference text = new PointerByReference();

        ok(lib.antq_dataset_load(source.resolve("examples/data/quang-trung").toString(), data,
                                 error), error);
        ok(lib.antq_rules_load(source.resolve("rulebooks").toString(), rules, error), error);
        ok(lib.antq_evaluate(data.getValue(), rules.getValue(), "2024", "{\"threads\": 2}",
                             evaluation, error), error);

        ok(lib.antq_evaluation_results_json(evaluation.getValue(), "model-effectiveness", text,
                                            error), error);
        String results = take(text);
        check(results.startsWith("["), "results are a JSON array");
        check(results.contains("\"subject\": \"qt-m03\""), "results hold qt-m03");
        check(!results.contains("\"rulebook\": \"tt124-commune\""), "one rulebook's results");

        ok(lib.antq_explain_json(evaluation.getValue(), "model-effectiveness", "qt-m03", "vi",
                                 text, error), error);
        String why = take(text);
        check(why.contains("\"subject\": \"qt-m03\""), "the explanation names the subject");
        check(why.contains("\"status\": \"evaluated\""), "qt-m03 is evaluated");
        // Vietnamese text arrives intact through UTF-8 both ways.
        check(why.contains("\"tier_label\": \"Hoạt động hiệu quả\""),
              "qt-m03 is in the top tier, its label in Vietnamese");
        check(why.contains("\"decided_by\": \"conditions\""), "decided by the conditions");

        try {
            ok(lib.antq_explain_json(evaluation.getValue(), "model-effectiveness",
                                     "no-such-model", null, text, error), error);
            check(false, "an unknown subject is refused");
        } catch (AntqException e) {
            check(e.status == Antq.ANTQ_USAGE_ERROR, "unknown subject: usage_error");
            check(e.getMessage().contains("no-such-model"), "unknown subject: named");
        }

        PointerByReference broken = new PointerByReference();
        try {
            ok(lib.antq_rules_parse(BROKEN_RULEBOOK, "broken.yaml", broken, error), error);
            check(false, "a broken rulebook is refused");
        } catch (AntqException e) {
            System.out.println("broken rulebook: " + e.getMessage());
            check(e.status == Antq.ANTQ_INPUT_ERROR, "broken rulebook: input_error");
            check(lib.antq_status_name(e.status).equals("input_error"), "status name");
            check(e.file.equals("broken.yaml") && e.line == 14 && e.column > 0,
                  "broken rulebook: placed at line 14");
            check(e.getMessage().startsWith("broken.yaml:14:" + e.column + ": error: "),
                  "broken rulebook: file:line:col");
            check(e.getMessage().contains("crimez"), "broken rulebook: names the unknown name");
        }
        check(broken.getValue() == null, "no handle for a broken rulebook");

        lib.antq_evaluation_free(evaluation.getValue());
        lib.antq_rules_free(rules.getValue());
        lib.antq_dataset_free(data.getValue());
        if (!failures.isEmpty()) {
            System.exit(1);
        }
        System.out.println("capi java: ok");
    }
}
