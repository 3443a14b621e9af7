# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import helpdesk_ticket
from . import rating_rating
from . import helpdesk_ticket_stage
