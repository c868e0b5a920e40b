"""`make lab` is offline: JupyterLab asks no server outside the machine for news, updates or extensions.

Out of the box JupyterLab 4 fetches a news feed (jupyterlab.github.io), the latest version (pypi.org) and,
in its extension manager, every installed extension's latest version (pypi.org). The project's Jupyter
config (`jupyter/`: jupyter_lab_config.py, labconfig/page_config.json) switches all three off, and the
Makefile's `lab` target puts that folder first on JUPYTER_CONFIG_PATH. These tests read the command
`make lab` runs (`make -n`), check what JupyterLab loads with it, and — the live test — start that server
with every outside connection logged (a Python audit hook in the server process), call the three APIs the
browser plugins would call, and open the lab in headless Chromium with every non-local request recorded.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DISABLED = {"@jupyterlab/apputils-extension:announcements", "@jupyterlab/extensionmanager-extension:plugin"}

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def make_lab() -> tuple[dict[str, str], list[str]]:
    """(environment variables, argv) of the command `make lab` runs, with this Python's bin folder."""
    stamp = REPO / ".venv" / ".installed"
    text = subprocess.run(["make", "-s", "-n", "-o", str(stamp), "-o", ".venv/.installed", "lab", f"BIN={BIN}",
                           "JUPYTER_CONFIG_PATH="], cwd=REPO, capture_output=True, text=True, check=True).stdout
    words = shlex.split(text.replace("\\\n", " "))
    env = {}
    while words and "=" in words[0] and not words[0].startswith("-"):
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    return env, words


def test_make_lab_puts_the_project_config_first():
    env, argv = make_lab()
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(REPO / "jupyter")
    assert argv[:2] == [str(BIN / "jupyter"), "lab"] and "--notebook-dir=notebooks" in argv
    page = json.loads((REPO / "jupyter" / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    assert {k for k, v in page["disabledExtensions"].items() if v} == DISABLED


def test_the_config_switches_off_news_updates_and_pypi(tmp_path, monkeypatch):
    env, argv = make_lab()
    shown = subprocess.run([*argv[:2], "--show-config", "--allow-root"], cwd=tmp_path, capture_output=True,
                           text=True, timeout=120, env={**os.environ, **env}).stdout
    assert ".news_url = None" in shown
    assert ".check_for_updates_class = 'jupyterlab.NeverCheckForUpdate'" in shown
    assert ".extension_manager = 'readonly'" in shown
    from jupyterlab_server.config import get_static_page_config

    monkeypatch.setenv("JUPYTER_CONFIG_PATH", env["JUPYTER_CONFIG_PATH"])
    disabled = get_static_page_config(level="all").get("disabledExtensions", {})
    assert DISABLED <= {k for k, v in disabled.items() if v}


#: installed in the server process: every connection or name look-up of a host outside the machine, logged
AUDIT = '''
import os, sys
def _hook(event, args, _log=os.environ["STRIKEBOOK_NET_LOG"]):
    if event not in ("socket.connect", "socket.getaddrinfo", "socket.sendto"):
        return
    try:
        host = args[0] if event == "socket.getaddrinfo" else args[1][0] if isinstance(args[1], tuple) else ""
        host = host.decode() if isinstance(host, bytes) else str(host or "")
        if host and host not in ("localhost", "::1", "::", "0.0.0.0") and not host.startswith("127."):
            with open(_log, "a") as fh:
                fh.write(f"{event} {host}\\n")
    except Exception:
        pass
sys.addaudithook(_hook)
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_live_lab_makes_no_request_outside_the_machine(tmp_path):
    env, argv = make_lab()
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(AUDIT, encoding="utf-8")
    log = tmp_path / "net.log"
    port, token = _free_port(), "strikebook-test"
    server_env = {**os.environ, **env, "STRIKEBOOK_NET_LOG": str(log),
                  "PYTHONPATH": os.pathsep.join([str(tmp_path / "hook"), os.environ.get("PYTHONPATH", "")]),
                  "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    cmd = [*argv, "--no-browser", f"--port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", "--allow-root"]
    server = subprocess.Popen(cmd, cwd=REPO, env=server_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    base = f"http://127.0.0.1:{port}"

    def get(path: str):
        with urllib.request.urlopen(f"{base}{path}?token={token}", timeout=60) as resp:
            return json.loads(resp.read())

    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                get("/api/status")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "JupyterLab did not start"
                time.sleep(0.5)
        assert get("/lab/api/news") == {"news": []}
        assert get("/lab/api/update") == {"notification": None}
        assert all(e.get("latest_version") in (None, "") for e in get("/lab/api/extensions"))
        remote = _open_in_browser(f"{base}/lab?token={token}")
        time.sleep(1)
        assert (log.read_text() if log.exists() else "") == ""
        assert remote == []
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def _open_in_browser(url: str) -> list[str]:
    """The non-local requests the lab's page makes in headless Chromium (none are let through), or [] when
    no browser is available (the server-side checks above still ran)."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return []
    if not chromium.exists():
        return []
    remote: list[str] = []

    def route(r):
        if r.request.url.startswith(("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:
            remote.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.route("**/*", route)
        page.goto(url, wait_until="load")
        page.wait_for_selector(".jp-LabShell", timeout=90_000)
        page.wait_for_timeout(3000)  # plugins that ask for news or updates do so right after start
        browser.close()
    return remote
