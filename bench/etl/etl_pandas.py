#!/usr/bin/env python3
"""The pandas ETL that `csv-producer etl` replaces, step for step: read_csv, drop_duplicates on
order_id, quantity.fillna(1), to_datetime(order_date, errors="coerce"), dropna on order_date,
then to_csv and to_parquet (pyarrow, its defaults).

usage: etl_pandas.py IN.csv OUT_PREFIX      (writes OUT_PREFIX.csv and OUT_PREFIX.parquet)

Prints the seconds of each step on stderr; time the whole process with /usr/bin/time -v.
"""
import sys
import time

started = time.perf_counter()
import pandas as pd  # noqa: E402 (the import is part of what is timed)


def main(source: str, prefix: str) -> None:
    seconds = {"import": time.perf_counter() - started}
    mark = time.perf_counter()

    def step(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        seconds[name] = now - mark
        mark = now

    frame = pd.read_csv(source)
    step("read_csv")
    rows_in = len(frame)
    frame = frame.drop_duplicates(subset=["order_id"])
    step("drop_duplicates")
    frame["quantity"] = frame["quantity"].fillna(1)
    step("fillna")
    frame["order_date"] = pd.to_datetime(frame["order_date"], errors="coerce")
    step("to_datetime")
    frame = frame.dropna(subset=["order_date"])
    step("dropna")
    frame.to_csv(prefix + ".csv", index=False)
    step("to_csv")
    frame.to_parquet(prefix + ".parquet")
    step("to_parquet")
    steps = " ".join(f"{name}={value:.3f}s" for name, value in seconds.items())
    print(f"rows_in={rows_in} rows_out={len(frame)} {steps} "
          f"total_in_python={time.perf_counter() - started:.3f}s", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: etl_pandas.py IN.csv OUT_PREFIX")
    main(sys.argv[1], sys.argv[2])
