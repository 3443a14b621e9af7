from . import stekas_work_type
from . import stekas_support_contract
from . import stekas_support_contract_period
from . import account_analytic_line
from . import helpdesk_ticket
from . import res_partner
