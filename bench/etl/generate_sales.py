#!/usr/bin/env python3
"""Deterministic sales CSV for the ETL benchmark and tests: the same ROWS give the same bytes.

usage: generate_sales.py ROWS OUT.csv

Columns order_id,customer_id,product,quantity,price,order_date. Of the rows: about 3% repeat an
earlier row whole (its order_id with it), about 2% have no quantity, and the order_date is empty
for about 1%, an impossible ISO date (2024-02-30, 2023-13-01, 2022-04-31) for 0.5%, a non-ISO form
(15/03/2024, unknown, 03-15-2024) for 0.5%, and an ISO date of 2022-2024 for the rest. Rows are
shuffled, so duplicates and bad values are spread through the file.
"""
import sys

import numpy as np
import pandas as pd

SEED = 20260121


def sales(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    repeats = int(rows * 0.03)
    distinct = rows - repeats
    frame = pd.DataFrame({
        "order_id": np.arange(100_001, 100_001 + distinct),
        "customer_id": rng.integers(1, 50_001, distinct),
        "product": np.array([f"SKU-{n:04d}" for n in range(200)])[rng.integers(0, 200, distinct)],
        "quantity": pd.array(rng.integers(1, 11, distinct), dtype="Int64"),
        "price": np.round(rng.uniform(0.5, 500.0, distinct), 2),
    })
    offsets = rng.integers(0, 3 * 365, distinct).astype("timedelta64[D]")
    dates = (np.datetime64("2022-01-01") + offsets).astype(str).astype(object)
    draw = rng.random(distinct)
    dates[draw < 0.01] = ""
    impossible = (draw >= 0.01) & (draw < 0.015)
    dates[impossible] = rng.choice(["2024-02-30", "2023-13-01", "2022-04-31"], impossible.sum())
    foreign = (draw >= 0.015) & (draw < 0.02)
    dates[foreign] = rng.choice(["15/03/2024", "unknown", "03-15-2024"], foreign.sum())
    frame["order_date"] = dates
    frame.loc[rng.random(distinct) < 0.02, "quantity"] = pd.NA
    repeated = frame.iloc[rng.integers(0, distinct, repeats)]
    return pd.concat([frame, repeated]).iloc[rng.permutation(rows)]


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: generate_sales.py ROWS OUT.csv")
    table = sales(int(sys.argv[1]))
    table.to_csv(sys.argv[2], index=False)
    print(f"rows={len(table)} distinct_order_ids={table.order_id.nunique()} "
          f"missing_quantity={table.quantity.isna().sum()} empty_date={(table.order_date == '').sum()}",
          file=sys.stderr)
