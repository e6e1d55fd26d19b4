// antq/serialization.hpp used directly, with Boost archives of one's own: the free
// functions are found, every member is a named XML element, dates are ISO text, and loading
// works without the container's limits. And a guard for the persisted types' members.

#include <antq/serialization.hpp>

#include "persistence/expect_samples.hpp"
#include "persistence/samples.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_iarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>

#include <sstream>
#include <string>

namespace antq {
namespace {

TEST(serialization, a_model_is_named_xml_with_iso_dates) {
    const dataset d = test_support::sample_dataset();
    std::ostringstream out;
    {
        boost::archive::xml_oarchive ar(out);
        ar << boost::serialization::make_nvp("model", d.registry.models()[1]);
    }
    const std::string xml = out.str();
    EXPECT_THAT(xml, ::testing::HasSubstr("<id>m2</id>"));
    EXPECT_THAT(xml, ::testing::HasSubstr(
                         "<name>Tổ tự quản &lt;Vĩnh Lộc&gt; &amp; &quot;bến đò&quot;</name>"));
    EXPECT_THAT(xml, ::testing::HasSubstr("<established>2022-05-15</established>"));
    EXPECT_THAT(xml, ::testing::HasSubstr("<ended>2024-06-30</ended>"));
    EXPECT_THAT(xml, ::testing::HasSubstr("<replicated_from>m1</replicated_from>"));

    std::istringstream in(xml);
    boost::archive::xml_iarchive ar(in);
    model loaded;
    ar >> boost::serialization::make_nvp("model", loaded);
    EXPECT_EQ(loaded, d.registry.models()[1]);
}

TEST(serialization, a_whole_dataset_loads_from_an_archive_of_ones_own) {
    std::stringstream buffer;
    {
        boost::archive::text_oarchive ar(buffer);
        const dataset d = test_support::sample_dataset();
        ar << d;
    }
    boost::archive::text_iarchive ar(buffer);
    dataset loaded;
    ar >> loaded;
    test_support::expect_sample_dataset(loaded);
}

TEST(serialization, a_snapshot_loads_from_an_archive_of_ones_own) {
    std::stringstream buffer;
    {
        boost::archive::xml_oarchive ar(buffer);
        const snapshot s = test_support::sample_snapshot();
        ar << boost::serialization::make_nvp("snapshot", s);
    }
    boost::archive::xml_iarchive ar(buffer);
    snapshot loaded;
    ar >> boost::serialization::make_nvp("snapshot", loaded);
    test_support::expect_sample_snapshot(loaded);
}

// Class version 1 of the results header and its summaries: what explanations read (a
// criterion's note, condition and veto cap; a quota's share, group and `relative_to`; the
// engine and whether it is additive) comes back from an archive.
TEST(serialization, the_explained_fields_of_a_results_header_load_back) {
    results_header h;
    h.rulebook = "r";
    h.criteria.push_back({"v", "Phủ quyết", "", "Điều 7", criterion_kind::veto, 0, "Tự báo cáo",
                          "disciplined == 0", 1});
    tier_summary top;
    top.id = "tot";
    top.has_quota = true;
    top.quota_share = 0.3;
    top.quota_within = "commune";
    top.quota_relative_to = 1;
    h.tiers = {top, tier_summary{}};
    h.engine = "topsis";
    h.additive = false;
    std::stringstream buffer;
    {
        boost::archive::xml_oarchive ar(buffer);
        ar << boost::serialization::make_nvp("header", h);
    }
    boost::archive::xml_iarchive ar(buffer);
    results_header loaded;
    ar >> boost::serialization::make_nvp("header", loaded);
    EXPECT_EQ(loaded, h);
    EXPECT_EQ(loaded.criteria[0].note, "Tự báo cáo");
    EXPECT_EQ(loaded.criteria[0].caps_at, 1);
    EXPECT_EQ(loaded.tiers[0].quota_within, "commune");
    EXPECT_FALSE(loaded.additive);
}

TEST(serialization, a_date_that_does_not_parse_is_invalid_content) {
    std::ostringstream out;
    {
        boost::archive::xml_oarchive ar(out);
        const exemplar e{"e1", "An", exemplar_kind::individual, "v1", date(2023, 11, 20)};
        ar << boost::serialization::make_nvp("exemplar", e);
    }
    std::string xml = out.str();
    const std::string good = "<recognized>2023-11-20</recognized>";
    xml.replace(xml.find(good), good.size(), "<recognized>2023-13-45</recognized>");
    std::istringstream in(xml);
    boost::archive::xml_iarchive ar(in);
    exemplar loaded;
    try {
        ar >> boost::serialization::make_nvp("exemplar", loaded);
        FAIL() << "loaded a bad date";
    } catch (const corrupt_file_error& e) {
        EXPECT_EQ(std::string(e.what()), "'2023-13-45' is not a date");
    }
}

TEST(serialization, an_exemplars_links_round_trip) {
    exemplar e{"e1", "An", exemplar_kind::collective, "v1", date(2024, 8, 19)};
    e.models = {"m1", "m2"};
    e.leads = {"m3"};
    std::ostringstream out;
    {
        boost::archive::xml_oarchive ar(out);
        ar << boost::serialization::make_nvp("exemplar", e);
    }
    std::istringstream in(out.str());
    boost::archive::xml_iarchive ar(in);
    exemplar loaded;
    ar >> boost::serialization::make_nvp("exemplar", loaded);
    EXPECT_EQ(loaded, e);
}

TEST(serialization, a_saved_id_order_is_checked_when_results_are_rebuilt) {
    const rulebook_results sample = test_support::sample_results();
    EXPECT_EQ(std::vector<std::uint32_t>(sample.rows_by_id().begin(), sample.rows_by_id().end()),
              (std::vector<std::uint32_t>{0, 1, 2}));
    const auto rebuild = [&](std::vector<std::uint32_t> order) {
        try {
            (void)rulebook_results(sample.header(), sample.columns(), std::move(order));
        } catch (const usage_error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_EQ(rebuild({0, 1, 2}), "accepted");
    EXPECT_EQ(rebuild({0, 2, 1}), "the id order of the results is not sorted at position 2");
    EXPECT_EQ(rebuild({0, 0, 1}), "the id order of the results does not list every row once");
    EXPECT_EQ(rebuild({0, 1, 7}), "the id order of the results does not list every row once");
    EXPECT_EQ(rebuild({0, 1}), "the id order of the results has 2 rows, expected 3");
}

#if defined(__x86_64__) && defined(__GLIBCXX__)
// When one of these sizes changes, a member was added to (or removed from) a persisted type:
// save it in the type's serialize function (appended, BOOST_CLASS_VERSION bumped, read under
// `if (version >= N)`; see docs/design/persistence.md), add a golden set, then update the
// size here. Sizes are those of x86-64 with libstdc++.
TEST(serialization, persisted_types_have_the_members_their_serialization_knows) {
    EXPECT_EQ(sizeof(unit), 152U);
    EXPECT_EQ(sizeof(model), 240U);
    EXPECT_EQ(sizeof(exemplar), 160U);
    EXPECT_EQ(sizeof(observation_column), 112U);
    EXPECT_EQ(sizeof(dataset), 144U);
    EXPECT_EQ(sizeof(decision), 296U);
    EXPECT_EQ(sizeof(result_decision), 312U);
    EXPECT_EQ(sizeof(criterion_summary), 216U);
    EXPECT_EQ(sizeof(tier_summary), 296U);
    EXPECT_EQ(sizeof(results_header), 344U);
    EXPECT_EQ(sizeof(results_columns), 568U);
    EXPECT_EQ(sizeof(evaluation), 168U);
    EXPECT_EQ(sizeof(skipped_rulebook), 104U);
    EXPECT_EQ(sizeof(text_column), 56U);
    EXPECT_EQ(sizeof(snapshot), 176U);
}
#endif

}  // namespace
}  // namespace antq
