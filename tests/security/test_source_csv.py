"""A source CSV with one 50 MB line: the line is quarantined, the rest of the file read,
within the limits of issue 10 (under 2 s and 300 MB), in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
LINE_BYTES = 50 * 1024 * 1024

# Run in a fresh process, whose peak memory is that of this run alone.
PROBE = """
import json, sys, time
from pathlib import Path
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.sources import compute, read_source
folder = Path(sys.argv[1])
source = read_source(Path("data/sources/civil_status_events.yaml"))
started = time.perf_counter()
result = compute(source, [folder / "events.csv"], parse_period("202401"), known_units={"19"},
                 workdir=folder / "out")
elapsed = time.perf_counter() - started
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
rows = (folder / "out").glob("quarantine-*.csv")
print(json.dumps({"elapsed": elapsed, "peak_mb": int(peak.split()[1]) / 1024,
                  "read": result.reconciliation.read, "accepted": result.reconciliation.accepted,
                  "by_reason": result.reconciliation.by_reason,
                  "quarantine": [p.read_text(encoding="utf-8") for p in rows],
                  "births": str(result.figure("CQS_HO_TICH_SU_KIEN", "19").value)}))
"""


def test_a_50_mb_line_is_quarantined_in_seconds(tmp_path):
    path = tmp_path / "events.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,org_unit,registered_at,event_type\n")
        handle.write("E1,19,2024-01-02,birth\n")
        handle.write("E2,19,2024-01-03," + "=" * LINE_BYTES + "\n")
        handle.write("E3,19,2024-01-04,death\n")
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT / "src")},
        check=True,
    )
    seen = json.loads(probe.stdout)
    assert (seen["read"], seen["accepted"]) == (3, 2)
    assert seen["by_reason"] == {"malformed_line": 1}
    assert seen["births"] == "2"  # E1 and E3, each event counted
    [quarantine] = seen["quarantine"]
    assert ",2,malformed_line,," in quarantine and "Maximum line size" in quarantine
    assert len(quarantine) < 2_000  # the line itself is not copied
    assert seen["peak_mb"] < 300, f"peaked at {seen['peak_mb']:.0f} MB"
