"""A crawler over the signed-in pages, for the test that every page an official can reach speaks their language.

It follows the same-site links of each page (breadth first, bounded), reads each HTML page's visible text (the
text of elements and the tooltips and placeholders a user sees) and reports, page by page, a server error, a
link the user is refused or that leads nowhere, an English sentence in the Vietnamese UI, and any word of the
list kept beside the test (forbidden_words.txt). Text inside a "Chi tiết kỹ thuật" disclosure (`<details
data-technical>`) is for auditors: there, and only there, hashes and solver words may appear.
"""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urldefrag, urlsplit

WORDS_FILE = Path(__file__).with_name("forbidden_words.txt")
# Links a crawl must not follow: signing out, downloads, the API and its docs, Django's admin site, static files.
SKIP = re.compile(
    r"^/(logout|api|admin|static|i18n)/|/download/|\.(xlsx|docx|json|csv|pdf|zip)(\?|$)|[?&](export|_export)="
)
SKIP_TAGS = {"script", "style", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# A few words that appear in almost any English sentence and in no Vietnamese one.
ENGLISH = {
    "the",
    "and",
    "of",
    "is",
    "are",
    "not",
    "with",
    "for",
    "this",
    "that",
    "from",
    "to",
    "by",
    "be",
    "or",
    "no",
    "was",
    "has",
    "have",
    "will",
    "each",
    "who",
    "which",
    "per",
    "at",
    "in",
    "on",
    "an",
    "a",
}
VIETNAMESE_LETTER = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I)
WORD = re.compile(r"[A-Za-z]+")


def forbidden_words() -> list[re.Pattern]:
    """The list beside the test: one entry a line; `re:` starts a regular expression; `#` a comment."""
    patterns = []
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.startswith("re:"):
            patterns.append(re.compile(entry[3:]))
        else:
            bounded = (
                (r"\b" if entry[0].isalnum() else "")
                + re.escape(entry)
                + (r"\b" if entry[-1].isalnum() else "")
            )
            patterns.append(re.compile(bounded, re.IGNORECASE))
    return patterns


CLAUSE = re.compile(r"[().;:!?·—\[\]]")


def is_english(text: str) -> bool:
    """A clause of three or more words with no Vietnamese letter, two of them common English words ("Cadre demo,
    not a real resolution (chính sách minh họa …)" is English for its first clause)."""
    for clause in CLAUSE.split(text):
        if VIETNAMESE_LETTER.search(clause):
            continue
        words = [w.lower() for w in WORD.findall(clause)]
        if len(words) >= 3 and sum(w in ENGLISH for w in words) >= 2:
            return True
    return False


class PageText(HTMLParser):
    """The text a user reads on a page, split into technical (inside `details[data-technical]`) and the rest,
    and the page's links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # tag, technical, English on purpose (lang="en")
        self.plain: list[str] = []
        self.technical: list[str] = []
        self.links: list[str] = []

    def _state(self):
        return self.stack[-1] if self.stack else ("", False, False)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        _, technical, english = self._state()
        technical = technical or (tag == "details" and "data-technical" in attrs)
        english = english or attrs.get("lang", "vi") not in ("vi", "")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("title", "placeholder", "aria-label"):
            if attrs.get(name) and not english:
                (self.technical if technical else self.plain).append(attrs[name])
        if tag not in VOID:
            self.stack.append((tag, technical, english))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        tag, technical, english = self._state()
        if tag in SKIP_TAGS or any(t in SKIP_TAGS for t, _, _ in self.stack) or english or not data.strip():
            return
        (self.technical if technical else self.plain).append(" ".join(data.split()))


@dataclass
class Crawl:
    pages: int = 0
    visited: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # for a reader of a slow run; never asserted
    problems: list[str] = field(default_factory=list)
    _said: set[str] = field(default_factory=set)

    def report(self, where: str, what: str) -> None:
        """One line for each kind of problem: the same sentence on a thousand people's pages, with other
        numbers in it, is one thing to fix."""
        key = re.sub(r"\d+", "#", what)
        if key not in self._said:
            self._said.add(key)
            self.problems.append(f"{where}: {what}")


def crawl(client, start: str = "/", *, max_pages: int = 200, max_per_kind: int = 2) -> Crawl:
    """Visit the pages reachable from `start` as the client's user; return what was wrong, one line each.
    Pages of one kind (the same path but for its numbers, with the same query parameters: /people/12/ and
    /people/7/, or a list's page 2 and page 3) are visited at most `max_per_kind` times, so that every kind of page is reached before the budget ends."""
    words = forbidden_words()
    seen: set[str] = {start}
    per_kind: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([(start, "")])
    result = Crawl()
    while queue and result.pages < max_pages:
        url, came_from = queue.popleft()
        started = time.perf_counter()
        response = client.get(url)
        result.seconds[url] = time.perf_counter() - started
        result.pages += 1
        result.visited.append(url)
        where = f"{url} (from {came_from or 'start'})"
        if response.status_code in (301, 302):
            links = [response["Location"]]
        elif response.status_code != 200:
            result.report(where, f"HTTP {response.status_code}")
            continue
        elif "text/html" not in response.get("Content-Type", ""):
            continue
        else:
            page = PageText()
            page.feed(response.content.decode())
            for text in page.plain:
                for pattern in words:
                    if pattern.search(text):
                        result.report(where, f"«{pattern.pattern}» in «{text[:160]}»")
                if is_english(text):
                    result.report(where, f"English «{text[:160]}»")
            links = page.links
        for link in links:
            target = _same_site(link, url)
            if target is None or target in seen or SKIP.search(target):
                continue
            parts = urlsplit(target)
            kind = re.sub(r"\d+", "#", parts.path) + "?" + ",".join(sorted(parse_qs(parts.query)))
            if per_kind.get(kind, 0) >= max_per_kind:
                continue
            per_kind[kind] = per_kind.get(kind, 0) + 1
            seen.add(target)
            queue.append((target, url))
    return result


def _same_site(link: str, base: str) -> str | None:
    link = urldefrag(link)[0]
    if not link or link.startswith(("mailto:", "tel:", "javascript:", "//")):
        return None
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        if parts.netloc not in ("testserver",):
            return None
        link = parts.path + (f"?{parts.query}" if parts.query else "")
    if link.startswith("?"):
        link = urlsplit(base).path + link
    elif not link.startswith("/"):
        link = base.rsplit("/", 1)[0] + "/" + link
    return link
