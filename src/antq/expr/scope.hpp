#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "antq/expr/types.hpp"

namespace antq::detail::expr {

/// What a name means: its type and the input column (slot) that holds its values.
struct symbol {
    value_type type = value_type::number;
    /// Index into the batch_inputs given to program::run and interpret.
    std::uint32_t slot = 0;

    friend bool operator==(const symbol&, const symbol&) = default;
};

/// The per-criterion functions, whose argument is a bare criterion id.
enum class criterion_function : std::uint8_t {
    passed,  ///< boolean: whether the criterion passed
    points,  ///< number: the points it earned
    value,   ///< number: its unclamped value
};

/// "passed", "points" or "value".
std::string_view name_of(criterion_function function) noexcept;

/// The result type of a criterion function: boolean for passed, number otherwise.
value_type type_of(criterion_function function) noexcept;

/// The names an expression may use, given by whoever compiles it (a version's indicators
/// and derived values, a tier's score...). Names resolve to slots once, at compile time.
class scope {
  public:
    virtual ~scope() = default;

    /// A plain name, or nullopt when it is not known here.
    virtual std::optional<symbol> find(std::string_view name) const = 0;

    /// The value of `name` `periods_back` periods before the current one (1 to
    /// max_periods_back), for previous(name, periods_back) and for the earlier periods that
    /// sum_last() and count_last() read. The default knows none, which makes previous() an
    /// error "previous() is not available here".
    virtual std::optional<symbol> find_previous(std::string_view name,
                                                std::uint32_t periods_back) const;

    /// The tier the same rulebook gave the subject `periods_back` periods before the current
    /// one (a text, the tier id; missing when it had none), for previous_tier(n). The default
    /// knows none, which makes previous_tier() unavailable.
    virtual std::optional<symbol> find_previous_tier(std::uint32_t periods_back) const;

    /// passed(id), points(id) or value(id). The symbol's type must be type_of(function).
    /// The default knows none, which makes these functions unavailable.
    virtual std::optional<symbol> find_criterion(criterion_function function,
                                                 std::string_view id) const;

    /// Every plain name, for "did you mean" suggestions. The default is empty.
    virtual std::vector<std::string> names() const;

    /// Every criterion id, for suggestions after an unknown criterion. The default is empty.
    virtual std::vector<std::string> criterion_ids() const;

  protected:
    scope() = default;
    scope(const scope&) = default;
    scope& operator=(const scope&) = default;
};

/// Interns texts: each distinct text gets a small integer id, starting at 0. Text literals and
/// text columns must use the ids of the same pool, stored in columns as doubles (exact, since
/// ids are below 2^32). Not thread-safe for writers; lookups may run concurrently.
class string_pool {
  public:
    /// The id of `text`, adding it when new.
    std::uint32_t intern(std::string_view text);

    /// The id of `text`, or nullopt when it was never interned.
    std::optional<std::uint32_t> find(std::string_view text) const;

    /// The text of an id returned by intern. Precondition: id < size().
    const std::string& text(std::uint32_t id) const;

    /// How many distinct texts are interned.
    std::size_t size() const noexcept { return texts_.size(); }

  private:
    struct text_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept {
            return std::hash<std::string_view>{}(text);
        }
    };

    std::vector<std::string> texts_;
    std::unordered_map<std::string, std::uint32_t, text_hash, std::equal_to<>> ids_;
};

}  // namespace antq::detail::expr
