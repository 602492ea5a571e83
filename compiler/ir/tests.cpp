// lowerTests: the `test` blocks as their own JSON document, beside the IR rather than in it, so
// adding tests to a project changes nothing it builds (docs/language/testing.md has the format).
#include "compiler/ir/ir.h"

#include "compiler/ir/lower_context.h"

namespace locus {

namespace {

ir::Json lowerStub(const ast::TestStub& s, const ir::Context& cx) {
  ir::Json j;
  j["stepKind"] = s.kind.name;
  j["name"] = s.name.name.empty() ? ir::Json() : ir::Json(s.name.name);
  j["throws"] = s.throws;
  j["value"] = ir::lowerExpr(s.value, cx);
  j["span"] = cx.span(s.span);
  return j;
}

ir::Json lowerTest(const ast::Test& t, const ir::Context& cx) {
  ir::Json j;
  j["name"] = t.name;
  bool workflow = cx.symbols().workflows.count(t.target.name) > 0;
  j["target"] = jsonObject("kind", workflow ? "workflow" : "action", "name", t.target.name);
  j["args"] = ir::lowerPairs(t.args, cx);
  j["given"] = ir::lowerBlock(t.given, cx);
  ir::Json stubs = ir::Json::array();
  for (const ast::TestStub& s : t.stubs) stubs.push_back(lowerStub(s, cx));
  j["stubs"] = std::move(stubs);
  ir::Json expects = ir::Json::array();
  for (const ast::ExprPtr& e : t.expects)
    if (e)
      expects.push_back(jsonObject("condition", ir::lowerExpr(*e, cx), "span", cx.span(e->span)));
  j["expects"] = std::move(expects);
  j["span"] = cx.span(t.span);
  return j;
}

} // namespace

locus::OrderedJson lowerTests(const ast::File& program, const SourceSet& sources,
                              const LowerOptions& options) {
  ir::Context cx(program, sources, options.pathBase);
  ir::Json tests = ir::Json::array();
  for (const ast::Test& t : program.tests) tests.push_back(lowerTest(t, cx));
  ir::Json j;
  j["testsVersion"] = 1;
  j["tests"] = std::move(tests);
  return j;
}

} // namespace locus
