"""README's configuration table is the one the executables declare (`--help`), so a new
setting can't go undocumented."""
import subprocess
import sys

from e2e_support import BIN_DIR, ROOT


def test_readme_configuration_table_matches_the_executables():
    generated = subprocess.run([sys.executable, str(ROOT / "scripts" / "config-table.py"), str(BIN_DIR)],
                               capture_output=True, text=True, check=True).stdout.strip()
    readme = (ROOT / "README.md").read_text()
    start = readme.index("<!-- config-table:start -->") + len("<!-- config-table:start -->")
    table = readme[start:readme.index("<!-- config-table:end -->")].strip()
    assert table == generated, "README's table is stale: run scripts/config-table.py BIN_DIR --write"
    assert generated.count("\n") > 40
