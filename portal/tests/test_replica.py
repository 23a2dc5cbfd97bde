"""Public reads from a real streaming replica: pg_basebackup -R of the test's PostgreSQL, started
on another port. Statistics are read from it; a citizen's own pages and a browser that has just
written read from the primary; when the replica stops, public pages keep working."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal import replica

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("replica"),  # one replica per run, in one process
    pytest.mark.skipif(connection.vendor != "postgresql", reason="streaming replication is PostgreSQL's"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(*command: str) -> subprocess.CompletedProcess[str]:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=300)


def _bindir() -> Path:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    return Path(f"/usr/lib/postgresql/{major}/bin")


class Replica:
    def __init__(self, bindir: Path, data: Path, port: int) -> None:
        self.bindir, self.data, self.port = bindir, data, port

    def pg_ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return _as_postgres(str(self.bindir / "pg_ctl"), "-D", str(self.data), *args)

    def start(self) -> None:
        started = self.pg_ctl(
            "-l", str(self.data / "replica.log"), "-w", "-t", "120", "-o", f"-k {self.data}", "start"
        )
        assert started.returncode == 0, started.stdout + started.stderr

    def stop(self) -> None:
        self.pg_ctl("-m", "immediate", "-w", "stop")


@pytest.fixture(scope="module")
def streaming_replica(
    tmp_path_factory: pytest.TempPathFactory, django_db_blocker: object
) -> Iterator[Replica]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        bindir = _bindir()
        primary = connection.settings_dict
    if not (bindir / "pg_ctl").exists() or not shutil.which("runuser"):
        pytest.skip("needs PostgreSQL's server binaries and runuser")
    # Outside pytest's own temporary tree, which only root may enter.
    home = Path(tempfile.mkdtemp(prefix="dialog-replica-"))
    shutil.chown(home, "postgres")
    data = home / "data"
    port = _free_port()
    # A physical replication slot keeps the primary's WAL until the replica has received it.
    # Without one, the other test processes' writes can recycle a segment between the end of the
    # base backup and the replica's first connection, and the replica never catches up.
    slot = f"dialog_test_replica_{os.getpid()}"
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _drop_stale_slots()
    backup = _as_postgres(
        str(bindir / "pg_basebackup"),
        "-h",
        str(primary["HOST"]),
        "-p",
        str(primary["PORT"]),
        "-U",
        str(primary["USER"]),
        "-D",
        str(data),
        "-R",
        "-X",
        "stream",
        "--checkpoint=fast",
        "--create-slot",
        "--slot",
        slot,
    )
    if backup.returncode != 0:
        message = f"pg_basebackup failed (replication allowed in pg_hba.conf?): {backup.stderr}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Debian keeps the configuration outside the data directory: give the replica its own.
    (data / "postgresql.conf").write_text(
        f"port = {port}\nlisten_addresses = '127.0.0.1'\nhot_standby = on\n"
    )
    (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    for name in ("postgresql.conf", "pg_hba.conf"):
        shutil.chown(data / name, "postgres")
    server = Replica(bindir, data, port)
    server.start()
    yield server
    server.stop()
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _drop_slot(slot)
    shutil.rmtree(home, ignore_errors=True)


def _drop_slot(slot: str) -> None:
    """Drop the slot once the stopped replica's WAL sender has let go of it."""
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT active FROM pg_replication_slots WHERE slot_name = %s", [slot])
            row = cursor.fetchone()
            if row is None:
                return
            if not row[0]:
                cursor.execute("SELECT pg_drop_replication_slot(%s)", [slot])
                return
            time.sleep(0.2)


def _drop_stale_slots() -> None:
    """Slots an interrupted run left behind would hold the primary's WAL for ever. Only the slots
    of processes that are gone: another test run on the same cluster (slots are cluster-wide) may
    have just created its own, not yet in use by its replica."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE %s AND NOT active",
            [r"dialog\_test\_replica\_%"],
        )
        inactive = [name for (name,) in cursor.fetchall()]
        for name in inactive:
            owner = int(name.rsplit("_", 1)[1])
            if not _process_alive(owner):
                cursor.execute("SELECT pg_drop_replication_slot(%s)", [name])


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture
def with_replica(streaming_replica: Replica, settings, transactional_reference) -> Iterator[Replica]:
    """The portal configured as with DATABASE_REPLICA_URL pointing at the running replica."""
    settings.DATABASES = {
        **settings.DATABASES,
        "replica": {
            **connection.settings_dict,
            "PORT": str(streaming_replica.port),
            "TEST": {"MIRROR": "default"},
        },
    }
    settings.DATABASE_ROUTERS = ["portal.replica.ReplicaRouter"]
    # A connection made for this test only (Django's test case lets such connections through).
    connections.settings["replica"] = settings.DATABASES["replica"]
    replica_connection = connections.create_connection("replica")
    del connections.settings["replica"]
    connections["replica"] = replica_connection
    replica._down_until = 0.0
    yield streaming_replica
    replica_connection.close()
    del connections["replica"]
    replica._down_until = 0.0


def _caught_up(server: Replica) -> None:
    """Wait until the replica has replayed everything the primary has committed so far."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.2)
    log = (server.data / "replica.log").read_text(errors="replace")[-3000:]
    raise AssertionError(f"the replica did not catch up within 60 s; its log ends:\n{log}")


def _appeal_tables(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "appeals_" in q["sql"] or "officials_" in q["sql"]]


def test_the_replica_is_a_standby(with_replica) -> None:
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True


def test_public_statistics_are_read_from_the_replica(with_replica, file_appeal) -> None:
    file_appeal()
    _caught_up(with_replica)
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connection) as on_primary,
    ):
        response = APIClient().get("/api/v1/stats/agencies/")
    assert response.status_code == 200
    assert _appeal_tables(on_replica), "the statistics were not read from the replica"
    assert not _appeal_tables(on_primary), _appeal_tables(on_primary)


def test_a_citizen_sees_a_new_appeal_at_once_while_the_replica_lags(with_replica, citizen) -> None:
    _caught_up(with_replica)
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")  # the replica falls behind on purpose
    try:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")
        filed = api.post(
            "/api/v1/appeals/",
            {
                "agency": "ministry-of-health",
                "region": "KZ-75",
                "appeal_type": "inquiry",
                "subject": "Queue",
                "text": "The queue at clinic No. 5 is three weeks long.",
            },
            format="json",
        )
        assert filed.status_code == 201
        number = filed.json()["tracking_number"]
        assert api.get(f"/api/v1/appeals/{number}/").status_code == 200
        assert number in str(api.get("/api/v1/appeals/").json())
        # The write left a read-your-writes cookie: this browser's public reads use the primary.
        assert replica.WROTE_COOKIE in filed.cookies
        api.cookies[replica.WROTE_COOKIE] = "1"
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            assert api.get("/api/v1/stats/agencies/").status_code == 200
        assert not _appeal_tables(on_replica)
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


def test_public_pages_keep_working_when_the_replica_stops(with_replica, file_appeal) -> None:
    file_appeal()
    _caught_up(with_replica)
    assert APIClient().get("/api/v1/stats/agencies/").status_code == 200
    with_replica.stop()
    try:
        # The first request finds it gone, the second does not try it again. Each asks for a
        # different period (whole months, as the statistics take them), so no answer comes from
        # the statistics cache.
        for month in (1, 2):
            with CaptureQueriesContext(connection) as on_primary:
                response = APIClient().get(f"/api/v1/stats/agencies/?date_from=2026-0{month}-01")
            assert response.status_code == 200
            assert _appeal_tables(on_primary), "the primary did not take over"
        assert APIClient().get("/en/stats/").status_code == 200
    finally:
        with_replica.start()
