"""Issue 17, item 8: what the report, the blank questionnaire and the Stata/SPSS labels say."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from exports.questionnaire import blank_questionnaire
from exports.report import bar_chart, make_report, run, wrap_label
from forms import load_form
from models.store.database import BUNDLED_DIR


def _pages(path) -> list[str]:
    return [p.extract_text() for p in PdfReader(str(path)).pages]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from models.demo.generate import run as demo_run

    path = tmp_path_factory.mktemp("wording") / "demo.db"
    demo_run(str(path), commune="09025", enterprises=30, households=60, seed=5, enumerator="E01", skeletons=15)
    from models.store.database import open_store

    st = open_store(path, create=False)
    yield st, path.parent
    st.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_blank_questionnaires_footer_names_the_form_by_its_title(tmp_path, lang):
    from exports.questionnaire import _title

    form = load_form(BUNDLED_DIR / "enterprise_digital.xlsx")
    blank_questionnaire(form, str(tmp_path / "b.pdf"), lang=lang)
    pages = _pages(tmp_path / "b.pdf")
    title = _title(form, lang)
    assert title and title != form.form_id
    for text in pages:
        last = " ".join(text.split())
        assert "enterprise_digital 2025" not in last
        assert " ".join(title.split()) in last and form.version in last


def test_chart_labels_wrap_whole_never_cut():
    long = ("E19a Tỷ lệ đơn vị chấp nhận thanh toán không dùng tiền mặt (chuyển khoản, QR, thẻ, ví điện tử) "
            "tại cơ sở và khi bán hàng trực tuyến")
    d = bar_chart([(long, 42.0, 80.0), ("E06 Ngắn", 10.0, None)], lang="vi")
    texts = [s.text for s in d.contents if hasattr(s, "text")]
    assert not any("…" in t for t in texts)
    lines = wrap_label(long, 224, 7)
    assert len(lines) >= 2 and " ".join(lines) == long
    assert all(line in texts for line in lines)
    # the rows do not overlap: each label line is drawn at its own height
    ys = sorted({round(s.y, 1) for s in d.contents if hasattr(s, "text") and s.text in lines})
    assert len(ys) == len(lines)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_gender_gap_row_shows_the_two_shares_it_subtracts(demo, lang):
    st, d = demo
    out = d / f"report_{lang}.pdf"
    run(make_report(st, out=str(out), level="commune", lang=lang))
    text = " ".join(" ".join(_pages(out)).split())
    m = re.search(r"H28 (?:Chênh lệch|Gender gap).*?H28a\s?(\S+%) − H28b\s?(\S+%)", text)
    assert m, "the H28 row names its two terms"
    assert "…" not in text


@pytest.mark.parametrize("fmt", ["dta", "sav"])
def test_stata_and_spss_labels_have_no_placeholders(demo, tmp_path, fmt):
    pyreadstat = pytest.importorskip("pyreadstat")
    from exports.tabular import run_export

    st, _d = demo
    for lang in ("vi", "en"):
        out = tmp_path / f"{fmt}-{lang}"
        run_export(st, out=out, fmt=fmt, lang=lang)
        labels = []
        for f in out.iterdir():
            reader = pyreadstat.read_dta if fmt == "dta" else pyreadstat.read_sav
            _df, meta = reader(str(f), metadataonly=True)
            labels += [x for x in meta.column_labels if x]
        joined = "\n".join(labels)
        assert "[ref_year]" not in joined and "[m_name]" not in joined and "${" not in joined
        want = ("năm tham chiếu", "thành viên") if lang == "vi" else ("the reference year", "the member")
        assert all(w in joined.lower() for w in want), want
