"""Logging in as a person does it, by keyboard, in the browser tests."""

from tests.browser.site import wait_until

PASSWORD = "mat-khau-thu"  # the demo's CDS_DEMO_PASSWORD in the browser tests' site


def log_in_by_keyboard(page, url: str, name: str, goal: str) -> None:
    page.goto(url + "/dang-nhap/?next=" + goal.replace("&", "%26"))
    # the user name has the focus (autofocus), once the page has given it: typing earlier
    # loses the first letters
    wait_until(page, "document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(url + goal)
