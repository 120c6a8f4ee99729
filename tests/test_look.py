"""What residents see of the controls: a visible focus ring on the blue navigation,
and form controls that stand out from the page at 3:1 or more (WCAG 1.4.11)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The contrast of two CSS colours "rgb(r, g, b)", as WCAG computes it.
CONTRAST = """([first, second]) => {
  const luminance = (colour) => {
    const channels = colour.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
    const [r, g, b] = channels.map((c) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_the_focus_on_the_navigation_is_a_visible_ring(live_server, page, path):
    page.goto(live_server.url + path)
    link = page.locator(".site-nav .nav-link").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")

    style = link.evaluate(
        "l => [getComputedStyle(l).outlineStyle, getComputedStyle(l).outlineWidth,"
        " getComputedStyle(l).outlineColor,"
        " getComputedStyle(document.querySelector('.site-nav')).backgroundColor]"
    )

    outline, width, colour, bar = style
    assert outline == "solid" and width == "3px"
    assert page.evaluate(CONTRAST, [colour, bar]) >= 3


@pytest.mark.parametrize("path", ["/hotline/new/", "/en/events/request/"])
def test_form_controls_stand_out_at_three_to_one(live_server, page, path):
    page.goto(live_server.url + path)

    borders = page.evaluate(
        "() => [...document.querySelectorAll('.form-control, .form-select')]"
        ".map(c => getComputedStyle(c).borderTopColor)"
    )

    assert borders
    for border in borders:
        assert page.evaluate(CONTRAST, [border, "rgb(255, 255, 255)"]) >= 3, border
