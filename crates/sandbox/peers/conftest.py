"""Starts a real parta-sandbox for each test (fresh temp data dir) and reads its JSON line.

The binary comes from PARTA_SANDBOX_BIN (set by `cargo xtask test`); without it the tests look
for the debug build in the usual target directories.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _binary() -> str:
    env = os.environ.get("PARTA_SANDBOX_BIN")
    if env:
        return env
    for target in (os.environ.get("CARGO_TARGET_DIR"), str(ROOT / "target")):
        if target:
            candidate = Path(target) / "debug" / "parta-sandbox"
            if candidate.exists():
                return str(candidate)
    pytest.fail("set PARTA_SANDBOX_BIN to the parta-sandbox binary")


class Sandbox:
    """A running sandbox: its addresses and a tiny control-API client."""

    def __init__(self, proc: subprocess.Popen, urls: dict):
        self.proc = proc
        self.urls = urls
        self.ws = urls["max_ws"]
        host, port = urls["max_tcp"].rsplit(":", 1)
        self.tcp_host, self.tcp_port = host, int(port)
        self.control = urls["control"]

    def get(self, path: str):
        with urllib.request.urlopen(self.control + path, timeout=10) as r:
            return json.loads(r.read())

    def post(self, path: str, body: dict):
        req = urllib.request.Request(
            self.control + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def person(self, role: str, index: int = 0) -> dict:
        return [p for p in self.get("/people") if p["role"] == role][index]


@pytest.fixture
def sandbox(tmp_path):
    proc = subprocess.Popen(
        [_binary(), "--listen", "127.0.0.1:0", "--data", str(tmp_path / "data")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line, "parta-sandbox printed no JSON line"
        yield Sandbox(proc, json.loads(line))
    finally:
        proc.kill()
        proc.wait(timeout=10)
