from . import helpdesk_ticket_register_call
from . import helpdesk_ticket_reassignment_decision
