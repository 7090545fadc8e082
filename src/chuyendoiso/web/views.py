from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chuyendoiso.analytics.audience import audience_of
from chuyendoiso.reports.selectors import report_default
from chuyendoiso.web.presenters import pillar_values_chart
from chuyendoiso.web.selectors import home_summary


def home(request: HttpRequest) -> HttpResponse:
    summary = home_summary(audience_of(request.user))
    context = {
        "summary": summary,
        "report": report_default(),
        "chart": pillar_values_chart(summary),
    }
    return render(request, "web/home.html", context)
