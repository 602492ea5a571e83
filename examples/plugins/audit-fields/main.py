# audit-fields: every entity gets `createdAt` and `updatedAt` (DateTime, columns created_at and
# updated_at) before the generators run, so the SQL, the API and the web types all carry them.
# The IR is never edited in place: the plugin answers with a JSON Patch (RFC 6902) that the host
# applies and validates against the IR schema.
from locus_plugin import Plugin

plugin = Plugin("audit-fields", "1.0.0")

AUDIT_FIELDS = [("createdAt", "created_at"), ("updatedAt", "updated_at")]


def audit_field(name, column, span):
    return {"kind": "field", "name": name, "column": column, "type": "DateTime", "alias": None,
            "list": False, "optional": False, "nullable": False, "attributes": {},
            "customAttributes": [], "span": span}


@plugin.hook("onPreGenerate")
def add_audit_fields(params):
    patch = []
    for index, entity in enumerate(params["ir"].get("entities", [])):
        present = {field["name"] for field in entity.get("fields", [])}
        for name, column in AUDIT_FIELDS:
            if name in present:
                continue  # the project declared it itself; its definition wins
            patch.append({"op": "add", "path": "/entities/%d/fields/-" % index,
                          "value": audit_field(name, column, entity.get("span"))})
    return {"patch": patch}


plugin.run()
