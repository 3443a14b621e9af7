from . import res_company
from . import res_config_settings
from . import account_analytic_line
from . import res_partner
from . import stekas_journal_extract
from . import helpdesk_ticket
from . import helpdesk_ticket_reassignment
from . import res_users
