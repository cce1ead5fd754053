"""The places and trips of a plan as GeoJSON (RFC 7946), for QGIS or geojson.io.

A FeatureCollection of a Point per port, island and platform (id, name, kind, zone, TPS,
voters) and a LineString per trip through its stops in order (boat, trip, departure and
return as ISO 8601 strings with offset, the stops, kits and load). Positions are
``[longitude, latitude]`` in WGS 84 with six decimals (about 0.1 m), as the RFC asks; no
``crs`` member (the RFC dropped it). ``stroke``/``marker-color`` follow the simplestyle
convention geojson.io draws with, in the boat colours of the other outputs.

The text is the same for the same plan and data.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any

from seribu_planner.model import DataSet
from seribu_planner.outputs.loads import totals, trip_sheets
from seribu_planner.outputs.palette import PLACE_COLOURS, boat_colours
from seribu_planner.plan import Plan

#: Decimal places of a coordinate (RFC 7946 section 11.2: six is about 10 cm).
PRECISION = 6


def plan_to_geojson(data: DataSet, plan: Plan) -> str:
    """The plan as GeoJSON text (a FeatureCollection), ending in a newline."""
    features = _place_features(data) + _trip_features(data, plan)
    document = {"type": "FeatureCollection", "features": features}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _position(lon: float, lat: float) -> list[float]:
    return [round(lon, PRECISION), round(lat, PRECISION)]


def _place_features(data: DataSet) -> list[dict[str, Any]]:
    tps_count = Counter(t.island for t in data.tps)
    voters: Counter[str] = Counter()
    for tps in data.tps:
        voters[tps.island] += tps.voters
    features: list[dict[str, Any]] = []
    for port in data.ports:
        properties: dict[str, Any] = {
            "id": port.id,
            "name": port.name,
            "kind": "port",
            "zone": port.zone,
        }
        properties |= {"tps": 0, "voters": 0, "marker-color": PLACE_COLOURS["port"]}
        features.append(_feature(port.id, _point(port.lon, port.lat), properties))
    for island in data.islands:
        kind = island.kind.value
        properties = {"id": island.id, "name": island.name, "kind": kind, "zone": island.zone}
        properties |= {
            "tps": tps_count[island.id],
            "voters": voters[island.id],
            "marker-color": PLACE_COLOURS.get(kind, PLACE_COLOURS["island"]),
        }
        features.append(_feature(island.id, _point(island.lon, island.lat), properties))
    return features


def _trip_features(data: DataSet, plan: Plan) -> list[dict[str, Any]]:
    colours = boat_colours(data, plan)
    tz = data.campaign.tz
    items = len(data.campaign.kit)
    features: list[dict[str, Any]] = []
    for sheet in trip_sheets(data, plan):
        positions = [_where(data, stop.place) for stop in sheet.trip.stops]
        line = [p for p in positions if p is not None]
        if len(line) < 2:  # a LineString needs two positions (RFC 7946 section 3.1.4)
            continue
        boat = data.boats_by_id.get(sheet.boat)
        load = totals(sheet.lines, items)
        properties = {
            "boat": sheet.boat,
            "boat_name": boat.name if boat else sheet.boat,
            "trip": sheet.trip.number,
            "depart": _iso(sheet.depart, tz),
            "arrive": _iso(sheet.end.arrive, tz),
            "from": sheet.port,
            "to": sheet.end.place,
            "stops": [stop.place for stop in sheet.trip.stops],
            "tps": load.tps,
            "voters": load.voters,
            "load_kg": round(load.kg, 3),
            "load_m3": round(load.m3, 4),
            "stroke": colours.get(sheet.boat, "#000000"),
            "stroke-width": 3,
        }
        geometry = {"type": "LineString", "coordinates": line}
        features.append(_feature(f"{sheet.boat}/{sheet.trip.number}", geometry, properties))
    return features


def _where(data: DataSet, place: str) -> list[float] | None:
    port = data.ports_by_id.get(place)
    if port is not None:
        return _position(port.lon, port.lat)
    island = data.islands_by_id.get(place)
    return _position(island.lon, island.lat) if island is not None else None


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": _position(lon, lat)}


def _feature(ident: str, geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": ident, "geometry": geometry, "properties": properties}


def _iso(moment: datetime | None, tz: Any) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(tz).isoformat(timespec="seconds")
