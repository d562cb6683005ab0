# ruff: noqa: T201  (a command-line tool: it prints its table)
"""Helper of scripts/bench_web.sh.

`setup OUT.json`: inside Django (bench settings), give the benchmark users an authenticator app and
signed-in sessions that passed the second factor (as a real sign-in leaves them), make the annual
report row of the busiest year, and write the pages to measure, the cookies and the PostgreSQL
postmaster's pid.
`run SETUP.json`: check each page answers 200, then measure it with wrk (requests/s, p50, p99) and
the server CPU it cost (gunicorn and PostgreSQL process trees, from /proc), and print the table.
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

LUA = """
local cookies = {%(cookies)s}
local next_thread = 0
function setup(thread)
  thread:set("offset", next_thread * %(per_thread)d)
  next_thread = next_thread + 1
end
local i = 0
function request()
  i = i + 1
  return wrk.format("GET", nil, {["Cookie"] = cookies[((offset + i) %% #cookies) + 1]})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, "non_2xx": %%d, '
    .. '"socket_errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


# --- setup (inside Django) --------------------------------------------------------------------


def signed_in_session(user: Any) -> str:
    """A session as allauth leaves it after password and TOTP (crag.middleware.RequireMFA checks it)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time(), "type": "totp"}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.create()
    return str(session.session_key)


def busiest_year() -> int:
    from demo.load_data import reporting_year
    from reviews.models import Incident

    years = Counter(reporting_year(day) for day in Incident.objects.values_list("aware_date", flat=True))
    return max(years, key=lambda y: (years[y], y))  # the latest of the fullest years


def setup(out: Path, sessions: int) -> None:
    import importlib.util

    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count

    from crag.models import Agency, User
    from demo.load_data import BENCH_ADMIN_EMAIL, BENCH_CHAIR_EMAIL
    from reviews.choices import ActionStatus
    from reviews.models import Action, AnnualReport, Review

    if settings.DEBUG or not settings.CRAG_REQUIRE_MFA:
        raise SystemExit("the benchmark runs production settings: DEBUG off, MFA required")
    cookies = {}
    for key, email in (("chair", BENCH_CHAIR_EMAIL), ("admin", BENCH_ADMIN_EMAIL)):
        user = User.objects.get(email=email)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
        cookies[key] = [f"{settings.SESSION_COOKIE_NAME}={signed_in_session(user)}" for _ in range(sessions)]
    in_progress = (
        Action.objects.filter(status=ActionStatus.IN_PROGRESS)
        .values("owner_agency")
        .annotate(n=Count("id"))
        .order_by("-n", "owner_agency")
    )
    agency_id = in_progress[0]["owner_agency"]
    review = Review.objects.annotate(n=Count("recommendations__actions")).order_by("-n", "pk")[0]
    year = busiest_year()
    has_document = importlib.util.find_spec("reviews.annual_report.document") is not None
    if has_document:
        AnnualReport.objects.get_or_create(year=year, defaults={"report_date": date(year + 1, 6, 24)})
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    postmaster = int(_status_field(backend, "PPid"))
    pages: list[tuple[str, str, str]] = [
        ("floor (1 pk query)", f"/bench/floor/{Agency.objects.order_by('pk')[0].pk}/", "chair"),
        ("dashboard", "/", "chair"),
        ("incident list", "/incidents/", "chair"),
        ("actions overdue by due", "/actions/?overdue=on&sort=due", "chair"),
        ("actions agency in progress", f"/actions/?agency={agency_id}&status=in_progress", "chair"),
        ("deadlines", "/deadlines/", "chair"),
        (f"review detail ({review.n} actions)", f"/reviews/{review.pk}/", "chair"),
    ]
    if has_document:
        pages.append((f"annual report {year} HTML", f"/annual-reports/{year}/report/", "chair"))
    else:
        print(
            "reviews/annual_report/document.py is missing: skipping the annual report page", file=sys.stderr
        )
    pages.append(("admin action changelist", "/admin/reviews/action/?", "admin"))
    data = {"cookies": cookies, "pages": pages, "postmaster": postmaster, "year": year}
    out.write_text(json.dumps(data, indent=1))


def _status_field(pid: int, name: str) -> str:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return line.split()[1]
    raise LookupError(name)


# --- run ------------------------------------------------------------------------------------


def _stats() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, utime + stime + cutime + cstime in clock ticks) of every process."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            raw = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rfind(")") + 2 :].split()
        found[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    return found


def tree_ticks(roots: list[int]) -> int:
    """CPU ticks of the roots and all their descendants (children that exited count in cutime)."""
    stats = _stats()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0, list(roots)
    while todo:
        pid = todo.pop()
        if pid in stats:
            total += stats[pid][1]
            todo.extend(children.get(pid, []))
    return total


def status_of(port: int, path: str, cookie: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, response.getheader("Location", "")


@dataclass
class Measure:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float
    requests: int
    bad: int


def wrk(port: int, path: str, lua: Path, seconds: str, connections: int, threads: int) -> dict[str, int]:
    url = f"http://127.0.0.1:{port}{path}"
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", seconds, "--timeout", "60s"]
    done = subprocess.run([*command, "-s", str(lua), url], capture_output=True, text=True, check=True)  # noqa: S603
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("WRKJSON "))
    return dict(json.loads(line[len("WRKJSON ") :]))


def wait_idle(roots: list[int], limit: float = 120.0) -> None:
    """Until the servers stop using CPU: requests wrk abandoned at its end are still served."""
    deadline = time.monotonic() + limit
    before = tree_ticks(roots)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = tree_ticks(roots)
        if now - before <= 2:
            return
        before = now


def measure_page(name: str, path: str, lua: Path, args: argparse.Namespace, roots: list[int]) -> Measure:
    """CPU from idle to idle, divided by the requests served: those wrk saw completed, plus the one
    each connection left in flight at the end (the server finishes it all the same)."""
    wrk(args.port, path, lua, args.warmup, args.connections, args.threads)
    wait_idle(roots)
    ticks_before = tree_ticks(roots)
    result = wrk(args.port, path, lua, args.duration, args.connections, args.threads)
    wait_idle(roots)
    ticks = tree_ticks(roots) - ticks_before
    served = result["requests"] + args.connections
    cpu_ms = ticks * 1000 / os.sysconf("SC_CLK_TCK") / served
    return Measure(
        name,
        result["requests"] / (result["duration_us"] / 1e6),
        result["p50_us"] / 1000,
        result["p99_us"] / 1000,
        cpu_ms,
        result["requests"],
        result["non_2xx"] + result["socket_errors"],
    )


def run(args: argparse.Namespace) -> int:
    data = json.loads(Path(args.setup).read_text())
    roots = [args.gunicorn, data["postmaster"]]
    results: list[Measure] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, path, who in data["pages"]:
            cookies = data["cookies"][who]
            status, location = status_of(args.port, path, cookies[0])
            if status != 200:
                print(f"SKIP {name}: {path} answered {status} {location}", file=sys.stderr)
                continue
            lua = Path(tmp, f"{who}.lua")
            quoted = ", ".join(json.dumps(c) for c in cookies)
            lua.write_text(LUA % {"cookies": quoted, "per_thread": max(1, len(cookies) // args.threads)})
            print(f"measuring {name}: {path}", file=sys.stderr, flush=True)
            results.append(measure_page(name, path, lua, args, roots))
            after, _ = status_of(args.port, path, cookies[0])
            if after != 200:
                print(f"WARNING {name} answered {after} after the run", file=sys.stderr)
    print_table(results, args)
    return 0


def print_table(results: list[Measure], args: argparse.Namespace) -> None:
    floor = next((r for r in results if r.name.startswith("floor")), None)
    admin = next((r for r in results if r.name.startswith("admin")), None)
    print(f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration} (warm-up {args.warmup}); "
          "CPU = gunicorn + PostgreSQL process trees")  # fmt: skip
    header = f"{'page':<34} {'rps':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms/req':>10} {'CPU/floor':>9} "
    print(header + f"{'rps/admin':>9} {'reqs':>6} {'bad':>4}  verdict")
    for r in results:
        cpu_ratio = r.cpu_ms / floor.cpu_ms if floor and floor.cpu_ms else float("nan")
        rps_ratio = r.rps / admin.rps if admin and admin.rps else float("nan")
        misses = []
        if r is not floor and r is not admin:
            misses += ["CPU>10x floor"] if cpu_ratio > 10 else []
            misses += ["rps<5x admin"] if rps_ratio < 5 else []
            misses += ["p99>=400ms"] if r.p99_ms >= 400 else []
            misses += ["no request completed"] if r.requests == 0 else []
        verdict = (
            "reference" if r in (floor, admin) else ("ok" if not misses else "MISS: " + ", ".join(misses))
        )
        print(
            f"{r.name:<34} {r.rps:>7.1f} {r.p50_ms:>7.1f} {r.p99_ms:>7.1f} {r.cpu_ms:>10.2f} "
            f"{cpu_ratio:>9.1f} {rps_ratio:>9.2f} {r.requests:>6} {r.bad:>4}  {verdict}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_setup = sub.add_parser("setup")
    p_setup.add_argument("out", type=Path)
    p_setup.add_argument("--sessions", type=int, default=16)
    p_run = sub.add_parser("run")
    p_run.add_argument("setup")
    p_run.add_argument("--port", type=int, required=True)
    p_run.add_argument("--gunicorn", type=int, required=True, help="gunicorn master pid")
    p_run.add_argument("--duration", default="15s")
    p_run.add_argument("--warmup", default="3s")
    p_run.add_argument("--connections", type=int, default=16)
    p_run.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if args.command == "setup":
        setup(args.out, args.sessions)
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
