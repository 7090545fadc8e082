from django.urls import path

from chuyendoiso.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_page, name="page"),
    path("tai-ve/<str:fmt>/", views.report_download, name="download"),
    path("cap-so/", views.report_issue_page, name="issue"),
    path("mau-van-ban/", views.letterhead_page, name="letterhead"),
    path("kiem-tra/", views.factcheck_page, name="factcheck"),
]
