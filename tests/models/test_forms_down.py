"""Forms that travel down (issue 17): a new questionnaire version added at the province reaches the
commune clerk and the enumerators inside the ordinary, signed packages; installed from a trusted sender,
held for a person from another; records keep their version, new records use the newest."""

from __future__ import annotations

import pytest

from forms import load_form
from models.base.errors import AppError
from models.exchange import forms_down
from models.exchange.keys import identity
from models.exchange.packages import export_package
from models.exchange.returns import export_return_package
from models.exchange.trust import trust_sender
from models.records.editor import create_record
from models.records.review import send_back
from tests.models.pkg_helpers import ENTERPRISE, add_enterprise, import_files, make_db

ENTERPRISE_2 = ENTERPRISE.replace("| | integer | workers |", "| | integer | computers | Số máy tính | Computers | | . >= 0 |\n"
                                  "| | integer | workers |").replace("| | pkg_ent | 1 |", "| | pkg_ent | 2 |")


@pytest.fixture
def three(tmp_path):
    prov = make_db(tmp_path / "prov.db", role="province", name="Sở KH&CN Hà Tĩnh", code="P01", commune="")
    clerk = make_db(tmp_path / "clerk.db", role="commune", name="Phạm Thị Dung", code="X01")
    enum = make_db(tmp_path / "e1.db", code="E01")
    assert load_form(ENTERPRISE_2).version == "2"
    yield prov, clerk, enum
    for st in (prov, clerk, enum):
        st.close()


def test_a_new_version_travels_from_the_province_to_the_clerk_and_the_enumerator(three, tmp_path):
    prov, clerk, enum = three
    # the enumerator's record, entered with version 1, reaches the clerk
    r1 = add_enterprise(enum, "Cơ sở May Hòa Bình", tax="0101234567", complete=True)
    export_package(enum, tmp_path / "up.ksp")
    [s] = import_files(clerk, [tmp_path / "up.ksp"])
    assert s.added == 1 and s.forms_added == [] and s.forms_held == []

    # the province adds version 2 and sends it down (a package of forms only)
    prov.add_form(load_form(ENTERPRISE_2))
    res = export_package(prov, tmp_path / "forms.ksp", forms_only=True)
    assert res.records == 0
    # the clerk does not know the province's key yet: the form is held for a person
    [s] = import_files(clerk, [tmp_path / "forms.ksp"])
    assert not s.refused and s.forms_held == ["pkg_ent 2"] and s.forms_added == []
    assert clerk.latest_version("pkg_ent") == "1"
    [p] = forms_down.pending(clerk)
    assert (p["form_id"], p["version"], p["sender_name"], p["sender_trusted"]) == (
        "pkg_ent", "2", "Sở KH&CN Hà Tĩnh", False)
    # importing it again holds nothing twice
    prov_again = export_package(prov, tmp_path / "forms2.ksp", forms_only=True)
    assert prov_again.records == 0
    [s] = import_files(clerk, [tmp_path / "forms2.ksp"])
    assert s.forms_held == [] and len(forms_down.pending(clerk)) == 1

    # trusting the province installs what it sent
    t = trust_sender(clerk, identity(prov).fingerprint)
    assert t.forms_installed == ["pkg_ent 2"]
    assert clerk.latest_version("pkg_ent") == "2" and forms_down.pending(clerk) == []
    assert clerk.record(r1)["form_version"] == "1"  # records keep their version

    # the clerk sends the record back: the return package carries version 2 down to the enumerator,
    # who trusts the first reply to what it sent
    send_back(clerk, r1, comment="Bổ sung số lao động")
    export_return_package(clerk, str(tmp_path / "back.ksp"), enumerator="E01")
    [s] = import_files(enum, [tmp_path / "back.ksp"])
    assert not s.refused and s.trusted_first_use and s.forms_added == ["pkg_ent 2"]
    assert enum.record(r1)["form_version"] == "1" and enum.record(r1)["status"] == "returned"
    new = create_record(enum, "pkg_ent")
    assert enum.record(new)["form_version"] == "2"  # a new interview uses the newest version
    assert "computers" in [e.name for e in enum.form("pkg_ent").elements]
    assert "computers" not in [e.name for e in enum.form("pkg_ent", "1").elements]


def test_a_trusted_sender_s_form_is_installed_on_import(three, tmp_path):
    prov, clerk, _enum = three
    from models.exchange.keys import write_public_key
    from models.exchange.trust import trust_named_sender

    write_public_key(prov, tmp_path / "prov.pub")
    trust_named_sender(clerk, key_file=str(tmp_path / "prov.pub"))
    prov.add_form(load_form(ENTERPRISE_2))
    export_package(prov, tmp_path / "forms.ksp", forms_only=True)
    [s] = import_files(clerk, [tmp_path / "forms.ksp"])
    assert s.forms_added == ["pkg_ent 2"] and s.forms_held == []
    assert clerk.latest_version("pkg_ent") == "2"


def test_a_person_installs_or_refuses_a_held_form(three, tmp_path):
    prov, clerk, _enum = three
    prov.add_form(load_form(ENTERPRISE_2))
    export_package(prov, tmp_path / "forms.ksp", forms_only=True)
    import_files(clerk, [tmp_path / "forms.ksp"])
    forms_down.refuse_pending(clerk, "pkg_ent", "2")
    assert forms_down.pending(clerk) == [] and clerk.latest_version("pkg_ent") == "1"
    # a later package from the same sender brings it again: not held again once refused
    export_package(prov, tmp_path / "forms2.ksp", forms_only=True)
    [s] = import_files(clerk, [tmp_path / "forms2.ksp"])
    assert s.forms_held == [] and forms_down.pending(clerk) == []
    with pytest.raises(AppError):
        forms_down.install_pending(clerk, "pkg_ent", "2")  # refused: nothing to install
    # from another sender it is held, and a person installs it
    other = make_db(tmp_path / "other.db", role="province", name="Sở TT&TT", code="P02", commune="")
    other.add_form(load_form(ENTERPRISE_2))
    export_package(other, tmp_path / "forms3.ksp", forms_only=True)
    other.close()
    [s] = import_files(clerk, [tmp_path / "forms3.ksp"])
    assert s.forms_held == ["pkg_ent 2"]
    forms_down.install_pending(clerk, "pkg_ent", "2")
    assert clerk.latest_version("pkg_ent") == "2" and forms_down.pending(clerk) == []
    with pytest.raises(AppError):
        forms_down.install_pending(clerk, "pkg_ent", "9")


def test_a_form_package_with_no_form_to_send_is_refused(tmp_path):
    """Only forms a person added travel down: the bundled ones every installation has."""
    from models.exchange.errors import PackageCode

    st = make_db(tmp_path / "bundled.db", role="province", code="P01", commune="", forms=False)
    st.install_bundled_forms()
    with pytest.raises(AppError) as e:
        export_package(st, tmp_path / "none.ksp", forms_only=True)
    st.close()
    assert e.value.code is PackageCode.PKG_NOTHING and not (tmp_path / "none.ksp").exists()
