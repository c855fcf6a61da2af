"""Texts of the imports page: upload, mapping preview, progress and counts."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "web.imports.title": {"en": "Import data", "fa": "ورود داده"},
    "web.imports.kind": {"en": "What the file holds", "fa": "محتوای پرونده"},
    "web.imports.kind.customers": {"en": "customers", "fa": "مشتریان"},
    "web.imports.kind.orders": {"en": "orders", "fa": "سفارش‌ها"},
    "web.imports.kind.items": {"en": "order items", "fa": "اقلام سفارش"},
    "web.imports.kind.lines": {"en": "order lines", "fa": "سطرهای سفارش"},
    "web.imports.kind.events": {"en": "events", "fa": "رویدادها"},
    "web.imports.kind.feedback": {"en": "feedback", "fa": "بازخورد"},
    "web.imports.kind.costs": {"en": "acquisition costs", "fa": "هزینه‌های جذب"},
    "web.imports.kind.tickets": {"en": "support tickets", "fa": "تیکت‌های پشتیبانی"},
    "web.imports.file": {"en": "File", "fa": "پرونده"},
    "web.imports.preview": {"en": "Upload and preview", "fa": "بارگذاری و پیش‌نمایش"},
    "web.imports.help": {
        "en": "CSV, TSV, Excel, Parquet or JSON lines. Nothing is stored until you start "
        "the import.",
        "fa": "CSV، TSV، اکسل، Parquet یا JSON lines. تا درون‌ریزی را آغاز نکنید چیزی ذخیره نمی‌شود.",
    },
    "web.imports.need_file": {
        "en": "Choose a file and what it holds.",
        "fa": "یک پرونده و محتوای آن را برگزینید.",
    },
    "web.imports.too_big": {
        "en": "The file is larger than the server takes ({limit} bytes).",
        "fa": "پرونده از اندازه‌ای که کارساز می‌پذیرد ({limit} بایت) بزرگ‌تر است.",
    },
    "web.imports.gone": {
        "en": "That upload is no longer here; upload the file again.",
        "fa": "آن پرونده دیگر اینجا نیست؛ دوباره بارگذاری‌اش کنید.",
    },
    "web.imports.preview_of": {
        "en": "Preview of {file} as {kind}",
        "fa": "پیش‌نمایش {file} به‌عنوان {kind}",
    },
    "web.imports.preview_read": {"en": "{rows} rows read.", "fa": "{rows} سطر خوانده شد."},
    "web.imports.malformed": {
        "en": "{rows} rows could not be split into columns",
        "fa": "{rows} سطر به ستون‌ها تقسیم نشد",
    },
    "web.imports.mapping": {
        "en": "Column mapping and parse rates",
        "fa": "نگاشت ستون‌ها و نرخ خوانش",
    },
    "web.imports.col.header": {"en": "Column in the file", "fa": "ستون پرونده"},
    "web.imports.col.field": {"en": "Field", "fa": "فیلد"},
    "web.imports.col.how": {"en": "Matched by", "fa": "شیوهٔ تطبیق"},
    "web.imports.col.cells": {"en": "Filled cells", "fa": "خانه‌های پر"},
    "web.imports.col.parsed": {"en": "Read", "fa": "خوانده‌شده"},
    "web.imports.col.rate": {"en": "Parse rate", "fa": "نرخ خوانش"},
    "web.imports.col.when": {"en": "When", "fa": "زمان"},
    "web.imports.how.exact": {"en": "same name", "fa": "همان نام"},
    "web.imports.how.synonym": {"en": "known synonym", "fa": "هم‌معنی شناخته"},
    "web.imports.how.generic": {"en": "generic name", "fa": "نام عمومی"},
    "web.imports.how.override": {"en": "your mapping", "fa": "نگاشت شما"},
    "web.imports.how.inferred": {"en": "inferred from values", "fa": "برداشت از مقادیر"},
    "web.imports.unmapped": {"en": "Columns not used:", "fa": "ستون‌های به‌کارنرفته:"},
    "web.imports.on_conflict": {
        "en": "Rows already stored with other values",
        "fa": "سطرهایی که با مقادیر دیگر ذخیره شده‌اند",
    },
    "web.imports.on_conflict.default": {
        "en": "as the workspace says",
        "fa": "طبق تنظیمات فضای کار",
    },
    "web.imports.on_conflict.reject": {"en": "reject them", "fa": "رد شوند"},
    "web.imports.on_conflict.update": {"en": "update them", "fa": "به‌روز شوند"},
    "web.imports.start": {"en": "Start the import", "fa": "آغاز درون‌ریزی"},
    "web.imports.another": {"en": "Import another file", "fa": "درون‌ریزی پروندهٔ دیگر"},
    "web.imports.job": {"en": "Import job {id}", "fa": "کار درون‌ریزی {id}"},
    "web.imports.no_job": {"en": "No such import job.", "fa": "چنین کار درون‌ریزی‌ای نیست."},
    "web.imports.status.queued": {"en": "waiting", "fa": "در صف"},
    "web.imports.status.running": {"en": "running", "fa": "در حال اجرا"},
    "web.imports.status.done": {"en": "done", "fa": "انجام شد"},
    "web.imports.status.failed": {"en": "failed", "fa": "ناموفق"},
    "web.imports.count.read": {"en": "read", "fa": "خوانده"},
    "web.imports.count.stored": {"en": "stored", "fa": "ذخیره‌شده"},
    "web.imports.count.updated": {"en": "updated", "fa": "به‌روزشده"},
    "web.imports.count.unchanged": {"en": "already stored", "fa": "از پیش ذخیره‌شده"},
    "web.imports.count.rejected": {"en": "rejected", "fa": "ردشده"},
    "web.imports.adds_up": {
        "en": "Read = stored + already stored + rejected (updated rows are among the stored).",
        "fa": "خوانده = ذخیره‌شده + از پیش ذخیره‌شده + ردشده (به‌روزشده‌ها جزو ذخیره‌شده‌اند).",
    },
    "web.imports.rejects": {"en": "Rejected rows", "fa": "سطرهای ردشده"},
    "web.imports.download_rejects": {
        "en": "Download the reject file",
        "fa": "دریافت پروندهٔ ردشده‌ها",
    },
    "web.imports.recent": {"en": "Latest imports", "fa": "تازه‌ترین درون‌ریزی‌ها"},
}
