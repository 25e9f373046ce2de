"""Run every benchmark: start-up, table time against rows, then batch throughput.

Run:  python benchmarks/run.py [--docs]   (--docs also refreshes the figures in docs/benchmarks.md)
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    extra = ["--docs"] if "--docs" in sys.argv[1:] else []
    for name in ("startup.py", "tables.py", "batch_throughput.py"):
        subprocess.run([sys.executable, str(HERE / name), *extra], check=True)
        print()
