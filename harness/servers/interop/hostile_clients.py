#!/usr/bin/python3
"""Hostile clients against `trtc-harness serve`, started with only 64 file descriptors
(`ulimit -n 64`), as a web page or a misbehaving peer on the same machine could be:

1. a hello whose key is written with a JSON escape ("user\\u0053ig") is accepted, and the
   frames the control API serves do not contain its token;
2. a cross-origin control request (what any web page can send without a CORS preflight)
   and a body not declared JSON are refused, and no fault is added;
3. 100 idle TCP connections exhaust the descriptors: serve says once that it backs off,
   uses less than a fifth of a core meanwhile (a spinning accept loop uses all of it),
   and answers a new connection again once they are closed.

Usage: hostile_clients.py <path to trtc-harness>
Exit status 0 when every check holds; each failed check prints one line and exits 1.
"""
import asyncio
import json
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import websockets

from checks import check, fail

DESCRIPTORS = 64
IDLE_CONNECTIONS = 100
CPU_WINDOW_SECONDS = 1.0
MAX_TICKS_PER_SECOND = 20  # of a core's 100 (USER_HZ): generous; a spinning loop takes them all
PATIENCE_SECONDS = 20


def user_sig(harness, ready, user):
    app = ready["apps"][0]
    return subprocess.run([harness, "usersig", "gen", "--sdkappid", str(app["sdkAppId"]), "--user", user,
                           "--key", app["secretKey"]], check=True, capture_output=True, text=True).stdout.strip()


def control(base, method, path, body=None, headers=None):
    """(status, decoded JSON answer) of a control API call."""
    data = None if body is None else body.encode()
    request = urllib.request.Request(base + path, method=method, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=PATIENCE_SECONDS) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


async def escaped_hello(url, sdk_app_id, sig):
    hello = json.dumps({"type": "hello", "seq": 1, "data": {
        "protocol": "trtc-conformance/1", "sdkAppId": sdk_app_id, "userId": "mallory", "userSig": sig}})
    async with websockets.connect(url) as ws:
        await ws.send(hello.replace('"userSig"', '"user\\u0053ig"'))
        answer = json.loads(await asyncio.wait_for(ws.recv(), PATIENCE_SECONDS))
        check(answer.get("code") == 0, f"escaped hello: expected code 0, got {answer}")


def check_escaped_key_is_redacted(harness, ready, urls):
    sig = user_sig(harness, ready, "mallory")
    asyncio.run(escaped_hello(urls["signaling"], ready["apps"][0]["sdkAppId"], sig))
    status, sessions = control(urls["control"], "GET", "/sessions")
    check(status == 200, f"GET /sessions: {status} {sessions}")
    # The session may have ended already; its frames stay readable.
    connection = max([s["connection"] for s in sessions["sessions"]] + [1])
    status, frames = control(urls["control"], "GET", f"/sessions/{connection}/frames")
    check(status == 200, f"GET /sessions/{connection}/frames: {status} {frames}")
    served = json.dumps(frames, ensure_ascii=False)
    check(sig not in served, "the control API serves the full userSig of an escaped key")
    check(sig[:8] + "…" in served, f"the redacted userSig is not in the frames: {served}")


def check_cross_origin_control_is_refused(urls):
    fault = json.dumps({"on": "join", "action": {"kind": "drop"}})
    page = {"Content-Type": "text/plain", "Origin": "http://evil.example"}
    status, answer = control(urls["control"], "POST", "/faults", fault, page)
    check(status == 403, f"cross-origin POST /faults: expected 403, got {status} {answer}")
    status, answer = control(urls["control"], "POST", "/faults", fault, {"Content-Type": "text/plain"})
    check(status == 415, f"text/plain POST /faults: expected 415, got {status} {answer}")
    status, answer = control(urls["control"], "GET", "/faults")
    check(status == 200 and answer["faults"] == [], f"a refused request added a fault: {answer}")


class Log:
    """serve's stderr, line by line, read on a thread so that waiting for a line is bounded."""

    def __init__(self, stream):
        self.lines = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream):
        for line in stream:
            self.lines.put(line)

    def wait_for(self, text):
        deadline = time.monotonic() + PATIENCE_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if text in line:
                return line
        fail(f"serve never logged '{text}'")


def cpu_ticks(pid):
    """utime + stime of the whole process, in USER_HZ ticks (proc(5))."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def websocket_upgrade_answered(port):
    upgrade = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=PATIENCE_SECONDS) as sock:
        sock.sendall(upgrade.encode())
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(256)
            if not chunk:
                break
            answer += chunk
        return answer.startswith(b"HTTP/1.1 101")


def check_descriptor_exhaustion(pid, log, port):
    idle = [socket.create_connection(("127.0.0.1", port), timeout=PATIENCE_SECONDS) for _ in range(IDLE_CONNECTIONS)]
    log.wait_for("cannot accept")
    before, started = cpu_ticks(pid), time.monotonic()
    time.sleep(CPU_WINDOW_SECONDS)  # the measurement window, not a wait for anything
    used, elapsed = cpu_ticks(pid) - before, time.monotonic() - started
    bound = MAX_TICKS_PER_SECOND * elapsed
    check(used <= bound, f"serve used {used} CPU ticks in {elapsed:.2f} s while out of descriptors (bound {bound:.0f})")
    for sock in idle:
        sock.close()
    check(websocket_upgrade_answered(port), "serve does not answer a new connection after descriptors free up")
    log.wait_for("accepting connections again")
    print(f"ok: {used} CPU ticks in {elapsed:.2f} s with {IDLE_CONNECTIONS} idle connections and "
          f"ulimit -n {DESCRIPTORS}")


def main():
    if len(sys.argv) != 2:
        fail("usage: hostile_clients.py <trtc-harness>")
    harness = sys.argv[1]
    serve = subprocess.Popen(["bash", "-c", f'ulimit -n {DESCRIPTORS} && exec "$0" serve --json --no-tls', harness],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        log = Log(serve.stderr)
        ready = json.loads(serve.stdout.readline())
        urls = {s["name"]: s["url"] for s in ready["servers"]}
        ports = {s["name"]: s["port"] for s in ready["servers"]}
        check_escaped_key_is_redacted(harness, ready, urls)
        check_cross_origin_control_is_refused(urls)
        check_descriptor_exhaustion(serve.pid, log, ports["signaling"])
    finally:
        serve.send_signal(signal.SIGTERM)
        code = serve.wait(timeout=PATIENCE_SECONDS)
    check(code == 0, f"serve exited with {code} on SIGTERM")
    print("ok: escaped keys redacted, cross-origin control refused, descriptor exhaustion survived")


if __name__ == "__main__":
    main()
