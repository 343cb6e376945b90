"""Sign-in over HTTP with the real session cookie: OTP, logout, expiry, admin, /api/me."""

from __future__ import annotations

import re

import pytest

from tests.unit.web.conftest import ADMIN_EMAIL, me, post_form, sign_in


def test_a_code_from_the_mail_signs_in_and_api_me_lists_dashboards_with_roles(site):
    token = sign_in(site, "Analyst@acme.example")
    resp = me(site, token)
    assert resp.status_code == 200
    assert resp.json == {
        "email": "analyst@acme.example",
        "admin": False,
        "dashboards": [{"slug": "sales", "title": "Sales", "roles": ["analyst"]}],
    }


def test_the_code_request_answers_the_same_for_any_address(site):
    first = post_form(site, "/auth/email", {"email": "analyst@acme.example"})
    second = post_form(site, "/auth/email", {"email": "nobody@else.example"})
    assert first.status_code == second.status_code == 202

    def scrub(text: str) -> str:
        return re.sub(r"[\w.+-]+@[\w.-]+", "ADDR", text)

    assert scrub(first.text) == scrub(second.text)


def test_json_clients_get_json_answers(site):
    resp = site.client.simulate_post("/auth/email", json={"email": "analyst@acme.example"})
    assert (resp.status_code, resp.json["status"]) == (202, "sent")
    code = site.mailer.sent[-1].code
    resp = site.client.simulate_post(
        "/auth/email/verify", json={"email": "analyst@acme.example", "code": code}
    )
    assert resp.json == {"status": "signed_in", "next": "/"}


def test_a_wrong_code_says_how_many_tries_are_left(site):
    post_form(site, "/auth/email", {"email": "analyst@acme.example"})
    resp = post_form(
        site, "/auth/email/verify", {"email": "analyst@acme.example", "code": "000000"}
    )
    assert resp.status_code == 400
    assert "That code is not right. 4 tries left." in resp.text
    assert "plotpress_session" not in resp.cookies


def test_next_never_leaves_the_site(site):
    post_form(site, "/auth/email", {"email": "a@acme.example"})
    code = site.mailer.sent[-1].code
    resp = post_form(
        site,
        "/auth/email/verify",
        {"email": "a@acme.example", "code": code, "next": "//evil.example/x"},
    )
    assert resp.headers["Location"].endswith("/")
    assert "evil" not in resp.headers["Location"]


def test_logout_kills_the_cookie_for_good(site):
    token = sign_in(site, "analyst@acme.example")
    resp = site.client.simulate_post("/auth/logout", cookies={"plotpress_session": token})
    assert resp.status_code == 303
    assert me(site, token).status_code == 401


def test_a_cross_site_logout_is_refused(site):
    token = sign_in(site, "analyst@acme.example")
    resp = site.client.simulate_post(
        "/auth/logout",
        cookies={"plotpress_session": token},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert resp.status_code == 403
    assert me(site, token).status_code == 200


def test_an_expired_session_is_signed_out(site):
    token = sign_in(site, "analyst@acme.example")
    site.clock.advance(3600)
    assert me(site, token).status_code == 401


def test_unknown_cookies_are_signed_out(site):
    assert me(site, "forged").status_code == 401
    resp = site.client.simulate_post(
        "/api/query",
        json={"dashboard": "sales", "view": "sales_by_region"},
        cookies={"plotpress_session": "forged"},
    )
    assert resp.status_code == 401


def test_a_signed_in_viewer_can_query_with_the_cookie(site):
    token = sign_in(site, "analyst@acme.example")
    resp = site.client.simulate_post(
        "/api/query",
        json={"dashboard": "sales", "view": "sales_by_region"},
        cookies={"plotpress_session": token},
    )
    assert resp.status_code == 200
    assert resp.json["rows"] == [[2026]]


def test_admin_endpoints_need_an_admin_address(site):
    viewer = sign_in(site, "analyst@acme.example")
    admin = sign_in(site, ADMIN_EMAIL)
    assert site.client.simulate_get("/admin/audit").status_code == 401
    assert (
        site.client.simulate_get("/admin/audit", cookies={"plotpress_session": viewer}).status_code
        == 403
    )
    resp = site.client.simulate_get("/admin/audit", cookies={"plotpress_session": admin})
    assert resp.status_code == 200
    assert resp.json == {"events": [], "next_cursor": None}


def test_admin_audit_pages_newest_first_and_exports_csv(site):
    viewer = sign_in(site, "analyst@acme.example")
    admin = sign_in(site, ADMIN_EMAIL)
    for year in (2024, 2025, 2026):
        site.client.simulate_post(
            "/api/query",
            json={"dashboard": "sales", "view": "sales_by_region", "params": {"year": year}},
            cookies={"plotpress_session": viewer},
        )
    cookies = {"plotpress_session": admin}
    first = site.client.simulate_get("/admin/audit", params={"limit": "2"}, cookies=cookies)
    assert [e["params"]["year"] for e in first.json["events"]] == ["int:2026", "int:2025"]
    second = site.client.simulate_get(
        "/admin/audit", params={"limit": "2", "cursor": first.json["next_cursor"]}, cookies=cookies
    )
    assert [e["params"]["year"] for e in second.json["events"]] == ["int:2024"]
    csv = site.client.simulate_get("/admin/audit", params={"format": "csv"}, cookies=cookies)
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("id,at,user,dashboard")
    assert len(csv.text.splitlines()) == 4


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"limit": "0"}, "limit"),
        ({"outcome": "nope"}, "outcome"),
        ({"since": "yesterday"}, "since"),
        ({"cursor": "garbage"}, "cursor"),
        ({"format": "xml"}, "format"),
    ],
)
def test_bad_audit_filters_name_the_parameter(site, params, key):
    admin = sign_in(site, ADMIN_EMAIL)
    resp = site.client.simulate_get(
        "/admin/audit", params=params, cookies={"plotpress_session": admin}
    )
    assert resp.status_code == 400
    assert resp.json["parameter"] == key


def test_refresh_users_drops_cached_roles(site):
    admin = sign_in(site, ADMIN_EMAIL)
    me(site, admin)  # caches the role set
    resp = site.client.simulate_post("/admin/refresh-users", cookies={"plotpress_session": admin})
    assert resp.status_code == 200
    assert resp.json["sessions_refreshed"] >= 1


def test_admin_reload_reports_the_version_in_force(site):
    admin = sign_in(site, ADMIN_EMAIL)
    resp = site.client.simulate_post("/admin/reload", cookies={"plotpress_session": admin})
    assert resp.status_code == 200
    assert resp.json == {"ok": True, "version": "v1", "problems": []}
