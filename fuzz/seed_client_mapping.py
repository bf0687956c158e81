#!/usr/bin/env python3
"""Adds seeds to fuzz/corpus/client_mapping from real traffic: runs every scenario against
the reference client with its trace (`trtc-harness run -v`) and turns each run into the
target's input format: the client's commands as `> op {args}` lines, the servers' answers
as script lines with `{seq}` for the request's seq, `{stun}` after a publish's answer, the
clock moves as advance-clock commands. Signaling and media connections are interleaved by
connection, not by time, so a seed is a realistic start for the fuzzer, not a replay.
    python3 fuzz/seed_client_mapping.py build/default/harness/cli/trtc-harness
"""
import json
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out_dir = os.path.join(root, "fuzz", "corpus", "client_mapping")
harness = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build/default/harness/cli/trtc-harness")
trace = subprocess.run([harness, "run", "--locale", "en", "-v"], capture_output=True, text=True).stdout

command = re.compile(r"^      > (\S+) #\d+ (\{.*\})$")
clock = re.compile(r"^      @ clock \+(\d+) ms$")
frame = re.compile(r"^        \w+#\d+ out (\{.*\})$")
seeds = {}
name, lines = None, []
for text in trace.splitlines() + ["PASS end [en]"]:
    header = re.match(r"^(PASS|FAIL) (\S+) \[", text)
    if header:
        if name and lines:
            seeds[name] = lines
        name, lines = header.group(2), []
        continue
    if m := command.match(text):
        lines.append(f"> {m.group(1)} {m.group(2)}")
    elif m := clock.match(text):
        lines.append(f'> advance-clock {{"ms":{m.group(1)}}}')
    elif m := frame.match(text):
        answer = json.loads(m.group(1))
        if "seq" in answer and answer["seq"] is not None:
            answer["seq"] = "{seq}"
        line = json.dumps(answer, ensure_ascii=False, separators=(",", ":")).replace('"{seq}"', "{seq}")
        lines.append(line)
        if answer.get("request") == "publish" and answer.get("code") == 0:
            lines.append("{stun}")

os.makedirs(out_dir, exist_ok=True)
for name, lines in seeds.items():
    path = os.path.join(out_dir, "scenario-" + name.replace("/", "-"))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines)[:8000] + "\n")
print(f"seeded {len(seeds)} inputs from scenario runs into {out_dir}")
