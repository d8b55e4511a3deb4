"""One exception family, caught once by the command layer and mapped to an exit code."""

from __future__ import annotations

from .model import InputIssue


class AssessError(Exception):
    """Base of every error the tool reports to the user without a traceback."""

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(AssessError):
    """The inputs cannot be assessed; carries every problem found, not only the first."""

    def __init__(self, issues: list[InputIssue] | tuple[InputIssue, ...]):
        self.issues = tuple(issues)
        super().__init__("\n".join(issue.line() for issue in self.issues))

    def lines(self) -> list[str]:
        return [issue.line() for issue in self.issues]


class UsageError(AssessError):
    """An option or argument is invalid; the message names it and what to use instead."""


class OutputError(AssessError):
    """Reports could not be written; the previous reports, if any, are left untouched."""
