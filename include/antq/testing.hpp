#pragma once

/// \file
/// GoogleTest matchers and helpers for rule owners who test their rules in C++. Header-only;
/// needs GoogleTest/GMock (link `GTest::gmock`), which antq itself does not: `antq/antq.hpp`
/// does not include this header.
///
///     #include <antq/testing.hpp>
///     using namespace antq::test_kit;
///
///     const antq::rule_tester rules(antq::load_rulebook("rulebooks/model-effectiveness.yaml"));
///     const auto result = evaluate_case(rules, subject_case("m1")
///                                                  .period("2024")
///                                                  .attribute("unit_kind", "village")
///                                                  .indicator("crimes", 0)
///                                                  .indicator("patrols", 48));
///     EXPECT_THAT(result, has_tier("effective"));
///     EXPECT_THAT(result, ::testing::AllOf(has_score_between(80, 100),
///     passed_criterion("patrols")));
///
/// Every matcher takes a `subject_result` (or a `case_evaluation`, matching its subject),
/// describes itself (`has tier "effective"`) and explains a mismatch with what the subject
/// got (`whose tier is average (score 79.69)`). A failed expectation prints a result as its
/// subject, tier, score and rank (`PrintTo` below), not as bytes.
///
/// The namespace is `antq::test_kit`, not `antq::testing`: after `using namespace antq;`,
/// `testing::AllOf` must still name GoogleTest's.

#include <antq/result.hpp>
#include <antq/rule_diff.hpp>
#include <antq/rule_test.hpp>
#include <antq/rulebook.hpp>

#include <gmock/gmock.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace antq {

/// How GoogleTest prints a result in a failed expectation (found by argument-dependent
/// lookup): `qt-m01: tier effective "Hiệu quả", score 85.5 of 100, rank 2 in quang-trung`.
inline void PrintTo(const subject_result& r, std::ostream* os) {
    *os << r.subject << ": ";
    if (r.status != result_status::evaluated) {
        *os << to_string(r.status);
        if (!r.message.empty()) {
            *os << " (" << r.message << ")";
        }
        return;
    }
    *os << "tier " << (r.tier_id.empty() ? "none" : r.tier_id);
    if (!r.tier_label.empty()) {
        *os << " \"" << r.tier_label << "\"";
    }
    *os << ", score " << r.score << " of " << r.max_score;
    if (r.rank != no_rank) {
        *os << ", rank " << r.rank;
        if (!r.group.empty()) {
            *os << " in " << r.group;
        }
    }
    if (!r.decided_tier_id.empty() && r.decided_tier_id != r.tier_id) {
        *os << ", decided " << r.decided_tier_id;
    }
}

}  // namespace antq

namespace antq::test_kit {

namespace detail {

inline const subject_result& subject_of(const subject_result& r) {
    return r;
}
inline const subject_result& subject_of(const case_evaluation& e) {
    return e.subject;
}

inline std::string or_none(const std::string& text) {
    return text.empty() ? "none" : text;
}

inline std::string score_of(const subject_result& r) {
    if (std::isnan(r.score)) {
        return "none";
    }
    std::ostringstream out;
    out << r.score;
    return out.str();
}

// What the subject got, for explanations: "status error (message)" when it was not
// evaluated, else nothing to add.
inline std::string not_evaluated(const subject_result& r) {
    if (r.status == result_status::evaluated) {
        return {};
    }
    std::string text = " (status " + std::string(to_string(r.status));
    if (!r.message.empty()) {
        text += ": " + r.message;
    }
    return text + ")";
}

/// Base of the matchers: `MatchAndExplain` for both argument types, from `match(subject,
/// os)` of the derived class.
template <class Derived>
class subject_matcher {
  public:
    using is_gtest_matcher = void;

    bool MatchAndExplain(const subject_result& r, std::ostream* os) const {
        return static_cast<const Derived&>(*this).match(r, os);
    }
    bool MatchAndExplain(const case_evaluation& e, std::ostream* os) const {
        return static_cast<const Derived&>(*this).match(subject_of(e), os);
    }
};

class tier_matcher : public subject_matcher<tier_matcher> {
  public:
    explicit tier_matcher(std::string id) : id_(std::move(id)) {}
    bool match(const subject_result& r, std::ostream* os) const {
        if (os != nullptr) {
            *os << "whose tier is " << or_none(r.tier_id) << " (score " << score_of(r) << ")"
                << not_evaluated(r);
        }
        return r.tier_id == id_;
    }
    void DescribeTo(std::ostream* os) const { *os << "has tier \"" << id_ << "\""; }
    void DescribeNegationTo(std::ostream* os) const {
        *os << "does not have tier \"" << id_ << "\"";
    }

  private:
    std::string id_;
};

class status_matcher : public subject_matcher<status_matcher> {
  public:
    explicit status_matcher(result_status s) : status_(s) {}
    bool match(const subject_result& r, std::ostream* os) const {
        if (os != nullptr) {
            *os << "whose status is " << to_string(r.status);
            if (!r.message.empty()) {
                *os << " (" << r.message << ")";
            }
        }
        return r.status == status_;
    }
    void DescribeTo(std::ostream* os) const { *os << "has status " << to_string(status_); }
    void DescribeNegationTo(std::ostream* os) const {
        *os << "does not have status " << to_string(status_);
    }

  private:
    result_status status_;
};

class score_matcher : public subject_matcher<score_matcher> {
  public:
    score_matcher(double lo, double hi) : lo_(lo), hi_(hi) {}
    bool match(const subject_result& r, std::ostream* os) const {
        if (os != nullptr) {
            *os << "whose score is " << score_of(r) << not_evaluated(r);
        }
        return !std::isnan(r.score) && r.score >= lo_ && r.score <= hi_;
    }
    void DescribeTo(std::ostream* os) const {
        *os << "has a score between " << lo_ << " and " << hi_;
    }
    void DescribeNegationTo(std::ostream* os) const {
        *os << "does not have a score between " << lo_ << " and " << hi_;
    }

  private:
    double lo_;
    double hi_;
};

class rank_matcher : public subject_matcher<rank_matcher> {
  public:
    explicit rank_matcher(std::uint32_t rank) : rank_(rank) {}
    bool match(const subject_result& r, std::ostream* os) const {
        if (os != nullptr) {
            *os << "whose rank is "
                << (r.rank == no_rank ? std::string("none") : std::to_string(r.rank));
            if (!r.group.empty()) {
                *os << " in group " << r.group;
            }
            *os << not_evaluated(r);
        }
        return r.rank == rank_;
    }
    void DescribeTo(std::ostream* os) const { *os << "has rank " << rank_; }
    void DescribeNegationTo(std::ostream* os) const { *os << "does not have rank " << rank_; }

  private:
    std::uint32_t rank_;
};

class criterion_matcher : public subject_matcher<criterion_matcher> {
  public:
    criterion_matcher(std::string id, bool passed) : id_(std::move(id)), passed_(passed) {}
    bool match(const subject_result& r, std::ostream* os) const {
        const auto found = std::find_if(r.criteria.begin(), r.criteria.end(),
                                        [&](const criterion_result& c) { return c.id == id_; });
        if (found == r.criteria.end()) {
            if (os != nullptr) {
                *os << "which has no criterion \"" << id_ << "\"" << not_evaluated(r);
            }
            return false;
        }
        if (!found->assessed) {
            if (os != nullptr) {
                *os << "whose criterion \"" << id_ << "\" was not assessed" << not_evaluated(r);
            }
            return false;
        }
        if (os != nullptr) {
            *os << "whose criterion \"" << id_ << "\" " << (found->passed ? "passed" : "failed")
                << " (value " << found->value << ", points " << found->points << ")";
        }
        return found->passed == passed_;
    }
    void DescribeTo(std::ostream* os) const {
        *os << (passed_ ? "passed" : "failed") << " criterion \"" << id_ << "\"";
    }
    void DescribeNegationTo(std::ostream* os) const {
        *os << "did not " << (passed_ ? "pass" : "fail") << " criterion \"" << id_ << "\"";
    }

  private:
    std::string id_;
    bool passed_;
};

class action_matcher : public subject_matcher<action_matcher> {
  public:
    explicit action_matcher(std::string action) : action_(std::move(action)) {}
    bool match(const subject_result& r, std::ostream* os) const {
        if (os != nullptr) {
            *os << "whose action is " << or_none(r.action) << " (tier " << or_none(r.tier_id) << ")"
                << not_evaluated(r);
        }
        return r.action == action_;
    }
    void DescribeTo(std::ostream* os) const { *os << "has action \"" << action_ << "\""; }
    void DescribeNegationTo(std::ostream* os) const {
        *os << "does not have action \"" << action_ << "\"";
    }

  private:
    std::string action_;
};

/// The subjects of a rule diff whose tier changed (a subject that gains or loses its tier,
/// not evaluated or absent on one side, counts as moved).
class moves_matcher {
  public:
    using is_gtest_matcher = void;

    explicit moves_matcher(std::vector<std::string> subjects) : expected_(std::move(subjects)) {
        std::sort(expected_.begin(), expected_.end());
        expected_.erase(std::unique(expected_.begin(), expected_.end()), expected_.end());
    }

    bool MatchAndExplain(const rule_diff& diff, std::ostream* os) const {
        std::vector<const subject_change*> moved;
        for (const auto& change : diff.changes) {
            if (change.tier_changed()) {
                moved.push_back(&change);
            }
        }
        std::vector<std::string> missing;
        for (const auto& id : expected_) {
            if (std::none_of(moved.begin(), moved.end(),
                             [&](const subject_change* c) { return c->subject == id; })) {
                missing.push_back(id);
            }
        }
        std::vector<const subject_change*> extra;
        for (const auto* c : moved) {
            if (!std::binary_search(expected_.begin(), expected_.end(), c->subject)) {
                extra.push_back(c);
            }
        }
        if (os != nullptr) {
            if (!extra.empty()) {
                *os << "which also moves ";
                for (std::size_t i = 0; i < extra.size(); ++i) {
                    *os << (i == 0 ? "" : ", ") << extra[i]->subject << " ("
                        << or_none(extra[i]->old_tier) << " -> " << or_none(extra[i]->new_tier)
                        << ")";
                }
            }
            if (!missing.empty()) {
                *os << (extra.empty() ? "in which " : "; and in which ");
                for (std::size_t i = 0; i < missing.size(); ++i) {
                    *os << (i == 0 ? "" : ", ") << missing[i];
                }
                *os << (missing.size() == 1 ? " keeps its tier" : " keep their tiers");
            }
        }
        return extra.empty() && missing.empty();
    }

    void DescribeTo(std::ostream* os) const {
        *os << "moves exactly " << list() << " to another tier";
    }
    void DescribeNegationTo(std::ostream* os) const {
        *os << "does not move exactly " << list() << " to another tier";
    }

  private:
    [[nodiscard]] std::string list() const {
        if (expected_.empty()) {
            return "no subject";
        }
        std::string text;
        for (const auto& id : expected_) {
            text += (text.empty() ? "" : ", ") + id;
        }
        return text;
    }

    std::vector<std::string> expected_;
};

}  // namespace detail

/// The subject's tier id is `id` (the tier after quotas in a full evaluation; in a case,
/// the tier it qualifies for: see antq/rule_test.hpp).
[[nodiscard]] inline detail::tier_matcher has_tier(std::string id) {
    return detail::tier_matcher(std::move(id));
}

/// The subject's status is `s`.
[[nodiscard]] inline detail::status_matcher has_status(result_status s) {
    return detail::status_matcher(s);
}

/// The subject was evaluated and its (rounded) score is in [lo, hi].
[[nodiscard]] inline detail::score_matcher has_score_between(double lo, double hi) {
    return detail::score_matcher(lo, hi);
}

/// The subject's rank in its group is `rank` (1-based).
[[nodiscard]] inline detail::rank_matcher has_rank(std::uint32_t rank) {
    return detail::rank_matcher(rank);
}

/// The criterion was assessed and passed.
[[nodiscard]] inline detail::criterion_matcher passed_criterion(std::string id) {
    return detail::criterion_matcher(std::move(id), true);
}

/// The criterion was assessed and failed (a criterion not assessed neither passed nor
/// failed).
[[nodiscard]] inline detail::criterion_matcher failed_criterion(std::string id) {
    return detail::criterion_matcher(std::move(id), false);
}

/// The subject's tier has action `action` (`replicate`, `improve`, `dissolve`, ...).
[[nodiscard]] inline detail::action_matcher has_action(std::string action) {
    return detail::action_matcher(std::move(action));
}

/// A rule change (`diff_results`, `diff_rulebooks`) moves exactly these subjects to another
/// tier, no more and no fewer; a subject whose only change is its score or rank does not
/// count. `moves_exactly({})` says the change moves nobody.
[[nodiscard]] inline detail::moves_matcher moves_exactly(std::vector<std::string> subjects) {
    return detail::moves_matcher(std::move(subjects));
}
[[nodiscard]] inline detail::moves_matcher moves_exactly(
    std::initializer_list<std::string> subjects) {
    return detail::moves_matcher(std::vector<std::string>(subjects));
}

/// A test case written in C++, the same as a case under `tests:` in YAML.
class subject_case {
  public:
    /// A subject with this id.
    explicit subject_case(std::string id = "m1") { test_.subject["id"] = std::move(id); }

    subject_case& name(std::string text) {
        test_.name = std::move(text);
        return *this;
    }
    subject_case& period(std::string text) {
        test_.period = std::move(text);
        return *this;
    }
    /// `kind`, `topic`, `target_group`, `unit`, `unit_kind`, `name`, `days_active`.
    subject_case& attribute(std::string key, std::string value) {
        test_.subject[std::move(key)] = std::move(value);
        return *this;
    }
    subject_case& indicator(std::string id, double value) {
        return set(test_.indicators, std::move(id), value);
    }
    subject_case& indicator(std::string id, bool value) {
        return set(test_.indicators, std::move(id), value);
    }
    subject_case& indicator(std::string id, int value) {
        return set(test_.indicators, std::move(id), static_cast<double>(value));
    }
    subject_case& indicator(std::string id, std::string value) {
        return set(test_.indicators, std::move(id), std::move(value));
    }
    subject_case& indicator(std::string id, const char* value) {
        return indicator(std::move(id), std::string(value));
    }
    /// The indicator is missing (its `missing:` policy applies).
    subject_case& missing(std::string id) {
        test_.indicators[std::move(id)] = std::nullopt;
        return *this;
    }
    subject_case& previous(std::string id, double value) {
        return set(test_.previous, std::move(id), value);
    }
    subject_case& previous(std::string id, int value) {
        return set(test_.previous, std::move(id), static_cast<double>(value));
    }

    [[nodiscard]] const rulebook_test& test() const noexcept { return test_; }
    operator const rulebook_test&() const noexcept { return test_; }  // NOLINT: reads as a case

  private:
    template <class T>
    subject_case& set(std::map<std::string, test_value>& values, std::string id, T value) {
        values[std::move(id)] = test_value(std::in_place, std::move(value));
        return *this;
    }

    rulebook_test test_;
};

/// Evaluates one case with a tester (compiled once, reused across cases).
[[nodiscard]] inline subject_result evaluate_case(const rule_tester& rules,
                                                  const rulebook_test& test) {
    return rules.evaluate(test).subject;
}

/// Evaluates one case with a rulebook (compiled for this call).
[[nodiscard]] inline subject_result evaluate_case(const rulebook& book, const rulebook_test& test) {
    return rule_tester(book).evaluate(test).subject;
}

}  // namespace antq::test_kit
