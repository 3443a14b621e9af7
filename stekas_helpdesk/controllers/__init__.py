from . import portal_personal_data
