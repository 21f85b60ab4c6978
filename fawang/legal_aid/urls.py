from django.urls import URLPattern, URLResolver, path

from fawang.eligibility import views as standards
from fawang.legal_aid import local_policy_views, roster_views, views

app_name = "legal_aid"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="home"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("standards/", standards.standards, name="standards"),
    path("standards/new/", standards.standard_new, name="standard-new"),
    path("standards/areas/new/", standards.area_new, name="area-new"),
    path("standards/<int:pk>/", standards.standard_edit, name="standard-edit"),
    path("local-policy/", local_policy_views.local_policy, name="local-policy"),
    path("roster/", roster_views.roster, name="roster"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/documents/<int:pk>.pdf", views.document, name="document"),
    path("<str:reference>/<str:name>/", views.step, name="step"),
]
