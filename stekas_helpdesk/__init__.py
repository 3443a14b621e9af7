# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import common
from . import intake
from . import routing
from . import journal
from . import personal_data
from . import feedback
from .hooks import uninstall_hook
