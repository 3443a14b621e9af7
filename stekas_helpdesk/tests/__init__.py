from . import test_security
from . import test_journal_rounding
from . import test_personal_data_guard
from . import test_personal_data_portal
