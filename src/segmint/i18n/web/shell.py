"""Texts of the app's frame: navigation, login, errors, tables and charts."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "web.skip": {"en": "Skip to content", "fa": "رفتن به محتوا"},
    "web.nav.label": {"en": "Main", "fa": "اصلی"},
    "web.nav.menu": {"en": "Menu", "fa": "فهرست"},
    "web.nav.dashboard": {"en": "Dashboard", "fa": "داشبورد"},
    "web.nav.segments": {"en": "Segments", "fa": "بخش‌ها"},
    "web.nav.customers": {"en": "Customers", "fa": "مشتریان"},
    "web.nav.clusters": {"en": "Clusters", "fa": "خوشه‌ها"},
    "web.nav.reports": {"en": "Reports", "fa": "گزارش‌ها"},
    "web.nav.campaigns": {"en": "Campaigns", "fa": "کمپین‌ها"},
    "web.nav.journeys": {"en": "Journeys", "fa": "سفرها"},
    "web.nav.imports": {"en": "Imports", "fa": "ورود داده"},
    "web.nav.admin": {"en": "Admin", "fa": "مدیریت"},
    "web.logout": {"en": "Log out", "fa": "خروج"},
    "web.licenses": {"en": "Licenses", "fa": "مجوزها"},
    "web.licenses.title": {
        "en": "Browser libraries and their licenses",
        "fa": "کتابخانه‌های مرورگر و مجوزهایشان",
    },
    "web.licenses.intro": {
        "en": "segmint serves these files itself; the app loads nothing from the internet.",
        "fa": "segmint این پرونده‌ها را خودش می‌دهد؛ برنامه چیزی از اینترنت بار نمی‌کند.",
    },
    "web.login.title": {"en": "Log in to segmint", "fa": "ورود به segmint"},
    "web.login.name": {"en": "User name", "fa": "نام کاربری"},
    "web.login.password": {"en": "Password", "fa": "گذرواژه"},
    "web.login.submit": {"en": "Log in", "fa": "ورود"},
    "web.login.failed": {
        "en": "That name and password do not match.",
        "fa": "نام کاربری و گذرواژه با هم نمی‌خوانند.",
    },
    "web.login.too_many": {
        "en": "Too many failed attempts. Wait a few minutes, then try again.",
        "fa": "تلاش ناموفق بیش از اندازه بود. چند دقیقه صبر کنید و دوباره بکوشید.",
    },
    "web.login.expired": {
        "en": "The form had expired. Please log in again.",
        "fa": "فرم کهنه شده بود. لطفاً دوباره وارد شوید.",
    },
    "web.forbidden.title": {"en": "Not allowed", "fa": "اجازه ندارید"},
    "web.forbidden.body": {
        "en": "Your role does not allow this page ({permission}). Ask an admin.",
        "fa": "نقش شما اجازهٔ این صفحه را نمی‌دهد ({permission}). از یک مدیر بخواهید.",
    },
    "web.not_found": {"en": "Not found", "fa": "پیدا نشد"},
    "web.table.empty": {"en": "Nothing to show.", "fa": "چیزی برای نمایش نیست."},
    "web.chart.table": {"en": "Table", "fa": "جدول"},
    "web.pager.label": {"en": "Pages", "fa": "صفحه‌ها"},
    "web.pager.previous": {"en": "Previous", "fa": "قبلی"},
    "web.pager.next": {"en": "Next", "fa": "بعدی"},
    "web.download": {"en": "Download", "fa": "دریافت"},
    "web.save": {"en": "Save", "fa": "ذخیره"},
    "web.cancel": {"en": "Cancel", "fa": "انصراف"},
    "web.search": {"en": "Search", "fa": "جستجو"},
    "web.loading": {"en": "Loading…", "fa": "در حال بارگذاری…"},
    "label.role.admin": {"en": "admin", "fa": "مدیر"},
    "label.role.marketer": {"en": "marketer", "fa": "بازاریاب"},
    "label.role.analyst": {"en": "analyst", "fa": "تحلیلگر"},
    "label.role.viewer": {"en": "viewer", "fa": "بیننده"},
}
