# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "STEKAS Support Billing",
    "summary": "Support contracts with free-hour quotas, paid work types and "
    "prepayment invoices for overage and no-contract time",
    "version": "18.0.2.2.0",
    "category": "Accounting",
    "website": "https://github.com/stekas/stekas-helpdesk",
    "author": "STEKAS",
    "license": "AGPL-3",
    "depends": [
        "stekas_helpdesk",
        "sale_timesheet",
        "account",
        "queue_job",
    ],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/stekas_billing_security.xml",
        "security/ir.model.access.csv",
        "security/stekas_support_contract_security.xml",
        "security/stekas_billing_report_security.xml",
        "data/product_data.xml",
        "data/stekas_work_type_data.xml",
        "data/account_analytic_line_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "data/queue_job_data.xml",
        "views/stekas_work_type_views.xml",
        "views/stekas_program_views.xml",
        "views/stekas_support_contract_views.xml",
        "views/stekas_support_contract_period_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_views.xml",
        "views/account_analytic_line_views.xml",
        "views/stekas_billing_report_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "wizards/stekas_billing_run_views.xml",
        "report/report_invoice.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/stekas_support_contract_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "stekas_billing/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
