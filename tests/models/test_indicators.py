"""models/indicators/compute.py: expression semantics, each kind, suppression, weights, the index."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from models.base.errors import AppError
from models.indicators.compute import INDICATORS_FILE, compute_indicators, evaluate, load_indicators
from models.indicators.errors import IndicatorCode
from tests.exports.fixtures import make_store, write_indicators


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    d = tmp_path_factory.mktemp("ind")
    store, ids = make_store(d / "a.db")
    defs = load_indicators(write_indicators(d))
    yield store, ids, defs, d
    store.close()


def frame(**cols):
    return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in cols.items()})


def test_missing_values_compare_false_and_empty_literal_tests_emptiness():
    df = frame(a=["1", "", "2"], b=["3", "", ""])
    assert evaluate("${a} = '1'", df).tolist() == [True, False, False]
    assert evaluate("${a} != '1'", df).tolist() == [False, False, True]  # missing is not "not 1"
    assert evaluate("${b} < 5", df).tolist() == [True, False, False]
    assert evaluate("${b} >= 0 or ${a} = '2'", df).tolist() == [True, False, True]
    assert evaluate("${a} = ''", df).tolist() == [False, True, False]
    assert evaluate("not(${a} = '1')", df).tolist() == [False, True, True]
    assert evaluate("${nothere} = '1'", df).tolist() == [False, False, False]


def test_arithmetic_coalesce_selected_and_booleans_as_numbers():
    df = frame(x=["4", "", "10"], y=["2", "5", ""], m=["a b", "", "b"])
    num = evaluate("coalesce(${x}, 0) * 3 div coalesce(${y}, 1)", df, "number").tolist()
    assert num == [6.0, 0.0, 30.0]
    assert math.isnan(evaluate("${x} + ${y}", df, "number").tolist()[1])
    assert evaluate("selected(${m}, 'b')", df).tolist() == [True, False, True]
    assert evaluate("count-selected(${m})", df, "number").tolist() == [2.0, 0.0, 1.0]
    assert evaluate("(${x} > 5) + (${y} > 1)", df, "number").tolist() == [1.0, 1.0, 1.0]
    assert evaluate("true()", df).tolist() == [True, True, True]


def test_bad_definitions_are_refused_with_the_indicator_code(tmp_path):
    p = tmp_path / "i.toml"
    p.write_text('[[indicator]]\ncode = "X1"\nform = "f"\nunit = "record"\nkind = "share"\n'
                 'numerator = "${a} = "\ndenominator = "true()"\n', encoding="utf-8")
    with pytest.raises(AppError) as e:
        load_indicators(p)
    assert e.value.code is IndicatorCode.INDICATORS_INVALID and "X1" in e.value.message("vi")
    p.write_text('[[indicator]]\ncode = "X2"\nform = "f"\nunit = "record"\nkind = "share"\n'
                 'numerator = "today() > 1"\ndenominator = "true()"\n', encoding="utf-8")
    with pytest.raises(AppError) as e:
        load_indicators(p)
    assert "today()" in e.value.message("en") and "X2" in e.value.message("en")
    p.write_text('[[indicator]]\ncode = "X3"\nform = "f"\nunit = "household"\nkind = "share"\n', encoding="utf-8")
    with pytest.raises(AppError):
        load_indicators(p)


def test_the_bundled_definitions_load_and_every_expression_parses():
    defs = load_indicators(INDICATORS_FILE)
    codes = [d.code for d in defs.indicators]
    assert "E01" in codes and "H28" in codes and len(codes) > 100
    assert {p.code for p in defs.pillars} == {"P1", "P2", "P3", "P4"}
    assert abs(sum(p.weight for p in defs.pillars) - 1.0) < 1e-9


def test_values_by_hand_for_one_commune(filled):
    store, ids, defs, _ = filled
    rep = compute_indicators(store, definitions=defs)
    a = {x.commune: x for x in rep.communes}["10001"]
    assert a.name == "Xã Thượng Đình"
    assert a.records == {"hh_test": 4}  # the draft is left out
    v = a.values
    # 3 households consented; 2 have Internet, 1 has fibre
    assert (v["H05"].numerator, v["H05"].denominator, v["H05"].n) == (2.0, 3.0, 3)
    assert v["H05"].value == pytest.approx(200 / 3)
    assert v["H06"].value == pytest.approx(100 / 3)
    assert v["H08"].value == pytest.approx((300 + 150 + 50) / 3)  # mean over answered
    # members aged 15+: 45, 40, 70, 33, 58 -> 3 use the Internet
    assert (v["H09"].numerator, v["H09"].denominator, v["H09"].records) == (3.0, 5.0, 3)
    # member rows read their household's fields (hh_internet)
    assert v["H14.social"].value == pytest.approx(40.0)
    assert v["H25"].value == 1.0
    assert v["H30"].value == pytest.approx(100 * (3.6 + 1.8 + 0.6) / (120.5 + 80 + 40))
    assert v["H28"].value == pytest.approx(100 / 3 - 200 / 3)
    # pillars: P1 = mean(66.7/100, 33.3/50) = 66.7; P2 = 60; index = 0.6*66.7 + 0.4*60
    assert a.pillars["P1"].score == pytest.approx(200 / 3)
    assert a.index == pytest.approx(0.6 * 200 / 3 + 0.4 * 60)
    assert a.quality.drafts == 1 and a.quality.by_status["complete"] == 3
    assert (a.date_from, a.date_to) == ("2025-03-10", "2025-03-13")


def test_province_total_pools_the_communes_and_ranking(filled):
    store, ids, defs, _ = filled
    rep = compute_indicators(store, definitions=defs)
    t = rep.total
    assert t.records == {"hh_test": 6}
    assert (t.values["H05"].numerator, t.values["H05"].denominator) == (4.0, 5.0)
    assert [a.commune for a in rep.ranking()] == ["10002", "10001"]


def test_suppression_drops_the_indicator_and_reweights_the_pillar(filled):
    store, ids, defs, _ = filled
    rep = compute_indicators(store, definitions=defs, communes=["10002"])
    a = rep.communes[0]
    # H09 needs 3 members aged 15+, 10002 has 4: kept; with min 5 it would go
    assert not a.values["H09"].suppressed
    # only approved records: 1 household in 10002 < min_denominator 2 for H05
    rep2 = compute_indicators(store, definitions=defs, communes=["10002"], statuses=["approved"])
    b = rep2.communes[0]
    assert b.values["H05"].suppressed and b.values["H05"].value is None and b.values["H05"].n == 1
    assert b.pillars["P1"].score is None and b.pillars["P1"].dropped == ("H05", "H06")
    assert b.index == pytest.approx(b.pillars["P2"].score) and b.index_partial


def test_all_statuses_option_counts_drafts(filled):
    store, ids, defs, _ = filled
    rep = compute_indicators(store, definitions=defs, communes=["10001"], statuses=None)
    assert rep.communes[0].records == {"hh_test": 5}
    assert rep.communes[0].values["H05"].denominator == 4.0


def test_household_weights_from_the_settings_change_counts_not_shares(filled):
    store, ids, defs, _ = filled
    store.set_settings({"households:10001": "400", "households:10002": "100"})
    try:
        rep = compute_indicators(store, definitions=defs)
    finally:
        store.set_settings({"households:10001": "", "households:10002": ""})
    a = {x.commune: x for x in rep.communes}
    assert rep.weights == {"10001": 100.0, "10002": 50.0}  # 400/4 and 100/2 counted records
    assert a["10001"].values["H05"].value == pytest.approx(200 / 3)
    assert a["10001"].values["H25"].value == pytest.approx(100.0)  # 1 household x w=100
    t = rep.total.values["H05"]
    assert (t.numerator, t.denominator) == (2 * 100 + 2 * 50, 3 * 100 + 2 * 50)


def test_date_range_filter(filled):
    store, ids, defs, _ = filled
    rep = compute_indicators(store, definitions=defs, date_from="2025-03-11", date_to="2025-03-12")
    assert rep.total.records == {"hh_test": 2}


def _as_tuple(rep):
    """Everything a report shows, for comparing two computations."""
    out = []
    for a in (*rep.communes, rep.total):
        vals = [(k, v.value and round(v.value, 9), v.numerator and round(v.numerator, 9),
                 v.denominator and round(v.denominator, 9), v.n, v.records, v.suppressed) for k, v in a.values.items()]
        out.append((a.commune, a.name, a.index and round(a.index, 9), a.index_partial, dict(a.records),
                    a.date_from, a.date_to, a.quality, vals))
    return out, dict(rep.weights)


@pytest.mark.parametrize("kwargs", [{}, {"statuses": None}, {"communes": ["10002"]},
                                    {"date_from": "2025-03-11", "date_to": "2025-03-13"}])
def test_reading_in_chunks_of_one_record_gives_the_same_report(filled, kwargs):
    # the province's million records are read and evaluated a chunk at a time; any chunk size
    # (here one record, so roster lines and communes are split across chunks) gives the same numbers
    store, ids, defs, _ = filled
    store.set_settings({"households:10001": "400"})
    try:
        whole = compute_indicators(store, definitions=defs, chunk=10**9, **kwargs)
        one = compute_indicators(store, definitions=defs, chunk=1, **kwargs)
    finally:
        store.set_settings({"households:10001": ""})
    assert _as_tuple(one) == _as_tuple(whole)
    if kwargs.get("communes") != ["10002"]:
        assert whole.weights["10001"] > 1  # the weights are in play


def test_only_the_fields_the_indicators_read_are_loaded(filled):
    from models.indicators.compute import indicator_columns, load_frames

    store, ids, defs, _ = filled
    cols = indicator_columns(defs, "hh_test")
    assert set(cols) == {"hh_internet", "consent", "net_type", "ict_spend", "m_net", "m_age", "m_act", "hh_sell",
                         "income", "m_sex"}
    fr = load_frames(store, "hh_test", columns=cols)
    assert set(fr.records.columns) <= {*cols, "_id", "_status", "_commune", "_date"}
    assert "head_name" not in fr.records.columns and "m_name" not in fr.members.columns
    # a roster line still reads its household's fields
    assert set(fr.members["hh_internet"]) <= {"1", "2", ""} and "1" in set(fr.members["hh_internet"])
    full = load_frames(store, "hh_test")
    assert "head_name" in full.records.columns and "m_name" in full.members.columns
    assert len(full.records) == len(fr.records) and len(full.members) == len(fr.members)


def test_open_merge_conflicts_are_counted_per_commune(filled):
    store, ids, defs, _ = filled
    commune = store.record(ids[0])["commune"]
    with store.write():
        store.execute("INSERT INTO record_conflicts(record_id, rev, rev_gen, version, received_at) "
                      "VALUES (?, '2-x', 2, '{}', '2025-03-20T00:00:00Z'), (?, '2-y', 2, '{}', '2025-03-20T00:00:00Z')",
                      [ids[0], ids[0]])
    try:
        rep = compute_indicators(store, definitions=defs)
    finally:
        with store.write():
            store.execute("DELETE FROM record_conflicts")
    a = {x.commune: x for x in rep.communes}
    assert a[commune].quality.conflicts == 1  # one record, two other sides
    assert rep.total.quality.conflicts == 1
    assert all(x.quality.conflicts == 0 for x in rep.communes if x.commune != commune)


def test_a_record_whose_data_is_not_an_object_counts_as_empty(filled, tmp_path):
    from models.indicators.compute import load_frames

    store, ids, defs, _ = filled
    row = store.execute("SELECT data FROM records WHERE id = ?", [ids[0]]).fetchone()[0]
    with store.write():
        store.execute("UPDATE records SET data = '[1, 2]' WHERE id = ?", [ids[0]])
    try:
        fr = load_frames(store, "hh_test", statuses=None)
        compute_indicators(store, definitions=defs)
    finally:
        with store.write():
            store.execute("UPDATE records SET data = ? WHERE id = ?", [row, ids[0]])
    got = fr.records[fr.records["_id"] == ids[0]]
    assert len(got) == 1 and got.iloc[0]["_commune"] == store.record(ids[0])["commune"]


def test_reading_only_some_fields_keeps_the_values_of_reading_all(filled):
    # odd JSON values (numbers, null, lists where a value is expected, a roster line that is not an
    # object) come out the same whether every field is read or only the indicators' fields
    from models.indicators.compute import indicator_columns, load_frames

    store, ids, defs, _ = filled
    odd = {"commune": "10001", "consent": 1, "hh_internet": "1", "net_type": ["fibre"], "ict_spend": None,
           "mem": [{"m_age": 30, "m_net": None, "m_act": ["social"], "hh_internet": None}, "junk",
                   {"m_age": "40", "m_sex": "2", "hh_internet": ["x"]}]}
    row = store.execute("SELECT data FROM records WHERE id = ?", [ids[0]]).fetchone()[0]
    with store.write():
        store.execute("UPDATE records SET data = ? WHERE id = ?", [__import__("json").dumps(odd), ids[0]])
    try:
        cols = indicator_columns(defs, "hh_test")
        some = load_frames(store, "hh_test", statuses=None, columns=cols)
        every = load_frames(store, "hh_test", statuses=None)
    finally:
        with store.write():
            store.execute("UPDATE records SET data = ? WHERE id = ?", [row, ids[0]])
    for part in ("records", "members"):
        a, b = getattr(some, part), getattr(every, part)
        keep = [c for c in a.columns if c in b.columns]
        assert len(a) == len(b) and set(a.columns) - set(keep) <= set(cols)
        pd.testing.assert_frame_equal(a[keep].reset_index(drop=True), b[keep].reset_index(drop=True),
                                      check_dtype=False)
        for c in set(a.columns) - set(keep):  # a field no record has: blank everywhere
            assert set(a[c]) == {""}
    m = some.members[some.members["_id"] == ids[0]]
    assert m["m_age"].tolist() == [30, "40"] and m["_line"].tolist() == [1, 3]
    assert m["hh_internet"].tolist() == ["", "1"]  # null is blank; a list is not a value: the household's
    assert some.records[some.records["_id"] == ids[0]][["consent", "net_type", "ict_spend"]].values.tolist() == [
        [1, "", ""]]


def test_numbers_become_text_in_plain_digits_and_a_division_by_zero_does_not_crash():
    """string() of a number, as the form engine writes it (issue 12): 0.000005 and 10^16 in plain
    digits (Python's repr gave 5e-06 and 1e+16), Infinity spelled out (int() of it raised)."""
    df = frame(x=["0.5", "10000000000000000", "3"], z=["0", "0", ""])
    lengths = evaluate("string-length(string(${x} div 100000))", df, "number").tolist()
    assert lengths == [8.0, 12.0, 7.0]
    assert evaluate("string(${x} * 1) = '10000000000000000'", df).tolist() == [False, True, False]
    assert evaluate("string(${x} div ${z}) = 'Infinity'", df).tolist() == [True, True, False]
