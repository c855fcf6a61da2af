"""The engine expressions on PySpark (local mode): features and assignment compile and agree."""

from __future__ import annotations

import ibis
import numpy as np
import pytest

from segmint.clustering import (
    CustomerClusterer,
    assign_expr,
    customer_features,
    planted_customers,
)
from tests.backends import spark_con  # noqa: F401 - the shared Spark session

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    # py4j leaves its local sockets to the garbage collector; not a segmint defect.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def test_assignment_on_spark_equals_predict(spark_con):  # noqa: F811
    frame, _ = planted_customers(600, 3, random_state=4)
    frame = frame.drop(columns=["first_order_date", "last_order_date"])
    model = CustomerClusterer(k=3, n_bootstrap=0).fit(frame)
    features = customer_features(ibis.memtable(frame))
    got = spark_con.to_pandas(assign_expr(features, model)).sort_values("customer_id")
    expected = model.predict(frame.sort_values("customer_id"))
    np.testing.assert_array_equal(got["cluster"].to_numpy(), expected)
