// notify-step: a community-style plugin written with the Node SDK (hooks/sdk/locus_plugin.js,
// copied next to this file when the plugin is packaged). It registers one workflow step kind:
//
//   notify { url: "https://hooks.example.com/T0/B0", message: "order ${id} shipped" }
//
// The step POSTs a JSON notification and returns {status, delivered}. It needs the `network`
// permission, which the project grants in Locus.toml:  [plugins.notify-step] allow = { network = true }
'use strict';
const http = require('http');
const https = require('https');
const { Plugin, PluginError } = require('./locus_plugin.js');

const plugin = new Plugin('notify-step', '1.0.0');

function post(url, body, timeoutMs) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    const request = client.request(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length,
                 'User-Agent': 'locus-notify-step/1.0.0' },
      timeout: timeoutMs,
    }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode,
                                         body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}

plugin.step('notify', async (params, context) => {
  if (!plugin.init.permissions || !plugin.init.permissions.network)
    throw new PluginError('notify needs the network permission: add `allow = { network = true }` ' +
                          'under [plugins.notify-step] in Locus.toml');
  let target;
  try {
    target = new URL(params.url);
  } catch (error) {
    throw new PluginError(`url '${params.url}' is not a URL`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new PluginError(`url '${params.url}' must start with http:// or https://`);
  const body = { ...(params.fields || {}), message: params.message, runId: context.runId,
                 stepId: context.stepId, attempt: context.attempt };
  let response;
  try {
    response = await post(params.url, body, params.timeoutMs || 10000);
  } catch (error) {
    // Unreachable or slow receivers are transient: the runtime retries by the step's policy.
    throw new PluginError(`cannot post to ${params.url}: ${error.message}`, [], -32000,
                          { retryable: true });
  }
  if (response.status >= 500 || response.status === 429)
    throw new PluginError(`${params.url} answered ${response.status}`, [], -32000,
                          { retryable: true, status: response.status });
  if (response.status >= 400)
    throw new PluginError(`${params.url} refused the notification with ${response.status}: ` +
                          response.body.slice(0, 200), [], -32000, { status: response.status });
  return { status: response.status, delivered: true };
});

plugin.run();
