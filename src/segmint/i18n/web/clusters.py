"""Texts of the clusters page: persona cards, criteria per k, stability, fitting, saving."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "web.clusters.title": {"en": "Clusters", "fa": "خوشه‌ها"},
    "web.clusters.none": {
        "en": "No clustering was fitted yet. Fitting groups the buyers by behaviour, value,"
        " demographics and interests, picks the number of clusters by measured criteria and"
        " bootstrap stability, and writes a persona for each.",
        "fa": "هنوز خوشه‌بندی‌ای برازش نشده است. برازش، خریداران را بر پایهٔ رفتار، ارزش،"
        " ویژگی‌های جمعیتی و علاقه‌ها گروه می‌کند، شمار خوشه‌ها را با معیارهای سنجیده و"
        " پایداری بوت‌استرپ برمی‌گزیند و برای هر خوشه یک پرسونا می‌نویسد.",
    },
    "web.clusters.no_right": {
        "en": "Ask an analyst or an admin to fit clusters.",
        "fa": "از یک تحلیلگر یا مدیر بخواهید خوشه‌ها را برازش کند.",
    },
    "web.clusters.fit": {"en": "Fit clusters", "fa": "برازش خوشه‌ها"},
    "web.clusters.refit": {"en": "Fit again", "fa": "برازش دوباره"},
    "web.clusters.k": {"en": "Number of clusters", "fa": "شمار خوشه‌ها"},
    "web.clusters.k.auto": {"en": "choose by criteria", "fa": "انتخاب با معیارها"},
    "web.clusters.job": {"en": "Fitting clusters (job {job})", "fa": "برازش خوشه‌ها (کار {job})"},
    "web.clusters.job.queued": {"en": "Waiting to start…", "fa": "در انتظار شروع…"},
    "web.clusters.job.done": {"en": "Done.", "fa": "انجام شد."},
    "web.clusters.job.failed": {"en": "The fit failed: {error}", "fa": "برازش ناموفق بود: {error}"},
    "web.clusters.job.unknown": {"en": "No such job.", "fa": "چنین کاری نیست."},
    "web.clusters.summary": {
        "en": "Clustering {id} of {day}: {k} clusters on {features}.",
        "fa": "خوشه‌بندی {id} روز {day}: {k} خوشه بر پایهٔ {features}.",
    },
    "web.clusters.fidelity": {
        "en": "The readable rules put {share} of buyers in their own cluster.",
        "fa": "قاعده‌های خوانا {share} از خریداران را در خوشهٔ خودشان می‌گذارند.",
    },
    "web.clusters.personas": {"en": "Personas", "fa": "پرسوناها"},
    "web.clusters.size": {"en": "customers", "fa": "مشتری"},
    "web.clusters.share": {"en": "of the base", "fa": "از کل"},
    "web.clusters.revenue": {"en": "of revenue", "fa": "از درآمد"},
    "web.clusters.repeat": {"en": "buy again", "fa": "خرید دوباره"},
    "web.clusters.jaccard": {"en": "Jaccard {value}", "fa": "ژاکارد {value}"},
    "web.clusters.unstable": {
        "en": "Unstable: this cluster does not come back when the data is resampled;"
        " do not act on it alone.",
        "fa": "ناپایدار: این خوشه با نمونه‌گیری دوبارهٔ داده‌ها بازنمی‌گردد؛"
        " تنها بر پایهٔ آن اقدام نکنید.",
    },
    "web.clusters.traits": {
        "en": "Key traits (against the whole base)",
        "fa": "ویژگی‌های کلیدی (در برابر کل)",
    },
    "web.clusters.higher": {"en": "higher", "fa": "بیشتر"},
    "web.clusters.lower": {"en": "lower", "fa": "کمتر"},
    "web.clusters.more_often": {"en": "more often", "fa": "بیشتر"},
    "web.clusters.rule": {"en": "Rule", "fa": "قاعده"},
    "web.clusters.rule_fit": {
        "en": "precision {precision}, recall {recall}",
        "fa": "دقت {precision}، بازیابی {recall}",
    },
    "web.clusters.save": {"en": "Save rule as a segment", "fa": "ذخیرهٔ قاعده به‌عنوان بخش"},
    "web.clusters.segment_name": {"en": "Segment name", "fa": "نام بخش"},
    "web.clusters.saved": {
        "en": "Saved as the segment {name}.",
        "fa": "با نام بخش {name} ذخیره شد.",
    },
    "web.clusters.save_failed": {"en": "Not saved: {error}", "fa": "ذخیره نشد: {error}"},
    "web.clusters.criteria": {
        "en": "Criteria per number of clusters",
        "fa": "معیارها برای هر شمار خوشه",
    },
    "web.clusters.col.k": {"en": "k", "fa": "k"},
    "web.clusters.col.silhouette": {
        "en": "Silhouette (higher is better)",
        "fa": "سیلوئت (بیشتر بهتر)",
    },
    "web.clusters.col.ch": {"en": "Calinski-Harabasz", "fa": "کالینسکی-هاراباش"},
    "web.clusters.col.db": {
        "en": "Davies-Bouldin (lower is better)",
        "fa": "دیویس-بولدین (کمتر بهتر)",
    },
    "web.clusters.col.jaccard": {"en": "Least Jaccard", "fa": "کمترین ژاکارد"},
    "web.clusters.col.chosen": {"en": "Chosen", "fa": "برگزیده"},
    "web.clusters.stability": {"en": "Stability per cluster", "fa": "پایداری هر خوشه"},
    "web.clusters.stability.note": {
        "en": "Mean Jaccard over {n} bootstrap fits (Hennig): 0.75 and over stable,"
        " 0.6-0.75 doubtful, under 0.6 not to be trusted, 0.5 and under dissolved.",
        "fa": "میانگین ژاکارد در {n} برازش بوت‌استرپ (هنیگ): ۰٫۷۵ و بیشتر پایدار،"
        " ۰٫۶ تا ۰٫۷۵ مردد، زیر ۰٫۶ اعتمادناپذیر، ۰٫۵ و کمتر ازهم‌پاشیده.",
    },
    "web.clusters.col.cluster": {"en": "Cluster", "fa": "خوشه"},
    "web.clusters.col.persona": {"en": "Persona", "fa": "پرسونا"},
    "web.clusters.col.verdict": {"en": "Verdict", "fa": "داوری"},
    "web.clusters.group.behaviour": {"en": "behaviour", "fa": "رفتار"},
    "web.clusters.group.value": {"en": "value", "fa": "ارزش"},
    "web.clusters.group.demographics": {"en": "demographics", "fa": "ویژگی‌های جمعیتی"},
    "web.clusters.group.geography": {"en": "geography", "fa": "جغرافیا"},
    "web.clusters.group.interests": {"en": "interests", "fa": "علاقه‌ها"},
    "web.clusters.group.satisfaction": {"en": "satisfaction", "fa": "رضایت"},
    "web.clusters.group.custom": {"en": "custom fields", "fa": "فیلدهای سفارشی"},
    "web.clusters.cluster_n": {"en": "Cluster {n}", "fa": "خوشهٔ {n}"},
}
