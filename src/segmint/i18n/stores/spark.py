"""Texts about the Spark data store (local mode and Spark Connect)."""

MESSAGES: dict[str, dict[str, str]] = {
    "spark.no_pyspark": {
        "en": "The data store {url} is Spark, but pyspark is not installed. "
        "Install it with: pip install 'segmint[spark]'.",
        "fa": "پایگاه دادهٔ {url} از نوع Spark است ولی pyspark نصب نیست. "
        "با این فرمان نصبش کنید: pip install 'segmint[spark]'.",
    },
    "spark.no_java": {
        "en": "The data store {url} runs Spark on this machine, which needs Java {java}+, "
        "and no Java runtime was found{found}. Install Java {java} (for example the "
        "openjdk-{java}-jre-headless package) and set JAVA_HOME, or point data_url at a "
        "Spark cluster with sc://host:15002.",
        "fa": "پایگاه دادهٔ {url} اسپارک را روی همین دستگاه اجرا می‌کند که به Java {java} "
        "یا بالاتر نیاز دارد، و جاوای مناسبی پیدا نشد{found}. Java {java} را نصب کنید (مثلاً "
        "بستهٔ openjdk-{java}-jre-headless) و JAVA_HOME را تنظیم کنید، یا data_url را با "
        "sc://host:15002 به یک خوشهٔ اسپارک نشانی دهید.",
    },
    "spark.start_failed": {
        "en": "Spark could not start for the data store {url}: {reason}. Check JAVA_HOME, "
        "the memory_limit setting and the free memory of this machine.",
        "fa": "اسپارک برای پایگاه دادهٔ {url} راه نیفتاد: {reason}. JAVA_HOME، تنظیم "
        "memory_limit و حافظهٔ آزاد این دستگاه را بررسی کنید.",
    },
    "spark.connect_unreachable": {
        "en": "No Spark Connect server answers at {host}:{port} (data store {url}): {reason}. "
        "Start one (sbin/start-connect-server.sh on the cluster, or check the Databricks "
        "workspace and its token), or fix the data_url setting (SEGMINT_DATA_URL).",
        "fa": "هیچ سرور Spark Connect در {host}:{port} پاسخ نمی‌دهد (پایگاه دادهٔ {url}): "
        "{reason}. یکی را راه بیندازید (sbin/start-connect-server.sh روی خوشه، یا فضای کاری "
        "Databricks و توکن آن را بررسی کنید)، یا تنظیم data_url (SEGMINT_DATA_URL) را درست کنید.",
    },
    "spark.bad_master": {
        "en": "data_url {url!r}: a local Spark URL is spark://local, spark://local[N] or "
        "spark://local[*]; a cluster is reached with sc://host:port (Spark Connect).",
        "fa": "data_url {url!r}: نشانی اسپارک محلی spark://local، spark://local[N] یا "
        "spark://local[*] است؛ خوشه با sc://host:port (Spark Connect) در دسترس است.",
    },
}
