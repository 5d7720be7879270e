"""Write the benchmark form used by bench/odk_change.mjs.

A 20-question XLSForm (as markdown) with relevance and calculate chains that
all hang off one answer, `hh_size`, converted to XForm with pyxform. Both files
are committed next to this script so the Node benchmark needs no Python, and
our own engine can load the very same XLSForm:

    bench/odk_bench_form.md   the XLSForm (markdown tables)
    bench/odk_bench_form.xml  the XForm pyxform makes of it

plus a variant whose only difference is one extra note whose label shows three
values (${...} in a label becomes <output/>), to measure the cost of such
labels in the ODK engine (see docs/odk-conformance.md):

    bench/odk_bench_form_output_note.xml

Run: python bench/make_odk_bench_form.py
"""

from __future__ import annotations

from pathlib import Path

from pyxform.xls2xform import convert

HERE = Path(__file__).resolve().parent

# 20 survey rows that hold a value (questions + calculates); groups are not counted.
FORM_MD = """| survey |
| | type | name | label | relevant | calculation | constraint | required |
| | integer | hh_size | Household size | | | . >= 1 and . <= 30 | yes |
| | calculate | adults_max | | | ${hh_size} - 1 | | |
| | integer | n_adults | Adults | ${hh_size} > 1 | | . <= ${hh_size} | |
| | calculate | n_children | | | ${hh_size} - coalesce(${n_adults}, 0) | | |
| | calculate | size_class | | | if(${hh_size} >= 6, 'large', if(${hh_size} >= 3, 'medium', 'small')) | | |
| | text | large_note | Why so many? | ${size_class} = 'large' | | | |
| | decimal | income | Monthly income | | | . >= 0 | |
| | calculate | per_capita | | | round(${income} div ${hh_size}, 2) | | |
| | calculate | poor | | | ${per_capita} < 1500000 | | |
| | select_one yn | has_internet | Internet? | ${hh_size} >= 2 | | | |
| | begin group | ecom | E-commerce | ${has_internet} = 'yes' | | | |
| | integer | n_online | Members buying online | | | . <= ${hh_size} | |
| | calculate | share_online | | | ${n_online} div ${hh_size} | | |
| | select_multiple platform | platforms | Platforms | ${n_online} > 0 | | | |
| | calculate | n_platforms | | | count-selected(${platforms}) | | |
| | end group | | | | | | |
| | calculate | score | | | ${hh_size} * 10 + coalesce(${n_online}, 0) | | |
| | calculate | score_band | | | if(${score} > 100, 'A', if(${score} > 50, 'B', 'C')) | | |
| | text | band_comment | Comment on band A | ${score_band} = 'A' | | | |
| | integer | n_phones | Phones | | | . <= ${hh_size} * 3 | |
| | calculate | phones_pc | | | ${n_phones} div ${hh_size} | | |
| | text | remarks | Remarks | ${score_band} != 'C' | | | |
| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
| | platform | shopee | Shopee |
| | platform | lazada | Lazada |
| | platform | tiki | Tiki |
| | platform | tiktok | TikTok Shop |
| settings |
| | form_title | form_id |
| | ODK change benchmark | odk_bench |
"""


OUTPUT_NOTE_ROW = "| | note | summary | Size ${hh_size}, class ${size_class}, score ${score} | | | | |\n"


def main() -> None:
    (HERE / "odk_bench_form.md").write_text(FORM_MD, encoding="utf-8")
    xform = convert(xlsform=FORM_MD, file_type=".md").xform
    (HERE / "odk_bench_form.xml").write_text(xform, encoding="utf-8")
    with_note = FORM_MD.replace("| choices |", OUTPUT_NOTE_ROW + "| choices |", 1)
    xform_note = convert(xlsform=with_note, file_type=".md").xform
    (HERE / "odk_bench_form_output_note.xml").write_text(xform_note, encoding="utf-8")
    print(f"wrote odk_bench_form.md, odk_bench_form.xml and odk_bench_form_output_note.xml in {HERE}")


if __name__ == "__main__":
    main()
