# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command

# helpdesk_mgmt's own domain of "My Tickets", which the routing room widens to
# the working groups (R-CON-3); Odoo does not restore a record of another
# module that this one changed.
MY_TICKETS_DOMAIN = "[('user_id', '=', uid)]"

# The timesheet menus the journal room leaves to timesheet approvers and
# managers, with the group their own modules give them.
TIMESHEET_MENUS = (
    "helpdesk_mgmt_timesheet.helpdesk_timesheet_menu",
    "hr_timesheet.timesheet_menu_root",
)


def uninstall_hook(env):
    action = env.ref(
        "helpdesk_mgmt.helpdesk_my_tickets_action", raise_if_not_found=False
    )
    if action:
        action.domain = MY_TICKETS_DOMAIN
    group = env.ref("hr_timesheet.group_hr_timesheet_user", raise_if_not_found=False)
    for xmlid in TIMESHEET_MENUS:
        menu = env.ref(xmlid, raise_if_not_found=False)
        if menu and group:
            menu.groups_id = [Command.set(group.ids)]
