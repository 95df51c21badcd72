"""Rounds of comments on cadres: the campaign's rounds (opening one, for those who review units), a round's
cadres, and one cadre's sheet with the comment form (members) and the collective opinion (committee)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import selectors
from campaigns.models import Activity, ActivityKind, Campaign
from campaigns.policies import CAMPAIGNS
from common.errors import add_to_form
from organizations.policies import user_can
from organizations.scope import has_any_grant, person_of

from .forms import CommentForm, OpinionForm, RoundForm
from .models import Comment, FeedbackRound
from .selectors import collective_opinion, comments_for, rounds_for
from .services import comment_save, opinion_save, round_open, subjects, writer_of


@login_required
def round_list(request, slug):
    campaign = get_object_or_404(
        CAMPAIGNS.visible(request.user, Campaign.objects).select_related("organizer"), slug=slug
    )
    rounds = rounds_for(request.user).filter(campaign=campaign).select_related("unit")
    form = None
    if has_any_grant(request.user):
        units = selectors.units_reviewed(campaign, request.user)
        meetings = Activity.objects.filter(
            campaign=campaign, unit__in=units, kind=ActivityKind.BRANCH_MEETING
        ).select_related("unit")
        form = RoundForm(request.POST if request.method == "POST" else None, units=units, activities=meetings)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                opened = round_open(
                    by=request.user,
                    campaign=campaign,
                    unit=data["unit"],
                    closes_on=data["closes_on"],
                    names_hidden=data["names_hidden"],
                    activity=data["activity"],
                )
            except (ValidationError, PermissionDenied) as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The round is open: the unit's members were told."))
                return redirect("feedback:round_detail", pk=opened.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "feedback/round_list.html",
        {"campaign": campaign, "rounds": rounds, "form": form, "today": timezone.localdate()},
        status=400 if form is not None and form.errors else 200,
    )


def _round_for(request, pk) -> tuple[FeedbackRound, bool]:
    """The round (404 for those who neither review its unit nor belong to it) and whether the reader reviews it."""
    feedback_round = get_object_or_404(FeedbackRound.objects.select_related("campaign", "unit", "activity"), pk=pk)
    reviews = user_can(request.user, "review", feedback_round.unit)
    if not reviews and writer_of(request.user, feedback_round) is None:
        raise Http404
    return feedback_round, reviews


@login_required
def round_detail(request, pk):
    feedback_round, reviews = _round_for(request, pk)
    cadres = subjects(feedback_round).annotate(n_comments=Count("comments", filter=Q(comments__round=feedback_round)))
    person = person_of(request.user)
    mine = set()
    if person is not None:
        mine = set(
            Comment.objects.filter(round=feedback_round, author=person).values_list("registration_id", flat=True)
        )
    return render(
        request,
        "feedback/round_detail.html",
        {
            "round": feedback_round,
            "cadres": cadres,
            "mine": mine,
            "reviews": reviews,
            "open": feedback_round.is_open(timezone.localdate()),
        },
    )


@login_required
def cadre_feedback(request, pk, registration_pk):
    feedback_round, reviews = _round_for(request, pk)
    registration = get_object_or_404(subjects(feedback_round).select_related("unit"), pk=registration_pk)
    person = person_of(request.user)
    is_subject = person is not None and registration.person_id == person.pk
    writer = writer_of(request.user, feedback_round)
    open_now = feedback_round.is_open(timezone.localdate())
    comment_form = opinion_form = None
    opinion = collective_opinion(registration)
    if writer is not None and not is_subject and open_now:
        existing = Comment.objects.filter(round=feedback_round, registration=registration, author=writer).first()
        initial = {"kind": existing.kind, "text": existing.text} if existing else None
        posted = request.POST if request.method == "POST" and "opinion" not in request.POST else None
        comment_form = CommentForm(posted, initial=initial)
        if posted is not None and comment_form.is_valid():
            try:
                comment_save(
                    by=request.user,
                    feedback_round=feedback_round,
                    registration=registration,
                    kind=comment_form.cleaned_data["kind"],
                    text=comment_form.cleaned_data["text"],
                )
            except (ValidationError, PermissionDenied) as error:
                add_to_form(comment_form, error)
            else:
                messages.success(request, _("Your comment was saved."))
                return redirect("feedback:cadre_feedback", pk=feedback_round.pk, registration_pk=registration.pk)
    if reviews and not is_subject:
        answers_opinion = "opinion" in request.POST or comment_form is None
        posted = request.POST if request.method == "POST" and answers_opinion else None
        opinion_form = OpinionForm(posted, initial={"opinion": opinion.text} if opinion else None)
        if posted is not None and opinion_form.is_valid():
            try:
                opinion_save(
                    by=request.user,
                    feedback_round=feedback_round,
                    registration=registration,
                    text=opinion_form.cleaned_data["opinion"],
                )
            except (ValidationError, PermissionDenied) as error:
                add_to_form(opinion_form, error)
            else:
                messages.success(request, _("The collective's opinion was saved."))
                return redirect("feedback:cadre_feedback", pk=feedback_round.pk, registration_pk=registration.pk)
    if request.method == "POST" and comment_form is None and opinion_form is None:
        raise PermissionDenied
    refused = any(form is not None and form.errors for form in (comment_form, opinion_form))
    return render(
        request,
        "feedback/cadre_feedback.html",
        {
            "round": feedback_round,
            "registration": registration,
            "choices": registration.choices.select_related("criterion"),
            "evaluation": getattr(registration, "evaluation", None),
            "comments": comments_for(request.user, registration),
            "comment_form": comment_form,
            "opinion_form": opinion_form,
            "opinion": opinion,
            "open": open_now,
            "is_subject": is_subject,
        },
        status=400 if refused else 200,
    )
