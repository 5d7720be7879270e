"""Commune and province reports (PDF). The numbers come from :mod:`models.indicators.compute`; this module
only lays them out: the index and its pillars, charts of adoption rates against the Decision 411
targets, the indicator tables grouped as in the questionnaires document, data quality, the ranking
of communes and the province total."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exports.errors import ExportCode, ExportError
from exports.pdfbase import COND, esc, fmt_date, fmt_datetime, fmt_number, status_text, styles, tr, write_atomic
from models.base.errors import Cancelled
from models.base.progress import Progress
from models.base.progress import run as _drain

if TYPE_CHECKING:
    from models.store.database import Store

LEVELS = ("commune", "province")
NBSP = "\u00a0"
#: the code column: wide enough for the longest bundled code ("H21.copy_paste") on one line
CODE_W = 70
MAX_CHART_BARS = 24


@dataclass(frozen=True)
class ReportResult:
    path: str
    pages: int
    level: str
    communes: tuple[str, ...]


# ---------------------------------------------------------------------------------------- formatting


def format_value(d, v, lang: str) -> str:
    """An indicator value with its unit ('—' when missing, 'too few' when suppressed)."""
    if v is None:
        return "—"
    if v.suppressed:
        return tr("suppressed", lang)
    x = v.value
    if x is None:
        return "—"
    if d.measure == "percent":
        return fmt_number(x, 1, lang) + "%"
    # a unit is one word (no-break space), so a narrow cell wraps between the number and the unit,
    # never inside the unit ("415,5 nghìn / đ")
    if d.measure == "percentage points":
        return ("+" if x > 0 else "") + fmt_number(x, 1, lang) + " " + tr("pp", lang).replace(" ", NBSP)
    if d.measure in ("million VND", "thousand VND"):
        unit = {"million VND": ("tr.đ", "m VND"), "thousand VND": ("nghìn đ", "k VND")}[d.measure][lang == "en"]
        return fmt_number(x, 1, lang) + " " + unit.replace(" ", NBSP)
    return fmt_number(x, 0 if abs(x - round(x)) < 1e-9 else 1, lang)


def wrap_label(text: str, width: float, size: float) -> list[str]:
    """``text`` in lines no wider than ``width`` points in the condensed font at ``size`` (words kept
    whole; a single word wider than the line is split)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}" if cur else word
        if stringWidth(cand, COND, size) <= width:
            cur = cand
            continue
        if cur:
            lines.append(cur)
        while stringWidth(word, COND, size) > width:  # a word longer than the line
            k = len(word)
            while k > 1 and stringWidth(word[:k], COND, size) > width:
                k -= 1
            lines.append(word[:k])
            word = word[k:]
        cur = word
    if cur or not lines:
        lines.append(cur)
    return lines


def difference_text(rep, d, v, lang: str) -> str:
    """What a "difference" indicator subtracts: "H28a 61,2% − H28b 40,5%" (each term's value as the
    report shows it; '—' when one is missing)."""
    by_code = {x.code: x for x in rep.definitions.indicators}
    parts = []
    for i, t in enumerate(d.terms[:2]):
        tv = v.numerator if i == 0 else v.denominator
        td = by_code.get(t)
        shown = "—" if v is None or tv is None else (fmt_number(tv, 1, lang) + "%" if td is not None and
                                                     td.measure == "percent" else fmt_number(tv, 1, lang))
        parts.append(f"{t}{NBSP}{shown}")
    return " − ".join(parts)


def _num(x: float | None, lang: str) -> str:
    if x is None:
        return "—"
    return fmt_number(x, 0 if abs(x - round(x)) < 1e-9 else 1, lang)


# ---------------------------------------------------------------------------------------- charts


def bar_chart(items: list[tuple[str, float | None, float | None]], *, width: float = 523, lang: str = "vi",
              maximum: float = 100.0, unit: str = "%"):
    """Horizontal bars: (label, value, target). A red mark shows the target; '—' for no value. A label
    too long for its column wraps onto more lines (its row grows), never cut."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    row = 15
    line_h = 8.2  # a label line at 7 pt
    label_w = 230
    bar_w = width - label_w - 50
    wrapped = [wrap_label(label, label_w - 6, 7) for label, _v, _t in items]
    heights = [max(row, line_h * len(lines) + 5) for lines in wrapped]
    height = sum(heights) + 22
    d = Drawing(width, height)
    top = height - 6
    # axis ticks
    for k in range(0, 101, 25):
        x = label_w + bar_w * k / 100
        d.add(Line(x, 14, x, top, strokeColor=colors.HexColor("#dddddd"), strokeWidth=0.5))
        d.add(String(x, 4, f"{int(maximum * k / 100)}{unit}", fontName=COND, fontSize=6.5, textAnchor="middle",
                     fillColor=colors.HexColor("#666666")))
    y_top = top
    for (_label, value, target), lines, h in zip(items, wrapped, heights, strict=True):
        y_top -= h
        y = y_top + (h - row) / 2 + 3  # the bar, centred on its label
        first = y + 3 + line_h * (len(lines) - 1) / 2
        for k, text in enumerate(lines):
            d.add(String(label_w - 4, first - k * line_h, text, fontName=COND, fontSize=7, textAnchor="end"))
        if value is not None:
            w = max(0.0, min(1.0, value / maximum)) * bar_w
            d.add(Rect(label_w, y, w, row - 5, fillColor=colors.HexColor("#2f6db5"), strokeColor=None))
            d.add(String(label_w + w + 3, y + 2, fmt_number(value, 1, lang) + unit, fontName=COND, fontSize=6.5))
        else:
            d.add(String(label_w + 3, y + 2, "—", fontName=COND, fontSize=7))
        if target is not None:
            x = label_w + max(0.0, min(1.0, target / maximum)) * bar_w
            d.add(Line(x, y - 2, x, y + row - 3, strokeColor=colors.HexColor("#d62728"), strokeWidth=2))
    return d


# ---------------------------------------------------------------------------------------- sections


CELL_PAD = 3  # left and right padding of table cells


def _table(rows, widths, *, header_rows: int = 1, zebra: bool = True, right: Sequence[int] = (),
           spans: Sequence[tuple[int, int, int]] = ()):
    """A table; cells are Paragraphs or plain strings (see :func:`_rcell`), plain strings drawn in the
    cell font, right-aligned in the columns ``right``; ``spans``: (row, first column, last column) cells
    joined into one."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    t = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    style = [("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
             ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8eef6")),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5), ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
             ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD), ("FONT", (0, 0), (-1, -1), COND, CELL_SIZE, CELL_LEADING)]
    for c in right:
        style.append(("ALIGN", (c, header_rows), (c, -1), "RIGHT"))
    for r, c0, c1 in spans:
        style.append(("SPAN", (c0, r), (c1, r)))
    if zebra:
        for r in range(header_rows, len(rows)):
            if (r - header_rows) % 2 == 1:
                style.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f6f8fb")))
    t.setStyle(TableStyle(style))
    return t


def _p(text, style="cell"):
    from reportlab.platypus import Paragraph

    return Paragraph(esc(text), styles()[style])


CELL_SIZE, CELL_LEADING = 7.8, 9.4  # as the "cell" paragraph styles


def _rcell(text: str, width: float):
    """A right-aligned number cell: the plain string when it fits on one line (drawn by the table,
    many times cheaper than a Paragraph: a province report has tens of thousands of them), else a
    Paragraph that wraps. Use in a column listed in ``_table(right=...)``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, COND, CELL_SIZE) <= width - 2 * CELL_PAD - 0.5 and "\n" not in text:
        return text
    return _p(text, "cellr")


def province_name(rep, lang: str) -> str:
    """The report's province by name ("Tỉnh Hà Tĩnh" / "Ha Tinh Province"), its code when the code
    is not in the official list, '' when unknown."""
    from models.setup import admin_units

    code = (rep.province or "").strip()
    if not code:
        return ""
    try:
        return admin_units.name(code, lang) or code
    except Exception:  # noqa: BLE001 - the data file is a dependency's; a report still prints the code
        return code


def area_name(area, lang: str) -> str:
    """A commune's name in the report's language: an official unit whose name the indicators found
    ("Xã Yên Lạc") is "Yen Lac Commune" in English, as its province is "Phu Tho Province"; a name
    from a form's own commune list stays as the form gives it."""
    from models.setup import admin_units

    if lang == "vi" or not area.commune:
        return area.name
    try:
        unit = admin_units.commune(area.commune)
    except Exception:  # noqa: BLE001 - the data file is a dependency's; a report still prints the name
        return area.name
    return unit.label(lang) if unit is not None and unit.name == area.name else area.name


def form_names(rep, lang: str) -> dict[str, str]:
    """form id -> the name a reader of ``lang`` knows it by (English names in an English report)."""
    from models.setup.form_names import short_title

    return {fid: short_title(fid, title, lang) for fid, title in rep.forms.items()}


def period_text(area) -> str:
    if not (area.date_from or area.date_to):
        return "—"
    return f"{fmt_date(area.date_from) or '…'} – {fmt_date(area.date_to) or '…'}"


def _header(rep, title: str, area, lang: str) -> list:
    from reportlab.platypus import Paragraph, Spacer

    st = styles()
    out = [Paragraph(esc(title), st["title"])]
    province = province_name(rep, lang)
    if area.commune:
        name = area_name(area, lang)
        out.append(Paragraph(f"<b>{esc(name)}</b>" + (f" ({esc(area.commune)})" if name != area.commune
                                                      else ""), st["h2"]))
    elif province:  # the province report is about the province: name it under the title
        out.append(Paragraph(f"<b>{esc(province)}</b>", st["h2"]))
    info = []
    if province:
        info.append((tr("province", lang), province))
    info.append((tr("period", lang), period_text(area)))
    names = form_names(rep, lang)
    counted = "; ".join(f"{names.get(fid, fid)}: {n}" for fid, n in area.records.items())
    info.append((tr("counted", lang), counted or "0"))
    info.append((tr("generated", lang), fmt_datetime(rep.generated_at) + " " + tr("vn_time", lang)))
    rows = [[_p(k, "cellb"), _p(v)] for k, v in info]
    out += [_table(rows, [110, 413], header_rows=0, zebra=False), Spacer(1, 3)]
    statuses = ", ".join(status_text(s, lang) for s in rep.statuses) if rep.statuses else "*"
    out.append(Paragraph(esc(tr("counted_note", lang).format(statuses)), st["small"]))
    return out


def _index_section(rep, area, lang: str) -> list:
    from reportlab.platypus import Paragraph, Spacer

    st = styles()
    defs = rep.definitions
    out = [Paragraph(esc(f"{defs.index_label(lang)} ({defs.index_code})"), st["h1"])]
    idx = "—" if area.index is None else fmt_number(area.index, 1, lang)
    out.append(Paragraph(f"<font size=20><b>{esc(idx)}</b></font> <font size=9>/ 100</font>", st["base"]))
    out.append(Spacer(1, 10))
    rows = [[_p(tr("pillar", lang), "cellb"), _p(tr("weight", lang), "cellb"), _p(tr("score", lang), "cellb"),
             _p(tr("indicators_used", lang), "cellb")]]
    for p in defs.pillars:
        ps = area.pillars.get(p.code)
        used = ", ".join(ps.used) if ps else ""
        if ps and ps.dropped:
            used += " — " + tr("dropped", lang).format(", ".join(ps.dropped))
        rows.append([_p(f"{p.code}. {p.label(lang)}"), _p(fmt_number(p.weight, 2, lang), "cellr"),
                     _p(fmt_number(ps.score, 1, lang) if ps and ps.score is not None else "—", "cellr"),
                     _p(used)])
    out.append(_table(rows, [170, 45, 60, 248]))
    if area.index_partial:
        out.append(Paragraph(esc(tr("partial", lang)), st["small"]))
    out.append(Spacer(1, 4))
    out.append(bar_chart([(f"{p.code}. {p.label(lang)}", area.pillars[p.code].score if p.code in area.pillars else None,
                           None) for p in defs.pillars], lang=lang, unit=""))
    return out


def chart_items(rep, area, lang: str, group: str | None = None) -> list[tuple[str, float | None, float | None]]:
    """Adoption rates worth a bar: percent shares in a pillar or with a target (the group's)."""
    defs = rep.definitions
    in_pillars = {c for p in defs.pillars for c in p.indicators}
    items = []
    for d in defs.indicators:
        if group is not None and d.group != group:
            continue
        if d.measure != "percent" or d.kind not in ("share", "ratio"):
            continue
        if d.code not in in_pillars and d.target is None:
            continue
        v = area.values.get(d.code)
        items.append((f"{d.code} {d.label(lang)}", None if v is None else v.value, d.target))
    return items[:MAX_CHART_BARS]


def _charts(rep, area, lang: str) -> list:
    from reportlab.platypus import KeepTogether, Paragraph

    st = styles()
    out = [Paragraph(esc(tr("charts", lang)), st["h1"]), Paragraph(esc(tr("chart_legend", lang)), st["small"])]
    for g in rep.definitions.groups():
        items = chart_items(rep, area, lang, g)
        if not items:
            continue
        glabel = next((d.group_label(lang) for d in rep.definitions.indicators if d.group == g), g)
        out.append(KeepTogether([Paragraph(esc(glabel), st["h2"]), bar_chart(items, lang=lang)]))
    return out


def _indicator_tables(rep, area, lang: str) -> list:
    from reportlab.platypus import Paragraph

    st = styles()
    out = []
    head = [_p(tr("code", lang), "cellb"), _p(tr("indicator", lang), "cellb"), _p(tr("value", lang), "cellb"),
            _p(tr("numerator", lang), "cellb"), _p(tr("denominator", lang), "cellb"), _p(tr("n", lang), "cellb"),
            _p(tr("target", lang), "cellb")]
    for g in rep.definitions.groups():
        defs = [d for d in rep.definitions.indicators if d.group == g]
        out.append(Paragraph(esc(defs[0].group_label(lang) or g), st["h1"]))
        rows = [head]
        spans = []
        for d in defs:
            v = area.values.get(d.code)
            target = "" if d.target is None else fmt_number(d.target, 0, lang) + ("%" if d.is_percent else "")
            if d.kind == "difference":
                # a difference of two indicators has no numerator and denominator: the two cells show
                # what is subtracted from what ("H28a 61,2% − H28b 40,5%")
                spans.append((len(rows), 3, 4))
                middle = [_p(difference_text(rep, d, v, lang), "cellr"), ""]
            else:
                middle = [_rcell(_num(v.numerator if v else None, lang), 52),
                          _rcell(_num(v.denominator if v else None, lang), 52)]
            rows.append([_p(d.code, "cellb"), _p(d.label(lang)), _rcell(format_value(d, v, lang), 62), *middle,
                         _rcell(str(v.records if v else 0), 38), _rcell(target, 40)])
        out.append(_table(rows, [CODE_W, 279 - CODE_W, 62, 52, 52, 38, 40], right=(2, 3, 4, 5, 6), spans=spans))
    out.append(Paragraph(esc(tr("suppressed_note", lang)), st["small"]))
    out.append(Paragraph(esc(tr("weights_note", lang)), st["small"]))
    return out


def _quality(area, lang: str) -> list:
    from reportlab.platypus import Paragraph

    st = styles()
    q = area.quality
    rows = [[_p(tr("all_records", lang)), _p(str(sum(q.by_status.values())), "cellr")],
            [_p(tr("drafts", lang)), _p(str(q.drafts), "cellr")],
            [_p(tr("returned", lang)), _p(str(q.returned), "cellr")],
            [_p(tr("complete", lang)), _p(str(q.by_status.get("complete", 0)), "cellr")],
            [_p(tr("approved", lang)), _p(str(q.by_status.get("approved", 0)), "cellr")],
            [_p(tr("open_issues", lang).format(q.records_with_issues)), _p(str(q.open_issues), "cellr")],
            [_p(tr("conflicts", lang)), _p(str(q.conflicts), "cellr")],
            [_p(tr("deleted", lang)), _p(str(q.deleted), "cellr")]]
    return [Paragraph(esc(tr("quality", lang)), st["h1"]), _table(rows, [260, 60], header_rows=0)]


def commune_story(rep, area, lang: str) -> list:
    from reportlab.platypus import PageBreak, Paragraph

    st = styles()
    story = _header(rep, tr("commune_report", lang), area, lang)
    if not any(area.records.values()):
        story.append(Paragraph(esc(tr("no_data", lang)), st["h2"]))
    story += _index_section(rep, area, lang)
    story += _quality(area, lang)
    story.append(PageBreak())
    story += _charts(rep, area, lang)
    story.append(PageBreak())
    story += _indicator_tables(rep, area, lang)
    return story


def total_only_indicators(rep) -> list[str]:
    """Indicators the province total's index uses that at least one ranked commune left out (too few
    records there): the total is then scored on a wider set than that commune."""
    used_total = {c for p in rep.total.pillars.values() for c in p.used}
    out = []
    for p in rep.definitions.pillars:
        for c in p.indicators:
            if c in used_total and c not in out and any(
                    a.index is not None and c in (a.pillars[p.code].dropped if p.code in a.pillars else ())
                    for a in rep.communes):
                out.append(c)
    return out


def province_story(rep, lang: str) -> list:
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    st = styles()
    total = rep.total
    story = _header(rep, tr("province_report", lang), total, lang)
    defs = rep.definitions
    # ranking
    story.append(Paragraph(esc(tr("ranking", lang)), st["h1"]))
    head = [_p(tr("rank", lang), "cellb"), _p(tr("commune", lang), "cellb"), _p(defs.index_code, "cellb")] + [
        _p(p.code, "cellb") for p in defs.pillars] + [_p(tr("n", lang), "cellb")]
    npill = len(defs.pillars)
    pw = int((523 - 34 - 200 - 50 - 45) / max(npill, 1))
    widths = [34, 200, 50] + [pw] * npill + [45]

    def score(a, p):
        ps = a.pillars.get(p.code)
        return fmt_number(ps.score, 1, lang) if ps is not None and ps.score is not None else "—"

    rows = [head]
    for rank, a in enumerate(rep.ranking(), 1):
        rows.append([_rcell(str(rank) if a.index is not None else "—", 34),
                     _p(a.name if a.name == a.commune else f"{area_name(a, lang)} ({a.commune})"),
                     _rcell(fmt_number(a.index, 1, lang) if a.index is not None else "—", 50)] + [
            _rcell(score(a, p), pw) for p in defs.pillars] + [_rcell(str(sum(a.records.values())), 45)])
    rows.append([_p(""), _p(tr("total", lang), "cellb"),
                 _rcell(fmt_number(total.index, 1, lang) if total.index is not None else "—", 50)] + [
        _rcell(score(total, p), pw) for p in defs.pillars] + [_rcell(str(sum(total.records.values())), 45)])
    story.append(_table(rows, widths, right=(0, *range(2, 3 + npill + 1))))
    story.append(Paragraph(esc(tr("total_note", lang)), st["small"]))
    extra = total_only_indicators(rep)
    if extra:
        story.append(Paragraph(esc(tr("total_extra", lang).format(", ".join(extra))), st["small"]))
    story.append(Spacer(1, 6))
    ranked = [a for a in rep.ranking()]
    story.append(bar_chart([(area_name(a, lang), a.index, None) for a in ranked[:40]], lang=lang, unit=""))
    story += _quality(total, lang)
    story.append(PageBreak())
    # The province total, as in a commune report
    story.append(Paragraph(esc(tr("total", lang)), st["title"]))
    story += _index_section(rep, total, lang)
    story += _charts(rep, total, lang)
    story.append(PageBreak())
    story += _indicator_tables(rep, total, lang)
    # every indicator by commune
    if rep.communes:
        story.append(PageBreak())
        story.append(Paragraph(esc(tr("by_commune", lang)), st["h1"]))
        per = 5
        communes = list(rep.ranking())
        for start in range(0, len(communes), per):
            chunk = communes[start:start + per]
            head = [_p(tr("code", lang), "cellb"), _p(tr("indicator", lang), "cellb")] + [
                _p(area_name(a, lang), "cellb") for a in chunk] + [_p(tr("total", lang), "cellb")]
            rows = [head]
            col = 58
            for d in defs.indicators:
                rows.append([_p(d.code, "cellb"), _p(d.label(lang))] + [
                    _rcell(format_value(d, a.values.get(d.code), lang), col) for a in chunk] + [
                    _rcell(format_value(d, total.values.get(d.code), lang), col)])
            story.append(_table(rows, [CODE_W, 523 - CODE_W - col * (len(chunk) + 1)] + [col] * (len(chunk) + 1),
                                right=range(2, len(chunk) + 3)))
            story.append(Spacer(1, 8))
    return story


# ---------------------------------------------------------------------------------------- service


def render_report(rep, out: str, *, level: str = "commune", lang: str = "vi",
                  communes: Sequence[str] | None = None) -> int:
    """Lay out an :class:`models.indicators.compute.IndicatorReport` as a PDF. Returns the page count."""
    from reportlab.platypus import PageBreak

    from exports.questionnaire import _build

    if level == "province":
        story = province_story(rep, lang)
        title = tr("province_report", lang)
    else:
        areas = [a for a in rep.communes if not communes or a.commune in communes] or [rep.total]
        story = []
        for a in areas:
            if story:
                story.append(PageBreak())
            story += commune_story(rep, a, lang)
        title = tr("commune_report", lang)
    footer_text = f"{title} · {rep.definitions.index_code}"

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(COND, 7.5)
        canvas.setFillGray(0.35)
        canvas.drawString(doc.leftMargin, 18, footer_text)
        canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 18, tr("page", lang).format(doc.page))
        canvas.restoreState()

    return write_atomic(out, lambda part: _build(part, story, title, on_page))


def make_report(store: Store, *, out: str, level: str = "commune", lang: str = "vi",
                communes: Sequence[str] | None = None, statuses: Sequence[str] | None = None,
                date_from: str | None = None, date_to: str | None = None,
                definitions=None, cancel: threading.Event | None = None) -> Iterator[Progress]:
    """Compute the indicators (models.indicators.compute) and write the commune or province report. A
    generator yielding progress and returning a :class:`ReportResult`.

    Commune level without ``communes``: the installation's commune when it has counted records,
    otherwise one report section per commune in the database."""
    from models.indicators.compute import COUNTED_STATUSES, compute_indicators_steps

    if level not in LEVELS:
        raise ExportError(ExportCode.EXPORT_BAD_FORMAT, fmt=level, choices=", ".join(LEVELS))
    rep = yield from compute_indicators_steps(
        store, definitions=definitions, statuses=COUNTED_STATUSES if statuses is None else statuses,
        communes=communes, date_from=date_from, date_to=date_to, cancel=cancel)
    if level == "commune" and not communes:
        mine = store.setting("commune")
        if mine and any(a.commune == mine for a in rep.communes):
            communes = [mine]
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    yield Progress(0, 1, "PDF")
    pages = render_report(rep, out, level=level, lang=lang, communes=communes)
    shown = tuple(communes or [a.commune for a in rep.communes])
    return ReportResult(str(out), pages, level, shown)


def run(gen):
    """Drain a service generator (command line, tests) and return its result."""
    return _drain(gen)
