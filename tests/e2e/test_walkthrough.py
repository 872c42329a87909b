"""The README's walkthrough, as each role meets it, in Vietnamese, in a real Chromium, with the forms' defaults
(issue 14, "Done when"). Each test starts from what `cadre demo` leaves: Hải Phòng's generated registry, the
secretaries' rotation plan decided today by `bantochuc` and `thuongvu`, and the demo's transfer plan.

1. The rotation flow: right after the decided plan, `bantochuc` makes a new plan without touching the form,
   proposes it; `thuongvu` approves it, records the decision and downloads the Tờ trình and the Quyết định.
2. The staffing flow: `sonoivu` opens the staffing table and the demo's transfer plan, proposes it; `thuongvu`
   approves it and records the decision, which writes the moves into the registry.
3. The exits list, from the top menu.
4. The workbooks an official opens in Excel: the plan's moves and the exits list.

Each test asserts what the user sees (labels, messages, the documents' text, the workbooks' cells) and keeps a
screenshot of each main page at 1366×768 and 390×844 in test-artifacts/. What a page must never show (an id or
code instead of a name, a hash, Python's None or a dict) is checked on every page the walk opens and collected,
so that one run names every such page and not only the first; the test fails at its end when any was found."""

from __future__ import annotations

import datetime as dt
import io
import re
import time

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.tasks import run_queued_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-dai-123"
HAI_PHONG = "31"
WIDE, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}

# What an official must never read on a page, in a message, a document or a workbook: (pattern, what it is).
NEVER_SHOWN = (
    (re.compile(r"\b[0-9a-f]{64}\b"), "a SHA-256 hash"),
    (re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"), "a code (post, rule or setting: e.g. bi_thu)"),
    (re.compile(r"\bNone\b"), "Python's None"),
    (re.compile(r"\{'|'\}"), "a Python dict"),
    (re.compile(r"\bSHA-256\b"), "a hash's name"),
    (re.compile(r"\d+/\d{4}-\d{2}-\d{2}/"), "a policy key"),
    (re.compile(r"\b\d+\.\d+ (?:năm|tháng)\b"), "a number in English notation with a Vietnamese unit"),
)
# Solver words the Standing Committee's documents must not use (issue 14, finding 4).
SOLVER_WORDS = ("lời giải", "cận dưới", "tối ưu", "hàm mục tiêu")


# The page's text as a user can read it with every disclosure opened, except the technical one ("Chi tiết kỹ
# thuật"), which is where an auditor's ids, hashes and solver figures belong.
READABLE_TEXT = """() => {
  const opened = [];
  for (const d of document.querySelectorAll('details')) {
    const summary = d.querySelector('summary');
    if (summary && /chi tiết kỹ thuật/i.test(summary.textContent)) continue;
    if (!d.open) { d.open = true; opened.push(d); }
  }
  const text = document.body.innerText;
  for (const d of opened) d.open = false;
  return text;
}"""


# The outermost elements that reach past the phone's width without a box of their own that scrolls or clips.
TOO_WIDE = """() => {
  const limit = window.innerWidth + 1, found = [];
  const boxed = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (found.some(f => f.contains(el)) || el.getBoundingClientRect().right <= limit || boxed(el)) continue;
    found.push(el);
  }
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/)[0] : '');
  return found.slice(0, 3).map(el => [el.parentElement.parentElement, el.parentElement, el].map(name).join(' > '));
}"""


class Findings:
    """What the walk saw that a user must not see, by page; the test asserts it empty at its end."""

    def __init__(self):
        self.items: list[str] = []

    def check(self, condition, what: str):
        if not condition:
            self.items.append(what)

    def text(self, where: str, text: str):
        for pattern, what in NEVER_SHOWN:
            if found := sorted(set(pattern.findall(text))):
                self.items.append(f"{where}: {what}: {', '.join(map(str, found[:5]))}")

    def assert_none(self):
        assert not self.items, "\n".join(self.items)


@pytest.fixture
def findings(request):
    seen = Findings()
    yield seen
    if seen.items:  # kept beside the screenshots, also when a later hard step stopped the test first
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{request.node.name}-findings.txt").write_text("\n".join(seen.items) + "\n")


@pytest.fixture
def demo(transactional_db, geography):
    """What `cadre demo` sets up (its own orchestration, `set_up_demo`), with a known password for its logins.
    Its rotation plan is dated today and decided; its transfer plan is a draft."""
    from django.contrib.auth import get_user_model

    from cadre.demo import set_up_demo
    from cadre.geo.services import geography_counts
    from cadre.rotation.models import PlanRun
    from cadre.staffing.models import TransferPlan

    said: list[str] = []
    set_up_demo("province", geography_counts(), say=said.append, progress=lambda line: None)
    for user in get_user_model().objects.filter(username__in=["admin", "bantochuc", "thuongvu", "sonoivu"]):
        user.set_password(PASSWORD)
        user.save()
    decided = PlanRun.objects.get(province_id=HAI_PHONG)
    return {"decided": decided, "transfer": TransferPlan.objects.get(province_id=HAI_PHONG), "said": said}


# ---- steps a user takes ---------------------------------------------------------------------------------------


def sign_in(page, url: str, username: str):
    # The demo's pages are large (a plan of 114 posts, 550 moves) and the machine may be busy: wait longer
    # than the fixture's 15 s before calling a step failed. Nothing here measures time.
    page.set_default_timeout(60_000)
    page.set_viewport_size(WIDE)
    page.goto(url)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/login/'] button[type=submit]")
    assert page.locator("html").get_attribute("lang") == "vi"


def sign_out(page):
    page.set_viewport_size(WIDE)
    with page.expect_navigation():
        page.click("header form[action='/logout/'] button")


def take_step(page, name: str, reason: str, decision: str | None = None, timeout: float = 15_000):
    """Fill in the workflow form of step `name` (propose, approve, decide) and send it. `timeout` (ms) is for
    a step that writes a large plan into the registry: the page answers when it is written, or shows its
    progress."""
    form = page.locator(f"form[action$='/step/{name}/']")
    form.locator("textarea[name=reason]").fill(reason)
    if decision:
        form.locator("input[name=decision]").fill(decision)
    with page.expect_navigation(timeout=timeout):
        form.locator("button[type=submit]").click(timeout=timeout)


def button(page, name: str):
    return page.locator(f"form[action$='/step/{name}/'] button[type=submit]").inner_text().strip()


def menu(page) -> list[str]:
    return [text.strip() for text in page.locator("header nav a").all_inner_texts()]


def looks(page, findings: Findings, request, name: str):
    """Screenshots of the page as it is, at 1366×768 and at 390×844, and what a user reads on it checked. On
    the phone the page itself must not scroll sideways (a wide table scrolls in its own box) and signing out
    must be in reach (visible, or behind the collapsed menu's button)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    where = f"{name} ({page.url.split('//', 1)[-1].split('/', 1)[-1] or '/'})"
    readable = page.evaluate(READABLE_TEXT)
    findings.text(where, readable)
    findings.check("cận dưới" not in readable, f"{where}: the solver's bound outside «Chi tiết kỹ thuật»")
    dashes = page.locator("main select option", has_text=re.compile(r"^-{3,}$")).count()
    findings.check(not dashes, f"{where}: an empty choice reads «---------», not «Tất cả»")
    for label in page.locator(".messages").all_inner_texts():
        # Every plan here is Hải Phòng's: a message that gives a plan's number must say whose it is.
        findings.check(
            not re.search(r"#\d+", label) or "Hải Phòng" in label,
            f"{where}: a message names a plan by its number only: «{label}»",
        )
    page.set_viewport_size(WIDE)
    page.screenshot(path=ARTIFACTS / f"{request.node.name}-{name}-1366x768.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=ARTIFACTS / f"{request.node.name}-{name}-390x844.png", full_page=True)
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    if wide > PHONE["width"] + 1:
        culprits = ", ".join(page.evaluate(TOO_WIDE))
        findings.check(
            False, f"{where}: on a phone the page is {wide} px wide, not 390 (too wide: {culprits})"
        )
    findings.check(sign_out_in_reach(page), f"{where}: on a phone signing out is out of reach")
    page.set_viewport_size(WIDE)


def prints(page, findings: Findings, request, name: str):
    """The page printed on A4 (kept as a PDF beside the screenshots): no menu, button or filter on paper."""
    page.emulate_media(media="print")
    where = f"printing {name}"
    findings.check(page.locator("header nav:visible").count() == 0, f"{where}: the menu is printed")
    findings.check(page.locator("button:visible").count() == 0, f"{where}: buttons are printed")
    findings.check(
        page.locator("form[role=search]:visible").count() == 0, f"{where}: the filters are printed"
    )
    page.pdf(path=ARTIFACTS / f"{request.node.name}-{name}-A4.pdf", format="A4")
    page.emulate_media(media="screen")


def paged(page, rows: str, total: int, what: str, findings: Findings):
    """A long list has numbered pages and a page-size choice: asking for 25 a page shows at most 25 rows and a
    link to page 2 (`total` rows in all). The page is left as it was."""
    here = page.url
    findings.check(
        page.locator("[name=per_page], a[href*='per_page=']").count() > 0, f"{what}: no choice of page size"
    )
    page.goto(f"{here}{'&' if '?' in here else '?'}per_page=25")
    shown = page.locator(rows).count()
    findings.check(0 < shown <= 25, f"{what}: asked for 25 a page, {shown} of {total} rows are shown")
    findings.check(page.locator("a[href*='page=2']").count() > 0, f"{what}: no link to page 2")
    page.goto(here)


def sign_out_in_reach(page) -> bool:
    logout = page.locator("header form[action='/logout/'] button")
    if logout.is_visible():
        return True
    toggle = page.locator(
        "header summary, header button[aria-expanded], header [aria-controls], header label[for]"
    )
    for index in range(
        toggle.count()
    ):  # the first visible one (a menu's checkbox may be hidden behind its label)
        if toggle.nth(index).is_visible():
            toggle.nth(index).click()
            reached = logout.is_visible()
            toggle.nth(index).click()
            return reached
    return False


def download(page, link) -> bytes:
    with page.expect_download() as got:
        link.click()
    with open(got.value.path(), "rb") as file:
        return file.read()


def docx_text(content: bytes) -> str:
    """Every word of a Word document: body, tables (nested too), headers and footers."""
    from docx import Document

    document = Document(io.BytesIO(content))

    def tables(container):
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from (p.text for p in cell.paragraphs)
                    yield from tables(cell)

    parts = [p.text for p in document.paragraphs] + list(tables(document))
    for section in document.sections:
        for part in (section.header, section.footer):
            parts += [p.text for p in part.paragraphs] + list(tables(part))
    return "\n".join(parts)


def party_documents(page, run, number: str, findings: Findings):
    """Download the Tờ trình and the Quyết định from the plan's page and read them as the Standing Committee
    would: Party documents (Hướng dẫn 36-HD/VPTW), naming every moved person, with no hash, code or solver
    word."""
    proposal_link = page.get_by_role("link", name=re.compile(r"^Tờ trình")).first
    decision_link = page.get_by_role("link", name=re.compile(r"^(Dự thảo )?Quyết định")).first
    proposal = docx_text(download(page, proposal_link))
    decision = docx_text(download(page, decision_link))
    for title, text in (("Tờ trình", proposal), ("Quyết định", decision)):
        where = f"the {title} of plan {run.pk} (DOCX)"
        findings.check(
            "ĐẢNG CỘNG SẢN VIỆT NAM" in text, f"{where}: no Party heading «ĐẢNG CỘNG SẢN VIỆT NAM»"
        )
        findings.check(
            re.search(r"THÀNH (?:ỦY|UỶ) HẢI PHÒNG", text) is not None,
            f"{where}: the issuing body «THÀNH ỦY HẢI PHÒNG» is missing",
        )
        findings.check(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" not in text, f"{where}: the state heading of Decree 30/2020"
        )
        words = [w for w in SOLVER_WORDS if w in text.lower()]
        findings.check(not words, f"{where}: solver words {words}")
        findings.text(where, text)
        for person in moved(run):
            label = run.plan["people"][person]["label"]
            findings.check(label in text, f"{where}: {label} is moved but not named")
    findings.check("TỜ TRÌNH" in proposal and "BAN TỔ CHỨC" in proposal, "the Tờ trình: no title or no Board")
    findings.check(
        re.search(r"Số[: ]+\S*-TTr/", proposal) is not None, "the Tờ trình: no Party number «Số …-TTr/…»"
    )
    findings.check("QUYẾT ĐỊNH" in decision, "the Quyết định: no title")
    findings.check(number in decision, f"the Quyết định: not numbered {number}")
    findings.check("T/M BAN THƯỜNG VỤ" in decision, "the Quyết định: no «T/M BAN THƯỜNG VỤ» signature block")
    return proposal, decision


def wait_for(predicate, timeout: float = 30.0, what: str = ""):
    """Run the background queue (the worker `cadre serve` runs) until `predicate()` holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"still not done after {timeout} s: {what}"
        run_queued_tasks()
        time.sleep(0.2)


def moved(run) -> set[str]:
    """The people a rotation plan moves (rotations and new appointments)."""
    kinds = {a["post"]: a.get("kind") for a in (run.plan.get("explanation") or {}).get("assignments", [])}
    return {
        a["candidate"] for a in run.plan.get("assignments", []) if kinds.get(a["post"]) in ("moves", "new")
    }


# ---- 1. the rotation flow -------------------------------------------------------------------------------------


def test_1_rotation_right_after_the_demo_decided_plan_with_the_form_defaults(
    live_server, page, request, findings, demo
):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from cadre.rotation.models import PlanRun
    from cadre.workflow.audit import verify_chain
    from cadre.workflow.states import State

    decided, today = demo["decided"], dt.date.today()
    assert decided.state == State.DECIDED and decided.rotation_date == today  # the demo's plan, dated today

    # bantochuc: the dashboard, then Phương án → Lập phương án luân chuyển mới (README).
    sign_in(page, f"{live_server.url}/", "bantochuc")
    looks(page, findings, request, "1-dashboard")
    with page.expect_navigation():
        page.click("header nav a[href='/plans/']")
    assert "Phương án" in menu(page)
    looks(page, findings, request, "2-plan-list")
    new_plan = page.locator("a[href='/plans/new/']")
    assert new_plan.inner_text().strip() == "Lập phương án luân chuyển mới"
    with page.expect_navigation():
        new_plan.click()

    # The form as it opens: nothing typed, nothing chosen.
    assert page.locator("select[name=province] option:checked").inner_text() == "Thành phố Hải Phòng"
    looks(page, findings, request, "3-new-plan-form")
    # The date as the user reads it (this browser speaks English, as an office PC may): dd/mm/yyyy, from a
    # picker of the site's own, not the browser's (which would show 12/05/2026 for 5 December).
    shown = page.locator("label:has([name=rotation_date]) input:visible").first
    findings.check(
        shown.get_attribute("type") != "date", "the rotation date uses the browser's own date picker"
    )
    findings.check(
        shown.input_value() == f"{today:%d/%m/%Y}",
        f"the rotation date reads «{shown.input_value()}», not «{today:%d/%m/%Y}»",
    )
    submit = page.locator("main form[method=post] button[type=submit]")
    assert submit.inner_text().strip() == "Lập phương án"
    with page.expect_navigation():
        submit.click()
    assert re.search(r"/plans/runs/\d+/$", page.url), page.locator("main").inner_text()
    looks(page, findings, request, "4-run-waiting")
    run_queued_tasks()  # the background worker takes the job; the page, polling, opens the plan
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    new = PlanRun.objects.exclude(pk=decided.pk).get()
    looks(page, findings, request, "5-new-plan")
    page.goto(f"{live_server.url}/plans/{new.pk}/?kind=all")  # every post, not only the changes
    lock = page.locator("form[action$='/lock/']")
    findings.check(
        lock.count() > 0 and lock.first.locator("[name=reason]").count() == 1,
        "keeping or forbidding a move does not ask why",
    )

    # Asking again, with the same defaults, opens that plan rather than making a copy of it.
    page.goto(f"{live_server.url}/plans/new/")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    run_queued_tasks()
    try:
        page.wait_for_url(re.compile(r"/plans/\d+/$"))
    except PlaywrightTimeout:
        pass
    findings.check(
        page.url.endswith(f"/plans/{new.pk}/") and PlanRun.objects.count() == 2,
        f"the same inputs again made plan {PlanRun.objects.order_by('pk').last().pk}, a copy of plan {new.pk}",
    )
    page.goto(f"{live_server.url}/plans/{new.pk}/")

    # The plan must not move again anyone the decided plan has just moved (a rotation lasts 36 months).
    again = moved(decided) & moved(new)
    names = sorted((decided.plan.get("people", {}).get(a) or {}).get("label", a) for a in again)
    findings.check(not again, f"the new plan moves again, days after their rotation: {names}")
    # Their time in post counts from their current posting: the one the decision gave them, from today.
    someone = sorted(moved(decided))[0]
    name = decided.plan["people"][someone]["label"]
    page.goto(f"{live_server.url}/plans/{new.pk}/?kind=all&q={name}")
    row = page.locator(f"table.moves tr[data-candidate='{someone}']")
    if row.count():
        row.locator("details summary").first.click()
        findings.check(
            f"từ {today:%d/%m/%Y}" in row.locator("details").first.inner_text(),
            f"plan page: {name}'s time in post does not count from their rotation on {today:%d/%m/%Y}",
        )
    else:
        findings.check(False, f"plan page: searching «{name}» among all posts does not find their row")
    page.goto(f"{live_server.url}/plans/{new.pk}/")

    assert button(page, "propose") == "Trình Ban Thường vụ"
    take_step(page, "propose", "Đề nghị Ban Thường vụ xem xét phương án luân chuyển bí thư")
    new.refresh_from_db()
    assert new.state == State.PROPOSED, page.locator("main").inner_text()[:2000]
    looks(page, findings, request, "6-proposed")
    sign_out(page)

    # thuongvu: the menu has only what a Standing Committee member may do; approve, then record the decision.
    sign_in(page, f"{live_server.url}/plans/{new.pk}/", "thuongvu")
    findings.check(
        "Nhập dữ liệu" not in menu(page), "thuongvu's menu offers «Nhập dữ liệu», which they may not use"
    )
    findings.check(
        page.locator("header nav a[href='/people/import/']").count() == 0,
        "thuongvu's menu links to the import",
    )
    # A page they may not open answers as a page of the site: in Vietnamese, with the menu and a way back.
    refused = page.goto(f"{live_server.url}/people/import/")
    findings.check(refused.status == 403, f"the import page answers thuongvu with {refused.status}, not 403")
    findings.check(
        page.locator("html").get_attribute("lang") == "vi"
        and page.locator("header nav a[href='/']").count() > 0
        and "Forbidden" not in page.locator("body").inner_text(),
        f"the 403 page is not a page of the site: «{page.locator('body').inner_text()[:80]}»",
    )
    looks(page, findings, request, "6b-forbidden")
    page.goto(f"{live_server.url}/plans/{new.pk}/")
    assert button(page, "approve") == "Phê duyệt"
    take_step(page, "approve", "Ban Thường vụ thống nhất phương án")
    errors = page.locator(".message.error").all_inner_texts()
    assert not errors, f"approving was refused: {errors}"
    new.refresh_from_db()
    assert new.state == State.APPROVED
    assert "Ban Thường vụ thống nhất phương án" in page.locator("section.workflow").inner_text()
    looks(page, findings, request, "7-approved")

    assert button(page, "decide") == "Ghi nhận quyết định ban hành"
    take_step(page, "decide", "Ban hành quyết định luân chuyển", decision="125-QĐ/TU")
    errors = page.locator(".message.error").all_inner_texts()
    assert not errors, f"recording the decision was refused: {errors}"
    new.refresh_from_db()
    assert (new.state, new.decision) == (State.DECIDED, "125-QĐ/TU")
    assert "125-QĐ/TU" in page.locator("main").inner_text()
    looks(page, findings, request, "8-decided")
    prints(page, findings, request, "8-decided")

    # The two documents, as the README names their links: Party documents, in an official's words.
    party_documents(page, new, "125-QĐ/TU", findings)

    # The moved people's pages now show their new posts (README), from the rotation date.
    for person in sorted(moved(new))[:2]:
        page.goto(f"{live_server.url}/people/{person}/")
        post = next(a["post"] for a in new.plan["assignments"] if a["candidate"] == person)
        commune = next(p["label"] for p in new.problem["posts"] if p["id"] == post)
        history = page.locator("#history").inner_text()
        assert commune in history and f"{new.rotation_date:%d/%m/%Y}" in history
    # The demo's own decision is in the registry too: its moved secretary's page shows the new post from today.
    page.goto(f"{live_server.url}/people/{someone}/")
    post = next(a["post"] for a in decided.plan["assignments"] if a["candidate"] == someone)
    commune = next(p["label"] for p in decided.problem["posts"] if p["id"] == post)
    history = page.locator("#history").inner_text()
    assert commune in history and f"{today:%d/%m/%Y}" in history
    looks(page, findings, request, "9-moved-person")
    prints(page, findings, request, "9-moved-person")
    assert verify_chain().intact
    findings.assert_none()


def test_1b_the_demo_decided_plan_comes_out_as_party_documents(live_server, page, request, findings, demo):
    """The documents of step 1 on the demo's own decided plan, so that they are read even while step 1 stops
    earlier: thuongvu opens the plan and downloads the Tờ trình and the Quyết định."""
    decided = demo["decided"]
    sign_in(page, f"{live_server.url}/plans/{decided.pk}/", "thuongvu")
    looks(page, findings, request, "1-decided-plan")
    party_documents(page, decided, decided.decision, findings)
    findings.assert_none()


# ---- 2. the staffing flow -------------------------------------------------------------------------------------


def test_2_staffing_table_and_the_demo_transfer_plan_from_sonoivu_to_thuongvu(
    live_server, page, request, findings, demo
):
    from cadre.geo.models import Commune
    from cadre.workflow.states import State

    plan = demo["transfer"]
    communes = Commune.objects.filter(province_id=HAI_PHONG).count()
    moves = len(plan.plan["moves"])
    assert plan.state == State.DRAFT and moves > 100  # the demo's: hundreds of moves over 114 communes

    sign_in(page, f"{live_server.url}/", "sonoivu")
    assert "Biên chế" in menu(page)
    with page.expect_navigation():
        page.click("header nav a[href='/staffing/']")
    assert page.locator("h1").inner_text() == "Biên chế: định mức, thừa và thiếu"
    findings.check(page.locator("tr[data-commune]").count() > 0, "the staffing table has no commune row")
    looks(page, findings, request, "1-staffing-table")
    prints(page, findings, request, "1-staffing-table")
    paged(page, "tr[data-commune]", communes, "the staffing table", findings)

    # README: "… open the demo's transfer plan under Phương án điều động công chức".
    plans = page.get_by_role("link", name="Phương án điều động công chức")
    with page.expect_navigation():
        plans.first.click()
    looks(page, findings, request, "2-transfer-list")
    with page.expect_navigation():
        page.click(f"a[href='/staffing/transfers/{plan.pk}/']")
    findings.check(
        page.locator("table.moves tbody tr").count() > 0, "the transfer plan's page has no move row"
    )
    paged(page, "table.moves tbody tr", moves, "the transfer plan's moves", findings)
    looks(page, findings, request, "3-transfer-plan")
    assert button(page, "propose") == "Trình Ban Thường vụ"
    take_step(page, "propose", "Điều động công chức từ xã thừa sang xã thiếu")
    plan.refresh_from_db()
    assert plan.state == State.PROPOSED
    looks(page, findings, request, "4-transfer-proposed")
    sign_out(page)

    sign_in(page, f"{live_server.url}/staffing/transfers/{plan.pk}/", "thuongvu")
    take_step(page, "approve", "Ban Thường vụ đồng ý điều động", timeout=120_000)
    wait_for(lambda: plan.__class__.objects.get(pk=plan.pk).state == State.APPROVED, what="the approval")
    page.goto(f"{live_server.url}/staffing/transfers/{plan.pk}/")
    assert not page.locator(".message.error").count(), page.locator(".messages").inner_text()
    assert "Ban Thường vụ đồng ý điều động" in page.locator("section.workflow").inner_text()
    looks(page, findings, request, "5-transfer-approved")

    # Approval is not yet a decision: the moves reach the registry when the decision is recorded.
    take_step(page, "decide", "Ban hành quyết định điều động", decision="20/QĐ-SNV", timeout=120_000)
    wait_for(lambda: plan.__class__.objects.get(pk=plan.pk).state == State.DECIDED, what="the decision")
    page.goto(f"{live_server.url}/staffing/transfers/{plan.pk}/")
    assert not page.locator(".message.error").count(), page.locator(".messages").inner_text()
    assert "20/QĐ-SNV" in page.locator("main").inner_text()
    looks(page, findings, request, "6-transfer-decided")
    # The transfer decision is a State document (Decree 30/2020), not a Party one.
    link = page.get_by_role("link", name=re.compile("Quyết định điều động"))
    if link.count():
        text = docx_text(download(page, link.first))
        findings.check(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text, "the transfer decision: no State heading"
        )
        findings.check("20/QĐ-SNV" in text, "the transfer decision: not numbered 20/QĐ-SNV")
        findings.text("the transfer decision (DOCX)", text)
    else:
        findings.check(False, "the decided transfer plan offers no «Quyết định điều động» to download")

    first = plan.plan["moves"][0]
    page.goto(f"{live_server.url}/people/{first['staff']}/")
    to = Commune.objects.get(code=first["to"]).name
    history = page.locator("#history").inner_text()
    assert to in history and f"{plan.transfer_date:%d/%m/%Y}" in history
    looks(page, findings, request, "7-transferred-person")
    findings.assert_none()


# ---- 3. the exits list ----------------------------------------------------------------------------------------


def test_3_the_exits_list_from_the_top_menu_shows_who_the_rules_flag(
    live_server, page, request, findings, demo
):
    sign_in(page, f"{live_server.url}/", "sonoivu")
    entry = page.locator("header nav a[href^='/people/exits/']")
    if entry.count() == 1:
        assert entry.inner_text().strip() == "Danh sách nghỉ việc"
        with page.expect_navigation():
            entry.click()
    else:
        findings.check(False, f"the exits list is not in the top menu: {menu(page)}")
        page.goto(f"{live_server.url}/people/exits/")
    assert page.locator("h1").inner_text().startswith("Danh sách nghỉ việc")
    # With no filter touched, the people the rules flag are listed.
    rows = page.locator("#results table tbody tr")
    assert rows.count() > 0 and "Không có" not in rows.first.inner_text()
    assert re.search(r"[1-9][\d.]* kết quả", page.locator(".result-count").inner_text())
    looks(page, findings, request, "1-exits-list")
    prints(page, findings, request, "1-exits-list")
    with page.expect_navigation():
        rows.first.locator("a[href^='/people/']").first.click()
    assert page.locator("h1").inner_text()
    looks(page, findings, request, "2-exit-person")
    findings.assert_none()


# ---- 4. the workbooks -----------------------------------------------------------------------------------------


def sheet_checks(content: bytes, where: str, findings: Findings, *, dates: tuple[str, ...]):
    """A workbook for people: Vietnamese headers, a frozen header row with filters, real date cells shown
    dd/mm/yyyy, Vietnamese values; hashes and ids only on a technical sheet. Each shortfall is a finding, so
    one run lists them all."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    headers = [str(c.value or "") for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert headers and rows, f"{where}: no header or no rows"
    findings.check(all(headers), f"{where}: a blank header: {headers}")
    findings.check(
        sheet.freeze_panes == "A2", f"{where}: the header row is not frozen ({sheet.freeze_panes})"
    )
    findings.check(bool(sheet.auto_filter.ref), f"{where}: the header row has no filters")
    english = [h for h in headers if re.search(r"\b(?:name|date|id|code|sex|distance|cost|kind)\b", h, re.I)]
    findings.check(not english, f"{where}: English headers in the Vietnamese interface: {english}")
    findings.check(
        not re.fullmatch(r"[A-Za-z0-9 _-]+", sheet.title), f"{where}: the sheet is named «{sheet.title}»"
    )
    codes = [h for h in headers if re.match(r"Mã\b", h)]
    findings.check(not codes, f"{where}: ids or codes on the main sheet, not a technical one: {codes}")
    for title in dates:
        findings.check(
            any(h.startswith(title) for h in headers), f"{where}: no column «{title}» in {headers}"
        )
    for column, title in enumerate(headers, 1):
        if not title.startswith("Ngày"):
            continue  # a date column: "Ngày sinh", "Ngày nghỉ hưu", …
        cells = [sheet.cell(row=r, column=column) for r in range(2, min(sheet.max_row, 40) + 1)]
        filled = [c for c in cells if c.value not in (None, "")]
        if not filled:
            findings.check(False, f"{where}: «{title}» is empty")
            continue
        typed = all(isinstance(c.value, dt.date | dt.datetime) for c in filled)
        findings.check(typed, f"{where}: «{title}» holds text, not dates: {[c.value for c in filled[:3]]}")
        shown = all("dd/mm/yyyy" in c.number_format.lower() for c in filled)
        findings.check(shown, f"{where}: «{title}» is not shown dd/mm/yyyy ({filled[0].number_format})")
    values = {str(v) for row in rows for v in row if v is not None}
    for raw in ("True", "False", "male", "female", "M", "F"):
        findings.check(raw not in values, f"{where}: the cell value «{raw}» instead of Vietnamese words")
    for other in book.worksheets[1:]:
        if re.search(r"kỹ thuật", other.title, re.I):
            continue  # the optional technical sheet may hold ids and hashes
        findings.text(f"{where}, sheet «{other.title}»", "\n".join(map(str, _values(other))))
    findings.text(f"{where}, sheet «{sheet.title}»", "\n".join(map(str, _values(sheet))))
    return book, headers, rows


def _values(sheet):
    return [v for row in sheet.iter_rows(values_only=True) for v in row if v is not None]


def test_4_the_plan_and_exits_workbooks_have_typed_dates_and_vietnamese_headers(
    live_server, page, request, findings, demo
):
    decided = demo["decided"]
    sign_in(page, f"{live_server.url}/plans/{decided.pk}/", "bantochuc")
    looks(page, findings, request, "1-decided-plan")
    link = page.get_by_role("link", name=re.compile("^Tải danh sách luân chuyển")).first
    _book, headers, rows = sheet_checks(
        download(page, link), "the plan's workbook", findings, dates=("Ngày sinh", "Ngày nghỉ hưu")
    )
    named = [h for h in headers if h.startswith("Họ và tên")]
    findings.check(bool(named), f"the plan's workbook: no column «Họ và tên» in {headers}")
    for n, header in enumerate(headers):
        if header.startswith("Giới tính"):
            sexes = {row[n] for row in rows}
            findings.check(sexes <= {"Nam", "Nữ"}, f"the plan's workbook: sexes written {sexes}")

    page.goto(f"{live_server.url}/people/exits/")
    looks(page, findings, request, "2-exits-list")
    exits = page.locator("#exit-export-link")
    sheet_checks(download(page, exits), "the exits workbook", findings, dates=())
    findings.assert_none()
