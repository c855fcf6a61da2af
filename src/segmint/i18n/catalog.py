"""The message catalogue: every text a person reads, keyed, in English and Persian.

Messages are ``str.format`` templates. A test checks that every key has both
languages with the same placeholders, so a translation can never drop a number.
"""

from __future__ import annotations

from typing import Any

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
    "demo.importing": {"en": "Importing {kind}", "fa": "ورود {kind}"},
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
    "lib.field.expected_next_order_date": {"en": "expected next order", "fa": "سفارش بعدی پیش‌بینی‌شده"},
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
    "serve.phase.fitting": {"en": "Fitting clusters", "fa": "برازش خوشه‌ها"},
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
        "(e.g. from: python -c \"import secrets; print(secrets.token_urlsafe(32))\"), or "
        "listen on 127.0.0.1.",
        "fa": "گوش دادن روی {host} پذیرفته نیست: بیرون از این رایانه سرور به یک رمز نیاز دارد. "
        "SEGMINT_SERVER__SECRET را یک رشتهٔ تصادفی دست‌کم {length} نویسه بگذارید (مثلاً از: "
        "python -c \"import secrets; print(secrets.token_urlsafe(32))\")، یا روی 127.0.0.1 "
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
        "en": "Give either a family (rfm, lifecycle, generation) or segment names.",
        "fa": "یا یک خانواده (rfm، lifecycle، generation) بدهید یا نام بخش‌ها.",
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
    # tickets
    # generic
    "error.prefix": {"en": "Error", "fa": "خطا"},
    "error.unexpected": {
        "en": "Unexpected error: {error}. Please report it with the command you ran.",
        "fa": "خطای پیش‌بینی‌نشده: {error}. لطفاً آن را همراه فرمانی که اجرا کردید گزارش کنید.",
    },
}


def translate(key: str, lang: str = "en", /, **values: Any) -> str:
    """The message ``key`` in ``lang``, filled with ``values``.

    Parameters
    ----------
    key
        A key of :data:`MESSAGES`.
    lang
        ``"en"`` or ``"fa"``; anything else falls back to English.
    values
        Values for the template's placeholders.
    """
    entry = MESSAGES[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**values)
