from . import account_analytic_line
from . import res_partner
from . import stekas_journal_extract
