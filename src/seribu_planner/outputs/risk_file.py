"""The risk report as JSON (``seribu-risk/1``): fixed keys, deterministic bytes.

Shares are rounded to 6 decimals, minutes to 1, rupiah to whole; times are ISO 8601 in the
campaign's time zone, and an arrival that never happens at the percentile's rank is
``null``. Nothing in the file depends on the engine or the number of workers.
"""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any

from seribu_planner.model import DataSet
from seribu_planner.risk.hindsight import Hindsight
from seribu_planner.risk.measure import RiskReport

RISK_FORMAT = "seribu-risk/1"


def risk_to_json(
    data: DataSet,
    report: RiskReport,
    hindsight: Hindsight | None = None,
    plan_cost: float | None = None,
) -> str:
    """The report as JSON text, ending in a newline."""
    tz = data.campaign.tz
    document: dict[str, Any] = {
        "format": RISK_FORMAT,
        "scenarios": report.scenarios,
        "seed": report.seed,
        "p_all_on_time": _p(report.p_all_on_time),
        "ci95": [_p(report.ci95[0]), _p(report.ci95[1])],
        "ci_method": "wilson",
        "data_digest": data.digest,
        "plan_cost": None if plan_cost is None else round(plan_cost),
        "unserved_by_plan": list(report.unserved_by_plan),
        "uncertainty": report.uncertainty.model_dump(mode="json", exclude={"source"}),
        "tps": [
            {
                "tps": t.tps,
                "p_on_time": _p(t.p_on_time),
                "p50_arrival": _iso(t.p50, tz),
                "p90_arrival": _iso(t.p90, tz),
                "planned_arrival": _iso(t.planned, tz),
                "deadline": _iso(t.deadline, tz),
                "kelurahan": t.kelurahan,
            }
            for t in report.tps
        ],
        "kelurahan": [
            {
                "kelurahan": k.kelurahan,
                "tps": k.tps,
                "voters": k.voters,
                "p_all_on_time": _p(k.p_all_on_time),
            }
            for k in report.kelurahan
        ],
        "legs": [
            {
                "boat": leg.boat,
                "trip": leg.trip,
                "leg": leg.leg,
                "from": leg.origin,
                "to": leg.target,
                "planned_depart": _iso(leg.planned_depart, tz),
                "p_held": _p(leg.p_held),
                "mean_hold_minutes": leg.mean_hold_minutes,
                "p_failed": _p(leg.p_failed),
                "late_tps": leg.late_tps,
                "share_of_lateness": _p(leg.share_of_lateness),
            }
            for leg in report.legs
        ],
    }
    if hindsight is not None:
        document["hindsight"] = {
            "scenarios": hindsight.scenarios,
            "p_all_served_on_time": _p(hindsight.p_all_served),
            "ci95": [_p(hindsight.ci95[0]), _p(hindsight.ci95[1])],
            "cost_mean": _money(hindsight.cost_mean),
            "cost_median": _money(hindsight.cost_median),
        }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _p(value: float) -> float:
    return round(value, 6)


def _money(value: float | None) -> int | None:
    return None if value is None else round(value)


def _iso(moment: datetime | None, tz: tzinfo) -> str | None:
    return None if moment is None else moment.astimezone(tz).isoformat()
