"""How long personal data kept lawfully may outlive its ticket (R-PII-3, R-PII-5)."""

# Ten years: the longest bookkeeping retention in Lithuania; a longer figure is
# a typing error, not a decision.
MAX_RETENTION_DAYS = 3650
