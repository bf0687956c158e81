#!/usr/bin/env node
// Self-test of the browser bridge: a throwaway WebSocket mock speaking the SDK's own wire format
// (shared/vendor-web-v4-wire.md: cmd 19 on open, cmd 20 join result, cmd 4137 user list, cmd 9
// kick) and bridge.mjs driven over stdio, one bridge process per case, as the harness runs it.
// Exit 0 when every case passes, 1 otherwise. Usage: node selftest.mjs [--verbose] [case ...]
// (--verbose shows every line exchanged; BRIDGE_VERBOSE=1 also prints each bridge's stderr).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const VERBOSE = argv.includes('--verbose');
const ONLY = argv.filter((a) => !a.startsWith('--'));
const EPOCH = 1767225600000; // 2026-01-01T00:00:00Z: the bridge's page clock starts here (--epoch)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- A minimal WebSocket server (RFC 6455, text frames only) ---------------------------------------
function wsAccept(key) {
  return crypto.createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
}
function frame(opcode, payload) {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len])
    : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 255])
      : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(len)); return b; })()]);
  return Buffer.concat([head, payload]);
}
class Peer {
  constructor(socket, url, onText) {
    this.socket = socket;
    this.url = url;
    this.buffer = Buffer.alloc(0);
    this.open = true;
    socket.on('data', (d) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      for (;;) {
        const b = this.buffer;
        if (b.length < 2) return;
        const opcode = b[0] & 15;
        let len = b[1] & 127, off = 2;
        if (len === 126) { if (b.length < 4) return; len = b.readUInt16BE(2); off = 4; }
        else if (len === 127) { if (b.length < 10) return; len = Number(b.readBigUInt64BE(2)); off = 10; }
        const masked = b[1] & 128;
        const need = off + (masked ? 4 : 0) + len;
        if (b.length < need) return;
        let payload = b.subarray(off + (masked ? 4 : 0), need);
        if (masked) {
          const mask = b.subarray(off, off + 4);
          payload = Buffer.from(payload.map((x, i) => x ^ mask[i & 3]));
        }
        this.buffer = b.subarray(need);
        if (opcode === 1) onText(this, payload.toString('utf8'));
        else if (opcode === 8) { this.close(); }
        else if (opcode === 9) socket.write(frame(10, payload));
      }
    });
    socket.on('close', () => { this.open = false; });
    socket.on('error', () => { this.open = false; });
  }
  send(obj) { if (this.open) this.socket.write(frame(1, Buffer.from(JSON.stringify(obj)))); }
  close() { if (this.open) { this.open = false; this.socket.end(frame(8, Buffer.from([0x03, 0xe8]))); } }
}

// The vendor signaling mock. The last path segment picks the behaviour:
//   ok: cmd 20 code 0; fail70001: cmd 20 code 70001; silent: no cmd 20.
function startMock() {
  const peers = [];
  const seen = [];
  const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
  let refusing = false;
  const attempts = [];
  server.on('upgrade', (req, socket) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    attempts.push(url.searchParams.get('rc') === '1' ? 'reconnect' : 'connect');
    if (refusing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${wsAccept(req.headers['sec-websocket-key'])}\r\n\r\n`);
    const mode = url.pathname.split('/').pop();
    const peer = new Peer(socket, url, (p, text) => {
      let m;
      try { m = JSON.parse(text); } catch { return; }
      seen.push({ mode, cmd: m.cmd });
      if (m.cmd === 'join') {
        if (mode === 'ok') p.send({ cmd: 20, code: 0, message: '', seq: m.seq, tinyId: 1001, data: { publishers: [] } });
        else if (mode === 'fail70001')
          p.send({ cmd: 20, code: 70001, message: 'userSig expired (mock)', seq: m.seq, tinyId: 1001, data: {} });
      } else if (m.cmd === 'get_user_list') {
        p.send({ cmd: 4137, code: 0, message: '', seq: m.seq, tinyId: 1001, data: { userList: [] } });
      }
    });
    peers.push(peer);
    peer.send({ cmd: 19, code: 0, message: '', seq: 0, tinyId: 1001,
      data: { clientIp: '127.0.0.1', signalInnerIp: '127.0.0.1', svrTime: EPOCH } });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: server.address().port,
    seen,
    attempts,
    // Drops every open connection abnormally (no close frame) and refuses every later upgrade.
    dropAndRefuse() { refusing = true; for (const p of peers) { p.open = false; p.socket.destroy(); } },
    kick(reason) { for (const p of peers) p.send({ cmd: 9, code: 0, message: '', seq: 0, tinyId: 1001, data: { reason } }); },
    close() { for (const p of peers) p.socket.destroy(); server.close(); },
  })));
}

// ---- Driving one bridge --------------------------------------------------------------------------
class Bridge {
  constructor(mock, mode, { env = {}, args = [] } = {}) {
    this.lines = [];
    this.stderr = '';
    this.nextId = 1;
    this.waiters = [];
    this.proc = spawn(process.execPath, [path.join(HERE, 'bridge.mjs'), '--epoch', String(EPOCH), ...args],
      { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.exited = new Promise((r) => this.proc.on('exit', (code) => r(code)));
    readline.createInterface({ input: this.proc.stdout }).on('line', (text) => {
      let line;
      try { line = JSON.parse(text); } catch { line = { type: 'unparsable', text }; }
      this.lines.push(line);
      if (VERBOSE) process.stderr.write(`    <- ${text}\n`);
      this.waiters = this.waiters.filter((w) => !w());
    });
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.send({ type: 'start', protocol: 'trtc-conformance-adapter/1', config: {
      signalingUrl: `ws://127.0.0.1:${mock.port}/`, vendorSignalingUrl: `ws://127.0.0.1:${mock.port}/vendor/web-v4/${mode}`,
      mediaUrl: `ws://127.0.0.1:${mock.port}/media`, restUrl: `http://127.0.0.1:${mock.port}`, locale: 'en' } });
  }
  send(obj) {
    if (VERBOSE) process.stderr.write(`    -> ${JSON.stringify(obj)}\n`);
    this.proc.stdin.write(JSON.stringify(obj) + '\n');
  }
  command(operation, args = {}) {
    const id = this.nextId++;
    this.send({ type: 'command', id, operation, args });
    return id;
  }
  // Resolves with the first line (from index `from`) that matches, or rejects after timeoutMs.
  waitFor(pred, timeoutMs, what, from = 0) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.lines.slice(from).find(pred);
        if (hit) { clearTimeout(timer); resolve(hit); return true; }
        return false;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      if (!check()) this.waiters.push(check);
    });
  }
  result(id, timeoutMs = 15000) {
    return this.waitFor((l) => l.type === 'result' && l.id === id, timeoutMs, `the result of command ${id}`);
  }
  async run(operation, args, timeoutMs) { return this.result(this.command(operation, args), timeoutMs); }
  errorsFor(operation) { return this.lines.filter((l) => l.type === 'error' && l.operation === operation); }
  adapterErrors() { return this.lines.filter((l) => l.type === 'adapter-error'); }
  async stop() {
    this.send({ type: 'stop' });
    const code = await Promise.race([this.exited, sleep(10000).then(() => 'hung')]);
    if (code === 'hung') this.proc.kill('SIGKILL');
    return code;
  }
}

function expect(cond, text) { if (!cond) throw new Error(text); }
const J = (x) => JSON.stringify(x);
const CLIENT = { sdkAppId: 1400000001, userId: 'alice', userSig: 'sig-alice' };

// ---- Cases ----------------------------------------------------------------------------------------------
const cases = {
  async 'join-success'(b) {
    expect((await b.waitFor((l) => l.type === 'ready', 10000, 'ready')).protocol === 'trtc-conformance-adapter/1', 'ready protocol');
    expect((await b.run('create-client', CLIENT)).code === 0, 'create-client');
    const r = await b.run('join', { roomId: 8080, role: 'anchor' });
    expect(r.code === 0, `join result ${J(r)} errors ${J(b.errorsFor('join'))}`);
    expect(b.lines.some((l) => l.type === 'event' && l.name === 'connection-state-changed' && l.data.state === 'CONNECTED'),
      'a connection-state-changed event to CONNECTED');
    expect((await b.run('leave')).code === 0, 'leave');
    const sync = await b.run('sync');
    expect(sync.code === 0, 'sync');
  },
  async 'join-fail-70001'(b) {
    expect((await b.run('create-client', CLIENT)).code === 0, 'create-client');
    const r = await b.run('join', { roomId: 8080 });
    const e = b.errorsFor('join')[0];
    expect(r.code === 0x4004, `join result code ${r.code}, want 16388`);
    expect(e && e.code === 0x4004 && e.extraCode === 70001 && e.family === 'web-v4', `join error ${J(e)}`);
    expect(!('reason' in e) && !('handling' in e) && typeof e.name === 'string' && e.locale === 'en', `error line fields ${J(e)}`);
    expect(b.lines.indexOf(e) < b.lines.indexOf(r), 'the error line comes before the result');
  },
  async 'join-timeout-virtual'(b) {
    expect((await b.run('create-client', CLIENT)).code === 0, 'create-client');
    const join = b.command('join', { roomId: 8080 });
    // The clock is paused: 2 s of real time fire neither the SDK's 5 s timeout nor the probe.
    await b.run('sync');
    await sleep(2000);
    expect(!b.lines.some((l) => l.id === join), 'no join result in 2 s of real time without an advance');
    let r = await b.run('advance-clock', { ms: 4999 }, 20000);
    expect(r.code === 0 && r.data.atMs === 4999, `advance-clock 4999 → ${J(r)}`);
    expect(!b.lines.some((l) => l.id === join), 'no join result at virtual 4999 ms');
    r = await b.run('advance-clock', { ms: 1 });
    const jr = await b.result(join, 3000);
    const e = b.errorsFor('join')[0];
    // 4.15.22 builds every RtcError with extraCode 0 when it has none (getExtraCode() === 0).
    expect(jr.code === 0x4004 && e && e.extraCode === 0 && /join room timeout/.test(e.message) && e.atMs === 5000,
      `join after 5000 ms: ${J(jr)} ${J(e)}`);
    expect(b.lines.indexOf(jr) < b.lines.indexOf(r), 'the join result comes before the advance-clock result');
    expect(/clock self-check passed: setTimeout\(1000\) held for (\d+)/.test(b.stderr) &&
      Number(/held for (\d+)/.exec(b.stderr)[1]) >= 2000, 'the bridge reports the clock self-check (held ≥ 2 s real)');
  },
  async 'kick'(b, mock) {
    expect((await b.run('create-client', CLIENT)).code === 0, 'create-client');
    expect((await b.run('join', { roomId: 8080 })).code === 0, 'join');
    const from = b.lines.length;
    mock.kick('kick');
    const ev = await b.waitFor((l) => l.type === 'event' && l.name === 'client-banned', 5000, 'client-banned', from);
    expect(ev.data.reason === 'kick' && typeof ev.data.message === 'string', `client-banned ${J(ev)}`);
    expect(!b.lines.slice(from).some((l) => l.type === 'error'), 'no error line for a kick (4.15.22 surfaces an event)');
  },
  async 'reconnect-exhausted'(b, mock) {
    expect((await b.run('create-client', CLIENT)).code === 0, 'create-client');
    expect((await b.run('join', { roomId: 8080 })).code === 0, 'join');
    await b.run('advance-clock', { ms: 1000 });
    const before = mock.attempts.length;
    mock.dropAndRefuse();
    await b.waitFor((l) => l.type === 'event' && l.name === 'connection-state-changed' && l.data.state === 'RECONNECTING', 5000, 'RECONNECTING');
    const t = Date.now();
    const r = await b.run('advance-clock', { ms: 330000 }, 60000);
    const wall = Date.now() - t;
    const e = b.lines.find((l) => l.type === 'error' && l.code === 0x4006);
    const tries = mock.attempts.length - before;
    expect(e && e.operation === '' && e.atMs >= 300000 && e.atMs <= 330000, `0x4006 after the reconnection cycle: ${J(e)}`);
    expect(b.lines.indexOf(e) < b.lines.indexOf(r), 'the error comes before the advance-clock result');
    console.log(`     0x4006 at virtual ${e.atMs} ms; the mock saw ${tries} reconnection attempts; 330 s of clock in ${wall} ms`);
    expect(tries === 30, `the mock saw ${tries} attempts, want 30`);
  },
  async 'permissions-denied'(b) {
    expect((await b.run('platform', { permissions: 'denied' })).code === 0, 'platform');
    expect((await b.run('create-client', CLIENT)).code === 0, 'create-client');
    const init = b.command('init-local-stream', { audio: true, video: true });
    let r = await Promise.race([b.result(init, 4000).catch(() => null)]);
    for (let i = 0; !r && i < 5; i++) { await b.run('advance-clock', { ms: 1000 }); r = b.lines.find((l) => l.id === init); }
    const e = b.errorsFor('init-local-stream')[0];
    expect(r && r.code === 0x1004 && e && e.code === 0x1004 && e.name === 'NotAllowedError', `init-local-stream ${J(r)} ${J(e)}`);
  },
  async 'camera-not-readable'(b) {
    // A page-level fault: getUserMedia throws NotReadableError; the SDK retries 500 ms (virtual) apart.
    expect((await b.run('create-client', CLIENT)).code === 0, 'create-client');
    expect((await b.run('platform', { camera: 'not-readable' })).code === 0, 'platform');
    const init = b.command('init-local-stream', { audio: true, video: true });
    await b.run('sync');
    expect(!b.lines.some((l) => l.id === init), 'initialize() waits for the clock between its tries');
    await b.run('advance-clock', { ms: 2000 });
    const r = await b.result(init, 3000);
    const e = b.errorsFor('init-local-stream')[0];
    expect(r.code === 0x1004 && e && e.name === 'NotReadableError', `init-local-stream ${J(r)} ${J(e)}`);
    const lost = await b.run('device-lost', { device: 'camera', recovers: false });
    expect(lost.code !== 0, `device-lost without a local track ${J(lost)}`);
    expect(!b.errorsFor('device-lost').length && b.adapterErrors().some((l) => /device-lost/.test(l.message)),
      'a bridge precondition is an adapter-error, not an error line');
    b.expectAdapterErrors = true;
  },
  async 'publish-no-answer'(b) {
    expect((await b.run('create-client', CLIENT)).code === 0, 'create-client');
    expect((await b.run('join', { roomId: 8080 })).code === 0, 'join');
    expect((await b.run('init-local-stream', { audio: true, video: true })).code === 0, 'init-local-stream');
    const pub = b.command('publish');
    await b.run('advance-clock', { ms: 25000 }, 30000);
    const r = await b.result(pub, 3000);
    const e = b.errorsFor('publish')[0];
    expect(r.code === 0x404B && e && e.atMs >= 20000 && e.atMs <= 21000, `publish without cmd 4098 ${J(r)} ${J(e)}`);
    const lost = await b.run('device-lost', { device: 'camera', recovers: true });
    expect(lost.code === 0, `device-lost ${J(lost)}`);
  },
  async 'no-devices'(b) {
    // Both devices missing before launch: Chromium runs without --use-fake-device-for-media-stream.
    expect((await b.run('platform', { camera: 'missing', microphone: 'missing' })).code === 0, 'platform');
    expect((await b.run('create-client', CLIENT)).code === 0, 'create-client');
    const init = b.command('init-local-stream', { audio: true, video: true });
    await b.run('sync');
    if (!b.lines.some((l) => l.id === init)) await b.run('advance-clock', { ms: 2000 });
    const r = await b.result(init, 3000);
    const e = b.errorsFor('init-local-stream')[0];
    expect(r.code === 0x1003 && e && e.code === 0x1003, `init-local-stream without devices ${J(r)} ${J(e)}`);
  },
  async 'autoplay-blocked'(b) {
    expect((await b.run('platform', { autoplay: 'blocked' })).code === 0, 'platform');
    expect((await b.run('create-client', CLIENT)).code === 0, 'create-client');
    const init = await b.run('init-local-stream', { audio: true, video: true });
    expect(init.code === 0, `init-local-stream ${J(init)} ${J(b.errorsFor('init-local-stream'))}`);
    const play = await b.run('play', { userId: 'alice' });
    const e = b.errorsFor('play')[0];
    expect(play.code === 0x4043 && e && e.code === 0x4043, `play without a gesture ${J(play)} ${J(e)}`);
    const r = await b.run('resume', { userId: 'alice' });
    expect(r.code === 0, `resume after the click ${J(r)} ${J(b.errorsFor('resume'))}`);
  },
  async 'activation-self-check'(b) {
    // The bridge, told to talk to the page once through page.evaluate, must notice the activation.
    expect((await b.run('create-client', CLIENT)).code === 0, 'create-client');
    await b.waitFor((l) => l.type === 'adapter-error' && /activation self-check failed/.test(l.message), 5000,
      'an adapter-error from the activation self-check after a page.evaluate');
    b.expectAdapterErrors = true;
  },
  async 'unsupported'(b) {
    const r = await b.run('login', CLIENT);
    expect(r.code === -1 && r.unsupported === true, `login ${J(r)}`);
    expect(b.lines.some((l) => l.type === 'event' && l.name === 'bridge-unsupported' && l.data.operation === 'login'),
      'a bridge-unsupported event naming login');
    expect(b.adapterErrors().length === 0, 'no adapter-error: an operation the SDK lacks is not a protocol mistake');
  },
};
const caseOptions = {
  'reconnect-exhausted': { args: process.env.BRIDGE_VERBOSE ? ['--verbose'] : [] },
  'camera-not-readable': { args: process.env.BRIDGE_VERBOSE ? ['--verbose'] : [] },
  'activation-self-check': { env: { BRIDGE_SELFTEST_LEAK_ACTIVATION: '1' } },
};
const caseMode = { 'join-fail-70001': 'fail70001', 'join-timeout-virtual': 'silent' };


// ---- Main ----------------------------------------------------------------------------------------------
const t0 = Date.now();
let failed = 0;
const rows = [];
for (const [name, fn] of Object.entries(cases)) {
  if (ONLY.length && !ONLY.includes(name)) continue;
  const start = Date.now();
  const mock = await startMock(); // a fresh mock for every case
  const b = new Bridge(mock, caseMode[name] || 'ok', caseOptions[name]);
  let problem = null;
  try {
    await b.waitFor((l) => l.type === 'ready', 10000, 'ready');
    await fn(b, mock);
    if (!b.expectAdapterErrors && b.adapterErrors().length) throw new Error(`adapter-error lines: ${J(b.adapterErrors())}`);
    const ids = b.lines.filter((l) => l.type === 'result').map((l) => l.id);
    if (new Set(ids).size !== ids.length) throw new Error('a command was answered twice');
  } catch (e) {
    problem = e.message;
  }
  const code = await b.stop();
  mock.close();
  if (!problem && code !== 0) problem = `the bridge exited with ${code}`;
  const ms = Date.now() - start;
  rows.push(`${problem ? 'FAIL' : 'ok  '} ${name.padEnd(24)} ${String(ms).padStart(6)} ms${problem ? '  ' + problem : ''}`);
  console.log(rows[rows.length - 1]);
  if (problem || process.env.BRIDGE_VERBOSE) {
    if (problem) failed++;
    process.stderr.write(`--- stdout of ${name}:\n${b.lines.map(J).join('\n')}\n--- stderr of ${name}:\n${b.stderr}\n`);
  }
}
const total = rows.length;
console.log(`wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`selftest: ${total - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
