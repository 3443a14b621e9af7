from . import stekas_reassignment_decision
