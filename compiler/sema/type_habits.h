// Type names from Prisma and TypeScript (`Int`, `string`, `Date`, …) that are too far from the
// Locus spelling for did-you-mean: the Locus type they mean.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace locus {

// "Integer" for "Int", "String" for "string", …; "" when `name` is no such habit.
std::string typeHabit(std::string_view name);

// The type an unknown type name most likely means: the closest of `candidates` by spelling, else
// its habit; "" when neither.
std::string closestType(std::string_view name, const std::vector<std::string>& candidates);
// "did you mean 'Integer'?" for closestType, or "".
std::string typeDidYouMean(std::string_view name, const std::vector<std::string>& candidates);

} // namespace locus
