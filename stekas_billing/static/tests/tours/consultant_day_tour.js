/** @odoo-module */
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// The consultant's day on a ticket assigned to him: start the ticket's timer,
// stop it, see the time rounded up to the company's step in the time tab.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("stekas_consultant_day_tour", {
  steps: () => [
    {
      trigger: ".o_form_view button[name=button_start_work]",
      run: "click",
    },
    {
      trigger: ".modal .o_field_widget[name=name] input",
      run: "edit Helped by phone",
    },
    {
      trigger: ".modal footer button[name=action_switch]:visible",
      run: "click",
    },
    {
      trigger: ".o_form_view button[name=button_end_work]",
      run: "click",
    },
    {
      trigger: ".o_form_view button[name=button_start_work]",
    },
    {
      trigger: ".o_notebook a[name=timesheets]",
      run: "click",
    },
    {
      trigger:
        ".o_field_widget[name=timesheet_ids] td[name=stekas_billed_hours]:contains(00:12)",
    },
  ],
});
