"""Long statements keep their converted text (config.postgresql.base): the second run of a
statement longer than psycopg's own limit is not parsed again."""

import pytest
from django.db import connection
from psycopg import _queries

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own"),
    pytest.mark.django_db,
]


def test_a_long_statement_is_converted_once():
    columns = ", ".join(f"%s + {i} AS a_column_named_at_length_{i}" for i in range(12))
    padding = ", ".join(f"'{i:04}' AS padding_{i}" for i in range(300))
    sql = f"SELECT {columns}, {padding}"  # about 7,000 bytes, as joined reads are
    assert 4096 < len(sql.encode()) < 16_384
    values = [587 + i for i in range(12)]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        before = _queries._query2pg.cache_info().hits
        cursor.execute(sql, values)
        assert cursor.fetchone()[11] == 598 + 11
    assert _queries._query2pg.cache_info().hits == before + 1
