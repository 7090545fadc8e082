"""The production server: settings, headers, logging, deployment checks, and the server
itself (`cds serve`, waitress) answering on loopback."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import logging
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import chuyendoiso
from chuyendoiso.web.middleware import RequestIdFilter

SOURCE = str(Path(chuyendoiso.__file__).resolve().parents[1])


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The documented production settings (README, "Production")."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    return environment | {
        "PYTHONPATH": os.pathsep.join(filter(None, [SOURCE, os.environ.get("PYTHONPATH")])),
        "CDS_DATA_DIR": str(tmp_path / "var"),
        "CDS_SECRET_KEY": secrets.token_urlsafe(50),
        "CDS_ALLOWED_HOSTS": "cds.example.gov.vn,127.0.0.1",
        "CDS_CSRF_TRUSTED_ORIGINS": "https://cds.example.gov.vn",
        "CDS_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        **extra,
    }


def cds(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from chuyendoiso.cli import main; main()", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_cds_check_passes_with_the_documented_production_settings(tmp_path):
    done = cds(production_env(tmp_path), "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (tmp_path / "var").exists()  # a check of the configuration writes nothing


def test_cds_check_fails_on_a_deployment_warning(tmp_path):
    done = cds(production_env(tmp_path, CDS_HSTS_SECONDS="0"), "check")
    assert done.returncode == 2
    assert "security.W004" in done.stderr


@pytest.mark.parametrize("command", [["serve"], ["check"]])
def test_production_refuses_to_start_without_a_secret_key(tmp_path, command):
    env = production_env(tmp_path)
    del env["CDS_SECRET_KEY"]
    done = cds(env, *command)
    assert done.returncode == 2
    assert "CDS_SECRET_KEY" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "var").exists()


def test_production_settings_come_from_the_environment(tmp_path):
    env = production_env(tmp_path, CDS_DEBUG="1", CDS_HSTS_PRELOAD="1")
    env["DJANGO_SETTINGS_MODULE"] = "chuyendoiso.config.settings.production"
    script = (
        "import json; from django.conf import settings as s; print(json.dumps([s.DEBUG, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, s.SILENCED_SYSTEM_CHECKS]))"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        False,  # CDS_DEBUG never turns debug pages on in production
        True,
        31536000,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
        ["https://cds.example.gov.vn"],
        ["security.W005"],
    ]


@pytest.mark.django_db
def test_a_404_without_debug_lists_no_url_pattern(client, settings):
    settings.DEBUG = False
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Không tìm thấy trang" in text  # the site's page, whose menu links the pages
    assert "URLconf" not in text and "[name=" not in text  # not Django's list of patterns


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/", None),
        ("get", "/bao-cao/?org=19&period=2024S1", None),
        ("get", "/bao-cao/kiem-tra/", None),
        ("post", "/bao-cao/kiem-tra/", {"text": "Tỉnh có 1.930 trạm BTS.", "org": "19"}),
        ("get", "/admin/login/", None),
    ],
)
def test_the_content_security_policy_allows_exactly_what_the_pages_inline(
    client, method, path, data
):
    response = getattr(client, method)(path, data) if data else getattr(client, method)(path)
    assert response.status_code == 200
    policy = dict(
        [*part.split(" ", 1), ""][:2] for part in response["Content-Security-Policy"].split("; ")
    )
    assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'"
    html = response.content.decode()
    # scripts from files only; a <script type="application/json"> is data (json_script), not run
    code = r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")"
    assert "<script>" not in html and not re.search(code, html)
    assert not re.search(r"\sstyle=\"", re.sub(r"<svg.*?</svg>", "", html, flags=re.S))
    assert not re.search(r"\son[a-z]+=", html)
    for style in re.findall(r"<style>(.*?)</style>", html, flags=re.S):
        assert sha256(style) in policy["style-src"].split()


@pytest.mark.django_db
def test_the_request_id_is_echoed_or_made_and_set_on_log_lines(client):
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("chuyendoiso.request")
    logger.addHandler(handler)
    try:
        given = client.get("/", headers={"X-Request-ID": "proxy-42"})
        made = client.get("/")
        bad = client.get("/", headers={"X-Request-ID": "a b\nc"})
    finally:
        logger.removeHandler(handler)
    assert given["X-Request-ID"] == "proxy-42"
    assert re.fullmatch(r"[0-9a-f]{32}", made["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", bad["X-Request-ID"])
    assert [record.request_id for record in records] == [  # type: ignore[attr-defined]
        "proxy-42",
        made["X-Request-ID"],
        bad["X-Request-ID"],
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def wait_for(port: int, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not answer within 60 s")


@pytest.mark.slow
def test_cds_serve_is_the_production_server(tmp_path):
    port = free_port()
    env = production_env(tmp_path)
    command = [sys.executable, "-c", "from chuyendoiso.cli import main; main()"]
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(port, server)
        https = {"X-Forwarded-Proto": "https", "Host": "cds.example.gov.vn"}
        plain = get(port, "/", Host="cds.example.gov.vn")
        home = get(port, "/", **https)
        missing = get(port, "/khong-co/", **https, **{"X-Request-ID": "r-404"})
        static = get(port, "/static/web/site.css", **https)
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    assert plain.status == 301 and plain.headers["Location"].startswith("https://")
    assert home.status == 200
    assert home.headers["Server"] == "chuyendoiso"  # waitress, not Django's runserver
    assert home.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Content-Security-Policy" in home.headers
    assert missing.status == 404 and missing.headers["X-Request-ID"] == "r-404"
    assert static.status == 200
    assert re.search(r"\[r-404\] chuyendoiso\.request: GET /khong-co/ 404", log)
    assert re.search(r"\[r-404\] django\.request: Not Found: /khong-co/", log)
