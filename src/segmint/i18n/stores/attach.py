"""Texts of ``segmint attach``: warehouse tables used as segmint's sources through views."""

MESSAGES: dict[str, dict[str, str]] = {
    "attach.unknown_kind": {
        "en": "{kind!r} cannot be attached. Attach one of: {kinds}.",
        "fa": "{kind!r} را نمی‌توان پیوست کرد. یکی از اینها را پیوست کنید: {kinds}.",
    },
    "attach.bad_map": {
        "en": "--map {item!r} is not FIELD=COLUMN (for example order_id=txn_id). "
        "Fields of {kind}: {fields}.",
        "fa": "‎--map {item!r}‎ به شکل FIELD=COLUMN نیست (مثلاً order_id=txn_id). "
        "فیلدهای {kind}: {fields}.",
    },
    "attach.reversed_map": {
        "en": "--map {item!r} names the field on the right; attach reads FIELD=COLUMN: "
        "write {field}={column}.",
        "fa": "‎--map {item!r}‎ فیلد را در سمت راست آورده است؛ attach به شکل FIELD=COLUMN "
        "می‌خواند: بنویسید {field}={column}.",
    },
    "attach.unknown_field": {
        "en": "{kind} has no field {field!r}. Its fields: {fields}.",
        "fa": "{kind} فیلدی به نام {field!r} ندارد. فیلدهای آن: {fields}.",
    },
    "attach.mapped_twice": {
        "en": "--map gives the field {field!r} twice; give each field one column.",
        "fa": "‎--map‎ فیلد {field!r} را دو بار داده است؛ به هر فیلد یک ستون بدهید.",
    },
    "attach.unknown_column": {
        "en": "{source} has no column {column!r} (mapped to {field}). Its columns: {columns}.",
        "fa": "{source} ستونی به نام {column!r} (نگاشته به {field}) ندارد. ستون‌های آن: {columns}.",
    },
    "attach.missing_required": {
        "en": "{kind} needs the field(s) {fields}, and no column of {source} is named so. "
        "Map them with --map FIELD=COLUMN; the columns are: {columns}.",
        "fa": "{kind} به فیلد(های) {fields} نیاز دارد و هیچ ستونی از {source} این نام را ندارد. "
        "با ‎--map FIELD=COLUMN‎ نگاشت کنید؛ ستون‌ها: {columns}.",
    },
    "attach.cannot_cast": {
        "en": "Column {column!r} of {source} is {have}; the field {field} needs {want}, "
        "and {have} cannot be read as {want}. Map another column, or convert it in a query "
        '(segmint attach {kind} "SELECT ... FROM ...").',
        "fa": "ستون {column!r} از {source} از نوع {have} است؛ فیلد {field} به {want} نیاز دارد "
        "و {have} را نمی‌توان {want} خواند. ستون دیگری نگاشت کنید یا آن را در یک پرس‌وجو "
        'تبدیل کنید (segmint attach {kind} "SELECT ... FROM ...").',
    },
    "attach.bad_values": {
        "en": "Column {column!r} of {source} holds {count} value(s) that are not {want} "
        "(the field {field}), for example {example!r}. Convert them in a query "
        "(for dates: strptime / to_timestamp) and attach the query.",
        "fa": "ستون {column!r} از {source} {count} مقدار دارد که {want} نیست (فیلد {field})، "
        "مثلاً {example!r}. آنها را در یک پرس‌وجو تبدیل کنید (برای تاریخ: strptime / "
        "to_timestamp) و پرس‌وجو را پیوست کنید.",
    },
    "attach.bad_status": {
        "en": "Column {column!r} of {source} holds order statuses segmint does not know: "
        "{values}. Statuses are completed, cancelled or returned (or a word for one of them: "
        "paid, refunded...); map the others in a query with CASE.",
        "fa": "ستون {column!r} از {source} وضعیت‌هایی دارد که segmint نمی‌شناسد: {values}. "
        "وضعیت‌ها completed، cancelled یا returned هستند (یا واژه‌ای برای یکی از آنها: paid، "
        "refunded و...)؛ بقیه را در یک پرس‌وجو با CASE نگاشت کنید.",
    },
    "attach.unreadable": {
        "en": "{source} cannot be read from the data store: {reason}",
        "fa": "{source} از پایگاه داده خوانده نشد: {reason}",
    },
    "attach.stored_rows": {
        "en": "The table {table} holds {rows} stored row(s). Attaching makes it a view over "
        "{source}, so those rows would be deleted (the files you imported still hold them). "
        "Pass --discard-stored to delete them and attach.",
        "fa": "جدول {table} {rows} ردیف ذخیره‌شده دارد. پیوست کردن آن را نمایی روی {source} "
        "می‌کند و آن ردیف‌ها پاک می‌شوند (پرونده‌هایی که وارد کرده‌اید هنوز آنها را دارند). "
        "برای پاک کردن و پیوست، ‎--discard-stored‎ را بدهید.",
    },
    "attach.not_attached": {
        "en": "{kind} is not attached: the table {table} holds segmint's own rows.",
        "fa": "{kind} پیوست نشده است: جدول {table} ردیف‌های خود segmint را دارد.",
    },
    "attach.import_refused": {
        "en": "The table {table} is attached to a source in your data store (segmint attach "
        "{kind}): segmint reads it from there and cannot import into it. Add the rows to the "
        "source, or run `segmint detach {kind}` first.",
        "fa": "جدول {table} به منبعی در پایگاه داده‌تان پیوست است (segmint attach {kind}): "
        "segmint آن را از همان‌جا می‌خواند و نمی‌تواند در آن وارد کند. ردیف‌ها را به منبع "
        "بیفزایید یا نخست `segmint detach {kind}` را اجرا کنید.",
    },
    "attach.attached": {
        "en": "Attached {kind}: {table} is now a view over {source} ({rows} rows).",
        "fa": "{kind} پیوست شد: {table} اکنون نمایی روی {source} است ({rows} ردیف).",
    },
    "attach.left_out": {
        "en": "{rows} row(s) of the source have an empty {fields} and are left out of {table}.",
        "fa": "{rows} ردیف از منبع {fields} خالی دارند و در {table} نمی‌آیند.",
    },
    "attach.discarded": {
        "en": "{rows} stored row(s) of {table} were deleted.",
        "fa": "{rows} ردیف ذخیره‌شدهٔ {table} پاک شد.",
    },
    "attach.detached": {
        "en": "Detached {kind}: {table} is an empty table again; import into it or attach "
        "another source.",
        "fa": "{kind} جدا شد: {table} دوباره جدولی خالی است؛ در آن وارد کنید یا منبع دیگری "
        "پیوست کنید.",
    },
    "attach.none": {
        "en": "Nothing is attached: every table holds rows imported into segmint.",
        "fa": "چیزی پیوست نیست: همهٔ جدول‌ها ردیف‌های واردشده به segmint را دارند.",
    },
    "attach.list_title": {"en": "Attached sources", "fa": "منبع‌های پیوست‌شده"},
    "attach.col_kind": {"en": "Kind", "fa": "نوع"},
    "attach.col_table": {"en": "Table", "fa": "جدول"},
    "attach.col_source": {"en": "Source", "fa": "منبع"},
    "attach.col_fields": {"en": "Fields", "fa": "فیلدها"},
    "attach.col_since": {"en": "Attached at", "fa": "زمان پیوست"},
    "attach.unrecorded": {
        "en": "(a view segmint did not record)",
        "fa": "(نمایی که segmint ثبت نکرده است)",
    },
    "attach.list_or_kind": {
        "en": "Give KIND and SOURCE to attach, or --list to see what is attached.",
        "fa": "برای پیوست KIND و SOURCE را بدهید، یا برای دیدن پیوست‌ها ‎--list‎ را.",
    },
    "attach.type_date": {"en": "dates", "fa": "تاریخ"},
    "attach.type_timestamp": {"en": "dates with a time", "fa": "تاریخ و زمان"},
    "attach.type_decimal": {"en": "amounts", "fa": "مبلغ"},
    "attach.type_floating": {"en": "numbers", "fa": "عدد"},
    "attach.type_integer": {"en": "whole numbers", "fa": "عدد صحیح"},
    "attach.type_boolean": {"en": "yes/no values", "fa": "بله/خیر"},
    "attach.unsupported": {
        "en": "Attaching is not available on this data store ({engine}): its catalog does not "
        "keep views segmint can rely on (Spark in local mode forgets them when the process "
        "ends). Import the rows instead (segmint import), or use Spark Connect or PostgreSQL.",
        "fa": "پیوست کردن روی این پایگاه داده ({engine}) در دسترس نیست: کاتالوگ آن نماها را "
        "آن‌طور که segmint بتواند به آنها تکیه کند نگه نمی‌دارد (Spark در حالت محلی با پایان "
        "فرایند آنها را فراموش می‌کند). به‌جای آن ردیف‌ها را وارد کنید (segmint import) یا از "
        "Spark Connect یا PostgreSQL استفاده کنید.",
    },
    "attach.read_only": {
        "en": "The table {table} is attached: segmint reads it from your data store and does "
        "not change its rows (tags, field edits and survey answers need segmint's own table). "
        "Make the change in the source, or `segmint detach` the kind.",
        "fa": "جدول {table} پیوست است: segmint آن را از پایگاه داده‌تان می‌خواند و ردیف‌هایش را "
        "تغییر نمی‌دهد (برچسب، ویرایش فیلد و پاسخ نظرسنجی به جدول خود segmint نیاز دارند). "
        "تغییر را در منبع بدهید یا آن نوع را با `segmint detach` جدا کنید.",
    },
}
