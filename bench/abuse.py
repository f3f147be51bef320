#!/usr/bin/env python3
"""Hostile traffic against a running Platte (issue 11), driven by bench/abuse.sh.

Sends each shape to 127.0.0.1 only and prints, per shape, the HTTP statuses, the heap retained after a full
GC (before/after), the log bytes written and the rows created, each also per 1,000 requests.

    abuse.py <port> <server pid> <server log> <psql command...>
"""
import base64
import collections
import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import uuid

PORT = int(sys.argv[1])
PID = sys.argv[2]
LOG = sys.argv[3]
PSQL = sys.argv[4:]
PASSWORD = os.environ.get("ABUSE_PASSWORD", "abuse-password")
ROW_TABLES = ["instance", "instance_app_state", "instance_event", "instance_status_history", "activity",
              "audit_log", "spring_session"]


def connection():
    return http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)


class Client:
    """One keep-alive connection; reconnects when the server closes it (e.g. after a 400 or 413)."""

    def __init__(self):
        self.conn = connection()

    def request(self, method, path, body=None, headers=None):
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = connection()
                return response.status, response.headers, data
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = connection()
                if attempt:
                    raise
        raise AssertionError("unreachable")


ADMIN = {"Authorization": "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode(),
         "Content-Type": "application/json"}


def api(client, method, path, body=None):
    for _ in range(5):
        status, headers, data = client.request(method, "/api/v1" + path,
                                               json.dumps(body) if body is not None else None, ADMIN)
        # The sign-in bursts lock the admin account out for a while, the right password included.
        if status != 429 or not (headers.get("Retry-After") or "").isdigit():
            break
        time.sleep(min(int(headers["Retry-After"]), 120) + 0.5)
    if status >= 300:
        raise SystemExit(f"{method} {path}: HTTP {status} {data[:200]!r}")
    return json.loads(data) if data else None


def omaha(app_id, machine, track, version="1.0.0", children="<ping active=\"1\"></ping><updatecheck></updatecheck>",
          request_attrs='version="update_engine-0.4.10" installsource="scheduler"', app_attrs=""):
    return (f'<?xml version="1.0" encoding="UTF-8"?><request protocol="3.0" {request_attrs} ismachine="1">'
            f'<os version="Chateau" platform="CoreOS" sp="{version}_x86_64"></os>'
            f'<app appid="{{{app_id}}}" version="{version}" track="{track}" machineid="{machine}" board="amd64-usr" '
            f'{app_attrs}>{children}</app></request>').encode()


def heap_used_kib():
    subprocess.run(["jcmd", PID, "GC.run"], check=True, capture_output=True)
    out = subprocess.run(["jstat", "-gc", PID], check=True, capture_output=True, text=True).stdout.split("\n")
    columns, values = out[0].split(), out[1].split()
    return sum(float(values[columns.index(c)]) for c in ("S0U", "S1U", "EU", "OU"))


def rows():
    query = " + ".join(f"(SELECT count(*) FROM {table})" for table in ROW_TABLES)
    return int(subprocess.run(PSQL + ["-tA", "-c", f"SELECT {query}"], check=True, capture_output=True,
                              text=True).stdout.strip())


def measure(name, count, send):
    heap_before, log_before, rows_before = heap_used_kib(), os.path.getsize(LOG), rows()
    statuses = collections.Counter()
    started = time.monotonic()
    for i in range(count):
        statuses[send(i)] += 1
    seconds = time.monotonic() - started
    time.sleep(1.5)  # let batched last-seen writes land
    heap_after, log_after, rows_after = heap_used_kib(), os.path.getsize(LOG), rows()
    per = 1000 / count
    heap_delta = heap_after - heap_before
    print(f"{name:<20} {count:>6} {seconds:>6.1f}s  {dict(sorted(statuses.items()))!s:<22} "
          f"heap {heap_before / 1024:6.1f} -> {heap_after / 1024:6.1f} MiB ({heap_delta * per / 1024:+7.2f} MiB/1k)  "
          f"log {log_after - log_before:>7} B ({(log_after - log_before) * per:>8.0f} B/1k)  "
          f"rows {rows_after - rows_before:>5} ({(rows_after - rows_before) * per:>6.0f}/1k)", flush=True)
    return statuses


def main():
    admin = Client()
    app = api(admin, "POST", "/apps", {"name": "Abuse OS " + uuid.uuid4().hex[:6], "description": "bench/abuse.sh"})["id"]

    def package(version):
        return api(admin, "POST", f"/apps/{app}/packages", {
            "version": version, "arch": "amd64", "type": "flatcar", "codebaseUrl": f"https://example.com/{version}/",
            "fileName": "update.gz", "size": 1000, "sha1": "I6DGNAOrJRUxPbCuLw+AITfiVMo=",
            "sha256": "stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA="})["id"]

    package("1.0.0")
    target = package("2.0.0")
    newer = package("2.1.0")
    package("9.9.9")  # never promoted: only a proven syncer may pin it
    channel = api(admin, "POST", f"/apps/{app}/channels", {"name": "stable", "arch": "amd64", "packageId": target})["id"]
    group_id = api(admin, "POST", f"/apps/{app}/groups", {"name": "Stable", "track": "stable", "channelId": channel,
                                               "policy": {"safeMode": True, "autoHalt": {"failureCount": 3}}})["id"]
    node = Client()
    xml = {"Content-Type": "text/xml"}
    real = uuid.uuid4().hex
    status, _, _ = node.request("POST", "/v1/update/", omaha(app, real, "stable", version="2.0.0"), xml)
    assert status == 200, status
    # A safe-mode rollout starts with one real machine known: only it may become the canary.
    api(admin, "PUT", f"/apps/{app}/channels/{channel}/package", {"packageId": newer})

    print(f"{'shape':<20} {'reqs':>6} {'time':>7}  statuses")
    long_track = "x&#10;FORGED " * (60_000 // 13)
    measure("long-track-60KB", 200, lambda i: node.request(
        "POST", "/v1/update/", omaha(app, real, long_track, version="2.0.0"), xml)[0])
    measure("unknown-tracks", 1000, lambda i: node.request(
        "POST", "/v1/update/", omaha(app, real, f"t{i}&#10;ERROR forged " + "y" * 480, version="2.0.0"), xml)[0])
    many_apps = ("<request protocol=\"3.0\">" + "".join(
        f"<app appid=\"{{{app}}}\" machineid=\"a{uuid.uuid4().hex[:20]}\"><updatecheck/></app>" for _ in range(600))
                 + "</request>").encode()
    measure("600-apps", 100, lambda i: node.request("POST", "/v1/update/", many_apps, xml)[0])
    many_events = omaha(app, real, "stable", version="2.0.0",
                        children="<event eventtype=\"13\" eventresult=\"1\"/>" * 1600)
    measure("1600-events", 100, lambda i: node.request("POST", "/v1/update/", many_events, xml)[0])
    flood_ids = [uuid.uuid4().hex for _ in range(1000)]
    measure("registration-flood", 1000, lambda i: node.request(
        "POST", "/v1/update/", omaha(app, flood_ids[i], "stable"), xml)[0])
    # Made-up machines that got in report success and failure without having been granted or begun.
    forged = "<event eventtype=\"3\" eventresult=\"1\"/><event eventtype=\"3\" eventresult=\"2\" previousversion=\"1.0.0\"/>" \
             "<event eventtype=\"13\" eventresult=\"1\"/><event eventtype=\"3\" eventresult=\"0\" errorcode=\"9\"/>"
    measure("forged-reports", 1000, lambda i: node.request(
        "POST", "/v1/update/", omaha(app, flood_ids[i % 50], "stable", version="2.0.0", children=forged), xml)[0])
    syncer_id = "{" + str(uuid.uuid4()) + "}"
    measure("fake-syncer", 1000, lambda i: node.request("POST", "/v1/update/", omaha(
        app, syncer_id, "stable", request_attrs='version="CoreOSUpdateEngine-0.1.0.0" installsource="scheduler"',
        app_attrs='multi_manifest_ok="true"', children='<updatecheck targetversionprefix="9.9.9"></updatecheck>'),
        xml)[0])

    def page_login(i):
        browser = Client()
        status, headers, body = browser.request("GET", "/login")
        cookie = (headers.get("Set-Cookie") or "").split(";")[0]
        token = re.search(rb'name="_csrf"[^>]*value="([^"]+)"', body) or re.search(rb'value="([^"]+)"[^>]*name="_csrf"', body)
        form = {"username": "admin", "password": f"wrong-{i}"}
        if token:
            form["_csrf"] = token.group(1).decode()
        status, _, _ = browser.request("POST", "/login", urllib.parse.urlencode(form),
                                       {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        browser.conn.close()
        return status

    # Few: each wrong password costs a bcrypt, seconds on a busy two-core machine.
    measure("sign-in-page-burst", 50, page_login)
    # Then many more, the throttle refusing them before any bcrypt: what stays per attempt once warm.
    measure("sign-in-page-repeat", 500, page_login)

    def login_page(i):
        browser = Client()
        status, _, _ = browser.request("GET", "/login")
        browser.conn.close()
        return status

    measure("sign-in-page-views", 1000, login_page)
    wrong = {"Authorization": "Basic " + base64.b64encode(b"admin:wrong-password").decode()}
    measure("sign-in-api-burst", 50, lambda i: admin.request("GET", "/api/v1/apps", None, wrong)[0])

    # What must still hold afterwards.
    group = api(admin, "GET", f"/apps/{app}/groups/{group_id}")
    rollout = group.get("rollout") or {}
    before = f"canary {rollout.get('canary')}, failures {rollout.get('failures')}"
    status, _, body = node.request("POST", "/v1/update/", omaha(app, real, "stable", version="2.0.0"), xml)
    group = api(admin, "GET", f"/apps/{app}/groups/{group_id}")
    rollout = group.get("rollout") or {}
    answered = "with the update" if b'<updatecheck status="ok"' in body else "without an update"
    forged_lines = sum(1 for line in open(LOG, errors="replace") if line.startswith(("FORGED", "ERROR forged")))
    print(f"after: rollout {before}, group paused: {group.get('paused') is not None}; the real machine is answered "
          f"HTTP {status} {answered} and is the canary: {rollout.get('canaryMachineId') == real}; "
          f"log lines starting with a forged text: {forged_lines}")


if __name__ == "__main__":
    main()
