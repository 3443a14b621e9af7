"""Load bench, data: the IMAP server Odoo fetches the bench's mails from (one
mailbox per system, on the bench's own Dovecot), creating tickets. Run inside
`odoo shell` by bench/load/run_load.sh after bench/portal_fill.py; COMMITS.
"""

# ruff: noqa: F821  (env is provided by odoo shell)
import os

vals = {
    "name": "Bench IMAP",
    "server_type": "imap",
    "server": "127.0.0.1",
    "port": int(os.environ["BENCH_IMAP_PORT"]),
    "is_ssl": False,
    "user": os.environ["BENCH_IMAP_USER"],
    "password": "bench",
    "object_id": env.ref("helpdesk_mgmt.model_helpdesk_ticket").id,
    "attach": True,
    "original": False,
}
Server = env["fetchmail.server"]
server = Server.search([("name", "=", vals["name"])]) or Server.create(vals)
server.write(vals)
server.button_confirm_login()  # connects to Dovecot: fails loudly if it is not up
# the bench fetches by RPC, one call at a time; Odoo's own fetch cron stays off
env.ref("mail.ir_cron_mail_gateway_action").active = False
env.cr.commit()
print(f"BENCH fetchmail server {server.id} {server.state} on box {vals['user']}")
