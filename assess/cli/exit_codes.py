"""Exit codes of every command, defined once and listed in the README."""

from enum import IntEnum


class ExitCode(IntEnum):
    ASSESSED = 0
    FINDINGS_AT_THRESHOLD = 1
    USAGE_OR_INPUT_ERROR = 2
