// The model-type catalogue (model-types.csv) and unit attributes: read from CSV and JSON,
// written back, archived, hashed only when given, and every bad row named by its place.

#include <antq/archive.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>

#include "support/scratch_path.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace antq {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

class model_types_test : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = test_support::scratch_path("model-types");
        fs::create_directories(dir_);
        write("units.csv",
              "id,kind,name,parent,attributes\nqt,commune,Xã Quảng Trung,,\n"
              "ch,village,Thôn Công Hòa,qt,ven-song\nct,village,Thôn Cao Cựu,qt,\n");
        write("models.csv",
              "id,name,type,topic,target_group,unit,established,ended,replicated_from\n"
              "m1,Đường thủy,duong-thuy,giao-thong-thuy,,ch,2020-01-01,,\n"
              "m2,Thôn an toàn,thon-an-toan,an-ninh-trat-tu,,ct,2020-01-01,,\n");
        write("observations.csv",
              "subject,period,crimes,drug_users,patrols\nm1,2024,0,,40\nm2,2024,1,2,30\n");
    }

    void write(const std::string& name, const std::string& content) const {
        std::ofstream out(dir_ / name, std::ios::binary);
        out << content;
    }

    void write_catalogue() const {
        write("model-types.csv",
              "type,name,topic,indicators,unit_attributes\n"
              "duong-thuy,ATGT đường thủy,giao-thong-thuy,crimes;patrols,ven-song\n"
              "thon-an-toan,Thôn an toàn,an-ninh-trat-tu,,\n");
    }

    [[nodiscard]] std::vector<std::string> errors() const {
        try {
            static_cast<void>(load_dataset(dir_));
        } catch (const input_error& e) {
            std::vector<std::string> out;
            const std::string prefix = (dir_ / "").string();
            for (const auto& d : e.diagnostics()) {
                std::string text = d.to_string();
                if (text.starts_with(prefix)) {
                    text.erase(0, prefix.size());
                }
                out.push_back(text);
            }
            return out;
        }
        return {"no error"};
    }

    fs::path dir_;
};

TEST_F(model_types_test, the_catalogue_and_unit_attributes_are_read) {
    write_catalogue();
    const dataset d = load_dataset(dir_);
    ASSERT_EQ(d.model_types.size(), 2U);
    const model_type& waterway = d.model_types[0];
    EXPECT_EQ(waterway.id, "duong-thuy");
    EXPECT_EQ(waterway.name, "ATGT đường thủy");
    EXPECT_EQ(waterway.topic, "giao-thong-thuy");
    EXPECT_THAT(waterway.indicators, ElementsAre("crimes", "patrols"));
    EXPECT_THAT(waterway.unit_attributes, ElementsAre("ven-song"));
    EXPECT_TRUE(waterway.has_indicator("crimes"));
    EXPECT_FALSE(waterway.has_indicator("drug_users"));
    // An empty list: every indicator applies, and the type applies everywhere.
    EXPECT_TRUE(d.model_types[1].has_indicator("drug_users"));
    EXPECT_TRUE(d.model_types[1].applies_to({}));
    const auto& units = d.registry.units();
    EXPECT_THAT(units[*d.registry.find_unit("ch")].attributes, ElementsAre("ven-song"));
    EXPECT_TRUE(units[*d.registry.find_unit("ct")].attributes.empty());
    EXPECT_TRUE(waterway.applies_to(units[*d.registry.find_unit("ch")].attributes));
    EXPECT_FALSE(waterway.applies_to(units[*d.registry.find_unit("ct")].attributes));
    EXPECT_EQ(d.find_model_type("duong-thuy"), &d.model_types[0]);
    EXPECT_EQ(d.find_model_type("khac"), nullptr);
    EXPECT_EQ(d.find_model_type(""), nullptr);
}

TEST_F(model_types_test, written_back_through_csv_json_and_archives_as_they_were) {
    write_catalogue();
    const dataset d = load_dataset(dir_);
    save_dataset_csv(d, dir_ / "copy");
    EXPECT_TRUE(fs::exists(dir_ / "copy" / "model-types.csv"));
    const dataset from_csv = load_dataset(dir_ / "copy");
    EXPECT_EQ(from_csv, d);
    EXPECT_EQ(from_csv.content_hash, d.content_hash);
    save_dataset_json(d, dir_ / "copy.json");
    const dataset from_json = load_dataset(dir_ / "copy.json");
    EXPECT_EQ(from_json, d);
    EXPECT_EQ(from_json.content_hash, d.content_hash);
    save_dataset_archive(d, dir_ / "copy.antq");
    EXPECT_EQ(load_dataset_archive(dir_ / "copy.antq"), d);
}

TEST_F(model_types_test, a_dataset_without_catalogue_or_attributes_keeps_its_hash_and_files) {
    // The same data as before units had attributes: four columns, no catalogue.
    write("units.csv",
          "id,kind,name,parent\nqt,commune,Xã Quảng Trung,\n"
          "ch,village,Thôn Công Hòa,qt\nct,village,Thôn Cao Cựu,qt\n");
    const dataset plain = load_dataset(dir_);
    EXPECT_TRUE(plain.model_types.empty());
    EXPECT_EQ(plain.content_hash, hash_dataset(plain.registry, plain.observations));
    save_dataset_csv(plain, dir_ / "plain");
    EXPECT_FALSE(fs::exists(dir_ / "plain" / "model-types.csv"));
    std::ifstream units(dir_ / "plain" / "units.csv");
    std::string header;
    std::getline(units, header);
    EXPECT_EQ(header, "id,kind,name,parent");
    // A catalogue and attributes are content: they change the hash.
    write("units.csv",
          "id,kind,name,parent,attributes\nqt,commune,Xã Quảng Trung,,\n"
          "ch,village,Thôn Công Hòa,qt,ven-song\nct,village,Thôn Cao Cựu,qt,\n");
    const dataset with_attributes = load_dataset(dir_);
    EXPECT_NE(with_attributes.content_hash, plain.content_hash);
    write_catalogue();
    EXPECT_NE(load_dataset(dir_).content_hash, with_attributes.content_hash);
}

TEST_F(model_types_test, bad_rows_are_reported_with_their_place) {
    write("model-types.csv",
          "type,topic,indicators,unit_attributes\n"
          "duong-thuy,giao-thong-thuy,crimes;drug_user,ven song\n"
          ",an-ninh-trat-tu,,\n"
          "duong-thuy,,Crimes;;x,\n");
    EXPECT_THAT(
        errors(),
        ElementsAre("model-types.csv:2:3: error: unknown indicator 'drug_user': not a column of "
                    "the observations",
                    "model-types.csv:2:4: error: bad condition 'ven song': a unit attribute is a "
                    "word of lowercase letters, digits, '-' and '_' (several are separated by "
                    "';', all required)",
                    "model-types.csv:3:1: error: empty type: a row names one type as models.csv "
                    "writes it",
                    "model-types.csv:4:3: error: empty item in 'Crimes;;x' (items are separated "
                    "by ';')",
                    "model-types.csv:4:1: error: repeated type 'duong-thuy' (first in row 1 of "
                    "the catalogue)"));
}

TEST_F(model_types_test, models_disagreeing_with_the_catalogue_are_reported_in_models_csv) {
    write("model-types.csv",
          "type,topic,indicators,unit_attributes\n"
          "duong-thuy,ma-tuy,crimes,ven-song;bien\n");
    EXPECT_THAT(errors(),
                ElementsAre("models.csv:2:4: error: model 'm1' has the topic 'giao-thong-thuy', "
                            "its type 'duong-thuy' the topic 'ma-tuy'",
                            "models.csv:2:3: error: model 'm1' of type 'duong-thuy' runs in unit "
                            "'ch', which lacks the attribute 'bien' the type requires",
                            "models.csv:3:3: error: unknown model type 'thon-an-toan' of model "
                            "'m2': not in the model-type catalogue"));
}

TEST_F(model_types_test, header_problems) {
    write("model-types.csv", "name,indicator\nx,y\n");
    EXPECT_THAT(errors(), ElementsAre("model-types.csv:1:2: error: unknown column 'indicator' "
                                      "(expected type, name, topic, indicators, unit_attributes)",
                                      "model-types.csv:1: error: missing column 'type'"));
}

TEST(model_types_json, the_catalogue_is_read_with_lists_as_text_or_arrays) {
    const std::string registry =
        R"({"units": [{"id": "ch", "kind": "village", "attributes": "ven-song"}],
            "models": [{"id": "m1", "type": "duong-thuy", "unit": "ch"}], )";
    const dataset d = parse_dataset_json(
        registry + R"("model_types": [{"type": "duong-thuy", "indicators": ["crimes", "patrols"],
                                       "unit_attributes": "ven-song"}]})",
        "d.json");
    ASSERT_EQ(d.model_types.size(), 1U);
    EXPECT_THAT(d.model_types[0].indicators, ElementsAre("crimes", "patrols"));
    EXPECT_THAT(d.model_types[0].unit_attributes, ElementsAre("ven-song"));
    try {
        static_cast<void>(parse_dataset_json(
            registry + R"("model_types": [{"type": "khac", "kind": "x"}]})", "d.json"));
        FAIL() << "expected an input_error";
    } catch (const input_error& e) {
        std::vector<std::string> messages;
        for (const auto& diagnostic : e.diagnostics()) {
            messages.push_back(diagnostic.to_string());
        }
        EXPECT_THAT(messages,
                    ElementsAre("d.json:/model_types/0/kind: error: unknown key 'kind' (expected "
                                "type, name, topic, indicators, unit_attributes)"));
    }
    try {
        static_cast<void>(
            parse_dataset_json(registry + R"("model_types": [{"type": "khac"}]})", "d.json"));
        FAIL() << "expected an input_error";
    } catch (const input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1U);
        EXPECT_EQ(e.diagnostics()[0].to_string(),
                  "d.json:/models/0/type: error: unknown model type 'duong-thuy' of model 'm1': "
                  "not in the model-type catalogue");
    }
}

}  // namespace
}  // namespace antq
