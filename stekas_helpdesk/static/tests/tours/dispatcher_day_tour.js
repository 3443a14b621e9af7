/** @odoo-module */
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// The dispatcher's day: she registers a call whose caller gave neither a job
// position nor an e-mail, is refused when she assigns it, completes the data
// on the ticket and assigns it to a consultant.
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("stekas_dispatcher_day_tour", {
  steps: () => [
    stepUtils.showAppsMenuItem(),
    {
      trigger: '.o_app[data-menu-xmlid="helpdesk_mgmt.helpdesk_ticket_main_menu"]',
      run: "click",
    },
    {
      trigger:
        '.o_menu_sections button[data-menu-xmlid="helpdesk_mgmt.helpdesk_ticket_menu"]',
      run: "click",
    },
    {
      trigger:
        '.dropdown-item[data-menu-xmlid="stekas_helpdesk.stekas_register_call_menu"]',
      run: "click",
    },
    {
      trigger: ".modal .o_field_widget[name=phone] input",
      run: "edit +370 699 13131",
    },
    {
      trigger: ".modal .o_field_widget[name=firstname] input",
      run: "edit Petras",
    },
    {
      trigger: ".modal .o_field_widget[name=lastname] input",
      run: "edit Skambinas",
    },
    {
      trigger: ".modal .o_field_widget[name=company_name] input",
      run: "edit Spausdintuvai UAB",
    },
    {
      trigger: ".modal .o_field_widget[name=name] input",
      run: "edit Cannot print invoices",
    },
    {
      trigger: ".modal .o_field_widget[name=description] textarea",
      run: "edit The printer dialog closes with an error.",
    },
    {
      trigger: ".modal footer button[name=action_register]",
      run: "click",
    },
    // The ticket opens and says what the intake lacks.
    {
      trigger: ".o_form_view .alert-warning:contains(job position):contains(e-mail)",
    },
    {
      trigger: ".o_form_view .o_field_widget[name=user_id] input",
      run: "edit test_consultant",
    },
    {
      trigger: ".o-autocomplete--dropdown-item:contains('test_consultant (')",
      run: "click",
    },
    {
      trigger: ".o_form_button_save:enabled",
      run: "click",
    },
    // Refused by the work guard, with the reason.
    {
      trigger:
        ".modal .modal-body:contains('cannot be assigned: its intake is incomplete')",
    },
    {
      trigger: ".modal .modal-footer .btn-primary",
      run: "click",
    },
    ...stepUtils.discardForm(),
    {
      trigger: ".o_form_view .o_field_widget[name=stekas_intake_function] input",
      run: "edit Accountant",
    },
    {
      trigger: ".o_form_view .o_field_widget[name=partner_email] input",
      run: "edit petras@spausdintuvai.example",
    },
    ...stepUtils.saveForm(),
    {
      trigger: ".o_form_view .o_form_sheet:not(:has(.alert-warning))",
    },
    {
      trigger: ".o_form_view .o_field_widget[name=user_id] input",
      run: "edit test_consultant",
    },
    {
      trigger: ".o-autocomplete--dropdown-item:contains('test_consultant (')",
      run: "click",
    },
    ...stepUtils.saveForm(),
  ],
});
