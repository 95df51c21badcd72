"""A campaign's meetings for those who review units (with "x/y đã trả lời, z có mặt"), calling one, an invitee's
reply, and the roster taken at the meeting, which starts from the replies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import selectors
from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from common.errors import add_to_form, error_text
from organizations.scope import has_any_grant, person_of

from .forms import MeetingForm, ReplyForm, RosterForm
from .models import Invitation, Meeting, Reply
from .policies import MEETINGS
from .services import MeetingData, invitation_reply, meeting_call, meeting_roster, replies_open, with_counts


def _campaign(request, slug) -> Campaign:
    campaign = get_object_or_404(
        CAMPAIGNS.visible(request.user, Campaign.objects).select_related("organizer"), slug=slug
    )
    if not has_any_grant(request.user):
        raise PermissionDenied
    return campaign


@login_required
def meeting_list(request, slug):
    campaign = _campaign(request, slug)
    meetings = with_counts(MEETINGS.visible(request.user, Meeting.objects).filter(campaign=campaign))
    return render(request, "meetings/meeting_list.html", {"campaign": campaign, "meetings": meetings[:100]})


@login_required
def meeting_new(request, slug):
    campaign = _campaign(request, slug)
    form = MeetingForm(
        request.POST if request.method == "POST" else None, units=selectors.units_reviewed(campaign, request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_call(
                by=request.user,
                campaign=campaign,
                unit=data["unit"],
                cohort=data["cohort"],
                data=MeetingData(
                    kind=data["kind"],
                    title=data["title"],
                    day=data["day"],
                    starts_at=data["starts_at"],
                    place=data["place"],
                    agenda=data["agenda"],
                ),
            )
        except (ValidationError, PermissionDenied) as error:
            add_to_form(form, error)
        else:
            n = meeting.invitations.count()
            messages.success(request, _("Invitations sent to %(n)d people.") % {"n": n})
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )


def _meeting_for(request, pk) -> tuple[Meeting, Invitation | None, bool]:
    """The meeting, the reader's own invitation to it, and whether the reader reviews its unit; else 404."""
    meeting = get_object_or_404(Meeting.objects.select_related("campaign", "unit", "activity"), pk=pk)
    person = person_of(request.user)
    mine = meeting.invitations.filter(person=person).first() if person else None
    reviews = MEETINGS.visible(request.user, Meeting.objects.filter(pk=pk)).exists()
    if mine is None and not reviews:
        raise Http404
    return meeting, mine, reviews


@login_required
def meeting_detail(request, pk):
    meeting, mine, reviews = _meeting_for(request, pk)
    form = None
    if mine is not None:
        initial = {"attending": {Reply.ATTENDING: "1", Reply.ABSENT: "0"}.get(mine.reply), "reason": mine.reason}
        form = ReplyForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                invitation_reply(
                    by=request.user,
                    invitation=mine,
                    attending=form.cleaned_data["attending"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Your reply was sent. Thank you."))
                return redirect("meetings:meeting_detail", pk=meeting.pk)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "meeting": meeting,
        "mine": mine,
        "form": form,
        "open": replies_open(meeting),
        "reviews": reviews,
        "today": timezone.localdate(),
    }
    if reviews:
        counted = with_counts(Meeting.objects.filter(pk=meeting.pk)).get()
        context["counted"] = counted
        context["invitations"] = meeting.invitations.select_related("person")[:500]
    return render(request, "meetings/meeting_detail.html", context, status=400 if form and form.errors else 200)


@login_required
def meeting_roster_view(request, pk):
    meeting = get_object_or_404(
        MEETINGS.visible(request.user, Meeting.objects, "review").select_related("campaign", "unit", "activity"),
        pk=pk,
    )
    invitations = list(meeting.invitations.select_related("person"))
    if meeting.activity_id:
        present = {str(pk) for pk in meeting.activity.attendees.values_list("pk", flat=True)}
        initial = {"present": present, "chair": meeting.activity.chair, "minutes": meeting.activity.minutes}
    else:  # the roster starts from the replies
        initial = {"present": [str(i.person_id) for i in invitations if i.reply == Reply.ATTENDING]}
    form = RosterForm(request.POST if request.method == "POST" else None, invitations=invitations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_roster(
                by=request.user,
                meeting=meeting,
                present_ids=[int(pk) for pk in form.cleaned_data["present"]],
                chair=form.cleaned_data["chair"],
                minutes=form.cleaned_data["minutes"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The roster was saved with the campaign's activities."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_roster.html",
        {"meeting": meeting, "form": form, "rows": list(zip(form["present"], invitations, strict=True))},
        status=400 if form.errors else 200,
    )
