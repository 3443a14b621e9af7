# Run in `odoo shell` after the upgrade (see scripts/check_upgrade.sh): every
# record, stored value, XML id and group membership that scripts/upgrade_fill.py
# saw before the upgrade is still there, under its new name, and a billed entry
# is still locked while the billing run bills nothing twice.
# ruff: noqa: F821  (env is given by odoo shell)
import json
import os
import sys
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError

with open(os.environ["UPGRADE_SNAPSHOT"]) as snapshot_file:
    snapshot = json.load(snapshot_file)
problems = []
Fields = env["ir.model.fields"]
Model = env["ir.model"]


def plain(value):
    if hasattr(value, "_name"):
        return sorted(value.ids)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    return value


# Values a migration moves on purpose (stekas_billing 18.0.2.1.0, one opt-in for
# extracts and statements): the statement recipient is now the first extract
# recipient (not stored), and the extract recipients gain the old statement
# recipient. They are checked below by what they must become.
MOVED_FIELDS = {
    ("res.partner", "stekas_statement_partner_id"),
    ("res.partner", "stekas_extract_recipient_ids"),
}
moved = []

checked = 0
for entry in snapshot["records"]:
    model = Model.browse(entry["model_id"]).exists()
    if not model:
        problems.append(f"model #{entry['model_id']} is gone")
        continue
    record = env[model.model].browse(entry["id"]).exists()
    if not record:
        problems.append(f"{model.model}({entry['id']}) is gone")
        continue
    fields = Fields.browse([int(f) for f in entry["values"]]).exists()
    known = {str(f.id): f for f in fields}
    for field_id, before in entry["values"].items():
        field = known.get(field_id)
        if not field:
            problems.append(f"{model.model}: field #{field_id} is gone")
            continue
        after = plain(record[field.name])
        if (model.model, field.name) in MOVED_FIELDS:
            moved.append((record, field.name, before, after))
            checked += 1
            continue
        if after != before:
            problems.append(
                f"{model.model}({record.id}).{field.name}: {before!r} -> {after!r}"
            )
        checked += 1

# Records users edit or that others point at keep their id and XML id, whatever
# the XML id is called now: a rename that recreated one would lose the edits.
KEPT_MODELS = {
    "res.groups",
    "mail.template",
    "ir.cron",
    "ir.sequence",
    "stekas.work.type",
    "product.product",
    "ir.module.category",
}
targets = {
    (row["model"], row["res_id"])
    for row in env["ir.model.data"].search_read(
        [("module", "in", ["stekas_helpdesk", "stekas_billing"])], ["model", "res_id"]
    )
}
for xmlid, (model, res_id) in snapshot["xmlids"].items():
    if model in KEPT_MODELS and (model, res_id) not in targets:
        problems.append(f"{xmlid} ({model}, {res_id}) was not kept")

for login, group_ids in snapshot["groups"].items():
    user = env["res.users"].search([("login", "=", login)])
    missing = set(group_ids) - set(user.groups_id.ids)
    if missing:
        problems.append(f"{login} lost groups {sorted(missing)}")

for record, name, before, after in moved:
    if name == "stekas_extract_recipient_ids" and not set(before) <= set(after):
        problems.append(f"{record}: extract recipients {before} -> {after}")
    if name == "stekas_statement_partner_id" and before:
        if before[0] not in record.stekas_extract_recipient_ids.ids:
            problems.append(f"{record}: statement recipient {before} lost")
        if not record.stekas_extract_optin:
            problems.append(f"{record}: the statement opt-in was not kept")

checks = snapshot["checks"]
Line = env["account.analytic.line"]
billed = Line.browse(checks["billed_posted_entry"])
consultant = env["res.users"].browse(checks["consultant"])
try:
    with env.cr.savepoint():
        billed.with_user(consultant).write({"unit_amount": 5.0})
    problems.append("an entry billed on a posted invoice could be changed")
except (AccessError, UserError, ValidationError):
    pass
run = env["stekas.billing.run"].create(
    {
        "date_from": date(2026, 1, 1),
        "date_to": date(2026, 1, 31),
        "partner_ids": [(6, 0, [checks["client_a"], checks["client_b"]])],
    }
)
action = run.action_run()
again = env["account.move"].search(action.get("domain") or [("id", "=", 0)])
if again:
    problems.append(f"a second billing run of January billed again: {again.ids}")
env.cr.rollback()

if problems:
    print("UPGRADE CHECK FAILED:")
    for problem in problems:
        print(" -", problem)
    sys.exit(1)
print(f"UPGRADE CHECK OK: {len(snapshot['records'])} records, {checked} values")
