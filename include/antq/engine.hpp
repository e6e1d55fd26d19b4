#pragma once

/// \file
/// Scoring engines: how the criteria of a rulebook become one score per subject.
///
/// What is scored (the criterion matrix of a cohort) is kept apart from how (an engine).
/// The public, non-virtual `score()` validates the input, calls the private virtual
/// `do_score()` and checks the output (one finite score per subject), so an engine writes
/// only the part that differs. Engines are immutable: one instance serves many threads.
///
/// Built-in engines (docs/engines.md has every formula): `weighted` (the default, points
/// as the rulebook spec reads them), `checklist` (pass/fail standards), `deduction` (start
/// from a base, take points off), `topsis` and `composite` (MCDA over the cohort).
///
/// Writing your own: derive from `scoring_engine`, implement `do_score`, `do_max_score`
/// and `name`, write a factory (an `engine_option_reader` validates its options), and
/// `add` it to an `engine_registry` that you hand to the rulebook compiler. No change to
/// the library, no global registrar: see examples/02_custom_engine.cpp.

#include <antq/criterion_vocabulary.hpp>
#include <antq/error.hpp>
#include <antq/language.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
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
/// subject `i` is at `c * subject_count + i`. `scores`, `values` and `assessed` each hold
/// `subject_count * criteria.size()` entries. A cohort may be empty (`subject_count` 0).
///
/// `scoring_engine::score` checks, before any engine sees it, that every criterion's
/// points and weight are finite and not negative, and that wherever `assessed` is set the
/// score is in [0, 1]; engines that read `values` (`topsis`, `composite`) check that the
/// assessed values of the criteria they read are finite. The pipeline makes a subject
/// whose expression failed an `error` result and leaves it out of the cohort. Entries that
/// are not assessed may hold anything (NaN by convention) and engines never read them.
struct engine_input {
    std::size_t subject_count = 0;
    std::span<const criterion_info> criteria;
    /// scored/penalty/bonus: the `score` expression clamped to [0, 1]; required/veto: 1 when
    /// passed, 0 when failed. NaN where `assessed` is 0.
    std::span<const double> scores;
    /// The unclamped `value` expression (MCDA engines); NaN where not assessed.
    std::span<const double> values;
    /// Not 0 when the criterion was assessed for the subject (0 when it read an indicator
    /// whose policy is `missing: exclude` and the value was missing).
    std::span<const std::uint8_t> assessed;

    [[nodiscard]] std::size_t at(std::size_t criterion, std::size_t subject) const noexcept {
        return criterion * subject_count + subject;
    }
};

/// Where an engine writes: one score per subject (`subject_count` entries), and per
/// criterion the points it contributed (column-major like the input; what `points(id)` and
/// explanations show).
///
/// Before `do_score` runs, `scoring_engine::score` sets every score to NaN (so a subject an
/// engine forgets is caught) and every contribution to 0 (so an engine writes only the
/// criteria it reads). Contributions are in the units of the score. For `weighted`,
/// `checklist` and `composite` with arithmetic aggregation they add up to the score; for
/// `deduction` they add up to score minus base (unless the floor was hit); for `topsis` and
/// geometric `composite` they are indicative (scale times normalised weight times the
/// subject's position on the criterion, 0 worst, 1 best). A criterion an engine does not
/// read contributes 0.
struct engine_output {
    std::span<double> scores;
    std::span<double> contributions;
};

/// One subject's result, handed to `scoring_engine::gap_analysis`.
struct gap_request {
    std::span<const criterion_info> criteria;
    /// Per criterion: what it contributed to the subject's score, and whether it was
    /// assessed (contributions of criteria not assessed are 0).
    std::span<const double> contributions;
    std::span<const std::uint8_t> assessed;
    double score = 0;
    /// The score of the next tier up (`score >= X`); NaN when that tier has no score band.
    double target = 0;
    language lang = language::vi;
};

class ANTQ_EXPORT scoring_engine {
  public:
    virtual ~scoring_engine();

    /// Validates `in` and `out` (sizes agree with `subject_count` and the criteria, and the
    /// checks listed at `engine_input`), prepares `out` (scores NaN, contributions 0),
    /// calls `do_score`, then checks every score and contribution is finite. Throws
    /// `usage_error` naming the engine and what is wrong when the input is malformed, and
    /// `engine_error` (antq/error.hpp) naming the engine and the subject (its index in the
    /// cohort, and the criterion for a contribution) when the engine produced a NaN or
    /// infinite number, or naming the engine and the exception's message when `do_score`
    /// threw something other than an `antq::error` or `std::bad_alloc` (those pass through
    /// as they are). `do_score` is called even for an empty cohort.
    void score(const engine_input& in, const engine_output& out) const;

    /// The maximum score the criteria can give (bonuses not counted), e.g. the points of
    /// the scored criteria for `weighted`, the option `scale` for `topsis`. Throws `error`
    /// naming the engine when it is not finite.
    [[nodiscard]] double max_score(std::span<const criterion_info> criteria) const;

    /// True when a subject's score depends on the other subjects of its cohort (TOPSIS,
    /// composite indices): the cohort is then every evaluated subject of the rulebook in
    /// the period, and results do not change with the order subjects are handed in.
    [[nodiscard]] virtual bool cohort_relative() const noexcept { return false; }

    /// False when the engine never reads criteria of this kind (they always contribute 0),
    /// so that `antq check` can warn about criteria that cannot change a score. Required
    /// and veto criteria still gate tiers whatever this says. Default: true.
    [[nodiscard]] virtual bool reads(criterion_kind kind) const noexcept {
        static_cast<void>(kind);
        return true;
    }

    /// True when the contributions add up to the score (up to a constant, like the base of
    /// `deduction`): a criterion short of full marks then costs the score exactly what it
    /// is short by, and explanations say "N more points needed" and "full marks on X would
    /// close the gap". False (the default, so that an engine that says nothing is not taken
    /// at its word) when they do not (`topsis`, geometric `composite`, a median): the
    /// explanation then names the criteria that failed and the score to reach, never a point
    /// shortfall per criterion, and shows what `gap_analysis` says.
    [[nodiscard]] virtual bool additive() const noexcept { return false; }

    /// An engine's own account of what would lift one subject to `request.target`, for
    /// explanations (lines of text in `request.lang`, each a sentence). Called only when
    /// explaining with the compiled rulebooks at hand (`explain_context::rules`), never on
    /// the evaluation's hot path. Default: nothing (the explanation says only that the
    /// engine's score does not add up by criterion).
    [[nodiscard]] virtual std::vector<std::string> gap_analysis(const gap_request& request) const {
        static_cast<void>(request);
        return {};
    }

    /// The engine's registered name.
    [[nodiscard]] virtual std::string_view name() const noexcept = 0;

  private:
    virtual void do_score(const engine_input& in, const engine_output& out) const = 0;
    [[nodiscard]] virtual double do_max_score(std::span<const criterion_info> criteria) const = 0;
};

/// Makes an engine from a version's `engine_options` and criteria. Reports problems with
/// the options into `problems` (with the place of the offending key) and returns null.
/// Problems that are not about one key (e.g. no criterion the engine can read) are
/// reported at `options.where`. A factory may be called from several threads at once.
using engine_factory = std::function<std::shared_ptr<const scoring_engine>(
    const engine_options& options, std::span<const criterion_info> criteria,
    diagnostic_list& problems)>;

/// Engines by name. Users add their own by an explicit call; the built-ins are added the
/// same way by `register_builtin_engines`.
class ANTQ_EXPORT engine_registry {
  public:
    /// Adds or replaces an engine. Names are `[a-z0-9_-]+`; throws `usage_error` for any
    /// other name and for an empty factory.
    void add(std::string name, engine_factory factory);
    /// The factory registered under `name`, or null. The pointer stays valid until the
    /// registry is changed or destroyed.
    [[nodiscard]] const engine_factory* find(std::string_view name) const;
    /// Registered names, sorted.
    [[nodiscard]] std::vector<std::string> names() const;

  private:
    std::vector<std::pair<std::string, engine_factory>> entries_;
};

/// Adds `weighted`, `checklist`, `deduction`, `topsis` and `composite` (replacing engines
/// of those names already there).
ANTQ_EXPORT void register_builtin_engines(engine_registry& registry);

/// A registry holding the built-in engines only (built on first use, thread-safe). To add
/// your own, copy it (`engine_registry mine = builtin_engines();`) and `add` to the copy.
[[nodiscard]] ANTQ_EXPORT const engine_registry& builtin_engines();

/// Reads an engine's `engine_options` and reports problems the way the built-in engines
/// do, each at the place of its key (or of the options when the key has none):
///
///     rules.yaml:12:21: error: unknown option 'scal' for engine 'topsis' (did you mean 'scale'?)
///     rules.yaml:12:21: error: option 'scale' of engine 'topsis' must be a number, not a text
///
/// A factory makes one, says which keys it knows, reads them, and returns null when `ok()`
/// is false. It refers to `options` and `problems`, which must outlive it.
class ANTQ_EXPORT engine_option_reader {
  public:
    /// Reports at once when the options are neither a mapping nor null (null reads as empty).
    engine_option_reader(std::string_view engine, const engine_options& options,
                         diagnostic_list& problems);

    /// Reports every key not in `known`, suggesting the closest known key when one is near.
    void allow_only(std::initializer_list<std::string_view> known);

    /// The value under `key`, or null when absent.
    [[nodiscard]] const nlohmann::json* find(std::string_view key) const;

    /// The number under `key`, or `fallback` when absent. Reports (and returns `fallback`)
    /// when it is not a finite number.
    [[nodiscard]] double number(std::string_view key, double fallback);

    /// The text under `key`, or `fallback` when absent. Reports (and returns `fallback`)
    /// when it is not one of `choices`, suggesting the closest one.
    [[nodiscard]] std::string choice(std::string_view key, std::string_view fallback,
                                     std::initializer_list<std::string_view> choices);

    /// Reports `option '<key>' of engine '<engine>' <message>` at the key's place.
    void report(std::string_view key, std::string_view message);
    /// Reports `engine '<engine>' <message>` at the place of the options.
    void report(std::string_view message);

    /// Where `key` was written, or where the options were when it was not.
    [[nodiscard]] source_location where(std::string_view key) const;
    /// True while this reader has reported no error.
    [[nodiscard]] bool ok() const noexcept { return ok_; }
    [[nodiscard]] std::string_view engine() const noexcept { return engine_; }

    /// How messages name the type of a value: `number`, `text`, `boolean`, `list`,
    /// `mapping`, `null`.
    [[nodiscard]] static std::string_view type_name(const nlohmann::json& value) noexcept;
    /// ` (did you mean 'x'?)` for the candidate closest to `name` when one is near enough,
    /// else empty.
    [[nodiscard]] static std::string did_you_mean(std::string_view name,
                                                  std::span<const std::string_view> candidates);

  private:
    std::string engine_;
    const engine_options& options_;
    diagnostic_list& problems_;
    bool ok_ = true;
};

}  // namespace antq
