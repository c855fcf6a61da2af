"""The errors segmint raises.

Every error a user can meet derives from :class:`SegmintError` and carries a
message that says what to do. Where a builtin fits, the error also derives from
it, so ``except ValueError`` keeps working for library users::

    SegmintError
    ├── WorkspaceError
    │   ├── WorkspaceNotFound          (FileNotFoundError)
    │   ├── WorkspaceExists            (FileExistsError)
    │   ├── WorkspaceLocked            (RuntimeError)
    │   └── DataStoreUnavailable       (ConnectionError)
    ├── SettingsError                  (ValueError)
    ├── ImportRejected                 (ValueError)
    │   └── ColumnMappingError
    ├── UnknownCustomer                (LookupError)
    ├── UnknownSegment                 (LookupError)
    ├── UnknownTicket                  (LookupError)
    ├── UnknownRoute                   (LookupError)
    ├── TicketError                    (ValueError)
    │   └── RouteExists
    ├── SegmentExists                  (ValueError)
    ├── NotFitted                      (ValueError, AttributeError)
    ├── ModelError                     (ValueError)
    ├── InvalidSegmentRule             (ValueError)  .position, .suggestion
    │   └── SegmentCycle
    ├── ClusteringError                (ValueError)
    ├── InvalidReport                  (ValueError)
    ├── UnknownGoal                    (LookupError)
    ├── IngestRejected                 (ValueError)
    ├── UnknownCampaign                (LookupError)
    ├── CampaignError                  (ValueError)
    │   ├── CampaignExists
    │   └── TemplateError
    ├── ChannelError                   (RuntimeError)
    ├── BadLink                        (PermissionError)
    ├── UnknownOffer                   (LookupError)
    ├── OfferError                     (ValueError)
    ├── UnknownJourney                 (LookupError)
    ├── JourneyError                   (ValueError)
    ├── AttachError                    (ValueError)
    └── AuthError
        ├── AuthenticationFailed       (PermissionError)
        │   └── TooManyAttempts        .retry_after
        ├── PermissionDenied           (PermissionError)  .permission
        ├── UnknownPrincipal           (LookupError)
        ├── PrincipalExists            (ValueError)
        ├── UnknownRole                (ValueError)
        └── WeakPassword               (ValueError)

The CLI prints these in one place with a non-zero exit code and no traceback;
the API maps them to HTTP statuses in one handler.
"""

from __future__ import annotations


class SegmintError(Exception):
    """Root of every error segmint raises on purpose."""

    exit_code = 1


class WorkspaceError(SegmintError):
    """A workspace cannot be used as asked."""


class WorkspaceNotFound(WorkspaceError, FileNotFoundError):
    """No workspace at the given folder."""


class WorkspaceExists(WorkspaceError, FileExistsError):
    """``init`` was asked to create a workspace where one already is."""


class WorkspaceLocked(WorkspaceError, RuntimeError):
    """Another process holds the workspace for writing."""

    exit_code = 3


class DataStoreUnavailable(WorkspaceError, ConnectionError):
    """The workspace's data store (its ``data_url``) cannot be reached or opened."""

    exit_code = 3


class SettingsError(SegmintError, ValueError):
    """A setting has a value segmint cannot use."""


class ImportRejected(SegmintError, ValueError):
    """A file cannot be imported at all (as opposed to single rejected rows)."""


class ImportFailed(SegmintError):
    """Too many rows failed in one column: the import stored nothing."""


class ColumnMappingError(ImportRejected):
    """The file's columns cannot be mapped to the fields a table needs."""


class UnknownCustomer(SegmintError, LookupError):
    """No customer with the given id."""


class UnknownSegment(SegmintError, LookupError):
    """No saved or built-in segment has the given name."""


class SegmentExists(SegmintError, ValueError):
    """A segment with that name is already saved."""


class NotFitted(SegmintError, ValueError, AttributeError):
    """A model was used before ``fit``."""


class ModelError(SegmintError, ValueError):
    """A model cannot be fitted or used on the data given."""


class InvalidSegmentRule(SegmintError, ValueError):
    """A segment rule does not parse or refers to something that does not exist.

    Parameters
    ----------
    message
        What is wrong, for a person.
    position
        0-based character offset in the rule text, when known.
    suggestion
        The nearest valid name, when one is close.
    """

    def __init__(
        self, message: str, *, position: int | None = None, suggestion: str | None = None
    ) -> None:
        super().__init__(message)
        self.position = position
        self.suggestion = suggestion


class SegmentCycle(InvalidSegmentRule):
    """Segment references form a cycle; ``cycle`` names the segments in order."""

    cycle: tuple[str, ...] = ()


class ClusteringError(SegmintError, ValueError):
    """Clustering cannot run on the data or settings given."""


class InvalidReport(SegmintError, ValueError):
    """A report was asked for with a grouping, measure, period or size it cannot have."""


class AuthError(SegmintError):
    """Users, tokens, sessions and roles: who may do what."""


class AuthenticationFailed(AuthError, PermissionError):
    """No credentials, or credentials that do not match a user or a live token."""


class TooManyAttempts(AuthenticationFailed):
    """Too many failed logins in a short time; ``retry_after`` is in seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermissionDenied(AuthError, PermissionError):
    """The user or token is known, but its role does not carry ``permission``."""

    def __init__(self, message: str, *, permission: str = "") -> None:
        super().__init__(message)
        self.permission = permission


class UnknownPrincipal(AuthError, LookupError):
    """No user or token with the given name or id."""


class PrincipalExists(AuthError, ValueError):
    """A user (or a live token) with that name already exists."""


class UnknownRole(AuthError, ValueError):
    """A role name that is not admin, marketer, analyst or viewer."""


class WeakPassword(AuthError, ValueError):
    """A password too short (or empty) to be accepted."""


class UnknownGoal(SegmintError, LookupError):
    """No segment goal has the given id."""


class IngestRejected(SegmintError, ValueError):
    """A live ingest payload cannot be stored (a missing id, a bad date or amount...)."""


class UnknownTicket(SegmintError, LookupError):
    """No support ticket with the given id."""


class UnknownRoute(SegmintError, LookupError):
    """No ticket routing rule with the given name."""


class TicketError(SegmintError, ValueError):
    """A ticket or routing request cannot be done as asked (a bad priority, SLA, filter...)."""


class RouteExists(TicketError):
    """A ticket routing rule with that name is already stored."""


class UnknownCampaign(SegmintError, LookupError):
    """No campaign by that name."""


class CampaignError(SegmintError, ValueError):
    """A campaign cannot be created or sent as asked (no channel settings, a bad holdout...)."""


class CampaignExists(CampaignError):
    """A campaign with that name is already stored."""


class TemplateError(CampaignError):
    """A message template does not compile, names an unknown variable or tries to escape."""


class ChannelError(SegmintError, RuntimeError):
    """A channel is not configured, or its server cannot be reached at all."""


class BadLink(SegmintError, PermissionError):
    """A signed link (unsubscribe, survey) is forged, altered or expired."""


class UnknownOffer(SegmintError, LookupError):
    """No coupon batch or cashback programme by that name."""


class OfferError(SegmintError, ValueError):
    """A coupon or wallet operation cannot be done as asked."""


class UnknownJourney(SegmintError, LookupError):
    """No journey by that name."""


class JourneyError(SegmintError, ValueError):
    """A journey's definition cannot be used (an unknown step, a bad wait...)."""


# --- attach ---
class AttachError(SegmintError, ValueError):
    """A source cannot be attached as asked (a field, a column or a type does not fit)."""


# --- end attach ---
