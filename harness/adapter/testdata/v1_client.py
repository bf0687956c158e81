#!/usr/bin/env python3
"""A client of trtc-conformance-adapter/1 written from docs/adapter.md as it was before the
protocol gained `application`, `token` and an optional `handling`: it always reports a
handling label, never declares itself an application and never asks for tokens. It only
has a platform layer (no network), enough for the scenarios adapter_compat runs; it
proves such a client still runs unchanged and is judged like any other."""
import json
import sys

# Codes and labels as an SDK author would copy them from the documents.
NOT_SUPPORTED, DEVICE_NOT_FOUND, INITIALIZE_FAILED, INVALID_OPERATION = 0x1002, 0x1003, 0x1004, 0x1001


def main():
    platform = {"browser": "supported", "camera": "ok", "microphone": "ok"}
    created = False
    clock_ms = 0
    locale = "en"

    def write(line):
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()

    def fail(command, code, handling, reason=""):
        write({"type": "error", "family": "web-v4", "code": code, "extraCode": None, "reason": reason,
               "message": "failed", "locale": locale, "handling": handling,
               "operation": command["operation"], "atMs": clock_ms})
        write({"type": "result", "id": command["id"], "operation": command["operation"], "code": code, "data": {}})

    def succeed(command, data=None):
        write({"type": "result", "id": command["id"], "operation": command["operation"], "code": 0,
               "data": data or {}})

    for text in sys.stdin:
        line = json.loads(text)
        kind = line.get("type")
        if kind == "start":
            locale = line["config"]["locale"]
            write({"type": "ready", "protocol": "trtc-conformance-adapter/1"})
        elif kind == "stop":
            return 0
        elif kind == "command":
            op, args = line["operation"], line.get("args", {})
            if op == "platform":
                platform.update(args)
                succeed(line)
            elif op == "create-client":
                created = True
                succeed(line)
            elif op == "join":
                if platform["browser"] != "supported":
                    fail(line, NOT_SUPPORTED, "use-supported-browser")
                else:
                    fail(line, INVALID_OPERATION, "check-call-sequence")
            elif op == "init-local-stream":
                camera = platform["camera"]
                if camera == "missing":
                    fail(line, DEVICE_NOT_FOUND, "check-devices")
                elif camera == "not-allowed":
                    fail(line, INITIALIZE_FAILED, "grant-device-permission", "NotAllowedError")
                else:
                    succeed(line)
            elif op == "advance-clock":
                clock_ms += args.get("ms", 0)
                succeed(line, {"clockMs": clock_ms})
            elif op == "sync":
                succeed(line)
            else:
                write({"type": "result", "id": line["id"], "operation": op, "code": -1,
                       "data": {"error": "not implemented"}})
        else:
            write({"type": "adapter-error", "message": "unexpected line " + str(kind)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
