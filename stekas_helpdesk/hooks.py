# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

# helpdesk_mgmt's own domain of "My Tickets", which the routing room widens to
# the working groups (R-CON-3); Odoo does not restore a record of another
# module that this one changed.
MY_TICKETS_DOMAIN = "[('user_id', '=', uid)]"


def uninstall_hook(env):
    action = env.ref(
        "helpdesk_mgmt.helpdesk_my_tickets_action", raise_if_not_found=False
    )
    if action:
        action.domain = MY_TICKETS_DOMAIN
