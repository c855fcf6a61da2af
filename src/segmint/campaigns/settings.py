"""Settings of campaigns (``[campaigns]``): holdouts, the frequency cap, quiet hours.

Cheap to import: the workspace ``Settings`` embeds :class:`CampaignSettings` as its
``campaigns`` section. The frequency cap and quiet hours are off by default.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, field_validator

from segmint.i18n import catalogued

__all__ = ["CampaignSettings", "QuietHours", "parse_quiet_hours"]

_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class QuietHours(BaseModel):
    """A daily window, in local time, in which no message is handed to a channel."""

    start: dt.time
    end: dt.time

    def contains(self, moment: dt.time) -> bool:
        """Whether a local clock time falls in the window (which may span midnight)."""
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def ends_after(self, local: dt.datetime) -> dt.datetime:
        """The first end of the window at or after ``local`` (a local, aware time)."""
        end = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return end if end > local else end + dt.timedelta(days=1)


def parse_quiet_hours(text: str) -> QuietHours:
    """``"22:00-08:00"`` as a :class:`QuietHours`; ValueError (catalogued) when it is not one."""
    found = _CLOCK.match(text)
    if found is None:
        raise catalogued(ValueError, "campaigns.bad_quiet_hours", value=text)
    h1, m1, h2, m2 = (int(part) for part in found.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) == (h2, m2):
        raise catalogued(ValueError, "campaigns.bad_quiet_hours", value=text)
    return QuietHours(start=dt.time(h1, m1), end=dt.time(h2, m2))


class CampaignSettings(BaseModel):
    """How campaigns choose, hold back and time their messages."""

    default_holdout_percent: float = Field(
        10.0,
        ge=0,
        lt=100,
        description="Share of a campaign's eligible audience held back, unmessaged, to measure "
        "uplift against, when the campaign names none (--holdout).",
    )
    global_holdout_percent: float = Field(
        0.0,
        ge=0,
        lt=100,
        description="Share of all customers kept out of every campaign (chosen by a hash of "
        "the customer id alone), to measure the combined effect of messaging. 0: off.",
    )
    frequency_cap: int | None = Field(
        None,
        ge=1,
        description="Most messages one customer may be sent across campaigns in "
        "frequency_days; a customer at the cap is left out of a campaign and counted. "
        "Empty: no cap.",
    )
    frequency_days: int = Field(7, ge=1, description="The window of the frequency cap, in days.")
    quiet_hours: str | None = Field(
        None,
        description="A daily window such as '22:00-08:00', in the campaigns' time zone, in "
        "which no message is sent: a send in it queues the messages due at the window's end. "
        "Empty: off.",
    )
    time_zone: str | None = Field(
        None,
        description="IANA time zone of quiet hours. Empty: ingest.time_zone.",
    )
    attribution_days: int = Field(
        14,
        ge=1,
        description="Days after a send in which a completed order counts as a conversion of "
        "the campaign (the report's default --window).",
    )
    sender_domain: str = Field(
        "segmint.localhost",
        min_length=1,
        description="Domain of the Message-IDs of campaign messages (<...@domain>); use the "
        "domain you send email from.",
    )
    language_field: str = Field(
        "language",
        description="Custom field holding each customer's language ('fa' or 'en'), which "
        "picks the version of a template; customers without it get display.language.",
    )
    max_detectable_lift: float = Field(
        0.5,
        gt=0,
        description="A campaign whose split can only detect a relative lift above this "
        "(0.5: +50% over the holdout's conversion) at 80% power is warned about before "
        "sending: a real effect of a usual size would look like chance.",
    )
    min_holdout: int = Field(
        100,
        ge=0,
        description="A campaign whose holdout group would be smaller than this many customers "
        "is warned about before sending: its uplift cannot be measured well.",
    )

    @field_validator("quiet_hours")
    @classmethod
    def _window(cls, value: str | None) -> str | None:
        if value:
            parse_quiet_hours(value)
        return value or None

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as error:
                raise catalogued(ValueError, "settings.unknown_zone", zone=value) from error
        return value or None

    def quiet(self) -> QuietHours | None:
        """The quiet hours window, or None when off."""
        return parse_quiet_hours(self.quiet_hours) if self.quiet_hours else None
