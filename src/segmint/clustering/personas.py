"""Personas: what distinguishes each cluster, in words, in English and Persian.

A cluster is described by standardised effect sizes against the whole base,
not by raw means: for an encoded column x (after imputation and ``log1p``, so
a few whales do not decide the story; for a category level, its 0/1 indicator)
``d = (mean of x in the cluster - mean of x in the base) / sd of x in the base``
with the population standard deviation (ddof = 0). The 2-4 columns with the
largest |d| (at least 0.2, one column per source) name the cluster and fill
its paragraph; rules on the same effect sizes pick actions from the playbook
(:data:`segmint.clustering.lexicon.ACTIONS`).

Effect sizes say how a cluster differs, not what it is, so every phrase is
checked against absolute figures before it is used (:func:`agrees`): a
cluster whose typical member ordered once is never "frequent" (it is named
"one-time buyers" instead), a cluster of people who mostly never ordered is
named for that and gets no purchase wording, average order or rhythm, and a
cluster is called "high spenders" only when its buyers' median spend is at
least the median of all buyers. A cluster's readable rule carries its own
fidelity (:func:`attach_rule`); when the rule holds for under
:data:`RULE_HOLDS` of the cluster's members the persona says so.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from segmint.clustering import lexicon as lx
from segmint.clustering.encoding import MISSING, OTHER, FeatureEncoder
from segmint.clustering.stability import UNSTABLE, Stability
from segmint.i18n import LANGUAGES, translate

STRONG = 0.8
MIN_EFFECT = 0.2
ACTION_EFFECT = 0.5
#: A cluster "is" buyers / repeat buyers when at least this share of its members are.
MAJORITY = 0.5
#: A rule that selects fewer of its cluster's members than this is flagged in the persona.
RULE_HOLDS = 0.8
#: Columns that describe purchases: meaningless for people who never ordered.
PURCHASE_COLUMNS = frozenset(
    {
        "frequency",
        "monetary",
        "avg_order_value",
        "recency_days",
        "return_rate",
        "discount_share",
        "favourite_channel",
        "favourite_category",
        "order_interval_days",
        "clv_365d",
        "p_alive",
    }
)


@dataclass
class Effect:
    """One distinguishing feature: encoded column, its source and level, and d."""

    column: str
    source: str
    kind: str
    level: str | None
    d: float
    #: A catalogue phrase that replaces the table's wording when the figures demand it
    #: (``"one_time"``: the cluster orders more than the base, but mostly once).
    phrase: str | None = None


@dataclass
class Persona:
    """A cluster told as a persona: name, paragraph, figures and actions, in en and fa."""

    cluster: int
    name: dict[str, str]
    description: dict[str, str]
    effects: list[Effect]
    figures: dict[str, Any]
    actions: list[dict[str, str]]
    stability: float | None = None
    rule: str | None = None
    fidelity: dict[str, float] = field(default_factory=dict)
    #: ``"never"`` when most members never ordered (in a base where others did).
    state: str | None = None

    @property
    def unstable(self) -> bool:
        """True when the bootstrap Jaccard is below 0.6."""
        return self.stability is not None and self.stability < UNSTABLE

    @property
    def rule_holds(self) -> bool | None:
        """Whether the rule selects at least :data:`RULE_HOLDS` of the members (None: no rule)."""
        recall = self.fidelity.get("recall")
        return None if not self.rule or recall is None else recall >= RULE_HOLDS

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form for storage and the API."""
        return {
            "cluster": self.cluster,
            "name": dict(self.name),
            "description": dict(self.description),
            "effects": [
                {"column": e.column, "source": e.source, "level": e.level, "effect_size": e.d}
                for e in self.effects
            ],
            "figures": dict(self.figures),
            "actions": [dict(a) for a in self.actions],
            "stability": self.stability,
            "unstable": self.unstable,
            "rule": self.rule,
            "fidelity": dict(self.fidelity),
            "rule_holds": self.rule_holds,
            "state": self.state,
        }


def effect_sizes(values: np.ndarray, labels: np.ndarray, clusters: np.ndarray) -> np.ndarray:
    """Standardised effect sizes of each column per cluster against the whole base.

    Parameters
    ----------
    values
        Rows x columns (encoded, unscaled).
    labels
        Cluster of each row.
    clusters
        Cluster ids, in the order of the output rows.

    Returns
    -------
    ndarray
        ``(len(clusters), n_columns)``: (cluster mean - base mean) / base sd
        (ddof = 0); 0 where the base sd is 0.
    """
    values = np.asarray(values, dtype="float64")
    mean = values.mean(axis=0)
    sd = values.std(axis=0)
    safe = np.where(sd > 0, sd, 1.0)
    out = np.zeros((len(clusters), values.shape[1]))
    for i, c in enumerate(clusters):
        rows = values[labels == c]
        if len(rows):
            out[i] = np.where(sd > 0, (rows.mean(axis=0) - mean) / safe, 0.0)
    return out


def top_effects(
    encoder: FeatureEncoder,
    d: np.ndarray,
    *,
    n: int = 4,
    keep: Callable[[Effect], bool] | None = None,
) -> list[Effect]:
    """The 2-``n`` strongest effects, one per source column, catch-all levels skipped.

    ``keep`` drops effects whose wording the absolute figures contradict (see :func:`agrees`).
    """
    order = np.argsort(-np.abs(d), kind="stable")
    out: list[Effect] = []
    seen: set[str] = set()
    for j in order:
        col = encoder.columns_[j]
        if col.level in (MISSING, OTHER) or col.source in seen:
            continue
        if keep is not None and not keep(
            Effect(col.name, col.source, col.kind, col.level, float(d[j]))
        ):
            continue
        if len(out) >= 2 and abs(d[j]) < MIN_EFFECT:
            break
        seen.add(col.source)
        out.append(Effect(col.name, col.source, col.kind, col.level, float(d[j])))
        if len(out) == n:
            break
    return out


def _wording(effect: Effect, lang: str) -> tuple[str, str, bool]:
    """(name, clause, name starts with a data value) of one effect in one language."""
    sign = "+" if effect.d >= 0 else "-"
    strong = abs(effect.d) >= STRONG
    li = 0 if lang == "en" else 1
    if effect.phrase is not None:
        name = translate(f"personas.phrase.{effect.phrase}.name", lang)
        return name, translate(f"personas.phrase.{effect.phrase}.clause", lang), False
    if effect.kind == "numeric":
        if effect.source.startswith("category_share_"):
            entry = lx.CATEGORY_SHARE[sign]
            level = effect.source.removeprefix("category_share_").replace("_", " ")
        else:
            entry = lx.NUMERIC.get(effect.source, lx.GENERIC_NUMERIC)[sign]
            level = ""
        cmp = lx.COMPARATIVE_OVERRIDES.get(effect.source, lx.COMPARATIVE)[(sign, strong)][li]
        fill = {"cmp": cmp, "level": level, "col": effect.source.replace("_", " ")}
    else:
        table = lx.MEMBER if effect.kind == "member" else lx.LEVEL
        if effect.source == "tags":
            table = lx.TAG
        entry = lx.LEVEL_BY_COLUMN.get(effect.source, table)[sign]
        fill = {"level": lx.value_name(str(effect.level), lang)}
    starts_with_value = entry[li].startswith("{level}")
    return entry[li].format(**fill), entry[2 + li].format(**fill), starts_with_value


def _figures(frame: pd.DataFrame, mask: np.ndarray, totals: dict[str, float]) -> dict[str, Any]:
    sub = frame.loc[mask]
    fig: dict[str, Any] = {"size": int(mask.sum()), "share": float(mask.mean())}

    def has(col: str) -> bool:
        return col in sub.columns and sub[col].notna().any()

    if "frequency" in sub.columns:
        orders = pd.to_numeric(sub["frequency"], errors="coerce").fillna(0)
        fig["buyer_share"] = float((orders >= 1).mean()) if len(orders) else 0.0
        fig["repeat_share"] = float((orders >= 2).mean()) if len(orders) else 0.0
        fig.update(_buyer_medians(sub))
    if has("monetary"):
        total = float(frame["monetary"].fillna(0).clip(lower=0).sum())
        own = float(sub["monetary"].fillna(0).clip(lower=0).sum())
        fig["revenue_share"] = own / total if total else 0.0
        if has("frequency") and sub["frequency"].fillna(0).sum() > 0:
            fig["aov"] = own / float(sub["frequency"].fillna(0).sum())
    if "aov" not in fig and has("avg_order_value"):
        fig["aov"] = float(sub["avg_order_value"].mean())
    for col, key in (("order_interval_days", "rhythm_days"), ("age", "typical_age")):
        if has(col):
            fig[key] = float(sub[col].median())
    if has("avg_csat"):
        fig["csat"] = float(sub["avg_csat"].mean())
    for col, key in (
        ("province", "top_provinces"),
        ("favourite_category", "top_categories"),
        ("favourite_channel", "top_channels"),
    ):
        if has(col):
            counts = sub[col].dropna().astype(str).value_counts(normalize=True, sort=False)
            counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
            fig[key] = [[str(k), float(v)] for k, v in counts.head(3).items()]
    fig.update(totals)
    return fig


def _buyer_medians(frame: pd.DataFrame) -> dict[str, float]:
    """Median spend and order value over the rows that ordered at least once."""
    if "frequency" not in frame.columns:
        return {}
    bought = frame.loc[pd.to_numeric(frame["frequency"], errors="coerce").fillna(0) >= 1]
    out = {}
    for col in ("monetary", "avg_order_value"):
        if col in bought.columns and bought[col].notna().any():
            out[f"median_{col}"] = float(pd.to_numeric(bought[col], errors="coerce").median())
    return out


def agrees(effect: Effect, figures: dict[str, Any], base: dict[str, float]) -> bool:
    """Whether an effect's wording agrees with the cluster's absolute figures.

    Parameters
    ----------
    effect
        A candidate effect.
    figures
        The cluster's figures (``buyer_share``, ``median_monetary``...).
    base
        The same medians over the whole base's buyers, and its ``buyer_share``.

    Returns
    -------
    bool
        False for purchase wording about a cluster that mostly never ordered,
        and for "high"/"low" spend or order value that the cluster's buyers'
        median contradicts (a cluster above a base full of non-buyers is not
        "high spenders" when its buyers spend less than the typical buyer).
    """
    source = effect.source
    buyers = figures.get("buyer_share")
    purchase = source in PURCHASE_COLUMNS or source.startswith("category_share_")
    if purchase and buyers is not None and buyers < MAJORITY:
        return False
    if source in ("monetary", "avg_order_value"):
        own, typical = figures.get(f"median_{source}"), base.get(f"median_{source}")
        if own is not None and typical is not None and not np.isnan(own):
            return own >= typical if effect.d >= 0 else own <= typical
    return True


def _keep(figures: dict[str, Any], base: dict[str, float], effect: Effect) -> bool:
    """:func:`agrees` with the figures bound first (for :func:`top_effects`)."""
    return agrees(effect, figures, base)


def _state(figures: dict[str, Any], base: dict[str, float]) -> str | None:
    """``"never"`` when most of the cluster never ordered in a base where people did."""
    buyers = figures.get("buyer_share")
    if buyers is None or not base.get("buyer_share"):
        return None
    return "never" if buyers < MAJORITY else None


def suggest_actions(
    effects_by_source: dict[str, float], cats: list[tuple[str, float, float]]
) -> list[str]:
    """Playbook keys for a cluster from its effect sizes (numeric sources; categories by d)."""
    d = effects_by_source.get
    keys = []
    if d("monetary", 0) >= ACTION_EFFECT and d("frequency", 0) >= ACTION_EFFECT:
        keys.append("cashback")
    if d("recency_days", 0) >= ACTION_EFFECT or d("p_alive", 0) <= -ACTION_EFFECT:
        keys.append("win_back")
    if d("tenure_days", 0) <= -ACTION_EFFECT:
        keys.append("onboarding")
    if d("avg_csat", 0) <= -ACTION_EFFECT:
        keys.append("service_recovery")
    if d("return_rate", 0) >= ACTION_EFFECT:
        keys.append("return_review")
    if d("discount_share", 0) >= ACTION_EFFECT:
        keys.append("targeted_coupons")
    if d("avg_order_value", 0) >= ACTION_EFFECT and d("frequency", 0) < 0:
        keys.append("replenish")
    if cats and cats[0][1] >= ACTION_EFFECT and len(cats) > 1:
        keys.append("cross_sell")
    return keys[:3] or ["nurture"]


def describe_clusters(
    frame: pd.DataFrame,
    labels: np.ndarray,
    encoder: FeatureEncoder,
    *,
    stability: Stability | None = None,
    totals: dict[int, dict[str, float]] | None = None,
) -> dict[int, Persona]:
    """Build a persona for every cluster.

    Parameters
    ----------
    frame
        Raw feature frame (descriptor columns are used when present).
    labels
        Cluster id of each row of ``frame``.
    encoder
        The fitted encoder (its encoded columns carry the effect sizes).
    stability
        Bootstrap stability, to flag unstable clusters in the text.
    totals
        Figures measured elsewhere (e.g. whole-base size and revenue share from
        the engine) that replace those measured on ``frame``.

    Returns
    -------
    dict
        Cluster id -> Persona.
    """
    clusters = np.unique(labels)
    d = effect_sizes(encoder.transformed(frame), labels, clusters)
    base: dict[str, float] = dict(_buyer_medians(frame))
    if "frequency" in frame.columns:
        orders = pd.to_numeric(frame["frequency"], errors="coerce").fillna(0)
        base["buyer_share"] = float((orders >= 1).mean()) if len(orders) else 0.0
    out = {}
    for i, c in enumerate(clusters):
        figures = _figures(frame, labels == c, (totals or {}).get(int(c), {}))
        state = _state(figures, base)
        effects = top_effects(encoder, d[i], keep=functools.partial(_keep, figures, base))
        for e in effects:
            if e.source == "frequency" and e.d >= 0 and figures.get("repeat_share", 1.0) < MAJORITY:
                e.phrase = "one_time"
        by_source = {
            col.source: float(d[i, j])
            for j, col in enumerate(encoder.columns_)
            if col.kind == "numeric"
        }
        cats = sorted(
            (
                (
                    col.source.removeprefix("category_share_").replace("_", " "),
                    float(d[i, j]),
                    col.mean,
                )
                for j, col in enumerate(encoder.columns_)
                if col.source.startswith("category_share_")
            ),
            key=lambda t: -t[1],
        )
        jac = None if stability is None else stability.jaccard.get(int(c))
        action_keys = suggest_actions(by_source, cats)
        if state == "never":
            # Purchase plays (cashback, win-back, cross-sell...) need a first purchase.
            action_keys = ["first_order"] + [k for k in action_keys if k == "service_recovery"]
        persona = Persona(
            cluster=int(c),
            name={},
            description={},
            effects=effects,
            figures=figures,
            actions=[],
            stability=jac,
            state=state,
        )
        compose(persona)
        nxt = next((n for n, dd, _ in sorted(cats[1:], key=lambda t: -t[2]) if dd <= 0), None)
        for key in action_keys:
            if key == "cross_sell" and nxt is None:
                continue
            fill = {"top": cats[0][0] if cats else "", "next": nxt or ""}
            persona.actions.append(_action(key, **fill))
        if not persona.actions:
            persona.actions.append(_action("nurture"))
        out[int(c)] = persona
    return out


def compose(persona: Persona) -> Persona:
    """(Re)write a persona's name and paragraph in both languages from its parts.

    Called again when the rule's fidelity is measured (:func:`attach_rule`), so
    the paragraph always tells the figures it carries.
    """
    for lang in LANGUAGES:
        words = [_wording(e, lang) for e in persona.effects]
        named = words
        if persona.state is not None:
            # The state leads the name; the paragraph tells it with the buyers' share.
            named = [(translate(f"personas.state.{persona.state}", lang), "", False), *words]
        persona.name[lang] = _name(named[:2], lang)
        persona.description[lang] = _paragraph(persona, [w[1] for w in words], lang)
    return persona


def attach_rule(
    persona: Persona,
    rule: str | None,
    *,
    precision: float | None = None,
    recall: float | None = None,
    members: int | None = None,
    held: int | None = None,
) -> Persona:
    """Give a persona its cluster's readable rule and the rule's own fidelity.

    Parameters
    ----------
    persona
        The persona (changed in place and returned).
    rule
        The rule's query-language text (None: the cluster has no rule).
    precision
        Share of the customers the rule selects that are members.
    recall
        Share of the members the rule selects; under :data:`RULE_HOLDS` the
        paragraph says the rule holds for only that share.
    members, held
        Members of the cluster, and how many of them the rule selects (shown
        as "3,143 of 4,589" when known).

    Returns
    -------
    Persona
    """
    persona.rule = rule
    fidelity: dict[str, float] = {}
    for key, value in (
        ("precision", precision),
        ("recall", recall),
        ("members", members),
        ("held", held),
    ):
        if value is not None:
            fidelity[key] = value
    persona.fidelity = fidelity
    return compose(persona)


#: Actions whose texts live in this slice's catalogue section (``personas.action.*``).
_OWN_ACTIONS = frozenset({"first_order"})


def _action(key: str, **fill: str) -> dict[str, str]:
    """One suggested action in both languages, from the catalogue's ``persona.action.*``."""
    prefix = "personas" if key in _OWN_ACTIONS else "persona"
    texts = {lang: translate(f"{prefix}.action.{key}", lang, **fill) for lang in LANGUAGES}
    return {"key": key, **texts}


def _name(words: list[tuple[str, str, bool]], lang: str) -> str:
    """'Frequent buyers & high spenders' / 'خریداران پرتکرار و پرخرج‌ها'."""
    if lang == "fa":
        return " و ".join(w[0] for w in words)
    parts = []
    for i, (name, _, from_value) in enumerate(words):
        if i == 0:
            parts.append(name[:1].upper() + name[1:])
        else:
            parts.append(name if from_value else name[:1].lower() + name[1:])
    return " & ".join(parts)


def _paragraph(p: Persona, clauses: list[str], lang: str) -> str:
    f = p.figures

    def s(key: str, **values: str) -> str:
        return translate(f"persona.sentence.{key}", lang, **values)

    parts = [
        s(
            "size",
            size=lx.fmt_number(f["size"], lang),
            share=lx.fmt_percent(f["share"], lang),
            revenue=lx.fmt_percent(f.get("revenue_share", float("nan")), lang),
        )
    ]
    if clauses:
        parts.append(s("traits", traits=lx.join_list(clauses, lang)))
    buyers = f.get("buyer_share")
    if p.state == "never":
        share = lx.fmt_percent(float(buyers or 0.0), lang)
        key = "personas.sentence.bought_some" if buyers else "personas.sentence.bought_none"
        parts.append(translate(key, lang, share=share))
    elif "aov" in f and (buyers is None or buyers >= MAJORITY):
        parts.append(s("aov", aov=lx.fmt_number(f["aov"], lang)))
    if "rhythm_days" in f and p.state is None and f.get("repeat_share", 1.0) >= MAJORITY:
        parts.append(s("rhythm", days=lx.fmt_number(f["rhythm_days"], lang)))
    if "typical_age" in f:
        parts.append(s("age", age=lx.fmt_number(f["typical_age"], lang)))
    for key in ("provinces", "categories", "channels"):
        if key != "provinces" and p.state == "never":
            continue  # the few orders of a few members say nothing about the cluster
        items = f.get(f"top_{key}")
        if items:
            names = [lx.value_name(k, lang) for k, _ in items[:2]]
            parts.append(s(key, items=lx.join_list(names, lang)))
    if "csat" in f:
        parts.append(s("csat", csat=lx.fmt_number(f["csat"], lang, decimals=1)))
    if p.unstable:
        jac = lx.fmt_number(float(p.stability or 0.0), lang, decimals=2)
        parts.append(s("unstable", jaccard=jac))
    if p.rule_holds is False:
        parts.append(_weak_rule(p.fidelity, lang))
    return " ".join(parts)


def _weak_rule(fidelity: dict[str, float], lang: str) -> str:
    """'Its rule holds for only 68.5% of its members (3,143 of 4,589)...'."""
    recall = lx.fmt_percent(float(fidelity["recall"]), lang)
    if "members" in fidelity and "held" in fidelity:
        return translate(
            "personas.sentence.rule_weak_counts",
            lang,
            recall=recall,
            held=lx.fmt_number(fidelity["held"], lang),
            members=lx.fmt_number(fidelity["members"], lang),
        )
    return translate("personas.sentence.rule_weak", lang, recall=recall)


_CARD_LABELS = ("cluster", "stability", "rule", "distinctive", "actions", "sd")


def render_card(persona: Persona, lang: str = "en") -> str:
    """A persona card as Rich-compatible markup (plain text once the tags are stripped).

    Parameters
    ----------
    persona
        The persona.
    lang
        ``"en"`` or ``"fa"``.

    Returns
    -------
    str
    """
    li = 0 if lang == "en" else 1
    lab = {k: translate(f"persona.label.{k}", lang) for k in _CARD_LABELS}
    number = lx.to_persian_digits(str(persona.cluster)) if li else str(persona.cluster)
    head = f"[bold]{lab['cluster']} {number}: {_esc(persona.name[lang])}[/bold]"
    f = persona.figures
    meta = [lx.fmt_percent(float(f["share"]), lang)]
    if persona.stability is not None:
        tone = "red" if persona.unstable else "green"
        meta.append(
            f"[{tone}]{lab['stability']} "
            f"{lx.fmt_number(persona.stability, lang, decimals=2)}[/{tone}]"
        )
    lines = [f"{head}  ({' · '.join(meta)})", _esc(persona.description[lang]), ""]
    lines.append(f"[bold]{lab['distinctive']}[/bold]")
    for e in persona.effects:
        name = _wording(e, lang)[0]
        name = name[:1].upper() + name[1:]
        sign = "+" if e.d >= 0 else "−"
        lines.append(
            f"  • {_esc(name)}: {sign}{lx.fmt_number(abs(e.d), lang, decimals=2)} {lab['sd']}"
        )
    lines.append(f"[bold]{lab['actions']}[/bold]")
    lines += [f"  • {_esc(a[lang])}" for a in persona.actions]
    if persona.rule:
        fid = persona.fidelity
        if "recall" in fid and "precision" in fid:
            # Above the rule, which stays the last line (query text keeps Latin digits).
            tone = "green" if persona.rule_holds else "red"
            holds = translate(
                "personas.label.rule_fidelity",
                lang,
                recall=lx.fmt_percent(float(fid["recall"]), lang),
                precision=lx.fmt_percent(float(fid["precision"]), lang),
            )
            lines.append(f"[{tone}]{_esc(holds)}[/{tone}]")
        lines.append(f"[bold]{lab['rule']}[/bold]: {_esc(persona.rule)}")
    return "\n".join(lines)


def _esc(text: str) -> str:
    """Escape Rich markup in text that comes from data (a province called '[x]')."""
    return text.replace("[", "\\[")
