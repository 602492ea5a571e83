"""Locus plugin SDK for Python: protocol v1, one file, standard library only.

Copy this file next to your plugin's main.py. A plugin registers functions and calls run():

    from locus_plugin import Plugin, PluginError
    plugin = Plugin("my-plugin", "1.0.0")

    @plugin.hook("onPostValidate")
    def lint(program):
        return {"diagnostics": []}

    @plugin.step("slack_post")
    def slack_post(params, context):      # context: runId, stepId, attempt
        return {"sent": True}

    @plugin.generator("fastapi")
    def fastapi(ir, options):
        return {"files": {"python/app.py": "..."}}

    plugin.run()

Inside a hook or step the plugin may ask the host (the host API; the project must grant it):
plugin.secret("SLACK_TOKEN"), plugin.state_get(key, default), plugin.state_put(key, value),
plugin.state_delete(key), plugin.state_list(prefix) - or plugin.host(method, params).

print() goes to stderr (the host's log, attributed to the plugin): stdout carries only the
protocol. Raise PluginError(message, diagnostics=[...]) for a semantic error with located
diagnostics; any other exception becomes an internal error with the traceback on stderr.
See docs/plugin-protocol.md.
"""

import json
import os
import sys
import traceback

PROTOCOL_VERSION = 1
_MAX_HEADER = 1024


class PluginError(Exception):
    """A semantic error: the host turns it into diagnostics that name the plugin and the hook."""

    def __init__(self, message, diagnostics=None, code=-32000, data=None):
        super().__init__(message)
        self.message = message
        self.diagnostics = diagnostics or []
        self.code = code
        # Extra fields of the error's data, e.g. {"retryable": True} for a transient step failure.
        self.data = data or {}


class HostError(PluginError):
    """The host refused or failed a host-API request (not granted, quota exceeded, ...)."""


class Plugin:
    def __init__(self, name, version):
        self.name = name
        self.version = version
        self.init = {}  # the host's initialize params: core, permissions, workspace, ...
        self._hooks = {}
        self._steps = {}
        self._generators = {}
        self._stdin = sys.stdin.buffer
        self._host_nonce = 0
        # Keep the protocol channel private; everything printed goes to the log.
        self.protocol_out = os.fdopen(os.dup(1), "wb", buffering=0)
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def hook(self, name):
        def register(function):
            self._hooks[name] = function
            return function
        return register

    def step(self, kind):
        def register(function):
            self._steps[kind] = function
            return function
        return register

    def generator(self, name):
        def register(function):
            self._generators[name] = function
            return function
        return register

    # -- host API (only while a hook or step runs) -----------------------------------------
    def host(self, method, params=None):
        """Sends one host-API request with this worker's capability token and returns its result."""
        self._host_nonce += 1
        ident = "host-%d" % self._host_nonce
        request = dict(params or {})
        token = (self.init.get("capability") or {}).get("token", "")
        request["capability"] = {"token": token, "nonce": self._host_nonce}
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": request})
        reply = self._read_message(self._stdin)
        if reply is None:
            raise HostError("the host closed the connection during %s" % method)
        if reply.get("id") != ident:
            raise HostError("the host answered another request than %s" % method)
        if "error" in reply:
            error = reply["error"]
            raise HostError(error.get("message", "host error"), code=error.get("code", -32000))
        return reply.get("result") or {}

    def secret(self, name):
        return self.host("secrets.get", {"name": name})["value"]

    def state_get(self, key, default=None):
        value = self.host("state.get", {"key": key}).get("value")
        return default if value is None else value

    def state_put(self, key, value):
        self.host("state.put", {"key": key, "value": value})

    def state_delete(self, key):
        self.host("state.delete", {"key": key})

    def state_list(self, prefix=""):
        return self.host("state.list", {"prefix": prefix})["keys"]

    def publish(self, event, payload, trace_id=None):
        """Publishes plugin.<this plugin>.<event>; returns {topic, traceId, subscribers}."""
        params = {"event": event, "payload": payload}
        if trace_id:
            params["traceId"] = trace_id
        return self.host("events.publish", params)

    # -- protocol ---------------------------------------------------------------------------
    def _read_message(self, stdin):
        length = None
        header_bytes = 0
        while True:
            line = stdin.readline(_MAX_HEADER)
            if not line:
                return None  # the host closed stdin
            header_bytes += len(line)
            if header_bytes > _MAX_HEADER or not line.endswith(b"\r\n"):
                raise ValueError("malformed frame header")
            if line == b"\r\n":
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        if length is None:
            raise ValueError("frame without Content-Length")
        body = stdin.read(length)
        if len(body) != length:
            return None
        return json.loads(body.decode("utf-8"))

    def _send(self, message):
        body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.protocol_out.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _initialize(self, params):
        self.init = params or {}
        return {
            "name": self.name,
            "version": self.version,
            "protocol": PROTOCOL_VERSION,
            "hooks": sorted(self._hooks),
            "steps": sorted(self._steps),
            "generators": sorted(self._generators),
        }

    def _dispatch(self, method, params):
        if method == "initialize":
            return self._initialize(params)
        if method == "executeStep":
            function = self._steps.get(params.get("kind"))
            if function is None:
                raise PluginError("unknown step kind '%s'" % params.get("kind"), code=-32601)
            context = {k: params.get(k) for k in ("runId", "stepId", "attempt")}
            return {"output": function(params.get("params"), context)}
        if method == "generate":
            function = self._generators.get(params.get("generator"))
            if function is None:
                raise PluginError("unknown generator '%s'" % params.get("generator"), code=-32601)
            return function(params.get("ir"), params.get("options") or {})
        function = self._hooks.get(method)
        if function is None:
            raise PluginError("method '%s' is not handled by this plugin" % method, code=-32601)
        result = function(params)
        return {} if result is None else result

    def run(self):
        stdin = self._stdin
        while True:
            message = self._read_message(stdin)
            if message is None:
                return
            method, ident = message.get("method"), message.get("id")
            if method == "shutdown":
                self._send({"jsonrpc": "2.0", "id": ident, "result": {}})
                return
            try:
                result = self._dispatch(method, message.get("params") or {})
                reply = {"jsonrpc": "2.0", "id": ident, "result": result}
            except PluginError as error:
                data = dict(error.data)
                if error.diagnostics:
                    data["diagnostics"] = error.diagnostics
                reply = {"jsonrpc": "2.0", "id": ident,
                         "error": {"code": error.code, "message": error.message}}
                if data:
                    reply["error"]["data"] = data
            except Exception as error:  # a bug in the plugin: report it, keep serving
                trace = traceback.format_exc()
                sys.stderr.write(trace)
                reply = {"jsonrpc": "2.0", "id": ident,
                         "error": {"code": -32603, "message": "internal error: %r" % (error,),
                                   "data": {"traceback": trace}}}
            if ident is not None:
                self._send(reply)
