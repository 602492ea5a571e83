#include "compiler/sema/builtin_signatures.h"

#include <array>

namespace locus {

namespace {

using K = Type::Kind;

constexpr std::array<BuiltinSignature, 24> kBuiltins = {{
    {"now", 0, 0, K::String, K::Any, "now(): String — the current time, ISO 8601"},
    {"uuid", 0, 0, K::String, K::Any, "uuid(): String — a random UUID"},
    {"len", 1, 1, K::Number, K::Any, "len(value): Integer — length of a list or string"},
    {"log", 0, kVariadic, K::Void, K::Any, "log(values…) — write to the console"},
    {"redirect", 1, 1, K::Void, K::Any, "redirect(path) — go to a page, replacing history"},
    {"navigate", 1, 1, K::Void, K::Any, "navigate(path) — go to a page"},
    {"alert", 1, 1, K::Void, K::Any, "alert(message) — a blocking message box"},
    {"confirm", 1, 1, K::Bool, K::Any, "confirm(message): Boolean — ask yes/no"},
    {"prompt", 1, 2, K::String, K::Any, "prompt(message, initial?): String — ask for text"},
    {"fetch", 1, 2, K::Any, K::Any, "fetch(url, options?) — the browser's fetch"},
    {"parseInt", 1, 2, K::Number, K::Any, "parseInt(text, radix?): Integer"},
    {"parseFloat", 1, 1, K::Number, K::Any, "parseFloat(text): Decimal"},
    {"isNaN", 1, 1, K::Bool, K::Any, "isNaN(value): Boolean"},
    {"setTimeout", 1, kVariadic, K::Any, K::Any, "setTimeout(fn, ms?) — run later"},
    {"clearTimeout", 0, 1, K::Void, K::Any, "clearTimeout(id)"},
    {"setInterval", 1, kVariadic, K::Any, K::Any, "setInterval(fn, ms?) — run repeatedly"},
    {"clearInterval", 0, 1, K::Void, K::Any, "clearInterval(id)"},
    {"encodeURIComponent", 1, 1, K::String, K::Any, "encodeURIComponent(text): String"},
    {"decodeURIComponent", 1, 1, K::String, K::String, "decodeURIComponent(text): String"},
    {"String", 0, 1, K::String, K::Any, "String(value): String — convert"},
    {"Number", 0, 1, K::Number, K::Any, "Number(value): Decimal — convert"},
    {"Boolean", 0, 1, K::Bool, K::Any, "Boolean(value): Boolean — convert"},
    {"formatDate", 1, 2, K::String, K::Any, "formatDate(value, locale?): String"},
    {"toast", 1, 1, K::Void, K::Any, "toast(message) — a short notification"},
}};

} // namespace

const BuiltinSignature* builtinSignature(std::string_view name) {
  for (const BuiltinSignature& s : kBuiltins)
    if (s.name == name) return &s;
  return nullptr;
}

} // namespace locus
