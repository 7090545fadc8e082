from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chuyendoiso.analytics.audience import audience_of
from chuyendoiso.reports.selectors import report_default
from chuyendoiso.web.selectors import home_summary


def home(request: HttpRequest) -> HttpResponse:
    summary = home_summary(audience_of(request.user))
    return render(request, "web/home.html", {"summary": summary, "report": report_default()})
