from . import stekas_register_call
from . import stekas_reassignment_decision
