from . import test_security
from . import test_quota_allocation
from . import test_quota_query_count
from . import test_support_contract
from . import test_contract_security
from . import test_portal_contract
from . import test_billing_run
from . import test_prepay_gate
