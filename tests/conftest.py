"""Load the addons' pure-rule modules without importing the addons.

Importing `stekas_helpdesk` runs its `__init__`, which imports Odoo; the
modules under `<addon>/lib/` import no Odoo, so they are loaded by file path.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
    return load_pure("stekas_helpdesk", "rounding")


@pytest.fixture(scope="session")
def quota():
    return load_pure("stekas_billing", "quota")
