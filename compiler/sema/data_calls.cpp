// The data functions: find(Entity, where?, orderBy?, take?, skip?), findOne(Entity, where?),
// create(Entity, data), update(Entity, id, data), delete(Entity, id). Arguments are positional
// or named; the entity comes first and the keys of where/data/orderBy objects are its fields.
#include "compiler/base/suggest.h"
#include "compiler/sema/code_checker.h"

namespace locus {

namespace {

using Kind = Type::Kind;

struct DataSignature {
  std::vector<std::string> params; // params[0] is always the entity
  size_t required;
};

const DataSignature& signatureOf(const std::string& fn) {
  static const DataSignature find{{"entity", "where", "orderBy", "take", "skip"}, 1};
  static const DataSignature findOne{{"entity", "where"}, 1};
  static const DataSignature create{{"entity", "data"}, 2};
  static const DataSignature update{{"entity", "id", "data"}, 3};
  static const DataSignature remove{{"entity", "id"}, 2};
  if (fn == "find") return find;
  if (fn == "findOne") return findOne;
  if (fn == "create") return create;
  if (fn == "update") return update;
  return remove;
}

std::string usage(const std::string& fn) {
  if (fn == "find") return "find(Entity, where: { … }, orderBy: { … }, take: n, skip: n)";
  if (fn == "findOne") return "findOne(Entity, where: { … })";
  if (fn == "create") return "create(Entity, { field: value, … })";
  if (fn == "update") return "update(Entity, id, { field: value, … })";
  return "delete(Entity, id)";
}

std::string withHint(std::string message, const std::string& hint) {
  return hint.empty() ? message : message + "; " + hint;
}

} // namespace

const ast::Entity* CodeChecker::dataEntity(const ast::Expr& call, const ast::Expr* arg,
                                           const std::string& fn) {
  if (!arg) {
    sink_.emit(DiagKind::InvalidDataCall, call.span,
               fn + " needs an entity as its first argument: " + usage(fn));
    return nullptr;
  }
  std::vector<std::string> entities = symbols_.entityNames();
  if (arg->kind == ast::ExprKind::Name || arg->kind == ast::ExprKind::String) {
    std::optional<Sym> sym = arg->kind == ast::ExprKind::Name ? lookup(arg->text) : std::nullopt;
    bool shadowed = sym && sym->kind != SymKind::Entity;
    auto it = symbols_.entities.find(arg->text);
    if (it != symbols_.entities.end() && !shadowed) {
      if (arg->kind == ast::ExprKind::Name) return it->second;
      sink_
          .emit(DiagKind::InvalidDataCall, arg->span,
                fn + " takes the entity by name, not as a string: write " + arg->text)
          .suggestion = arg->text;
      return it->second;
    }
    sink_
        .emit(DiagKind::InvalidDataCall, arg->span,
              withHint("'" + arg->text + "' is not an entity; " + fn +
                           " needs an entity as its first argument",
                       didYouMean(arg->text, entities)))
        .suggestion = closestMatch(arg->text, entities);
    return nullptr;
  }
  infer(*arg);
  sink_.emit(DiagKind::InvalidDataCall, arg->span,
             fn + " needs an entity name as its first argument: " + usage(fn));
  return nullptr;
}

void CodeChecker::checkFieldObject(const ast::Expr& obj, const ast::Entity& entity,
                                   const std::string& role) {
  std::vector<std::string> fields = fieldNames(entity);
  for (const ast::Arg& a : obj.args) {
    if (!a.value) continue;
    Type value = infer(*a.value);
    const std::string& key = a.name.name;
    if (role == "where" && (key == "AND" || key == "OR" || key == "NOT")) continue;
    std::optional<Type> field = fieldType(entity, key, symbols_);
    if (!field) {
      sink_
          .emit(DiagKind::UnknownMember, a.name.span.valid() ? a.name.span : a.value->span,
                withHint("entity '" + entity.name.name + "' has no field '" + key + "' (in " +
                             role + ")",
                         didYouMean(key, fields)))
          .suggestion = closestMatch(key, fields);
      continue;
    }
    // A where value may be a filter object ({ gt: 5 }); only a plain value is compared.
    bool comparable = role == "data" || (role == "where" && isPrimitive(value));
    if (comparable && !reportValueOutsideEnum(*field, value, a.value->span, sink_) &&
        certainlyIncompatible(*field, value))
      sink_.emit(DiagKind::TypeMismatch, a.value->span,
                 "field '" + key + "' of '" + entity.name.name + "' is " + typeName(*field) +
                     ", but a " + typeName(value) + " is given");
  }
}

Type CodeChecker::checkDataCall(const ast::Expr& call, const std::string& fn) {
  const DataSignature& sig = signatureOf(fn);
  std::vector<const ast::Arg*> slots(sig.params.size(), nullptr);
  size_t next = 0;
  for (const ast::Arg& a : call.args) {
    size_t slot = sig.params.size();
    if (a.name.name.empty()) {
      slot = next++;
    } else {
      for (size_t i = 1; i < sig.params.size(); ++i)
        if (sig.params[i] == a.name.name) slot = i;
    }
    if (slot < sig.params.size() && !slots[slot]) {
      slots[slot] = &a;
      continue;
    }
    std::vector<std::string> names(sig.params.begin() + 1, sig.params.end());
    std::string msg = !a.name.name.empty() && slot == sig.params.size()
                          ? withHint(fn + " has no argument '" + a.name.name + "'",
                                     didYouMean(a.name.name, names))
                          : fn + " is given too many arguments";
    sink_.emit(DiagKind::InvalidDataCall, a.name.span.valid() ? a.name.span : call.span,
               msg + "; " + usage(fn));
    if (a.value) infer(*a.value);
  }
  const ast::Entity* entity = dataEntity(call, slots[0] ? slots[0]->value.get() : nullptr, fn);
  // Without a valid entity the arguments are probably shifted: report only the entity.
  for (size_t i = 1; i < sig.required && entity; ++i)
    if (!slots[i])
      sink_.emit(DiagKind::InvalidDataCall, call.span,
                 fn + " needs its " + sig.params[i] + " argument: " + usage(fn));
  for (size_t i = 1; i < slots.size(); ++i) {
    if (!slots[i] || !slots[i]->value) continue;
    const ast::Expr& value = *slots[i]->value;
    const std::string& role = sig.params[i];
    bool fieldKeyed = role == "where" || role == "data" || role == "orderBy";
    if (fieldKeyed && entity && value.kind == ast::ExprKind::Object) {
      checkFieldObject(value, *entity, role);
      continue;
    }
    Type t = infer(value);
    if ((role == "take" || role == "skip") &&
        (t.is(Kind::String) || t.is(Kind::Bool) || t.is(Kind::List) || t.is(Kind::Object)))
      sink_.emit(DiagKind::TypeMismatch, value.span,
                 fn + " " + role + " needs a number, not a " + typeName(t));
  }
  if (!entity) return Type::any();
  Type row = Type::entityOf(entity->name.name);
  if (fn == "find") return Type::listOf(row);
  if (fn == "delete") return Type::any();
  return row;
}

} // namespace locus
