"""Plans that buy buffer against the weather: a minimum slack, or a target probability.

* ``min_slack_plan``: solve a copy of the data set whose TPS deadlines are earlier by the
  slack (never sooner than a minute after the campaign start), so every TPS served is
  planned to arrive at least that long before its real deadline; a TPS that cannot be gets
  its reason as usual, with a note of the slack.
* ``target_plan``: plan, measure with the replay, tighten, re-plan, and keep the best
  plan, until P(all on time) reaches the target, or two rounds in a row bring no
  improvement, or no buffer can grow. Each round tries the TPS at risk (P on time below 1)
  one buffer step further (6 h, then 12, 24, 48, 96), and every TPS at least the round's
  step, and keeps the better. A TPS that a larger buffer would leave unserved keeps its
  old one.

Every plan returned is verified against the real data (not only against the tightened
copy it was solved on), and carries the real data's digest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from seribu_planner.model import DataSet, Tps
from seribu_planner.outputs.summary import summarize
from seribu_planner.plan import Plan, Unserved
from seribu_planner.risk.measure import RiskReport
from seribu_planner.verify import Violation, verify

SolveFn = Callable[[DataSet], Plan]
MeasureFn = Callable[[Plan], RiskReport]

#: The buffers a TPS at risk goes through, one step per round.
STEPS = tuple(timedelta(hours=h) for h in (6, 12, 24, 48, 96))
#: Rounds without improvement before the search gives up.
PATIENCE = 2
MAX_ROUNDS = 8


class PlanBug(RuntimeError):
    """A plan failed the verifier against the real data: a bug, never a user error."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__(violations[0].message if violations else "plan failed the verifier")
        self.violations = violations


#: The earliest a deadline is moved to, after the campaign start (a data set's deadlines lie
#: after its start; a TPS with such a deadline cannot be served, and gets its reason).
EARLIEST_DEADLINE = timedelta(minutes=1)


def moved_deadline(data: DataSet, tps: Tps, buffer: timedelta) -> datetime:
    """The deadline of a TPS earlier by ``buffer``, never sooner than just after the start."""
    return max(data.tps_deadline(tps) - buffer, data.campaign.start + EARLIEST_DEADLINE)


def with_slack(data: DataSet, slack: timedelta | Mapping[str, timedelta]) -> DataSet:
    """A copy of the data set whose TPS deadlines are earlier by ``slack`` (per TPS or all)."""
    tps = []
    for t in data.tps:
        buffer = slack if isinstance(slack, timedelta) else slack.get(t.id, timedelta(0))
        if buffer <= timedelta(0):
            tps.append(t)
            continue
        tps.append(t.model_copy(update={"deadline": moved_deadline(data, t, buffer)}))
    return data.model_copy(update={"tps": tuple(tps)})


def checked(data: DataSet, plan: Plan) -> Plan:
    """The plan after the verifier passed it against the real data, with its digest."""
    violations = verify(data, plan)
    if violations:
        raise PlanBug(violations)
    return dataclasses.replace(plan, data_digest=data.digest)


def min_slack_plan(data: DataSet, slack: timedelta, solve: SolveFn) -> Plan:
    """A plan whose every TPS arrives at least ``slack`` before its deadline."""
    if slack <= timedelta(0):
        return checked(data, solve(data))
    plan = solve(with_slack(data, slack))
    return checked(data, _note_slack(data, plan, {t.id: slack for t in data.tps}))


def _note_slack(data: DataSet, plan: Plan, buffers: Mapping[str, timedelta]) -> Plan:
    """Unserved reasons that say the slack applied (plan files are English, like reasons)."""
    tz = data.campaign.tz
    notes = []
    for u in plan.unserved:
        buffer = buffers.get(u.tps, timedelta(0))
        tps = data.tps_by_id.get(u.tps)
        if buffer <= timedelta(0) or tps is None:
            notes.append(u)
            continue
        moved = moved_deadline(data, tps, buffer).astimezone(tz)
        hours = buffer.total_seconds() / 3600
        detail = (
            f"{u.detail} (planned with at least {hours:g} h of slack: deadline taken as "
            f"{moved:%Y-%m-%d %H:%M})"
        )
        notes.append(Unserved(u.tps, u.reason, detail))
    return dataclasses.replace(plan, unserved=tuple(notes))


@dataclass(frozen=True)
class BufferSearch:
    """The plain plan and the plan bought to reach a target, with their risk figures."""

    target: float
    plain: Plan
    plain_report: RiskReport
    plan: Plan
    report: RiskReport
    rounds: int
    buffers: Mapping[str, timedelta]

    @property
    def reached(self) -> bool:
        """Whether the plan's P(all on time) reaches the target."""
        return self.report.p_all_on_time >= self.target


def target_plan(
    data: DataSet,
    target: float,
    solve: SolveFn,
    measure: MeasureFn,
    *,
    min_slack: timedelta = timedelta(0),
) -> BufferSearch:
    """Tighten and re-plan until P(all on time) reaches ``target`` or stops improving.

    Each round tries two tightenings and keeps the better (higher P, then lower cost):
    the TPS at risk in the best plan so far one step further, and every TPS at least the
    round's step. The first targets what the replay found fragile; the second also moves
    the TPS that share a boat with them, whose lateness a fragile leg causes.
    """
    base = {t.id: min_slack for t in data.tps}
    plain = min_slack_plan(data, min_slack, solve)
    plain_report = measure(plain)
    best = _Trial(plain, plain_report, dict(base))
    buffers = dict(base)
    rounds = idle = 0
    while best.report.p_all_on_time < target and rounds < MAX_ROUNDS and idle < PATIENCE:
        served = set(best.plan.served_tps())
        at_risk = [t.tps for t in best.report.tps if t.p_on_time < 1 and t.tps in served]
        proposals = []
        grown = {t: step for t in at_risk if (step := _next_step(buffers[t])) is not None}
        if grown:
            proposals.append({**buffers, **grown})
        if rounds < len(STEPS):
            floor = STEPS[rounds]
            proposals.append({t: max(b, floor) for t, b in buffers.items()})
        proposals = [p for n, p in enumerate(proposals) if p != buffers and p not in proposals[:n]]
        if not proposals:
            break
        rounds += 1
        trials = []
        for trial in proposals:
            plan = _solve_keeping(data, trial, buffers, served, solve)
            trials.append(_Trial(plan, measure(plan), trial))
        chosen = max(trials, key=lambda t: (t.report.p_all_on_time, -t.cost(data)))
        buffers = chosen.buffers
        better = chosen.report.p_all_on_time > best.report.p_all_on_time
        if better and _serves_as_many(chosen.plan, best.plan):
            best, idle = chosen, 0
        else:
            idle += 1
    return BufferSearch(
        target=target,
        plain=plain,
        plain_report=plain_report,
        plan=best.plan,
        report=best.report,
        rounds=rounds,
        buffers=best.buffers,
    )


@dataclass(frozen=True)
class _Trial:
    plan: Plan
    report: RiskReport
    buffers: dict[str, timedelta]

    def cost(self, data: DataSet) -> float:
        return summarize(data, self.plan).cost


def _next_step(buffer: timedelta) -> timedelta | None:
    return next((step for step in STEPS if step > buffer), None)


def _serves_as_many(plan: Plan, other: Plan) -> bool:
    return len(plan.served_tps()) >= len(other.served_tps())


def _solve_keeping(
    data: DataSet,
    trial: dict[str, timedelta],
    before: Mapping[str, timedelta],
    served: set[str],
    solve: SolveFn,
) -> Plan:
    """Solve with the trial buffers; TPS they would drop go back to their old buffer."""
    plan = solve(with_slack(data, trial))
    lost = served - set(plan.served_tps())
    if lost:
        for tps in lost:
            trial[tps] = before[tps]
        plan = solve(with_slack(data, trial))
    return checked(data, _note_slack(data, plan, trial))
