"""The data_url setting: parsed, checked at init, and where a workspace keeps its data."""

from __future__ import annotations

from pathlib import Path

import pytest

from segmint.exceptions import DataStoreUnavailable, SettingsError
from segmint.settings import SETTINGS_FILE
from segmint.store import Workspace
from segmint.store.backends import locate


def test_no_url_is_the_workspace_duckdb_file(tmp_path: Path) -> None:
    location = locate(None, tmp_path)
    assert location.scheme == "duckdb"
    assert location.path == tmp_path / "data.duckdb"


def test_relative_duckdb_path_is_inside_the_workspace(tmp_path: Path) -> None:
    assert locate("duckdb:big/shop.duckdb", tmp_path).path == tmp_path / "big/shop.duckdb"
    assert locate("duckdb:///abs/shop.duckdb", tmp_path).path == Path("/abs/shop.duckdb")


def test_password_is_redacted_and_options_read(tmp_path: Path) -> None:
    location = locate("postgresql://shop:s3cret@db:5432/crm?schema=segmint", tmp_path)
    assert location.redacted == "postgresql://shop:***@db:5432/crm?schema=segmint"
    assert location.options == {"schema": "segmint"}


def test_spark_connect_token_is_redacted_and_refused_in_the_file(tmp_path: Path) -> None:
    url = "sc://dbc.example.com:443/;token=dapi123;x-databricks-cluster-id=42"
    assert locate(url, tmp_path).redacted == (
        "sc://dbc.example.com:443/;token=***;x-databricks-cluster-id=42"
    )
    assert locate("spark://local[2]", tmp_path).redacted == "spark://local[2]"
    with pytest.raises(SettingsError, match="token"):
        Workspace.create(tmp_path / "ws", data_url=url)


def test_unknown_scheme_names_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="postgresql") as caught:
        locate("mysql://db/crm", tmp_path)
    assert "mysql://db/crm" in str(caught.value)
    with pytest.raises(SettingsError, match="پایگاه"):
        locate("mysql://db/crm", tmp_path, lang="fa")


def test_init_refuses_a_password_in_the_settings_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="PGPASSWORD"):
        Workspace.create(tmp_path / "ws", data_url="postgresql://shop:s3cret@db/crm")
    assert not (tmp_path / "ws").exists()


def test_unreachable_store_leaves_no_half_made_workspace(tmp_path: Path) -> None:
    (tmp_path / "ws" / "mine").mkdir(parents=True)
    with pytest.raises(DataStoreUnavailable, match=r"127\.0\.0\.1:1/"):
        Workspace.create(tmp_path / "ws", data_url="postgresql://shop@127.0.0.1:1/crm")
    assert sorted(p.name for p in (tmp_path / "ws").iterdir()) == ["mine"]


def test_init_on_postgresql_writes_the_url_and_makes_the_tables(
    tmp_path: Path, postgres_database: str
) -> None:
    url = postgres_database + "?schema=shop"
    workspace = Workspace.create(tmp_path / "ws", data_url=url)
    try:
        assert f'data_url = "{url}"' in (tmp_path / "ws" / SETTINGS_FILE).read_text("utf-8")
        assert not (tmp_path / "ws" / "data.duckdb").exists()
        with workspace.data() as con:
            assert {"customers", "orders", "order_items", "events"} <= set(con.list_tables())
        assert workspace.describe()["data"] == url
    finally:
        workspace.close()
