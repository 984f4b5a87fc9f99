"""`replylint audit`: lint a whole export of past replies and summarise it.

sources.py reads JSONL, CSV and Parquet exports row by row; records.py turns one
row into one output record; run.py streams rows through a process pool into a
resumable JSONL output; summary.py reduces the output to counts and rates;
html.py draws the report; dask.py runs the same per-row code on a Dask cluster.
"""
