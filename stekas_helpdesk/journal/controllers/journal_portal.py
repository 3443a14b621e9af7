# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ...lib import journal_xlsx, periods, xlsx_stream
from ...lib.periods import DEFAULT_TZ


class StekasJournalPortal(CustomerPortal):
    """The client's consultation journal in the portal (R-HIS-1, R-HIS-2).

    Portal users have no access to timesheet lines: the journal is read
    through the tickets the user may read (record rules of helpdesk_mgmt),
    narrowed to the tickets of the user's own company.
    """

    _journal_page_size = 80

    def _stekas_journal_tickets(self):
        """The tickets whose journal the user may see, as a subquery.

        A query rather than records: a client with thousands of tickets would
        otherwise have every id fetched and sent back as an IN list.
        """
        Ticket = request.env["helpdesk.ticket"]
        if not Ticket.has_access("read"):
            raise AccessError(request.env._("You cannot see the consultation journal."))
        company = request.env.user.partner_id.commercial_partner_id
        # Built as the user: the record rules are part of the query; the domain
        # keeps only the company's own tickets (not ones it follows).
        return Ticket._search([("commercial_partner_id", "=", company.id)])

    def _stekas_journal_period(self, date_from, date_to):
        today = datetime.date.today()
        start = today.replace(day=1, month=1)
        if date_from:
            start = periods.parse_date(date_from)
        end = periods.parse_date(date_to) if date_to else today
        return periods.check_range(start, end)

    def _stekas_journal_lines_domain(self, tickets, date_from, date_to):
        # tickets: records or a Query of helpdesk.ticket ids
        ticket_ids = tickets.ids if hasattr(tickets, "ids") else tickets
        return [
            ("ticket_id", "in", ticket_ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]

    def _stekas_journal_lines(self, date_from, date_to):
        tickets = self._stekas_journal_tickets()
        # sudo: portal users have no ACL on account.analytic.line; the domain
        # is limited to tickets the user was just allowed to read above.
        return request.env["account.analytic.line"].sudo(), (
            self._stekas_journal_lines_domain(tickets, date_from, date_to)
        )

    @http.route(
        ["/my/journal", "/my/journal/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_stekas_journal(self, page=1, date_from=None, date_to=None, **kw):
        # Only a flag from the URL: a message shown on the page never comes
        # from a link someone else could have crafted.
        return self._stekas_journal_page(
            page, date_from, date_to, extract_sent=kw.get("extract_sent")
        )

    def _stekas_journal_page(
        self, page, date_from, date_to, extract_error=None, extract_sent=None
    ):
        values = self._prepare_portal_layout_values()
        values.update(
            self._prepare_stekas_extract_values(
                extract_error=extract_error, extract_sent=extract_sent
            )
        )
        values["page_name"] = "stekas_journal"
        try:
            start, end = self._stekas_journal_period(date_from, date_to)
        except periods.PeriodError:
            values["error"] = request.env._(
                "Give the period as two dates, the first not after the second."
            )
            start, end = self._stekas_journal_period(None, None)
        try:
            Line, domain = self._stekas_journal_lines(start, end)
        except AccessError:
            return request.redirect("/my")
        summary = self._stekas_journal_month_values(Line, domain)
        url_args = {"date_from": start.isoformat(), "date_to": end.isoformat()}
        pager = portal_pager(
            url="/my/journal",
            url_args=url_args,
            total=summary["total_count"],
            page=page,
            step=self._journal_page_size,
        )
        lines = Line.search(
            domain,
            order="date desc, id desc",
            limit=self._journal_page_size,
            offset=pager["offset"],
        )
        values.update(
            summary,
            lines=lines,
            hours_minutes=journal_xlsx.hours_minutes,
            date_from=start,
            date_to=end,
            pager=pager,
            default_url="/my/journal",
        )
        return request.render("stekas_helpdesk.portal_my_stekas_journal", values)

    def _prepare_stekas_extract_values(
        self, extract_error=None, extract_sent=None, **kw
    ):
        """The sent documents of the user's company and whether it may ask for
        an extract (R-HIS-2)."""
        company = request.env.user.partner_id.commercial_partner_id
        Extract = request.env["stekas.journal.extract"]
        documents = Extract.browse()
        if Extract.has_access("read"):
            # As the user: the record rule keeps the company's own documents.
            documents = Extract.search([("partner_id", "=", company.id)])
        return {
            "extract_optin": company.stekas_extract_optin,
            "extract_documents": documents,
            "extract_error": extract_error,
            "extract_sent": bool(extract_sent),
        }

    @http.route(
        "/my/journal/extract", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_stekas_extract_request(self, date_from=None, date_to=None, **kw):
        """The client asks for the extract of a period it names (R-HIS-2)."""
        company = request.env.user.partner_id.commercial_partner_id
        try:
            start = periods.parse_date(date_from)
            end = periods.parse_date(date_to)
        except periods.PeriodError:
            return self._stekas_extract_redirect(
                request.env._("Give the period as two dates.")
            )
        try:
            request.env["stekas.journal.extract"]._send_requested(
                company, start, end, "client"
            )
        except UserError as error:
            return self._stekas_extract_redirect(error.args[0])
        return request.redirect("/my/journal?extract_sent=1")

    def _stekas_extract_redirect(self, message):
        """The journal page again, with why the extract was not sent."""
        return self._stekas_journal_page(1, None, None, extract_error=message)

    @http.route(
        "/my/journal/extract/<int:document_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_stekas_extract_download(self, document_id, **kw):
        """The file of a document sent to the user's company."""
        document = request.env["stekas.journal.extract"].browse(document_id).exists()
        try:
            # As the user: the record rule allows only its company's documents.
            if not document:
                raise MissingError(request.env._("You cannot download this document."))
            document.check_access("read")
        except (AccessError, MissingError):
            return request.make_response(
                request.env._("You cannot download this document."), status=403
            )
        # sudo: the file belongs to a document the user was just allowed to read.
        attachment = document.sudo().attachment_id
        if not attachment:
            return request.not_found()
        return request.make_response(
            attachment.raw,
            headers=[
                ("Content-Type", attachment.mimetype or xlsx_stream.MIMETYPE),
                ("Content-Disposition", content_disposition(attachment.name)),
            ],
        )

    def _stekas_journal_month_values(self, Line, domain):
        """The journal page's figures per month and in total, read in one
        grouped query."""
        month_groups = Line._read_group(
            domain,
            groupby=["date:month"],
            aggregates=[
                "__count",
                "stekas_actual_minutes:sum",
                "stekas_billed_minutes:sum",
            ],
            order="date:month",
        )
        return {
            "months": [
                {
                    "month": periods.month_key(month),
                    "count": count,
                    "actual": journal_xlsx.hours_minutes(actual or 0),
                    "billed": journal_xlsx.hours_minutes(billed or 0),
                }
                for month, count, actual, billed in month_groups
            ],
            "total_count": sum(group[1] for group in month_groups),
            "total_actual": journal_xlsx.hours_minutes(
                sum(group[2] or 0 for group in month_groups)
            ),
            "total_billed": journal_xlsx.hours_minutes(
                sum(group[3] or 0 for group in month_groups)
            ),
        }

    @http.route("/my/journal/xlsx", type="http", auth="user", website=True)
    def portal_my_stekas_journal_xlsx(self, date_from=None, date_to=None, **kw):
        try:
            start, end = self._stekas_journal_period(date_from, date_to)
        except periods.PeriodError:
            return request.redirect("/my/journal")
        try:
            Line, domain = self._stekas_journal_lines(start, end)
        except AccessError:
            return request.redirect("/my")
        company = request.env.user.partner_id.commercial_partner_id
        _ = request.env._
        title = _(
            "%(client)s: consultation journal %(start)s – %(end)s",
            client=company.name,
            start=start,
            end=end,
        )
        data = Line.search(domain)._stekas_journal_xlsx(
            title=title, tz_name=request.env.user.tz or DEFAULT_TZ
        )
        filename = _(
            "consultation_journal_%(start)s_%(end)s.xlsx", start=start, end=end
        )
        return request.make_response(
            data,
            headers=[
                ("Content-Type", xlsx_stream.MIMETYPE),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
