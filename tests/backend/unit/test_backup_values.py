"""Every kind of value a column can hold comes out of the archive's JSON exactly as it went in,
whichever database wrote it and whichever reads it back."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, Numeric, String, Time
from sqlalchemy.dialects import postgresql, sqlite

from actionplan.operations.backup import _decode, _encode, _kind


@pytest.mark.parametrize("type_, kind", [
    (DateTime(), "datetime"), (sqlite.DATETIME(), "datetime"), (postgresql.TIMESTAMP(), "datetime"),
    (Date(), "date"), (Time(), "time"), (JSON(), "json"), (postgresql.JSONB(), "json"), (LargeBinary(), "bytes"),
    (postgresql.BYTEA(), "bytes"), (Numeric(10, 4), "decimal"), (Float(), "plain"), (postgresql.DOUBLE_PRECISION(), "plain"),
    (Integer(), "plain"), (String(20), "plain"), (Boolean(), "plain"),
])
def test_each_column_type_is_written_the_right_way(type_, kind):
    assert _kind(type_) == kind


@pytest.mark.parametrize("kind, value", [
    ("datetime", dt.datetime(2019, 3, 31, 23, 59, 59, 123456)),
    ("datetime", dt.datetime(2019, 3, 31, 22, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    ("date", dt.date(2019, 2, 28)),
    ("time", dt.time(9, 30, 0, 5)),
    ("bytes", bytes(range(256))),
    ("decimal", Decimal("12.3400")),
    ("json", {"before": None, "after": {"title": "Practice standards – “draft”", "ids": [1, 2], "score": 2.5}}),
    ("plain", 0.1 + 0.2), ("plain", True), ("plain", "line\nbreak and é"), ("plain", 2**62), ("plain", None),
])
def test_values_survive_the_archive_exactly(kind, value):
    line = json.dumps(_encode(kind, value), ensure_ascii=False)
    back = _decode(kind, json.loads(line))
    assert back == value and type(back) is type(value)
