"""The OpenRosa client against the local test server: addresses, preflight, form list, TLS, XML checks."""

from __future__ import annotations

import base64
import json
import zlib

import pytest
from lxml import etree

from forms import load_form
from forms.engine import FormSession
from models.base.errors import AppError
from models.sync.errors import SyncCode
from models.sync.openrosa import (
    Endpoint,
    OpenRosaClient,
    check_instance,
    content_key,
    parse_server,
    redact,
    server_message,
    with_meta,
)
from tests.openrosa_server import OpenRosaTestServer, make_tls
from tests.sync_fixtures import form_md

PW = "mật-khẩu đúng"


# ---------------------------------------------------------------------- addresses


def test_app_user_link_gives_token_login_without_password():
    ep = parse_server("https://central.phutho.gov.vn/v1/key/AbC$12-x/projects/4/")
    assert (ep.kind, ep.base, ep.project, ep.token, ep.user) == (
        "central", "https://central.phutho.gov.vn", "4", "AbC$12-x", "")
    assert ep.url("submission") == "https://central.phutho.gov.vn/v1/key/AbC%2412-x/projects/4/submission"
    assert "AbC" not in ep.display and "AbC" not in ep.key
    assert ep.key == "https://central.phutho.gov.vn/v1/projects/4"


def test_collect_qr_code_text_is_understood():
    settings = {"general": {"server_url": "https://c.example.vn/v1/key/TOKEN9/projects/12"},
                "admin": {}, "project": {"name": "Khảo sát"}}
    qr = base64.b64encode(zlib.compress(json.dumps(settings).encode())).decode()
    ep = parse_server(qr)
    assert (ep.base, ep.project, ep.token) == ("https://c.example.vn", "12", "TOKEN9")


def test_central_and_kobo_addresses():
    ep = parse_server("https://c.example.vn/v1/projects/3", user="canbo")
    assert (ep.kind, ep.project, ep.user) == ("central", "3", "canbo")
    assert ep.url("formList") == "https://c.example.vn/v1/projects/3/formList"
    ep = parse_server("c.example.vn", project="5", user="u")
    assert ep.url("submission") == "https://c.example.vn/v1/projects/5/submission"
    ep = parse_server("https://kc.kobotoolbox.org/tinhphutho/", user="tinhphutho")
    assert ep.kind == "openrosa"
    assert ep.url("submission") == "https://kc.kobotoolbox.org/tinhphutho/submission"
    assert ep.url("formList") == "https://kc.kobotoolbox.org/tinhphutho/formList"


@pytest.mark.parametrize("url, project, part", [
    ("ftp://x.vn", "", "http/https"),
    ("https://", "", "host"),
    ("https://u:p@x.vn/v1/projects/2", "", "user or password"),
    ("https://x.vn", "abc", "must be a number"),
    ("https://x.vn/v1/projects/2", "3", "differs"),
    ("", "", None),
])
def test_bad_addresses_get_clear_messages(url, project, part):
    with pytest.raises(AppError) as e:
        parse_server(url, project=project, user="u")
    if part is None:
        assert e.value.code is SyncCode.SYNC_NO_SERVER
    else:
        assert e.value.code is SyncCode.SYNC_BAD_URL and part in e.value.message("en")
        assert "p@" not in e.value.message("vi")


def test_redact_removes_tokens_and_userinfo():
    assert redact("GET https://a.vn/v1/key/SECRET/projects/1/formList failed") == \
        "GET https://a.vn/v1/key/…/projects/1/formList failed"
    assert redact("https://user:pw@a.vn/x") == "https://a.vn/x"


def test_password_is_never_sent_in_clear_to_another_machine():
    with pytest.raises(AppError) as e:
        OpenRosaClient(parse_server("http://central.example.vn/v1/projects/1", user="u"), password="x")
    assert e.value.code is SyncCode.SYNC_INSECURE and "https://" in e.value.message("vi")
    with pytest.raises(AppError) as e:
        OpenRosaClient(parse_server("http://central.example.vn/v1/key/TOKEN/projects/1"))
    assert e.value.code is SyncCode.SYNC_INSECURE and "TOKEN" not in e.value.message("vi")


def test_server_message_reads_openrosa_json_and_html():
    assert server_message(b'<OpenRosaResponse xmlns="http://openrosa.org/http/response"><message>ok!</message>'
                          b'</OpenRosaResponse>') == "ok!"
    assert server_message(b'{"code":409.3,"message":"exists"}', "application/json") == "exists"
    assert server_message(b"<html><b>Login</b></html>") == "Login"


# ---------------------------------------------------------------------- exchanges with the test server


def _client(srv, *, password=PW, ca=""):
    return OpenRosaClient(parse_server(srv.url, user="canbo"), password=password, ca_bundle=ca)


def test_preflight_and_form_list():
    with OpenRosaTestServer() as srv:
        srv.publish("dn_sync", "2024.1")
        srv.publish("ho_gd", "3")
        c = _client(srv)
        r = c.preflight()
        assert r.status == 204 and r.headers["x-openrosa-version"] == "1.0"
        forms = c.form_list()
        assert {(f.form_id, f.version) for f in forms} == {("dn_sync", "2024.1"), ("ho_gd", "3")}
        c.close()
        heads = [r for r in srv.requests if r["method"] == "HEAD"]
        assert len(heads) == 1 and heads[0]["headers"]["X-OpenRosa-Version"] == "1.0"
        assert heads[0]["headers"]["Date"]  # the spec asks for a Date header
        assert len(srv.requests) == 2  # no hidden retry


def test_wrong_password_is_refused_without_challenge():
    with OpenRosaTestServer() as srv:
        c = _client(srv, password="sai")
        with pytest.raises(AppError) as e:
            c.preflight()
        assert e.value.code is SyncCode.SYNC_AUTH and "401" in e.value.message("vi")
        assert "sai" not in e.value.message("vi")


def test_captive_portal_200_is_not_success():
    with OpenRosaTestServer() as srv:
        srv.captive = True
        c = _client(srv)
        with pytest.raises(AppError) as e:
            c.preflight()
        assert e.value.code is SyncCode.SYNC_CAPTIVE
        with pytest.raises(AppError) as e:
            c.form_list()
        assert e.value.code is SyncCode.SYNC_CAPTIVE


def test_wrong_project_is_not_found():
    with OpenRosaTestServer() as srv:
        c = OpenRosaClient(parse_server(srv.base, project="99", user="canbo"), password=PW)
        with pytest.raises(AppError) as e:
            c.preflight()
        assert e.value.code is SyncCode.SYNC_NOT_FOUND


def test_app_user_token_and_revoked_token():
    with OpenRosaTestServer() as srv:
        srv.publish("dn_sync", "2024.1")
        c = OpenRosaClient(parse_server(srv.app_user_link))
        assert c.preflight().status == 204
        assert [f.form_id for f in c.form_list()] == ["dn_sync"]
        assert not any(r["auth"] for r in srv.requests)  # no Authorization header with a token
        bad = OpenRosaClient(parse_server(srv.app_user_link.replace(srv.token, "revoked")))
        with pytest.raises(AppError) as e:
            bad.form_list()
        assert e.value.code is SyncCode.SYNC_AUTH


def test_tls_with_the_province_ca_and_without_it(tmp_path):
    ctx, ca = make_tls(tmp_path)
    with OpenRosaTestServer(tls=ctx) as srv:
        srv.publish("dn_sync", "2024.1")
        assert srv.url.startswith("https://127.0.0.1:")
        c = _client(srv, ca=ca)
        assert c.preflight().status == 204
        c.close()
        with pytest.raises(AppError) as e:
            _client(srv).preflight()  # the system store does not know the province's CA
        assert e.value.code is SyncCode.SYNC_TLS and "certificate" in e.value.message("en")
        with pytest.raises(AppError) as e:
            _client(srv, ca=str(tmp_path / "missing.pem")).preflight()
        assert e.value.code is SyncCode.SYNC_TLS and "missing.pem" in e.value.message("vi")


def test_unreachable_server_is_a_network_error():
    from models.sync.openrosa import NetworkError

    with OpenRosaTestServer() as srv:
        url = srv.url
    c = OpenRosaClient(parse_server(url, user="canbo"), password=PW, timeout=2)
    with pytest.raises(NetworkError) as e:
        c.preflight()
    assert "refused" in e.value.detail.en and "từ chối" in e.value.detail.vi


# ---------------------------------------------------------------------- instance XML vs pyxform's XForm


@pytest.fixture(scope="module")
def form():
    return load_form(form_md())


def _instance(form, answers, iid="uuid:11111111-2222-3333-4444-555555555555"):
    s = FormSession(form)
    s.load(answers)
    return s.instance_xml(iid)


def test_engine_instance_matches_pyxform_xform(form):
    answers = {"unit_name": "Công ty Bình An", "workers": "12", "sells_online": "2", "platform": "Lazada",
               "member": [{"m_name": "An", "m_age": "30"}, {"m_name": "Bình", "m_age": "41"}],
               "phone": "0987"}
    xml = _instance(form, answers)
    assert check_instance(xml, form.xform) == []
    root = etree.fromstring(xml)
    assert (root.tag, root.get("id"), root.get("version")) == ("data", "dn_sync", "2024.1")
    assert root.findtext("platform") in (None, "")  # not relevant: empty, as ODK submits it
    assert [m.findtext("m_name") for m in root.findall("member")] == ["An", "Bình"]
    assert root.findtext("contact/phone") == "0987"
    # no repeat instance at all also fits
    assert check_instance(_instance(form, {"unit_name": "X"}), form.xform) == []
    corrected = with_meta(xml, instance_id="uuid:new", deprecated_id="uuid:11111111-2222-3333-4444-555555555555")
    assert check_instance(corrected, form.xform) == []
    meta = etree.fromstring(corrected).find("meta")
    assert [c.tag for c in meta] == ["instanceID", "deprecatedID"]
    assert content_key(corrected) == content_key(xml)
    assert content_key(_instance(form, {**answers, "workers": "13"})) != content_key(xml)


@pytest.mark.parametrize("mutate, expected", [
    (lambda r: r.remove(r.find("workers")), "/data/workers missing"),
    (lambda r: r.find("contact").append(etree.Element("fax")), "/data/contact/fax not in the XForm"),
    (lambda r: r.set("version", "2023"), "version='2023'"),
    (lambda r: r.find("member").append(etree.Element("extra")), "/data/member/extra not in the XForm"),
    (lambda r: r.insert(0, r.find("workers")), "missing"),  # order matters
])
def test_structure_differences_are_found(form, mutate, expected):
    root = etree.fromstring(_instance(form, {"member": [{"m_name": "An"}]}))
    mutate(root)
    problems = check_instance(etree.tostring(root), form.xform)
    assert problems and any(expected in p for p in problems), problems


def test_wrong_root_name(form):
    problems = check_instance(b'<other id="dn_sync" version="2024.1"/>', form.xform)
    assert problems == ["root <other> instead of <data>"]


def test_endpoint_key_is_the_same_for_token_and_password():
    a = parse_server("https://c.vn/v1/key/T/projects/2")
    b = parse_server("https://c.vn", project="2", user="u")
    assert a.key == b.key
    assert Endpoint(base="https://k.vn", kind="openrosa").key == "https://k.vn"
