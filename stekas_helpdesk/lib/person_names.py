"""Persons' names and job positions in Lithuanian text, for the personal-data
detector: a name is a pair of capitalised words with the endings of Lithuanian
given names and surnames (or a known first name); a job position (pareigos)
next to it makes it certain.

Nothing here imports Odoo.
"""

import re

from .text_context import line_after, line_before

UP = "A-ZĄČĘĖĮŠŲŪŽ"
LOW = "a-ząčęėįšųūž"

# Job positions (pareigos): stems, any singular case ending.
_POSITION_STEMS = (
    "direktor",
    "vadov",
    "buhalter",
    "vadybinink",
    "inžinier",
    "specialist",
    "administrator",
    "sekretor",
    "referent",
    "ekonomist",
    "teisinink",
    "juristas",
    "programuotoj",
    "analitik",
    "konsultant",
    "darbuotoj",
    "pavaduotoj",
    "valdytoj",
    "savinink",
    "pirminink",
    "kasinink",
    "sandėlinink",
    "vairuotoj",
    "meistr",
    "mokytoj",
    "gydytoj",
    "slaugytoj",
    "koordinator",
    "operator",
    "technik",
    "auditor",
    "revizor",
    "kontrolier",
    "atstov",
    "tarnautoj",
    "viršinink",
    "seniūn",
)
POSITION_RE = re.compile(
    r"\b(?:vyr\.\s*|vyriausi\w*\s+|generalin\w*\s+|finansų\s+|personalo\s+"
    r"|projekto\s+|projektų\s+|pardavimų\s+|IT\s+)?"
    r"(?:" + "|".join(_POSITION_STEMS) + r")"
    r"(?:ius|iaus|iui|ių|ių|ė|ės|ei|ę|as|o|ui|ą|a|os|ai|is|io|iu|į|us|ys|ų|e)?\b",
    re.IGNORECASE,
)

# Common Lithuanian first names (nominative and genitive), for names without a
# tell-tale surname ending.
FIRST_NAMES = frozenset(
    """jonas petras antanas juozas kazys vytautas algirdas tomas mantas lukas
    matas dominykas rokas darius andrius mindaugas audrius marius saulius
    gintaras rimantas arūnas arvydas giedrius tadas paulius povilas karolis
    justinas deividas edvinas simonas laurynas nerijus vaidas vilius aurimas
    egidijus ramūnas valdas kęstutis linas dainius eimantas julius aleksandras
    ona marija rūta jurgita lina inga asta laura eglė ieva gintarė rasa daiva
    vilma jolanta irena aldona kristina agnė greta austėja gabija emilija
    justė kamilė urtė indrė simona neringa loreta dalia danutė birutė regina
    genovaitė janina violeta ramunė audronė živilė aušra vaida edita sandra
    ingrida renata jūratė milda rima skaistė viktorija monika diana
    jono petro antano juozo kazio vytauto tomo manto luko mato roko dariaus
    andriaus mindaugo mariaus sauliaus pauliaus povilo karolio onos marijos
    rūtos jurgitos linos ingos astos lauros eglės ievos rasos daivos
    kristinos agnės gretos""".split()
)


def _stem(word):
    """A name without its case ending ("Tomą", "Tomas", "Tomo" -> "tom")."""
    word = word.casefold()
    match = _NAME_ENDING_RE.search(word)
    return word[: match.start()] if match and match.start() >= 2 else word


# Surname endings that almost only occur in surnames.
_SURNAME_SUFFIX_RE = re.compile(
    r"(aitis|aitė|aitytė|ytė|utė|ūtė|ienė|evičius|avičius|auskas|auskienė"
    r"|auskaitė|iūnas|ūnas|ėnas|onis|inskas|ickas|aitienė|elis|ulis|inis"
    r"|aičio|ienės|aitės|ytės|utės|ūtės|evičiaus|ausko|ūno|ėno|onio"
    r"|ius|kus|iaus|kaus)$"
)
# Endings of Lithuanian given names and surnames (nominative, genitive, dative).
_NAME_ENDING_RE = re.compile(
    r"(ius|iaus|iui|iu|as|is|ys|us|a|ė|o|io|ės|os|ui|ai|ei|ą|ę|į|ų|ų|ą|u)$"
)
FIRST_NAME_STEMS = frozenset(_stem(name) for name in FIRST_NAMES)

_NAME_WORD = rf"[{UP}][{LOW}]{{1,20}}"
_INITIAL = rf"[{UP}]\."
NAME_PAIR_RE = re.compile(
    rf"(?<![{UP}{LOW}\w])(?P<first>{_NAME_WORD}|{_INITIAL})"
    rf"(?P<sep>[ \t]+|[ \t]*[;,][ \t]*|\t)"
    rf"(?P<last>{_NAME_WORD})(?![{LOW}\w])"
)
# Words that look like names but are not (capitalised sentence starts, months).
_NOT_NAMES = frozenset(
    """sąskaita faktūra bendrovė įmonė uab ab mb vš viešoji ataskaita
    sausis vasaris kovas balandis gegužė birželis liepa rugpjūtis rugsėjis
    spalis lapkritis gruodis pirmadienis antradienis trečiadienis
    ketvirtadienis penktadienis šeštadienis sekmadienis lietuva lietuvos
    vilnius vilniaus kaunas kauno klaipėda klaipėdos šiauliai panevėžys
    gerb gerbiama gerbiamas labas laba prašome prašau dėkui ačiū pagarbiai
    klaida programa programos versija duomenys duomenų""".split()
)
_POSITION_GAP_RE = re.compile(
    r"^[ \t]*(?:[,;:()\-–—|/][ \t]*)*(?:[\w.]+[ \t]*){0,2}[ \t]*[,;:()\-–—|/]?[ \t]*$"
)


def is_name(match):
    first, last = match.group("first"), match.group("last")
    words = [w.casefold().rstrip(".") for w in (first, last)]
    if any(w in _NOT_NAMES for w in words):
        return False
    if any(POSITION_RE.fullmatch(w) for w in (first, last)):
        return False
    if not _NAME_ENDING_RE.search(last.casefold()):
        return False
    last_is_surname = bool(_SURNAME_SUFFIX_RE.search(last.casefold()))
    if first.endswith("."):  # an initial: "J. Petraitis"
        return last_is_surname
    if not _NAME_ENDING_RE.search(first.casefold()):
        return False
    first_known = words[0] in FIRST_NAMES or _stem(words[0]) in FIRST_NAME_STEMS
    first_is_surname = bool(_SURNAME_SUFFIX_RE.search(words[0]))
    # "Jonas Petraitis", "Rūta Jankauskaitė", "Petraitis Jonas" (tables)
    return (
        (first_known and (last_is_surname or _NAME_ENDING_RE.search(words[1])))
        or (last_is_surname and _NAME_ENDING_RE.search(words[0]) and len(first) > 2)
        or (first_is_surname and _stem(words[1]) in FIRST_NAME_STEMS)
    )


def _name_shaped(match):
    first, last = match.group("first"), match.group("last")
    if first.endswith(".") or match.group("sep").strip():
        return False
    words = [w.casefold() for w in (first, last)]
    return (
        all(len(w) > 3 and _NAME_ENDING_RE.search(w) for w in words)
        and not any(w in _NOT_NAMES for w in words)
        and not any(POSITION_RE.fullmatch(w) for w in (first, last))
    )


def _position_next_to(text, start, end):
    """A job position right before or right after the name on the same line."""
    after = line_after(text, end, 60)
    position = POSITION_RE.search(after)
    if position and _POSITION_GAP_RE.match(after[: position.start()]):
        return True
    before = line_before(text, start, 60)
    for position in POSITION_RE.finditer(before):
        if _POSITION_GAP_RE.match(before[position.end() :]):
            return True
    return False


def find_persons(text, clock=None):
    """(start, end, certain, value) of each name in `text`."""
    pos = 0
    while True:
        if clock:
            clock.check()
        match = NAME_PAIR_RE.search(text, pos)
        if not match:
            return
        if is_name(match):
            certain = _position_next_to(text, *match.span())
            yield match.start(), match.end(), certain, match.group(0)
            pos = match.end()
        elif _name_shaped(match) and _position_next_to(text, *match.span()):
            # Names outside the lists ("Ignas Bernotas, buhalteris"): two
            # capitalised words with name endings, next to a position.
            yield match.start(), match.end(), True, match.group(0)
            pos = match.end()
        else:
            # Retry from the second word: "Gerb. Jonas Petraitis".
            pos = match.start("last")
