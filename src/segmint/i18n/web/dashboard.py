"""Texts of the dashboard (``/``): KPI tiles with their definitions, and chart titles."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "web.dashboard.title": {"en": "Dashboard", "fa": "داشبورد"},
    "web.dashboard.as_of": {
        "en": "As of {day}, the day of the latest run.",
        "fa": "تا تاریخ {day}، روز آخرین اجرا.",
    },
    "web.dashboard.on_demand": {
        "en": "The latest run stored no dashboard summary, so it was computed now and kept; "
        "the next run computes it ahead.",
        "fa": "آخرین اجرا خلاصهٔ داشبورد را ذخیره نکرده بود؛ اکنون محاسبه و نگه داشته شد و "
        "اجرای بعدی آن را از پیش محاسبه می‌کند.",
    },
    "web.dashboard.no_run": {
        "en": "No run yet: import customers and orders, then run the models "
        "(segmint run) to fill the dashboard.",
        "fa": "هنوز اجرایی نشده است: مشتریان و سفارش‌ها را وارد کنید و سپس مدل‌ها را اجرا کنید "
        "(segmint run) تا داشبورد پر شود.",
    },
    "web.dashboard.kpis": {"en": "Key figures", "fa": "شاخص‌های اصلی"},
    "web.dashboard.customers": {"en": "Customers", "fa": "مشتریان"},
    "web.dashboard.customers.note": {
        "en": "Every customer in the workspace.",
        "fa": "همهٔ مشتریان این فضای کار.",
    },
    "web.dashboard.active": {"en": "Active customers", "fa": "مشتریان فعال"},
    "web.dashboard.active.note": {
        "en": "Lifecycle stage new, active, loyal or won back: bought within the shop's rhythm.",
        "fa": "مرحلهٔ چرخهٔ عمر جدید، فعال، وفادار یا بازگشته: در ریتم خرید فروشگاه خرید کرده‌اند.",
    },
    "web.dashboard.revenue": {"en": "Revenue, {days} days", "fa": "درآمد {days} روز"},
    "web.dashboard.revenue.note": {
        "en": "Completed orders less refunds, in the {days} days up to the run's day.",
        "fa": "سفارش‌های تکمیل‌شده منهای بازپرداخت‌ها، در {days} روز تا روز اجرا.",
    },
    "web.dashboard.repeat": {"en": "Repeat rate", "fa": "نرخ خرید تکراری"},
    "web.dashboard.repeat.note": {
        "en": "Buyers with two or more orders, of all buyers ({buyers}).",
        "fa": "خریدارانی با دو سفارش یا بیشتر، از همهٔ خریداران ({buyers}).",
    },
    "web.dashboard.csat": {"en": "CSAT", "fa": "رضایت مشتری (CSAT)"},
    "web.dashboard.csat.note": {
        "en": "Mean satisfaction (1-5) of {answers} answers in the last 365 days.",
        "fa": "میانگین رضایت (۱ تا ۵) از {answers} پاسخ در ۳۶۵ روز گذشته.",
    },
    "web.dashboard.at_risk": {"en": "Revenue at risk", "fa": "درآمد در معرض خطر"},
    "web.dashboard.at_risk.note": {
        "en": "Expected 365-day value (CLV, else spend so far) of the {customers} customers "
        "in the at-risk lifecycle stage.",
        "fa": "ارزش مورد انتظار ۳۶۵ روزه (CLV، وگرنه خرید تاکنون) {customers} مشتری در مرحلهٔ "
        "«در معرض ریزش».",
    },
    "web.dashboard.chart.revenue_by_month": {"en": "Revenue by month", "fa": "درآمد ماهانه"},
    "web.dashboard.chart.rf_grid": {
        "en": "Customers by recency (R) and frequency (F) score",
        "fa": "مشتریان بر پایهٔ امتیاز تازگی (R) و تکرار (F)",
    },
    "web.dashboard.chart.rfm_groups": {"en": "RFM groups", "fa": "گروه‌های RFM"},
    "web.dashboard.chart.lifecycle": {"en": "Lifecycle funnel", "fa": "قیف چرخهٔ عمر"},
    "web.dashboard.chart.segment_sizes": {
        "en": "Segment sizes over time",
        "fa": "اندازهٔ بخش‌ها در طول زمان",
    },
    "web.dashboard.chart.segment_sizes.builtin": {
        "en": "No saved segment has snapshots yet: the lifecycle stages are shown.",
        "fa": "هنوز هیچ بخش ذخیره‌شده‌ای تصویر ندارد: مراحل چرخهٔ عمر نشان داده شده‌اند.",
    },
    "web.dashboard.chart.migration": {
        "en": "Migration from {first} to {second}",
        "fa": "جابه‌جایی از {first} تا {second}",
    },
    "web.dashboard.chart.migration.one_run": {
        "en": "Migration needs two runs on different days; this workspace has one.",
        "fa": "جابه‌جایی به دو اجرا در دو روز متفاوت نیاز دارد؛ این فضای کار یک اجرا دارد.",
    },
    "web.dashboard.chart.migration.family": {"en": "Groups", "fa": "گروه‌ها"},
    "web.dashboard.chart.migration.show": {"en": "Show", "fa": "نمایش"},
    "web.dashboard.chart.acquisition": {
        "en": "CPA against CLV by acquisition channel",
        "fa": "هزینهٔ جذب در برابر ارزش طول عمر به تفکیک کانال جذب",
    },
    "web.dashboard.chart.acquisition.note": {
        "en": "Channels without spend (such as organic) have no CPA and are left out of the chart.",
        "fa": "کانال‌های بدون هزینه (مانند ارگانیک) هزینهٔ جذب ندارند و در نمودار نیستند.",
    },
    "web.dashboard.chart.csat_by_segment": {
        "en": "CSAT by RFM group",
        "fa": "رضایت مشتری به تفکیک گروه RFM",
    },
    "web.dashboard.chart.generation_category": {
        "en": "Revenue by category and generation, last 365 days",
        "fa": "درآمد به تفکیک دسته و نسل، ۳۶۵ روز گذشته",
    },
    "web.dashboard.col.month": {"en": "Month", "fa": "ماه"},
    "web.dashboard.col.day": {"en": "Day", "fa": "روز"},
    "web.dashboard.col.revenue": {"en": "Revenue", "fa": "درآمد"},
    "web.dashboard.col.orders": {"en": "Orders", "fa": "سفارش‌ها"},
    "web.dashboard.col.customers": {"en": "Customers", "fa": "مشتریان"},
    "web.dashboard.col.r_score": {"en": "R score", "fa": "امتیاز R"},
    "web.dashboard.col.f_score": {"en": "F score", "fa": "امتیاز F"},
    "web.dashboard.col.group": {"en": "RFM group", "fa": "گروه RFM"},
    "web.dashboard.col.stage": {"en": "Lifecycle stage", "fa": "مرحلهٔ چرخهٔ عمر"},
    "web.dashboard.col.from": {"en": "From", "fa": "از"},
    "web.dashboard.col.to": {"en": "To", "fa": "به"},
    "web.dashboard.col.channel": {"en": "Channel", "fa": "کانال"},
    "web.dashboard.col.cpa": {"en": "CPA", "fa": "هزینهٔ جذب"},
    "web.dashboard.col.clv": {"en": "Average CLV (365 days)", "fa": "میانگین CLV (۳۶۵ روز)"},
    "web.dashboard.col.csat": {"en": "Mean CSAT", "fa": "میانگین رضایت"},
    "web.dashboard.col.answered": {
        "en": "Customers who answered",
        "fa": "مشتریانی که پاسخ داده‌اند",
    },
    "web.dashboard.col.category": {"en": "Category", "fa": "دسته"},
    "web.dashboard.unknown": {"en": "Unknown", "fa": "نامعلوم"},
    "web.dashboard.no_orders": {"en": "No orders yet", "fa": "هنوز بی‌سفارش"},
}
