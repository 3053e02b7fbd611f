"""A report format: ``scores.csv``, one row per episode and score, for a spreadsheet.

Every ``golive run`` and ``golive report`` writes it once this module is imported (for
example from a plugin's entry point).
"""

from __future__ import annotations

import csv
import io

from golive.reports import REPORT, Report, ReportInput


def scores_csv(run: ReportInput) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["episode_id", "scenario_id", "persona_id", "score", "value"])
    for result in run.results:
        for name, value in sorted(result.scores.items()):
            writer.writerow([result.episode_id, result.scenario_id, result.persona_id, name, value])
    return out.getvalue()


REPORT.add("scores_csv", Report("scores.csv", scores_csv))
