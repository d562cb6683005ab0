"""The "what did we learn and what changed" pages: per review, per theme, and an index of themes.
Every role that reads the learning reads them, narrowed by reviews.learning.changes."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reviews.editing.handling import actor
from reviews.learning import changes


@login_required
@require_GET
def review_changes(request: HttpRequest, pk: int) -> HttpResponse:
    found = changes.review_changes(user=actor(request), pk=pk)
    return render(request, "reviews/learning/changes/review.html", {"found": found, "changes": found.changes})


@login_required
@require_GET
def theme_changes(request: HttpRequest, slug: str) -> HttpResponse:
    found = changes.theme_changes(user=actor(request), slug=slug)
    return render(request, "reviews/learning/changes/theme.html", {"found": found, "changes": found.changes})


@login_required
@require_GET
def theme_index(request: HttpRequest) -> HttpResponse:
    themes = changes.theme_index(user=actor(request))
    return render(request, "reviews/learning/changes/themes.html", {"themes": themes})
