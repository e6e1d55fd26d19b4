#pragma once

// The keys of the rulebook format, section by section: the one description of the schema.
// - The reader (reader.cpp) accepts exactly these keys in each mapping (any other is an
//   error suggesting the closest of them) and requires those marked `required`.
// - The writer (writer.cpp), whose text is what a rulebook's hash and its archives hold,
//   must write every field back unless it is at `when_absent`: a field it forgot would
//   drop out of the hash. tests/rules/rulebook_schema_test.cpp reads every rulebook we ship
//   or test with, walks each mapping by this table, and fails on a key the written form
//   lost, on a key of the table no rulebook uses, and on a key docs/rulebooks.md does not
//   document.
// A key added to the format is added here first; the test then says what else needs it.

#include <span>
#include <string_view>

namespace antq::detail::rules {

/// One key of one section.
struct schema_field {
    std::string_view key;
    /// What leaving the key out means, as its value would be written (`error` for an
    /// indicator's `missing`); empty when leaving it out means an empty text, list or
    /// mapping, or nothing at all (an optional number, a section with no entries).
    std::string_view when_absent = {};
    /// The section each value of the key is (`criterion` for the entries of `criteria`);
    /// empty for a plain value or a mapping of ids to plain values.
    std::string_view holds = {};
    /// How the key's value holds that section: one mapping, a list of them, or a mapping of
    /// ids to them.
    enum class shape { one, list, by_id } holds_as = shape::one;
    bool required = false;
};

using field_shape = schema_field::shape;

/// A section: a kind of mapping of the format, with its keys in the order they are written.
struct schema_section {
    std::string_view name;
    std::span<const schema_field> fields;
};

inline constexpr schema_field rulebook_fields[] = {
    {.key = "antq", .required = true},
    {.key = "id"},
    {.key = "title"},
    {.key = "subject", .required = true},
    {.key = "applies_to"},
    {.key = "period", .when_absent = "calendar-year", .holds = "period"},
    {.key = "note"},
    {.key = "versions", .holds = "version", .holds_as = field_shape::list},
    {.key = "tests", .holds = "test", .holds_as = field_shape::list},
};
inline constexpr schema_field period_fields[] = {
    {.key = "year_starts", .when_absent = "01-01", .required = true},
};
inline constexpr schema_field version_fields[] = {
    {.key = "version"},
    {.key = "effective"},
    {.key = "engine", .when_absent = "weighted"},
    {.key = "engine_options"},
    {.key = "basis"},
    {.key = "note"},
    {.key = "rounding", .holds = "rounding"},
    {.key = "max_score"},
    {.key = "eligibility", .holds = "eligibility"},
    {.key = "parameters"},
    {.key = "indicators", .holds = "indicator", .holds_as = field_shape::by_id},
    {.key = "derived"},
    {.key = "criteria", .holds = "criterion", .holds_as = field_shape::list},
    {.key = "tiers", .holds = "tier", .holds_as = field_shape::list},
    {.key = "ranking", .holds = "ranking"},
    {.key = "rollups", .holds = "rollup", .holds_as = field_shape::by_id},
};
inline constexpr schema_field rounding_fields[] = {
    {.key = "digits", .when_absent = "2"},
};
inline constexpr schema_field eligibility_fields[] = {
    {.key = "min_active_days"},
    {.key = "min_active_months"},
};
inline constexpr schema_field indicator_fields[] = {
    {.key = "type", .required = true},
    {.key = "missing", .when_absent = "error"},
    {.key = "title"},
    {.key = "by_type", .when_absent = "false"},
};
inline constexpr schema_field criterion_fields[] = {
    {.key = "id"},
    {.key = "title"},
    {.key = "group"},
    {.key = "basis"},
    {.key = "note"},
    {.key = "kind", .required = true},
    {.key = "points", .when_absent = "0"},
    {.key = "when"},
    {.key = "score"},
    {.key = "weight"},
    {.key = "direction", .when_absent = "benefit"},
    {.key = "value"},
    {.key = "caps_at"},
};
inline constexpr schema_field tier_fields[] = {
    {.key = "id"},
    {.key = "label"},
    {.key = "when"},
    {.key = "requires"},
    {.key = "quota", .holds = "quota"},
    {.key = "action"},
    {.key = "action_when"},
    {.key = "otherwise"},
};
inline constexpr schema_field quota_fields[] = {
    {.key = "max_share", .required = true},
    {.key = "within", .when_absent = "all"},
    {.key = "relative_to"},
};
inline constexpr schema_field ranking_fields[] = {
    {.key = "within", .when_absent = "all"},
    {.key = "by"},
    {.key = "order"},
    {.key = "method", .when_absent = "competition"},
};
inline constexpr schema_field rollup_fields[] = {
    {.key = "from"},
    {.key = "over"},
    {.key = "value"},
    {.key = "on_error", .when_absent = "incomplete"},
    {.key = "tiers", .when_absent = "decided"},
};
inline constexpr schema_field test_fields[] = {
    {.key = "name"},       {.key = "period"},   {.key = "subject"},
    {.key = "indicators"}, {.key = "previous"}, {.key = "expect", .holds = "expect"},
};
inline constexpr schema_field expect_fields[] = {
    {.key = "status"}, {.key = "tier"},   {.key = "action"}, {.key = "score"},
    {.key = "passed"}, {.key = "failed"}, {.key = "rank"},
};
/// A file of test cases kept beside its rulebook (`X.cases.yaml`): not part of a rulebook,
/// so not written by the writer.
inline constexpr schema_field cases_fields[] = {
    {.key = "antq"},
    {.key = "rulebook"},
    {.key = "tests", .holds = "test", .holds_as = field_shape::list, .required = true},
};

/// Every section of a rulebook; `rulebook` is the document itself.
inline constexpr schema_section schema_sections[] = {
    {"rulebook", rulebook_fields},
    {"period", period_fields},
    {"version", version_fields},
    {"rounding", rounding_fields},
    {"eligibility", eligibility_fields},
    {"indicator", indicator_fields},
    {"criterion", criterion_fields},
    {"tier", tier_fields},
    {"quota", quota_fields},
    {"ranking", ranking_fields},
    {"rollup", rollup_fields},
    {"test", test_fields},
    {"expect", expect_fields},
};

}  // namespace antq::detail::rules
