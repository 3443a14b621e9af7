# Pure rules of the STEKAS support guide. Nothing here imports odoo, so the
# rules can be tested with plain pytest on any machine (see tests/ at the top).
