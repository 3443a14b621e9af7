/** @odoo-module */
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// The client's day in the portal: she files a request naming the consultant
// she prefers, reads the consultation journal, finds its Excel download and
// asks for another consultant on the request the journal shows.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("stekas_portal_client_day_tour", {
  steps: () => [
    {
      trigger: ".o_portal_index_card form[action='/new/ticket'] button",
      run: "click",
    },
    // The form is filled in from her contact; she writes the request.
    {
      trigger:
        "form[action='/submitted/ticket'] input[name=company_name]:value(Client A UAB)",
    },
    {
      trigger: "form[action='/submitted/ticket'] input[name=subject]",
      run: "edit The month cannot be closed",
    },
    {
      trigger: "form[action='/submitted/ticket'] textarea[name=description]",
      run: "edit Closing March stops with an error about open documents.",
    },
    {
      trigger: "form[action='/submitted/ticket'] select[name=stekas_preferred_user_id]",
      run: "selectByLabel Petras Konsultantas",
    },
    {
      trigger: "form[action='/submitted/ticket'] button[type=submit]",
      run: "click",
    },
    // Her new request, with the consultant she prefers.
    {
      trigger: "#helpdesk_ticket_content:contains(The month cannot be closed)",
    },
    {
      trigger: "div[name=portal_my_task_second_column]:contains(Petras Konsultantas)",
    },
    {
      trigger: ".o_portal_submenu a[href='/my/home']",
      run: "click",
    },
    {
      trigger: ".o_portal_index_card a[href='/my/journal']",
      run: "click",
    },
    {
      trigger:
        ".o_stekas_journal_lines tr:contains(Explained the rights of the new user)",
    },
    {
      trigger: "a.o_stekas_journal_xlsx[href^='/my/journal/xlsx?date_from=']",
    },
    {
      trigger:
        ".o_stekas_journal_lines tr:contains(Explained the rights of the new user) a",
      run: "click",
    },
    // The request the journal names: she asks for another consultant.
    {
      trigger: "#reassignment textarea[name=reason]",
      run: "edit Please someone who knows the payroll module.",
    },
    {
      trigger: "#reassignment select[name=stekas_preferred_user_id]",
      run: "selectByLabel Ruta Kalnaite",
    },
    {
      trigger: "#reassignment button[type=submit]",
      run: "click",
    },
    {
      trigger: "#reassignment .alert-success",
    },
  ],
});
