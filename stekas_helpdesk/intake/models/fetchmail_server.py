# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from ...lib.imap_fetch import SeenAfterCommit

# key in the cursor's postcommit data: the mail just processed failed
FETCH_FAILED = "stekas_fetch_failed"


class FetchmailServer(models.Model):
    _inherit = "fetchmail.server"

    def connect(self, allow_archived=False):
        connection = super().connect(allow_archived=allow_archived)
        if self._get_connection_type() != "imap":
            return connection
        return self._stekas_prepare_imap_connection(connection)

    def _stekas_prepare_imap_connection(self, connection):
        """Hook: the IMAP connection Odoo's fetch loop uses; a mail is marked
        seen only after its transaction committed, never when it failed
        (lib/imap_fetch)."""
        cr = self.env.cr

        def after_commit(mark_seen):
            cr.postcommit.add(mark_seen)

        def failed():
            return cr.postcommit.data.pop(FETCH_FAILED, False)

        return SeenAfterCommit(connection, after_commit, failed)
