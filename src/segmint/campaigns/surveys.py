"""Answers to the one-question surveys a message links to, stored as feedback.

A campaign's message can carry a signed survey link (:func:`segmint.campaigns.links.
survey_url`): a CSAT question (1-5) or an NPS question (0-10). The answer is one row of
the data store's ``feedback`` table, the table imported feedback lands in, so the CSAT
trait and the reports count it with the rest. Its ``campaign`` column holds the
campaign's id (as text), which attributes the answer to the campaign.

The row's ``feedback_id`` is made from the campaign and the customer
(:func:`feedback_id`), so one customer has one answer row per campaign: answering again
replaces the score (and the time), and answering the other question of the same
campaign fills that column of the same row.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import ibis
import pyarrow as pa
from ibis.backends import BaseBackend

from segmint.campaigns.links import SURVEY_QUESTIONS
from segmint.exceptions import CampaignError
from segmint.i18n import translate
from segmint.store.data import delete_where
from segmint.store.schema import FEEDBACK

__all__ = ["SCALES", "feedback_id", "record_answer"]

#: The lowest and highest score of each survey question.
SCALES: dict[str, tuple[int, int]] = {"csat": (1, 5), "nps": (0, 10)}


def feedback_id(campaign_id: int, customer_id: str) -> str:
    """The id of a customer's answer row for a campaign: the same for every answer."""
    return f"survey-{campaign_id}-{customer_id}"


def check_score(question: str, score: int, lang: str = "en") -> int:
    """``score`` when it is on the question's scale; else a CampaignError naming the scale."""
    if question not in SURVEY_QUESTIONS:
        raise CampaignError(
            translate(
                "survey.bad_question",
                lang,
                question=question,
                questions=", ".join(SURVEY_QUESTIONS),
            )
        )
    low, high = SCALES[question]
    if not low <= score <= high:
        raise CampaignError(translate("survey.bad_score", lang, score=score, low=low, high=high))
    return score


def record_answer(
    con: BaseBackend,
    *,
    campaign_id: int,
    customer_id: str,
    question: str,
    score: int,
    comment: str | None = None,
    at: _dt.datetime | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Store (or replace) a customer's answer to a campaign's survey question.

    Parameters
    ----------
    con
        The data store, opened for writing.
    campaign_id, customer_id
        Whose answer, to which campaign's message (from the verified link).
    question
        ``csat`` or ``nps``.
    score
        1-5 for CSAT, 0-10 for NPS.
    comment
        Optional free text; an answer without one keeps the comment given before.
    at
        When it was answered (UTC); now by default.
    lang
        Language of error messages.

    Returns
    -------
    dict
        The stored row: ``feedback_id, customer_id, feedback_time, order_id, csat, nps,
        comment, campaign``, and ``replaced`` (True when an earlier answer was there).

    Raises
    ------
    CampaignError
        An unknown question or a score off its scale.
    """
    check_score(question, score, lang)
    key = feedback_id(campaign_id, customer_id)
    feedback = con.table("feedback")
    before = feedback.filter(feedback.feedback_id == key).limit(1).to_pyarrow().to_pylist()
    row: dict[str, Any] = dict.fromkeys(FEEDBACK.names)
    if before:
        row.update(before[0])
    when = (at or _dt.datetime.now(_dt.UTC)).astimezone(_dt.UTC).replace(tzinfo=None)
    row.update(
        feedback_id=key,
        customer_id=customer_id,
        feedback_time=when,
        campaign=str(campaign_id),
        **{question: score},
    )
    if comment is not None and comment.strip():
        row["comment"] = comment.strip()
    schema = FEEDBACK.to_pyarrow()
    table = pa.Table.from_pylist([{name: row[name] for name in FEEDBACK.names}], schema=schema)
    # Ibis has no upsert: the old row goes and the merged one comes in its place.
    if before:
        delete_where(con, "feedback", "feedback_id", key)
    con.insert("feedback", ibis.memtable(table))
    return {**row, "replaced": bool(before)}
