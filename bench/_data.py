"""Fast bulk data for the benchmarks: realistic ``data`` JSON for the bundled forms, inserted with
executemany (the record services are exercised by the tests; here only volume matters)."""

from __future__ import annotations

import json
import random
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIRST = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Quang"]
LAST = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Quỳnh",
        "Sơn", "Tâm", "Uyên", "Việt", "Xuân", "Yến"]
WORDS = ["cửa hàng", "tạp hóa", "nông sản", "sạch", "chè", "cà phê", "mật ong", "gạo", "thủ công",
         "may mặc", "điện thoại", "sửa chữa", "vận tải", "du lịch", "homestay"]


def _name(rng):
    return f"{rng.choice(FIRST)} {rng.choice(MIDDLE)} {rng.choice(LAST)}"


def _value(rng, form, e, today):
    t = e.type
    if t == "select_one":
        items = form.choices.get(e.list_name, ())
        return rng.choice(items).name if items else ""
    if t == "select_multiple":
        items = form.choices.get(e.list_name, ())
        k = rng.randint(1, min(3, len(items))) if items else 0
        return " ".join(c.name for c in rng.sample(list(items), k))
    if t == "integer":
        return str(rng.choice([0, 1, 2, 3, 5, 8, 12, 20, 35, 60, 100, 250]))
    if t == "decimal":
        return f"{rng.uniform(10, 5000):.1f}"
    if t == "date":
        return (today - timedelta(days=rng.randint(0, 90))).isoformat()
    if t == "text":
        if "name" in e.name:
            return _name(rng)
        if "phone" in e.name:
            return "09" + "".join(rng.choice("0123456789") for _ in range(8))
        if "cccd" in e.name or "tax" in e.name:
            return "0" + "".join(rng.choice("0123456789") for _ in range(11))
        return " ".join(rng.sample(WORDS, 2)).capitalize()
    return ""


def make_data(rng, form, commune: str, today: date) -> dict:
    data: dict = {}
    for e in form.elements:
        if e.repeats or e.is_container or not e.is_input:
            continue
        if e.type in ("start", "end", "deviceid", "today", "instanceID"):
            continue
        if rng.random() < 0.15 and e.name not in ("consent", "interview_date", "commune"):
            continue  # not relevant / not answered
        data[e.name] = _value(rng, form, e, today)
    data["consent"] = "1" if rng.random() < 0.95 else "2"
    data["commune"] = commune
    data["today"] = data.get("interview_date") or today.isoformat()
    rep = next((r for r in form.repeats), None)
    if rep is not None:
        members = []
        for i in range(rng.randint(1, 6)):
            m = {}
            for e in form.elements:
                if e.repeats != (rep.name,) or e.is_container or not e.is_input:
                    continue
                if rng.random() < 0.1:
                    continue
                m[e.name] = _value(rng, form, e, today)
            m["m_age"] = str(rng.randint(1, 85))
            m["m_byear"] = str(today.year - int(m["m_age"]))
            members.append(m)
        data[rep.name] = members
    return data


def make_bench_db(path: str, counts: dict[str, int], *, communes=("00001", "00004", "00006", "00007"),
                  seed: int = 7):
    """A database with the bundled forms and ``counts[form_id]`` records spread over communes."""
    from models.store.database import open_store, utcnow

    rng = random.Random(seed)
    store = open_store(path)
    store.set_settings({"role": "province", "user_name": "Bench", "province": "01", "commune": communes[0]})
    store.install_bundled_forms()
    today = date(2025, 6, 30)
    now = utcnow()
    for form_id, n in counts.items():
        form = store.form(form_id)
        rows = []
        for i in range(n):
            commune = communes[i % len(communes)]
            data = make_data(rng, form, commune, today)
            status = rng.choice(["complete", "approved", "approved", "complete", "draft"])
            js = json.dumps(data, ensure_ascii=False)
            rows.append((f"uuid:{uuid.UUID(int=rng.getrandbits(128))}", form_id, form.version, status, commune,
                         data.get("village", ""), "DTV01", store.device_id, now, now, "1-x", 1, "[]", 0, "x",
                         js, js, "{}", "{}", 0, "[]", data.get("unit_name") or data.get("head_name") or "", "", 0))
            if len(rows) >= 5000:
                _insert(store, rows)
                rows = []
        _insert(store, rows)
    return store


def _insert(store, rows):
    if not rows:
        return
    with store.write():
        store.db.conn.executemany(
            "INSERT INTO records(id, form_id, form_version, status, commune, village, enumerator, device_id, "
            "created_at, modified_at, rev, rev_gen, ancestry, sealed, content_hash, answers, data, "
            "justifications, review, issues, issues_json, label, last_path, deleted) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
