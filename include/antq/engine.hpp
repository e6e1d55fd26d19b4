#pragma once

/// \file
/// Scoring engines: how the criteria of a rulebook become one score per subject.
///
/// What is scored (the criterion matrix of a cohort) is kept apart from how (an engine).
/// The public, non-virtual `score()` validates the input, calls the private virtual
/// `do_score()` and checks the output (one finite score per subject), so an engine writes
/// only the part that differs. Engines are immutable: one instance serves many threads.

#include <antq/error.hpp>
#include <antq/rulebook.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// What an engine knows about one criterion.
struct criterion_info {
    std::string id;
    criterion_kind kind = criterion_kind::scored;
    double points = 0;
    double weight = 0;  ///< the criterion's `weight`, or its points when none was given
    criterion_direction direction = criterion_direction::benefit;
};

/// The criterion matrix of one cohort, column-major: the entry of criterion `c` for
/// subject `i` is at `c * subject_count + i`.
struct engine_input {
    std::size_t subject_count = 0;
    std::span<const criterion_info> criteria;
    /// scored/penalty/bonus: the `score` expression clamped to [0, 1]; required/veto: 1 when
    /// passed, 0 when failed. NaN where `assessed` is 0.
    std::span<const double> scores;
    /// The unclamped `value` expression (MCDA engines); NaN where not assessed.
    std::span<const double> values;
    /// 1 when the criterion was assessed for the subject (0 when it read an indicator whose
    /// policy is `missing: exclude` and the value was missing).
    std::span<const std::uint8_t> assessed;

    [[nodiscard]] std::size_t at(std::size_t criterion, std::size_t subject) const noexcept {
        return criterion * subject_count + subject;
    }
};

/// Where an engine writes: one score per subject, and per criterion the points it
/// contributed (column-major like the input; what "points(id)" and explanations show).
struct engine_output {
    std::span<double> scores;
    std::span<double> contributions;
};

class ANTQ_EXPORT scoring_engine {
public:
    virtual ~scoring_engine();

    /// Validates `in` (sizes agree), calls `do_score`, then checks every score is finite.
    /// Throws `usage_error` naming the engine when the input is malformed, and `error`
    /// when the engine produced a NaN or infinite score.
    void score(const engine_input& in, const engine_output& out) const;

    /// The maximum score the criteria can give (bonuses not counted), e.g. the points of
    /// the scored criteria for `weighted`, 1 for `topsis`.
    [[nodiscard]] double max_score(std::span<const criterion_info> criteria) const;

    /// True when a subject's score depends on the other subjects of its cohort (TOPSIS,
    /// composite indices): the cohort is then every evaluated subject of the rulebook in
    /// the period, and results do not change with the order subjects are handed in.
    [[nodiscard]] virtual bool cohort_relative() const noexcept { return false; }

    /// The engine's registered name.
    [[nodiscard]] virtual std::string_view name() const noexcept = 0;

private:
    virtual void do_score(const engine_input& in, const engine_output& out) const = 0;
    [[nodiscard]] virtual double do_max_score(std::span<const criterion_info> criteria) const = 0;
};

/// Makes an engine from a version's `engine_options` and criteria. Reports problems with
/// the options into `problems` (with the place of the offending key) and returns null.
using engine_factory = std::function<std::shared_ptr<const scoring_engine>(
    const engine_options& options, std::span<const criterion_info> criteria,
    diagnostic_list& problems)>;

/// Engines by name. Users add their own by an explicit call; the built-ins are added the
/// same way by `register_builtin_engines`.
class ANTQ_EXPORT engine_registry {
public:
    /// Adds or replaces an engine. Names are `[a-z0-9_-]+`; throws `usage_error` otherwise.
    void add(std::string name, engine_factory factory);
    [[nodiscard]] const engine_factory* find(std::string_view name) const;
    /// Registered names, sorted.
    [[nodiscard]] std::vector<std::string> names() const;

private:
    std::vector<std::pair<std::string, engine_factory>> entries_;
};

/// Adds `weighted`, `checklist`, `deduction`, `topsis` and `composite`.
ANTQ_EXPORT void register_builtin_engines(engine_registry& registry);

/// A registry holding the built-in engines only (built on first use).
[[nodiscard]] ANTQ_EXPORT const engine_registry& builtin_engines();

}  // namespace antq
