// Layout clean-up of rendered TypeScript: mustache sections that render nothing leave empty
// lines behind; this keeps at most one empty line in a row and none right after an opening
// brace, so generated files read like hand-written ones.
#pragma once

#include <string>

namespace locus::react {

std::string tidyText(const std::string& text);

} // namespace locus::react
