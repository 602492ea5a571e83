// AST building for `test "name" { … }` blocks (locusc test).
#include "compiler/parse/ast_builder_internal.h"

namespace locus::ast_build {

Test AstBuilder::test(P::TestBlockContext* ctx) {
  Test t;
  t.span = span(ctx);
  if (ctx->STRING()) {
    t.name = unescape(text(ctx->STRING()));
    t.nameSpan = span(ctx->STRING());
  }
  for (P::TestMemberContext* m : ctx->testMember()) {
    if (auto* g = as<P::GivenMemberContext>(m)) {
      Block b = block(g->block());
      for (Stmt& s : b) t.given.push_back(std::move(s));
    } else if (auto* s = as<P::StubMemberContext>(m)) {
      TestStub stub;
      std::vector<P::IdentContext*> names = s->ident();
      if (!names.empty()) stub.kind = ident(names[0]);
      if (names.size() > 1) stub.name = ident(names[1]);
      stub.throws = s->THROWS() != nullptr;
      stub.value = expr(s->expr());
      stub.span = span(s);
      t.stubs.push_back(std::move(stub));
    } else if (auto* r = as<P::RunMemberContext>(m)) {
      t.hasRun = true;
      t.target = ident(r->ident());
      t.args = args(r->argList());
      t.runSpan = span(r);
    } else if (auto* e = as<P::ExpectMemberContext>(m)) {
      t.expects.push_back(expr(e->expr()));
    }
  }
  return t;
}

} // namespace locus::ast_build
