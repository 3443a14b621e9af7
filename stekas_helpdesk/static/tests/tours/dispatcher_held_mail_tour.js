/** @odoo-module */
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// The dispatcher meets a mail the helpdesk could not process: her to-do
// leads to the list of mails not processed; once the cause is mended she
// processes it again and the client's ticket is there.
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("stekas_dispatcher_held_mail_tour", {
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
        '.dropdown-item[data-menu-xmlid="stekas_helpdesk.stekas_unprocessed_mail_menu"]',
      run: "click",
    },
    {
      trigger: ".o_data_row:contains(SUGADINTA spausdintuvas) td.o_data_cell",
      run: "click",
    },
    {
      trigger: ".o_form_view .o_field_widget[name=error]:contains(CheckViolation)",
    },
    {
      trigger: ".o_form_view button[name=action_retry]",
      run: "click",
    },
    {
      trigger:
        ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=processed]",
    },
    {
      trigger: ".o_form_view .o_field_widget[name=ticket_id] a",
    },
  ],
});
