from . import helpdesk_ticket
from . import stekas_reassignment
from . import res_users
from . import res_partner
