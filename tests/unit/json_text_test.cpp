// The fast JSON writer (compiler/base/json_text.h) against nlohmann's dump: byte-identical text,
// compact and indented, on the IR of the examples and on random documents, and the same
// exception for a string that is not UTF-8.
#include "compiler/base/json_text.h"
#include "compiler/frontend/compile.h"
#include "compiler/ir/ir.h"

#include <gtest/gtest.h>

#include <random>

namespace locus {
namespace {

template <class Json> void expectSameAsDump(const Json& value, const std::string& what) {
  for (int indent : {-1, 0, 2, 4})
    ASSERT_EQ(jsonText(value, indent), value.dump(indent)) << what << " indent " << indent;
}

TEST(JsonText, ScalarsAndEmptyContainers) {
  for (const nlohmann::json& v :
       {nlohmann::json(nullptr), nlohmann::json(true), nlohmann::json(false), nlohmann::json(0),
        nlohmann::json(-9223372036854775807LL - 1), nlohmann::json(18446744073709551615ULL),
        nlohmann::json(1.5), nlohmann::json(1.0), nlohmann::json(-0.0), nlohmann::json(1e300),
        nlohmann::json(0.1), nlohmann::json(std::nan("")), nlohmann::json(""),
        nlohmann::json::object(), nlohmann::json::array(), nlohmann::json::binary({1, 2, 255}, 7),
        nlohmann::json::binary({}),
        nlohmann::json::object({{"a", nlohmann::json::array()}, {"b", nlohmann::json::object()}})})
    expectSameAsDump(v, v.dump());
}

TEST(JsonText, EscapesLikeNlohmann) {
  std::string all;
  for (int c = 0; c < 128; ++c) all += static_cast<char>(c);
  all += "é€😀\xF4\x8F\xBF\xBF\x7F";
  expectSameAsDump(nlohmann::json(all), "ascii and utf-8");
  expectSameAsDump(locus::OrderedJson{{all, all}, {"z", 1}, {"a", 2}}, "keys");
}

TEST(JsonText, InvalidUtf8ThrowsTheSameError) {
  for (std::string bad : {"a\xFF", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "ok\xE2\x82",
                          "\x80", "\xF0\x9F\x98"}) {
    nlohmann::json v = {{"k", bad}};
    std::string expected;
    try {
      v.dump(2);
      FAIL() << "nlohmann accepted invalid UTF-8";
    } catch (const nlohmann::json::type_error& e) {
      expected = e.what();
    }
    try {
      jsonText(v, 2);
      FAIL() << "jsonText accepted invalid UTF-8";
    } catch (const nlohmann::json::type_error& e) {
      EXPECT_EQ(std::string(e.what()), expected);
    }
  }
}

// A random document with every value kind, random (often non-ASCII or invalid) strings and
// random nesting.
template <class Json> Json randomValue(std::mt19937& rng, int depth) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto text = [&] {
    static const std::vector<std::string> pieces = {"a",
                                                    "Z",
                                                    " ",
                                                    "\"",
                                                    "\\",
                                                    "/",
                                                    "\n",
                                                    "\t",
                                                    "\x01",
                                                    "\x1f",
                                                    "\x7f",
                                                    "é",
                                                    "€",
                                                    "😀",
                                                    "\xE0\xA0\x80",
                                                    "\xEF\xBF\xBF",
                                                    "\xF0\x90\x80\x80",
                                                    "key",
                                                    "{}",
                                                    "[]",
                                                    "0"};
    std::string s;
    for (int i = pick(6); i > 0; --i) s += pieces[pick(static_cast<int>(pieces.size()))];
    return s;
  };
  switch (depth <= 0 ? pick(6) : pick(8)) {
  case 0:
    return nullptr;
  case 1:
    return pick(2) == 1;
  case 2:
    return static_cast<int64_t>(rng()) - (1LL << 31) * pick(3);
  case 3:
    return static_cast<uint64_t>(rng()) << 32 | rng();
  case 4:
    return std::ldexp(static_cast<double>(rng()) - 2e9, pick(80) - 40);
  case 5:
    return text();
  case 6: {
    Json a = Json::array();
    for (int i = pick(5); i > 0; --i) a.push_back(randomValue<Json>(rng, depth - 1));
    return a;
  }
  default: {
    Json o = Json::object();
    for (int i = pick(5); i > 0; --i) o[text()] = randomValue<Json>(rng, depth - 1);
    return o;
  }
  }
}

TEST(JsonText, RandomDocumentsMatchDump) {
  std::mt19937 rng(20261123);
  for (int i = 0; i < 3000; ++i) {
    expectSameAsDump(randomValue<nlohmann::json>(rng, 4), "json #" + std::to_string(i));
    expectSameAsDump(randomValue<locus::OrderedJson>(rng, 4), "ordered_json #" + std::to_string(i));
  }
}

TEST(JsonText, RandomBytesInStringsMatchDumpOrItsError) {
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (int n = static_cast<int>(rng() % 40); n > 0; --n) { // past one 16-byte block
      unsigned r = rng();
      s += static_cast<char>(r % 4 == 0    ? 0x80 + (r >> 8) % 0x80
                             : r % 15 == 0 ? 0xC0 + (r >> 8) % 0x40
                                           : (r >> 8) % 0x80);
    }
    nlohmann::json v(s);
    std::string expected, actual;
    try {
      expected = v.dump();
    } catch (const nlohmann::json::type_error& e) {
      expected = std::string("error: ") + e.what();
    }
    try {
      actual = jsonText(v);
    } catch (const nlohmann::json::type_error& e) {
      actual = std::string("error: ") + e.what();
    }
    ASSERT_EQ(actual, expected) << i;
  }
}

// Streams `v` the way a generator would: containers opened and closed, scalars and nested
// values in between, each container's first level member by member and deeper values whole.
template <class Json> void stream(JsonStream& out, const Json& v, int depth) {
  if (depth > 0 && v.is_object()) {
    out.beginObject();
    for (const auto& [key, item] : v.items()) {
      out.key(key);
      stream(out, item, depth - 1);
    }
    out.end();
  } else if (depth > 0 && v.is_array()) {
    out.beginArray();
    for (const Json& item : v) stream(out, item, depth - 1);
    out.end();
  } else if (v.is_string()) {
    out.string(v.template get_ref<const std::string&>());
  } else if (v.is_boolean()) {
    out.boolean(v.template get<bool>());
  } else if (v.is_number_integer() && !v.is_number_unsigned()) {
    out.number(v.template get<int64_t>());
  } else {
    out.value(v);
  }
}

TEST(JsonText, StreamedDocumentsMatchDump) {
  std::mt19937 rng(5);
  for (int i = 0; i < 3000; ++i) {
    auto doc = randomValue<locus::OrderedJson>(rng, 4);
    for (int indent : {-1, 0, 2}) {
      std::string text;
      try {
        JsonStream out(text, indent);
        stream(out, doc, static_cast<int>(rng() % 4));
      } catch (const nlohmann::json::type_error&) {
        continue; // invalid UTF-8: the same error as dump (tested above)
      }
      std::string expected;
      try {
        expected = doc.dump(indent);
      } catch (const nlohmann::json::type_error&) {
        continue;
      }
      ASSERT_EQ(text, expected) << "#" << i << " indent " << indent;
    }
  }
}

TEST(JsonText, StreamAppendsAfterExistingText) {
  std::string text = "x = ";
  {
    JsonStream out(text, 2);
    out.beginObject().key("a").beginArray().end().key("b").beginObject().end().end();
  }
  EXPECT_EQ(text, "x = {\n  \"a\": [],\n  \"b\": {}\n}");
}

TEST(JsonText, ExampleIrMatchesDump) {
  for (const char* example : {"shop", "crm", "scaffold"}) {
    std::string dir = std::string(LOCUS_SOURCE_DIR) + "/examples/" + example;
    std::unique_ptr<FrontEndResult> r = runFrontEnd(dir, FrontEndOptions{});
    ASSERT_FALSE(r->ioError || r->diagnostics.hasErrors()) << example;
    locus::OrderedJson ir = lowerToIr(r->program, *r->sources);
    expectSameAsDump(ir, example);
    expectSameAsDump(nlohmann::json(ir), std::string(example) + " as json");
  }
}

} // namespace
} // namespace locus
