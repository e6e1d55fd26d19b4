// Tests of <antq/engine.hpp>: the shared checks of scoring_engine::score, the registry and
// the option reader.

#include <antq/engine.hpp>

#include "antq/suggestion.hpp"
#include "engines/cohort.hpp"
#include "support/recording_engine.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace engines_test;
using antq::test_support::recording_engine;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsNull;
using ::testing::NotNull;

const std::vector<antq::criterion_info> two = {scored("a", 10), penalty("p", 5)};

template <typename Exception, typename F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const Exception& e) {
        return e.what();
    }
    return "no exception";
}

TEST(scoring_engine, hands_the_input_to_the_engine_as_it_is) {
    recording_engine engine;
    const auto m = cohort::from_rows(two, {{0.5, na}, {1, 0.25}});
    run(engine, m);
    const auto in = engine.last_input();
    EXPECT_EQ(in.subject_count, 2u);
    ASSERT_EQ(in.criteria.size(), 2u);
    EXPECT_EQ(in.criteria[1].id, "p");
    EXPECT_EQ(in.score(0, 1), 1);
    EXPECT_FALSE(in.is_assessed(1, 0));
    EXPECT_EQ(in.value(1, 1), 0.25);
}

TEST(scoring_engine, calls_the_engine_even_for_an_empty_cohort) {
    recording_engine engine;
    const auto o = run(engine, cohort::from_rows(two, {}));
    EXPECT_TRUE(o.scores.empty());
    EXPECT_EQ(engine.call_count(), 1u);
}

TEST(scoring_engine, refuses_spans_of_the_wrong_size) {
    recording_engine engine;
    const auto m = cohort::from_rows(two, {{0.5, 0}, {1, 0.25}});
    std::vector<double> scores(2);
    std::vector<double> contributions(4);
    auto in = m.input();
    in.values = in.values.first(3);
    EXPECT_EQ(message_of<antq::usage_error>([&] {
                  engine.score(in, {scores, contributions});
              }),
              "engine 'recording': expected 4 values (2 subjects x 2 criteria), got 3");
    in = m.input();
    in.assessed = {};
    EXPECT_EQ(message_of<antq::usage_error>([&] {
                  engine.score(in, {scores, contributions});
              }),
              "engine 'recording': expected 4 assessed flags (2 subjects x 2 criteria), got 0");
    in = m.input();
    in.scores = in.scores.first(1);
    EXPECT_EQ(message_of<antq::usage_error>([&] {
                  engine.score(in, {scores, contributions});
              }),
              "engine 'recording': expected 4 scores (2 subjects x 2 criteria), got 1");
    std::vector<double> few(3);
    EXPECT_EQ(message_of<antq::usage_error>([&] {
                  engine.score(m.input(), {scores, few});
              }),
              "engine 'recording': expected 4 contributions (2 subjects x 2 criteria), got 3");
    std::vector<double> one(1);
    EXPECT_EQ(message_of<antq::usage_error>([&] {
                  engine.score(m.input(), {one, contributions});
              }),
              "engine 'recording': expected 2 output scores, got 1");
    EXPECT_EQ(engine.call_count(), 0u);
}

TEST(scoring_engine, refuses_assessed_scores_outside_zero_to_one) {
    recording_engine engine;
    auto m = cohort::from_rows(two, {{0.5, 0}, {1, 0.25}});
    m.scores[m.input().at(1, 1)] = 1.5;
    EXPECT_EQ(
        message_of<antq::usage_error>([&] { run(engine, m); }),
        "engine 'recording': the score of criterion 'p' for subject 1 is 1.5, outside [0, 1]");
    m.scores[m.input().at(1, 1)] = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(
        message_of<antq::usage_error>([&] { run(engine, m); }),
        "engine 'recording': the score of criterion 'p' for subject 1 is nan, outside [0, 1]");
}

TEST(scoring_engine, refuses_negative_or_non_finite_points_and_weights) {
    recording_engine engine;
    const auto bad_points = cohort::from_rows({scored("a", -1)}, {{0.5}});
    EXPECT_EQ(
        message_of<antq::usage_error>([&] { run(engine, bad_points); }),
        "engine 'recording': criterion 'a' has points -1; points must be finite and not negative");
    const auto bad_weight =
        cohort::from_rows({weighted("w", std::numeric_limits<double>::infinity())}, {{0.5}});
    EXPECT_EQ(message_of<antq::usage_error>([&] { run(engine, bad_weight); }),
              "engine 'recording': criterion 'w' has weight inf; weights must be finite and not "
              "negative");
}

TEST(scoring_engine, catches_a_non_finite_score_naming_the_engine_and_subject) {
    recording_engine engine("shaky");
    engine.returns([](const antq::engine_input&, std::size_t i) {
        return i == 1 ? std::numeric_limits<double>::quiet_NaN() : 1.0;
    });
    const auto m = cohort::from_rows(two, {{0.5, 0}, {1, 0.25}, {0, 0}});
    EXPECT_EQ(message_of<antq::error>([&] { run(engine, m); }),
              "engine 'shaky' gave a non-finite score (nan) for subject 1");
    engine.returns(-std::numeric_limits<double>::infinity());
    EXPECT_EQ(message_of<antq::error>([&] { run(engine, m); }),
              "engine 'shaky' gave a non-finite score (-inf) for subject 0");
}

TEST(scoring_engine, catches_a_non_finite_contribution_naming_the_criterion) {
    recording_engine engine;
    engine.contributes([](const antq::engine_input&, std::size_t c, std::size_t i) {
        return c == 1 && i == 2 ? std::numeric_limits<double>::infinity() : 0.0;
    });
    const auto m = cohort::from_rows(two, {{0.5, 0}, {1, 0.25}, {0, 0}});
    EXPECT_EQ(
        message_of<antq::error>([&] { run(engine, m); }),
        "engine 'recording' gave a non-finite contribution (inf) for criterion 'p' for subject 2");
}

TEST(scoring_engine, wraps_what_an_engine_throws_naming_the_engine) {
    recording_engine engine("brittle");
    engine.returns([](const antq::engine_input&, std::size_t) -> double {
        throw std::runtime_error("division by zero in my formula");
    });
    const auto m = cohort::from_rows(two, {{0.5, 0}});
    EXPECT_EQ(message_of<antq::engine_error>([&] { run(engine, m); }),
              "engine 'brittle' failed: division by zero in my formula");
    engine.returns([](const antq::engine_input&, std::size_t) -> double { throw 42; });
    EXPECT_EQ(message_of<antq::engine_error>([&] { run(engine, m); }),
              "engine 'brittle' failed with an exception that is not a std::exception");
}

// An engine that writes nothing: the shared preparation must catch the forgotten scores
// and leave contributions at 0.
class forgetful_engine final : public antq::scoring_engine {
  public:
    [[nodiscard]] std::string_view name() const noexcept override { return "forgetful"; }

  private:
    void do_score(const antq::engine_input&, const antq::engine_output& out) const override {
        seen_contributions_ = {out.contributions.begin(), out.contributions.end()};
    }
    [[nodiscard]] double do_max_score(std::span<const antq::criterion_info>) const override {
        return std::numeric_limits<double>::quiet_NaN();
    }

  public:
    mutable std::vector<double> seen_contributions_;
};

TEST(scoring_engine, prepares_the_output_so_that_forgotten_scores_are_caught) {
    forgetful_engine engine;
    const auto m = cohort::from_rows(two, {{0.5, 0}});
    std::vector<double> scores = {7};
    std::vector<double> contributions = {3, 4};
    EXPECT_EQ(message_of<antq::error>([&] {
                  engine.score(m.input(), {scores, contributions});
              }),
              "engine 'forgetful' gave a non-finite score (nan) for subject 0");
    EXPECT_THAT(engine.seen_contributions_, ElementsAre(0, 0));
}

TEST(scoring_engine, catches_a_non_finite_maximum) {
    forgetful_engine engine;
    EXPECT_EQ(message_of<antq::error>([&] { static_cast<void>(engine.max_score(two)); }),
              "engine 'forgetful' gave a non-finite maximum score (nan)");
}

TEST(scoring_engine, reads_every_kind_unless_told_otherwise) {
    const recording_engine engine;
    EXPECT_TRUE(engine.reads(antq::criterion_kind::veto));
    EXPECT_TRUE(engine.reads(antq::criterion_kind::scored));
    EXPECT_FALSE(engine.cohort_relative());
}

TEST(engine_registry, holds_the_builtin_engines_sorted) {
    EXPECT_THAT(antq::builtin_engines().names(),
                ElementsAre("checklist", "composite", "deduction", "topsis", "weighted"));
    EXPECT_EQ(&antq::builtin_engines(), &antq::builtin_engines());
    const std::vector criteria = {scored("a", 1), required("r")};
    for (const auto& name : antq::builtin_engines().names()) {
        antq::diagnostic_list problems;
        const auto engine = (*antq::builtin_engines().find(name))(
            options_at(nlohmann::json::object()), criteria, problems);
        ASSERT_THAT(engine, NotNull()) << name;
        EXPECT_EQ(engine->name(), name);
    }
}

TEST(engine_registry, finds_nothing_under_an_unknown_name) {
    EXPECT_THAT(antq::builtin_engines().find("weighed"), IsNull());
    EXPECT_THAT(antq::builtin_engines().find(""), IsNull());
    EXPECT_THAT(antq::engine_registry().find("weighted"), IsNull());
}

TEST(engine_registry, refuses_invalid_names_and_empty_factories) {
    antq::engine_registry registry;
    const auto factory = recording_engine::factory(std::make_shared<recording_engine>());
    for (const char* name : {"", "Weighted", "best of 3", "tốt", "a.b"}) {
        EXPECT_EQ(message_of<antq::usage_error>([&] { registry.add(name, factory); }),
                  "invalid engine name '" + std::string(name) +
                      "': use lowercase letters, digits, '_' and '-'");
    }
    EXPECT_EQ(message_of<antq::usage_error>([&] { registry.add("empty", antq::engine_factory()); }),
              "engine 'empty' has no factory");
    EXPECT_TRUE(registry.names().empty());
}

TEST(engine_registry, registers_a_user_engine_and_replaces_by_name) {
    antq::engine_registry registry = antq::builtin_engines();
    const auto mine = std::make_shared<recording_engine>("best_3-of-n");
    registry.add("best_3-of-n", recording_engine::factory(mine));
    EXPECT_THAT(registry.names(), ElementsAre("best_3-of-n", "checklist", "composite", "deduction",
                                              "topsis", "weighted"));
    antq::diagnostic_list problems;
    const auto made = (*registry.find("best_3-of-n"))(options_at({{"k", 3}}), two, problems);
    EXPECT_EQ(made.get(), mine.get());
    EXPECT_THAT(mine->options_seen(), ElementsAre(nlohmann::json{{"k", 3}}));
    // Replacing a built-in by name: the copy changes, the built-in registry does not.
    const auto other = std::make_shared<recording_engine>("weighted");
    registry.add("weighted", recording_engine::factory(other));
    EXPECT_EQ((*registry.find("weighted"))(options_at({}), two, problems).get(), other.get());
    EXPECT_EQ(registry.names().size(), 6u);
    EXPECT_NE((*antq::builtin_engines().find("weighted"))(options_at({}), two, problems).get(),
              other.get());
}

TEST(engine_option_reader, names_json_types_as_rulebooks_say_them) {
    using reader = antq::engine_option_reader;
    EXPECT_EQ(reader::type_name(1), "number");
    EXPECT_EQ(reader::type_name(1.5), "number");
    EXPECT_EQ(reader::type_name("x"), "text");
    EXPECT_EQ(reader::type_name(true), "boolean");
    EXPECT_EQ(reader::type_name(nlohmann::json::array()), "list");
    EXPECT_EQ(reader::type_name(nlohmann::json::object()), "mapping");
    EXPECT_EQ(reader::type_name(nullptr), "null");
}

TEST(engine_option_reader, suggests_only_a_near_candidate) {
    using reader = antq::engine_option_reader;
    const std::vector<std::string_view> keys = {"base", "floor", "normalisation"};
    EXPECT_EQ(reader::did_you_mean("flor", keys), " (did you mean 'floor'?)");
    EXPECT_EQ(reader::did_you_mean("Base", keys), " (did you mean 'base'?)");
    EXPECT_EQ(reader::did_you_mean("fluor", keys), " (did you mean 'floor'?)");
    EXPECT_EQ(reader::did_you_mean("normalization", keys), " (did you mean 'normalisation'?)");
    EXPECT_EQ(reader::did_you_mean("folor", keys), " (did you mean 'floor'?)");  // transposition
    // Two edits in five letters: a slip, as it is in an expression (one threshold).
    EXPECT_EQ(reader::did_you_mean("flore", keys), " (did you mean 'floor'?)");
    EXPECT_EQ(reader::did_you_mean("fxxre", keys), "");  // three edits in five letters
    EXPECT_EQ(reader::did_you_mean("scale", keys), "");
    EXPECT_EQ(reader::did_you_mean("x", keys), "");
    EXPECT_EQ(reader::did_you_mean("base", {}), "");
}

TEST(engine_option_reader, an_option_typo_gets_the_hint_an_expression_typo_gets) {
    // "scael" and "scaal" are one and two edits from "scale": an expression naming an
    // indicator "scaal" is told "did you mean 'scale'", and so is an engine option.
    const std::vector<std::string> names = {"scale", "weights"};
    ASSERT_EQ(antq::detail::closest_match("scaal", names), "scale");
    antq::diagnostic_list problems;
    const auto options = options_at({{"scaal", 2}, {"scael", 2}});
    antq::engine_option_reader reader("topsis", options, problems);
    reader.allow_only({"scale", "weights"});
    EXPECT_FALSE(reader.ok());
    EXPECT_THAT(printed(problems),
                ElementsAre(HasSubstr("unknown option 'scaal' for engine 'topsis' (did you mean "
                                      "'scale'?)"),
                            HasSubstr("unknown option 'scael' for engine 'topsis' (did you mean "
                                      "'scale'?)")));
}

TEST(engine_option_reader, reads_numbers_and_choices_with_fallbacks) {
    antq::diagnostic_list problems;
    const auto options = options_at({{"k", 3}, {"mode", "fast"}, {"bad", "x"}});
    antq::engine_option_reader reader("mine", options, problems);
    EXPECT_EQ(reader.number("k", 1), 3);
    EXPECT_EQ(reader.number("absent", 7.5), 7.5);
    EXPECT_EQ(reader.choice("mode", "slow", {"slow", "fast"}), "fast");
    EXPECT_EQ(reader.choice("absent", "slow", {"slow", "fast"}), "slow");
    EXPECT_TRUE(reader.ok());
    EXPECT_EQ(reader.number("bad", 2), 2);
    EXPECT_FALSE(reader.ok());
    EXPECT_EQ(reader.where("mode"), (antq::source_location{"rules.yaml", 12, 21}));
    EXPECT_EQ(reader.where("absent"), (antq::source_location{"rules.yaml", 9, 5}));
    EXPECT_THAT(printed(problems), ElementsAre("rules.yaml:10:21: error: option 'bad' of engine "
                                               "'mine' must be a number, not a text"));
    EXPECT_EQ(reader.engine(), "mine");
}

TEST(engine_option_reader, reads_null_options_as_empty) {
    antq::diagnostic_list problems;
    const auto options = options_at(nullptr);
    antq::engine_option_reader reader("mine", options, problems);
    reader.allow_only({"k"});
    EXPECT_EQ(reader.number("k", 4), 4);
    EXPECT_THAT(reader.find("k"), IsNull());
    EXPECT_TRUE(reader.ok());
    EXPECT_TRUE(problems.items().empty());
}

}  // namespace
