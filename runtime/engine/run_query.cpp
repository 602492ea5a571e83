#include "runtime/engine/run_query.h"

#include <regex>

namespace locus::rt {

namespace {

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::vector<std::string> splitAnd(const std::string& text) {
  static const std::regex andWord(R"(\s+and\s+)", std::regex::icase);
  std::vector<std::string> out;
  std::sregex_token_iterator it(text.begin(), text.end(), andWord, -1), end;
  for (; it != end; ++it) out.push_back(trim(*it));
  return out;
}

} // namespace

std::optional<std::vector<InputCondition>> parseInputWhere(const std::string& text,
                                                           std::string& error) {
  static const std::regex condition(R"(^input((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*(!=|=)\s*(.+)$)");
  std::vector<InputCondition> out;
  for (const std::string& part : splitAnd(text)) {
    std::smatch m;
    if (!std::regex_match(part, m, condition)) {
      error = "`" + part +
              "` is not a condition; write input.FIELD = VALUE (or !=), joined by "
              "`and`, e.g. --where 'input.orderId = 7 and input.region = \"eu\"'";
      return std::nullopt;
    }
    InputCondition c;
    std::string path = m[1].str().substr(1);
    for (size_t start = 0, dot; start <= path.size(); start = dot + 1) {
      dot = path.find('.', start);
      if (dot == std::string::npos) dot = path.size();
      c.path.push_back(path.substr(start, dot - start));
    }
    c.equal = m[2] == "=";
    std::string value = trim(m[3]);
    c.value = Json::parse(value, nullptr, false);
    if (c.value.is_discarded()) c.value = value; // a bare word: a string
    out.push_back(std::move(c));
  }
  return out;
}

bool inputMatches(const Json& input, const std::vector<InputCondition>& where) {
  for (const InputCondition& c : where) {
    const Json* v = &input;
    for (const std::string& key : c.path) {
      if (!v->is_object() || !v->contains(key)) {
        v = nullptr;
        break;
      }
      v = &(*v)[key];
    }
    bool equal = v && *v == c.value;
    if (equal != c.equal) return false;
  }
  return true;
}

std::vector<RunRecord> findRuns(Store& store, RunQuery q,
                                const std::vector<InputCondition>& where) {
  if (where.empty()) return store.queryRuns(q);
  // Input conditions are applied here, on pages of the store's matches, newest first.
  size_t wanted = q.limit;
  q.limit = 500;
  std::vector<RunRecord> out;
  for (;;) {
    std::vector<RunRecord> page = store.queryRuns(q);
    for (RunRecord& r : page)
      if (inputMatches(r.input, where)) {
        out.push_back(std::move(r));
        if (out.size() == wanted) return out;
      }
    if (page.size() < q.limit) return out;
    q.offset += page.size();
  }
}

} // namespace locus::rt
