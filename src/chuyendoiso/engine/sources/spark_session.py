"""The Spark session a run uses: local, or on a cluster named by its master URL.

``session(master)`` starts a session for ``master`` (``local[N]``, ``spark://host:port``,
``yarn``, ``k8s://https://host:port``), ``local[*]`` when none is given. The driver is this
process: no ``spark-submit``. A session already running in the process (whichever thread
started it) is used as it is when no master is asked or when it runs on the one asked; one
on another master is an error (a caller's session is never stopped, nor silently used for
another cluster).

Spark's own output never reaches this process's standard error or output, where the
command line draws its progress line and prints the figures: the Java process is started
with both sent to a log file (its log4j lines, which go to the console by default, with
them). Settings other than those below come from Spark's own ``spark-defaults.conf``
(``SPARK_CONF_DIR``), read when the Java process starts.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from py4j.protocol import Py4JJavaError
from pyspark import SparkConf, SparkContext
from pyspark.errors import PySparkException
from pyspark.java_gateway import launch_gateway
from pyspark.sql import SparkSession

from chuyendoiso.engine.domain.errors import CdsError, ValidationError
from chuyendoiso.engine.sources.engine_duckdb import LOCAL_TIME_ZONE

LOCAL = "local[*]"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
DRIVER_HOST_VARIABLE = "CDS_SPARK_DRIVER_HOST"
_started = {"here": False}  # whether this module started the Java process (output in a log)


def on_loopback(master: str) -> bool:
    """Whether every executor of ``master`` runs on this machine's loopback interface."""
    if master.startswith("local"):
        return True
    if not master.startswith("spark://"):
        return False  # yarn, k8s://...: executors elsewhere
    hosts = [urlsplit(f"spark://{part}").hostname for part in master[8:].split(",")]
    return all(host in LOOPBACK for host in hosts)


def options(master: str) -> dict[str, str]:
    """The settings of a session on ``master``.

    The driver host is 127.0.0.1 when the executors run on the loopback interface;
    otherwise Spark's choice (an address of this machine's network interface) or
    ``CDS_SPARK_DRIVER_HOST``, an address the executors can reach. Executors run no
    Python: the engine's steps are SQL and DataFrame operations, run in Java.
    """
    local = on_loopback(master)
    found = {
        "spark.master": master,
        "spark.app.name": "chuyendoiso-sources",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": LOCAL_TIME_ZONE,  # travels with every task
        "spark.sql.ansi.enabled": "true",
    }
    if local:
        found["spark.driver.host"] = "127.0.0.1"
        # shuffles of a small machine; a cluster keeps Spark's (or spark-defaults.conf's)
        found["spark.sql.shuffle.partitions"] = str(max(2, os.cpu_count() or 2))
    if os.environ.get(DRIVER_HOST_VARIABLE, "").strip():
        found["spark.driver.host"] = os.environ[DRIVER_HOST_VARIABLE].strip()
    return found


def default_log() -> Path:
    return Path(tempfile.gettempdir()) / f"chuyendoiso-spark-{os.getuid()}.log"


def session(master: str | None = None, *, log: Path | None = None) -> SparkSession:
    """The session of ``master`` (see the module docstring); ``log`` receives Spark's
    output when this call starts the Java process (default: ``default_log()``)."""
    running = SparkContext._active_spark_context  # the process's, whichever thread made it
    if running is not None:
        if master is not None and running.master != master:
            raise ValidationError(
                "Một phiên Spark trên master khác đang chạy; dừng nó trước / a Spark session "
                "on another master is active: stop it first",
                field="spark_master",
                value=master,
                active=running.master,
            )
        return SparkSession.getActiveSession() or SparkSession.builder.getOrCreate()
    wanted = options(master or LOCAL)
    if on_loopback(wanted["spark.master"]):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    log = (log or default_log()).resolve()
    try:
        if SparkContext._gateway is None:  # no Java process yet: start it, output to the log
            _start_java(wanted, log)
        spark = SparkSession.builder.config(map=dict(wanted.items())).getOrCreate()
    except (PySparkException, Py4JJavaError, OSError) as exc:  # no Java, a wrong URL
        raise CdsError(
            "Không khởi động được Spark; xem nhật ký / Spark did not start: see the log",
            master=wanted["spark.master"],
            log=str(log),
            detail=" ".join(str(exc).split())[:500],
        ) from exc
    # the log keeps warnings; a Java process started elsewhere writes where its owner chose,
    # so nothing below fatal is added there
    spark.sparkContext.setLogLevel("WARN" if _started["here"] else "FATAL")
    return spark


def _start_java(settings: dict[str, str], log: Path) -> None:
    """Start Spark's Java process with its standard output and error in ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    conf = SparkConf(loadDefaults=False).setAll(list(settings.items()))
    with log.open("ab") as out:
        popen = {"stdout": out, "stderr": out}
        gateway = launch_gateway(conf, popen_kwargs=popen)  # type: ignore[no-untyped-call]
    _started["here"] = True
    SparkContext(conf=conf, gateway=gateway)
