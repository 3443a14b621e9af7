"""Where a value stands in a text, for the personal-data detector: the words
before and after it on its line, the header of the pasted table it stands in,
and the spans already taken by other values.

Nothing here imports Odoo.
"""

import re
from bisect import bisect_left

CONTEXT_WINDOW = 40  # characters looked at before a value for a context word


def line_before(text, start, width=CONTEXT_WINDOW):
    """The text before `start` on the same line (table cells: the same row)."""
    chunk = text[max(0, start - width) : start]
    return chunk.rsplit("\n", 1)[-1]


def line_after(text, end, width=CONTEXT_WINDOW):
    return text[end : end + width].split("\n", 1)[0]


class Spans:
    """Disjoint spans of a text, sorted: whether a new span overlaps one of
    them is a binary search, so that a text with many hits costs no more per
    hit than a text with few."""

    def __init__(self, items=()):
        pairs = sorted((item.start, item.end) for item in items)
        self.starts = [start for start, _end in pairs]
        self.ends = [end for _start, end in pairs]

    def overlaps(self, start, end):
        # Disjoint and sorted by start, the spans are sorted by end too: only
        # the last one starting before `end` can reach past `start`.
        index = bisect_left(self.starts, end) - 1
        return index >= 0 and self.ends[index] > start


class TextTables:
    """The tables pasted in a text (a mail body: rows of cells separated by
    tabs or semicolons, the header row first), so that a value under a header
    such as "Asmens kodas" gets the header as its context, as in
    :func:`table_text`. Built on the first question, in one pass."""

    SEPARATORS = ("\t", ";")
    MAX_ROW = 2000  # longer lines are not table rows

    def __init__(self, text):
        self.text = text
        self._blocks = None

    def _build(self):
        """[(start, end, separator, header cells)] of each table, in order."""
        blocks, text = [], self.text
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        current = None  # [start, end, separator, header]
        for index, start in enumerate(line_starts):
            end = (
                line_starts[index + 1] - 1
                if index + 1 < len(line_starts)
                else len(text)
            )
            line = text[start:end]
            separator = next(
                (sep for sep in self.SEPARATORS if line.count(sep) >= 1), None
            )
            if len(line) > self.MAX_ROW:
                separator = None
            if current and separator == current[2]:
                current[1] = end
                continue
            if current:
                blocks.append(tuple(current))
            current = (
                [start, end, separator, line.split(separator)] if separator else None
            )
        if current:
            blocks.append(tuple(current))
        self._blocks = [b for b in blocks if b[1] > b[0]]
        self._starts = [b[0] for b in self._blocks]

    def labelled(self, pos, context_re):
        """Whether the value at `pos` stands in a table row under a header
        that `context_re` finds (not in the header row itself)."""
        if "\t" not in self.text and ";" not in self.text:
            return False
        if self._blocks is None:
            self._build()
        index = bisect_left(self._starts, pos + 1) - 1
        if index < 0:
            return False
        start, end, separator, header = self._blocks[index]
        if not start <= pos < end:
            return False
        line_start = self.text.rfind("\n", start, pos) + 1
        if line_start <= start:
            return False  # the header row
        column = self.text.count(separator, line_start, pos)
        return column < len(header) and bool(context_re.search(header[column]))
