"""Pages people open from a message, with no login: unsubscribe (``/u/``), surveys (``/s/``).

The signed token in the address is the capability: only the recipient's own message
carries it, and a changed or foreign token is answered with a 403 page. So the pages
need no login and no CSRF token (a forged form cannot name a valid token it does not
have). A ``GET`` never changes anything (mail scanners open links); the change is a
``POST``:

* ``POST /u/{token}`` with ``List-Unsubscribe=One-Click`` (RFC 8058, sent by the mail
  client) or from the page's button suppresses the address; again is harmless.
* ``POST /s/{token}`` with ``score`` (and an optional ``comment``) stores the answer in
  the data store's ``feedback`` table, attributed to the campaign; answering again
  replaces it.

Pages are in the link's language (``"l"`` in its payload) or the browser's
(Accept-Language), Persian right to left with Persian digits. They are mounted at the
server's root by :func:`segmint.api.app.create_app`, not under ``/api/v1``, and are
left out of the OpenAPI document: they are pages, not API operations.
"""

from __future__ import annotations

from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from segmint.api.deps import WorkspaceDep
from segmint.api.problems import request_lang
from segmint.auth.masking import mask_email, mask_phone
from segmint.campaigns.links import verify, workspace_secret
from segmint.campaigns.optout import unsubscribe
from segmint.campaigns.surveys import SCALES, record_answer
from segmint.channels.base import CHANNELS
from segmint.exceptions import BadLink, CampaignError
from segmint.i18n import LANGUAGES, translate
from segmint.locale import to_persian_digits

pages = APIRouter(include_in_schema=False)

#: Headers of every page: links carry a secret token, so no caching, no referrer, no index.
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
}
STYLE = (
    "body{font-family:Vazirmatn,Tahoma,system-ui,sans-serif;max-width:32rem;margin:3rem auto;"
    "padding:0 1rem;line-height:1.6;color:#222}button{font:inherit;padding:.5rem 1rem;"
    "margin:.2rem;cursor:pointer}.scale{display:flex;flex-wrap:wrap}.error{color:#a00}"
    "textarea{width:100%;font:inherit}"
)


def _lang(request: Request, payload: dict[str, Any] | None = None) -> str:
    """The link's own language when it names one, else the browser's."""
    chosen = (payload or {}).get("l")
    return chosen if chosen in LANGUAGES else request_lang(request)


def _digits(value: int, lang: str) -> str:
    return (to_persian_digits(value) or str(value)) if lang == "fa" else str(value)


def _page(lang: str, title: str, body: str, status: int = 200) -> HTMLResponse:
    """A whole small page in ``lang`` (right to left in Persian)."""
    direction = "rtl" if lang == "fa" else "ltr"
    html = (
        f'<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def _verified(request: Request, workspace: WorkspaceDep, purpose: str, token: str) -> Any:
    """The token's payload, or a 403 page in the browser's language."""
    lang = request_lang(request)
    try:
        return verify(workspace_secret(workspace), purpose, token, lang=lang)
    except BadLink as exc:
        return _page(lang, translate("public.bad_link", lang), f"<p>{escape(str(exc))}</p>", 403)


def _address(payload: dict[str, Any]) -> str:
    """The link's address as the page shows it: masked, since a link can be forwarded."""
    address = str(payload.get("a", ""))
    masked = mask_email(address) if payload.get("ch") == "email" else mask_phone(address)
    return masked or address


@pages.get("/u/{token}", response_class=HTMLResponse)
def unsubscribe_page(token: str, request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """Ask the recipient to confirm: a button that posts back to this address."""
    payload = _verified(request, workspace, "unsubscribe", token)
    if isinstance(payload, HTMLResponse):
        return payload
    lang = _lang(request, payload)
    if payload.get("ch") not in CHANNELS or not isinstance(payload.get("a"), str):
        return _bad_link(lang)
    channel = translate(f"public.channel.{payload.get('ch')}", lang)
    ask = translate("public.unsubscribe.ask", lang, channel=channel, address=_address(payload))
    button = translate("public.unsubscribe.button", lang)
    body = (
        f"<p>{escape(ask)}</p><form method=post>"
        f'<input type=hidden name="List-Unsubscribe" value="One-Click">'
        f"<button type=submit>{escape(button)}</button></form>"
    )
    return _page(lang, translate("public.unsubscribe.title", lang), body)


@pages.post("/u/{token}", response_class=HTMLResponse)
def unsubscribe_post(token: str, request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """Suppress the link's address (RFC 8058 one-click, or the page's button)."""
    payload = _verified(request, workspace, "unsubscribe", token)
    if isinstance(payload, HTMLResponse):
        return payload
    lang = _lang(request, payload)
    if payload.get("ch") not in CHANNELS or not isinstance(payload.get("a"), str):
        return _bad_link(lang)
    with workspace.session() as session:
        unsubscribe(session, payload, actor="recipient")
    channel = translate(f"public.channel.{payload.get('ch')}", lang)
    text = translate("public.unsubscribe.done", lang, channel=channel, address=_address(payload))
    return _page(lang, translate("public.unsubscribe.title", lang), f"<p>{escape(text)}</p>")


def _survey_form(lang: str, question: str, error: str | None = None) -> str:
    """The question, one button per score, and an optional comment."""
    low, high = SCALES[question]
    buttons = "".join(
        f'<button type=submit name=score value="{score}">{_digits(score, lang)}</button>'
        for score in range(low, high + 1)
    )
    ends = translate(f"public.survey.{question}_ends", lang)
    problem = f'<p class="error">{escape(error)}</p>' if error else ""
    return (
        f"<p>{escape(translate(f'public.survey.{question}', lang))}</p>{problem}"
        f'<form method="post"><div class="scale">{buttons}</div><p><small>{escape(ends)}'
        f"</small></p><p><label>{escape(translate('public.survey.comment', lang))}<br>"
        f'<textarea name="comment" rows="3" maxlength="2000"></textarea></label></p></form>'
    )


@pages.get("/s/{token}", response_class=HTMLResponse)
def survey_page(token: str, request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """The one-question survey: CSAT (1-5) or NPS (0-10)."""
    payload = _verified(request, workspace, "survey", token)
    if isinstance(payload, HTMLResponse):
        return payload
    lang = _lang(request, payload)
    question = payload.get("q")
    if question not in SCALES:
        return _bad_link(lang)
    return _page(lang, translate("public.survey.title", lang), _survey_form(lang, question))


def _bad_link(lang: str) -> HTMLResponse:
    text = translate("links.bad", lang)
    return _page(lang, translate("public.bad_link", lang), f"<p>{escape(text)}</p>", 403)


async def _form(request: Request) -> dict[str, str]:
    """The posted form's text fields."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


@pages.post("/s/{token}", response_class=HTMLResponse)
def survey_post(
    token: str,
    request: Request,
    workspace: WorkspaceDep,
    form: Annotated[dict[str, str], Depends(_form)],
) -> HTMLResponse:
    """Store the answer in ``feedback`` (one row per campaign and customer) and thank."""
    payload = _verified(request, workspace, "survey", token)
    if isinstance(payload, HTMLResponse):
        return payload
    lang = _lang(request, payload)
    question, campaign, customer = payload.get("q"), payload.get("c"), payload.get("u")
    if question not in SCALES or not isinstance(campaign, int) or customer is None:
        return _bad_link(lang)
    title = translate("public.survey.title", lang)
    try:
        score = int(form.get("score", "").strip())
    except ValueError:
        low, high = SCALES[question]
        error = translate("survey.bad_score", lang, score=form.get("score", ""), low=low, high=high)
        return _page(lang, title, _survey_form(lang, question, error), 422)
    try:
        with workspace.data(write=True) as con:
            record_answer(
                con,
                campaign_id=campaign,
                customer_id=str(customer),
                question=question,
                score=score,
                comment=form.get("comment"),
                lang=lang,
            )
    except CampaignError as exc:
        return _page(lang, title, _survey_form(lang, question, str(exc)), 422)
    return _page(lang, title, f"<p>{escape(translate('public.survey.thanks', lang))}</p>")
