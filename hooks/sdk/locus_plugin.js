// Locus plugin SDK for Node: protocol v1, one file, no dependencies.
//
// Copy this file next to your plugin's main.js. A plugin registers functions and calls run():
//
//   const { Plugin, PluginError } = require('./locus_plugin.js');
//   const plugin = new Plugin('my-plugin', '1.0.0');
//   plugin.hook('onPostValidate', (program) => ({ diagnostics: [] }));
//   plugin.step('slack_post', async (params, context) => ({ sent: true }));
//   plugin.generator('fastapi', (ir, options) => ({ files: { 'app.py': '...' } }));
//   plugin.run();
//
// Handlers may be async. console.log goes to stderr (the host's log, attributed to the plugin):
// stdout carries only the protocol. Throw PluginError(message, diagnostics) for a semantic error
// with located diagnostics; any other exception becomes an internal error. See
// docs/plugin-protocol.md.
'use strict';

const fs = require('fs');

const PROTOCOL_VERSION = 1;
const MAX_HEADER = 1024;

class PluginError extends Error {
  // `data` adds fields to the error's data, e.g. { retryable: true } for a workflow step whose
  // failure is transient (the runtime then retries the step by its retry policy).
  constructor(message, diagnostics = [], code = -32000, data = {}) {
    super(message);
    this.diagnostics = diagnostics;
    this.code = code;
    this.data = data;
  }
}

class Plugin {
  constructor(name, version) {
    this.name = name;
    this.version = version;
    this.init = {}; // the host's initialize params: core, permissions, workspace, ...
    this.hooks = new Map();
    this.steps = new Map();
    this.generators = new Map();
    this.pending = new Map(); // host-API requests in flight: id → {resolve, reject}
    this.hostNonce = 0;
    // Keep the protocol channel private; everything logged goes to stderr.
    for (const level of ['log', 'info', 'debug']) console[level] = (...args) => console.error(...args);
  }

  hook(name, handler) { this.hooks.set(name, handler); return this; }
  step(kind, handler) { this.steps.set(kind, handler); return this; }
  generator(name, handler) { this.generators.set(name, handler); return this; }

  // The host API (only while a hook or step runs; the project must grant it):
  // await plugin.secret('SLACK_TOKEN'), plugin.stateGet(key, fallback), plugin.statePut(key, value),
  // plugin.stateDelete(key), plugin.stateList(prefix), plugin.publish(event, payload, traceId)
  // — or plugin.host(method, params).
  host(method, params = {}) {
    this.hostNonce += 1;
    const id = `host-${this.hostNonce}`;
    const token = (this.init.capability || {}).token || '';
    const request = { ...params, capability: { token, nonce: this.hostNonce } };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params: request });
    });
  }
  async secret(name) { return (await this.host('secrets.get', { name })).value; }
  async stateGet(key, fallback = null) {
    const { value } = await this.host('state.get', { key });
    return value === null || value === undefined ? fallback : value;
  }
  async statePut(key, value) { await this.host('state.put', { key, value }); }
  async stateDelete(key) { await this.host('state.delete', { key }); }
  async stateList(prefix = '') { return (await this.host('state.list', { prefix })).keys; }
  async publish(event, payload, traceId) {
    return this.host('events.publish', traceId ? { event, payload, traceId } : { event, payload });
  }

  // A host answer to one of our host-API requests; false when `message` is not one.
  settleHostAnswer(message) {
    if (message.method !== undefined || !this.pending.has(message.id)) return false;
    const { resolve, reject } = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.error) reject(new PluginError(message.error.message, [], message.error.code));
    else resolve(message.result || {});
    return true;
  }

  send(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    const frame = Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
    for (let offset = 0; offset < frame.length;) {
      try {
        offset += fs.writeSync(1, frame, offset);
      } catch (error) {
        if (error.code !== 'EAGAIN') throw error; // a full non-blocking pipe: try again
      }
    }
  }

  async dispatch(method, params) {
    if (method === 'initialize') {
      this.init = params || {};
      return {
        name: this.name, version: this.version, protocol: PROTOCOL_VERSION,
        hooks: [...this.hooks.keys()].sort(), steps: [...this.steps.keys()].sort(),
        generators: [...this.generators.keys()].sort(),
      };
    }
    if (method === 'executeStep') {
      const handler = this.steps.get(params.kind);
      if (!handler) throw new PluginError(`unknown step kind '${params.kind}'`, [], -32601);
      const context = { runId: params.runId, stepId: params.stepId, attempt: params.attempt };
      return { output: await handler(params.params, context) };
    }
    if (method === 'generate') {
      const handler = this.generators.get(params.generator);
      if (!handler) throw new PluginError(`unknown generator '${params.generator}'`, [], -32601);
      return await handler(params.ir, params.options || {});
    }
    const handler = this.hooks.get(method);
    if (!handler) throw new PluginError(`method '${method}' is not handled by this plugin`, [], -32601);
    const result = await handler(params);
    return result === undefined || result === null ? {} : result;
  }

  async answer(message) {
    const id = message.id === undefined ? null : message.id;
    if (message.method === 'shutdown') {
      this.send({ jsonrpc: '2.0', id, result: {} });
      process.exit(0);
    }
    let reply;
    try {
      reply = { jsonrpc: '2.0', id, result: await this.dispatch(message.method, message.params || {}) };
    } catch (error) {
      if (error instanceof PluginError) {
        reply = { jsonrpc: '2.0', id, error: { code: error.code, message: error.message } };
        const data = { ...(error.data || {}) };
        if (error.diagnostics.length) data.diagnostics = error.diagnostics;
        if (Object.keys(data).length) reply.error.data = data;
      } else {
        const trace = error && error.stack ? error.stack : String(error);
        console.error(trace);
        reply = { jsonrpc: '2.0', id, error: { code: -32603, message: `internal error: ${error}`, data: { traceback: trace } } };
      }
    }
    if (message.id !== undefined) this.send(reply);
  }

  run() {
    let buffer = Buffer.alloc(0);
    let queue = Promise.resolve(); // one request at a time, in order
    process.stdin.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buffer.length > MAX_HEADER) throw new Error('malformed frame header');
          return;
        }
        const match = /content-length:\s*(\d+)/i.exec(buffer.subarray(0, end).toString('ascii'));
        if (!match) throw new Error('frame without Content-Length');
        const length = Number(match[1]);
        if (buffer.length < end + 4 + length) return;
        const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
        buffer = buffer.subarray(end + 4 + length);
        if (this.settleHostAnswer(message)) continue;
        queue = queue.then(() => this.answer(message));
      }
    });
    process.stdin.on('end', () => queue.then(() => process.exit(0)));
  }
}

module.exports = { Plugin, PluginError, PROTOCOL_VERSION };
