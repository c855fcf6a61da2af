"""Every main page, in both languages and at phone width: labels, names, no overflow, no errors.

The checks run in the page (Chromium through Playwright): every form control has a label,
every button and link has a name, images have alt text, nothing overflows a 375-pixel
screen, the skip link reaches the content by keyboard, and the console stays clean.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import screenshot

PAGES = [
    "/",
    "/segments",
    "/segments/new",
    "/customers",
    "/clusters",
    "/reports",
    "/imports",
    "/campaigns",
    "/campaigns/new",
    "/journeys",
    "/admin",
    "/licenses",
]
#: Pages reached from a list: the first link of each kind on that list.
FOLLOWED = [("/customers", "a[href^='/customers/C']"), ("/segments", "a[href^='/segments/rfm']")]

PROBLEMS_JS = """() => {
  const problems = [];
  const short = (el) => el.outerHTML.slice(0, 160);
  document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach((el) => {
    const named = (el.labels && el.labels.length) || el.getAttribute('aria-label')
      || el.getAttribute('aria-labelledby') || el.title;
    if (!named && el.offsetParent !== null) problems.push('unlabelled control: ' + short(el));
  });
  document.querySelectorAll('button, a[href]').forEach((el) => {
    const text = (el.innerText || el.textContent || '').trim();
    if (!text && !el.getAttribute('aria-label') && !el.title && el.offsetParent !== null)
      problems.push('nameless ' + el.tagName.toLowerCase() + ': ' + short(el));
  });
  document.querySelectorAll('img').forEach((el) => {
    if (!el.hasAttribute('alt')) problems.push('image without alt: ' + short(el));
  });
  const wide = document.documentElement.scrollWidth;
  if (wide > window.innerWidth + 1) {
    const rtl = document.documentElement.dir === 'rtl';
    const out = (el) => { const b = el.getBoundingClientRect();
      return rtl ? b.left < -1 : b.right > window.innerWidth + 1; };
    const inWrap = (el) => el.parentElement && el.parentElement.closest('.table-wrap');
    const culprits = [...document.body.querySelectorAll('*')].filter((el) =>
      out(el) && !el.closest('.skip') && !inWrap(el)
      && ![...el.children].some((c) => out(c) && !c.closest('.skip'))
    ).slice(0, 3).map((el) => el.outerHTML.slice(0, 160));
    problems.push('page wider than the screen: ' + wide + ' ' + culprits.join(' | '));
  }
  return problems;
}"""


def _visit(page: Any, path: str, lang: str) -> None:
    page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_every_page_has_labels_names_and_fits_a_phone(page, login, console_errors, lang):
    login("admin", lang)
    page.set_viewport_size({"width": 375, "height": 800})
    found = {}
    followed = []
    for listing, selector in FOLLOWED:
        _visit(page, listing, lang)
        followed.append(page.get_attribute(selector, "href").split("?")[0])
    for path in PAGES + followed:
        _visit(page, path, lang)
        assert page.get_attribute("html", "lang") == lang, path
        assert page.get_attribute("html", "dir") == ("rtl" if lang == "fa" else "ltr"), path
        problems = page.evaluate(PROBLEMS_JS)
        if problems:
            found[path] = problems
    assert found == {}
    assert console_errors == []
    _visit(page, "/", lang)
    screenshot(page, f"phone-dashboard-{lang}", full_page=False)


def test_the_keyboard_reaches_the_content_first(page, login):
    login("analyst", "en")
    page.goto("/customers")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
