#!/usr/bin/env python3
"""Checks the layering rule of docs/design/overview.md ("Layering") over every #include line.

  base        compiler/base includes only compiler/base.
  hooks       hooks/ and runtime/{engine,store,plugins,testing} include nothing of compiler/ but base.
  front end   compiler/{lex,parse,ast,sema,diagnostics,ir,frontend,grammar} include no driver,
              generators, hooks or runtime.
  generators  generators/<x>/ includes no generators/<y>/ except common/, output/, templates/
              and the top-level generators/*.h.

Usage: check_layering.py [SOURCE_ROOT]. Prints each violation as file:line and exits 1 if any.
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
FRONT_END = ("lex", "parse", "ast", "sema", "diagnostics", "ir", "frontend", "grammar")
SHARED_GENERATOR_FOLDERS = ("common", "output", "templates")


def parts(path):
    return pathlib.PurePosixPath(path).parts


def violation(source, target):
    """Why `source` (a repository path) may not include `target`, or None."""
    s, t = parts(source), parts(target)
    if len(t) < 2:
        return None
    if s[:2] == ("compiler", "base"):
        if t[:2] != ("compiler", "base"):
            return "base includes only base"
        return None
    below_compiler = s[0] == "hooks" or (s[0] == "runtime" and s[1] in ("engine", "store", "plugins", "testing"))
    if below_compiler and t[0] == "compiler" and t[1] != "base":
        return f"{s[0]}/ uses only compiler/base of the compiler"
    if below_compiler and s[0] == "hooks" and t[0] in ("generators", "runtime", "stdlib-steps"):
        return "hooks/ sits below generators and the runtime"
    if s[0] == "compiler" and s[1] in FRONT_END:
        if t[0] in ("generators", "hooks", "runtime", "stdlib-steps") or t[:2] == ("compiler", "driver"):
            return "the front end includes no driver, generators, hooks or runtime"
    if s[0] == "generators" and t[0] == "generators" and len(s) > 2 and len(t) > 2:
        if s[1] != t[1] and t[1] not in SHARED_GENERATOR_FOLDERS:
            return f"generators/{s[1]} imports its sibling generators/{t[1]}"
    return None


def self_test():
    """The rule itself, on known cases: the check must be able to fail."""
    cases = [
        ("compiler/base/a.cpp", "compiler/base/b.h", False),
        ("compiler/base/a.cpp", "compiler/ast/ast.h", True),
        ("hooks/x/a.cpp", "compiler/base/sha256.h", False),
        ("hooks/x/a.cpp", "compiler/driver/plugin_host.h", True),
        ("runtime/engine/a.cpp", "compiler/sema/duration.h", True),
        ("runtime/cli/a.cpp", "compiler/frontend/compile.h", False),
        ("runtime/testing/a.cpp", "compiler/ir/ir.h", True),
        ("compiler/sema/a.cpp", "compiler/driver/plugin_host.h", True),
        ("compiler/parse/a.cpp", "hooks/dispatch/notify.h", True),
        ("compiler/driver/a.cpp", "generators/registry.h", False),
        ("generators/openapi/a.cpp", "generators/express/api_model.h", True),
        ("generators/openapi/a.cpp", "generators/common/api_model.h", False),
        ("generators/next/a.cpp", "generators/generator.h", False),
    ]
    for source, target, bad in cases:
        assert (violation(source, target) is not None) == bad, (source, target)


def main():
    self_test()
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    found = 0
    for folder in ("compiler", "hooks", "runtime", "generators"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".h", ".hpp", ".cpp", ".in") or not path.is_file():
                continue
            source = path.relative_to(root).as_posix()
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                why = violation(source, m.group(1))
                if why:
                    print(f"{source}:{number}: includes {m.group(1)}: {why}")
                    found += 1
    if found:
        print(f"{found} include(s) break the layering rule (docs/design/overview.md)")
        return 1
    print("layering: every include follows docs/design/overview.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
