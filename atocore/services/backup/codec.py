"""Property values to JSON and back, exactly, and the content digest of a graph.

A Neo4j property is a boolean, integer, float, string, byte array, temporal
value, point, or a list of one of these. JSON carries the first four as they
are; everything else becomes a one-key object naming its type (a property can
never be a map, so an object is always such a tag):

    {"$f32": base64}        a list of floats that float32 holds exactly (vectors)
    {"$f64": base64}        any other list of floats
    {"$bytes": base64}      a byte array
    {"$datetime": iso, "tz": zone}   zoned date-time (tz only for a named zone)
    {"$localdatetime": iso} {"$date": iso} {"$time": iso} {"$localtime": iso}
    {"$duration": [months, days, seconds, nanoseconds]}
    {"$point": [srid, x, y(, z)]}

Encoding is deterministic, so the digest of a node (its sorted labels and its
encoded properties) is the same whether it is computed from the live graph or
from a backup's files. A relationship's digest names its type, properties and
the digests of its two ends, and a graph's digest is the sum of all of them
modulo 2**256: it does not depend on the order things are read in, nor on
Neo4j's internal ids, so a restored graph has the digest of the backup.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
from typing import Any

import neo4j.time as nt
import pytz
from neo4j.spatial import CartesianPoint, Point, WGS84Point

VECTOR_TAG = "$f32"
_MOD = 2**256


def _floats(values: list[float]) -> dict[str, str]:
    packed32 = struct.pack(f"<{len(values)}f", *values)
    if list(struct.unpack(f"<{len(values)}f", packed32)) == values:
        return {VECTOR_TAG: base64.b64encode(packed32).decode("ascii")}
    return {"$f64": base64.b64encode(struct.pack(f"<{len(values)}d", *values)).decode("ascii")}


def _temporal(value: Any) -> dict[str, Any]:
    if isinstance(value, nt.DateTime):
        if value.tzinfo is None:
            return {"$localdatetime": value.iso_format()}
        zone = getattr(value.tzinfo, "zone", None)
        tagged: dict[str, Any] = {"$datetime": value.iso_format()}
        if zone and zone != "UTC":
            tagged["tz"] = zone
        return tagged
    if isinstance(value, nt.Date):
        return {"$date": value.iso_format()}
    if isinstance(value, nt.Time):
        return {"$time" if value.tzinfo is not None else "$localtime": value.iso_format()}
    if isinstance(value, nt.Duration):
        return {"$duration": [value.months, value.days, value.seconds, value.nanoseconds]}
    raise TypeError(f"cannot back up a property of type {type(value).__name__}")


def encode_value(value: Any) -> Any:
    """A property value as JSON-ready data (see the module docstring)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, list):
        if value and all(type(v) is float for v in value):
            return _floats(value)
        return [encode_value(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Point):
        return {"$point": [value.srid, *value]}
    return _temporal(value)


def encode_properties(props: dict[str, Any]) -> dict[str, Any]:
    return {key: encode_value(value) for key, value in props.items()}


def _decode_tag(tagged: dict[str, Any]) -> Any:
    (tag, payload), *rest = tagged.items()
    if tag == VECTOR_TAG:
        raw = base64.b64decode(payload)
        return list(struct.unpack(f"<{len(raw) // 4}f", raw))
    if tag == "$f64":
        raw = base64.b64decode(payload)
        return list(struct.unpack(f"<{len(raw) // 8}d", raw))
    if tag == "$bytes":
        return base64.b64decode(payload)
    if tag == "$datetime":
        value = nt.DateTime.from_iso_format(payload)
        zone = tagged.get("tz")
        if zone:
            return pytz.timezone(zone).normalize(value.astimezone(pytz.timezone(zone)))
        return value
    if tag == "$localdatetime":
        return nt.DateTime.from_iso_format(payload)
    if tag == "$date":
        return nt.Date.from_iso_format(payload)
    if tag in ("$time", "$localtime"):
        return nt.Time.from_iso_format(payload)
    if tag == "$duration":
        months, days, seconds, nanoseconds = payload
        return nt.Duration(months=months, days=days, seconds=seconds, nanoseconds=nanoseconds)
    if tag == "$point":
        srid, *coords = payload
        return (WGS84Point if srid in (4326, 4979) else CartesianPoint)(coords)
    raise ValueError(f"unknown value tag {tag!r}")


def decode_value(value: Any) -> Any:
    """The driver parameter an encoded value stands for."""
    if isinstance(value, dict):
        return _decode_tag(value)
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    return value


def split_vectors(props: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Encoded properties as (plain properties, float32 vectors), both decoded.

    Float32 lists are written back with ``db.create.setNodeVectorProperty``,
    which stores them as the compact float array ingestion wrote.
    """
    plain: dict[str, Any] = {}
    vectors: list[dict[str, Any]] = []
    for key, value in props.items():
        if isinstance(value, dict) and VECTOR_TAG in value:
            vectors.append({"key": key, "value": _decode_tag(value)})
        else:
            plain[key] = decode_value(value)
    return plain, vectors


# -- digests ---------------------------------------------------------------------
def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def node_digest(labels: list[str], encoded_props: dict[str, Any]) -> bytes:
    return hashlib.sha256(canonical(["node", sorted(labels), encoded_props])).digest()


def relationship_digest(rel_type: str, encoded_props: dict[str, Any], start: bytes, end: bytes) -> bytes:
    return hashlib.sha256(canonical(["rel", rel_type, encoded_props, start.hex(), end.hex()])).digest()


class GraphDigest:
    """An order-independent digest of a multiset of node and relationship digests."""

    def __init__(self) -> None:
        self._sum = 0

    def add(self, digest: bytes) -> None:
        self._sum = (self._sum + int.from_bytes(digest, "big")) % _MOD

    def hexdigest(self) -> str:
        return f"{self._sum:064x}"
