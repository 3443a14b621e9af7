from . import fetchmail_server
from . import helpdesk_ticket
from . import mail_thread
from . import stekas_unprocessed_mail
