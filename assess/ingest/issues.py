"""Collector of input issues, so every file is read before the run stops."""

from __future__ import annotations

from ..model import InputIssue, SourceRef

# Issues about the same column of the same table beyond this many are counted, not
# listed, so a column of 100,000 bad cells does not bury the other problems.
MAX_ISSUES_PER_COLUMN = 25


class IssueLog:
    """Issues in the order found. Errors and warnings share one list."""

    def __init__(self) -> None:
        self.issues: list[InputIssue] = []
        self._per_column: dict[tuple[str, str | None, str | None, bool], int] = {}
        self._first_omitted: dict[tuple[str, str | None, str | None, bool], SourceRef] = {}

    def _add(self, issue: InputIssue) -> None:
        if issue.source.row is None or issue.source.column is None:
            self.issues.append(issue)
            return
        key = (issue.source.file, issue.source.sheet, issue.source.column, issue.is_error)
        count = self._per_column.get(key, 0) + 1
        self._per_column[key] = count
        if count <= MAX_ISSUES_PER_COLUMN:
            self.issues.append(issue)
        elif count == MAX_ISSUES_PER_COLUMN + 1:
            self._first_omitted[key] = issue.source

    def error(
        self,
        source: SourceRef,
        problem: str,
        suggestion: str,
        value: str | None = None,
        related: SourceRef | None = None,
    ) -> None:
        self._add(InputIssue(source, problem, suggestion, value, True, related))

    def warning(
        self,
        source: SourceRef,
        problem: str,
        suggestion: str,
        value: str | None = None,
        related: SourceRef | None = None,
    ) -> None:
        self._add(InputIssue(source, problem, suggestion, value, False, related))

    def close(self) -> None:
        """Add one summary issue per column whose issues were cut at MAX_ISSUES_PER_COLUMN."""
        for key, first in self._first_omitted.items():
            omitted = self._per_column[key] - MAX_ISSUES_PER_COLUMN
            self.issues.append(InputIssue(
                first,
                f"{omitted} more {'errors' if key[3] else 'warnings'} in this column, from this row on, are not listed",
                "Fix the listed cells first, since the others most likely have the same problem",
                None,
                key[3],
            ))
        self._first_omitted.clear()

    @property
    def has_errors(self) -> bool:
        return any(issue.is_error for issue in self.issues)

    def errors_first(self) -> list[InputIssue]:
        return [i for i in self.issues if i.is_error] + [i for i in self.issues if not i.is_error]
