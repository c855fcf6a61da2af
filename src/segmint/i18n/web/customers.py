"""Texts of the customer list and the customer profile: headings, timeline, traits, model."""

from __future__ import annotations

#: What each trait means, shown beside its value on the profile.
_TRAIT_HELP: dict[str, tuple[str, str]] = {
    "recency_days": (
        "Days between the last completed order and the run's day. Lower is better.",
        "روزهای میان آخرین سفارش تکمیل‌شده و روز اجرا. کمتر بهتر است.",
    ),
    "frequency": (
        "Completed orders up to the run's day.",
        "شمار سفارش‌های تکمیل‌شده تا روز اجرا.",
    ),
    "monetary": (
        "Total spent on completed orders, net of returns.",
        "جمع خرید سفارش‌های تکمیل‌شده، پس از کسر مرجوعی‌ها.",
    ),
    "avg_order_value": (
        "Average amount of one completed order.",
        "میانگین مبلغ یک سفارش تکمیل‌شده.",
    ),
    "tenure_days": (
        "Days since the first order: how long this person has been a customer.",
        "روزها از نخستین سفارش: چه مدت است که مشتری است.",
    ),
    "rfm_score": (
        "Recency, frequency and monetary scores, each 1 (lowest fifth) to 5 (highest fifth)"
        " among all customers.",
        "امتیاز تازگی، تکرار و ارزش خرید، هر یک از ۱ (پایین‌ترین پنجم) تا ۵ (بالاترین پنجم)"
        " میان همهٔ مشتریان.",
    ),
    "rfm_group": (
        "The named group of the RFM scores (Champions ... Lost), from the workspace's R x FM map.",
        "گروه نام‌دار امتیازهای RFM (قهرمانان ... از دست رفته)، از نقشهٔ R × FM فضای کار.",
    ),
    "lifecycle_stage": (
        "Where the customer stands: new, active, loyal, at risk, lapsed or won back,"
        " from the shop's own buying rhythm.",
        "جایگاه مشتری: جدید، فعال، وفادار، در معرض ریزش، ریزش‌کرده یا بازگشته،"
        " بر پایهٔ آهنگ خرید خود فروشگاه.",
    ),
    "stage_since": (
        "The day the customer entered the current stage.",
        "روزی که مشتری وارد مرحلهٔ کنونی شد.",
    ),
    "generation": (
        "The generation of the birth year (Gen Z, Millennials ...).",
        "نسلِ سال تولد (نسل زد، هزاره‌ای‌ها ...).",
    ),
    "age": ("Age in years on the run's day.", "سن به سال در روز اجرا."),
    "p_alive": (
        "The chance the customer is still buying, from the fitted transaction model"
        " (BG/NBD or Pareto/NBD) and their order history.",
        "احتمال اینکه مشتری هنوز خرید می‌کند، از مدل برازش‌شدهٔ تراکنش"
        " (BG/NBD یا Pareto/NBD) و سابقهٔ سفارش‌هایش.",
    ),
    "churn_risk": (
        "The chance of no order at all in the next 365 days.",
        "احتمال اینکه در ۳۶۵ روز آینده هیچ سفارشی ندهد.",
    ),
    "expected_purchases_365d": (
        "Orders the model expects from this customer in the next 365 days.",
        "سفارش‌هایی که مدل در ۳۶۵ روز آینده از این مشتری انتظار دارد.",
    ),
    "expected_next_order_date": (
        "The day the model expects the next order, if the customer is still active.",
        "روزی که مدل سفارش بعدی را انتظار دارد، اگر مشتری هنوز فعال باشد.",
    ),
    "clv_365d": (
        "Customer lifetime value: expected orders in 365 days times the expected order"
        " value (Gamma-Gamma), times the margin.",
        "ارزش طول عمر مشتری: سفارش‌های مورد انتظار در ۳۶۵ روز ضرب در مبلغ مورد انتظار"
        " هر سفارش (گاما-گاما)، ضرب در حاشیهٔ سود.",
    ),
    "pcv": (
        "Past customer value: what the customer's orders brought so far, in today's money.",
        "ارزش گذشتهٔ مشتری: آنچه سفارش‌هایش تاکنون آورده، به پول امروز.",
    ),
    "return_rate": (
        "Share of the customer's purchases that came back as returns.",
        "سهم خریدهای مشتری که مرجوع شده است.",
    ),
    "discount_share": (
        "Share of the amount paid that was given as discount.",
        "سهمی از مبلغ خرید که تخفیف بوده است.",
    ),
    "favourite_category": (
        "The product category the customer spent most on.",
        "دسته‌ای از کالاها که مشتری بیشترین خرید را از آن کرده است.",
    ),
    "favourite_channel": (
        "The sales channel of most of the customer's orders.",
        "کانال فروشِ بیشترِ سفارش‌های مشتری.",
    ),
    "last_csat": (
        "The last satisfaction score the customer gave (1-5).",
        "آخرین امتیاز رضایتی که مشتری داد (۱ تا ۵).",
    ),
    "avg_csat": (
        "The average of the customer's satisfaction scores (1-5).",
        "میانگین امتیازهای رضایت مشتری (۱ تا ۵).",
    ),
    "sow": (
        "Share of wallet: spend here over the customer's estimated yearly spend in the category.",
        "سهم کیف پول: خرید از اینجا تقسیم بر برآورد هزینهٔ سالانهٔ مشتری در این دسته.",
    ),
    "cpa": (
        "Cost per acquisition: what winning this customer cost, from the acquisition costs"
        " of their channel and campaign.",
        "هزینهٔ جذب: آنچه به دست آوردن این مشتری هزینه داشت، از هزینه‌های جذب کانال و کمپینش.",
    ),
    "value_quadrant": (
        "Loyalty against value: true friends buy often and much, butterflies much but"
        " rarely, barnacles often but little, strangers neither.",
        "وفاداری در برابر ارزش: دوستان واقعی زیاد و پرمبلغ می‌خرند، پروانه‌ها پرمبلغ ولی"
        " کم‌تکرار، صدف‌ها پرتکرار ولی کم‌مبلغ، غریبه‌ها هیچ‌کدام.",
    ),
}

#: Trait names without a ``lib.field.*`` label in the catalogue.
_TRAIT_LABELS: dict[str, tuple[str, str]] = {
    "avg_order_value": ("average order", "میانگین سفارش"),
    "tenure_days": ("days as a customer", "روزهای مشتری‌بودن"),
    "rfm_score": ("RFM scores", "امتیازهای RFM"),
    "age": ("age", "سن"),
    "expected_purchases_365d": ("expected orders (365 d)", "سفارش‌های مورد انتظار (۳۶۵ روز)"),
    "pcv": ("past customer value (PCV)", "ارزش گذشتهٔ مشتری (PCV)"),
    "return_rate": ("return rate", "نرخ مرجوعی"),
    "discount_share": ("discount share", "سهم تخفیف"),
    "favourite_channel": ("favourite channel", "کانال محبوب"),
    "avg_csat": ("average satisfaction", "میانگین رضایت"),
    "sow": ("share of wallet (SOW)", "سهم کیف پول (SOW)"),
    "cpa": ("acquisition cost (CPA)", "هزینهٔ جذب (CPA)"),
}

MESSAGES: dict[str, dict[str, str]] = {
    "web.customers.title": {"en": "Customers", "fa": "مشتریان"},
    "web.customers.search": {
        "en": "Name, phone, email or id",
        "fa": "نام، تلفن، ایمیل یا شناسه",
    },
    "web.customers.rule": {"en": "Or a rule", "fa": "یا یک قاعده"},
    "web.customers.find": {"en": "Find", "fa": "یافتن"},
    "web.customers.none": {"en": "No customer matches.", "fa": "هیچ مشتری‌ای پیدا نشد."},
    "web.customers.masked": {
        "en": "Names, phones and emails are masked for your role.",
        "fa": "نام‌ها، تلفن‌ها و ایمیل‌ها برای نقش شما پوشانده شده‌اند.",
    },
    "web.customers.bad_rule": {
        "en": "The rule is not valid: {error}",
        "fa": "قاعده نادرست است: {error}",
    },
    "web.customers.col.id": {"en": "Id", "fa": "شناسه"},
    "web.customers.col.name": {"en": "Name", "fa": "نام"},
    "web.customers.col.phone": {"en": "Phone", "fa": "تلفن"},
    "web.customers.col.email": {"en": "Email", "fa": "ایمیل"},
    "web.customers.col.city": {"en": "City", "fa": "شهر"},
    "web.customers.col.rfm": {"en": "RFM group", "fa": "گروه RFM"},
    "web.customers.col.stage": {"en": "Stage", "fa": "مرحله"},
    "web.customers.col.spend": {"en": "Spend", "fa": "خرید"},
    "web.customers.col.tags": {"en": "Tags", "fa": "برچسب‌ها"},
    "web.customers.unknown": {
        "en": "No customer has the id {customer_id}.",
        "fa": "هیچ مشتری‌ای شناسهٔ {customer_id} را ندارد.",
    },
    "web.customers.back": {"en": "All customers", "fa": "همهٔ مشتریان"},
    "web.customers.contact": {"en": "Contact", "fa": "تماس"},
    "web.customers.since": {"en": "Customer since {day}", "fa": "مشتری از {day}"},
    "web.customers.location": {"en": "Lives in", "fa": "محل زندگی"},
    "web.customers.consent": {"en": "Consent", "fa": "رضایت"},
    "web.customers.yes": {"en": "yes", "fa": "بله"},
    "web.customers.no": {"en": "no", "fa": "خیر"},
    "web.customers.timeline": {"en": "Timeline", "fa": "گاه‌شمار"},
    "web.customers.timeline.note": {
        "en": "Newest first: the last 50 orders, events, feedback and tickets, and the"
        " campaign messages sent.",
        "fa": "تازه‌ترین نخست: ۵۰ سفارش، رویداد، بازخورد و تیکت آخر، و پیام‌های کمپین فرستاده‌شده.",
    },
    "web.customers.kind.order": {"en": "Order", "fa": "سفارش"},
    "web.customers.kind.event": {"en": "Event", "fa": "رویداد"},
    "web.customers.kind.feedback": {"en": "Feedback", "fa": "بازخورد"},
    "web.customers.kind.ticket": {"en": "Ticket", "fa": "تیکت"},
    "web.customers.kind.message": {"en": "Message", "fa": "پیام"},
    "web.customers.items": {"en": "{count} items", "fa": "{count} قلم"},
    "web.customers.csat": {"en": "CSAT {score} of 5", "fa": "رضایت {score} از ۵"},
    "web.customers.nps": {"en": "NPS {score} of 10", "fa": "NPS {score} از ۱۰"},
    "web.customers.campaign": {"en": "Campaign {name}", "fa": "کمپین {name}"},
    "web.customers.empty_timeline": {
        "en": "Nothing happened with this customer yet.",
        "fa": "هنوز رویدادی برای این مشتری ثبت نشده است.",
    },
    "web.customers.traits": {"en": "Traits", "fa": "ویژگی‌ها"},
    "web.customers.traits.as_of": {"en": "As of {day}", "fa": "تا {day}"},
    "web.customers.traits.none": {
        "en": "No traits yet: run `segmint run` first.",
        "fa": "هنوز ویژگی‌ای نیست: نخست `segmint run` را اجرا کنید.",
    },
    "web.customers.segments": {"en": "Segments, and why", "fa": "بخش‌ها، و چرا"},
    "web.customers.segments.none": {
        "en": "This customer is in no segment.",
        "fa": "این مشتری در هیچ بخشی نیست.",
    },
    "web.customers.held": {"en": "holds", "fa": "برقرار"},
    "web.customers.not_held": {"en": "does not hold", "fa": "برقرار نیست"},
    "web.customers.combine.and": {"en": "all of these hold", "fa": "همهٔ این‌ها برقرارند"},
    "web.customers.combine.or": {"en": "one of these holds", "fa": "یکی از این‌ها برقرار است"},
    "web.customers.tags": {"en": "Tags", "fa": "برچسب‌ها"},
    "web.customers.tags.none": {"en": "No tags.", "fa": "برچسبی ندارد."},
    "web.customers.tag.new": {"en": "New tag", "fa": "برچسب تازه"},
    "web.customers.tag.add": {"en": "Add tag", "fa": "افزودن برچسب"},
    "web.customers.tag.remove": {"en": "Remove tag {tag}", "fa": "حذف برچسب {tag}"},
    "web.customers.fields": {"en": "Custom fields", "fa": "فیلدهای سفارشی"},
    "web.customers.fields.none": {"en": "No custom fields.", "fa": "فیلد سفارشی ندارد."},
    "web.customers.field.name": {"en": "Field", "fa": "فیلد"},
    "web.customers.field.values": {
        "en": "Values (comma separated)",
        "fa": "مقدارها (جدا با ویرگول)",
    },
    "web.customers.field.set": {"en": "Set field", "fa": "ثبت فیلد"},
    "web.customers.tag.missing": {"en": "Write a tag first.", "fa": "نخست یک برچسب بنویسید."},
    "web.customers.field.missing": {
        "en": "Give a field name and at least one value.",
        "fa": "نام فیلد و دست‌کم یک مقدار را بدهید.",
    },
    "web.customers.saved": {"en": "Saved.", "fa": "ذخیره شد."},
    "web.customers.write_failed": {"en": "Not saved: {error}", "fa": "ذخیره نشد: {error}"},
    "web.customers.model": {"en": "Activity model", "fa": "مدل فعالیت"},
    "web.customers.model.none": {
        "en": "No transaction model was fitted at the last run.",
        "fa": "در آخرین اجرا هیچ مدل تراکنشی برازش نشد.",
    },
    "web.customers.model.fitted": {
        "en": "{model}, fitted on {day} (run of {as_of})",
        "fa": "{model}، برازش‌شده در {day} (اجرای {as_of})",
    },
    "web.customers.model.params": {"en": "Parameters", "fa": "پارامترها"},
    "web.customers.model.loglik": {"en": "Log-likelihood", "fa": "لگاریتم درست‌نمایی"},
    "web.customers.model.spend": {"en": "Spend model", "fa": "مدل مبلغ"},
    "web.customers.model.bgnbd": {"en": "BG/NBD", "fa": "مدل BG/NBD"},
    "web.customers.model.mbgnbd": {"en": "MBG/NBD", "fa": "مدل MBG/NBD"},
    "web.customers.model.pareto": {"en": "Pareto/NBD", "fa": "مدل Pareto/NBD"},
    "web.customers.chart": {
        "en": "If no order comes: P(alive) and expected orders ahead",
        "fa": "اگر سفارشی نرسد: احتمال فعال‌بودن و سفارش‌های پیش رو",
    },
    "web.customers.chart.days": {"en": "Days ahead", "fa": "روزهای پیش رو"},
    "web.customers.chart.p_alive": {"en": "P(alive)", "fa": "احتمال فعال‌بودن"},
    "web.customers.chart.expected": {"en": "Expected orders", "fa": "سفارش‌های مورد انتظار"},
    "web.customers.order.completed": {"en": "completed", "fa": "تکمیل‌شده"},
    "web.customers.order.cancelled": {"en": "cancelled", "fa": "لغوشده"},
    "web.customers.order.returned": {"en": "returned", "fa": "مرجوع‌شده"},
    "web.customers.ticket.open": {"en": "open", "fa": "باز"},
    "web.customers.ticket.pending": {"en": "pending", "fa": "در انتظار"},
    "web.customers.ticket.solved": {"en": "solved", "fa": "حل‌شده"},
    "web.customers.ticket.closed": {"en": "closed", "fa": "بسته"},
    "web.customers.state.queued": {"en": "queued", "fa": "در صف"},
    "web.customers.state.sending": {"en": "sending", "fa": "در حال ارسال"},
    "web.customers.state.sent": {"en": "sent", "fa": "فرستاده شد"},
    "web.customers.state.failed": {"en": "failed", "fa": "ناموفق"},
    "web.customers.state.bounced": {"en": "bounced", "fa": "برگشت خورد"},
    "web.customers.state.suppressed": {"en": "suppressed", "fa": "مسدود"},
    **{
        f"web.customers.trait.{name}.help": {"en": en, "fa": fa}
        for name, (en, fa) in _TRAIT_HELP.items()
    },
    **{
        f"web.customers.trait.{name}": {"en": en, "fa": fa}
        for name, (en, fa) in _TRAIT_LABELS.items()
    },
}
