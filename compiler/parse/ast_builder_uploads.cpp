// AST building for uploads: fields, MIME lists and the store.
#include "compiler/parse/ast_builder_internal.h"

namespace locus::ast_build {

// ---------------------------------------------------------------------------------- uploads

Upload AstBuilder::upload(P::UploadContext* ctx) {
  Upload up;
  up.name = ident(ctx->ident());
  up.span = span(ctx);
  for (P::UploadMemberContext* m : ctx->uploadMember()) {
    auto addProps = [&](const std::vector<P::UploadPropContext*>& list, std::vector<Arg>& out,
                        UploadField* field) {
      for (P::UploadPropContext* p : list) {
        if (auto* mime = as<P::MimePropContext>(p)) {
          if (!field) continue;
          field->mimeSpan = span(mime->mimeList());
          for (P::MimeTypeContext* mt : mime->mimeList()->mimeType())
            field->mime.push_back(text(mt));
        } else if (auto* v = as<P::ValuePropContext>(p)) {
          Ident key = ident(v->IDENT());
          ExprPtr value = expr(v->expr());
          if (field && key.name == "mime" && value->kind == ExprKind::Array) {
            field->mimeSpan = value->span;
            for (Arg& a : value->args) field->mime.push_back(a.value->text);
          }
          out.push_back(Arg{std::move(key), std::move(value)});
        } else if (auto* f = as<P::FlagPropContext>(p)) {
          Ident key = ident(f->IDENT());
          if (field && key.name == "required") field->required = true;
          out.push_back(Arg{key, makeExpr(ExprKind::Bool, "true", key.span)});
        }
      }
    };
    if (auto* f = as<P::UploadFieldContext>(m)) {
      UploadField field;
      field.name = ident(f->ident());
      field.span = span(f);
      addProps(f->uploadProp(), field.props, &field);
      up.fields.push_back(std::move(field));
    } else if (auto* nf = as<P::NamedUploadFieldContext>(m)) {
      UploadField field; // `field name: "avatar" …` (docs form)
      field.name = Ident{unescape(text(nf->STRING())), span(nf->STRING())};
      field.span = span(nf);
      addProps(nf->uploadProp(), field.props, &field);
      up.fields.push_back(std::move(field));
    } else if (auto* s = as<P::UploadStoreContext>(m)) {
      up.hasStore = true;
      up.storeSpan = span(s);
      if (s->ident()) { // `store: local` is short for `store strategy: local`
        Ident strategy = ident(s->ident());
        up.store.push_back(Arg{Ident{"strategy", strategy.span},
                               makeExpr(ExprKind::Name, strategy.name, strategy.span)});
      }
      addProps(s->uploadProp(), up.store, nullptr);
    }
  }
  return up;
}

} // namespace locus::ast_build
