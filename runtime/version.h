#pragma once
namespace locus {
const char* runtimeVersion();
} // namespace locus
