# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time

from odoo.tests import tagged, warmup

from .common import StekasHelpdeskCommon, load_lithuanian, process_text_mail


@tagged("post_install", "-at_install")
class TestIntakeMailGateway(StekasHelpdeskCommon):
    """R-INT-1, R-INT-4: e-mail intake through the mail gateway."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_lithuanian(cls.env)
        Partner = cls.env["res.partner"]
        cls.contact_c = Partner.create(
            {
                "firstname": "Rūta",
                "lastname": "Trūkstamaitė",
                "email": "ruta@client-a.example",
                "parent_id": cls.client_a.id,
            }
        )
        cls.colleague_a = Partner.create(
            cls._contact_vals(cls.client_a, "Kolega", "Kolegaitis", "colleague")
        )
        cls.sender_a = Partner.create(
            cls._contact_vals(cls.client_a, "Siuntėja", "Siuntėjaitė", "sender")
        )
        cls.contact_b2 = Partner.create(
            cls._contact_vals(cls.client_b, "Kitas", "Kitaitis", "b2")
        )

    def _process(self, sender, subject, body, msgid, cc=None, in_reply_to=None):
        return process_text_mail(
            self.env, sender, subject, body, msgid, cc=cc, in_reply_to=in_reply_to
        )

    def _auto_replies(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: m.message_type == "auto_comment" and "trūksta" in (m.body or "")
        )

    def test_complete_email_creates_a_workable_ticket(self):
        ticket = self._process(
            "Siuntėja <sender@client-sender.example>",
            "Neatsidaro ataskaita",
            "Paspaudus mygtuką rodoma klaida.",
            "<complete-1@client-a.example>",
        )
        self.assertEqual(ticket.partner_id, self.sender_a)
        self.assertEqual(
            ticket.channel_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email"),
        )
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertFalse(self._auto_replies(ticket))
        # the company's auto-assign would give it to the gateway's superuser:
        # it waits for the dispatcher instead
        self.assertFalse(ticket.user_id)

    def test_gateway_describes_the_ticket_fields_briefly(self):
        """Odoo's message_new reads the ticket's field descriptions only for
        the name field's presence: within the gateway's ticket creation they
        are its types alone; elsewhere (forms, exports) the whole of them."""
        Ticket = self.env["helpdesk.ticket"]
        brief = Ticket.with_context(stekas_brief_fields_get=True).fields_get()
        self.assertEqual(brief["name"], {"type": "char"})
        self.assertEqual(set(brief), set(Ticket.fields_get()))
        self.assertIn("string", Ticket.fields_get()["name"])
        # attack: a portal user asking so over RPC learns of no field more
        as_portal = Ticket.with_user(self.portal_a)
        self.assertLessEqual(
            set(as_portal.with_context(stekas_brief_fields_get=True).fields_get()),
            set(as_portal.fields_get()),
        )
        ticket = self._process(
            self.contact_a.email, "Neveikia eksportas", "Klaida.", "<brief@x>"
        )
        self.assertEqual(ticket.name, "Neveikia eksportas")

    def test_incomplete_email_gets_a_lithuanian_reply_with_a_token_link(self):
        ticket = self._process(
            "Rūta <ruta@client-a.example>",
            "Klausimas dėl PVM",
            "Kaip įvesti naują tarifą?",
            "<incomplete-1@client-a.example>",
        )
        self.assertEqual(ticket.partner_id, self.contact_c)
        self.assertEqual(ticket.stekas_intake_missing_codes, "function,phone")
        reply = self._auto_replies(ticket)
        self.assertEqual(len(reply), 1)
        self.assertIn("kontaktinio asmens pareigos", reply.body)
        self.assertIn("kontaktinio asmens telefonas", reply.body)
        self.assertNotIn("vardas", reply.body)
        self.assertIn(f"/my/ticket/{ticket.id}/intake?access_token=", reply.body)
        self.assertIn(ticket.stekas_intake_token, reply.body)
        self.assertNotIn(ticket.access_token or "-", reply.body)
        self.assertEqual(reply.partner_ids, self.contact_c)
        self.assertFalse(ticket.stekas_intake_reply_pending)
        # RFC 3834: the mail says it is an automatic reply
        mails = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", reply.id)])
        )
        self.assertTrue(mails)
        for mail in mails:
            self.assertIn("'Auto-Submitted': 'auto-replied'", mail.headers or "")
            # it answers the client's mail, in the client's conversation
            self.assertIn(
                "'In-Reply-To': '<incomplete-1@client-a.example>'", mail.headers
            )
            self.assertIn("<incomplete-1@client-a.example>", mail.references.split())

    def test_a_charset_no_codec_knows_does_not_lose_the_mail(self):
        raw = (
            "From: Rūta <ruta@client-a.example>\r\nTo: pagalba@stekas.example\r\n"
            "Subject: Nezinoma koduote\r\nMessage-ID: <charset-1@client-a.example>\r\n"
            'MIME-Version: 1.0\r\nContent-Type: text/plain; charset="x-garbage"\r\n'
            "Content-Transfer-Encoding: 8bit\r\n\r\n"
        ).encode() + "Nepavyksta įvesti sąskaitos.".encode("windows-1257")
        ticket = self.env["helpdesk.ticket"].browse(
            self.env["mail.thread"].message_process("helpdesk.ticket", raw)
        )
        self.assertTrue(ticket)
        self.assertIn("Nepavyksta įvesti sąskaitos.", ticket.description)

    def test_reply_with_the_missing_data_completes_the_ticket(self):
        ticket = self._process(
            "Rūta <ruta@client-a.example>",
            "Klausimas dėl PVM",
            "Kaip įvesti naują tarifą?",
            "<incomplete-2@client-a.example>",
        )
        self._process(
            "Rūta <ruta@client-a.example>",
            "Re: Klausimas dėl PVM",
            "Pareigos: Buhalterė\nTelefonas: +370 600 55555\n> Vardas: Kita",
            "<reply-2@client-a.example>",
            in_reply_to="<incomplete-2@client-a.example>",
        )
        self.assertTrue(ticket.stekas_intake_complete)
        self.assertEqual(ticket.stekas_intake_function, "Buhalterė")
        self.assertEqual(ticket.stekas_intake_firstname, "Rūta")
        self.assertEqual(self.contact_c.phone, "+370 600 55555")
        self.assertEqual(len(self._auto_replies(ticket)), 1)

    def test_partial_reply_gets_another_reply(self):
        ticket = self._process(
            "Rūta <ruta@client-a.example>",
            "Klausimas",
            "Tekstas",
            "<incomplete-3@client-a.example>",
        )
        self._process(
            "Rūta <ruta@client-a.example>",
            "Re: Klausimas",
            "Pareigos: Buhalterė",
            "<reply-3@client-a.example>",
            in_reply_to="<incomplete-3@client-a.example>",
        )
        self.assertEqual(ticket.stekas_intake_missing_codes, "phone")
        replies = self._auto_replies(ticket)
        self.assertEqual(len(replies), 2)
        self.assertNotIn("pareigos", replies[0].body)

    def test_reply_without_new_data_gets_no_further_reply(self):
        ticket = self._process(
            "Rūta <ruta@client-a.example>",
            "Klausimas",
            "Tekstas",
            "<incomplete-7@client-a.example>",
        )
        self._process(
            "Rūta <ruta@client-a.example>",
            "Automatic reply: Klausimas",
            "I am out of the office until Monday.",
            "<autoreply-7@client-a.example>",
            in_reply_to="<incomplete-7@client-a.example>",
        )
        self.assertEqual(ticket.stekas_intake_missing_codes, "function,phone")
        self.assertEqual(len(self._auto_replies(ticket)), 1)

    def test_intake_reply_is_the_template_posted_and_queued(self):
        """The reply is posted without the mail composer, which costs a wizard
        record and a second rendering per e-mail: the same subject, recipient
        and body as the template, and an e-mail queued."""
        ticket = self._process(
            "Rūta <ruta@client-a.example>",
            "Klausimas dėl PVM",
            "Kaip įvesti naują tarifą?",
            "<incomplete-8@client-a.example>",
        )
        reply = self._auto_replies(ticket)
        self.assertEqual(len(reply), 1)
        self.assertEqual(
            reply.subject,
            f"Kreipimasis {ticket.number}: trūksta duomenų",
        )
        # to the client alone (no follower's subtype), from the company
        self.assertEqual(
            reply.subtype_id, self.env.ref("stekas_helpdesk.mt_client_mail")
        )
        self.assertEqual(reply.author_id, self.env.company.partner_id)
        self.assertIn(ticket.number, reply.body)
        self.assertNotIn("t-out", reply.body)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", reply.id)])
        self.assertEqual(mail.recipient_ids, self.contact_c)

    def test_edited_intake_template_is_used_at_once(self):
        """The template stays editable: an edit applies to the next reply."""
        template = self.env.ref("stekas_helpdesk.mail_template_intake_incomplete")
        first = self._process(
            "Rūta <ruta@client-a.example>",
            "Klausimas 9",
            "Tekstas",
            "<incomplete-9@client-a.example>",
        )
        self.assertIn("Laba diena", self._auto_replies(first).body)
        # as the dispatcher edits it, in Lithuanian
        template_lt = template.with_context(lang="lt_LT")
        template_lt.body_html = template_lt.body_html.replace("Laba diena", "Sveiki")
        second = self._process(
            "Rūta <ruta@client-a.example>",
            "Klausimas 10",
            "Tekstas",
            "<incomplete-10@client-a.example>",
        )
        body = self._auto_replies(second).body
        self.assertIn("Sveiki", body)
        self.assertNotIn("Laba diena", body)
        self.assertIn("kontaktinio asmens telefonas", body)
        self.assertIn(second.stekas_intake_token, body)

    def test_reply_in_lithuanian_to_contacts_made_in_english(self):
        """Odoo gives English to the contacts an English session makes (the
        gateway's): the reply is Lithuanian all the same; without Lithuanian
        installed it would be the English source."""
        self.contact_c.lang = "en_US"
        ticket = self._process(
            "Rūta <ruta@client-a.example>",
            "Question",
            "How do I enter the new rate?",
            "<incomplete-lang@client-a.example>",
        )
        reply = ticket.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(reply.subject, f"Kreipimasis {ticket.number}: trūksta duomenų")
        self.assertIn("kontaktinio asmens telefonas", reply.body)
        template = self.env.ref("stekas_helpdesk.mail_template_intake_incomplete")
        self.assertIn("Before we can advise you", template.body_html)

    @warmup
    def test_intake_query_count(self):
        """One incomplete e-mail: ticket (in the default team, with its
        project), message, guard (subject and shown text), intake token and
        automatic reply, read in Lithuanian, from the company, sent after the
        guard, with the administrator's contacts (helpdesk_mgmt alone: about 30
        queries, no reply)."""
        msgid = f"<count-{time.time_ns()}@client-a.example>"
        with self.assertQueryCount(__system__=78):
            ticket = self._process(
                "Rūta <ruta@client-a.example>", "Klausimas", "Tekstas", msgid
            )
        self.assertEqual(len(self._auto_replies(ticket)), 1)

    def test_unknown_sender_gets_a_new_ticket_only(self):
        existing = self._create_ticket(self.contact_c)
        existing.message_post(body="Started", message_id="<existing-4@stekas>")
        ticket = self._process(
            "Stranger <stranger@nowhere.example>",
            "Hello",
            "Pareigos: Hacker\nTelefonas: +370 600 00000",
            "<stranger-4@nowhere.example>",
        )
        self.assertNotEqual(ticket, existing)
        self.assertFalse(ticket.partner_id)
        self.assertEqual(ticket.partner_email, "stranger@nowhere.example")
        self.assertIn("company", ticket.stekas_intake_missing_codes)
        # A reply forged into the existing thread changes nothing and gives no
        # access: the sender and his Cc do not become followers.
        followers_before = existing.message_partner_ids
        self._process(
            "Stranger <stranger@nowhere.example>",
            "Re: hello",
            "Pareigos: Hacker\nTelefonas: +370 600 00000",
            "<stranger-5@nowhere.example>",
            cc="b2@client-b2.example",
            in_reply_to="<existing-4@stekas>",
        )
        self.assertFalse(existing.stekas_intake_function)
        self.assertEqual(existing.message_partner_ids, followers_before)
        portal_b_tickets = (
            self.env["helpdesk.ticket"].with_user(self.portal_b).search([])
        )
        self.assertNotIn(existing, portal_b_tickets)

    def test_other_company_cc_is_not_made_follower(self):
        ticket = self._process(
            "Siuntėja <sender@client-sender.example>",
            "Ataskaita",
            "Klaida ataskaitoje.",
            "<cc-6@client-a.example>",
            cc="b2@client-b2.example, colleague@client-colleague.example",
        )
        self.assertIn(self.colleague_a, ticket.message_partner_ids)
        self.assertNotIn(self.contact_b2, ticket.message_partner_ids)
        self.assertNotIn(
            ticket, self.env["helpdesk.ticket"].with_user(self.portal_b).search([])
        )
