# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import html
from markupsafe import Markup

from odoo import api, models, tools
from odoo.tools import safe_eval


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.model
    @tools.ormcache("source", cache="templates")
    def _stekas_get_compiled_body(self, source):
        """The QWeb code of a template body, compiled once per body text.

        Odoo compiles a mail template's body from its text at every rendering
        (twice: once to check it, once to render), which made the R-INT-4
        automatic reply the most expensive part of e-mail intake (issue 8).
        The key is the text itself, so an edited template is compiled afresh.
        """
        return self.env["ir.qweb"]._compile(
            html.fragment_fromstring(source, create_parent="div")
        )

    def _stekas_render_body(self, res_ids):
        """``body_html`` rendered on `res_ids` in each record's language, as
        ``_render_field("body_html", res_ids, compute_lang=True,
        post_process=True)`` does, with the compiled code kept between calls.

        Users who may not render arbitrary template code (neither admin nor
        template editor) get Odoo's own checked rendering.
        """
        self.ensure_one()
        env = self.env
        if not (
            env.su
            or env.is_admin()
            or env.user.has_group("mail.group_mail_template_editor")
        ):
            return self._render_field(
                "body_html", res_ids, compute_lang=True, post_process=True
            )
        results = {}
        for template, lang_res_ids in self._classify_per_lang(res_ids).values():
            source = template.body_html
            if not source:
                results.update(dict.fromkeys(lang_res_ids, ""))
                continue
            functions, def_name = self._stekas_get_compiled_body(str(source))
            render = functions[def_name]
            variables = template._render_eval_context()
            qweb = template.env["ir.qweb"]
            rendered = {}
            for record in template.env[template.render_model].browse(lang_res_ids):
                values = dict(variables, object=record)
                qweb_env = qweb._prepare_environment(values)
                safe_eval.check_values(values)
                # the <div> wrapped around the fragment to compile it
                rendered[record.id] = Markup("".join(render(qweb_env, values))[5:-6])
            results.update(
                template._render_template_postprocess(template.render_model, rendered)
            )
        return results
