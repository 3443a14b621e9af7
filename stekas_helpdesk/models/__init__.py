from . import res_company
from . import res_config_settings
from . import account_analytic_line
from . import helpdesk_ticket
from . import helpdesk_ticket_reassignment
from . import res_users
