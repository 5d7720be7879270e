"""Realistic synthetic interviews for trying the application, benchmarks and screenshots.

``python main.py demo --db PATH --commune CODE --enterprises N --households M [--seed S]
[--enumerator CODE]`` fills a database as an enumerator's laptop would look after some weeks of
fieldwork: the installation set up for that commune (a new device id), the bundled forms, and
interviews answered *through the form engine* — every answer respects relevance and constraints,
plausible Vietnamese names, the commune's villages, valid phone numbers, tax codes and ID numbers,
a realistic share of drafts (stopped part-way) and of records with open issues (unconfirmed amber
warnings).

Speed: an interview is first answered question by question through a :class:`FormSession` (as an
enumerator would, retrying a value a constraint refuses). Only a few hundred such *skeletons* per
form are needed; further records reuse a skeleton's answers with fresh identity answers (names,
village, phone, tax code, ID number, sample number) and are evaluated by the engine in one
``load`` — the rows written are exactly those :class:`models.records.editor.RecordEditor` would write
(the same ``data``, issues, label, revision and search text; a test checks it).
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from forms.engine import FormSession
from forms.model import FormDef
from models.base.progress import Progress
from models.base.progress import run as _drain
from models.demo.errors import DemoCode, DemoError
from models.records.editor import _index, _search_text, label_from_values, record_label
from models.setup import admin_units
from models.store.errors import StoreCode, StoreError
from models.store.revisions import content_hash, make_rev
from models.store.schema import RECORD, VERSION_ROW, AuditRow, add_audit

ENTERPRISE_FORM = "enterprise_digital"
HOUSEHOLD_FORM = "household_digital"

#: share of records left as drafts part-way through the interview
DRAFT_SHARE = 0.15
#: share of finished interviews with an amber warning the enumerator has not yet confirmed
OPEN_WARNING_SHARE = 0.06
#: distinct interviews answered question by question per form; more records reuse them
SKELETONS = 150

# ----------------------------------------------------------------------------- names
FAMILY = [("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 35), ("Huỳnh", 16),
          ("Phan", 45), ("Vũ", 30), ("Võ", 10), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
          ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 6), ("Trịnh", 5), ("Đào", 5), ("Lương", 4),
          ("Mai", 3), ("Tạ", 3), ("Cao", 3), ("Lâm", 3), ("Hà", 4), ("Kiều", 2), ("Chu", 2)]
MIDDLE_M = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Tiến", "Ngọc", "Đình"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Phương", "Bích"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Huy", "Khánh", "Long", "Minh", "Nam",
           "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Việt", "Vinh",
           "Hiếu", "Hoàng", "Kiên", "Lâm", "Lợi", "Nghĩa", "Tâm", "Thịnh", "Tùng", "Đạt", "Bảo", "Khôi"]
GIVEN_F = ["Anh", "Ánh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền", "Lan",
           "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thủy",
           "Trang", "Tuyết", "Vân", "Yến", "Hiền", "Liên", "Nhàn", "Thơm", "Xuân", "Lụa", "Duyên", "Trâm"]
VILLAGE_NAMES = ["Đông", "Đoài", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "Tân Lập", "Tân Tiến", "Đồng Tâm",
                 "Yên Thịnh", "Phú Xuân", "An Lạc", "Hòa Bình", "Thống Nhất", "Quyết Tiến", "Đại Đồng",
                 "Liên Minh", "Cầu Mới", "Gò Đình", "Bãi Sậy", "Vườn Hồng", "Minh Khai", "Kim Sơn"]
SOUTH = {"79", "80", "82", "86", "91", "92", "96", "75", "68", "66", "56", "52", "51"}
MOUNTAIN = {"04", "08", "11", "12", "14", "15", "20", "19"}

PRODUCTS = {
    "A": ["Gạo nếp cái hoa vàng", "Chè búp khô", "Bưởi Diễn", "Mật ong rừng", "Rau an toàn", "Cá giống"],
    "C": ["Miến dong", "Bánh đa nem", "Đồ gỗ mỹ nghệ", "May mặc gia công", "Gốm sứ", "Nước mắm",
          "Bánh chưng", "Tương bần", "Mây tre đan", "Nhang trầm"],
    "G": ["Tạp hóa", "Vật liệu xây dựng", "Điện thoại và phụ kiện", "Phân bón, thuốc bảo vệ thực vật",
          "Đồ điện gia dụng", "Nông sản khô"],
    "I": ["Nhà hàng đặc sản", "Quán cà phê", "Nhà nghỉ", "Homestay"],
    "F": ["Xây dựng dân dụng"], "H": ["Vận tải hàng hóa"], "S": ["Sửa chữa xe máy"],
}
BRANDS = ["Minh Phát", "Hoàng Anh", "Thành Công", "Phú Thịnh", "An Khang", "Tân Phát", "Hưng Thịnh",
          "Việt Tiến", "Đức Minh", "Hồng Hà", "Sao Mai", "Ánh Dương", "Bảo Long", "Kim Ngân", "Thiên Phúc"]
PHONE_PREFIX = ["032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098",
                "081", "082", "083", "084", "085", "088", "091", "094", "070", "076", "077", "078",
                "079", "089", "090", "093", "056", "058", "092", "059", "099", "087"]
CCCD_PROV = ["001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022",
             "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042",
             "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066",
             "067", "068", "070", "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087",
             "089", "091", "092", "093", "094", "095", "096"]
MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


@dataclass(frozen=True)
class DemoResult:
    db_path: str
    commune: str
    province: str
    enterprises: int
    households: int
    drafts: int
    with_issues: int
    device_id: str
    seconds: float


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class People:
    """Plausible Vietnamese names, phone numbers and identifiers from a seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def family(self) -> str:
        return _weighted(self.rng, FAMILY)

    def name(self, sex: str = "1", family: str | None = None) -> str:
        r = self.rng
        fam = family or self.family()
        mid = r.choice(MIDDLE_M if sex == "1" else MIDDLE_F)
        given = r.choice(GIVEN_M if sex == "1" else GIVEN_F)
        return f"{fam} {mid} {given}"

    def phone(self) -> str:
        return self.rng.choice(PHONE_PREFIX) + f"{self.rng.randrange(10**7):07d}"

    def tax_code(self, province: str) -> str:
        r = self.rng
        while True:
            head = f"{int(province) % 100:02d}" if province.isdigit() else "01"
            body = head + f"{r.randrange(1, 10**7):07d}"
            s = sum(int(d) * w for d, w in zip(body, MST_WEIGHTS, strict=True)) % 11
            if s == 0:
                continue
            return body + str(10 - s)

    def cccd(self, sex: str, byear: int) -> str:
        century = (byear - 1900) // 100
        g = century * 2 + (0 if sex == "1" else 1)
        return f"{self.rng.choice(CCCD_PROV)}{g}{byear % 100:02d}{self.rng.randrange(10**6):06d}"


def villages_of(commune_code: str, rng: random.Random) -> list[str]:
    """6–12 village or residential-group names for a commune (the kind of place the commune is)."""
    unit = admin_units.commune(commune_code)
    kind = unit.kind if unit else "xã"
    prov = unit.province if unit else ""
    n = rng.randint(6, 12)
    if kind == "phường":
        return [f"Tổ dân phố {i}" for i in range(1, n + 1)]
    word = "Ấp" if prov in SOUTH else ("Bản" if prov in MOUNTAIN and rng.random() < 0.6 else "Thôn")
    names = rng.sample(VILLAGE_NAMES, n)
    return [f"{word} {x}" for x in names]


# ----------------------------------------------------------------------------- answering
class Interviewer:
    """Answers one interview through the engine, question by question, as an enumerator would."""

    def __init__(self, form: FormDef, rng: random.Random, people: People, *, today: date, province: str,
                 village: str):
        self.form = form
        self.rng = rng
        self.people = people
        self.today = today
        self.province = province
        self.village = village
        self.ctx: dict[str, Any] = {}

    # -- candidate values, most plausible first; the engine has the last word
    def candidates(self, s: FormSession, path: str) -> Iterator[str]:
        e = s.element(path)
        name, r = e.name, self.rng
        iyear = int(s.effective_value("iyear") or self.today.year) if s.has("iyear") else self.today.year
        line = int(re.findall(r"\[(\d+)\]", path)[-1]) if "[" in path else 0
        if name == "interview_date":
            start = date(2025, 7, 1)
            span = max((self.today - start).days, 0)
            yield (start + timedelta(days=r.randint(max(span - 120, 0), span))).isoformat()
            return
        if name == "consent":
            yield "1" if r.random() < 0.97 else "0"
            return
        if name == "village":
            yield self.village
            return
        if name == "hh_no":
            yield str(self.ctx.get("hh_no", r.randint(1, 300)))
            return
        if name in ("unit_name",):
            yield self.unit_name(s.effective_value("unit_type"))
            return
        if name == "head_name":
            sex = "1" if r.random() < 0.78 else "2"
            self.ctx["head_sex"] = sex
            self.ctx["family"] = self.people.family()
            self.ctx["head_name"] = self.people.name(sex, self.ctx["family"])
            yield self.ctx["head_name"]
            return
        if name == "phone":
            if r.random() < 0.85:
                yield self.people.phone()
            return
        if name == "email":
            if r.random() < 0.35:
                base = re.sub(r"[^a-z]", "", admin_units.fold(s.effective_value("unit_name") or "coso"))[:14]
                yield f"{base or 'coso'}{r.randint(1, 99)}@gmail.com"
            return
        if name == "tax_code":
            if s.effective_value("unit_type") == "6":
                yield self.people.tax_code(self.province) + f"{r.randint(1, 20):03d}"
            elif s.effective_value("unit_type") == "4" and r.random() < 0.5:
                yield self.people.cccd("1", r.randint(1960, 2000))
            yield self.people.tax_code(self.province)
            return
        if name == "main_product":
            vsic = s.effective_value("vsic") or "C"
            yield r.choice(PRODUCTS.get(vsic, PRODUCTS["C"]))
            return
        if name == "comment":
            if r.random() < 0.05:
                yield r.choice(["Chủ cơ sở đi vắng, trả lời qua điện thoại.", "Hẹn bổ sung số liệu doanh thu.",
                                "Hộ trả lời nhiệt tình."])
            return
        if name == "m_name":
            if line == 1 and self.ctx.get("head_name"):
                yield self.ctx["head_name"]
                return
            yield self.member_name(s, path)
            return
        if name == "m_rel":
            if line == 1:
                yield "1"
                return
            opts = ["2", "3", "3", "3", "4", "5", "6"] if line == 2 else ["3", "3", "3", "5", "4", "6", "7"]
            yield from r.sample(opts, len(opts))
            return
        if name == "m_sex":
            rel = s.effective_value(path.replace("m_sex", "m_rel"))
            if rel == "1" and self.ctx.get("head_sex"):
                yield self.ctx["head_sex"]
                return
            if rel == "2" and self.ctx.get("head_sex"):
                yield "2" if self.ctx["head_sex"] == "1" else "1"
                return
            yield r.choice(["1", "2"])
            return
        if name == "m_byear":
            rel = s.effective_value(path.replace("m_byear", "m_rel"))
            head = self.ctx.get("head_byear") or r.randint(1955, 1992)
            if rel == "1":
                self.ctx["head_byear"] = head
                yield str(head)
            elif rel == "2":
                yield str(min(head + r.randint(-3, 6), iyear - 16))
            elif rel == "3":
                yield str(min(head + r.randint(20, 38), iyear))
            elif rel == "4":
                yield str(head - r.randint(20, 32))
            elif rel == "5":
                yield str(min(head + r.randint(42, 58), iyear))
            else:
                yield str(r.randint(1950, iyear - 5))
            yield from (str(y) for y in r.sample(range(1945, iyear + 1), 12))
            return
        if name == "m_cccd":
            if r.random() < 0.7:
                sex = s.effective_value(path.replace("m_cccd", "m_sex")) or "1"
                by = int(s.effective_value(path.replace("m_cccd", "m_byear")) or 1980)
                yield self.people.cccd(sex, by)
            return
        if name == "ref_year":
            yield str(iyear - 1)
            return
        if name == "hh_size":
            yield str(_weighted(r, [(1, 6), (2, 14), (3, 20), (4, 26), (5, 17), (6, 9), (7, 5), (8, 3)]))
            return
        if name == "est_year":
            ref = int(s.effective_value("ref_year") or iyear - 1)
            yield str(r.randint(max(1986, ref - 35), ref))
            return
        if name == "emp_total":
            ut = s.effective_value("unit_type")
            yield str(r.randint(1, 8) if ut in ("4", "5") else r.choice([r.randint(3, 30), r.randint(10, 120)]))
            return
        if name == "revenue":
            emp = int(s.effective_value("emp_total") or 1)
            yield str(round(emp * r.uniform(60, 900), -1 if emp > 3 else 0))
            return
        if name == "capital":
            emp = int(s.effective_value("emp_total") or 1)
            yield str(round(emp * r.uniform(50, 1200), -1))
            return
        if name in ("emp_si", "emp_computer", "emp_internet", "trained_n"):
            emp = int(s.effective_value("emp_total") or 1)
            yield str(r.randint(1, emp))
            yield str(emp)
            return
        if name == "vsic_div":
            v = s.effective_value("vsic")
            ranges = {"A": (1, 3), "C": (10, 33), "G": (45, 47), "I": (55, 56), "F": (41, 43), "H": (49, 53),
                      "B": (5, 9), "Q": (85, 85), "S": (90, 93)}
            if r.random() < 0.6 and v in ranges:
                lo, hi = ranges[v]
                yield str(r.randint(lo, hi))
            return
        if name == "ict_spend":
            if r.random() < 0.8:
                yield str(r.choice([100, 150, 200, 250, 300, 350, 400, 500, 600, 800]))
            return
        if e.type == "integer":
            pct = name.endswith("_pct")
            picks = [r.randint(1, 90), r.randint(1, 30), 1, 5, 10, 50] if pct else \
                [r.randint(1, 10), r.randint(1, 5), 1, 2, 3, 20, 0]
            yield from (str(x) for x in picks)
            return
        if e.type == "decimal":
            yield from (str(x) for x in (round(r.uniform(1, 500), 1), 10, 1, 0))
            return
        if e.type == "date":
            yield (self.today - timedelta(days=r.randint(1, 400))).isoformat()
            return
        if e.type == "acknowledge":
            yield "OK"
            return
        if e.type == "select_one":
            names = [c.name for c in s.choices(path)]
            if name in ("province",):
                yield self.province
                return
            pref = [n for n in names if n in ("1", "0")]
            if pref and set(names) <= {"0", "1", "8"}:
                p_yes = self._p_yes(name)
                first = "1" if r.random() < p_yes else "0"
                yield first
                yield "0" if first == "1" else "1"
                return
            yield from r.sample(names, len(names))
            return
        if e.type == "select_multiple":
            names = [c.name for c in s.choices(path)]
            if "none" in names and r.random() < self._p_none(s, name, path):
                yield "none"
            plain = [n for n in names if n not in ("none", "dk", "no_need", "other")]
            for _ in range(6):
                k = min(len(plain), _weighted(r, [(1, 4), (2, 4), (3, 2), (4, 1)]))
                if k:
                    yield " ".join(sorted(r.sample(plain, k), key=names.index))
            if "none" in names:
                yield "none"
            return
        if e.type == "text":
            yield r.choice(["Không", "Khác", "Chưa rõ"])
            return

    def _p_yes(self, name: str) -> float:
        return {"use_computer": 0.8, "use_internet": 0.92, "sells_online": 0.45, "hh_internet": 0.85,
                "m_own_phone": 0.85, "m_smart": 0.8, "hh_sell": 0.2, "crossborder": 0.1, "livestream": 0.3,
                "ocop_subject": 0.15, "qr_trace": 0.3, "m_train": 0.15, "m_dvc": 0.35, "m_sell": 0.15,
                "m_buy": 0.55, "m_cashless": 0.65, "trained": 0.3, "esign": 0.55, "econtract": 0.3,
                "online_ads": 0.3, "buys_online": 0.5}.get(name, 0.6)

    def _p_none(self, s: FormSession, name: str, path: str) -> float:
        """How often "none" is the answer to a select_multiple: a household business or a small unit
        far more often than a company; people over 60 far more often have no payment account.
        Shares of the order questionnaires.md §2 quotes (Decision 411: 75-80% of people 15+ with a
        payment account), so the report's E06, E18, E28 and H17 are far from 0 and from 100%."""
        if name == "m_acct":
            age = s.effective_value(path.replace("m_acct", "m_age")) if s.has(path.replace("m_acct", "m_age")) \
                else ""
            return 0.5 if str(age).isdigit() and int(age) >= 60 else 0.15
        firm = s.effective_value("unit_type") in ("1", "2", "6") if s.has("unit_type") else False
        shares = {"presence": (0.2, 0.45), "egov": (0.1, 0.5), "software": (0.25, 0.65)}
        if name in shares:
            return shares[name][0 if firm else 1]
        return 0.0

    def unit_name(self, ut: str) -> str:
        """A name for a unit of type ``ut`` (the answer to ``unit_type``)."""
        r = self.rng
        brand = r.choice(BRANDS)
        if ut == "1":
            return r.choice(["Công ty TNHH ", "Công ty Cổ phần ", "Công ty TNHH Thương mại "]) + brand
        if ut == "2":
            return f"Hợp tác xã {r.choice(['Nông nghiệp', 'Dịch vụ nông nghiệp', 'Chè', 'Rau an toàn'])} {brand}"
        if ut == "3":
            return f"Tổ hợp tác {r.choice(['trồng rau', 'nuôi ong', 'làm miến'])} {r.choice(VILLAGE_NAMES)}"
        if ut == "6":
            return f"Chi nhánh Công ty TNHH {brand}"
        return f"Cơ sở {r.choice(['sản xuất', 'kinh doanh', 'chế biến'])} {self.people.name(r.choice('12'))}"

    def member_name(self, s: FormSession, path: str) -> str:
        rel = s.effective_value(path.replace("m_name", "m_rel"))
        fam = self.ctx.get("family") or self.people.family()
        hs = self.ctx.get("head_sex", "1")
        if rel == "2":
            return self.people.name("2" if hs == "1" else "1")
        sex = self.rng.choice("12")
        return self.people.name(sex, fam if rel in ("3", "5", "") else None)

    # -- the interview
    def interview(self, prefill: dict[str, str], *, stop_after: float | None,
                  open_warning: bool) -> FormSession:
        """Answer every relevant question in order; ``stop_after`` (0..1) leaves a draft part-way;
        ``open_warning`` lets the first amber warning stand unconfirmed."""
        s = FormSession(self.form, today=self.today)
        s.start(prefill)
        done: set[str] = set(k for k in prefill if s.has(k) and k not in ("village",))
        paths = self._questions_to_ask(s)
        budget = None if stop_after is None else max(3, int(len(paths) * stop_after))
        answered = 0
        warned = False
        i = 0
        while i < len(paths):
            if budget is not None and answered >= budget:
                break
            p = paths[i]
            i += 1
            if p in done or not s.has(p) or not s.is_relevant(p):
                continue
            done.add(p)
            answered += 1
            changed = self._answer(s, p, allow_warning=open_warning and not warned)
            if any(x.kind == "warning" for x in s.issues_at(p)):
                warned = True
            if changed:  # relevance or roster changed: the list of questions to ask changed
                paths = self._questions_to_ask(s)
                i = 0
        return s

    @staticmethod
    def _questions_to_ask(s: FormSession) -> list[str]:
        return [p for p in s.question_paths(relevant_only=True) if s.element(p).is_input and not s.is_read_only(p)]

    def _answer(self, s: FormSession, path: str, *, allow_warning: bool) -> bool:
        """Try candidates until the engine accepts one; True if relevance or the roster changed."""
        fallback = None
        changed = False
        for tries, v in enumerate(self.candidates(s, path)):
            if tries > 40:
                break
            ch = s.set_value(path, v)
            changed |= bool(ch.relevance) or ch.structure
            issues = s.issues_at(path)
            if not issues:
                return changed
            kinds = {i.kind for i in issues}
            if kinds == {"warning"}:
                if allow_warning:
                    return changed
                if fallback is None:
                    fallback = v
                continue
        if fallback is not None:
            ch = s.set_value(path, fallback)
            changed |= bool(ch.relevance) or ch.structure
            if self.rng.random() < 0.8:
                s.justify(path, self.rng.choice(["Đã hỏi lại, đúng như vậy.", "Chủ hộ xác nhận.",
                                                 "Đơn vị xác nhận số liệu."]))
            return changed
        if s.issues_at(path) and s.issues_at(path)[0].kind == "constraint":
            ch = s.set_value(path, "")
            changed |= bool(ch.relevance) or ch.structure
        return changed


def _fix_late_issues(iv: Interviewer, s: FormSession) -> None:
    """A check on an earlier answer can fail because of a later one (e.g. a member sells online but
    the household said it does not): re-answer those questions, as an enumerator going back would."""
    for _round in range(3):
        open_ = [i for i in s.issues() if i.kind in ("constraint", "warning")]
        if not open_:
            return
        for i in open_:
            iv._answer(s, i.path, allow_warning=False)


# ----------------------------------------------------------------------------- writing
def _local_iso(dt: datetime) -> str:
    return dt.astimezone(timezone(timedelta(hours=7))).isoformat(timespec="milliseconds")


def _utc(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Made:
    """One record's content as the editor would save it (see models.records.editor.save_session)."""

    answers: dict
    data: dict
    justifications: dict
    issues: list  # [path, kind] of the open issues (models.records.editor.issues_compact)
    label: str
    last_path: str = ""

    @classmethod
    def of(cls, form: FormDef, s: FormSession) -> Made:
        qs = [p for p in s.question_paths(relevant_only=True) if s.element(p).is_input and s.value(p)]
        return cls(s.to_answers(), s.to_values(), s.to_justifications(), [[i.path, i.kind] for i in s.issues()],
                   record_label(form, s), qs[-1] if qs else "")


#: the columns the demo writes (the business keys are left to be taken, as for a record made here)
_WRITTEN = (*VERSION_ROW, "last_path")


class _Writer:
    """Inserts records as create_record + RecordEditor would leave them (one transaction per batch)."""

    def __init__(self, store, *, enumerator: str, user_name: str, device_id: str, commune: str):
        self.store = store
        self.enumerator = enumerator
        self.user = user_name
        self.device = device_id
        self.commune = commune
        self.rows: list[tuple] = []
        self.audit: list[AuditRow] = []
        self.fts: list[tuple[str, str]] = []

    def add(self, form: FormDef, m: Made, *, status: str, created: datetime, modified: datetime, rid: str) -> str:
        if status == "complete" and m.issues:
            status = "draft"
        village = str(m.answers.get("village", "")) if "village" in m.data else ""
        # as create_record: the commune answer whether or not it is relevant yet, else the installation's
        commune = str(m.answers.get("commune", "") or "") if "commune" in form else ""
        commune = commune or self.commune
        content = content_hash({"form_id": form.form_id, "form_version": form.version, "status": status,
                                "deleted": 0, "answers": m.answers, "justifications": m.justifications,
                                "review": {}})
        rev = make_rev(1, "", content)
        cat, mat = _utc(created), _utc(modified)
        self.rows.append(RECORD.params({
            "id": rid, "form_id": form.form_id, "form_version": form.version, "status": status, "deleted": 0,
            "answers": m.answers, "justifications": m.justifications, "review": {}, "commune": commune or "",
            "village": village, "enumerator": self.enumerator, "device_id": self.device, "created_at": cat,
            "modified_at": mat, "rev": rev, "rev_gen": 1, "ancestry": [], "content_hash": content,
            "data": m.data, "issues": len(m.issues), "issues_json": m.issues, "label": m.label, "sealed": 0,
            "last_path": m.last_path if status == "draft" else ""}, _WRITTEN))
        who = (self.user, self.device)
        self.audit.append(AuditRow(rid, cat, *who, "create", new=f"{form.form_id} {form.version}", rev=rev))
        self.audit.append(AuditRow(rid, mat, *who, "demo", new="answers entered by the demo generator",
                                   rev=rev))
        if status == "complete":
            self.audit.append(AuditRow(rid, mat, *who, "status", old="draft", new="complete", rev=rev))
        self.fts.append((rid, _search_text(form, m.answers, m.label)))
        return status

    def flush(self) -> None:
        if not self.rows:
            return
        st = self.store
        with st.write():
            st.db.conn.executemany(RECORD.insert_sql(_WRITTEN), self.rows)
            add_audit(st, self.audit)
            for rid, text in self.fts:
                _index(st, rid, text)
        self.rows, self.audit, self.fts = [], [], []


# ----------------------------------------------------------------------------- identities
def _mst(code: str) -> int:
    """The engine's ``mst_calc`` of a tax code (check digit formula of questionnaires.md §3.1)."""
    return 10 - sum(int(d) * w for d, w in zip(code[:9], MST_WEIGHTS, strict=True)) % 11


def new_identity(iv: Interviewer, answers: dict, village: str, number: int) -> tuple[dict, list[dict]]:
    """Fresh identity answers for a record made from a skeleton: (top-level values, per member).

    Only answers nothing else reads are changed (no relevance, calculation or check depends on
    them), except the tax code, whose replacement keeps the same ``mst_calc``.
    """
    r, people = iv.rng, iv.people
    top: dict[str, str] = {"village": village, "hh_no": str(number), "phone": people.phone()}
    ut = answers.get("unit_type", "")
    top["unit_name"] = iv.unit_name(ut)
    t = str(answers.get("tax_code", ""))
    if t.isdigit() and len(t) in (10, 12, 13):
        want = _mst(t)
        for _ in range(400):
            if len(t) == 12:
                c = people.cccd(r.choice("12"), r.randint(1960, 2000))
            else:
                c = people.tax_code(iv.province) + t[10:]
            if _mst(c) == want:
                top["tax_code"] = c
                break
    base = re.sub(r"[^a-z]", "", admin_units.fold(top["unit_name"]))[:14] or "coso"
    top["email"] = f"{base}{r.randint(1, 99)}@gmail.com"
    mem = answers.get("mem") or []
    head_sex = (mem[0].get("m_sex") if mem else None) or ("1" if r.random() < 0.78 else "2")
    fam = people.family()
    top["head_name"] = people.name(head_sex, fam)
    members = []
    for i, m in enumerate(mem):
        d: dict[str, str] = {}
        if i == 0:
            d["m_name"] = top["head_name"]
            if m.get("m_cccd") and str(m.get("m_byear", "")).isdigit():
                d["m_cccd"] = people.cccd(m.get("m_sex", "1"), int(m["m_byear"]))
        else:
            rel = m.get("m_rel", "")
            d["m_name"] = people.name(m.get("m_sex") or r.choice("12"), fam if rel in ("3", "5") else None)
        members.append(d)
    return top, members


def apply_identity(values: dict, top: dict, members: list[dict]) -> dict:
    """A copy of ``values`` (answers or data) with the identity answers it holds replaced."""
    out = dict(values)
    for k, v in top.items():
        if k in out:
            out[k] = v
    if isinstance(out.get("mem"), list):
        out["mem"] = [dict(m, **{k: v for k, v in (members[i] if i < len(members) else {}).items() if k in m})
                      for i, m in enumerate(out["mem"])]
    return out


def _meta(form: FormDef, values: dict, *, created: datetime, modified: datetime | None, device: str) -> dict:
    out = dict(values)
    for e in form.elements:
        if e.repeats:
            continue
        if e.type == "start":
            out[e.name] = _local_iso(created)
        elif e.type == "today":
            out[e.name] = created.date().isoformat()
        elif e.type == "end":
            if modified is not None:
                out[e.name] = _local_iso(modified)
            else:
                out.pop(e.name, None)
        elif e.type == "deviceid":
            out[e.name] = device
    return out


def _truncate(form: FormDef, answers: dict, keep: float, rng: random.Random,
              prefilled: tuple[str, ...] = ()) -> dict:
    """A draft: the answers of the first ``keep`` share of the questions (the enumerator stopped), and
    the answers filled when the record was created (``prefilled``: province, commune, ...), which a
    record has from its first moment whatever the enumerator answered."""
    order = [e.name for e in form.elements if e.is_input and not e.repeats]
    n = max(3, int(len(order) * keep))
    kept = set(order[:n]) | set(prefilled)
    out = {k: v for k, v in answers.items() if k in kept or k not in form or not form[k].is_input}
    if "mem" in answers and "mem" in form:
        mem_idx = next((i for i, e in enumerate(form.elements) if e.name == "mem"), 0)
        last_kept = max((i for i, e in enumerate(form.elements) if e.name in kept), default=0)
        if last_kept < mem_idx:
            out.pop("mem", None)
        elif rng.random() < 0.5 and answers["mem"]:
            k = rng.randint(1, len(answers["mem"]))
            out["mem"] = [dict(m) for m in answers["mem"][:k]]
            last = out["mem"][-1]
            names = list(last)
            for key in names[rng.randint(1, max(1, len(names))) :]:
                last.pop(key, None)
    return out


# ----------------------------------------------------------------------------- the service
def generate(db_path: str, *, commune: str, enterprises: int, households: int, seed: int | None = None,
             enumerator: str | None = None, today: date | None = None, skeletons: int = SKELETONS,
             check_every: int = 20) -> Generator[Progress, None, DemoResult]:
    """Fill ``db_path`` (created if missing) with synthetic interviews; yields progress, returns
    a :class:`DemoResult`.

    ``check_every``: every n-th record made from a skeleton is also evaluated by the engine and
    compared (a mismatch switches the rest of the run to the engine path).
    """
    import time

    from models.store.database import open_store

    t0 = time.perf_counter()
    unit = admin_units.commune(commune)
    if unit is None:
        raise DemoError(DemoCode.DEMO_BAD_COMMUNE, commune=commune)
    if enterprises < 0 or households < 0:
        raise DemoError(DemoCode.DEMO_BAD_COUNT, detail=f"{enterprises}, {households}")
    rng = random.Random(seed)
    people = People(rng)
    today = today or date.today()
    store = open_store(db_path, create=True)  # "demo" is documented to make the database
    try:
        real = store.execute("SELECT count(*) FROM records").fetchone()[0]
        if real and store.setting("demo") != "1":
            raise DemoError(DemoCode.DEMO_REAL_DB, path=db_path, count=real)
        code = enumerator or store.setting("user_code") or f"DTV{rng.randint(1, 99):02d}"
        user_name = store.setting("user_name") if store.setting("demo") == "1" and not enumerator else ""
        user_name = user_name or people.name(rng.choice("12"))
        store.set_settings({"role": "enumerator", "user_name": user_name, "user_code": code,
                            "province": unit.province, "commune": unit.code, "language": "vi", "demo": "1"})
        store.install_bundled_forms()
        forms = {f["form_id"] for f in store.forms()}
        for fid, n in ((ENTERPRISE_FORM, enterprises), (HOUSEHOLD_FORM, households)):
            if n and fid not in forms:
                raise StoreError(StoreCode.FORM_NOT_FOUND, form_id=fid, version_text="")
        villages = villages_of(unit.code, rng)
        device = store.device_id
        writer = _Writer(store, enumerator=code, user_name=user_name, device_id=device, commune=unit.code)
        total = enterprises + households
        done = drafts = with_issues = 0
        prefill = {"province": unit.province, "commune": unit.code, "enum_name": user_name, "deviceid": device}
        for fid, n in ((ENTERPRISE_FORM, enterprises), (HOUSEHOLD_FORM, households)):
            if not n:
                continue
            form = store.form(fid)
            pool: list[Made] = []  # complete interviews
            warn_pool: list[Made] = []  # finished, one amber warning not yet confirmed
            engine_only = False
            clones = 0
            for k in range(n):
                village = rng.choice(villages)
                iv = Interviewer(form, rng, people, today=today, province=unit.province, village=village)
                iv.ctx["hh_no"] = k + 1
                roll = rng.random()
                kind = "draft" if roll < DRAFT_SHARE else "warning" if roll < DRAFT_SHARE + OPEN_WARNING_SHARE \
                    else "complete"
                made: Made
                if kind == "complete" and len(pool) < skeletons or kind == "draft" and not pool:
                    s = iv.interview(prefill, stop_after=rng.uniform(0.1, 0.8) if kind == "draft" else None,
                                     open_warning=False)
                    if kind == "complete":
                        _fix_late_issues(iv, s)
                    made = Made.of(form, s)
                    if kind == "complete" and not made.issues:
                        pool.append(made)
                elif kind == "warning" and len(warn_pool) < max(3, skeletons // 8):
                    s = iv.interview(prefill, stop_after=None, open_warning=True)
                    made = Made.of(form, s)
                    if made.issues and all(kind == "warning" for _path, kind in made.issues):
                        warn_pool.append(made)
                else:
                    src = rng.choice(warn_pool if kind == "warning" and warn_pool else pool)
                    top, members = new_identity(iv, src.answers, village, k + 1)
                    answers = apply_identity(src.answers, top, members)
                    if kind == "draft":
                        answers = _truncate(form, answers, rng.uniform(0.1, 0.8), rng, tuple(prefill))
                    clones += 1
                    if kind == "draft" or engine_only or form.instance_name is not None or \
                            _touches_identity(src.issues):
                        s = FormSession(form, today=today)
                        s.load(answers, src.justifications)
                        made = Made.of(form, s)
                    else:
                        data = apply_identity(src.data, top, members)
                        made = Made(answers, data, dict(src.justifications), list(src.issues),
                                    label_from_values(form, data), src.last_path)
                        if check_every and clones % check_every == 0:
                            s = FormSession(form, today=today)
                            s.load(answers, src.justifications)
                            ref = Made.of(form, s)
                            if (ref.data, ref.issues, ref.label) != (made.data, made.issues, made.label):
                                engine_only = True
                                made = ref
                idate = str(made.answers.get("interview_date", ""))
                day = date.fromisoformat(idate) if idate else today - timedelta(days=rng.randint(0, 60))
                created = datetime(day.year, day.month, day.day, rng.randint(7, 17), rng.randint(0, 59),
                                   rng.randint(0, 59), tzinfo=timezone(timedelta(hours=7)))
                finished = kind != "draft"
                modified = created + timedelta(minutes=rng.randint(12, 55) if finished else rng.randint(2, 20))
                made.answers = _meta(form, made.answers, created=created, modified=modified if finished else None,
                                     device=device)
                made.data = _meta(form, made.data, created=created, modified=modified if finished else None,
                                  device=device)
                status = writer.add(form, made, status="complete" if finished else "draft", created=created,
                                    modified=modified, rid=f"uuid:{uuid.uuid4()}")
                drafts += status == "draft"
                with_issues += bool(made.issues)
                done += 1
                if len(writer.rows) >= 1000:
                    writer.flush()
                    yield Progress(done, total, f"{done}/{total}")
            writer.flush()
        for fid in forms:
            store.refresh_views(fid)
        yield Progress(total, total, f"{total}/{total}")
        return DemoResult(db_path, unit.code, unit.province, enterprises, households, drafts, with_issues,
                          device, time.perf_counter() - t0)
    finally:
        store.close()


#: answers that identify a unit, household or person: fresh for every record made from a skeleton
IDENTITY = ("unit_name", "head_name", "phone", "email", "tax_code", "village", "hh_no", "m_name", "m_cccd")


def _touches_identity(issues: list) -> bool:
    return any(path.rsplit(".", 1)[-1] in IDENTITY for path, _kind in issues)


def run(db_path: str, **kwargs) -> DemoResult:
    """:func:`generate` without progress (tests, benchmarks)."""
    return _drain(generate(db_path, **kwargs))
