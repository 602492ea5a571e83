#!/usr/bin/env python3
"""Random well-typed Locus programs and one-token mutants of them, for differential testing:
every program `locusc check` accepts must generate TypeScript that passes `tsc --strict` and SQL
that applies (tests/difftest/run.sh drives it).

  gen_program.py --seed N --out DIR [--mutate]

writes DIR/app.locus: an enum, entities (scalars of every primitive and the enum, optional and
nullable fields, defaults,
belongs_to/has_many, many-to-many), a store, components with params (required, defaulted,
optional), pages with state, `on load`, actions (operators, calls, data functions, null checks,
loops), markup (for:each, if/elseif/else, component uses, on:/bind: directives), a server action,
a workflow and an upload. With --mutate one token of the program is replaced, inserted or
removed, so the checker sees near-miss programs too."""
import argparse
import random
import re

PRIMS = [("String", '"s"'), ("Text", '"t"'), ("Integer", "1"), ("Decimal", "2.5"),
         ("Boolean", "true"), ("Email", '"a@b.c"'), ("URL", '"https://x.y"'), ("Phase", '"beta"')]
ENUM = "enum Phase { alpha beta gamma }"
PHASES = ["alpha", "beta", "gamma"]


class Gen:
    def __init__(self, rnd):
        self.r = rnd
        self.entities = []  # (name, [(field, type, optional)])

    def name(self, prefix):
        return prefix + str(self.r.randrange(1000))

    def entity_block(self):
        n = self.r.randint(2, 4)
        names = []
        while len(names) < n:
            nm = self.r.choice(["Project", "Task", "Owner", "Tag", "Note", "Team", "Item"])
            if nm not in names:
                names.append(nm)
        out = ["database {"]
        for i, nm in enumerate(names):
            fields = []
            lines = []
            for j in range(self.r.randint(1, 4)):
                t, lit = self.r.choice(PRIMS)
                f = "f%d%s" % (j, t.lower())
                suffix = self.r.choice(["", "", "?", " | Null"])
                attr = ""
                if suffix == "" and self.r.random() < 0.4:
                    attr = " @default(%s)" % lit
                if t == "String" and suffix == "" and self.r.random() < 0.2:
                    attr += " @length(0, 200)"
                lines.append("    %s: %s%s%s" % (f, t, suffix, attr))
                fields.append((f, t, suffix != ""))
            self.entities.append((nm, fields))
            out.append("  entity %s {" % nm)
            out += lines
            if i > 0:  # belongs_to the previous entity, which has_many of this one
                prev = names[i - 1]
                out.append("    %s: belongs_to %s inverse: %ss" % (prev.lower(), prev, nm.lower()))
                out.append("    %sId: Integer" % prev.lower())
            if i + 1 < len(names):
                nxt = names[i + 1]
                out.append("    %ss: has_many %s inverse: %s" % (nxt.lower(), nxt, nm.lower()))
            out.append("  }")
        if len(names) >= 2 and self.r.random() < 0.5:  # many-to-many between two new entities
            out.append("  entity Label { text: String  posts: has_many Post inverse: labels }")
            out.append("  entity Post { body: Text?  labels: has_many Label inverse: posts }")
        out.append("}")
        return "\n".join(out)

    def num_expr(self, depth=0):
        c = self.r.randrange(5 if depth < 2 else 2)
        if c == 0:
            return str(self.r.randrange(100))
        if c == 1:
            return "count"
        if c == 2:
            return "(%s %s %s)" % (self.num_expr(depth + 1), self.r.choice("+-*"), self.num_expr(depth + 1))
        if c == 3:
            return "len(items)"
        return "-%s" % self.num_expr(depth + 1)

    def phase_expr(self):
        c = self.r.randrange(3)
        if c == 0:
            return '"%s"' % self.r.choice(PHASES)
        if c == 1:
            return "phase"
        return 'flag ? "%s" : "%s"' % (self.r.choice(PHASES), self.r.choice(PHASES))

    def str_expr(self, depth=0):
        c = self.r.randrange(4 if depth < 2 else 2)
        if c == 0:
            return '"%s"' % self.r.choice(["a", "b c", "x\\ty", "q\\\"r", "z\\0"])
        if c == 1:
            return "label"
        if c == 2:
            return "%s + %s" % (self.str_expr(depth + 1), self.r.choice([self.num_expr(2), self.str_expr(2)]))
        return "String(%s)" % self.num_expr(depth + 1)

    def bool_expr(self, depth=0):
        c = self.r.randrange(5 if depth < 2 else 2)
        if c == 0:
            return self.r.choice(["true", "false"])
        if c == 1:
            return "flag"
        if c == 2:
            return "%s %s %s" % (self.num_expr(2), self.r.choice(["<", ">=", "==", "!="]), self.num_expr(2))
        if c == 3:
            return "%s && %s" % (self.bool_expr(depth + 1), self.bool_expr(depth + 1))
        return "!(%s)" % self.bool_expr(depth + 1)  # `!a < b` would negate `a` alone

    def stmt(self, ent, depth=0):
        c = self.r.randrange(10 if depth < 2 else 4)
        fields = dict((f, (t, o)) for f, t, o in self.entities[[e[0] for e in self.entities].index(ent)][1])
        if c == 0:
            return "count = %s" % self.num_expr()
        if c == 1:
            return "label = %s" % self.str_expr()
        if c == 2:
            return "flag = %s" % self.bool_expr()
        if c == 3:
            return "items = find(%s, take: %d)" % (ent, self.r.randint(1, 20))
        if c == 4:
            body = " ".join(self.stmt(ent, depth + 1) for _ in range(self.r.randint(1, 2)))
            return "if %s { %s } else { %s }" % (self.bool_expr(), body, self.stmt(ent, depth + 1))
        if c == 5:
            return "for it in items { count = count + 1 }"
        if c == 6:  # null check then member access
            f = self.r.choice(list(fields))
            t, opt = fields[f]
            read = "selected.%s" % f
            if t == "Phase" and not opt and self.r.random() < 0.5:
                return "if selected != null { phase = %s }" % read
            if t in ("String", "Text", "Email", "URL", "Phase") and not opt:
                return "if selected != null { label = %s }" % read
            return "if selected != null { log(%s) }" % read
        if c == 8:
            return "phase = %s" % self.phase_expr()
        if c == 9:
            return 'if phase == "%s" { label = phase }' % self.r.choice(PHASES)
        return "toast(%s)" % self.str_expr()

    def component(self):
        return """component Badge {
  param text: String
  param size: Integer = 1
  param hint: String?
  param onPick: Json?
  ui { <span on:click={onPick}>{text} {size}<slot name="extra"/>{children}</span> }
}"""

    def page(self, i):
        ent = self.r.choice(self.entities)[0]
        lines = ["page Page%d {" % i,
                 "  state { items: %s[] = []  selected: %s? = null  count: Integer = 0  "
                 "label: String = \"\"  flag: Boolean = false  phase: Phase = \"alpha\" }" % (ent, ent),
                 "  on load { items = find(%s, take: 10) }" % ent]
        for a in range(self.r.randint(1, 3)):
            body = "\n    ".join(self.stmt(ent) for _ in range(self.r.randint(1, 4)))
            lines.append("  action act%d(n: Integer) {\n    %s\n  }" % (a, body))
        lines.append("  action pick(x: %s) { selected = x }" % ent)
        ui = ["<div>",
              "  <Badge text={label} size={count} on:pick={act0(1)}/>",
              "  <if condition={flag}><Text>yes</Text></if><else><Text>no</Text></else>",
              "  <ul><li for:each={it in items} on:click={pick(it)}>{it.id}</li></ul>",
              "  <input bind:value={label}/>",
              "  <button on:click={act0(%s)}>{count}</button>" % self.num_expr(2),
              "</div>"]
        lines.append("  ui {\n    %s\n  }" % "\n    ".join(ui))
        lines.append("}")
        return "\n".join(lines)

    def program(self):
        parts = [ENUM, self.entity_block(), self.component(),
                 "store Prefs { state { theme: String = \"light\" } action toggle() { theme = theme == \"light\" ? \"dark\" : \"light\" } }"]
        for i in range(self.r.randint(1, 3)):
            parts.append(self.page(i))
        ent = self.entities[0][0]
        parts.append("action touch(id: Integer): Integer {\n  const row = findOne(%s, where: { id: id })\n  return id\n}" % ent)
        parts.append("workflow Nightly {\n  trigger { on:schedule(\"0 3 * * *\") }\n  steps { run touch(1) }\n  retry { max: 2, backoff: exponential, delay: 1s }\n}")
        if self.r.random() < 0.5:
            parts.append("upload Files {\n  field doc maxSize: 10MB mime: [\"application/pdf\"]\n  store strategy: local path: \"uploads\" naming: hash\n}")
        return "\n\n".join(parts) + "\n"


TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|==|!=|<=|>=|&&|\|\||[^\sA-Za-z0-9_]')
REPLACEMENTS = ["0", "\"x\"", "true", "null", "[]", "count", "label", "flag", "items", "selected",
                "+", "-", "==", "<", "&&", ".", "?", "String", "Integer", "Intger", "len", "toast",
                "find", "Badge", "text", "size", "click", "clik", "{", "}", "(", ")", ",", "Project",
                "Phase", "phase", "\"gamma\"", "\"gama\""]


def mutate(text, rnd):
    spans = [m.span() for m in TOKEN.finditer(text)]
    a, b = rnd.choice(spans)
    op = rnd.randrange(3)
    if op == 0:
        return text[:a] + rnd.choice(REPLACEMENTS) + text[b:]
    if op == 1:
        return text[:a] + rnd.choice(REPLACEMENTS) + " " + text[a:]
    return text[:a] + text[b:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mutate", action="store_true")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    text = Gen(rnd).program()
    if args.mutate:
        text = mutate(text, rnd)
    import os
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "app.locus"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
