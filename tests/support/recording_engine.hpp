#pragma once

/// \file
/// A test double of the scoring-engine extension point: it records every input it is
/// handed (and the options its factory saw) and returns a configurable score, so tests of
/// the pipeline can check what reaches an engine and tests of engines' shared checks can
/// make an engine misbehave on purpose.
///
/// Unlike real engines it has state (the records), guarded by a mutex so that one
/// instance can still be used from several threads at once.

#include <antq/engine.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antq::test_support {

/// A copy of one `engine_input`, owning its data.
struct recorded_input {
    std::size_t subject_count = 0;
    std::vector<antq::criterion_info> criteria;
    std::vector<double> scores;
    std::vector<double> values;
    std::vector<std::uint8_t> assessed;

    /// The clamped score of criterion `criterion` for `subject` (NaN when not assessed).
    [[nodiscard]] double score(std::size_t criterion, std::size_t subject) const {
        return scores.at(criterion * subject_count + subject);
    }
    [[nodiscard]] double value(std::size_t criterion, std::size_t subject) const {
        return values.at(criterion * subject_count + subject);
    }
    [[nodiscard]] bool is_assessed(std::size_t criterion, std::size_t subject) const {
        return assessed.at(criterion * subject_count + subject) != 0;
    }
};

class recording_engine final : public antq::scoring_engine {
  public:
    /// The score of one subject, computed from the whole input.
    using score_function = std::function<double(const antq::engine_input&, std::size_t subject)>;
    /// The contribution of one criterion for one subject.
    using contribution_function = std::function<double(const antq::engine_input&,
                                                       std::size_t criterion, std::size_t subject)>;

    explicit recording_engine(std::string name = "recording") : name_(std::move(name)) {}

    /// Every subject gets `score` (may be NaN or infinite, to test the shared checks).
    recording_engine& returns(double score) {
        score_ = [score](const antq::engine_input&, std::size_t) { return score; };
        return *this;
    }
    recording_engine& returns(score_function f) {
        score_ = std::move(f);
        return *this;
    }
    /// Contributions written for every (criterion, subject); by default none are written,
    /// so they stay 0.
    recording_engine& contributes(contribution_function f) {
        contribution_ = std::move(f);
        return *this;
    }
    recording_engine& with_max_score(double max) {
        max_score_ = max;
        return *this;
    }
    recording_engine& with_cohort_relative(bool relative) {
        cohort_relative_ = relative;
        return *this;
    }

    [[nodiscard]] bool cohort_relative() const noexcept override { return cohort_relative_; }
    [[nodiscard]] std::string_view name() const noexcept override { return name_; }

    /// Every input handed to `score`, in call order.
    [[nodiscard]] std::vector<recorded_input> inputs() const {
        const std::scoped_lock lock(mutex_);
        return inputs_;
    }
    [[nodiscard]] std::size_t call_count() const {
        const std::scoped_lock lock(mutex_);
        return inputs_.size();
    }
    /// The last input handed to `score`; throws `std::out_of_range` before the first call.
    [[nodiscard]] recorded_input last_input() const {
        const std::scoped_lock lock(mutex_);
        return inputs_.at(inputs_.size() - 1);
    }
    /// The `engine_options::values` each factory call handed over, in call order.
    [[nodiscard]] std::vector<nlohmann::json> options_seen() const {
        const std::scoped_lock lock(mutex_);
        return options_;
    }

    /// A factory that records the options it is handed and returns `engine` itself, so a
    /// test can register it under any name and inspect it afterwards.
    [[nodiscard]] static antq::engine_factory factory(std::shared_ptr<recording_engine> engine) {
        return [engine = std::move(engine)](const antq::engine_options& options,
                                            std::span<const antq::criterion_info>,
                                            antq::diagnostic_list&) {
            {
                const std::scoped_lock lock(engine->mutex_);
                engine->options_.push_back(options.values);
            }
            return std::shared_ptr<const antq::scoring_engine>(engine);
        };
    }

  private:
    void do_score(const antq::engine_input& in, const antq::engine_output& out) const override {
        record(in);
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            out.scores[i] = score_(in, i);
        }
        if (!contribution_) {
            return;
        }
        for (std::size_t c = 0; c < in.criteria.size(); ++c) {
            for (std::size_t i = 0; i < in.subject_count; ++i) {
                out.contributions[in.at(c, i)] = contribution_(in, c, i);
            }
        }
    }

    [[nodiscard]] double do_max_score(std::span<const antq::criterion_info>) const override {
        return max_score_;
    }

    void record(const antq::engine_input& in) const {
        recorded_input copy{in.subject_count,
                            {in.criteria.begin(), in.criteria.end()},
                            {in.scores.begin(), in.scores.end()},
                            {in.values.begin(), in.values.end()},
                            {in.assessed.begin(), in.assessed.end()}};
        const std::scoped_lock lock(mutex_);
        inputs_.push_back(std::move(copy));
    }

    std::string name_;
    score_function score_ = [](const antq::engine_input&, std::size_t) { return 0.0; };
    contribution_function contribution_;
    double max_score_ = 100;
    bool cohort_relative_ = false;

    mutable std::mutex mutex_;
    mutable std::vector<recorded_input> inputs_;
    mutable std::vector<nlohmann::json> options_;
};

}  // namespace antq::test_support
