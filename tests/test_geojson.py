"""Tests of ``outputs.geojson``: the rules of RFC 7946 and the plan's places and trips."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from tests.example import NASTY, example, hostile, tiny

from seribu_planner.outputs.geojson import PRECISION, plan_to_geojson


def _document() -> dict[str, Any]:
    data, plan = example()
    document: dict[str, Any] = json.loads(plan_to_geojson(data, plan))
    return document


def _features(kind: str) -> list[dict[str, Any]]:
    return [f for f in _document()["features"] if f["geometry"]["type"] == kind]


def _check_position(position: Any) -> None:
    """RFC 7946 3.1.1: [longitude, latitude], numbers, in range."""
    assert isinstance(position, list)
    assert len(position) == 2
    lon, lat = position
    assert all(isinstance(v, int | float) and not isinstance(v, bool) for v in position)
    assert -180 <= lon <= 180
    assert -90 <= lat <= 90
    for value in position:
        exponent = Decimal(repr(value)).as_tuple().exponent
        assert isinstance(exponent, int)
        assert -exponent <= PRECISION


def test_it_is_a_feature_collection_of_features_with_geometry_and_properties() -> None:
    document = _document()
    assert document["type"] == "FeatureCollection"
    assert "crs" not in document  # RFC 7946 removed it: WGS 84 lon/lat only
    ids = []
    for feature in document["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        assert isinstance(feature["id"], str)
        ids.append(feature["id"])
        geometry = feature["geometry"]
        if geometry["type"] == "Point":
            _check_position(geometry["coordinates"])
        else:
            assert geometry["type"] == "LineString"
            assert len(geometry["coordinates"]) >= 2  # RFC 7946 3.1.4
            for position in geometry["coordinates"]:
                _check_position(position)
    assert len(ids) == len(set(ids))


def test_a_point_per_port_island_and_platform_in_lon_lat_order() -> None:
    data, _ = example()
    points = {f["id"]: f for f in _features("Point")}
    places = [*data.ports, *data.islands]
    assert set(points) == {p.id for p in places}
    for place in places:
        lon, lat = points[place.id]["geometry"]["coordinates"]
        assert (lon, lat) == (round(place.lon, PRECISION), round(place.lat, PRECISION))
    # Kepulauan Seribu lies south of the equator at about 106.5 degrees east: a swapped
    # pair would put it near Antarctica.
    assert all(100 < f["geometry"]["coordinates"][0] < 110 for f in points.values())


def test_point_properties_have_the_promised_names_and_types() -> None:
    data, _ = example()
    kinds = {"port", "island", "platform"}
    for feature in _features("Point"):
        p = feature["properties"]
        assert isinstance(p["id"], str)
        assert isinstance(p["name"], str)
        assert p["kind"] in kinds
        assert isinstance(p["tps"], int)
        assert isinstance(p["voters"], int)
    by_id = {f["id"]: f["properties"] for f in _features("Point")}
    assert by_id["kali-adem"]["kind"] == "port"
    assert by_id["oses-1"]["kind"] == "platform"
    assert by_id["tidung"]["tps"] == sum(t.island == "tidung" for t in data.tps)
    assert sum(p["voters"] for p in by_id.values()) == 22_036


def test_a_line_per_trip_through_its_stops_with_iso_times() -> None:
    data, plan = example()
    lines = {f["id"]: f for f in _features("LineString")}
    trips = {f"{b.boat}/{t.number}": t for b in plan.boats for t in b.trips}
    assert set(lines) == set(trips)
    where = {p.id: [p.lon, p.lat] for p in (*data.ports, *data.islands)}
    for ident, trip in trips.items():
        feature = lines[ident]
        assert feature["geometry"]["coordinates"] == [where[s.place] for s in trip.stops]
        p = feature["properties"]
        assert isinstance(p["boat"], str)
        assert isinstance(p["trip"], int)
        assert p["stops"] == [s.place for s in trip.stops]
        assert p["tps"] == sum(len(s.tps) for s in trip.stops)
        depart, arrive = datetime.fromisoformat(p["depart"]), datetime.fromisoformat(p["arrive"])
        assert depart == trip.stops[0].depart
        assert arrive == trip.stops[-1].arrive
        assert depart.utcoffset() is not None
        assert p["stroke"].startswith("#")


def test_the_text_is_deterministic_utf8_json() -> None:
    data, plan = tiny()
    first = plan_to_geojson(data, plan)
    assert first == plan_to_geojson(data, plan)
    assert first.endswith("\n")
    json.loads(first)


def test_names_from_the_data_are_json_strings() -> None:
    data, plan = example()
    document = json.loads(plan_to_geojson(hostile(data), plan))
    names = {f["properties"]["name"] for f in document["features"] if "name" in f["properties"]}
    assert names == {NASTY}
