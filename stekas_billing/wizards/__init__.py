from . import stekas_billing_run
