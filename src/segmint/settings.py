"""Workspace settings: ``segmint.toml``, overridden by ``SEGMINT_*`` environment variables.

Built once at the edge (the CLI callback, ``create_app``) and passed down; no module
keeps a settings global. Nested sections use ``__`` in environment variables, e.g.
``SEGMINT_INGEST__ANONYMOUS_ORDERS=reject``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from segmint.campaigns.settings import CampaignSettings
from segmint.channels.settings import ChannelsSettings
from segmint.exceptions import SettingsError
from segmint.i18n import catalogued, localized, translate
from segmint.offers.settings import OffersSettings
from segmint.scheduler.config import SchedulerSettings
from segmint.traits.config import TraitsConfig

SETTINGS_FILE = "segmint.toml"

Language = Literal["en", "fa"]


class ImportSettings(BaseModel):
    """How files are read and checked on import."""

    anonymous_orders: Literal["keep", "reject"] = Field(
        "keep",
        description="Orders with no customer id: 'keep' stores them as anonymous orders "
        "(counted, left out of per-customer models); 'reject' writes them to the reject file.",
    )
    dayfirst: Literal["auto"] | bool = Field(
        "auto",
        description="Order of year-last dates such as 03/04/2024: 'auto' decides per "
        "column from the values that prove it (13/04/2024 is day-first) and reads a column "
        "that proves nothing month-first, saying so; true always day/month, false always "
        "month/day.",
    )
    time_zone: str = Field(
        "UTC",
        description="IANA time zone (such as 'Asia/Tehran') that times written with a UTC "
        "offset (2017-01-28 14:06:53-0500) and Unix epoch numbers are converted to; they are "
        "stored as the wall-clock time there. Times without an offset are kept as written.",
    )

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise catalogued(ValueError, "settings.unknown_zone", zone=value) from error
        return value

    on_conflict: Literal["reject", "update"] = Field(
        "reject",
        description="A row whose id is already stored with different values: 'reject' "
        "reports it in the reject file, 'update' overwrites the stored row.",
    )
    default_currency: str = Field("IRR", description="Currency of amounts that name none.")
    multi_value_separators: str = Field(
        "|;،",
        description="Characters that separate values in tags and multi-select cells.",
    )
    max_failure_share: float = Field(
        0.2,
        ge=0,
        le=1,
        description="Stop an import, storing nothing, when more than this share of its rows "
        "fails in one column (rejected or cleared because of that column).",
    )


class DisplaySettings(BaseModel):
    """How dates and numbers are shown to people."""

    language: Language = Field("en", description="Language of messages: 'en' or 'fa'.")
    calendar: Literal["gregorian", "jalali"] = Field(
        "gregorian", description="Calendar dates are shown in: 'gregorian' or 'jalali'."
    )
    currency: str = Field(
        "",
        description="Currency amounts are shown in, with its minor units (IRR 0, USD 2, "
        "KWD 3...). Empty: ingest.default_currency.",
    )


class ServerSettings(BaseModel):
    """How ``segmint serve`` listens."""

    host: str = Field(
        "127.0.0.1",
        description="Address to listen on. Anything but a loopback address needs server.secret.",
    )
    port: int = Field(8765, ge=1, le=65535, description="Port to listen on.")
    secret: SecretStr | None = Field(
        None,
        description="This deployment's secret; required to listen beyond this machine. "
        "Set it in the environment (SEGMINT_SERVER__SECRET), not in the file. At least 32 "
        "characters.",
    )
    public_url: str | None = Field(
        None,
        description="Address people reach this server at (https://club.example.com), used in "
        "the unsubscribe and survey links of messages. Empty: http://host:port.",
    )
    max_upload_mb: int = Field(
        2048, ge=1, description="Largest file the API accepts for import, in MB."
    )


class Settings(BaseSettings):
    """Everything a workspace can be told. See ``docs/settings.md``."""

    model_config = SettingsConfigDict(
        env_prefix="SEGMINT_", env_nested_delimiter="__", extra="forbid"
    )

    data_url: str | None = Field(
        None,
        description="Where the customer data lives: duckdb:///path/data.duckdb, "
        "postgresql://user@host:5432/db (?schema=NAME), spark://local[*] or "
        "sc://host:15002 (Spark Connect). Empty: data.duckdb inside the workspace. "
        "See docs/scale.md.",
    )
    app_db_url: str | None = Field(
        None,
        description="SQLAlchemy URL of the app metadata store. Empty: app.sqlite inside "
        "the workspace.",
    )
    lock_timeout_seconds: float = Field(
        5.0,
        ge=0,
        description="How long a command waits for another process to release the "
        "workspace before it gives up with a clear message.",
    )
    threads: int | None = Field(
        None, ge=1, description="Threads the data engine may use. Empty: all cores."
    )
    memory_limit: str | None = Field(
        None, description="Memory the data engine may use, e.g. '4GB'. Empty: engine default."
    )
    display: DisplaySettings = Field(
        default_factory=DisplaySettings, description="Language and calendar for people."
    )
    traits: TraitsConfig = Field(
        default_factory=TraitsConfig,
        description="RFM scores and groups, lifecycle thresholds, value and CLV settings.",
    )
    ingest: ImportSettings = Field(
        default_factory=ImportSettings,
        description="How files are read and checked on import.",
    )
    server: ServerSettings = Field(
        default_factory=ServerSettings, description="How segmint serve listens."
    )
    campaigns: CampaignSettings = Field(
        default_factory=CampaignSettings,
        description="Campaigns: holdouts, frequency cap, quiet hours, attribution window.",
    )
    scheduler: SchedulerSettings = Field(
        default_factory=SchedulerSettings,
        description="The in-process scheduler: the daily run, recurring campaigns, reports.",
    )
    offers: OffersSettings = Field(
        default_factory=OffersSettings,
        description="Coupon codes and cashback: code length, default validity and rounding.",
    )
    channels: ChannelsSettings = Field(
        default_factory=ChannelsSettings,
        description="Email, SMS and webhook channels, and how deliveries are retried.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The TOML file arrives as init values; environment variables win over it.
        return env_settings, init_settings

    @classmethod
    def load(cls, workspace: Path, *, lang: str = "en") -> Settings:
        """Read ``segmint.toml`` of a workspace, applying environment overrides.

        Parameters
        ----------
        workspace
            The workspace folder.
        lang
            Language of the error message when a setting is invalid.

        Raises
        ------
        SettingsError
            The file is not TOML, or a setting has a value segmint cannot use.
        """
        path = workspace / SETTINGS_FILE
        data: dict[str, Any] = {}
        if path.exists():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise SettingsError(
                    translate("settings.bad_toml", lang, path=path, error=exc)
                ) from exc
        try:
            return cls(**data)
        except ValidationError as exc:
            problems = "; ".join(_problem(error, lang) for error in exc.errors())
            raise SettingsError(
                translate("settings.invalid", lang, path=path, problems=problems)
            ) from exc


def _problem(error: Any, lang: str) -> str:
    """One validation problem: where, and what, in ``lang`` when the catalogue has it."""
    where = ".".join(str(part) for part in error["loc"])
    cause = error.get("ctx", {}).get("error")
    catalogued = getattr(cause, "message_key", None) is not None
    what = localized(cause, lang) if catalogued else error["msg"]
    return f"{where}: {what}" if where else what


def iter_setting_paths(model: type[BaseModel] = Settings, prefix: str = "") -> list[str]:
    """Every setting as a dotted path (``ingest.dayfirst``), for docs and checks."""
    paths: list[str] = []
    for name, field in model.model_fields.items():
        key = f"{prefix}{field.alias or name}"
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths.extend(iter_setting_paths(annotation, key + "."))
        else:
            paths.append(key)
    return paths


DEFAULT_TOML = """\
# segmint workspace settings. Every setting is listed in docs/settings.md.
# Environment variables override this file: SEGMINT_DISPLAY__LANGUAGE=fa

lock_timeout_seconds = 5.0
# data_url = "postgresql://segmint@localhost/shop?schema=segmint"  # empty: data.duckdb here

[display]
language = "en"        # en | fa
calendar = "gregorian" # gregorian | jalali

[ingest]
anonymous_orders = "keep"  # keep | reject
dayfirst = "auto"         # auto | true | false
time_zone = "UTC"         # IANA name, e.g. "Asia/Tehran"
on_conflict = "reject"     # reject | update
default_currency = "IRR"
"""
