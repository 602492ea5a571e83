"""compose-deploy: a deploy target for `locusc deploy` (docs/deploy.md).

onDeploy `prepare`: answers a docker-compose.yml for the new release, which locusc writes into
the release folder before it goes live; `docker compose -f <target>/current/docker-compose.yml
up -d` then runs the live release. The release folder is mounted read-only into the container,
and the database file or URL comes from [deploy.ENV] options. onDeploy `live` and onRollback
append one line each to deploys.log in the plugin's workspace (.locus/workspaces/compose-deploy/).

[deploy.ENV.options] read here: image (default "debian:bookworm-slim"), port (default 8080),
service (default: the environment's name), database (default "/data/state.db").
"""
import json
import time

from locus_plugin import Plugin

plugin = Plugin("compose-deploy", "1.0.0")


def compose_file(target):
    options = target.get("options") or {}
    service = options.get("service", target["env"])
    port = int(options.get("port", 8080))
    if not 1 <= port <= 65535:
        raise ValueError("options.port must be a TCP port, not %r" % port)
    lines = [
        "# Written by the compose-deploy plugin for release %s of %s." % (target["release"], target["env"]),
        "name: %s" % json.dumps(service),
        "services:",
        "  app:",
        "    image: %s" % json.dumps(options.get("image", "debian:bookworm-slim")),
        "    working_dir: /app",
        "    command: %s" % json.dumps(["locus", "serve", "--bundle", "/app/workflows/bundle.json",
                                        "--port", str(port),
                                        "--db", options.get("database", "/data/state.db")]),
        "    ports:",
        "      - %s" % json.dumps("%d:%d" % (port, port)),
        "    volumes:",
        "      - %s" % json.dumps("%s:/app:ro" % target["releaseDir"]),
        "      - \"data:/data\"",
        "    labels:",
        "      locus.release: %s" % json.dumps(target["release"]),
        "    restart: unless-stopped",
        "volumes:",
        "  data: {}",
    ]
    return "\n".join(lines) + "\n"


def log(event, target):
    entry = {"event": event, "env": target["env"], "release": target.get("release"),
             "from": target.get("from"), "reason": target.get("reason"), "at": int(time.time())}
    with open("/workspace/deploys.log", "a") as f:
        f.write(json.dumps(entry) + "\n")


@plugin.hook("onDeploy")
def on_deploy(params):
    target = params["target"]
    if params["phase"] == "prepare":
        try:
            return {"files": {"docker-compose.yml": compose_file(target)}}
        except ValueError as e:
            return {"diagnostics": [{"severity": "error", "code": "COMPOSE001",
                                     "message": str(e)}]}
    log("live", target)
    return {}


@plugin.hook("onRollback")
def on_rollback(params):
    log("rollback-" + params["phase"], params["target"])
    return {}


plugin.run()
