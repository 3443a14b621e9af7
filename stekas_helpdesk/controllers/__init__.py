from . import journal_portal
from . import portal
from . import portal_personal_data
