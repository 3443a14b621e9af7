from . import res_company
from . import res_config_settings
from . import account_analytic_line
