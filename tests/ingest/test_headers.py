"""Header matching: the real headers of public data sets and shop exports, and the ranking."""

from __future__ import annotations

import pytest

from segmint.ingest.fields import KINDS
from segmint.ingest.mapping import fold_header, header_words, map_columns, match_headers

# Header lines copied from the files in ../shared/data (see each folder's SOURCE.md)
# and from the documented exports of the shop platforms; the expected fields were
# worked out by hand from what each column holds.
DATASETS = [
    pytest.param(
        "lines",
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
        {
            "order_id": "InvoiceNo",
            "product_id": "StockCode",
            "product_name": "Description",
            "quantity": "Quantity",
            "order_time": "InvoiceDate",
            "unit_price": "UnitPrice",
            "customer_id": "CustomerID",
            "country": "Country",
        },
        id="uci-online-retail",
    ),
    pytest.param(
        "orders",
        "customer_id,date,number_of_cds,dollar_value",
        {"customer_id": "customer_id", "order_time": "date", "amount": "dollar_value"},
        id="cdnow-master",
    ),
    pytest.param("customers", "ID,frequency,recency,T", {"customer_id": "ID"}, id="cdnow-summary"),
    pytest.param(
        "customers",
        "ID,Year_Birth,Education,Marital_Status,Income,Kidhome,Teenhome,Dt_Customer,Recency,"
        "MntWines,MntFruits,MntMeatProducts,MntFishProducts,MntSweetProducts,MntGoldProds,"
        "NumDealsPurchases,NumWebPurchases,NumCatalogPurchases,NumStorePurchases,"
        "NumWebVisitsMonth,AcceptedCmp3,AcceptedCmp4,AcceptedCmp5,AcceptedCmp1,AcceptedCmp2,"
        "Complain,Z_CostContact,Z_Revenue,Response",
        {
            "customer_id": "ID",
            "birth_date": "Year_Birth",
            "marital_status": "Marital_Status",
            "education": "Education",
            "income": "Income",
            "signup_date": "Dt_Customer",
        },
        id="customer-personality",
    ),
    pytest.param(
        "customers",
        "household_id,age,income,home_ownership,marital_status,household_size,"
        "household_comp,kids_count",
        {
            "customer_id": "household_id",
            "age": "age",
            "income": "income",
            "marital_status": "marital_status",
        },
        id="dunnhumby-demographics",
    ),
    pytest.param(
        "lines",
        "household_id,store_id,basket_id,product_id,quantity,sales_value,retail_disc,"
        "coupon_disc,coupon_match_disc,week,transaction_timestamp",
        {
            "customer_id": "household_id",
            "order_id": "basket_id",
            "product_id": "product_id",
            "quantity": "quantity",
            "order_time": "transaction_timestamp",
            "line_total": "sales_value",
            "discount": "retail_disc",
        },
        id="dunnhumby-transactions-sample",
    ),
    pytest.param(
        "lines",
        "household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,SALES_VALUE,STORE_ID,RETAIL_DISC,"
        "TRANS_TIME,WEEK_NO,COUPON_DISC,COUPON_MATCH_DISC",
        {
            "customer_id": "household_key",
            "order_id": "BASKET_ID",
            "order_time": "DAY",
            "product_id": "PRODUCT_ID",
            "quantity": "QUANTITY",
            "line_total": "SALES_VALUE",
            "discount": "RETAIL_DISC",
        },
        id="dunnhumby-original",
    ),
    pytest.param(
        "customers",
        "CustomerID,Genre,Age,Annual Income (k$),Spending Score (1-100)",
        {
            "customer_id": "CustomerID",
            "gender": "Genre",
            "age": "Age",
            "income": "Annual Income (k$)",
        },
        id="mall-customers",
    ),
    pytest.param(
        "customers",
        "Channel,Region,Fresh,Milk,Grocery,Frozen,Detergents_Paper,Delicassen",
        {"acquisition_channel": "Channel", "province": "Region"},
        id="uci-wholesale",
    ),
    pytest.param(
        "orders",
        "order_id,payment_sequential,payment_type,payment_installments,payment_value",
        {"order_id": "order_id", "amount": "payment_value"},
        id="olist-payments",
    ),
    pytest.param(
        "orders",
        "order_id,customer_id,order_status,order_purchase_timestamp,order_approved_at,"
        "order_delivered_carrier_date,order_delivered_customer_date,order_estimated_delivery_date",
        {
            "order_id": "order_id",
            "customer_id": "customer_id",
            "status": "order_status",
            "order_time": "order_purchase_timestamp",
        },
        id="olist-orders",
    ),
    pytest.param(
        "customers",
        "customer_id,customer_unique_id,customer_zip_code_prefix,customer_city,customer_state",
        {"customer_id": "customer_id", "city": "customer_city", "province": "customer_state"},
        id="olist-customers",
    ),
    pytest.param(
        "items",
        "order_id,order_item_id,product_id,seller_id,shipping_limit_date,price,freight_value",
        {
            "order_id": "order_id",
            "line_no": "order_item_id",
            "product_id": "product_id",
            "unit_price": "price",
        },
        id="olist-order-items",
    ),
    pytest.param(
        "orders",
        "order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,days_since_prior_order",
        {"order_id": "order_id", "customer_id": "user_id"},
        id="instacart-orders",
    ),
    pytest.param(
        "items",
        "order_id,product_id,add_to_cart_order,reordered",
        {"order_id": "order_id", "product_id": "product_id", "line_no": "add_to_cart_order"},
        id="instacart-order-products",
    ),
]

SHOPIFY_ORDERS = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,"
    "Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,"
    "Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,"
    "Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,"
    "Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,"
    "Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,"
    "Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,"
    "Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,"
    "Payment Method,Payment Reference,Refunded Amount,Vendor,Id,Tags,Risk Level,Source,"
    "Lineitem discount"
)
EXPORTS = [
    pytest.param(
        "orders",
        SHOPIFY_ORDERS,
        {
            "order_id": "Id",
            "customer_id": "Email",
            "order_time": "Created at",
            "amount": "Total",
            "currency": "Currency",
            "status": "Financial Status",
            "channel": "Source",
            "discount": "Discount Amount",
            "coupon": "Discount Code",
        },
        id="shopify-orders",
    ),
    pytest.param(
        "lines",
        SHOPIFY_ORDERS,
        {
            "order_id": "Id",
            "product_id": "Lineitem sku",
            "product_name": "Lineitem name",
            "quantity": "Lineitem quantity",
            "order_time": "Created at",
            "unit_price": "Lineitem price",
            "customer_id": "Email",
            "country": "Billing Country",
            "channel": "Source",
            "currency": "Currency",
            # The name match takes the bare Total; map_file then leaves it out beside a
            # unit price (test_a_generic_total_beside_a_unit_price_is_left_out).
            "line_total": "Total",
            "discount": "Discount Amount",
            "coupon": "Discount Code",
        },
        id="shopify-orders-as-lines",
    ),
    pytest.param(
        "customers",
        "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,"
        "Default Address Address1,Default Address Address2,Default Address City,"
        "Default Address Province Code,Default Address Country Code,Default Address Zip,"
        "Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,"
        "Tax Exempt,Tags",
        {
            "customer_id": "Customer ID",
            "phone": "Phone",
            "email": "Email",
            "city": "Default Address City",
            "province": "Default Address Province Code",
            "sms_consent": "Accepts SMS Marketing",
            "email_consent": "Accepts Email Marketing",
            "tags": "Tags",
        },
        id="shopify-customers",
    ),
    pytest.param(
        "orders",
        "order_id,order_number,order_date,paid_date,status,shipping_total,shipping_tax_total,"
        "fee_total,fee_tax_total,tax_total,cart_discount,order_discount,discount_total,"
        "order_total,order_subtotal,order_currency,payment_method,payment_method_title,"
        "transaction_id,customer_ip_address,customer_user_agent,shipping_method,customer_id,"
        "customer_user,customer_email,billing_first_name,billing_last_name,billing_email,"
        "billing_phone",
        {
            "order_id": "order_id",
            "customer_id": "customer_id",
            "order_time": "order_date",
            "amount": "order_total",
            "currency": "order_currency",
            "status": "status",
            "discount": "discount_total",
        },
        id="woocommerce-orders",
    ),
    pytest.param(
        "orders",
        "Order ID,Customer ID,Customer Name,Customer Email,Customer Phone,Order Date,"
        "Order Status,Subtotal (inc tax),Subtotal (ex tax),Tax Total,Shipping Cost (inc tax),"
        "Order Total (inc tax),Order Total (ex tax),Payment Method,Total Quantity,"
        "Order Currency Code,Order Notes",
        {
            "order_id": "Order ID",
            "customer_id": "Customer ID",
            "order_time": "Order Date",
            "amount": "Order Total (inc tax)",
            "status": "Order Status",
            "currency": "Order Currency Code",
        },
        id="bigcommerce-orders",
    ),
    pytest.param(
        "customers",
        "Reference ID,First Name,Last Name,Email Address,Phone Number,Nickname,Company Name,"
        "Street Address 1,Street Address 2,City,State,Postal Code,Birthday,Memo,"
        "Square Customer ID,Creation Source,First Visit,Last Visit,Transaction Count,"
        "Total Spend,Email Subscription Status",
        {
            "customer_id": "Square Customer ID",
            "email": "Email Address",
            "phone": "Phone Number",
            "city": "City",
            "province": "State",
            "birth_date": "Birthday",
            "signup_date": "First Visit",
            "acquisition_channel": "Creation Source",
            "email_consent": "Email Subscription Status",
        },
        id="square-customers",
    ),
    pytest.param(
        "customers",
        "id,Description,Email,Name,Created (UTC),Card ID,Plan,Status,Currency,Account Balance",
        {
            "customer_id": "id",
            "email": "Email",
            "name": "Name",
            "signup_date": "Created (UTC)",
        },
        id="stripe-customers",
    ),
    pytest.param(
        "orders",
        "Date,Time,TimeZone,Name,Type,Status,Currency,Gross,Fee,Net,From Email Address,"
        "To Email Address,Transaction ID,Item Title,Item ID,Invoice Number,Quantity,Receipt ID",
        {
            "order_id": "Transaction ID",
            "customer_id": "From Email Address",
            "order_time": "Date",
            "amount": "Gross",
            "currency": "Currency",
            "status": "Status",
        },
        id="paypal-activity",
    ),
    pytest.param(
        "customers",
        "کد مشتری,نام و نام خانوادگی,تلفن همراه,ايميل,تاریخ تولد,جنسیت,وضعیت تأهل,شهر,استان",
        {
            "customer_id": "کد مشتری",
            "name": "نام و نام خانوادگی",
            "phone": "تلفن همراه",
            "email": "ايميل",
            "birth_date": "تاریخ تولد",
            "gender": "جنسیت",
            "marital_status": "وضعیت تأهل",
            "city": "شهر",
            "province": "استان",
        },
        id="persian-crm-arabic-ya",
    ),
    pytest.param(
        "lines",
        "شماره فاکتور,تاریخ فاکتور,کد طرف حساب,کد کالا,شرح کالا,تعداد,فی,مبلغ کل",
        {
            "order_id": "شماره فاکتور",
            "order_time": "تاریخ فاکتور",
            "customer_id": "کد طرف حساب",
            "product_id": "کد کالا",
            "product_name": "شرح کالا",
            "quantity": "تعداد",
            "unit_price": "فی",
            "line_total": "مبلغ کل",
        },
        id="sepidar-invoice-lines",
    ),
    pytest.param(
        "orders",
        "شماره سفارش,کد مشتری,تاریخ ثبت سفارش,مبلغ قابل پرداخت,وضعیت سفارش",
        {
            "order_id": "شماره سفارش",
            "customer_id": "کد مشتری",
            "order_time": "تاریخ ثبت سفارش",
            "amount": "مبلغ قابل پرداخت",
            "status": "وضعیت سفارش",
        },
        id="persian-shop-orders",
    ),
]


def _fields(kind: str, header_line: str) -> dict[str, str]:
    return {
        name: header
        for name, (header, _) in match_headers(header_line.split(","), KINDS[kind]).items()
    }


@pytest.mark.parametrize(("kind", "header_line", "expected"), DATASETS + EXPORTS)
def test_real_headers_map_as_expected(kind, header_line, expected):
    assert _fields(kind, header_line) == expected


@pytest.mark.parametrize(
    ("header", "folded"),
    [
        ("ordered_at", "orderedat"),
        ("orderedAt", "orderedat"),
        ("Ordered At", "orderedat"),
        ("household-key", "householdkey"),
        ("کد\u200cمشتری", "کدمشتری"),
    ],
)
def test_snake_camel_and_spaced_forms_fold_alike(header, folded):
    assert fold_header(header) == folded


@pytest.mark.parametrize(
    ("kind", "header", "field"),
    [
        ("orders", "ordered_at", "order_time"),
        ("orders", "createdAt", "order_time"),
        ("customers", "created_at", "signup_date"),
        ("lines", "household_key", "customer_id"),
        ("lines", "Lineitem price", "unit_price"),
        ("customers", "Billing Phone", "phone"),
        ("customers", "Accepts Email Marketing", "email_consent"),
        ("orders", "Order Total", "amount"),
        ("events", "occurredAt", "event_time"),
        ("feedback", "Likelihood to recommend", "nps"),
        ("costs", "Ad Spend", "cost"),
    ],
)
def test_single_header(kind, header, field):
    assert _fields(kind, header) == {field: header}


@pytest.mark.parametrize(
    ("kind", "header_line", "expected"),
    [
        # The field's own name beats a specific synonym, whatever the column order.
        ("orders", "InvoiceNo,order_id", {"order_id": "order_id"}),
        # A specific synonym beats a generic word that comes first in the file.
        ("orders", "date,InvoiceDate", {"order_time": "InvoiceDate"}),
        ("orders", "total,order_total", {"amount": "order_total"}),
        ("orders", "id,invoice_no", {"order_id": "invoice_no"}),
        # Within a tier the earlier word wins: Shopify's Total, not its Subtotal.
        ("orders", "Subtotal,Total", {"amount": "Total"}),
        # A generic word never takes a column another field names exactly.
        (
            "orders",
            "order_id,id,customer_id",
            {"order_id": "order_id", "customer_id": "customer_id"},
        ),
        # A bare id is the kind's own key: the order in orders, the customer in customers.
        ("customers", "id,name", {"customer_id": "id", "name": "name"}),
        ("feedback", "id,order_id", {"feedback_id": "id", "order_id": "order_id"}),
        # An e-mail identifies the customer only where the kind has no e-mail field.
        ("customers", "id,email", {"customer_id": "id", "email": "email"}),
        ("orders", "id,email", {"order_id": "id", "customer_id": "email"}),
        # A real customer id wins over the e-mail.
        ("orders", "customer_email,customer_user", {"customer_id": "customer_user"}),
        # A bracketed unit is ignored only when nothing else matches.
        ("customers", "Income (k$)", {"income": "Income (k$)"}),
    ],
)
def test_ranking(kind, header_line, expected):
    assert _fields(kind, header_line) == expected


def test_every_matched_field_says_how():
    mapping = map_columns(
        ["order_id", "InvoiceDate", "total", "Memo"],
        KINDS["orders"],
        overrides={"Memo": "-"},
    )
    assert mapping.how == {"order_id": "exact", "order_time": "synonym", "amount": "generic"}
    assert mapping.unused == ["Memo"]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_word_names_one_field_of_a_kind(kind):
    owner: dict[str, str] = {}
    for spec in KINDS[kind].fields:
        exact, specific, generic = header_words(kind, spec.name)
        for word in (*exact, *specific, *generic):
            assert owner.setdefault(word, spec.name) == spec.name, word


def test_a_generic_total_beside_a_unit_price_is_left_out(import_text):
    text = (
        "Id,Created at,Lineitem quantity,Lineitem price,Total\n"
        "#1001,2024-03-01 10:00:00,2,5.00,25.00\n"
        "#1001,2024-03-01 10:00:00,3,5.00,\n"
    )
    result = import_text("lines", text)
    assert "line_total" not in result.mapping["fields"]
    assert "Total" in result.mapping["unused"]
    assert result.stored == 2
