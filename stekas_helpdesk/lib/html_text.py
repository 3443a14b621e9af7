"""The text of an HTML fragment as a browser shows it, for the personal-data
guard (R-PII-4): what the reader will see is what is scanned.

Inline tags are removed without a space (``3900101<span>0000</span>`` shows
one number, and so it is scanned as one), block elements and ``<br>`` become
line breaks, table cells tabs; scripts, styles and comments are not shown.
Characters a browser draws as nothing (zero-width spaces, soft hyphens) are
left out too, so that they cannot split a value either.

Nothing here imports Odoo. Every step is one regular-expression pass without
nested repetition, and a tag ends at the next "<" or ">": linear in the size
of the text.
"""

import html
import re

_HIDDEN_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|head)\b[^<>]*>.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_TAGS = (
    "address|article|aside|blockquote|body|br|caption|center|dd|details|dialog"
    "|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|html"
    "|legend|li|main|menu|nav|ol|p|pre|section|summary|table|tbody|tfoot|thead"
    "|title|tr|ul"
)
_BLOCK_RE = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^<>]*>", re.IGNORECASE)
_CELL_RE = re.compile(r"</?t[dh]\b[^<>]*>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z!?][^<>]*>")
# Zero-width space, non-joiner, joiner, word joiner, BOM, soft hyphen.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BLANK_LINES_RE = re.compile(r"[ \t]*\n(?:[ \t]*\n)+")


def rendered_text(markup):
    """The text of `markup` as it reads in a browser (see the module doc)."""
    text = _HIDDEN_RE.sub("", markup or "")
    text = _CELL_RE.sub("\t", text)
    text = _BLOCK_RE.sub("\n", text)
    text = _TAG_RE.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    text = _INVISIBLE_RE.sub("", text)
    return _BLANK_LINES_RE.sub("\n", text).strip()


def text_to_html(text):
    """Plain text as HTML paragraphs, each line kept."""
    lines = (html.escape(line) for line in (text or "").split("\n"))
    return "<p>" + "<br>".join(lines) + "</p>"
