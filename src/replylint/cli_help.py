"""Help text shared by the group and its commands."""

EXIT_CODES_HELP = """\b
Exit codes:
  0  no findings at or above --fail-on
  1  findings at or above --fail-on (default: warning)
  2  usage, rule-pack, config or input error (other files are still checked)"""
