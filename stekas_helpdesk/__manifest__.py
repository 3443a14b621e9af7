# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "STEKAS Helpdesk",
    "summary": "Support desk following the STEKAS support guide: intake, "
    "consultation journal, consultant choice, personal-data guard",
    "version": "18.0.1.0.0",
    "category": "After-Sales",
    "website": "https://github.com/stekas/stekas-helpdesk",
    "author": "STEKAS",
    "license": "AGPL-3",
    "depends": [
        "helpdesk_mgmt",
        "helpdesk_mgmt_timesheet",
        "partner_firstname",
    ],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/stekas_helpdesk_security.xml",
        "security/ir.model.access.csv",
        "views/res_config_settings_views.xml",
        "security/stekas_pii_security.xml",
        "data/stekas_pii_data.xml",
        "views/stekas_pii_views.xml",
        "views/portal_personal_data_templates.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/helpdesk_ticket_demo.xml",
        "demo/stekas_pii_demo.xml",
    ],
    "installable": True,
    "application": True,
}
