"""Exit 0 when the PostgreSQL server of the given URL answers, 1 otherwise."""

import sys

import psycopg

url = sys.argv[1]
server = url.rsplit("/", 1)[0] + "/postgres"
try:
    with psycopg.connect(server, connect_timeout=3):
        pass
except psycopg.OperationalError as exc:
    print(f"PostgreSQL not reachable: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
