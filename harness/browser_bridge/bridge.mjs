#!/usr/bin/env node
// The browser bridge: a client under test (docs/adapter.md, trtc-conformance-adapter/1) that
// runs the vendor's unmodified Web SDK in headless Chromium. Commands on stdin, observations on
// stdout, one JSON object a line; logs on stderr only. See README.md beside this file.
import { chromium } from 'playwright-core';
import { readFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROTOCOL = 'trtc-conformance-adapter/1';
const STEP_MS = 1000; // the page clock runs forward at most this much between two settles
const SETTLE_MS = 5000; // real-time bound of every wait for the page to settle
const CLOSE_MS = 2000; // real-time bound of closing the browser when stopped
const QUIET_MS = 30; // a frame sent without an answer counts as in flight for this long (real ms)

// ---- Options ---------------------------------------------------------------------------------
// Deliberately broken bridges: the vendor gate must fail with each (ci/vendor-sdk.sh checks it).
const BREAKAGES = ['drop-extra-code', 'swallow-join-errors'];

function parseArgs(argv) {
  const opts = { chromium: '/usr/bin/chromium', sdk: null, page: null, epoch: null, verbose: false, breakage: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--chromium') opts.chromium = value();
    else if (a === '--sdk') opts.sdk = path.resolve(value());
    else if (a === '--page') opts.page = value();
    else if (a === '--epoch') opts.epoch = Number(value());
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--break') opts.breakage = value();
    else if (a === '--help' || a === '-h') {
      process.stderr.write('usage: bridge.mjs [--chromium PATH] [--sdk PATH/trtc.js] [--page URL|FILE] [--epoch MS] [--verbose]\n' +
        '                 [--break drop-extra-code|swallow-join-errors]  (a deliberately broken bridge: the mutation check)\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (opts.breakage && !BREAKAGES.includes(opts.breakage)) throw new Error(`--break: one of ${BREAKAGES.join(', ')}`);
  opts.sdk ||= path.join(HERE, 'node_modules', 'trtc-js-sdk', 'trtc.js');
  // The page clock starts where the harness's server clock does (2023-11-14T22:13:20Z), the
  // same every run, so nothing in the page depends on when it ran.
  if (!Number.isFinite(opts.epoch)) opts.epoch = 1700000000000;
  return opts;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`bridge: ${e.message}\n`);
  process.exit(2);
}

const log = (...parts) => process.stderr.write(`[bridge ${new Date().toISOString().slice(11, 23)}] ${parts.join(' ')}\n`);
// Every command is answered exactly once: a second result for the same id is never written.
const answered = new Set();
const out = (obj) => {
  if (obj.type === 'result') {
    if (answered.has(obj.id)) return log('suppressed a second result for command', obj.id);
    answered.add(obj.id);
  }
  process.stdout.write(JSON.stringify(obj) + '\n');
};
const adapterError = (message) => {
  log('ADAPTER-ERROR', message);
  out({ type: 'adapter-error', message });
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// ---- State -------------------------------------------------------------------------------------
const S = {
  config: null,
  server: null,
  origin: null,
  browser: null,
  context: null,
  page: null,
  cdp: null,
  launching: null,
  crashed: false,
  stopped: false,
  gestured: false, // an explicit gesture (resume) has been given
  activationBroken: false,
  clockBroken: false,
  preLaunchMs: 0, // advance-clock before the page exists
  launch: null, // the launch-time platform (switches)
  platform: {
    camera: 'ok', microphone: 'ok', screen: 'ok', permissions: 'granted', autoplay: 'allowed',
    h264: true, browser: 'supported', createOffer: 'ok', network: 'online',
  },
  pending: new Map(), // command id -> {op, done}
};

const SDK_OPS = new Set(['create-client', 'join', 'leave', 'init-local-stream', 'publish', 'unpublish', 'subscribe',
  'unsubscribe', 'play', 'resume', 'switch-role', 'start-cdn', 'stop-cdn', 'start-mix', 'stop-mix', 'device-lost']);
const NO_COUNTERPART = {
  login: 'the Web SDK v4 has no RoomEngine login',
  logout: 'the Web SDK v4 has no RoomEngine logout',
  rest: 'REST calls are not made by the Web SDK',
};

// ---- HTTP: the page, the SDK file, the SDK's logger --------------------------------------------
function startServer() {
  const pageFile = opts.page && !/^https?:/.test(opts.page) ? path.resolve(opts.page) : path.join(HERE, 'page.html');
  const server = http.createServer((req, res) => {
    try {
      serve(req, res);
    } catch (e) {
      log('http', req.url, e.message);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e.message));
    }
  });
  const serve = (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    const send = (status, type, body) => { res.writeHead(status, { 'Content-Type': type }); res.end(body); };
    if (req.method === 'OPTIONS') return send(204, 'text/plain', '');
    if (url.pathname.startsWith('/v5/AVQualityReportSvc/')) {
      req.resume();
      return req.on('end', () => send(200, 'text/plain', 'ok'));
    }
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/page.html'))
      return send(200, 'text/html; charset=utf-8', readFileSync(pageFile));
    if (req.method === 'GET' && url.pathname === '/trtc.js')
      return send(200, 'text/javascript; charset=utf-8', readFileSync(opts.sdk));
    if (url.pathname === '/favicon.ico') return send(204, 'text/plain', '');
    if (opts.verbose) log('http 404', req.method, req.url);
    req.resume();
    send(404, 'text/plain', 'not found');
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      S.server = server;
      S.origin = `http://127.0.0.1:${server.address().port}`;
      resolve();
    });
  });
}

function vendorUrl(config) {
  if (config.vendorSignalingUrl) return config.vendorSignalingUrl;
  const base = new URL(config.signalingUrl);
  return `${base.protocol}//${base.host}/vendor/web-v4`;
}

// ---- Browser -----------------------------------------------------------------------------------
function chromiumArgs(launch) {
  const args = [
    '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--no-default-browser-check', '--disable-default-apps', '--disable-extensions',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    `--autoplay-policy=${launch.autoplay === 'blocked' ? 'user-gesture-required' : 'no-user-gesture-required'}`,
  ];
  const noDevices = launch.camera === 'missing' && launch.microphone === 'missing';
  if (!noDevices) args.push('--use-fake-device-for-media-stream');
  if (launch.permissions === 'denied') args.push('--deny-permission-prompts');
  else args.push('--use-fake-ui-for-media-stream');
  return args;
}

async function ensurePage() {
  if (S.page) return;
  if (!S.launching) S.launching = launchPage();
  try {
    await S.launching;
  } catch (e) {
    S.crashed = true; // no page to talk to: later commands fail fast (each with its result)
    throw e;
  }
}

async function launchPage() {
  const t0 = Date.now();
  S.launch = { ...S.platform };
  const args = chromiumArgs(S.launch);
  if (!existsSync(opts.sdk)) throw new Error(`no SDK file at ${opts.sdk} (run ci/setup-browser.sh, or pass --sdk)`);
  if (!existsSync(opts.chromium)) throw new Error(`no Chromium at ${opts.chromium} (run ci/setup-browser.sh)`);
  S.browser = await chromium.launch({ executablePath: opts.chromium, args, headless: true, chromiumSandbox: false });
  S.browser.on('disconnected', () => { if (!S.stopped) pageLost('the browser went away'); });
  const t1 = Date.now();
  S.context = await S.browser.newContext({ viewport: { width: 640, height: 480 }, serviceWorkers: 'block' });
  // The page clock: installed before the page exists (no frame to evaluate in, so no activation)
  // and paused, so nothing timer-driven happens until advance-clock.
  const installAt = opts.epoch + S.preLaunchMs;
  await S.context.clock.install({ time: installAt });
  await S.context.clock.pauseAt(installAt);
  const config = {
    epoch: opts.epoch,
    platform: S.platform,
    launchAutoplay: S.launch.autoplay,
    launchPermissions: S.launch.permissions,
    websocketProxy: vendorUrl(S.config),
    loggerProxy: S.origin,
  };
  const script = readFileSync(path.join(HERE, 'page.js'), 'utf8').replace('const CFG = __BRIDGE_CONFIG__;', () => `const CFG = ${JSON.stringify(config)};`);
  await S.context.addInitScript({ content: script });
  S.page = await S.context.newPage();
  S.page.on('crash', () => pageLost('the page crashed'));
  S.cdp = await S.context.newCDPSession(S.page);
  S.cdp.on('Runtime.bindingCalled', (e) => { if (e.name === '__bridgeEmit') fromPage(e.payload); });
  S.cdp.on('Runtime.exceptionThrown', (e) => {
    if (opts.verbose) log('page exception:', e.exceptionDetails?.exception?.description || e.exceptionDetails?.text);
  });
  if (opts.verbose)
    S.cdp.on('Runtime.consoleAPICalled', (e) => log('console.' + e.type, e.args.map((a) => a.value ?? a.description ?? '').join(' ').slice(0, 400)));
  await S.cdp.send('Runtime.enable');
  await S.cdp.send('Runtime.addBinding', { name: '__bridgeEmit' });
  const pageUrl = opts.page && /^https?:/.test(opts.page) ? opts.page : `${S.origin}/`;
  await S.page.goto(pageUrl, { waitUntil: 'load', timeout: 15000 });
  const ok = await evaluate(`typeof window.__bridge === "object" && typeof window.TRTC === "object"`);
  if (!ok) throw new Error(`the page at ${pageUrl} has no TRTC global or no bridge script`);
  await evaluate('window.__bridge.armProbe()');
  S.probeRealStart = Date.now();
  // Self-test only: one Playwright page.evaluate, which gives the page a user activation; the
  // activation self-check must then fail loudly.
  if (process.env.BRIDGE_SELFTEST_LEAK_ACTIVATION === '1') await S.page.evaluate('0');
  const version = await evaluate('TRTC.VERSION');
  log(`browser ${S.browser.version()} up in ${t1 - t0} ms, page with SDK ${version} in ${Date.now() - t1} ms; switches: ${args.join(' ')}`);
}

function pageLost(why) {
  if (S.crashed) return;
  S.crashed = true;
  adapterError(why);
  for (const [id, p] of S.pending) {
    out({ type: 'result', id, operation: p.op, code: -1, data: { crashed: true } });
    p.done();
  }
  S.pending.clear();
}

// Raw CDP Runtime.evaluate: unlike page.evaluate it gives the page no user activation.
async function evaluate(expression, { awaitPromise = true, timeoutMs = SETTLE_MS + 5000 } = {}) {
  const reply = await withTimeout(
    S.cdp.send('Runtime.evaluate', { expression, awaitPromise, returnByValue: true, userGesture: false }),
    timeoutMs, `page evaluate ${expression.slice(0, 60)}`);
  if (reply.exceptionDetails)
    throw new Error(reply.exceptionDetails.exception?.description || reply.exceptionDetails.text || 'page exception');
  return reply.result.value;
}

function fromPage(payload) {
  let msg;
  try { msg = JSON.parse(payload); } catch { return log('unparsable page message', payload.slice(0, 200)); }
  if (msg.kind === 'log') return log('page:', msg.text);
  if (msg.kind === 'adapter-error') return adapterError(msg.message);
  if (msg.kind === 'event') return out({ type: 'event', name: msg.name, data: msg.data || {}, atMs: msg.atMs });
  if (msg.kind === 'error') {
    if (opts.breakage === 'swallow-join-errors' && msg.operation === 'join') return;
    if (opts.breakage === 'drop-extra-code') msg.extraCode = null;
    return out({
      type: 'error', family: 'web-v4', code: msg.code, extraCode: msg.extraCode, message: msg.message,
      name: msg.name, locale: 'en', operation: msg.operation, atMs: msg.atMs,
    });
  }
  if (msg.kind === 'result') {
    const p = S.pending.get(msg.id);
    if (!p) return log('result for an unknown command', msg.id);
    S.pending.delete(msg.id);
    out({ type: 'result', id: msg.id, operation: msg.op, code: msg.code, data: msg.data || {} });
    p.done();
  }
}

async function settle(maxMs = SETTLE_MS) {
  if (!S.page || S.crashed) return { settled: true };
  return evaluate(`window.__bridge.settle(${maxMs}, ${QUIET_MS})`, { timeoutMs: maxMs + 3000 });
}

async function atMs() {
  if (!S.page || S.crashed) return S.preLaunchMs;
  return evaluate('window.__bridge.atMs()');
}

async function gesture() {
  // A real input event: mouse down and up on the page's gesture button (or the top-left corner).
  const box = await evaluate(`(() => { const b = document.getElementById('gesture');
    if (!b) return {x: 5, y: 5}; const r = b.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()`);
  for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased'])
    await withTimeout(S.cdp.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: type === 'mouseMoved' ? 0 : 1 }),
      SETTLE_MS, `gesture ${type}`);
  S.gestured = true;
}

// ---- Commands ------------------------------------------------------------------------------------
const result = (id, operation, code, data = {}, extra = {}) => out({ type: 'result', id, operation, code, data, ...extra });

// An operation the SDK has no counterpart for is the SDK's limit, not a mistake of the bridge:
// an event says so, and the result is -1.
function unsupported(id, op, why) {
  log(`unsupported operation ${op}: ${why}`);
  out({ type: 'event', name: 'bridge-unsupported', data: { operation: op, message: why }, atMs: S.preLaunchMs ?? 0 });
  result(id, op, -1, { unsupported: true }, { unsupported: true });
}

async function runSdkOp(id, op, args) {
  await ensurePage();
  if (S.crashed) {
    adapterError(`${op}: the page is gone`);
    return result(id, op, -1, { crashed: true });
  }
  if (op === 'resume') await gesture();
  let done;
  const finished = new Promise((r) => { done = r; });
  S.pending.set(id, { op, done });
  await evaluate(`window.__bridge.run(${JSON.stringify(id)}, ${JSON.stringify(op)}, ${JSON.stringify(args)})`, { awaitPromise: false });
  // Go on once the operation settled, or once the page has nothing left in flight (a call that
  // waits for the clock, e.g. join waiting for its timeout, answers after a later advance-clock).
  const s = await Promise.race([finished.then(() => ({ settled: true })), settle()]);
  if (!s.settled) log(`${op}: the page did not settle within ${SETTLE_MS} ms (${(s.busy || []).join(', ')})`);
}

async function applyPlatform(id, args) {
  const notFaked = [];
  if (args.h264 === false) notFaked.push('h264=false');
  if (args.browser === 'unsupported') notFaked.push('browser=unsupported');
  const next = { ...S.platform, ...args };
  if (S.launch) {
    // Launch switches cannot change on a running browser.
    if (args.autoplay === 'allowed' && S.launch.autoplay === 'blocked') notFaked.push('autoplay=allowed after a launch with autoplay blocked');
    if (args.permissions === 'granted' && S.launch.permissions === 'denied') notFaked.push('permissions=granted after a launch with permissions denied');
    if (S.launch.camera === 'missing' && S.launch.microphone === 'missing' &&
        ((args.camera && args.camera !== 'missing') || (args.microphone && args.microphone !== 'missing')))
      notFaked.push('a device after a launch without fake devices');
  }
  S.platform = next;
  if (S.page && !S.crashed) {
    await evaluate(`window.__bridge.setPlatform(${JSON.stringify(args)})`);
  }
  if (notFaked.length) return unsupported(id, 'platform', `cannot fake ${notFaked.join(', ')}`);
  result(id, 'platform', 0);
}

async function checkClock() {
  if (!S.page || S.crashed || S.clockBroken) return;
  const p = await evaluate('window.__bridge.probeState()');
  const due = p.armedAt + 1000;
  if (p.firedAt !== null && (p.firedAt !== due || p.now < due)) {
    S.clockBroken = true;
    adapterError(`clock self-check failed: a page setTimeout(1000) armed at ${p.armedAt} fired at ${p.firedAt} (virtual now ${p.now})`);
  } else if (p.firedAt === null && p.now >= due) {
    S.clockBroken = true;
    adapterError(`clock self-check failed: a page setTimeout(1000) armed at ${p.armedAt} did not fire by virtual ${p.now}`);
  } else if (p.firedAt !== null && !S.clockReported) {
    S.clockReported = true;
    log(`clock self-check passed: setTimeout(1000) held for ${Math.round(S.clockHeldRealMs ?? 0)} ms of real time, fired at virtual ${p.firedAt}`);
  } else if (p.firedAt === null) {
    S.clockHeldRealMs = p.realSinceArm;
  }
}

async function advanceClock(id, args) {
  const ms = Math.max(0, Math.floor(Number(args.ms) || 0));
  if (!S.page) {
    S.preLaunchMs += ms;
    return result(id, 'advance-clock', 0, { atMs: S.preLaunchMs });
  }
  if (S.crashed) {
    adapterError('advance-clock: the page is gone');
    return result(id, 'advance-clock', -1, { crashed: true });
  }
  if (!S.clockReported && !S.clockBroken) await checkClock();
  let s = await settle();
  if (!s.settled) log(`advance-clock: not settled before the step (${s.busy.join(', ')})`);
  for (let left = ms; left > 0 && !S.crashed;) {
    const step = Math.min(STEP_MS, left);
    left -= step;
    s = await evaluate(`window.__bridge.step(${step}, ${SETTLE_MS}, ${QUIET_MS})`, { timeoutMs: SETTLE_MS + 5000 });
    if (!s.settled) log(`advance-clock: not settled after a step (${s.busy.join(', ')})`);
    else if (opts.verbose && s.waitedMs > 100) log(`advance-clock: settled ${s.waitedMs} ms after a step (${left} ms left)`);
    if (!S.clockReported && !S.clockBroken) await checkClock();
  }
  result(id, 'advance-clock', 0, { atMs: await atMs() });
}

async function checkActivation(op) {
  if (!S.page || S.crashed || S.gestured || S.activationBroken) return;
  const a = await evaluate('window.__bridge.activation()');
  if (a.hasBeenActive) {
    S.activationBroken = true;
    adapterError(`activation self-check failed: the page has a user activation before any explicit gesture (seen after ${op})`);
  }
}

async function handleCommand(line) {
  const { id, operation: op } = line;
  const args = line.args && typeof line.args === 'object' ? line.args : {};
  if (opts.verbose) log('command', id, op, JSON.stringify(args));
  try {
    if (op === 'platform') await applyPlatform(id, args);
    else if (op === 'advance-clock') await advanceClock(id, args);
    else if (op === 'sync') {
      const s = await settle();
      if (!s.settled) adapterError(`sync: the page did not settle within ${SETTLE_MS} ms (${s.busy.join(', ')})`);
      result(id, 'sync', 0);
    } else if (NO_COUNTERPART[op]) unsupported(id, op, NO_COUNTERPART[op]);
    else if (typeof op === 'string' && op.startsWith('room.')) unsupported(id, op, 'the Web SDK v4 has no RoomEngine');
    else if (SDK_OPS.has(op)) await runSdkOp(id, op, args);
    else unsupported(id, String(op), 'not an operation the bridge knows');
    await checkActivation(op);
  } catch (e) {
    if (S.stopped) return; // the browser was closed under the operation: nothing to report
    log(`${op} failed in the bridge:`, e.stack || e.message);
    adapterError(`${op}: ${e.message}`);
    const p = S.pending.get(id);
    S.pending.delete(id);
    if (p) p.done();
    if (!answered.has(id)) result(id, op, -1, { bridgeError: e.message });
  }
}

async function shutdown(why) {
  if (S.stopped) return;
  S.stopped = true;
  // An SDK promise still pending is the SDK's doing (it may wait for time the scenario never
  // gave it), not a mistake of the bridge: it is said in the result and on stderr.
  for (const [id, p] of S.pending) {
    log(`${p.op} (command ${id}): the SDK had not settled it when the bridge stopped (${why})`);
    out({ type: 'result', id, operation: p.op, code: -1, data: { pending: true } });
  }
  S.pending.clear();
  if (S.browser) {
    // Bounded well inside the harness's grace; what is left goes with the process group.
    try { await withTimeout(S.browser.close(), CLOSE_MS, 'browser close'); } catch (e) { log(e.message); }
  }
  if (S.server) S.server.close();
  log(`stopped (${why})`);
  process.exit(0);
}

// ---- Main loop -----------------------------------------------------------------------------------
let chain = Promise.resolve();
const enqueue = (fn) => { chain = chain.then(fn).catch((e) => log('internal:', e.stack || e)); };

const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on('line', (text) => {
  if (!text.trim()) return;
  let line;
  // Even a line the bridge cannot read is answered in order, after what came before it.
  try { line = JSON.parse(text); } catch { return enqueue(() => adapterError(`not JSON: ${text.slice(0, 200)}`)); }
  if (!line || typeof line !== 'object') return enqueue(() => adapterError(`not an object: ${text.slice(0, 200)}`));
  if (line.type === 'start') {
    S.startSeen = true;
    enqueue(async () => {
      if (line.protocol && line.protocol !== PROTOCOL) log(`start names protocol ${line.protocol}; speaking ${PROTOCOL}`);
      S.config = line.config || {};
      if (!S.config.signalingUrl && !S.config.vendorSignalingUrl) adapterError('start: config has no signalingUrl');
      if (!S.server) await startServer();
      log(`ready: page and logger at ${S.origin}, vendor signaling ${vendorUrl(S.config)}`);
      out({ type: 'ready', protocol: PROTOCOL });
    });
  } else if (line.type === 'command') {
    if (!S.startSeen) return enqueue(() => { adapterError('command before start'); result(line.id, line.operation, -1); });
    enqueue(() => handleCommand(line));
  } else if (line.type === 'token') {
    log('token line ignored (the bridge never asks for one)');
  } else if (line.type === 'stop') {
    // At once, not after the operation in flight: the harness has judged the run, and gives a
    // client 5 s to exit (docs/adapter.md, "Lifetime"). What fails in the browser from here on
    // is not reported (S.stopped).
    shutdown('stop');
  } else {
    enqueue(() => adapterError(`unknown line type ${JSON.stringify(line.type)}`));
  }
});
input.on('close', () => enqueue(() => shutdown('end of input')));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
