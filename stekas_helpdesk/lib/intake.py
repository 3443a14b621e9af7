# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pure rules of the intake (R-INT-2, R-INT-3, R-INT-4). Imports no Odoo.

The mandatory items are identified by codes; the addon maps them to labels
in the reader's language and stores the missing codes on the ticket.
"""

import re

# Order in which missing items are listed to staff and clients (R-INT-2).
ITEM_CODES = (
    "company",
    "firstname",
    "lastname",
    "function",
    "phone",
    "email",
    "purpose",
    "description",
)
# The service modes of a client company (SPEC introduction): A, a designated
# employee who knows the client; B, through the administrator.
MODE_A = "a"
MODE_B = "b"
# What a mode-A request must carry (R-INT-2 rev. 2): the designated employee
# knows the client, so only the purpose; the description only where R-INT-3
# asks for a detailed one. Mode B needs every item of ITEM_CODES.
MODE_A_ITEM_CODES = ("purpose",)
# A serious problem or special wish needs a written description at least this
# long (R-INT-3): "described in detail", not one line.
DETAILED_DESCRIPTION_MIN_CHARS = 100

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"\d")
_TAG_RE = re.compile(r"<[^>]*>")


def html_to_text(html):
    """The visible text of a small HTML fragment, whitespace collapsed."""
    text = _TAG_RE.sub(" ", html or "")
    text = text.replace("&nbsp;", " ").replace("&amp;", "&")
    return " ".join(text.split())


def required_items(mode=MODE_B, serious=False):
    """The codes of the items a request of a client in service `mode` must
    carry (R-INT-2), in ITEM_CODES order. An unknown mode (a sender of no known
    client) is held to mode B, the full list."""
    if mode == MODE_A:
        return (*MODE_A_ITEM_CODES, "description") if serious else MODE_A_ITEM_CODES
    return ITEM_CODES


def missing_items(data, serious=False, mode=MODE_B):
    """The codes of the mandatory items missing from `data`, in ITEM_CODES order.

    `data` maps item codes to their values (strings; the description may be
    HTML). Only the items `mode` requires count (`required_items`). A phone
    needs at least 6 digits, an e-mail an address form; with `serious` the
    description must be at least DETAILED_DESCRIPTION_MIN_CHARS characters of
    text.
    """
    missing = []
    for code in required_items(mode, serious):
        value = data.get(code) or ""
        if code == "description":
            text = html_to_text(value)
            limit = DETAILED_DESCRIPTION_MIN_CHARS if serious else 1
            ok = len(text) >= limit
        elif code == "phone":
            ok = len(_PHONE_RE.findall(value)) >= 6
        elif code == "email":
            ok = bool(_EMAIL_RE.match(value.strip()))
        else:
            ok = bool(value.strip())
        if not ok:
            missing.append(code)
    return missing


# Labels a client may use when answering the automatic reply by e-mail, one
# item a line ("Pareigos: buhalterė"). Lithuanian first, English as well.
REPLY_LABELS = {
    "company": ("įmonė", "įmonės pavadinimas", "company"),
    "firstname": ("vardas", "first name"),
    "lastname": ("pavardė", "last name"),
    "function": ("pareigos", "job position", "position"),
    "phone": ("telefonas", "tel", "tel.", "phone"),
    "email": ("el. paštas", "el.paštas", "e-mail", "email"),
}
_LINE_RE = re.compile(r"^\s*([^:]{1,40}?)\s*:\s*(.+?)\s*$")


def parse_reply(text):
    """Item values found in `text` as "label: value" lines (first one wins).

    Quoted lines (starting with ">") are ignored, so the quoted automatic reply
    never fills anything in.
    """
    by_label = {
        label: code for code, labels in REPLY_LABELS.items() for label in labels
    }
    found = {}
    for line in (text or "").splitlines():
        if line.lstrip().startswith(">"):
            continue
        match = _LINE_RE.match(line)
        if not match:
            continue
        code = by_label.get(match.group(1).strip().lower())
        value = match.group(2).strip()
        if code and value and code not in found:
            found[code] = value[:128]
    return found
