#pragma once

// What the toolkit's HTML outputs share (the report, the sensitivity page): a page written
// piece by piece with every text escaped, and the colour of a tier in charts, so that a tier
// looks the same in every chart antq draws.

#include <antq/report.hpp>

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace antq::detail {

/// An HTML page under construction: markup is added as it is, text always escaped.
class html_page {
  public:
    void raw(std::string_view html) { out_.append(html); }
    void text(std::string_view t) { out_ += html_escape(t); }
    /// `<tag attributes>escaped text</tag>`
    void element(std::string_view tag, std::string_view t, std::string_view attributes = {}) {
        out_ += fmt::format("<{}{}{}>", tag, attributes.empty() ? "" : " ", attributes);
        text(t);
        out_ += fmt::format("</{}>", tag);
    }
    [[nodiscard]] std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

/// The colour of tier `tier` of `tiers` (top first): top green, last red, the others between.
[[nodiscard]] inline std::string tier_color(std::size_t tier, std::size_t tiers) {
    const double position =
        tiers <= 1 ? 0.0 : static_cast<double>(tier) / static_cast<double>(tiers - 1);
    return fmt::format("hsl({:.0f},55%,42%)", 120.0 * (1.0 - position));
}

}  // namespace antq::detail
