#!/usr/bin/env node
// Makes fixtures/media/keyframe-64x48.h264: one H.264 key frame (Annex B: SPS, PPS, IDR;
// constrained baseline, 64x48, mid grey) encoded by Chromium's own WebCodecs encoder. The
// WebRTC endpoint sends it as the video of publishers that have no WebRTC (a scenario's
// harness peers), so a subscribed browser has video to decode and play.
//   node harness/browser_bridge/make-keyframe.mjs [/usr/bin/chromium]
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'media', 'keyframe-64x48.h264');
const browser = await chromium.launch({ executablePath: process.argv[2] || '/usr/bin/chromium', headless: true });
const page = await browser.newPage();
// WebCodecs needs a secure context: a page served from 127.0.0.1.
const server = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html>'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
await page.goto(`http://127.0.0.1:${server.address().port}/`);
const bytes = await page.evaluate(async () => {
  const chunks = [];
  const encoder = new VideoEncoder({
    output: (chunk) => { const b = new Uint8Array(chunk.byteLength); chunk.copyTo(b); chunks.push(...b); },
    error: (e) => { throw e; },
  });
  encoder.configure({ codec: 'avc1.42e01f', width: 64, height: 48, avc: { format: 'annexb' }, framerate: 1 });
  const pixels = new Uint8Array(64 * 48 * 4).fill(128);
  const frame = new VideoFrame(pixels, { format: 'RGBA', codedWidth: 64, codedHeight: 48, timestamp: 0 });
  encoder.encode(frame, { keyFrame: true });
  frame.close();
  await encoder.flush();
  return chunks;
});
await browser.close();
server.close();
writeFileSync(out, Buffer.from(bytes));
process.stdout.write(`${out}: ${bytes.length} bytes\n`);
