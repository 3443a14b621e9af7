from . import hr_timesheet_switch
