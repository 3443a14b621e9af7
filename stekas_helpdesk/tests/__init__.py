from . import test_security
from . import test_journal_rounding
from . import test_i18n
from . import test_journal
from . import test_journal_portal
from . import test_extract
