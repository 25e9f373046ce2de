"""The Rich floor: importing Rich and printing a one-cell table, as the renderer draws one (start-up benchmark).

A table command cannot start faster than this; benchmarks/startup.py measures each table command against it.
"""

import sys

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

console = Console(file=sys.stdout, highlight=False, color_system=None)
table = Table(title=Text("floor"), title_justify="left", box=box.SIMPLE_HEAD, header_style="bold")
table.add_column("Item")
table.add_row(Text("1"))
console.print(table)
