"""The same definitions on a Spark standalone cluster: a master and one worker started on
127.0.0.1 from the pyspark installation give the figures, reconciliation and quarantine
that DuckDB gives; the work really runs on the worker's executor, in another time zone
than the driver's, and without Python there."""

import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyspark
import pytest
from pyspark.sql import SparkSession

from chuyendoiso.engine.demo import generate
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.sources import engine_spark
from chuyendoiso.engine.sources.compute import compute

from .broken import DOSSIER_COLUMNS, dossier_records, write_jsonl, write_malformed_csv
from .test_spark import assert_identical

pytestmark = pytest.mark.spark

SPARK_HOME = Path(pyspark.__file__).parent
START_SECONDS = 90
# short-lived Java processes on a small machine: less time compiling and collecting
QUICK_JAVA = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


@dataclass(frozen=True)
class Cluster:
    url: str  # spark://127.0.0.1:<port>
    master_ui: str
    worker_ui: str

    def state(self, ui: str) -> dict:
        with urllib.request.urlopen(f"{ui}/json/", timeout=5) as answer:
            return json.load(answer)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(stack: ExitStack, folder: Path, name: str, *args: str) -> subprocess.Popen:
    """``spark-class`` in the foreground (it becomes the Java process), output in a file,
    stopped when ``stack`` closes."""
    environment = os.environ | {
        "SPARK_HOME": str(SPARK_HOME),
        "SPARK_LOCAL_IP": "127.0.0.1",
        # executors inherit the worker's time zone: another than the driver's, so that a
        # figure depending on the executors' clock would differ from DuckDB's
        "TZ": "America/New_York",
        "JAVA_TOOL_OPTIONS": QUICK_JAVA,
    }
    log = stack.enter_context((folder / f"{name}.log").open("wb"))
    process = subprocess.Popen(
        [str(SPARK_HOME / "bin" / "spark-class"), *args],
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    stack.callback(stop)
    return process


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    folder = tmp_path_factory.mktemp("cluster")
    port, master_ui, worker_ui = free_port(), free_port(), free_port()
    found = Cluster(
        f"spark://127.0.0.1:{port}",
        f"http://127.0.0.1:{master_ui}",
        f"http://127.0.0.1:{worker_ui}",
    )
    with ExitStack() as stack:
        environment = stack.enter_context(pytest.MonkeyPatch.context())
        # executors run no Python: any Python worker would fail, and the figures with it
        environment.setenv("PYSPARK_PYTHON", "/bin/false")
        environment.setenv("JAVA_TOOL_OPTIONS", QUICK_JAVA)  # the driver's, if started here
        deploy = "org.apache.spark.deploy"
        processes = [
            start(stack, folder, "master", f"{deploy}.master.Master", "--host", "127.0.0.1",
                  "--port", str(port), "--webui-port", str(master_ui)),
            start(stack, folder, "worker", f"{deploy}.worker.Worker", found.url, "--host",
                  "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", str(worker_ui),
                  "--work-dir", str(folder / "work")),
        ]  # fmt: skip
        wait_for_worker(found, processes, folder)
        stack.callback(stop_session, found.url)  # first of all, before the worker and master
        yield found


def wait_for_worker(found: Cluster, processes: list[subprocess.Popen], folder: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            break
        try:
            if found.state(found.master_ui).get("aliveworkers"):
                return
        except (OSError, ValueError):  # not listening yet, or an HTML page while it starts
            pass
        time.sleep(0.5)
    logs = {p.name: p.read_text(errors="replace")[-2000:] for p in folder.glob("*.log")}
    pytest.fail(f"the Spark master and worker did not start: {logs}")


def stop_session(url: str) -> None:
    active = SparkSession.getActiveSession()
    if active is not None and active.sparkContext.master == url:
        active.stop()


def test_a_standalone_cluster_gives_the_same_results_as_duckdb(cluster, tmp_path, dossiers):
    folder = tmp_path / "in"
    folder.mkdir()
    write_malformed_csv(folder)[1].unlink()  # with-malformed.csv; not its clean copy
    write_jsonl(folder / "broken.jsonl", dossier_records(), DOSSIER_COLUMNS)
    generate(
        "dossiers",
        500,
        5,
        folder / "generated.parquet",
        units=["19", "164"],
        start=date(2024, 1, 1),
        end=date(2024, 3, 31),
    )
    period, known = parse_period("2024Q1"), {"19", "164"}
    results = [
        compute(
            dossiers,
            [folder],
            period,
            known_units=known,
            engine=engine,
            workdir=tmp_path / engine,
            spark_master=master,
        )
        for engine, master in (("duckdb", None), ("spark", cluster.url))
    ]
    assert_identical(*results)
    assert results[0].reconciliation.by_reason["malformed_line"] == 6

    spark = SparkSession.getActiveSession()
    assert spark is not None and spark.sparkContext.master == cluster.url
    application = spark.sparkContext.applicationId
    assert application in [app["id"] for app in cluster.state(cluster.master_ui)["activeapps"]]
    worker = cluster.state(cluster.worker_ui)
    assert [e["appid"] for e in worker["executors"]] == [application]  # it ran there
    with pytest.raises(ValidationError) as caught:  # not silently run on another master
        engine_spark.session("local[1]")
    assert caught.value.extra["active"] == cluster.url
    with ThreadPoolExecutor(max_workers=1) as pool:  # the process's session, in any thread
        assert pool.submit(engine_spark.session).result().sparkContext.master == cluster.url
        with pytest.raises(ValidationError):
            pool.submit(engine_spark.session, "local[1]").result()
