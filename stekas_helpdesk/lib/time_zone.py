"""The time zone of STEKAS and its clients, for users and contacts without one."""

# Journal dates, extract periods and the portal's XLSX are local dates
# (R-HIS-1, R-HIS-2); a user or contact without a time zone is in Lithuania.
DEFAULT_TZ = "Europe/Vilnius"
