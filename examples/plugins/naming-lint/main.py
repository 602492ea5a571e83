# naming-lint: reports entities whose name is not PascalCase (error: NAMING001) and fields whose
# name is not camelCase (warning: NAMING002), each located at the declaration, from the AST the
# host sends to onPostValidate.
import re

from locus_plugin import Plugin

plugin = Plugin("naming-lint", "1.0.0")

PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
CAMEL = re.compile(r"^[a-z][A-Za-z0-9]*$")


def pascal(name):
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-]+", name) if part)


def camel(name):
    text = pascal(name)
    return text[:1].lower() + text[1:]


def nodes_of_kind(node, kind):
    """Every AST object of `kind`, wherever it sits (entities live inside database blocks)."""
    if isinstance(node, dict):
        if node.get("kind") == kind:
            yield node
        for value in node.values():
            yield from nodes_of_kind(value, kind)
    elif isinstance(node, list):
        for item in node:
            yield from nodes_of_kind(item, kind)


def diagnostic(severity, code, message, span):
    return {"severity": severity, "code": code, "message": message, "span": span}


@plugin.hook("onPostValidate")
def lint(params):
    found = []
    for entity in nodes_of_kind(params["ast"], "entity"):
        name = entity["name"]
        if not PASCAL.match(name):
            found.append(diagnostic("error", "NAMING001",
                                    "entity '%s' is not PascalCase; rename it '%s'"
                                    % (name, pascal(name)), entity.get("span")))
        for field in entity.get("fields", []):
            if field.get("kind") == "field" and not CAMEL.match(field["name"]):
                found.append(diagnostic("warning", "NAMING002",
                                        "field '%s.%s' is not camelCase; rename it '%s'"
                                        % (name, field["name"], camel(field["name"])),
                                        field.get("span")))
    return {"diagnostics": found}


plugin.run()
