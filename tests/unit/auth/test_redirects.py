import pytest
from hypothesis import given
from hypothesis import strategies as st

from plotpress.services.auth.redirects import safe_next


@pytest.mark.parametrize(
    "path",
    ["/", "/dashboards/sales/", "/dashboards/sales/revenue?year=2026#top", "/a/../b", "/%2F"],
)
def test_a_relative_path_on_this_site_is_kept(path):
    assert safe_next(path) == path


@pytest.mark.parametrize(
    "path",
    [
        None,
        "",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/ /evil.example",
        "/\x00",
        "/" + "a" * 3000,
    ],
)
def test_anything_that_could_leave_the_site_becomes_the_root(path):
    assert safe_next(path) == "/"


@given(st.text())
def test_the_result_is_always_a_single_slash_path_without_backslashes_or_spaces(text):
    result = safe_next(text)
    assert result.startswith("/")
    assert not result.startswith("//")
    assert "\\" not in result
    assert not any(ch.isspace() or ord(ch) < 0x20 for ch in result)


def test_non_ascii_paths_are_percent_encoded_for_the_location_header():
    assert safe_next("/dashboards/sales/?region=Zürich") == "/dashboards/sales/?region=Z%C3%BCrich"
    assert safe_next("/ā").isascii()
