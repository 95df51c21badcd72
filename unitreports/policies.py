"""Who sees units' reports: a report request, the offices over the campaign's organiser and the reviewers of the
units asked (through their reports); a unit's report, whoever sees the unit (its reviewers, the organiser's office
above it). Who acts: the unit's reviewers send, the organiser's office asks and returns."""

from organizations.policies import SubtreePolicy, register

from .models import ReportRequest, UnitReport

REPORT_REQUESTS = register(ReportRequest, SubtreePolicy("campaign__organizer__path"))
UNIT_REPORTS = register(UnitReport, SubtreePolicy("unit__path"))
