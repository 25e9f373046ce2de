"""Pure IPO calculations, one module per subject.

No Typer, no Rich, no I/O: each ``compute_*`` function takes exact inputs
(``Decimal`` or ``int``) and returns a ``records.Computed`` holding a frozen
result. Rounding happens only where a rule says so (whole shares, whole board
lots), is named in the assumptions, and non-terminating quotients are listed
under ``rounded``.
"""
