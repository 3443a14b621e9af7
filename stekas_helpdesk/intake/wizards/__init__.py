from . import stekas_register_call
