#!/usr/bin/env python3
"""Generates a synthetic Locus project of a chosen size for benchmarks.

The shapes copy conformance/peer-corpus/synthetic/medium (the project the peer was timed on), so
figures for our compiler and the peer's are comparable: entities with scalar fields, attributes and
a belongs_to/has_many chain with FK fields; pages with state, on load, an action and ui; components
with params and ui; workflows with trigger, steps, retry and concurrency.

Default size is the peer's "L" project (500 entities, 200 pages/components/workflows: ~16k lines,
~400 KB); `--size M` reproduces synthetic/medium's counts (100/50/50/50).
"""

import argparse
import os
import sys

SIZES = {
    "S": (10, 5, 5, 5),
    "M": (100, 50, 50, 50),
    "L": (500, 200, 200, 200),
}


def entity(i, count):
    lines = [
        f"  entity E{i} {{",
        "    name: String @unique",
        "    title: String?",
        "    body: Text",
        "    count: Integer @default(0) @min(0) @max(1000)",
        "    price: Decimal",
        "    active: Boolean @default(true)",
        "    createdAt: DateTime @default(now())",
        "    tags: String[]",
        "    meta: Json",
    ]
    if i > 0:
        lines += [f"    parent: belongs_to E{i - 1}", "    parentId: Integer"]
    if i + 1 < count:
        lines.append(f"    children: has_many E{i + 1}")
    lines.append("  }")
    return lines


def database(entities):
    out = ["database {"]
    for i in range(entities):
        out += entity(i, entities)
    out.append("}")
    return out


def page(i, components):
    # A page uses the component with its own index when there is one (as in medium, where the
    # counts are equal); otherwise it wraps in a plain element so any count combination validates.
    if components > 0:
        card = f"Card{i % components}"
        inner = f"<{card} title={{name}} items={{items}}>child</{card}>"
    else:
        inner = "<p>{name}</p>"
    return [
        f"page Page{i} {{",
        "  state {",
        "    items: list of String = []",
        '    name: String = ""',
        "    loading: Boolean = true",
        "  }",
        "  on load {",
        "    setLoading(false)",
        "  }",
        f"  action doThing{i}(x: String) {{",
        "    setName(x)",
        "  }",
        "  ui {",
        "    <Stack>",
        f"      <h1>Page {i}</h1>",
        "      <Input bind:value={name} />",
        f"      <Button on:click={{doThing{i}}}>Go</Button>",
        f"      <if condition={{loading}}><p>Loading</p></if><else>{inner}</else>",
        "    </Stack>",
        "  }",
        "}",
    ]


def component(i):
    return [
        f"component Card{i} {{",
        "  param title: String",
        "  param items: list of String",
        "  ui {",
        "    <Stack>",
        "      <Text>{title}</Text>",
        "      <ul><li for:each={it in items}>{it}</li></ul>",
        "      {children}",
        "    </Stack>",
        "  }",
        "}",
    ]


def workflow(i, entities, pages, delay):
    # `run` targets are page actions (doThingN) and the trigger names an entity, so both wrap
    # around the available counts.
    a, b, c = (f"doThing{(i + k) % pages}" for k in range(3))
    ent = f"E{i % entities}"
    return [
        f"workflow Flow{i} {{",
        f"  trigger {{ on:create({ent}) }}",
        "  steps {",
        f"    const r = run {a}(userId)",
        f"    branch {{ condition: r steps {{ run {b}(r) }} else {{ run {c}(userId) }} }}",
        f"    forEach item in items {{ run {a}(item) }}",
        "    send_email { to: userEmail, subject: Hello, template: hello.html }",
        f"    {delay}",
        "  }",
        "  retry { max: 3, backoff: exponential, factor: 2 }",
        f"  concurrency {{ group: g{i}, limit: 5 }}",
        f"  on_error {{ {a} }}",
        "}",
    ]


THEME = [
    "design_system {",
    "  colors {",
    '    "light" { primary: "#007aff" background: "#ffffff" text: "#1c1c1e" }',
    '    "dark" { primary: "#0a84ff" background: "#1c1c1e" text: "#f2f2f7" }',
    "  }",
    '  typography { fontFamily: "Inter" baseSize: "16px" weights { regular: 400 bold: 700 } }',
    '  spacing { sm: "4px" md: "8px" lg: "16px" }',
    "}",
]


def generate(entities, pages, components, workflows, clean=False):
    """Returns {file name: text}."""
    # The peer's `delay { }` draws our W0519 (it waits for nothing); --clean avoids warnings.
    delay = "delay 5s" if clean else "delay { }"
    files = {"database.locus": database(entities), "theme.locus": THEME}
    if pages:
        files["pages.locus"] = [line for i in range(pages) for line in page(i, components)]
    if components:
        files["components.locus"] = [line for i in range(components) for line in component(i)]
    if workflows:
        files["workflows.locus"] = [
            line for i in range(workflows) for line in workflow(i, entities, pages, delay)
        ]
    return {name: "\n".join(lines) + "\n" for name, lines in files.items()}


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", choices=sorted(SIZES), help="preset counts (default L)")
    p.add_argument("--entities", type=int)
    p.add_argument("--pages", type=int)
    p.add_argument("--components", type=int)
    p.add_argument("--workflows", type=int)
    p.add_argument("--clean", action="store_true",
                   help="write `delay 5s` instead of the peer's `delay { }` (no W0519 warnings)")
    p.add_argument("--out", required=True, help="output directory (created if missing)")
    args = p.parse_args(argv)

    e, pg, c, w = SIZES[args.size or "L"]
    e = e if args.entities is None else args.entities
    pg = pg if args.pages is None else args.pages
    c = c if args.components is None else args.components
    w = w if args.workflows is None else args.workflows
    if e < 1:
        p.error("--entities must be at least 1 (workflow triggers name an entity)")
    if w > 0 and pg < 1:
        p.error("workflows need at least one page (their steps run page actions)")

    os.makedirs(args.out, exist_ok=True)
    total_lines = total_bytes = 0
    for name, text in generate(e, pg, c, w, args.clean).items():
        with open(os.path.join(args.out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        total_lines += text.count("\n")
        total_bytes += len(text.encode("utf-8"))
    print(
        f"{args.out}: {e} entities, {pg} pages, {c} components, {w} workflows; "
        f"{total_lines} lines, {total_bytes} bytes",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
