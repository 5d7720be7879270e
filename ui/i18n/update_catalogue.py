"""Bring our English catalogue up to date with the code: one command after changing strings in ui/.

    python ui/i18n/update_catalogue.py        (the project's Python, so that the PySide6 tools are found)

It does the three steps described in ui/i18n/README.md:

1. ``pyside6-lupdate`` reads every .py file under ui/ and merges its strings into khaosat_en.ts:
   translations already there are kept, strings no longer in the code are dropped;
2. ``fill_en.py`` fills the English of new strings (and the page titles) from its table;
3. ``pyside6-lrelease`` compiles khaosat_en.ts into khaosat_en.qm, the file the application loads.

Exit status 1, with the strings listed, when a string still has no translation: add it to the table in
fill_en.py or translate it in Qt Linguist (``pyside6-linguist ui/i18n/khaosat_en.ts``), then run again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TS = HERE / "khaosat_en.ts"
QM = TS.with_suffix(".qm")


def tool(name: str) -> str:
    """A PySide6 tool: beside the running Python (a virtual environment's bin/ or Scripts/), else on PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found beside {sys.executable} nor on PATH: install PySide6 "
                         "(pip install pyside6) and run this script with that Python.")
    return found


def run(*args: str) -> None:
    done = subprocess.run(args, cwd=str(ROOT), capture_output=True, text=True, check=False)
    out = (done.stdout + done.stderr).strip()
    if done.returncode:
        raise SystemExit(f"{Path(args[0]).name} failed ({done.returncode}):\n{out}")
    for line in out.splitlines():
        if line.strip().startswith(("Found", "Generated", "Ignored")):
            print(f"{Path(args[0]).name}: {line.strip()}")


def main() -> int:
    lupdate, lrelease = tool("pyside6-lupdate"), tool("pyside6-lrelease")
    sys.path.insert(0, str(HERE))
    import fill_en

    if not TS.exists():
        TS.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                      '<TS version="2.1" language="en_US" sourcelanguage="vi_VN"></TS>\n', encoding="utf-8")
    run(lupdate, "-extensions", "py", "-no-obsolete", "-locations", "none", "ui", "-ts", str(TS))
    missing = fill_en.main(str(TS))
    run(lrelease, str(TS), "-qm", str(QM))
    return missing


if __name__ == "__main__":
    sys.exit(main())
