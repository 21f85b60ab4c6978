from django.urls import URLPattern, URLResolver, path

from fawang.supervision import accessibility_views, credit_views, readiness_views, views, window_views

app_name = "supervision"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("r/<str:code>/", views.region_dashboard, name="region"),
    path("r/<str:code>/publish/", views.publish, name="publish"),
    path("cases/", views.case_drilldown, name="cases"),
    path("cases/<str:reference>/", views.case_view, name="case"),
    path("cases/<str:reference>/order/", views.order_issue, name="order-issue"),
    path("orders/", views.order_list, name="orders"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("orders/<int:pk>/reply/", views.order_reply, name="order-reply"),
    path("orders/<int:pk>/close/", views.order_close, name="order-close"),
    path("surveys/", views.survey_list, name="surveys"),
    path("sites/", readiness_views.readiness_list, name="sites"),
    path("sites/<int:site_id>/inspect/", readiness_views.inspection_record, name="site-inspect"),
    path("sites/<int:site_id>/windows/", window_views.window_posts, name="site-windows"),
    path("practitioners/", credit_views.practitioner_search, name="practitioners"),
    path(
        "practitioners/<int:practitioner_id>/credit/",
        credit_views.practitioner_credit,
        name="practitioner-credit",
    ),
    path("sanctions/<int:sanction_id>/quash/", credit_views.sanction_quash, name="sanction-quash"),
    path("institutions/", accessibility_views.institution_list, name="institutions"),
    path(
        "institutions/<int:institution_id>/accessibility/",
        accessibility_views.institution_accessibility,
        name="institution-accessibility",
    ),
    path("surveys/<int:pk>/enter/", views.survey_enter, name="survey-enter"),
    path("survey/<int:pk>/", views.survey_online, name="survey-online"),
    path("public/", views.public_list, name="public"),
    path("public/<int:pk>/", views.public_detail, name="public-detail"),
]
