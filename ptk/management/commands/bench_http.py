"""Load a running Padamu server over HTTP and print req/s and p50/p95 per page.

Starts nothing itself: point it at a server you started (gunicorn with the production settings, see
docs/deploy.md "Measuring"). It logs in as demo users (seed_demo, password padamu-demo) with the real
login form, finds each user's main pages by following the links the pages render (PTK list, a name
search, a PTK detail page, the request queue or the school's request list, a request's review page),
then sends each page ``--requests`` requests over ``--connections`` keep-alive connections at once
(bounded by ``--max-seconds`` per page) and prints, per page: requests, errors, req/s, p50 and p95.

    gunicorn -c gunicorn.conf.py padamu.wsgi &        # SECURE_SSL_REDIRECT=false for plain http
    manage.py bench_http --base-url http://127.0.0.1:8000 --connections 10 --requests 500

Only loopback addresses are accepted unless --allow-remote is given (a load test is never pointed at
a server you do not run).
"""

import http.client
import ipaddress
import re
import socket
import statistics
import threading
import time
from urllib.parse import urlencode, urlsplit

from django.core.management.base import BaseCommand, CommandError

DEFAULT_USERS = "pdspk.op,dinaskota.op,sekolah.op"


class HttpSession:
    """One keep-alive connection with a cookie jar (no redirects followed)."""

    def __init__(self, base_url: str, cookies: dict | None = None):
        u = urlsplit(base_url)
        self.scheme, self.host, self.port = (
            u.scheme,
            u.hostname,
            u.port or (443 if u.scheme == "https" else 80),
        )
        self.base = base_url.rstrip("/")
        self.cookies = dict(cookies or {})
        self.conn = None

    def _connect(self):
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        self.conn = cls(self.host, self.port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, bytes]:
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "padamu-bench-http"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.base + path
        for attempt in (1, 2):
            if self.conn is None:
                self._connect()
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                payload = resp.read()
                break
            except (TimeoutError, http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for c in resp.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = c.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, dict(resp.headers), payload

    def close(self):
        if self.conn is not None:
            self.conn.close()


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(q * (len(values) - 1))))] if values else 0.0


class Command(BaseCommand):
    help = "Uji beban server Padamu yang sedang berjalan: req/s, p50/p95 per halaman."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--users", default=DEFAULT_USERS, help="comma-separated demo logins")
        parser.add_argument("--password", default="padamu-demo")
        parser.add_argument("--connections", type=int, default=10)
        parser.add_argument("--requests", type=int, default=200, help="requests per page")
        parser.add_argument("--max-seconds", type=float, default=30.0, help="cap per page")
        parser.add_argument(
            "--search", default="", help="name search term (default: 3 letters of a listed name)"
        )
        parser.add_argument("--allow-remote", action="store_true")

    def handle(self, *args, **o):
        self._check_target(o["base_url"], o["allow_remote"])
        self.stdout.write(
            f"{o['base_url']}: {o['connections']} koneksi, {o['requests']} permintaan per halaman"
        )
        self.stdout.write(
            f"{'pengguna':<14} {'halaman':<22} {'n':>5} {'galat':>5} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8}"
        )
        total_err = 0
        for username in [u.strip() for u in o["users"].split(",") if u.strip()]:
            session = self._login(o["base_url"], username, o["password"])
            for label, path in self._pages(session, o["search"]):
                n, errors, rps, p50, p95 = self._load(
                    session, path, o["connections"], o["requests"], o["max_seconds"]
                )
                total_err += errors
                self.stdout.write(
                    f"{username:<14} {label:<22} {n:>5} {errors:>5} {rps:>7.1f} {p50:>8.1f} {p95:>8.1f}"
                )
            session.close()
        if total_err:
            raise CommandError(f"{total_err} permintaan gagal (status bukan 200)")

    def _check_target(self, base_url: str, allow_remote: bool):
        host = urlsplit(base_url).hostname or ""
        try:
            addrs = {ai[4][0] for ai in socket.getaddrinfo(host, None)}
        except socket.gaierror as e:
            raise CommandError(f"alamat tidak dikenal: {host}") from e
        if not allow_remote and not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addrs):
            raise CommandError(
                f"{host} bukan alamat loopback; pakai --allow-remote untuk server Anda sendiri"
            )

    def _login(self, base_url: str, username: str, password: str) -> HttpSession:
        s = HttpSession(base_url)
        status, _h, body = s.request("GET", "/masuk/")
        m = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not m:
            raise CommandError(f"halaman masuk tidak terbuka ({status})")
        status, headers, _b = s.request(
            "POST",
            "/masuk/",
            {"csrfmiddlewaretoken": m.group(1).decode(), "username": username, "password": password},
        )
        if status != 302 or "/masuk/" in headers.get("Location", "/masuk/"):
            raise CommandError(f"{username} tidak dapat masuk (status {status}); jalankan seed_demo")
        return s

    def _pages(self, s: HttpSession, search: str) -> list[tuple[str, str]]:
        """The user's main pages, found by following the links that the pages render."""
        pages = []
        status, _h, body = s.request("GET", "/ptk/")
        if status == 200:
            pages.append(("daftar PTK", "/ptk/"))
            m = re.search(rb'href="(/ptk/\d+/)"', body)
            if m:
                pages.append(("detail PTK", m.group(1).decode()))
            term = search
            if not term:
                names = re.findall(rb'href="/ptk/\d+/"[^>]*>\s*([A-Za-z]{3})', body)
                term = names[0].decode() if names else "Sit"
            pages.append((f"cari nama '{term}'", "/ptk/?" + urlencode({"q": term})))
        for label, path in (("antrian verval", "/ajuan/antrian/"), ("daftar ajuan", "/ajuan/")):
            status, _h, body = s.request("GET", path)
            if status == 200:
                pages.append((label, path))
                m = re.search(rb'href="(/ajuan/\d+/)"', body)
                if m:
                    pages.append(("pemeriksaan ajuan", m.group(1).decode()))
                break
        return pages

    def _load(self, session: HttpSession, path: str, connections: int, requests: int, max_seconds: float):
        times: list[float] = []
        errors = [0]
        lock = threading.Lock()
        remaining = [requests]
        deadline = time.monotonic() + max_seconds

        def worker():
            s = HttpSession(session.base, session.cookies)
            s.request("GET", path)  # warm up this connection
            while True:
                with lock:
                    if remaining[0] <= 0 or time.monotonic() > deadline:
                        break
                    remaining[0] -= 1
                t = time.perf_counter()
                try:
                    status, _h, _b = s.request("GET", path)
                except OSError:
                    status = 0
                elapsed = (time.perf_counter() - t) * 1000
                with lock:
                    times.append(elapsed)
                    if status != 200:
                        errors[0] += 1
            s.close()

        threads = [threading.Thread(target=worker) for _i in range(max(1, connections))]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        n = len(times)
        return (
            n,
            errors[0],
            n / wall if wall else 0.0,
            statistics.median(times) if times else 0.0,
            _percentile(times, 0.95),
        )
