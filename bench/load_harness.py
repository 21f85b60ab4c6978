"""Shared harness for the load, fault and fuzz runs (issue 8 §7): a PRIVATE PostgreSQL cluster (so restarting it
cannot disturb anyone else on a shared machine), a gunicorn server with the production settings, seeded users
with API tokens, and a latency recorder.

Nothing here is imported by the application.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PY = ROOT / ".venv" / "bin" / "python"


def _as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root; run them as the postgres system user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@dataclass
class PrivatePostgres:
    """A throw-away PostgreSQL 15 cluster on its own port and directory."""

    directory: Path
    port: int = 55432

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/fawang_bench"

    def init(self) -> None:
        if self.directory.exists():
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        subprocess.run(  # noqa: S603  # fixed tools, our own arguments
            _as_postgres(
                [str(PG_BIN / "initdb"), "-D", str(self.directory / "data"), "-U", "postgres", "-A", "trust"]
            ),
            check=True,
            capture_output=True,
        )
        conf = self.directory / "data" / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as handle:
            handle.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.directory}'\n"
                "max_connections = 100\nshared_buffers = 128MB\nfsync = on\n"
            )
        self.start()
        subprocess.run(  # noqa: S603  # fixed tools, our own arguments
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "fawang_bench",
            ],
            check=True,
        )

    def _ctl(self, action: str) -> None:
        subprocess.run(  # noqa: S603  # fixed tools, our own arguments
            _as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.directory / "data"),
                    "-l",
                    str(self.directory / "postgres.log"),
                    "-w",
                    "-m",
                    "fast",
                    action,
                ]
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        self._ctl("stop")

    def restart(self) -> float:
        """Restart (fast shutdown: open connections are cut); returns seconds the server was down."""
        begin = time.monotonic()
        self._ctl("restart")
        return time.monotonic() - begin


def server_env(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAWANG_", "DATABASE_URL", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "fawang.config.settings.prod",
            "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_urlsafe(64),
            "FAWANG_PII_KEYS": "Zb0pGfIpYQ4t0nH2cXU3vL1x8e0m2o8aW4rJtQ3kYsU=",
            "FAWANG_PII_INDEX_KEYS": "bench-index-key",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "False",  # plain HTTP on loopback; TLS terminates at the proxy in production
            "FAWANG_DATA_DIR": str(data_dir),
            "DB_CONN_MAX_AGE": "60",
            # Capacity is measured here, not the abuse limits: every virtual user would share one budget.
            "FAWANG_RATE_LIMIT_INTAKE": "1000000/m",
            "FAWANG_RATE_LIMIT_SEARCH": "1000000/m",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603  # fixed tools, our own arguments
        [str(PY), "-m", "fawang", *args], env=env, cwd=ROOT, check=False, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"fawang {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


SEED = """
import json
from rest_framework.authtoken.models import Token
from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.services import role_grant, system_actor
from fawang.regions.models import Region, RegionLevel
province, _ = Region.objects.get_or_create(code="990000000000", defaults=dict(name="测试省", level=RegionLevel.PROVINCE))
city, _ = Region.objects.get_or_create(code="990100000000", defaults=dict(name="测试市", level=RegionLevel.CITY, parent=province))
county, _ = Region.objects.get_or_create(code="990101000000", defaults=dict(name="甲县", level=RegionLevel.COUNTY, parent=city))
towns = [Region.objects.get_or_create(code=f"990101{i:03d}000", defaults=dict(name=f"镇{i}", level=RegionLevel.TOWNSHIP, parent=county))[0] for i in range(1, 6)]
tokens = []
for i in range(USERS):
    user, created = User.objects.get_or_create(username=f"op{i}", defaults=dict(display_name=f"坐席{i}"))
    if created:
        user.set_password("Bench#Pass2026")
        user.save()
        role_grant(actor=system_actor(), user=user, role=Role.HOTLINE_OPERATOR, region=county)
    tokens.append(Token.objects.get_or_create(user=user)[0].key)
print(json.dumps(tokens))
"""


def seed(env: dict[str, str], users: int) -> list[str]:
    manage(env, "migrate", "--noinput", "-v0")
    out = manage(env, "shell", "-c", SEED.replace("USERS", str(users)))
    tokens: list[str] = json.loads(out.strip().splitlines()[-1])
    return tokens


@dataclass
class Gunicorn:
    env: dict[str, str]
    port: int = 8765
    workers: int = 2
    threads: int = 4
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(default_factory=lambda: Path("/tmp/fawang-bench-gunicorn.log"))  # noqa: S108  # bench-only log

    def start(self) -> None:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603  # our own server
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "fawang.config.wsgi",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=handle,
            stderr=handle,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not become healthy")

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        out = subprocess.run(  # noqa: S603  # fixed tools, our own arguments
            ["pgrep", "-P", str(self.process.pid)],  # noqa: S607  # pgrep from PATH
            capture_output=True,
            text=True,
            check=False,
        )
        return [int(p) for p in out.stdout.split()]

    def kill_one_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


if __name__ == "__main__":  # pragma: no cover
    sys.exit("import this module from bench/load_*.py")
