"""Write each addon's README.rst from its readme/*.md fragments (as OCA does).

The fragments are Markdown; PyPI and the Odoo apps store read reStructuredText,
so headings, lists, emphasis, inline code and links are converted."""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("INSTALL.md", "Installation"),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("CONTRIBUTORS.md", "Contributors"),
]
# reST heading underlines: the section titles above use "=", so a fragment's
# "#" headings come one level below.
UNDERLINES = {1: "-", 2: "-", 3: "~", 4: "^"}
LICENSE_URLS = {
    "AGPL-3": "https://www.gnu.org/licenses/agpl-3.0-standalone.html",
    "LGPL-3": "https://www.gnu.org/licenses/lgpl-3.0-standalone.html",
}


def inline(text):
    """Markdown inline markup to reST: code, links (bold and emphasis are alike)."""
    text = re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text)
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"`\1 <\2>`__", text)


def markdown_to_rst(markdown):
    out = []
    for line in markdown.strip().splitlines():
        heading = re.match(r"^(#{1,4})\s+(.*)$", line)
        if heading:
            title = inline(heading.group(2).strip())
            if out and out[-1] != "":
                out.append("")
            out += [title, UNDERLINES[len(heading.group(1))] * len(title), ""]
            continue
        out.append(inline(line))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def shield(label, message, color):
    # shields.io reads "-" as a separator: a literal dash is written "--"
    message = message.replace("-", "--")
    return f"https://img.shields.io/badge/{label}-{message}-{color}.png"


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    title = manifest["name"]
    license_ = manifest["license"]
    out = ["=" * len(title), title, "=" * len(title), ""]
    out += [
        ".. |badge_license| image:: " + shield("license", license_, "blue"),
        f"    :target: {LICENSE_URLS.get(license_, 'https://spdx.org/licenses/')}",
        f"    :alt: License: {license_}",
        ".. |badge_version| image:: "
        + shield("version", manifest["version"], "brightgreen"),
        f"    :alt: Version {manifest['version']}",
        "",
        "|badge_license| |badge_version|",
        "",
    ]
    for fragment, heading in SECTIONS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        if heading:
            out += [heading, "=" * len(heading), ""]
        out += [markdown_to_rst(path.read_text()), ""]
    return "\n".join(out)


def rst_problems(text):
    """What docutils finds wrong in `text` (nothing where docutils is missing)."""
    try:
        import docutils.core
        import docutils.utils
    except ImportError:
        return []
    try:
        docutils.core.publish_doctree(
            text, settings_overrides={"report_level": 5, "halt_level": 2}
        )
    except docutils.utils.SystemMessage as error:
        return [str(error)]
    return []


def main():
    changed = False
    for manifest in sorted(ROOT.glob("*/__manifest__.py")):
        addon = manifest.parent
        text = render(addon)
        target = addon / "README.rst"
        if not target.exists() or target.read_text() != text:
            target.write_text(text)
            changed = True
        for problem in rst_problems(text):
            print(f"{target.relative_to(ROOT)}: {problem}")
            changed = True
    return 1 if changed and "--check" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
