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
    "external_dependencies": {
        "python": ["xlsxwriter", "openpyxl", "python-stdnum", "phonenumbers"]
    },
    "data": [
        "security/stekas_helpdesk_security.xml",
        "security/ir.model.access.csv",
        "views/res_config_settings_views.xml",
        "security/stekas_journal_extract_security.xml",
        "security/account_analytic_line_security.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/account_analytic_line_views.xml",
        "views/res_partner_views.xml",
        "views/journal_portal_templates.xml",
        "security/helpdesk_ticket_intake_security.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_reassignment_views.xml",
        "views/helpdesk_ticket_register_call_views.xml",
        "views/helpdesk_ticket_portal_templates.xml",
        "views/res_users_views.xml",
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
        "demo/res_users_on_duty_demo.xml",
        "demo/stekas_pii_demo.xml",
    ],
    "installable": True,
    "application": True,
}
