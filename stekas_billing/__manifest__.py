# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "STEKAS Support Billing",
    "summary": "Support contracts with free-hour quotas, paid work types and "
    "prepayment invoices for overage and no-contract time",
    "version": "18.0.1.0.0",
    "category": "Accounting",
    "website": "https://github.com/stekas/stekas-helpdesk",
    "author": "STEKAS",
    "license": "AGPL-3",
    "depends": [
        "stekas_helpdesk",
        "sale_timesheet",
        "account",
    ],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/stekas_billing_security.xml",
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
