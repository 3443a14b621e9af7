from . import res_company
from . import res_config_settings
from . import account_analytic_line
from . import res_partner_personal_data
from . import stekas_pii_audit
from . import stekas_pii_transfer_request
from . import ir_attachment
from . import helpdesk_ticket_personal_data
