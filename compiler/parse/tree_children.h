// Children of a parse-tree node by token type or by rule, found without dynamic_cast. The
// generated getters (ctx->ident(), ctx->STRING(), …) dynamic_cast every child they pass, which
// with GCC means a strcmp of mangled type names per child; on large elements and entities the
// AST builder spent more time there than building the AST. These compare type_info addresses
// (each class's type_info is emitted once: the runtime's in libantlr4-runtime, the contexts' in
// LocusParser.cpp) and rule indices instead; semantics are the getters' own.
#pragma once

#include <antlr4-runtime.h>
#include <typeinfo>
#include <vector>

namespace locus {

inline bool isTerminalNode(antlr4::tree::ParseTree* node) {
  const std::type_info& type = typeid(*node);
  return &type == &typeid(antlr4::tree::TerminalNodeImpl) ||
         &type == &typeid(antlr4::tree::ErrorNodeImpl);
}

// The `nth` child token of `type`, as ctx->TOKEN(nth); null when absent.
inline antlr4::tree::TerminalNode* tokenChild(antlr4::ParserRuleContext* ctx, size_t type,
                                              size_t nth = 0) {
  if (!ctx) return nullptr;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (!isTerminalNode(child)) continue;
    auto* terminal = static_cast<antlr4::tree::TerminalNode*>(child);
    if (terminal->getSymbol()->getType() == type && nth-- == 0) return terminal;
  }
  return nullptr;
}

inline std::vector<antlr4::tree::TerminalNode*> tokenChildren(antlr4::ParserRuleContext* ctx,
                                                              size_t type) {
  std::vector<antlr4::tree::TerminalNode*> out;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (!isTerminalNode(child)) continue;
    auto* terminal = static_cast<antlr4::tree::TerminalNode*>(child);
    if (terminal->getSymbol()->getType() == type) out.push_back(terminal);
  }
  return out;
}

// The `nth` child context of rule `ruleIndex` (T is that rule's context class), as
// ctx->rule(nth); null when absent.
template <typename T>
T* ruleChild(antlr4::ParserRuleContext* ctx, size_t ruleIndex, size_t nth = 0) {
  if (!ctx) return nullptr;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (isTerminalNode(child)) continue;
    auto* rule = static_cast<antlr4::ParserRuleContext*>(child);
    if (rule->getRuleIndex() == ruleIndex && nth-- == 0) return static_cast<T*>(rule);
  }
  return nullptr;
}

template <typename T>
std::vector<T*> ruleChildren(antlr4::ParserRuleContext* ctx, size_t ruleIndex) {
  std::vector<T*> out;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (isTerminalNode(child)) continue;
    auto* rule = static_cast<antlr4::ParserRuleContext*>(child);
    if (rule->getRuleIndex() == ruleIndex) out.push_back(static_cast<T*>(rule));
  }
  return out;
}

} // namespace locus
