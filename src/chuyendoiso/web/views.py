from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chuyendoiso.reports.selectors import report_default
from chuyendoiso.web.selectors import home_summary


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"summary": home_summary(), "report": report_default()})
