"""Rich renderables for ``weather import``: the files read and what the merge changed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from seribu_planner.forecast import ImportedForecast, Merge
from seribu_planner.model import DataSet
from seribu_planner.outputs.i18n import _, ngettext, when
from seribu_planner.outputs.report import literal, printable


def import_view(
    data: DataSet, imports: Sequence[ImportedForecast], merge: Merge, into: str
) -> RenderableType:
    """The files read (one row each), then per zone what the merge did to its slots."""
    tz = data.campaign.tz
    variants = {
        "station-written": _("station-written"),
        "digital": _("digital"),
        "hourly": _("hourly"),
    }
    files: list[RenderableType] = [literal(_("Forecast files read"), style="bold")]
    for imported in imports:
        source = f"{imported.provider} {imported.area} ({variants[imported.variant]})"
        files.append(literal(f"  {Path(imported.file).name}: {source} -> {imported.zone}"))
        detail = ngettext(
            "issued {issued}, {count} slot until {until}",
            "issued {issued}, {count} slots until {until}",
            len(imported.slots),
        ).format(
            issued=when(imported.issued, tz),
            count=len(imported.slots),
            until=when(max(s.to for s in imported.slots), tz),
        )
        files.append(literal(f"      {detail}"))
    zones = Table(
        title=_("Merged onto {file} (the newest issue wins)").format(file=printable(into)),
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for column in (_("zone"), _("new"), _("replaced"), _("cut"), _("kept"), _("superseded")):
        zones.add_column(column, justify="left" if column == _("zone") else "right")
    for change in merge.changes:
        zones.add_row(
            change.zone,
            str(change.added),
            str(change.replaced),
            str(change.cut),
            str(change.kept),
            str(change.superseded),
        )
    parts: list[RenderableType] = [*files, Text(""), zones]
    updated = {i.zone for i in imports}
    for zone in data.zones:
        if zone.id in updated or zone.bmkg_code or zone.point:
            continue
        message = _(
            "{zone}: no bmkg_code and no point in weather.yaml, so no forecast file can "
            "update it; its slots stay as they are"
        ).format(zone=zone.id)
        parts.append(literal(f"  ! {message}", style="yellow"))
    superseded = sum(c.superseded for c in merge.changes)
    if superseded:
        message = _(
            "{count} imported slot(s) lie under newer slots already in the forecast and were "
            "left out"
        ).format(count=superseded)
        parts.append(literal(f"  ! {message}", style="yellow"))
    return Group(*parts)
