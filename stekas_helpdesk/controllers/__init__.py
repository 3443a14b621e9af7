from . import journal_portal
from . import portal
