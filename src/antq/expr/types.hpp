#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace antq::detail::expr {

/// The static type of an expression, a name or an input column.
enum class value_type : std::uint8_t { number, boolean, text };

/// "a number", "a boolean" or "a text": the type with its article, for messages.
constexpr std::string_view describe(value_type type) noexcept {
    switch (type) {
        case value_type::number:
            return "a number";
        case value_type::boolean:
            return "a boolean";
        case value_type::text:
            return "a text";
    }
    return "a value";
}

/// Longest accepted expression, in bytes. Longer text is rejected before it is read.
inline constexpr std::size_t max_expression_length = 10'000;

/// Deepest accepted nesting. Each parenthesis, function call, `in` list, unary `-` or `not`,
/// and `?:` adds a level; chains of binary operators (`a + b + c`) do not.
inline constexpr std::size_t max_nesting_depth = 64;

/// How far back previous(x, n) reaches, and how many periods sum_last(x, n) and
/// count_last(c, n) cover (the current one and n - 1 before it). Ten years of annual
/// reports is more history than any rule of the movement asks for ("2 năm liền", "3 năm
/// liền"); the cap also bounds how many earlier periods an evaluation matches.
inline constexpr std::uint32_t max_periods_back = 10;

/// A problem found in an expression.
struct error {
    /// 1-based position within the expression text, counted in characters (Unicode code
    /// points), not bytes, so that it matches what an editor shows.
    std::size_t column = 0;
    /// Lower-case and specific, without the position: "unknown name 'crime' (did you mean
    /// 'crimes'?)".
    std::string message;

    friend bool operator==(const error&, const error&) = default;
};

/// Either a value or a failure, in the spirit of C++23's std::expected. Accessing the side
/// that is not held throws std::bad_variant_access.
template <class T, class E>
class outcome {
  public:
    outcome(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    outcome(E failure) : state_(std::in_place_index<1>, std::move(failure)) {}

    /// True when a value is held.
    bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    /// The failure; only when has_value() is false.
    const E& error() const& { return std::get<1>(state_); }
    E&& error() && { return std::get<1>(std::move(state_)); }

  private:
    std::variant<T, E> state_;
};

}  // namespace antq::detail::expr
