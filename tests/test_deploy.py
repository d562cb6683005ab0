"""deploy/ stays hardened and in step with the app (issue 17, item 4).

Each systemd unit runs as the crag user with the hardening docs/operations.md promises and restarts
on failure; the units run the Procfile's commands (only the pool, concurrency and schedule path may
differ, and web serves the same application with gunicorn); crag.env.example names every variable
crag/settings.py reads; nginx passes the headers the trusted-proxy settings expect.
scripts/check_deploy.sh (make test) starts the units' commands; these tests only read files.
"""

import ast
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
APP_UNITS = ("web", "worker", "mail", "beat")
# Directive: value every application unit must carry.
HARDENING = {
    "User": "crag",
    "Group": "crag",
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "ProtectKernelTunables": "yes",
    "ProtectKernelModules": "yes",
    "ProtectControlGroups": "yes",
    "RestrictAddressFamilies": "AF_UNIX AF_INET AF_INET6",
    "SystemCallArchitectures": "native",
    "SystemCallErrorNumber": "EPERM",
    "ProtectProc": "invisible",
    "CapabilityBoundingSet": "",
    "Restart": "on-failure",
    "EnvironmentFile": "/etc/crag/crag.env",
    "WorkingDirectory": "/opt/crag",
    # TERM to the main process only: a Celery worker finishes its task, gunicorn its requests.
    "KillMode": "mixed",
}
# Options whose values may differ between the demo (Procfile) and production (the units).
DEPLOYMENT_OPTIONS = {"-P", "--pool", "-c", "--concurrency", "-s", "--schedule"}


def unit(name: str) -> dict[str, list[str]]:
    """A unit file's [Service] and [Unit] directives, each key with its values in order."""
    directives: dict[str, list[str]] = {}
    for line in (DEPLOY / f"crag-{name}.service").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")):
            continue
        key, _, value = line.partition("=")
        directives.setdefault(key.strip(), []).append(value.strip())
    return directives


def directive(name: str, key: str) -> str:
    values = unit(name).get(key)
    assert values, f"crag-{name}.service has no {key}="
    return values[-1]


def exec_start(name: str) -> list[str]:
    """ExecStart's argv as the process receives it (systemd's %% is a literal %)."""
    return shlex.split(directive(name, "ExecStart").replace("%%", "%"))


def procfile() -> dict[str, list[str]]:
    commands: dict[str, list[str]] = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            commands[name.strip()] = shlex.split(command)
    return commands


def comparable(argv: list[str]) -> list[str]:
    """argv without the program's directory and the options a deployment chooses."""
    kept = [Path(argv[0]).name]
    args = iter(argv[1:])
    for arg in args:
        if arg in DEPLOYMENT_OPTIONS:
            next(args)
        else:
            kept.append(arg)
    return kept


@pytest.mark.parametrize("name", APP_UNITS)
def test_each_unit_is_hardened_runs_as_crag_and_restarts_on_failure(name: str) -> None:
    found = {key: directive(name, key) for key in HARDENING}
    assert found == HARDENING
    assert re.fullmatch(r"\d+s?", directive(name, "RestartSec"))
    assert unit(name)["SystemCallFilter"] == ["@system-service", "~@privileged"]
    # Writable: the var dir only, which holds the private store, static files and beat's schedule.
    assert directive(name, "ReadWritePaths") == "/var/lib/crag"
    assert exec_start(name)[0].startswith("/opt/crag/.venv/bin/")


def test_every_procfile_process_has_a_unit() -> None:
    assert set(procfile()) == set(APP_UNITS)
    assert all((DEPLOY / f"crag-{name}.service").is_file() for name in APP_UNITS)


@pytest.mark.parametrize("name", ["worker", "mail", "beat"])
def test_celery_units_run_the_procfiles_commands(name: str) -> None:
    """Same queues, node names and log level: only the pool (prefork in production, threads in the
    demo: README), the concurrency and the schedule's path may differ."""
    assert comparable(exec_start(name)) == comparable(procfile()[name])


def test_web_unit_serves_the_application_with_gunicorn_on_loopback() -> None:
    """The Procfile's web is the demo's runserver; production serves the same WSGI application
    with gunicorn, on the loopback address nginx proxies to."""
    argv = exec_start("web")
    assert Path(argv[0]).name == "gunicorn"
    assert "crag.wsgi:application" in argv
    assert settings.WSGI_APPLICATION == "crag.wsgi.application"
    bind = argv[argv.index("--bind") + 1]
    assert bind.startswith("127.0.0.1:")
    assert f"server {bind};" in (DEPLOY / "nginx-crag.conf").read_text()


def test_web_gathers_the_metrics_of_all_its_gunicorn_workers() -> None:
    """prometheus-client's multiprocess mode: a directory systemd empties at each start, and the
    hook that marks an exited worker dead (deploy/gunicorn_conf.py)."""
    runtime = directive("web", "RuntimeDirectory")
    assert directive("web", "Environment") == f"PROMETHEUS_MULTIPROC_DIR=/run/{runtime}"
    argv = exec_start("web")
    config = Path(argv[argv.index("--config") + 1])
    assert config.parent == Path("/opt/crag/deploy")
    assert "def child_exit(" in (DEPLOY / config.name).read_text()


def test_workers_are_given_longer_to_stop_than_their_longest_task() -> None:
    assert int(directive("worker", "TimeoutStopSec")) > settings.CELERY_TASK_TIME_LIMIT
    assert int(directive("mail", "TimeoutStopSec")) > settings.CRAG_MAIL_TASK_TIME_LIMIT


def test_beat_writes_its_schedule_in_the_writable_var_dir() -> None:
    argv = exec_start("beat")
    assert argv[argv.index("-s") + 1].startswith(directive("beat", "ReadWritePaths") + "/")


def variables_settings_reads() -> set[str]:
    """Every name crag/settings.py reads with env(...), env.int(...) and the like, or os.environ."""
    tree = ast.parse((ROOT / "crag" / "settings.py").read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        reads_env = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute)
            and (
                (isinstance(func.value, ast.Name) and func.value.id in {"env", "os"})
                or (isinstance(func.value, ast.Attribute) and func.value.attr == "environ")
            )
        )
        first = node.args[0]
        if reads_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def env_example_names() -> set[str]:
    """Names the template sets (NAME=) or lists as to stay unset (# NAME=)."""
    text = (DEPLOY / "crag.env.example").read_text()
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_the_env_template_lists_every_variable_settings_reads() -> None:
    read = variables_settings_reads()
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "CRAG_PROXY_COUNT"} <= read
    assert read - env_example_names() == set(), "add these to deploy/crag.env.example"
    assert env_example_names() - read == set(), "crag/settings.py no longer reads these"


def test_the_env_template_is_production_shaped() -> None:
    values = dict(
        line.split("=", 1)
        for line in (DEPLOY / "crag.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert values["DJANGO_DEBUG"] == "false"
    assert values["DATABASE_URL"].startswith("postgres://crag_app:")  # never the owner role
    assert values["DJANGO_BEHIND_PROXY"] == "true"
    assert values["CRAG_PROXY_COUNT"] == "1"  # nginx, and nothing else
    assert values["CRAG_REQUIRE_MFA"] == "true"
    for path in (values["CRAG_PRIVATE_ROOT"], values["DJANGO_STATIC_ROOT"]):
        assert path.startswith(directive("web", "ReadWritePaths") + "/")


def nginx_directives() -> list[str]:
    text = (DEPLOY / "nginx-crag.conf").read_text()
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def test_nginx_passes_the_headers_the_trusted_proxy_settings_expect() -> None:
    lines = nginx_directives()
    # CRAG_PROXY_COUNT=1: the client's address is appended (the app believes the last entry),
    # the request id replaced, the scheme given for SECURE_PROXY_SSL_HEADER.
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in lines
    assert "proxy_set_header X-Request-ID $request_id;" in lines
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in lines
    assert "proxy_set_header Host $host;" in lines


def test_nginx_tls_body_size_hsts_and_metrics() -> None:
    lines = nginx_directives()
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in lines
    assert "return 301 https://$host$request_uri;" in lines
    # Django sends HSTS (SECURE_HSTS_SECONDS): a second header from nginx would double it.
    assert not any("strict-transport-security" in line.lower() for line in lines)
    size = next(line for line in lines if line.startswith("client_max_body_size "))
    megabytes = int(re.fullmatch(r"client_max_body_size (\d+)m;", size).group(1))  # type: ignore[union-attr]
    assert megabytes * 1024 * 1024 > settings.CRAG_MAX_DOCUMENT_BYTES
    metrics = lines[lines.index("location ^~ /metrics {") :]
    assert metrics[1:4] == ["allow 127.0.0.1;", "allow ::1;", "deny all;"]
