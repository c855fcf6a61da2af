"""The loyalty-value matrix report against pandas, and the CLI table in each language."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from segmint.cli.app import app as cli
from segmint.i18n import translate
from segmint.measure import scope, value_matrix
from segmint.store import Workspace
from segmint.traits import VALUE_QUADRANTS
from tests.measure.conftest import Shop
from tests.measure.test_reports import _close, _rows


def _oracle(profile: pd.DataFrame, members: set[str] | None = None) -> dict[str, dict]:
    """Quadrants from the medians over all buyers, worked out in pandas; then the cells."""
    buyers = profile[profile.frequency > 0]
    f_cut, m_cut = buyers.frequency.median(), buyers.monetary.median()
    frequent, high = buyers.frequency > f_cut, buyers.monetary > m_cut
    quadrant = pd.Series("strangers", index=buyers.index)
    quadrant[frequent & high] = "true_friends"
    quadrant[~frequent & high] = "butterflies"
    quadrant[frequent & ~high] = "barnacles"
    buyers = buyers.assign(quadrant=quadrant)
    if members is not None:
        buyers = buyers[buyers.customer_id.isin(members)]
    out = {}
    for key in VALUE_QUADRANTS:
        cell = buyers[buyers.quadrant == key]
        out[key] = {
            "customers": len(cell),
            "revenue": float(cell.monetary.sum()),
            "avg_clv": cell.clv_365d.mean() if len(cell) else None,
            "churn_risk": cell.churn_risk.mean() if len(cell) else None,
            "customer_share": len(cell) / len(buyers),
            "frequency_threshold": float(f_cut),
            "monetary_threshold": float(m_cut),
        }
    return out


def test_value_matrix_matches_pandas(shop: Shop) -> None:
    rows = _rows(value_matrix(scope(shop.con)))
    assert [r["value_quadrant"] for r in rows] == list(VALUE_QUADRANTS)
    want = _oracle(shop.rows.profile())
    assert sum(w["customers"] for w in want.values()) > 10
    for row in rows:
        for name, value in want[row["value_quadrant"]].items():
            assert _close(row[name], value), (row["value_quadrant"], name, row[name], value)
    assert sum(r["revenue_share"] for r in rows) == pytest.approx(1.0)


def test_value_matrix_of_a_segment_keeps_everyones_thresholds(shop: Shop) -> None:
    with shop.session() as session:
        rows = _rows(value_matrix(scope(shop.con, session), segments=["tehran"]))
    p = shop.rows.profile()
    want = _oracle(p, set(p[p.province == "Tehran"].customer_id))
    for row in rows:
        for name, value in want[row["value_quadrant"]].items():
            assert _close(row[name], value), (row["value_quadrant"], name, row[name], value)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_cli_shows_each_quadrant_in_the_language(shop_workspace: Workspace, lang: str) -> None:
    result = CliRunner().invoke(
        cli, ["--workspace", str(shop_workspace.root), "reports", "matrix", "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    for key in VALUE_QUADRANTS:
        assert translate(f"matrix.quadrant.{key}", lang) in result.output
    # The thresholds that drew the matrix are said under it.
    for key in ("matrix.frequent", "matrix.high"):
        assert translate(key, lang, threshold="").split("(")[0] in result.output
