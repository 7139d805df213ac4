"""Entry point of a query or write worker: ``python -m kg.serve._worker FD offline|online``."""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from kg.serve._engine import _worker_main

if __name__ == "__main__":
    _worker_main(Connection(int(sys.argv[1])), sys.argv[2] == "offline")
