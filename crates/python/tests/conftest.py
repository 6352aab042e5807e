"""Shared fixtures: the checkout, ../shared beside it, the CLI binary and a knowledge base
built from examples/."""

import os
import pathlib
import shutil
import subprocess

import pytest

import newsgraph

ROOT = pathlib.Path(__file__).resolve().parents[3]
UNDER_CI = os.environ.get("CI") == "true"


def needed(what: str, why: str):
    """Under CI (CI=true) a missing prerequisite fails the test; elsewhere it is skipped
    with a notice, as the Rust tests do."""
    if UNDER_CI:
        pytest.fail(f"{what} is missing under CI: {why}")
    pytest.skip(f"notice: {what} not found ({why}); skipping")


@pytest.fixture(scope="session")
def shared() -> pathlib.Path:
    """../shared beside the checkout (the seed article and its expected extraction)."""
    directory = ROOT.parent / "shared"
    if not (directory / "seed").is_dir():
        needed("../shared", str(directory))
    return directory


@pytest.fixture(scope="session")
def cli() -> str:
    """The `newsgraph` binary: NEWSGRAPH_BIN, else the one `cargo test` built."""
    candidates = [os.environ.get("NEWSGRAPH_BIN")]
    target = os.environ.get("CARGO_TARGET_DIR")
    if target:
        candidates += [os.path.join(target, "debug", "newsgraph"), os.path.join(target, "release", "newsgraph")]
    candidates += [shutil.which("newsgraph")]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    needed("the newsgraph binary", "set NEWSGRAPH_BIN or CARGO_TARGET_DIR")


@pytest.fixture(scope="session")
def examples_kb(tmp_path_factory):
    """A knowledge base ingested from examples/, and its data directory."""
    data = tmp_path_factory.mktemp("kb") / "data"
    kb = newsgraph.open(data)
    report = kb.ingest([ROOT / "examples"])
    yield kb, data, report
    kb.close()


def run_cli(cli: str, data, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([cli, "--data", str(data), *args], capture_output=True, text=True, check=True)
