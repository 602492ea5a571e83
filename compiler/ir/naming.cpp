#include "compiler/ir/naming.h"

#include <cctype>

namespace locus::ir {

namespace {

bool isUpper(char c) {
  return std::isupper(static_cast<unsigned char>(c)) != 0;
}
bool isLowerOrDigit(char c) {
  return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isVowel(char c) {
  return std::string("aeiou").find(c) != std::string::npos;
}

} // namespace

std::string snakeCase(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (isUpper(c) && i > 0) {
      bool afterLower = isLowerOrDigit(name[i - 1]);
      bool acronymEnd = isUpper(name[i - 1]) && i + 1 < name.size() && isLowerOrDigit(name[i + 1]);
      if ((afterLower || acronymEnd) && out.back() != '_') out += '_';
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string pluralize(const std::string& word) {
  if (word.empty()) return word;
  if (word.size() >= 2 && word.back() == 'y' && !isVowel(word[word.size() - 2]))
    return word.substr(0, word.size() - 1) + "ies";
  for (const char* s : {"s", "x", "z", "ch", "sh"})
    if (endsWith(word, s)) return word + "es";
  return word + "s";
}

std::string tableName(const std::string& entity) {
  return pluralize(snakeCase(entity));
}

std::string joinColumnName(const std::string& entity, const std::string& relation,
                           const std::string& keyColumn, bool selfRelation) {
  return snakeCase(selfRelation ? relation : entity) + "_" + keyColumn;
}

} // namespace locus::ir
