// locus::OrderedJson helpers: jsonObject builds the object its pairs describe, in their order, and
// the view lists of generators/templates/view_object.h carry the positions templates use.
#include "compiler/base/json_text.h"
#include "compiler/base/ordered_json.h"
#include "generators/templates/view_object.h"

#include <gtest/gtest.h>

namespace locus {
namespace {

TEST(OrderedJson, JsonObjectKeepsThePairsInOrder) {
  std::string moved = "text that is moved in";
  OrderedJson o =
      jsonObject("b", 1, "a", std::move(moved), "c", nullptr, "d", OrderedJson::array());
  EXPECT_EQ(o.dump(), R"({"b":1,"a":"text that is moved in","c":null,"d":[]})");
  EXPECT_EQ(o, OrderedJson::parse(R"({"b":1,"a":"text that is moved in","c":null,"d":[]})"));
  EXPECT_EQ(jsonObject().dump(), "{}");
}

TEST(OrderedJson, TextItemsMarkFirstLastAndIndex) {
  EXPECT_EQ(textItems("text", {"x", "y", "z"}, true).dump(),
            R"([{"text":"x","index":0,"first":true,"last":false},)"
            R"({"text":"y","index":1,"first":false,"last":false},)"
            R"({"text":"z","index":2,"first":false,"last":true}])");
  EXPECT_EQ(textItems("statement", {"s"}, false).dump(), R"([{"statement":"s"}])");
  EXPECT_EQ(textItems("text", {}, true).dump(), "[]");
}

TEST(JsonText, AppendJsonStringAppendsOneLiteral) {
  std::string out = "prefix ";
  appendJsonString(out, "a \"quoted\"\n");
  EXPECT_EQ(out, "prefix \"a \\\"quoted\\\"\\n\"");
  EXPECT_EQ(out.size(), std::string("prefix \"a \\\"quoted\\\"\\n\"").size()); // no slack left
}

} // namespace
} // namespace locus
