from . import hr_timesheet_switch
from . import stekas_journal_extract_request
