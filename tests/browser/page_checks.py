"""What every page must pass in a browser, written once: axe-core finds no WCAG 2.1 A/AA
violation, and nothing is wider than the screen."""

from __future__ import annotations

from typing import Any

from browser_support import AXE

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def accessibility_problems(page: Any) -> list[str]:
    """Every axe-core WCAG 2.1 A/AA violation on the page as it is now, one line each
    (rule, impact, the first elements it names). axe is injected unless the context preloaded it.
    A click that navigates may return before the new document has a head: wait for it first."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def overflow(page: Any) -> str:
    """'' when the page fits the screen's width; otherwise how wide it is and the widest
    elements that stick out on the right (tag, class, right edge in px)."""
    found: dict[str, Any] = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const scroll = document.documentElement.scrollWidth;
            if (scroll <= width) return {scroll, width, culprits: []};
            const culprits = [];
            for (const el of document.body.querySelectorAll('*')) {
                const right = el.getBoundingClientRect().right + window.scrollX;
                if (right > width + 0.5) {
                    const parent = el.parentElement && el.parentElement.getBoundingClientRect();
                    // name the outermost element that sticks out, not each of its children
                    if (!parent || parent.right + window.scrollX <= width + 0.5) {
                        const cls = el.className && typeof el.className === 'string'
                            ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
                        const edge = Math.round(right);
                        culprits.push(`${el.tagName.toLowerCase()}${cls} (right edge ${edge})`);
                    }
                }
            }
            return {scroll, width, culprits: culprits.slice(0, 5)};
        }"""
    )
    if found["scroll"] <= found["width"]:
        return ""
    return (
        f"the page is {found['scroll']} px wide on a {found['width']} px screen; "
        f"sticking out: {', '.join(found['culprits']) or 'nothing visible'}"
    )
