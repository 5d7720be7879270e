import json
import subprocess
import sys
from pathlib import Path

import pytest

from forms.engine import FormSession
from models.base.errors import AppError
from models.demo import generate as demo
from models.demo.errors import DemoCode
from models.records.editor import record_label
from models.store.database import open_store
from models.store.revisions import content_hash, make_rev

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "e1.db"
    # few skeletons and an engine check of every copy: exercises the fast path on a small run
    res = demo.run(str(path), commune="09025", enterprises=9, households=12, seed=1, enumerator="E01",
                   skeletons=3, check_every=1)
    return path, res


def test_counts_views_and_setup(demo_db):
    path, res = demo_db
    st = open_store(path)
    try:
        assert st.execute('SELECT count(*) FROM "enterprise_digital"').fetchone()[0] == 9
        assert st.execute('SELECT count(*) FROM "household_digital"').fetchone()[0] == 12
        assert st.execute('SELECT count(*) FROM "household_digital__mem"').fetchone()[0] > 12
        s = st.settings()
        assert (s["role"], s["commune"], s["province"], s["user_code"]) == ("enumerator", "09025", "25", "E01")
        assert len(s["user_name"].split()) >= 3
        villages = {r[0] for r in st.execute("SELECT village FROM records")}
        assert villages and all(v.startswith(("Thôn", "Bản", "Ấp", "Tổ dân phố")) for v in villages)
        assert {r[0] for r in st.execute("SELECT commune FROM records")} == {"09025"}
        assert {r[0] for r in st.execute("SELECT enumerator FROM records")} == {"E01"}
    finally:
        st.close()


def test_rows_are_exactly_what_the_engine_makes(demo_db):
    """Every record, including those copied from a skeleton, equals the engine's evaluation."""
    path, _res = demo_db
    st = open_store(path)
    try:
        for rid, in st.execute("SELECT id FROM records").fetchall():
            rec = st.record(rid)
            form = st.form(rec["form_id"], rec["form_version"])
            s = FormSession(form)
            s.load(rec["answers"], rec["justifications"])
            assert s.to_answers() == rec["answers"]
            assert s.to_values() == rec["data"], rid
            assert [[i.path, i.kind] for i in s.issues()] == rec["issues_json"], rid
            assert rec["issues"] == len(rec["issues_json"])
            assert record_label(form, s) == rec["label"]
            if rec["status"] == "complete" and rec["answers"].get("consent") == "1":
                assert rec["label"]
            assert rec["content_hash"] == content_hash(rec)
            assert rec["rev"] == make_rev(1, "", rec["content_hash"])
            if rec["status"] == "complete":
                assert rec["issues"] == 0 and rec["answers"].get("end")
            assert rec["answers"]["deviceid"] == st.device_id
            assert st.execute("SELECT count(*) FROM records_fts WHERE record_id = ?", [rid]).fetchone()[0] == 1
    finally:
        st.close()


def test_complete_interviews_answer_the_whole_form(demo_db):
    path, _ = demo_db
    st = open_store(path)
    try:
        rows = st.execute("SELECT id FROM records WHERE status = 'complete' AND form_id = 'household_digital' "
                          "AND json_extract(answers, '$.consent') = '1'").fetchall()
        assert rows
        rec = st.record(rows[0][0])
        mem = rec["answers"]["mem"]
        assert len(mem) == int(rec["answers"]["hh_size"])
        assert mem[0]["m_rel"] == "1" and mem[0]["m_name"] == rec["answers"]["head_name"]
    finally:
        st.close()


def test_tax_codes_and_phones_are_valid():
    import random

    p = demo.People(random.Random(5))
    for _ in range(200):
        t = p.tax_code("25")
        assert len(t) == 10 and demo._mst(t) == int(t[9])
        ph = p.phone()
        import re

        assert re.match(r"^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])[0-9]{7}$", ph)


def test_two_laptops_differ(demo_db, tmp_path):
    path, res = demo_db
    other = demo.run(str(tmp_path / "e2.db"), commune="09025", enterprises=2, households=2, seed=2,
                     enumerator="E02", skeletons=2)
    assert other.device_id != res.device_id
    a = open_store(path)
    b = open_store(tmp_path / "e2.db")
    try:
        ids_a = {r[0] for r in a.execute("SELECT id FROM records")}
        ids_b = {r[0] for r in b.execute("SELECT id FROM records")}
        assert not ids_a & ids_b
    finally:
        a.close()
        b.close()


def test_bad_commune_and_real_database_are_refused(tmp_path):
    with pytest.raises(AppError) as err:
        demo.run(str(tmp_path / "x.db"), commune="12345", enterprises=1, households=0)
    assert err.value.code is DemoCode.DEMO_BAD_COMMUNE and "12345" in err.value.message("vi")
    st = open_store(tmp_path / "real.db")
    st.set_settings({"role": "enumerator"})
    st.install_bundled_forms()
    from models.records.editor import create_record

    create_record(st, "household_digital")
    st.close()
    with pytest.raises(AppError) as err:
        demo.run(str(tmp_path / "real.db"), commune="09025", enterprises=1, households=0)
    assert err.value.code is DemoCode.DEMO_REAL_DB


def test_cli_demo(tmp_path):
    db = tmp_path / "cli.db"
    p = subprocess.run([sys.executable, "main.py", "demo", "--db", str(db), "--commune", "18073",
                        "--enterprises", "2", "--households", "3", "--seed", "4", "--quiet"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert "2 phiếu doanh nghiệp" in p.stdout
    bad = subprocess.run([sys.executable, "main.py", "--lang", "en", "demo", "--db", str(tmp_path / "b.db"),
                          "--commune", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "commune" in bad.stderr
    assert json.dumps  # noqa: B018


def test_drafts_keep_their_commune_and_answers_are_realistic(tmp_path):
    """Issue 17: a draft stopped early still has the commune it was created in (it was counted as an
    empty commune in province totals), and "none" is a real answer for online presence, public
    services, software and payment accounts, so E06, E18, E28 and H17 are neither 0 nor 100%."""
    from models.indicators.compute import compute_indicators

    path = tmp_path / "big.db"
    demo.run(str(path), commune="09025", enterprises=160, households=110, seed=7, enumerator="E01",
             skeletons=40)
    st = open_store(path)
    try:
        rows = st.execute("SELECT status, commune, json_extract(answers, '$.commune') FROM records").fetchall()
        assert sum(1 for r in rows if r[0] == "draft") > 20
        assert {(r[1], r[2]) for r in rows} == {("09025", "09025")}
        report = compute_indicators(st)
        assert [a.commune for a in report.communes] == ["09025"]
        for code in ("E06", "E18", "E28", "H17"):
            v = report.total.values[code]
            assert v.value is not None and 25 < v.value < 95, (code, v)
    finally:
        st.close()
