// The fast mustache engine (mustache_program + mustache_render) against kainjow, the reference:
// the same bytes or the same error for every built-in template and for thousands of random
// templates and data (sections, inverted sections, dotted names, `.`, partials from the set and
// from data, set-delimiter tags, blank-line rules, malformed tags).
#include "generators/templates/kainjow_render.h"
#include "generators/templates/mustache_render.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

namespace locus {
namespace {

using Json = nlohmann::json;

struct Outcome {
  std::string text;
  std::string error;
  bool operator==(const Outcome&) const = default;
};

void PrintTo(const Outcome& o, std::ostream* os) {
  *os << (o.error.empty() ? "text " + nlohmann::json(o.text).dump() : "error " + o.error);
}

Outcome viaKainjow(const std::string& text, const Json& data,
                   const std::map<std::string, std::string>& partials) {
  try {
    return {renderWithKainjow(text, data, partials), ""};
  } catch (const MustacheError& e) {
    return {"", e.what()};
  }
}

Outcome viaFast(const std::string& text, const Json& data,
                const std::map<std::string, std::string>& partials) {
  std::set<std::string, std::less<>> names;
  std::map<std::string, MustacheProgram> programs;
  for (const auto& [name, partialText] : partials) {
    names.insert(name);
    programs[name] = parseMustache(partialText);
  }
  MustachePartials source{
      &names, [&](const std::string& name) -> const MustacheProgram& { return programs.at(name); }};
  auto render = [&](const auto& view) -> Outcome {
    try {
      return {renderMustache(parseMustache(text), view, source), ""};
    } catch (const MustacheError& e) {
      return {"", e.what()};
    }
  };
  // The generators' OrderedJson views (members in insertion order) must render the same bytes.
  Outcome fromMap = render(data), fromOrdered = render(OrderedJson::parse(data.dump()));
  if (!(fromOrdered == fromMap)) return {"", "the OrderedJson view rendered differently"};
  return fromMap;
}

class RandomCases {
public:
  explicit RandomCases(unsigned seed) : rng_(seed) {}

  std::string name() {
    static const char* names[] = {"a",  "b", "c",     "a.b", "b.c",  ".",  "list", "p1",
                                  "p2", "",  "x.y.z", " a ", "a..b", ".a", "a."};
    return names[pick(std::size(names))];
  }

  std::string text(int depth) {
    std::string out;
    int pieces = static_cast<int>(pick(8));
    for (int i = 0; i < pieces; ++i) out += piece(depth);
    return out;
  }

  Json value(int depth) {
    switch (pick(depth > 2 ? 7 : 10)) {
    case 0:
      return "s" + std::to_string(pick(100));
    case 1:
      return static_cast<int>(pick(50)) - 10;
    case 2:
      return 1.5 * static_cast<double>(pick(8));
    case 3:
      return pick(2) == 0;
    case 4:
      return nullptr;
    case 5:
      return "";
    case 6:
      return "{{a}}-" + std::to_string(pick(5)); // a template when used as a partial
    case 7: {
      Json list = Json::array();
      for (size_t i = pick(4); i > 0; --i) list.push_back(value(depth + 1));
      return list;
    }
    default:
      return object(depth + 1);
    }
  }

  Json object(int depth) {
    Json obj = Json::object();
    static const char* keys[] = {"a", "b", "c", "list", "x", "y", "z", "p1", "p3", ""};
    for (size_t i = pick(6); i > 0; --i) obj[keys[pick(std::size(keys))]] = value(depth);
    return obj;
  }

private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  std::string piece(int depth) {
    static const char* texts[] = {"x", " ", "\t", "\n", "\r\n", "\r", "ab", "  ", "}", "{"};
    switch (pick(16)) {
    case 0:
    case 1:
    case 2:
      return texts[pick(std::size(texts))];
    case 3:
      return "{{" + name() + "}}";
    case 4:
      return "{{{" + name() + "}}}";
    case 5:
      return "{{&" + name() + "}}";
    case 6:
    case 7:
      return section('#', depth);
    case 8:
      return section('^', depth);
    case 9:
      return "{{! note }}";
    case 10:
      return !partials_ ? "{{>p2}}" : pick(2) ? "{{> p1}}" : "{{>p3}}";
    case 11:
      return "\n  " + section('#', depth) + "\n";
    case 12:
      return pick(3) == 0 ? "{{=<% %>=}}<%a%><%={{ }}=%>" : "{{/" + name() + "}}";
    case 13:
      return pick(4) == 0 ? "{{unclosed" : "{{#" + name() + "}}";
    default:
      return "{{" + name() + "}}\n";
    }
  }

  std::string section(char kind, int depth) {
    std::string n = name();
    std::string body = depth < 3 ? text(depth + 1) : "y";
    return "{{" + std::string(1, kind) + n + "}}" + body + "{{/" + n + "}}";
  }

  std::mt19937 rng_;

public:
  bool partials_ = true; // false while writing p1 itself: a partial must not include itself
};

TEST(MustacheDifferential, RandomTemplatesAndDataRenderAlike) {
  RandomCases cases(20261123);
  size_t errors = 0;
  for (int i = 0; i < 20000; ++i) {
    cases.partials_ = false;
    std::map<std::string, std::string> partials{{"p1", cases.text(2)}, {"p2", "[{{b}}]"}};
    cases.partials_ = true;
    std::string tmpl = cases.text(0);
    Json data = cases.object(0);
    Outcome expected = viaKainjow(tmpl, data, partials);
    errors += !expected.error.empty();
    ASSERT_EQ(viaFast(tmpl, data, partials), expected)
        << "template:\n"
        << tmpl << "\npartial p1:\n"
        << partials["p1"] << "\ndata: " << data.dump();
  }
  EXPECT_GT(errors, 100u);   // the malformed cases were exercised
  EXPECT_LT(errors, 15000u); // and so were the valid ones
}

// Every tag name a template uses, to build data that reaches its sections.
std::vector<std::string> tagNames(const std::string& text) {
  static const std::regex tag(R"(\{\{[#^/&{]?\s*([A-Za-z0-9_.]+))");
  std::set<std::string> names;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), tag); it != std::sregex_iterator();
       ++it)
    names.insert((*it)[1].str());
  return {names.begin(), names.end()};
}

TEST(MustacheDifferential, BuiltinTemplatesRenderAlike) {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(LOCUS_SOURCE_DIR) / "generators";
  size_t templates = 0;
  for (const auto& gen : fs::directory_iterator(root)) {
    if (!fs::is_directory(gen.path() / "templates")) continue;
    std::map<std::string, std::string> texts;
    for (const auto& file : fs::directory_iterator(gen.path() / "templates")) {
      std::ifstream in(file.path());
      std::stringstream buffer;
      buffer << in.rdbuf();
      texts[file.path().stem().string()] = buffer.str();
    }
    for (const auto& [name, text] : texts) {
      ++templates;
      std::mt19937 rng(static_cast<unsigned>(std::hash<std::string>{}(name)));
      RandomCases values(rng());
      for (int round = 0; round < 40; ++round) {
        Json data = Json::object();
        for (const std::string& key : tagNames(text))
          if (rng() % 4 != 0) data[key] = round % 2 ? values.value(0) : values.object(1);
        ASSERT_EQ(viaFast(text, data, texts), viaKainjow(text, data, texts))
            << gen.path().filename().string() << "/" << name << " with " << data.dump();
      }
    }
  }
  EXPECT_GT(templates, 40u);
}

TEST(MustacheDifferential, ErrorsNameThePlaceLikeKainjow) {
  for (const char* bad :
       {"a {{b", "{{/x}}", "{{#x}}y", "{{#x}}{{/y}}", "{{= bad}}", "{{#a}}{{#b}}{{/a}}"})
    EXPECT_EQ(viaFast(bad, Json::object(), {}), viaKainjow(bad, Json::object(), {})) << bad;
  EXPECT_EQ(viaFast("{{#x}}y", Json::object(), {}).error, "Unclosed section \"x\" at 0");
}

} // namespace
} // namespace locus
