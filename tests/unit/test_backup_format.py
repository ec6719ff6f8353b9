"""The backup format without a database: exact value round trips, encrypted files, damaged files."""

from __future__ import annotations

import neo4j.time as nt
import pytest
import pytz
from neo4j.spatial import CartesianPoint, WGS84Point

from atocore.errors import ValidationError
from atocore.services.backup.codec import decode_value, encode_value, split_vectors
from atocore.services.backup.crypto import WrongPassphrase, key_for, new_encryption
from atocore.services.backup.files import JsonLines, read_lines

VALUES = [
    True,
    7,
    2.5,
    "text",
    ["a", "b"],
    [1, 2],
    [0.5, 0.25],  # float32-exact: a vector
    [0.1, 0.2],  # needs float64
    b"\x00\x01",
    nt.DateTime(2026, 1, 2, 3, 4, 5, 123456789, tzinfo=pytz.UTC),
    pytz.timezone("Europe/Paris").localize(nt.DateTime(2026, 7, 1, 12, 0, 0, 1)),
    nt.DateTime(2026, 1, 2, 3, 4, 5),
    nt.Date(2024, 2, 29),
    nt.Time(1, 2, 3, 4),
    nt.Time(1, 2, 3, 4, tzinfo=pytz.FixedOffset(90)),
    nt.Duration(months=1, days=2, seconds=3, nanoseconds=4),
    CartesianPoint((1.0, 2.0)),
    WGS84Point((6.1, 46.2, 400.0)),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_every_property_type_round_trips_exactly(value) -> None:
    encoded = encode_value(value)
    back = decode_value(encoded)
    assert back == value and encode_value(back) == encoded


def test_float32_vectors_are_split_out_for_set_node_vector_property() -> None:
    plain, vectors = split_vectors({"embedding": encode_value([0.5, 0.25]), "name": "x"})
    assert plain == {"name": "x"} and vectors == [{"key": "embedding", "value": [0.5, 0.25]}]


def _write(path, key) -> None:
    out = JsonLines(path, key)
    for n in range(3000):
        out.write({"n": n, "text": "x" * (n % 50)})
    out.close()


def test_encrypted_file_reads_back_and_a_wrong_passphrase_is_named(tmp_path) -> None:
    key, record = new_encryption("secret")
    _write(tmp_path / "f.enc", key)
    assert [item["n"] for item in read_lines(tmp_path / "f.enc", key_for(record, "secret"))] == list(range(3000))
    with pytest.raises(WrongPassphrase, match="Wrong passphrase"):
        key_for(record, "other")
    with pytest.raises(WrongPassphrase, match="encrypted"):
        key_for(record, None)


@pytest.mark.parametrize("encrypted", [False, True])
def test_cut_or_tampered_files_are_a_validation_error(tmp_path, encrypted) -> None:
    key = new_encryption("secret")[0] if encrypted else None
    path = tmp_path / "f"
    _write(path, key)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 20])
    with pytest.raises(ValidationError):
        list(read_lines(path, key))
    path.write_bytes(data[:40] + bytes([data[40] ^ 0xFF]) + data[41:])
    with pytest.raises(ValidationError):
        list(read_lines(path, key))
