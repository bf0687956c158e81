// Page side of the browser bridge. bridge.mjs installs this file as an init script (it runs
// before any page script, after Playwright's clock), with `__BRIDGE_CONFIG__` replaced by a
// JSON object. It never touches the SDK's code: it instruments the platform (WebSocket,
// getUserMedia, ...) and drives the SDK through its public API.
//
// Page -> bridge: the CDP binding `__bridgeEmit(json)` (Runtime.addBinding: no activation).
// Bridge -> page: raw CDP Runtime.evaluate of `__bridge.*` (userGesture false: no activation).
(() => {
  if (window.top !== window || window.__bridge) return;
  const CFG = __BRIDGE_CONFIG__;

  // Real time, untouched by the page clock (Playwright keeps the originals in __pwClock.builtins).
  const builtins = (globalThis.__pwClock && globalThis.__pwClock.builtins) || {};
  const realSetTimeout = builtins.setTimeout || setTimeout.bind(window);
  const realPerf = builtins.performance || performance;
  const realNow = () => realPerf.now();
  const sleep = (ms) => new Promise((r) => realSetTimeout(r, ms));

  const platform = Object.assign({}, CFG.platform);
  Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => platform.network !== 'offline' });
  const atMs = () => Date.now() - CFG.epoch; // virtual ms since the page clock was installed

  const queued = [];
  function emit(msg) {
    if (typeof window.__bridgeEmit === 'function') {
      while (queued.length) window.__bridgeEmit(queued.shift());
      window.__bridgeEmit(JSON.stringify(msg));
    } else {
      queued.push(JSON.stringify(msg));
    }
  }
  const log = (text) => emit({ kind: 'log', text: String(text) });

  // ---- Busy tracking: what advance-clock and each command wait for, in real time ----------
  const sockets = new Set();
  let lastSend = -1, lastRecv = -1;
  const pendingNative = new Map(); // id -> {kind, since, limit}
  let nativeId = 0;
  function track(kind, promise, limit) {
    const id = ++nativeId;
    pendingNative.set(id, { kind, since: realNow(), limit });
    const done = () => pendingNative.delete(id);
    promise.then(done, done);
    return promise;
  }

  const NativeWebSocket = window.WebSocket;
  class BridgeWebSocket extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      sockets.add(this);
      const forget = () => { if (this.readyState === NativeWebSocket.CLOSED) sockets.delete(this); };
      this.addEventListener('message', () => { lastRecv = realNow(); });
      this.addEventListener('close', () => { sockets.delete(this); });
      this.addEventListener('error', forget);
    }
    send(data) {
      lastSend = realNow();
      return super.send(data);
    }
  }
  window.WebSocket = BridgeWebSocket;

  function busy(quietMs) {
    const why = [];
    for (const ws of sockets) {
      if (ws.readyState === NativeWebSocket.CONNECTING) why.push('websocket connecting');
      else if (ws.readyState === NativeWebSocket.CLOSING) why.push('websocket closing');
    }
    const now = realNow();
    for (const p of pendingNative.values())
      if (p.limit === undefined || now - p.since < p.limit) why.push(p.kind + ' pending');
    if (lastSend > lastRecv && now - lastSend < quietMs) why.push('answer awaited');
    return why;
  }

  // ---- Platform faults ----------------------------------------------------------------------
  const md = window.MediaDevices && MediaDevices.prototype;
  const fault = {
    'not-found': ['NotFoundError', 'Requested device not found'],
    missing: ['NotFoundError', 'Requested device not found'],
    'not-readable': ['NotReadableError', 'Could not start video source'],
    'not-allowed': ['NotAllowedError', 'Permission denied'],
    abort: ['AbortError', 'Starting videoinput failed'],
  };
  function faultFor(device, constraint) {
    const state = platform[device];
    if (!state || state === 'ok') return null;
    if (state === 'overconstrained') {
      if (typeof OverconstrainedError === 'function') return new OverconstrainedError(constraint, 'Constraints could not be satisfied.');
      return new DOMException('Constraints could not be satisfied.', 'OverconstrainedError');
    }
    const [name, message] = fault[state] || ['AbortError', 'aborted'];
    return new DOMException(message, name);
  }
  if (md && md.getUserMedia) {
    const nativeGUM = md.getUserMedia;
    md.getUserMedia = function (constraints) {
      const c = constraints || {};
      let error = null;
      if (platform.permissions === 'denied' && CFG.launchPermissions !== 'denied')
        error = new DOMException('Permission denied', 'NotAllowedError');
      if (!error && c.video) error = faultFor('camera', 'deviceId');
      if (!error && c.audio) error = faultFor('microphone', 'deviceId');
      if (error) return track('getUserMedia', Promise.reject(error));
      return track('getUserMedia', nativeGUM.call(this, constraints));
    };
    const nativeEnum = md.enumerateDevices;
    md.enumerateDevices = function () {
      return track('enumerateDevices', nativeEnum.call(this).then((list) => list.filter((d) =>
        !(d.kind === 'videoinput' && platform.camera === 'missing') &&
        !(d.kind === 'audioinput' && platform.microphone === 'missing'))));
    };
    if (md.getDisplayMedia) {
      const nativeGDM = md.getDisplayMedia;
      md.getDisplayMedia = function (constraints) {
        const error = faultFor('screen', 'deviceId');
        if (error) return track('getDisplayMedia', Promise.reject(error));
        return track('getDisplayMedia', nativeGDM.call(this, constraints));
      };
    }
  }
  if (window.RTCPeerConnection) {
    const proto = RTCPeerConnection.prototype;
    for (const name of ['createOffer', 'createAnswer', 'setLocalDescription', 'setRemoteDescription', 'addIceCandidate', 'getStats']) {
      const native = proto[name];
      if (typeof native !== 'function') continue;
      proto[name] = function (...args) {
        if (name === 'createOffer' && platform.createOffer === 'fail')
          return track(name, Promise.reject(new DOMException('createOffer failed (platform fault)', 'OperationError')));
        const r = native.apply(this, args);
        return r && typeof r.then === 'function' ? track(name, r, 5000) : r;
      };
    }
  }
  // Autoplay: a Chromium switch decides it when known before launch; a later change is emulated
  // with the same rule Chromium applies (no activation -> NotAllowedError).
  {
    const nativePlay = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () {
      if (platform.autoplay === 'blocked' && CFG.launchAutoplay !== 'blocked' && !navigator.userActivation.hasBeenActive)
        return track('play', Promise.reject(new DOMException("play() failed because the user didn't interact with the document first.", 'NotAllowedError')), 1000);
      const r = nativePlay.call(this);
      return r && typeof r.then === 'function' ? track('play', r, 1000) : r;
    };
  }

  // ---- SDK surface -> lines -------------------------------------------------------------------
  function errorInfo(e) {
    if (e && typeof e.getCode === 'function') {
      let extra = typeof e.getExtraCode === 'function' ? e.getExtraCode() : undefined;
      if (!Number.isInteger(extra)) extra = null;
      const code = e.getCode();
      return { code: Number.isInteger(code) ? code : -1, extraCode: extra, message: String(e.message), name: String(e.name) };
    }
    const name = e && e.name ? String(e.name) : typeof e;
    const message = e && e.message !== undefined ? String(e.message) : String(e);
    return { code: -1, extraCode: null, message, name };
  }
  function streamInfo(s) {
    const out = {};
    try { out.userId = s.getUserId(); } catch (_) {}
    try { out.streamType = s.getType ? s.getType() : undefined; } catch (_) {}
    try { out.streamId = s.getId(); } catch (_) {}
    return out;
  }
  function plain(data, depth = 0) {
    if (data === null || data === undefined) return {};
    if (typeof data !== 'object') return { value: data };
    if (typeof data.getUserId === 'function') return streamInfo(data);
    const out = {};
    for (const key of Object.keys(data)) {
      const v = data[key];
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[key] = v;
      else if (v && typeof v === 'object' && typeof v.getUserId === 'function') Object.assign(out, streamInfo(v));
      else if (v && typeof v === 'object' && depth < 2 && !(v instanceof EventTarget)) {
        try { out[key] = JSON.parse(JSON.stringify(plain(v, depth + 1))); } catch (_) {}
      }
    }
    return out;
  }
  const emitError = (e, operation) => emit({ kind: 'error', operation, atMs: atMs(), ...errorInfo(e) });
  const emitEvent = (name, data) => emit({ kind: 'event', name, data, atMs: atMs() });

  const CLIENT_EVENTS = ['client-banned', 'connection-state-changed', 'peer-join', 'peer-leave', 'stream-added',
    'stream-removed', 'stream-updated', 'stream-subscribed', 'mute-audio', 'mute-video', 'unmute-audio', 'unmute-video'];
  const STREAM_EVENTS = ['player-state-changed', 'connection-state-changed', 'device-auto-recovered', 'screen-sharing-stopped'];

  const S = { client: null, local: null, remotes: new Map(), userId: null, watched: new WeakSet() };

  function watchStream(stream, who) {
    if (!stream || S.watched.has(stream)) return;
    S.watched.add(stream);
    stream.on('error', (e) => emitError(e, ''));
    for (const name of STREAM_EVENTS)
      stream.on(name, (data) => emitEvent(name, Object.assign({ stream: who }, plain(data))));
  }

  function container() {
    let div = document.getElementById('__bridge_players');
    if (!div) {
      div = document.createElement('div');
      div.id = '__bridge_players';
      (document.body || document.documentElement).appendChild(div);
    }
    const one = document.createElement('div');
    one.style.cssText = 'width:160px;height:120px;display:inline-block';
    div.appendChild(one);
    return one;
  }
  // The SDK's client. When the SDK refused createClient itself (a parameter it checks before
  // any server sees it), the application has no client to call: the operation is skipped and
  // says so (an event), which is the SDK's doing, not a mistake of the bridge.
  function client() {
    if (!S.client && S.clientRefused !== undefined)
      throw Object.assign(new Error(`the SDK refused createClient (code ${S.clientRefused}): no client to call`),
        { name: 'BridgeSkipped' });
    return need(S.client, 'no client: create-client first');
  }
  function need(value, what) {
    if (!value) throw Object.assign(new Error(what), { name: 'BridgeError' });
    return value;
  }
  // A remote stream exists once the SDK announced it (stream-added); when it never did, the
  // operation is skipped and says so: that is the SDK's (or the media plane's) doing.
  function remote(userId) {
    const stream = S.remotes.get(userId);
    if (!stream)
      throw Object.assign(new Error(`the SDK announced no stream of ${userId} (no stream-added event)`),
        { name: 'BridgeSkipped' });
    return stream;
  }
  // With autoSubscribe (the default) the SDK subscribes by itself once the server lists a
  // publisher, and announces the stream (stream-added) when the server's answer arrives:
  // an application's subscribe waits for that, up to ANNOUNCE_MS of real time.
  const ANNOUNCE_MS = 2000;
  async function announced(userId) {
    const since = realNow();
    while (!S.remotes.has(userId) && realNow() - since < ANNOUNCE_MS) await sleep(10);
    return remote(userId);
  }
  function streamOf(userId) {
    if (userId === S.userId || userId === undefined) return need(S.local, 'no local stream: init-local-stream first');
    return remote(userId);
  }

  const ops = {
    'create-client'(a) {
      S.userId = a.userId;
      const options = { mode: 'rtc', sdkAppId: a.sdkAppId, userId: a.userId, userSig: a.userSig };
      if (a.useStringRoomId !== undefined) options.useStringRoomId = a.useStringRoomId;
      let client;
      try {
        client = TRTC.createClient(options);
      } catch (e) {
        S.clientRefused = errorInfo(e).code;
        throw e;
      }
      client.setProxyServer({ websocketProxy: CFG.websocketProxy, loggerProxy: CFG.loggerProxy });
      client.on('error', (e) => emitError(e, ''));
      for (const name of CLIENT_EVENTS) client.on(name, (data) => {
        if (name === 'stream-added' && data && data.stream) {
          const s = data.stream;
          const key = s.getUserId();
          if (!S.remotes.has(key) || (s.getType && s.getType() === 'main')) S.remotes.set(key, s);
          watchStream(s, key);
        }
        emitEvent(name, plain(data));
      });
      S.client = client;
    },
    join(a) {
      const options = { roomId: a.roomId };
      if (a.role !== undefined) options.role = a.role;
      if (a.privateMapKey !== undefined) options.privateMapKey = a.privateMapKey;
      return client().join(options);
    },
    leave: () => client().leave(),
    async 'init-local-stream'(a) {
      const stream = TRTC.createStream({ userId: S.userId || 'local', audio: a.audio !== false, video: a.video !== false });
      S.local = stream;
      watchStream(stream, 'local');
      await stream.initialize();
    },
    publish: () => client().publish(need(S.local, 'no local stream: init-local-stream first')),
    unpublish: () => client().unpublish(need(S.local, 'no local stream: init-local-stream first')),
    subscribe: async (a) => client().subscribe(await announced(a.userId)),
    unsubscribe: (a) => client().unsubscribe(remote(a.userId)),
    play: (a) => streamOf(a.userId).play(container()),
    resume: (a) => streamOf(a.userId).resume(),
    'switch-role'(a) {
      const c = client();
      // 4.15.22's switchRole(role) takes no privateMapKey: it sends the one given to join.
      if (a.privateMapKey !== undefined) log('switch-role: the SDK has no privateMapKey argument; it reuses the one of join');
      return c.switchRole(a.role);
    },
    'start-cdn': (a) => client().startPublishCDNStream({ streamId: a.streamId }),
    'stop-cdn': () => client().stopPublishCDNStream(),
    'start-mix': (a) => client().startMixTranscode({ outputStreamId: a.outputStreamId }),
    'stop-mix': () => client().stopMixTranscode(),
    'device-lost'(a) {
      const stream = need(S.local, 'no local stream: init-local-stream first');
      const t = a.device === 'camera' ? stream.getVideoTrack() : stream.getAudioTrack();
      need(t, `the local stream has no ${a.device} track`);
      if (!a.recovers) platform[a.device] = 'missing';
      t.stop(); // stop() alone fires nothing; a lost device ends the track with an event
      t.dispatchEvent(new Event('ended'));
    },
  };

  window.__bridge = {
    ops: Object.keys(ops),
    // Starts one operation; its result (and errors before it) come through __bridgeEmit.
    run(id, op, args) {
      const done = (code, data) => emit({ kind: 'result', id, op, code, data: data || {} });
      (async () => {
        try {
          if (!window.TRTC && op !== 'device-lost') need(false, 'the page has no TRTC global (SDK not loaded)');
          await ops[op](args || {});
          done(0);
        } catch (e) {
          // A precondition of the bridge (no client, no stream yet) is not something the SDK
          // surfaced: it becomes an adapter-error, never an error line.
          if (e && e.name === 'BridgeSkipped') emitEvent('bridge-skipped', { operation: op, message: e.message });
          else if (e && e.name === 'BridgeError') emit({ kind: 'adapter-error', message: `${op}: ${e.message}` });
          else emitError(e, op);
          done(errorInfo(e).code);
        }
      })();
      return true;
    },
    // Resolves once nothing started in the page is still settling (real time, bounded).
    async settle(maxMs, quietMs) {
      const start = realNow();
      let calm = 0, why = [];
      while (realNow() - start < maxMs) {
        why = busy(quietMs);
        calm = why.length ? 0 : calm + 1;
        if (calm >= 2) return { settled: true, waitedMs: Math.round(realNow() - start) };
        await sleep(calm ? 1 : 4);
      }
      return { settled: false, busy: why, waitedMs: Math.round(realNow() - start) };
    },
    // Runs the page clock forward by `ms`, one due timer at a time, through the clock's own
    // page-side controller (called over raw CDP: no activation). After a timer whose callback
    // started real-time work (a WebSocket connecting, getUserMedia, a frame awaiting its answer),
    // it waits for that work to settle before the next timer fires, so what a timer started is
    // done before later timers run, identically on every run. Then a final settle.
    async step(ms, maxMs, quietMs) {
      const c = globalThis.__pwClock.controller;
      const unsettled = [];
      if (typeof c._callFirstTimer !== 'function' || typeof c._advanceNow !== 'function' || !c._now) {
        await c.runFor(ms); // another playwright-core: its public page-side runFor
      } else {
        c._replayLogOnce();
        const to = c._now.ticks + ms;
        let firstError;
        for (;;) {
          const r = await c._callFirstTimer(to);
          if (!r.timerFound) break;
          if (r.error && !firstError) firstError = r.error;
          if (busy(quietMs).length) {
            const s = await this.settle(maxMs, quietMs);
            if (!s.settled) unsettled.push(...s.busy);
          }
        }
        c._advanceNow(to);
        if (firstError) log(`a timer callback threw: ${firstError && firstError.stack || firstError}`);
      }
      const s = await this.settle(maxMs, quietMs);
      if (unsettled.length) { s.settled = false; s.busy = unsettled.concat(s.busy || []); }
      return s;
    },
    // network: what the platform reports (navigator.onLine and its events), as for every
    // client; the scenario's faults are what break connections.
    setPlatform(p) {
      Object.assign(platform, p);
      if (p.network) window.dispatchEvent(new Event(p.network === 'offline' ? 'offline' : 'online'));
    },
    atMs,
    probe: { armedAt: null, firedAt: null, armedReal: null },
    armProbe() {
      const p = this.probe;
      p.armedAt = atMs();
      p.armedReal = realNow();
      setTimeout(() => { p.firedAt = atMs(); }, 1000); // the page's (virtual) setTimeout
      return p.armedAt;
    },
    probeState() { return Object.assign({ realSinceArm: realNow() - this.probe.armedReal, now: atMs() }, this.probe); },
    activation() { return { hasBeenActive: navigator.userActivation.hasBeenActive, isActive: navigator.userActivation.isActive }; },
    log,
  };
})();
