"""Personas: what distinguishes each cluster, in words, in English and Persian.

A cluster is described by standardised effect sizes against the whole base,
not by raw means: for an encoded column x (after imputation and ``log1p``, so
a few whales do not decide the story; for a category level, its 0/1 indicator)
``d = (mean of x in the cluster - mean of x in the base) / sd of x in the base``
with the population standard deviation (ddof = 0). The 2-4 columns with the
largest |d| (at least 0.2, one column per source) name the cluster and fill
its paragraph; rules on the same effect sizes pick actions from the playbook
(:data:`segmint.clustering.lexicon.ACTIONS`).
"""

from __future__ import annotations

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


@dataclass
class Effect:
    """One distinguishing feature: encoded column, its source and level, and d."""

    column: str
    source: str
    kind: str
    level: str | None
    d: float


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

    @property
    def unstable(self) -> bool:
        """True when the bootstrap Jaccard is below 0.6."""
        return self.stability is not None and self.stability < UNSTABLE

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


def top_effects(encoder: FeatureEncoder, d: np.ndarray, *, n: int = 4) -> list[Effect]:
    """The 2-``n`` strongest effects, one per source column, catch-all levels skipped."""
    order = np.argsort(-np.abs(d), kind="stable")
    out: list[Effect] = []
    seen: set[str] = set()
    for j in order:
        col = encoder.columns_[j]
        if col.level in (MISSING, OTHER) or col.source in seen:
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
    out = {}
    for i, c in enumerate(clusters):
        effects = top_effects(encoder, d[i])
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
        figures = _figures(frame, labels == c, (totals or {}).get(int(c), {}))
        jac = None if stability is None else stability.jaccard.get(int(c))
        action_keys = suggest_actions(by_source, cats)
        persona = Persona(
            cluster=int(c),
            name={},
            description={},
            effects=effects,
            figures=figures,
            actions=[],
            stability=jac,
        )
        for lang in ("en", "fa"):
            words = [_wording(e, lang) for e in effects]
            persona.name[lang] = _name(words[:2], lang)
            persona.description[lang] = _paragraph(persona, [w[1] for w in words], lang)
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


def _action(key: str, **fill: str) -> dict[str, str]:
    """One suggested action in both languages, from the catalogue's ``persona.action.*``."""
    texts = {lang: translate(f"persona.action.{key}", lang, **fill) for lang in LANGUAGES}
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
    if "aov" in f:
        parts.append(s("aov", aov=lx.fmt_number(f["aov"], lang)))
    if "rhythm_days" in f:
        parts.append(s("rhythm", days=lx.fmt_number(f["rhythm_days"], lang)))
    if "typical_age" in f:
        parts.append(s("age", age=lx.fmt_number(f["typical_age"], lang)))
    for key in ("provinces", "categories", "channels"):
        items = f.get(f"top_{key}")
        if items:
            names = [lx.value_name(k, lang) for k, _ in items[:2]]
            parts.append(s(key, items=lx.join_list(names, lang)))
    if "csat" in f:
        parts.append(s("csat", csat=lx.fmt_number(f["csat"], lang, decimals=1)))
    if p.unstable:
        jac = lx.fmt_number(float(p.stability or 0.0), lang, decimals=2)
        parts.append(s("unstable", jaccard=jac))
    return " ".join(parts)


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
        lines.append(f"[bold]{lab['rule']}[/bold]: {_esc(persona.rule)}")
    return "\n".join(lines)


def _esc(text: str) -> str:
    """Escape Rich markup in text that comes from data (a province called '[x]')."""
    return text.replace("[", "\\[")
