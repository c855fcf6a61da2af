"""The message catalogue: every text a person reads, keyed, in English and Persian.

Messages are ``str.format`` templates. A test checks that every key has both
languages with the same placeholders, so a translation can never drop a number.
"""

from __future__ import annotations

from typing import Any

from segmint.exceptions import SettingsError

LANGUAGES = ("en", "fa")

MESSAGES: dict[str, dict[str, str]] = {
    # workspace
    "workspace.created": {
        "en": "Created workspace {path}",
        "fa": "فضای کار {path} ساخته شد",
    },
    "workspace.not_found": {
        "en": "No segmint workspace at {path}. Create one with: segmint init {path}",
        "fa": "در {path} فضای کار segmint نیست. بسازید با: segmint init {path}",
    },
    "workspace.exists": {
        "en": "{path} already holds a segmint workspace; use it, or pick another folder.",
        "fa": "در {path} از پیش فضای کار segmint هست؛ از همان استفاده کنید یا پوشهٔ دیگری بدهید.",
    },
    "workspace.locked": {
        "en": "The workspace {path} is in use by another process{holder} and could not be "
        "opened for writing within {seconds} s. Stop that process (for example the web "
        "server) or wait for it to finish, then run the command again.",
        "fa": "فضای کار {path} در دست فرایند دیگری است{holder} و در {seconds} ثانیه برای نوشتن "
        "باز نشد. آن فرایند (مثلاً سرور وب) را ببندید یا صبر کنید تمام شود، سپس فرمان را دوباره "
        "اجرا کنید.",
    },
    "workspace.no_workspace_given": {
        "en": "No workspace given: pass --workspace DIR or set SEGMINT_WORKSPACE.",
        "fa": "فضای کار مشخص نشده است: ‎--workspace DIR‎ را بدهید یا SEGMINT_WORKSPACE را تنظیم کنید.",
    },
    # import
    "import.title": {"en": "Import {kind} from {file}", "fa": "ورود {kind} از {file}"},
    "import.reading": {"en": "Reading the file", "fa": "خواندن پرونده"},
    "import.checking": {"en": "Checking rows", "fa": "بررسی ردیف‌ها"},
    "import.storing": {"en": "Storing", "fa": "ذخیره"},
    "import.read": {"en": "read", "fa": "خوانده"},
    "import.stored": {"en": "stored", "fa": "ذخیره‌شده"},
    "import.unchanged": {"en": "already stored, unchanged", "fa": "از پیش ذخیره‌شده، بی‌تغییر"},
    "import.updated": {"en": "updated", "fa": "به‌روزشده"},
    "import.rejected": {"en": "rejected", "fa": "ردشده"},
    "import.warnings": {"en": "rows with a warning", "fa": "ردیف‌های دارای هشدار"},
    "import.anonymous": {"en": "anonymous orders", "fa": "سفارش‌های بی‌نام"},
    "import.reject_file": {
        "en": "Rejected rows with line, column and reason: {path}",
        "fa": "ردیف‌های ردشده با شمارهٔ خط، ستون و دلیل: {path}",
    },
    "import.warning_file": {
        "en": "Warnings (row kept; an unreadable value cleared, a word outside a "
        "vocabulary kept as written): {path}",
        "fa": "هشدارها (ردیف نگه داشته شد؛ مقدار ناخوانا پاک شد، واژهٔ بیرون از واژگان "
        "همان‌طور که نوشته شده ماند): {path}",
    },
    "import.mapping": {"en": "Columns", "fa": "ستون‌ها"},
    "import.inferred": {
        "en": "column {column!r} read as {field}: {fit} of {cells} sampled values are {what}",
        "fa": "ستون {column!r} به‌عنوان {field} خوانده شد: {fit} از {cells} مقدار نمونه {what} است",
    },
    "infer.key": {"en": "distinct ids", "fa": "شناسهٔ یکتا"},
    "infer.phone": {"en": "phone numbers", "fa": "شمارهٔ تلفن"},
    "infer.email": {"en": "e-mail addresses", "fa": "نشانی ایمیل"},
    "infer.gender": {"en": "genders", "fa": "جنسیت"},
    "infer.date": {"en": "dates", "fa": "تاریخ"},
    "infer.amount": {"en": "amounts", "fa": "مبلغ"},
    "import.custom_columns": {
        "en": "Columns kept as custom fields: {columns}",
        "fa": "ستون‌هایی که به‌صورت فیلد سفارشی نگه داشته شد: {columns}",
    },
    "import.property_columns": {
        "en": "Columns kept in each event's properties: {columns}",
        "fa": "ستون‌هایی که در ویژگی‌های هر رویداد نگه داشته شد: {columns}",
    },
    "import.how.exact": {"en": "field name", "fa": "نام فیلد"},
    "import.how.synonym": {"en": "synonym", "fa": "هم‌معنا"},
    "import.how.generic": {"en": "generic word", "fa": "واژهٔ عام"},
    "import.how.override": {"en": "--map", "fa": "‎--map‎"},
    "import.how.inferred": {"en": "inferred from content", "fa": "از روی محتوا"},
    "import.dry_run_title": {
        "en": "Dry run: import {kind} from {file} ({rows} rows read)",
        "fa": "اجرای آزمایشی: ورود {kind} از {file} ({rows} ردیف خوانده شد)",
    },
    "import.dry_run_columns": {
        "en": "column,field,matched by,parse rate",
        "fa": "ستون,فیلد,روش تطبیق,نرخ خوانش",
    },
    "import.dry_run_sample": {
        "en": "First rows as they would be stored",
        "fa": "نخستین ردیف‌ها همان‌گونه که ذخیره می‌شوند",
    },
    "import.dry_run_nothing_stored": {
        "en": "Nothing was stored (dry run). Run again without --dry-run to import.",
        "fa": "چیزی ذخیره نشد (اجرای آزمایشی). برای ورود، بدون ‎--dry-run‎ دوباره اجرا کنید.",
    },
    "import.unused_columns": {
        "en": "Columns not used: {columns}",
        "fa": "ستون‌های استفاده‌نشده: {columns}",
    },
    "import.seen_before": {
        "en": "This exact file was imported before ({when}); rows already stored are left as "
        "they are.",
        "fa": "همین پرونده پیش‌تر ({when}) وارد شده است؛ ردیف‌های ذخیره‌شده دست نمی‌خورند.",
    },
    "import.file_not_found": {
        "en": "File not found: {path}",
        "fa": "پرونده پیدا نشد: {path}",
    },
    "import.unknown_format": {
        "en": "{path}: cannot tell the file format from the name; use .csv, .tsv, .txt, "
        ".xlsx, .parquet, .jsonl or .json",
        "fa": "{path}: قالب پرونده از نامش پیدا نیست؛ از ‎.csv .tsv .txt .xlsx .parquet .jsonl‎ "
        "یا ‎.json‎ استفاده کنید",
    },
    "import.missing_columns": {
        "en": "{path}: no column for {fields}. Columns are: {columns}. Map one with "
        "--map 'header=field'.",
        "fa": "{path}: ستونی برای {fields} نیست. ستون‌ها: {columns}. با ‎--map 'header=field'‎ "
        "نگاشت کنید.",
    },
    "import.bad_map": {
        "en": "--map {item!r}: expected 'header=field' with a field of {kind}: {fields}",
        "fa": "‎--map {item!r}‎: باید به شکل 'header=field' و فیلدی از {kind} باشد: {fields}",
    },
    "import.empty": {
        "en": "{path}: the file has no data rows",
        "fa": "{path}: پرونده ردیف داده ندارد",
    },
    "import.column_failed": {
        "en": "Nothing was stored: column {header!r} ({field}) failed on {failed} of {read} rows "
        "({share}), for example {samples}. {hint}",
        "fa": "چیزی ذخیره نشد: ستون {header!r} ({field}) در {failed} ردیف از {read} ({share}) "
        "خوانده نشد، برای نمونه {samples}. {hint}",
    },
    "import.fix_dates": {
        "en": "Say how the dates are written: --dayfirst, --monthfirst or --date-format "
        "(e.g. --date-format '%Y%m%d').",
        "fa": "بگویید تاریخ‌ها چگونه نوشته شده‌اند: ‎--dayfirst‎، ‎--monthfirst‎ یا ‎--date-format‎ "
        "(مثلاً ‎--date-format '%Y%m%d'‎).",
    },
    "import.fix_map": {
        "en": "If another column holds {field}, map it: --map 'Header={field}'.",
        "fa": "اگر ستون دیگری {field} را دارد، آن را نگاشت کنید: ‎--map 'Header={field}'‎.",
    },
    "import.fix_skip": {
        "en": "Or skip this column: --map '{header}=-'.",
        "fa": "یا این ستون را کنار بگذارید: ‎--map '{header}=-'‎.",
    },
    "import.rejects_warning": {
        "en": "Warning: {count} rows were rejected and not stored; see the reject file.",
        "fa": "هشدار: {count} ردیف رد شد و ذخیره نشد؛ پروندهٔ ردشده‌ها را ببینید.",
    },
    "import.needs_row_ids": {
        "en": "{path}: no customer id column among {columns}. Map one with "
        "--map 'Header=customer_id', or number the customers by row with --row-ids.",
        "fa": "{path}: در میان ستون‌های {columns} ستون شناسهٔ مشتری نیست. یکی را با "
        "‎--map 'Header=customer_id'‎ نگاشت کنید، یا با ‎--row-ids‎ شمارهٔ ردیف را شناسه کنید.",
    },
    "import.max_share_range": {
        "en": "--max-failure-share must lie between 0 and 1, not {value}",
        "fa": "‎--max-failure-share‎ باید میان ۰ و ۱ باشد، نه {value}",
    },
    "import.no_files": {
        "en": "No files match {pattern}",
        "fa": "هیچ پرونده‌ای با {pattern} جور نیست",
    },
    "import.file_failed": {
        "en": "{file}: not imported: {reason}",
        "fa": "{file}: وارد نشد: {reason}",
    },
    "import.totals": {
        "en": "All {files} files: {read} read, {stored} stored, {unchanged} unchanged, "
        "{rejected} rejected, {failed} files not imported",
        "fa": "همهٔ {files} پرونده: {read} خوانده، {stored} ذخیره‌شده، {unchanged} بی‌تغییر، "
        "{rejected} ردشده، {failed} پرونده واردنشده",
    },
    "reason.no_price": {
        "en": "no unit price and no line total",
        "fa": "نه قیمت واحد دارد، نه مبلغ کل ردیف",
    },
    # reject and warning reasons
    "reason.missing": {"en": "missing {field}", "fa": "{field} خالی است"},
    "reason.date": {"en": "not a valid date ({detail})", "fa": "تاریخ معتبر نیست ({detail})"},
    "reason.date_order": {
        "en": "column {column} is read {order}, as {evidence} of its values show "
        "({against} show the other order)",
        "fa": "ستون {column} {order} خوانده شد، چنان که {evidence} مقدار آن نشان می‌دهد "
        "({against} مقدار ترتیب دیگر را نشان می‌دهد)",
    },
    "dates.day-first": {"en": "day-first (day/month/year)", "fa": "روزاول (روز/ماه/سال)"},
    "dates.month-first": {"en": "month-first (month/day/year)", "fa": "ماه‌اول (ماه/روز/سال)"},
    "dates.numbers.year": {"en": "a year alone (read as 1 July)", "fa": "سال تنها (اول ژوئیه)"},
    "dates.numbers.yyyymmdd": {"en": "YYYYMMDD dates", "fa": "تاریخ‌های YYYYMMDD"},
    "dates.numbers.excel": {
        "en": "spreadsheet serial days",
        "fa": "شمارهٔ روز صفحه‌گسترده",
    },
    "dates.numbers.epoch_s": {"en": "Unix time in seconds", "fa": "زمان یونیکس به ثانیه"},
    "dates.numbers.epoch_ms": {
        "en": "Unix time in milliseconds",
        "fa": "زمان یونیکس به میلی‌ثانیه",
    },
    "import.dates_detected": {
        "en": "Dates in {column} read {order}: {evidence} values can only be read that way.",
        "fa": "تاریخ‌های {column} {order} خوانده شد: {evidence} مقدار فقط این‌گونه خوانا است.",
    },
    "import.dates_assumed": {
        "en": "Dates in {column} fit either order; read {order}. If that is wrong, "
        "import again with {flag}.",
        "fa": "تاریخ‌های {column} با هر دو ترتیب جور است؛ {order} خوانده شد. اگر درست "
        "نیست، دوباره با {flag} وارد کنید.",
    },
    "import.dates_contradict": {
        "en": "Dates in {column} disagree: {evidence} values can only be {order}, {against} "
        "only the other order. Read {order}; the {against} others were not read (see the "
        "reject or warning file), or import again with {flag}.",
        "fa": "تاریخ‌های {column} ناسازگارند: {evidence} مقدار فقط {order} است و {against} "
        "مقدار فقط ترتیب دیگر. {order} خوانده شد و آن {against} مقدار خوانده نشد (فایل "
        "ردشده‌ها یا هشدارها را ببینید)، یا دوباره با {flag} وارد کنید.",
    },
    "import.dates_numbers": {
        "en": "Numbers in {column} read as {numbers}.",
        "fa": "عددهای {column} به‌صورت {numbers} خوانده شد.",
    },
    "import.dates_other_numbers": {
        "en": "{count} numbers of another kind in {column} were not read as dates.",
        "fa": "{count} عدد از نوعی دیگر در {column} تاریخ خوانده نشد.",
    },
    "import.bad_date_format": {
        "en": "The date format {format} cannot be used ({error}). Use strftime codes, "
        "for example --date-format %d-%m-%Y or %Y%m%d.",
        "fa": "قالب تاریخ {format} قابل استفاده نیست ({error}). از کدهای strftime استفاده "
        "کنید، مثلاً ‎--date-format %d-%m-%Y یا %Y%m%d.",
    },
    "reason.phone": {
        "en": "not a valid phone number ({detail})",
        "fa": "شمارهٔ تلفن معتبر نیست ({detail})",
    },
    "reason.email": {"en": "not a valid email ({detail})", "fa": "ایمیل معتبر نیست ({detail})"},
    "reason.number": {"en": "not a number", "fa": "عدد نیست"},
    "reason.integer": {"en": "not a whole number", "fa": "عدد صحیح نیست"},
    "reason.range": {
        "en": "{value} is out of range {low}..{high}",
        "fa": "{value} بیرون از بازهٔ {low} تا {high} است",
    },
    "reason.bool": {
        "en": "not yes/no (use true/false, yes/no, 1/0, بله/خیر)",
        "fa": "بله/خیر نیست (true/false، yes/no، 1/0 یا بله/خیر)",
    },
    "reason.enum": {
        "en": "unknown value; use one of: {choices}",
        "fa": "مقدار ناشناخته؛ یکی از: {choices}",
    },
    "reason.vocabulary": {
        "en": "'{value}' is not in the vocabulary; kept as written. Known values: {choices}",
        "fa": "«{value}» در واژگان نیست و همان‌طور که نوشته شده نگه داشته شد. مقدارهای شناخته: {choices}",
    },
    "reason.income": {
        "en": "not an amount or an income band (such as 35-49K, Under 15K, 250K+)",
        "fa": "نه مبلغ است نه بازهٔ درآمد (مانند ۱۰ تا ۲۰ میلیون، زیر ۱۵ هزار، ۲۵۰ هزار به بالا)",
    },
    "gender.female": {"en": "Female", "fa": "زن"},
    "gender.male": {"en": "Male", "fa": "مرد"},
    "gender.other": {"en": "Other", "fa": "سایر"},
    "marital_status.single": {"en": "Single", "fa": "مجرد"},
    "marital_status.married": {"en": "Married", "fa": "متأهل"},
    "marital_status.partner": {"en": "Living with a partner", "fa": "زندگی با شریک"},
    "marital_status.divorced": {"en": "Divorced or separated", "fa": "مطلقه یا جداشده"},
    "marital_status.widowed": {"en": "Widowed", "fa": "بیوه"},
    "education.none": {"en": "No formal education", "fa": "بی‌سواد"},
    "education.primary": {"en": "Primary", "fa": "ابتدایی"},
    "education.high_school": {"en": "High school", "fa": "متوسطه"},
    "education.diploma": {"en": "Diploma", "fa": "دیپلم"},
    "education.associate": {"en": "Associate degree", "fa": "کاردانی"},
    "education.bachelor": {"en": "Bachelor's degree", "fa": "کارشناسی"},
    "education.master": {"en": "Master's degree", "fa": "کارشناسی ارشد"},
    "education.doctorate": {"en": "Doctorate", "fa": "دکتری"},
    "reason.json": {"en": "not a JSON object", "fa": "شیء JSON نیست"},
    "reason.anonymous": {
        "en": "no customer id (setting ingest.anonymous_orders = reject)",
        "fa": "شناسهٔ مشتری ندارد (تنظیم ingest.anonymous_orders = reject)",
    },
    "reason.no_answer": {
        "en": "no CSAT, NPS or comment",
        "fa": "نه CSAT دارد، نه NPS، نه نظر",
    },
    "reason.period": {
        "en": "period_end is before period_start",
        "fa": "پایان دوره پیش از آغاز آن است",
    },
    "reason.duplicate_in_file": {
        "en": "{key} appears again with different values (first at line {line})",
        "fa": "{key} دوباره با مقدارهای دیگری آمده است (نخستین بار در خط {line})",
    },
    "reason.conflict": {
        "en": "{key} is already stored with different values in: {columns}; "
        "import with --on-conflict update to overwrite",
        "fa": "{key} با مقدارهای دیگری در این ستون‌ها ذخیره شده است: {columns}؛ "
        "برای جایگزینی با ‎--on-conflict update‎ وارد کنید",
    },
    "import.customers_created": {
        "en": "customers created from this file",
        "fa": "مشتری‌های تازه از این فایل",
    },
    "import.custom_values_removed": {
        "en": "custom field values removed",
        "fa": "مقدارهای حذف‌شدهٔ فیلدهای سفارشی",
    },
    "reason.structure": {
        "en": "row does not fit the header: {detail}",
        "fa": "ردیف با سرستون‌ها جور نیست: {detail}",
    },
    "structure.missing_columns": {
        "en": "expected {expected} columns, found {found}",
        "fa": "{expected} ستون لازم است و {found} ستون آمده",
    },
    "structure.too_many_columns": {
        "en": "expected {expected} columns, found {found}",
        "fa": "{expected} ستون لازم است و {found} ستون آمده",
    },
    "structure.quote": {
        "en": "a quotation mark is not closed, or stands inside an unquoted cell",
        "fa": "گیومه‌ای بسته نشده یا درون خانه‌ای بی‌گیومه آمده است",
    },
    "structure.line_too_long": {
        "en": "the line is longer than 16 MB",
        "fa": "طول سطر بیش از ۱۶ مگابایت است",
    },
    "structure.encoding": {
        "en": "the line is not valid text in the file's encoding",
        "fa": "سطر با رمزگذاری پرونده خوانا نیست",
    },
    "structure.json": {"en": "not valid JSON: {detail}", "fa": "JSON معتبر نیست: {detail}"},
    "structure.not_object": {"en": "not a JSON object", "fa": "شیء JSON نیست"},
    "structure.other": {"en": "{detail}", "fa": "{detail}"},
    # run
    "run.bad_date": {
        "en": "{value!r} is not a date; use YYYY-MM-DD or a Jalali date such as 1403/01/01",
        "fa": "{value!r} تاریخ نیست؛ به شکل YYYY-MM-DD یا تاریخ شمسی مانند ۱۴۰۳/۰۱/۰۱ بنویسید",
    },
    "run.no_orders": {
        "en": "No orders in the workspace yet; import orders first (segmint import orders FILE).",
        "fa": "هنوز سفارشی در فضای کار نیست؛ نخست سفارش‌ها را وارد کنید (segmint import orders FILE).",
    },
    "run.no_traits": {
        "en": "No traits yet; compute them first with: segmint run",
        "fa": "هنوز ویژگی‌ای محاسبه نشده است؛ نخست اجرا کنید: segmint run",
    },
    "run.models": {"en": "Fitting CLV models", "fa": "برازش مدل‌های ارزش طول عمر"},
    "run.snapshots": {"en": "Storing segment memberships", "fa": "ذخیرهٔ اعضای بخش‌ها"},
    "run.title": {
        "en": "Traits as of {as_of} for {customers} customers",
        "fa": "ویژگی‌های {customers} مشتری تا تاریخ {as_of}",
    },
    "run.rfm_groups": {"en": "RFM groups", "fa": "گروه‌های RFM"},
    "run.lifecycle": {"en": "Lifecycle stages", "fa": "مرحله‌های چرخهٔ عمر"},
    "run.group": {"en": "group", "fa": "گروه"},
    "run.grid": {"en": "Customers by R and F score", "fa": "مشتریان بر پایهٔ امتیاز R و F"},
    "run.stage": {"en": "stage", "fa": "مرحله"},
    "run.customers": {"en": "customers", "fa": "مشتری"},
    "run.revenue": {"en": "revenue", "fa": "درآمد"},
    "run.clv": {"en": "CLV (365 d)", "fa": "ارزش ۳۶۵ روز آینده"},
    "run.model": {"en": "Model {model}: {params}", "fa": "مدل {model}: {params}"},
    "run.timings": {"en": "Timings: {timings}", "fa": "زمان‌ها: {timings}"},
    # export
    "export.done": {"en": "Wrote {rows} rows to {file}", "fa": "{rows} ردیف در {file} نوشته شد"},
    "export.unknown_format": {
        "en": "{path}: unknown export format; use .parquet, .csv or .xlsx",
        "fa": "{path}: قالب خروجی ناشناخته است؛ از ‎.parquet، .csv یا .xlsx‎ استفاده کنید",
    },
    "demo.exists": {
        "en": "{path} already holds a workspace; pick a new folder or add --force to rebuild it",
        "fa": "در {path} از پیش فضای کار هست؛ پوشهٔ تازه‌ای بدهید یا برای ساخت دوباره ‎--force‎ بیفزایید",
    },
    "demo.summary": {"en": "Imported files", "fa": "پرونده‌های واردشده"},
    "demo.file": {"en": "file", "fa": "پرونده"},
    # clusters
    "clusters.no_traits": {
        "en": "No traits yet: run `segmint run` first, then fit the clusters.",
        "fa": "هنوز ویژگی مشتریان محاسبه نشده است: نخست `segmint run` را اجرا کنید، سپس خوشه‌ها را بسازید.",
    },
    "clusters.no_traits_on": {
        "en": "No traits are stored for {as_of}: run `segmint run --as-of {as_of}` first.",
        "fa": "برای {as_of} ویژگی مشتریان ذخیره نشده است: نخست `segmint run --as-of {as_of}` را اجرا کنید.",
    },
    "clusters.none": {
        "en": "No clustering is stored yet: run `segmint clusters fit` first.",
        "fa": "هنوز خوشه‌بندی ذخیره نشده است: نخست `segmint clusters fit` را اجرا کنید.",
    },
    "clusters.bad_k": {
        "en": "--k must be 'auto' or a whole number of at least 2, not {value!r}.",
        "fa": "‎--k‎ باید auto یا عددی صحیح و دست‌کم ۲ باشد، نه {value!r}.",
    },
    "clusters.unknown_cluster": {
        "en": "The stored clustering has no cluster {cluster}; its clusters are {clusters}.",
        "fa": "خوشه‌بندی ذخیره‌شده خوشهٔ {cluster} ندارد؛ خوشه‌های آن {clusters} است.",
    },
    "clusters.no_rule": {
        "en": "Cluster {cluster} has no readable rule to save; refit with other features.",
        "fa": "خوشهٔ {cluster} قاعدهٔ خوانایی برای ذخیره ندارد؛ با ویژگی‌های دیگری دوباره بسازید.",
    },
    "clusters.no_snapshot": {
        "en": "No cluster memberships are stored for {day}; stored days: {days}. "
        "Store one with `segmint clusters snapshot --as-of {day}`.",
        "fa": "برای {day} عضویت خوشه‌ها ذخیره نشده است؛ روزهای ذخیره‌شده: {days}. "
        "با `segmint clusters snapshot --as-of {day}` ذخیره کنید.",
    },
    "clusters.need_two_days": {
        "en": "Migration compares two snapshot days; stored days: {days}. "
        "Store more with `segmint clusters snapshot --as-of DAY`.",
        "fa": "جابه‌جایی میان خوشه‌ها دو روز عکس‌برداری لازم دارد؛ روزهای ذخیره‌شده: {days}. "
        "با `segmint clusters snapshot --as-of DAY` بیشتر ذخیره کنید.",
    },
    "clusters.title": {
        "en": "Clustering {id}: {k} clusters of {customers} customers (traits of {as_of})",
        "fa": "خوشه‌بندی {id}: {k} خوشه از {customers} مشتری (ویژگی‌های {as_of})",
    },
    "clusters.fidelity": {
        "en": "Rule fidelity: the rules place {fidelity} of customers in their own cluster.",
        "fa": "وفاداری قاعده‌ها: قاعده‌ها {fidelity} مشتریان را در خوشهٔ خودشان می‌گذارند.",
    },
    "clusters.stability": {
        "en": "Bootstrap stability over {runs} refits: ARI {ari}; unstable clusters: {unstable}",
        "fa": "پایداری در {runs} بازنمونه‌گیری: ARI {ari}؛ خوشه‌های ناپایدار: {unstable}",
    },
    "clusters.criteria": {"en": "Criteria per k", "fa": "سنجه‌ها برای هر k"},
    "clusters.silhouette": {"en": "silhouette", "fa": "سیلوئت"},
    "clusters.calinski_harabasz": {"en": "Calinski-Harabasz", "fa": "کالینسکی-هاراباش"},
    "clusters.davies_bouldin": {"en": "Davies-Bouldin", "fa": "دیویس-بولدین"},
    "clusters.chosen": {"en": "chosen", "fa": "برگزیده"},
    "clusters.saved": {
        "en": "Saved cluster {cluster} ({persona}) as rule segment {name!r}: {rule}",
        "fa": "خوشهٔ {cluster} ({persona}) به‌صورت بخش قاعده‌ای {name!r} ذخیره شد: {rule}",
    },
    "clusters.snapshot_done": {
        "en": "Stored the clusters of {customers} customers as of {as_of}",
        "fa": "خوشهٔ {customers} مشتری در {as_of} ذخیره شد",
    },
    "clusters.migration_title": {
        "en": "Movement between clusters from {start} to {end}",
        "fa": "جابه‌جایی میان خوشه‌ها از {start} تا {end}",
    },
    "clusters.migration_totals": {
        "en": "{stayed} stayed, {moved} moved, {entered} entered, {left} left",
        "fa": "{stayed} ماندند، {moved} جابه‌جا شدند، {entered} تازه آمدند، {left} رفتند",
    },
    "clusters.cluster": {"en": "cluster", "fa": "خوشه"},
    "clusters.customers": {"en": "customers", "fa": "مشتری"},
    "clusters.from": {"en": "from", "fa": "از"},
    "clusters.to": {"en": "to", "fa": "به"},
    "clusters.entered": {"en": "(new)", "fa": "(تازه)"},
    "clusters.left": {"en": "(gone)", "fa": "(رفته)"},
    # segments
    "segments.unknown": {
        "en": "No segment named {name!r}.{hint} List them with: segmint segments list",
        "fa": "بخشی با نام {name!r} نیست.{hint} فهرستشان: segmint segments list",
    },
    "segments.did_you_mean": {
        "en": " Did you mean {name!r}?",
        "fa": " شاید منظورتان {name!r} است؟",
    },
    "segments.bad_name": {
        "en": "{name!r} cannot be a segment name: use 1-{limit} characters without ':' "
        "(kept for built-in families such as rfm:champions) or a single quote.",
        "fa": "{name!r} نمی‌تواند نام بخش باشد: ۱ تا {limit} نویسه بدون ':' (ویژهٔ خانواده‌های "
        "آماده مانند rfm:champions) و بدون نشانهٔ نقل‌قول تکی به کار ببرید.",
    },
    "segments.bad_kind": {
        "en": "Unknown segment kind {kind!r}; use one of: {kinds}.",
        "fa": "نوع بخش {kind!r} ناشناخته است؛ یکی از این‌ها را به کار ببرید: {kinds}.",
    },
    "segments.exists": {
        "en": "A segment named {name!r} already exists; pick another name or replace it.",
        "fa": "بخشی با نام {name!r} از پیش هست؛ نام دیگری برگزینید یا جایگزینش کنید.",
    },
    "segments.in_use": {
        "en": "Segment {name!r} is used by {users}; change those first.",
        "fa": "بخش {name!r} در {users} به کار رفته است؛ نخست آن‌ها را تغییر دهید.",
    },
    "segments.no_run": {
        "en": "No traits run is stored for {day} (stored days: {days}). Run: segmint run "
        "--as-of {day}",
        "fa": "اجرایی از ویژگی‌ها برای {day} ذخیره نشده است (روزهای ذخیره‌شده: {days}). "
        "اجرا کنید: segmint run --as-of {day}",
    },
    "segments.family_or_list": {
        "en": "Give either a family (--family rfm) or a list of segments, not both.",
        "fa": "یا یک خانواده (‎--family rfm‎) بدهید یا فهرستی از بخش‌ها، نه هر دو.",
    },
    "segments.unknown_family": {
        "en": "Unknown family {name!r}; families are: {choices}.",
        "fa": "خانوادهٔ {name!r} ناشناخته است؛ خانواده‌ها: {choices}.",
    },
    "segments.no_file": {"en": "File not found: {path}", "fa": "پرونده پیدا نشد: {path}"},
    "segments.bad_parameter": {
        "en": "Template parameter {name!r} cannot take the value {value!r}.",
        "fa": "پارامتر الگو {name!r} نمی‌تواند مقدار {value!r} بگیرد.",
    },
    "segments.unknown_template": {
        "en": "Unknown template {name!r}; templates are: {choices}.",
        "fa": "الگوی {name!r} ناشناخته است؛ الگوها: {choices}.",
    },
    "segments.count": {
        "en": "{count} customers; reachable by SMS {sms}, by email {email}",
        "fa": "{count} مشتری؛ دسترس‌پذیر با پیامک {sms}، با ایمیل {email}",
    },
    "segments.sample": {"en": "Sample", "fa": "نمونه"},
    "segments.created": {
        "en": "Saved segment {name} ({kind})",
        "fa": "بخش {name} ({kind}) ذخیره شد",
    },
    "segments.list": {"en": "Segments", "fa": "بخش‌ها"},
    "segments.name": {"en": "name", "fa": "نام"},
    "segments.kind": {"en": "kind", "fa": "نوع"},
    "segments.priority": {"en": "priority", "fa": "اولویت"},
    "segments.description": {"en": "description", "fa": "شرح"},
    "segments.definition": {"en": "definition", "fa": "تعریف"},
    "segments.customers": {"en": "customers", "fa": "مشتریان"},
    "segments.from": {"en": "from", "fa": "از"},
    "segments.to": {"en": "to", "fa": "به"},
    "segments.migration": {
        "en": "Migration from {start} to {end}",
        "fa": "جابه‌جایی از {start} تا {end}",
    },
    "segments.of": {"en": "Segments of customer {customer_id}", "fa": "بخش‌های مشتری {customer_id}"},
    "segments.none": {"en": "In no segment.", "fa": "در هیچ بخشی نیست."},
    "segments.held": {"en": "held", "fa": "برقرار"},
    "segments.condition": {"en": "condition", "fa": "شرط"},
    "segments.overlap": {"en": "Overlap (customers in both)", "fa": "هم‌پوشانی (مشتریان در هر دو)"},
    "segments.priorities": {"en": "Where to work first", "fa": "از کجا آغاز کنیم"},
    "segments.revenue": {"en": "revenue", "fa": "درآمد"},
    "segments.clv": {"en": "CLV 365d", "fa": "ارزش طول عمر ۳۶۵ روزه"},
    "segments.at_risk": {"en": "revenue at risk", "fa": "درآمد در خطر"},
    "segments.growth": {"en": "growth", "fa": "رشد"},
    "segments.score": {"en": "score", "fa": "امتیاز"},
    "segments.templates": {"en": "Templates", "fa": "الگوها"},
    "segments.rule": {"en": "rule", "fa": "قاعده"},
    "segments.frozen": {
        "en": "Froze {source} as of {day} into {name}: {members} customers",
        "fa": "{source} در {day} در {name} ثابت شد: {members} مشتری",
    },
    "segments.imported": {
        "en": "Static segment {name}: {members} customers from {values} values; {unmatched} "
        "matched nobody",
        "fa": "بخش ثابت {name}: {members} مشتری از {values} مقدار؛ {unmatched} مقدار با کسی "
        "جور نشد",
    },
    "segments.deleted": {"en": "Deleted segment {name}", "fa": "بخش {name} حذف شد"},
    "segments.snapshot": {
        "en": "Stored memberships for {day}: {segments} segments",
        "fa": "عضویت‌های {day} ذخیره شد: {segments} بخش",
    },
    # status
    "status.title": {"en": "Workspace {path}", "fa": "فضای کار {path}"},
    "status.table": {"en": "table", "fa": "جدول"},
    "status.rows": {"en": "rows", "fa": "ردیف‌ها"},
    "status.orders_range": {
        "en": "Orders from {first} to {last}",
        "fa": "سفارش‌ها از {first} تا {last}",
    },
    "status.no_orders": {"en": "No orders yet.", "fa": "هنوز سفارشی نیست."},
    # customers
    "customer.unknown": {
        "en": "No customer with id {customer_id!r}.",
        "fa": "مشتری با شناسهٔ {customer_id!r} نیست.",
    },
    "customer.orders": {"en": "Orders", "fa": "سفارش‌ها"},
    "customer.profile": {"en": "Profile", "fa": "نمایه"},
    "customer.fields": {"en": "Custom fields", "fa": "فیلدهای سفارشی"},
    "customer.totals": {"en": "Totals", "fa": "جمع‌ها"},
    "customer.order_id": {"en": "order", "fa": "سفارش"},
    "customer.date": {"en": "date", "fa": "تاریخ"},
    "customer.amount": {"en": "amount", "fa": "مبلغ"},
    "customer.status": {"en": "status", "fa": "وضعیت"},
    "customer.channel": {"en": "channel", "fa": "کانال"},
    "customer.traits": {"en": "Traits", "fa": "ویژگی‌ها"},
    "customer.no_orders": {"en": "No orders.", "fa": "سفارشی ندارد."},
    # demo
    "demo.generating": {
        "en": "Generating a demo shop with {customers} customers (seed {seed})",
        "fa": "ساخت فروشگاه نمونه با {customers} مشتری (بذر {seed})",
    },
    "demo.generated": {
        "en": "Generated {rows} rows in {seconds:.1f} s",
        "fa": "{rows} ردیف در {seconds:.1f} ثانیه ساخته شد",
    },
    "demo.done": {
        "en": "Demo workspace ready at {path} ({seconds:.1f} s). Next: segmint --workspace "
        "{path} status",
        "fa": "فضای کار نمونه در {path} آماده است ({seconds:.1f} ثانیه). گام بعد: segmint "
        "--workspace {path} status",
    },
    # tags and fields
    "fields.bad_columns": {
        "en": "Unknown columns: {columns}. Columns are: {choices}; custom fields: {fields}",
        "fa": "ستون‌های ناشناخته: {columns}. ستون‌ها: {choices}؛ فیلدهای سفارشی: {fields}",
    },
    "fields.custom": {
        "en": "Custom fields ({customers} customers)",
        "fa": "فیلدهای سفارشی ({customers} مشتری)",
    },
    "fields.builtin": {"en": "Profile fields", "fa": "فیلدهای نمایه"},
    "fields.none": {
        "en": "No custom fields yet: columns an import does not recognise are kept as custom "
        "fields.",
        "fa": "هنوز فیلد سفارشی نیست: ستون‌هایی که ورود داده نمی‌شناسد فیلد سفارشی نگه داشته می‌شوند.",
    },
    "fields.field": {"en": "field", "fa": "فیلد"},
    "fields.type": {"en": "type", "fa": "نوع"},
    "fields.customers": {"en": "customers", "fa": "مشتریان"},
    "fields.fill_rate": {"en": "filled", "fa": "پرشده"},
    "fields.distinct": {"en": "distinct", "fa": "مقدار یکتا"},
    "fields.values": {"en": "values (customers)", "fa": "مقدارها (مشتریان)"},
    "fields.range": {
        "en": "from {low} to {high}; {values}",
        "fa": "از {low} تا {high}؛ {values}",
    },
    "fields.more": {"en": "… {count} more", "fa": "… و {count} مقدار دیگر"},
    "fields.type.number": {"en": "number", "fa": "عدد"},
    "fields.type.date": {"en": "date", "fa": "تاریخ"},
    "fields.type.bool": {"en": "yes/no", "fa": "بله/خیر"},
    "fields.type.text": {"en": "text", "fa": "متن"},
    "fields.type.multi-select": {"en": "multi-select", "fa": "چندگزینه‌ای"},
    "tags.empty": {
        "en": "The tag is empty; give a tag text.",
        "fa": "برچسب خالی است؛ متن برچسب را بدهید.",
    },
    "tags.one_source": {
        "en": "Choose the customers with exactly one of --query RULE or --ids FILE.",
        "fa": "مشتریان را دقیقاً با یکی از ‎--query RULE‎ یا ‎--ids FILE‎ انتخاب کنید.",
    },
    "tags.bad_action": {
        "en": "Unknown tag action {action!r}; use add or remove.",
        "fa": "کار {action!r} روی برچسب ناشناخته است؛ add یا remove را به کار ببرید.",
    },
    "tags.added": {
        "en": "Tag {tag!r}: {matched} customers matched, {changed} tagged, {already} already had it",
        "fa": "برچسب {tag!r}: {matched} مشتری انتخاب شد، به {changed} مشتری افزوده شد، {already} "
        "مشتری از پیش آن را داشتند",
    },
    "tags.removed": {
        "en": "Tag {tag!r}: {matched} customers matched, removed from {changed}, {already} did "
        "not have it",
        "fa": "برچسب {tag!r}: {matched} مشتری انتخاب شد، از {changed} مشتری برداشته شد، {already} "
        "مشتری آن را نداشتند",
    },
    "tags.unmatched": {
        "en": "{unmatched} of {values} values in the file matched no customer: {sample}",
        "fa": "{unmatched} از {values} مقدار پرونده با هیچ مشتری جور نشد: {sample}",
    },
    "tags.list": {
        "en": "Tags ({tagged} of {customers} customers tagged)",
        "fa": "برچسب‌ها ({tagged} از {customers} مشتری برچسب دارند)",
    },
    "tags.cloud": {"en": "Tag cloud", "fa": "ابر برچسب‌ها"},
    "tags.none": {
        "en": "No tags yet. Add one with: segmint tags add TAG --query RULE",
        "fa": "هنوز برچسبی نیست. بیفزایید با: segmint tags add TAG --query RULE",
    },
    "tags.tag": {"en": "tag", "fa": "برچسب"},
    "tags.customers": {"en": "customers", "fa": "مشتریان"},
    "tags.log": {"en": "Tag changes", "fa": "تغییرهای برچسب"},
    "tags.log_empty": {
        "en": "No tag changes logged yet.",
        "fa": "هنوز تغییری در برچسب‌ها ثبت نشده است.",
    },
    "tags.at": {"en": "when", "fa": "زمان"},
    "tags.actor": {"en": "who", "fa": "چه کسی"},
    "tags.action": {"en": "action", "fa": "کار"},
    "tags.source": {"en": "rule or file", "fa": "قاعده یا پرونده"},
    "tags.matched": {"en": "matched", "fa": "انتخاب‌شده"},
    "tags.changed": {"en": "changed", "fa": "تغییرکرده"},
    "tags.action.add": {"en": "add", "fa": "افزودن"},
    "tags.action.remove": {"en": "remove", "fa": "برداشتن"},
    # lib (steps and CLI tables)
    "lib.phase.cluster_fit": {"en": "Fitting clusters", "fa": "برازش خوشه‌ها"},
    "lib.phase.demo_generate": {
        "en": "Generating the demo shop's files",
        "fa": "ساخت پرونده‌های فروشگاه نمونه",
    },
    "lib.phase.demo_generated": {"en": "Demo files written", "fa": "پرونده‌های نمونه نوشته شد"},
    "lib.phase.import_customers": {"en": "Importing customers", "fa": "ورود مشتریان"},
    "lib.phase.import_orders": {"en": "Importing orders", "fa": "ورود سفارش‌ها"},
    "lib.phase.import_items": {"en": "Importing order items", "fa": "ورود اقلام سفارش"},
    "lib.phase.import_events": {"en": "Importing events", "fa": "ورود رویدادها"},
    "lib.phase.import_feedback": {"en": "Importing feedback", "fa": "ورود بازخوردها"},
    "lib.phase.import_costs": {"en": "Importing acquisition costs", "fa": "ورود هزینه‌های جذب"},
    "lib.kind.customers": {"en": "customers", "fa": "مشتریان"},
    "lib.kind.orders": {"en": "orders", "fa": "سفارش‌ها"},
    "lib.kind.lines": {"en": "invoice lines", "fa": "سطرهای فاکتور"},
    "lib.kind.items": {"en": "order items", "fa": "اقلام سفارش"},
    "lib.kind.events": {"en": "events", "fa": "رویدادها"},
    "lib.kind.feedback": {"en": "feedback", "fa": "بازخوردها"},
    "lib.kind.costs": {"en": "acquisition costs", "fa": "هزینه‌های جذب"},
    "lib.seconds": {"en": "s", "fa": "ثانیه"},
    "lib.field.customer_id": {"en": "customer id", "fa": "شناسهٔ مشتری"},
    "lib.field.name": {"en": "name", "fa": "نام"},
    "lib.field.phone": {"en": "phone", "fa": "تلفن همراه"},
    "lib.field.email": {"en": "email", "fa": "ایمیل"},
    "lib.field.gender": {"en": "gender", "fa": "جنسیت"},
    "lib.field.birth_date": {"en": "birth date", "fa": "تاریخ تولد"},
    "lib.field.occupation": {"en": "occupation", "fa": "شغل"},
    "lib.field.marital_status": {"en": "marital status", "fa": "وضعیت تأهل"},
    "lib.field.education": {"en": "education", "fa": "تحصیلات"},
    "lib.field.income": {"en": "monthly income", "fa": "درآمد ماهانه"},
    "lib.field.income_band": {"en": "income band", "fa": "بازهٔ درآمد"},
    "lib.field.age_band": {"en": "age band", "fa": "بازهٔ سنی"},
    "lib.field.province": {"en": "province", "fa": "استان"},
    "lib.field.city": {"en": "city", "fa": "شهر"},
    "lib.field.neighbourhood": {"en": "neighbourhood", "fa": "محله"},
    "lib.field.signup_date": {"en": "signup date", "fa": "تاریخ عضویت"},
    "lib.field.acquisition_channel": {"en": "acquisition channel", "fa": "کانال جذب"},
    "lib.field.acquisition_campaign": {"en": "acquisition campaign", "fa": "کمپین جذب"},
    "lib.field.sms_consent": {"en": "SMS consent", "fa": "رضایت پیامک"},
    "lib.field.email_consent": {"en": "email consent", "fa": "رضایت ایمیل"},
    "lib.field.wallet_estimate": {"en": "yearly category spend", "fa": "هزینهٔ سالانهٔ دسته"},
    "lib.field.tags": {"en": "tags", "fa": "برچسب‌ها"},
    "lib.field.first_seen": {"en": "first seen", "fa": "نخستین حضور"},
    "lib.field.orders": {"en": "completed orders", "fa": "سفارش‌های تکمیل‌شده"},
    "lib.field.revenue": {"en": "revenue", "fa": "درآمد"},
    "lib.field.returned": {"en": "returned", "fa": "مبلغ مرجوعی"},
    "lib.field.first_order": {"en": "first order", "fa": "نخستین سفارش"},
    "lib.field.last_order": {"en": "last order", "fa": "آخرین سفارش"},
    "lib.field.rfm_group": {"en": "RFM group", "fa": "گروه RFM"},
    "lib.field.lifecycle_stage": {"en": "lifecycle stage", "fa": "مرحلهٔ چرخهٔ عمر"},
    "lib.field.stage_since": {"en": "in this stage since", "fa": "در این مرحله از"},
    "lib.field.recency_days": {"en": "days since last order", "fa": "روز از آخرین سفارش"},
    "lib.field.frequency": {"en": "orders (frequency)", "fa": "تعداد سفارش (تکرار)"},
    "lib.field.monetary": {"en": "total spend", "fa": "جمع خرید"},
    "lib.field.p_alive": {"en": "chance still active", "fa": "احتمال فعال‌بودن"},
    "lib.field.expected_next_order_date": {
        "en": "expected next order",
        "fa": "سفارش بعدی پیش‌بینی‌شده",
    },
    "lib.field.clv_365d": {"en": "CLV (365 d)", "fa": "ارزش ۳۶۵ روز آینده"},
    "lib.field.favourite_category": {"en": "favourite category", "fa": "دستهٔ محبوب"},
    "lib.field.last_csat": {"en": "last satisfaction score", "fa": "آخرین امتیاز رضایت"},
    "lib.field.generation": {"en": "generation", "fa": "نسل"},
    "lib.field.as_of": {"en": "day", "fa": "روز"},
    "lib.field.key": {"en": "key", "fa": "کلید"},
    "lib.order_status.completed": {"en": "Completed", "fa": "تکمیل‌شده"},
    "lib.order_status.cancelled": {"en": "Cancelled", "fa": "لغوشده"},
    "lib.order_status.returned": {"en": "Returned", "fa": "مرجوع‌شده"},
    "lib.segment_kind.rule": {"en": "rule", "fa": "قاعده"},
    "lib.segment_kind.static": {"en": "static list", "fa": "فهرست ثابت"},
    "lib.segment_kind.family": {"en": "built-in", "fa": "پیش‌ساخته"},
    "lib.segment_kind.cluster": {"en": "cluster rule", "fa": "قاعدهٔ خوشه"},
    "lib.yes": {"en": "yes", "fa": "بله"},
    "lib.no": {"en": "no", "fa": "خیر"},
    # cli (startup, languages)
    "settings.bad_toml": {
        "en": "{path}: not valid TOML: {error}",
        "fa": "{path}: قالب TOML درست نیست: {error}",
    },
    "settings.invalid": {
        "en": "{path}: {problems}",
        "fa": "تنظیم نادرست در {path}: {problems}",
    },
    "settings.unknown_zone": {
        "en": "unknown time zone {zone!r}; use an IANA name such as 'UTC' or 'Asia/Tehran'",
        "fa": "منطقهٔ زمانی ناشناختهٔ {zone!r}؛ نامی از IANA مانند 'UTC' یا 'Asia/Tehran' بدهید",
    },
    "cli.unknown_lang": {
        "en": "Unknown language {lang!r}: use en or fa",
        "fa": "زبان ناشناختهٔ {lang!r}: en یا fa را به کار ببرید",
    },
    # cli: clustering errors (were written inline, English with Persian in parentheses)
    "clustering.too_few": {
        "en": "need at least 3 customers to cluster, got {customers}",
        "fa": "برای خوشه‌بندی دست‌کم ۳ مشتری لازم است؛ {customers} مشتری داده شد",
    },
    "clustering.not_fitted": {
        "en": "CustomerClusterer is not fitted yet; call fit first",
        "fa": "مدل خوشه‌بندی هنوز آموزش ندیده است؛ ابتدا fit را اجرا کنید",
    },
    "clustering.bad_k": {
        "en": "k must be 'auto' or a whole number between 2 and {high}, got {k!r}",
        "fa": "k باید auto یا عددی صحیح بین ۲ و {high} باشد، نه {k!r}",
    },
    "clustering.empty_k_range": {
        "en": "k_range {k_range} leaves no k to try on {rows} distinct rows",
        "fa": "بازهٔ k {k_range} روی {rows} ردیف یکتا هیچ مقدار قابل‌آزمونی ندارد",
    },
    "clustering.not_2d": {
        "en": "expected a 2-D table of customers x features, got shape {shape}",
        "fa": "جدولی دوبعدی از مشتری‌ها و ویژگی‌ها لازم است؛ شکل داده‌شده {shape} است",
    },
    "clustering.store_unfitted": {
        "en": "only a fitted clusterer can be stored",
        "fa": "فقط مدل خوشه‌بندی آموزش‌دیده ذخیره می‌شود",
    },
    "clustering.assign_unfitted": {
        "en": "the clusterer is not fitted; fit it on a sample first",
        "fa": "مدل خوشه‌بندی هنوز آموزش ندیده است؛ نخست آن را روی یک نمونه آموزش دهید",
    },
    "clustering.match_unfitted": {
        "en": "both models must be fitted before their clusters can be matched",
        "fa": "پیش از جفت‌کردن خوشه‌ها هر دو مدل باید آموزش دیده باشند",
    },
    "clustering.synthetic_k": {
        "en": "k must be between 2 and {high}, got {k}",
        "fa": "k باید بین ۲ و {high} باشد، نه {k}",
    },
    "clustering.unknown_groups": {
        "en": "unknown feature group(s) {unknown}; choose from {choices}",
        "fa": "گروه ویژگی ناشناخته {unknown}؛ از میان {choices} برگزینید",
    },
    "clustering.empty_features": {
        "en": "the feature table is empty",
        "fa": "جدول ویژگی‌ها خالی است",
    },
    "clustering.constant_features": {
        "en": "every chosen feature is constant or missing; pick other feature groups",
        "fa": "ویژگی‌های انتخاب‌شده همه ثابت یا خالی‌اند؛ گروه ویژگی دیگری برگزینید",
    },
    "clustering.missing_columns": {
        "en": "the data lacks feature column(s) {columns} the model was fitted on",
        "fa": "ستون‌های {columns} که مدل با آن‌ها آموزش دیده در داده نیست",
    },
    # cli: query language errors (were query/messages.py)
    "query.empty": {"en": "the rule is empty", "fa": "قاعده خالی است"},
    "query.too_deep": {
        "en": "the rule is nested too deeply at {where}; use fewer parentheses or NOTs",
        "fa": "قاعده در {where} بیش از حد تودرتو است؛ پرانتز یا NOT کمتری به کار ببرید",
    },
    "query.unexpected": {
        "en": "unexpected {found} at {where}; expected {expected}",
        "fa": "{found} در {where} انتظار نمی‌رفت؛ باید {expected} بیاید",
    },
    "query.unquoted_text": {
        "en": "unexpected {found} at {where}; text values need quotes: '{word}'",
        "fa": "{found} در {where} انتظار نمی‌رفت؛ مقدار متنی باید در گیومه باشد: '{word}'",
    },
    "query.unexpected_end": {
        "en": "the rule ends too early at {where}; expected {expected}",
        "fa": "قاعده در {where} زودتر از انتظار تمام شد؛ باید {expected} بیاید",
    },
    "query.unexpected_char": {
        "en": "unexpected character {found} at {where}",
        "fa": "نویسهٔ {found} در {where} انتظار نمی‌رفت",
    },
    "query.unterminated_string": {
        "en": "unterminated string at {where}; close it with {quote}",
        "fa": "رشتهٔ بسته‌نشده در {where}؛ آن را با {quote} ببندید",
    },
    "query.bad_date": {
        "en": "invalid date '{literal}' at {where}",
        "fa": "تاریخ نامعتبر «{literal}» در {where}",
    },
    "query.bad_unit": {
        "en": "unknown date unit '{unit}' at {where}; use d (days), w (weeks), m (months) "
        "or y (years)",
        "fa": "واحد تاریخ ناشناخته «{unit}» در {where}؛ از d (روز)، w (هفته)، m (ماه) یا y (سال) "
        "استفاده کنید",
    },
    "query.unknown_field": {
        "en": "unknown field '{name}' at {where}",
        "fa": "فیلد ناشناخته «{name}» در {where}",
    },
    "query.unknown_collection": {
        "en": "unknown behaviour '{name}' at {where}; behaviours are {choices}",
        "fa": "رفتار ناشناخته «{name}» در {where}؛ رفتارها: {choices}",
    },
    "query.unknown_collection_field": {
        "en": "unknown field '{name}' of {collection} at {where}",
        "fa": "فیلد ناشناختهٔ «{name}» برای {collection} در {where}",
    },
    "query.unknown_segment": {
        "en": "unknown segment '{name}' at {where}",
        "fa": "بخش ناشناخته «{name}» در {where}",
    },
    "query.suggestion": {
        "en": "; did you mean '{suggestion}'?",
        "fa": "؛ منظورتان «{suggestion}» بود؟",
    },
    "query.type_mismatch": {
        "en": "field '{name}' holds {kind}, but the value at {where} is {value_kind}",
        "fa": "فیلد «{name}» {kind} دارد، اما مقدار در {where} {value_kind} است",
    },
    "query.not_a_date": {
        "en": "'{literal}' at {where} is not a date; field '{name}' holds dates "
        "(write 2024-01-31, 1402-11-11, -30d or today)",
        "fa": "«{literal}» در {where} تاریخ نیست؛ فیلد «{name}» تاریخ دارد "
        "(بنویسید 2024-01-31، 1402-11-11، -30d یا today)",
    },
    "query.contains_needs_list": {
        "en": "CONTAINS needs a list or text field; '{name}' at {where} holds {kind}",
        "fa": "CONTAINS فیلد فهرستی یا متنی می‌خواهد؛ «{name}» در {where} {kind} دارد",
    },
    "query.list_needs_contains": {
        "en": "'{name}' at {where} is a list; use CONTAINS, CONTAINS ANY (...) or "
        "CONTAINS ALL (...)",
        "fa": "«{name}» در {where} فهرست است؛ از CONTAINS، CONTAINS ANY (...) یا "
        "CONTAINS ALL (...) استفاده کنید",
    },
    "query.boolean_order": {
        "en": "'{name}' at {where} is true or false; compare it with = or !=",
        "fa": "«{name}» در {where} درست یا نادرست است؛ آن را با = یا != مقایسه کنید",
    },
    "query.aggregate_order": {
        "en": "'{name}' at {where} is a total; use a comparison or BETWEEN",
        "fa": "«{name}» در {where} یک جمع است؛ از مقایسه یا BETWEEN استفاده کنید",
    },
    "query.only_null": {
        "en": "'{name}' at {where} can only be tested with IS NULL or IS NOT NULL",
        "fa": "«{name}» در {where} را فقط با IS NULL یا IS NOT NULL می‌توان آزمود",
    },
    "query.cycle": {
        "en": "segments refer to each other in a cycle: {cycle}",
        "fa": "بخش‌ها در یک چرخه به هم ارجاع می‌دهند: {cycle}",
    },
    "query.unknown_part": {
        "en": "unknown calendar part '{name}' at {where}; use one of {choices}",
        "fa": "بخش تقویمی ناشناختهٔ «{name}» در {where}؛ یکی از این‌ها را به کار ببرید: {choices}",
    },
    "query.part_needs_date": {
        "en": "{part}() at {where} needs a date field; '{name}' holds {kind}",
        "fa": "{part}() در {where} فیلد تاریخ می‌خواهد؛ «{name}» {kind} دارد",
    },
    "query.bad_part_value": {
        "en": "'{literal}' at {where} is not a value of {part}(); valid values: {choices}",
        "fa": "«{literal}» در {where} مقداری از {part}() نیست؛ مقدارهای معتبر: {choices}",
    },
    "query.part_operator": {
        "en": "a calendar part at {where} takes a comparison, BETWEEN or IN, not {operator}",
        "fa": "بخش تقویمی در {where} با مقایسه، BETWEEN یا IN می‌آید، نه {operator}",
    },
    "query.part_order": {
        "en": "{part}() at {where} compares with = , != , IN or NOT IN",
        "fa": "{part}() در {where} را با = ، != ، IN یا NOT IN مقایسه کنید",
    },
    "query.unknown_enum_value": {
        "en": "'{literal}' at {where} is not a value of '{name}'; valid values: {choices}",
        "fa": "«{literal}» در {where} مقداری از «{name}» نیست؛ مقدارهای معتبر: {choices}",
    },
    "query.ambiguous_field": {
        "en": "'{name}' at {where} could mean the custom fields {choices}; write one of them",
        "fa": "«{name}» در {where} می‌تواند هر یک از فیلدهای سفارشی {choices} باشد؛ یکی را بنویسید",
    },
    "query.collision": {
        "en": "the imported custom field '{name}' has the name of a profile field: '{name}' "
        "in a rule means the profile field; write {custom} for the imported one",
        "fa": "فیلد سفارشی واردشدهٔ «{name}» هم‌نام یک فیلد نمایه است: «{name}» در قاعده "
        "یعنی فیلد نمایه؛ برای فیلد واردشده بنویسید {custom}",
    },
    "query.bad_json": {
        "en": "invalid rule tree at {path}: {problem}",
        "fa": "درخت قاعدهٔ نامعتبر در {path}: {problem}",
    },
    "query.where.unknown": {"en": "an unknown position", "fa": "جای نامعلوم"},
    "query.where.column": {"en": "column {column}", "fa": "ستون {column}"},
    "query.where.line_column": {
        "en": "line {line}, column {column}",
        "fa": "سطر {line}، ستون {column}",
    },
    # cli: kinds of field and value named in query errors
    "query.kind.text": {"en": "text", "fa": "متن"},
    "query.kind.number": {"en": "a number", "fa": "عدد"},
    "query.kind.date": {"en": "a date", "fa": "تاریخ"},
    "query.kind.timestamp": {"en": "a date", "fa": "تاریخ"},
    "query.kind.boolean": {"en": "true or false", "fa": "درست یا نادرست"},
    "query.kind.list": {"en": "a list", "fa": "فهرست"},
    # cli: grammar terminals named in query errors
    "query.token.value": {"en": "a value", "fa": "یک مقدار"},
    "query.token.name": {"en": "a field name", "fa": "نام یک فیلد"},
    "query.token.operator": {"en": "an operator", "fa": "یک عملگر"},
    "query.token.end": {"en": "the end of the rule", "fa": "پایان قاعده"},
    "query.token.or": {"en": "or", "fa": "یا"},
    # cli: model input errors (were models/_inputs.py)
    "model.not_1d": {
        "en": "{name} must be a one-dimensional array of numbers; got shape {shape}.",
        "fa": "{name} باید آرایه‌ای یک‌بعدی از اعداد باشد؛ شکل داده‌شده {shape} است.",
    },
    "model.not_numeric": {
        "en": "{name} must contain numbers only.",
        "fa": "{name} باید فقط عدد داشته باشد.",
    },
    "model.empty": {
        "en": "{name} is empty: a model needs at least one customer.",
        "fa": "{name} خالی است: مدل دست‌کم به یک مشتری نیاز دارد.",
    },
    "model.length": {
        "en": "Inputs must have the same length; got {lengths}.",
        "fa": "ورودی‌ها باید هم‌طول باشند؛ طول‌ها {lengths} است.",
    },
    "model.not_finite": {
        "en": "{name} has {count} missing or infinite value(s); remove or fill them first.",
        "fa": "{name} دارای {count} مقدار خالی یا بی‌نهایت است؛ ابتدا آن‌ها را حذف یا پر کنید.",
    },
    "model.negative": {
        "en": "{name} has {count} negative value(s); it cannot be below 0.",
        "fa": "{name} دارای {count} مقدار منفی است؛ نمی‌تواند کمتر از ۰ باشد.",
    },
    "model.not_positive": {
        "en": "{name} must be > 0; got {value!r}.",
        "fa": "{name} باید بزرگ‌تر از ۰ باشد؛ مقدار داده‌شده {value!r} است.",
    },
    "model.statistic": {
        "en": "statistic must be 'mean' or 'median'; got {value!r}.",
        "fa": "statistic باید 'mean' یا 'median' باشد؛ مقدار داده‌شده {value!r} است.",
    },
    "model.not_integer": {
        "en": "frequency must count repeat purchases (whole numbers); {count} value(s) are not.",
        "fa": "frequency باید تعداد خریدهای تکراری (عدد صحیح) باشد؛ {count} مقدار صحیح نیست.",
    },
    "model.recency_gt_T": {
        "en": "recency is greater than T for {count} customer(s); recency is the time from the "
        "first to the last purchase and cannot exceed the customer's age T.",
        "fa": "برای {count} مشتری recency از T بیشتر است؛ recency فاصلهٔ نخستین تا آخرین خرید "
        "است و نمی‌تواند از سن مشتری (T) بیشتر باشد.",
    },
    "model.zero_freq_recency": {
        "en": "{count} customer(s) have frequency 0 but recency > 0; with no repeat purchase "
        "recency must be 0.",
        "fa": "{count} مشتری frequency برابر ۰ ولی recency بزرگ‌تر از ۰ دارند؛ بدون خرید تکراری "
        "recency باید ۰ باشد.",
    },
    "model.weights": {
        "en": "weights must be positive whole-customer counts (or positive numbers) of the "
        "same length as the data.",
        "fa": "weights باید اعدادی مثبت و هم‌طول با داده‌ها باشد.",
    },
    "model.monetary_positive": {
        "en": "monetary_value must be > 0 for customers with repeat purchases; {count} are not.",
        "fa": "برای مشتریان دارای خرید تکراری monetary_value باید بزرگ‌تر از ۰ باشد؛ "
        "{count} مورد نیست.",
    },
    "model.no_repeat": {
        "en": "Gamma-Gamma needs customers with at least one repeat purchase; there are none.",
        "fa": "مدل گاما-گاما به مشتریانی با دست‌کم یک خرید تکراری نیاز دارد؛ هیچ‌کدام نیست.",
    },
    "model.not_converged": {
        "en": "{model} did not converge: {reason}. Try penalizer > 0 or check the data.",
        "fa": "{model} همگرا نشد: {reason}. penalizer بزرگ‌تر از ۰ را بیازمایید یا داده را "
        "بررسی کنید.",
    },
    "model.penalizer": {
        "en": "penalizer must be a number >= 0; got {value!r}.",
        "fa": "penalizer باید عددی بزرگ‌تر یا مساوی ۰ باشد؛ مقدار داده‌شده {value!r} است.",
    },
    "model.not_fitted": {
        "en": "This {model} is not fitted yet; call fit(...) before predicting.",
        "fa": "این {model} هنوز برازش نشده است؛ پیش از پیش‌بینی fit(...) را فراخوانی کنید.",
    },
    "model.mean_spend": {
        "en": "The fitted q = {q:.4g} is <= 1, so the mean spend per transaction is infinite.",
        "fa": "مقدار برازش‌شدهٔ q = {q:.4g} کوچک‌تر یا مساوی ۱ است و میانگین خرج هر تراکنش "
        "بی‌نهایت می‌شود.",
    },
    # cli: CLV scoring errors (were traits/clv.py)
    "clv.columns": {
        "en": "CLV scoring needs the columns {needed}; the summary has {found}",
        "fa": "امتیازدهی CLV به ستون‌های {needed} نیاز دارد؛ خلاصه این ستون‌ها را دارد: {found}",
    },
    "clv.no_buyers": {
        "en": "CLV scoring needs at least one customer with a completed order",
        "fa": "امتیازدهی CLV دست‌کم به یک مشتری با سفارش تکمیل‌شده نیاز دارد",
    },
    # cli: traits settings errors: RFM map, lifecycle, ages (were traits/config.py)
    "traits.cell_format": {
        "en": "RFM map: cell {cell!r} of group {group!r} is not two digits 'RF' "
        "between 1 and {bins}",
        "fa": "نقشهٔ RFM: خانهٔ {cell!r} در گروه {group!r} دو رقم «RF» بین ۱ و {bins} نیست",
    },
    "traits.cell_twice": {
        "en": "RFM map: cell {cell!r} belongs to both {first!r} and {second!r}; "
        "each cell must belong to exactly one group",
        "fa": "نقشهٔ RFM: خانهٔ {cell!r} هم در {first!r} است و هم در {second!r}؛ "
        "هر خانه باید دقیقاً در یک گروه باشد",
    },
    "traits.cells_missing": {
        "en": "RFM map: cells {cells} belong to no group; every cell of the "
        "{bins}x{bins} grid needs exactly one group",
        "fa": "نقشهٔ RFM: خانه‌های {cells} در هیچ گروهی نیستند؛ هر خانهٔ جدول "
        "{bins}×{bins} باید دقیقاً یک گروه داشته باشد",
    },
    "traits.fm_weights": {
        "en": "RFM: frequency_weight and monetary_weight cannot both be 0",
        "fa": "RFM: وزن تکرار و وزن مبلغ نمی‌توانند هر دو صفر باشند",
    },
    "traits.percentiles": {
        "en": "lifecycle: active_percentile ({a}) must be below lapsed_percentile ({b})",
        "fa": "چرخهٔ عمر: صدک فعال ({a}) باید کمتر از صدک ریزش ({b}) باشد",
    },
    "traits.fixed_days": {
        "en": "lifecycle: active_days ({a}) must be below lapsed_days ({b})",
        "fa": "چرخهٔ عمر: active_days ({a}) باید کمتر از lapsed_days ({b}) باشد",
    },
    "traits.age_edges": {
        "en": "age_band_edges must be strictly increasing positive ages, got {edges}",
        "fa": "age_band_edges باید سن‌های مثبت و اکیداً صعودی باشند، مقدار داده‌شده: {edges}",
    },
    # cli: demo errors (were demo/generator.py)
    "demo.bad_range": {
        "en": "The demo window is empty: start {start} must be before end {end}.",
        "fa": "بازه دمو خالی است: تاریخ شروع {start} باید پیش از تاریخ پایان {end} باشد.",
    },
    "demo.bad_size": {
        "en": "The number of demo customers must be at least 1, not {customers}.",
        "fa": "تعداد مشتریان دمو باید دست‌کم ۱ باشد، نه {customers}.",
    },
    # core (tables, snapshots)
    # serve (server, jobs, problems)
    "serve.locked_by_server": {
        "en": "The segmint server at {url} (PID {pid}) holds the workspace {path}. Send the "
        "work through its API ({url}/docs), or stop the server (Ctrl+C in its terminal, or "
        "kill {pid}) and run the command again.",
        "fa": "سرور segmint در {url} (PID {pid}) فضای کار {path} را در دست دارد. کار را از راه "
        "API آن ({url}/docs) بفرستید، یا سرور را ببندید (Ctrl+C در پایانهٔ آن یا kill {pid}) و "
        "فرمان را دوباره اجرا کنید.",
    },
    "serve.problem.400": {"en": "Bad request", "fa": "درخواست نادرست"},
    "serve.nul_in_address": {
        "en": "The request's address holds a NUL character (%00), which no name, id or rule can contain.",
        "fa": "نشانی درخواست نویسهٔ NUL (%00) دارد که در هیچ نام، شناسه یا قاعده‌ای نمی‌آید.",
    },
    "serve.problem.401": {"en": "Not signed in", "fa": "وارد نشده‌اید"},
    "serve.problem.403": {"en": "Not allowed", "fa": "اجازه ندارید"},
    "serve.problem.404": {"en": "Not found", "fa": "پیدا نشد"},
    "serve.problem.405": {"en": "Method not allowed", "fa": "این روش مجاز نیست"},
    "serve.problem.409": {"en": "Conflict", "fa": "ناسازگاری"},
    "serve.problem.413": {"en": "Too large", "fa": "بیش از اندازه بزرگ"},
    "serve.problem.415": {"en": "Unsupported media type", "fa": "نوع محتوا پشتیبانی نمی‌شود"},
    "serve.problem.422": {"en": "Invalid input", "fa": "ورودی نامعتبر"},
    "serve.problem.423": {"en": "Workspace busy", "fa": "فضای کار در دست کار دیگری است"},
    "serve.problem.429": {"en": "Too many requests", "fa": "درخواست‌های بیش از اندازه"},
    "serve.problem.500": {"en": "Server error", "fa": "خطای سرور"},
    "serve.problem.503": {"en": "Service unavailable", "fa": "سرویس در دسترس نیست"},
    "serve.problem.other": {"en": "Request failed", "fa": "درخواست ناموفق بود"},
    "serve.unauthenticated": {
        "en": "Sign in, or send an API token as 'Authorization: Bearer TOKEN'.",
        "fa": "وارد شوید، یا توکن API را به‌صورت 'Authorization: Bearer TOKEN' بفرستید.",
    },
    "serve.forbidden": {
        "en": "The role {role} may not do this (needs the permission {permission}).",
        "fa": "نقش {role} اجازهٔ این کار را ندارد (مجوز {permission} لازم است).",
    },
    "serve.not_found": {
        "en": "Nothing at {path}; the API is under /api/v1 and described at /docs.",
        "fa": "در {path} چیزی نیست؛ API زیر ‎/api/v1‎ است و در ‎/docs‎ شرح داده شده است.",
    },
    "serve.invalid_request": {
        "en": "The request does not match the API: {errors}",
        "fa": "درخواست با API جور نیست: {errors}",
    },
    "serve.bad_cursor": {
        "en": "The page cursor is not one this server gave out; start again without it.",
        "fa": "نشانگر صفحه از این سرور نیست؛ بدون آن از نو شروع کنید.",
    },
    "serve.no_job": {"en": "No job {id}.", "fa": "کار {id} وجود ندارد."},
    "serve.no_import": {"en": "No import {id}.", "fa": "ورود {id} وجود ندارد."},
    "serve.no_run": {"en": "No run {id}.", "fa": "اجرای {id} وجود ندارد."},
    "serve.no_rejects": {
        "en": "Import {id} rejected no rows, so it has no reject file.",
        "fa": "ورود {id} هیچ ردیفی را رد نکرد، پس پروندهٔ ردشده‌ها ندارد.",
    },
    "serve.upload_too_large": {
        "en": "The file is larger than the server accepts ({limit} bytes).",
        "fa": "پرونده از اندازه‌ای که سرور می‌پذیرد ({limit} بایت) بزرگ‌تر است.",
    },
    "serve.ready": {
        "en": "Serving {path} at {url} (API docs: {url}/docs). The server holds the "
        "workspace: other segmint commands on it go through the API until you stop it "
        "with Ctrl+C.",
        "fa": "فضای کار {path} در {url} ارائه می‌شود (راهنمای API: {url}/docs). سرور فضای کار "
        "را در دست دارد: تا با Ctrl+C آن را نبندید، فرمان‌های دیگر segmint روی آن باید از "
        "راه API بروند.",
    },
    "serve.needs_secret": {
        "en": "Refusing to listen on {host}: beyond this machine the server needs a secret. "
        "Set SEGMINT_SERVER__SECRET to a random string of at least {length} characters "
        '(e.g. from: python -c "import secrets; print(secrets.token_urlsafe(32))"), or '
        "listen on 127.0.0.1.",
        "fa": "گوش دادن روی {host} پذیرفته نیست: بیرون از این رایانه سرور به یک رمز نیاز دارد. "
        "SEGMINT_SERVER__SECRET را یک رشتهٔ تصادفی دست‌کم {length} نویسه بگذارید (مثلاً از: "
        'python -c "import secrets; print(secrets.token_urlsafe(32))")، یا روی 127.0.0.1 '
        "گوش دهید.",
    },
    "serve.cannot_bind": {
        "en": "Cannot listen on {host}:{port}: {error}. Pick another port with --port, or "
        "stop what uses it.",
        "fa": "گوش دادن روی {host}:{port} ممکن نیست: {error}. با ‎--port‎ درگاه دیگری بدهید یا "
        "آنچه از آن استفاده می‌کند را ببندید.",
    },
    "serve.unexpected": {
        "en": "Unexpected server error (reference {reference}). It is logged on the server.",
        "fa": "خطای پیش‌بینی‌نشدهٔ سرور (شناسهٔ {reference}). در گزارش سرور ثبت شده است.",
    },
    # auth (users, tokens, roles, audit)
    "auth.unknown_role": {
        "en": "Unknown role {role!r}; roles are: {roles}.",
        "fa": "نقش {role!r} شناخته نیست؛ نقش‌ها: {roles}.",
    },
    "auth.forbidden": {
        "en": "The role {role} does not have the permission {permission}.",
        "fa": "نقش {role} مجوز {permission} را ندارد.",
    },
    "auth.password_short": {
        "en": "The password must have at least {length} characters (there is no default).",
        "fa": "گذرواژه باید دست‌کم {length} نویسه داشته باشد (گذرواژهٔ پیش‌فرض وجود ندارد).",
    },
    "auth.password_empty_stdin": {
        "en": "No password on standard input: pipe one in, e.g. "
        'printf %s "$PASSWORD" | segmint users add NAME --role R --password-stdin',
        "fa": "گذرواژه‌ای در ورودی استاندارد نیست: آن را با لوله بدهید، مثلاً "
        'printf %s "$PASSWORD" | segmint users add NAME --role R --password-stdin',
    },
    "auth.password_prompt": {"en": "Password for {name}", "fa": "گذرواژهٔ {name}"},
    "auth.too_many_attempts": {
        "en": "Too many failed logins; try again in {seconds} s.",
        "fa": "ورودهای ناموفق بیش از اندازه بود؛ {seconds} ثانیهٔ دیگر دوباره بکوشید.",
    },
    "auth.bad_name": {
        "en": "{name!r} cannot be a name: use 1 to 256 characters without spaces.",
        "fa": "{name!r} نمی‌تواند نام باشد: ۱ تا ۲۵۶ نویسهٔ بدون فاصله به کار ببرید.",
    },
    "auth.user_exists": {
        "en": "A user named {name} already exists; remove it first or pick another name.",
        "fa": "کاربری به نام {name} از پیش هست؛ نخست آن را بردارید یا نام دیگری برگزینید.",
    },
    "auth.unknown_user": {
        "en": "No user named {name}; see: segmint users list",
        "fa": "کاربری به نام {name} نیست؛ ببینید: segmint users list",
    },
    "auth.login_failed": {
        "en": "Wrong user name or password.",
        "fa": "نام کاربری یا گذرواژه نادرست است.",
    },
    "auth.token_exists": {
        "en": "A live token named {name} already exists; revoke it first or pick another name.",
        "fa": "توکنی فعال به نام {name} از پیش هست؛ نخست آن را باطل کنید یا نام دیگری برگزینید.",
    },
    "auth.unknown_token": {
        "en": "No live token named {name}; see: segmint tokens list",
        "fa": "توکن فعالی به نام {name} نیست؛ ببینید: segmint tokens list",
    },
    "auth.bad_token": {
        "en": "The API token is unknown or has been revoked.",
        "fa": "توکن API ناشناخته است یا باطل شده است.",
    },
    "auth.session_expired": {
        "en": "The session has ended; log in again.",
        "fa": "نشست به پایان رسیده است؛ دوباره وارد شوید.",
    },
    "auth.no_credentials": {
        "en": "Log in, or send an API token as: Authorization: Bearer TOKEN",
        "fa": "وارد شوید، یا توکن API را چنین بفرستید: Authorization: Bearer TOKEN",
    },
    "auth.csrf_failed": {
        "en": "The form's CSRF token is missing or wrong; reload the page and try again.",
        "fa": "توکن CSRF فرم نیست یا نادرست است؛ صفحه را دوباره بارگذاری کنید و باز بکوشید.",
    },
    "auth.user_added": {
        "en": "Added user {name} with role {role}",
        "fa": "کاربر {name} با نقش {role} افزوده شد",
    },
    "auth.user_removed": {"en": "Removed user {name}", "fa": "کاربر {name} برداشته شد"},
    "auth.password_changed": {
        "en": "Changed the password of {name}; their browser sessions have ended",
        "fa": "گذرواژهٔ {name} عوض شد؛ نشست‌های مرورگرش پایان یافت",
    },
    "auth.token_created": {
        "en": "Created token {name} with role {role}. Copy it now; it will not be shown again:",
        "fa": "توکن {name} با نقش {role} ساخته شد. همین حالا رونوشت بگیرید؛ دیگر نشان داده نمی‌شود:",
    },
    "auth.token_revoked": {"en": "Revoked token {name}", "fa": "توکن {name} باطل شد"},
    "auth.no_users": {
        "en": "No users yet. Add one: segmint users add NAME --role admin --password-stdin",
        "fa": "هنوز کاربری نیست. بیفزایید: segmint users add NAME --role admin --password-stdin",
    },
    "auth.no_tokens": {
        "en": "No live tokens. Create one: segmint tokens create NAME --role viewer",
        "fa": "توکن فعالی نیست. بسازید: segmint tokens create NAME --role viewer",
    },
    "auth.remove_self": {
        "en": "You cannot remove yourself; ask another admin, or use: segmint users remove",
        "fa": "نمی‌توانید خودتان را بردارید؛ از مدیر دیگری بخواهید یا بزنید: segmint users remove",
    },
    "auth.col.id": {"en": "id", "fa": "شناسه"},
    "auth.col.name": {"en": "name", "fa": "نام"},
    "auth.col.role": {"en": "role", "fa": "نقش"},
    "auth.col.created": {"en": "created", "fa": "ساخته‌شده"},
    "auth.col.created_by": {"en": "created by", "fa": "سازنده"},
    "auth.col.last_login": {"en": "last login", "fa": "آخرین ورود"},
    "auth.col.last_used": {"en": "last used", "fa": "آخرین کاربرد"},
    "auth.col.prefix": {"en": "starts with", "fa": "آغاز"},
    "auth.col.revoked": {"en": "revoked", "fa": "باطل‌شده"},
    "auth.col.at": {"en": "when", "fa": "زمان"},
    "auth.col.actor": {"en": "who", "fa": "چه کسی"},
    "auth.col.action": {"en": "what", "fa": "چه کاری"},
    "auth.col.target": {"en": "on", "fa": "روی"},
    # api (customers, tags, ingest, segments, goals, clusters)
    "api.search_or_rule": {
        "en": "Give a search text (q) or a rule (rule), not both.",
        "fa": "یا متن جست‌وجو (q) بدهید یا قاعده (rule)، نه هر دو.",
    },
    "api.rule_or_ids": {
        "en": "Give either a rule or a list of customer ids.",
        "fa": "یا یک قاعده بدهید یا فهرستی از شناسه‌های مشتری.",
    },
    "api.family_or_names": {
        "en": "Give either a family (rfm, lifecycle, generation, value_matrix) or segment names.",
        "fa": "یا یک خانواده (rfm، lifecycle، generation، value_matrix) بدهید یا نام بخش‌ها.",
    },
    "api.goal_kpi": {
        "en": "Unknown KPI '{kpi}'; a goal is measured by one of: {known}",
        "fa": "شاخص «{kpi}» شناخته نیست؛ هدف با یکی از این‌ها سنجیده می‌شود: {known}",
    },
    "api.goal_direction": {
        "en": "Unknown direction '{direction}'; use one of: {known}",
        "fa": "جهت «{direction}» شناخته نیست؛ یکی از این‌ها را بدهید: {known}",
    },
    "api.goal_unknown": {
        "en": "No segment goal has the id {id}.",
        "fa": "هیچ هدف بخشی با شناسهٔ {id} نیست.",
    },
    "api.ingest_missing": {
        "en": "{kind} record {index} has no {field}; every {kind} record needs one.",
        "fa": "رکورد {index} از {kind} فیلد {field} را ندارد؛ هر رکورد {kind} به آن نیاز دارد.",
    },
    "api.ingest_value": {
        "en": "{kind} record {index}: {field} = {value!r} cannot be read ({reason}).",
        "fa": "رکورد {index} از {kind}: مقدار {value!r} برای {field} خوانده نمی‌شود ({reason}).",
    },
    "api.ingest_unknown_field": {
        "en": "{kind} record {index}: unknown field '{field}'; known fields are: {known}",
        "fa": "رکورد {index} از {kind}: فیلد «{field}» شناخته نیست؛ فیلدهای شناخته: {known}",
    },
    "api.ingest_empty": {
        "en": "Nothing to ingest: send customers, orders or events.",
        "fa": "چیزی برای دریافت نیست: مشتریان، سفارش‌ها یا رویدادها را بفرستید.",
    },
    "api.ingest_too_many": {
        "en": "A batch holds at most {limit} records; this one holds {count}. Split it, or "
        "import a file.",
        "fa": "هر دسته حداکثر {limit} رکورد دارد؛ این یکی {count} رکورد دارد. آن را بخش کنید یا "
        "پرونده وارد کنید.",
    },
    # reports
    "reports.no_segments": {
        "en": "No segments to report on: save one with segmint segments create, or name "
        "built-in ones such as rfm:champions.",
        "fa": "بخشی برای گزارش نیست: با segmint segments create یکی بسازید، یا بخش‌های آماده "
        "مانند rfm:champions را نام ببرید.",
    },
    "reports.bad_period": {
        "en": "The period starts on {since}, after it ends on {until}.",
        "fa": "بازه از {since} آغاز می‌شود که پس از پایانش در {until} است.",
    },
    "reports.bad_by": {
        "en": "Cannot group by {by!r}. Choose one of: {columns}; or a custom field "
        "(field:NAME): {fields}",
        "fa": "گروه‌بندی بر پایهٔ {by!r} ممکن نیست. یکی از این‌ها را برگزینید: {columns}؛ یا "
        "یک فیلد سفارشی (field:NAME): {fields}",
    },
    "reports.month_not_here": {
        "en": "This report cannot be grouped by month.",
        "fa": "این گزارش را نمی‌توان بر پایهٔ ماه گروه‌بندی کرد.",
    },
    "reports.bad_measures": {
        "en": "Unknown measures: {measures}. Measures are: {choices}",
        "fa": "سنجه‌های ناشناخته: {measures}. سنجه‌ها: {choices}",
    },
    "reports.bad_level": {
        "en": "Unknown level {level!r}; use product or category.",
        "fa": "سطح {level!r} ناشناخته است؛ product یا category را به کار ببرید.",
    },
    "reports.bad_acquisition": {
        "en": "Unknown grouping {by!r}; use channel or campaign.",
        "fa": "گروه‌بندی {by!r} ناشناخته است؛ channel یا campaign را به کار ببرید.",
    },
    "reports.bad_number": {
        "en": "{name} must be between {low} and {high}; got {value}.",
        "fa": "{name} باید میان {low} و {high} باشد؛ {value} داده شد.",
    },
    "reports.none": {"en": "(none)", "fa": "(هیچ)"},
    "reports.empty": {
        "en": "Nothing to report: no rows in this period.",
        "fa": "چیزی برای گزارش نیست: در این بازه ردیفی نیست.",
    },
    "reports.written": {
        "en": "Wrote {rows} rows to {path}",
        "fa": "{rows} ردیف در {path} نوشته شد",
    },
    "reports.title.pivot": {
        "en": "By {by} (as of {until})",
        "fa": "بر پایهٔ {by} (تا {until})",
    },
    "reports.title.acquisition": {
        "en": "Acquisition by {by} (as of {until})",
        "fa": "جذب مشتری بر پایهٔ {by} (تا {until})",
    },
    "reports.title.products": {
        "en": "Best sellers by {by} (as of {until})",
        "fa": "پرفروش‌ها بر پایهٔ {by} (تا {until})",
    },
    "reports.title.grid": {
        "en": "R x F grid (as of {until})",
        "fa": "جدول تازگی × دفعات (تا {until})",
    },
    "reports.title.cohorts": {
        "en": "Cohort retention by first-order month (as of {until})",
        "fa": "ماندگاری گروه‌ها بر پایهٔ ماه نخستین خرید (تا {until})",
    },
    "reports.col.key": {"en": "group", "fa": "گروه"},
    "reports.col.customers": {"en": "customers", "fa": "مشتریان"},
    "reports.col.orders": {"en": "orders", "fa": "سفارش‌ها"},
    "reports.col.revenue": {"en": "revenue", "fa": "درآمد"},
    "reports.col.avg_clv": {"en": "avg CLV", "fa": "میانگین ارزش طول عمر"},
    "reports.col.csat": {"en": "CSAT", "fa": "رضایت (CSAT)"},
    "reports.col.churn_risk": {"en": "churn risk", "fa": "خطر ریزش"},
    "reports.col.channel": {"en": "channel", "fa": "کانال"},
    "reports.col.campaign": {"en": "campaign", "fa": "کمپین"},
    "reports.col.cost": {"en": "cost", "fa": "هزینه"},
    "reports.col.cpa": {"en": "CPA", "fa": "هزینهٔ جذب (CPA)"},
    "reports.col.clv_cpa": {"en": "CLV/CPA", "fa": "ارزش/هزینهٔ جذب"},
    "reports.col.rank": {"en": "rank", "fa": "رتبه"},
    "reports.col.item": {"en": "item", "fa": "کالا"},
    "reports.col.name": {"en": "name", "fa": "نام"},
    "reports.col.units": {"en": "units", "fa": "تعداد"},
    "reports.col.share": {"en": "share", "fa": "سهم"},
    "reports.col.r_score": {"en": "R", "fa": "تازگی"},
    "reports.col.f_score": {"en": "F", "fa": "دفعات"},
    "reports.col.avg_revenue": {"en": "avg revenue", "fa": "میانگین درآمد"},
    "reports.col.customer_share": {"en": "customer share", "fa": "سهم مشتریان"},
    "reports.col.revenue_share": {"en": "revenue share", "fa": "سهم درآمد"},
    "reports.col.cohort": {"en": "cohort", "fa": "ماه نخستین خرید"},
    "reports.col.month": {"en": "month", "fa": "ماه"},
    "reports.col.active": {"en": "active", "fa": "فعال"},
    "reports.col.retention": {"en": "retention", "fa": "ماندگاری"},
    # tickets
    "tickets.all_rejected": {
        "en": "None of the {count} tickets was stored; see rejects for why.",
        "fa": "هیچ‌یک از {count} تیکت ذخیره نشد؛ چرایی را در rejects ببینید.",
    },
    "tickets.unknown_ticket": {
        "en": "no ticket '{ticket_id}'",
        "fa": "تیکتی با شناسهٔ «{ticket_id}» نیست",
    },
    "tickets.unknown_route": {
        "en": "no routing rule '{name}'; the rules are: {names}",
        "fa": "قاعدهٔ مسیریابی «{name}» نیست؛ قاعده\u200cها: {names}",
    },
    "tickets.route_exists": {
        "en": "a routing rule named '{name}' exists; remove it first or choose another name",
        "fa": "قاعدهٔ مسیریابی «{name}» هست؛ نخست آن را حذف کنید یا نام دیگری برگزینید",
    },
    "tickets.route_needs_name": {
        "en": "a routing rule needs a name and a queue",
        "fa": "قاعدهٔ مسیریابی نام و صف می\u200cخواهد",
    },
    "tickets.bad_priority": {
        "en": "unknown priority '{priority}'; use one of: {choices}",
        "fa": "اولویت «{priority}» شناخته نیست؛ یکی از این\u200cها را بدهید: {choices}",
    },
    "tickets.bad_sla": {
        "en": "the SLA must be a positive number of hours, not {sla}",
        "fa": "زمان پاسخ (SLA) باید شمار مثبتی از ساعت\u200cها باشد، نه {sla}",
    },
    "tickets.bad_position": {
        "en": "position {position} is out of range; use 1 to {last}",
        "fa": "جایگاه {position} بیرون از بازه است؛ عددی از ۱ تا {last} بدهید",
    },
    "tickets.bad_family": {
        "en": "unknown segment family '{family}'; use one of: {choices}",
        "fa": "خانوادهٔ بخش «{family}» شناخته نیست؛ یکی از این\u200cها را بدهید: {choices}",
    },
    "tickets.bad_status": {
        "en": "unknown ticket status '{status}'; use one of: {choices}",
        "fa": "وضعیت تیکت «{status}» شناخته نیست؛ یکی از این\u200cها را بدهید: {choices}",
    },
    "tickets.bad_date": {
        "en": "'{value}' is not a date (YYYY-MM-DD)",
        "fa": "«{value}» تاریخ نیست (YYYY-MM-DD)",
    },
    "tickets.route_which": {
        "en": "give one ticket id or --open, not both",
        "fa": "یک شناسهٔ تیکت یا --open بدهید، نه هر دو",
    },
    "tickets.no_match": {"en": "(no rule matched)", "fa": "(هیچ قاعده\u200cای نخورد)"},
    "tickets.everyone": {"en": "(everyone)", "fa": "(همه)"},
    "tickets.no_segment": {"en": "(no segment)", "fa": "(بدون بخش)"},
    "tickets.no_category": {"en": "(no category)", "fa": "(بدون دسته)"},
    "tickets.route_title": {
        "en": "Routing of ticket {ticket_id}",
        "fa": "مسیریابی تیکت {ticket_id}",
    },
    "tickets.open_title": {
        "en": "Open tickets, routed: {count}",
        "fa": "تیکت\u200cهای باز، مسیریابی\u200cشده: {count}",
    },
    "tickets.queues_title": {"en": "Tickets per queue", "fa": "تیکت\u200cها در هر صف"},
    "tickets.shown": {
        "en": "Showing {shown} of {count}; --json gives them all.",
        "fa": "{shown} از {count} نشان داده شد؛ \u200e--json همه را می\u200cدهد.",
    },
    "tickets.list_title": {"en": "Tickets: {count}", "fa": "تیکت\u200cها: {count}"},
    "tickets.rules_title": {
        "en": "Routing rules, tried in order",
        "fa": "قواعد مسیریابی، به ترتیب آزمون",
    },
    "tickets.rules_reset": {
        "en": "Routing rules reset to the defaults",
        "fa": "قواعد مسیریابی به پیش\u200cفرض\u200cها بازگشت",
    },
    "tickets.route_added": {
        "en": "Added routing rule {name} at position {position}.",
        "fa": "قاعدهٔ مسیریابی {name} در جایگاه {position} افزوده شد.",
    },
    "tickets.route_removed": {
        "en": "Removed routing rule {name}.",
        "fa": "قاعدهٔ مسیریابی {name} حذف شد.",
    },
    "tickets.report_segments_title": {"en": "Tickets by segment", "fa": "تیکت\u200cها بر پایهٔ بخش"},
    "tickets.report_grid_title": {
        "en": "Tickets by segment and category",
        "fa": "تیکت\u200cها بر پایهٔ بخش و دسته",
    },
    "tickets.report_total": {
        "en": "{tickets} tickets, {open} open, from {customers} customers.",
        "fa": "{tickets} تیکت، {open} باز، از {customers} مشتری.",
    },
    "tickets.col.ticket": {"en": "Ticket", "fa": "تیکت"},
    "tickets.col.customer": {"en": "Customer", "fa": "مشتری"},
    "tickets.col.category": {"en": "Category", "fa": "دسته"},
    "tickets.col.subject": {"en": "Subject", "fa": "موضوع"},
    "tickets.col.channel": {"en": "Channel", "fa": "کانال"},
    "tickets.col.status": {"en": "Status", "fa": "وضعیت"},
    "tickets.col.created": {"en": "Created", "fa": "زمان ثبت"},
    "tickets.col.queue": {"en": "Queue", "fa": "صف"},
    "tickets.col.priority": {"en": "Priority", "fa": "اولویت"},
    "tickets.col.sla": {"en": "SLA (hours)", "fa": "مهلت پاسخ (ساعت)"},
    "tickets.col.due": {"en": "Due", "fa": "سررسید"},
    "tickets.col.rule": {"en": "Rule", "fa": "قاعده"},
    "tickets.col.rule_category": {"en": "Rule's category", "fa": "دستهٔ قاعده"},
    "tickets.col.rule_text": {"en": "Rule's customers", "fa": "مشتریان قاعده"},
    "tickets.col.position": {"en": "#", "fa": "#"},
    "tickets.col.name": {"en": "Name", "fa": "نام"},
    "tickets.col.segment": {"en": "Segment", "fa": "بخش"},
    "tickets.col.tickets": {"en": "Tickets", "fa": "تیکت\u200cها"},
    "tickets.col.open": {"en": "Open", "fa": "باز"},
    "tickets.col.customers": {"en": "Customers", "fa": "مشتریان"},
    "tickets.col.members": {"en": "Segment size", "fa": "اندازهٔ بخش"},
    "tickets.col.per_100": {"en": "Per 100 customers", "fa": "در هر ۱۰۰ مشتری"},
    "tickets.priority.urgent": {"en": "urgent", "fa": "فوری"},
    "tickets.priority.high": {"en": "high", "fa": "بالا"},
    "tickets.priority.normal": {"en": "normal", "fa": "عادی"},
    "tickets.priority.low": {"en": "low", "fa": "پایین"},
    "tickets.status.open": {"en": "open", "fa": "باز"},
    "tickets.status.pending": {"en": "pending", "fa": "در انتظار"},
    "tickets.status.solved": {"en": "solved", "fa": "حل\u200cشده"},
    "tickets.status.closed": {"en": "closed", "fa": "بسته"},
    # glue (demo tickets, tickets on the customer card)
    "lib.phase.import_tickets": {"en": "Importing support tickets", "fa": "ورود تیکت‌های پشتیبانی"},
    "lib.kind.tickets": {"en": "support tickets", "fa": "تیکت‌های پشتیبانی"},
    "customer.tickets": {"en": "Support tickets", "fa": "تیکت‌های پشتیبانی"},
    "customer.no_tickets": {"en": "No support tickets.", "fa": "تیکت پشتیبانی ندارد."},
    # words (enum labels, segment families and templates, persona vocabulary)
    "label.rfm.champions": {"en": "Champions", "fa": "قهرمانان"},
    "label.rfm.loyal": {"en": "Loyal", "fa": "وفادار"},
    "label.rfm.potential_loyalist": {"en": "Potential Loyalist", "fa": "وفادار بالقوه"},
    "label.rfm.new": {"en": "New", "fa": "تازه‌وارد"},
    "label.rfm.promising": {"en": "Promising", "fa": "امیدوارکننده"},
    "label.rfm.need_attention": {"en": "Need Attention", "fa": "نیازمند توجه"},
    "label.rfm.about_to_sleep": {"en": "About to Sleep", "fa": "در آستانهٔ خواب"},
    "label.rfm.at_risk": {"en": "At Risk", "fa": "در معرض ریزش"},
    "label.rfm.cant_lose": {"en": "Can't Lose Them", "fa": "نباید از دستشان داد"},
    "label.rfm.hibernating": {"en": "Hibernating", "fa": "خواب زمستانی"},
    "label.rfm.lost": {"en": "Lost", "fa": "از دست رفته"},
    "label.lifecycle.prospect": {"en": "Prospect", "fa": "مشتری بالقوه"},
    "label.lifecycle.new": {"en": "New", "fa": "جدید"},
    "label.lifecycle.active": {"en": "Active", "fa": "فعال"},
    "label.lifecycle.loyal": {"en": "Loyal", "fa": "وفادار"},
    "label.lifecycle.at_risk": {"en": "At risk", "fa": "در معرض ریزش"},
    "label.lifecycle.lapsed": {"en": "Lapsed", "fa": "ریزش‌کرده"},
    "label.lifecycle.won_back": {"en": "Won back", "fa": "بازگشته"},
    "label.generation.alpha": {"en": "Generation Alpha", "fa": "نسل آلفا"},
    "label.generation.gen_z": {"en": "Generation Z", "fa": "نسل زد"},
    "label.generation.millennial": {"en": "Millennials", "fa": "هزاره‌ای‌ها (نسل وای)"},
    "label.generation.gen_x": {"en": "Generation X", "fa": "نسل ایکس"},
    "label.generation.boomer": {"en": "Baby Boomers", "fa": "بیبی‌بومرها"},
    "label.generation.silent": {"en": "Silent Generation", "fa": "نسل خاموش"},
    "label.gender.female": {"en": "Female", "fa": "زن"},
    "label.gender.male": {"en": "Male", "fa": "مرد"},
    "label.gender.other": {"en": "Other", "fa": "سایر"},
    "label.marital.single": {"en": "Single", "fa": "مجرد"},
    "label.marital.married": {"en": "Married", "fa": "متأهل"},
    "label.marital.divorced": {"en": "Divorced", "fa": "مطلقه"},
    "label.marital.widowed": {"en": "Widowed", "fa": "بیوه"},
    "label.stability.stable": {"en": "stable", "fa": "پایدار"},
    "label.stability.doubtful": {"en": "doubtful", "fa": "مردد"},
    "label.stability.unstable": {"en": "unstable", "fa": "ناپایدار"},
    "label.stability.dissolved": {"en": "dissolved", "fa": "ازهم‌پاشیده"},
    "label.age_band.under": {"en": "<{age}", "fa": "زیر {age}"},
    "label.age_band.over": {"en": "{age}+", "fa": "{age} به بالا"},
    "label.age_band.range": {"en": "{lo}-{hi}", "fa": "{lo} تا {hi}"},
    "segment.frozen_as_of": {"en": "{name} as of {day}", "fa": "{name} در {day}"},
    "family.rfm": {"en": "RFM group", "fa": "گروه RFM"},
    "family.lifecycle": {"en": "Lifecycle stage", "fa": "مرحلهٔ چرخهٔ عمر"},
    "family.generation": {"en": "Generation", "fa": "نسل"},
    "template.loyal_cashback.name": {
        "en": "Loyal customers for cashback",
        "fa": "مشتریان وفادار برای بازگشت وجه",
    },
    "template.loyal_cashback.description": {
        "en": "Champions and loyal customers with several orders: reward them.",
        "fa": "قهرمانان و مشتریان وفادار با چند سفارش: به آن‌ها پاداش بدهید.",
    },
    "template.loyal_cashback.min_orders": {"en": "Least orders", "fa": "کمترین شمار سفارش"},
    "template.new_this_month.name": {
        "en": "New customers this month",
        "fa": "مشتریان تازهٔ این ماه",
    },
    "template.new_this_month.description": {
        "en": "First order within the last days (30 by default).",
        "fa": "نخستین سفارش در روزهای اخیر (پیش‌فرض ۳۰ روز).",
    },
    "template.new_this_month.days": {"en": "Days", "fa": "روز"},
    "template.winback.name": {"en": "Inactive, for win-back", "fa": "غیرفعال‌ها، برای بازگرداندن"},
    "template.winback.description": {
        "en": "Bought before but not for a long time.",
        "fa": "پیش‌تر خریده‌اند ولی مدت‌هاست نخریده‌اند.",
    },
    "template.winback.days": {"en": "Days since last order", "fa": "روز از آخرین سفارش"},
    "template.high_spenders_at_risk.name": {
        "en": "High spenders at risk",
        "fa": "پرخرج‌های در معرض ریزش",
    },
    "template.high_spenders_at_risk.description": {
        "en": "Top monetary scores whose churn risk is high.",
        "fa": "بالاترین امتیاز مبلغ با خطر ریزش بالا.",
    },
    "template.high_spenders_at_risk.min_m_score": {"en": "Least M score", "fa": "کمترین امتیاز M"},
    "template.high_spenders_at_risk.min_risk": {
        "en": "Least churn risk (0-1)",
        "fa": "کمترین خطر ریزش (۰ تا ۱)",
    },
    "template.birthdays_this_week.name": {"en": "Birthdays this week", "fa": "زادروزهای این هفته"},
    "template.birthdays_this_week.description": {
        "en": "Birthday today or within the next days (7 days by default).",
        "fa": "زادروز امروز یا در روزهای آینده (پیش‌فرض ۷ روز).",
    },
    "template.birthdays_this_week.last_day": {"en": "Up to days ahead", "fa": "تا چند روز بعد"},
    "template.students.name": {"en": "Students aged 19-25", "fa": "دانشجویان ۱۹ تا ۲۵ ساله"},
    "template.students.description": {
        "en": "Occupation student, in an age range.",
        "fa": "شغل دانشجو، در یک بازهٔ سنی.",
    },
    "template.students.occupation": {"en": "Occupation", "fa": "شغل"},
    "template.students.min_age": {"en": "Youngest", "fa": "کمترین سن"},
    "template.students.max_age": {"en": "Oldest", "fa": "بیشترین سن"},
    "template.category_buyers.name": {"en": "Buyers of a category", "fa": "خریداران یک دسته"},
    "template.category_buyers.description": {
        "en": "Bought from the category in the last months.",
        "fa": "در ماه‌های اخیر از این دسته خریده‌اند.",
    },
    "template.category_buyers.category": {"en": "Category", "fa": "دسته"},
    "template.category_buyers.months": {"en": "Months back", "fa": "چند ماه اخیر"},
    "template.province.name": {"en": "Customers of a province", "fa": "مشتریان یک استان"},
    "template.province.description": {
        "en": "Customers living in the province.",
        "fa": "مشتریان ساکن این استان.",
    },
    "template.province.province": {"en": "Province", "fa": "استان"},
    "template.one_time_buyers.name": {"en": "One-time buyers", "fa": "خریداران یک‌باره"},
    "template.one_time_buyers.description": {
        "en": "Exactly one completed order.",
        "fa": "دقیقاً یک سفارش تکمیل‌شده.",
    },
    "template.discount_only.name": {"en": "Discount-only buyers", "fa": "فقط خریداران تخفیفی"},
    "template.discount_only.description": {
        "en": "Every completed order had a discount.",
        "fa": "همهٔ سفارش‌های تکمیل‌شده تخفیف داشته‌اند.",
    },
    "persona.sentence.size": {
        "en": "{size} customers ({share} of the base, {revenue} of revenue).",
        "fa": "این گروه {size} مشتری دارد ({share} از کل مشتریان و {revenue} از درآمد).",
    },
    "persona.sentence.traits": {
        "en": "Compared with the whole base they {traits}.",
        "fa": "در مقایسه با کل مشتریان، {traits}.",
    },
    "persona.sentence.aov": {
        "en": "Their average order is {aov}.",
        "fa": "میانگین مبلغ هر سفارش آن‌ها {aov} است.",
    },
    "persona.sentence.rhythm": {
        "en": "They order about every {days} days.",
        "fa": "تقریباً هر {days} روز یک بار سفارش می‌دهند.",
    },
    "persona.sentence.age": {"en": "Typical age: {age}.", "fa": "سن معمول آن‌ها {age} سال است."},
    "persona.sentence.provinces": {
        "en": "Most live in {items}.",
        "fa": "بیشترشان در {items} زندگی می‌کنند.",
    },
    "persona.sentence.categories": {
        "en": "Favourite categories: {items}.",
        "fa": "دسته‌های محبوبشان: {items}.",
    },
    "persona.sentence.channels": {
        "en": "Main channels: {items}.",
        "fa": "کانال‌های اصلی خرید: {items}.",
    },
    "persona.sentence.csat": {
        "en": "Average satisfaction (CSAT) is {csat} out of 5.",
        "fa": "میانگین رضایت (CSAT) آن‌ها {csat} از ۵ است.",
    },
    "persona.sentence.unstable": {
        "en": "Caution: this cluster is unstable (bootstrap Jaccard {jaccard}); treat it as tentative.",
        "fa": "هشدار: این خوشه ناپایدار است (جاکارد بوت‌استرپ {jaccard})؛ آن را قطعی ندانید.",
    },
    "persona.action.cashback": {
        "en": "Reward loyalty: cashback or a VIP tier for these loyal high spenders.",
        "fa": "پاداش وفاداری: بازگشت وجه (کش‌بک) یا سطح ویژه برای این مشتریان وفادار و پرخرج.",
    },
    "persona.action.win_back": {
        "en": "Win back: a time-limited comeback offer before they lapse for good.",
        "fa": "بازگرداندن: پیشنهاد بازگشت با مهلت محدود، پیش از آنکه برای همیشه از دست بروند.",
    },
    "persona.action.onboarding": {
        "en": "Onboard: a welcome series and an incentive for the second order.",
        "fa": "خوشامدگویی: مجموعه پیام خوشامد و مشوقی برای سفارش دوم.",
    },
    "persona.action.cross_sell": {
        "en": "Cross-sell: offer {next} to these {top} buyers.",
        "fa": "فروش مکمل: {next} را به این خریداران {top} پیشنهاد دهید.",
    },
    "persona.action.targeted_coupons": {
        "en": "Price-sensitive: targeted coupons instead of blanket discounts.",
        "fa": "حساس به قیمت: کوپن هدفمند به‌جای تخفیف همگانی.",
    },
    "persona.action.service_recovery": {
        "en": "Service recovery: contact them and fix what went wrong before any promotion.",
        "fa": "جبران خدمت: پیش از هر تبلیغی با آن‌ها تماس بگیرید و مشکل را برطرف کنید.",
    },
    "persona.action.return_review": {
        "en": "High returns: review size guides, photos and product descriptions.",
        "fa": "مرجوعی زیاد: راهنمای سایز، عکس‌ها و توضیحات کالاها را بازبینی کنید.",
    },
    "persona.action.replenish": {
        "en": "Big baskets, rare visits: replenishment reminders to bring them back sooner.",
        "fa": "سبد بزرگ، خرید کم‌تکرار: یادآور خرید دوباره تا زودتر برگردند.",
    },
    "persona.action.nurture": {
        "en": "Nurture: a regular newsletter and A/B-tested offers.",
        "fa": "پرورش رابطه: خبرنامهٔ منظم و آزمودن پیشنهادها با آزمون A/B.",
    },
    "persona.label.cluster": {"en": "Cluster", "fa": "خوشه"},
    "persona.label.stability": {"en": "stability", "fa": "پایداری"},
    "persona.label.rule": {"en": "Rule", "fa": "قاعده"},
    "persona.label.distinctive": {"en": "What sets them apart", "fa": "وجه تمایز"},
    "persona.label.actions": {"en": "Suggested actions", "fa": "اقدام‌های پیشنهادی"},
    "persona.label.sd": {"en": "sd", "fa": "انحراف معیار"},
    "persona.value.female": {"en": "women", "fa": "زن"},
    "persona.value.male": {"en": "men", "fa": "مرد"},
    "persona.value.other": {"en": "other gender", "fa": "سایر"},
    "persona.value.web": {"en": "website", "fa": "وب‌سایت"},
    "persona.value.app": {"en": "app", "fa": "اپلیکیشن"},
    "persona.value.store": {"en": "in-store", "fa": "فروشگاه حضوری"},
    "persona.value.phone": {"en": "phone", "fa": "تلفن"},
    "persona.value.instagram": {"en": "Instagram", "fa": "اینستاگرام"},
    # words: reasons a value is not a date, phone or e-mail (were locale/*.py)
    "reason.date.empty": {"en": "empty value", "fa": "مقدار خالی است"},
    "reason.date.not_a_date": {"en": "not a date", "fa": "تاریخ نیست"},
    "reason.date.year_digits": {
        "en": "the year must have 4 digits",
        "fa": "سال باید چهار رقمی باشد",
    },
    "reason.date.year_range": {
        "en": "year {year} is neither Jalali (1200-1499) nor Gregorian (1800-2199)",
        "fa": "سال {year} نه شمسی (۱۲۰۰ تا ۱۴۹۹) است و نه میلادی (۱۸۰۰ تا ۲۱۹۹)",
    },
    "reason.date.month_range": {"en": "month {month} out of range", "fa": "ماه {month} وجود ندارد"},
    "reason.date.day_range": {
        "en": "day {day} out of range for {calendar} month {month} of {year}",
        "fa": "روز {day} در ماه {month} سال {year} ({calendar}) وجود ندارد",
    },
    "reason.date.time_range": {"en": "time {time} out of range", "fa": "ساعت {time} نامعتبر است"},
    "reason.date.number_kind": {
        "en": "a number of another kind than the column's other dates ({numbers})",
        "fa": "عددی از نوعی جز تاریخ‌های دیگر این ستون ({numbers})",
    },
    "reason.date.number_range": {
        "en": "the number is out of range for {numbers}",
        "fa": "این عدد در بازهٔ {numbers} نیست",
    },
    "reason.date.format": {
        "en": "does not match the date format {format}",
        "fa": "با قالب تاریخ {format} نمی‌خواند",
    },
    "label.calendar.jalali": {"en": "Jalali", "fa": "شمسی"},
    "label.calendar.gregorian": {"en": "Gregorian", "fa": "میلادی"},
    "label.date_numbers.auto": {"en": "any", "fa": "هر نوع"},
    "label.date_numbers.year": {"en": "a year alone", "fa": "سال تنها"},
    "label.date_numbers.yyyymmdd": {"en": "YYYYMMDD", "fa": "YYYYMMDD"},
    "label.date_numbers.excel": {
        "en": "spreadsheet serial days 20000-80000",
        "fa": "شمارهٔ روز صفحه‌گسترده (۲۰۰۰۰ تا ۸۰۰۰۰)",
    },
    "label.date_numbers.epoch_s": {"en": "Unix seconds", "fa": "ثانیهٔ یونیکس"},
    "label.date_numbers.epoch_ms": {"en": "Unix milliseconds", "fa": "میلی‌ثانیهٔ یونیکس"},
    "reason.email.empty": {"en": "empty value", "fa": "مقدار خالی است"},
    "reason.email.has_space": {
        "en": "an e-mail address has no spaces",
        "fa": "نشانی ایمیل فاصله ندارد",
    },
    "reason.email.non_ascii": {
        "en": "only Latin letters, digits and . _ % + - are expected",
        "fa": "فقط حروف لاتین، رقم و نشانه‌های . _ % + - پذیرفته است",
    },
    "reason.email.no_at": {"en": "the @ sign is missing", "fa": "نشانه @ وجود ندارد"},
    "reason.email.many_at": {"en": "more than one @ sign", "fa": "بیش از یک نشانه @ وجود دارد"},
    "reason.email.too_long": {"en": "longer than 254 characters", "fa": "بیش از ۲۵۴ نویسه است"},
    "reason.email.bad_local": {
        "en": "the part before @ is not valid",
        "fa": "بخش پیش از @ نامعتبر است",
    },
    "reason.email.bad_domain": {
        "en": "the domain after @ is not valid",
        "fa": "دامنه پس از @ نامعتبر است",
    },
    "reason.phone.empty": {"en": "empty value", "fa": "مقدار خالی است"},
    "reason.phone.bad_characters": {
        "en": "a phone number may hold only digits, a leading + and separators",
        "fa": "شماره تلفن فقط می‌تواند رقم، + در ابتدا و جداکننده داشته باشد",
    },
    "reason.phone.bad_iranian": {
        "en": "an Iranian number has 10 digits after 0 or +98 (e.g. 0912 345 6789)",
        "fa": "شماره ایران پس از ۰ یا ‎+98‎ باید ۱۰ رقم داشته باشد (مانند ۰۹۱۲ ۳۴۵ ۶۷۸۹)",
    },
    "reason.phone.bad_international": {
        "en": "an international number has 7 to 15 digits after + and no leading 0",
        "fa": "شماره بین‌المللی پس از + باید ۷ تا ۱۵ رقم داشته باشد و با ۰ شروع نشود",
    },
    "reason.phone.incomplete": {
        "en": "not a full number: add the area code or the country code with +",
        "fa": "شماره کامل نیست: پیش‌شماره یا کد کشور را با + بیفزایید",
    },
    # generic
    "error.prefix": {"en": "Error", "fa": "خطا"},
    "error.unexpected": {
        "en": "Unexpected error: {error}. Please report it with the command you ran.",
        "fa": "خطای پیش‌بینی‌نشده: {error}. لطفاً آن را همراه فرمانی که اجرا کردید گزارش کنید.",
    },
    # validate
    "validate.unknown_model": {
        "en": "Unknown transaction model {name!r}; the models are: {known}.",
        "fa": "مدل تراکنش «{name}» شناخته نیست؛ مدل‌ها: {known}.",
    },
    "validate.no_orders": {
        "en": "There are no completed orders to split into calibration and holdout.",
        "fa": "هیچ سفارش تکمیل‌شده‌ای برای تقسیم به دورهٔ برازش و دورهٔ آزمون نیست.",
    },
    "validate.bad_split": {
        "en": "The holdout must start after the first order day ({first}) and no later "
        "than the last ({last}); got {day}.",
        "fa": "دورهٔ آزمون باید پس از روز نخستین سفارش ({first}) و حداکثر در روز آخرین سفارش "
        "({last}) آغاز شود؛ {day} داده شد.",
    },
    "validate.no_customers": {
        "en": "No customer bought during the calibration period.",
        "fa": "هیچ مشتری‌ای در دورهٔ برازش خرید نکرده است.",
    },
    "validate.not_finite": {
        "en": "the fitted model forecasts no finite number for {customers} customer(s)",
        "fa": "مدل برازش‌شده برای {customers} مشتری عدد متناهی پیش‌بینی نمی‌کند",
    },
    "validate.reason.mae": {
        "en": "{model} has the lowest mean absolute error per customer in the holdout "
        "({mae}; {others}).",
        "fa": "{model} کمترین میانگین خطای مطلق هر مشتری را در دورهٔ آزمون دارد ({mae}؛ {others}).",
    },
    "validate.reason.tie": {
        "en": "The mean absolute errors per customer are within {margin} ({tied}); {model} "
        "is closer on total holdout repeat purchases ({predicted} predicted, {actual} actual).",
        "fa": "میانگین خطای مطلق هر مشتری در مدل‌ها کمتر از {margin} با هم فرق دارد ({tied})؛ "
        "{model} به شمار کل خریدهای تکراری دورهٔ آزمون نزدیک‌تر است ({predicted} پیش‌بینی، "
        "{actual} واقعی).",
    },
    "validate.reason.only": {
        "en": "{model} is the only model that could be fitted (mean absolute error {mae}).",
        "fa": "{model} تنها مدلی است که برازش شد (میانگین خطای مطلق {mae}).",
    },
    "validate.reason.too_little": {
        "en": "The holdout is too small to compare models ({customers} customers, {purchases} "
        "repeat purchases); {default} is used.",
        "fa": "دورهٔ آزمون برای مقایسهٔ مدل‌ها بسیار کوچک است ({customers} مشتری، {purchases} "
        "خرید تکراری)؛ {default} به کار می‌رود.",
    },
    "validate.reason.none_fitted": {
        "en": "No model could be fitted on the calibration period; {default} is used.",
        "fa": "هیچ مدلی روی دورهٔ برازش برازش نشد؛ {default} به کار می‌رود.",
    },
    "validate.reason.no_split": {
        "en": "The order history is too short to hold out a period; {default} is used.",
        "fa": "تاریخچهٔ سفارش‌ها برای کنار گذاشتن یک دورهٔ آزمون کوتاه است؛ {default} به کار می‌رود.",
    },
    "validate.reason.summary_only": {
        "en": "Only the customers' summary was given, so no holdout test could run; "
        "{default} is used.",
        "fa": "تنها خلاصهٔ مشتریان داده شد و آزمون دورهٔ کنار گذاشته ممکن نبود؛ {default} به کار می‌رود.",
    },
    "validate.reason.setting": {
        "en": "{model} is set in the settings (traits.value.clv_model).",
        "fa": "{model} در تنظیمات تعیین شده است (traits.value.clv_model).",
    },
    "validate.title": {
        "en": "Holdout test of the transaction models: calibration to {calibration}, holdout "
        "to {holdout}",
        "fa": "آزمون مدل‌های تراکنش روی دورهٔ کنار گذاشته: برازش تا {calibration}، آزمون تا "
        "{holdout}",
    },
    "validate.customers": {
        "en": "{tested} of {customers} customers tested; {actual} actual repeat purchases in "
        "the holdout.",
        "fa": "{tested} مشتری از {customers} مشتری آزموده شد؛ {actual} خرید تکراری واقعی در "
        "دورهٔ آزمون.",
    },
    "validate.col.model": {"en": "Model", "fa": "مدل"},
    "validate.col.predicted": {"en": "Predicted", "fa": "پیش‌بینی"},
    "validate.col.actual": {"en": "Actual", "fa": "واقعی"},
    "validate.col.error_share": {"en": "Error", "fa": "خطا"},
    "validate.col.mae": {"en": "MAE per customer", "fa": "میانگین خطای مطلق هر مشتری"},
    "validate.col.log_likelihood": {"en": "Log-likelihood", "fa": "لگاریتم درست‌نمایی"},
    "validate.col.frequency": {"en": "Repeat purchases (calibration)", "fa": "خرید تکراری (برازش)"},
    "validate.col.customers": {"en": "Customers", "fa": "مشتریان"},
    "validate.fit_failed": {
        "en": "{model}: not fitted ({error})",
        "fa": "{model}: برازش نشد ({error})",
    },
    "validate.buckets": {
        "en": "Mean holdout repeat purchases per calibration frequency",
        "fa": "میانگین خریدهای تکراری دورهٔ آزمون بر حسب تعداد خرید تکراری دورهٔ برازش",
    },
    "validate.best": {"en": "Best: {model}. {reason}", "fa": "بهترین: {model}. {reason}"},
    "validate.undecided": {"en": "No verdict. {reason}", "fa": "بدون نتیجه. {reason}"},
    "validate.chart_written": {
        "en": "Charts written to {path}",
        "fa": "نمودارها در {path} نوشته شد",
    },
    "validate.chart.title": {
        "en": "Transaction models against the holdout",
        "fa": "مدل‌های تراکنش در برابر دورهٔ آزمون",
    },
    "validate.chart.tracking": {
        "en": "Tracking: cumulative repeat purchases, periods of {unit} days",
        "fa": "پیگیری: خریدهای تکراری تجمعی، دوره‌های {unit} روزه",
    },
    "validate.chart.cumulative": {
        "en": "Cumulative repeat purchases",
        "fa": "خریدهای تکراری تجمعی",
    },
    "validate.chart.mean_holdout": {
        "en": "Mean repeat purchases in the holdout",
        "fa": "میانگین خریدهای تکراری در دورهٔ آزمون",
    },
    "validate.chart.conditional": {
        "en": "Conditional expectations: mean holdout repeat purchases per calibration frequency",
        "fa": "امید شرطی: میانگین خریدهای تکراری دورهٔ آزمون بر حسب تعداد خرید دورهٔ برازش",
    },
    "validate.chart.actual": {"en": "Actual", "fa": "واقعی"},
    "validate.chart.period_days": {"en": "Period ({unit} days)", "fa": "دوره ({unit} روزه)"},
    "validate.chart.holdout_starts": {"en": "holdout starts", "fa": "آغاز دورهٔ آزمون"},
    "validate.chart.no_tracking": {
        "en": "No tracking series was computed.",
        "fa": "سری پیگیری محاسبه نشد.",
    },
    "validate.run_model": {
        "en": "Transaction model {model} ({chosen_by}): {reason}",
        "fa": "مدل تراکنش {model} ({chosen_by}): {reason}",
    },
    "validate.chosen_by.setting": {"en": "from the settings", "fa": "از تنظیمات"},
    "validate.chosen_by.holdout": {"en": "best in the holdout test", "fa": "بهترین در آزمون"},
    "validate.chosen_by.default": {"en": "default", "fa": "پیش‌فرض"},
    # robust (fits that fail, fail loudly and safely; churn risk)
    "robust.problem.boundary": {
        "en": "The {model} fit stopped at the edge of its parameter space ({params}): "
        "its predictions cannot be trusted.",
        "fa": "برازش {model} در لبهٔ فضای پارامترها متوقف شد ({params}): "
        "نمی‌توان به پیش‌بینی‌هایش اعتماد کرد.",
    },
    "robust.problem.not_converged": {
        "en": "The {model} fit did not converge ({reason}).",
        "fa": "برازش {model} همگرا نشد ({reason}).",
    },
    "robust.problem.spend_q": {
        "en": "The spend model's fitted q = {q} is <= 1, so its mean spend is infinite.",
        "fa": "مقدار برازش‌شدهٔ q در مدل مبلغ خرید {q} است (<= ۱)، پس میانگین خرید آن بی‌نهایت است.",
    },
    "robust.problem.failed": {
        "en": "The {model} model could not be fitted: {reason}",
        "fa": "مدل {model} برازش نشد: {reason}",
    },
    "robust.problem.numeric": {
        "en": "Numerical warnings while scoring with {model}: {warnings}.",
        "fa": "هشدارهای عددی هنگام امتیازدهی با {model}: {warnings}.",
    },
    "robust.problem.no_repeat": {
        "en": "No customer has a repeat purchase with a positive value, "
        "so spend cannot be modelled.",
        "fa": "هیچ مشتری خرید تکراری با مبلغ مثبت ندارد، پس مبلغ خرید را نمی‌توان مدل کرد.",
    },
    "robust.problem.no_orders": {
        "en": "There are no orders.",
        "fa": "هیچ سفارشی وجود ندارد.",
    },
    "robust.fallback.model": {
        "en": "Used instead: {model}.",
        "fa": "به‌جای آن به کار رفت: {model}.",
    },
    "robust.fallback.empirical_spend": {
        "en": "Used instead: each customer's own mean spend, or the mean over all repeat "
        "purchases for customers without one.",
        "fa": "به‌جای آن به کار رفت: میانگین خرید خود هر مشتری، و برای مشتریان بدون خرید "
        "تکراری میانگین همهٔ خریدهای تکراری.",
    },
    "robust.fallback.none": {
        "en": "No fallback: CLV, P(alive) and churn risk are left empty; "
        "every other trait is computed.",
        "fa": "جایگزینی نبود: ارزش طول عمر، احتمال فعال‌بودن و خطر ریزش خالی ماندند؛ "
        "همهٔ ویژگی‌های دیگر محاسبه شدند.",
    },
    "robust.fallback.kept": {
        "en": "No model fitted better, so its scores are kept: read them with care.",
        "fa": "مدلی بهتر برازش نشد، پس امتیازهای آن نگه داشته شدند: با احتیاط بخوانید.",
    },
    "robust.fallback.not_finite": {
        "en": "The warnings were caught; scores that are not finite are left empty.",
        "fa": "هشدارها مهار شدند؛ امتیازهایی که متناهی نیستند خالی ماندند.",
    },
    "robust.run.warnings": {"en": "Warnings:", "fa": "هشدارها:"},
    "robust.run.spend": {
        "en": "Spend model {model}: {params}",
        "fa": "مدل مبلغ خرید {model}: {params}",
    },
    "lib.field.churn_risk": {
        "en": "churn risk (chance of no order in the next 365 days)",
        "fa": "خطر ریزش (احتمال نبودِ سفارش در ۳۶۵ روز آینده)",
    },
    # matrix
    "matrix.family": {"en": "Loyalty-value matrix", "fa": "ماتریس وفاداری-ارزش"},
    "matrix.quadrant.true_friends": {"en": "True friends", "fa": "دوستان واقعی"},
    "matrix.quadrant.butterflies": {"en": "Butterflies", "fa": "پروانه‌ها"},
    "matrix.quadrant.barnacles": {"en": "Barnacles", "fa": "صدف‌ها"},
    "matrix.quadrant.strangers": {"en": "Strangers", "fa": "غریبه‌ها"},
    "matrix.about.true_friends": {
        "en": "frequent buyers of high value",
        "fa": "خریداران پرتکرار با ارزش بالا",
    },
    "matrix.about.butterflies": {
        "en": "occasional buyers of high value",
        "fa": "خریداران کم‌تکرار با ارزش بالا",
    },
    "matrix.about.barnacles": {
        "en": "frequent buyers of low value",
        "fa": "خریداران پرتکرار با ارزش پایین",
    },
    "matrix.about.strangers": {
        "en": "occasional buyers of low value",
        "fa": "خریداران کم‌تکرار با ارزش پایین",
    },
    "matrix.action.true_friends": {
        "en": "Reward and keep close: loyalty perks, early access, personal thanks; "
        "stay in touch steadily but not too often.",
        "fa": "پاداش دهید و نزدیک نگه دارید: مزایای وفاداری، دسترسی زودهنگام، قدردانی شخصی؛ "
        "پیوسته اما نه پرتکرار در تماس باشید.",
    },
    "matrix.action.butterflies": {
        "en": "Win the next purchase while they buy: timely offers on what they bought, "
        "bundles; do not overspend on loyalty they rarely give.",
        "fa": "تا وقتی می‌خرند خرید بعدی را به دست آورید: پیشنهاد به‌موقع برای آنچه خریده‌اند، "
        "بسته‌های ترکیبی؛ برای وفاداری‌ای که کمتر می‌دهند بیش از اندازه هزینه نکنید.",
    },
    "matrix.action.barnacles": {
        "en": "Grow the basket: cross-sell and upsell, bundles, a free-delivery threshold; "
        "serve them through low-cost channels.",
        "fa": "سبد خرید را بزرگ کنید: فروش مکمل و ارتقایی، بسته‌ها، آستانهٔ ارسال رایگان؛ "
        "از راه کانال‌های کم‌هزینه به آنها خدمت دهید.",
    },
    "matrix.action.strangers": {
        "en": "Spend little: automated low-cost messages, profit on each sale, "
        "test one second-purchase offer.",
        "fa": "کم هزینه کنید: پیام‌های خودکار و کم‌هزینه، سود در هر فروش، "
        "آزمودن یک پیشنهاد برای خرید دوم.",
    },
    "matrix.title": {"en": "Loyalty-value matrix", "fa": "ماتریس وفاداری-ارزش"},
    "matrix.frequent": {
        "en": "Frequent (orders > {threshold})",
        "fa": "پرتکرار (بیش از {threshold} سفارش)",
    },
    "matrix.occasional": {
        "en": "Occasional (orders ≤ {threshold})",
        "fa": "کم‌تکرار (حداکثر {threshold} سفارش)",
    },
    "matrix.high": {
        "en": "High value (more than {threshold})",
        "fa": "ارزش بالا (بیش از {threshold})",
    },
    "matrix.low": {
        "en": "Low value (at most {threshold})",
        "fa": "ارزش پایین (حداکثر {threshold})",
    },
    "matrix.quadrant": {"en": "Quadrant", "fa": "ربع"},
    "matrix.action": {"en": "Action", "fa": "اقدام"},
    "lib.field.value_quadrant": {"en": "loyalty-value quadrant", "fa": "ربع وفاداری-ارزش"},
    "reports.title.matrix": {
        "en": "Loyalty-value matrix (as of {until})",
        "fa": "ماتریس وفاداری-ارزش (تا {until})",
    },
    "reports.col.value_quadrant": {"en": "quadrant", "fa": "ربع"},
    "reports.col.frequent": {"en": "frequent", "fa": "پرتکرار"},
    "reports.col.high_value": {"en": "high value", "fa": "ارزش بالا"},
    "reports.col.frequency_threshold": {"en": "orders above", "fa": "سفارش بیش از"},
    "reports.col.monetary_threshold": {"en": "value above", "fa": "ارزش بیش از"},
    # choose
    "choose.choice.fixed": {
        "en": "k = {k} was set by you; its least stable cluster has a mean Jaccard of {least}.",
        "fa": "k = {k} را خودتان تعیین کردید؛ ناپایدارترین خوشهٔ آن میانگین ژاکارد {least} دارد.",
    },
    "choose.choice.criteria_only": {
        "en": "k = {k} ranks best on silhouette, Calinski-Harabasz and Davies-Bouldin together; "
        "stability was not measured (no bootstrap).",
        "fa": "k = {k} در سیلوئت، کالینسکی-هاراباش و دیویس-بولدین روی هم بهترین رتبه را دارد؛ "
        "پایداری سنجیده نشد (بدون بازنمونه‌گیری).",
    },
    "choose.choice.finer": {
        "en": "k = {k} splits the criteria's best k = {best} further with nearly the same "
        "separation (silhouette {sil} against {best_sil}, within {tolerance}%), and every "
        "cluster is stable under bootstrap (least mean Jaccard {least}, at least {stable}).",
        "fa": "k = {k} بهترین k سنجه‌ها (k = {best}) را با جدایی تقریباً همان اندازه ریزتر می‌کند "
        "(سیلوئت {sil} در برابر {best_sil}، در فاصلهٔ {tolerance}٪) و همهٔ خوشه‌هایش در "
        "بازنمونه‌گیری پایدارند (کمترین میانگین ژاکارد {least}، دست‌کم {stable}).",
    },
    "choose.choice.best": {
        "en": "k = {k} ranks best on silhouette, Calinski-Harabasz and Davies-Bouldin together, "
        "and every cluster is reproduced under bootstrap (least mean Jaccard {least}, "
        "at least {line}).",
        "fa": "k = {k} در سیلوئت، کالینسکی-هاراباش و دیویس-بولدین روی هم بهترین رتبه را دارد "
        "و همهٔ خوشه‌هایش در بازنمونه‌گیری دوباره پیدا می‌شوند (کمترین میانگین ژاکارد {least}، "
        "دست‌کم {line}).",
    },
    "choose.choice.stable_over_better": {
        "en": "k = {k} is the best-ranked k whose every cluster is stable (least mean Jaccard "
        "{least}); passed over though ranked higher: {skipped}, each with a cluster below "
        "{line} that cannot be trusted.",
        "fa": "k = {k} بهترین k است که همهٔ خوشه‌هایش پایدارند (کمترین میانگین ژاکارد {least})؛ "
        "از {skipped} با رتبهٔ بهتر گذشتیم: یکی از خوشه‌هایشان زیر {line} است و اعتمادپذیر نیست.",
    },
    "choose.choice.none_stable": {
        "en": "No k gives only stable clusters; k = {k} has the most stable weakest cluster "
        "(mean Jaccard {least}, below {line}), the others: {skipped}. Treat these clusters "
        "with care, or try other features.",
        "fa": "هیچ k فقط خوشهٔ پایدار نمی‌دهد؛ ناپایدارترین خوشهٔ k = {k} از همه پایدارتر است "
        "(میانگین ژاکارد {least}، زیر {line})، دیگران: {skipped}. با این خوشه‌ها با احتیاط "
        "رفتار کنید یا ویژگی‌های دیگری برگزینید.",
    },
    "choose.non_buyers": {
        "en": "{customers} customers ({share}) have no order: they are segment {cluster} of "
        "their own and took no part in the clustering of buyers.",
        "fa": "{customers} مشتری ({share}) هیچ سفارشی ندارند: آن‌ها بخش جداگانهٔ {cluster} "
        "هستند و در خوشه‌بندی خریداران شرکت نداشتند.",
    },
    "choose.unknown_features": {
        "en": "unknown feature(s) {unknown}: name a feature group or a column; choose from "
        "{choices}",
        "fa": "ویژگی ناشناخته {unknown}: نام یک گروه ویژگی یا یک ستون را بدهید؛ از میان "
        "{choices} برگزینید",
    },
    "choose.choice_title": {"en": "Why k = {k}", "fa": "چرا k = {k}"},
    "choose.least_jaccard": {"en": "least Jaccard", "fa": "کمترین ژاکارد"},
    # personas
    "personas.phrase.one_time.name": {"en": "One-time buyers", "fa": "خریداران یک‌باره"},
    "personas.phrase.one_time.clause": {
        "en": "have mostly ordered only once",
        "fa": "بیشترشان فقط یک بار سفارش داده‌اند",
    },
    "personas.state.never": {
        "en": "Prospects who never ordered",
        "fa": "مشتریان بالقوه‌ای که هنوز سفارش نداده‌اند",
    },
    "personas.sentence.bought_none": {
        "en": "None of them has ordered yet.",
        "fa": "هیچ‌کدامشان هنوز سفارشی نداده‌اند.",
    },
    "personas.sentence.bought_some": {
        "en": "Only {share} of them have ever ordered.",
        "fa": "فقط {share} از آن‌ها تاکنون سفارش داده‌اند.",
    },
    "personas.sentence.rule_weak": {
        "en": "Caution: its readable rule holds for only {recall} of its members; "
        "a segment saved from the rule is an approximation of the cluster.",
        "fa": "هشدار: قاعدهٔ خوانای آن فقط دربارهٔ {recall} از اعضایش درست است؛ "
        "بخشی که از این قاعده ذخیره شود تقریبی از خوشه است.",
    },
    "personas.sentence.rule_weak_counts": {
        "en": "Caution: its readable rule holds for only {recall} of its members "
        "({held} of {members}); a segment saved from the rule is an approximation of the cluster.",
        "fa": "هشدار: قاعدهٔ خوانای آن فقط دربارهٔ {recall} از اعضایش درست است "
        "({held} از {members})؛ بخشی که از این قاعده ذخیره شود تقریبی از خوشه است.",
    },
    "personas.label.rule_fidelity": {
        "en": "holds for {recall} of members; {precision} of those it selects are members",
        "fa": "دربارهٔ {recall} از اعضا درست است؛ {precision} از برگزیدگانش عضو خوشه‌اند",
    },
    "personas.exported": {
        "en": "Wrote the clusters of {customers} customers to {path} (customer_id,cluster).",
        "fa": "خوشه‌های {customers} مشتری در {path} نوشته شد (customer_id,cluster).",
    },
    "personas.action.first_order": {
        "en": "Convert: a first-order incentive and a welcome series that shows the range.",
        "fa": "تبدیل به خریدار: مشوق نخستین سفارش و مجموعه پیام خوشامدی که محصولات را معرفی کند.",
    },
    # campaigns: signed links (segmint.campaigns.links)
    "links.bad": {
        "en": "This link is not valid: it was changed or not made by this shop.",
        "fa": "این پیوند معتبر نیست: تغییر کرده یا از این فروشگاه نیست.",
    },
    "links.expired": {
        "en": "This link has expired.",
        "fa": "این پیوند منقضی شده است.",
    },
    # campaigns
    "campaigns.bad_channel": {
        "en": "Unknown channel {channel!r}; channels are {known}.",
        "fa": "کانال {channel!r} ناشناخته است؛ کانال‌ها: {known}.",
    },
    "campaigns.bad_cost": {
        "en": "The cost must be 0 or more, not {value}.",
        "fa": "هزینه باید ۰ یا بیشتر باشد، نه {value}.",
    },
    "campaigns.bad_holdout": {
        "en": "The holdout is a percentage from 0 up to (not including) 100, not {value}.",
        "fa": "گروه کنترل درصدی از ۰ تا کمتر از ۱۰۰ است، نه {value}.",
    },
    "campaigns.bad_language": {
        "en": "A template version in {language!r}: versions are {known}.",
        "fa": "نسخهٔ قالب به زبان {language!r}: زبان‌ها {known} هستند.",
    },
    "campaigns.bad_name": {
        "en": "Campaign name {name!r}: give 1 to {limit} characters.",
        "fa": "نام کمپین {name!r}: ۱ تا {limit} نویسه بدهید.",
    },
    "campaigns.bad_quiet_hours": {
        "en": "Quiet hours {value!r}: write a window such as '22:00-08:00' (start and end differ).",
        "fa": "ساعت سکوت {value!r}: بازه‌ای مانند '22:00-08:00' بنویسید (آغاز و پایان متفاوت).",
    },
    "campaigns.bad_survey": {
        "en": "Unknown survey {value!r}; surveys are {known}.",
        "fa": "نظرسنجی {value!r} ناشناخته است؛ نظرسنجی‌ها: {known}.",
    },
    "campaigns.bad_variant_name": {
        "en": "Variant name {name!r}: give 1 to 64 characters.",
        "fa": "نام نسخه {name!r}: ۱ تا ۶۴ نویسه بدهید.",
    },
    "campaigns.bad_variants": {
        "en": "Variants file {path}: {error}. Write [[variant]] tables with name, weight, "
        "subject and template.",
        "fa": "پروندهٔ نسخه‌ها {path}: {error}. جدول‌های [[variant]] با name، weight، subject و "
        "template بنویسید.",
    },
    "campaigns.bad_weight": {
        "en": "Variant {name!r} has weight {weight}; weights must be above 0.",
        "fa": "وزن نسخهٔ {name!r} برابر {weight} است؛ وزن باید بیشتر از ۰ باشد.",
    },
    "campaigns.duplicate_variant": {
        "en": "Variant names repeat ({names}); give each variant its own name.",
        "fa": "نام نسخه‌ها تکراری است ({names})؛ به هر نسخه نام جدا بدهید.",
    },
    "campaigns.exists": {
        "en": "A campaign named {name!r} already exists; choose another name.",
        "fa": "کمپینی به نام {name!r} هست؛ نام دیگری برگزینید.",
    },
    "campaigns.html_not_email": {
        "en": "An HTML template is for email only; give the {channel} campaign a text "
        "template (.txt).",
        "fa": "قالب HTML فقط برای ایمیل است؛ به کمپین {channel} قالب متنی (.txt) بدهید.",
    },
    "campaigns.no_body": {
        "en": "Variant {variant!r} has no message: give a template file (--template).",
        "fa": "نسخهٔ {variant!r} پیامی ندارد: پروندهٔ قالب بدهید (--template).",
    },
    "campaigns.no_customer": {
        "en": "No customer with id {id!r}.",
        "fa": "مشتری‌ای با شناسهٔ {id!r} نیست.",
    },
    "campaigns.no_file": {
        "en": "Cannot read template file {path}: {error}.",
        "fa": "پروندهٔ قالب {path} خوانده نشد: {error}.",
    },
    "campaigns.no_subject": {
        "en": "Variant {variant!r} has an email body in {language!r} but no subject: give "
        "--subject.",
        "fa": "نسخهٔ {variant!r} متن ایمیل به زبان {language!r} دارد ولی موضوع ندارد: "
        "--subject بدهید.",
    },
    "campaigns.phase.deliver": {"en": "Delivering messages", "fa": "فرستادن پیام‌ها"},
    "campaigns.phase.freeze": {"en": "Freezing the audience", "fa": "ثابت کردن مخاطبان"},
    "campaigns.phase.queue": {"en": "Rendering and queuing", "fa": "ساختن و صف کردن پیام‌ها"},
    "campaigns.small_holdout": {
        "en": "The holdout ({holdout} customers) is too small to measure this campaign "
        "(minimum {minimum}); {advice} Raise the holdout share (--holdout) or choose a larger segment.",
        "fa": "گروه کنترل ({holdout} مشتری) برای سنجش این کمپین کوچک است (کمینه {minimum})؛ "
        "{advice} سهم گروه کنترل (‎--holdout‎) را بیشتر کنید یا بخش بزرگ‌تری برگزینید.",
    },
    "campaigns.weak_holdout": {
        "en": "With {holdout} customers held back, only a lift of {absolute} ({relative} "
        "relative) or more would stand out from chance at 80% power, above the {limit} "
        "this workspace accepts; {advice} Raise the holdout share (--holdout), or choose a "
        "larger segment or a longer measuring window (--window).",
        "fa": "با {holdout} مشتری در گروه کنترل، تنها افزایشی برابر {absolute} ({relative} نسبی) "
        "یا بیشتر با توان ۸۰٪ از تصادف جدا می‌شود، بیش از {limit} که این فضای کار می‌پذیرد؛ "
        "{advice} سهم گروه کنترل (‎--holdout‎) را بیشتر کنید، یا بخش بزرگ‌تر یا بازهٔ سنجش بلندتری (‎--window‎) برگزینید.",
    },
    "campaigns.holdout_needed": {
        "en": "a holdout of {needed} customers would detect a 10% relative lift.",
        "fa": "گروه کنترل {needed} نفری افزایش نسبی ۱۰٪ را نشان می‌دهد.",
    },
    "campaigns.no_holdout_enough": {
        "en": "even an even split of this segment would not detect a 10% relative lift.",
        "fa": "حتی تقسیم برابر این بخش هم افزایش نسبی ۱۰٪ را نشان نمی‌دهد.",
    },
    "campaigns.template_needs_unsubscribe": {
        "en": "An email template must carry the unsubscribe link: add "
        '<a href="{{{{ unsubscribe_url }}}}">unsubscribe</a>.',
        "fa": "قالب ایمیل باید پیوند لغو اشتراک داشته باشد: "
        '<a href="{{{{ unsubscribe_url }}}}">لغو اشتراک</a> را بیفزایید.',
    },
    "campaigns.template_security": {
        "en": "The template tried to reach outside its sandbox: {error}.",
        "fa": "قالب کوشید از محدودهٔ امن بیرون برود: {error}.",
    },
    "campaigns.template_syntax": {
        "en": "Template error on line {line}: {error}.",
        "fa": "خطای قالب در خط {line}: {error}.",
    },
    "campaigns.template_undefined": {
        "en": "The template uses a value this customer does not have: {error}. Check the "
        "name, or guard it with {{% if ... %}}.",
        "fa": "قالب مقداری را به کار می‌برد که این مشتری ندارد: {error}. نام را بررسی کنید "
        "یا آن را با {{% if ... %}} محافظت کنید.",
    },
    "campaigns.template_unknown": {
        "en": "The template uses unknown variables: {names}. Variables are: {known}.",
        "fa": "قالب متغیرهای ناشناخته به کار می‌برد: {names}. متغیرها: {known}.",
    },
    "campaigns.template_unsafe": {
        "en": "The template names attributes a template may not use: {names}. Use profile, "
        "traits and fields values only.",
        "fa": "قالب ویژگی‌هایی را نام می‌برد که قالب نباید به کار ببرد: {names}. فقط مقدارهای "
        "profile، traits و fields را به کار ببرید.",
    },
    "campaigns.unknown": {
        "en": "No campaign named {name!r}. Campaigns: {known}.",
        "fa": "کمپینی به نام {name!r} نیست. کمپین‌ها: {known}.",
    },
    "campaigns.unknown_variant": {
        "en": "No variant {name!r}; variants are {known}.",
        "fa": "نسخهٔ {name!r} نیست؛ نسخه‌ها: {known}.",
    },
    "campaigns.audience": {
        "en": "Audience",
        "fa": "مخاطبان",
    },
    "campaigns.created": {
        "en": "Campaign {name!r}: segment {segment}, channel {channel}, holdout {holdout}%.",
        "fa": "کمپین {name!r}: بخش {segment}، کانال {channel}، گروه کنترل {holdout}٪.",
    },
    "campaigns.held": {
        "en": "{held} messages held for quiet hours, due at {until}.",
        "fa": "{held} پیام برای ساعت سکوت نگه داشته شد؛ زمان ارسال {until}.",
    },
    "campaigns.mde": {
        "en": "Treated {treated}, holdout {holdout}, base conversion {base}: the smallest lift this split detects (80% power) is {mde} ({relative} relative).",
        "fa": "دریافت\u200cکننده {treated}، کنترل {holdout}، نرخ تبدیل پایه {base}: کوچک\u200cترین افزایشی که این تقسیم نشان می\u200cدهد (توان ۸۰٪) {mde} است (نسبی {relative}).",
    },
    "campaigns.none": {
        "en": "No campaigns yet: create one with segmint campaigns create.",
        "fa": "هنوز کمپینی نیست: با segmint campaigns create بسازید.",
    },
    "campaigns.not_sent": {
        "en": "Campaign {name!r} has not been sent yet: send it with segmint campaigns send, then report.",
        "fa": "کمپین {name!r} هنوز فرستاده نشده است: نخست با segmint campaigns send بفرستید.",
    },
    "campaigns.outbox": {
        "en": "Messages",
        "fa": "پیام\u200cها",
    },
    "campaigns.preview": {
        "en": "Message to {customer} (variant {variant}, {language}):",
        "fa": "پیام به {customer} (نسخهٔ {variant}، {language}):",
    },
    "campaigns.report": {
        "en": "Campaign {name!r}: {window} days after the send",
        "fa": "کمپین {name!r}: {window} روز پس از ارسال",
    },
    "campaigns.sent": {
        "en": "Queued {queued}, sent {sent}, failed {failed}, suppressed {suppressed}.",
        "fa": "در صف {queued}، فرستاده {sent}، ناموفق {failed}، مسدود {suppressed}.",
    },
    "campaigns.sms_parts": {
        "en": "{characters} characters in {encoding}: {parts} SMS parts.",
        "fa": "{characters} نویسه با {encoding}: {parts} بخش پیامک.",
    },
    "campaigns.title": {
        "en": "Campaigns",
        "fa": "کمپین\u200cها",
    },
    "campaigns.uplift": {
        "en": "Uplift {uplift} (95% CI {low} to {high}), p = {p}; incremental revenue {revenue}.",
        "fa": "افزایش {uplift} (بازهٔ اطمینان ۹۵٪ از {low} تا {high})، p = {p}؛ درآمد افزوده {revenue}.",
    },
    "campaigns.col.treated": {"en": "treated converted", "fa": "تبدیل در گیرندگان"},
    "campaigns.col.holdout": {"en": "holdout converted", "fa": "تبدیل در گروه کنترل"},
    "campaigns.col.uplift": {"en": "uplift", "fa": "افزایش"},
    "campaigns.col.p_value": {"en": "p", "fa": "p"},
    "campaigns.breakdown": {
        "en": "By {field}, as it stood before the send (run of {day})",
        "fa": "بر پایهٔ {field}، چنان‌که پیش از ارسال بود (اجرای {day})",
    },
    "campaigns.bad_by": {
        "en": "Cannot break the results down by {field!r}; give a profile field or trait: {known}.",
        "fa": "نتایج را نمی‌توان بر پایهٔ {field!r} تفکیک کرد؛ یکی از فیلدها یا ویژگی‌ها را "
        "بدهید: {known}.",
    },
    "campaigns.col.group": {
        "en": "group",
        "fa": "گروه",
    },
    "campaigns.col.state": {
        "en": "state",
        "fa": "وضعیت",
    },
    "campaigns.col.name": {
        "en": "name",
        "fa": "نام",
    },
    "campaigns.col.segment": {
        "en": "segment",
        "fa": "بخش",
    },
    "campaigns.col.channel": {
        "en": "channel",
        "fa": "کانال",
    },
    "campaigns.col.status": {
        "en": "status",
        "fa": "وضعیت",
    },
    "campaigns.col.sent": {
        "en": "sent",
        "fa": "فرستاده",
    },
    "campaigns.col.created": {
        "en": "created",
        "fa": "ساخته",
    },
    "campaigns.col.customers": {
        "en": "customers",
        "fa": "مشتریان",
    },
    "campaigns.col.converted": {
        "en": "converted",
        "fa": "خرید کرده",
    },
    "campaigns.col.rate": {
        "en": "rate",
        "fa": "نرخ",
    },
    "campaigns.group.audience": {
        "en": "audience",
        "fa": "همهٔ مخاطبان",
    },
    "campaigns.group.treated": {
        "en": "treated",
        "fa": "دریافت\u200cکننده",
    },
    "campaigns.group.holdout": {
        "en": "holdout",
        "fa": "گروه کنترل",
    },
    "campaigns.group.global_holdout": {
        "en": "global holdout",
        "fa": "گروه کنترل سراسری",
    },
    "campaigns.reason.no_consent": {
        "en": "no consent",
        "fa": "بدون رضایت",
    },
    "campaigns.reason.no_address": {
        "en": "no address",
        "fa": "بدون نشانی",
    },
    "campaigns.reason.suppressed": {
        "en": "suppressed",
        "fa": "در فهرست مسدود",
    },
    "campaigns.reason.frequency_cap": {
        "en": "frequency cap",
        "fa": "سقف تکرار",
    },
    "campaigns.state.queued": {
        "en": "queued",
        "fa": "در صف",
    },
    "campaigns.state.sending": {
        "en": "sending",
        "fa": "در حال ارسال",
    },
    "campaigns.state.sent": {
        "en": "sent",
        "fa": "فرستاده",
    },
    "campaigns.state.failed": {
        "en": "failed",
        "fa": "ناموفق",
    },
    "campaigns.state.bounced": {
        "en": "bounced",
        "fa": "برگشتی",
    },
    "campaigns.state.suppressed": {
        "en": "suppressed",
        "fa": "مسدود",
    },
    "campaigns.status.draft": {
        "en": "draft",
        "fa": "پیش\u200cنویس",
    },
    "campaigns.status.sending": {
        "en": "sending",
        "fa": "در حال ارسال",
    },
    "campaigns.status.sent": {
        "en": "sent",
        "fa": "فرستاده",
    },
    # uplift (segmint.measure.uplift, segmint.measure.campaign_effect)
    "uplift.bad_level": {
        "en": "{name} must lie strictly between 0 and 1 (got {value}); for 95% confidence "
        "use alpha 0.05, for 80% power use power 0.8.",
        "fa": "{name} باید بزرگ‌تر از ۰ و کوچک‌تر از ۱ باشد (مقدار داده‌شده: {value})؛ برای "
        "اطمینان ۹۵٪ مقدار alpha را ۰٫۰۵ و برای توان ۸۰٪ مقدار power را ۰٫۸ بگذارید.",
    },
    "uplift.bad_counts": {
        "en": "{x} converted out of {n} customers is not possible: a group needs at least "
        "one customer and between 0 and that many conversions.",
        "fa": "{x} تبدیل از {n} مشتری ممکن نیست: هر گروه دست‌کم یک مشتری می‌خواهد و "
        "شمار تبدیل‌ها باید بین ۰ و شمار مشتریان باشد.",
    },
    "uplift.too_few": {
        "en": "Comparing means needs at least two finite values in each group (got {n}); "
        "give one value per customer, zeros included.",
        "fa": "مقایسهٔ میانگین‌ها در هر گروه دست‌کم دو مقدار متناهی می‌خواهد ({n} داده شد)؛ "
        "برای هر مشتری یک مقدار بدهید، صفرها هم.",
    },
    "uplift.few_resamples": {
        "en": "The bootstrap needs at least 100 resamples (got {resamples}); 2000 is usual.",
        "fa": "بوت‌استرپ دست‌کم ۱۰۰ بازنمونه می‌خواهد ({resamples} داده شد)؛ معمولاً ۲۰۰۰.",
    },
    "uplift.empty_group": {
        "en": "Both groups need at least one customer (treated {treated}, holdout {control}); "
        "raise the holdout percentage or choose a larger segment.",
        "fa": "هر دو گروه دست‌کم یک مشتری می‌خواهند (دریافت‌کنندگان {treated}، گروه کنترل "
        "{control})؛ درصد گروه کنترل را بیشتر کنید یا بخش بزرگ‌تری برگزینید.",
    },
    "uplift.bad_rate": {
        "en": "The base conversion rate must be at least 0 and below 1 (got {rate}); "
        "give it as a share, e.g. 0.05 for 5%.",
        "fa": "نرخ تبدیل پایه باید دست‌کم ۰ و کمتر از ۱ باشد (مقدار داده‌شده: {rate})؛ آن را "
        "به صورت نسبت بدهید، مثلاً ۰٫۰۵ برای ۵٪.",
    },
    "uplift.bad_lift": {
        "en": "The lift to detect must be above 0 and at most {top} (got {lift}); "
        "give it in points of conversion, e.g. 0.01 for one point.",
        "fa": "افزایشی که باید آشکار شود باید بیشتر از ۰ و حداکثر {top} باشد (مقدار داده‌شده: "
        "{lift})؛ آن را به واحد نرخ تبدیل بدهید، مثلاً ۰٫۰۱ برای یک واحد درصد.",
    },
    "uplift.few_variants": {
        "en": "Naming a winner needs at least two variants (got: {variants}).",
        "fa": "برای تعیین برنده دست‌کم دو نسخه لازم است (داده‌شده: {variants}).",
    },
    "effect.missing_columns": {
        "en": "The campaign's assignments lack the column(s) {missing}; they have: {columns}. "
        "Give one row per customer with customer_id and group (treated or holdout).",
        "fa": "ستون(های) {missing} در فهرست اعضای کمپین نیست؛ ستون‌های موجود: {columns}. "
        "برای هر مشتری یک سطر با customer_id و group (treated یا holdout) بدهید.",
    },
    "effect.duplicates": {
        "en": "The campaign's assignments list {count} customer(s) more than once, e.g. {example}; "
        "give each customer one row.",
        "fa": "{count} مشتری بیش از یک بار در فهرست اعضای کمپین آمده‌اند، مثلاً {example}؛ "
        "برای هر مشتری فقط یک سطر بدهید.",
    },
    "effect.bad_by": {
        "en": "Cannot break the results down by {by}; choose among the assignments' columns "
        "{known}.",
        "fa": "نمی‌توان نتایج را بر پایهٔ {by} تفکیک کرد؛ از میان ستون‌های {known} فهرست "
        "اعضا برگزینید.",
    },
    "effect.bad_window": {
        "en": "The attribution window must be at least 1 day (got {days}).",
        "fa": "بازهٔ انتساب باید دست‌کم ۱ روز باشد ({days} داده شد).",
    },
    "effect.bad_cost": {
        "en": "The campaign's cost cannot be negative (got {cost}).",
        "fa": "هزینهٔ کمپین نمی‌تواند منفی باشد ({cost} داده شد).",
    },
    # scheduler
    "scheduler.bad_spec": {
        "en": "Cannot read the schedule '{spec}'. Write 'daily HH:MM', 'weekly DAY HH:MM' (DAY: mon..sun, or a list such as mon,thu), 'monthly D HH:MM' (D: 1-31) or 'cron M H DOM MON DOW' (five cron fields).",
        "fa": "زمان‌بندی «{spec}» خوانده نشد. بنویسید ‎'daily HH:MM'‎ یا ‎'weekly DAY HH:MM'‎ (DAY: mon تا sun، یا فهرستی مانند mon,thu) یا ‎'monthly D HH:MM'‎ (D: ۱ تا ۳۱) یا ‎'cron M H DOM MON DOW'‎ (پنج فیلد cron).",
    },
    "scheduler.bad_kind": {
        "en": "Unknown schedule kind '{kind}'; choose one of: {known}.",
        "fa": "نوع زمان‌بندی «{kind}» شناخته نیست؛ یکی از این‌ها را بدهید: {known}.",
    },
    "scheduler.bad_params": {
        "en": "A '{kind}' schedule was given parameters {given}; it takes {allowed} and needs {required}.",
        "fa": "به زمان‌بندی «{kind}» پارامترهای {given} داده شد؛ این نوع {allowed} را می‌پذیرد و {required} را لازم دارد.",
    },
    "scheduler.bad_recipients": {
        "en": "Report recipients must be a list of email addresses; got {to}.",
        "fa": "گیرندگان گزارش باید فهرستی از نشانی‌های ایمیل باشند؛ داده شد: {to}.",
    },
    "scheduler.bad_languages": {
        "en": "Report languages {languages} are not known; choose from: {known}.",
        "fa": "زبان‌های گزارش {languages} شناخته نیستند؛ از این‌ها انتخاب کنید: {known}.",
    },
    "scheduler.unknown": {
        "en": "No schedule named '{name}'. Schedules: {known}. See segmint scheduler list.",
        "fa": "زمان‌بندی‌ای به نام «{name}» نیست. زمان‌بندی‌ها: {known}. ببینید: segmint scheduler list.",
    },
    "scheduler.bad_name": {
        "en": "A schedule needs a name of 1 to {limit} characters; got '{name}'.",
        "fa": "زمان‌بندی نامی از ۱ تا {limit} نویسه لازم دارد؛ داده شد: «{name}».",
    },
    "scheduler.exists": {
        "en": "A schedule named '{name}' already exists; pick another name or remove it first.",
        "fa": "زمان‌بندی‌ای به نام «{name}» از پیش هست؛ نام دیگری بدهید یا نخست آن را حذف کنید.",
    },
    "scheduler.job": {"en": "Running a scheduled job", "fa": "اجرای کار زمان‌بندی‌شده"},
    "scheduler.added": {
        "en": "Schedule '{name}' added; next run {next}.",
        "fa": "زمان‌بندی «{name}» افزوده شد؛ اجرای بعدی {next}.",
    },
    "scheduler.removed": {
        "en": "Schedule '{name}' removed.",
        "fa": "زمان‌بندی «{name}» حذف شد.",
    },
    "scheduler.none": {
        "en": "No schedules yet. Add one: segmint scheduler add NAME --kind run --at 'daily 02:00'",
        "fa": "هنوز زمان‌بندی‌ای نیست. بیفزایید: segmint scheduler add NAME --kind run --at 'daily 02:00'",
    },
    "scheduler.running": {
        "en": "Scheduler running with {count} schedule(s), checking every {poll} s. Ctrl+C stops it.",
        "fa": "زمان‌بند با {count} زمان‌بندی در حال اجراست و هر {poll} ثانیه سر می‌زند. Ctrl+C متوقفش می‌کند.",
    },
    "scheduler.stopped": {"en": "Scheduler stopped.", "fa": "زمان‌بند متوقف شد."},
    "scheduler.ran": {
        "en": "{count} due job(s) run.",
        "fa": "{count} کار سررسیده اجرا شد.",
    },
    "scheduler.never": {"en": "never", "fa": "هرگز"},
    "scheduler.col.name": {"en": "Name", "fa": "نام"},
    "scheduler.col.kind": {"en": "Kind", "fa": "نوع"},
    "scheduler.col.spec": {"en": "When", "fa": "زمان"},
    "scheduler.col.zone": {"en": "Time zone", "fa": "منطقهٔ زمانی"},
    "scheduler.col.next": {"en": "Next run", "fa": "اجرای بعدی"},
    "scheduler.col.last": {"en": "Last run", "fa": "آخرین اجرا"},
    "scheduler.col.status": {"en": "Status", "fa": "وضعیت"},
    "scheduler.report_written": {
        "en": "Report for {until} written: {files}",
        "fa": "گزارش {until} نوشته شد: {files}",
    },
    "scheduler.report_emailed": {
        "en": "Emailed to {sent} recipient(s); {failed} failed.",
        "fa": "به {sent} گیرنده ایمیل شد؛ {failed} ناموفق.",
    },
    "periodic.title": {"en": "Customer report, {until}", "fa": "گزارش مشتریان، {until}"},
    "periodic.kpis": {"en": "Key figures", "fa": "شاخص‌های اصلی"},
    "periodic.col.figure": {"en": "Figure", "fa": "شاخص"},
    "periodic.col.value": {"en": "Value", "fa": "مقدار"},
    "periodic.col.segment": {"en": "Segment", "fa": "بخش"},
    "periodic.col.customers": {"en": "Customers", "fa": "مشتریان"},
    "periodic.col.change": {"en": "Change since the previous run", "fa": "تغییر از اجرای پیشین"},
    "periodic.col.from": {"en": "From", "fa": "از"},
    "periodic.col.to": {"en": "To", "fa": "به"},
    "periodic.col.campaign": {"en": "Campaign", "fa": "کمپین"},
    "periodic.col.status": {"en": "Status", "fa": "وضعیت"},
    "periodic.col.sent": {"en": "Sent", "fa": "ارسال‌شده"},
    "periodic.col.failed": {"en": "Failed or bounced", "fa": "ناموفق یا برگشتی"},
    "periodic.col.uplift": {"en": "Uplift", "fa": "اثر افزایشی"},
    "periodic.col.p_value": {"en": "p-value", "fa": "مقدار p"},
    "periodic.kpi.customers": {"en": "Customers", "fa": "مشتریان"},
    "periodic.kpi.active": {
        "en": "Active customers (recent buyers)",
        "fa": "مشتریان فعال (خریداران اخیر)",
    },
    "periodic.kpi.buyers": {"en": "Customers who bought", "fa": "مشتریانی که خرید کرده‌اند"},
    "periodic.kpi.repeat_rate": {
        "en": "Repeat rate (buyers with 2+ orders)",
        "fa": "نرخ خرید دوباره (خریداران با ۲ سفارش یا بیشتر)",
    },
    "periodic.kpi.revenue_30d": {"en": "Revenue, last 30 days", "fa": "درآمد ۳۰ روز گذشته"},
    "periodic.kpi.revenue_90d": {"en": "Revenue, last 90 days", "fa": "درآمد ۹۰ روز گذشته"},
    "periodic.kpi.revenue_365d": {"en": "Revenue, last 365 days", "fa": "درآمد ۳۶۵ روز گذشته"},
    "periodic.kpi.csat_90d": {
        "en": "CSAT (1-5), last 90 days",
        "fa": "رضایت مشتری (۱ تا ۵)، ۹۰ روز گذشته",
    },
    "periodic.kpi.csat_answers_90d": {
        "en": "CSAT answers, last 90 days",
        "fa": "پاسخ‌های رضایت، ۹۰ روز گذشته",
    },
    "periodic.sizes.rfm": {"en": "RFM groups", "fa": "گروه‌های RFM"},
    "periodic.sizes.lifecycle": {"en": "Lifecycle stages", "fa": "مراحل چرخهٔ عمر"},
    "periodic.migration": {
        "en": "Moves between RFM groups since the previous run",
        "fa": "جابه‌جایی میان گروه‌های RFM از اجرای پیشین",
    },
    "periodic.campaigns": {"en": "Campaigns", "fa": "کمپین‌ها"},
    "periodic.outside": {"en": "(none)", "fa": "(هیچ)"},
    "periodic.entered": {"en": "(new)", "fa": "(تازه)"},
    "periodic.left": {"en": "(gone)", "fa": "(رفته)"},
    "periodic.footer": {"en": "Made by segmint at {at}.", "fa": "ساختهٔ segmint در {at}."},
    "periodic.mail_text": {
        "en": "Customers: {customers}. Active: {active}. Revenue, last 30 days: {revenue}. The full report is attached (HTML and PDF).",
        "fa": "مشتریان: {customers}. فعال: {active}. درآمد ۳۰ روز گذشته: {revenue}. گزارش کامل پیوست است (HTML و PDF).",
    },
    # offers: coupons and the cashback wallet (segmint.offers)
    "offers.bad_kind": {
        "en": "Unknown coupon kind {kind!r}: use percent (a share off the order) or amount.",
        "fa": "نوع کوپن {kind!r} شناخته نیست: percent (درصدی از سفارش) یا amount (مبلغ) بدهید.",
    },
    "offers.bad_value": {
        "en": "Coupon value {value} is not usable: give a positive number (a percent at most 100).",
        "fa": "مقدار کوپن {value} پذیرفتنی نیست: عددی مثبت بدهید (درصد حداکثر ۱۰۰).",
    },
    "offers.bad_days": {
        "en": "{days} days of validity is not usable: give at least 1 day.",
        "fa": "اعتبار {days} روزه پذیرفتنی نیست: دست‌کم ۱ روز بدهید.",
    },
    "offers.expired_already": {
        "en": "The last day {day} is already past: give a later day or a number of days.",
        "fa": "آخرین روز {day} گذشته است: روزی دیرتر یا تعداد روز بدهید.",
    },
    "offers.bad_name": {
        "en": "{name!r} is not a usable name: give 1-200 characters.",
        "fa": "{name!r} نام پذیرفتنی نیست: ۱ تا ۲۰۰ نویسه بدهید.",
    },
    "offers.batch_terms": {
        "en": "Batch {name!r} already gives {terms}; issue it with the same terms, or name a "
        "new batch.",
        "fa": "دستهٔ {name!r} از پیش {terms} است؛ با همان شرایط صادر کنید یا دستهٔ تازه‌ای نام ببرید.",
    },
    "offers.kind.percent": {"en": "percent", "fa": "درصد"},
    "offers.kind.amount": {"en": "amount", "fa": "مبلغ"},
    "offers.terms_until": {
        "en": "{value} {kind} off until {day}",
        "fa": "{value} {kind} تخفیف تا {day}",
    },
    "offers.terms_days": {
        "en": "{value} {kind} off for {days} days from issue",
        "fa": "{value} {kind} تخفیف تا {days} روز پس از صدور",
    },
    "offers.unknown_batch": {
        "en": "No coupon batch {name!r}. Batches: {names}.",
        "fa": "دستهٔ کوپن {name!r} نیست. دسته‌ها: {names}.",
    },
    "offers.one_source": {
        "en": "Give the recipients either as a segment (--segment) or as a file of ids (--ids), "
        "not both.",
        "fa": "گیرندگان را یا با یک بخش (--segment) بدهید یا با پرونده‌ای از شناسه‌ها (--ids)، نه هر دو.",
    },
    "offers.issued": {
        "en": "Batch {batch}: {recipients} recipients, {issued} new codes, {held} already held "
        "one.",
        "fa": "دستهٔ {batch}: {recipients} گیرنده، {issued} کد تازه، {held} از پیش کد داشتند.",
    },
    "offers.unmatched": {
        "en": "{unmatched} listed values name no customer.",
        "fa": "{unmatched} مقدار فهرست به هیچ مشتری نمی‌خورد.",
    },
    "offers.written": {"en": "Codes written to {file}", "fa": "کدها در {file} نوشته شد"},
    "offers.redeemed": {
        "en": "{codes_used} codes on completed orders: {redeemed} redeemed now, {already} "
        "before, {unknown} not issued here ({other_customer} used by another customer, "
        "{after_expiry} after their last day).",
        "fa": "{codes_used} کد روی سفارش‌های کامل: {redeemed} اکنون استفاده‌شده، {already} پیش‌تر، "
        "{unknown} صادرنشده در اینجا ({other_customer} به دست مشتری دیگر، {after_expiry} پس از "
        "آخرین روز).",
    },
    "offers.none": {
        "en": "No coupon batches yet. Issue one with: segmint coupons issue BATCH --segment SEG "
        "--value 10",
        "fa": "هنوز دستهٔ کوپنی نیست. صادر کنید با: segmint coupons issue BATCH --segment SEG "
        "--value 10",
    },
    "offers.batches": {"en": "Coupon batches", "fa": "دسته‌های کوپن"},
    "offers.column.batch": {"en": "batch", "fa": "دسته"},
    "offers.column.offer": {"en": "offer", "fa": "پیشنهاد"},
    "offers.column.issued": {"en": "issued", "fa": "صادرشده"},
    "offers.column.redeemed": {"en": "redeemed", "fa": "استفاده‌شده"},
    "offers.column.expired": {"en": "expired", "fa": "منقضی"},
    "offers.column.open": {"en": "open", "fa": "باز"},
    "wallet.append_only": {
        "en": "Wallet ledger line {id} cannot be changed or removed: the ledger is append-only. "
        "Correct it with an adjust line.",
        "fa": "سطر {id} دفتر کیف پول تغییر یا حذف نمی‌شود: دفتر فقط افزودنی است. با سطر اصلاح "
        "(adjust) درستش کنید.",
    },
    "wallet.too_large": {
        "en": "{amount} is beyond the largest amount a wallet line holds ({largest}).",
        "fa": "{amount} از بیشترین مبلغی که یک سطر کیف پول نگه می‌دارد ({largest}) بزرگ‌تر است.",
    },
    "wallet.bad_amount": {
        "en": "{amount!r} is not an amount: give a number such as 25000 or 12.50.",
        "fa": "{amount!r} مبلغ نیست: عددی مانند 25000 یا 12.50 بدهید.",
    },
    "wallet.not_positive": {
        "en": "The amount must be more than zero, not {amount}.",
        "fa": "مبلغ باید بیش از صفر باشد، نه {amount}.",
    },
    "wallet.short": {
        "en": "Customer {customer} has {balance} in the wallet, less than {amount}: spend at "
        "most the balance.",
        "fa": "کیف پول مشتری {customer} {balance} دارد، کمتر از {amount}: حداکثر به اندازهٔ "
        "موجودی خرج کنید.",
    },
    "wallet.zero": {
        "en": "An adjustment of zero changes nothing: give a positive or negative amount.",
        "fa": "اصلاح صفر چیزی را تغییر نمی‌دهد: مبلغی مثبت یا منفی بدهید.",
    },
    "wallet.needs_note": {
        "en": "Say why with --note: an adjustment without a reason cannot be audited.",
        "fa": "دلیل را با --note بگویید: اصلاح بی‌دلیل قابل حسابرسی نیست.",
    },
    "wallet.bad_percent": {
        "en": "Cashback of {percent} percent is not usable: give more than 0 and at most 100.",
        "fa": "بازگشت نقدی {percent} درصد پذیرفتنی نیست: بیش از ۰ و حداکثر ۱۰۰ بدهید.",
    },
    "wallet.bad_period": {
        "en": "The period ends ({end}) before it starts ({start}): give an end on or after the "
        "start.",
        "fa": "دوره پیش از آغاز ({start}) پایان می‌یابد ({end}): پایانی در روز آغاز یا پس از آن بدهید.",
    },
    "wallet.programme_exists": {
        "en": "A cashback programme named {name!r} exists already: pick another name.",
        "fa": "برنامهٔ بازگشت نقدی به نام {name!r} از پیش هست: نام دیگری برگزینید.",
    },
    "wallet.unknown_programme": {
        "en": "No cashback programme {name!r}. Programmes: {names}.",
        "fa": "برنامهٔ بازگشت نقدی {name!r} نیست. برنامه‌ها: {names}.",
    },
    "wallet.bad_move": {
        "en": "Unknown wallet line {kind!r}: use credit, spend or adjust.",
        "fa": "سطر کیف پول {kind!r} شناخته نیست: credit، spend یا adjust بدهید.",
    },
    "wallet.programme_added": {
        "en": "Programme {name}: {percent}% cashback for segment {segment} from {start}.",
        "fa": "برنامهٔ {name}: {percent}٪ بازگشت نقدی برای بخش {segment} از {start}.",
    },
    "wallet.no_programmes": {
        "en": "No cashback programmes yet. Start one with: segmint wallet add-programme NAME "
        "--segment SEG --percent 5",
        "fa": "هنوز برنامهٔ بازگشت نقدی نیست. آغاز کنید با: segmint wallet add-programme NAME "
        "--segment SEG --percent 5",
    },
    "wallet.programmes": {"en": "Cashback programmes", "fa": "برنامه‌های بازگشت نقدی"},
    "wallet.earned": {
        "en": "{programme}: {members} members, {orders} orders in the period; {earned} earned "
        "now ({earned_amount}), {already} before; {reversed} reversed ({reversed_amount}).",
        "fa": "{programme}: {members} عضو، {orders} سفارش در دوره؛ {earned} اکنون کسب شد "
        "({earned_amount})، {already} پیش‌تر؛ {reversed} برگشت خورد ({reversed_amount}).",
    },
    "wallet.expired": {
        "en": "{lots} earns expired for {customers} customers, {amount} in all; {spent_before} "
        "were spent before their last day.",
        "fa": "{lots} مورد برای {customers} مشتری منقضی شد، روی هم {amount}؛ {spent_before} پیش از "
        "آخرین روز خرج شده بود.",
    },
    "wallet.balance": {
        "en": "Customer {customer}: balance {balance}",
        "fa": "مشتری {customer}: موجودی {balance}",
    },
    "wallet.ledger": {"en": "Wallet ledger", "fa": "دفتر کیف پول"},
    "wallet.balances": {"en": "Wallet balances", "fa": "موجودی کیف پول‌ها"},
    "wallet.empty": {
        "en": "The wallet ledger is empty.",
        "fa": "دفتر کیف پول خالی است.",
    },
    "wallet.written": {
        "en": "{kind} of {amount} for {customer}; balance now {balance}.",
        "fa": "{kind} به مبلغ {amount} برای {customer}؛ موجودی اکنون {balance}.",
    },
    "wallet.column.customer": {"en": "customer", "fa": "مشتری"},
    "wallet.column.balance": {"en": "balance", "fa": "موجودی"},
    "wallet.column.kind": {"en": "kind", "fa": "نوع"},
    "wallet.column.amount": {"en": "amount", "fa": "مبلغ"},
    "wallet.column.when": {"en": "when", "fa": "زمان"},
    "wallet.column.order": {"en": "order", "fa": "سفارش"},
    "wallet.column.expires": {"en": "expires", "fa": "انقضا"},
    "wallet.column.left": {"en": "left", "fa": "مانده"},
    "wallet.column.programme": {"en": "programme", "fa": "برنامه"},
    "wallet.column.segment": {"en": "segment", "fa": "بخش"},
    "wallet.column.percent": {"en": "percent", "fa": "درصد"},
    "wallet.column.period": {"en": "period", "fa": "دوره"},
    "wallet.column.customers": {"en": "customers", "fa": "مشتریان"},
    "wallet.column.earned": {"en": "earned", "fa": "کسب‌شده"},
    "wallet.column.reversed": {"en": "reversed", "fa": "برگشتی"},
    "wallet.column.expired": {"en": "expired", "fa": "منقضی"},
    "wallet.kind.earn": {"en": "earn", "fa": "کسب"},
    "wallet.kind.reverse": {"en": "reverse", "fa": "برگشت"},
    "wallet.kind.expire": {"en": "expire", "fa": "انقضا"},
    "wallet.kind.spend": {"en": "spend", "fa": "خرج"},
    "wallet.kind.adjust": {"en": "adjust", "fa": "اصلاح"},
    "wallet.kind.credit": {"en": "credit", "fa": "اعتبار"},
    # public: unsubscribe and survey pages, opt-out files, consent-aware exports
    "optout.missing_column": {
        "en": "{path} has no {column} column (tried: {choices}); its columns are: {header}. "
        "Rename the column, then import again.",
        "fa": "فایل {path} ستون {column} ندارد (نام‌های پذیرفته: {choices})؛ ستون‌های آن: "
        "{header}. نام ستون را درست کنید و دوباره وارد کنید.",
    },
    "optout.no_file": {
        "en": "No file at {path}: check the path.",
        "fa": "فایلی در {path} نیست: مسیر را بررسی کنید.",
    },
    "optout.empty": {
        "en": "{path} is empty: it needs a header row and one row per address.",
        "fa": "فایل {path} خالی است: یک سطر سرستون و برای هر نشانی یک سطر لازم است.",
    },
    "optout.bad_kind": {
        "en": "Unknown kind of file {kind!r}; use one of: {kinds}.",
        "fa": "نوع فایل {kind!r} شناخته نیست؛ یکی از این‌ها را بدهید: {kinds}.",
    },
    "optout.reject.no_address": {
        "en": "no address in this row",
        "fa": "این سطر نشانی ندارد",
    },
    "optout.reject.bad_email": {
        "en": "not an email address",
        "fa": "نشانی ایمیل نیست",
    },
    "optout.reject.bad_sms": {
        "en": "not a phone number",
        "fa": "شمارهٔ تلفن نیست",
    },
    "optout.reject.bounce_type": {
        "en": "unknown bounce type; types are: {choices}",
        "fa": "نوع برگشت شناخته نیست؛ نوع‌ها: {choices}",
    },
    "optout.bad_channel": {
        "en": "Unknown channel {channel!r}; channels are: {channels}.",
        "fa": "کانال {channel!r} شناخته نیست؛ کانال‌ها: {channels}.",
    },
    "optout.bad_address": {
        "en": "{address!r} is not an address of the {channel} channel: give an email address "
        "for email, a phone number for sms.",
        "fa": "{address!r} نشانی کانال {channel} نیست: برای email نشانی ایمیل و برای sms "
        "شمارهٔ تلفن بدهید.",
    },
    "optout.bad_reason": {
        "en": "Unknown reason {reason!r}; reasons are: {reasons}.",
        "fa": "دلیل {reason!r} شناخته نیست؛ دلیل‌ها: {reasons}.",
    },
    "optout.imported": {
        "en": "{file}: {rows} rows; {suppressed} addresses suppressed, {already} already "
        "suppressed, {ignored} ignored (soft bounces, other replies), {rejected} rejected.",
        "fa": "{file}: {rows} سطر؛ {suppressed} نشانی به فهرست توقف افزوده شد، {already} از پیش "
        "در فهرست بود، {ignored} نادیده ماند (برگشت موقت، پاسخ‌های دیگر)، {rejected} رد شد.",
    },
    "optout.rejects": {
        "en": "Rejected rows, with line, column and reason: {path}",
        "fa": "سطرهای ردشده، با شمارهٔ سطر، ستون و دلیل: {path}",
    },
    "optout.none": {
        "en": "No address is suppressed.",
        "fa": "هیچ نشانی در فهرست توقف نیست.",
    },
    "optout.list": {
        "en": "Suppressed addresses: {total} (newest {shown} shown)",
        "fa": "نشانی‌های متوقف‌شده: {total} (تازه‌ترین {shown} نشانی)",
    },
    "optout.reason.unsubscribed": {"en": "unsubscribed", "fa": "لغو اشتراک"},
    "optout.reason.bounced": {"en": "bounced", "fa": "برگشت خورده"},
    "optout.reason.complained": {"en": "complained (spam)", "fa": "گزارش هرزنامه"},
    "optout.reason.opted_out": {"en": "opted out", "fa": "انصراف"},
    "optout.column.channel": {"en": "Channel", "fa": "کانال"},
    "optout.column.address": {"en": "Address", "fa": "نشانی"},
    "optout.column.reason": {"en": "Reason", "fa": "دلیل"},
    "optout.column.source": {"en": "Source", "fa": "منبع"},
    "optout.column.at": {"en": "Since", "fa": "از تاریخ"},
    "optout.added": {
        "en": "Suppressed {address} on {channel}; logged in the consent log.",
        "fa": "{address} در کانال {channel} متوقف شد؛ در دفتر رضایت ثبت شد.",
    },
    "optout.already": {
        "en": "{address} was already suppressed on {channel}.",
        "fa": "{address} از پیش در کانال {channel} متوقف بود.",
    },
    "optout.removed": {
        "en": "{address} may receive {channel} messages again; logged in the consent log.",
        "fa": "{address} دوباره می‌تواند پیام {channel} بگیرد؛ در دفتر رضایت ثبت شد.",
    },
    "optout.not_listed": {
        "en": "{address} is not suppressed on {channel}: nothing to remove.",
        "fa": "{address} در کانال {channel} متوقف نیست: چیزی برای برداشتن نیست.",
    },
    "survey.bad_question": {
        "en": "Unknown survey question {question!r}; questions are: {questions}.",
        "fa": "پرسش نظرسنجی {question!r} شناخته نیست؛ پرسش‌ها: {questions}.",
    },
    "survey.bad_score": {
        "en": "{score!r} is not an answer: choose a score from {low} to {high}.",
        "fa": "{score!r} پاسخ نیست: امتیازی از {low} تا {high} برگزینید.",
    },
    "export.bad_channel": {
        "en": "Channel {channel!r} has no consent to check; export for one of: {channels}.",
        "fa": "کانال {channel!r} رضایتی برای بررسی ندارد؛ برای یکی از این‌ها خروجی بگیرید: "
        "{channels}.",
    },
    "export.left_out": {
        "en": "Left out {left} of {members} members who may not get {channel} messages: "
        "{no_consent} without consent, {no_address} without an address, "
        "{suppressed} suppressed.",
        "fa": "{left} از {members} عضو که نباید پیام {channel} بگیرند کنار گذاشته شدند: "
        "{no_consent} بدون رضایت، {no_address} بدون نشانی، {suppressed} در فهرست توقف.",
    },
    "public.bad_link": {"en": "Link not valid", "fa": "پیوند نامعتبر"},
    "public.channel.email": {"en": "email", "fa": "ایمیل"},
    "public.channel.sms": {"en": "text (SMS)", "fa": "پیامک"},
    "public.channel.webhook": {"en": "webhook", "fa": "وب‌هوک"},
    "public.unsubscribe.title": {"en": "Unsubscribe", "fa": "لغو اشتراک"},
    "public.unsubscribe.ask": {
        "en": "Stop {channel} messages to {address}?",
        "fa": "دیگر {channel} به {address} فرستاده نشود؟",
    },
    "public.unsubscribe.button": {"en": "Unsubscribe", "fa": "لغو اشتراک"},
    "public.unsubscribe.done": {
        "en": "Done: {address} will get no more {channel} messages from us.",
        "fa": "انجام شد: از این پس {channel} از ما به {address} فرستاده نمی‌شود.",
    },
    "public.survey.title": {"en": "A quick question", "fa": "یک پرسش کوتاه"},
    "public.survey.csat": {
        "en": "How satisfied are you with us? (1 = not at all, 5 = very)",
        "fa": "چقدر از ما راضی هستید؟ (۱ = اصلاً، ۵ = بسیار)",
    },
    "public.survey.nps": {
        "en": "How likely are you to recommend us to a friend? (0 = not at all, 10 = very)",
        "fa": "چقدر احتمال دارد ما را به یک دوست پیشنهاد کنید؟ (۰ = اصلاً، ۱۰ = بسیار زیاد)",
    },
    "public.survey.csat_ends": {"en": "1: not at all · 5: very", "fa": "۱: اصلاً · ۵: بسیار"},
    "public.survey.nps_ends": {
        "en": "0: not at all likely · 10: extremely likely",
        "fa": "۰: اصلاً · ۱۰: بسیار زیاد",
    },
    "public.survey.comment": {
        "en": "Anything to add? (optional, before choosing a score)",
        "fa": "نکته‌ای دارید؟ (اختیاری، پیش از انتخاب امتیاز)",
    },
    "public.survey.thanks": {
        "en": "Thank you: your answer is saved. Answering again replaces it.",
        "fa": "سپاس: پاسخ شما ثبت شد. پاسخ دوباره جای آن را می‌گیرد.",
    },
    # channels
    "channels.unknown": {
        "en": "Unknown channel {name!r}; channels are {known}.",
        "fa": "کانال {name!r} ناشناخته است؛ کانال‌ها: {known}.",
    },
    "channels.not_configured": {
        "en": "The {name} channel is not set up: {settings} missing. Write it under [{section}] in segmint.toml, or set it in the environment: {env}.",
        "fa": "کانال {name} تنظیم نشده است: {settings} خالی است. آن را زیر [{section}] در segmint.toml بنویسید یا متغیر محیطی {env} را تنظیم کنید.",
    },
    "channels.webhook.short_secret": {
        "en": "channels.webhook.secret is too short: use at least {length} random characters (SEGMINT_CHANNELS__WEBHOOK__SECRET).",
        "fa": "channels.webhook.secret کوتاه است: دست‌کم {length} نویسهٔ تصادفی به کار ببرید (SEGMINT_CHANNELS__WEBHOOK__SECRET).",
    },
    "channels.email.sender_refused": {
        "en": "the SMTP server refused the sender; check channels.email.from ({reply})",
        "fa": "سرور SMTP فرستنده را نپذیرفت؛ channels.email.from را بررسی کنید ({reply})",
    },
    "channels.email.login_refused": {
        "en": "the SMTP server refused the login of {user!r}; check channels.email.username and SEGMINT_CHANNELS__EMAIL__PASSWORD",
        "fa": "سرور SMTP ورود {user!r} را نپذیرفت؛ channels.email.username و SEGMINT_CHANNELS__EMAIL__PASSWORD را بررسی کنید",
    },
    "channels.email.unreachable": {
        "en": "cannot talk to the SMTP server {host}:{port}: {error}",
        "fa": "گفت‌وگو با سرور SMTP {host}:{port} ممکن نشد: {error}",
    },
    "channels.http.unreachable": {
        "en": "the gateway did not answer ({kind}: {error})",
        "fa": "درگاه پاسخ نداد ({kind}: {error})",
    },
    "channels.show.title": {"en": "Channels", "fa": "کانال‌ها"},
    "channels.show.configured": {"en": "ready", "fa": "آماده"},
    "channels.show.missing": {"en": "not set up: {settings}", "fa": "تنظیم نشده: {settings}"},
    "channels.show.col.channel": {"en": "channel", "fa": "کانال"},
    "channels.show.col.state": {"en": "state", "fa": "وضعیت"},
    "channels.show.col.settings": {"en": "settings", "fa": "تنظیمات"},
    "channels.test.subject": {
        "en": "segmint test message",
        "fa": "پیام آزمایشی segmint",
    },
    "channels.test.text": {
        "en": "This is a test message from segmint: the {channel} channel works.",
        "fa": "این پیام آزمایشی segmint است: کانال {channel} کار می‌کند.",
    },
    "channels.test.result": {
        "en": "{channel} to {to}: {status}",
        "fa": "{channel} به {to}: {status}",
    },
    "channels.test.status.sent": {"en": "sent", "fa": "فرستاده شد"},
    "channels.test.status.temporary": {
        "en": "not now (temporary failure)",
        "fa": "فعلاً نه (خطای موقت)",
    },
    "channels.test.status.permanent": {"en": "refused for good", "fa": "برای همیشه رد شد"},
    "channels.test.no_address": {
        "en": "Say where the test message goes: --to ADDRESS (an email address, a phone number, or a customer id for webhooks).",
        "fa": "بگویید پیام آزمایشی به کجا برود: --to نشانی (ایمیل، شمارهٔ تلفن، یا شناسهٔ مشتری برای وب‌هوک).",
    },
    "delivery.busy": {
        "en": "Another delivery is running on this workspace (process {pid}); it sends the queued messages. Run again when it has finished.",
        "fa": "ارسال دیگری روی این فضای کاری در جریان است (فرایند {pid})؛ پیام‌های صف را همان می‌فرستد. پس از پایان آن دوباره اجرا کنید.",
    },
    "delivery.sending": {"en": "Sending messages", "fa": "فرستادن پیام‌ها"},
    # journeys
    "journeys.invalid": {
        "en": "The journey's definition is not valid: {problems}. See docs/journeys.md.",
        "fa": "تعریف سفر مشتری معتبر نیست: {problems}. راهنما: docs/journeys.md",
    },
    "journeys.bad_name": {
        "en": "{name!r} cannot name a journey: use letters, digits, '-' or '_' (no quote or '/').",
        "fa": "{name!r} نام مناسبی برای سفر مشتری نیست: از حرف، رقم، «-» یا «_» استفاده کنید.",
    },
    "journeys.bad_target": {
        "en": "Step {step} branches to {target!r}, but a branch must go to a later step "
        "(up to {count}) or to 'end'.",
        "fa": "گام {step} به {target!r} شاخه می‌زند، اما شاخه باید به گامی بعدتر "
        "(تا {count}) یا به 'end' برود.",
    },
    "journeys.no_file": {
        "en": "No journey file at {path}. Give a .toml or .json file.",
        "fa": "فایل سفر مشتری در {path} نیست. یک فایل .toml یا .json بدهید.",
    },
    "journeys.unreadable": {
        "en": "Cannot read the journey file {path}: {error}",
        "fa": "فایل سفر مشتری {path} خوانده نشد: {error}",
    },
    "journeys.exists": {
        "en": "A journey named {name!r} exists. Pick another name, or replace it with --replace.",
        "fa": "سفری با نام {name!r} هست. نام دیگری بگذارید یا با --replace جایگزینش کنید.",
    },
    "journeys.unknown": {
        "en": "No journey named {name!r}.{hint} List them with: segmint journeys list",
        "fa": "سفری با نام {name!r} نیست.{hint} فهرستشان: segmint journeys list",
    },
    "journeys.did_you_mean": {
        "en": " Did you mean {name!r}?",
        "fa": " شاید منظورتان {name!r} است؟",
    },
    "journeys.bad_status": {
        "en": "Unknown journey status {status!r}; choose one of: {choices}.",
        "fa": "وضعیت {status!r} برای سفر شناخته نیست؛ یکی از اینها: {choices}.",
    },
    "journeys.bad_now": {
        "en": "Cannot read {value!r} as a time: write it as 2026-12-07T09:30 (ISO 8601, UTC "
        "unless an offset is given).",
        "fa": "{value!r} به‌صورت زمان خوانده نشد: مانند 2026-12-07T09:30 بنویسید (ISO 8601، "
        "به وقت UTC مگر اختلاف زمانی داده شود).",
    },
    "journeys.created": {
        "en": "Journey {name!r} saved: {steps} steps, entered by new members of {trigger!r}.",
        "fa": "سفر {name!r} ذخیره شد: {steps} گام، با ورود اعضای تازهٔ {trigger!r}.",
    },
    "journeys.none": {
        "en": "No journey yet. Write one (docs/journeys.md) and save it with: "
        "segmint journeys create FILE",
        "fa": "هنوز سفری نیست. یکی بنویسید (docs/journeys.md) و با این ذخیره کنید: "
        "segmint journeys create FILE",
    },
    "journeys.list_title": {"en": "Journeys", "fa": "سفرهای مشتری"},
    "journeys.col.name": {"en": "Name", "fa": "نام"},
    "journeys.col.trigger": {"en": "Trigger", "fa": "آغازگر"},
    "journeys.col.status": {"en": "Status", "fa": "وضعیت"},
    "journeys.col.steps": {"en": "Steps", "fa": "گام‌ها"},
    "journeys.col.entered": {"en": "Entered", "fa": "واردشده"},
    "journeys.col.inside": {"en": "Inside", "fa": "در مسیر"},
    "journeys.col.last_tick": {"en": "Last tick", "fa": "آخرین اجرا"},
    "journeys.col.step": {"en": "Step", "fa": "گام"},
    "journeys.col.type": {"en": "Type", "fa": "نوع"},
    "journeys.col.reached": {"en": "Reached", "fa": "رسیده"},
    "journeys.col.done": {"en": "Done", "fa": "انجام‌شده"},
    "journeys.col.waiting": {"en": "Waiting", "fa": "در انتظار"},
    "journeys.col.converted": {"en": "Converted", "fa": "خرید کرده"},
    "journeys.col.outcomes": {"en": "Outcomes", "fa": "نتیجه‌ها"},
    "journeys.status.active": {"en": "active", "fa": "فعال"},
    "journeys.status.paused": {"en": "paused", "fa": "متوقف"},
    "journeys.ticked": {
        "en": "Journeys ticked at {at}: {entered} entered, {done} steps done, {finished} finished.",
        "fa": "سفرها در {at} اجرا شدند: {entered} ورود، {done} گام انجام‌شده، {finished} پایان.",
    },
    "journeys.send_needs_workspace": {
        "en": "A send step needs the workspace (its settings and link secret): tick with "
        "segmint.journeys.tick(workspace) or pass workspace= to tick_journeys.",
        "fa": "گام ارسال به فضای کاری (تنظیمات و کلید پیوندها) نیاز دارد: با "
        "segmint.journeys.tick(workspace) اجرا کنید یا workspace= را به tick_journeys بدهید.",
    },
    "journeys.delivered": {
        "en": "Messages of send steps: {sent} sent, {failed} failed, {retry_later} to retry.",
        "fa": "پیام‌های گام‌های ارسال: {sent} فرستاده، {failed} ناموفق، {retry_later} برای تلاش دوباره.",
    },
    "journeys.delivery_error": {
        "en": "The messages stay queued: {error}",
        "fa": "پیام‌ها در صف می‌مانند: {error}",
    },
    "journeys.run_line": {
        "en": "Journeys: {entered} entered, {done} steps done, {finished} finished.",
        "fa": "سفرهای مشتری: {entered} ورود، {done} گام انجام‌شده، {finished} پایان.",
    },
    "journeys.tick_error": {
        "en": "Journey {name!r} stopped on an error: {error}",
        "fa": "سفر {name!r} با خطا متوقف شد: {error}",
    },
    "journeys.report_title": {
        "en": "Journey {name!r} (trigger {trigger!r}, {window} day window)",
        "fa": "سفر {name!r} (آغازگر {trigger!r}، بازهٔ {window} روزه)",
    },
    "journeys.report_summary": {
        "en": "Entered {entered}, finished {finished}, converted {converted} ({rate}).",
        "fa": "ورود {entered}، پایان {finished}، خرید {converted} ({rate}).",
    },
    "journeys.deleted": {
        "en": "Journey {name!r} deleted with its entries (tags already given stay).",
        "fa": "سفر {name!r} با ورودی‌هایش حذف شد (برچسب‌های داده‌شده می‌مانند).",
    },
    "journeys.status_set": {
        "en": "Journey {name!r} is now {status}.",
        "fa": "سفر {name!r} اکنون {status} است.",
    },
    # e2e: campaign offers (segmint.campaigns.incentives)
    "campaigns.coupon_needs_batch": {
        "en": "The template shows coupon_code but the campaign gives no coupon, so nothing "
        "was sent: create the campaign with --coupon-batch NAME --coupon-value V "
        '--coupon-kind percent|amount (the API\'s "coupon"), or take coupon_code out of the '
        "template. (A journey's send step may use this campaign: its coupon step gives the "
        "code.)",
        "fa": "قالب coupon_code را نشان می‌دهد ولی کمپین کوپنی نمی‌دهد، پس چیزی فرستاده نشد: "
        "کمپین را با --coupon-batch NAME --coupon-value V --coupon-kind percent|amount "
        '(در API کلید "coupon") بسازید، یا coupon_code را از قالب بردارید. (گام ارسال یک '
        "سفر مشتری می‌تواند این کمپین را به کار ببرد: کد را گام کوپن همان سفر می‌دهد.)",
    },
    "campaigns.coupon_terms": {
        "en": "Coupon batch {batch!r} is new: give its --coupon-value and --coupon-kind "
        "(percent or amount), or name an existing batch.",
        "fa": "دستهٔ کوپن {batch!r} تازه است: --coupon-value و --coupon-kind آن را "
        "(percent یا amount) بدهید، یا دسته‌ای موجود را نام ببرید.",
    },
    "campaigns.coupon_preview": {"en": "[coupon code]", "fa": "[کد تخفیف]"},
}


def _take_in_area_texts() -> None:
    """Add the texts kept per area (:mod:`segmint.i18n.web`, :mod:`segmint.i18n.stores`).

    A key may not be defined twice, here or across the areas.
    """
    from segmint.i18n import stores, web

    for package in (web, stores):
        for key, entry in web.area_messages(package).items():
            if key in MESSAGES:
                raise ValueError(f"text {key!r} is already in the catalogue")
            MESSAGES[key] = entry


_take_in_area_texts()


def check_language(lang: str) -> str:
    """Return ``lang`` if segmint has messages in it; raise :class:`SettingsError` if not."""
    if lang not in LANGUAGES:
        raise SettingsError(translate("cli.unknown_lang", "en", lang=lang))
    return lang


def translate(key: str, lang: str = "en", /, **values: Any) -> str:
    """The message ``key`` in ``lang``, filled with ``values``.

    Parameters
    ----------
    key
        A key of :data:`MESSAGES`.
    lang
        ``"en"`` or ``"fa"``.
    values
        Values for the template's placeholders.

    Raises
    ------
    SettingsError
        If ``lang`` is not one of :data:`LANGUAGES`.
    """
    entry = MESSAGES[key]
    template = entry.get(lang)
    if template is None:
        check_language(lang)
        template = entry["en"]
    return template.format(**values)
