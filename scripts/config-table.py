#!/usr/bin/env python3
"""Prints the README's configuration table from what the executables themselves declare
(`<service> --help`), so the table can't drift from the code.

    scripts/config-table.py BIN_DIR            print the table
    scripts/config-table.py BIN_DIR --write    replace it in README.md between its markers
"""
import re
import subprocess
import sys
from pathlib import Path

SERVICES = {"identity-service": "identity", "pacs-service": "pacs", "edge-gateway": "gateway"}
START, END = "<!-- config-table:start -->", "<!-- config-table:end -->"
README = Path(__file__).resolve().parents[1] / "README.md"


def declared(binary):
    """[(name, kind, meaning, default)] from the 'Environment variables:' part of --help."""
    text = subprocess.run([binary, "--help"], capture_output=True, text=True, check=True).stdout
    entries, current, inside = [], None, False
    for line in text.splitlines():
        if line.strip() == "Environment variables:":
            inside = True
            continue
        if not inside:
            continue
        match = re.match(r"^  ([A-Z][A-Z0-9_]+)\s+(.*)$", line)
        if match:
            current = [match[1], match[2].strip()]
            entries.append(current)
        elif current and line.strip() and not line.startswith(" ") and not re.match(r"^[A-Z][A-Za-z ]*:$", line.strip()):
            current[1] += ("" if current[1].endswith(("/", "-")) else " ") + line.strip()
        else:
            current = None
            if line.strip() and not line.startswith(" "):
                inside = False
    result = []
    for name, description in entries:
        default = "—"
        found = re.search(r"\s*\(default: (.*)\)$", description)
        if found:
            default, description = found[1], description[:found.start()]
        kind, _, meaning = description.partition(": ")
        result.append((name, kind, meaning or kind, default))
    return result


def table(bin_dir):
    rows = {}
    for binary, short in SERVICES.items():
        for name, kind, meaning, default in declared(str(Path(bin_dir) / binary)):
            row = rows.setdefault(name, {"services": [], "kind": kind, "meaning": meaning, "default": default})
            row["services"].append(short)
    lines = ["| variable | services | type | default | meaning |", "| --- | --- | --- | --- | --- |"]
    for name, row in rows.items():
        services = "all" if len(row["services"]) == len(SERVICES) else ", ".join(row["services"])
        cells = [f"`{name}`", services, row["kind"].replace("|", "\\|"), row["default"].replace("|", "\\|"), row["meaning"].replace("|", "\\|")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    generated = table(sys.argv[1])
    if "--write" not in sys.argv:
        print(generated)
        return
    text = README.read_text()
    start, end = text.index(START) + len(START), text.index(END)
    README.write_text(text[:start] + "\n" + generated + "\n" + text[end:])


if __name__ == "__main__":
    main()
