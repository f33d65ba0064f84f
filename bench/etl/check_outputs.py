#!/usr/bin/env python3
"""Checks `csv-producer etl`'s files against pandas' own result for the same input.

usage: check_outputs.py RAW.csv OURS.csv OURS.parquet

Runs the reference steps of etl_pandas.py in memory, then requires: our CSV is byte for byte what
pandas' to_csv writes; pandas reads our Parquet file as the frame it reads from its own to_parquet
file (rows, order, values, dtypes, nulls; the index, which pandas keeps from the raw file, aside);
pyarrow reads ours with the column types and null counts it reads from pandas' file (string and
large_string counted as one). Exit 0 and "ok ..." when all hold, else the first difference, exit 1.
"""
import io
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def reference(raw: str) -> pd.DataFrame:
    frame = pd.read_csv(raw)
    frame = frame.drop_duplicates(subset=["order_id"])
    frame["quantity"] = frame["quantity"].fillna(1)
    frame["order_date"] = pd.to_datetime(frame["order_date"], errors="coerce")
    return frame.dropna(subset=["order_date"])


def plain(field_type: pa.DataType) -> str:
    return "string" if field_type in (pa.string(), pa.large_string()) else str(field_type)


def main(raw: str, ours_csv: str, ours_parquet: str) -> int:
    expected = reference(raw)
    buffer = io.StringIO()
    expected.to_csv(buffer, index=False)
    with open(ours_csv, encoding="utf-8", newline="") as handle:
        written = handle.read()
    if written != buffer.getvalue():
        ours_lines, their_lines = written.splitlines(), buffer.getvalue().splitlines()
        for number, (mine, theirs) in enumerate(zip(ours_lines, their_lines), start=1):
            if mine != theirs:
                print(f"CSV line {number}: ours {mine!r}, pandas {theirs!r}")
                return 1
        print(f"CSV: ours has {len(ours_lines)} lines, pandas {len(their_lines)}")
        return 1

    theirs = io.BytesIO(expected.to_parquet())
    their_table = pq.read_table(theirs).drop_columns(
        [name for name in pq.read_table(theirs).column_names if name.startswith("__index_level_")])
    theirs.seek(0)
    their_frame = pd.read_parquet(theirs).reset_index(drop=True)
    read_back = pd.read_parquet(ours_parquet)
    try:
        pd.testing.assert_frame_equal(read_back, their_frame, check_dtype=True)
    except AssertionError as difference:
        print(f"Parquet read by pandas differs: {difference}")
        return 1

    table = pq.read_table(ours_parquet)
    their_types = {field.name: plain(field.type) for field in their_table.schema}
    our_types = {field.name: plain(field.type) for field in table.schema}
    if our_types != their_types:
        print(f"Parquet types: ours {our_types}, pandas {their_types}")
        return 1
    nulls = {name: table.column(name).null_count for name in table.column_names}
    expected_nulls = {name: their_table.column(name).null_count for name in their_table.column_names}
    if nulls != expected_nulls:
        print(f"Parquet nulls: ours {nulls}, pandas {expected_nulls}")
        return 1
    print(f"ok rows={len(expected)} row_groups={pq.ParquetFile(ours_parquet).metadata.num_row_groups} types={our_types}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: check_outputs.py RAW.csv OURS.csv OURS.parquet")
    sys.exit(main(*sys.argv[1:]))
