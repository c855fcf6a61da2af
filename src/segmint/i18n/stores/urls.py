"""Texts about data-store URLs and reaching a store."""

MESSAGES: dict[str, dict[str, str]] = {
    "store.unknown_url": {
        "en": "data_url {url!r} names no data store segmint knows. Use one of: {schemes} "
        "(for example duckdb:///path/data.duckdb or postgresql://user@host/db).",
        "fa": "data_url {url!r} پایگاه دادهٔ شناخته‌شده‌ای را نام نمی‌برد. یکی از اینها را به کار "
        "ببرید: {schemes} (مثلاً duckdb:///path/data.duckdb یا postgresql://user@host/db).",
    },
    "store.unreachable": {
        "en": "The data store {url} could not be opened: {reason}. Check the data_url "
        "setting (SEGMINT_DATA_URL), that the server is running, and the user's rights.",
        "fa": "پایگاه دادهٔ {url} باز نشد: {reason}. تنظیم data_url (SEGMINT_DATA_URL)، روشن "
        "بودن سرور و دسترسی‌های کاربر را بررسی کنید.",
    },
    "store.password_in_file": {
        "en": "The data_url holds a password or token, and segmint.toml is no place for one. "
        "Give the URL without it and the password in the environment (PGPASSWORD for "
        "PostgreSQL), or the whole URL in SEGMINT_DATA_URL.",
        "fa": "data_url گذرواژه یا توکن دارد و segmint.toml جای آن نیست. نشانی را بی آن بدهید "
        "و گذرواژه را در محیط (PGPASSWORD برای PostgreSQL)، یا همهٔ نشانی را در "
        "SEGMINT_DATA_URL.",
    },
}
