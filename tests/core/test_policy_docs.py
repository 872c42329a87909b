"""docs/policy.md lists every rule of the policy files with its source and whether it is verified."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_list_of_rules_in_docs_is_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "policy_table.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_parameter_and_its_sources_are_listed_with_their_verification():
    doc = (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")
    listed = doc.split("policy-table:start", 1)[1]
    national = tomllib.loads((ROOT / "src/cadre/policy/vn.toml").read_text(encoding="utf-8"))
    for name, entry in national.items():
        rows = [line for line in listed.splitlines() if f"| `{name}` |" in line]
        assert len(rows) == len(entry["values"]), name
        for row, value in zip(rows, sorted(entry["values"], key=lambda v: v["from"]), strict=True):
            assert " ".join(value["source"].split()).replace("|", "\\|") in row, name
            unverified = value.get("unverified", entry.get("unverified", False))
            assert row.rstrip(" |").endswith("Cadre's convention)" if unverified else "| yes"), row
