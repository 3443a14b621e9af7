/** @odoo-module */
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// The accountant's day: she bills last month's support time of a client,
// posts the invoice and, when she changes an entry it bills on the ticket,
// is told that the entry is billed on that invoice; then she gives a
// client's contract its own rate for training.
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("stekas_accountant_day_tour", {
  steps: () => {
    let invoiceName = "";
    return [
      stepUtils.showAppsMenuItem(),
      {
        trigger: '.o_app[data-menu-xmlid="account.menu_finance"]',
        run: "click",
      },
      {
        trigger:
          '.o_menu_sections button[data-menu-xmlid="account.menu_finance_receivables"]',
        run: "click",
      },
      {
        trigger:
          '.dropdown-item[data-menu-xmlid="stekas_billing.stekas_billing_run_menu"]',
        run: "click",
      },
      {
        trigger: ".modal .o_field_widget[name=partner_ids] input",
        run: "edit Client B UAB",
      },
      {
        trigger: ".o-autocomplete--dropdown-item:contains(Client B UAB)",
        run: "click",
      },
      {
        trigger:
          ".modal .o_field_widget[name=partner_ids] .o_tag:contains(Client B UAB)",
      },
      {
        trigger: ".modal footer button[name=action_run]",
        run: "click",
      },
      // The run shows the invoice it made; she opens and posts it.
      {
        trigger: ".o_list_view .o_data_row:contains(Client B UAB) td.o_data_cell",
        run: "click",
      },
      {
        trigger: ".o_form_view button[name=action_post]",
        run: "click",
      },
      {
        trigger:
          ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=posted]",
      },
      {
        trigger: ".o_form_view .oe_title .o_field_widget[name=name]",
        run() {
          invoiceName = this.anchor.textContent.trim();
          if (!invoiceName || invoiceName === "/") {
            throw new Error("The posted invoice has no number");
          }
        },
      },
      // On the ticket, she tries to change the entry the invoice bills.
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
          '.dropdown-item[data-menu-xmlid="helpdesk_mgmt.helpdesk_all_ticket_menu"]',
        run: "click",
      },
      {
        trigger: ".o_searchview_input",
        run: "edit Payroll export fails",
      },
      {
        trigger: ".o_searchview_input",
        run: "press Enter",
      },
      {
        trigger:
          ".o_kanban_record:contains(Payroll export fails), .o_data_row:contains(Payroll export fails) td.o_data_cell",
        run: "click",
      },
      {
        trigger: ".o_notebook a[name=timesheets]",
        run: "click",
      },
      {
        trigger:
          ".o_field_widget[name=timesheet_ids] .o_data_row:contains(Explained the payroll export) td[name=name]",
        run: "click",
      },
      {
        trigger:
          ".o_field_widget[name=timesheet_ids] .o_selected_row [name=name] input",
        run: "edit Explained the export again",
      },
      {
        trigger: ".o_form_button_save:enabled",
        run: "click",
      },
      {
        trigger: ".modal .modal-body:contains('This entry is billed on invoice')",
        run() {
          if (!this.anchor.textContent.includes(invoiceName)) {
            throw new Error(`The refusal does not name ${invoiceName}`);
          }
        },
      },
      {
        trigger: ".modal .modal-footer .btn-primary",
        run: "click",
      },
      ...stepUtils.discardForm(),
      // Client A's contract gets its own rate for training (R-BIL-2 rev. 2).
      stepUtils.showAppsMenuItem(),
      {
        trigger: '.o_app[data-menu-xmlid="helpdesk_mgmt.helpdesk_ticket_main_menu"]',
        run: "click",
      },
      {
        trigger:
          '.o_menu_sections [data-menu-xmlid="stekas_billing.stekas_support_contract_menu"]',
        run: "click",
      },
      {
        trigger: ".o_data_row:contains(AS-TEST-1) td.o_data_cell",
        run: "click",
      },
      {
        trigger: ".o_notebook a[name=work_types]",
        run: "click",
      },
      {
        trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
        run: "click",
      },
      {
        trigger:
          ".o_field_widget[name=line_ids] .o_selected_row [name=work_type_id] input",
        run: "edit Training",
      },
      {
        trigger: ".o-autocomplete--dropdown-item:contains(Training)",
        run: "click",
      },
      {
        trigger:
          ".o_field_widget[name=line_ids] .o_selected_row [name=hourly_rate] input",
        run: "edit 50",
      },
      {
        trigger: ".o_form_button_save:enabled",
        run: "click",
      },
      // saved: the form's save and discard buttons are hidden again
      {
        trigger:
          ".o_form_view:not(:has(.o_form_status_indicator_buttons:not(.invisible)))",
      },
    ];
  },
});
