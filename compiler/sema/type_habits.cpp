#include "compiler/sema/type_habits.h"

#include "compiler/base/suggest.h"

#include <array>
#include <utility>

namespace locus {

std::string typeHabit(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> habits = {{
      {"Int", "Integer"},       // Prisma
      {"int", "Integer"},       //
      {"number", "Decimal"},    // TypeScript (Integer for whole numbers)
      {"bool", "Boolean"},      //
      {"boolean", "Boolean"},   // TypeScript
      {"string", "String"},     // TypeScript
      {"Date", "DateTime"},     // TypeScript
      {"date", "DateTime"},     //
      {"datetime", "DateTime"}, //
      {"any", "Json"},          // TypeScript
      {"object", "Json"},       // TypeScript
  }};
  for (const auto& [habit, type] : habits)
    if (habit == name) return std::string(type);
  return "";
}

std::string closestType(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best = closestMatch(name, candidates);
  return best.empty() ? typeHabit(name) : best;
}

std::string typeDidYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best = closestType(name, candidates);
  return best.empty() ? "" : "did you mean '" + best + "'?";
}

} // namespace locus
