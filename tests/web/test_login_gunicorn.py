"""Lockout by name, under gunicorn with two workers sharing one database file."""

from __future__ import annotations

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher import accounts, store
from matcher.config import PROJECT_ROOT
from tests.web.admin_fixtures import ADMIN_NAME, ADMIN_PASSWORD, CSRF_PATTERN

ATTACKER, ADMIN_DESK = "203.0.113.9", "198.51.100.7"
START_SECONDS = 30
# Asking again until both workers have answered: a worker busy with its first
# fit (outcome records make it longer) may leave every connection to the other.
ROUNDS_SECONDS = 60


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect as its status instead of following it."""

    def redirect_request(self, *_args, **_kwargs):
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(db_path: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Run the app under gunicorn, two workers, on a free localhost port."""
    database = store.connect(db_path)
    accounts.create_admin(database, ADMIN_NAME, ADMIN_PASSWORD)
    database.conn.close()
    port, log = free_port(), tmp_path / "access.log"
    env = os.environ | {
        "MATCHER_DB": str(db_path),
        "MATCHER_SECRET_KEY": "gunicorn-test",  # one key for both workers
        "MATCHER_TRUSTED_PROXIES": "1",  # X-Forwarded-For names the address
    }
    command = [
        sys.executable, "-m", "gunicorn", "--workers", "2",
        "--bind", f"127.0.0.1:{port}", "--access-logfile", str(log),
        "--access-logformat", "%(p)s %(s)s %(r)s", "web:create_app()",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer in time")


class Browser:
    """A browser at one client address: its own cookies and CSRF tokens."""

    def __init__(self, base: str, address: str):
        self.base, self.address = base, address
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies, NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"X-Forwarded-For": self.address, "Accept": "text/html"}
        request = urllib.request.Request(self.base + path, body, headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def login(self, password: str) -> int:
        token = CSRF_PATTERN.search(self.request("/admin/login")[1]).group(1)
        fields = {"username": ADMIN_NAME, "password": password, "csrf_token": token}
        return self.request("/admin/login", fields)[0]


def test_the_right_password_gets_in_from_a_clean_address_across_workers(server):
    base, log = server
    attacker, admin = Browser(base, ATTACKER), Browser(base, ADMIN_DESK)
    assert [attacker.login("wrong guess") for _ in range(5)] == [401] * 5
    assert attacker.login(ADMIN_PASSWORD) == 429  # the limits still hold there
    assert admin.login(ADMIN_PASSWORD) == 302
    assert admin.request("/admin/")[0] == 200
    assert attacker.login(ADMIN_PASSWORD) == 429
    # Which worker takes a connection is the kernel's choice: ask again, checking
    # the same answers each time, until both workers have given them.
    deadline = time.monotonic() + ROUNDS_SECONDS
    while time.monotonic() < deadline:
        if len(workers_that_answered(log)) == 2:
            break
        assert admin.request("/admin/")[0] == 200
        assert attacker.login(ADMIN_PASSWORD) == 429
        time.sleep(0.1)
    assert len(workers_that_answered(log)) == 2, "both workers should have answered"


def workers_that_answered(log: Path) -> set[str]:
    return {line.split()[0] for line in log.read_text().splitlines()}
