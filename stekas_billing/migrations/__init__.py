# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
