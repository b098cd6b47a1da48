"""Command modules, one per capability. Each has `register(app: typer.Typer) -> None`.

Add a module name here to add its commands; keep heavy imports inside the command bodies
so `localize --help` stays fast.
"""

MODULES: list[str] = [
    "ops",
    "units",
    "translate",
    "review",
    "taxonomy",
    "validate",
]
