from . import res_partner
from . import stekas_pii_audit
from . import stekas_pii_transfer_request
from . import ir_attachment
from . import helpdesk_ticket
from . import helpdesk_ticket_text
from . import ir_binary
from . import mail_message
