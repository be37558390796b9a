"""The HTML report in a real browser: the system's headless Chromium (Debian's ``chromium``; ``.ci/run``
installs it with fonts-noto-cjk where it is missing), driven through playwright with the system
browser's executable (playwright's own browser downloads are never used). The page loads with no
request but itself and no console error, draws its charts with the offenders marked, shows Korean
in a CJK font from the system (no web font), keeps hostile names as text, and prints to A4 PDF with
every product on pages of its own."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import BrowserContext, sync_playwright

from etf_listing.cli import main

from .. import builders
from ..command_line.test_examples import FAILING, PASSING
from .test_html_report import HOSTILE

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXAMPLES = [PASSING, *(f"examples/failing/{v}/product.yaml" for v in sorted(FAILING))]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    assert Path(CHROMIUM).exists(), "install Chromium: apt-get install -y chromium fonts-noto-cjk (.ci/run does)"
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), executable_path=CHROMIUM, args=FLAGS, headless=True,
            viewport={"width": 1100, "height": 900})
        yield context
        context.close()


class Opened:
    """A page loaded from a file, with every request it made and every console error it logged."""

    def __init__(self, context: BrowserContext, file: Path):
        self.url = file.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(self.url, wait_until="load")

    def _route(self, route: Any) -> None:
        self.requests.append(route.request.url)
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()  # anything else would have left the page; recorded, then refused


def write_page(tmp_path: Path, name: str, *args: str) -> Path:
    output = tmp_path / name
    assert main(["--format", "html", "--output", str(output), *args]) in (0, 1)
    return output


@pytest.fixture(scope="module")
def examples_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    here = os.getcwd()
    os.chdir(Path(__file__).resolve().parent.parent.parent)
    try:
        return write_page(tmp_path_factory.mktemp("examples"), "report.html", *EXAMPLES)
    finally:
        os.chdir(here)


def test_the_page_loads_with_no_request_leaving_the_machine_and_no_console_error(
        browser: BrowserContext, examples_page: Path) -> None:
    opened = Opened(browser, examples_page)
    assert opened.requests == [opened.url]
    assert opened.errors == []
    assert opened.page.title() == "ETF listing check"
    assert opened.page.locator("section.product").count() == len(EXAMPLES)
    opened.page.close()


def test_the_charts_are_drawn_with_the_offenders_marked(browser: BrowserContext, examples_page: Path) -> None:
    opened = Opened(browser, examples_page)
    page = opened.page
    charts = page.locator("svg.chart")
    for n in range(1, len(EXAMPLES) + 1):  # the index's charts, drawn or pointed to, and the product's own
        assert page.locator(f"#p{n} svg.chart").count() >= 1
        assert page.locator(f"#p{n} svg.chart, #p{n} p.see").count() >= 2
    assert charts.count() >= 3 * len(EXAMPLES)
    for n in range(charts.count()):
        box = charts.nth(n).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 40
    narrow = 1 + sorted(FAILING).index("narrow-index-single-issue") + 1
    offender = page.locator(f"#p{narrow}-c1 g.row.offender rect.bar")
    assert offender.count() == 1
    assert offender.evaluate("bar => getComputedStyle(bar).fill") == "rgb(198, 40, 40)"
    assert offender.bounding_box()["width"] > page.locator(f"#p{narrow}-c1 g.row:not(.offender) rect.bar").first.bounding_box()["width"]  # type: ignore[index]
    illiquid = 1 + sorted(FAILING).index("illiquid-small-constituents") + 1
    assert page.locator(f"#p{illiquid} circle.dot.offender").count() >= 1
    assert page.locator(f"#p{illiquid} svg.chart line.limit").count() >= 3
    page.close()


def test_the_korean_page_shows_korean_in_a_cjk_font_of_the_system(browser: BrowserContext, tmp_path: Path,
                                                                   in_repository: Path) -> None:
    file = write_page(tmp_path, "ko.html", "--lang", "ko", "examples/failing/narrow-index-single-issue/product.yaml")
    opened = Opened(browser, file)
    page = opened.page
    assert opened.errors == [] and opened.requests == [opened.url]
    heading = page.locator("h1")
    assert heading.inner_text() == "ETF 상장 요건 검사"
    session = browser.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    korean = [font for font in fonts if "CJK" in font["familyName"]]
    assert korean and all(not font["isCustomFont"] for font in fonts), fonts
    assert sum(font["glyphCount"] for font in korean) >= len("상장요건검사")
    page.close()


def test_hostile_names_stay_text_in_the_browser(browser: BrowserContext, tmp_path: Path) -> None:
    issues = builders.stocks(10)
    issues[0] = builders.stock("S01", 9000 * builders.EOK, name=HOSTILE)
    document = builders.product(builders.index(issues), name=HOSTILE, issuer=HOSTILE)
    (tmp_path / "hostile").mkdir()
    file = builders.write(tmp_path / "hostile", document)
    opened = Opened(browser, write_page(tmp_path, "hostile.html", "--root", str(tmp_path), str(file)))
    page = opened.page
    assert opened.dialogs == [] and opened.errors == [] and opened.requests == [opened.url]
    assert page.locator("h2 .name").inner_text() == HOSTILE
    assert page.locator("#p1-c1 g.row.offender text.label").text_content() == HOSTILE[:27] + "…"
    assert page.locator("script, img").count() == 0
    page.close()


def pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_printing_gives_a4_pages_with_every_product_on_pages_of_its_own(
        browser: BrowserContext, examples_page: Path, tmp_path: Path, in_repository: Path) -> None:
    opened = Opened(browser, examples_page)
    pdf = opened.page.pdf(prefer_css_page_size=True, print_background=True)
    assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\s*\]", pdf)  # A4 in points
    whole = pages_of(pdf)
    assert whole >= 1 + len(EXAMPLES)  # the summary, then each product from a new page
    opened.page.close()
    one = Opened(browser, write_page(tmp_path, "one.html", EXAMPLES[0]))
    alone = pages_of(one.page.pdf(prefer_css_page_size=True))
    one.page.close()
    assert alone >= 2 and whole >= alone + len(EXAMPLES) - 1


def test_every_printed_page_is_headed_and_footed_with_product_rulebook_date_and_tool(
        browser: BrowserContext, tmp_path: Path, in_repository: Path) -> None:
    import subprocess

    shared = ["examples/value-up-passive/product.yaml", "examples/failing/narrow-index-single-issue/product.yaml"]
    opened = Opened(browser, write_page(tmp_path, "two.html", *shared))
    (tmp_path / "two.pdf").write_bytes(opened.page.pdf(prefer_css_page_size=True))
    opened.page.close()
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "two.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) >= 3
    names = ("예시 코리아밸류업 ETF", "예시 반도체집중 ETF")
    starts = [n for n, page in enumerate(pages) if any(f"{name} ✔" in page or f"{name} ✘" in page for name in names)]
    assert len(starts) == 2 and starts[0] >= 1  # the summary first, then each product from a page of its own
    for n, page in enumerate(pages, start=1):
        footer = page.strip().splitlines()[-1]
        assert "etf-listing 0.1.0 · krx-etf-listing 2013.1 · 2024-10-31" in footer and f"page {n} / {len(pages)}" in footer
        if n > 1:
            product = names[0] if n - 1 < starts[1] else names[1]
            assert f"{product} · krx-etf-listing 2013.1 · evaluation date 2024-10-31 · etf-listing 0.1.0" in page
