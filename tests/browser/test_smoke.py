"""The browser can reach the app and sees the crisis line on every page."""


def test_start_page_loads_with_the_crisis_line(live_server, page):
    page.goto(live_server + "/")
    assert "988" in page.inner_text(".crisis")
    assert page.title()
