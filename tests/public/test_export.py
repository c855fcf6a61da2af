"""Exports for a channel keep only customers a message may reach, and count the rest."""

from __future__ import annotations

import io
import json
from pathlib import Path

import ibis
import pandas as pd
import pytest
from typer.testing import CliRunner

from segmint import steps
from segmint.actions.export import LEFT_OUT, reachable
from segmint.cli.app import app
from segmint.exceptions import SettingsError
from segmint.store import Workspace
from tests.public.conftest import CUSTOMERS

runner = CliRunner()


def _expected(profile: pd.DataFrame, channel: str, suppressed: set[str]) -> dict[str, object]:
    """Who an export for ``channel`` keeps and leaves out, by pandas over the same rows."""
    consent = profile[f"{channel}_consent"].map(lambda v: v is True)
    address = profile["phone" if channel == "sms" else "email"]
    no_consent = ~consent
    no_address = consent & address.isna()
    listed = consent & address.notna() & address.isin(suppressed)
    kept = consent & address.notna() & ~address.isin(suppressed)
    return {
        "kept": sorted(profile.customer_id[kept]),
        "no_consent": int(no_consent.sum()),
        "no_address": int(no_address.sum()),
        "suppressed": int(listed.sum()),
    }


@pytest.mark.parametrize(
    ("channel", "suppressed"),
    [
        ("sms", set()),
        ("sms", {"+989120000006", "+989120000003", "+989999999999"}),
        ("email", {"ali@example.com"}),
    ],
    ids=["sms", "sms-suppressed", "email-suppressed"],
)
def test_reachable_against_pandas(channel: str, suppressed: set[str]) -> None:
    profile = pd.read_csv(io.StringIO(CUSTOMERS), dtype=str)
    for column in ("sms_consent", "email_consent"):
        profile[column] = profile[column].map({"yes": True, "no": False})
    profile["phone"] = profile.phone.map(lambda p: None if pd.isna(p) else "+98" + p[1:])
    profile["email"] = profile.email.where(profile.email.notna(), None)
    con = ibis.duckdb.connect()
    kept, counts = reachable(
        con.create_table("profile", profile), channel=channel, suppressed=suppressed
    )
    truth = _expected(profile, channel, suppressed)
    assert sorted(kept.customer_id.to_pyarrow().to_pylist()) == truth["kept"]
    row = counts.to_pyarrow().to_pylist()[0]
    assert {k: row[k] for k in LEFT_OUT} == {k: truth[k] for k in LEFT_OUT}
    assert row["members"] == len(profile) == len(truth["kept"]) + sum(row[k] for k in LEFT_OUT)


def test_a_channel_without_consent_is_refused() -> None:
    table = ibis.memtable({"customer_id": ["c1"]})
    with pytest.raises(SettingsError, match="export for one of: sms, email"):
        reachable(table, channel="webhook", suppressed=set())


@pytest.mark.slow  # builds the tiny shop once: an import and a run
def test_segments_export_for_a_channel(shop: Workspace, tmp_path: Path) -> None:
    steps.segments.create(shop, "buyers", "frequency >= 1")
    from segmint.steps import suppressions

    assert suppressions.add(shop, "sms", "0912 000 0006")
    target = tmp_path / "sms.csv"
    result = runner.invoke(
        app,
        [
            "--workspace",
            str(shop.root),
            "segments",
            "export",
            "buyers",
            str(target),
            "--channel",
            "sms",
            "--columns",
            "phone",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # By hand from CUSTOMERS: no SMS consent c03 c05 c08 c12; consent but no phone c04 c10;
    # c06 suppressed; kept c01 c02 c07 c09 c11.
    assert data["members"] == 12 and data["rows"] == 5
    assert data["left_out"] == {"no_consent": 4, "no_address": 2, "suppressed": 1}
    written = pd.read_csv(target, encoding="utf-8-sig", dtype=str)
    assert list(written.customer_id) == ["c01", "c02", "c07", "c09", "c11"]
    assert list(written.columns) == ["customer_id", "phone"]

    said = runner.invoke(
        app,
        [
            "--workspace",
            str(shop.root),
            "segments",
            "export",
            "buyers",
            str(tmp_path / "email.csv"),
            "--channel",
            "email",
        ],
    )
    assert said.exit_code == 0, said.output
    assert "Left out 6 of 12 members" in said.output
    assert "5 without consent, 1 without an address, 0 suppressed" in said.output
