"""The dataset writer: every converted fact as rows of tables shaped like the SEC's Financial
Statement Data Sets (sub, num, tag, pre), so our rows can sit next to the SEC's own.

Takes: conversion results (rows.py builds each input's rows); gives: a SQLite file (sqlite.py,
standard library: the default) or a folder of Parquet files partitioned by filing year
(parquet.py, pyarrow: the `parquet` extra). columns.py names the tables and columns, fsds.py
holds FSDS's conventions (ddate, qtrs, fiscal period, statement codes, tlabel).
"""
