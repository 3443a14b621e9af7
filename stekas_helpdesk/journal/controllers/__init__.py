from . import journal_portal
