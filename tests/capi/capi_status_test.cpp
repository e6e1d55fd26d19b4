// How the C API reports a C++ exception (src/antq/capi/capi.hpp): a scoring engine's
// failure inside a real evaluation becomes ANTQ_ENGINE_ERROR with the rulebook, period and
// subject id in its message; the other statuses keep their numbers. White-box: the C API's
// source is compiled into this test, because a C caller cannot register an engine and the
// built-in engines cannot fail (docs/limits.md keeps their scores finite).

#include "antq/capi/capi.hpp"

#include <antq/antq.h>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include "support/recording_engine.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

using antq::test_support::recording_engine;
using ::testing::HasSubstr;

namespace {

constexpr std::string_view rules_text = R"~(antq: 1
id: patrols
title: "Tuần tra"
subject: model
period: calendar-year
versions:
  - version: "2024.1"
    effective: 2020-01-01
    engine: recording
    indicators:
      patrols: {type: count}
    criteria:
      - {id: patrol, kind: scored, points: 10, score: "patrols / 48"}
    tiers:
      - {id: good, label: "Tốt", when: "score >= 5"}
      - {id: weak, label: "Yếu"}
)~";

constexpr std::string_view data_text = R"~({
  "units": [{"id": "thon-1", "kind": "village", "name": "Thôn 1"}],
  "models": [
    {"id": "m-tuan-tra", "name": "Tổ tuần tra", "unit": "thon-1"},
    {"id": "m-camera", "name": "Camera an ninh", "unit": "thon-1"}
  ],
  "observations": [
    {"subject": "m-tuan-tra", "period": "2024", "patrols": 48},
    {"subject": "m-camera", "period": "2024", "patrols": 12}
  ]
})~";

// Evaluates with `engine` under the name `recording`, as a C entry point would: the body
// inside a try, whatever it throws handed to report_current_exception.
struct reported {
    antq_status status = ANTQ_OK;
    antq_error* error = nullptr;

    reported() = default;
    reported(const reported&) = delete;
    reported& operator=(const reported&) = delete;
    ~reported() { antq_error_free(error); }

    [[nodiscard]] std::string message() const { return antq_error_message(error); }
};

template <class Body>
void report(reported& out, Body&& body) {
    try {
        std::forward<Body>(body)();
    } catch (...) {
        out.status = antq::capi::report_current_exception(&out.error);
    }
}

void evaluate_with(const std::shared_ptr<recording_engine>& engine, reported& out) {
    report(out, [&] {
        antq::engine_registry engines = antq::builtin_engines();
        engines.add("recording", recording_engine::factory(engine));
        const auto rules = antq::rulebook_set::from(
            {antq::parse_rulebook(rules_text, "patrols.yaml", engines)}, engines);
        const auto data = antq::parse_dataset_json(data_text, "dataset.json");
        static_cast<void>(antq::evaluate(data, rules, "2024"));
    });
}

}  // namespace

TEST(capi_status, engine_error_is_a_status_of_its_own_appended_after_the_others) {
    EXPECT_EQ(static_cast<int>(ANTQ_INTERNAL_ERROR), 6);
    EXPECT_EQ(static_cast<int>(ANTQ_ENGINE_ERROR), 7);
    EXPECT_STREQ(antq_status_name(ANTQ_ENGINE_ERROR), "engine_error");
    EXPECT_STREQ(antq_status_name(ANTQ_INTERNAL_ERROR), "internal_error");
}

TEST(capi_status, a_non_finite_score_names_the_rulebook_period_and_subject_id) {
    auto engine = std::make_shared<recording_engine>();
    engine->with_max_score(10).returns([](const antq::engine_input& in, std::size_t i) {
        // m-camera (12 patrols, a quarter of the target) gets NaN.
        return in.scores[in.at(0, i)] < 0.5 ? std::numeric_limits<double>::quiet_NaN() : 10.0;
    });
    reported out;
    evaluate_with(engine, out);
    ASSERT_EQ(out.status, ANTQ_ENGINE_ERROR);
    EXPECT_EQ(antq_error_status(out.error), ANTQ_ENGINE_ERROR);
    EXPECT_EQ(out.message(),
              "rulebook 'patrols' version 2024.1, period 2024, subject 'm-camera': engine "
              "'recording' gave a non-finite score (nan)");
}

TEST(capi_status, an_exception_thrown_inside_an_engine_is_an_engine_error_with_its_context) {
    auto engine = std::make_shared<recording_engine>();
    engine->with_max_score(10).returns([](const antq::engine_input&, std::size_t) -> double {
        throw std::out_of_range("vector::at");
    });
    reported out;
    evaluate_with(engine, out);
    ASSERT_EQ(out.status, ANTQ_ENGINE_ERROR);
    EXPECT_THAT(out.message(), HasSubstr("rulebook 'patrols' version 2024.1, period 2024"));
    EXPECT_THAT(out.message(), HasSubstr("engine 'recording' failed: vector::at"));
    EXPECT_THAT(out.message(), ::testing::Not(HasSubstr("internal error")));
}

TEST(capi_status, other_failures_keep_their_statuses) {
    {
        reported out;
        report(out, [] { static_cast<void>(antq::parse_rulebook("antq: 1\n", "broken.yaml")); });
        EXPECT_EQ(out.status, ANTQ_INPUT_ERROR);
        EXPECT_STREQ(antq_error_file(out.error), "broken.yaml");
    }
    {
        reported out;
        report(out, [] { throw antq::usage_error("no rulebook in force"); });
        EXPECT_EQ(out.status, ANTQ_USAGE_ERROR);
    }
    {
        reported out;
        report(out, [] { throw std::logic_error("a bug"); });
        EXPECT_EQ(out.status, ANTQ_INTERNAL_ERROR);
        EXPECT_EQ(out.message(), "internal error: a bug");
    }
    {
        // The error may be declined: the status alone is returned.
        antq_status status = ANTQ_OK;
        try {
            throw antq::engine_error("engine 'x' gave a non-finite score (inf)", 0);
        } catch (...) {
            status = antq::capi::report_current_exception(nullptr);
        }
        EXPECT_EQ(status, ANTQ_ENGINE_ERROR);
    }
}
