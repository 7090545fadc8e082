"""The worker process of the sandbox: ``python -m chuyendoiso.engine.reader.worker`` reads a
pickled request on its standard input, limits itself, reads and writes the pickled reading
(or the error) on its standard output. See ``sandbox.py``."""

from __future__ import annotations

import pickle
import resource
import sys

from chuyendoiso.engine.domain.errors import CdsError
from chuyendoiso.engine.reader.limits import MIB, Limits
from chuyendoiso.engine.reader.sandbox import OUT_OF_MEMORY, Reading, WorkerRequest, work


def _limit_self(limits: Limits) -> None:
    memory = limits.memory_mb * MIB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = max(1, int(limits.cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def main() -> None:
    request: WorkerRequest = pickle.loads(sys.stdin.buffer.read())
    _limit_self(request.limits)
    try:
        outcome: Reading | CdsError = work(request)
    except CdsError as error:
        outcome = error
    except MemoryError:
        sys.exit(OUT_OF_MEMORY)
    sys.stdout.buffer.write(pickle.dumps(outcome))


if __name__ == "__main__":
    main()
