"""A corpus of invented Lithuanian support mails for the personal-data guard.

Two families, each mail with a fixed train/test half:

- ordinary mails (``material=False``): requests, replies quoting a STEKAS
  consultant, invoice and payment talk, delivery addresses, company bank
  details, numbers that are not personal codes, each with the sender's
  signature in one of several styles (a second phone number, a company block,
  a one-line signature, none at all); some carry ordinary files (an error log,
  a CSV list of invoices between companies, an XLSX of stock items). The
  guard must neither destroy nor notify on any of them.
- mails with personal material (``material=True``): pasted lists of
  employees, payroll tables (in the body, CSV, XLSX), document fragments (in
  the body, DOCX, PDF), screenshots of employee cards and scanned forms (PNG,
  read by OCR), scanned forms as image-only PDFs. ``expected`` lists the
  certain personal data a reader would mark: labelled personal codes, names
  with their position, mobile numbers, personal e-mail addresses, employees'
  bank accounts.
- ordinary images: screenshots of an error (PNG) and scanned invoices
  between companies (image-only PDF), which must not be destroyed either.

Everything is generated from a seed; names, companies and streets come from
pools split between the halves, so the test half holds persons and companies
the train half never shows. The detector was adjusted looking at the train
half only. Used by tests/test_pii_mail_corpus.py and
bench/pii_mail_corpus_report.py.
"""

import csv
import io
import random
from dataclasses import dataclass, field

from pii_corpus import make_docx, make_pdf, make_png, make_scanned_pdf, make_xlsx
from stdnum.lt import asmens

SEED = 20261202
SPLITS = ("train", "test")

# (first name, surname) pools by gender; each split gets its own half.
MEN = (
    "Jonas Petras Antanas Tomas Mantas Lukas Darius Andrius Mindaugas Audrius "
    "Marius Saulius Gintaras Rimantas Arūnas Giedrius Tadas Paulius Karolis "
    "Justinas Deividas Vilius Aurimas Egidijus Valdas Kęstutis Linas Dainius "
    "Eimantas Julius Žilvinas Ignas Gediminas Šarūnas Rolandas Evaldas"
).split()
WOMEN = (
    "Ona Marija Rūta Jurgita Lina Inga Asta Laura Eglė Ieva Gintarė Rasa Daiva "
    "Vilma Jolanta Irena Kristina Agnė Greta Austėja Indrė Simona Neringa "
    "Loreta Dalia Regina Violeta Živilė Aušra Vaida Edita Sandra Ingrida "
    "Renata Jūratė Milda"
).split()
MEN_SURNAMES = (
    "Petraitis Kazlauskas Jankauskas Žukauskas Stankevičius Butkus Paulauskas "
    "Vasiliauskas Urbonas Navickas Ramanauskas Savickas Rutkauskas Balčiūnas "
    "Kavaliauskas Mikalauskas Pocius Žemaitis Baranauskas Sinkevičius "
    "Lukoševičius Adomaitis Jonaitis Vaitkus Morkūnas Grigas Bernotas Šimkus"
).split()
WOMEN_SURNAMES = (
    "Petraitienė Kazlauskienė Jankauskaitė Žukauskaitė Stankevičiūtė Butkienė "
    "Paulauskaitė Vasiliauskienė Urbonaitė Navickienė Ramanauskaitė "
    "Savickienė Rutkauskaitė Balčiūnienė Kavaliauskaitė Mikalauskienė "
    "Pocienė Žemaitytė Baranauskienė Sinkevičiūtė Adomaitienė Jonaitytė "
    "Vaitkutė Morkūnienė Grigaitė Bernotienė Šimkutė Lukoševičienė"
).split()
COMPANIES = (
    "Medžio namai|Baltijos apskaita|Vilniaus vandenys|Kauno prekyba|Šiaurės "
    "logistika|Žalia giria|Pajūrio žuvis|Aukštaitijos pienas|Miesto statyba|"
    "Dzūkijos miškai|Nemuno energija|Rytų transportas|Vakarų laivyba|Sodžiaus "
    "duona|Gintaro kelias|Linų audiniai|Kalnų baldai|Ąžuolo durys|Elektros "
    "tinklai|Verslo sprendimai|Mokesčių konsultantai|Agro partneriai|Šilumos "
    "tiekimas|Tekstilės pasaulis|Kelių priežiūra|Stiklo langai"
).split("|")
STREETS = (
    "Gedimino pr.|Konstitucijos pr.|Savanorių pr.|Laisvės al.|Vilniaus g.|"
    "Kauno g.|Taikos pr.|Žalgirio g.|Ukmergės g.|Jonavos g.|Liepų g.|"
    "Pramonės pr.|Šilutės pl.|Tilžės g.|Basanavičiaus g.|Respublikos g."
).split("|")
CITIES = ("Vilnius", "Kaunas", "Klaipėda", "Šiauliai", "Panevėžys", "Alytus")
POSITIONS = (
    ("vyr. buhalterė", "vyr. buhalteris"),
    ("buhalterė", "buhalteris"),
    ("direktorė", "direktorius"),
    ("finansų vadovė", "finansų vadovas"),
    ("personalo specialistė", "personalo specialistas"),
    ("pardavimų vadybininkė", "pardavimų vadybininkas"),
    ("administratorė", "administratorius"),
    ("IT specialistė", "IT specialistas"),
    ("ekonomistė", "ekonomistas"),
)
PROGRAMS = ("Rivilė", "Finvalda", "Stekas Apskaita", "Stekas Darbo užmokestis")
PROBLEMS = (
    "po atnaujinimo programa nerodo sąskaitų sąrašo",
    "nepavyksta suformuoti PVM deklaracijos FR0600 už spalio mėnesį",
    "eksportuojant ataskaitą į Excel programa užstringa",
    "neatsidaro darbo užmokesčio žiniaraštis, rodo klaidą 0x80040E14",
    "po perkėlimo į naują kompiuterį nebeveikia spausdinimas",
    "banko išrašo importas sustoja ties 120 eilute",
    "sąskaitų faktūrų numeracija prasideda iš naujo",
    "atsargų likučiai nesutampa su apskaitos registru",
    "nepavyksta prisijungti prie duomenų bazės po slaptažodžio keitimo",
    "i.SAF rinkmena atmetama dėl formato klaidos",
)
CONSULTANT = ("Tomas", "Stekaitis", "+370 655 10001", "tomas.stekaitis@stekas.lt")


@dataclass
class Mail:
    ident: str
    family: str  # "ordinary" or "material"
    kind: str  # what the mail is: request, reply, pasted_list, payroll_csv...
    source: str  # where the material is: body, csv, xlsx, docx, pdf, png
    split: str
    body: str
    sender_name: str = ""
    sender_email: str = ""
    known_emails: list = field(default_factory=list)
    known_phones: list = field(default_factory=list)
    known_names: list = field(default_factory=list)
    attachments: list = field(default_factory=list)  # [(filename, bytes)]
    expected: list = field(default_factory=list)  # [(kind, value)] certain data
    needs_ocr: bool = False
    # The page pictures of a scanned (image-only) PDF attachment, by its file
    # name: what OCR of the PDF would read (bench estimate; see judge()).
    pages: dict = field(default_factory=dict)

    @property
    def material(self):
        return self.family == "material"


def _pools(rng):
    """Disjoint halves of every pool, one per split."""
    result = {split: {} for split in SPLITS}
    for name, pool in (
        ("men", MEN),
        ("women", WOMEN),
        ("men_surnames", MEN_SURNAMES),
        ("women_surnames", WOMEN_SURNAMES),
        ("companies", COMPANIES),
        ("streets", STREETS),
    ):
        items = list(pool)
        rng.shuffle(items)
        half = len(items) // 2
        result["train"][name], result["test"][name] = items[:half], items[half:]
    return result


def _ascii(text):
    table = str.maketrans("ąčęėįšųūžĄČĘĖĮŠŲŪŽ", "aceeisuuzACEEISUUZ")
    return text.translate(table).lower()


class _Maker:
    def __init__(self, rng, pools):
        self.rng = rng
        self.pools = pools

    def person(self):
        rng, pools = self.rng, self.pools
        if rng.random() < 0.5:
            first, last, index = (
                rng.choice(pools["men"]),
                rng.choice(pools["men_surnames"]),
                1,
            )
        else:
            first, last, index = (
                rng.choice(pools["women"]),
                rng.choice(pools["women_surnames"]),
                0,
            )
        position = rng.choice(POSITIONS)[index]
        return first, last, position

    def company(self):
        name = self.rng.choice(self.pools["companies"])
        return f"UAB „{name}“", _ascii(name.split()[0])

    def mobile(self):
        digits = f"6{self.rng.randint(0, 9999999):07d}"
        style = self.rng.randrange(4)
        if style == 0:
            return f"+370 {digits[:3]} {digits[3:]}"
        if style == 1:
            return f"8 {digits[:3]} {digits[3:]}"
        if style == 2:
            return f"8{digits}"
        return f"+370{digits}"

    def landline(self):
        number = f"{self.rng.randint(200000, 299999)}"
        if self.rng.random() < 0.5:
            return f"(8 5) {number[:3]} {number[3:]}"
        return f"+370 37 {number[:3]} {number[3:]}"

    def personal_code(self, female):
        rng = self.rng
        century = rng.choice((3, 5)) + (1 if female else 0)
        year = rng.randint(50, 99) if century < 5 else rng.randint(0, 5)
        code = (
            f"{century}{year:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            f"{rng.randint(0, 999):03d}"
        )
        return code + asmens.calc_check_digit(code + "0")

    def iban(self):
        from stdnum import iban

        bank = self.rng.choice(("73000", "70440", "40100"))
        bban = f"{bank}{self.rng.randint(0, 10**11 - 1):011d}"
        check = iban.calc_check_digits(f"LT00{bban}")
        return f"LT{check}{bban}"

    def address(self):
        rng = self.rng
        return (
            f"{rng.choice(self.pools['streets'])} {rng.randint(1, 120)}, "
            f"LT-{rng.randint(10000, 99999)} {rng.choice(CITIES)}"
        )

    def amount(self):
        return f"{self.rng.randint(10, 9999)},{self.rng.randint(0, 99):02d}"


def _spaced_iban(iban):
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


# --- signatures ---------------------------------------------------------------


def _signature(mk, first, last, position, company, domain, phones, email):
    """The sender's signature in one of several styles, and whether it names
    the sender (so a sender without a known name may still be found)."""
    rng = mk.rng
    name = f"{first} {last}"
    phone = phones[0]
    second = phones[1] if len(phones) > 1 else mk.landline()
    style = rng.randrange(9)
    if style == 0:
        return (
            f"Pagarbiai,\n{name}\n{position}\n{company}\nTel. {second}\n"
            f"Mob. {phone}\n{email}\nwww.{domain}.lt"
        )
    if style == 1:
        return (
            f"Su pagarba,\n{name} | {position} | {company}\n" f"T: {phone} | E: {email}"
        )
    if style == 2:
        return f"Pagarbiai, {name}, {position}, tel. {phone}"
    if style == 3:
        return f"--\n{name}\n{company}, {mk.address()}\n{phone}"
    if style == 4:
        return f"Regards,\n{name}\n{position}, {company}\nPhone: {phone}\n{email}"
    if style == 5:
        return f"{name}\n{company}\ntel. {phone}"
    if style == 6:
        return f"Ačiū,\n{first}"
    if style == 7:
        return (
            f"Pagarbiai,\n{name}\n{position}\n{company}\n"
            f"Įmonės kodas {rng.randint(100000000, 399999999)} | PVM kodas "
            f"LT{rng.randint(10**11, 10**12 - 1)}\n"
            f"A. s. {_spaced_iban(mk.iban())}\n{mk.address()}\n"
            f"Tel. {second}, mob. {phone}\n\n"
            "Šiame laiške esanti informacija yra konfidenciali ir skirta tik "
            "adresatui. Jei gavote šį laišką per klaidą, praneškite siuntėjui ir "
            "laišką ištrinkite."
        )
    return f"Geros dienos,\n{first} {last[0]}.\n{position}\nMob. {phone}"


# --- ordinary mails -----------------------------------------------------------


def _ordinary_body(mk, kind, company, domain):
    rng = mk.rng
    problem = rng.choice(PROBLEMS)
    program = rng.choice(PROGRAMS)
    greeting = rng.choice(("Laba diena,", "Sveiki,", "Labas,", "Laba diena"))
    invoice = f"SF-{rng.randint(2024, 2026)}-{rng.randint(1, 99999):05d}"
    order = f"{rng.choice('789')}{rng.randint(0, 10**10 - 1):010d}"
    code = rng.randint(100000000, 399999999)
    date = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
    if kind == "request":
        return (
            f"{greeting}\n{program}: {problem}. Klaida kartojasi nuo {date}, "
            f"versija 4.{rng.randint(1, 20)}.{rng.randint(0, 99)}.\n"
            "Gal galite padėti?"
        )
    if kind == "invoice":
        return (
            f"{greeting}\nsąskaita {invoice} už {rng.choice(('spalio', 'lapkričio'))} "
            f"mėnesį ({mk.amount()} EUR) buvo apmokėta {date}, tačiau programoje "
            f"vis dar rodoma skola. Užsakymo nr. {order}, mūsų įmonės kodas "
            f"{code}, PVM mokėtojo kodas LT{rng.randint(10**11, 10**12 - 1)}.\n"
            "Prašome patikrinti."
        )
    if kind == "bank":
        iban = mk.iban()
        shown = _spaced_iban(iban) if rng.random() < 0.5 else iban
        return (
            f"{greeting}\nnuo kito mėnesio keičiasi mūsų banko sąskaita: {company}, "
            f"{shown}. Prašome atnaujinti duomenis sutartyje Nr. "
            f"{rng.randint(100, 999)}/{rng.randint(2020, 2026)}."
        )
    if kind == "address":
        return (
            f"{greeting}\npristatymo ir korespondencijos adresas nuo {date}: "
            f"{company}, {mk.address()}. Biuro tel. {mk.landline()}. Sąskaitas "
            f"siųskite buhalterija@{domain}.lt."
        )
    if kind == "numbers":
        return (
            f"{greeting}\nimportuojant failą eilutėje {rng.randint(10, 9999)} "
            f"rodoma klaida: „Neteisingas dokumento numeris "
            f"{rng.randint(10**10, 10**11 - 1)}“. Sumos {mk.amount()} ir "
            f"{mk.amount()} EUR, periodas {date} – {date}, prekės kodas "
            f"{rng.randint(10**12, 10**13 - 1)}."
        )
    if kind == "contact":
        return (
            f"{greeting}\n{problem}. Dėl prisijungimo galite skambinti man "
            f"tiesiogiai {mk.mobile()} arba rašyti.\nAčiū."
        )
    # reply: the client answers above the consultant's quoted mail
    first, last, phone, email = CONSULTANT
    return (
        f"{greeting}\nAčiū, dabar veikia. Dar klausimas dėl ataskaitos {invoice}.\n"
        f"\n> {greeting}\n> Prašome atnaujinti programą iki versijos 4.12.\n"
        f"> Pagarbiai,\n> {first} {last}\n> STEKAS konsultantas\n> Tel. {phone}\n"
        f"> {email}"
    )


ORDINARY_KINDS = ("request", "reply", "invoice", "bank", "address", "numbers")
ORDINARY_KINDS += ("contact",)


def _ordinary_attachment(mk, company):
    rng = mk.rng
    kind = rng.choice(("log", "csv", "xlsx"))
    if kind == "log":
        lines = [
            f"2026-11-{rng.randint(1, 28):02d} 10:{i:02d}:{rng.randint(0, 59):02d} "
            f"ERROR [{rng.randint(1000, 9999)}] SQL timeout on query "
            f"{rng.randint(10**10, 10**11 - 1)}"
            for i in range(30)
        ]
        return "klaidos.log", "\n".join(lines).encode()
    rows = [["Sąskaita", "Data", "Pirkėjas", "Įmonės kodas", "Suma"]]
    for _i in range(20):
        other, _domain = mk.company()
        rows.append(
            [
                f"SF-{rng.randint(1, 99999):05d}",
                f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
                other,
                str(rng.randint(100000000, 399999999)),
                mk.amount(),
            ]
        )
    if kind == "xlsx":
        return "saskaitos.xlsx", make_xlsx(rows)
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return "saskaitos.csv", out.getvalue().encode()


def _ordinary(mk, ident, split, kind):
    rng = mk.rng
    first, last, position = mk.person()
    company, domain = mk.company()
    email = f"{_ascii(first)}.{_ascii(last)}@{domain}.lt"
    phones = [mk.mobile()]
    known = rng.random() < 0.5
    if rng.random() < 0.4:
        phones.append(mk.mobile())  # a second phone, unknown to STEKAS
    body = _ordinary_body(mk, kind, company, domain)
    signature = _signature(mk, first, last, position, company, domain, phones, email)
    body += "\n\n" + signature
    mail = Mail(
        ident, "ordinary", kind, "body", split, body,
        sender_name=f"{first} {last}" if known or rng.random() < 0.5 else "",
        sender_email=email,
    )  # fmt: skip
    if known:  # a registered contact: one phone known, not the second
        mail.known_emails.append(email)
        mail.known_phones.append(phones[0])
        mail.known_names.append(f"{first} {last}")
    # STEKAS's own staff are always known (quoted replies).
    mail.known_names.append(f"{CONSULTANT[0]} {CONSULTANT[1]}")
    mail.known_phones.append(CONSULTANT[2])
    mail.known_emails.append(CONSULTANT[3])
    if rng.random() < 0.25:
        mail.attachments.append(_ordinary_attachment(mk, company))
        mail.source = mail.attachments[-1][0].rsplit(".", 1)[-1]
    return mail


# --- mails with personal material ----------------------------------------------


def _employees(mk, count):
    rows = []
    for _i in range(count):
        first, last, position = mk.person()
        female = last.endswith(("ė", "tė"))
        code, mobile = mk.personal_code(female), mk.mobile()
        mailbox = mk.rng.choice(("gmail.com", "inbox.lt", "yahoo.com"))
        rows.append(
            {
                "first": first,
                "last": last,
                "position": position,
                "code": code,
                "mobile": mobile,
                "email": f"{_ascii(first)}.{_ascii(last)}@{mailbox}",
                "iban": mk.iban(),
                "salary": mk.amount(),
            }
        )
    return rows


MATERIAL_KINDS = (
    "pasted_list",
    "payroll_body",
    "payroll_csv",
    "payroll_xlsx",
    "fragment_body",
    "fragment_docx",
    "fragment_pdf",
    "employee_card",
    "scanned_form",
)


def _material(mk, ident, split, kind):
    rng = mk.rng
    first, last, position = mk.person()
    company, domain = mk.company()
    email = f"{_ascii(first)}.{_ascii(last)}@{domain}.lt"
    phone = mk.mobile()
    signature = _signature(mk, first, last, position, company, domain, [phone], email)
    people = _employees(mk, rng.randint(2, 6))
    expected = []
    attachments = []
    source = "body"
    needs_ocr = False
    intro = rng.choice(("Laba diena,", "Sveiki,"))
    if kind == "pasted_list":
        lines = []
        for p in people:
            lines.append(
                f"{p['first']} {p['last']}, {p['position']}, tel. {p['mobile']}, "
                f"{p['email']}"
            )
            expected += [
                ("person", f"{p['first']} {p['last']}"),
                ("phone", p["mobile"]),
                ("email", p["email"]),
            ]
        text = (
            f"{intro}\nnaujų darbuotojų neįkelia į sistemą, siunčiu jų sąrašą:\n"
            + "\n".join(lines)
        )
    elif kind == "payroll_body":
        lines = ["Vardas\tPavardė\tAsmens kodas\tAtlyginimas"]
        for p in people:
            lines.append(f"{p['first']}\t{p['last']}\t{p['code']}\t{p['salary']}")
            expected.append(("personal_code", p["code"]))
        text = (
            f"{intro}\nžiniaraštyje blogai skaičiuojami mokesčiai, štai eilutės:\n"
            + "\n".join(lines)
        )
    elif kind in ("payroll_csv", "payroll_xlsx"):
        rows = [["Vardas", "Pavardė", "Asmens kodas", "Sąskaita", "Atlyginimas"]]
        for p in people:
            rows.append([p["first"], p["last"], p["code"], p["iban"], p["salary"]])
            expected += [("personal_code", p["code"]), ("iban", p["iban"])]
        if kind == "payroll_xlsx":
            attachments.append(("atlyginimai.xlsx", make_xlsx(rows, (2,))))
            source = "xlsx"
        else:
            out = io.StringIO()
            csv.writer(out, delimiter=";").writerows(rows)
            attachments.append(("atlyginimai.csv", out.getvalue().encode()))
            source = "csv"
        text = f"{intro}\nprisegu žiniaraštį, kuriame neteisingi mokesčiai."
    elif kind.startswith("fragment"):
        lines = [
            f"ĮSAKYMAS Nr. P-{rng.randint(1, 999)}",
            f"{rng.randint(1, 28)} d., {rng.choice(CITIES)}",
        ]
        for p in people[:3]:
            lines.append(
                f"Priimti {p['first']} {p['last']}, asmens kodas {p['code']}, "
                f"į {p['position']} pareigas nuo 2026-12-01."
            )
            expected.append(("personal_code", p["code"]))
        boss = people[-1]
        lines.append(f"Direktorius {boss['first']} {boss['last']}")
        expected.append(("person", f"{boss['first']} {boss['last']}"))
        if kind == "fragment_body":
            text = f"{intro}\nįsakymo tekstas neįsikelia, štai jis:\n" + "\n".join(
                lines
            )
        else:
            source = kind.split("_")[1]
            data = make_docx(lines) if source == "docx" else make_pdf(lines)
            attachments.append((f"isakymas.{source}", data))
            text = f"{intro}\nprisegu įsakymą, kurio neįkelia programa."
    else:
        p = people[0]
        needs_ocr = True
        source = "png"
        if kind == "employee_card":
            lines = [
                "DARBUOTOJO KORTELĖ",
                f"Vardas, pavardė: {p['first']} {p['last']}",
                f"Pareigos: {p['position']}",
                f"Asmens kodas: {p['code']}",
                f"Tel. {p['mobile']}",
            ]
            expected += [("personal_code", p["code"]), ("phone", p["mobile"])]
            name = "kortele.png"
        else:
            lines = [
                "PRAŠYMAS DĖL ATOSTOGŲ",
                f"Vardas, pavardė: {p['first']} {p['last']}",
                f"Asmens kodas: {p['code']}",
                f"Adresas: {mk.address()}",
                f"Prašau suteikti atostogas nuo 2026-12-{rng.randint(1, 20):02d}.",
            ]
            expected.append(("personal_code", p["code"]))
            name = "prasymas.png"
        attachments.append((name, make_png(lines)))
        text = f"{intro}\nprisegu ekrano nuotrauką, ten matosi klaida."
    mail = Mail(
        ident, "material", kind, source, split, f"{text}\n\n{signature}",
        sender_name=f"{first} {last}", sender_email=email,
        attachments=attachments, expected=expected, needs_ocr=needs_ocr,
    )  # fmt: skip
    mail.known_emails.append(email)
    mail.known_phones.append(phone)
    mail.known_names.append(f"{first} {last}")
    return mail


# --- images: screenshots and scanned pages ---------------------------------------

# Ordinary images (a screenshot of an error, a scanned invoice between
# companies) and scanned forms as image-only PDFs; few, as OCR is slow.
IMAGE_KINDS = (
    ("ordinary", "screenshot"),
    ("ordinary", "scanned_invoice"),
    ("material", "scanned_form_pdf"),
)


def _image_mail(mk, ident, split, family, kind):
    rng = mk.rng
    first, last, position = mk.person()
    company, domain = mk.company()
    email = f"{_ascii(first)}.{_ascii(last)}@{domain}.lt"
    phone = mk.mobile()
    signature = _signature(mk, first, last, position, company, domain, [phone], email)
    intro = rng.choice(("Laba diena,", "Sveiki,"))
    expected = []
    other, _other_domain = mk.company()
    invoice = f"SF-2026-{rng.randint(1, 99999):05d}"
    if kind == "screenshot":
        lines = [
            f"{rng.choice(PROGRAMS)} - klaida",
            f"Klaida 0x{rng.randint(0, 16**8 - 1):08X}: dokumento nepavyko išsaugoti",
            f"Sąskaita {invoice}, pirkėjas {other}",
            f"Įmonės kodas {rng.randint(100000000, 399999999)}",
            f"Suma {mk.amount()} EUR, data 2026-{rng.randint(1, 11):02d}-"
            f"{rng.randint(1, 28):02d}",
        ]
        name, source = "klaida.png", "png"
        text = f"{intro}\nprisegu ekrano nuotrauką, ten matosi klaida."
    elif kind == "scanned_invoice":
        lines = [
            f"PVM SĄSKAITA FAKTŪRA {invoice}",
            f"Pardavėjas {company}, įmonės kodas {rng.randint(100000000, 399999999)}",
            f"A. s. {_spaced_iban(mk.iban())}",
            f"Pirkėjas {other}, {mk.address()}",
            f"Iš viso {mk.amount()} EUR",
        ]
        name, source = "saskaita.pdf", "scan_pdf"
        text = f"{intro}\nprisegu nuskenuotą sąskaitą, kurios neįkelia programa."
    else:  # scanned_form_pdf
        p = _employees(mk, 1)[0]
        lines = [
            "PRAŠYMAS DĖL ATOSTOGŲ",
            f"Vardas, pavardė: {p['first']} {p['last']}",
            f"Asmens kodas: {p['code']}",
            f"Adresas: {mk.address()}",
            f"Prašau suteikti atostogas nuo 2026-12-{rng.randint(1, 20):02d}.",
        ]
        expected.append(("personal_code", p["code"]))
        name, source = "prasymas.pdf", "scan_pdf"
        text = f"{intro}\nprisegu nuskenuotą prašymą, jo neįkelia programa."
    png = make_png(lines)
    mail = Mail(
        ident, family, kind, source, split, f"{text}\n\n{signature}",
        sender_name=f"{first} {last}", sender_email=email,
        expected=expected, needs_ocr=True,
    )  # fmt: skip
    if source == "scan_pdf":
        mail.attachments.append((name, make_scanned_pdf(png)))
        mail.pages[name] = [png]
    else:
        mail.attachments.append((name, png))
    mail.known_emails.append(email)
    mail.known_phones.append(phone)
    mail.known_names.append(f"{first} {last}")
    return mail


def build(n_ordinary=240, n_material=72, n_images=4, seed=SEED):
    """The corpus: `n_ordinary` ordinary mails and `n_material` with personal
    material, kinds in turn, every second mail of a kind in the test half;
    then `n_images` mails of each of ``IMAGE_KINDS``, made with a random
    generator of their own (the other mails stay as they were), split the
    same way."""
    rng = random.Random(seed)
    pools = _pools(random.Random(seed + 1))
    mails = []
    for family, count, kinds, make in (
        ("ordinary", n_ordinary, ORDINARY_KINDS, _ordinary),
        ("material", n_material, MATERIAL_KINDS, _material),
    ):
        for index in range(count):
            kind = kinds[index % len(kinds)]
            split = SPLITS[(index // len(kinds)) % 2]
            mk = _Maker(rng, pools[split])
            mails.append(make(mk, f"{family}-{index:03d}", split, kind))
    image_rng = random.Random(seed + 2)
    for family, kind in IMAGE_KINDS:
        for index in range(n_images):
            split = SPLITS[index % 2]
            mk = _Maker(image_rng, pools[split])
            ident = f"{family}-{kind}-{index:02d}"
            mails.append(_image_mail(mk, ident, split, family, kind))
    return mails


# --- the guard's verdict --------------------------------------------------------


@dataclass
class Verdict:
    destroy: bool  # something certain: destroyed or replaced, the client told
    quarantine: bool  # an attachment for the dispatcher to decide on
    found: set  # (kind, normalized value) of the material caught


def judge(mail, pd, cz, use_zone=True, read_pages=False, budget=None):
    """What the guard does with a mail: the body scanned with the sender's
    contact zone and known data, each attachment scanned with the known data.
    With `read_pages`, a scanned PDF is judged by the OCR of its page
    pictures, each scanned as an image (file_text itself renders the pages of a
    scanned PDF and reads them by OCR, within the same budget). `budget`
    (``pd.Budget``) of each file's scan: the guard's default unless given."""
    ignore = pd.make_ignore(mail.known_emails, mail.known_phones, mail.known_names)
    zone = None
    if use_zone:
        zone = cz.split(mail.body, mail.sender_name, mail.sender_email, ignore)
    reports = [pd.scan_text(mail.body, "body", ignore=ignore, sender_zone=zone)]
    for filename, data in mail.attachments:
        if read_pages and filename in mail.pages:
            page_reports = [
                pd.scan_file(
                    png, f"{filename}-{number}.png", ignore=ignore, budget=budget
                )
                for number, png in enumerate(mail.pages[filename], 1)
            ]
            reports += page_reports
            continue
        reports.append(pd.scan_file(data, filename, ignore=ignore, budget=budget))
    destroy = any(r.status == pd.STATUS_CERTAIN for r in reports)
    quarantine = any(
        r.status in (pd.STATUS_SUSPECT, pd.STATUS_CANNOT_VERIFY) for r in reports[1:]
    )
    found = {
        (h.kind, pd.normalize_value(h.kind, h.value))
        for r in reports
        if r.status == pd.STATUS_CERTAIN
        for h in r.hits
    }
    return Verdict(destroy, quarantine, found)


def measure(mails, pd, cz, use_zone=True, read_pages=False, budget=None):
    """{(family, kind or source, name): stats} and the overall figures."""
    rows = {}
    for mail in mails:
        verdict = judge(mail, pd, cz, use_zone, read_pages, budget)
        for group in (("kind", mail.kind), ("source", mail.source)):
            key = (mail.family, *group)
            row = rows.setdefault(
                key,
                {"mails": 0, "destroy": 0, "quarantine": 0, "expected": 0, "caught": 0},
            )
            row["mails"] += 1
            row["destroy"] += verdict.destroy
            row["quarantine"] += verdict.quarantine
            for kind, value in mail.expected:
                row["expected"] += 1
                key = (kind, pd.normalize_value(kind, value))
                row["caught"] += key in verdict.found
    return rows


def totals(rows, family, group="kind"):
    total = {"mails": 0, "destroy": 0, "quarantine": 0, "expected": 0, "caught": 0}
    for (fam, grp, _name), row in rows.items():
        if fam == family and grp == group:
            for key in total:
                total[key] += row[key]
    return total
