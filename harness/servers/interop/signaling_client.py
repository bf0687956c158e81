#!/usr/bin/python3
"""A client nobody in the C++ code base wrote: Python's `websockets` library, written from
docs/protocol.md alone. It starts `trtc-harness serve`, signs its own userSig, and drives
two sessions through the documented messages, then injects a fault into one live session
through the control API and checks that the other is unaffected.

Usage: signaling_client.py <path to trtc-harness>
Exit status 0 when every check holds; each failed check prints one line and exits 1.
"""
import asyncio
import base64
import hashlib
import hmac
import json
import signal
import subprocess
import sys
import time
import urllib.request
import zlib

import websockets

from checks import check, fail


def user_sig(key, sdk_app_id, user_id, expire=86400):
    """TLS userSig v2, as docs/protocol.md ("Signing a userSig") describes it."""
    now = int(time.time())
    signed = f"TLS.identifier:{user_id}\nTLS.sdkappid:{sdk_app_id}\nTLS.time:{now}\nTLS.expire:{expire}\n"
    sig = base64.b64encode(hmac.new(key.encode(), signed.encode(), hashlib.sha256).digest()).decode()
    doc = {"TLS.ver": "2.0", "TLS.identifier": user_id, "TLS.sdkappid": sdk_app_id,
           "TLS.expire": expire, "TLS.time": now, "TLS.sig": sig}
    packed = base64.b64encode(zlib.compress(json.dumps(doc).encode())).decode()
    return packed.replace("+", "*").replace("/", "-").replace("=", "_")


class Client:
    def __init__(self, ws):
        self.ws = ws
        self.seq = 0
        self.pushes = []

    async def call(self, type_, data=None):
        self.seq += 1
        frame = {"type": type_, "seq": self.seq}
        if data is not None:
            frame["data"] = data
        await self.ws.send(json.dumps(frame))
        return await self.response(self.seq)

    async def response(self, seq):
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.recv(), 20))
            if message.get("seq") == seq:
                return message
            self.pushes.append(message)

    async def push(self, event):
        for i, message in enumerate(self.pushes):
            if message.get("type") == "push" and message["event"] == event:
                return self.pushes.pop(i)
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.recv(), 20))
            if message.get("type") == "push" and message["event"] == event:
                return message
            self.pushes.append(message)


def control(base, method, path, body=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={} if body is None else {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=20) as answer:
        return json.loads(answer.read())


async def scenario(ready):
    urls = {s["name"]: s["url"] for s in ready["servers"]}
    app = ready["apps"][0]
    key, sdk_app_id = app["secretKey"], app["sdkAppId"]

    async with websockets.connect(urls["signaling"]) as ws_a, websockets.connect(urls["signaling"]) as ws_b:
        alice, bob = Client(ws_a), Client(ws_b)
        hello = lambda user: {"protocol": "trtc-conformance/1", "sdkAppId": sdk_app_id,
                              "userId": user, "userSig": user_sig(key, sdk_app_id, user)}

        answer = await alice.call("join", {"roomId": 1})
        check(answer["type"] == "protocol-error" and answer["code"] == 90009,
              f"join before hello: expected protocol-error 90009, got {answer}")
        answer = await alice.call("hello", {**hello("alice"), "userSig": user_sig("wrong", sdk_app_id, "alice")})
        check(answer["type"] == "response" and answer["code"] == 70009, f"forged userSig: expected 70009, got {answer}")
        for client, user in ((alice, "alice"), (bob, "bob")):
            answer = await client.call("hello", hello(user))
            check(answer["code"] == 0, f"hello {user}: {answer}")

        check((await alice.call("join", {"roomId": 4294967295}))["code"] == -10012, "roomId out of range: -10012")
        check((await alice.call("join", {"roomId": 8080, "role": "anchor"}))["code"] == 0, "alice joins")
        joined = await bob.call("join", {"roomId": 8080, "role": "anchor"})
        check(joined["code"] == 0 and joined["data"]["members"][0]["userId"] == "alice", f"bob joins: {joined}")
        check((await alice.push("peer-join"))["data"]["userId"] == "bob", "alice sees peer-join")
        check((await bob.call("publish", {"stream": "main", "audio": True, "video": True}))["code"] == 0, "publish")
        added = await alice.push("stream-added")
        check(added["data"] == {"userId": "bob", "stream": "main", "audio": True, "video": True},
              f"stream-added: {added}")

        await ws_a.send("{not json")
        error = json.loads(await ws_a.recv())
        check(error["type"] == "protocol-error" and error["code"] == 90001 and error["seq"] is None,
              f"malformed JSON: {error}")
        error = await alice.call("join", {"roomId": 1, "colour": "red"})
        check(error["code"] == 90007 and error["field"] == "data.colour", f"unknown field: {error}")

        # A fault injected through the control API into bob's live session only.
        added = control(urls["control"], "POST", "/faults",
                        {"id": "bob-only", "user": "bob", "on": "heartbeat", "times": 0,
                         "action": {"kind": "reply", "code": -10011, "message": "injected"}})
        check(added["ids"] == ["bob-only"], f"fault added: {added}")
        check((await bob.call("heartbeat"))["code"] == -10011, "bob's heartbeat gets the injected code")
        check((await alice.call("heartbeat"))["code"] == 0, "alice is unaffected")
        check((await bob.call("heartbeat"))["code"] == -10011, "the fault stays until removed")
        control(urls["control"], "DELETE", "/faults/bob-only")
        check((await bob.call("heartbeat"))["code"] == 0, "removed fault no longer fires")

        sessions = control(urls["control"], "GET", "/sessions")["sessions"]
        check(sorted(s["userId"] for s in sessions) == ["alice", "bob"], f"sessions: {sessions}")

        check((await bob.call("leave"))["code"] == 0, "bob leaves")
        check((await alice.push("peer-leave"))["data"]["userId"] == "bob", "alice sees peer-leave")


def main():
    if len(sys.argv) != 2:
        fail("usage: signaling_client.py <trtc-harness>")
    serve = subprocess.Popen([sys.argv[1], "serve", "--json", "--no-tls"], stdout=subprocess.PIPE, text=True)
    try:
        ready = json.loads(serve.stdout.readline())
        asyncio.run(scenario(ready))
    finally:
        serve.send_signal(signal.SIGTERM)
        code = serve.wait(timeout=20)
    check(code == 0, f"serve exited with {code} on SIGTERM")
    print("ok: python websockets client, control API fault isolation, serve stop")


if __name__ == "__main__":
    main()
