import pytest

from plotpress.services.auth.addresses import domain_allowed, normalise


def test_an_address_is_trimmed_and_lower_cased():
    assert normalise("  Alice@Example.COM ") == "alice@example.com"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "alice",
        "alice@",
        "@example.com",
        "alice@localhost",
        "alice@@example.com",
        "al ice@example.com",
        "alice@example.com\r\nBcc: victim@example.com",
        "Alice <alice@example.com>",
        "alice@example..com",
        "alice@-example.com",
        "a" * 250 + "@example.com",
    ],
)
def test_something_not_shaped_like_an_address_is_refused(text):
    assert normalise(text) is None


def test_without_a_domain_list_every_domain_is_allowed():
    assert domain_allowed("alice@example.com", ())


def test_a_domain_list_admits_only_its_domains_exactly():
    allowed = ("Example.com", "@partner.org")
    assert domain_allowed("alice@example.com", allowed)
    assert domain_allowed("bob@partner.org", allowed)
    assert not domain_allowed("eve@evil-example.com", allowed)
    assert not domain_allowed("eve@sub.example.com", allowed)
