"""Load the addons' pure-rule modules without importing the addons.

Importing `stekas_helpdesk` runs its `__init__`, which imports Odoo; the
modules under `<addon>/lib/` import no Odoo, so they are loaded by file path.
"""

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The mail server tests need a database with both addons and start servers: the
# test command runs them in a stage of their own (scripts/test.sh), with
# STEKAS_MAIL_DB. A plain `pytest tests` leaves them out; collected together,
# their conftest would also shadow this one's name.
collect_ignore = [] if os.environ.get("STEKAS_MAIL_DB") else ["mailservers"]


def load_pure(addon, module):
    name = f"_pure_{addon}_{module}"
    if name in sys.modules:
        return sys.modules[name]
    path = ROOT / addon / "lib" / f"{module}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def rounding():
    return load_pure_lib("stekas_helpdesk", "rounding")


@pytest.fixture(scope="session")
def quota():
    return load_pure("stekas_billing", "quota")


def load_pure_lib(addon, module):
    """Load `<addon>/lib/<module>.py` as part of a package, so that modules of
    `lib/` may import each other (`from . import file_text`)."""
    package = f"_purelib_{addon}"
    if package not in sys.modules:
        init = ROOT / addon / "lib" / "__init__.py"
        spec = importlib.util.spec_from_file_location(
            package, init, submodule_search_locations=[str(init.parent)]
        )
        mod = importlib.util.module_from_spec(spec)
        sys.modules[package] = mod
        spec.loader.exec_module(mod)
    return importlib.import_module(f"{package}.{module}")
