"""What the monthly summaries count (analytics/summaries.py builds them, pg_rebuild.py is the same in SQL).

CaseMonthStat rows are (month, county, dim, key, n): the case dimensions of CASE_DIMS, and the other counts below.
"""

from __future__ import annotations

# Cases by local month of submission, one dimension at a time ("" = all; "township" = 9 digits of the region code).
CASE_DIMS: dict[str, str] = {
    "all": "",
    "channel": "channel",
    "service_type": "service_type",
    "category": "category",
    "township": "township",
}
# Cases finished (closed, not withdrawn) by local month of closing: the denominator of rating.participation.
FINISHED_DIM = "finished"
# Concluding events of mediations (key = the action) by local month of the event: mediation.success_rate.
MEDIATION_DIM = "mediation_end"
# Finished cases (as FINISHED_DIM) with at least one rating in any state: rating.participation's numerator.
RATED_DIM = "finished_rated"
# Ratings in any state by local month of rating and the county they were filed under, key rating_key().
RATING_DIM = "rating"
# Calls offered while the centre was staffed, by local month and the county of the centre's site, key CALL_KEYS.
CALL_DIM = "call"
CALL_ANSWERED, CALL_UNANSWERED = "answered", "unanswered"
# The actions that complete each clock's step, as the on-time indicators define them (supervision/measures.py).
COMPLETING: dict[str, tuple[str, ...]] = {
    "legal_aid.review": ("grant", "refuse"),
    "legal_aid.assign": ("assign",),
    "mediation.conclude": ("resolve",),
    "notary.issue": ("resolve",),
    "appraisal.complete": ("resolve",),
    "complaint.reply": ("reply",),
}


def rating_key(grade: str, hotline: bool) -> str:
    return f"{grade}:{'hotline' if hotline else 'other'}"
