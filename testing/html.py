"""Reading pages in tests as HTML trees (BeautifulSoup), never by regular expressions that
depend on attribute order or line layout."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

FIELD_TAGS = ("input", "select", "textarea")


class Page:
    """A response's HTML, with the look-ups page tests need."""

    def __init__(self, html):
        if hasattr(html, "content"):
            html = html.content.decode()
        self.html = html
        self.soup = BeautifulSoup(html, "html.parser")

    def __contains__(self, text: str) -> bool:
        return text in self.text()

    def text(self) -> str:
        return " ".join(self.soup.get_text(" ").split())

    def one(self, css: str) -> Tag:
        found = self.soup.select(css)
        assert len(found) == 1, f"{css}: {len(found)} found"
        return found[0]

    def all(self, css: str) -> list[Tag]:
        return self.soup.select(css)

    def by_id(self, element_id: str) -> Tag | None:
        return self.soup.find(id=element_id)

    def label(self, field_id: str) -> str:
        """The text of the <label for=field_id> (empty when there is none)."""
        label = self.soup.find("label", attrs={"for": field_id})
        return label.get_text(strip=True) if label else ""

    def field(self, field_id: str) -> Tag | None:
        """The input, select or textarea with this id."""
        found = self.soup.find(id=field_id)
        return found if found is not None and found.name in FIELD_TAGS else None

    def fields(self) -> list[Tag]:
        return [t for t in self.soup.find_all(FIELD_TAGS) if t.get("type") != "hidden"]

    def csrf(self) -> str:
        """The CSRF token of the page's first form (each form carries its own masking of the
        same secret: any of them is accepted)."""
        return self.all('input[name="csrfmiddlewaretoken"]')[0]["value"]

    def button(self, text: str, within: str = "") -> Tag | None:
        """The first button or link reading `text` (inside the element `within` selects)."""
        scope = self.one(within) if within else self.soup
        for tag in scope.find_all(["button", "a"]):
            if tag.get_text(strip=True) == text:
                return tag
        return None


def classes(tag: Tag | None) -> list[str]:
    return list(tag.get("class", [])) if tag is not None else []
