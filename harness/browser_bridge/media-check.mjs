#!/usr/bin/env node
// The media plane end to end, in real browsers: `trtc-harness serve` runs; in headless
// Chromium the unmodified trtc-js-sdk publishes a fake camera and microphone as "alice"
// through the WebRTC endpoint, and "bob", in a second browser context in the same room,
// subscribes and plays it. Passes when bob's own RTCPeerConnection stats show decoded video
// frames and received audio. Real time throughout (no page clock): ICE, DTLS and media on
// loopback. Prints one JSON line with what each side's stats said; exit 0 pass, 1 fail,
// 2 usage. With --measure-ms N it also measures forwarding for N ms (BENCHMARKS.md).
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const opts = { harness: null, chromium: '/usr/bin/chromium', sdk: path.join(HERE, 'node_modules', 'trtc-js-sdk', 'trtc.js'),
    timeoutMs: 30000, measureMs: 0, direct: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--harness') opts.harness = path.resolve(value());
    else if (a === '--chromium') opts.chromium = value();
    else if (a === '--sdk') opts.sdk = path.resolve(value());
    else if (a === '--timeout-ms') opts.timeoutMs = Number(value());
    else if (a === '--measure-ms') opts.measureMs = Number(value());
    else if (a === '--direct') opts.direct = true;
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--help' || a === '-h') {
      process.stderr.write('usage: media-check.mjs --harness PATH/trtc-harness [--chromium PATH] [--sdk PATH/trtc.js]\n' +
        '                      [--timeout-ms 30000] [--measure-ms N [--direct]] [--verbose]\n' +
        '  --direct: measure a browser-to-browser loopback call (no SDK, no endpoint) the same way\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!opts.harness && !opts.direct) throw new Error('--harness PATH is required');
  if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0) throw new Error('--timeout-ms: a positive number');
  return opts;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`media-check: ${e.message}\n`);
  process.exit(2);
}
const log = (...parts) => { if (opts.verbose) process.stderr.write(`[media-check] ${parts.join(' ')}\n`); };

// ---- The harness's servers ---------------------------------------------------------------------
async function startServers() {
  const child = spawn(opts.harness, ['serve', '--json', '--no-tls'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout });
  const ready = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`trtc-harness serve exited (${code}) before it was ready`)));
    lines.once('line', (line) => resolve(JSON.parse(line)));
  });
  const url = (name) => ready.servers.find((s) => s.name === name).url;
  return { child, ready, signaling: url('signaling'), control: url('control'), app: ready.apps[0] };
}

function userSig(app, user) {
  return execFileSync(opts.harness, ['usersig', 'gen', '--sdkappid', String(app.sdkAppId), '--user', user,
    '--key', app.secretKey, '--time', String(Math.floor(Date.now() / 1000))]).toString().trim();
}

// ---- The page: the SDK served from 127.0.0.1 (a secure context) ---------------------------------
function startPageServer() {
  const sdk = readFileSync(opts.sdk);
  const server = http.createServer((req, res) => {
    if (req.url === '/trtc.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(sdk);
    if (req.method === 'POST') return res.writeHead(200).end('ok'); // the SDK's log uploads
    res.writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><meta charset="utf-8"><div id="player" style="width:320px;height:240px"></div>' +
           (opts.direct ? '' : '<script src="/trtc.js"></script>'));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Every RTCPeerConnection the page makes, so stats come from the browser itself.
const RECORD_PEER_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__pcs.push(this); }
  };
})();`;

async function newPage(browser, origin) {
  const context = await browser.newContext();
  await context.addInitScript({ content: RECORD_PEER_CONNECTIONS });
  const page = await context.newPage();
  page.on('console', (m) => { if (opts.verbose && m.type() === 'error') log('page:', m.text()); });
  await page.goto(origin);
  return page;
}

// In the page: sums of what its peer connections' stats report.
const STATS = `(async () => {
  const out = { framesDecoded: 0, videoPacketsReceived: 0, audioPacketsReceived: 0, videoBytesReceived: 0,
    packetsSent: 0, bytesSent: 0, framesEncoded: 0, rtt: null, jitterBufferDelay: 0, jitterBufferEmitted: 0,
    connectionStates: [] };
  for (const pc of window.__pcs) {
    out.connectionStates.push(pc.connectionState);
    const stats = await pc.getStats();
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        out.framesDecoded += s.framesDecoded || 0;
        out.videoPacketsReceived += s.packetsReceived || 0;
        out.videoBytesReceived += s.bytesReceived || 0;
        out.jitterBufferDelay += s.jitterBufferDelay || 0;
        out.jitterBufferEmitted += s.jitterBufferEmittedCount || 0;
      }
      if (s.type === 'inbound-rtp' && s.kind === 'audio') out.audioPacketsReceived += s.packetsReceived || 0;
      if (s.type === 'outbound-rtp') {
        out.packetsSent += s.packetsSent || 0;
        out.bytesSent += s.bytesSent || 0;
        out.framesEncoded += s.framesEncoded || 0;
      }
      if (s.type === 'candidate-pair' && s.nominated && s.currentRoundTripTime !== undefined) out.rtt = s.currentRoundTripTime;
    });
  }
  return out;
})()`;

// ---- The SDK's two clients -----------------------------------------------------------------------
function sdkClient(page, { sdkAppId, userId, userSig: sig, proxy, roomId, publish, origin }) {
  return page.evaluate(async ({ sdkAppId, userId, sig, proxy, roomId, publish, origin }) => {
    window.__events = [];
    const client = TRTC.createClient({ mode: 'rtc', sdkAppId, userId, userSig: sig });
    client.setProxyServer({ websocketProxy: proxy, loggerProxy: origin });
    client.on('error', (e) => window.__events.push(`error ${e.getCode && e.getCode()} ${e.message}`));
    client.on('stream-added', (event) => {
      window.__events.push(`stream-added ${event.stream.getUserId()}`);
      client.subscribe(event.stream).catch((e) => window.__events.push(`subscribe failed ${e.message}`));
    });
    client.on('stream-subscribed', (event) => {
      window.__events.push(`stream-subscribed ${event.stream.getUserId()}`);
      event.stream.play('player').catch((e) => window.__events.push(`play failed ${e.message}`));
    });
    await client.join({ roomId });
    window.__events.push('joined');
    if (publish) {
      const local = TRTC.createStream({ userId, audio: true, video: true });
      await local.initialize();
      await client.publish(local);
      window.__events.push('published');
    }
    window.__client = client;
  }, { sdkAppId, userId, sig, proxy, roomId, publish, origin });
}

// ---- A direct browser-to-browser call: the baseline for --measure-ms ---------------------------
async function directCall(sender, receiver) {
  await receiver.exposeFunction('__toSender', (m) => sender.evaluate((x) => window.__fromPeer(x), m));
  await sender.exposeFunction('__toReceiver', (m) => receiver.evaluate((x) => window.__fromPeer(x), m));
  await receiver.evaluate(() => {
    const pc = new RTCPeerConnection();
    pc.onicecandidate = (e) => e.candidate && window.__toSender({ candidate: e.candidate.toJSON() });
    window.__fromPeer = async (m) => {
      if (m.sdp) {
        await pc.setRemoteDescription(m.sdp);
        const answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
        window.__toSender({ sdp: pc.localDescription.toJSON() });
      } else if (m.candidate) await pc.addIceCandidate(m.candidate);
    };
    pc.ontrack = (e) => {
      const video = document.createElement('video');
      video.autoplay = true; video.muted = true; video.srcObject = e.streams[0];
      document.body.appendChild(video);
    };
  });
  await sender.evaluate(async () => {
    const pc = new RTCPeerConnection();
    pc.onicecandidate = (e) => e.candidate && window.__toReceiver({ candidate: e.candidate.toJSON() });
    window.__fromPeer = async (m) => {
      if (m.sdp) await pc.setRemoteDescription(m.sdp);
      else if (m.candidate) await pc.addIceCandidate(m.candidate);
    };
    const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    media.getTracks().forEach((t) => pc.addTrack(t, media));
    await pc.setLocalDescription(await pc.createOffer());
    window.__toReceiver({ sdp: pc.localDescription.toJSON() });
  });
}

// ---- Main ----------------------------------------------------------------------------------------
async function waitFor(page, what, predicate) {
  const deadline = Date.now() + opts.timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    last = await page.evaluate(STATS);
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  const events = await page.evaluate(() => window.__events || []);
  throw Object.assign(new Error(`${what} within ${opts.timeoutMs} ms`), { stats: last, events });
}

async function main() {
  const servers = opts.direct ? null : await startServers();
  const pages = await startPageServer();
  const origin = `http://127.0.0.1:${pages.address().port}/`;
  const browser = await chromium.launch({ executablePath: opts.chromium, headless: true, chromiumSandbox: false,
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required', '--allow-loopback-in-peer-connection'] });
  const result = { pass: false };
  try {
    const alice = await newPage(browser, origin);
    const bob = await newPage(browser, origin);
    if (opts.direct) {
      await directCall(alice, bob);
    } else {
      const proxy = `${servers.signaling.replace(/\/$/, '')}/vendor/web-v4`;
      const common = { sdkAppId: servers.app.sdkAppId, proxy, roomId: 8080, origin };
      await sdkClient(alice, { ...common, userId: 'alice', userSig: userSig(servers.app, 'alice'), publish: true });
      log('alice publishes');
      await sdkClient(bob, { ...common, userId: 'bob', userSig: userSig(servers.app, 'bob'), publish: false });
      log('bob joined');
    }
    result.subscriber = await waitFor(bob, 'no decoded video and received audio at the subscriber',
      (s) => s.framesDecoded > 0 && s.audioPacketsReceived > 0);
    result.publisher = await alice.evaluate(STATS);
    result.pass = true;
    if (opts.measureMs > 0) result.measure = await measure(alice, bob);
  } catch (e) {
    result.error = e.message;
    if (e.stats) result.subscriber = e.stats;
    if (e.events) result.events = e.events;
  } finally {
    await browser.close();
    pages.close();
    if (servers) servers.child.kill('SIGTERM');
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(result.pass ? 0 : 1);
}

// Packets per second received by the subscriber, and the jitter buffer's mean delay plus the
// round trip, over a window: the same figures for the endpoint and for a direct call.
async function measure(alice, bob) {
  const sentBefore = await alice.evaluate(STATS);
  const before = await bob.evaluate(STATS);
  const start = Date.now();
  await new Promise((r) => setTimeout(r, opts.measureMs));
  const after = await bob.evaluate(STATS);
  const seconds = (Date.now() - start) / 1000;
  const packets = after.videoPacketsReceived + after.audioPacketsReceived -
    before.videoPacketsReceived - before.audioPacketsReceived;
  const emitted = after.jitterBufferEmitted - before.jitterBufferEmitted;
  const publisher = await alice.evaluate(STATS);
  const sent = publisher.packetsSent - sentBefore.packetsSent;
  return {
    seconds,
    sentPacketsPerSecond: sent / seconds,
    packetsPerSecond: packets / seconds,
    deliveredShare: sent > 0 ? packets / sent : null,
    framesDecodedPerSecond: (after.framesDecoded - before.framesDecoded) / seconds,
    videoKbps: (8 * (after.videoBytesReceived - before.videoBytesReceived)) / seconds / 1000,
    jitterBufferMs: emitted > 0 ? (1000 * (after.jitterBufferDelay - before.jitterBufferDelay)) / emitted : null,
    subscriberRttMs: after.rtt === null ? null : after.rtt * 1000,
    publisherRttMs: publisher.rtt === null ? null : publisher.rtt * 1000,
  };
}

main().catch((e) => {
  process.stderr.write(`media-check: ${e.stack || e.message}\n`);
  process.exit(1);
});
